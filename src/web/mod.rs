//! The web app (issue 11): server-rendered pages in Bahasa Indonesia over the same `app` use cases
//! as the API, for the people who open a browser rather than a terminal. Signing in with a name and
//! password opens a session (cookie: HttpOnly, SameSite=Strict, Secure behind TLS); every POST
//! carries the session's form token. Each role lands on its own view; every page reads without
//! JavaScript, and style and script are files served beside the pages, so the strict
//! Content-Security-Policy (`http::layers::PAGE_CSP`) needs no inline code.

pub mod error;
mod layout;
mod pages;
pub mod session;

use axum::http::header;
use axum::routing::{get, post};

use crate::app::AppState;

const STYLE: &str = include_str!("static/gaya.css");
const SCRIPT: &str = include_str!("static/app.js");

/// A static file that may be cached for an hour.
fn asset(content_type: &'static str, body: &'static str) -> impl axum::response::IntoResponse {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body)
}

/// Every page, with the style sheet and the script.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/", get(pages::signin::root))
        .route("/masuk", get(pages::signin::form).post(pages::signin::submit))
        .route("/keluar", post(pages::signin::sign_out))
        .route("/beranda", get(pages::signin::landing))
        .route("/wilayah/{code}", get(pages::region::show))
        .route("/wilayah/{code}/aduan.csv", get(pages::region::complaints_csv))
        .route("/unggah", get(pages::upload::form).post(pages::upload::submit))
        .route("/unggah/simpan", post(pages::upload::commit))
        .route("/unggah/galat/{id}", get(pages::upload::errors_csv))
        .route("/unggah/templat/{file}", get(pages::upload::template_csv))
        .route("/catat", get(pages::record::form))
        .route("/catat/{kind}", post(pages::record::submit))
        .route("/terima", get(pages::receive::list).post(pages::receive::submit))
        .route("/rencana", get(pages::plan::show))
        .route("/rencana.csv", get(pages::plan::csv))
        .route("/ringkasan", get(pages::briefing::show))
        .route("/ringkasan/cetak", get(pages::briefing::print))
        .route("/static/gaya.css", get(|| async { asset("text/css; charset=utf-8", STYLE) }))
        .route("/static/app.js", get(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }))
}
