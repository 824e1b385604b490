//! Idempotency, conflicts and validation of single-record POSTs, and the read endpoints.

use axum::http::StatusCode;
use serde_json::json;

use crate::db_tests;
use crate::helpers::TestApp;

db_tests!(
    same_record_twice_is_a_no_op,
    different_record_same_key_is_a_conflict,
    receipt_details_added_to_a_dispatch,
    validation_errors,
    backlog_and_outages,
    regions_and_health,
    openapi_lists_every_route
);

async fn same_record_twice_is_a_no_op(app: TestApp) {
    let t = app.pusat().await;
    let p = json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 100});
    let (s1, b1) = app.post("/api/v1/procurements", &t, p.clone()).await;
    let (s2, b2) = app.post("/api/v1/procurements", &t, p).await;
    assert_eq!((s1, b1["status"].as_str()), (StatusCode::CREATED, Some("inserted")));
    assert_eq!((s2, b2["status"].as_str()), (StatusCode::OK, Some("unchanged")));
    assert_eq!(app.sums("PUSAT", "blanko").await, (100, 100));
    let pr = json!({"date": "2022-09-02", "region": "PUSAT", "printed": 1});
    let (status, body) = app.post("/api/v1/prints", &t, pr).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "wrong_level");
}

async fn different_record_same_key_is_a_conflict(app: TestApp) {
    let t = app.pusat().await;
    app.post_ok("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 100})).await;
    let (status, body) = app
        .post("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 101}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["code"], "conflict");
    assert!(body["error"]["message"].as_str().unwrap().contains("PGD-1"));
    assert_eq!(app.sums("PUSAT", "blanko").await, (100, 100));
}

async fn receipt_details_added_to_a_dispatch(app: TestApp) {
    let t = app.pusat().await;
    app.post_ok("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 100})).await;
    let dispatch =
        json!({"reference": "SJ-1", "shipped_on": "2022-09-05", "from": "PUSAT", "to": "32.16", "quantity": 100});
    app.post_ok("/api/v1/shipments", &t, dispatch).await;
    let with_receipt = json!({"reference": "SJ-1", "shipped_on": "2022-09-05", "from": "PUSAT", "to": "32.16", "quantity": 100, "received_on": "2022-09-08", "received_quantity": 100, "damaged_quantity": 3});
    let (status, body) = app.post("/api/v1/shipments", &t, with_receipt.clone()).await;
    assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("updated")));
    let again = app.post_ok("/api/v1/shipments", &t, with_receipt).await;
    assert_eq!(again["status"], "unchanged");
    let (status, _) = app
        .post("/api/v1/shipments/SJ-1/receive", &t, json!({"received_on": "2022-09-09", "received_quantity": 90}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(app.sums("32.16", "blanko").await, (97, 97));
    let (status, _) = app
        .post("/api/v1/shipments/NOPE/receive", &t, json!({"received_on": "2022-09-09", "received_quantity": 1}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn validation_errors(app: TestApp) {
    let t = app.pusat().await;
    let cases = [
        (json!({"reference": "X", "date": "2022-09-01", "quantity": -5}), "negative_quantity"),
        (json!({"reference": "X", "date": "2099-09-01", "quantity": 5}), "future_date"),
        (json!({"reference": "X", "date": "2022-09-01", "quantity": 5, "item": "tinta"}), "unknown_item"),
    ];
    for (body, code) in cases {
        let (status, resp) = app.post("/api/v1/procurements", &t, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{resp}");
        assert_eq!(resp["error"]["code"], code);
    }
    let (status, resp) = app
        .post("/api/v1/allocations", &t, json!({"reference": "A", "date": "2022-09-01", "to": "99.99", "quantity": 5}))
        .await;
    assert_eq!(
        (status, resp["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_region")),
        "{resp}"
    );
    let (status, resp) = app
        .post("/api/v1/allocations", &t, json!({"reference": "A", "date": "2022-09-01", "to": "3x", "quantity": 5}))
        .await;
    assert_eq!((status, resp["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_region")));
    let (status, resp) = app.request("POST", "/api/v1/procurements", Some(&t), Some(json!({"reference": 5}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(resp["error"]["code"], "bad_request");
    let (status, _) = app.get("/api/v1/stock?as_of=31-10-2022", &t).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

async fn backlog_and_outages(app: TestApp) {
    let t = app.pusat().await;
    app.post_ok("/api/v1/backlog", &t, json!({"date": "2022-10-07", "region": "32.16.01", "prr": 120, "suket": 30}))
        .await;
    app.post_ok("/api/v1/backlog", &t, json!({"date": "2022-10-14", "region": "32.16.01", "prr": 150})).await;
    app.post_ok("/api/v1/backlog", &t, json!({"date": "2022-10-14", "region": "321602", "prr": 50})).await;
    assert_eq!(app.stock(&t, "32.16", "2022-10-10").await["backlog_prr"], 120);
    assert_eq!(app.stock(&t, "32.16", "2022-10-31").await["backlog_prr"], 200);
    let (status, body) =
        app.post("/api/v1/backlog", &t, json!({"date": "2022-10-14", "region": "32.16", "prr": 1})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("wrong_level")));
    app.post_ok(
        "/api/v1/outages",
        &t,
        json!({"date": "2022-10-10", "region": "32.16", "hours": 8, "cause": "server pusat gangguan"}),
    )
    .await;
    let (status, _) = app
        .post("/api/v1/outages", &t, json!({"date": "2022-10-11", "region": "32.16", "hours": 25, "cause": "x"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app
        .post(
            "/api/v1/outages",
            &t,
            json!({"date": "2022-10-10", "region": "32.16", "hours": 4, "cause": "listrik padam"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

async fn regions_and_health(app: TestApp) {
    let t = app.pusat().await;
    let (status, provinces) = app.get("/api/v1/regions", &t).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(provinces.as_array().unwrap().len(), 38);
    let (_, kabs) = app.get("/api/v1/regions?parent=32", &t).await;
    assert_eq!(kabs.as_array().unwrap().len(), 27);
    let (status, bekasi) = app.get("/api/v1/regions/3216", &t).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bekasi["name"], "Kabupaten Bekasi");
    assert_eq!(bekasi["children"].as_array().unwrap().len(), 23);
    let (status, _) = app.get("/api/v1/regions/99.99", &t).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.request("GET", "/", None, None).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "/ leads to the landing page, through sign-in");
    let (status, page) = app.request("GET", "/masuk", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.as_str().is_some_and(|p| p.contains("Masuk ke blanko")), "the sign-in page is served");
    let (status, health) = app.request("GET", "/healthz", None, None).await;
    assert_eq!((status, health["database"].as_bool()), (StatusCode::OK, Some(true)));
}

async fn openapi_lists_every_route(app: TestApp) {
    let (status, doc) = app.request("GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/healthz",
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/api/v1/stock",
        "/api/v1/ledger",
        "/api/v1/procurements",
        "/api/v1/allocations",
        "/api/v1/shipments",
        "/api/v1/shipments/{reference}/receive",
        "/api/v1/prints",
        "/api/v1/backlog",
        "/api/v1/stock-counts",
        "/api/v1/outages",
        "/api/v1/uploads/{kind}",
        "/api/v1/uploads",
        "/api/v1/templates/{file}",
        "/api/v1/forecast",
        "/api/v1/allocation-plan",
        "/api/v1/reports/{file}",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing from the OpenAPI document");
    }
}
