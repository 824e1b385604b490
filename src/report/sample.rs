//! Realistic inputs for tests: Kabupaten Bekasi on 31 October 2022, when
//! deliveries had shrunk and stock was running out.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::briefing_input::{BriefingDetail, BriefingInput};
use super::chart::{
    BacklogChart, CoverBar, CoverChart, FlowBar, FlowChart, ForecastPoint, NamedCount, StockChart, StockPoint,
    StockoutRange,
};
use super::risk::Risk;
use crate::domain::item::Item;
use crate::domain::region::Level;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const KECAMATAN: [&str; 23] = [
    "Tarumajaya",
    "Babelan",
    "Sukawangi",
    "Tambelang",
    "Tambun Utara",
    "Tambun Selatan",
    "Cibitung",
    "Cikarang Barat",
    "Cikarang Utara",
    "Karang Bahagia",
    "Cikarang Timur",
    "Kedung Waringin",
    "Pebayuran",
    "Sukakarya",
    "Sukatani",
    "Cabangbungin",
    "Muaragembong",
    "Setu",
    "Cikarang Selatan",
    "Cikarang Pusat",
    "Serang Baru",
    "Cibarusah",
    "Bojongmangu",
];

const KABKOTA: [&str; 27] = [
    "Kabupaten Bogor",
    "Kabupaten Sukabumi",
    "Kabupaten Cianjur",
    "Kabupaten Bandung",
    "Kabupaten Garut",
    "Kabupaten Tasikmalaya",
    "Kabupaten Ciamis",
    "Kabupaten Kuningan",
    "Kabupaten Cirebon",
    "Kabupaten Majalengka",
    "Kabupaten Sumedang",
    "Kabupaten Indramayu",
    "Kabupaten Subang",
    "Kabupaten Purwakarta",
    "Kabupaten Karawang",
    "Kabupaten Bekasi",
    "Kabupaten Bandung Barat",
    "Kabupaten Pangandaran",
    "Kota Bogor",
    "Kota Sukabumi",
    "Kota Bandung",
    "Kota Cirebon",
    "Kota Bekasi",
    "Kota Depok",
    "Kota Cimahi",
    "Kota Tasikmalaya",
    "Kota Banjar",
];

pub fn stock_chart() -> StockChart {
    let as_of = d(2022, 10, 31);
    let mut history = Vec::new();
    let mut stock = 25_000_i64;
    let mut day = d(2022, 7, 1);
    while day <= as_of {
        if day == d(2022, 8, 15) {
            stock += 15_000;
        }
        if day == d(2022, 9, 26) {
            stock += 9_000;
        }
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            stock -= 440 + i64::from(day.day() % 5) * 20;
        }
        history.push(StockPoint { date: day, on_hand: stock.max(0) });
        day += Duration::days(1);
    }
    let start = stock as f64;
    let forecast = (0..=45)
        .map(|i| {
            let date = as_of + Duration::days(i);
            let working = f64::from(i as i32) * 5.0 / 7.0;
            let expected = (start - working * 560.0).max(0.0);
            let low = (start - working * 700.0).max(0.0);
            let high = (start - working * 450.0).max(0.0);
            ForecastPoint { date, expected, low, high }
        })
        .collect();
    StockChart {
        region_name: "Kabupaten Bekasi".into(),
        item: Item::Blanko,
        as_of,
        history,
        forecast,
        stockout: Some(StockoutRange { p10: d(2022, 11, 10), p50: d(2022, 11, 16), p90: d(2022, 11, 24) }),
    }
}

pub fn backlog_chart() -> BacklogChart {
    let rows = KECAMATAN
        .iter()
        .enumerate()
        .map(|(i, n)| NamedCount { name: (*n).to_string(), value: 180 + ((i as i64 * 7919) % 23) * 95 })
        .collect();
    BacklogChart { region_name: "Kabupaten Bekasi".into(), as_of: d(2022, 10, 31), per: Level::Kecamatan, rows }
}

pub fn cover_chart() -> CoverChart {
    let rows = KABKOTA
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let days = ((i * 37) % 61) as f64 * 0.9;
            let risk = match days {
                0.0 => Risk::Habis,
                x if x < 10.0 => Risk::Merah,
                x if x < 20.0 => Risk::Kuning,
                _ => Risk::Hijau,
            };
            CoverBar { name: (*n).to_string(), days_of_cover: if i == 26 { None } else { Some(days) }, risk }
        })
        .collect();
    CoverChart { region_name: "Provinsi Jawa Barat".into(), as_of: d(2022, 10, 31), lead_time_days: 10.0, rows }
}

pub fn flow_chart() -> FlowChart {
    let rows = KABKOTA
        .iter()
        .take(12)
        .enumerate()
        .map(|(i, n)| {
            let allocated = 20_000 + (i as i64 * 3_137) % 15_000;
            let shipped = allocated * (60 + (i as i64 * 13) % 40) / 100;
            let received = shipped * (80 + (i as i64 * 7) % 20) / 100;
            FlowBar { name: (*n).to_string(), allocated, shipped, received }
        })
        .collect();
    FlowChart {
        region_name: "Provinsi Jawa Barat".into(),
        item: Item::Blanko,
        since: Some(d(2022, 1, 1)),
        as_of: d(2022, 10, 31),
        rows,
    }
}

pub fn briefing() -> BriefingInput {
    let stock_chart = stock_chart();
    let on_hand = stock_chart.history.last().map_or(0, |p| p.on_hand);
    BriefingInput {
        region_code: "32.16".into(),
        region_name: "Kabupaten Bekasi".into(),
        as_of: d(2022, 10, 31),
        item: Item::Blanko,
        on_hand,
        in_transit: 2_500,
        issuance_rate: 561.4,
        days_of_cover: Some(12.6),
        stockout: stock_chart.stockout,
        risk: Risk::Merah,
        backlog_prr: 28_734,
        suket_issued: 4_210,
        suket_since: d(2022, 10, 4),
        reorder_quantity: 12_500,
        request_by: Some(d(2022, 11, 14)),
        lead_time_days: 10.0,
        target_cover_days: 40.0,
        pooled: false,
        lead: None,
        stock_chart,
        detail: Some(BriefingDetail::Backlog(backlog_chart())),
        last_report: Some(d(2022, 10, 31)),
        stale_days: 0,
        what_if: None,
        complaints: None,
    }
}

/// A briefing that stresses the layout: the longest region name, stock
/// already gone, a request without a date and 42 kecamatan.
pub fn briefing_worst_case() -> BriefingInput {
    let mut b = briefing();
    let name = "Kabupaten Administrasi Kepulauan Seribu".to_string();
    b.region_code = "31.01".into();
    b.region_name.clone_from(&name);
    b.stock_chart.region_name.clone_from(&name);
    b.on_hand = 0;
    b.in_transit = 0;
    b.risk = Risk::Habis;
    b.days_of_cover = Some(0.0);
    b.request_by = None;
    b.reorder_quantity = 1_234_567;
    b.backlog_prr = 12_345_678;
    b.suket_issued = 987_654;
    b.stockout = Some(StockoutRange { p10: d(2022, 10, 20), p50: d(2022, 10, 24), p90: d(2022, 10, 27) });
    b.stock_chart.stockout = b.stockout;
    let rows = (0..42)
        .map(|i| NamedCount { name: format!("Kecamatan Dengan Nama Sangat Panjang {i}"), value: 10_000 + i * 997 })
        .collect();
    b.detail =
        Some(BriefingDetail::Backlog(BacklogChart { region_name: name, as_of: b.as_of, per: Level::Kecamatan, rows }));
    b
}
