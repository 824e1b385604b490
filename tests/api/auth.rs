//! Tokens, roles and region scope (SPEC §9), and the audit trail.

use axum::http::StatusCode;
use blanko::domain::auth::Role;
use serde_json::json;

use crate::db_tests;
use crate::helpers::TestApp;

db_tests!(
    no_or_bad_token_is_401,
    role_and_region_scope_are_403,
    kabkota_records_a_delivery_it_received,
    pimpinan_reads_only,
    writes_record_actor_and_audit,
    tokens_are_stored_hashed
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
    use blanko::store::entities::api_tokens;
    use sea_orm::EntityTrait;
    let token = app.pusat().await;
    let rows = api_tokens::Entity::find().all(&app.store.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].token_hash, token);
    assert!(!rows[0].token_hash.contains(&token[4..]));
    assert_eq!(rows[0].token_hash, blanko::store::users::hash_token(&token));
}

/// A shipment row with its receipt may come from the receiver, in a POST as in an upload.
async fn kabkota_records_a_delivery_it_received(app: TestApp) {
    let t = app.pusat().await;
    app.post_ok("/api/v1/procurements", &t, json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 1000}))
        .await;
    let kab = app.token("bekasi", Role::Kabkota, Some("32.16")).await;
    let delivery = json!({"reference": "SJ-1", "shipped_on": "2022-09-05", "from": "PUSAT", "to": "32.16", "quantity": 500,
        "received_on": "2022-09-07", "received_quantity": 500});
    app.post_ok("/api/v1/shipments", &kab, delivery).await;
    assert_eq!(app.sums("32.16", "blanko").await, (500, 500));
    let dispatch_only =
        json!({"reference": "SJ-2", "shipped_on": "2022-09-05", "from": "PUSAT", "to": "32.16", "quantity": 10});
    let (status, _) = app.post("/api/v1/shipments", &kab, dispatch_only).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a dispatch from the centre is the centre's to record");
    let (status, body) =
        app.post("/api/v1/prints", &kab, json!({"date": "2022-09-08", "region": "32.1x", "printed": 1})).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_region")));
}
