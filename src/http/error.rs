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
use crate::store::StoreError;

/// An API error: status, stable code, Indonesian message, optional details.
#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Option<Value>,
}

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
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), details: None }
    }

    #[must_use]
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 413: the body is over the size limit of the deployment, named when known.
    pub fn too_large(limit_bytes: Option<usize>) -> Self {
        let limit = limit_bytes.map(|b| format!(" {} MB", (b / (1024 * 1024)).max(1))).unwrap_or_default();
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("isi permintaan lebih besar dari batas{limit}; bagi menjadi beberapa berkas lalu kirim lagi"),
        )
    }

    pub fn validation(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    pub fn internal(err: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %err, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "terjadi kesalahan di server; coba lagi atau hubungi admin",
        )
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorInner { code: self.code.to_string(), message: self.message, details: self.details },
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<Denied> for AppError {
    fn from(d: Denied) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", d.0)
    }
}

impl From<RowError> for AppError {
    /// A record refused by the rules uploads share: 409 for a conflict, 403 outside the caller's
    /// scope, otherwise 422, with the stable code of SPEC §5.
    fn from(e: RowError) -> Self {
        let status = match e.code {
            ErrorCode::Conflict => StatusCode::CONFLICT,
            ErrorCode::OutOfScope => StatusCode::FORBIDDEN,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        let details = serde_json::json!({"field": e.column, "value": e.value});
        Self::new(status, e.code.as_str(), e.message).with_details(details)
    }
}

impl From<ErrorList> for AppError {
    /// The first problem of a record decides the answer; all of them are in `details.errors`.
    fn from(list: ErrorList) -> Self {
        // A single record has no file lines: each problem is named by its field.
        let errors: Vec<serde_json::Value> = list
            .errors
            .iter()
            .map(|e| serde_json::json!({"field": e.column, "value": e.value, "code": e.code, "message": e.message}))
            .collect();
        match list.errors.into_iter().next() {
            Some(first) => AppError::from(first).with_details(serde_json::json!({"errors": errors})),
            None => Self::bad_request("data tidak dapat dibaca"),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Db(err) => Self::internal(&err),
            StoreError::Negative(s) => {
                let details = serde_json::to_value(&s).unwrap_or_default();
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, "would_go_negative", s.to_string()).with_details(details)
            }
            StoreError::Rejected(r) => r.into(),
            StoreError::Conflict(m) => Self::new(StatusCode::CONFLICT, "conflict", m),
            StoreError::NotFound(m) => Self::not_found(m),
            StoreError::BadInput(m) => Self::bad_request(m),
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
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "isi permintaan harus JSON: kirim dengan header Content-Type: application/json",
            ),
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
