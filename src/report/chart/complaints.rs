//! Weekly complaints by category (stacked bars, left axis) over the blanko on hand (a line, right
//! axis), so a stock-out and the complaints it causes show in one picture.

use chrono::{Duration, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{DateAxis, date_mesh};
use super::common::{self, DrawResult, INK, Look, MUTED, Mark, STOCK};
use super::input::ComplaintChart;
use crate::domain::complaints::Category;

/// One colour per category, in the order of `Category::ALL`: the stock-out red first.
const COLOURS: [RGBColor; 5] = [
    RGBColor(0xd3, 0x2f, 0x2f),
    RGBColor(0xf5, 0x7c, 0x00),
    RGBColor(0x7b, 0x1f, 0xa2),
    RGBColor(0x00, 0x89, 0x7b),
    RGBColor(0x9e, 0x9e, 0x9e),
];

/// The bars, the stock line and the legend.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, look: Look, c: &ComplaintChart) -> DrawResult<DB> {
    let dates = c.weeks.iter().flat_map(|w| [w.week, w.week + Duration::days(6)]).chain(c.stock.iter().map(|p| p.date));
    let (Some(start), Some(end)) = (dates.clone().min(), dates.max()) else {
        return common::empty(area, look);
    };
    let end = end.max(start + Duration::days(7));
    let top = c.weeks.iter().map(|w| w.counts.iter().sum::<u32>()).max().unwrap_or(0);
    let y_max = (f64::from(top) * 1.25).max(5.0);
    let stock_max = (c.stock.iter().map(|p| p.on_hand).max().unwrap_or(0) as f64 * 1.15).max(10.0);

    let labels: Vec<String> = Category::ALL.iter().map(|k| format!("Aduan {}", k.label())).collect();
    let mut legend: Vec<(Mark, &str)> = vec![(Mark::Line(STOCK), "Stok blanko (sumbu kanan)")];
    legend.extend(COLOURS.iter().zip(&labels).map(|(colour, l)| (Mark::Box(*colour), l.as_str())));
    let body = common::legend(area, look, &legend)?;

    let axis = DateAxis { start, end };
    let mut chart = ChartBuilder::on(&body)
        .margin_left(look.px(12))
        .margin_right(look.px(12))
        .margin_top(look.px(8))
        .margin_bottom(look.px(6))
        .x_label_area_size(look.px(34))
        .y_label_area_size(look.px(64))
        .right_y_label_area_size(look.px(84))
        .build_cartesian_2d(axis, 0.0..y_max)?
        .set_secondary_coord(axis, 0.0..stock_max);
    date_mesh(&mut chart, look, axis, 6, "Aduan per minggu")?;
    chart
        .configure_secondary_axes()
        .y_labels(6)
        .y_label_formatter(&|v| common::count_label(*v))
        .y_desc("Keping")
        .label_style(look.text(13.0, INK))
        .axis_desc_style(look.text(14.0, MUTED))
        .axis_style(MUTED)
        .draw()?;

    // Each week a stack, one block per category, with a small gap between weeks.
    let bars = c.weeks.iter().flat_map(|w| {
        // Monday to Saturday: the day left over keeps the weeks apart.
        let (x0, x1) = (w.week, w.week + Duration::days(5));
        let mut base = 0.0;
        w.counts.iter().zip(COLOURS).filter(|(n, _)| **n > 0).map(move |(n, colour)| {
            let top = base + f64::from(*n);
            let bar = Rectangle::new([(x0, base), (x1, top)], colour.filled());
            base = top;
            bar
        })
    });
    chart.draw_series(bars)?;
    if !c.stock.is_empty() {
        let points: Vec<(NaiveDate, f64)> = c.stock.iter().map(|p| (p.date, p.on_hand as f64)).collect();
        chart.draw_secondary_series(LineSeries::new(points, STOCK.stroke_width(look.upx(3))))?;
    }
    Ok(())
}
