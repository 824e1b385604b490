//! Ledger arithmetic (SPEC §3): which entries each record makes, and the rule that no balance
//! may ever go negative — on the entry's date or on any later date.

use chrono::NaiveDate;
use serde::Serialize;

use super::item::Item;
use super::quantity::format_id;
use super::region::RegionCode;

/// What caused a ledger entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// Central stock bought (pengadaan), at PUSAT.
    Procurement,
    /// A shipment leaves the sender.
    Dispatch,
    /// A shipment arrives at the receiver (received quantity, damaged included).
    Receipt,
    /// Cards that arrived damaged, written off at the receiver.
    Damaged,
    /// Cards used by a day's prints: printed for residents and spoiled (rusak) together.
    Print,
    /// Failed prints (rusak) booked apart: written only before prints became one entry, still read.
    Spoilage,
    /// The difference found by a stock count (stock opname).
    Adjustment,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Procurement => "procurement",
            EntryKind::Dispatch => "dispatch",
            EntryKind::Receipt => "receipt",
            EntryKind::Damaged => "damaged",
            EntryKind::Print => "print",
            EntryKind::Spoilage => "spoilage",
            EntryKind::Adjustment => "adjustment",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            EntryKind::Procurement,
            EntryKind::Dispatch,
            EntryKind::Receipt,
            EntryKind::Damaged,
            EntryKind::Print,
            EntryKind::Spoilage,
            EntryKind::Adjustment,
        ]
        .into_iter()
        .find(|k| k.as_str() == text)
    }

    /// Indonesian label for the stock card.
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Procurement => "Pengadaan",
            EntryKind::Dispatch => "Pengiriman keluar",
            EntryKind::Receipt => "Penerimaan",
            EntryKind::Damaged => "Rusak saat diterima",
            EntryKind::Print => "Pencetakan",
            EntryKind::Spoilage => "Gagal cetak (rusak)",
            EntryKind::Adjustment => "Penyesuaian stock opname",
        }
    }
}

/// A ledger entry about to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub date: NaiveDate,
    pub region: RegionCode,
    pub item: Item,
    /// Signed: positive adds stock, negative takes it away.
    pub quantity: i64,
    pub kind: EntryKind,
    pub reference: String,
}

/// The stock of one holder and item would fall below zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error(
    "stok {item} di {region} pada {date} akan menjadi {} (saldo {} ditambah perubahan {}); catat dulu penerimaan atau pengadaan yang menutupinya, atau periksa jumlahnya",
    format_id(*would_be), format_id(*balance), format_id(*change)
)]
pub struct Shortfall {
    pub region: RegionCode,
    pub item: Item,
    /// The first day whose closing balance would be negative.
    pub date: NaiveDate,
    /// The closing balance of that day before this change.
    pub balance: i64,
    /// The sum of the new entries up to and including that day.
    pub change: i64,
    pub would_be: i64,
}

/// A running balance left the range of `i64`: the books hold impossible numbers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("saldo {region} {item} pada {date} di luar jangkauan angka; periksa catatan dengan jumlah yang tidak wajar")]
pub struct BalanceOverflow {
    pub region: RegionCode,
    pub item: Item,
    pub date: NaiveDate,
}

/// The first day whose closing balance is negative, with that balance: `opening` is the balance
/// before the earliest day of `days` (net change per day, any order). A balance past `i64` is the
/// date of the overflow, never a wrapped number.
pub fn first_negative(opening: i64, days: &[(NaiveDate, i64)]) -> Result<Option<(NaiveDate, i64)>, NaiveDate> {
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    let mut balance = opening;
    for (date, change) in sorted {
        balance = balance.checked_add(change).ok_or(date)?;
        if balance < 0 {
            return Ok(Some((date, balance)));
        }
    }
    Ok(None)
}

/// A holder's closing balances as a write adds days after its last stored one (the tail): each
/// new day's closing is the tail's plus the day's net change, known without reading the days back,
/// so a write appending days (a daily export, in date order) stores its closings as it inserts
/// them and watches for the first negative one as it goes. A day before the tail moves the closings
/// after it: `add` refuses it and the caller settles them in the database instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tail {
    /// The last day with entries (`None`: none yet) and its closing balance.
    day: Option<NaiveDate>,
    closing: i64,
    /// The first day added whose closing is negative, and that closing.
    negative: Option<(NaiveDate, i64)>,
}

impl Tail {
    /// The stored tail: the last day with entries and its closing, `None` for a holder without any.
    pub fn new(last: Option<(NaiveDate, i64)>) -> Self {
        Tail { day: last.map(|l| l.0), closing: last.map_or(0, |l| l.1), negative: None }
    }

    /// Adds `net` to `day` and returns the day's new closing balance, when `day` is the tail's day
    /// or later (days come in order; the tail's own day may grow again). `None`, and nothing
    /// changed, for a day before the tail or a balance past `i64`.
    pub fn add(&mut self, day: NaiveDate, net: i64) -> Option<i64> {
        if self.day.is_some_and(|last| day < last) {
            return None;
        }
        let closing = self.closing.checked_add(net)?;
        match self.negative {
            // The tail's own day again: its closing is the one that counts.
            Some((d, _)) if d == day => self.negative = (closing < 0).then_some((day, closing)),
            None if closing < 0 => self.negative = Some((day, closing)),
            // An earlier day stays the first; a day at zero or above is not negative.
            Some(_) | None => {}
        }
        self.day = Some(day);
        self.closing = closing;
        Some(closing)
    }

    /// The first day added whose closing balance is negative, with that balance
    /// (`first_negative` over the days added, from the stored tail's balance).
    pub fn first_negative(&self) -> Option<(NaiveDate, i64)> {
        self.negative
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Days added in order to a tail give the closings and the first negative day that
    /// `first_negative` finds over the same days, and a day before the tail is refused untouched.
    #[test]
    fn tail_agrees_with_first_negative() {
        use proptest::prelude::*;
        let strategy =
            (proptest::option::of((0u32..5, 0i64..50)), proptest::collection::vec((0u32..3, -40i64..40), 0..30));
        proptest!(|((stored, steps) in strategy)| {
            let base = d("2022-01-01");
            let stored = stored.map(|(day, closing)| (base + chrono::Days::new(day.into()), closing));
            let mut tail = Tail::new(stored);
            let mut day = stored.map_or(base, |s| s.0);
            let mut days: Vec<(NaiveDate, i64)> = Vec::new();
            let mut balance = stored.map_or(0, |s| s.1);
            for (gap, net) in steps {
                day = day + chrono::Days::new(gap.into());
                balance += net;
                prop_assert_eq!(tail.add(day, net), Some(balance));
                days.push((day, net));
            }
            // What `first_negative` sees: one net change per day, from the stored balance.
            let mut per_day: std::collections::BTreeMap<NaiveDate, i64> = std::collections::BTreeMap::new();
            for (day, net) in days {
                *per_day.entry(day).or_default() += net;
            }
            let per_day: Vec<_> = per_day.into_iter().collect();
            let expected = first_negative(stored.map_or(0, |s| s.1), &per_day).unwrap();
            prop_assert_eq!(tail.first_negative(), expected);
            let before = tail;
            if let Some((stored_day, _)) = stored {
                let earlier = stored_day.pred_opt().unwrap();
                prop_assert_eq!(tail.add(earlier, 1), None);
                prop_assert_eq!(tail, before);
            }
        });
    }

    #[test]
    fn tail_refuses_an_overflow() {
        let mut tail = Tail::new(Some((d("2022-01-01"), i64::MAX - 1)));
        assert_eq!(tail.add(d("2022-01-02"), 2), None);
        assert_eq!(tail.add(d("2022-01-02"), 1), Some(i64::MAX));
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn kab() -> RegionCode {
        RegionCode::parse("32.16").unwrap()
    }

    #[test]
    fn finds_the_first_negative_day() {
        let days = [(d("2022-10-12"), -50), (d("2022-10-10"), -60), (d("2022-10-11"), 30)];
        // 70 → 10 → 40 → -10
        assert_eq!(first_negative(70, &days), Ok(Some((d("2022-10-12"), -10))));
        assert_eq!(first_negative(80, &days), Ok(None));
        assert_eq!(first_negative(i64::MAX, &[(d("2022-10-12"), 1)]), Err(d("2022-10-12")));
    }

    #[test]
    fn a_shortfall_says_its_numbers() {
        let s = Shortfall {
            region: kab(),
            item: Item::Blanko,
            date: d("2022-09-13"),
            balance: 19_850,
            change: -25_000,
            would_be: -5_150,
        };
        let text = s.to_string();
        assert!(
            text.contains("19.850") && text.contains("-25.000") && text.contains("-5.150") && text.contains("32.16"),
            "{text}"
        );
    }
}
