//! Demand seen in the PRR backlog, and the backlog projected over the horizon.
//!
//! Residents who joined the queue in a span = cards consumed in it + the growth of the PRR
//! backlog. Both are measured over the same span (the snapshots closest to the backlog window),
//! so on a stock-out day the unmet demand shows once, in the backlog growth, and is not also
//! counted through the censored issuance rate.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use super::input::{BacklogSnapshot, DayRecord};
use crate::domain::calendar::WorkCalendar;
use crate::domain::quantity::total;

/// The two snapshots the backlog growth was measured between, and what happened in between.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct BacklogInputs {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub prr_from: i64,
    pub prr_to: i64,
    /// Working days in `(from, to]`.
    pub working_days: u32,
    /// Cards consumed in `(from, to]`.
    pub consumed: i64,
    /// PRR growth per working day (negative when the queue shrinks).
    pub growth_rate: f64,
    /// Cards needed per working day: consumption plus growth, never below 0.
    pub demand_rate: f64,
}

/// Measures backlog growth over about `window_days` working days before `as_of`; `None` without
/// two snapshots inside the span the history covers.
pub(super) fn measure(
    snapshots: &[BacklogSnapshot],
    history: &[DayRecord],
    as_of: NaiveDate,
    window_days: u32,
    cal: &WorkCalendar,
) -> Option<BacklogInputs> {
    let first_day = history.first()?.date;
    // A snapshot at the end of the day before the first record still has its consumption known.
    let lower = first_day - Days::new(1);
    let latest = snapshots.iter().filter(|s| s.date <= as_of).max_by_key(|s| s.date)?;
    let target = cal.add_working_days(as_of, -i64::from(window_days.max(1)));
    let eligible = snapshots.iter().filter(|s| s.date >= lower && s.date < latest.date);
    let before = eligible.clone().filter(|s| s.date <= target).max_by_key(|s| s.date);
    let start = before.or_else(|| eligible.min_by_key(|s| s.date))?;
    let n = cal.working_days_between(start.date, latest.date);
    if n < 1 {
        return None;
    }
    let lo = history.partition_point(|r| r.date <= start.date);
    let hi = history.partition_point(|r| r.date <= latest.date);
    let consumed = total(history[lo..hi].iter().map(|r| r.consumed.max(0)));
    let growth_rate = (latest.prr - start.prr) as f64 / n as f64;
    Some(BacklogInputs {
        from: start.date,
        to: latest.date,
        prr_from: start.prr,
        prr_to: latest.prr,
        working_days: n as u32,
        consumed,
        growth_rate,
        demand_rate: (consumed as f64 / n as f64 + growth_rate).max(0.0),
    })
}

/// Cards that can be printed each day and the queue they serve.
pub(super) struct BacklogRun<'a> {
    pub prr: f64,
    /// New residents per working day.
    pub inflow: f64,
    pub rate: f64,
    pub factors: [f64; 5],
    pub on_hand: f64,
    pub arrivals: &'a [(NaiveDate, f64)],
    /// Days another consumable (ribbon, film) is short, so nothing can be printed.
    pub blocked: &'a [bool],
}

/// PRR at the end of each day of `dates`: the queue grows by the inflow and shrinks by what the
/// stock and the office's pace allow.
pub(super) fn project(dates: &[NaiveDate], run: &BacklogRun) -> Vec<f64> {
    let mut prr = run.prr.max(0.0);
    let mut stock = run.on_hand.max(0.0);
    let mut next = 0;
    dates
        .iter()
        .enumerate()
        .map(|(j, d)| {
            while next < run.arrivals.len() && run.arrivals[next].0 <= *d {
                stock += run.arrivals[next].1;
                next += 1;
            }
            let pace = run.rate * run.factors[d.weekday().num_days_from_monday().min(4) as usize];
            let printed =
                if run.blocked.get(j).copied().unwrap_or(false) { 0.0 } else { pace.min(stock).min(prr + run.inflow) };
            stock -= printed;
            prr = (prr + run.inflow - printed).max(0.0);
            prr
        })
        .collect()
}
