//! Day-by-day stock projection of one item: the stock-out date and its p10–p90 range.
//!
//! Day `j` of the horizon is the `j`-th working day after `as_of`. Arrivals count from the first
//! working day on or after their date (overdue ones on day 1). The stock-out date is the first
//! working day whose demand cannot be fully met: with 100 cards at 10 a day, day 11. The balance
//! is left to go negative (cards owed): a later arrival first pays that back, as the backlog of
//! residents waiting for a card comes back when stock does.

use chrono::{Datelike, NaiveDate};

/// z of the 90th percentile of a normal distribution.
const Z90: f64 = 1.281_551_565_545;

/// Tolerance for "cannot be met", so exact covers land on the exact day.
const EPS: f64 = 1e-6;

/// How an item is consumed over the horizon.
#[derive(Debug, Clone, Copy)]
pub(super) struct Consumption {
    pub rate: f64,
    pub factors: [f64; 5],
    /// Day-to-day standard deviation of consumption.
    pub std_dev: f64,
    /// Standard error of the rate.
    pub std_error: f64,
    /// Relative random-walk drift of the rate per √working day.
    pub drift: f64,
    /// Change of the rate per working day ahead, carried for `trend_days`.
    pub trend: f64,
    pub trend_days: u32,
}

/// The projection of one item over the horizon.
#[derive(Debug, Clone, Default)]
pub(super) struct Projection {
    /// 0-based horizon index of the stock-out day, if within the horizon.
    pub stockout: Option<usize>,
    /// Earliest plausible stock-out (10 % chance of running out by then).
    pub early: Option<usize>,
    /// Latest plausible stock-out (90 % chance of having run out by then).
    pub late: Option<usize>,
    /// End-of-day balance, negative when cards are owed.
    pub balance: Vec<f64>,
    /// Half-width of the 80 % band of cumulative demand, each day.
    pub spread: Vec<f64>,
}

impl Consumption {
    /// Expected use on `d`, the `k`-th working day ahead (0 for a day not yet reported).
    pub fn on(&self, d: NaiveDate, k: usize) -> f64 {
        let ahead = k.min(self.trend_days as usize) as f64;
        (self.rate + self.trend * ahead).max(0.0) * self.factors[d.weekday().num_days_from_monday().min(4) as usize]
    }
}

/// Projects `on_hand` plus `arrivals` (sorted by date) against consumption over `dates`.
///
/// `unreported` are the working days up to `as_of` the office has not reported yet: their use is
/// expected, not known, so the projection starts from the last report and `on_hand` is the last
/// known stock (with what was received since). A stock-out within them lands on the first day of
/// the horizon, and the range widens by the days not seen.
pub(super) fn project(
    unreported: &[NaiveDate],
    dates: &[NaiveDate],
    on_hand: f64,
    arrivals: &[(NaiveDate, f64)],
    c: &Consumption,
) -> Projection {
    let mut out = Projection {
        balance: Vec::with_capacity(dates.len()),
        spread: Vec::with_capacity(dates.len()),
        ..Projection::default()
    };
    let (var_day, var_rate) = (c.std_dev * c.std_dev, c.std_error * c.std_error);
    let var_drift = (c.rate * c.drift) * (c.rate * c.drift) / 3.0;
    let spread_after = |k: usize| {
        // Variance of cumulative demand after k days: day-to-day noise grows with k, an error in
        // the rate with k², a rate wandering as a random walk with k³ / 3.
        let k = k as f64;
        Z90 * (k * var_day + k * k * var_rate + k * k * k * var_drift).sqrt()
    };
    let mut supply = on_hand;
    let mut demand: f64 = unreported.iter().map(|d| c.on(*d, 0)).sum();
    let mut next = 0;
    for (j, d) in dates.iter().enumerate() {
        while next < arrivals.len() && arrivals[next].0 <= *d {
            supply += arrivals[next].1;
            next += 1;
        }
        demand += c.on(*d, j + 1);
        out.balance.push(supply - demand);
        if out.stockout.is_none() && demand > supply + EPS {
            out.stockout = Some(j);
        }
        let spread = spread_after(unreported.len() + j + 1);
        out.spread.push(spread);
        if out.early.is_none() && demand + spread > supply + EPS {
            out.early = Some(j);
        }
        if out.late.is_none() && (demand - spread).max(0.0) > supply + EPS {
            out.late = Some(j);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::WorkCalendar;

    fn flat(rate: f64) -> Consumption {
        Consumption { rate, factors: [1.0; 5], std_dev: 0.0, std_error: 0.0, drift: 0.0, trend: 0.0, trend_days: 0 }
    }

    fn dates(n: i64) -> Vec<NaiveDate> {
        let cal = WorkCalendar::weekdays_only();
        let start = NaiveDate::from_ymd_opt(2022, 10, 31).unwrap();
        (1..=n).map(|j| cal.add_working_days(start, j)).collect()
    }

    #[test]
    fn exact_cover_runs_out_the_next_day() {
        let p = project(&[], &dates(30), 100.0, &[], &flat(10.0));
        assert_eq!(p.stockout, Some(10)); // the 11th working day
        assert_eq!(p.early, Some(10));
        assert_eq!(p.late, Some(10));
        let p = project(&[], &dates(30), 105.0, &[], &flat(10.0));
        assert_eq!(p.stockout, Some(10));
    }

    #[test]
    fn noise_widens_the_range_around_the_point() {
        let noisy = Consumption { std_dev: 5.0, std_error: 1.0, ..flat(10.0) };
        let path = project(&[], &dates(60), 200.0, &[], &noisy);
        let (early, point, late) = (path.early.unwrap(), path.stockout.unwrap(), path.late.unwrap());
        assert!(early < point && point < late, "{early} {point} {late}");
    }

    #[test]
    fn zero_rate_never_runs_out() {
        let p = project(&[], &dates(30), 0.0, &[], &flat(0.0));
        assert_eq!((p.stockout, p.early, p.late), (None, None, None));
    }
}
