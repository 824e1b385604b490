//! The authorization matrix (SPEC §6, §9): every route of the OpenAPI document, asked by each
//! role in scope and out of scope, with no token, a revoked token and an expired token, must give
//! the status of one expected table. A route missing from the table fails the test, so a new
//! route cannot be added without deciding who may use it.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use blanko::domain::auth::Role;
use blanko::store::users;
use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::db_tests;
use crate::helpers::TestApp;

/// The callers of a row of the table, in the order of its statuses.
const CALLERS: [&str; 7] =
    ["pusat", "provinsi", "provinsi (luar)", "kabkota", "kabkota (luar)", "pimpinan", "pimpinan (luar)"];

/// Short names for the expected statuses.
const OK: u16 = 200;
const NEW: u16 = 201;
const BAD: u16 = 422;
const NO: u16 = 403;
const NF: u16 = 404;

/// One route: method, OpenAPI path, the request (`{R}` the region asked for: 32.16 in scope,
/// 36.01 out of scope; `{K}` a kecamatan of it; `{P}` its province), the body, and the status
/// for each caller of `CALLERS`. Every caller is bound to Jawa Barat (provinsi 32, kabkota and
/// pimpinan 32.16); "luar" asks for Banten's region instead.
struct Route {
    method: &'static str,
    doc_path: &'static str,
    request: &'static str,
    body: Option<&'static str>,
    expect: [u16; 7],
    /// False only for `/healthz`: answered without a token.
    needs_token: bool,
}

const fn route(
    method: &'static str,
    doc_path: &'static str,
    request: &'static str,
    body: Option<&'static str>,
    expect: [u16; 7],
) -> Route {
    Route { method, doc_path, request, body, expect, needs_token: true }
}

const CSV_PRINTS: &str = "csv:tanggal,wilayah,dicetak\n2022-10-03,{R},1\n";

#[rustfmt::skip]
const TABLE: &[Route] = &[
    Route { method: "GET", doc_path: "/healthz", request: "/healthz", body: None, expect: [OK; 7], needs_token: false },
    route("GET", "/api/v1/regions", "/api/v1/regions?parent={P}", None, [OK; 7]),
    route("GET", "/api/v1/regions/{code}", "/api/v1/regions/{R}", None, [OK; 7]),
    route("GET", "/api/v1/stock", "/api/v1/stock?region={R}&as_of=2022-10-31", None, [OK, OK, NO, OK, NO, OK, NO]),
    route("GET", "/api/v1/ledger", "/api/v1/ledger?region={R}", None, [OK, OK, NO, OK, NO, OK, NO]),
    route("GET", "/api/v1/forecast", "/api/v1/forecast?region={R}&as_of=2022-10-31", None, [OK, OK, NO, OK, NO, OK, NO]),
    route("GET", "/api/v1/allocation-plan", "/api/v1/allocation-plan?province={P}&as_of=2022-10-31", None, [OK, OK, NO, NO, NO, NO, NO]),
    route("GET", "/api/v1/reports/{file}", "/api/v1/reports/stock.csv?region={R}&as_of=2022-10-31", None, [OK, OK, NO, OK, NO, OK, NO]),
    route("GET", "/api/v1/templates/{file}", "/api/v1/templates/prints.csv", None, [OK; 7]),
    route("GET", "/api/v1/uploads", "/api/v1/uploads", None, [OK; 7]),
    // An upload refused row by row answers 422 with every row's `out_of_scope` in its details.
    route("POST", "/api/v1/uploads/{kind}", "/api/v1/uploads/prints", Some(CSV_PRINTS), [OK, BAD, BAD, OK, BAD, NO, NO]),
    route("POST", "/api/v1/procurements", "/api/v1/procurements",
        Some(r#"{"reference":"PGD-{N}","date":"2022-10-03","quantity":10}"#), [NEW, NO, NO, NO, NO, NO, NO]),
    route("POST", "/api/v1/allocations", "/api/v1/allocations",
        Some(r#"{"reference":"ALO-{N}","date":"2022-10-03","to":"{R}","quantity":10}"#), [NEW, NO, NO, NO, NO, NO, NO]),
    // The centre's dispatch: the centre, or the coordinator of the receiving province.
    route("POST", "/api/v1/shipments", "/api/v1/shipments",
        Some(r#"{"reference":"SJ-{N}","shipped_on":"2022-10-03","from":"PUSAT","to":"{R}","quantity":10}"#),
        [NEW, NEW, NO, NO, NO, NO, NO]),
    // A receipt: the receiving side; a shipment addressed elsewhere is not found (never 403).
    route("POST", "/api/v1/shipments/{reference}/receive", "/api/v1/shipments/KIRIM-{R}/receive",
        Some(r#"{"received_on":"2022-10-04","received_quantity":100}"#), [OK, OK, NF, OK, NF, NO, NO]),
    route("POST", "/api/v1/prints", "/api/v1/prints",
        Some(r#"{"date":"2022-10-0{D}","region":"{R}","printed":1}"#), [NEW, NO, NO, NEW, NO, NO, NO]),
    route("POST", "/api/v1/backlog", "/api/v1/backlog",
        Some(r#"{"date":"2022-10-0{D}","region":"{K}","prr":5}"#), [NEW, NO, NO, NEW, NO, NO, NO]),
    route("POST", "/api/v1/stock-counts", "/api/v1/stock-counts",
        Some(r#"{"date":"2022-10-0{D}","region":"{R}","counted":40000}"#), [NEW, NO, NO, NEW, NO, NO, NO]),
    route("POST", "/api/v1/outages", "/api/v1/outages",
        Some(r#"{"date":"2022-10-0{D}","region":"{R}","hours":2,"cause":"server pusat"}"#), [NEW, NO, NO, NEW, NO, NO, NO]),
    // Complaints are an office's records (SPEC §9): the kabupaten/kota, or the centre.
    route("POST", "/api/v1/complaints", "/api/v1/complaints",
        Some(r#"{"reference":"LAPOR-{N}","date":"2022-10-03","region":"{K}","category":"antrean"}"#), [NEW, NO, NO, NEW, NO, NO, NO]),
    route("GET", "/api/v1/complaints", "/api/v1/complaints?region={R}&as_of=2022-10-31", None, [OK, OK, NO, OK, NO, OK, NO]),
];

/// The request of `route` for a caller asking inside (`true`) or outside its scope.
fn fill(text: &str, inside: bool, n: usize) -> String {
    let (r, k, p) = if inside { ("32.16", "32.16.01", "32") } else { ("36.01", "36.01.01", "36") };
    // Daily records differ by date per caller, so each is new (201), never a no-op or a conflict.
    let day = (n % 6 + 4).to_string();
    text.replace("{R}", r).replace("{K}", k).replace("{P}", p).replace("{N}", &n.to_string()).replace("{D}", &day)
}

async fn send(app: &TestApp, route: &Route, token: Option<&str>, inside: bool, n: usize) -> (StatusCode, Value) {
    let path = fill(route.request, inside, n);
    match route.body.map(|b| fill(b, inside, n)) {
        None => app.request(route.method, &path, token, None).await,
        Some(b) => match b.strip_prefix("csv:") {
            Some(csv) => {
                let headers = [("content-type", "text/csv")];
                let (status, _, bytes) =
                    app.send_bytes(route.method, &path, token, &headers, csv.as_bytes().to_vec()).await;
                (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
            }
            None => app.request(route.method, &path, token, Some(serde_json::from_str(&b).expect("body JSON"))).await,
        },
    }
}

/// Stock and dispatches the table's requests rely on: both regions hold stock, and a dispatch
/// from the centre awaits its receipt at each.
async fn setup(app: &TestApp, pusat: &str) {
    app.post_ok("/api/v1/procurements", pusat, json!({"reference": "AWAL", "date": "2022-09-01", "quantity": 500_000}))
        .await;
    for r in ["32.16", "36.01"] {
        let body = json!({"reference": format!("AWAL-{r}"), "shipped_on": "2022-09-02", "from": "PUSAT", "to": r,
            "quantity": 50_000, "received_on": "2022-09-03", "received_quantity": 50_000});
        app.post_ok("/api/v1/shipments", pusat, body).await;
        let body = json!({"reference": format!("KIRIM-{r}"), "shipped_on": "2022-09-20", "from": "PUSAT", "to": r,
            "quantity": 100});
        app.post_ok("/api/v1/shipments", pusat, body).await;
    }
}

fn documented_routes() -> BTreeSet<(String, String)> {
    let doc = serde_json::to_value(blanko::http::openapi()).expect("openapi as JSON");
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            if matches!(method.as_str(), "get" | "post" | "put" | "patch" | "delete") {
                let full = if path.starts_with("/api/v1") || path == "/healthz" {
                    path.clone()
                } else {
                    format!("/api/v1{path}")
                };
                out.insert((method.to_uppercase(), full));
            }
        }
    }
    out
}

db_tests!(every_route_every_caller);

async fn every_route_every_caller(app: TestApp) {
    let documented = documented_routes();
    let tabled: BTreeSet<(String, String)> =
        TABLE.iter().map(|r| (r.method.to_string(), r.doc_path.to_string())).collect();
    assert_eq!(documented, tabled, "every documented route needs a row in the table, and only those");

    let pusat = app.pusat().await;
    setup(&app, &pusat).await;
    let provinsi = app.token("jabar", Role::Provinsi, Some("32")).await;
    let kabkota = app.token("bekasi", Role::Kabkota, Some("32.16")).await;
    let pimpinan = app.token("pj-bekasi", Role::Pimpinan, Some("32.16")).await;
    // Revoked and expired tokens of a user who would otherwise be allowed everything.
    let revoked = app.token("dicabut", Role::Pusat, None).await;
    users::revoke(&app.store.db, "dicabut").await.expect("revoke");
    app.token("lama", Role::Pusat, None).await;
    let expired =
        users::issue_token(&app.store.db, "lama", Utc::now() - Duration::days(1)).await.expect("expired token");

    let callers: [(&str, bool); 7] = [
        (&pusat, true),
        (&provinsi, true),
        (&provinsi, false),
        (&kabkota, true),
        (&kabkota, false),
        (&pimpinan, true),
        (&pimpinan, false),
    ];
    let mut wrong = Vec::new();
    let mut n = 0;
    for route in TABLE {
        for (i, (token, inside)) in callers.iter().enumerate() {
            n += 1;
            let (status, body) = send(&app, route, Some(token), *inside, n).await;
            if status.as_u16() != route.expect[i] {
                wrong.push(format!(
                    "{} {} as {}: {status} (expected {}) {body}",
                    route.method, route.request, CALLERS[i], route.expect[i]
                ));
            }
        }
        let denied = if route.needs_token { 401 } else { 200 };
        for (who, token) in [
            ("tanpa token", None),
            ("token dicabut", Some(revoked.as_str())),
            ("token kedaluwarsa", Some(expired.as_str())),
        ] {
            n += 1;
            let (status, body) = send(&app, route, token, true, n).await;
            if status.as_u16() != denied {
                wrong.push(format!("{} {} {who}: {status} (expected {denied}) {body}", route.method, route.request));
            } else if denied == 401 && body["error"]["code"] != "unauthorized" {
                wrong.push(format!("{} {} {who}: body {body}", route.method, route.request));
            }
        }
    }
    assert!(wrong.is_empty(), "{} cells differ from the table:\n{}", wrong.len(), wrong.join("\n"));
}
