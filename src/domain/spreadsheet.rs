//! Text written into a CSV file that people open in a spreadsheet: the upload error list and the
//! reports share this one rule, so neither can carry a formula the other would stop.

use std::borrow::Cow;

/// A cell that a spreadsheet would run as a formula (or a DDE command such as `-2+3+cmd|' /C calc'!A0`)
/// gets a leading apostrophe, so it opens as the text it is: anything starting with `=`, `+`, `@`,
/// a tab or a carriage return, and `-` unless the whole cell is a plain negative number (`-5`,
/// `-12.500`), which a spreadsheet reads as that number and nothing else.
pub fn defuse_formula(value: &str) -> Cow<'_, str> {
    let risky = match value.as_bytes() {
        [b'=' | b'+' | b'@' | b'\t' | b'\r', ..] => true,
        [b'-', rest @ ..] => !is_plain_number(rest),
        _ => false,
    };
    if risky { Cow::Owned(format!("'{value}")) } else { Cow::Borrowed(value) }
}

/// Digits, optionally grouped or with a decimal mark: `5`, `12.500`, `2,5`.
fn is_plain_number(text: &[u8]) -> bool {
    text.first().is_some_and(u8::is_ascii_digit) && text.iter().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b','))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defuses_every_formula_prefix() {
        for risky in ["=1+1", "+1", "@SUM(A1)", "\t=1", "\r=1", "-x", "-2+3+cmd|' /C calc'!A0", "-", "-=1", "-5 "] {
            assert_eq!(defuse_formula(risky), format!("'{risky}"), "{risky:?}");
        }
    }

    #[test]
    fn leaves_plain_text_and_numbers() {
        for plain in ["-5", "-12.500", "-2,5", "31/02/2022", "", "SJ-2022-001", "catatan = biasa", "'=1"] {
            assert_eq!(defuse_formula(plain), plain, "{plain:?}");
        }
    }
}
