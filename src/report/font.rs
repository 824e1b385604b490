//! The bundled DejaVu Sans font (licence in assets/fonts), registered once
//! with plotters so that no chart ever looks up a system font.

use std::sync::{Once, OnceLock};

use ab_glyph::FontRef;
use plotters::style::FontStyle;

/// The family name charts ask for; plotters' `FontFamily::SansSerif` resolves to it.
pub const FAMILY: &str = "sans-serif";

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

static REGISTER: Once = Once::new();
static FACES: OnceLock<(FontRef<'static>, FontRef<'static>)> = OnceLock::new();

/// Registers the bundled font under [`FAMILY`] (normal and bold); cheap after the first call.
pub fn ensure_registered() {
    REGISTER.call_once(|| {
        for (style, bytes) in [(FontStyle::Normal, REGULAR), (FontStyle::Bold, BOLD)] {
            // The bytes are compiled in: failing here means a broken build.
            let ok = plotters::style::register_font(FAMILY, style, bytes).is_ok();
            assert!(ok, "bundled font for style {} is not a valid font", style.as_str());
        }
    });
}

/// The regular and bold faces, for drawing text directly.
pub fn faces() -> (FontRef<'static>, FontRef<'static>) {
    FACES
        .get_or_init(|| {
            let parse = |bytes| FontRef::try_from_slice(bytes).expect("bundled font is valid");
            (parse(REGULAR), parse(BOLD))
        })
        .clone()
}

#[cfg(test)]
mod tests {
    #[test]
    fn bundled_faces_parse_and_register() {
        super::ensure_registered();
        let (regular, bold) = super::faces();
        assert!(ab_glyph::Font::glyph_id(&regular, 'é').0 != 0);
        assert!(ab_glyph::Font::glyph_id(&bold, '–').0 != 0);
    }
}
