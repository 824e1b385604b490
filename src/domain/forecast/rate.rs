//! The issuance rate from censored samples, with its uncertainty and the inputs it used.

use chrono::NaiveDate;
use serde::Serialize;

use super::censor::{CensorReason, CensoredDay, Sample};
use super::input::RateMethod;

/// Where a rate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RateSource {
    /// Estimated from the daily history.
    History,
    /// No usable day in the history: the demand seen in the PRR backlog stands in.
    Backlog,
    /// No usable day for ribbon or film: the blanko rate divided by cards per unit stands in.
    Cards,
    /// Nothing to go on: the rate is 0 and no date is forecast.
    None,
}

/// What a rate was computed from, so a user can see why it is what it is.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RateInputs {
    pub method: RateMethod,
    pub source: RateSource,
    /// Oldest and newest working day read (`None` without history).
    pub window_start: Option<NaiveDate>,
    pub window_end: Option<NaiveDate>,
    /// Working days read, censored or not.
    pub working_days: u32,
    /// Working days that counted (weight above 0).
    pub samples: u32,
    /// Samples after weighting (outage shares, recency): the `n` behind `std_error`.
    pub effective_samples: f64,
    pub censored_no_stock: u32,
    pub censored_outage: u32,
    pub censored_no_data: u32,
    /// Every censored or down-weighted day, newest first.
    pub censored: Vec<CensoredDay>,
    /// Day-to-day standard deviation of consumption (units per full working day).
    pub std_dev: f64,
    /// Standard error of the rate.
    pub std_error: f64,
    /// Monday…Friday multipliers of the rate used in the projection (mean 1), when enabled.
    pub weekday_factors: Option<[f64; 5]>,
}

/// A rate and its inputs.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Estimate {
    pub rate: f64,
    pub factors: [f64; 5],
    /// Change of the rate per working day ahead (0 without a trend term).
    pub trend: f64,
    pub inputs: RateInputs,
}

/// How much a trend must stand out of the noise to count: the slope is multiplied by
/// `t² / (t² + TREND_SHRINK)` for its t-statistic `t`, so it counts half at `t` ≈ 5.7 and little
/// below 3 (chosen by backtest, `docs/forecast.md`).
const TREND_SHRINK: f64 = 32.0;

/// The rate's level today and its change per working day: a weighted linear fit of the censored
/// daily rates against their age, with the recency weights of `method`, the slope shrunk by its
/// own noise ([`TREND_SHRINK`]), so that a trend the data barely shows counts for little.
/// Only for the exponentially weighted mean (the default); `None` for other methods, with fewer
/// than 10 usable days, or without a measurable slope.
pub(super) fn trend(samples: &[Sample], method: RateMethod) -> Option<(f64, f64)> {
    let RateMethod::CensoredEwma { half_life } = method else { return None };
    let decay = 0.5_f64.powf(1.0 / half_life.max(0.5));
    let days = &samples[..samples.len().min(method.lookback_days() as usize)];
    let points: Vec<(f64, f64, f64)> = days
        .iter()
        .enumerate()
        .filter(|(_, s)| s.weight > 0.0)
        .map(|(age, s)| (age as f64, s.consumed / s.weight, decay.powi(age as i32) * s.weight))
        .collect();
    if points.len() < 10 {
        return None;
    }
    let sw: f64 = points.iter().map(|p| p.2).sum();
    let (tm, ym) =
        (points.iter().map(|p| p.2 * p.0).sum::<f64>() / sw, points.iter().map(|p| p.2 * p.1).sum::<f64>() / sw);
    let sxx: f64 = points.iter().map(|p| p.2 * (p.0 - tm).powi(2)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let slope = points.iter().map(|p| p.2 * (p.0 - tm) * (p.1 - ym)).sum::<f64>() / sxx;
    // Sandwich variance of the slope with the fit's residuals.
    let var: f64 =
        points.iter().map(|p| (p.2 * (p.0 - tm) * (p.1 - ym - slope * (p.0 - tm))).powi(2)).sum::<f64>() / (sxx * sxx);
    // A change over the window below rounding is no trend.
    if (slope * tm).abs() <= 1e-9 * ym.abs().max(1.0) {
        return None;
    }
    let t2 = if var > 0.0 { slope * slope / var } else { 0.0 };
    let slope = slope * t2 / (t2 + TREND_SHRINK);
    // Age grows into the past: the rate changes by -slope per working day ahead.
    Some(((ym - slope * tm).max(0.0), -slope))
}

/// Pseudo-days of "no weekday effect" each weekday's factor is shrunk towards.
const WEEKDAY_PRIOR_DAYS: f64 = 4.0;

/// Estimates units per working day from `samples` (most recent first).
pub(super) fn estimate(samples: &[Sample], method: RateMethod, weekday_effects: bool) -> Estimate {
    let used = match method {
        RateMethod::Mean { window } | RateMethod::CensoredMean { window } | RateMethod::CensoredMedian { window } => {
            samples.len().min(window as usize)
        }
        RateMethod::CensoredSamples { samples: wanted } => {
            let mut seen = 0;
            samples
                .iter()
                .position(|s| {
                    seen += u32::from(s.weight > 0.0);
                    seen >= wanted
                })
                .map_or(samples.len(), |p| p + 1)
        }
        RateMethod::CensoredEwma { .. } => samples.len(),
    };
    let days = &samples[..used];
    let censoring = !matches!(method, RateMethod::Mean { .. });
    let decay = match method {
        RateMethod::CensoredEwma { half_life } => 0.5_f64.powf(1.0 / half_life.max(0.5)),
        _ => 1.0,
    };
    // Exposure of each sample: recency weight × share of the day observed.
    let exposure = |s: &Sample| match (censoring, s.reason) {
        (true, _) => s.weight,
        (false, Some(CensorReason::NoData)) => 0.0,
        (false, _) => 1.0,
    };
    let (mut sum_c, mut sum_e, mut sum_e2, mut count) = (0.0, 0.0, 0.0, 0_u32);
    let (mut wd_c, mut wd_e, mut wd_n) = ([0.0; 5], [0.0; 5], [0.0; 5]);
    let mut a = 1.0;
    for s in days {
        let w = exposure(s);
        if w > 0.0 {
            sum_c += a * s.consumed;
            sum_e += a * w;
            sum_e2 += (a * w) * (a * w);
            count += 1;
            let d = s.weekday();
            wd_c[d] += a * s.consumed;
            wd_e[d] += a * w;
            wd_n[d] += w;
        }
        a *= decay;
    }
    let mean = if sum_e > 0.0 { sum_c / sum_e } else { 0.0 };
    // Spread of a full day's consumption around the mean, weighted like the mean.
    let mut a = 1.0;
    let mut sum_sq = 0.0;
    let mut pairs = Vec::new();
    for s in days {
        let w = exposure(s);
        if w > 0.0 {
            let y = s.consumed / w;
            sum_sq += a * w * (y - mean) * (y - mean);
            if matches!(method, RateMethod::CensoredMedian { .. }) {
                pairs.push((y, a * w));
            }
        }
        a *= decay;
    }
    let std_dev = if sum_e > 0.0 { (sum_sq / sum_e).sqrt() } else { 0.0 };
    let n_eff = if sum_e2 > 0.0 { sum_e * sum_e / sum_e2 } else { 0.0 };
    let (rate, std_error) = match method {
        // The median's standard error is about 1.25 times the mean's under normal noise.
        RateMethod::CensoredMedian { .. } => (weighted_median(&mut pairs), 1.25 * std_dev / n_eff.max(1.0).sqrt()),
        _ => (mean, std_dev / n_eff.max(1.0).sqrt()),
    };
    let factors = if weekday_effects && mean > 0.0 {
        let mut f = [1.0; 5];
        for d in 0..5 {
            let raw = if wd_e[d] > 0.0 { wd_c[d] / wd_e[d] / mean } else { 1.0 };
            f[d] = (wd_n[d] * raw + WEEKDAY_PRIOR_DAYS) / (wd_n[d] + WEEKDAY_PRIOR_DAYS);
        }
        let avg = f.iter().sum::<f64>() / 5.0;
        f.map(|x| x / avg)
    } else {
        [1.0; 5]
    };
    let censored: Vec<CensoredDay> = days
        .iter()
        .filter(|s| censoring || s.reason == Some(CensorReason::NoData))
        .filter_map(Sample::censored)
        .collect();
    let tally = |r| censored.iter().filter(|c| c.reason == r).count() as u32;
    let inputs = RateInputs {
        method,
        source: if count > 0 { RateSource::History } else { RateSource::None },
        window_start: days.last().map(|s| s.date),
        window_end: days.first().map(|s| s.date),
        working_days: used as u32,
        samples: count,
        effective_samples: n_eff,
        censored_no_stock: tally(CensorReason::NoStock),
        censored_outage: tally(CensorReason::Outage),
        censored_no_data: tally(CensorReason::NoData),
        censored,
        std_dev,
        std_error,
        weekday_factors: weekday_effects.then_some(factors),
    };
    Estimate { rate: rate.max(0.0), factors, trend: 0.0, inputs }
}

/// The value below which half the weight lies.
fn weighted_median(pairs: &mut [(f64, f64)]) -> f64 {
    pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = pairs.iter().map(|p| p.1).sum();
    let mut acc = 0.0;
    for &(y, w) in pairs.iter() {
        acc += w;
        if acc >= total / 2.0 {
            return y;
        }
    }
    0.0
}
