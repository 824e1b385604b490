//! One record given as (column, value) pairs, validated by the same rules as an upload:
//! the JSON endpoints for single records use it, so both paths agree.

use super::context::ImportContext;
use super::error::{ErrorList, RowError};
use super::kind::Kind;
use super::parse_file;
use super::rows::Row;

/// Validates one record. Names may be English or Indonesian (`quantity` or `jumlah`);
/// values are written as in a CSV cell (`"2022-01-31"`, `"12500"`). Errors carry line 2
/// (the record's line in the equivalent file) and the name as given.
pub fn parse_fields<C: ImportContext>(kind: Kind, fields: &[(&str, &str)], ctx: C) -> Result<Row, ErrorList> {
    let mut text = String::new();
    for line in [fields.iter().map(|f| f.0).collect::<Vec<_>>(), fields.iter().map(|f| f.1).collect()] {
        let quoted: Vec<String> = line.iter().map(|v| format!("\"{}\"", v.replace('"', "\"\""))).collect();
        text.push_str(&quoted.join(","));
        text.push('\n');
    }
    let mut row = None;
    let summary = parse_file(kind, text.as_bytes(), ctx, |r| row = Some(r)).map_err(|_| ErrorList::default())?;
    match row {
        Some(row) if summary.is_ok() => Ok(row),
        _ if !summary.is_ok() => Err(summary.errors),
        _ => {
            // Every cell empty: the file reader skips such a row, so name the required ones here.
            let mut errors = ErrorList::default();
            for spec in kind.columns().iter().filter(|c| c.required) {
                errors.push(RowError::missing_value(2, summary.columns.name(spec.field), spec.field));
            }
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::csv_import::ErrorCode;
    use crate::domain::csv_import::tests::fixture::World;

    #[test]
    fn validates_like_an_upload() {
        let world = World::new();
        let ok = parse_fields(
            Kind::Prints,
            &[("date", "2022-01-03"), ("region", "3216"), ("printed", "12.500"), ("item", "")],
            &world,
        );
        assert!(matches!(ok, Ok(Row::Print(p)) if p.printed.get() == 12_500 && p.region.as_str() == "32.16"));
        let bad = parse_fields(Kind::Prints, &[("date", "31/02/2022"), ("region", "32.16"), ("printed", "1")], &world);
        let errors = bad.unwrap_err().errors;
        assert_eq!((errors[0].code, errors[0].column.as_str()), (ErrorCode::BadDate, "date"));
        let empty = parse_fields(Kind::Outages, &[("date", ""), ("region", ""), ("hours", ""), ("cause", "")], &world);
        assert_eq!(empty.unwrap_err().errors.len(), 4);
        let missing = parse_fields(Kind::Outages, &[("date", "2022-01-03")], &world);
        assert!(missing.unwrap_err().errors.iter().all(|e| e.code == ErrorCode::MissingColumn));
    }
}
