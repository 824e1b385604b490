//! Tests of `allocation`.

use proptest::prelude::*;

use super::*;

fn need(code: &str, pipeline: i64, rate: f64, cap: i64) -> Need {
    Need { region: RegionCode::parse(code).unwrap(), on_hand: pipeline, pipeline, demand_rate: rate, cap }
}

#[test]
fn the_lowest_cover_rises_first() {
    // Covers 2, 10 and 30 working days.
    let needs =
        [need("32.01", 200, 100.0, 10_000), need("32.02", 500, 50.0, 10_000), need("32.03", 3000, 100.0, 10_000)];
    let p = water_fill(800, &needs);
    assert_eq!(p.allocated, 800);
    assert_eq!(p.allotments.len(), 1);
    assert_eq!(p.allotments[0].quantity, 800); // 32.01 reaches 10 days, level with 32.02
    let p = water_fill(2300, &needs);
    // Then both rise together: 32.01 gets 100 cards per day of cover, 32.02 gets 50.
    let q: Vec<i64> = p.allotments.iter().map(|a| a.quantity).collect();
    assert_eq!(q, vec![1800, 500]);
    assert!((p.min_cover_after.unwrap() - 20.0).abs() < 1e-9);
}

#[test]
fn caps_and_no_demand_are_respected() {
    let needs = [need("32.01", 0, 100.0, 300), need("32.02", 0, 0.0, 1000), need("32.03", 100, 10.0, 50)];
    let p = water_fill(10_000, &needs);
    assert_eq!((p.allocated, p.unallocated), (350, 9650));
    assert!(p.allotments.iter().all(|a| a.region.as_str() != "32.02"));
}

#[test]
fn loans_even_out_cover_from_most_to_least() {
    let members = [need("32.01", 500, 100.0, 0), need("32.02", 4000, 100.0, 0), need("32.03", 1500, 100.0, 0)];
    let plan = balance_loans(&members, 100);
    assert!((plan.target_cover.unwrap() - 20.0).abs() < 1e-9);
    assert_eq!(
        plan.loans,
        vec![
            Loan { from: members[1].region.clone(), to: members[0].region.clone(), quantity: 1500 },
            Loan { from: members[1].region.clone(), to: members[2].region.clone(), quantity: 500 }
        ]
    );
    assert!((plan.min_cover_after.unwrap() - 20.0).abs() < 1e-9);
    // Stock in transit cannot be lent.
    let mut far = members.clone();
    far[1].on_hand = 1000;
    let lent: i64 = balance_loans(&far, 1).loans.iter().map(|l| l.quantity).sum();
    assert_eq!(lent, 1000);
}

proptest! {
    #[test]
    fn water_filling_never_oversends_and_raises_the_minimum(
        quantity in 0_i64..200_000,
        raw in prop::collection::vec((0_i64..50_000, 0.0_f64..500.0, 0_i64..30_000), 1..40),
    ) {
        let needs: Vec<Need> = raw.iter().enumerate()
            .map(|(i, (p, r, c))| need(&format!("{:02}.{:02}", 11 + i / 90, 1 + i % 90), *p, *r, *c)).collect();
        let p = water_fill(quantity, &needs);
        prop_assert!(p.allocated <= quantity && p.allocated + p.unallocated == quantity);
        let caps: i64 = needs.iter().filter(|n| n.demand_rate > 0.0).map(|n| n.cap).sum();
        prop_assert_eq!(p.allocated, quantity.min(caps));
        for a in &p.allotments {
            let n = needs.iter().find(|n| n.region == a.region).unwrap();
            prop_assert!(a.quantity > 0 && a.quantity <= n.cap);
        }
        if let (Some(before), Some(after)) = (p.min_cover_before, p.min_cover_after) {
            prop_assert!(after >= before);
        }
        let loans = balance_loans(&needs, 1);
        for l in &loans.loans {
            prop_assert!(l.quantity >= 1 && l.from != l.to);
        }
        for n in &needs {
            let out: i64 = loans.loans.iter().filter(|l| l.from == n.region).map(|l| l.quantity).sum();
            prop_assert!(out <= n.on_hand);
        }
        if let (Some(before), Some(after)) = (loans.min_cover_before, loans.min_cover_after) {
            prop_assert!(after >= before - 1e-9);
        }
    }
}

/// 100 cards a working day to 31 October 2022, `on_hand` on the book; reports stop `stale`
/// working days before the end (the book then shows nothing printed).
fn office_forecast(code: &str, on_hand: i64, stale: u32) -> crate::domain::forecast::Forecast {
    use chrono::{Days, NaiveDate};

    use crate::domain::calendar::WorkCalendar;
    use crate::domain::forecast::{DayRecord, ForecastInput, ForecastParams, ItemInput, forecast};
    use crate::domain::item::Item;
    let cal = WorkCalendar::weekdays_only();
    let as_of = NaiveDate::from_ymd_opt(2022, 10, 31).unwrap();
    let last = cal.add_working_days(as_of, -i64::from(stale));
    let history = (0..150)
        .map(|i| {
            let date = as_of - Days::new(149 - i);
            let consumed = if cal.is_working_day(date) && date <= last { 100 } else { 0 };
            DayRecord { date, consumed, closing_stock: on_hand }
        })
        .collect();
    let input = ForecastInput {
        region: RegionCode::parse(code).unwrap(),
        as_of,
        items: vec![ItemInput { item: Item::Blanko, history, on_hand, incoming: Vec::new(), allocated_not_shipped: 0 }],
        outages: Vec::new(),
        backlog: Vec::new(),
        route_lead_time_days: None,
        last_report: Some(last),
    };
    forecast(&input, &ForecastParams::default(), &cal)
}

#[test]
fn a_silent_office_lends_nothing_and_counts_only_what_it_is_expected_to_hold() {
    let need_of = |code, on_hand, stale| Need::from_forecast(&office_forecast(code, on_hand, stale));
    let (fresh, silent) = (need_of("32.01", 8000, 0), need_of("32.02", 8000, 30));
    assert_eq!((fresh.on_hand, fresh.pipeline), (8000, 8000));
    // 30 working days at 100 a day are expected gone; none of the rest is known to be there.
    assert_eq!((silent.on_hand, silent.pipeline), (0, 5000));
    let short = need("32.03", 200, 100.0, 10_000);
    let plan = balance_loans(&[fresh.clone(), silent.clone(), short.clone()], 100);
    assert!(plan.loans.iter().all(|l| l.from == fresh.region), "{plan:?}");
    assert!(!plan.loans.is_empty());
    // The silent office, short on paper, is first in line for central stock.
    let (fresh, silent) = (need_of("32.01", 3000, 0), need_of("32.02", 3000, 30));
    assert!(silent.pipeline == 0 && (4000..=4001).contains(&silent.cap), "{silent:?}");
    let p = water_fill(1000, &[fresh, silent.clone()]);
    assert_eq!(p.allotments[0].region, silent.region);
}
