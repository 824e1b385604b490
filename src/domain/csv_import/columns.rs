//! Column names (Indonesian and English) and the map from a file's header line to fields.

use super::field::{FIELD_COUNT, Field};
use super::kind::Kind;

/// Folds a header cell to its canonical spelling: lower case, and every run of spaces,
/// dots, dashes or other punctuation becomes one `_` (so `" No. Referensi "` is `no_referensi`).
pub fn normalize_header(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let mut out = String::with_capacity(text.len());
    let mut pending_sep = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_sep && !out.is_empty() {
                out.push('_');
            }
            pending_sep = false;
            out.extend(c.to_lowercase());
        } else {
            pending_sep = true;
        }
    }
    out
}

/// The field a header cell names for `kind`, if any.
pub fn field_for_header(kind: Kind, raw: &[u8]) -> Option<Field> {
    let name = normalize_header(raw);
    kind.columns().iter().map(|c| c.field).find(|f| f.indonesian() == name || f.english() == name)
}

/// Where each field sits in a file, and how the file spells its header.
#[derive(Debug, Clone)]
pub struct Columns {
    index: [Option<usize>; FIELD_COUNT],
    names: [Option<String>; FIELD_COUNT],
    width: usize,
}

impl Columns {
    pub(crate) fn new(width: usize) -> Self {
        Self { index: [None; FIELD_COUNT], names: std::array::from_fn(|_| None), width }
    }

    /// Records that `field` is at `index`; returns the header already holding it, if any.
    pub(crate) fn set(&mut self, field: Field, index: usize, header: String) -> Option<&str> {
        let slot = field as usize;
        if self.index[slot].is_some() {
            return self.names[slot].as_deref();
        }
        self.index[slot] = Some(index);
        self.names[slot] = Some(header);
        None
    }

    /// Position of `field` in a record, if the file has that column.
    pub fn index(&self, field: Field) -> Option<usize> {
        self.index[field as usize]
    }

    /// The header of `field` as written in the file (trimmed), or its Indonesian name when absent.
    /// Use it for the `column` of errors the store adds (`conflict`, `would_go_negative`).
    pub fn name(&self, field: Field) -> &str {
        self.names[field as usize].as_deref().unwrap_or(field.indonesian())
    }

    /// Number of cells in the header line.
    pub fn width(&self) -> usize {
        self.width
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_headers() {
        assert_eq!(normalize_header(b"  No. Referensi "), "no_referensi");
        assert_eq!(normalize_header(b"TANGGAL_KIRIM"), "tanggal_kirim");
        assert_eq!(normalize_header(b"Received-Quantity"), "received_quantity");
        assert_eq!(normalize_header(b"  "), "");
    }

    #[test]
    fn finds_fields_in_both_languages() {
        assert_eq!(field_for_header(Kind::Prints, b"Dicetak"), Some(Field::Printed));
        assert_eq!(field_for_header(Kind::Prints, b" printed "), Some(Field::Printed));
        assert_eq!(field_for_header(Kind::Prints, b"jumlah"), None);
        assert_eq!(field_for_header(Kind::Shipments, b"FROM"), Some(Field::From));
    }

    #[test]
    fn field_count_matches() {
        assert_eq!(Field::ClosedOn as usize + 1, FIELD_COUNT);
    }
}
