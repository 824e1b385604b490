//! The reports that exist, the formats each comes in, and how their files are named.

use chrono::NaiveDate;

use crate::domain::region::Region;
use crate::report::Delimiter;
use crate::report::dates::iso;

/// A report of SPEC §8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Stock,
    Backlog,
    Forecast,
    Shipments,
    Ledger,
    Briefing,
    Complaints,
}

/// A file format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    Png,
    Svg,
    Html,
}

impl Kind {
    pub const ALL: [Kind; 7] =
        [Kind::Stock, Kind::Backlog, Kind::Forecast, Kind::Shipments, Kind::Ledger, Kind::Briefing, Kind::Complaints];

    /// The name in URLs and on the command line: `stock`, `briefing`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Stock => "stock",
            Kind::Backlog => "backlog",
            Kind::Forecast => "forecast",
            Kind::Shipments => "shipments",
            Kind::Ledger => "ledger",
            Kind::Briefing => "briefing",
            Kind::Complaints => "complaints",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        let text = text.trim().to_ascii_lowercase();
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The formats this report comes in, the default first.
    pub fn formats(self) -> &'static [Format] {
        match self {
            Kind::Ledger => &[Format::Csv],
            Kind::Briefing => &[Format::Html, Format::Png],
            _ => &[Format::Csv, Format::Png, Format::Svg],
        }
    }

    /// The Indonesian start of its file names.
    fn file_stem(self) -> &'static str {
        match self {
            Kind::Stock => "stok",
            Kind::Backlog => "antrean-prr",
            Kind::Forecast => "perkiraan",
            Kind::Shipments => "pengiriman",
            Kind::Ledger => "kartu-stok",
            Kind::Briefing => "ringkasan",
            Kind::Complaints => "aduan",
        }
    }
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Csv, Format::Png, Format::Svg, Format::Html];

    /// The file extension: `csv`, `png`, `svg`, `html`.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Html => "html",
        }
    }

    pub fn parse(text: &str) -> Option<Format> {
        let text = text.trim().to_ascii_lowercase();
        Format::ALL.into_iter().find(|f| f.ext() == text)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Png => "image/png",
            Format::Svg => "image/svg+xml",
            Format::Html => "text/html; charset=utf-8",
        }
    }
}

/// True when `kind` comes in `format`.
pub fn supported(kind: Kind, format: Format) -> bool {
    kind.formats().contains(&format)
}

/// Every report file there is: `stock.csv, stock.png, …, briefing.png`.
pub fn available() -> String {
    Kind::ALL
        .iter()
        .flat_map(|k| k.formats().iter().map(move |f| format!("{}.{}", k.as_str(), f.ext())))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The message for a kind and format that do not go together.
pub fn unsupported_message(kind: Kind, format: Format) -> String {
    let has: Vec<&str> = kind.formats().iter().map(|f| f.ext()).collect();
    format!(
        "laporan {} tidak tersedia dalam format {}; yang tersedia: {}. Semua laporan: {}",
        kind.as_str(),
        format.ext(),
        has.join(", "),
        available()
    )
}

/// Parses a report file name, `stock.csv` or `briefing.html`, into its kind and format; the
/// message lists every report there is.
pub fn parse_file(file: &str) -> Result<(Kind, Format), String> {
    let unknown = || format!("laporan '{file}' tidak dikenal; yang tersedia: {}", available());
    let (stem, ext) = file.rsplit_once('.').ok_or_else(unknown)?;
    let (kind, format) = (Kind::parse(stem).ok_or_else(unknown)?, Format::parse(ext).ok_or_else(unknown)?);
    if supported(kind, format) { Ok((kind, format)) } else { Err(unsupported_message(kind, format)) }
}

/// Parses `comma` or `semicolon` (also `,` and `;`).
pub fn parse_delimiter(text: &str) -> Option<Delimiter> {
    match text.trim().to_ascii_lowercase().as_str() {
        "comma" | "koma" | "," => Some(Delimiter::Comma),
        "semicolon" | "titik-koma" | "titikkoma" | ";" => Some(Delimiter::Semicolon),
        _ => None,
    }
}

/// Lowercase ASCII words joined by `-`: `Kabupaten Bekasi` → `kabupaten-bekasi`.
fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// `ringkasan_32.16_kabupaten-bekasi_2022-10-31.html`; `…_nasional_…` for PUSAT.
pub fn filename(kind: Kind, format: Format, region: &Region, as_of: NaiveDate) -> String {
    let place = if region.code.is_pusat() {
        "nasional".to_string()
    } else {
        format!("{}_{}", region.code.as_str(), slug(&region.name))
    };
    format!("{}_{place}_{}.{}", kind.file_stem(), iso(as_of), format.ext())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::region::{Level, RegionCode};

    #[test]
    fn kinds_formats_and_names() {
        assert_eq!(Kind::parse("Briefing"), Some(Kind::Briefing));
        assert_eq!(Format::parse("SVG"), Some(Format::Svg));
        assert!(supported(Kind::Stock, Format::Png) && !supported(Kind::Briefing, Format::Csv));
        assert!(!supported(Kind::Ledger, Format::Png));
        assert!(available().starts_with("stock.csv, stock.png, stock.svg, backlog.csv"));
        assert!(unsupported_message(Kind::Ledger, Format::Svg).contains("yang tersedia: csv"));
        assert_eq!(parse_file("forecast.svg"), Ok((Kind::Forecast, Format::Svg)));
        assert!(parse_file("briefing.csv").unwrap_err().contains("briefing.html"));
        assert!(parse_file("stok.csv").unwrap_err().contains("tidak dikenal"));
        assert_eq!(parse_delimiter("semicolon"), Some(Delimiter::Semicolon));
        assert_eq!(parse_delimiter("tab"), None);
        let bekasi = Region {
            code: RegionCode::parse("3216").unwrap(),
            name: "Kabupaten Bekasi".into(),
            level: Level::Kabkota,
            parent: None,
        };
        let d = NaiveDate::from_ymd_opt(2022, 10, 31).unwrap();
        assert_eq!(
            filename(Kind::Briefing, Format::Html, &bekasi, d),
            "ringkasan_32.16_kabupaten-bekasi_2022-10-31.html"
        );
        assert_eq!(slug("Kota Bau-Bau (Baubau)"), "kota-bau-bau-baubau");
    }
}
