//! Axes that plotters does not offer as we need them: dates with ticks on
//! Mondays or on the first of a month, and named rows listed top to bottom.

use std::ops::Range;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::{Cartesian2d, ChartContext, DrawingBackend};

use super::common::{self, DrawResult, GRID, GRID_LIGHT, INK, Look, MUTED};

use crate::report::dates;

/// Spans longer than this get month ticks and `Okt 2022` labels.
const MONTHLY_AFTER_DAYS: i64 = 75;

/// A calendar axis from `start` to `end` inclusive.
#[derive(Debug, Clone, Copy)]
pub struct DateAxis {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl DateAxis {
    fn days(self) -> i64 {
        (self.end - self.start).num_days().max(1)
    }

    /// Axis label of a tick: the month for long spans, the day otherwise.
    pub fn label(self, date: NaiveDate) -> String {
        if self.days() > MONTHLY_AFTER_DAYS { dates::month_year(date) } else { dates::short(date) }
    }

    fn month_ticks(self, max: usize) -> Vec<NaiveDate> {
        let first = |d: NaiveDate| NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d);
        let mut all = Vec::new();
        let mut m = first(self.start);
        if m < self.start {
            m = m.checked_add_months(chrono::Months::new(1)).unwrap_or(self.end);
        }
        while m <= self.end {
            all.push(m);
            m = match m.checked_add_months(chrono::Months::new(1)) {
                Some(next) => next,
                None => break,
            };
        }
        thin(all, max)
    }

    fn day_ticks(self, max: usize) -> Vec<NaiveDate> {
        let every_day: Vec<NaiveDate> = self.start.iter_days().take_while(|d| *d <= self.end).collect();
        if every_day.len() <= max {
            return every_day;
        }
        let mondays = every_day.into_iter().filter(|d| d.weekday() == Weekday::Mon).collect();
        thin(mondays, max)
    }
}

/// Keeps every k-th tick so that at most `max` remain.
fn thin(ticks: Vec<NaiveDate>, max: usize) -> Vec<NaiveDate> {
    let step = ticks.len().div_ceil(max.max(1)).max(1);
    ticks.into_iter().step_by(step).collect()
}

impl Ranged for DateAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = NaiveDate;

    fn map(&self, value: &NaiveDate, limit: (i32, i32)) -> i32 {
        let share = (*value - self.start).num_days() as f64 / self.days() as f64;
        limit.0 + (share * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<NaiveDate> {
        let max = hint.max_num_points();
        if self.days() > MONTHLY_AFTER_DAYS { self.month_ticks(max) } else { self.day_ticks(max) }
    }

    fn range(&self) -> Range<NaiveDate> {
        self.start..self.end + Duration::days(1)
    }
}

/// `rows` named bands, row 0 at the top; a value `i + 0.5` is the centre of row `i`.
#[derive(Debug, Clone, Copy)]
pub struct RowAxis {
    pub rows: usize,
}

impl Ranged for RowAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        // plotters passes the vertical limit bottom first; row 0 belongs at the top.
        let n = self.rows.max(1) as f64;
        let share = (n - value) / n;
        limit.0 + (share * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, _hint: H) -> Vec<f64> {
        // Every row is labelled; callers only pass as many rows as fit.
        (0..self.rows).map(|i| i as f64 + 0.5).collect()
    }

    fn range(&self) -> Range<f64> {
        0.0..self.rows as f64
    }
}

/// The grid and labels of a chart over dates with counts up the left: the month or day below, the
/// counts (`12.500`) and `y_desc` at the side, in the charts' shared look.
pub fn date_mesh<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<DateAxis, RangedCoordf64>>,
    look: Look,
    axis: DateAxis,
    y_labels: usize,
    y_desc: &str,
) -> DrawResult<DB> {
    chart
        .configure_mesh()
        .x_labels(12)
        .y_labels(y_labels)
        .max_light_lines(1)
        .x_label_formatter(&|d| axis.label(*d))
        .y_label_formatter(&|v| common::count_label(*v))
        .y_desc(y_desc)
        .label_style(look.text(13.0, INK))
        .axis_desc_style(look.text(14.0, MUTED))
        .bold_line_style(GRID)
        .light_line_style(GRID_LIGHT)
        .axis_style(MUTED)
        .draw()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn long_spans_tick_on_month_starts() {
        let axis = DateAxis { start: d(2022, 7, 15), end: d(2023, 1, 20) };
        let ticks = axis.key_points(10usize);
        assert_eq!(ticks.first(), Some(&d(2022, 8, 1)));
        assert!(ticks.iter().all(|t| t.day() == 1));
        assert_eq!(axis.label(d(2022, 10, 1)), "Okt 2022");
        assert!(axis.key_points(3usize).len() <= 3);
    }

    #[test]
    fn short_spans_tick_on_days_or_mondays() {
        let axis = DateAxis { start: d(2022, 10, 1), end: d(2022, 11, 15) };
        let ticks = axis.key_points(8usize);
        assert!(ticks.iter().all(|t| t.weekday() == Weekday::Mon));
        assert_eq!(axis.label(d(2022, 10, 31)), "31 Okt");
        let week = DateAxis { start: d(2022, 10, 1), end: d(2022, 10, 5) };
        assert_eq!(week.key_points(10usize).len(), 5);
    }

    #[test]
    fn rows_run_top_down() {
        let axis = RowAxis { rows: 4 };
        // Bottom pixel 400, top pixel 0.
        assert!(axis.map(&0.5, (400, 0)) < axis.map(&3.5, (400, 0)));
    }
}
