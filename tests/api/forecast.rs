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
    forecast_scope,
    a_late_reporter_is_projected_from_its_last_report,
    what_if_answers_beside_the_base,
    what_if_parameters_are_checked,
    the_briefing_shows_a_what_if_when_asked
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

async fn a_late_reporter_is_projected_from_its_last_report(app: TestApp) {
    history(&app).await;
    let t = app.pusat().await;
    // Four working days (1–4 November) without prints from either office.
    let (status, body) = app.get("/api/v1/forecast?region=32&as_of=2022-11-04", &t).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let kids = body["children"].as_array().unwrap();
    let bekasi = &kids.iter().find(|c| c["region"] == "32.16").unwrap()["forecast"];
    assert_eq!((bekasi["last_report"].as_str(), bekasi["stale_days"].as_u64()), (Some("2022-10-31"), Some(4)));
    let rate = bekasi["issuance_rate"].as_f64().unwrap();
    assert!((rate - 400.0).abs() < 1e-6, "days not reported are not days without prints: {rate}");
    // The book still says 4.400; expected today: 4.400 − 4 × 400.
    assert_eq!((bekasi["on_hand"].as_i64(), bekasi["expected_on_hand"].as_i64()), (Some(4400), Some(2800)));
    // The same stock-out as on the day of the last report, and now merah (8 working days away).
    assert_eq!(bekasi["stockout_date"], "2022-11-16");
    assert_eq!(bekasi["risk"], "merah");
    let r = &body["region"]["rollup"];
    assert_eq!(
        (r["last_report"].as_str(), r["stale_days"].as_u64(), r["stale_members"].as_u64()),
        (Some("2022-10-31"), Some(4), Some(2))
    );
    // A province whose first office runs out within the lead time is merah, whatever it holds in all.
    assert_eq!(r["risk"], "merah");
    // Up to date on the day of the last report.
    let fresh = forecast_of(&app, &t, "32.16").await;
    assert_eq!(
        (fresh["region"]["forecast"]["stale_days"].as_u64(), fresh["region"]["forecast"]["risk"].as_str()),
        (Some(0), Some("kuning"))
    );
    // The CSV forecast report carries both.
    let (status, csv) = app.get("/api/v1/reports/forecast.csv?region=32&as_of=2022-11-04", &t).await;
    assert_eq!(status, StatusCode::OK);
    let csv = csv.as_str().unwrap();
    assert!(csv.contains("laporan_terakhir,hari_kerja_tanpa_laporan"), "{csv}");
    assert!(csv.lines().any(|l| l.contains(",32.16,") && l.ends_with(",2022-10-31,4")), "{csv}");
}

async fn what_if_answers_beside_the_base(app: TestApp) {
    history(&app).await;
    let t = app.pusat().await;
    app.post_ok(
        "/api/v1/shipments",
        &t,
        json!({"reference": "SJ-3", "shipped_on": "2022-10-31", "from": "PUSAT", "to": "32.16", "quantity": 2000}),
    )
    .await;
    let base = forecast_of(&app, &t, "32.16").await;
    assert!(base.get("scenario").is_none(), "no scenario unless asked");
    assert_eq!(base["region"]["forecast"]["stockout_date"], "2022-11-23");
    // 20.000 more on 10 November: 26.400 cards at 400 a day last 66 working days.
    let (status, v) =
        app.get("/api/v1/forecast?region=32.16&as_of=2022-10-31&extra_quantity=20000&extra_on=2022-11-10", &t).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["region"], base["region"], "the base is the same with or without a what-if");
    let s = &v["scenario"];
    assert_eq!(s["what_if"]["extra"], json!({"quantity": 20000, "on": "2022-11-10"}));
    let cal = calendar(&app.store.db).await.unwrap();
    let expected = cal.add_working_days(d("2022-10-31"), 67).to_string();
    assert_eq!(s["region"]["forecast"]["stockout_date"], expected.as_str());
    assert_eq!(s["region"]["forecast"]["risk"], "hijau");
    // SJ-3 ten working days late lands after the stock-out of 16 November.
    let (status, v) =
        app.get("/api/v1/forecast?region=32.16&as_of=2022-10-31&delay_reference=SJ-3&delay_days=10", &t).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["scenario"]["region"]["forecast"]["stockout_date"], "2022-11-16");
    // The province's loan plan, carried out: Karawang lends to Bekasi.
    let (status, v) = app.get("/api/v1/forecast?region=32&as_of=2022-10-31&apply_loans=true", &t).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let loan = &v["scenario"]["loans"][0];
    assert_eq!((loan["from"].as_str(), loan["to"].as_str()), (Some("32.15"), Some("32.16")), "{v}");
    let date_of = |view: &Value| {
        let kid = view["children"].as_array().unwrap().iter().find(|c| c["region"] == "32.16").unwrap();
        kid["forecast"]["stockout_date"].as_str().unwrap().to_string()
    };
    assert!(date_of(&v["scenario"]) > date_of(&v), "{} {}", date_of(&v["scenario"]), date_of(&v));
    // For a province, an extra delivery goes to the stock held above its offices.
    let (status, v) =
        app.get("/api/v1/forecast?region=32&as_of=2022-10-31&extra_quantity=5000&extra_on=2022-11-01", &t).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["scenario"]["region"]["rollup"]["reserve_arrivals"], json!([{"quantity": 5000, "on": "2022-11-01"}]));
}

async fn what_if_parameters_are_checked(app: TestApp) {
    history(&app).await;
    let t = app.pusat().await;
    let base = "/api/v1/forecast?region=32.16&as_of=2022-10-31";
    for (query, needle) in [
        ("&extra_quantity=20000", "extra_on"),
        ("&extra_quantity=20000&extra_on=2022-10-01", "sebelum"),
        ("&extra_quantity=0&extra_on=2022-11-10", "di luar rentang"),
        ("&extra_quantity=20000&extra_on=31-31-2022", "bukan tanggal"),
        ("&delay_reference=SJ-1", "delay_days"),
        ("&delay_reference=SJ-1&delay_days=0", "di luar rentang"),
        ("&delay_reference=SJ-404&delay_days=3", "tidak sedang dalam perjalanan"),
        ("&delay_days=banyak&delay_reference=SJ-1", "parameter"),
        ("&ship_allocations=mungkin", "parameter"),
    ] {
        let (status, body) = app.get(&format!("{base}{query}"), &t).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(needle), "{query}: {body}");
    }
    // A loan plan is made per province.
    let (status, body) = app.get("/api/v1/forecast?region=PUSAT&as_of=2022-10-31&apply_loans=true", &t).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // A what-if is for the briefing, not for the other reports.
    let (status, _) = app
        .get("/api/v1/reports/forecast.csv?region=32.16&as_of=2022-10-31&extra_quantity=1&extra_on=2022-11-10", &t)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

async fn the_briefing_shows_a_what_if_when_asked(app: TestApp) {
    history(&app).await;
    let t = app.pusat().await;
    let path = "/api/v1/reports/briefing.html?region=32.16&as_of=2022-10-31";
    let (status, plain) = app.get(path, &t).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!plain.as_str().unwrap().contains("Bagaimana jika"));
    let (status, page) = app.get(&format!("{path}&extra_quantity=20000&extra_on=2022-11-10"), &t).await;
    assert_eq!(status, StatusCode::OK);
    let page = page.as_str().unwrap();
    assert!(page.contains("Bagaimana jika"), "{page}");
    assert!(page.contains("Bila tambahan 20.000 keping tiba 10 November 2022: perkiraan habis"), "{page}");
    assert!(page.contains("status HIJAU (tanpa itu: 16 November 2022, KUNING)"), "{page}");
}
