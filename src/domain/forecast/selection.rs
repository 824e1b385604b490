//! The estimator tournament behind the default `RateMethod` (see the module documentation).
//! Run with `cargo test --release -- --ignored --nocapture estimator_selection`.

use chrono::{Datelike, NaiveDate};

use super::backtest::{BacktestParams, backtest};
use super::synthetic::{Rng, SynthStyle, offices};
use super::{ForecastParams, RateMethod};
use crate::domain::calendar::WorkCalendar;

/// About 16 holidays a year on random weekdays, like the real list.
pub(super) fn synthetic_calendar(seed: u64) -> WorkCalendar {
    let mut rng = Rng::new(seed);
    let mut days = Vec::new();
    for year in 2018..=2027 {
        while days.iter().filter(|d: &&NaiveDate| d.year() == year).count() < 16 {
            let d = NaiveDate::from_yo_opt(year, 1 + (rng.uniform() * 365.0) as u32).unwrap();
            if d.weekday().num_days_from_monday() < 5 && !days.contains(&d) {
                days.push(d);
            }
        }
    }
    WorkCalendar::new(days)
}

fn candidates() -> Vec<(RateMethod, bool)> {
    let mut v = Vec::new();
    for w in [20, 40, 60] {
        v.push((RateMethod::Mean { window: w }, false));
        v.push((RateMethod::CensoredMean { window: w }, false));
    }
    for s in [20, 40] {
        v.push((RateMethod::CensoredSamples { samples: s }, false));
    }
    for h in [5.0, 10.0, 15.0, 20.0, 30.0, 40.0] {
        v.push((RateMethod::CensoredEwma { half_life: h }, false));
    }
    for w in [20, 40] {
        v.push((RateMethod::CensoredMedian { window: w }, false));
    }
    v.push((RateMethod::CensoredEwma { half_life: 10.0 }, true));
    v.push((RateMethod::CensoredEwma { half_life: 20.0 }, true));
    v.push((RateMethod::CensoredMean { window: 40 }, true));
    v
}

#[test]
#[ignore = "slow: the estimator tournament, run by hand"]
fn estimator_selection() {
    let cal = synthetic_calendar(7);
    let sets = [
        ("tuning, default style", 1, SynthStyle::default()),
        ("holdout, default style", 2, SynthStyle::default()),
        ("holdout, demand lost", 3, SynthStyle { max_return: 0.0, ..SynthStyle::default() }),
        ("holdout, half the rate changes", 4, SynthStyle { volatility: 0.5, ..SynthStyle::default() }),
        ("holdout, steady rate", 5, SynthStyle { volatility: 0.0, ..SynthStyle::default() }),
    ];
    let drifts = [0.0, 0.005, 0.01, 0.015, 0.02, 0.03];
    for (name, seed, style) in sets {
        let offs = offices(150, seed, &style, &cal);
        println!("\n## {name}: 150 offices × 3 years, weekly origins");
        println!("{:<44} {:>8} {:>7} {:>7} {:>7} {:>9}", "method", "so_mae", "bias", "p10-90", "n", "rate_rel");
        for (method, weekday_effects) in candidates() {
            let params = ForecastParams { method, weekday_effects, ..ForecastParams::default() };
            let r = backtest(&offs, &params, &BacktestParams::default(), &cal).overall;
            println!(
                "{:<44} {:>8.2} {:>7.2} {:>7.2} {:>7} {:>9.3}",
                format!("{method:?}{}", if weekday_effects { " +wd" } else { "" }),
                r.stockout_mae_days.unwrap_or(f64::NAN),
                r.stockout_bias_days.unwrap_or(f64::NAN),
                r.stockout_in_range.unwrap_or(f64::NAN),
                r.stockout_evaluated,
                r.rate_relative_error.unwrap_or(f64::NAN),
            );
        }
        let chosen = ForecastParams::default();
        for rate_drift in drifts {
            let params = ForecastParams { rate_drift, ..chosen };
            let r = backtest(&offs, &params, &BacktestParams::default(), &cal).overall;
            println!(
                "default method, rate_drift {rate_drift:<5}: so_mae {:.2}, p10-p90 holds {:.2} of actual dates",
                r.stockout_mae_days.unwrap_or(f64::NAN),
                r.stockout_in_range.unwrap_or(f64::NAN)
            );
        }
    }
}

#[test]
#[ignore = "diagnostic"]
fn bias_diagnostic() {
    let cal = synthetic_calendar(7);
    for (name, style) in [
        (
            "steady, nothing else",
            SynthStyle { volatility: 0.0, outages: false, droughts: false, max_return: 0.0, ..SynthStyle::default() },
        ),
        (
            "steady + outages",
            SynthStyle { volatility: 0.0, outages: true, droughts: false, max_return: 0.0, ..SynthStyle::default() },
        ),
        (
            "steady + droughts",
            SynthStyle { volatility: 0.0, outages: false, droughts: true, max_return: 0.0, ..SynthStyle::default() },
        ),
        (
            "steady + droughts + returns",
            SynthStyle { volatility: 0.0, outages: false, droughts: true, max_return: 0.97, ..SynthStyle::default() },
        ),
    ] {
        let offs = offices(100, 9, &style, &cal);
        let params =
            ForecastParams { method: RateMethod::CensoredEwma { half_life: 20.0 }, ..ForecastParams::default() };
        let r = backtest(&offs, &params, &BacktestParams::default(), &cal).overall;
        println!(
            "{name:<32} mae {:.2} bias {:.2} n {}",
            r.stockout_mae_days.unwrap(),
            r.stockout_bias_days.unwrap(),
            r.stockout_evaluated
        );
    }
}

/// The figures of issue 13 on the noisy set (`synthetic::noisy_set`): MAE, p10–p90 coverage and
/// skill against both baselines, for the default and for the variants tried.
/// Run with `cargo test --lib -- --ignored --nocapture noisy_set_study`.
#[test]
#[ignore = "slow: a study, run by hand"]
fn noisy_set_study() {
    let cal = synthetic_calendar(7);
    let sets = [
        ("noisy set", super::synthetic::noisy_set(&cal)),
        // Other draws of the same style: how much of a skill figure is the draw.
        ("noisy style, seed 14, 60 offices", offices(60, 14, &SynthStyle::noisy(), &cal)),
        ("noisy style, seed 15, 240 offices", offices(240, 15, &SynthStyle::noisy(), &cal)),
        ("default style (holdout seed 2, 60 offices)", offices(60, 2, &SynthStyle::default(), &cal)),
    ];
    let base = ForecastParams::default();
    let ewma = |half_life: f64| RateMethod::CensoredEwma { half_life };
    let variants: Vec<(String, ForecastParams)> = vec![
        ("default".into(), base),
        ("no trend".into(), ForecastParams { trend_days: 0, ..base }),
        ("no trend, rate_drift 0.02".into(), ForecastParams { trend_days: 0, rate_drift: 0.02, ..base }),
        ("trend 5".into(), ForecastParams { trend_days: 5, ..base }),
        ("trend 20".into(), ForecastParams { trend_days: 20, ..base }),
        ("rate_drift 0.0175".into(), ForecastParams { rate_drift: 0.0175, ..base }),
        ("rate_drift 0.015".into(), ForecastParams { rate_drift: 0.015, ..base }),
        ("half-life 10".into(), ForecastParams { method: ewma(10.0), ..base }),
        ("half-life 20".into(), ForecastParams { method: ewma(20.0), ..base }),
        ("weekday effects".into(), ForecastParams { weekday_effects: true, ..base }),
    ];
    for (set, offs) in &sets {
        println!("\n## {set}");
        println!(
            "{:<34} {:>7} {:>6} {:>6} {:>6} {:>7} {:>7} {:>6} {:>6} {:>5}",
            "variant", "mae", "bias", "cover", "early", "mae3m", "maeAdj", "sk3m", "skAdj", "n"
        );
        for (name, params) in &variants {
            let r = backtest(offs, params, &BacktestParams::default(), &cal).overall;
            let [a, b] = r.baselines;
            println!(
                "{:<34} {:>7.2} {:>6.2} {:>6.2} {:>6.2} {:>7.2} {:>7.2} {:>6.2} {:>6.2} {:>5}",
                name,
                r.stockout_mae_days.unwrap_or(f64::NAN),
                r.stockout_bias_days.unwrap_or(f64::NAN),
                r.stockout_in_range.unwrap_or(f64::NAN),
                r.stockout_before_range.unwrap_or(f64::NAN),
                a.stockout_mae_days.unwrap_or(f64::NAN),
                b.stockout_mae_days.unwrap_or(f64::NAN),
                a.skill.unwrap_or(f64::NAN),
                b.skill.unwrap_or(f64::NAN),
                r.stockout_evaluated,
            );
        }
    }
}
