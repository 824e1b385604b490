//! The streaming importer: header, then one record at a time, valid rows out, errors kept.

use std::io::{self, Chain, Cursor, Read};

use chrono::NaiveDate;
use csv::ByteRecord;

use super::cells::{Cells, RegionCache, trim_cell};
use super::columns::Columns;
use super::context::ImportContext;
use super::error::{ErrorList, RowError};
use super::field::Field;
use super::header::map_header;
use super::keys::KeySet;
use super::kind::Kind;
use super::kinds::build_row;
use super::lines::Tap;
use super::rows::Row;
use super::sniff::{detect_delimiter, read_prefix};
use super::summary::{FileError, Summary};

type Source<R> = csv::Reader<Tap<Chain<Cursor<Vec<u8>>, R>>>;

/// Reads an upload record by record. Iterate it (or call [`Importer::next_batch`]) for the
/// valid rows; bad rows are skipped and their errors collected. Memory stays flat apart
/// from the duplicate-key set (see `keys.rs`) and the capped error list.
///
/// All or nothing is the caller's job: write rows inside one transaction and roll back if
/// [`Importer::has_errors`] is true at the end (or stop writing as soon as it turns true,
/// but keep iterating so every bad row is reported).
pub struct Importer<R: Read, C: ImportContext> {
    kind: Kind,
    ctx: C,
    today: NaiveDate,
    source: Source<R>,
    delimiter: u8,
    columns: Columns,
    ignored: Vec<String>,
    record: ByteRecord,
    errors: ErrorList,
    keys: KeySet,
    regions: RegionCache,
    data_rows: u64,
    valid_rows: u64,
    failure: Option<io::Error>,
    done: bool,
}

impl<R: Read, C: ImportContext> Importer<R, C> {
    /// Reads the start of the file (BOM, delimiter, header). Header problems
    /// (`missing_column`, a column twice) go to the error list and no row is read.
    /// Fails only when the reader fails.
    pub fn new(kind: Kind, mut reader: R, ctx: C) -> Result<Self, FileError> {
        let prefix = read_prefix(&mut reader)?;
        let delimiter = detect_delimiter(kind, &prefix);
        let (utf16, sep_line) = (prefix.utf16, prefix.sep_line.is_some());
        let source = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .buffer_capacity(64 * 1024)
            .from_reader(Tap::new(Cursor::new(prefix.bytes).chain(reader)));
        let today = ctx.today();
        let mut importer = Self {
            kind,
            ctx,
            today,
            source,
            delimiter,
            columns: Columns::new(0),
            ignored: Vec::new(),
            record: ByteRecord::new(),
            errors: ErrorList::default(),
            keys: KeySet::default(),
            regions: RegionCache::default(),
            data_rows: 0,
            valid_rows: 0,
            failure: None,
            done: false,
        };
        if utf16 {
            importer.errors.push(RowError::unreadable_header("UTF-16 (Unicode Text)"));
            importer.done = true;
        } else {
            importer.read_header(sep_line)?;
        }
        Ok(importer)
    }

    /// Keeps at most `cap` errors in the list (default [`ErrorList::DEFAULT_CAP`]); the rest are counted.
    #[must_use]
    pub fn with_error_cap(mut self, cap: usize) -> Self {
        let mut errors = ErrorList::new(cap);
        errors.extend(std::mem::take(&mut self.errors.errors));
        self.errors = errors;
        self
    }

    /// Reads the header (after Excel's `sep=` line, if any) and maps it.
    fn read_header(&mut self, sep_line: bool) -> Result<(), FileError> {
        let mut record = ByteRecord::new();
        if sep_line {
            read_record(&mut self.source, &mut record)?;
        }
        let has_header = read_record(&mut self.source, &mut record)?.is_some();
        let header = map_header(self.kind, has_header.then_some(&record));
        self.columns = header.columns;
        self.ignored = header.ignored;
        self.errors.extend(header.errors);
        // Rows against a broken header would only repeat the header's problem.
        self.done = !has_header || !self.errors.is_empty();
        Ok(())
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The detected delimiter: `b','`, `b';'` or `b'\t'`.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Where each field is and how the file spells its header (for the store's own errors).
    pub fn columns(&self) -> &Columns {
        &self.columns
    }

    /// True once any error is known (header, rows, or pushed by the store).
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The errors so far; the store pushes `conflict` and `would_go_negative` here.
    pub fn errors_mut(&mut self) -> &mut ErrorList {
        &mut self.errors
    }

    /// Up to `max` next valid rows; empty when the file is done.
    pub fn next_batch(&mut self, max: usize) -> Vec<Row> {
        let mut batch = Vec::with_capacity(max.min(8192));
        batch.extend(self.by_ref().take(max));
        batch
    }

    /// Reads what is left (validating, discarding rows) and returns the outcome.
    pub fn finish(mut self) -> Result<Summary, FileError> {
        for _ in self.by_ref() {}
        if let Some(e) = self.failure {
            return Err(FileError::Io(e));
        }
        Ok(Summary {
            kind: self.kind,
            delimiter: self.delimiter,
            data_rows: self.data_rows,
            valid_rows: self.valid_rows,
            ignored_columns: self.ignored,
            columns: self.columns,
            errors: self.errors,
        })
    }

    /// Checks one non-blank record; a valid row, or `None` with its errors recorded.
    fn check_record(&mut self, line: u64) -> Option<Row> {
        let mut cells = Cells {
            kind: self.kind,
            columns: &self.columns,
            record: &self.record,
            line,
            ctx: &self.ctx,
            today: self.today,
            regions: &mut self.regions,
            errors: cells_past_header(&self.record, self.columns.width(), line),
        };
        let row = build_row(&mut cells);
        let mut errors = cells.errors;
        let row = row.and_then(|row| self.check_row(row, &mut errors));
        self.errors.extend(errors);
        row
    }

    /// The checks on a row valid in itself: the uploader's scope, then duplicates in the file.
    fn check_row(&mut self, mut row: Row, errors: &mut Vec<RowError>) -> Option<Row> {
        let line = row.line();
        match self.ctx.in_scope(&row) {
            Ok(grant) => row.set_grant(grant),
            Err(denied) => {
                let field = row.scope_field();
                let value = self.cell_text(field);
                errors.push(RowError::out_of_scope(line, self.columns.name(field), &value, self.kind, &denied.0));
                return None;
            }
        }
        if let Some(first) = self.keys.first_line(&row) {
            let field = row.key_field();
            let (value, key) = (self.cell_text(field), row.key_description());
            errors.push(RowError::duplicate_in_file(line, self.columns.name(field), &value, &key, first));
            return None;
        }
        Some(row)
    }

    /// The current record's cell of `field` as text, for an error.
    fn cell_text(&self, field: Field) -> String {
        let cell = self.columns.index(field).and_then(|i| self.record.get(i));
        String::from_utf8_lossy(cell.map_or(&[][..], trim_cell)).into_owned()
    }
}

/// `missing_column` for each filled cell right of the header's last column: the row was
/// shifted, usually by an unquoted `12,500` in a comma file.
fn cells_past_header(record: &ByteRecord, width: usize, line: u64) -> Vec<RowError> {
    let extra = record.iter().enumerate().skip(width).map(|(i, c)| (i, trim_cell(c)));
    extra
        .filter(|(_, cell)| !cell.is_empty())
        .map(|(i, cell)| RowError::cell_without_column(line, i + 1, width, &String::from_utf8_lossy(cell)))
        .collect()
}

impl<R: Read, C: ImportContext> Iterator for Importer<R, C> {
    type Item = Row;

    /// The next valid row. Blank lines and rows of empty cells (spreadsheets export them
    /// below the data) are skipped without counting.
    fn next(&mut self) -> Option<Row> {
        while !self.done {
            let line = match read_record(&mut self.source, &mut self.record) {
                Ok(Some(line)) => line,
                Ok(None) => {
                    self.done = true;
                    break;
                }
                Err(e) => {
                    self.failure = Some(e);
                    self.done = true;
                    break;
                }
            };
            if self.record.iter().all(|c| trim_cell(c).is_empty()) {
                continue;
            }
            self.data_rows += 1;
            if let Some(row) = self.check_record(line) {
                self.valid_rows += 1;
                return Some(row);
            }
        }
        None
    }
}

/// Reads the next record into `record`; its physical line, or `None` at the end.
fn read_record<R: Read>(source: &mut Source<R>, record: &mut ByteRecord) -> io::Result<Option<u64>> {
    if !source.read_byte_record(record).map_err(into_io)? {
        return Ok(None);
    }
    // Every record's bytes are claimed, blank ones too, so the line count stays exact.
    let start = record.position().map_or(0, csv::Position::byte);
    let end = source.position().byte();
    Ok(Some(source.get_mut().record_line(start, end)))
}

fn into_io(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}
