//! Fields of the single-record JSON bodies kept as sent, so the CSV cell parser judges them exactly
//! as it judges an upload cell: `"31/01/2022"` is a date in JSON as in a file, and `1.5`, `1e20`,
//! `"abc"` or a number past the limit is a 422 `bad_number` naming the field, not a serde 400.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use crate::domain::quantity::Quantity;

/// The accepted date styles of SPEC §5, as a JSON Schema pattern.
const DATE_PATTERN: &str =
    r"^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{1,2}-[0-9]{1,2}-[0-9]{4})$";

/// What the client sent for one field: a number, a string, or nothing (`null` or absent), kept as
/// the text a CSV cell would hold (trimmed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Sent {
    text: String,
    /// Sent as a JSON number, so serialized back as one.
    number: bool,
}

impl Sent {
    fn new(text: &str, number: bool) -> Self {
        Self { text: text.trim().to_string(), number }
    }
}

impl fmt::Display for Sent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Sent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Null => Self::default(),
            Value::String(s) => Self::new(&s, false),
            // JSON has one number type: `595.0` is the whole number 595 (JSON Schema agrees), while
            // `1.5` stays as sent for the cell parser to refuse.
            Value::Number(n) => match n.as_f64() {
                // `-0.0` is zero, not a negative count.
                Some(f) if n.is_f64() && f == 0.0 => Self::new("0", true),
                Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => Self::new(&format!("{f:.0}"), true),
                _ => Self::new(&n.to_string(), true),
            },
            // A boolean, list or object: its JSON text, which the cell parser refuses by name.
            other => Self::new(&other.to_string(), false),
        })
    }
}

impl Serialize for Sent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.text.parse::<serde_json::Number>() {
            Ok(n) if self.number => n.serialize(s),
            _ if self.text.is_empty() => s.serialize_none(),
            _ => s.serialize_str(&self.text),
        }
    }
}

/// A field kept as sent, with its OpenAPI schema.
macro_rules! sent_field {
    ($(#[$doc:meta])* $name:ident, $schema:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
        #[serde(transparent)]
        pub struct $name(Sent);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                $schema.into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

sent_field!(
    /// A date in one of the styles of an upload: `YYYY-MM-DD`, `DD/MM/YYYY` or `DD-MM-YYYY`.
    DateText,
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(DATE_PATTERN))
        .description(Some("Tanggal: YYYY-MM-DD, DD/MM/YYYY atau DD-MM-YYYY, dari 2000-01-01 sampai hari ini"))
        .examples(["2022-10-31"])
);

sent_field!(
    /// A count of cards or units, 0 to 1,000,000,000; a string grouped as in an upload (`"12.500"`)
    /// is read the same way.
    Count,
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(0))
        .maximum(Some(Quantity::MAX))
        .description(Some("Bilangan bulat 0 sampai 1.000.000.000"))
        .examples([12_500])
);

sent_field!(
    /// Hours lost, 0 to 24, with at most two decimals.
    HoursText,
    ObjectBuilder::new()
        .schema_type(Type::Number)
        .minimum(Some(0))
        .maximum(Some(24))
        .description(Some("Jam layanan yang hilang, 0 sampai 24, paling banyak dua angka desimal"))
        .examples([2.5])
);

/// The schema of a region code field: `32`, `32.16` or `3216`, `32.16.01` or `321601`, `PUSAT`.
pub fn region_code() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(r"^\s*([Pp][Uu][Ss][Aa][Tt]|[0-9]{2}(\.[0-9]{2}(\.[0-9]{2})?)?|[0-9]{4}|[0-9]{6})\s*$"))
        .description(Some("Kode wilayah Kemendagri, dengan atau tanpa titik (32, 32.16, 3216, 32.16.01), atau PUSAT"))
        .examples(["32.16"])
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_was_sent_as_cell_text() {
        let cell = |json: &str| serde_json::from_str::<Count>(json).unwrap().to_string();
        assert_eq!(cell("12500"), "12500");
        assert_eq!(cell("\"12.500\""), "12.500");
        assert_eq!(cell("1.5"), "1.5");
        assert_eq!(cell("595.0"), "595");
        assert_eq!(cell("-0.0"), "0");
        assert_eq!(cell("-5.0"), "-5");
        assert_eq!(cell("9223372036854775807"), "9223372036854775807");
        assert_eq!(cell("null"), "");
        assert_eq!(cell("true"), "true");
        assert_eq!(cell("\" 12 500\u{a0}\""), "12 500");
        let back = |json: &str| serde_json::to_string(&serde_json::from_str::<Count>(json).unwrap()).unwrap();
        assert_eq!(back("12500"), "12500");
        assert_eq!(back("1.5"), "1.5");
        assert_eq!(back("\"12.500\""), "\"12.500\"");
        assert_eq!(back("null"), "null");
        let date: DateText = serde_json::from_str("\"31/01/2022\"").unwrap();
        assert_eq!(date.to_string(), "31/01/2022");
        assert_eq!(serde_json::to_string(&date).unwrap(), "\"31/01/2022\"");
    }
}
