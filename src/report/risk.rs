//! How reports show the risk colour of SPEC §7. The colour itself is the forecast's
//! [`Risk`](crate::domain::forecast::Risk), re-exported here; this module only adds its words
//! and paint, which belong to the report and not to the forecast.

pub use crate::domain::forecast::Risk;

/// Labels and colours of a [`Risk`] for legends, banners and bars.
pub trait RiskStyle {
    /// Capitalised word for legends and banners: `Merah`.
    fn label(self) -> &'static str;
    /// Fill colour as RGB.
    fn rgb(self) -> (u8, u8, u8);
    /// Text colour readable on [`RiskStyle::rgb`].
    fn text_rgb(self) -> (u8, u8, u8);
}

impl RiskStyle for Risk {
    fn label(self) -> &'static str {
        match self {
            Risk::Habis => "Habis",
            Risk::Merah => "Merah",
            Risk::Kuning => "Kuning",
            Risk::Hijau => "Hijau",
        }
    }

    /// Dark red for habis so it stays distinct from merah when printed in grey.
    fn rgb(self) -> (u8, u8, u8) {
        match self {
            Risk::Habis => (0x5c, 0x0a, 0x0a),
            Risk::Merah => (0xd3, 0x2f, 0x2f),
            Risk::Kuning => (0xf2, 0xa9, 0x00),
            Risk::Hijau => (0x2e, 0x7d, 0x32),
        }
    }

    /// Dark on amber, white otherwise.
    fn text_rgb(self) -> (u8, u8, u8) {
        match self {
            Risk::Kuning => (0x1f, 0x1f, 0x1f),
            _ => (0xff, 0xff, 0xff),
        }
    }
}

/// CSS hex form of an RGB triple, `#d32f2f`.
pub fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_colours() {
        assert_eq!(Risk::Habis.as_str(), "habis");
        assert_eq!(Risk::Kuning.label(), "Kuning");
        assert_eq!(hex(Risk::Merah.rgb()), "#d32f2f");
        assert_eq!(hex(Risk::Kuning.text_rgb()), "#1f1f1f");
    }
}
