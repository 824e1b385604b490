//! SPEC §10: hostile input gets a clean 4xx with the error body of §6 and writes nothing.

use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::db_tests;
use crate::helpers::TestApp;

db_tests!(
    huge_quantity_in_csv,
    huge_quantity_in_json,
    non_integer_json_number,
    out_of_range_dates_in_body,
    out_of_range_dates_in_query,
    dd_mm_yyyy_in_json_is_accepted,
    unknown_route,
    wrong_method,
    malformed_json,
    oversized_json,
    wrong_content_type,
    formulas_in_the_upload_error_csv,
    security_headers_on_pages
);

/// Sends a request as built and returns the whole response.
async fn send(app: &TestApp, req: Request<Body>) -> (Response<Body>, Value) {
    let resp = app.router.clone().oneshot(req).await.expect("response");
    let (parts, body) = resp.into_parts();
    let bytes = body.collect().await.expect("body").to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (Response::from_parts(parts, Body::empty()), json)
}

/// Asserts status and error code, and that the message is the Indonesian one of §6.
fn refused(status: StatusCode, body: &Value, want: StatusCode, code: &str) {
    assert_eq!((status, body["error"]["code"].as_str()), (want, Some(code)), "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
}

async fn huge_quantity_in_csv(app: TestApp) {
    let t = app.pusat().await;
    let csv = "no_referensi,tanggal,jumlah\nPGD-1,2022-09-01,9223372036854775807\nPGD-2,2022-09-01,1000000001\n";
    let (status, body) = app.upload("procurements", &t, csv.as_bytes(), false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let errors = body["error"]["details"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{body}");
    for e in errors {
        assert_eq!(e["code"], "bad_number");
        assert!(e["message"].as_str().unwrap().contains("1.000.000.000"), "{e}");
    }
    assert_eq!(app.sums("PUSAT", "blanko").await, (0, 0));
}

async fn huge_quantity_in_json(app: TestApp) {
    let t = app.pusat().await;
    // Twice, as the attack that wrapped a province's backlog sum did.
    for _ in 0..2 {
        let big = json!({"date": "2022-10-07", "region": "32.16.01", "prr": 9_223_372_036_854_775_807_i64});
        let (status, body) = app.post("/api/v1/backlog", &t, big).await;
        refused(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "bad_number");
        assert_eq!(body["error"]["details"]["errors"][0]["field"], "prr");
        assert!(body["error"]["message"].as_str().unwrap().contains("1.000.000.000"), "{body}");
    }
    let over = json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 1_000_000_001});
    let (status, body) = app.post("/api/v1/procurements", &t, over).await;
    refused(status, &body, StatusCode::UNPROCESSABLE_ENTITY, "bad_number");
    assert_eq!(app.sums("PUSAT", "blanko").await, (0, 0));
    let (status, body) = app.get("/api/v1/stock?region=32.16&as_of=2022-10-31", &t).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["rows"].as_array().unwrap().iter().all(|r| r["backlog_prr"] == 0), "{body}");
    let limit = json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 1_000_000_000});
    app.post_ok("/api/v1/procurements", &t, limit).await;
    assert_eq!(app.sums("PUSAT", "blanko").await, (1_000_000_000, 1_000_000_000));
}

async fn non_integer_json_number(app: TestApp) {
    let t = app.pusat().await;
    for bad in [json!(1.5), json!(1e20), json!("abc"), json!(true), json!([1])] {
        let body = json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": bad});
        let (status, resp) = app.post("/api/v1/procurements", &t, body).await;
        refused(status, &resp, StatusCode::UNPROCESSABLE_ENTITY, "bad_number");
        assert_eq!(resp["error"]["details"]["errors"][0]["field"], "quantity", "{bad}: {resp}");
    }
    let (status, resp) =
        app.post("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "2022-09-01"})).await;
    refused(status, &resp, StatusCode::UNPROCESSABLE_ENTITY, "missing_value");
    let (status, resp) = app
        .post("/api/v1/prints", &t, json!({"date": "2022-09-02", "region": "32.16", "printed": 2, "spoiled": -0.5}))
        .await;
    refused(status, &resp, StatusCode::UNPROCESSABLE_ENTITY, "bad_number");
    assert_eq!(resp["error"]["details"]["errors"][0]["field"], "spoiled");
    assert_eq!(app.sums("PUSAT", "blanko").await, (0, 0));
}

async fn out_of_range_dates_in_body(app: TestApp) {
    let t = app.pusat().await;
    for (date, code) in [("1999-12-31", "bad_date"), ("31/12/1999", "bad_date"), ("2999-01-01", "future_date")] {
        let body = json!({"reference": "PGD-1", "date": date, "quantity": 5});
        let (status, resp) = app.post("/api/v1/procurements", &t, body).await;
        refused(status, &resp, StatusCode::UNPROCESSABLE_ENTITY, code);
        assert_eq!(resp["error"]["details"]["errors"][0]["field"], "date", "{resp}");
    }
    let (status, resp) =
        app.post("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "kemarin", "quantity": 5})).await;
    refused(status, &resp, StatusCode::UNPROCESSABLE_ENTITY, "bad_date");
    assert!(resp["error"]["message"].as_str().unwrap().contains("DD/MM/YYYY"), "{resp}");
    assert_eq!(app.sums("PUSAT", "blanko").await, (0, 0));
}

async fn out_of_range_dates_in_query(app: TestApp) {
    let t = app.pusat().await;
    for path in [
        "/api/v1/stock?as_of=1999-12-31",
        "/api/v1/stock?as_of=2999-01-01",
        "/api/v1/stock?as_of=-262143-01-01",
        "/api/v1/ledger?region=PUSAT&from=1990-01-01",
        "/api/v1/ledger?region=PUSAT&to=2999-01-01",
        "/api/v1/forecast?as_of=1999-01-01",
        "/api/v1/allocation-plan?quantity=5&as_of=2999-01-01",
        "/api/v1/reports/stock.csv?as_of=2999-01-01",
        "/api/v1/stock?as_of=31-10-2022",
    ] {
        let (status, body) = app.get(path, &t).await;
        refused(status, &body, StatusCode::BAD_REQUEST, "bad_date");
    }
    let (status, body) = app.get("/api/v1/allocation-plan?quantity=1000000001", &t).await;
    refused(status, &body, StatusCode::BAD_REQUEST, "bad_number");
}

async fn dd_mm_yyyy_in_json_is_accepted(app: TestApp) {
    let t = app.pusat().await;
    let (status, body) = app
        .post("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "01/09/2022", "quantity": "12.500"}))
        .await;
    assert_eq!((status, body["status"].as_str()), (StatusCode::CREATED, Some("inserted")), "{body}");
    // The same record in the ISO style and as a number is the same record.
    let (status, body) = app
        .post("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 12500}))
        .await;
    assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("unchanged")), "{body}");
    let dispatch =
        json!({"reference": "SJ-1", "shipped_on": "5-9-2022", "from": "PUSAT", "to": "3216", "quantity": 100});
    app.post_ok("/api/v1/shipments", &t, dispatch).await;
    let receipt = json!({"received_on": "08/09/2022", "received_quantity": "100"});
    app.post_ok("/api/v1/shipments/SJ-1/receive", &t, receipt).await;
    assert_eq!(app.sums("32.16", "blanko").await, (100, 100));
}

async fn unknown_route(app: TestApp) {
    let t = app.pusat().await;
    for path in ["/api/v1/nothing-here", "/nothing-here"] {
        let (status, body) = app.get(path, &t).await;
        refused(status, &body, StatusCode::NOT_FOUND, "not_found");
    }
}

async fn wrong_method(app: TestApp) {
    let t = app.pusat().await;
    let req = Request::delete("/api/v1/stock").header("authorization", format!("Bearer {t}")).body(Body::empty());
    let (resp, body) = send(&app, req.unwrap()).await;
    refused(resp.status(), &body, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert!(resp.headers().get("allow").is_some_and(|a| a.to_str().unwrap().contains("GET")), "{:?}", resp.headers());
    let (status, body) = app.request("GET", "/api/v1/procurements", Some(&t), None).await;
    refused(status, &body, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

async fn malformed_json(app: TestApp) {
    let t = app.pusat().await;
    let headers = [("content-type", "application/json")];
    let (status, _, bytes) =
        app.send_bytes("POST", "/api/v1/procurements", Some(&t), &headers, br#"{"reference": "#.to_vec()).await;
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    refused(status, &body, StatusCode::BAD_REQUEST, "bad_request");
    assert_eq!(app.sums("PUSAT", "blanko").await, (0, 0));
}

async fn oversized_json(app: TestApp) {
    let t = app.pusat().await;
    let note = "x".repeat(3 * 1024 * 1024);
    let body = json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 5, "note": note});
    let (status, body) = app.post("/api/v1/procurements", &t, body).await;
    refused(status, &body, StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    assert_eq!(app.sums("PUSAT", "blanko").await, (0, 0));
}

async fn wrong_content_type(app: TestApp) {
    let t = app.pusat().await;
    let headers = [("content-type", "text/plain")];
    let json = br#"{"reference": "PGD-1", "date": "2022-09-01", "quantity": 5}"#.to_vec();
    let (status, _, bytes) = app.send_bytes("POST", "/api/v1/procurements", Some(&t), &headers, json).await;
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    refused(status, &body, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    assert_eq!(app.sums("PUSAT", "blanko").await, (0, 0));
}

async fn formulas_in_the_upload_error_csv(app: TestApp) {
    let t = app.pusat().await;
    let csv = "no_referensi,tanggal,jumlah\n\
               PGD-1,2022-09-01,-2+3+cmd|' /C calc'!A0\n\
               PGD-2,2022-09-01,=HYPERLINK(\"http://x\")\n\
               PGD-3,2022-09-01,+1\n\
               PGD-4,2022-09-01,@SUM(A1)\n\
               PGD-5,2022-09-01,\"\t=1\"\n";
    let headers = [("content-type", "text/csv"), ("accept", "text/csv")];
    let path = "/api/v1/uploads/procurements?dry_run=false";
    let (status, content_type, bytes) = app.send_bytes("POST", path, Some(&t), &headers, csv.as_bytes().to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let text = String::from_utf8(bytes).unwrap();
    let values: Vec<String> = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap()[2].to_string())
        .collect();
    assert_eq!(values, ["'-2+3+cmd|' /C calc'!A0", "'=HYPERLINK(\"http://x\")", "'+1", "'@SUM(A1)", "'=1"], "{text}");
    assert_eq!(app.sums("PUSAT", "blanko").await, (0, 0));
}

async fn security_headers_on_pages(app: TestApp) {
    let t = app.pusat().await;
    let (resp, _) = send(&app, Request::get("/masuk").body(Body::empty()).unwrap()).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let csp = resp.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    assert!(csp.contains("form-action 'self'"), "forms post to this server only: {csp}");
    for (asset, kind) in [("/static/app.js", "text/javascript"), ("/static/gaya.css", "text/css")] {
        let (resp, _) = send(&app, Request::get(asset).body(Body::empty()).unwrap()).await;
        assert_eq!(resp.status(), StatusCode::OK, "{asset}");
        assert!(resp.headers()["content-type"].to_str().unwrap().starts_with(kind), "{asset}");
    }
    app.post_ok("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 100})).await;
    let req = Request::get("/api/v1/reports/briefing.html?region=PUSAT&as_of=2022-10-31")
        .header("authorization", format!("Bearer {t}"))
        .body(Body::empty());
    let (resp, _) = send(&app, req.unwrap()).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let csp = resp.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"), "{csp}");
    assert!(!csp.contains("script-src"), "no script may run in a report: {csp}");
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    let (resp, _) = send(&app, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
}
