//! Ledger arithmetic (SPEC §3): which entries each record makes, and the rule that no balance
//! may ever go negative — on the entry's date or on any later date.

use std::collections::BTreeMap;

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
    /// Cards printed for residents.
    Print,
    /// Failed prints (rusak).
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

/// Checks one holder's timeline: `opening` is the balance before the earliest new entry's date,
/// `existing` the net change per day from that date on (any order), `new` the entries to add.
/// Every closing balance from the first new entry on must stay at or above zero.
pub fn check_timeline(
    region: &RegionCode,
    item: Item,
    opening: i64,
    existing: &[(NaiveDate, i64)],
    new: &[(NaiveDate, i64)],
) -> Result<(), Shortfall> {
    let mut days: BTreeMap<NaiveDate, (i64, i64)> = BTreeMap::new();
    for &(d, q) in existing {
        days.entry(d).or_default().0 += q;
    }
    for &(d, q) in new {
        days.entry(d).or_default().1 += q;
    }
    let (mut old, mut added) = (opening, 0i64);
    for (date, (e, n)) in days {
        old += e;
        added += n;
        if old + added < 0 && added < 0 {
            return Err(Shortfall {
                region: region.clone(),
                item,
                date,
                balance: old,
                change: added,
                would_be: old + added,
            });
        }
    }
    Ok(())
}

/// The first day whose closing balance is negative, with that balance: `opening` is the balance
/// before the earliest day of `days` (net change per day, any order).
pub fn first_negative(opening: i64, days: &[(NaiveDate, i64)]) -> Option<(NaiveDate, i64)> {
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    let mut balance = opening;
    for (date, change) in sorted {
        balance += change;
        if balance < 0 {
            return Some((date, balance));
        }
    }
    None
}

/// The net change of a list of entries per (holder, item), each sorted by date.
pub fn group_by_holder(entries: &[NewEntry]) -> BTreeMap<(RegionCode, Item), Vec<(NaiveDate, i64)>> {
    let mut out: BTreeMap<(RegionCode, Item), Vec<(NaiveDate, i64)>> = BTreeMap::new();
    for e in entries {
        out.entry((e.region.clone(), e.item)).or_default().push((e.date, e.quantity));
    }
    for v in out.values_mut() {
        v.sort_unstable();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn kab() -> RegionCode {
        RegionCode::parse("32.16").unwrap()
    }

    #[test]
    fn refuses_with_numbers() {
        let err = check_timeline(&kab(), Item::Blanko, 100, &[], &[(d("2022-10-03"), -150)]).unwrap_err();
        assert_eq!(err.balance, 100);
        assert_eq!(err.change, -150);
        assert_eq!(err.would_be, -50);
        assert!(err.to_string().contains("-50"), "{err}");
    }

    #[test]
    fn backdated_entry_cannot_break_a_later_day() {
        // 100 on hand; on the 10th 80 were printed. A backdated print of 30 on the 5th leaves 70
        // on the 5th but -10 on the 10th.
        let existing = [(d("2022-10-10"), -80)];
        let err = check_timeline(&kab(), Item::Blanko, 100, &existing, &[(d("2022-10-05"), -30)]).unwrap_err();
        assert_eq!(err.date, d("2022-10-10"));
        assert_eq!(err.would_be, -10);
        assert!(check_timeline(&kab(), Item::Blanko, 100, &existing, &[(d("2022-10-05"), -20)]).is_ok());
    }

    #[test]
    fn same_day_receipt_covers_print() {
        let new = [(d("2022-10-05"), 500), (d("2022-10-05"), -300)];
        assert!(check_timeline(&kab(), Item::Blanko, 0, &[], &new).is_ok());
    }

    #[test]
    fn finds_the_first_negative_day() {
        let days = [(d("2022-10-12"), -50), (d("2022-10-10"), -60), (d("2022-10-11"), 30)];
        // 70 → 10 → 40 → -10
        assert_eq!(first_negative(70, &days), Some((d("2022-10-12"), -10)));
        assert_eq!(first_negative(80, &days), None);
    }

    #[test]
    fn an_increase_never_fails_even_if_history_was_negative() {
        assert!(check_timeline(&kab(), Item::Blanko, -5, &[], &[(d("2022-10-05"), 10)]).is_ok());
    }
}
