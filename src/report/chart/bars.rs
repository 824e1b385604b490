//! Horizontal bars with names on the left: the shared drawing, and the PRR
//! backlog per kecamatan.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::BacklogChart;
use super::axis::RowAxis;
use super::common::{self, DrawResult, GRID, GRID_LIGHT, INK, Look, MUTED, STOCK};
use crate::domain::quantity::format_id;

/// One bar, already in display order.
pub(super) struct HBar {
    pub(super) label: String,
    pub(super) value: f64,
    pub(super) color: RGBColor,
    pub(super) value_text: String,
    /// Set for a value that must stand out (an empty region has no bar to show).
    pub(super) value_color: Option<RGBColor>,
}

/// A vertical reference line with its label above the plot.
pub(super) struct RefLine {
    pub(super) at: f64,
    pub(super) label: String,
    pub(super) color: RGBColor,
}

/// How many of `rows` rows of nominal `row_px` fit in `area` below `top_px`
/// of headroom, keeping room for the axis and, when rows are cut, a note.
pub(super) fn rows_that_fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    row_px: i32,
    top_px: i32,
    rows: usize,
) -> usize {
    let h = area.dim_in_pixel().1 as i32;
    let free = h - look.px(40 + 6 + top_px);
    let all = (free / look.px(row_px)).max(1) as usize;
    if rows <= all { rows } else { ((free - look.px(22)) / look.px(row_px)).max(1) as usize }
}

/// Width of the name column: the longest name, within 38% of the chart.
pub(super) fn label_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    names: impl Iterator<Item = String>,
) -> i32 {
    let style = look.text(13.0, INK);
    let cap = area.dim_in_pixel().0 as i32 * 38 / 100;
    names
        .map(|n| common::width_of(area, &n, &style) + look.px(18))
        .max()
        .unwrap_or(40)
        .clamp(look.px(40), cap.max(look.px(40)))
}

/// The top of `area`, just tall enough for `rows` rows of at most `max_row_px` below `chrome_px`
/// of axis and margins: one or two regions get bars of a normal thickness, not the whole picture.
pub(super) fn fit_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    rows: usize,
    max_row_px: i32,
    chrome_px: i32,
) -> DrawingArea<DB, Shift> {
    let h = area.dim_in_pixel().1 as i32;
    let needed = look.px(chrome_px) + rows as i32 * look.px(max_row_px);
    if needed < h { area.split_vertically(needed).0 } else { area.clone() }
}

/// Writes `note` under the chart (when rows were left out); returns the area above it.
pub(super) fn foot_note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    note: Option<String>,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    let Some(note) = note else {
        return Ok(area.clone());
    };
    let h = area.dim_in_pixel().1 as i32;
    let (body, foot) = area.split_vertically(h - look.px(22));
    foot.draw_text(&note, &look.text(12.0, MUTED), (look.px(16), look.px(2)))?;
    Ok(body)
}

/// A chart with counts along x and one row per name along y.
pub(super) type RowChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RowAxis>>;

/// A chart of one row per name, counts along x up to `x_max`, with its grid and labels drawn:
/// the frame every horizontal-bar chart shares.
pub(super) fn row_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    look: Look,
    top: i32,
    x_max: f64,
    names: &[String],
    name_px: i32,
    x_desc: &str,
) -> Result<RowChart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let mut chart = ChartBuilder::on(area)
        .margin_left(look.px(12))
        .margin_right(look.px(24))
        .margin_top(look.px(top))
        .margin_bottom(look.px(6))
        .x_label_area_size(look.px(40))
        .y_label_area_size(name_px)
        .build_cartesian_2d(0.0..x_max, RowAxis { rows: names.len() })?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_labels(8)
        .max_light_lines(1)
        .x_label_formatter(&|v| common::count_label(*v))
        .y_label_formatter(&|v| names.get(*v as usize).cloned().unwrap_or_default())
        .x_desc(x_desc)
        .label_style(look.text(13.0, INK))
        .axis_desc_style(look.text(13.0, MUTED))
        .bold_line_style(GRID)
        .light_line_style(GRID_LIGHT)
        .axis_style(MUTED)
        .draw()?;
    Ok(chart)
}

pub(super) fn draw_hbars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    bars: &[HBar],
    x_max: f64,
    x_desc: &str,
    refs: &[RefLine],
) -> DrawResult<DB> {
    let top = if refs.is_empty() { 6 } else { 26 };
    let area = &fit_rows(area, look, bars.len(), 34, 40 + 6 + 6 + top);
    let name_px = label_width(area, look, bars.iter().map(|b| b.label.clone()));
    let label_style = look.text(13.0, INK);
    let names: Vec<String> =
        bars.iter().map(|b| common::fit(area, &b.label, &label_style, name_px - look.px(14))).collect();
    let mut chart = row_chart(area, look, top, x_max, &names, name_px, x_desc)?;
    let plot_h = chart.plotting_area().dim_in_pixel().1 as i32;
    let row_px = plot_h / bars.len().max(1) as i32;
    let pad = (row_px / 6).clamp(1, look.px(8)) as u32;
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        let mut r = Rectangle::new([(0.0, i as f64), (b.value.max(0.0), i as f64 + 1.0)], b.color.filled());
        r.set_margin(pad, pad, 0, 0);
        r
    }))?;
    // Reference lines over the bars, numbers over both.
    let rows = bars.len() as f64;
    for r in refs {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(r.at, 0.0), (r.at, rows)],
            r.color.stroke_width(look.upx(2)),
        )))?;
        let style = look.bold(12.0, r.color).pos(Pos::new(HPos::Center, VPos::Bottom));
        let label = EmptyElement::at((r.at, 0.0)) + Text::new(r.label.clone(), (0, -look.px(6)), style);
        chart.plotting_area().draw(&label)?;
    }
    for (i, b) in bars.iter().enumerate() {
        let style = match b.value_color {
            Some(c) => look.bold(12.0, c),
            None => look.text(12.0, INK),
        };
        let style = style.pos(Pos::new(HPos::Left, VPos::Center));
        let label = EmptyElement::at((b.value.max(0.0), i as f64 + 0.5))
            + Text::new(b.value_text.clone(), (look.px(6), 0), style);
        chart.plotting_area().draw(&label)?;
    }
    Ok(())
}

/// Room right of the longest bar for its value label.
fn headroom(max: f64) -> f64 {
    (max * 1.18).max(1.0)
}

/// PRR backlog per kecamatan, largest first; rows that do not fit are left out with a note.
pub fn draw_backlog<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, look: Look, c: &BacklogChart) -> DrawResult<DB> {
    if c.rows.is_empty() {
        return common::empty(area, look);
    }
    let mut rows: Vec<_> = c.rows.iter().collect();
    rows.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.name.cmp(&b.name)));
    let fit = rows_that_fit(area, look, 15, 6, rows.len());
    let note = (rows.len() > fit)
        .then(|| format!("Ditampilkan {fit} dari {} {}, antrean terbesar lebih dulu.", rows.len(), c.per.label()));
    rows.truncate(fit);
    let body = foot_note(area, look, note)?;
    let bars: Vec<HBar> = rows
        .iter()
        .map(|r| HBar {
            label: r.name.clone(),
            value: r.value as f64,
            color: STOCK,
            value_text: format_id(r.value),
            value_color: None,
        })
        .collect();
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    draw_hbars(&body, look, &bars, headroom(max), "Jumlah warga yang menunggu cetak KTP-el", &[])
}
