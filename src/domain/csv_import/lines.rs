//! Physical line numbers. The csv crate's own line count skips blank lines and lags one
//! behind on CRLF files, so the bytes pass through a tap that keeps those the CSV reader has
//! read but not yet returned as a record, and each record's line is counted from them.

use std::io::{self, Read};

/// A reader that remembers the bytes it handed out until [`Tap::record_line`] claims them.
/// Holds at most the CSV reader's buffer plus one record.
pub(crate) struct Tap<R> {
    inner: R,
    window: Vec<u8>,
    /// Stream offset of `window[0]`.
    window_start: u64,
    /// 1-based line at the first unclaimed byte.
    line: u64,
    /// The claimed bytes ended in `\r`: a line break unless the next byte is `\n`.
    pending_cr: bool,
}

impl<R: Read> Tap<R> {
    pub fn new(inner: R) -> Self {
        Self { inner, window: Vec::new(), window_start: 0, line: 1, pending_cr: false }
    }

    /// The line where the record read from stream bytes `start..end` begins (blank lines and
    /// the previous record's line end skipped), counting line breaks inside quoted cells.
    pub fn record_line(&mut self, start: u64, end: u64) -> u64 {
        let to = (end.saturating_sub(self.window_start) as usize).min(self.window.len());
        let from = (start.saturating_sub(self.window_start) as usize).min(to);
        let span = &self.window[from..to];
        if self.pending_cr && !span.is_empty() {
            self.line += u64::from(span[0] != b'\n');
            self.pending_cr = false;
        }
        let lead = span.iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
        let line = self.line + breaks(&span[..lead]) as u64 + u64::from(span[..lead].ends_with(b"\r"));
        self.line += breaks(span) as u64;
        self.pending_cr |= span.ends_with(b"\r");
        // Drop claimed bytes now and then, not per record: moving the tail each time is slow.
        if to > 64 * 1024 {
            self.window.drain(..to);
            self.window_start += to as u64;
        }
        line
    }
}

/// Line breaks in `bytes`: `\n`, `\r\n`, or a lone `\r` (old Mac files). A final `\r` is
/// not counted here: whether it pairs with a `\n` depends on the next byte.
#[expect(clippy::naive_bytecount, reason = "the std iterator vectorises; no extra crate for it")]
fn breaks(bytes: &[u8]) -> usize {
    let newlines = bytes.iter().filter(|&&b| b == b'\n').count();
    let mut lone_cr = 0;
    let mut rest = bytes;
    while let Some(i) = rest.iter().position(|&b| b == b'\r') {
        lone_cr += usize::from(rest.get(i + 1).is_some_and(|&b| b != b'\n'));
        rest = &rest[i + 1..];
    }
    newlines + lone_cr
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.window.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(String, u64)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(4)
            .from_reader(Tap::new(text.as_bytes()));
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let start = record.position().unwrap().byte();
            let end = reader.position().byte();
            let line = reader.get_mut().record_line(start, end);
            out.push((String::from_utf8_lossy(&record[0]).into_owned(), line));
        }
        out
    }

    fn expect(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
        pairs.iter().map(|(s, l)| ((*s).to_string(), *l)).collect()
    }

    #[test]
    fn counts_physical_lines() {
        let plain = expect(&[("h", 1), ("a", 2), ("b", 5)]);
        assert_eq!(lines("h\na\n\n\nb\n"), plain);
        assert_eq!(lines("h\r\na\r\n\r\n\r\nb\r\n"), plain);
        assert_eq!(lines("h\ra\r\r\rb\r"), plain);
        assert_eq!(lines("h\na\n\n\nb"), plain);
        let quoted = expect(&[("h", 1), ("a\nx", 2), ("b", 4)]);
        assert_eq!(lines("h\n\"a\nx\"\nb\n"), quoted);
        let quoted_crlf = expect(&[("h", 1), ("a\r\nx", 2), ("b", 4)]);
        assert_eq!(lines("h\r\n\"a\r\nx\"\r\nb\r\n"), quoted_crlf);
        assert_eq!(lines("\n\nh\n"), expect(&[("h", 3)]));
    }
}
