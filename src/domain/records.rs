//! The records users send (SPEC §5 kinds), their own consistency rules, and the ledger entries each
//! one makes. The same types serve single POSTs and uploads.

use chrono::NaiveDate;
use serde::Serialize;

use super::csv_import::{route_message, route_problem};
use super::item::Item;
use super::ledger::{EntryKind, NewEntry};
use super::region::{Level, RegionCode};

/// Central purchase of stock (pengadaan), booked at PUSAT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Procurement {
    pub reference: String,
    pub date: NaiveDate,
    pub item: Item,
    pub quantity: i64,
    pub note: Option<String>,
}

/// A commitment of central stock to a region; moves nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Allocation {
    pub reference: String,
    pub date: NaiveDate,
    pub to: RegionCode,
    pub item: Item,
    pub quantity: i64,
    pub note: Option<String>,
}

/// The receiving side of a shipment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Receipt {
    pub received_on: NaiveDate,
    pub received_quantity: i64,
    pub damaged_quantity: i64,
}

/// A movement of stock between two holders; `receipt` is `None` while in transit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shipment {
    pub reference: String,
    pub shipped_on: NaiveDate,
    pub from: RegionCode,
    pub to: RegionCode,
    pub item: Item,
    pub quantity: i64,
    pub receipt: Option<Receipt>,
    pub note: Option<String>,
}

/// One office's prints of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DailyPrint {
    pub date: NaiveDate,
    pub region: RegionCode,
    pub item: Item,
    pub printed: i64,
    pub spoiled: i64,
}

/// The PRR backlog of one kecamatan on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BacklogSnapshot {
    pub date: NaiveDate,
    pub region: RegionCode,
    pub prr: i64,
    pub recorded: Option<i64>,
    pub suket: Option<i64>,
}

/// Hours an office could not print on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outage {
    pub date: NaiveDate,
    pub region: RegionCode,
    pub hours: f64,
    pub cause: String,
}

/// A physical count (stock opname).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StockCount {
    pub date: NaiveDate,
    pub region: RegionCode,
    pub item: Item,
    pub counted: i64,
    pub note: Option<String>,
}

/// A record that contradicts itself or the region hierarchy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("jumlah diterima ({received}) melebihi jumlah dikirim ({shipped})")]
    ReceivedExceedsShipped { received: i64, shipped: i64 },
    #[error("jumlah rusak ({damaged}) melebihi jumlah diterima ({received})")]
    DamagedExceedsReceived { damaged: i64, received: i64 },
    #[error("tanggal terima {received_on} sebelum tanggal kirim {shipped_on}")]
    ReceivedBeforeShipped { shipped_on: NaiveDate, received_on: NaiveDate },
    /// A route that makes no sense (same office, kecamatan outside its kabupaten/kota).
    #[error("{0}")]
    WrongRoute(String),
    #[error("{field} {region} adalah {actual}, seharusnya {expected}")]
    WrongLevel { field: &'static str, region: RegionCode, actual: &'static str, expected: &'static str },
    #[error("jam gangguan {0} di luar 0–24")]
    HoursOutOfRange(String),
    #[error("{0} tidak boleh negatif")]
    Negative(&'static str),
    #[error("{0} wajib diisi")]
    Missing(&'static str),
}

fn non_negative(field: &'static str, v: i64) -> Result<(), RecordError> {
    if v < 0 { Err(RecordError::Negative(field)) } else { Ok(()) }
}

fn level_in(field: &'static str, r: &RegionCode, allowed: &[Level], expected: &'static str) -> Result<(), RecordError> {
    if allowed.contains(&r.level()) {
        Ok(())
    } else {
        Err(RecordError::WrongLevel { field, region: r.clone(), actual: r.level().label(), expected })
    }
}

fn reference(field: &'static str, s: &str) -> Result<(), RecordError> {
    if s.trim().is_empty() { Err(RecordError::Missing(field)) } else { Ok(()) }
}

impl Receipt {
    /// Receipt rules against the dispatch it confirms.
    pub fn validate(&self, shipment_quantity: i64, shipped_on: NaiveDate) -> Result<(), RecordError> {
        non_negative("jumlah_diterima", self.received_quantity)?;
        non_negative("jumlah_rusak", self.damaged_quantity)?;
        if self.received_quantity > shipment_quantity {
            return Err(RecordError::ReceivedExceedsShipped {
                received: self.received_quantity,
                shipped: shipment_quantity,
            });
        }
        if self.damaged_quantity > self.received_quantity {
            return Err(RecordError::DamagedExceedsReceived {
                damaged: self.damaged_quantity,
                received: self.received_quantity,
            });
        }
        if self.received_on < shipped_on {
            return Err(RecordError::ReceivedBeforeShipped { shipped_on, received_on: self.received_on });
        }
        Ok(())
    }

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
        if self.received_quantity > 0 {
            out.push(mk(self.received_quantity, EntryKind::Receipt));
        }
        if self.damaged_quantity > 0 {
            out.push(mk(-self.damaged_quantity, EntryKind::Damaged));
        }
        out
    }
}

impl Procurement {
    pub fn validate(&self) -> Result<(), RecordError> {
        reference("no_referensi", &self.reference)?;
        non_negative("jumlah", self.quantity)
    }

    pub fn entries(&self) -> Vec<NewEntry> {
        vec![NewEntry {
            date: self.date,
            region: RegionCode::pusat(),
            item: self.item,
            quantity: self.quantity,
            kind: EntryKind::Procurement,
            reference: self.reference.clone(),
        }]
    }
}

impl Allocation {
    pub fn validate(&self) -> Result<(), RecordError> {
        reference("no_referensi", &self.reference)?;
        non_negative("jumlah", self.quantity)?;
        level_in("tujuan", &self.to, &[Level::Provinsi, Level::Kabkota], "provinsi atau kabupaten/kota")
    }
}

impl Shipment {
    /// Rules of the shipment itself, receipt included when present.
    pub fn validate(&self) -> Result<(), RecordError> {
        reference("no_referensi", &self.reference)?;
        non_negative("jumlah", self.quantity)?;
        let any = &[Level::Pusat, Level::Provinsi, Level::Kabkota, Level::Kecamatan];
        level_in("asal", &self.from, any, "kantor mana pun")?;
        level_in(
            "tujuan",
            &self.to,
            &[Level::Provinsi, Level::Kabkota, Level::Kecamatan],
            "provinsi, kabupaten/kota atau kecamatan",
        )?;
        if let Some(problem) = route_problem(&self.from, &self.to) {
            return Err(RecordError::WrongRoute(route_message(&self.from, &self.to, problem)));
        }
        if let Some(r) = &self.receipt {
            r.validate(self.quantity, self.shipped_on)?;
        }
        Ok(())
    }

    /// The sender's dispatch entry.
    pub fn dispatch_entries(&self) -> Vec<NewEntry> {
        vec![NewEntry {
            date: self.shipped_on,
            region: self.from.clone(),
            item: self.item,
            quantity: -self.quantity,
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
    pub fn validate(&self) -> Result<(), RecordError> {
        non_negative("dicetak", self.printed)?;
        non_negative("rusak", self.spoiled)?;
        level_in("wilayah", &self.region, &[Level::Kabkota, Level::Kecamatan], "kabupaten/kota atau kecamatan")
    }

    pub fn entries(&self) -> Vec<NewEntry> {
        let reference = format!("cetak {} {}", self.region, self.date);
        let mk = |quantity, kind| NewEntry {
            date: self.date,
            region: self.region.clone(),
            item: self.item,
            quantity,
            kind,
            reference: reference.clone(),
        };
        let mut out = Vec::with_capacity(2);
        if self.printed > 0 {
            out.push(mk(-self.printed, EntryKind::Print));
        }
        if self.spoiled > 0 {
            out.push(mk(-self.spoiled, EntryKind::Spoilage));
        }
        out
    }
}

impl BacklogSnapshot {
    pub fn validate(&self) -> Result<(), RecordError> {
        non_negative("prr", self.prr)?;
        non_negative("perekaman", self.recorded.unwrap_or(0))?;
        non_negative("suket", self.suket.unwrap_or(0))?;
        level_in("wilayah", &self.region, &[Level::Kecamatan], "kecamatan")
    }
}

impl Outage {
    pub fn validate(&self) -> Result<(), RecordError> {
        if !(0.0..=24.0).contains(&self.hours) || self.hours.is_nan() {
            return Err(RecordError::HoursOutOfRange(self.hours.to_string()));
        }
        reference("sebab", &self.cause)?;
        level_in("wilayah", &self.region, &[Level::Kabkota, Level::Kecamatan], "kabupaten/kota atau kecamatan")
    }
}

impl StockCount {
    pub fn validate(&self) -> Result<(), RecordError> {
        non_negative("jumlah_fisik", self.counted)
    }

    /// The adjustment that brings the book (`book`, the balance at the end of the count's day) to
    /// the counted quantity; `None` when they agree.
    pub fn adjustment(&self, book: i64) -> Option<NewEntry> {
        (self.counted != book).then(|| NewEntry {
            date: self.date,
            region: self.region.clone(),
            item: self.item,
            quantity: self.counted - book,
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
            quantity: 1000,
            receipt: None,
            note: None,
        }
    }

    #[test]
    fn dispatch_and_receipt_entries() {
        let s = shipment();
        assert_eq!(s.dispatch_entries()[0].quantity, -1000);
        let r = Receipt { received_on: d("2022-10-07"), received_quantity: 990, damaged_quantity: 15 };
        let e = r.entries(&s);
        assert_eq!(e.iter().map(|e| e.quantity).collect::<Vec<_>>(), vec![990, -15]);
        assert_eq!(e[1].kind, EntryKind::Damaged);
        assert_eq!(e[0].region.as_str(), "32.16");
    }

    #[test]
    fn receipt_rules() {
        let s = shipment();
        let over = Receipt { received_on: d("2022-10-07"), received_quantity: 1001, damaged_quantity: 0 };
        assert!(matches!(over.validate(s.quantity, s.shipped_on), Err(RecordError::ReceivedExceedsShipped { .. })));
        let early = Receipt { received_on: d("2022-10-01"), received_quantity: 10, damaged_quantity: 0 };
        assert!(early.validate(s.quantity, s.shipped_on).is_err());
        let bad_damage = Receipt { received_on: d("2022-10-07"), received_quantity: 10, damaged_quantity: 11 };
        assert!(bad_damage.validate(s.quantity, s.shipped_on).is_err());
    }

    #[test]
    fn receipt_added_to_dispatch_is_not_a_conflict() {
        let earlier = shipment();
        let mut later = shipment();
        later.receipt = Some(Receipt { received_on: d("2022-10-07"), received_quantity: 1000, damaged_quantity: 0 });
        assert_eq!(later.compare(&earlier), Compared::AddsReceipt);
        assert_eq!(earlier.compare(&later), Compared::Same, "a bare dispatch again after its receipt");
        assert_eq!(later.compare(&later), Compared::Same);
        let mut other = later.clone();
        other.receipt = Some(Receipt { received_on: d("2022-10-08"), received_quantity: 1000, damaged_quantity: 0 });
        assert_eq!(other.compare(&later), Compared::Differs, "a different receipt");
        later.quantity = 999;
        assert_eq!(later.compare(&earlier), Compared::Differs);
    }

    #[test]
    fn stock_count_adjusts_the_difference() {
        let c = StockCount {
            date: d("2022-10-31"),
            region: RegionCode::parse("32.16").unwrap(),
            item: Item::Blanko,
            counted: 95,
            note: None,
        };
        assert_eq!(c.adjustment(100).unwrap().quantity, -5);
        assert!(c.adjustment(95).is_none());
    }

    #[test]
    fn levels() {
        let mut b = BacklogSnapshot {
            date: d("2022-10-31"),
            region: RegionCode::parse("32.16").unwrap(),
            prr: 5,
            recorded: None,
            suket: None,
        };
        assert!(matches!(b.validate(), Err(RecordError::WrongLevel { .. })));
        b.region = RegionCode::parse("32.16.01").unwrap();
        assert!(b.validate().is_ok());
        let mut s = shipment();
        s.to = RegionCode::pusat();
        s.from = RegionCode::parse("32.16").unwrap();
        assert!(s.validate().is_err());
    }
}
