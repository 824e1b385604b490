//! The briefing composed on one bitmap: heading, risk banner, headline boxes,
//! the request to the centre and two charts.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::briefing_input::BriefingInput;
use super::briefing_text as words;
use super::chart::common::{self, DrawResult, GRID, INK, MUTED};
use super::chart::{Chart, Size};
use super::risk::RiskStyle;

/// A4 portrait at 150 dpi.
pub const SIZE: Size = Size { width: 1240, height: 1754 };

const MARGIN: i32 = 48;

fn colour((r, g, b): (u8, u8, u8)) -> RGBColor {
    RGBColor(r, g, b)
}

/// Bold text of `size`, shrunk until `s` fits in `max` pixels (not below 60%).
fn shrink_to_fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    size: f64,
    color: RGBColor,
    max: i32,
) -> TextStyle<'static> {
    let mut px = size;
    while px > size * 0.6 && common::width_of(area, s, &common::bold(px, color)) > max {
        px -= 1.0;
    }
    common::bold(px, color)
}

/// Draws wrapped lines from `y`; returns the y below the last line.
fn paragraph<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    style: &TextStyle,
    x: i32,
    y: i32,
    max: i32,
    line: i32,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let mut y = y;
    for l in common::wrap(area, s, style, max) {
        area.draw_text(&l, style, (x, y))?;
        y += line;
    }
    Ok(y)
}

/// Draws the whole briefing page on `area` (sized like [`SIZE`]).
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, b: &BriefingInput) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let (width, height) = area.dim_in_pixel();
    let (width, height) = (width as i32, height as i32);
    let inner = width - 2 * MARGIN;

    let heading = words::heading(b);
    area.draw_text(&heading, &shrink_to_fit(area, &heading, 40.0, INK, inner), (MARGIN, 40))?;
    let sub = common::fit(area, &words::subheading(b), &common::text(24.0, MUTED), inner);
    area.draw_text(&sub, &common::text(24.0, MUTED), (MARGIN, 96))?;

    // Risk banner, tall enough for its wrapped sentence.
    let (status, sentence) = words::banner(b);
    let fg = colour(b.banner_risk().text_rgb());
    let sentence_style = common::text(22.0, fg);
    let sentence_lines = common::wrap(area, &sentence, &sentence_style, inner - 48);
    let top = 142;
    let banner_h = 20 + 40 + 30 * sentence_lines.len() as i32 + 14;
    area.draw(&Rectangle::new(
        [(MARGIN, top), (width - MARGIN, top + banner_h)],
        colour(b.banner_risk().rgb()).filled(),
    ))?;
    area.draw_text(&status, &shrink_to_fit(area, &status, 32.0, fg, inner - 48), (MARGIN + 24, top + 18))?;
    for (i, l) in sentence_lines.iter().enumerate() {
        area.draw_text(l, &sentence_style, (MARGIN + 24, top + 62 + 30 * i as i32))?;
    }

    // Headline numbers: three columns, two rows.
    let gap = 16;
    let box_w = (inner - 2 * gap) / 3;
    let box_h = 122;
    let grid_top = top + banner_h + 22;
    for (i, n) in words::headlines(b).iter().enumerate() {
        let (col, row) = ((i % 3) as i32, (i / 3) as i32);
        let (x, y) = (MARGIN + col * (box_w + gap), grid_top + row * (box_h + gap));
        area.draw(&Rectangle::new([(x, y), (x + box_w, y + box_h)], GRID.stroke_width(2)))?;
        area.draw_text(n.label, &common::text(20.0, MUTED), (x + 16, y + 14))?;
        area.draw_text(&n.value, &shrink_to_fit(area, &n.value, 32.0, INK, box_w - 32), (x + 16, y + 46))?;
        let note_style = common::text(16.0, MUTED);
        area.draw_text(&common::fit(area, &n.note, &note_style, box_w - 32), &note_style, (x + 16, y + 90))?;
    }

    // What to ask the centre for.
    let (ask, why) = words::ask(b);
    let ask_top = grid_top + 2 * box_h + gap + 22;
    let ask_style = common::bold(26.0, INK);
    let why_style = common::text(18.0, MUTED);
    let ask_lines = common::wrap(area, &ask, &ask_style, inner - 48).len() as i32;
    // A what-if follows the reason, in the same box.
    let why = match words::what_if(b) {
        Some(w) => format!("{why} Bagaimana jika — {w}"),
        None => why,
    };
    let why = match words::complaints(b) {
        Some(c) => format!("{why} Aduan warga — {c}"),
        None => why,
    };
    let why_lines = common::wrap(area, &why, &why_style, inner - 48).len() as i32;
    let ask_h = 16 + 36 * ask_lines + 26 * why_lines + 14;
    area.draw(&Rectangle::new(
        [(MARGIN, ask_top), (width - MARGIN, ask_top + ask_h)],
        RGBColor(0xf4, 0xf4, 0xf4).filled(),
    ))?;
    area.draw(&Rectangle::new(
        [(MARGIN, ask_top), (MARGIN + 12, ask_top + ask_h)],
        colour(b.banner_risk().rgb()).filled(),
    ))?;
    let y = paragraph(area, &ask, &ask_style, MARGIN + 30, ask_top + 16, inner - 48, 36)?;
    paragraph(area, &why, &why_style, MARGIN + 30, y + 2, inner - 48, 26)?;

    // Footer at the bottom, charts share what is left.
    let foot_style = common::text(15.0, MUTED);
    let foot_lines = common::wrap(area, &words::footer(b), &foot_style, inner);
    let foot_top = height - 30 - 22 * foot_lines.len() as i32;
    for (i, l) in foot_lines.iter().enumerate() {
        area.draw_text(l, &foot_style, (MARGIN, foot_top + 22 * i as i32))?;
    }
    let charts_top = ask_top + ask_h + 18;
    let charts = area.margin(charts_top, height - foot_top + 10, MARGIN - 16, MARGIN - 16);
    let stock = Chart::Stock(&b.stock_chart);
    match &b.detail {
        Some(detail) => {
            let (_, ch) = charts.dim_in_pixel();
            let (upper, lower) = charts.split_vertically(ch as i32 * 41 / 100);
            stock.draw(&upper, &stock.subject())?;
            let detail = detail.chart();
            detail.draw(&lower, &detail.subject())?;
        }
        None => stock.draw(&charts, &stock.subject())?,
    }
    Ok(())
}
