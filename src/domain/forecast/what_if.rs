//! What if: a scenario is a list of changes to an office's forecast input, and its answer is the
//! one forecast function run on the changed input, beside the base.

use chrono::NaiveDate;
use serde::Serialize;

use super::input::{ForecastInput, ForecastParams, IncomingShipment};
use crate::domain::calendar::WorkCalendar;
use crate::domain::item::Item;

/// One change a scenario makes to an office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// Every allocation not yet shipped is dispatched today, arriving after the route lead time.
    ShipAllocations,
    /// Blanko dispatched to the office today (a loan it receives), arriving after the route lead time.
    Receive { quantity: i64 },
    /// Blanko leaving the office today (a loan it lends).
    Send { quantity: i64 },
    /// The shipment in transit under `reference` arrives `days` working days later than expected.
    Delay { reference: String, days: u32 },
    /// An extra delivery of `quantity` blanko arriving on `on`.
    Deliver { quantity: i64, on: NaiveDate },
}

/// `input` with `changes` made. A delay of a shipment the office is not waiting for changes nothing.
pub fn apply(input: &ForecastInput, changes: &[Change], params: &ForecastParams, cal: &WorkCalendar) -> ForecastInput {
    let mut out = input.clone();
    let as_of = input.as_of;
    let route = i64::from(input.route_lead_time_days.unwrap_or(params.lead_time_days));
    let dispatched_today =
        |quantity: i64| IncomingShipment { quantity, shipped_on: as_of, expected_on: None, reference: None };
    for change in changes {
        match change {
            Change::ShipAllocations => {
                for item in &mut out.items {
                    let q = std::mem::take(&mut item.allocated_not_shipped);
                    if q > 0 {
                        item.incoming.push(dispatched_today(q));
                    }
                }
            }
            Change::Receive { quantity } => blanko(&mut out).incoming.push(dispatched_today(*quantity)),
            Change::Send { quantity } => {
                let b = blanko(&mut out);
                b.on_hand = (b.on_hand - quantity.max(&0)).max(0);
            }
            Change::Delay { reference, days } => {
                for item in &mut out.items {
                    for s in item.incoming.iter_mut().filter(|s| s.reference.as_deref() == Some(reference.as_str())) {
                        let expected = s.expected_on.unwrap_or_else(|| cal.add_working_days(s.shipped_on, route));
                        // An overdue shipment is expected the next working day; the delay counts from there.
                        s.expected_on = Some(cal.add_working_days(expected.max(as_of), i64::from(*days)));
                    }
                }
            }
            Change::Deliver { quantity, on } => blanko(&mut out).incoming.push(IncomingShipment {
                quantity: *quantity,
                shipped_on: as_of,
                expected_on: Some(*on),
                reference: None,
            }),
        }
    }
    out
}

/// Whether the office is waiting for the shipment `reference`.
pub fn awaits(input: &ForecastInput, reference: &str) -> bool {
    input.items.iter().any(|i| i.incoming.iter().any(|s| s.reference.as_deref() == Some(reference)))
}

/// The blanko input of `input`, added when absent.
fn blanko(input: &mut ForecastInput) -> &mut super::ItemInput {
    if let Some(i) = input.items.iter().position(|i| i.item == Item::Blanko) {
        return &mut input.items[i];
    }
    input.items.insert(0, super::ItemInput::empty(Item::Blanko));
    &mut input.items[0]
}

#[cfg(test)]
mod tests {
    use chrono::Days;

    use super::*;
    use crate::domain::forecast::{DayRecord, ItemInput, Risk, forecast};
    use crate::domain::region::RegionCode;

    fn ymd(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, d).unwrap()
    }

    /// 500 cards a working day, 4,000 on hand on 31 October, 10,000 coming under SJ-9.
    fn office(cal: &WorkCalendar) -> ForecastInput {
        let as_of = ymd(10, 31);
        let history = (0..120)
            .map(|i| {
                let date = as_of - Days::new(119 - i);
                DayRecord { date, consumed: if cal.is_working_day(date) { 500 } else { 0 }, closing_stock: 50_000 }
            })
            .collect();
        ForecastInput {
            region: RegionCode::parse("32.16").unwrap(),
            as_of,
            items: vec![ItemInput {
                item: Item::Blanko,
                history,
                on_hand: 4000,
                incoming: vec![IncomingShipment {
                    quantity: 10_000,
                    shipped_on: ymd(10, 28),
                    expected_on: Some(ymd(11, 4)),
                    reference: Some("SJ-9".into()),
                }],
                allocated_not_shipped: 6000,
            }],
            outages: Vec::new(),
            backlog: Vec::new(),
            route_lead_time_days: Some(5),
            last_report: None,
        }
    }

    #[test]
    fn each_change_moves_the_stockout_as_it_should() {
        let cal = WorkCalendar::weekdays_only();
        let params = ForecastParams { rate_drift: 0.0, ..ForecastParams::default() };
        let base = office(&cal);
        let run = |changes: &[Change]| forecast(&apply(&base, changes, &params, &cal), &params, &cal);
        let day = |n| cal.add_working_days(ymd(10, 31), n);
        // 14,000 cards at 500 a day: the 29th working day runs short.
        assert_eq!(run(&[]).stockout_date, Some(day(29)));
        // 4,000 last 8 days; SJ-9 three weeks late leaves days 9–19 without stock.
        let late = run(&[Change::Delay { reference: "SJ-9".into(), days: 15 }]);
        assert_eq!(late.stockout_date, Some(day(9)));
        assert_eq!(late.risk, Risk::Merah);
        assert_eq!(run(&[Change::Delay { reference: "SJ-0".into(), days: 15 }]).stockout_date, Some(day(29)));
        // 6,000 more after 5 days, 2,000 more, 1,000 lent.
        assert_eq!(run(&[Change::ShipAllocations]).stockout_date, Some(day(41)));
        assert_eq!(run(&[Change::Receive { quantity: 2000 }]).stockout_date, Some(day(33)));
        assert_eq!(run(&[Change::Send { quantity: 1000 }]).stockout_date, Some(day(27)));
        // 20,000 on 20 November (a Sunday: counted from Monday the 21st, day 15) is in time.
        let extra = run(&[Change::Deliver { quantity: 20_000, on: ymd(11, 20) }]);
        assert_eq!(extra.stockout_date, Some(day(69)));
        assert!(awaits(&base, "SJ-9") && !awaits(&base, "SJ-0"));
    }
}
