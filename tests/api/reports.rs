//! Reports (SPEC §8) through `GET /api/v1/reports/{file}` on a small history recorded through the
//! POST endpoints: every file answers with its type, says the forecast's numbers, and is the same
//! as what `blanko report` writes.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use blanko::app::forecast::WhatIf;
use blanko::app::report::{Format, Kind, ReportRequest, render};
use blanko::config::Settings;
use blanko::domain::auth::{Principal, Role};
use blanko::domain::quantity::format_id;
use blanko::domain::region::RegionCode;
use blanko::report::Delimiter;
use blanko::report::dates::long;
use blanko::store::forecast::calendar;
use chrono::{Days, NaiveDate};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

use crate::db_tests;
use crate::helpers::TestApp;

const AS_OF: &str = "2022-10-31";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// PUSAT procures and allocates; Bekasi receives 10.000 cards on 1 September and prints 200 a
/// working day to 31 October, with 2.000 more on the road; Karawang receives a short shipment
/// with damaged cards and prints for two weeks; two kecamatan of Bekasi report their backlog
/// every Friday of October. Returns the centre's token.
async fn history(app: &TestApp) -> String {
    let t = app.pusat().await;
    app.post_ok("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "2022-07-01", "quantity": 100_000}))
        .await;
    for (reference, to, quantity) in [("AL-1", "32.16", 40_000), ("AL-2", "32.15", 20_000)] {
        let body = json!({"reference": reference, "date": "2022-07-05", "to": to, "quantity": quantity});
        app.post_ok("/api/v1/allocations", &t, body).await;
    }
    let shipments = [
        json!({"reference": "SJ-1", "shipped_on": "2022-08-26", "from": "PUSAT", "to": "32.16", "quantity": 10_000,
               "received_on": "2022-09-01", "received_quantity": 10_000}),
        json!({"reference": "SJ-2", "shipped_on": "2022-08-26", "from": "PUSAT", "to": "32.15", "quantity": 8_000,
               "received_on": "2022-09-01", "received_quantity": 7_500, "damaged_quantity": 100, "note": "kurang 1 dus"}),
        json!({"reference": "SJ-3", "shipped_on": "2022-10-27", "from": "PUSAT", "to": "32.16", "quantity": 2_000}),
    ];
    for s in shipments {
        app.post_ok("/api/v1/shipments", &t, s).await;
    }
    let cal = calendar(&app.store.db).await.unwrap();
    let mut day = d("2022-09-01");
    while day <= d(AS_OF) {
        if cal.is_working_day(day) {
            let body = json!({"date": day, "region": "32.16", "printed": 198, "spoiled": 2});
            app.post_ok("/api/v1/prints", &t, body).await;
            if day < d("2022-09-15") {
                app.post_ok("/api/v1/prints", &t, json!({"date": day, "region": "32.15", "printed": 100})).await;
            }
        }
        day = day + Days::new(1);
    }
    for (i, friday) in ["2022-10-07", "2022-10-14", "2022-10-21", "2022-10-28"].into_iter().enumerate() {
        let i = i as i64;
        for (kecamatan, base) in [("32.16.01", 300), ("32.16.02", 120)] {
            let body =
                json!({"date": friday, "region": kecamatan, "prr": base + 10 * i, "recorded": 90, "suket": 3 + i});
            app.post_ok("/api/v1/backlog", &t, body).await;
        }
    }
    t
}

/// A report file: status, content type, content disposition and bytes.
struct File {
    status: StatusCode,
    content_type: String,
    disposition: String,
    bytes: Vec<u8>,
}

impl File {
    fn text(&self) -> String {
        String::from_utf8(self.bytes.clone()).expect("UTF-8")
    }
}

async fn fetch(app: &TestApp, token: &str, path: &str) -> File {
    let req =
        Request::builder().uri(path).header("authorization", format!("Bearer {token}")).body(Body::empty()).unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let (status, content_type, disposition) = (resp.status(), header("content-type"), header("content-disposition"));
    let bytes = resp.into_body().collect().await.unwrap().to_bytes().to_vec();
    File { status, content_type, disposition, bytes }
}

async fn report(app: &TestApp, token: &str, file: &str, region: &str) -> File {
    fetch(app, token, &format!("/api/v1/reports/{file}?region={region}&as_of={AS_OF}")).await
}

/// Asserts a PNG of `width` × `height` with several colours and some ink.
fn assert_picture(bytes: &[u8], width: u32, height: u32) {
    let mut reader = png::Decoder::new(bytes).read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG frame");
    assert_eq!((info.width, info.height), (width, height));
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(3).collect();
    let colours: std::collections::HashSet<&[u8]> = pixels.iter().copied().collect();
    assert!(colours.len() > 5, "only {} colours", colours.len());
    let ink = pixels.iter().filter(|p| **p != [255, 255, 255]).count() as f64 / pixels.len() as f64;
    assert!(ink > 0.01, "nearly blank: {:.3}% drawn", ink * 100.0);
}

/// All text of an SVG document.
fn svg_text(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).expect("SVG parses");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants().filter_map(|n| n.is_text().then(|| n.text()).flatten()).collect::<Vec<_>>().join("\n")
}

db_tests!(
    every_report_answers_with_its_type,
    briefing_says_the_forecast_numbers,
    csv_reports_open_in_a_spreadsheet,
    wrong_requests_say_what_exists,
    kabkota_user_gets_only_their_region,
    cli_and_api_give_the_same_bytes,
);

async fn every_report_answers_with_its_type(app: TestApp) {
    let t = history(&app).await;
    for region in ["32.16", "32", "PUSAT"] {
        for kind in Kind::ALL {
            for format in kind.formats() {
                let file = format!("{}.{}", kind.as_str(), format.ext());
                let f = report(&app, &t, &file, region).await;
                assert_eq!(f.status, StatusCode::OK, "{file} {region}: {}", String::from_utf8_lossy(&f.bytes));
                assert_eq!(f.content_type, format.content_type(), "{file}");
                assert!(f.disposition.contains(&format!("_{AS_OF}.{}\"", format.ext())), "{}", f.disposition);
                match (kind, format) {
                    (Kind::Briefing, Format::Png) => assert_picture(&f.bytes, 1240, 1754),
                    (_, Format::Png) => assert_picture(&f.bytes, 1000, 560),
                    (_, Format::Svg) => {
                        let text = svg_text(&f.text());
                        assert!(text.contains("per 31 Oktober 2022"), "{file} {region}: {text}");
                    }
                    (_, Format::Csv) => assert!(f.bytes.starts_with("\u{feff}".as_bytes()), "{file}: no BOM"),
                    (_, Format::Html) => assert!(f.text().starts_with("<!DOCTYPE html>")),
                }
            }
        }
    }
    let svg = svg_text(&report(&app, &t, "stock.svg", "32.16").await.text());
    assert!(svg.contains("Stok Blanko KTP-el — Kabupaten Bekasi, per 31 Oktober 2022"), "{svg}");
    let svg = svg_text(&report(&app, &t, "backlog.svg", "32.16").await.text());
    assert!(svg.contains("per Kecamatan") && svg.contains("Tarumajaya"), "{svg}");
    let svg = svg_text(&report(&app, &t, "forecast.svg", "32").await.text());
    assert!(svg.contains("Provinsi Jawa Barat") && svg.contains("Kabupaten Karawang"), "{svg}");
    let f = report(&app, &t, "briefing.html", "32.16").await;
    assert_eq!(f.disposition, format!("inline; filename=\"ringkasan_32.16_kabupaten-bekasi_{AS_OF}.html\""));
    assert!(
        report(&app, &t, "stock.csv", "PUSAT").await.disposition.starts_with("attachment; filename=\"stok_nasional_")
    );
}

async fn briefing_says_the_forecast_numbers(app: TestApp) {
    let t = history(&app).await;
    let (status, body) = app.get(&format!("/api/v1/forecast?region=32.16&as_of={AS_OF}"), &t).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let f = &body["region"]["forecast"];
    let on_hand = f["on_hand"].as_i64().unwrap();
    assert_eq!(on_hand, 10_000 - 200 * (on_hand_days(&app).await));
    let stockout = d(f["stockout_date"].as_str().expect("a stock-out within the horizon"));
    let reorder = f["reorder_quantity"].as_i64().unwrap();
    assert!(reorder > 0, "{f}");
    let html = report(&app, &t, "briefing.html", "32.16").await.text();
    for needle in [
        format!("{} keping", format_id(on_hand)),
        format!("{} keping", format_id(f["in_transit"].as_i64().unwrap())),
        long(stockout),
        format!("{}\u{a0}keping blanko KTP-el", format_id(reorder)),
        format!("{} orang", format_id(f["backlog_prr"].as_i64().unwrap())),
        // Suket of the four Fridays of October: (3 + 4 + 5 + 6) × 2 kecamatan.
        "36 lembar".to_string(),
        "Kabupaten Bekasi".to_string(),
    ] {
        assert!(html.contains(&needle), "the briefing lacks {needle:?}");
    }
    let risk = f["risk"].as_str().unwrap().to_uppercase();
    assert!(html.contains(&format!("STATUS {risk}")), "risk {risk}");
}

/// Working days Bekasi printed: 1 September to 31 October.
async fn on_hand_days(app: &TestApp) -> i64 {
    calendar(&app.store.db).await.unwrap().count_working_days(d("2022-09-01"), d(AS_OF))
}

async fn csv_reports_open_in_a_spreadsheet(app: TestApp) {
    let t = history(&app).await;
    let path = format!("/api/v1/reports/stock.csv?region=32.16&as_of={AS_OF}&delimiter=semicolon");
    let stock = fetch(&app, &t, &path).await.text();
    let mut lines = stock.lines();
    assert_eq!(
        lines.next(),
        Some("\u{feff}per_tanggal;kode_wilayah;nama_wilayah;barang;stok;dalam_perjalanan;alokasi_belum_dikirim;prr")
    );
    let bekasi = 10_000 - 200 * on_hand_days(&app).await;
    // 40.000 allocated, 12.000 shipped; PRR 330 + 150 on the last Friday.
    assert_eq!(lines.next(), Some(format!("{AS_OF};32.16;Kabupaten Bekasi;blanko;{bekasi};2000;28000;480").as_str()));
    assert!(stock.ends_with("\r\n"));

    let shipments = report(&app, &t, "shipments.csv", "32").await.text();
    assert!(shipments.starts_with(
        "\u{feff}no_referensi,tanggal_kirim,asal,nama_asal,tujuan,nama_tujuan,barang,jumlah_dikirim,tanggal_terima,jumlah_diterima,jumlah_rusak,jumlah_layak,selisih,status,keterangan\r\n"
    ));
    assert!(
        shipments.contains("SJ-2,2022-08-26,PUSAT,Ditjen Dukcapil (Pusat),32.15,Kabupaten Karawang,blanko,8000,2022-09-01,7500,100,7400,600,kurang dan ada rusak,kurang 1 dus"),
        "{shipments}"
    );
    assert!(shipments.contains(
        "SJ-3,2022-10-27,PUSAT,Ditjen Dukcapil (Pusat),32.16,Kabupaten Bekasi,blanko,2000,,,,,,dalam perjalanan,"
    ));

    let backlog = report(&app, &t, "backlog.csv", "32.16").await.text();
    assert!(backlog.contains(&format!("{AS_OF},32.16.01,Tarumajaya,2022-10-28,330,90,6")), "{backlog}");

    let ledger = report(&app, &t, "ledger.csv", "32.16").await.text();
    assert!(ledger.starts_with(
        "\u{feff}tanggal,kode_wilayah,barang,jenis,no_referensi,masuk,keluar,saldo,keterangan,petugas\r\n"
    ));
    assert!(ledger.contains("2022-01-01,32.16,blanko,saldo awal,,,,0,,"), "{ledger}");
    assert!(ledger.trim_end().ends_with(&format!(",{bekasi},,pusat")), "{ledger}");

    let forecast = report(&app, &t, "forecast.csv", "32").await.text();
    let header = forecast.lines().next().unwrap();
    assert!(
        header.ends_with("tanggal_habis_p90,risiko,usulan_tambahan,laporan_terakhir,hari_kerja_tanpa_laporan"),
        "{header}"
    );
    assert_eq!(forecast.lines().count(), 4, "a header, the province, then Bekasi and Karawang: {forecast}");
}

async fn wrong_requests_say_what_exists(app: TestApp) {
    let t = app.pusat().await;
    for (file, query) in [
        ("briefing.csv", ""),
        ("ledger.png", ""),
        ("stock.xlsx", ""),
        ("laporan", ""),
        ("stock.csv", "&delimiter=tab"),
        ("stock.csv", "&as_of=31-10-2022"),
    ] {
        let (status, body) = app.get(&format!("/api/v1/reports/{file}?region=32.16{query}"), &t).await;
        // An unknown report or format is a resource that does not exist; a bad parameter, a 400.
        let expected = if query.is_empty() { StatusCode::NOT_FOUND } else { StatusCode::BAD_REQUEST };
        assert_eq!(status, expected, "{file}{query}: {body}");
        let message = body["error"]["message"].as_str().unwrap();
        if query.is_empty() {
            assert!(message.contains("briefing.html") && message.contains("stock.csv"), "{message}");
        }
    }
    let (status, body) = app.get("/api/v1/reports/stock.csv?region=99.99", &t).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, _) = app.request("GET", "/api/v1/reports/stock.csv", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn kabkota_user_gets_only_their_region(app: TestApp) {
    history(&app).await;
    let bekasi = app.token("bekasi", Role::Kabkota, Some("32.16")).await;
    let regent = app.token("pj-bupati", Role::Pimpinan, Some("32.16")).await;
    for token in [&bekasi, &regent] {
        for (file, region) in [("stock.csv", "32.15"), ("briefing.html", "32"), ("forecast.png", "PUSAT")] {
            let f = report(&app, token, file, region).await;
            assert_eq!(f.status, StatusCode::FORBIDDEN, "{file} {region}");
        }
        assert_eq!(report(&app, token, "briefing.png", "32.16").await.status, StatusCode::OK);
        assert_eq!(report(&app, token, "backlog.csv", "32.16.01").await.status, StatusCode::OK);
    }
    // Without a region, their own.
    let f = fetch(&app, &bekasi, &format!("/api/v1/reports/stock.csv?as_of={AS_OF}")).await;
    assert_eq!(f.status, StatusCode::OK);
    assert!(f.disposition.contains("stok_32.16_kabupaten-bekasi_"), "{}", f.disposition);
}

async fn cli_and_api_give_the_same_bytes(app: TestApp) {
    let t = history(&app).await;
    // `blanko report` renders through the same function; as the operator (the centre) by default.
    let operator = Principal { name: blanko::domain::auth::CLI_ACTOR.into(), role: Role::Pusat, region: None };
    let settings = Settings::default();
    for (kind, format, region, delimiter) in [
        (Kind::Briefing, Format::Html, "32.16", Delimiter::Comma),
        (Kind::Briefing, Format::Png, "32.16", Delimiter::Comma),
        (Kind::Stock, Format::Svg, "32", Delimiter::Comma),
        (Kind::Forecast, Format::Csv, "32", Delimiter::Semicolon),
    ] {
        let region_code = RegionCode::parse(region).unwrap();
        let what_if = WhatIf::default();
        let req = ReportRequest { kind, format, region: region_code, as_of: d(AS_OF), delimiter, what_if };
        let out = render(&app.store.db, &settings, &operator, &req).await.expect("render");
        let sep = if delimiter == Delimiter::Semicolon { "semicolon" } else { "comma" };
        let path =
            format!("/api/v1/reports/{}.{}?region={region}&as_of={AS_OF}&delimiter={sep}", kind.as_str(), format.ext());
        let api = fetch(&app, &t, &path).await;
        assert_eq!(api.status, StatusCode::OK);
        assert!(api.bytes == out.bytes, "{path}: the API and the CLI differ");
        assert!(api.disposition.contains(&out.filename), "{} vs {}", api.disposition, out.filename);
    }
    // A kabkota user at the console gets the same refusal as through the API.
    let bekasi =
        Principal { name: "bekasi".into(), role: Role::Kabkota, region: Some(RegionCode::parse("32.16").unwrap()) };
    let req = ReportRequest {
        kind: Kind::Stock,
        format: Format::Csv,
        region: RegionCode::parse("32").unwrap(),
        as_of: d(AS_OF),
        delimiter: Delimiter::Comma,
        what_if: WhatIf::default(),
    };
    assert!(render(&app.store.db, &settings, &bekasi, &req).await.is_err());
}
