//! The error of one cell or row: where, what, a stable code and a message saying how to fix it.

use std::fmt;

use serde::Serialize;

/// The stable codes of SPEC §5. `as_str` is the wire form; never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    MissingColumn,
    MissingValue,
    BadDate,
    BadNumber,
    NegativeQuantity,
    UnknownRegion,
    WrongLevel,
    UnknownItem,
    DuplicateInFile,
    Conflict,
    WouldGoNegative,
    ReceivedExceedsShipped,
    OutOfScope,
    FutureDate,
    /// A cell that must be one of a fixed list of values (a complaint's `kanal` or `kategori`).
    UnknownValue,
}

impl ErrorCode {
    /// Every code, in the order of SPEC §5, then `unknown_value` (added with complaints).
    pub const ALL: [ErrorCode; 15] = [
        ErrorCode::MissingColumn,
        ErrorCode::MissingValue,
        ErrorCode::BadDate,
        ErrorCode::BadNumber,
        ErrorCode::NegativeQuantity,
        ErrorCode::UnknownRegion,
        ErrorCode::WrongLevel,
        ErrorCode::UnknownItem,
        ErrorCode::DuplicateInFile,
        ErrorCode::Conflict,
        ErrorCode::WouldGoNegative,
        ErrorCode::ReceivedExceedsShipped,
        ErrorCode::OutOfScope,
        ErrorCode::FutureDate,
        ErrorCode::UnknownValue,
    ];

    /// The snake_case code of SPEC §5 (`bad_date`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MissingColumn => "missing_column",
            ErrorCode::MissingValue => "missing_value",
            ErrorCode::BadDate => "bad_date",
            ErrorCode::BadNumber => "bad_number",
            ErrorCode::NegativeQuantity => "negative_quantity",
            ErrorCode::UnknownRegion => "unknown_region",
            ErrorCode::WrongLevel => "wrong_level",
            ErrorCode::UnknownItem => "unknown_item",
            ErrorCode::DuplicateInFile => "duplicate_in_file",
            ErrorCode::Conflict => "conflict",
            ErrorCode::WouldGoNegative => "would_go_negative",
            ErrorCode::ReceivedExceedsShipped => "received_exceeds_shipped",
            ErrorCode::OutOfScope => "out_of_scope",
            ErrorCode::FutureDate => "future_date",
            ErrorCode::UnknownValue => "unknown_value",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in an upload. Build it with the constructors in `messages.rs` so every
/// message is written in one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// 1-based physical line in the file; the header is line 1.
    pub line: u64,
    /// The column header as written in the file (or its Indonesian name if the file lacks it).
    pub column: String,
    /// The cell as written (trimmed); empty when the cell or column is missing.
    pub value: String,
    pub code: ErrorCode,
    /// Bahasa Indonesia: what is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "baris {}, kolom {}: {} [{}]", self.line, self.column, self.message, self.code)
    }
}

/// The errors of an upload, capped so a broken million-row file does not fill memory;
/// `omitted` counts the ones past the cap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorList {
    pub errors: Vec<RowError>,
    pub omitted: u64,
    #[serde(skip)]
    cap: usize,
}

impl ErrorList {
    /// The default cap: enough to fix a file by, small enough to send back.
    pub const DEFAULT_CAP: usize = 1000;

    pub fn new(cap: usize) -> Self {
        Self { errors: Vec::new(), omitted: 0, cap }
    }

    /// Adds an error, or counts it if the list is full.
    pub fn push(&mut self, error: RowError) {
        if self.errors.len() < self.cap {
            self.errors.push(error);
        } else {
            self.omitted += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty() && self.omitted == 0
    }

    /// All errors, listed and omitted.
    pub fn total(&self) -> u64 {
        self.errors.len() as u64 + self.omitted
    }
}

impl Default for ErrorList {
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAP)
    }
}

impl Extend<RowError> for ErrorList {
    fn extend<T: IntoIterator<Item = RowError>>(&mut self, iter: T) {
        for error in iter {
            self.push(error);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_and_counts() {
        let mut list = ErrorList::new(2);
        for line in 2..7 {
            list.push(RowError::missing_value(line, "jumlah", super::super::Field::Quantity));
        }
        assert_eq!(list.errors.len(), 2);
        assert_eq!(list.omitted, 3);
        assert_eq!(list.total(), 5);
    }

    #[test]
    fn codes_are_snake_case_and_distinct() {
        let names: std::collections::HashSet<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), 15);
        assert!(names.iter().all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
    }
}
