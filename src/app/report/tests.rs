//! The mapping keeps the forecast's numbers as they are, and the charts show what they say.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::build::{NATION, forecast_rows, headline, title_name};
use crate::app::forecast::{ForecastView, RegionForecast};
use crate::app::report::briefing::{BriefingExtras, briefing, request_by, suket_since};
use crate::app::report::charts::{backlog_chart, cover_chart, flow_chart, stock_chart};
use crate::domain::calendar::WorkCalendar;
use crate::domain::forecast::rollup::rollup;
use crate::domain::forecast::{DayRecord, Forecast, ForecastInput, ForecastParams, ItemInput, Risk, forecast};
use crate::domain::item::Item;
use crate::domain::region::{Level, Region, RegionCode};
use crate::report::StockoutRange;
use crate::store::reports::FlowTotals;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn region(c: &str, name: &str) -> Region {
    let code = code(c);
    Region { level: code.level(), parent: code.parent(), code, name: name.into() }
}

/// An office printing 500 cards every working day with `on_hand` left at 31 October 2022.
fn office(c: &str, on_hand: i64, cal: &WorkCalendar) -> Forecast {
    let as_of = d(2022, 10, 31);
    let history = (0..120)
        .map(|i| {
            let date = as_of - Days::new(119 - i);
            DayRecord { date, consumed: if cal.is_working_day(date) { 500 } else { 0 }, closing_stock: 20_000 }
        })
        .collect();
    let input = ForecastInput {
        region: code(c),
        as_of,
        items: vec![ItemInput { item: Item::Blanko, history, on_hand, incoming: Vec::new(), allocated_not_shipped: 0 }],
        outages: Vec::new(),
        backlog: Vec::new(),
        route_lead_time_days: None,
        last_report: None,
    };
    forecast(&input, &ForecastParams::default(), cal)
}

fn office_view(f: Forecast, name: &str) -> ForecastView {
    ForecastView {
        as_of: f.as_of,
        params: ForecastParams::default(),
        region: RegionForecast {
            region: f.region.clone(),
            name: name.into(),
            level: "kabkota",
            forecast: Some(f),
            rollup: None,
            complaints: None,
        },
        children: Vec::new(),
        scenario: None,
    }
}

fn province_view(cal: &WorkCalendar) -> ForecastView {
    let (a, b) = (office("32.16", 4_000, cal), office("32.15", 30_000, cal));
    let r = rollup(code("32"), a.as_of, &[&a, &b], 1_000, 10);
    let kid = |f: Forecast, name: &str| RegionForecast {
        region: f.region.clone(),
        name: name.into(),
        level: "kabkota",
        forecast: Some(f),
        rollup: None,
        complaints: None,
    };
    let blank = RegionForecast {
        region: code("32.17"),
        name: "Kabupaten Kosong".into(),
        level: "kabkota",
        forecast: None,
        rollup: None,
        complaints: None,
    };
    ForecastView {
        as_of: a.as_of,
        params: ForecastParams::default(),
        region: RegionForecast {
            region: code("32"),
            name: "Jawa Barat".into(),
            level: "provinsi",
            forecast: None,
            rollup: Some(r),
            complaints: None,
        },
        children: vec![kid(a, "Kabupaten Bekasi"), kid(b, "Kabupaten Karawang"), blank],
        scenario: None,
    }
}

#[test]
fn forecast_rows_copy_the_forecast() {
    let cal = WorkCalendar::weekdays_only();
    let f = office("32.16", 4_000, &cal);
    let rows = forecast_rows(&office_view(f.clone(), "Kabupaten Bekasi"));
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(
        (r.on_hand, r.in_transit, r.reorder_quantity, r.risk),
        (f.on_hand, f.in_transit, f.reorder_quantity, f.risk)
    );
    assert_eq!((r.stockout_p10, r.stockout_p50, r.stockout_p90), (f.stockout_p10, f.stockout_date, f.stockout_p90));
    assert_eq!(r.days_of_cover, f.days_of_cover);
    // 4,000 cards at 500 a working day: 8 days, out on the 9th working day.
    assert_eq!(f.stockout_date, Some(cal.add_working_days(f.as_of, 9)));
}

#[test]
fn a_rollup_counts_its_reserve_and_asks_for_the_shortfall() {
    let cal = WorkCalendar::weekdays_only();
    let v = province_view(&cal);
    let r = v.region.rollup.as_ref().unwrap();
    let h = headline(&v.region).unwrap();
    assert_eq!(h.on_hand, 35_000);
    assert_eq!(h.reorder_quantity, r.shortfall_quantity);
    assert_eq!(h.stockout.map(|s| s.p50), r.pooled_stockout_date);
    let rows = forecast_rows(&v);
    // The region, then the children with a forecast; the blank one is left out.
    assert_eq!(rows.iter().map(|r| r.region_code.as_str()).collect::<Vec<_>>(), ["32", "32.16", "32.15"]);
    assert_eq!(rows[0].stockout_p10, None);
    assert_eq!(title_name(&code("32"), "Jawa Barat"), "Provinsi Jawa Barat");
    assert_eq!(title_name(&RegionCode::pusat(), "Ditjen Dukcapil (Pusat)"), NATION);
}

#[test]
fn stock_chart_joins_record_and_forecast_and_stops_after_the_stockout() {
    let cal = WorkCalendar::weekdays_only();
    let fc = office("32.16", 4_000, &cal);
    let view = office_view(fc.clone(), "Kabupaten Bekasi");
    let history = vec![(d(2022, 10, 30), 4_500), (d(2022, 10, 31), 4_000)];
    let chart = stock_chart(&view, &history);
    assert_eq!(chart.forecast[0].date, view.as_of);
    assert!((chart.forecast[0].expected - 4_000.0).abs() < 1e-9);
    let range = chart.stockout.unwrap();
    assert_eq!(range.p50, fc.stockout_date.unwrap());
    let last = chart.forecast.last().unwrap().date;
    // Two weeks past the late date, and at least four weeks of forecast.
    let end = (range.p90 + Days::new(14)).max(view.as_of + Days::new(28));
    assert!(last <= end && last > range.p90, "{last}");
    assert_eq!(chart.history.len(), 2);
    // A roll-up: the pooled line starts at everything held, without a band.
    let pooled = stock_chart(&province_view(&cal), &[]);
    assert!((pooled.forecast[0].expected - 35_000.0).abs() < 1e-9);
    assert!(pooled.forecast.iter().all(|x| (x.high - x.low).abs() < 1e-9));
}

#[test]
fn briefing_numbers_are_the_forecast_numbers() {
    let cal = WorkCalendar::weekdays_only();
    let f = office("32.16", 4_000, &cal);
    let v = office_view(f.clone(), "Kabupaten Bekasi");
    let extras = BriefingExtras {
        history: Vec::new(),
        suket_issued: 42,
        detail: None,
        names: BTreeMap::new(),
        complaints: None,
    };
    let b = briefing(&v, extras, &cal);
    assert_eq!((b.on_hand, b.in_transit, b.reorder_quantity, b.risk), (4_000, 0, f.reorder_quantity, f.risk));
    assert_eq!(b.backlog_prr, f.backlog_prr.unwrap_or(0));
    assert_eq!(b.stockout.map(|s| s.p50), f.stockout_date);
    assert_eq!((b.suket_issued, b.suket_since), (42, d(2022, 10, 4)));
    assert!(!b.pooled && b.lead.is_none());
    // Out in 9 working days with a 10-day lead time: ask today.
    assert_eq!(b.request_by, Some(v.as_of));
    assert_eq!(suket_since(d(2022, 10, 31)), d(2022, 10, 4));
}

#[test]
fn request_by_is_the_early_date_less_the_lead_time() {
    let cal = WorkCalendar::weekdays_only();
    let as_of = d(2022, 10, 31);
    let s = StockoutRange { p10: d(2022, 12, 1), p50: d(2022, 12, 5), p90: d(2022, 12, 9) };
    assert_eq!(request_by(Some(s), None, 10, as_of, &cal), Some(d(2022, 11, 17)));
    assert_eq!(request_by(None, Some(d(2023, 3, 3)), 10, as_of, &cal), Some(d(2023, 2, 17)));
    assert_eq!(request_by(None, None, 10, as_of, &cal), None);
    let soon = StockoutRange { p10: d(2022, 11, 2), p50: d(2022, 11, 3), p90: d(2022, 11, 4) };
    assert_eq!(request_by(Some(soon), None, 10, as_of, &cal), Some(as_of));
}

#[test]
fn province_briefing_names_the_offices_at_risk() {
    let cal = WorkCalendar::weekdays_only();
    let v = province_view(&cal);
    let names = BTreeMap::from([(code("32.16"), "Kabupaten Bekasi".to_string())]);
    let extras = BriefingExtras { history: Vec::new(), suket_issued: 0, detail: None, names, complaints: None };
    let b = briefing(&v, extras, &cal);
    assert!(b.pooled);
    let lead = b.lead.as_ref().expect("a roll-up leads with its headline");
    assert!(lead.first_out.as_ref().is_some_and(|f| f.starts_with("Paling cepat habis: Kabupaten Bekasi")));
    assert_eq!(b.region_name, "Provinsi Jawa Barat");
    // 35,000 cards pooled, but Bekasi's 4,000 last 8 working days: the province is merah, and
    // the banner says it is one office's stock.
    assert_eq!(b.risk, Risk::Merah);
    let html = crate::report::briefing_html(&b).unwrap();
    // The headline leads (how many, who first); the pooled sentence says it is one office's stock.
    assert!(html.contains("1 dari 2 kabupaten/kota perlu perhatian: 1 merah."), "{html}");
    assert!(html.contains("Stok sedikitnya satu kabupaten/kota akan habis"), "{html}");
}

#[test]
fn charts_group_by_child_and_skip_empty_regions() {
    let cal = WorkCalendar::weekdays_only();
    let v = province_view(&cal);
    let cover = cover_chart(&v);
    assert_eq!(
        cover.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["Kabupaten Bekasi", "Kabupaten Karawang"]
    );
    let bekasi = cover_chart(&office_view(office("32.16", 4_000, &cal), "Kabupaten Bekasi"));
    assert_eq!(bekasi.rows.len(), 1);

    let jabar = region("32", "Jawa Barat");
    let kids = [region("32.15", "Kabupaten Karawang"), region("32.16", "Kabupaten Bekasi")];
    let line = |c: &str, prr| crate::report::BacklogRow {
        kecamatan_code: c.into(),
        kecamatan_name: c.into(),
        reported_on: None,
        prr,
        recorded: None,
        suket: None,
    };
    let lines = [line("32.16.01", 10), line("32.16.02", 5), line("32.15.01", 7)];
    let b = backlog_chart(&jabar, &kids, v.as_of, &lines);
    assert_eq!(b.per, Level::Kabkota);
    assert_eq!(b.rows.iter().map(|r| r.value).collect::<Vec<_>>(), [7, 15]);
    let k = backlog_chart(&kids[1], &[], v.as_of, &lines[..2]);
    assert_eq!((k.per, k.rows.len()), (Level::Kecamatan, 2));

    let totals = BTreeMap::from([
        (code("32.16"), FlowTotals { allocated: 100, shipped: 80, received: 70 }),
        (code("32.16.01"), FlowTotals { allocated: 0, shipped: 5, received: 5 }),
    ]);
    let f = flow_chart(&jabar, &kids, &totals, v.as_of);
    assert_eq!(f.rows.len(), 1, "Karawang has nothing and is left out");
    assert_eq!((f.rows[0].allocated, f.rows[0].shipped, f.rows[0].received), (100, 85, 75));
    assert_eq!(f.since, None);
}
