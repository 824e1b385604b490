//! The dashboard: one self-contained page (no outside assets) that reads the same API with the
//! user's token — stock, cover and stock-out dates of a region and its children, the reports, and
//! uploads with their error list.

use axum::response::Html;
use axum::routing::get;

use crate::http::AppState;

const DASHBOARD: &str = include_str!("dashboard.html");

/// `GET /`: the dashboard page (public; every data call it makes carries the token).
pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/", get(|| async { Html(DASHBOARD) }))
}
