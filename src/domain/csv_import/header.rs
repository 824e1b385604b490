//! The header line: which field each column holds, which columns are ignored, and what is wrong.

use csv::ByteRecord;

use super::cells::trim_cell;
use super::columns::{Columns, field_for_header};
use super::error::RowError;
use super::kind::Kind;

/// What a header line says.
pub(crate) struct Header {
    pub columns: Columns,
    /// Named cells that are no column of the kind, as written.
    pub ignored: Vec<String>,
    /// `missing_column` for each required column absent, `duplicate_in_file` for a column twice.
    pub errors: Vec<RowError>,
}

/// Maps a header record (`None` for an empty file) for `kind`. Cells with no name are skipped.
pub(crate) fn map_header(kind: Kind, record: Option<&ByteRecord>) -> Header {
    let mut header =
        Header { columns: Columns::new(record.map_or(0, ByteRecord::len)), ignored: Vec::new(), errors: Vec::new() };
    for (i, cell) in record.into_iter().flatten().enumerate() {
        let name = trim_cell(cell);
        if name.is_empty() {
            continue;
        }
        let text = String::from_utf8_lossy(name).into_owned();
        match field_for_header(kind, name) {
            Some(field) => {
                if let Some(first) = header.columns.set(field, i, text.clone()) {
                    let error = RowError::duplicate_column(&text, first);
                    header.errors.push(error);
                }
            }
            None => header.ignored.push(text),
        }
    }
    for spec in kind.columns().iter().filter(|c| c.required) {
        if header.columns.index(spec.field).is_none() {
            header.errors.push(RowError::missing_column(kind, spec.field));
        }
    }
    header
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::csv_import::{ErrorCode, Field};

    #[test]
    fn maps_names_and_reports_problems() {
        let record = ByteRecord::from(vec![" Tanggal ", "", "nama", "wilayah", "date"]);
        let header = map_header(Kind::Prints, Some(&record));
        assert_eq!(header.columns.index(Field::Region), Some(3));
        assert_eq!(header.columns.name(Field::Date), "Tanggal");
        assert_eq!(header.ignored, vec!["nama".to_string()]);
        let codes: Vec<_> = header.errors.iter().map(|e| (e.code, e.column.as_str())).collect();
        assert_eq!(codes, vec![(ErrorCode::DuplicateInFile, "date"), (ErrorCode::MissingColumn, "dicetak")]);
        assert_eq!(map_header(Kind::Outages, None).errors.len(), 4);
    }
}
