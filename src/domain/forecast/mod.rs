//! The forecast of SPEC §7: one function, [`forecast`], behind every screen, report and command.
//! What it does and why this estimator (the backtest study): `docs/forecast.md`.

mod backlog;
pub mod backtest;
pub mod baseline;
mod censor;
pub mod headline;
mod input;
mod item_run;
mod lead_time;
mod output;
mod projection;
mod rate;
pub mod rollup;
#[cfg(test)]
mod selection;
#[cfg(test)]
#[path = "../../../tests/forecast_model/synthetic.rs"]
#[allow(dead_code, reason = "shared with benches/forecast.rs; the unit tests use only part of it")]
pub(crate) mod synthetic;
#[cfg(test)]
mod tests;
pub mod what_if;

use chrono::NaiveDate;

pub use backlog::BacklogInputs;
pub use censor::{CensorReason, CensoredDay};
pub use input::{
    BacklogSnapshot, DayRecord, ForecastInput, ForecastParams, IncomingShipment, ItemInput, MAX_LOOKBACK_DAYS,
    OutageDay, RateMethod,
};
pub use lead_time::{LeadTime, RECENT as RECENT_SHIPMENTS, typical_lead_time};
pub use output::{ArrivalBasis, DayProjection, Forecast, IncomingUsed, ItemForecast, Risk, Scenario};
pub use rate::{RateInputs, RateSource};

use crate::domain::calendar::WorkCalendar;
use crate::domain::item::Item;
use item_run::{Context, ItemRun};

/// Forecasts one office at `input.as_of`. Pure and deterministic: same input, same answer.
pub fn forecast(input: &ForecastInput, params: &ForecastParams, cal: &WorkCalendar) -> Forecast {
    let as_of = input.as_of;
    let dates = horizon_dates(as_of, params, cal);
    let stale_days = input.stale_days(cal);
    // The days not reported yet: left out of the rate, projected from the last report.
    let unreported: Vec<NaiveDate> =
        (0..i64::from(stale_days)).rev().map(|j| cal.add_working_days(cal.on_or_before(as_of), -j)).collect();
    let reported =
        |h: &[DayRecord]| -> usize { input.last_report.map_or(h.len(), |d| h.partition_point(|r| r.date <= d)) };
    let ctx = Context {
        as_of,
        dates: &dates,
        unreported: &unreported,
        route_lead_days: input.route_lead_time_days.unwrap_or(params.lead_time_days),
        params,
        cal,
    };
    let outages = censor::Outages::new(&input.outages);
    let estimate_of = |ii: &ItemInput| {
        let history = &ii.history[..reported(&ii.history)];
        let s = censor::samples(history, as_of, &outages, params.method.lookback_days(), params.working_hours, cal);
        let mut est = rate::estimate(&s, params.method, params.weekday_effects);
        if params.trend_days > 0
            && let Some((level, trend)) = rate::trend(&s, params.method, params.trend_days)
        {
            (est.rate, est.trend) = (level, trend);
        }
        est
    };
    let empty = ItemInput::empty(Item::Blanko);
    let blanko = input.item(Item::Blanko).unwrap_or(&empty);
    let mut cards = estimate_of(blanko);
    let blanko_history = &blanko.history[..reported(&blanko.history)];
    let backlog = backlog::measure(&input.backlog, blanko_history, as_of, params.backlog_window_days, cal);
    if cards.inputs.source == RateSource::None
        && let Some(b) = backlog.as_ref().filter(|b| b.demand_rate > 0.0)
    {
        cards.rate = b.demand_rate;
        cards.inputs.source = RateSource::Backlog;
    }
    let demand_rate = backlog.as_ref().map_or(cards.rate, |b| b.demand_rate);
    let backlog_prr = input.backlog.iter().filter(|s| s.date <= as_of).max_by_key(|s| s.date).map(|s| s.prr.max(0));
    // Cards wanted: the target cover of demand plus the queue already waiting.
    let cards_needed = f64::from(params.target_cover_days) * demand_rate + backlog_prr.unwrap_or(0) as f64;

    let mut runs: Vec<ItemRun> = Vec::with_capacity(3);
    for item in Item::ALL {
        let Some(ii) = (if item == Item::Blanko { Some(blanko) } else { input.item(item) }) else {
            continue;
        };
        let cpu = item.cards_per_unit() as f64;
        let est = if item == Item::Blanko {
            cards.clone()
        } else {
            let mut e = estimate_of(ii);
            if e.inputs.source == RateSource::None && cards.rate > 0.0 {
                e.rate = cards.rate / cpu;
                e.inputs.source = RateSource::Cards;
            }
            e
        };
        // Units per card: observed when both rates are known, else the nominal 1 / cards_per_unit.
        let usage = if est.rate > 0.0 && cards.rate > 0.0 { est.rate / cards.rate } else { 1.0 / cpu };
        let expected = item_run::expected_on_hand(ii.on_hand, &item_run::consumption(&est, params), &ctx);
        let reorder = ((cards_needed * usage).ceil() as i64 - expected - ii.in_transit()).max(0);
        runs.push(item_run::run(ii, est, reorder, &ctx));
    }

    let binding = runs[binding_index(&runs)].forecast.item;
    let blanko_run = &runs[0];
    let worst = worst_of(&runs);
    // Nothing is printed on a day another consumable is short.
    let blocked: Vec<bool> =
        (0..dates.len()).map(|j| runs[1..].iter().any(|r| r.projection.balance[j] < -1e-6)).collect();
    let prr_path = backlog_prr.map(|prr| {
        backlog::project(
            &dates,
            &backlog::BacklogRun {
                prr: prr as f64,
                inflow: demand_rate,
                rate: cards.rate,
                factors: blanko_run.consumption.factors,
                on_hand: blanko_run.forecast.expected_on_hand as f64,
                arrivals: &blanko_run.arrivals,
                blocked: &blocked,
            },
        )
    });
    let projection = dates
        .iter()
        .enumerate()
        .map(|(j, d)| {
            let bal = blanko_run.projection.balance[j];
            let spread = blanko_run.projection.spread[j];
            DayProjection {
                date: *d,
                stock: bal.max(0.0),
                stock_low: (bal - spread).max(0.0),
                stock_high: (bal + spread).max(0.0),
                short: (-bal).max(0.0),
                backlog_prr: prr_path.as_ref().map(|p| p[j]),
            }
        })
        .collect();
    let bf = &blanko_run.forecast;
    Forecast {
        region: input.region.clone(),
        as_of,
        horizon_end: *dates.last().expect("horizon of at least one day"),
        lead_time_days: params.lead_time_days,
        route_lead_time_days: ctx.route_lead_days,
        last_report: input.last_report,
        stale_days,
        on_hand: bf.on_hand,
        expected_on_hand: bf.expected_on_hand,
        in_transit: bf.in_transit,
        allocated_not_shipped: bf.allocated_not_shipped,
        printable_cards: runs.iter().map(|r| r.forecast.printable_cards).min().unwrap_or(0),
        binding_item: binding,
        issuance_rate: cards.rate,
        demand_rate,
        backlog_prr,
        backlog_growth_rate: backlog.as_ref().map(|x| x.growth_rate),
        days_of_cover: worst.days_of_cover,
        stockout_date: worst.stockout_date,
        // The first of several items to run out runs out no later than any of them.
        stockout_p10: runs.iter().filter_map(|r| r.forecast.stockout_p10).min(),
        stockout_p90: runs.iter().filter_map(|r| r.forecast.stockout_p90).min(),
        risk: worst.risk,
        with_allocations: worst.with_allocations,
        reorder_quantity: bf.reorder_quantity,
        backlog,
        projection,
        items: runs.into_iter().map(|r| r.forecast).collect(),
    }
}

/// The working days of the horizon after `as_of`.
pub(crate) fn horizon_dates(as_of: NaiveDate, params: &ForecastParams, cal: &WorkCalendar) -> Vec<NaiveDate> {
    (1..=i64::from(params.horizon_days.max(1))).map(|j| cal.add_working_days(as_of, j)).collect()
}

/// The item that binds: earliest stock-out, then least cover, then fewest printable cards.
fn binding_index(runs: &[ItemRun]) -> usize {
    let key = |r: &ItemRun| {
        let f = &r.forecast;
        (r.projection.stockout.unwrap_or(usize::MAX), f.days_of_cover.unwrap_or(f64::INFINITY), f.printable_cards)
    };
    (0..runs.len())
        .min_by(|&a, &b| {
            let (ka, kb) = (key(&runs[a]), key(&runs[b]));
            ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1)).then(ka.2.cmp(&kb.2))
        })
        .unwrap_or(0)
}

/// The headline position: the worst of the consumables, field by field.
struct WorstOf {
    days_of_cover: Option<f64>,
    stockout_date: Option<NaiveDate>,
    risk: Risk,
    with_allocations: Scenario,
}

/// Least cover, earliest date and worst risk over the consumables, with and without allocations.
fn worst_of(runs: &[ItemRun]) -> WorstOf {
    let min_cover = |covers: &mut dyn Iterator<Item = Option<f64>>| covers.flatten().min_by(f64::total_cmp);
    let with = Scenario {
        days_of_cover: min_cover(&mut runs.iter().map(|r| r.forecast.with_allocations.days_of_cover)),
        stockout_date: runs.iter().filter_map(|r| r.forecast.with_allocations.stockout_date).min(),
        risk: runs.iter().map(|r| r.forecast.with_allocations.risk).min().unwrap_or(Risk::Habis),
    };
    WorstOf {
        days_of_cover: min_cover(&mut runs.iter().map(|r| r.forecast.days_of_cover)),
        stockout_date: runs.iter().filter_map(|r| r.forecast.stockout_date).min(),
        risk: runs.iter().map(|r| r.forecast.risk).min().unwrap_or(Risk::Habis),
        with_allocations: with,
    }
}
