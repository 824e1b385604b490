//! Empty upload templates with Indonesian headers.

use super::kind::Kind;

/// The UTF-8 byte order mark: spreadsheets need it to read a CSV file as UTF-8.
pub const BOM: &str = "\u{feff}";

/// The header line of `kind` with Indonesian names, comma-separated, without line end.
pub fn header_line(kind: Kind) -> String {
    let names: Vec<&str> = kind.columns().iter().map(|c| c.field.indonesian()).collect();
    names.join(",")
}

/// The template file of `kind`: BOM, the Indonesian header line, CRLF. Served as
/// `GET /api/v1/templates/{kind}.csv`; it parses back with no rows and no error.
pub fn template(kind: Kind) -> String {
    format!("{BOM}{}\r\n", header_line(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_template() {
        assert_eq!(template(Kind::Prints), "\u{feff}tanggal,wilayah,barang,dicetak,rusak\r\n");
        assert_eq!(
            header_line(Kind::Shipments),
            "no_referensi,tanggal_kirim,asal,tujuan,barang,jumlah,tanggal_terima,jumlah_diterima,jumlah_rusak,keterangan"
        );
    }
}
