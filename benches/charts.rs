//! Render time of one chart (issue 5: under 100 ms): the stock chart with 90 days of history and a
//! 90-working-day forecast band, as PNG and as SVG. Run: `cargo bench --bench charts`.

use std::time::Instant;

use blanko::domain::item::Item;
use blanko::report::{Chart, ForecastPoint, Size, StockChart, StockPoint, StockoutRange};
use chrono::{Days, NaiveDate};

fn chart() -> StockChart {
    let as_of = NaiveDate::from_ymd_opt(2022, 10, 31).expect("valid date");
    let day = |n: i64| if n < 0 { as_of - Days::new(n.unsigned_abs()) } else { as_of + Days::new(n.unsigned_abs()) };
    let history = (-90..=0).map(|n| StockPoint { date: day(n), on_hand: 40_000 - (n + 90) * 400 }).collect();
    let forecast = (1..=90)
        .map(|n| {
            let expected = (4_000.0 - 520.0 * n as f64).max(0.0);
            ForecastPoint {
                date: day(n),
                expected,
                low: (expected - 30.0 * n as f64).max(0.0),
                high: expected + 30.0 * n as f64,
            }
        })
        .collect();
    StockChart {
        region_name: "Kabupaten Bekasi".into(),
        item: Item::Blanko,
        as_of,
        history,
        forecast,
        stockout: Some(StockoutRange { p10: day(9), p50: day(10), p90: day(11) }),
    }
}

fn best_of(runs: usize, mut f: impl FnMut() -> usize) -> f64 {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            assert!(f() > 0, "a chart has bytes");
            started.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min)
}

fn main() {
    let input = chart();
    let chart = Chart::Stock(&input);
    let png = best_of(10, || chart.png(Size::DEFAULT).map_or(0, |b| b.len()));
    let svg = best_of(10, || chart.svg(Size::DEFAULT).map_or(0, |s| s.len()));
    println!("stock chart 1000x560, PNG: {:.1} ms (best of 10)", png * 1000.0);
    println!("stock chart 1000x560, SVG: {:.1} ms (best of 10)", svg * 1000.0);
    println!("target 100 ms: PNG {:.1}x under it", 0.1 / png);
}
