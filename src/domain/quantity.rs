//! Whole, non-negative counts of cards or units.

use serde::{Deserialize, Serialize};

/// A whole number of cards or units, never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Quantity(i64);

/// Why a number is not a quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("jumlah tidak boleh negatif ({0})")]
pub struct NegativeQuantity(pub i64);

impl Quantity {
    pub const ZERO: Quantity = Quantity(0);

    pub fn new(value: i64) -> Result<Self, NegativeQuantity> {
        if value < 0 { Err(NegativeQuantity(value)) } else { Ok(Self(value)) }
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl TryFrom<i64> for Quantity {
    type Error = NegativeQuantity;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Quantity> for i64 {
    fn from(q: Quantity) -> i64 {
        q.0
    }
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
    fn refuses_negative() {
        assert!(Quantity::new(-1).is_err());
        assert_eq!(Quantity::new(5).unwrap().get(), 5);
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(format_id(0), "0");
        assert_eq!(format_id(999), "999");
        assert_eq!(format_id(12500), "12.500");
        assert_eq!(format_id(-1_234_567), "-1.234.567");
    }
}
