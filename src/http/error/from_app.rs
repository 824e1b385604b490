//! How the errors of the app layer's use cases (records, imports, plans, reports) become the one
//! `AppError` of the HTTP layer: status, stable code and Indonesian message.

use axum::http::StatusCode;

use super::AppError;

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

impl From<crate::app::forecast::ForecastError> for AppError {
    fn from(e: crate::app::forecast::ForecastError) -> Self {
        use crate::app::forecast::ForecastError;
        match e {
            ForecastError::BadRequest(m) => Self::bad_request(m),
            ForecastError::Db(err) => Self::internal(&err),
        }
    }
}

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

impl From<crate::app::report::RenderError> for AppError {
    fn from(e: crate::app::report::RenderError) -> Self {
        use crate::app::report::RenderError;
        match e {
            RenderError::BadRequest(m) => Self::bad_request(m),
            RenderError::UnknownRegion(_) => Self::not_found(e.to_string()),
            RenderError::Denied(d) => d.into(),
            RenderError::Db(err) => Self::internal(&err),
            RenderError::Report(err) => Self::internal(&err),
        }
    }
}

impl From<crate::app::import::ImportError> for AppError {
    /// A refused file: 422 with every row to fix in `details.errors` (the handler answers the same
    /// list as CSV when the caller asks for it).
    fn from(e: crate::app::import::ImportError) -> Self {
        use crate::app::import::ImportError;
        match e {
            ImportError::Rejected(errors) => {
                let message = format!(
                    "berkas ditolak: {} kesalahan, tidak ada data yang disimpan. Perbaiki baris yang disebut lalu unggah lagi.",
                    errors.total()
                );
                Self::validation("validation_failed", message)
                    .with_details(serde_json::json!({"errors": errors.errors, "omitted": errors.omitted}))
            }
            ImportError::File(e) => Self::bad_request(e.to_string()),
            ImportError::Store(e) => e.into(),
        }
    }
}
