//! The JSON bodies of the single-record POSTs and the field values each one yields: the cells of
//! one upload row, named by `Field`, with no CSV text in between.

use serde::{Deserialize, Serialize};

use crate::domain::csv_import::Field as F;
use crate::domain::csv_import::Kind;
use crate::http::fields::{Count, DateText, HoursText, region_code};

/// A request body that is one record of `KIND`: its field values, as cells (empty when absent).
pub(super) trait Body: Serialize {
    const KIND: Kind;
    fn cells(&self) -> Vec<(F, String)>;
}

fn text<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct ProcurementIn {
    pub reference: String,
    #[serde(default)]
    #[schema(required = true)]
    pub date: DateText,
    pub item: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    pub quantity: Count,
    pub note: Option<String>,
}

impl Body for ProcurementIn {
    const KIND: Kind = Kind::Procurements;
    fn cells(&self) -> Vec<(F, String)> {
        vec![
            (F::Reference, self.reference.clone()),
            (F::Date, self.date.to_string()),
            (F::Item, text(self.item.as_ref())),
            (F::Quantity, self.quantity.to_string()),
            (F::Note, text(self.note.as_ref())),
        ]
    }
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct AllocationIn {
    pub reference: String,
    #[serde(default)]
    #[schema(required = true)]
    pub date: DateText,
    #[schema(schema_with = region_code)]
    pub to: String,
    pub item: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    pub quantity: Count,
    pub note: Option<String>,
}

impl Body for AllocationIn {
    const KIND: Kind = Kind::Allocations;
    fn cells(&self) -> Vec<(F, String)> {
        vec![
            (F::Reference, self.reference.clone()),
            (F::Date, self.date.to_string()),
            (F::To, self.to.clone()),
            (F::Item, text(self.item.as_ref())),
            (F::Quantity, self.quantity.to_string()),
            (F::Note, text(self.note.as_ref())),
        ]
    }
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct ShipmentIn {
    pub reference: String,
    #[serde(default)]
    #[schema(required = true)]
    pub shipped_on: DateText,
    #[schema(schema_with = region_code)]
    pub from: String,
    #[schema(schema_with = region_code)]
    pub to: String,
    pub item: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    pub quantity: Count,
    pub received_on: Option<DateText>,
    pub received_quantity: Option<Count>,
    pub damaged_quantity: Option<Count>,
    pub note: Option<String>,
}

impl Body for ShipmentIn {
    const KIND: Kind = Kind::Shipments;
    fn cells(&self) -> Vec<(F, String)> {
        vec![
            (F::Reference, self.reference.clone()),
            (F::ShippedOn, self.shipped_on.to_string()),
            (F::From, self.from.clone()),
            (F::To, self.to.clone()),
            (F::Item, text(self.item.as_ref())),
            (F::Quantity, self.quantity.to_string()),
            (F::ReceivedOn, text(self.received_on.as_ref())),
            (F::ReceivedQuantity, text(self.received_quantity.as_ref())),
            (F::DamagedQuantity, text(self.damaged_quantity.as_ref())),
            (F::Note, text(self.note.as_ref())),
        ]
    }
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct ReceiptIn {
    /// The sender; needed only when two senders used the same reference.
    #[schema(schema_with = region_code)]
    pub from: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    pub received_on: DateText,
    #[serde(default)]
    #[schema(required = true)]
    pub received_quantity: Count,
    pub damaged_quantity: Option<Count>,
}

impl ReceiptIn {
    /// The receipt cells; the rest of the record is the stored dispatch.
    pub(super) fn cells(&self) -> Vec<(F, String)> {
        vec![
            (F::ReceivedOn, self.received_on.to_string()),
            (F::ReceivedQuantity, self.received_quantity.to_string()),
            (F::DamagedQuantity, text(self.damaged_quantity.as_ref())),
        ]
    }
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct PrintIn {
    #[serde(default)]
    #[schema(required = true)]
    pub date: DateText,
    /// The printing office: kabupaten/kota or kecamatan.
    #[schema(schema_with = region_code)]
    pub region: String,
    pub item: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    pub printed: Count,
    pub spoiled: Option<Count>,
}

impl Body for PrintIn {
    const KIND: Kind = Kind::Prints;
    fn cells(&self) -> Vec<(F, String)> {
        vec![
            (F::Date, self.date.to_string()),
            (F::Region, self.region.clone()),
            (F::Item, text(self.item.as_ref())),
            (F::Printed, self.printed.to_string()),
            (F::Spoiled, text(self.spoiled.as_ref())),
        ]
    }
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct BacklogIn {
    #[serde(default)]
    #[schema(required = true)]
    pub date: DateText,
    /// A kecamatan.
    #[schema(schema_with = region_code)]
    pub region: String,
    #[serde(default)]
    #[schema(required = true)]
    pub prr: Count,
    pub recorded: Option<Count>,
    pub suket: Option<Count>,
}

impl Body for BacklogIn {
    const KIND: Kind = Kind::Backlog;
    fn cells(&self) -> Vec<(F, String)> {
        vec![
            (F::Date, self.date.to_string()),
            (F::Region, self.region.clone()),
            (F::Prr, self.prr.to_string()),
            (F::Recorded, text(self.recorded.as_ref())),
            (F::Suket, text(self.suket.as_ref())),
        ]
    }
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct StockCountIn {
    #[serde(default)]
    #[schema(required = true)]
    pub date: DateText,
    #[schema(schema_with = region_code)]
    pub region: String,
    pub item: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    pub counted: Count,
    pub note: Option<String>,
}

impl Body for StockCountIn {
    const KIND: Kind = Kind::StockCounts;
    fn cells(&self) -> Vec<(F, String)> {
        vec![
            (F::Date, self.date.to_string()),
            (F::Region, self.region.clone()),
            (F::Item, text(self.item.as_ref())),
            (F::Counted, self.counted.to_string()),
            (F::Note, text(self.note.as_ref())),
        ]
    }
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct OutageIn {
    #[serde(default)]
    #[schema(required = true)]
    pub date: DateText,
    #[schema(schema_with = region_code)]
    pub region: String,
    /// Hours lost, 0–24.
    #[serde(default)]
    #[schema(required = true)]
    pub hours: HoursText,
    pub cause: String,
}

impl Body for OutageIn {
    const KIND: Kind = Kind::Outages;
    fn cells(&self) -> Vec<(F, String)> {
        vec![
            (F::Date, self.date.to_string()),
            (F::Region, self.region.clone()),
            (F::Hours, self.hours.to_string()),
            (F::Cause, self.cause.clone()),
        ]
    }
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct ComplaintIn {
    /// `no_aduan`: the SP4N-LAPOR! tracking number or the office's register number.
    pub reference: String,
    #[serde(default)]
    #[schema(required = true)]
    pub date: DateText,
    /// A kabupaten/kota or kecamatan.
    #[schema(schema_with = region_code)]
    pub region: String,
    /// `lapor`, `media_sosial`, `whatsapp`, `loket` or `lainnya`.
    pub channel: Option<String>,
    /// `blanko_habis`, `antrean`, `gangguan_sistem`, `pelayanan` or `lainnya`.
    pub category: String,
    pub text: Option<String>,
    /// When the office followed the complaint up; sending it later for a stored complaint updates it.
    pub followed_up_on: Option<DateText>,
    /// When the complaint was closed.
    pub closed_on: Option<DateText>,
}

impl Body for ComplaintIn {
    const KIND: Kind = Kind::Complaints;
    fn cells(&self) -> Vec<(F, String)> {
        vec![
            (F::ComplaintNo, self.reference.clone()),
            (F::Date, self.date.to_string()),
            (F::Region, self.region.clone()),
            (F::Channel, text(self.channel.as_ref())),
            (F::Category, self.category.clone()),
            (F::Text, text(self.text.as_ref())),
            (F::FollowedUpOn, text(self.followed_up_on.as_ref())),
            (F::ClosedOn, text(self.closed_on.as_ref())),
        ]
    }
}
