//! Upload files (SPEC §5): parsing and validating CSV into typed rows, without a database.
//!
//! Accepted: a UTF-8 BOM; `,` `;` or tab, detected from the header (or Excel's `sep=;` first
//! line); CRLF, LF or CR; quoted cells, also with line breaks (lines are counted physically,
//! header = line 1); headers in any case, with spaces or punctuation (`No. Referensi`),
//! Indonesian or English; dates `YYYY-MM-DD`, `DD/MM/YYYY`, `DD-MM-YYYY`; whole numbers
//! grouped by `.` `,` or a space; hours with a decimal `,` or `.`; region codes with or
//! without dots; empty optional cells.
//!
//! Decisions:
//! - Unknown header columns are ignored and listed ([`Summary::ignored_columns`],
//!   [`Summary::warnings`]): offices add columns such as the region's name.
//! - A filled cell to the right of the last header column is an error (`missing_column`):
//!   it is almost always an unquoted `12,500` that shifted the row.
//! - Rows whose cells are all empty are skipped (spreadsheets export them).
//! - A header problem stops the file there: only the header errors are reported.
//! - Every date, in every kind, must not be after today (`future_date`).
//! - Ambiguous cells are refused, never guessed; messages hint at the usual spreadsheet
//!   mangling (dates month first, `32.10` shown as `32.1`).
//! - Level rules: see `levels.rs`. Scope: the context decides (the store applies `domain::auth`).
//!
//! Use: `Importer::new(kind, reader, ctx)?`, then take rows in batches while it runs and
//! `finish()` for the [`Summary`]; or [`parse_file`] with a callback; [`parse_record`] for
//! one record of the JSON API.

mod cells;
mod columns;
mod context;
mod dates;
mod error;
mod error_csv;
mod field;
mod header;
mod importer;
mod keys;
mod kind;
mod kinds;
mod levels;
mod lines;
mod messages;
mod messages_rows;
mod numbers;
mod record;
mod record_kinds;
mod rows;
mod sniff;
mod summary;
mod template;

#[cfg(test)]
mod tests;

pub use columns::{Columns, normalize_header};
pub use context::ImportContext;
pub use dates::parse_date;
pub use error::{ErrorCode, ErrorList, RowError};
pub use field::Field;
pub use importer::Importer;
pub use kind::{ColumnSpec, Kind, UnknownKind};
pub use kinds::{parse_record, record_columns};
pub use levels::{allowed_levels, route_problem};
pub use messages_rows::{Difference, RouteProblem, Shortfall, route_message};
pub use numbers::{Hours, NumberError, parse_hours, parse_whole};
pub use record::{Diff, Record, Verdict, judge};
pub use rows::{
    AllocationRow, BacklogRow, ComplaintDates, ComplaintRow, OutageRow, PrintRow, ProcurementRow, Receipt, Row,
    ShipmentRow, StockCountRow,
};
pub use summary::{FileError, Summary};
pub use template::{BOM, header_line, template};

/// Reads a whole upload, handing each valid row to `on_row`; returns the summary with every
/// error. Convenience over [`Importer`] for callers that need no batching.
pub fn parse_file<R: std::io::Read, C: ImportContext>(
    kind: Kind,
    reader: R,
    ctx: C,
    mut on_row: impl FnMut(Row),
) -> Result<Summary, FileError> {
    let mut importer = Importer::new(kind, reader, ctx)?;
    for row in importer.by_ref() {
        on_row(row);
    }
    importer.finish()
}
