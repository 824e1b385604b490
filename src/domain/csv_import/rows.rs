//! Typed rows, one struct per kind, each with its 1-based line in the file.

use chrono::NaiveDate;

use super::field::Field;
use super::numbers::Hours;
use super::record::Record;
use crate::domain::auth::{Grant, Needs};
use crate::domain::complaints::{Category, Channel};
use crate::domain::item::Item;
use crate::domain::quantity::Quantity;
use crate::domain::region::{Level, RegionCode};

/// Receipt details of a shipment row: all present or the row has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub received_on: NaiveDate,
    /// Arrived, damaged cards included; never more than the quantity shipped.
    pub received: Quantity,
    /// Damaged on arrival (0 when the cell is empty); never more than `received`.
    pub damaged: Quantity,
}

/// A dispatch, optionally with its receipt. Key: `reference` + `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentRow {
    pub line: u64,
    pub reference: String,
    pub shipped_on: NaiveDate,
    pub from: RegionCode,
    pub to: RegionCode,
    pub item: Item,
    pub quantity: Quantity,
    pub receipt: Option<Receipt>,
    pub note: Option<String>,
    /// What the one role check granted: `ReceiptOfRecordedDispatch` when the sender's dispatch
    /// must already be stored (`Whole` until checked; never compared or stored).
    pub grant: Grant,
}

/// A central commitment to a provinsi or kabupaten/kota. Key: `reference`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationRow {
    pub line: u64,
    pub reference: String,
    pub date: NaiveDate,
    pub to: RegionCode,
    pub item: Item,
    pub quantity: Quantity,
    pub note: Option<String>,
}

/// Stock entering the centre. Key: `reference`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcurementRow {
    pub line: u64,
    pub reference: String,
    pub date: NaiveDate,
    pub item: Item,
    pub quantity: Quantity,
    pub note: Option<String>,
}

/// A day's printing at an office. Key: `date` + `region` + `item`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintRow {
    pub line: u64,
    pub date: NaiveDate,
    pub region: RegionCode,
    pub item: Item,
    pub printed: Quantity,
    /// 0 when the cell is empty.
    pub spoiled: Quantity,
}

/// The PRR backlog of a kecamatan on a date. Key: `date` + `region`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BacklogRow {
    pub line: u64,
    pub date: NaiveDate,
    pub region: RegionCode,
    pub prr: Quantity,
    /// `None` when the cell is empty: unknown, not zero.
    pub recorded: Option<Quantity>,
    /// `None` when the cell is empty: unknown, not zero.
    pub suket: Option<Quantity>,
}

/// A physical count. Key: `date` + `region` + `item`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockCountRow {
    pub line: u64,
    pub date: NaiveDate,
    pub region: RegionCode,
    pub item: Item,
    pub counted: Quantity,
    pub note: Option<String>,
}

/// Service hours lost on a date. Key: `date` + `region`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutageRow {
    pub line: u64,
    pub date: NaiveDate,
    pub region: RegionCode,
    pub hours: Hours,
    pub cause: String,
}

/// A resident's complaint. Key: `reference` (`no_aduan`) within the kabupaten/kota of `region`
/// (a SP4N-LAPOR! number is unique nationally; two offices' counter numbers may coincide).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintRow {
    pub line: u64,
    pub reference: String,
    pub date: NaiveDate,
    /// A kabupaten/kota or kecamatan.
    pub region: RegionCode,
    pub channel: Option<Channel>,
    pub category: Category,
    pub text: Option<String>,
    pub follow_up: ComplaintDates,
}

/// The dates an office adds to a complaint as it handles it; a later row may fill them in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ComplaintDates {
    pub followed_up_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

impl ComplaintRow {
    /// The kabupaten/kota the complaint is addressed to (its office, or the kecamatan's).
    pub fn office(&self) -> RegionCode {
        match self.region.level() {
            Level::Kecamatan => self.region.parent().unwrap_or_else(|| self.region.clone()),
            _ => self.region.clone(),
        }
    }
}

/// A valid row of any kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// Boxed: the largest row, and rare next to daily rows; keeps every `Row` small to move.
    Shipment(Box<ShipmentRow>),
    Allocation(Box<AllocationRow>),
    Procurement(ProcurementRow),
    Print(PrintRow),
    Backlog(BacklogRow),
    StockCount(StockCountRow),
    Outage(OutageRow),
    Complaint(Box<ComplaintRow>),
}

impl Row {
    /// What this row asks of the role table (`Principal::authorize`).
    pub fn needs(&self) -> Needs<'_> {
        match self {
            Row::Shipment(s) => Needs::Shipment { from: &s.from, to: &s.to, with_receipt: s.receipt.is_some() },
            Row::Allocation(_) => Needs::Allocate,
            Row::Procurement(_) => Needs::Procure,
            Row::Print(r) => Needs::Office { region: &r.region },
            Row::Backlog(r) => Needs::Office { region: &r.region },
            Row::StockCount(r) => Needs::Office { region: &r.region },
            Row::Outage(r) => Needs::Office { region: &r.region },
            Row::Complaint(r) => Needs::Office { region: &r.region },
        }
    }

    /// Keeps what the role check granted (only a shipment can be granted less than the whole).
    pub fn set_grant(&mut self, grant: Grant) {
        if let Row::Shipment(s) = self {
            s.grant = grant;
        }
    }

    /// 1-based physical line where the row starts (header = line 1).
    pub fn line(&self) -> u64 {
        match self {
            Row::Shipment(r) => r.line,
            Row::Allocation(r) => r.line,
            Row::Procurement(r) => r.line,
            Row::Print(r) => r.line,
            Row::Backlog(r) => r.line,
            Row::StockCount(r) => r.line,
            Row::Outage(r) => r.line,
            Row::Complaint(r) => r.line,
        }
    }

    /// The column that names the row's record, used for `duplicate_in_file`, `conflict`
    /// and `out_of_scope` errors: the reference, or the region for per-region daily data.
    pub fn key_field(&self) -> Field {
        match self {
            Row::Shipment(_) => ShipmentRow::KEY_FIELD,
            Row::Allocation(_) => AllocationRow::KEY_FIELD,
            Row::Procurement(_) => ProcurementRow::KEY_FIELD,
            Row::Print(_) => PrintRow::KEY_FIELD,
            Row::Backlog(_) => BacklogRow::KEY_FIELD,
            Row::StockCount(_) => StockCountRow::KEY_FIELD,
            Row::Outage(_) => OutageRow::KEY_FIELD,
            Row::Complaint(_) => ComplaintRow::KEY_FIELD,
        }
    }

    /// The natural key, in words, for messages ("Pengiriman no. referensi 'SJ-1' dari 32.16").
    pub fn key_description(&self) -> String {
        match self {
            Row::Shipment(r) => r.describe(),
            Row::Allocation(r) => r.describe(),
            Row::Procurement(r) => r.describe(),
            Row::Print(r) => r.describe(),
            Row::Backlog(r) => r.describe(),
            Row::StockCount(r) => r.describe(),
            Row::Outage(r) => r.describe(),
            Row::Complaint(r) => r.describe(),
        }
    }

    /// The column an `out_of_scope` error points at: the sender of a shipment, the receiver
    /// of an allocation, the reference of a procurement, otherwise the region.
    pub fn scope_field(&self) -> Field {
        match self {
            // A receipt is judged on the receiving side first (SPEC §9).
            Row::Shipment(s) if s.receipt.is_some() => Field::To,
            Row::Shipment(_) => Field::From,
            Row::Allocation(_) => Field::To,
            Row::Procurement(_) => Field::Reference,
            _ => Field::Region,
        }
    }

    /// Writes the natural key as bytes for duplicate detection; each part is length-prefixed
    /// so no two different keys write the same bytes.
    pub(crate) fn write_key(&self, out: &mut Vec<u8>) {
        out.clear();
        let mut part = |bytes: &[u8]| {
            out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            out.extend_from_slice(bytes);
        };
        let date = |d: &NaiveDate| chrono::Datelike::num_days_from_ce(d).to_le_bytes();
        match self {
            Row::Shipment(r) => {
                part(r.reference.as_bytes());
                part(r.from.as_str().as_bytes());
            }
            Row::Allocation(r) => part(r.reference.as_bytes()),
            Row::Procurement(r) => part(r.reference.as_bytes()),
            Row::Print(r) => {
                part(&date(&r.date));
                part(r.region.as_str().as_bytes());
                part(r.item.as_str().as_bytes());
            }
            Row::StockCount(r) => {
                part(&date(&r.date));
                part(r.region.as_str().as_bytes());
                part(r.item.as_str().as_bytes());
            }
            Row::Backlog(r) => {
                part(&date(&r.date));
                part(r.region.as_str().as_bytes());
            }
            Row::Outage(r) => {
                part(&date(&r.date));
                part(r.region.as_str().as_bytes());
            }
            Row::Complaint(r) => {
                part(r.reference.as_bytes());
                part(r.office().as_str().as_bytes());
            }
        }
    }
}
