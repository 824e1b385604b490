//! Column names (Indonesian and English) and the map from a file's header line to fields.

use super::kind::Kind;

/// A value an upload row can carry. Each kind uses a subset (see [`Kind::columns`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Reference,
    ShippedOn,
    From,
    To,
    Item,
    Quantity,
    ReceivedOn,
    ReceivedQuantity,
    DamagedQuantity,
    Note,
    Date,
    Region,
    Printed,
    Spoiled,
    Prr,
    Recorded,
    Suket,
    Counted,
    Hours,
    Cause,
}

/// Number of [`Field`] variants, for per-field arrays.
pub(crate) const FIELD_COUNT: usize = 20;

impl Field {
    /// The Indonesian column name, as in templates and SPEC §5.
    pub fn indonesian(self) -> &'static str {
        self.names().0
    }

    /// The English column name, also accepted in files and used by the JSON API.
    pub fn english(self) -> &'static str {
        self.names().1
    }

    fn names(self) -> (&'static str, &'static str) {
        match self {
            Field::Reference => ("no_referensi", "reference"),
            Field::ShippedOn => ("tanggal_kirim", "shipped_on"),
            Field::From => ("asal", "from"),
            Field::To => ("tujuan", "to"),
            Field::Item => ("barang", "item"),
            Field::Quantity => ("jumlah", "quantity"),
            Field::ReceivedOn => ("tanggal_terima", "received_on"),
            Field::ReceivedQuantity => ("jumlah_diterima", "received_quantity"),
            Field::DamagedQuantity => ("jumlah_rusak", "damaged_quantity"),
            Field::Note => ("keterangan", "note"),
            Field::Date => ("tanggal", "date"),
            Field::Region => ("wilayah", "region"),
            Field::Printed => ("dicetak", "printed"),
            Field::Spoiled => ("rusak", "spoiled"),
            Field::Prr => ("prr", "prr"),
            Field::Recorded => ("perekaman", "recorded"),
            Field::Suket => ("suket", "suket"),
            Field::Counted => ("jumlah_fisik", "counted"),
            Field::Hours => ("jam", "hours"),
            Field::Cause => ("sebab", "cause"),
        }
    }
}

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
        assert_eq!(Field::Cause as usize + 1, FIELD_COUNT);
    }
}
