//! Printing consumables: blanko (cards), ribbon and film.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A consumable tracked in the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Item {
    Blanko,
    Ribbon,
    Film,
}

/// Why a text is not an item.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("barang '{0}' tidak dikenal: gunakan blanko, ribbon atau film")]
pub struct UnknownItem(pub String);

impl Item {
    pub const ALL: [Item; 3] = [Item::Blanko, Item::Ribbon, Item::Film];

    /// Parses an item name; empty means blanko (the default of every upload).
    pub fn parse(text: &str) -> Result<Self, UnknownItem> {
        match text.trim().to_lowercase().as_str() {
            "" | "blanko" | "blangko" | "blanko ktp-el" | "blanko e-ktp" | "kartu" | "card" | "cards" => {
                Ok(Item::Blanko)
            }
            "ribbon" | "pita" => Ok(Item::Ribbon),
            "film" => Ok(Item::Film),
            _ => Err(UnknownItem(text.trim().to_string())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Item::Blanko => "blanko",
            Item::Ribbon => "ribbon",
            Item::Film => "film",
        }
    }

    /// How many cards one unit prints (a blanko is one card).
    pub fn cards_per_unit(self) -> i64 {
        match self {
            Item::Blanko => 1,
            Item::Ribbon => 450,
            Item::Film => 500,
        }
    }

    /// Indonesian display name.
    pub fn label(self) -> &'static str {
        match self {
            Item::Blanko => "Blanko KTP-el",
            Item::Ribbon => "Ribbon",
            Item::Film => "Film",
        }
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names() {
        assert_eq!(Item::parse("").unwrap(), Item::Blanko);
        assert_eq!(Item::parse(" Ribbon ").unwrap(), Item::Ribbon);
        assert_eq!(Item::parse("FILM").unwrap(), Item::Film);
        assert!(Item::parse("tinta").is_err());
    }
}
