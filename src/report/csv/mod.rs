//! CSV reports (SPEC §8): UTF-8 with BOM, Indonesian headers, values a
//! spreadsheet reads back as they are.

use std::io::Write;

use chrono::NaiveDate;

use super::ReportError;
use super::dates::iso;
use crate::domain::spreadsheet::defuse_formula;

mod complaints;
mod movements;
mod plans;
mod position;
#[cfg(test)]
mod tests;

pub use complaints::write_complaints;
pub use movements::{write_ledger, write_shipments};
pub use plans::{write_allocation_plan, write_loan_plan};
pub use position::{write_backlog, write_forecast, write_stock};

/// Field separator of a CSV report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Delimiter {
    /// `,` with `.` as decimal mark: the standard form, for scripts.
    #[default]
    Comma,
    /// `;` with `,` as decimal mark: what Excel expects in the Indonesian locale.
    Semicolon,
}

/// How a CSV report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CsvOptions {
    pub delimiter: Delimiter,
}

impl CsvOptions {
    /// The form for Excel set to Indonesian: `;` between fields, `,` in decimals.
    pub fn excel_id() -> Self {
        Self { delimiter: Delimiter::Semicolon }
    }

    fn decimal_mark(self) -> char {
        match self.delimiter {
            Delimiter::Comma => '.',
            Delimiter::Semicolon => ',',
        }
    }
}

/// Writes the BOM, the header and the rows; each row already rendered as cells.
pub(super) fn write_table<W: Write>(
    mut out: W,
    opts: CsvOptions,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<(), ReportError> {
    // The BOM makes Excel read UTF-8 instead of the local code page.
    out.write_all("\u{feff}".as_bytes())?;
    let delimiter = match opts.delimiter {
        Delimiter::Comma => b',',
        Delimiter::Semicolon => b';',
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(out);
    w.write_record(header)?;
    for row in rows {
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

/// A free-text cell. Text that a spreadsheet would run as a formula gets a
/// leading apostrophe, so a note such as `=HYPERLINK(…)` stays text.
pub(super) fn text(value: &str) -> String {
    defuse_formula(value).into_owned()
}

pub(super) fn date(value: Option<NaiveDate>) -> String {
    value.map(iso).unwrap_or_default()
}

pub(super) fn count(value: Option<i64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// One decimal, without grouping, with the decimal mark the delimiter implies.
pub(super) fn decimal(value: Option<f64>, opts: CsvOptions) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{v:.1}").replace('.', &opts.decimal_mark().to_string()),
        _ => String::new(),
    }
}
