//! Reports of SPEC §8: CSV files, charts and the one-page briefing.
//!
//! Pure: every function takes plain input structs filled by the caller and
//! returns bytes or text (or writes to an `impl Write`); nothing here touches
//! the database, the network or the file system. Text a reader sees is in
//! Bahasa Indonesia.

pub mod briefing;
pub mod briefing_input;
mod briefing_png;
mod briefing_text;
pub mod chart;
pub mod csv;
pub mod dates;
mod font;
pub mod headline;
pub mod risk;
pub mod rows;
#[cfg(test)]
pub(crate) mod sample;

pub use briefing::{briefing_html, briefing_png};
pub use briefing_input::{Assumption, BriefingDetail, BriefingInput, ComplaintLine, WhatIfLine};
pub use chart::{
    BacklogChart, Chart, ComplaintChart, ComplaintWeek, CoverBar, CoverChart, FlowBar, FlowChart, ForecastPoint,
    NamedCount, Size, StockChart, StockPoint, StockoutRange,
};
pub use csv::{CsvOptions, Delimiter};
pub use risk::{Risk, RiskStyle};
pub use rows::{BacklogRow, ForecastRow, LedgerCard, LedgerRow, ShipmentRow, StockRow};

/// The Content-Security-Policy of a report document (the briefing page, an SVG chart), wherever
/// it is served: no scripts at all. Its styles are inline (the briefing is one self-contained
/// file that must print the same when saved and opened from disk, with colours set per risk on
/// the element), so styles need 'unsafe-inline'; with no script allowed, inline style cannot run
/// code.
pub const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

/// Why a report could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("gagal menulis laporan: {0}")]
    Io(#[from] std::io::Error),
    #[error("gagal menulis CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("gagal menggambar grafik: {0}")]
    Draw(String),
    #[error("gagal menyusun gambar PNG: {0}")]
    Png(#[from] png::EncodingError),
}
