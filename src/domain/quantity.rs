//! Whole, non-negative counts of cards or units, at most `Quantity::MAX` in one record.

use serde::{Deserialize, Serialize};

/// A whole number of cards or units in one record: 0 to 1,000,000,000 (SPEC §10). The bound keeps
/// every sum of records far from `i64::MAX`, in memory and in SQL `SUM`s alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Quantity(i64);

/// Why a number is not a quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error("jumlah tidak boleh negatif ({0})")]
    Negative(i64),
    #[error("jumlah {0} melebihi batas {max}", max = format_id(Quantity::MAX))]
    TooLarge(i64),
}

/// The bare number, as stored and as a cell holds it (`format_id` groups it for people).
impl std::fmt::Display for Quantity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl Quantity {
    pub const ZERO: Quantity = Quantity(0);

    /// The largest quantity one record may carry.
    pub const MAX: i64 = 1_000_000_000;

    pub fn new(value: i64) -> Result<Self, QuantityError> {
        match value {
            ..0 => Err(QuantityError::Negative(value)),
            0..=Self::MAX => Ok(Self(value)),
            _ => Err(QuantityError::TooLarge(value)),
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl TryFrom<i64> for Quantity {
    type Error = QuantityError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Quantity> for i64 {
    fn from(q: Quantity) -> i64 {
        q.0
    }
}

/// The sum of counts for a total shown or compared (a region's stock, a roll-up, a backlog): every
/// record is at most `Quantity::MAX`, so no real total comes near `i64::MAX`; should corrupt data
/// get there anyway, the total stops at `i64::MAX` (visibly absurd) instead of wrapping negative.
pub fn total(values: impl IntoIterator<Item = i64>) -> i64 {
    values.into_iter().fold(0, i64::saturating_add)
}

/// Formats a count the Indonesian way: `12500` → `12.500`.
pub fn format_id(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_negative_and_too_large() {
        assert_eq!(Quantity::new(-1), Err(QuantityError::Negative(-1)));
        assert_eq!(Quantity::new(5).unwrap().get(), 5);
        assert_eq!(Quantity::new(Quantity::MAX).unwrap().get(), 1_000_000_000);
        assert_eq!(Quantity::new(Quantity::MAX + 1), Err(QuantityError::TooLarge(1_000_000_001)));
        assert!(QuantityError::TooLarge(i64::MAX).to_string().contains("1.000.000.000"));
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(format_id(0), "0");
        assert_eq!(format_id(999), "999");
        assert_eq!(format_id(12500), "12.500");
        assert_eq!(format_id(-1_234_567), "-1.234.567");
        assert_eq!(format_id(i64::MIN), "-9.223.372.036.854.775.808");
    }

    #[test]
    fn totals_never_wrap() {
        assert_eq!(total([1, 2, 3]), 6);
        assert_eq!(total([i64::MAX, i64::MAX]), i64::MAX);
        assert_eq!(total([]), 0);
    }
}
