//! The eight kinds of upload and the columns each one takes (SPEC §5).

use std::fmt;
use std::str::FromStr;

use super::field::Field;

/// What an upload file holds; one kind per file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Shipments,
    Allocations,
    Procurements,
    Prints,
    Backlog,
    StockCounts,
    Outages,
    Complaints,
}

/// A column of a kind: the field it fills and whether the file must have it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    pub field: Field,
    pub required: bool,
}

const fn req(field: Field) -> ColumnSpec {
    ColumnSpec { field, required: true }
}

const fn opt(field: Field) -> ColumnSpec {
    ColumnSpec { field, required: false }
}

impl Kind {
    /// Every kind, in the order of SPEC §5.
    pub const ALL: [Kind; 8] = [
        Kind::Shipments,
        Kind::Allocations,
        Kind::Procurements,
        Kind::Prints,
        Kind::Backlog,
        Kind::StockCounts,
        Kind::Outages,
        Kind::Complaints,
    ];

    /// `text.parse().ok()`: the name used in the CLI and the URL (`stock-counts`).
    pub fn parse(text: &str) -> Option<Kind> {
        text.parse().ok()
    }

    /// The name used in the CLI, the URL and the database (`stock-counts`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Shipments => "shipments",
            Kind::Allocations => "allocations",
            Kind::Procurements => "procurements",
            Kind::Prints => "prints",
            Kind::Backlog => "backlog",
            Kind::StockCounts => "stock-counts",
            Kind::Outages => "outages",
            Kind::Complaints => "complaints",
        }
    }

    /// Indonesian name for messages.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Shipments => "pengiriman",
            Kind::Allocations => "alokasi",
            Kind::Procurements => "pengadaan",
            Kind::Prints => "pencetakan",
            Kind::Backlog => "backlog PRR",
            Kind::StockCounts => "stock opname",
            Kind::Outages => "gangguan layanan",
            Kind::Complaints => "aduan",
        }
    }

    /// The columns of this kind, in template order.
    pub fn columns(self) -> &'static [ColumnSpec] {
        match self {
            Kind::Shipments => SHIPMENTS,
            Kind::Allocations => ALLOCATIONS,
            Kind::Procurements => PROCUREMENTS,
            Kind::Prints => PRINTS,
            Kind::Backlog => BACKLOG,
            Kind::StockCounts => STOCK_COUNTS,
            Kind::Outages => OUTAGES,
            Kind::Complaints => COMPLAINTS,
        }
    }
}

use Field as F;

const SHIPMENTS: &[ColumnSpec] = &[
    req(F::Reference),
    req(F::ShippedOn),
    req(F::From),
    req(F::To),
    opt(F::Item),
    req(F::Quantity),
    opt(F::ReceivedOn),
    opt(F::ReceivedQuantity),
    opt(F::DamagedQuantity),
    opt(F::Note),
];
const ALLOCATIONS: &[ColumnSpec] =
    &[req(F::Reference), req(F::Date), req(F::To), opt(F::Item), req(F::Quantity), opt(F::Note)];
const PROCUREMENTS: &[ColumnSpec] = &[req(F::Reference), req(F::Date), opt(F::Item), req(F::Quantity), opt(F::Note)];
const PRINTS: &[ColumnSpec] = &[req(F::Date), req(F::Region), opt(F::Item), req(F::Printed), opt(F::Spoiled)];
const BACKLOG: &[ColumnSpec] = &[req(F::Date), req(F::Region), req(F::Prr), opt(F::Recorded), opt(F::Suket)];
const STOCK_COUNTS: &[ColumnSpec] = &[req(F::Date), req(F::Region), opt(F::Item), req(F::Counted), opt(F::Note)];
const OUTAGES: &[ColumnSpec] = &[req(F::Date), req(F::Region), req(F::Hours), req(F::Cause)];
const COMPLAINTS: &[ColumnSpec] = &[
    req(F::ComplaintNo),
    req(F::Date),
    req(F::Region),
    opt(F::Channel),
    req(F::Category),
    opt(F::Text),
    opt(F::FollowedUpOn),
    opt(F::ClosedOn),
];

/// A name that is no kind; the message lists the kinds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("jenis unggahan '{0}' tidak dikenal; pilih salah satu: {names}", names = Kind::ALL.map(Kind::as_str).join(", "))]
pub struct UnknownKind(pub String);

impl FromStr for Kind {
    type Err = UnknownKind;

    /// The name used in the CLI and the URL (`stock-counts`); case and `_` for `-` are tolerated.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let name = text.trim().to_ascii_lowercase().replace('_', "-");
        Kind::ALL.into_iter().find(|k| k.as_str() == name).ok_or_else(|| UnknownKind(text.to_string()))
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::parse(" Stock_Counts "), Some(Kind::StockCounts));
        assert_eq!(Kind::parse("stok"), None);
        let unknown = "stok".parse::<Kind>().unwrap_err().to_string();
        assert!(unknown.contains("'stok'") && unknown.contains("stock-counts, outages, complaints"), "{unknown}");
    }
}
