//! Errors of the pages, answered as a page in Bahasa Indonesia (never the API's JSON): what went
//! wrong and where to go next.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;

use super::layout::bare_page;
use crate::app::error::Error;
use crate::app::plan::PlanError;
use crate::app::report::RenderError;
use crate::store::StoreError;

/// Why a page could not be shown or a form not taken.
#[derive(Debug)]
pub enum WebError {
    /// A POST without this session's form token.
    Csrf,
    Forbidden(String),
    NotFound(String),
    BadRequest(String),
    /// Logged in full; the reader sees a general message.
    Internal(String),
}

impl WebError {
    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            WebError::Csrf => (
                StatusCode::FORBIDDEN,
                "Formulir ditolak",
                "Formulir ini dikirim tanpa token keamanan yang cocok dengan sesi Anda, sehingga tidak diproses. \
                 Buka kembali halamannya dari menu, lalu kirim lagi."
                    .to_string(),
            ),
            WebError::Forbidden(m) => (StatusCode::FORBIDDEN, "Tidak diizinkan", m.clone()),
            WebError::NotFound(m) => (StatusCode::NOT_FOUND, "Tidak ditemukan", m.clone()),
            WebError::BadRequest(m) => (StatusCode::BAD_REQUEST, "Permintaan tidak dapat diproses", m.clone()),
            WebError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Terjadi kesalahan di server",
                "Coba lagi sebentar lagi. Bila terus terjadi, hubungi admin.".to_string(),
            ),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let WebError::Internal(detail) = &self {
            tracing::error!(error = %detail, "halaman gagal");
        }
        let (status, title, message) = self.parts();
        let body = html! {
            h1 { (title) }
            p.message { (message) }
            p { a href="/beranda" { "Kembali ke beranda" } }
        };
        (status, bare_page(title, &body)).into_response()
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Db(_) | StoreError::Corrupt(_) => WebError::Internal(e.to_string()),
            StoreError::NotFound(m) => WebError::NotFound(m),
            other => WebError::BadRequest(other.to_string()),
        }
    }
}

impl From<sea_orm::DbErr> for WebError {
    fn from(e: sea_orm::DbErr) -> Self {
        WebError::Internal(e.to_string())
    }
}

impl From<Error> for WebError {
    fn from(e: Error) -> Self {
        match e {
            Error::Denied(d) => WebError::Forbidden(d.to_string()),
            Error::NotFound(m) => WebError::NotFound(m),
            Error::Store(s) => s.into(),
            Error::Invalid(list) => {
                WebError::BadRequest(list.errors.iter().map(|r| r.message.clone()).collect::<Vec<_>>().join("; "))
            }
        }
    }
}

impl From<RenderError> for WebError {
    fn from(e: RenderError) -> Self {
        match e {
            RenderError::Denied(d) => WebError::Forbidden(d.to_string()),
            RenderError::UnknownRegion(r) => WebError::NotFound(format!("wilayah {r} tidak dikenal")),
            RenderError::BadRequest(m) => WebError::BadRequest(m),
            RenderError::Db(e) => e.into(),
            RenderError::Report(e) => WebError::Internal(e.to_string()),
        }
    }
}

impl From<PlanError> for WebError {
    fn from(e: PlanError) -> Self {
        match e {
            PlanError::Denied(d) => WebError::Forbidden(d.to_string()),
            PlanError::NotPusat => WebError::Forbidden(e.to_string()),
            PlanError::UnknownRegion(_) => WebError::NotFound(e.to_string()),
            PlanError::Db(e) => e.into(),
            PlanError::BadQuantity | PlanError::BadRequest(_) => WebError::BadRequest(e.to_string()),
        }
    }
}
