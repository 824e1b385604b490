//! The error list as a CSV file a user opens beside the upload.

use super::error::ErrorList;
use super::template::BOM;

/// Headers of the error file.
const HEADERS: [&str; 5] = ["baris", "kolom", "nilai", "kode", "pesan"];

impl ErrorList {
    /// The errors as CSV: UTF-8 BOM, comma, CRLF, Indonesian headers `baris,kolom,nilai,kode,pesan`.
    /// When errors were omitted past the cap, a last row says how many.
    pub fn to_csv(&self) -> String {
        let mut out = String::with_capacity(64 + self.errors.len() * 200);
        out.push_str(BOM);
        push_record(&mut out, HEADERS);
        for e in &self.errors {
            let line = e.line.to_string();
            push_record(&mut out, [&line, &e.column, &defuse_formula(&e.value), e.code.as_str(), &e.message]);
        }
        if self.omitted > 0 {
            let note =
                format!("{} kesalahan lain tidak ditampilkan; perbaiki yang di atas lalu unggah lagi.", self.omitted);
            push_record(&mut out, ["", "", "", "", &note]);
        }
        out
    }
}

/// Appends one RFC 4180 record: fields with a comma, quote or line break are quoted.
fn push_record(out: &mut String, fields: [&str; 5]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

/// A cell echoed from an upload must not run as a spreadsheet formula when the error file
/// is opened, so text starting with `=`, `+`, `@` or `-` (unless a plain negative number)
/// gets a leading apostrophe.
fn defuse_formula(value: &str) -> String {
    let risky = match value.as_bytes() {
        [b'=' | b'+' | b'@' | b'\t' | b'\r', ..] => true,
        [b'-', rest @ ..] => !rest.first().is_some_and(u8::is_ascii_digit),
        _ => false,
    };
    if risky { format!("'{value}") } else { value.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defuses_formulas_only() {
        assert_eq!(defuse_formula("=1+1"), "'=1+1");
        assert_eq!(defuse_formula("-5"), "-5");
        assert_eq!(defuse_formula("-x"), "'-x");
        assert_eq!(defuse_formula("31/02/2022"), "31/02/2022");
        assert_eq!(defuse_formula(""), "");
    }
}
