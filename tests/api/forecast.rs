//! Forecast and allocation plan through the API, on histories whose answer is known.

use std::fmt::Write as _;

use axum::http::StatusCode;
use blanko::app::import::{Event, upload};
use blanko::domain::auth::{Principal, Role};
use blanko::domain::calendar::WorkCalendar;
use blanko::domain::csv_import::Kind;
use blanko::store::forecast::calendar;
use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

use crate::db_tests;
use crate::helpers::TestApp;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Loads a CSV through the importer as the centre.
async fn load(app: &TestApp, kind: Kind, csv: &str) {
    let who = Principal { name: "test".into(), role: Role::Pusat, region: None };
    let quiet = |_: Event| {};
    let report = upload(&app.store, &who, kind, csv.as_bytes(), false, &quiet).await;
    assert!(report.is_ok(), "{kind:?}: {:?}", report.err());
}

/// `per_day` cards printed at `region` on every working day from `from` to `to`, except `skip`.
fn prints(
    cal: &WorkCalendar,
    region: &str,
    from: NaiveDate,
    to: NaiveDate,
    per_day: i64,
    skip: &[NaiveDate],
) -> String {
    let mut csv = String::from("tanggal,wilayah,dicetak\n");
    let mut day = from;
    while day <= to {
        if cal.is_working_day(day) && !skip.contains(&day) {
            let _ = writeln!(csv, "{day},{region},{per_day}");
        }
        day = day.checked_add_days(Days::new(1)).unwrap();
    }
    csv
}

/// 100.000 cards at PUSAT; 30.000 received by each of Bekasi and Karawang on 1 August 2022;
/// Bekasi prints 400 and Karawang 100 every working day to 31 October (17 August is a holiday).
async fn history(app: &TestApp) -> WorkCalendar {
    load(app, Kind::Procurements, "no_referensi,tanggal,jumlah\nPGD-1,2022-07-01,100000\n").await;
    load(
        app,
        Kind::Shipments,
        "no_referensi,tanggal_kirim,asal,tujuan,jumlah,tanggal_terima,jumlah_diterima\n\
         SJ-1,2022-07-25,PUSAT,32.16,30000,2022-08-01,30000\n\
         SJ-2,2022-07-25,PUSAT,32.15,30000,2022-08-01,30000\n",
    )
    .await;
    let cal = calendar(&app.store.db).await.unwrap();
    assert!(!cal.is_working_day(d("2022-08-17")), "the holiday list is loaded");
    let outage = [d("2022-10-12")];
    load(app, Kind::Prints, &prints(&cal, "32.16", d("2022-08-01"), d("2022-10-31"), 400, &outage)).await;
    load(app, Kind::Prints, &prints(&cal, "32.15", d("2022-08-01"), d("2022-10-31"), 100, &[])).await;
    load(app, Kind::Outages, "tanggal,wilayah,jam,sebab\n2022-10-12,32.16,8,server pusat gangguan\n").await;
    cal
}

async fn forecast_of(app: &TestApp, token: &str, region: &str) -> Value {
    let (status, body) = app.get(&format!("/api/v1/forecast?region={region}&as_of=2022-10-31"), token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

db_tests!(
    constant_rate_gives_exact_cover_and_date,
    shipment_in_transit_extends_cover,
    province_rollup_and_plans,
    forecast_scope
);

async fn constant_rate_gives_exact_cover_and_date(app: TestApp) {
    let cal = history(&app).await;
    let t = app.pusat().await;
    let body = forecast_of(&app, &t, "32.16").await;
    let f = &body["region"]["forecast"];
    // 30.000 − 400 × 64 working days (1 Aug–31 Oct less 17 Aug, less the outage day) = 4.400.
    let worked = (cal.count_working_days(d("2022-08-01"), d("2022-10-31")) - 1) as i64;
    assert_eq!(f["on_hand"], 30_000 - 400 * worked);
    let rate = f["issuance_rate"].as_f64().unwrap();
    assert!((rate - 400.0).abs() < 1e-6, "the outage day must not drag the rate down: {rate}");
    let cover = f["days_of_cover"].as_f64().unwrap();
    assert!((cover - (30_000 - 400 * worked) as f64 / 400.0).abs() < 1e-6, "{cover}");
    // 4.400 cards last 11 working days (1–15 November); the 12th, 16 November, has none.
    assert_eq!(f["stockout_date"], "2022-11-16");
    assert_eq!(f["risk"], "kuning");
    let censored = &f["items"][0]["inputs"];
    assert_eq!(censored["censored_outage"], 1, "the outage is reported as censored: {censored}");
    assert_eq!(f["binding_item"], "blanko");
}

async fn shipment_in_transit_extends_cover(app: TestApp) {
    history(&app).await;
    let t = app.pusat().await;
    let before = forecast_of(&app, &t, "32.16").await["region"]["forecast"].clone();
    app.post_ok(
        "/api/v1/shipments",
        &t,
        json!({"reference": "SJ-3", "shipped_on": "2022-10-31", "from": "PUSAT", "to": "32.16", "quantity": 2000}),
    )
    .await;
    let after = forecast_of(&app, &t, "32.16").await["region"]["forecast"].clone();
    assert_eq!(after["in_transit"], 2000);
    let extra = after["days_of_cover"].as_f64().unwrap() - before["days_of_cover"].as_f64().unwrap();
    assert!((extra - 5.0).abs() < 1e-6, "2.000 cards at 400 a day are 5 more working days: {extra}");
    // It arrives (route lead time 5 working days) before the stock runs out: the date moves by 5 working days.
    assert_eq!(after["stockout_date"], "2022-11-23");
}

async fn province_rollup_and_plans(app: TestApp) {
    history(&app).await;
    let t = app.pusat().await;
    let body = forecast_of(&app, &t, "32").await;
    let r = &body["region"]["rollup"];
    assert_eq!(r["members"], 2);
    let bekasi = &body["children"].as_array().unwrap().iter().find(|c| c["region"] == "32.16").unwrap()["forecast"];
    let karawang = &body["children"].as_array().unwrap().iter().find(|c| c["region"] == "32.15").unwrap()["forecast"];
    assert_eq!(
        r["on_hand"].as_i64().unwrap(),
        bekasi["on_hand"].as_i64().unwrap() + karawang["on_hand"].as_i64().unwrap()
    );

    let (status, plan) = app.get("/api/v1/allocation-plan?quantity=5000&as_of=2022-10-31", &t).await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    assert_eq!(plan["kind"], "allocation");
    let given: i64 =
        plan["plan"]["allotments"].as_array().unwrap().iter().map(|a| a["quantity"].as_i64().unwrap()).sum();
    assert!(given <= 5000);
    let to_bekasi = plan["plan"]["allotments"].as_array().unwrap().iter().find(|a| a["region"] == "32.16").unwrap();
    assert!(to_bekasi["quantity"].as_i64().unwrap() > 0, "the lowest cover rises first: {plan}");
    assert!(plan["plan"]["min_cover_after"].as_f64().unwrap() > plan["plan"]["min_cover_before"].as_f64().unwrap());

    let (status, loans) = app.get("/api/v1/allocation-plan?province=32&as_of=2022-10-31", &t).await;
    assert_eq!(status, StatusCode::OK, "{loans}");
    let first = &loans["plan"]["loans"][0];
    assert_eq!((first["from"].as_str(), first["to"].as_str()), (Some("32.15"), Some("32.16")), "{loans}");
    let (status, _) = app.get("/api/v1/allocation-plan?as_of=2022-10-31", &t).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

async fn forecast_scope(app: TestApp) {
    history(&app).await;
    let kab = app.token("karawang", Role::Kabkota, Some("32.15")).await;
    let (status, _) = app.get("/api/v1/forecast?region=32.16&as_of=2022-10-31", &kab).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let own = forecast_of(&app, &kab, "32.15").await;
    assert_eq!(own["region"]["forecast"]["risk"], "hijau");
    let prov = app.token("jabar", Role::Provinsi, Some("32")).await;
    let (status, _) = app.get("/api/v1/allocation-plan?quantity=10&as_of=2022-10-31", &prov).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get("/api/v1/allocation-plan?province=32&as_of=2022-10-31", &prov).await;
    assert_eq!(status, StatusCode::OK);
}
