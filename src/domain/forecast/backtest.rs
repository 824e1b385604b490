//! Backtest: replay an office's history, forecast from each past date, and score the forecast
//! against what happened (blanko only), and the baselines of [`super::baseline`] on the same
//! dates.
//!
//! The stock-out a forecast at `t` should have seen is the one that would have happened with
//! only the stock known at `t`: on hand plus shipments already dispatched. Shipments dispatched
//! later are taken back out of the recorded stock, day by day. Its date is the first working day
//! that starts with no stock or ends with none (a day that ends at zero is, in recorded data,
//! almost always a day demand was cut short, and the censoring treats it so too). Origins already
//! out of stock, or where neither the replay nor any method (the forecast or a baseline) runs out
//! within the horizon, are not scored; every method is scored on the same origins, and a date
//! beyond the horizon counts as `horizon + 1` working days.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::baseline::{self, Baseline};
use super::censor::{self, Outages};
use super::input::{BacklogSnapshot, DayRecord, ForecastInput, ForecastParams, IncomingShipment, ItemInput, OutageDay};
use super::lead_time::typical_lead_time;
use crate::domain::calendar::WorkCalendar;
use crate::domain::item::Item;
use crate::domain::region::RegionCode;

/// A shipment to the office as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PastShipment {
    /// Cards that arrived (received less damaged), or dispatched while not received.
    pub quantity: i64,
    pub shipped_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
}

/// Everything recorded for one office (blanko), over the whole period to replay.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfficeHistory {
    pub region: RegionCode,
    /// One record per calendar day, ascending.
    pub history: Vec<DayRecord>,
    pub shipments: Vec<PastShipment>,
    pub outages: Vec<OutageDay>,
    pub backlog: Vec<BacklogSnapshot>,
}

/// Which dates to forecast from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BacktestParams {
    /// First origin (default: once `min_history_days` working days are recorded).
    pub from: Option<NaiveDate>,
    /// Last origin (default: the last recorded day).
    pub to: Option<NaiveDate>,
    /// Working days between origins (5: weekly).
    pub step_days: u32,
    /// Working days after the origin the realised rate is measured over.
    pub rate_horizon_days: u32,
    pub min_history_days: u32,
}

impl Default for BacktestParams {
    fn default() -> Self {
        Self { from: None, to: None, step_days: 5, rate_horizon_days: 20, min_history_days: 40 }
    }
}

/// The stock-out error of one baseline on the origins the forecast was scored on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BaselineScore {
    pub baseline: Baseline,
    /// Mean absolute error of the stock-out date, in working days.
    pub stockout_mae_days: Option<f64>,
    pub stockout_bias_days: Option<f64>,
    /// `1 − MAE of the forecast / MAE of this baseline`: the share of the baseline's error the
    /// forecast removes (0.3: 30 % lower).
    pub skill: Option<f64>,
}

/// Errors of one office, or of all.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    /// Forecasts made.
    pub origins: u32,
    /// Forecasts whose stock-out date could be scored.
    pub stockout_evaluated: u32,
    /// Mean absolute error of the stock-out date, in working days.
    pub stockout_mae_days: Option<f64>,
    /// Mean of predicted minus actual (negative: the warning came early).
    pub stockout_bias_days: Option<f64>,
    /// Share of actual stock-outs that fell within the p10–p90 range.
    pub stockout_in_range: Option<f64>,
    /// Share that came before the p10 date (the rest of the misses came after p90).
    pub stockout_before_range: Option<f64>,
    /// Forecasts whose rate could be scored (at least 5 usable days followed).
    pub rate_evaluated: u32,
    /// Mean absolute error of the issuance rate, cards per working day.
    pub rate_mae: Option<f64>,
    /// Sum of absolute rate errors over sum of realised rates.
    pub rate_relative_error: Option<f64>,
    /// The baselines on the same origins, in the order of [`Baseline::ALL`].
    pub baselines: [BaselineScore; 2],
}

impl Score {
    /// The score of `b`.
    pub fn baseline(&self, b: Baseline) -> &BaselineScore {
        &self.baselines[Baseline::ALL.iter().position(|x| *x == b).unwrap_or(0)]
    }
}

/// The score of one office.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionScore {
    pub region: RegionCode,
    pub score: Score,
}

/// Scores per office and over all offices (every scored forecast counts once).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestReport {
    pub regions: Vec<RegionScore>,
    pub overall: Score,
}

/// Running sums behind a [`Score`].
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    origins: u32,
    so_n: u32,
    so_abs: f64,
    so_bias: f64,
    so_in: u32,
    so_before: u32,
    /// Absolute and signed errors of each baseline, same origins.
    base_abs: [f64; 2],
    base_bias: [f64; 2],
    rate_n: u32,
    rate_abs: f64,
    rate_real: f64,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.origins += o.origins;
        self.so_n += o.so_n;
        self.so_abs += o.so_abs;
        self.so_bias += o.so_bias;
        self.so_in += o.so_in;
        self.so_before += o.so_before;
        for b in 0..2 {
            self.base_abs[b] += o.base_abs[b];
            self.base_bias[b] += o.base_bias[b];
        }
        self.rate_n += o.rate_n;
        self.rate_abs += o.rate_abs;
        self.rate_real += o.rate_real;
    }

    fn score(&self) -> Score {
        let per = |x: f64, n: u32| (n > 0).then(|| x / f64::from(n));
        let mae = per(self.so_abs, self.so_n);
        let baselines = [0, 1].map(|b| {
            let base = per(self.base_abs[b], self.so_n);
            BaselineScore {
                baseline: Baseline::ALL[b],
                stockout_mae_days: base,
                stockout_bias_days: per(self.base_bias[b], self.so_n),
                skill: mae.zip(base).filter(|(_, base)| *base > 0.0).map(|(m, base)| 1.0 - m / base),
            }
        });
        Score {
            origins: self.origins,
            stockout_evaluated: self.so_n,
            stockout_mae_days: mae,
            stockout_bias_days: per(self.so_bias, self.so_n),
            stockout_in_range: per(f64::from(self.so_in), self.so_n),
            stockout_before_range: per(f64::from(self.so_before), self.so_n),
            rate_evaluated: self.rate_n,
            rate_mae: per(self.rate_abs, self.rate_n),
            rate_relative_error: (self.rate_real > 0.0).then(|| self.rate_abs / self.rate_real),
            baselines,
        }
    }
}

/// Replays every office and scores it.
pub fn backtest(
    offices: &[OfficeHistory],
    params: &ForecastParams,
    bt: &BacktestParams,
    cal: &WorkCalendar,
) -> BacktestReport {
    let mut all = Tally::default();
    let regions = offices
        .iter()
        .map(|o| {
            let t = replay(o, params, bt, cal);
            all.add(&t);
            RegionScore { region: o.region.clone(), score: t.score() }
        })
        .collect();
    BacktestReport { regions, overall: all.score() }
}

/// Replays one office.
fn replay(o: &OfficeHistory, params: &ForecastParams, bt: &BacktestParams, cal: &WorkCalendar) -> Tally {
    let mut tally = Tally::default();
    let (Some(first), Some(last)) = (o.history.first(), o.history.last()) else {
        return tally;
    };
    let from = bt.from.unwrap_or_else(|| cal.add_working_days(first.date, i64::from(bt.min_history_days)));
    let to = bt.to.unwrap_or(last.date).min(last.date);
    let outages = Outages::new(&o.outages);
    let mut t = cal.on_or_after(from.max(first.date));
    while t <= to {
        evaluate(o, t, &outages, params, bt, cal, &mut tally);
        t = cal.add_working_days(t, i64::from(bt.step_days.max(1)));
    }
    tally
}

/// The forecast input an office's store would have assembled at `t`.
fn input_at(o: &OfficeHistory, t: NaiveDate, params: &ForecastParams, cal: &WorkCalendar) -> ForecastInput {
    let start = params.history_start(t, cal);
    let lo = o.history.partition_point(|r| r.date < start);
    let hi = o.history.partition_point(|r| r.date <= t);
    let pairs: Vec<(NaiveDate, NaiveDate)> =
        o.shipments.iter().filter_map(|s| s.received_on.filter(|r| *r <= t).map(|r| (s.shipped_on, r))).collect();
    let incoming = o
        .shipments
        .iter()
        .filter(|s| s.shipped_on <= t && s.received_on.is_none_or(|r| r > t))
        .map(|s| IncomingShipment {
            quantity: s.quantity,
            shipped_on: s.shipped_on,
            expected_on: None,
            reference: None,
        })
        .collect();
    ForecastInput {
        region: o.region.clone(),
        as_of: t,
        items: vec![ItemInput {
            item: Item::Blanko,
            history: o.history[lo..hi].to_vec(),
            on_hand: o.history[..hi].last().map_or(0, |r| r.closing_stock),
            incoming,
            allocated_not_shipped: 0,
        }],
        outages: o.outages.iter().filter(|x| x.date >= start && x.date <= t).copied().collect(),
        backlog: o.backlog.iter().filter(|b| b.date >= start - Days::new(1) && b.date <= t).copied().collect(),
        route_lead_time_days: typical_lead_time(&pairs, cal).map(|l| l.days),
        last_report: None,
    }
}

/// Forecasts at `origin` and scores it against the following days.
fn evaluate(
    office: &OfficeHistory,
    origin: NaiveDate,
    outages: &Outages,
    params: &ForecastParams,
    bt: &BacktestParams,
    cal: &WorkCalendar,
    tally: &mut Tally,
) {
    let input = input_at(office, origin, params, cal);
    let fc = super::forecast(&input, params, cal);
    tally.origins += 1;
    let horizon = i64::from(params.horizon_days.max(1));
    let index = |d: Option<NaiveDate>| d.map_or(horizon + 1, |d| cal.working_days_between(origin, d));
    if input.items[0].on_hand > 0
        && let Some(actual) = replayed_stockout(office, origin, horizon, cal)
    {
        let predicted = index(fc.stockout_date);
        let known = &office.history[..office.history.partition_point(|r| r.date <= origin)];
        let base = Baseline::ALL.map(|b| {
            let rate = baseline::rate(known, origin, b, cal);
            index(baseline::straight_line_stockout(&input, rate, params, cal))
        });
        if predicted <= horizon || actual <= horizon || base.iter().any(|p| *p <= horizon) {
            let err = (predicted - actual) as f64;
            tally.so_n += 1;
            tally.so_abs += err.abs();
            tally.so_bias += err;
            let (early, late) = (index(fc.stockout_p10), index(fc.stockout_p90));
            tally.so_in += u32::from(early <= actual && actual <= late);
            tally.so_before += u32::from(actual < early);
            for (b, p) in base.iter().enumerate() {
                let err = (p - actual) as f64;
                tally.base_abs[b] += err.abs();
                tally.base_bias[b] += err;
            }
        }
    }
    // The realised rate: the same censoring over the following working days.
    let end = cal.add_working_days(origin, i64::from(bt.rate_horizon_days.max(1)));
    if end <= office.history.last().map_or(origin, |r| r.date) {
        let samples = censor::samples(&office.history, end, outages, bt.rate_horizon_days, params.working_hours, cal);
        let (consumed, weight) = samples
            .iter()
            .filter(|x| x.date > origin && x.weight > 0.0)
            .fold((0.0, 0.0), |(c, w), x| (c + x.consumed, w + x.weight));
        if weight >= 5.0 {
            let realised = consumed / weight;
            tally.rate_n += 1;
            tally.rate_abs += (fc.issuance_rate - realised).abs();
            tally.rate_real += realised;
        }
    }
}

/// Working days after `t` to the replayed stock-out (1-based), `horizon + 1` when none within the
/// horizon, `None` when the history ends first.
fn replayed_stockout(o: &OfficeHistory, t: NaiveDate, horizon: i64, cal: &WorkCalendar) -> Option<i64> {
    let known = |s: &&PastShipment| s.shipped_on <= t;
    let mut i = o.history.partition_point(|r| r.date <= t);
    let mut cf_end = o.history[..i].last()?.closing_stock as f64;
    let mut unknown = 0.0;
    let mut j = 0;
    let mut day = t;
    while j < horizon {
        day = day + Days::new(1);
        let rec = o.history.get(i).filter(|r| r.date == day)?;
        i += 1;
        let arrived = |s: &&PastShipment| s.received_on == Some(day);
        let known_in: f64 = o.shipments.iter().filter(known).filter(arrived).map(|s| s.quantity as f64).sum();
        unknown += o.shipments.iter().filter(|s| !known(s)).filter(arrived).map(|s| s.quantity as f64).sum::<f64>();
        let start = cf_end + known_in;
        cf_end = rec.closing_stock as f64 - unknown;
        if cal.is_working_day(day) {
            j += 1;
            if start <= 0.0 || cf_end <= 0.0 {
                return Some(j);
            }
        }
    }
    Some(horizon + 1)
}

#[cfg(test)]
mod tests;
