//! The risk colour of a region's stock, as the forecast names it (SPEC §7).

use serde::{Deserialize, Serialize};

/// How soon a region runs out: `habis` (already empty), `merah` (before a
/// delivery can arrive), `kuning` (within twice the lead time), `hijau` (safe).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    Habis,
    Merah,
    Kuning,
    Hijau,
}

impl Risk {
    /// The word used in CSV files and the API: `habis`, `merah`, `kuning`, `hijau`.
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Habis => "habis",
            Risk::Merah => "merah",
            Risk::Kuning => "kuning",
            Risk::Hijau => "hijau",
        }
    }

    /// Capitalised word for legends and banners.
    pub fn label(self) -> &'static str {
        match self {
            Risk::Habis => "Habis",
            Risk::Merah => "Merah",
            Risk::Kuning => "Kuning",
            Risk::Hijau => "Hijau",
        }
    }

    /// Fill colour as RGB. Dark red for habis so it stays distinct from merah
    /// when printed in grey.
    pub fn rgb(self) -> (u8, u8, u8) {
        match self {
            Risk::Habis => (0x5c, 0x0a, 0x0a),
            Risk::Merah => (0xd3, 0x2f, 0x2f),
            Risk::Kuning => (0xf2, 0xa9, 0x00),
            Risk::Hijau => (0x2e, 0x7d, 0x32),
        }
    }

    /// Text colour readable on [`Risk::rgb`]: dark on amber, white otherwise.
    pub fn text_rgb(self) -> (u8, u8, u8) {
        match self {
            Risk::Kuning => (0x1f, 0x1f, 0x1f),
            _ => (0xff, 0xff, 0xff),
        }
    }

    /// CSS hex form of an RGB triple, `#d32f2f`.
    pub fn hex((r, g, b): (u8, u8, u8)) -> String {
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_colours() {
        assert_eq!(Risk::Habis.as_str(), "habis");
        assert_eq!(Risk::hex(Risk::Merah.rgb()), "#d32f2f");
        assert_eq!(Risk::hex(Risk::Kuning.text_rgb()), "#1f1f1f");
    }
}
