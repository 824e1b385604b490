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

/// How much a trend must stand out of the noise in the short fit: the slope is multiplied by
/// `t² / (t² + TREND_SHRINK)` for its t-statistic `t`, so it counts half at `t` ≈ 5.7 and little
/// below 3 (chosen by backtest, `docs/forecast.md`).
const TREND_SHRINK: f64 = 32.0;

/// The long fit: half-life in working days, and its slope's shrinkage (a long window measures a
/// slope well, so it is barely shrunk).
const LONG_HALF_LIFE: f64 = 50.0;
const LONG_TREND_SHRINK: f64 = 1.0;

/// The two fits are judged on the last `HOLDOUT_BLOCKS` blocks of `HOLDOUT_DAYS` working days:
/// each block is forecast from the days before it, as the forecast would have been then.
const HOLDOUT_DAYS: usize = 10;
const HOLDOUT_BLOCKS: usize = 6;

/// Working days the rate reads: the long fit's window and its holdout blocks, within
/// [`super::input::MAX_LOOKBACK_DAYS`].
pub(super) const TREND_LOOKBACK_DAYS: u32 = (LONG_HALF_LIFE as u32) * 5 + (HOLDOUT_DAYS * HOLDOUT_BLOCKS) as u32;

/// A rate level and its slope, from a weighted local linear fit.
#[derive(Debug, Clone, Copy, PartialEq)]
struct LineFit {
    /// The rate on the newest day the fit read.
    level: f64,
    /// Change of the rate per working day ahead.
    slope: f64,
}

impl LineFit {
    /// The rate `ahead` working days after the fit's newest day, the slope carried `trend_days`.
    fn at(self, ahead: usize, trend_days: usize) -> f64 {
        (self.level + self.slope * ahead.min(trend_days) as f64).max(0.0)
    }
}

/// A weighted linear fit of the censored daily rates against their age, over the samples older
/// than `skip` (most recent first): recency weights with `half_life`, the slope shrunk by its own
/// noise (`t² / (t² + shrink)`). `None` with fewer than 10 usable days.
fn line_fit(samples: &[Sample], half_life: f64, shrink: f64, skip: usize) -> Option<LineFit> {
    let decay = 0.5_f64.powf(1.0 / half_life.max(0.5));
    let days = samples.get(skip..)?;
    let days = &days[..((half_life.max(1.0) * 5.0).ceil() as usize).min(days.len())];
    // (age, daily rate, weight) of the usable days; read three times, never stored (this runs
    // 14 times per item and office).
    let points = || {
        days.iter()
            .scan(1.0, move |a: &mut f64, s| {
                let recency = *a;
                *a *= decay;
                Some((s, recency))
            })
            .enumerate()
            .filter(|(_, (s, _))| s.weight > 0.0)
            .map(|(age, (s, recency))| (age as f64, s.consumed / s.weight, recency * s.weight))
    };
    let (mut n, mut sw, mut swt, mut swy) = (0_usize, 0.0, 0.0, 0.0);
    for (t, y, w) in points() {
        n += 1;
        sw += w;
        swt += w * t;
        swy += w * y;
    }
    if n < 10 {
        return None;
    }
    let (tm, ym) = (swt / sw, swy / sw);
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for (t, y, w) in points() {
        sxx += w * (t - tm) * (t - tm);
        sxy += w * (t - tm) * (y - ym);
    }
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    // A change over the window below rounding is no trend.
    if (slope * tm).abs() <= 1e-9 * ym.abs().max(1.0) {
        return Some(LineFit { level: ym.max(0.0), slope: 0.0 });
    }
    // Sandwich variance of the slope with the fit's residuals.
    let var: f64 =
        points().map(|(t, y, w)| (w * (t - tm) * (y - ym - slope * (t - tm))).powi(2)).sum::<f64>() / (sxx * sxx);
    let t2 = if var > 0.0 { slope * slope / var } else { 0.0 };
    let slope = slope * t2 / (t2 + shrink);
    // Age grows into the past: the rate changes by -slope per working day ahead.
    Some(LineFit { level: (ym - slope * tm).max(0.0), slope: -slope })
}

/// How well a fit with `half_life` and `shrink` would have forecast the recent past: for each
/// holdout block, the fit made just before it against the block's censored mean, squared and
/// weighted by the block's observed days. `None` when no block could be scored.
fn holdout_error(samples: &[Sample], half_life: f64, shrink: f64, trend_days: usize) -> Option<f64> {
    let mut error = None;
    for b in 1..=HOLDOUT_BLOCKS {
        let skip = b * HOLDOUT_DAYS;
        let Some(fit) = line_fit(samples, half_life, shrink, skip) else { continue };
        let (mut used, mut seen, mut expected) = (0.0, 0.0, 0.0);
        for (age, s) in samples.iter().enumerate().take(skip).skip(skip - HOLDOUT_DAYS) {
            if s.weight > 0.0 {
                used += s.consumed;
                seen += s.weight;
                expected += s.weight * fit.at(skip - age, trend_days);
            }
        }
        if seen >= 3.0 {
            *error.get_or_insert(0.0) += (expected - used).powi(2) / seen;
        }
    }
    error
}

/// The rate's level today and its change per working day ahead, for the exponentially weighted
/// mean (the default; `None` for other methods, with fewer than 10 usable days, or without a
/// measurable slope). Two local linear fits of the censored daily rates: a short one with the
/// method's half-life and a slope shrunk hard ([`TREND_SHRINK`]), which follows a demand that
/// moves with the season, and a long one ([`LONG_HALF_LIFE`]), which averages out day-to-day
/// noise and measures a steady drift. The one that would have forecast the last
/// [`HOLDOUT_BLOCKS`] blocks of [`HOLDOUT_DAYS`] working days better is used (the short one
/// when they tie or the long one cannot be judged). Chosen by backtest, `docs/forecast.md`.
pub(super) fn trend(samples: &[Sample], method: RateMethod, trend_days: u32) -> Option<(f64, f64)> {
    let RateMethod::CensoredEwma { half_life } = method else { return None };
    let trend_days = trend_days as usize;
    let short = line_fit(samples, half_life, TREND_SHRINK, 0)?;
    let long = line_fit(samples, LONG_HALF_LIFE, LONG_TREND_SHRINK, 0);
    let short_error = holdout_error(samples, half_life, TREND_SHRINK, trend_days);
    let long_error = holdout_error(samples, LONG_HALF_LIFE, LONG_TREND_SHRINK, trend_days);
    let fit = match (long, short_error, long_error) {
        (Some(long), Some(s), Some(l)) if l < s => long,
        _ => short,
    };
    // A line without a measurable slope is the mean itself: the mean stands, free of rounding.
    (fit.slope != 0.0).then_some((fit.level, fit.slope))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::forecast::synthetic::Rng;

    /// 250 working days, newest first: `rate(age)` per day times gamma noise with shape `shape`.
    fn samples(rate: impl Fn(usize) -> f64, shape: f64, seed: u64) -> Vec<Sample> {
        let mut rng = Rng::new(seed);
        let today = NaiveDate::from_ymd_opt(2022, 10, 31).unwrap();
        (0..250)
            .map(|age| Sample {
                date: today - chrono::Days::new(age as u64),
                consumed: rate(age) * rng.gamma_unit(shape),
                weight: 1.0,
                reason: None,
                hours: 0.0,
            })
            .collect()
    }

    const EWMA: RateMethod = RateMethod::CensoredEwma { half_life: 15.0 };

    #[test]
    fn a_noisy_steady_drift_is_read_by_the_long_fit() {
        // 100 a day today, 0.2 fewer each day back (+50 % a year), day-to-day noise of ±45 %.
        let (mut short_error, mut chosen_error) = (0.0, 0.0);
        for seed in 0..20 {
            let s = samples(|age| 100.0 - 0.2 * age as f64, 5.0, seed);
            let short = line_fit(&s, 15.0, TREND_SHRINK, 0).unwrap();
            let (level, _) = trend(&s, EWMA, 10).unwrap();
            short_error += (short.level - 100.0).abs();
            chosen_error += (level - 100.0).abs();
        }
        assert!(chosen_error < 0.8 * short_error, "{chosen_error} vs {short_error}");
    }

    #[test]
    fn a_recent_step_is_followed_by_the_short_fit() {
        // 150 a day for the last 40 days, 100 before, little noise: the long fit would lag.
        let s = samples(|age| if age < 40 { 150.0 } else { 100.0 }, 400.0, 1);
        let short = line_fit(&s, 15.0, TREND_SHRINK, 0).unwrap();
        let (level, slope) = trend(&s, EWMA, 10).unwrap();
        assert_eq!((level, slope), (short.level, short.slope));
        assert!(level > 135.0, "{level}");
    }

    #[test]
    fn only_the_exponentially_weighted_mean_has_a_trend() {
        let s = samples(|_| 100.0, 5.0, 3);
        assert_eq!(trend(&s, RateMethod::CensoredMean { window: 40 }, 10), None);
        assert_eq!(trend(&s[..9], EWMA, 10), None);
    }
}
