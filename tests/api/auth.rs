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
