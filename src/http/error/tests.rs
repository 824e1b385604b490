//! The one mapping of `AppError`: status, code and what the caller sees.

use super::*;

#[test]
fn stored_data_that_does_not_parse_is_a_server_fault() {
    let (status, code, message, details) = AppError::from(StoreError::Corrupt("peran 'x'".into())).parts();
    assert_eq!((status, code, details), (StatusCode::INTERNAL_SERVER_ERROR, "internal", None));
    assert!(!message.contains("peran"), "the cause stays in the log: {message}");
}

#[test]
fn each_variant_keeps_its_status_and_code() {
    let denied = AppError::from(Denied("tidak boleh".into())).parts();
    assert_eq!((denied.0, denied.1), (StatusCode::FORBIDDEN, "forbidden"));
    let bad = AppError::bad_request("x").with_details(serde_json::json!({"reason": "y"})).parts();
    assert_eq!(
        (bad.0, bad.1, bad.3),
        (StatusCode::BAD_REQUEST, "bad_request", Some(serde_json::json!({"reason": "y"})))
    );
    let big = AppError::too_large(Some(8 * 1024 * 1024)).parts();
    assert_eq!((big.0, big.1), (StatusCode::PAYLOAD_TOO_LARGE, "too_large"));
    assert!(big.2.contains("8 MB"));
}
