//! The records users send (SPEC §5 kinds) and the ledger entries each one makes. Their checks live
//! in `csv_import`, which single POSTs and uploads share.

use chrono::NaiveDate;
use serde::Serialize;

use super::item::Item;
use super::ledger::{EntryKind, NewEntry};
use super::quantity::Quantity;
use super::region::RegionCode;

/// Central purchase of stock (pengadaan), booked at PUSAT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Procurement {
    pub reference: String,
    pub date: NaiveDate,
    pub item: Item,
    pub quantity: Quantity,
    pub note: Option<String>,
}

/// The receiving side of a shipment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Receipt {
    pub received_on: NaiveDate,
    pub received_quantity: Quantity,
    pub damaged_quantity: Quantity,
}

/// A movement of stock between two holders; `receipt` is `None` while in transit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shipment {
    pub reference: String,
    pub shipped_on: NaiveDate,
    pub from: RegionCode,
    pub to: RegionCode,
    pub item: Item,
    pub quantity: Quantity,
    pub receipt: Option<Receipt>,
    pub note: Option<String>,
}

/// One office's prints of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DailyPrint {
    pub date: NaiveDate,
    pub region: RegionCode,
    pub item: Item,
    pub printed: Quantity,
    pub spoiled: Quantity,
}

/// A physical count (stock opname).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StockCount {
    pub date: NaiveDate,
    pub region: RegionCode,
    pub item: Item,
    pub counted: Quantity,
    pub note: Option<String>,
}

impl Receipt {
    /// Receiver +received, then the damaged cards written off.
    pub fn entries(&self, shipment: &Shipment) -> Vec<NewEntry> {
        let mut out = Vec::with_capacity(2);
        let mk = |quantity, kind| NewEntry {
            date: self.received_on,
            region: shipment.to.clone(),
            item: shipment.item,
            quantity,
            kind,
            reference: shipment.reference.clone(),
        };
        if self.received_quantity > Quantity::ZERO {
            out.push(mk(self.received_quantity.get(), EntryKind::Receipt));
        }
        if self.damaged_quantity > Quantity::ZERO {
            out.push(mk(-self.damaged_quantity.get(), EntryKind::Damaged));
        }
        out
    }
}

impl Procurement {
    pub fn entries(&self) -> Vec<NewEntry> {
        vec![NewEntry {
            date: self.date,
            region: RegionCode::pusat(),
            item: self.item,
            quantity: self.quantity.get(),
            kind: EntryKind::Procurement,
            reference: self.reference.clone(),
        }]
    }
}

impl Shipment {
    /// The sender's dispatch entry.
    pub fn dispatch_entries(&self) -> Vec<NewEntry> {
        vec![NewEntry {
            date: self.shipped_on,
            region: self.from.clone(),
            item: self.item,
            quantity: -self.quantity.get(),
            kind: EntryKind::Dispatch,
            reference: self.reference.clone(),
        }]
    }

    /// How this record relates to the one stored under the same reference and sender. The note
    /// is free text and never makes a conflict; a bare dispatch says nothing against a stored
    /// receipt (a province re-sending its dispatch list), so it is the same record.
    pub fn compare(&self, stored: &Shipment) -> Compared {
        let dispatch = |s: &Shipment| Shipment { receipt: None, note: None, ..s.clone() };
        if dispatch(self) != dispatch(stored) {
            return Compared::Differs;
        }
        match (&self.receipt, &stored.receipt) {
            (None, _) => Compared::Same,
            (Some(sent), Some(kept)) if sent == kept => Compared::Same,
            (Some(_), None) => Compared::AddsReceipt,
            (Some(_), Some(_)) => Compared::Differs,
        }
    }
}

/// A shipment record against the stored one with the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compared {
    /// Nothing new: unchanged.
    Same,
    /// The stored dispatch gets its receipt: an update.
    AddsReceipt,
    /// Anything else: a conflict.
    Differs,
}

impl DailyPrint {
    pub fn entries(&self) -> Vec<NewEntry> {
        print_entries(self.date, &self.region, self.item, self.printed.get(), self.spoiled.get())
    }
}

/// The entry of a day's prints: one, for the cards printed and spoiled together, which both leave
/// the office's stock (none when both are 0). The split between them is kept once, in the print
/// record itself (`daily_prints`).
pub fn print_entries(date: NaiveDate, region: &RegionCode, item: Item, printed: i64, spoiled: i64) -> Vec<NewEntry> {
    let used = printed.saturating_add(spoiled);
    if used <= 0 {
        return Vec::new();
    }
    vec![NewEntry {
        date,
        region: region.clone(),
        item,
        quantity: -used,
        kind: EntryKind::Print,
        reference: format!("cetak {region} {date}"),
    }]
}

impl StockCount {
    /// The adjustment that brings the book (`book`, the balance at the end of the count's day) to
    /// the counted quantity; `None` when they agree.
    pub fn adjustment(&self, book: i64) -> Option<NewEntry> {
        (self.counted.get() != book).then(|| NewEntry {
            date: self.date,
            region: self.region.clone(),
            item: self.item,
            quantity: self.counted.get() - book,
            kind: EntryKind::Adjustment,
            reference: format!(
                "opname {} {}{}",
                self.region,
                self.date,
                self.note.as_deref().map(|n| format!(": {n}")).unwrap_or_default()
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64) -> Quantity {
        Quantity::new(n).unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn shipment() -> Shipment {
        Shipment {
            reference: "SJ-1".into(),
            shipped_on: d("2022-10-03"),
            from: RegionCode::pusat(),
            to: RegionCode::parse("32.16").unwrap(),
            item: Item::Blanko,
            quantity: q(1000),
            receipt: None,
            note: None,
        }
    }

    #[test]
    fn dispatch_and_receipt_entries() {
        let s = shipment();
        assert_eq!(s.dispatch_entries()[0].quantity, -1000);
        let r = Receipt { received_on: d("2022-10-07"), received_quantity: q(990), damaged_quantity: q(15) };
        let e = r.entries(&s);
        assert_eq!(e.iter().map(|e| e.quantity).collect::<Vec<_>>(), vec![990, -15]);
        assert_eq!(e[1].kind, EntryKind::Damaged);
        assert_eq!(e[0].region.as_str(), "32.16");
    }

    #[test]
    fn receipt_added_to_dispatch_is_not_a_conflict() {
        let earlier = shipment();
        let mut later = shipment();
        later.receipt =
            Some(Receipt { received_on: d("2022-10-07"), received_quantity: q(1000), damaged_quantity: q(0) });
        assert_eq!(later.compare(&earlier), Compared::AddsReceipt);
        assert_eq!(earlier.compare(&later), Compared::Same, "a bare dispatch again after its receipt");
        assert_eq!(later.compare(&later), Compared::Same);
        let mut other = later.clone();
        other.receipt =
            Some(Receipt { received_on: d("2022-10-08"), received_quantity: q(1000), damaged_quantity: q(0) });
        assert_eq!(other.compare(&later), Compared::Differs, "a different receipt");
        later.quantity = q(999);
        assert_eq!(later.compare(&earlier), Compared::Differs);
    }

    #[test]
    fn a_days_prints_are_one_entry() {
        let kab = RegionCode::parse("32.16").unwrap();
        let e = print_entries(d("2022-10-03"), &kab, Item::Blanko, 480, 20);
        assert_eq!(e.iter().map(|e| (e.quantity, e.kind)).collect::<Vec<_>>(), vec![(-500, EntryKind::Print)]);
        assert_eq!(print_entries(d("2022-10-03"), &kab, Item::Blanko, 0, 3)[0].quantity, -3);
        assert!(print_entries(d("2022-10-03"), &kab, Item::Blanko, 0, 0).is_empty());
    }

    #[test]
    fn stock_count_adjusts_the_difference() {
        let c = StockCount {
            date: d("2022-10-31"),
            region: RegionCode::parse("32.16").unwrap(),
            item: Item::Blanko,
            counted: q(95),
            note: None,
        };
        assert_eq!(c.adjustment(100).unwrap().quantity, -5);
        assert!(c.adjustment(95).is_none());
    }
}
