//! Errors of single records name the JSON field sent, never the CSV column.

use axum::http::StatusCode;
use blanko::domain::auth::Role;
use serde_json::json;

use crate::db_tests;
use crate::helpers::TestApp;

db_tests!(errors_name_the_json_field);

async fn errors_name_the_json_field(app: TestApp) {
    let kab = app.token("bekasi", Role::Kabkota, Some("32.16")).await;
    // A receipt of a dispatch nobody recorded: the caller holds only the receiving right.
    let receipt = json!({"reference": "X-5", "shipped_on": "2022-10-31", "from": "PUSAT", "to": "32.16",
        "quantity": 5000, "received_on": "2022-10-31", "received_quantity": 5000});
    let (status, body) = app.post("/api/v1/shipments", &kab, receipt).await;
    assert_eq!((status, &body["error"]["code"]), (StatusCode::FORBIDDEN, &json!("out_of_scope")), "{body}");
    assert_eq!(body["error"]["details"]["field"], "reference", "{body}");
    let t = app.pusat().await;
    let bad = json!({"reference": "SJ-1", "shipped_on": "2022-10-31", "from": "PUSAT", "to": "32.16.99.1",
        "quantity": "abc"});
    let (status, body) = app.post("/api/v1/shipments", &t, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields: Vec<&str> =
        body["error"]["details"]["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["to", "quantity"], "{body}");
    let empty = json!({"date": null, "region": "", "hours": null, "cause": ""});
    let (status, body) = app.post("/api/v1/outages", &t, empty).await;
    assert_eq!((status, &body["error"]["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("missing_value")), "{body}");
    let fields: Vec<&str> =
        body["error"]["details"]["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["date", "region", "hours", "cause"], "{body}");
}
