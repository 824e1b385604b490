//! The dashboard: one page (no outside assets) that reads the same API with the user's token —
//! stock, cover and stock-out dates of a region and its children, the reports, and uploads with
//! their error list. Its script and style are served as files beside it, so the page runs under a
//! Content-Security-Policy without inline code (`http::layers::PAGE_CSP`).

use axum::http::header;
use axum::response::Html;
use axum::routing::get;

use crate::app::AppState;

const DASHBOARD: &str = include_str!("dashboard.html");
const SCRIPT: &str = include_str!("dashboard.js");
const STYLE: &str = include_str!("dashboard.css");

/// `GET /` (the page) with `/dashboard.js` and `/dashboard.css`; public: every data call the page
/// makes carries the token.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/", get(|| async { Html(DASHBOARD) }))
        .route("/dashboard.js", get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT) }))
        .route("/dashboard.css", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE) }))
}
