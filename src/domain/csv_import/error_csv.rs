//! The error list as a CSV file a user opens beside the upload.

use super::error::ErrorList;
use super::template::BOM;
use crate::domain::spreadsheet::defuse_formula;

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
            push_record(&mut out, [&line, &e.column, &e.value, e.code.as_str(), &e.message]);
        }
        if self.omitted > 0 {
            let note =
                format!("{} kesalahan lain tidak ditampilkan; perbaiki yang di atas lalu unggah lagi.", self.omitted);
            push_record(&mut out, ["", "", "", "", &note]);
        }
        out
    }
}

/// Appends one RFC 4180 record: fields with a comma, quote or line break are quoted. Column names
/// and values come from the upload, so every field is defused as the reports' cells are.
fn push_record(out: &mut String, fields: [&str; 5]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let field = defuse_formula(field);
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}
