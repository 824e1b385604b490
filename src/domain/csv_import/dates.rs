//! Dates as Indonesian spreadsheets write them: `YYYY-MM-DD`, `DD/MM/YYYY`, `DD-MM-YYYY`.

use chrono::NaiveDate;

/// Parses a trimmed cell as a date. Day and month may have one or two digits, the year
/// must have four. Impossible dates (`31/02/2022`) and every other shape are `None`:
/// a wrong date is refused, never corrected or guessed.
pub fn parse_date(cell: &[u8]) -> Option<NaiveDate> {
    let (a, sep, rest) = split_number(cell)?;
    let (b, sep2, c) = split_number(rest)?;
    if sep != sep2 || !(1..=4).contains(&c.len()) || !c.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let (year, month, day) = match (sep, a.len(), c.len()) {
        (b'-', 4, 1..=2) => (a, b, c),
        (b'-' | b'/', 1..=2, 4) => (c, b, a),
        _ => return None,
    };
    // Four digits but below 1900 is a typo (`0022`), not a year anyone records.
    if !(1..=2).contains(&month.len()) || digits(year) < 1900 {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(year) as i32, digits(month), digits(day))
}

/// Splits a leading run of 1–4 digits from the separator and the rest.
fn split_number(text: &[u8]) -> Option<(&[u8], u8, &[u8])> {
    let len = text.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=4).contains(&len) {
        return None;
    }
    let sep = *text.get(len)?;
    matches!(sep, b'-' | b'/').then(|| (&text[..len], sep, &text[len + 1..]))
}

fn digits(text: &[u8]) -> u32 {
    text.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn accepts_the_three_styles() {
        assert_eq!(parse_date(b"2022-01-31"), d(2022, 1, 31));
        assert_eq!(parse_date(b"31/01/2022"), d(2022, 1, 31));
        assert_eq!(parse_date(b"31-01-2022"), d(2022, 1, 31));
        assert_eq!(parse_date(b"1/2/2022"), d(2022, 2, 1));
        assert_eq!(parse_date(b"2022-2-1"), d(2022, 2, 1));
        assert_eq!(parse_date(b"29/02/2024"), d(2024, 2, 29));
    }

    #[test]
    fn refuses_impossible_or_ambiguous() {
        for bad in [
            "31/02/2022",
            "29/02/2023",
            "2022/01/31",
            "01/31/2022",
            "31/01/22",
            "2022-01-31 00:00",
            "31.01.2022",
            "31/01-2022",
            "",
            "2022",
            "x1/01/2022",
            "2022-013-01",
            "00/01/2022",
            "-1/01/2022",
            "31/01/2022/",
            "123/01/2022",
            "01/01/0022",
        ] {
            assert_eq!(parse_date(bad.as_bytes()), None, "{bad}");
        }
    }
}
