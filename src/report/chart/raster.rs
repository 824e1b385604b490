//! The bitmap backend with text set properly.
//!
//! plotters' own ab_glyph text drawing ignores each glyph's left side bearing,
//! which squeezes letters together at small sizes ("Kab upaten", "Ci" read as
//! "G"). This backend hands everything to `BitMapBackend` except text, which it
//! rasterises itself from the bundled font with the bearing and sub-pixel
//! position kept.

use ab_glyph::{Font, FontRef, ScaleFont, point};
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontStyle, text_anchor::HPos,
    text_anchor::VPos,
};

use crate::report::font;

/// An RGB bitmap with correctly spaced text.
pub struct RasterBackend<'a> {
    inner: BitMapBackend<'a>,
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

type Error<'a> = DrawingErrorKind<<BitMapBackend<'a> as DrawingBackend>::ErrorType>;

impl<'a> RasterBackend<'a> {
    /// Draws into `buffer`, `width × height` RGB pixels.
    pub fn with_buffer(buffer: &'a mut [u8], size: (u32, u32)) -> Self {
        let (regular, bold) = font::faces();
        Self { inner: BitMapBackend::with_buffer(buffer, size), regular, bold }
    }
}

impl<'a> DrawingBackend for RasterBackend<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Error<'a>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Error<'a>> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Error<'a>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<(), Error<'a>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        ul: BackendCoord,
        br: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Error<'a>> {
        self.inner.draw_rect(ul, br, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Error<'a>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Error<'a>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Error<'a>> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<(), Error<'a>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Result<(), Error<'a>> {
        let color = style.color();
        if color.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let face = if matches!(style.style(), FontStyle::Bold) { self.bold.clone() } else { self.regular.clone() };
        let size = style.size() as f32;
        let scaled = face.as_scaled(size);
        // The same box plotters lays text out with: advance widths, and size / 1.24 tall.
        let mut width = 0.0f32;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                width += scaled.kern(p, id);
            }
            width += scaled.h_advance(id);
            prev = Some(id);
        }
        let height = size / 1.24;
        let dx = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        };
        let top = match style.anchor().v_pos {
            VPos::Top => 0.0,
            VPos::Center => -height / 2.0,
            VPos::Bottom => -height,
        };
        // Capitals sit centred in the box; descenders may hang below it.
        let cap = scaled.outline_glyph(scaled.scaled_glyph('H')).map_or(size * 0.63, |g| -g.px_bounds().min.y);
        let baseline = top + height / 2.0 + cap / 2.0;
        let transform = style.transform();
        let (w, h) = self.get_size();
        let mut pen = dx;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                pen += scaled.kern(p, id);
            }
            prev = Some(id);
            let glyph = id.with_scale_and_position(size, point(pen, baseline));
            pen += scaled.h_advance(id);
            let Some(outline) = face.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            let mut pixels = Vec::new();
            outline.draw(|x, y, coverage| pixels.push((x, y, coverage)));
            for (x, y, coverage) in pixels {
                if coverage <= 0.0 {
                    continue;
                }
                let (rx, ry) = transform.transform(bounds.min.x as i32 + x as i32, bounds.min.y as i32 + y as i32);
                let (px, py) = (pos.0 + rx, pos.1 + ry);
                if px >= 0 && py >= 0 && (px as u32) < w && (py as u32) < h {
                    let alpha = color.alpha * f64::from(coverage.min(1.0));
                    self.inner.draw_pixel((px, py), BackendColor { alpha, rgb: color.rgb })?;
                }
            }
        }
        Ok(())
    }
}
