//! Dates the way an Indonesian reader writes them: `31 Oktober 2022`, `31 Okt`.

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

const MONTHS_SHORT: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];

/// Full month name, `1` → `Januari`.
pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month as usize).clamp(1, 12) - 1]
}

/// Three-letter month name, `10` → `Okt`.
pub fn month_short(month: u32) -> &'static str {
    MONTHS_SHORT[(month as usize).clamp(1, 12) - 1]
}

/// `31 Oktober 2022`.
pub fn long(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), month_name(date.month()), date.year())
}

/// `31 Okt`, for axis labels.
pub fn short(date: NaiveDate) -> String {
    format!("{} {}", date.day(), month_short(date.month()))
}

/// `Okt 2022`, for axis labels at the start of a month.
pub fn month_year(date: NaiveDate) -> String {
    format!("{} {}", month_short(date.month()), date.year())
}

/// `YYYY-MM-DD`, the form spreadsheets and scripts read back.
pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A range said once: `10–21 November 2022`, `28 Oktober – 4 November 2022`,
/// `30 Desember 2022 – 5 Januari 2023`; a single date when both ends agree.
pub fn range(from: NaiveDate, to: NaiveDate) -> String {
    let (from, to) = if from <= to { (from, to) } else { (to, from) };
    if from == to {
        long(from)
    } else if from.year() != to.year() {
        format!("{} – {}", long(from), long(to))
    } else if from.month() != to.month() {
        format!("{} {} – {}", from.day(), month_name(from.month()), long(to))
    } else {
        format!("{}–{}", from.day(), long(to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn formats_long_and_short() {
        assert_eq!(long(d(2022, 10, 31)), "31 Oktober 2022");
        assert_eq!(short(d(2022, 10, 31)), "31 Okt");
        assert_eq!(short(d(2023, 8, 1)), "1 Agu");
        assert_eq!(month_year(d(2022, 12, 5)), "Des 2022");
        assert_eq!(iso(d(2022, 1, 2)), "2022-01-02");
    }

    #[test]
    fn formats_ranges_compactly() {
        assert_eq!(range(d(2022, 11, 10), d(2022, 11, 21)), "10–21 November 2022");
        assert_eq!(range(d(2022, 10, 28), d(2022, 11, 4)), "28 Oktober – 4 November 2022");
        assert_eq!(range(d(2022, 12, 30), d(2023, 1, 5)), "30 Desember 2022 – 5 Januari 2023");
        assert_eq!(range(d(2022, 11, 4), d(2022, 11, 4)), "4 November 2022");
        assert_eq!(range(d(2022, 11, 21), d(2022, 11, 10)), "10–21 November 2022");
    }
}
