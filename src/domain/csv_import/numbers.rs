//! Whole numbers with thousands grouping, and hours with an optional decimal part.

use std::fmt;

use crate::domain::quantity::Quantity;

/// Why a cell is not an acceptable number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number in an accepted shape (`1.5`, `12.50`, `1,2,3`, `abc`).
    Bad,
    /// A well-formed number below zero.
    Negative,
    /// A well-formed whole number above `Quantity::MAX`.
    TooLarge,
    /// Hours outside 0–24.
    OutOfRange,
}

/// Parses a trimmed cell as a whole, non-negative number. Thousands may be grouped by `.`,
/// `,` or a space (also a no-break space), one kind per number, every group after the first
/// exactly three digits, and the first group 1–3 digits not starting with 0. So `12.500`,
/// `12,500` and `12 500` are 12500, while `1.5`, `12.50`, `0.500` and `1,2,3` are refused:
/// they could be decimals or typos, and a guess would corrupt stock. A value is at most
/// `Quantity::MAX`; anything larger, however many digits, is `TooLarge`, never wrapped.
pub fn parse_whole(cell: &[u8]) -> Result<i64, NumberError> {
    let (negative, body) = match cell.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, cell),
    };
    let value = parse_grouped(body).ok_or(NumberError::Bad)?;
    if negative && value != 0 {
        Err(NumberError::Negative)
    } else if value > Quantity::MAX {
        Err(NumberError::TooLarge)
    } else {
        Ok(value)
    }
}

/// The value of a grouped number, or `None` for a bad shape. Values past `Quantity::MAX` stop
/// growing at `Quantity::MAX + 1`, so no length of digits can overflow.
fn parse_grouped(text: &[u8]) -> Option<i64> {
    let mut value: i64 = 0;
    let mut group_len = 0usize;
    let mut groups = 0usize;
    let mut separator: Option<&[u8]> = None;
    let mut first_digit = None;
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        if b.is_ascii_digit() {
            first_digit.get_or_insert(b);
            value = (value * 10 + i64::from(b - b'0')).min(Quantity::MAX + 1);
            group_len += 1;
            i += 1;
            continue;
        }
        let sep_len = separator_len(&text[i..])?;
        let sep = &text[i..i + sep_len];
        // The first group closes here: 1–3 digits; later groups: exactly 3.
        let group_ok = if groups == 0 { (1..=3).contains(&group_len) } else { group_len == 3 };
        if !group_ok || separator.is_some_and(|s| s != sep) {
            return None;
        }
        separator = Some(sep);
        groups += 1;
        group_len = 0;
        i += sep_len;
    }
    if group_len == 0 || (groups > 0 && (group_len != 3 || first_digit == Some(b'0'))) {
        return None;
    }
    Some(value)
}

/// Length of a grouping separator at the start of `text`: `.`, `,`, space, U+00A0 or U+202F.
fn separator_len(text: &[u8]) -> Option<usize> {
    match text {
        [b'.' | b',' | b' ', ..] => Some(1),
        [0xC2, 0xA0, ..] => Some(2),
        [0xE2, 0x80, 0xAF, ..] => Some(3),
        _ => None,
    }
}

/// Hours lost to an outage, 0–24, kept exactly in hundredths of an hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hours(u16);

impl Hours {
    /// A whole working day lost.
    pub const FULL_DAY: Hours = Hours(2400);

    /// From hundredths of an hour; `None` above 24 hours.
    pub fn from_hundredths(hundredths: u16) -> Option<Self> {
        (hundredths <= 2400).then_some(Self(hundredths))
    }

    /// Hundredths of an hour (250 for 2,5 hours).
    pub fn hundredths(self) -> u16 {
        self.0
    }

    /// Hours as a float, for arithmetic on rates.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl fmt::Display for Hours {
    /// Indonesian style: `2,5`, `8`, `0,25`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        match frac {
            0 => write!(f, "{whole}"),
            _ if frac % 10 == 0 => write!(f, "{whole},{}", frac / 10),
            _ => write!(f, "{whole},{frac:02}"),
        }
    }
}

/// Parses a trimmed cell as hours: 1–2 whole digits, optionally `,` or `.` and 1–2 decimals
/// (`8`, `2,5`, `2.5`, `0,25`). Thousands grouping makes no sense below 24, so the separator
/// is always decimal; three decimals (`1.000`) are refused as ambiguous.
pub fn parse_hours(cell: &[u8]) -> Result<Hours, NumberError> {
    let (negative, body) = match cell.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, cell),
    };
    let (whole, frac) = match body.iter().position(|&b| b == b'.' || b == b',') {
        Some(i) => (&body[..i], &body[i + 1..]),
        None => (body, &[][..]),
    };
    let has_point = whole.len() < body.len();
    let all_digits = |t: &[u8]| t.iter().all(u8::is_ascii_digit);
    if !(1..=2).contains(&whole.len())
        || !all_digits(whole)
        || !all_digits(frac)
        || (has_point && !(1..=2).contains(&frac.len()))
    {
        return Err(NumberError::Bad);
    }
    let number = |t: &[u8]| t.iter().fold(0u16, |n, b| n * 10 + u16::from(b - b'0'));
    let cents = match frac.len() {
        1 => number(frac) * 10,
        _ => number(frac),
    };
    let hundredths = number(whole) * 100 + cents;
    if negative && hundredths != 0 {
        return Err(NumberError::Negative);
    }
    Hours::from_hundredths(hundredths).ok_or(NumberError::OutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_grouped_thousands() {
        for (text, n) in [
            ("0", 0),
            ("12500", 12500),
            ("12.500", 12500),
            ("12,500", 12500),
            ("12 500", 12500),
            ("12\u{a0}500", 12500),
            ("1.234.567", 1_234_567),
            ("007", 7),
            ("-0", 0),
        ] {
            assert_eq!(parse_whole(text.as_bytes()), Ok(n), "{text}");
        }
    }

    #[test]
    fn refuses_decimals_and_bad_groups() {
        for bad in [
            "1.5",
            "12.50",
            "1,2,3",
            "1.234,5",
            "1.234,567",
            "0.500",
            "1234.567",
            "12..500",
            ".500",
            "500.",
            "",
            "-",
            "+5",
            "1e3",
            "12 500 ",
            "--5",
            "1_000",
        ] {
            assert_eq!(parse_whole(bad.as_bytes()), Err(NumberError::Bad), "{bad}");
        }
        assert_eq!(parse_whole(b"-5"), Err(NumberError::Negative));
        assert_eq!(parse_whole(b"-12.500"), Err(NumberError::Negative));
    }

    #[test]
    fn refuses_more_than_the_limit() {
        assert_eq!(parse_whole(b"1.000.000.000"), Ok(1_000_000_000));
        for big in ["1000000001", "1.000.000.001", "9223372036854775807", "99999999999999999999999999"] {
            assert_eq!(parse_whole(big.as_bytes()), Err(NumberError::TooLarge), "{big}");
        }
        assert_eq!(parse_whole(b"-9223372036854775808"), Err(NumberError::Negative));
        assert_eq!(parse_whole(b"1e20"), Err(NumberError::Bad));
    }

    #[test]
    fn parses_hours() {
        let h = |t: &str| parse_hours(t.as_bytes()).map(Hours::hundredths);
        assert_eq!(h("8"), Ok(800));
        assert_eq!(h("2,5"), Ok(250));
        assert_eq!(h("2.5"), Ok(250));
        assert_eq!(h("0,25"), Ok(25));
        assert_eq!(h("24"), Ok(2400));
        assert_eq!(h("24,5"), Err(NumberError::OutOfRange));
        assert_eq!(h("25"), Err(NumberError::OutOfRange));
        assert_eq!(h("-2"), Err(NumberError::Negative));
        for bad in ["1.000", "2,", ",5", "100", "2,5,0", "abc", ""] {
            assert_eq!(h(bad), Err(NumberError::Bad), "{bad}");
        }
    }

    #[test]
    fn shows_hours_the_indonesian_way() {
        assert_eq!(Hours(250).to_string(), "2,5");
        assert_eq!(Hours(25).to_string(), "0,25");
        assert_eq!(Hours(800).to_string(), "8");
    }
}
