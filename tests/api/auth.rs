//! Tokens, roles and region scope (SPEC §9), and the audit trail.

use axum::http::StatusCode;
use blanko::domain::auth::Role;
use blanko::store::entities::api_tokens;
use blanko::store::users;
use chrono::{TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::db_tests;
use crate::helpers::TestApp;

db_tests!(
    no_or_bad_token_is_401,
    role_and_region_scope_are_403,
    kabkota_records_a_delivery_it_received,
    nobody_moves_another_offices_stock,
    pimpinan_reads_only,
    writes_record_actor_and_audit,
    tokens_are_stored_hashed,
    revoked_token_is_refused_at_once,
    expired_token_is_refused,
    last_use_is_recorded_at_most_once_a_minute,
    fresh_token_works_beside_the_old_until_revoked
);

async fn no_or_bad_token_is_401(app: TestApp) {
    let (status, body) = app.request("GET", "/api/v1/stock", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "unauthorized");
    let (status, _) = app.get("/api/v1/stock", "blk_not-a-token").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app.request("POST", "/api/v1/prints", None, Some(json!({}))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn role_and_region_scope_are_403(app: TestApp) {
    let kab = app.token("bekasi", Role::Kabkota, Some("32.16")).await;
    let (status, body) =
        app.post("/api/v1/procurements", &kab, json!({"reference": "P", "date": "2022-09-01", "quantity": 1})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["code"], "forbidden");
    let (status, _) =
        app.post("/api/v1/prints", &kab, json!({"date": "2022-09-01", "region": "32.17", "printed": 0})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get("/api/v1/stock?region=32.17", &kab).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get("/api/v1/ledger?region=36.01", &kab).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get("/api/v1/stock?region=32.16.01", &kab).await;
    assert_eq!(status, StatusCode::OK);
    let prov = app.token("jabar", Role::Provinsi, Some("32")).await;
    let (status, _) = app
        .post(
            "/api/v1/shipments",
            &prov,
            json!({"reference": "S", "shipped_on": "2022-09-01", "from": "36.01", "to": "36.02", "quantity": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post(
            "/api/v1/allocations",
            &prov,
            json!({"reference": "A", "date": "2022-09-01", "to": "32.16", "quantity": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // In scope, kabkota may record its own prints (0 cards needs no stock).
    app.post_ok("/api/v1/prints", &kab, json!({"date": "2022-09-01", "region": "32.16", "printed": 0})).await;
}

async fn pimpinan_reads_only(app: TestApp) {
    let pj = app.token("pj-bupati", Role::Pimpinan, Some("32.16")).await;
    let (status, _) = app.get("/api/v1/stock?region=32.16", &pj).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app.get("/api/v1/stock", &pj).await;
    assert_eq!(status, StatusCode::OK, "defaults to the user's own region");
    let (status, _) =
        app.post("/api/v1/prints", &pj, json!({"date": "2022-09-01", "region": "32.16", "printed": 0})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn writes_record_actor_and_audit(app: TestApp) {
    let t = app.pusat().await;
    app.post_ok("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 10})).await;
    app.post_ok(
        "/api/v1/allocations",
        &t,
        json!({"reference": "AL-1", "date": "2022-09-01", "to": "32.16", "quantity": 10}),
    )
    .await;
    assert_eq!(app.audit_count("procurement.create").await, 1);
    assert_eq!(app.audit_count("allocation.create").await, 1);
    assert_eq!(app.audit_count("user.add").await, 1);
    let (_, card) = app.get("/api/v1/ledger?region=PUSAT", &t).await;
    assert_eq!(card["entries"][0]["actor"], "pusat");
    // An unchanged re-send is not audited again.
    app.post_ok("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 10})).await;
    assert_eq!(app.audit_count("procurement.create").await, 1);
}

async fn tokens_are_stored_hashed(app: TestApp) {
    let token = app.pusat().await;
    let rows = api_tokens::Entity::find().all(&app.store.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].token_hash, token);
    assert!(!rows[0].token_hash.contains(&token[4..]));
    assert_eq!(rows[0].token_hash, users::hash_token(&token));
}

/// A shipment row with its receipt may come from the receiver, in a POST as in an upload.
async fn kabkota_records_a_delivery_it_received(app: TestApp) {
    let t = app.pusat().await;
    app.post_ok("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 100_000}))
        .await;
    app.post_ok(
        "/api/v1/shipments",
        &t,
        json!({"reference": "SJ-0", "shipped_on": "2022-09-01", "from": "PUSAT", "to": "32.16", "quantity": 4000,
            "received_on": "2022-09-02", "received_quantity": 4000}),
    )
    .await;
    let kab = app.token("bekasi", Role::Kabkota, Some("32.16")).await;
    // Issue 8's request: a kabupaten/kota recording the centre's dispatch and its receipt at once.
    let delivery = json!({"reference": "X-5", "shipped_on": "2022-10-31", "from": "PUSAT", "to": "32.16",
        "quantity": 5000, "received_on": "2022-10-31", "received_quantity": 5000});
    let (status, body) = app.post("/api/v1/shipments", &kab, delivery.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"]["code"], "out_of_scope");
    assert_eq!(app.sums("32.16", "blanko").await, (4000, 4000), "Bekasi's book unchanged");
    assert_eq!(app.sums("PUSAT", "blanko").await, (96_000, 96_000), "the centre's book unchanged");
    // The same through an upload.
    let csv = "no_referensi,tanggal_kirim,asal,tujuan,jumlah,tanggal_terima,jumlah_diterima\n\
               X-5,2022-10-31,PUSAT,32.16,5000,2022-10-31,5000\n";
    let (status, body) = app.upload("shipments", &kab, csv.as_bytes(), false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["details"]["errors"][0]["code"], "out_of_scope", "{body}");
    assert_eq!(app.sums("32.16", "blanko").await, (4000, 4000));
    // Once the centre has recorded the dispatch, Bekasi confirms what arrived, by row or by route.
    let dispatch = json!({"reference": "X-5", "shipped_on": "2022-10-31", "from": "PUSAT", "to": "32.16",
        "quantity": 5000});
    app.post_ok("/api/v1/shipments", &t, dispatch).await;
    let (status, body) = app.post("/api/v1/shipments", &kab, delivery).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "updated");
    assert_eq!(app.sums("32.16", "blanko").await, (9000, 9000));
    let dispatch_only =
        json!({"reference": "SJ-2", "shipped_on": "2022-09-05", "from": "PUSAT", "to": "32.16", "quantity": 10});
    let (status, _) = app.post("/api/v1/shipments", &kab, dispatch_only).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a dispatch from the centre is the centre's to record");
    let (status, body) =
        app.post("/api/v1/prints", &kab, json!({"date": "2022-09-08", "region": "32.1x", "printed": 1})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_region")));
}

async fn nobody_moves_another_offices_stock(app: TestApp) {
    let t = app.pusat().await;
    app.post_ok("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 100_000}))
        .await;
    for (r, to) in [("SJ-16", "32.16"), ("SJ-17", "32.17"), ("SJ-36", "36.01")] {
        app.post_ok(
            "/api/v1/shipments",
            &t,
            json!({"reference": r, "shipped_on": "2022-09-01", "from": "PUSAT", "to": to, "quantity": 1000,
                "received_on": "2022-09-02", "received_quantity": 1000}),
        )
        .await;
    }
    let bekasi = app.token("bekasi", Role::Kabkota, Some("32.16")).await;
    let jabar = app.token("jabar", Role::Provinsi, Some("32")).await;
    let loan = |reference: &str, from: &str, to: &str, receipt: bool| {
        let mut v =
            json!({"reference": reference, "shipped_on": "2022-09-05", "from": from, "to": to, "quantity": 100});
        if receipt {
            v["received_on"] = json!("2022-09-06");
            v["received_quantity"] = json!(100);
        }
        v
    };
    // A neighbour's book debited, with and without the receipt.
    for body in [loan("P-1", "32.17", "32.16", false), loan("P-2", "32.17", "32.16", true)] {
        let (status, b) = app.post("/api/v1/shipments", &bekasi, body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{b}");
    }
    // A sender confirming its own loan.
    let (status, b) = app.post("/api/v1/shipments", &bekasi, loan("P-3", "32.16", "32.17", true)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{b}");
    // A province dispatching from another province, into itself or elsewhere.
    for body in [loan("P-4", "36.01", "32.16", false), loan("P-5", "PUSAT", "36.01", false)] {
        let (status, b) = app.post("/api/v1/shipments", &jabar, body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{b}");
    }
    for (region, stock) in [("32.16", 1000), ("32.17", 1000), ("36.01", 1000), ("PUSAT", 97_000)] {
        assert_eq!(app.sums(region, "blanko").await, (stock, stock), "{region}");
    }
    // The loan Bekasi sends is its own; Karawang confirms it; Bekasi may not.
    app.post_ok("/api/v1/shipments", &bekasi, loan("P-6", "32.16", "32.17", false)).await;
    let receipt = json!({"received_on": "2022-09-06", "received_quantity": 100});
    let (status, b) = app.post("/api/v1/shipments/P-6/receive", &bekasi, receipt.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not addressed to Bekasi: {b}");
    let karawang = app.token("karawang", Role::Kabkota, Some("32.17")).await;
    app.post_ok("/api/v1/shipments/P-6/receive", &karawang, receipt.clone()).await;
    assert_eq!(app.sums("32.17", "blanko").await, (1100, 1100));
    // A reference addressed elsewhere answers exactly like one that does not exist.
    let (s1, b1) = app.post("/api/v1/shipments/SJ-36/receive", &bekasi, receipt.clone()).await;
    let (s2, b2) = app.post("/api/v1/shipments/NOPE/receive", &bekasi, receipt.clone()).await;
    assert_eq!((s1, s2), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
    assert_eq!(
        b1["error"]["message"].as_str().map(|m| m.replace("SJ-36", "X")),
        b2["error"]["message"].as_str().map(|m| m.replace("NOPE", "X"))
    );
    let pimpinan = app.token("pj", Role::Pimpinan, Some("32.16")).await;
    let (status, _) = app.post("/api/v1/shipments/SJ-16/receive", &pimpinan, receipt).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "read-only, refused before any lookup");
}

/// The API's error message for a token.
async fn refusal(app: &TestApp, token: &str) -> String {
    let (status, body) = app.get("/api/v1/stock", token).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthorized")), "{body}");
    body["error"]["message"].as_str().unwrap_or_default().to_string()
}

async fn revoked_token_is_refused_at_once(app: TestApp) {
    let t = app.pusat().await;
    let (status, _) = app.get("/api/v1/stock", &t).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(users::revoke(&app.store.db, "pusat").await.unwrap(), 1);
    let message = refusal(&app, &t).await;
    assert!(message.contains("dicabut") && message.contains("blanko user token pusat"), "{message}");
    assert_eq!(users::revoke(&app.store.db, "pusat").await.unwrap(), 0, "nothing left to revoke");
    assert_eq!(app.audit_count("user.revoke").await, 2);
}

async fn expired_token_is_refused(app: TestApp) {
    app.pusat().await;
    let since = Utc::now() - TimeDelta::hours(1);
    let t = users::issue_token(&app.store.db, "pusat", since).await.unwrap();
    let message = refusal(&app, &t).await;
    assert!(message.contains("kedaluwarsa sejak") && message.contains("WIB"), "{message}");
    assert!(message.contains("blanko user token pusat"), "{message}");
}

async fn last_used(app: &TestApp, token: &str) -> Option<chrono::DateTime<Utc>> {
    let hash = users::hash_token(token);
    let row = api_tokens::Entity::find().filter(api_tokens::Column::TokenHash.eq(hash)).one(&app.store.db).await;
    row.unwrap().expect("token row").last_used_at
}

async fn last_use_is_recorded_at_most_once_a_minute(app: TestApp) {
    let t = app.pusat().await;
    assert_eq!(last_used(&app, &t).await, None);
    app.get("/api/v1/stock", &t).await;
    let first = last_used(&app, &t).await.expect("set on first use");
    assert!((Utc::now() - first).num_seconds().abs() < 60, "{first}");
    app.get("/api/v1/stock", &t).await;
    assert_eq!(last_used(&app, &t).await, Some(first), "not rewritten within a minute");
    // A use noted long ago is brought up to date.
    let old = Utc::now() - TimeDelta::minutes(5);
    api_tokens::Entity::update_many()
        .col_expr(api_tokens::Column::LastUsedAt, Expr::value(old))
        .exec(&app.store.db)
        .await
        .unwrap();
    app.get("/api/v1/stock", &t).await;
    assert!(last_used(&app, &t).await.expect("still set") > old + TimeDelta::minutes(4));
}

async fn fresh_token_works_beside_the_old_until_revoked(app: TestApp) {
    let old = app.token("bekasi", Role::Kabkota, Some("32.16")).await;
    let fresh = users::issue_token(&app.store.db, "bekasi", users::expires_in_days(30)).await.unwrap();
    assert_ne!(old, fresh);
    for t in [&old, &fresh] {
        let (status, _) = app.get("/api/v1/stock?region=32.16", t).await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(app.audit_count("user.token").await, 1);
    assert_eq!(users::revoke(&app.store.db, "bekasi").await.unwrap(), 2);
    for t in [&old, &fresh] {
        refusal(&app, t).await;
    }
    let newest = users::issue_token(&app.store.db, "bekasi", users::expires_in_days(1)).await.unwrap();
    let (status, _) = app.get("/api/v1/stock?region=32.16", &newest).await;
    assert_eq!(status, StatusCode::OK, "a token issued after the revocation works");
    let unknown = users::issue_token(&app.store.db, "nobody", users::expires_in_days(1)).await;
    assert!(unknown.is_err_and(|e| e.to_string().contains("blanko user add")));
}
