//! Shared look of every chart: fonts, colours, the title, a legend row and
//! the "no data" page.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::report::font::FAMILY;

/// Result of drawing on a backend.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

// Palette: dark ink and greys for text and grid; blue for recorded stock,
// purple for the forecast, red for the stock-out. Readable in greyscale print.
pub const INK: RGBColor = RGBColor(0x21, 0x21, 0x21);
pub const MUTED: RGBColor = RGBColor(0x61, 0x61, 0x61);
pub const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);
pub const GRID_LIGHT: RGBColor = RGBColor(0xf0, 0xf0, 0xf0);
pub const STOCK: RGBColor = RGBColor(0x1f, 0x5f, 0xa8);
pub const FORECAST: RGBColor = RGBColor(0x6a, 0x3d, 0x9a);
pub const BAND: RGBColor = RGBColor(0xd9, 0xcc, 0xe8);
pub const ALERT: RGBColor = RGBColor(0xc6, 0x28, 0x28);

/// Sizes of text, lines and gaps, scaled with the chart: a chart 1000 pixels
/// wide uses the sizes as written, a wider one proportionally larger ones.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    k: f64,
}

impl Look {
    /// The look for a chart filling `area`.
    pub fn for_area<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> Self {
        Self { k: (f64::from(area.dim_in_pixel().0) / 1000.0).clamp(0.8, 1.6) }
    }

    /// A look `k` times the nominal sizes, whatever the chart's width.
    pub fn scaled(k: f64) -> Self {
        Self { k: k.clamp(0.5, 3.0) }
    }

    /// Regular text of nominal `size`.
    pub fn text(self, size: f64, color: RGBColor) -> TextStyle<'static> {
        text(size * self.k, color)
    }

    /// Bold text of nominal `size`.
    pub fn bold(self, size: f64, color: RGBColor) -> TextStyle<'static> {
        bold(size * self.k, color)
    }

    /// A nominal pixel distance, scaled.
    pub fn px(self, v: i32) -> i32 {
        (f64::from(v) * self.k).round() as i32
    }

    /// A nominal line width or margin, scaled.
    pub fn upx(self, v: u32) -> u32 {
        (f64::from(v) * self.k).round() as u32
    }
}

/// Regular text of `size` pixels in `color`.
pub fn text(size: f64, color: RGBColor) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&color)
}

/// Bold text of `size` pixels in `color`.
pub fn bold(size: f64, color: RGBColor) -> TextStyle<'static> {
    (FAMILY, size, FontStyle::Bold).into_font().color(&color)
}

/// Width in pixels of `s` set in `style` (0 when the font cannot tell).
pub fn width_of<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, s: &str, style: &TextStyle) -> i32 {
    area.estimate_text_size(s, style).map_or(0, |(w, _)| w as i32)
}

/// Cuts `s` with an ellipsis so that it fits in `max` pixels.
pub fn fit<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, s: &str, style: &TextStyle, max: i32) -> String {
    if width_of(area, s, style) <= max {
        return s.to_string();
    }
    let mut chars: Vec<char> = s.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate = format!("{}…", chars.iter().collect::<String>().trim_end());
        if width_of(area, &candidate, style) <= max {
            return candidate;
        }
    }
    String::new()
}

/// Splits `s` into lines no wider than `max` pixels, breaking between words.
pub fn wrap<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, s: &str, style: &TextStyle, max: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // Only plain spaces break: a no-break space keeps "14 November 2022" together.
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if line.is_empty() || width_of(area, &candidate, style) <= max {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws the title at the top (wrapped onto a second line at ` — ` when too
/// wide) and returns the area below it.
pub fn title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    title: &str,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, _) = area.dim_in_pixel();
    let style = look.bold(20.0, INK);
    let max = w as i32 - look.px(32);
    let lines: Vec<String> = if width_of(area, title, &style) <= max {
        vec![title.to_string()]
    } else if let Some((head, tail)) = title.split_once(" — ") {
        [head, tail].iter().flat_map(|part| wrap(area, part, &style, max)).collect()
    } else {
        wrap(area, title, &style, max)
    };
    let line_height = look.px(26);
    for (i, line) in lines.iter().enumerate() {
        area.draw_text(line, &style, (look.px(16), look.px(12) + line_height * i as i32))?;
    }
    let used = look.px(12) + line_height * lines.len() as i32 + look.px(6);
    Ok(area.split_vertically(used).1)
}

/// How a legend entry is drawn.
#[derive(Debug, Clone, Copy)]
pub enum Mark {
    Line(RGBColor),
    Dashed(RGBColor),
    Box(RGBColor),
}

/// Legend entries across the top of `area`, wrapping onto more rows when
/// narrow; returns the area below.
pub fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    entries: &[(Mark, &str)],
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    let style = look.text(14.0, INK);
    let right = area.dim_in_pixel().0 as i32 - look.px(16);
    let (left, len, stroke, row) = (look.px(16), look.px(26), look.upx(3), look.px(24));
    let (mut x, mut y) = (left, look.px(10));
    for (mark, label) in entries {
        let entry = len + look.px(8) + width_of(area, label, &style);
        if x > left && x + entry > right {
            x = left;
            y += row;
        }
        match *mark {
            Mark::Line(c) => area.draw(&PathElement::new(vec![(x, y), (x + len, y)], c.stroke_width(stroke)))?,
            Mark::Dashed(c) => {
                for k in 0..3 {
                    let x0 = x + k * look.px(10);
                    area.draw(&PathElement::new(vec![(x0, y), (x0 + look.px(6), y)], c.stroke_width(stroke)))?;
                }
            }
            Mark::Box(c) => area.draw(&Rectangle::new([(x, y - look.px(7)), (x + len, y + look.px(7))], c.filled()))?,
        }
        area.draw_text(label, &style.pos(Pos::new(HPos::Left, VPos::Center)), (x + len + look.px(8), y))?;
        x += entry + look.px(28);
    }
    Ok(area.split_vertically(y + look.px(16)).1)
}

/// The page shown when there is nothing to plot.
pub fn empty<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, look: Look) -> DrawResult<DB> {
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    area.draw(&Rectangle::new([(look.px(16), look.px(8)), (w - look.px(16), h - look.px(16))], GRID.stroke_width(1)))?;
    let style = look.text(22.0, MUTED).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw_text("Belum ada data", &style, (w / 2, h / 2))?;
    Ok(())
}

/// Axis label of a count: `12.500`.
pub fn count_label(v: f64) -> String {
    crate::domain::quantity::format_id(v.round() as i64)
}
