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
