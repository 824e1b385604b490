//! The start of a file: byte order mark, and which delimiter it uses.
//!
//! Only a bounded prefix is read (the header and a few lines, at most 64 KiB); the importer
//! then reads the prefix followed by the rest of the stream, so nothing else is buffered.

use std::io::{self, Read};

use csv::ReaderBuilder;

use super::columns::field_for_header;
use super::kind::Kind;

/// Delimiters accepted, in order of preference on a tie.
pub(crate) const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

const PREFIX_LINES: usize = 8;
const PREFIX_MAX: usize = 64 * 1024;

/// The first bytes of a file (BOM removed), and whether they are the whole file.
pub(crate) struct Prefix {
    pub bytes: Vec<u8>,
    pub complete: bool,
    /// The file starts with a UTF-16 byte order mark (Excel "Unicode Text").
    pub utf16: bool,
    /// The file starts with Excel's `sep=;` line naming its delimiter (the header follows it).
    pub sep_line: Option<u8>,
}

/// Reads until `PREFIX_LINES` line breaks, `PREFIX_MAX` bytes or the end of the file.
pub(crate) fn read_prefix<R: Read>(reader: &mut R) -> io::Result<Prefix> {
    let mut bytes = Vec::with_capacity(8 * 1024);
    let mut chunk = [0u8; 8 * 1024];
    let mut complete = false;
    while bytes.len() < PREFIX_MAX && bytes.split(|&b| b == b'\n').count() <= PREFIX_LINES {
        match reader.read(&mut chunk) {
            Ok(0) => {
                complete = true;
                break;
            }
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let sep_line = sep_line(&bytes);
    Ok(Prefix { bytes, complete, utf16, sep_line })
}

/// The delimiter named by a first line `sep=X` (any case), if there is one.
fn sep_line(bytes: &[u8]) -> Option<u8> {
    let (head, rest) = bytes.split_at_checked(4)?;
    let delimiter = *rest.first()?;
    let ends = matches!(rest.get(1), None | Some(b'\r' | b'\n'));
    (head.eq_ignore_ascii_case(b"sep=") && DELIMITERS.contains(&delimiter) && ends).then_some(delimiter)
}

/// Picks the delimiter that splits the header into the most known column names of `kind`;
/// on a tie (no names known), the one giving the following lines as many cells as the
/// header, then the one giving the header the most cells. Values never decide alone, so
/// `12,500` in a `;` file cannot make it look comma-separated.
pub(crate) fn detect_delimiter(kind: Kind, prefix: &Prefix) -> u8 {
    if let Some(delimiter) = prefix.sep_line {
        return delimiter;
    }
    let mut best = (DELIMITERS[0], (0, 0, 0));
    for delimiter in DELIMITERS {
        let score = score(kind, prefix, delimiter);
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

fn score(kind: Kind, prefix: &Prefix, delimiter: u8) -> (usize, usize, usize) {
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(prefix.bytes.as_slice());
    let mut records: Vec<csv::ByteRecord> = reader.byte_records().map_while(Result::ok).collect();
    if !prefix.complete && records.len() > 1 {
        records.pop(); // may be cut in the middle
    }
    let Some((header, rest)) = records.split_first() else {
        return (0, 0, 0);
    };
    let mut known: Vec<_> = header.iter().filter_map(|cell| field_for_header(kind, cell.trim_ascii())).collect();
    known.sort_by_key(|f| *f as usize);
    known.dedup();
    let consistent = rest.iter().filter(|r| r.len() == header.len()).count();
    (known.len(), consistent, header.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str) -> u8 {
        let prefix = read_prefix(&mut text.as_bytes()).unwrap();
        detect_delimiter(Kind::Prints, &prefix)
    }

    #[test]
    fn detects_from_header() {
        assert_eq!(detect("tanggal,wilayah,dicetak\n2022-01-03,32.16,5\n"), b',');
        assert_eq!(detect("tanggal;wilayah;dicetak\n2022-01-03;32.16;12,500\n"), b';');
        assert_eq!(detect("tanggal\twilayah\tdicetak\n2022-01-03\t32.16\t12,500\n"), b'\t');
        assert_eq!(detect("\u{feff}Tanggal ; Wilayah ; Dicetak\r\n"), b';');
    }

    #[test]
    fn falls_back_to_line_shape() {
        assert_eq!(detect("a;b;c\n1;2,5;3\n4;5,5;6\n"), b';');
        assert_eq!(detect(""), b',');
    }

    #[test]
    fn honours_excel_sep_line() {
        assert_eq!(detect("sep=;\r\ntanggal,wilayah,dicetak\r\n"), b';');
        assert_eq!(detect("SEP=\t\ntanggal;wilayah;dicetak\n"), b'\t');
        let not_sep = read_prefix(&mut "sep=;x\ntanggal\n".as_bytes()).unwrap();
        assert_eq!(not_sep.sep_line, None);
    }

    #[test]
    fn strips_bom_and_spots_utf16() {
        let prefix = read_prefix(&mut "\u{feff}x".as_bytes()).unwrap();
        assert_eq!(prefix.bytes, b"x");
        assert!(read_prefix(&mut &[0xFF, 0xFE, b'x', 0][..]).unwrap().utf16);
    }
}
