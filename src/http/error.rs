//! The one error type of the HTTP layer, rendered as SPEC §6's body:
//! `{"error": {"code", "message", "details"}}`. Internal errors are logged, never shown.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

use crate::domain::auth::Denied;
use crate::domain::csv_import::{ErrorCode, ErrorList, RowError};
use crate::domain::ledger::Shortfall;
use crate::store::StoreError;

/// What went wrong with a request. Each variant says what happened; [`AppError::parts`] is the one
/// place that turns it into a status, a stable code, a message and details.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400 `bad_request`: the request cannot be read as sent.
    #[error("{message}")]
    BadRequest { message: String, details: Option<Value> },
    /// 401 `unauthorized`: no valid token.
    #[error("{0}")]
    Unauthorized(String),
    /// 403 `forbidden`: the caller's role or region does not allow it.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// 404 `not_found`.
    #[error("{0}")]
    NotFound(String),
    /// 409 `conflict`: the record differs from the one stored under its key.
    #[error("{0}")]
    Conflict(String),
    /// 413 `too_large`: over the body limit of the deployment, named when known.
    #[error("isi permintaan terlalu besar")]
    TooLarge(Option<usize>),
    /// 415 `unsupported_media_type`: a JSON body sent without a JSON content type.
    #[error("isi permintaan harus JSON")]
    NotJson,
    /// 422 with the code of SPEC §5 (`validation_failed`, …).
    #[error("{message}")]
    Validation { code: &'static str, message: String, details: Option<Value> },
    /// One record refused by the rules uploads share: 409 conflict, 403 out of scope, else 422.
    #[error("{}", .0.message)]
    Rejected(RowError),
    /// All the problems of one record; the first decides the answer.
    #[error("data tidak dapat dibaca")]
    Invalid(ErrorList),
    /// 422 `would_go_negative`.
    #[error(transparent)]
    Negative(Shortfall),
    /// Any other status and code (405, `bad_date`, `bad_number`, …).
    #[error("{message}")]
    Status { status: StatusCode, code: &'static str, message: String, details: Option<Value> },
    /// 500 `internal`: logged with its cause; the caller only reads that the server failed.
    #[error("{0}")]
    Internal(String),
}

/// The message shown for every 5xx: the cause is in the log, not in the answer.
const INTERNAL_MESSAGE: &str = "terjadi kesalahan di server; coba lagi atau hubungi admin";

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorInner,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorInner {
    /// Stable machine-readable code, e.g. `would_go_negative`.
    pub code: String,
    /// What went wrong and how to fix it, in Bahasa Indonesia.
    pub message: String,
    /// What the problem concerns (field and value, or the rows of an upload); `null` when nothing
    /// more is known.
    #[schema(value_type = Option<Object>)]
    pub details: Option<Value>,
}

impl AppError {
    /// An error with any status and code; prefer a named variant when one fits.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self::Status { status, code, message: message.into(), details: None }
    }

    /// The same error with `details` in its body.
    #[must_use]
    pub fn with_details(self, details: Value) -> Self {
        match self {
            Self::BadRequest { message, .. } => Self::BadRequest { message, details: Some(details) },
            Self::Validation { code, message, .. } => Self::Validation { code, message, details: Some(details) },
            Self::Status { status, code, message, .. } => {
                Self::Status { status, code, message, details: Some(details) }
            }
            other => {
                let (status, code, message, _) = other.parts();
                Self::Status { status, code, message, details: Some(details) }
            }
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest { message: message.into(), details: None }
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::Unauthorized(message.into())
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound(message.into())
    }

    /// 413: the body is over the size limit of the deployment, named when known.
    pub fn too_large(limit_bytes: Option<usize>) -> Self {
        Self::TooLarge(limit_bytes)
    }

    pub fn validation(code: &'static str, message: impl Into<String>) -> Self {
        Self::Validation { code, message: message.into(), details: None }
    }

    /// A server-side failure; its cause is logged when the answer is written.
    pub fn internal(err: &dyn std::fmt::Display) -> Self {
        Self::Internal(err.to_string())
    }

    /// The one mapping to SPEC §6: status, stable code, Indonesian message, details.
    pub fn parts(self) -> (StatusCode, &'static str, String, Option<Value>) {
        match self {
            Self::BadRequest { message, details } => (StatusCode::BAD_REQUEST, "bad_request", message, details),
            Self::Unauthorized(m) => (StatusCode::UNAUTHORIZED, "unauthorized", m, None),
            Self::Denied(d) => (StatusCode::FORBIDDEN, "forbidden", d.0, None),
            Self::NotFound(m) => (StatusCode::NOT_FOUND, "not_found", m, None),
            Self::Conflict(m) => (StatusCode::CONFLICT, "conflict", m, None),
            Self::TooLarge(limit_bytes) => {
                let limit = limit_bytes.map(|b| format!(" {} MB", (b / (1024 * 1024)).max(1))).unwrap_or_default();
                let message = format!(
                    "isi permintaan lebih besar dari batas{limit}; bagi menjadi beberapa berkas lalu kirim lagi"
                );
                (StatusCode::PAYLOAD_TOO_LARGE, "too_large", message, None)
            }
            Self::NotJson => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "isi permintaan harus JSON: kirim dengan header Content-Type: application/json".to_string(),
                None,
            ),
            Self::Validation { code, message, details } => (StatusCode::UNPROCESSABLE_ENTITY, code, message, details),
            Self::Rejected(e) => {
                let status = match e.code {
                    ErrorCode::Conflict => StatusCode::CONFLICT,
                    ErrorCode::OutOfScope => StatusCode::FORBIDDEN,
                    _ => StatusCode::UNPROCESSABLE_ENTITY,
                };
                let details = serde_json::json!({"field": e.column, "value": e.value});
                (status, e.code.as_str(), e.message, Some(details))
            }
            Self::Invalid(list) => {
                // A single record has no file lines: each problem is named by its field.
                let errors: Vec<Value> = list
                    .errors
                    .iter()
                    .map(|e| serde_json::json!({"field": e.column, "value": e.value, "code": e.code, "message": e.message}))
                    .collect();
                match list.errors.into_iter().next() {
                    Some(first) => {
                        let (status, code, message, _) = Self::Rejected(first).parts();
                        (status, code, message, Some(serde_json::json!({"errors": errors})))
                    }
                    None => Self::bad_request("data tidak dapat dibaca").parts(),
                }
            }
            Self::Negative(s) => {
                let details = serde_json::to_value(&s).unwrap_or_default();
                (StatusCode::UNPROCESSABLE_ENTITY, "would_go_negative", s.to_string(), Some(details))
            }
            Self::Status { status, code, message, details } => (status, code, message, details),
            Self::Internal(cause) => {
                tracing::error!(error = %cause, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", INTERNAL_MESSAGE.to_string(), None)
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code, message, details) = self.parts();
        let body = ErrorBody { error: ErrorInner { code: code.to_string(), message, details } };
        (status, Json(body)).into_response()
    }
}

impl From<RowError> for AppError {
    fn from(e: RowError) -> Self {
        Self::Rejected(e)
    }
}

impl From<ErrorList> for AppError {
    fn from(list: ErrorList) -> Self {
        Self::Invalid(list)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Db(err) => Self::internal(&err),
            StoreError::Corrupt(what) => Self::Internal(format!("stored data cannot be read: {what}")),
            StoreError::Negative(s) => Self::Negative(s),
            StoreError::Rejected(r) => Self::Rejected(r),
            StoreError::Conflict(m) => Self::Conflict(m),
            StoreError::NotFound(m) => Self::NotFound(m),
            StoreError::BadInput(m) => Self::bad_request(m),
        }
    }
}

impl From<crate::app::error::Error> for AppError {
    fn from(e: crate::app::error::Error) -> Self {
        use crate::app::error::Error;
        match e {
            Error::Denied(d) => Self::Denied(d),
            Error::NotFound(m) => Self::NotFound(m),
            Error::Store(s) => s.into(),
            Error::Invalid(list) => Self::Invalid(list),
        }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::internal(&e)
    }
}

impl From<JsonRejection> for AppError {
    /// 413 over the body limit, 415 without a JSON content type, otherwise 400. The parser's own
    /// words (English, with line and column) go to `details.reason` for the developer.
    fn from(r: JsonRejection) -> Self {
        let reason = serde_json::json!({"reason": r.body_text()});
        match r.status() {
            StatusCode::PAYLOAD_TOO_LARGE => Self::too_large(None),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self::NotJson,
            _ => Self::bad_request(
                "isi permintaan bukan JSON yang sesuai: periksa tanda kurung, tanda kutip dan nama kolom, \
                 lalu kirim lagi",
            )
            .with_details(reason),
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(r: QueryRejection) -> Self {
        Self::bad_request("parameter di alamat tidak sesuai: periksa nama dan nilainya")
            .with_details(serde_json::json!({"reason": r.body_text()}))
    }
}

/// `Json` whose rejection is an `AppError`.
#[derive(axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

/// `Query` whose rejection is an `AppError`.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

impl From<crate::app::plan::PlanError> for AppError {
    fn from(e: crate::app::plan::PlanError) -> Self {
        use crate::app::plan::PlanError;
        match e {
            PlanError::NotPusat => Self::new(StatusCode::FORBIDDEN, "forbidden", e.to_string()),
            PlanError::BadQuantity => Self::new(StatusCode::BAD_REQUEST, "bad_number", e.to_string()),
            PlanError::BadRequest(m) => Self::bad_request(m),
            PlanError::UnknownRegion(_) => Self::not_found(e.to_string()),
            PlanError::Denied(d) => d.into(),
            PlanError::Db(err) => Self::internal(&err),
        }
    }
}

#[cfg(test)]
mod tests {
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
}
