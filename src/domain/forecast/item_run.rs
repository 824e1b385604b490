//! The forecast of one consumable: arrivals, projection, cover, risk and reorder.

use chrono::NaiveDate;

use super::ForecastParams;
use super::input::ItemInput;
use super::output::{ArrivalBasis, IncomingUsed, ItemForecast, Risk, Scenario};
use super::projection::{self, Consumption, Projection};
use super::rate::Estimate;
use crate::domain::calendar::WorkCalendar;

/// An item's forecast with what the office-level assembly still needs.
pub(super) struct ItemRun {
    pub forecast: ItemForecast,
    pub projection: Projection,
    pub consumption: Consumption,
    pub arrivals: Vec<(NaiveDate, f64)>,
}

/// Shared context of one office forecast.
pub(super) struct Context<'a> {
    pub as_of: NaiveDate,
    /// The working days of the horizon.
    pub dates: &'a [NaiveDate],
    /// Working days up to `as_of` after the office's last report (see [`projection::project`]).
    pub unreported: &'a [NaiveDate],
    pub route_lead_days: u32,
    pub params: &'a ForecastParams,
    pub cal: &'a WorkCalendar,
}

/// When each in-transit shipment is expected, sorted by that date.
pub(super) fn arrivals(input: &ItemInput, ctx: &Context) -> Vec<IncomingUsed> {
    let mut out: Vec<IncomingUsed> = input
        .incoming
        .iter()
        .filter(|s| s.quantity > 0)
        .map(|s| {
            let (expected, basis) = match s.expected_on {
                Some(d) => (d, ArrivalBasis::Known),
                None => {
                    (ctx.cal.add_working_days(s.shipped_on, i64::from(ctx.route_lead_days)), ArrivalBasis::LeadTime)
                }
            };
            if expected <= ctx.as_of {
                let next = ctx.cal.next_working_day(ctx.as_of);
                IncomingUsed {
                    quantity: s.quantity,
                    shipped_on: s.shipped_on,
                    expected_on: next,
                    basis: ArrivalBasis::Overdue,
                }
            } else {
                IncomingUsed { quantity: s.quantity, shipped_on: s.shipped_on, expected_on: expected, basis }
            }
        })
        .collect();
    out.sort_by_key(|s| s.expected_on);
    out
}

/// How an item is consumed, from its rate estimate and the settings.
pub(super) fn consumption(est: &Estimate, params: &ForecastParams) -> Consumption {
    Consumption {
        rate: est.rate,
        factors: est.factors,
        std_dev: est.inputs.std_dev,
        std_error: est.inputs.std_error,
        drift: params.rate_drift,
        trend: est.trend,
        trend_days: params.trend_days,
    }
}

/// Stock expected on hand at `as_of`: `on_hand` less the expected use of the unreported days.
pub(super) fn expected_on_hand(on_hand: i64, consumption: &Consumption, ctx: &Context) -> i64 {
    let used: f64 = ctx.unreported.iter().map(|d| consumption.on(*d, 0)).sum();
    (on_hand.max(0) as f64 - used).round().max(0.0) as i64
}

/// Runs one item given its rate estimate and its reorder quantity.
pub(super) fn run(input: &ItemInput, est: Estimate, reorder_quantity: i64, ctx: &Context) -> ItemRun {
    let incoming = arrivals(input, ctx);
    let arrivals: Vec<(NaiveDate, f64)> = incoming.iter().map(|s| (s.expected_on, s.quantity as f64)).collect();
    let consumption = consumption(&est, ctx.params);
    let on_hand = input.on_hand.max(0);
    let expected = expected_on_hand(on_hand, &consumption, ctx);
    let in_transit = input.in_transit();
    let allocated = input.allocated_not_shipped.max(0);
    let projection = projection::project(ctx.unreported, ctx.dates, on_hand as f64, &arrivals, &consumption);
    let cover = |qty: i64| (est.rate > 0.0).then(|| qty as f64 / est.rate);
    let date = |j: Option<usize>| j.map(|j| ctx.dates[j]);
    let lead = ctx.params.lead_time_days;
    let days_of_cover = cover(expected + in_transit);
    // The allocations, dispatched today, arrive after the route lead time.
    let with_allocations = {
        let mut more = arrivals.clone();
        if allocated > 0 {
            let at = ctx.cal.add_working_days(ctx.as_of, i64::from(ctx.route_lead_days));
            let pos = more.partition_point(|a| a.0 <= at);
            more.insert(pos, (at, allocated as f64));
        }
        let p = projection::project(ctx.unreported, ctx.dates, on_hand as f64, &more, &consumption);
        let c = cover(expected + in_transit + allocated);
        Scenario {
            days_of_cover: c,
            stockout_date: date(p.stockout),
            risk: Risk::from_stockout(on_hand, p.stockout, lead),
        }
    };
    let forecast = ItemForecast {
        item: input.item,
        cards_per_unit: input.item.cards_per_unit(),
        on_hand,
        expected_on_hand: expected,
        in_transit,
        allocated_not_shipped: allocated,
        printable_cards: on_hand * input.item.cards_per_unit(),
        issuance_rate: est.rate,
        days_of_cover,
        stockout_date: date(projection.stockout),
        stockout_p10: date(projection.early),
        stockout_p90: date(projection.late),
        risk: Risk::from_stockout(on_hand, projection.stockout, lead),
        with_allocations,
        reorder_quantity,
        incoming,
        inputs: est.inputs,
    };
    ItemRun { forecast, projection, consumption, arrivals }
}
