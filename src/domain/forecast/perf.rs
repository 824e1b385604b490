//! Timing of the whole country: 514 kabupaten/kota (blanko, ribbon, film) and 7,285 kecamatan
//! (blanko) from three years of daily history each. Run with
//! `cargo test --release -- --ignored --nocapture forecast_timing`.

use std::time::Instant;

use chrono::NaiveDate;

use super::synthetic::{SynthStyle, office};
use super::{DayRecord, ForecastInput, ForecastParams, IncomingShipment, ItemInput, forecast};
use crate::domain::calendar::WorkCalendar;
use crate::domain::item::Item;
use crate::domain::region::RegionCode;

fn inputs(cal: &WorkCalendar) -> Vec<ForecastInput> {
    let start = NaiveDate::from_ymd_opt(2019, 11, 1).unwrap();
    let days = 3 * 365;
    let style = SynthStyle::default();
    (0..514 + 7285_u64)
        .map(|i| {
            let kabkota = i < 514;
            let code = if kabkota {
                format!("{:02}.{:02}", 11 + i / 99, 1 + i % 99)
            } else {
                format!("32.01.{:02}", 1 + i % 99)
            };
            let o = office(RegionCode::parse(&code).unwrap(), i, start, days, &style, cal).office;
            let as_of = o.history.last().unwrap().date;
            let on_hand = o.history.last().unwrap().closing_stock;
            let incoming = o
                .shipments
                .iter()
                .filter(|s| s.received_on.is_none())
                .map(|s| IncomingShipment { quantity: s.quantity, shipped_on: s.shipped_on, expected_on: None })
                .collect();
            let mut items = vec![ItemInput {
                item: Item::Blanko,
                history: o.history.clone(),
                on_hand,
                incoming,
                allocated_not_shipped: 0,
            }];
            if kabkota {
                for item in [Item::Ribbon, Item::Film] {
                    let per = item.cards_per_unit();
                    let history = o
                        .history
                        .iter()
                        .map(|r| DayRecord {
                            date: r.date,
                            consumed: r.consumed / per,
                            closing_stock: r.closing_stock / per + 1,
                        })
                        .collect();
                    items.push(ItemInput {
                        item,
                        history,
                        on_hand: on_hand / per + 1,
                        incoming: Vec::new(),
                        allocated_not_shipped: 0,
                    });
                }
            }
            ForecastInput {
                region: o.region,
                as_of,
                items,
                outages: o.outages,
                backlog: o.backlog,
                route_lead_time_days: Some(7),
            }
        })
        .collect()
}

#[test]
#[ignore = "timing, run by hand in release"]
fn forecast_timing() {
    let cal = WorkCalendar::weekdays_only();
    let all = inputs(&cal);
    let params = ForecastParams::default();
    let t = Instant::now();
    let one: usize = all.iter().map(|i| forecast(i, &params, &cal).projection.len()).sum();
    let single = t.elapsed();
    let t = Instant::now();
    let (a, b) = all.split_at(all.len() / 2);
    let two: usize = std::thread::scope(|s| {
        let h = s.spawn(|| a.iter().map(|i| forecast(i, &params, &cal).projection.len()).sum::<usize>());
        let mine: usize = b.iter().map(|i| forecast(i, &params, &cal).projection.len()).sum();
        mine + h.join().unwrap()
    });
    let dual = t.elapsed();
    assert_eq!(one, two);
    println!(
        "forecast of {} offices from 3 years of history: {single:?} on 1 thread, {dual:?} on 2 threads",
        all.len()
    );
    assert!(dual.as_secs_f64() < 2.0);
}
