//! Stock on hand over time, the forecast with its p10–p90 band, and the
//! projected stock-out date.

use chrono::{Duration, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{DateAxis, date_mesh};
use super::common::{self, ALERT, BAND, DrawResult, FORECAST, Look, MUTED, Mark, STOCK};
use super::{StockChart, StockoutRange};
use crate::report::dates;

/// First and last date shown: all data, the late stock-out date and the as-of date.
fn span(c: &StockChart) -> Option<(NaiveDate, NaiveDate)> {
    let mut all = c.history.iter().map(|p| p.date).chain(c.forecast.iter().map(|p| p.date));
    let first = all.next()?;
    let (mut lo, mut hi) = all.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d)));
    if let Some(s) = c.stockout {
        hi = hi.max(s.p90 + Duration::days(3));
    }
    lo = lo.min(c.as_of);
    hi = hi.max(c.as_of);
    if hi <= lo {
        hi = lo + Duration::days(7);
    }
    Some((lo, hi))
}

/// Stock history, forecast band and line, the as-of date and the stock-out marker.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, look: Look, c: &StockChart) -> DrawResult<DB> {
    let Some((start, end)) = span(c) else {
        return common::empty(area, look);
    };
    let top = c
        .history
        .iter()
        .map(|p| p.on_hand as f64)
        .chain(c.forecast.iter().flat_map(|p| [p.expected, p.high]))
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    // Headroom above the data keeps the labels at the top clear of the lines.
    let y_max = (top * 1.3).max(10.0);

    // A roll-up's forecast has no spread: no band, and no legend entry for one.
    let has_band = c.forecast.iter().any(|p| (p.high - p.low).abs() >= 0.5);
    let mut legend = vec![(Mark::Line(STOCK), "Stok tercatat")];
    if !c.forecast.is_empty() {
        legend.push((Mark::Dashed(FORECAST), "Perkiraan"));
    }
    if has_band {
        legend.push((Mark::Box(BAND), "Rentang kemungkinan (10–90%)"));
    }
    // The dates go in the legend: inside the plot a block of text would hide the line.
    let stockout_text = c.stockout.map(|s| stockout_legend(s, c.as_of));
    if let Some(t) = &stockout_text {
        legend.push((Mark::Line(ALERT), t.as_str()));
    }
    let body = common::legend(area, look, &legend)?;

    let axis = DateAxis { start, end };
    let mut chart = ChartBuilder::on(&body)
        .margin_left(look.px(12))
        .margin_right(look.px(28))
        .margin_top(look.px(8))
        .margin_bottom(look.px(6))
        .x_label_area_size(look.px(34))
        .y_label_area_size(look.px(84))
        .build_cartesian_2d(axis, 0.0..y_max)?;
    date_mesh(&mut chart, look, axis, 8, "Keping")?;

    if let Some(s) = c.stockout {
        // The spread of possible stock-out dates, faint so the lines stay legible.
        chart.draw_series(std::iter::once(Rectangle::new([(s.p10, 0.0), (s.p90, y_max)], ALERT.mix(0.08).filled())))?;
    }
    if has_band {
        let band: Vec<(NaiveDate, f64)> = c
            .forecast
            .iter()
            .map(|p| (p.date, p.low.max(0.0)))
            .chain(c.forecast.iter().rev().map(|p| (p.date, p.high.max(0.0))))
            .collect();
        chart.draw_series(std::iter::once(Polygon::new(band, BAND.filled())))?;
    }
    // The as-of date: recorded stock to the left, forecast to the right.
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(c.as_of, 0.0), (c.as_of, y_max)],
        MUTED.stroke_width(1),
    )))?;
    if !c.history.is_empty() {
        let points: Vec<(NaiveDate, f64)> = c.history.iter().map(|p| (p.date, p.on_hand as f64)).collect();
        chart
            .draw_series(AreaSeries::new(points, 0.0, STOCK.mix(0.10)).border_style(STOCK.stroke_width(look.upx(3))))?;
    }
    if !c.forecast.is_empty() {
        let points: Vec<(NaiveDate, f64)> = c.forecast.iter().map(|p| (p.date, p.expected.max(0.0))).collect();
        chart.draw_series(DashedLineSeries::new(
            points,
            look.upx(10),
            look.upx(6),
            FORECAST.stroke_width(look.upx(3)),
        ))?;
    }
    if let Some(s) = c.stockout {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(s.p50, 0.0), (s.p50, y_max)],
            ALERT.stroke_width(look.upx(2)),
        )))?;
        // Only the date beside the line, on the side with room for it.
        let text = dates::short(s.p50);
        let style = look.bold(14.0, ALERT);
        let width = common::width_of(area, &text, &style);
        let x_right = chart.backend_coord(&(end, 0.0)).0;
        let x_line = chart.backend_coord(&(s.p50, 0.0)).0;
        let pad = look.px(4);
        let right = x_right - x_line > width + look.px(14);
        let (h, dx, y0) = if right {
            (HPos::Left, look.px(8), look.px(4))
        } else {
            // Left of the line, one row down so that it never meets the as-of label.
            (HPos::Right, -look.px(8), look.px(24))
        };
        let (bx0, bx1) = if right { (dx - pad, dx + width + pad) } else { (dx - width - pad, dx + pad) };
        let label = EmptyElement::at((s.p50, y_max))
            + Rectangle::new([(bx0, y0 - pad / 2), (bx1, y0 + look.px(18))], WHITE.mix(0.85).filled())
            + Text::new(text, (dx, y0), style.pos(Pos::new(h, VPos::Top)));
        chart.plotting_area().draw(&label)?;
    }
    // The as-of label last, on top; the stock-out label sits one row lower so the two never meet.
    let as_of_text = format!("per {}", dates::short(c.as_of));
    let as_of_style = look.text(12.0, MUTED).pos(Pos::new(HPos::Right, VPos::Top));
    let as_of_w = common::width_of(area, &as_of_text, &as_of_style);
    let as_of_label = EmptyElement::at((c.as_of, y_max))
        + Rectangle::new([(-as_of_w - look.px(9), look.px(2)), (-look.px(2), look.px(20))], WHITE.mix(0.9).filled())
        + Text::new(as_of_text, (-look.px(5), look.px(4)), as_of_style);
    chart.plotting_area().draw(&as_of_label)?;
    Ok(())
}

/// `Perkiraan habis: 16 Nov (kemungkinan 10 Nov – 24 Nov)`, or `Stok habis: 24 Okt` when past.
fn stockout_legend(s: StockoutRange, as_of: NaiveDate) -> String {
    if s.p50 <= as_of {
        format!("Stok habis: {}", dates::short(s.p50))
    } else if s.p10 == s.p90 {
        format!("Perkiraan habis: {}", dates::short(s.p50))
    } else {
        format!(
            "Perkiraan habis: {} (kemungkinan {} – {})",
            dates::short(s.p50),
            dates::short(s.p10),
            dates::short(s.p90)
        )
    }
}
