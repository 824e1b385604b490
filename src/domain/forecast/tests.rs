//! Scenario tests of the forecast: synthetic histories with a known answer.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::*;
use crate::domain::region::RegionCode;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Christmas, cuti bersama and New Year around the as-of date used below.
fn cal() -> WorkCalendar {
    WorkCalendar::new([ymd(2022, 12, 25), ymd(2022, 12, 26), ymd(2023, 1, 1)])
}

const AS_OF: (i32, u32, u32) = (2022, 12, 16); // a Friday

fn as_of() -> NaiveDate {
    ymd(AS_OF.0, AS_OF.1, AS_OF.2)
}

/// `days` calendar days up to `as_of`, `rate` consumed each working day, stock never short.
fn steady(rate: i64, days: u64, cal: &WorkCalendar) -> Vec<DayRecord> {
    let start = as_of() - Days::new(days - 1);
    start
        .iter_days()
        .take(days as usize)
        .map(|d| DayRecord {
            date: d,
            consumed: if cal.is_working_day(d) { rate } else { 0 },
            closing_stock: 1_000_000,
        })
        .collect()
}

fn input(items: Vec<ItemInput>) -> ForecastInput {
    ForecastInput {
        region: RegionCode::parse("32.16").unwrap(),
        as_of: as_of(),
        items,
        outages: Vec::new(),
        backlog: Vec::new(),
        route_lead_time_days: None,
        last_report: None,
    }
}

fn blanko(history: Vec<DayRecord>, on_hand: i64) -> ItemInput {
    ItemInput { item: Item::Blanko, history, on_hand, incoming: Vec::new(), allocated_not_shipped: 0 }
}

const CENSORED_METHODS: [RateMethod; 4] = [
    RateMethod::CensoredMean { window: 40 },
    RateMethod::CensoredSamples { samples: 40 },
    RateMethod::CensoredEwma { half_life: 20.0 },
    RateMethod::CensoredMedian { window: 40 },
];

#[test]
fn constant_rate_gives_exact_cover_and_date_across_weekends_and_holidays() {
    let cal = cal();
    for weekday_effects in [false, true] {
        for method in CENSORED_METHODS {
            let params = ForecastParams { method, weekday_effects, rate_drift: 0.0, ..ForecastParams::default() };
            let f = forecast(&input(vec![blanko(steady(50, 200, &cal), 1000)]), &params, &cal);
            assert!((f.issuance_rate - 50.0).abs() < 1e-9, "{method:?}");
            assert!((f.days_of_cover.unwrap() - 20.0).abs() < 1e-9);
            // Dec 19–23 (5), 27–30 (4), Jan 2–6 (5), 9–13 (5), 16 (20th): the 21st is Jan 17.
            assert_eq!(f.stockout_date, Some(ymd(2023, 1, 17)), "{method:?} {weekday_effects}");
            assert_eq!(f.stockout_p10, f.stockout_date);
            assert_eq!(f.stockout_p90, f.stockout_date);
            assert_eq!(f.risk, Risk::Hijau); // 20 is not below 2 × 10
            assert_eq!(f.binding_item, Item::Blanko);
            assert_eq!(f.projection.len(), 90);
            assert!(f.projection[19].stock.abs() < 1e-6);
            assert!((f.projection[20].short - 50.0).abs() < 1e-6);
        }
    }
    // A perfectly steady past is no promise: the default range allows the rate to wander.
    let f = forecast(&input(vec![blanko(steady(50, 200, &cal), 1000)]), &ForecastParams::default(), &cal);
    assert_eq!(f.stockout_date, Some(ymd(2023, 1, 17)));
    assert!(f.stockout_p10 < f.stockout_date && f.stockout_date < f.stockout_p90, "{f:?}");
}

#[test]
fn stockout_and_outage_days_leave_the_rate_unchanged() {
    let cal = cal();
    let mut history = steady(50, 120, &cal);
    let mut outages = Vec::new();
    let n = history.len();
    // A stock-out of a week, ran out midway through its first day.
    for (k, r) in history[n - 40..n - 33].iter_mut().enumerate() {
        r.closing_stock = 0;
        r.consumed = if k == 0 { 20 } else { 0 };
    }
    // A day lost whole, and half a day.
    for (back, hours, printed) in [(10, 8.0, 0), (15, 24.0, 0), (19, 4.0, 25)] {
        let r = &mut history[n - back];
        if cal.is_working_day(r.date) {
            r.consumed = printed;
            outages.push(OutageDay { date: r.date, hours });
        }
    }
    for method in CENSORED_METHODS {
        let params = ForecastParams { method, ..ForecastParams::default() };
        let mut inp = input(vec![blanko(history.clone(), 1000)]);
        inp.outages.clone_from(&outages);
        let f = forecast(&inp, &params, &cal);
        assert!((f.issuance_rate - 50.0).abs() < 1e-9, "{method:?}: {}", f.issuance_rate);
        let inputs = &f.items[0].inputs;
        assert!(inputs.censored_outage >= 2, "{inputs:?}");
        assert!(inputs.censored.iter().all(|c| c.date <= as_of()));
    }
    // The plain mean is dragged down: that is why it is not used.
    let params = ForecastParams { method: RateMethod::Mean { window: 60 }, ..ForecastParams::default() };
    let f = forecast(&input(vec![blanko(history, 1000)]), &params, &cal);
    assert!(f.issuance_rate < 47.0);
}

#[test]
fn censoring_reports_its_reasons() {
    let cal = cal();
    let mut history = steady(50, 60, &cal);
    let n = history.len();
    history[n - 1].closing_stock = 0; // Fri 16 Dec: ran out
    history.remove(n - 3); // Wed 14 Dec: nothing recorded
    let mut inp = input(vec![blanko(history, 1000)]);
    inp.outages.push(OutageDay { date: ymd(2022, 12, 12), hours: 2.0 });
    let params = ForecastParams { method: RateMethod::CensoredMean { window: 20 }, ..ForecastParams::default() };
    let r = &forecast(&inp, &params, &cal).items[0].inputs;
    assert_eq!((r.window_end, r.working_days), (Some(as_of()), 20));
    assert_eq!((r.censored_no_stock, r.censored_no_data, r.censored_outage), (1, 1, 1));
    let outage = r.censored.iter().find(|c| c.reason == CensorReason::Outage).unwrap();
    assert_eq!((outage.hours, outage.weight), (Some(2.0), 0.75));
    assert_eq!(r.samples, 18);
}

#[test]
fn weekend_prints_count_towards_the_rate() {
    let cal = cal();
    let mut history = steady(50, 120, &cal);
    for r in &mut history {
        if r.date.format("%a").to_string() == "Sat" {
            r.consumed = 25;
        }
    }
    let params = ForecastParams { method: RateMethod::CensoredMean { window: 40 }, ..ForecastParams::default() };
    let f = forecast(&input(vec![blanko(history, 1000)]), &params, &cal);
    // 40 working days from Mon 24 Oct, no holiday; 7 Saturdays fold into the Friday before
    // them (the 8th Friday, as-of, has its Saturday still ahead): 50 + 7 × 25 / 40.
    assert!((f.issuance_rate - 54.375).abs() < 1e-9, "{}", f.issuance_rate);
}

#[test]
fn a_shipment_before_the_stockout_extends_cover_by_exactly_its_quantity() {
    let cal = cal();
    let mut item = blanko(steady(50, 200, &cal), 1000);
    item.incoming.push(IncomingShipment {
        quantity: 500,
        shipped_on: ymd(2022, 12, 14),
        expected_on: Some(ymd(2022, 12, 22)),
        reference: None,
    });
    let f = forecast(&input(vec![item.clone()]), &ForecastParams::default(), &cal);
    assert!((f.days_of_cover.unwrap() - 30.0).abs() < 1e-9);
    assert_eq!(f.in_transit, 500);
    assert_eq!(cal.working_days_between(ymd(2023, 1, 17), f.stockout_date.unwrap()), 10);
    assert_eq!(f.items[0].incoming[0].basis, ArrivalBasis::Known);
    // Without a date it comes after the route lead time: Dec 14 + 10 working days, still in time.
    item.incoming[0].expected_on = None;
    let f2 = forecast(&input(vec![item.clone()]), &ForecastParams::default(), &cal);
    assert_eq!(f2.items[0].incoming[0].expected_on, ymd(2022, 12, 29));
    assert_eq!(f2.stockout_date, f.stockout_date);
    // Arriving after the stock-out it cannot prevent it.
    item.incoming[0].expected_on = Some(ymd(2023, 2, 1));
    let f3 = forecast(&input(vec![item]), &ForecastParams::default(), &cal);
    assert_eq!(f3.stockout_date, Some(ymd(2023, 1, 17)));
    assert_eq!(f3.days_of_cover, f.days_of_cover);
}

#[test]
fn risk_follows_the_stockout_date_not_the_cover_counting_a_late_delivery() {
    // SPEC §7: 300 cards at 50 a day run out in 6 working days; 5,000 cards land after that.
    let cal = cal();
    let mut item = blanko(steady(50, 200, &cal), 300);
    item.incoming.push(IncomingShipment {
        quantity: 5000,
        shipped_on: ymd(2022, 12, 20),
        expected_on: Some(ymd(2023, 1, 16)),
        reference: None,
    });
    let f = forecast(&input(vec![item.clone()]), &ForecastParams::default(), &cal);
    assert!(f.days_of_cover.unwrap() > 100.0, "cover counting the delivery: {:?}", f.days_of_cover);
    assert_eq!(f.risk, Risk::Merah, "runs out on {:?}, before the delivery lands", f.stockout_date);
    // The same delivery landing in time carries the office through: green.
    item.incoming[0].expected_on = Some(ymd(2022, 12, 22));
    let f = forecast(&input(vec![item]), &ForecastParams::default(), &cal);
    assert_eq!(f.risk, Risk::Hijau, "{:?}", f.stockout_date);
}

#[test]
fn allocations_not_shipped_are_a_separate_scenario() {
    let cal = cal();
    let mut item = blanko(steady(50, 200, &cal), 1000);
    item.allocated_not_shipped = 250;
    let f = forecast(&input(vec![item]), &ForecastParams::default(), &cal);
    assert_eq!(f.stockout_date, Some(ymd(2023, 1, 17)));
    assert!((f.with_allocations.days_of_cover.unwrap() - 25.0).abs() < 1e-9);
    assert_eq!(cal.working_days_between(ymd(2023, 1, 17), f.with_allocations.stockout_date.unwrap()), 5);
    assert_eq!(f.with_allocations.risk, Risk::Hijau);
}

#[test]
fn the_scarcest_consumable_binds() {
    let cal = cal();
    // Ribbon: one used every Monday (0.2 a working day); 5 left print 2,250 cards, last 25 days.
    let history: Vec<DayRecord> = steady(0, 200, &cal)
        .into_iter()
        .map(|r| DayRecord { consumed: i64::from(r.date.format("%a").to_string() == "Mon"), ..r })
        .collect();
    let ribbon = ItemInput { item: Item::Ribbon, history, on_hand: 5, incoming: Vec::new(), allocated_not_shipped: 0 };
    let params = ForecastParams { method: RateMethod::CensoredMean { window: 100 }, ..ForecastParams::default() };
    let f = forecast(&input(vec![blanko(steady(100, 200, &cal), 10_000), ribbon]), &params, &cal);
    assert_eq!(f.binding_item, Item::Ribbon);
    assert_eq!(f.printable_cards, 2250);
    let r = f.item(Item::Ribbon).unwrap();
    assert!(f.items.len() == 2 && f.item(Item::Film).is_none());
    assert_eq!(f.days_of_cover, r.days_of_cover);
    assert_eq!(f.stockout_date, r.stockout_date);
    assert!(f.stockout_date < f.item(Item::Blanko).unwrap().stockout_date.or(Some(NaiveDate::MAX)));
    assert_eq!(f.on_hand, 10_000); // the headline stays in cards
    assert!((f.issuance_rate - 100.0).abs() < 1e-9);
    // Blanko for 3 days with a big delivery only after 30: more cover on paper, yet it binds.
    let mut thin = blanko(steady(100, 200, &cal), 300);
    thin.incoming.push(IncomingShipment {
        quantity: 20_000,
        shipped_on: as_of(),
        expected_on: Some(cal.add_working_days(as_of(), 30)),
        reference: None,
    });
    let ribbon_in = ItemInput {
        item: Item::Ribbon,
        history: steady(0, 200, &cal)
            .into_iter()
            .map(|r| DayRecord { consumed: i64::from(r.date.format("%a").to_string() == "Mon"), ..r })
            .collect(),
        on_hand: 5,
        incoming: Vec::new(),
        allocated_not_shipped: 0,
    };
    let g = forecast(&input(vec![thin, ribbon_in]), &params, &cal);
    assert_eq!(g.binding_item, Item::Blanko);
    assert_eq!(g.stockout_date, Some(cal.add_working_days(as_of(), 4)));
    assert!((g.days_of_cover.unwrap() - 25.0).abs() < 1e-9); // the ribbon's, the least
    // SPEC §7 (amended) colours by the stock-out date: out in 4 working days, delivery after 30.
    assert_eq!(g.risk, Risk::Merah);
}

#[test]
fn nothing_on_hand_is_habis_and_runs_out_the_next_working_day() {
    let cal = cal();
    let f = forecast(&input(vec![blanko(steady(50, 200, &cal), 0)]), &ForecastParams::default(), &cal);
    assert_eq!(f.risk, Risk::Habis);
    assert_eq!(f.stockout_date, Some(ymd(2022, 12, 19)));
    assert_eq!(f.reorder_quantity, 2000);
}

#[test]
fn risk_follows_cover_against_the_lead_time() {
    assert_eq!(Risk::classify(10, Some(9.9), 10), Risk::Merah);
    assert_eq!(Risk::classify(10, Some(10.0), 10), Risk::Kuning);
    assert_eq!(Risk::classify(10, Some(19.9), 10), Risk::Kuning);
    assert_eq!(Risk::classify(10, Some(20.0), 10), Risk::Hijau);
    assert_eq!(Risk::classify(10, None, 10), Risk::Hijau);
    assert_eq!(Risk::classify(0, Some(50.0), 10), Risk::Habis);
}

#[test]
fn backlog_growth_adds_to_demand_and_to_the_reorder() {
    let cal = cal();
    let mut inp = input(vec![blanko(steady(50, 200, &cal), 1000)]);
    // 20 working days before as-of the queue held 1,000; it grew by 10 a working day since.
    let start = cal.add_working_days(as_of(), -20);
    inp.backlog = vec![BacklogSnapshot { date: start, prr: 1000 }, BacklogSnapshot { date: as_of(), prr: 1200 }];
    let params = ForecastParams { backlog_window_days: 20, ..ForecastParams::default() };
    let f = forecast(&inp, &params, &cal);
    assert!((f.demand_rate - 60.0).abs() < 1e-9, "{}", f.demand_rate);
    assert!((f.backlog_growth_rate.unwrap() - 10.0).abs() < 1e-9);
    assert_eq!(f.backlog_prr, Some(1200));
    assert_eq!(f.reorder_quantity, 40 * 60 + 1200 - 1000);
    // The queue grows by 10 a day while stock lasts, then by the whole demand.
    let p = &f.projection;
    assert!((p[0].backlog_prr.unwrap() - 1210.0).abs() < 1e-9);
    assert!((p[21].backlog_prr.unwrap() - p[20].backlog_prr.unwrap() - 60.0).abs() < 1e-9);
}

#[test]
fn no_history_falls_back_to_backlog_demand_or_nothing() {
    let cal = cal();
    let f = forecast(&input(vec![blanko(Vec::new(), 500)]), &ForecastParams::default(), &cal);
    assert_eq!((f.issuance_rate, f.days_of_cover, f.stockout_date), (0.0, None, None));
    assert_eq!(f.items[0].inputs.source, RateSource::None);
    // Out of stock for the whole window, but the queue shows 30 residents a day.
    let mut history = steady(0, 100, &cal);
    for r in &mut history {
        r.closing_stock = 0;
    }
    let mut inp = input(vec![blanko(history, 0)]);
    inp.backlog =
        vec![BacklogSnapshot { date: ymd(2022, 11, 18), prr: 0 }, BacklogSnapshot { date: as_of(), prr: 600 }];
    let f = forecast(&inp, &ForecastParams::default(), &cal);
    assert_eq!(f.items[0].inputs.source, RateSource::Backlog);
    assert!((f.issuance_rate - 30.0).abs() < 1e-9);
    assert_eq!(f.risk, Risk::Habis);
}

#[test]
fn serialises_with_english_names_and_iso_dates() {
    let cal = cal();
    let f = forecast(&input(vec![blanko(steady(50, 200, &cal), 1000)]), &ForecastParams::default(), &cal);
    let v = serde_json::to_value(&f).unwrap();
    assert_eq!(v["stockout_date"], "2023-01-17");
    assert_eq!(v["risk"], "hijau");
    assert_eq!(v["binding_item"], "blanko");
    assert_eq!(v["items"][0]["inputs"]["method"]["kind"], "censored_ewma");
    assert!(v["items"][0]["inputs"]["censored"].is_array());
}

#[test]
fn history_start_covers_the_lookback() {
    let cal = cal();
    let params = ForecastParams::default();
    let start = params.history_start(as_of(), &cal);
    let needed = i64::from(params.method.lookback_days().max(params.backlog_window_days));
    assert!(cal.count_working_days(start, as_of()) >= needed);
}

/// Days (consumed, closing stock, outage code), on hand, shipments (days back, quantity, expected
/// offset), method index.
type Arbitrary = (Vec<(i64, i64, u8)>, i64, Vec<(u8, i64, Option<u8>)>, u8);

fn arb_history() -> impl Strategy<Value = Arbitrary> {
    (
        prop::collection::vec((0_i64..400, -5_i64..3000, 0_u8..30), 0..300),
        -10_i64..5000,
        prop::collection::vec((0_u8..40, -5_i64..2000, prop::option::of(0_u8..60)), 0..4),
        0_u8..4,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn random_histories_never_panic_and_stay_sane((days, on_hand, ships, method) in arb_history()) {
        let cal = cal();
        let n = days.len() as u64;
        let start = as_of() - Days::new(n);
        let history: Vec<DayRecord> = days.iter().enumerate().map(|(i, (c, s, _))| DayRecord {
            date: start + Days::new(i as u64 + 1), consumed: *c, closing_stock: *s }).collect();
        let outages = days.iter().enumerate().filter(|(_, d)| d.2 >= 20)
            .map(|(i, d)| OutageDay { date: start + Days::new(i as u64 + 1), hours: f64::from(d.2 - 18) }).collect();
        let incoming = ships.iter().map(|(back, q, exp)| IncomingShipment {
            quantity: *q, shipped_on: as_of() - Days::new(u64::from(*back)),
            expected_on: exp.map(|e| as_of() - Days::new(10) + Days::new(u64::from(e))), reference: None }).collect();
        let mut inp = input(vec![ItemInput { item: Item::Blanko, history: history.clone(), on_hand, incoming, allocated_not_shipped: 100 },
            ItemInput { item: Item::Film, history, on_hand: on_hand / 400, incoming: Vec::new(), allocated_not_shipped: 0 }]);
        inp.outages = outages;
        inp.backlog = vec![BacklogSnapshot { date: as_of() - Days::new(30), prr: 500 }, BacklogSnapshot { date: as_of(), prr: on_hand % 700 }];
        let method = [RateMethod::Mean { window: 20 }, CENSORED_METHODS[0], CENSORED_METHODS[2], CENSORED_METHODS[3]][method as usize];
        let params = ForecastParams { method, weekday_effects: on_hand % 2 == 0, ..ForecastParams::default() };
        let f = forecast(&inp, &params, &cal);
        prop_assert!(f.issuance_rate >= 0.0 && f.issuance_rate.is_finite());
        prop_assert!(f.demand_rate >= 0.0 && f.demand_rate.is_finite());
        prop_assert!(f.reorder_quantity >= 0);
        prop_assert!(f.days_of_cover.is_none_or(|c| c >= 0.0 && c.is_finite()));
        prop_assert_eq!(f.projection.len(), 90);
        for it in &f.items {
            prop_assert!(it.issuance_rate >= 0.0 && it.issuance_rate.is_finite());
            for d in [it.stockout_date, it.stockout_p10, it.stockout_p90, it.with_allocations.stockout_date].into_iter().flatten() {
                prop_assert!(cal.is_working_day(d) && d > as_of() && d <= f.horizon_end);
            }
            if let (Some(a), Some(b), Some(c)) = (it.stockout_p10, it.stockout_date, it.stockout_p90) {
                prop_assert!(a <= b && b <= c);
            }
        }
        for p in &f.projection {
            prop_assert!(p.stock >= 0.0 && p.short >= 0.0 && p.backlog_prr.is_none_or(|b| b >= 0.0));
        }
    }
}

/// A steady office of 50 cards a day whose last `stale` working days are not reported yet: the
/// store shows them as days without prints and with the stock unchanged.
fn late_reporter(stale: u32, on_hand: i64, cal: &WorkCalendar) -> ForecastInput {
    let last = cal.add_working_days(as_of(), -i64::from(stale));
    let history = steady(50, 200, cal)
        .into_iter()
        .map(|r| if r.date > last { DayRecord { consumed: 0, ..r } } else { r })
        .collect();
    ForecastInput { last_report: Some(last), ..input(vec![blanko(history, on_hand)]) }
}

#[test]
fn a_late_reporter_is_projected_from_its_last_report() {
    let cal = cal();
    let params = ForecastParams::default();
    let late = late_reporter(10, 2000, &cal);
    let f = forecast(&late, &params, &cal);
    assert_eq!((f.stale_days, f.last_report), (10, late.last_report));
    // The unreported days are not days without demand.
    assert!((f.issuance_rate - 50.0).abs() < 1e-9, "{}", f.issuance_rate);
    assert_eq!((f.on_hand, f.expected_on_hand), (2000, 1500));
    assert!((f.days_of_cover.unwrap() - 30.0).abs() < 1e-9);
    // 2,000 cards from the last report last 40 working days: 30 after today.
    let last = late.last_report.unwrap();
    assert_eq!(f.stockout_date, Some(cal.add_working_days(last, 41)));
    assert_eq!(f.stockout_date, Some(cal.add_working_days(as_of(), 31)));
    // Read as an office that printed nothing, the same history would promise more.
    let naive = forecast(&ForecastInput { last_report: None, ..late.clone() }, &params, &cal);
    assert!(naive.issuance_rate < 40.0, "{}", naive.issuance_rate);
    assert!(naive.stockout_date.is_none_or(|d| Some(d) > f.stockout_date), "{:?}", naive.stockout_date);
    // Ten days not seen widen the range beyond that of an office known to hold 1,500 today.
    let fresh = forecast(&input(vec![blanko(steady(50, 200, &cal), 1500)]), &params, &cal);
    assert_eq!(fresh.stockout_date, f.stockout_date);
    let width = |f: &Forecast| cal.working_days_between(f.stockout_p10.unwrap(), f.stockout_p90.unwrap());
    assert!(width(&f) > width(&fresh), "{} {}", width(&f), width(&fresh));
    // Silent long enough, it has expectedly run out: merah, though its book still shows stock.
    let gone = forecast(&late_reporter(45, 2000, &cal), &params, &cal);
    assert_eq!((gone.expected_on_hand, gone.risk), (0, Risk::Merah));
    assert_eq!(gone.stockout_date, Some(cal.add_working_days(as_of(), 1)));
    assert!(gone.reorder_quantity >= 2000);
}

proptest! {
    /// Risk is never better than the last report implies: a forecast from an older report
    /// is at least as worried as the one made on the day of that report.
    #[test]
    fn risk_is_never_better_than_the_last_report_implies(stale in 0_u32..40, on_hand in 0_i64..6000) {
        let cal = cal();
        let params = ForecastParams::default();
        let late = late_reporter(stale, on_hand, &cal);
        let then = ForecastInput { as_of: late.last_report.unwrap(), last_report: None, ..late.clone() };
        let (now, then) = (forecast(&late, &params, &cal), forecast(&then, &params, &cal));
        prop_assert!(now.risk <= then.risk, "{:?} then {:?}", now.risk, then.risk);
        prop_assert!(now.stockout_date.is_some() || then.stockout_date.is_none());
        prop_assert!(now.expected_on_hand <= then.on_hand);
    }
}

#[test]
fn a_clear_trend_is_followed_and_noise_is_not() {
    let cal = cal();
    // Demand rising steadily from about 20 to 80 cards a working day over the history.
    let mut history = steady(0, 200, &cal);
    let working: Vec<usize> = (0..history.len()).filter(|&i| cal.is_working_day(history[i].date)).collect();
    let n = working.len() as f64;
    for (k, &i) in working.iter().enumerate() {
        history[i].consumed = (20.0 + 60.0 * k as f64 / (n - 1.0)).round() as i64;
    }
    let with = forecast(&input(vec![blanko(history.clone(), 5000)]), &ForecastParams::default(), &cal);
    let without = forecast(
        &input(vec![blanko(history, 5000)]),
        &ForecastParams { trend_days: 0, ..ForecastParams::default() },
        &cal,
    );
    // The weighted mean lags behind today's 80; the trend term reads today's level.
    assert!(without.issuance_rate < 73.0, "{}", without.issuance_rate);
    assert!((with.issuance_rate - 80.0).abs() < 1.5, "{}", with.issuance_rate);
    assert!(with.stockout_date < without.stockout_date, "{:?} {:?}", with.stockout_date, without.stockout_date);
    // Noise around a steady 50 (a fixed pattern of ±20 %) leaves the rate where the mean has it.
    let mut noisy = steady(50, 200, &cal);
    for (k, r) in noisy.iter_mut().enumerate() {
        if cal.is_working_day(r.date) {
            r.consumed = [50, 60, 40, 55, 45, 58, 42][k % 7];
        }
    }
    let with = forecast(&input(vec![blanko(noisy.clone(), 5000)]), &ForecastParams::default(), &cal);
    let without = forecast(
        &input(vec![blanko(noisy, 5000)]),
        &ForecastParams { trend_days: 0, ..ForecastParams::default() },
        &cal,
    );
    assert!(
        (with.issuance_rate - without.issuance_rate).abs() < 1.0,
        "{} {}",
        with.issuance_rate,
        without.issuance_rate
    );
}
