//! Ledger rules of SPEC §3 through the API: procurement, dispatch, transit, receipt with damage,
//! prints, stock counts, negative stock, backdated entries, the stock card.

use axum::http::StatusCode;
use serde_json::json;

use crate::db_tests;
use crate::helpers::TestApp;

/// Procurement 100.000 at PUSAT, 20.000 shipped to Bekasi on 5 Sep, received on 9 Sep with 150 damaged.
async fn stocked(app: &TestApp) -> String {
    let t = app.pusat().await;
    app.post_ok("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 100_000}))
        .await;
    app.post_ok(
        "/api/v1/shipments",
        &t,
        json!({"reference": "SJ-1", "shipped_on": "2022-09-05", "from": "PUSAT", "to": "3216", "quantity": 20_000}),
    )
    .await;
    app.post_ok(
        "/api/v1/shipments/SJ-1/receive",
        &t,
        json!({"received_on": "2022-09-09", "received_quantity": 20_000, "damaged_quantity": 150}),
    )
    .await;
    t
}

db_tests!(
    walkthrough_numbers,
    in_transit_between_dispatch_and_receipt,
    negative_stock_refused_with_numbers,
    backdated_entry_cannot_break_later_days,
    stock_count_books_adjustment,
    loan_and_kecamatan_shipments,
    allocations_not_yet_shipped,
    short_delivery_counts_only_what_arrived,
    stock_of_an_unknown_region_is_404
);

async fn walkthrough_numbers(app: TestApp) {
    let t = stocked(&app).await;
    app.post_ok("/api/v1/prints", &t, json!({"date": "2022-09-12", "region": "32.16", "printed": 1200, "spoiled": 12}))
        .await;
    let kab = app.stock(&t, "32.16", "2022-09-30").await;
    assert_eq!(kab["on_hand"], 20_000 - 150 - 1212);
    assert_eq!(kab["in_transit"], 0);
    let pusat = app.stock(&t, "PUSAT", "2022-09-30").await;
    assert_eq!(pusat["on_hand"], 80_000);

    let (status, card) = app.get("/api/v1/ledger?region=32.16&item=blanko&to=2022-12-31", &t).await;
    assert_eq!(status, StatusCode::OK);
    let kinds: Vec<&str> = card["entries"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    // One entry per print record: the cards printed and spoiled leave the stock together.
    assert_eq!(kinds, ["receipt", "damaged", "print"]);
    let balances: Vec<i64> =
        card["entries"].as_array().unwrap().iter().map(|e| e["balance"].as_i64().unwrap()).collect();
    assert_eq!(balances, [20_000, 19_850, 18_638]);
    assert_eq!(card["closing_balance"], 18_638);

    let (_, later) = app.get("/api/v1/ledger?region=32.16&from=2022-09-10&to=2022-12-31", &t).await;
    assert_eq!(later["opening_balance"], 19_850);
    assert_eq!(later["entries"].as_array().unwrap().len(), 1);
    assert_eq!(app.sums("32.16", "blanko").await, (18_638, 18_638));
    assert_eq!(app.sums("PUSAT", "blanko").await, (80_000, 80_000));
}

async fn in_transit_between_dispatch_and_receipt(app: TestApp) {
    let t = stocked(&app).await;
    let during = app.stock(&t, "32.16", "2022-09-07").await;
    assert_eq!((during["on_hand"].as_i64(), during["in_transit"].as_i64()), (Some(0), Some(20_000)));
    let prov = app.stock(&t, "32", "2022-09-07").await;
    assert_eq!(prov["in_transit"], 20_000);
    let pusat = app.stock(&t, "PUSAT", "2022-09-07").await;
    assert_eq!(pusat["on_hand"], 80_000, "the sender's stock fell on the dispatch date");
    let before = app.stock(&t, "32.16", "2022-09-04").await;
    assert_eq!(before["in_transit"], 0);
}

async fn negative_stock_refused_with_numbers(app: TestApp) {
    let t = stocked(&app).await;
    let (status, body) =
        app.post("/api/v1/prints", &t, json!({"date": "2022-09-13", "region": "32.16", "printed": 25_000})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "would_go_negative");
    let msg = body["error"]["message"].as_str().unwrap();
    assert!(msg.contains("19.850") && msg.contains("-25.000") && msg.contains("-5.150"), "{msg}");
    assert_eq!(body["error"]["details"]["would_be"], -5150);
    // Nothing was written.
    assert_eq!(app.sums("32.16", "blanko").await, (19_850, 19_850));
    // Dispatching more than PUSAT holds is refused too.
    let (status, _) = app.post("/api/v1/shipments", &t, json!({"reference": "SJ-9", "shipped_on": "2022-09-20", "from": "PUSAT", "to": "32.17", "quantity": 80_001})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn backdated_entry_cannot_break_later_days(app: TestApp) {
    let t = stocked(&app).await;
    app.post_ok("/api/v1/prints", &t, json!({"date": "2022-09-20", "region": "32.16", "printed": 19_000})).await;
    // On 12 Sep there were 19.850, but a print of 1.000 then leaves -150 on 20 Sep.
    let (status, body) =
        app.post("/api/v1/prints", &t, json!({"date": "2022-09-12", "region": "32.16", "printed": 1000})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["details"]["date"], "2022-09-20");
    assert_eq!(body["error"]["details"]["would_be"], -150);
    app.post_ok("/api/v1/prints", &t, json!({"date": "2022-09-12", "region": "32.16", "printed": 850})).await;
    assert_eq!(app.stock(&t, "32.16", "2022-09-30").await["on_hand"], 0);
    // A receipt backdated before its dispatch is refused as well.
    let (status, _) = app.post("/api/v1/shipments", &t, json!({"reference": "SJ-2", "shipped_on": "2022-09-21", "from": "PUSAT", "to": "32.16", "quantity": 10, "received_on": "2022-09-20", "received_quantity": 10})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn stock_count_books_adjustment(app: TestApp) {
    let t = stocked(&app).await;
    app.post_ok(
        "/api/v1/stock-counts",
        &t,
        json!({"date": "2022-09-30", "region": "32.16", "counted": 19_800, "note": "selisih hitung"}),
    )
    .await;
    assert_eq!(app.stock(&t, "32.16", "2022-09-30").await["on_hand"], 19_800);
    let (_, card) = app.get("/api/v1/ledger?region=32.16&from=2022-09-30&to=2022-09-30", &t).await;
    assert_eq!(card["entries"][0]["kind"], "adjustment");
    assert_eq!(card["entries"][0]["quantity"], -50);
    // The same count again changes nothing.
    let again = app
        .post_ok("/api/v1/stock-counts", &t, json!({"date": "2022-09-30", "region": "32.16", "counted": 19_800}))
        .await;
    assert_eq!(again["status"], "unchanged");
    assert_eq!(app.sums("32.16", "blanko").await, (19_800, 19_800));
}

async fn loan_and_kecamatan_shipments(app: TestApp) {
    let t = stocked(&app).await;
    let bekasi = app.token("bekasi", blanko::domain::auth::Role::Kabkota, Some("32.16")).await;
    // A loan from Bekasi to Karawang, received two days later.
    app.post_ok(
        "/api/v1/shipments",
        &bekasi,
        json!({"reference": "PINJAM-1", "shipped_on": "2022-09-12", "from": "32.16", "to": "32.15", "quantity": 3000}),
    )
    .await;
    let karawang = app.token("karawang", blanko::domain::auth::Role::Kabkota, Some("32.15")).await;
    app.post_ok(
        "/api/v1/shipments/PINJAM-1/receive",
        &karawang,
        json!({"received_on": "2022-09-14", "received_quantity": 3000}),
    )
    .await;
    // Bekasi passes 500 cards to its kecamatan service point at Tambun Selatan.
    app.post_ok("/api/v1/shipments", &bekasi, json!({"reference": "KEC-1", "shipped_on": "2022-09-15", "from": "32.16", "to": "32.16.06", "quantity": 500, "received_on": "2022-09-15", "received_quantity": 500})).await;
    app.post_ok("/api/v1/prints", &bekasi, json!({"date": "2022-09-16", "region": "32.16.06", "printed": 40})).await;
    let kab = app.stock(&t, "32.16", "2022-09-30").await;
    assert_eq!(kab["on_hand"], 19_850 - 3000 - 40);
    assert_eq!(kab["office_on_hand"], 19_850 - 3000 - 500);
    assert_eq!(app.stock(&t, "32.15", "2022-09-30").await["on_hand"], 3000);
    assert_eq!(app.stock(&t, "32.15", "2022-09-13").await["in_transit"], 3000);
    assert_eq!(app.stock(&t, "32.16.06", "2022-09-30").await["on_hand"], 460);
}

async fn allocations_not_yet_shipped(app: TestApp) {
    let t = app.pusat().await;
    app.post_ok("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 50_000}))
        .await;
    app.post_ok(
        "/api/v1/allocations",
        &t,
        json!({"reference": "AL-1", "date": "2022-09-01", "to": "32.16", "quantity": 30_000}),
    )
    .await;
    assert_eq!(app.stock(&t, "32.16", "2022-09-02").await["allocated_not_shipped"], 30_000);
    app.post_ok(
        "/api/v1/shipments",
        &t,
        json!({"reference": "SJ-1", "shipped_on": "2022-09-05", "from": "PUSAT", "to": "32.16", "quantity": 12_000}),
    )
    .await;
    let row = app.stock(&t, "32.16", "2022-09-06").await;
    assert_eq!(row["allocated_not_shipped"], 18_000);
    assert_eq!(row["in_transit"], 12_000);
    assert_eq!(app.stock(&t, "32", "2022-09-06").await["allocated_not_shipped"], 18_000);
    // An allocation moves no stock.
    assert_eq!(app.sums("32.16", "blanko").await, (0, 0));
}

async fn short_delivery_counts_only_what_arrived(app: TestApp) {
    let t = app.pusat().await;
    app.post_ok("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 1000}))
        .await;
    let body = app
        .post_ok("/api/v1/shipments", &t, json!({"reference": "SJ-1", "shipped_on": "2022-09-05", "from": "PUSAT", "to": "36.01", "quantity": 1000, "received_on": "2022-09-08", "received_quantity": 950, "damaged_quantity": 20}))
        .await;
    assert_eq!(body["status"], "inserted");
    assert_eq!(app.stock(&t, "36.01", "2022-09-08").await["on_hand"], 930);
    assert_eq!(app.stock(&t, "PUSAT", "2022-09-08").await["on_hand"], 0);
    let (status, body) = app.post("/api/v1/shipments", &t, json!({"reference": "SJ-2", "shipped_on": "2022-09-05", "from": "PUSAT", "to": "36.01", "quantity": 0, "received_on": "2022-09-08", "received_quantity": 5})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "received_exceeds_shipped");
}

/// The region and its children come from the same statement as the facts: a well-formed code
/// that names no region is still a 404 that names it, today and at a past date.
async fn stock_of_an_unknown_region_is_404(app: TestApp) {
    let t = stocked(&app).await;
    for path in ["/api/v1/stock?region=32.99", "/api/v1/stock?region=32.99&as_of=2022-09-30"] {
        let (status, body) = app.get(path, &t).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")), "{path}");
        assert!(body["error"]["message"].as_str().unwrap().contains("32.99"), "{body}");
    }
    let (status, _) = app.get("/api/v1/stock?region=32.16", &t).await;
    assert_eq!(status, StatusCode::OK);
}
