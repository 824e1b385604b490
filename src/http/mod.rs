//! The HTTP API of SPEC §6: axum routers, one file per resource, and the OpenAPI document
//! generated from the handlers themselves.

mod api_doc;
pub mod auth;
pub mod complaints;
pub mod drain;
pub mod error;
pub mod fields;
pub mod forecast;
pub mod health;
pub mod layers;
pub mod ledger;
pub mod records;
pub mod regions;
pub mod reports;
pub mod stock;
pub mod uploads;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use chrono::NaiveDate;
use tower_http::trace::TraceLayer;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

use crate::config::today;
use crate::domain::limits::{EARLIEST_DATE, latest_query_date, query_date_in_range};
use crate::domain::region::RegionCode;
use error::AppError;

pub use crate::app::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "blanko API", description = "Stok blanko KTP-el dari pusat sampai loket kabupaten/kota."),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every API route with its OpenAPI description.
fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(regions::router())
        .merge(stock::router())
        .merge(ledger::router())
        .merge(records::router())
        .merge(complaints::router())
        .merge(uploads::router())
        .merge(forecast::router())
        .merge(reports::router())
}

/// The OpenAPI document of the whole API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut doc) =
        OpenApiRouter::<AppState>::new().nest("/api/v1", api()).merge(health::router()).split_for_parts();
    doc.info = ApiDoc::openapi().info;
    // After the merge: the routes' operations exist only now.
    api_doc::ErrorResponses.modify(&mut doc);
    doc
}

/// The whole application, ready to serve or to call from tests without a socket.
pub fn build_router(state: AppState) -> Router {
    let doc = Arc::new(openapi());
    let (router, _) = OpenApiRouter::new().nest("/api/v1", api()).merge(health::router()).split_for_parts();
    let limit = state.settings.max_upload_bytes;
    let router = router
        .route("/api/v1/openapi.json", axum::routing::get(move || async move { axum::Json((*doc).clone()) }))
        .merge(crate::web::router());
    layers::harden(router).layer(DefaultBodyLimit::max(limit)).layer(TraceLayer::new_for_http()).with_state(state)
}

/// Parses an optional `region` parameter, defaulting to what the caller may see.
pub fn region_param(text: Option<&str>, default: RegionCode) -> Result<RegionCode, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(default),
        Some(t) => RegionCode::parse(t).map_err(|e| AppError::bad_request(e.to_string())),
    }
}

/// Parses an optional date parameter (`YYYY-MM-DD`), defaulting to today. SPEC §10: the date lies
/// between 2000-01-01 and five years after today; anything else is a 400 `bad_date`.
pub fn date_param(text: Option<&str>, name: &str) -> Result<NaiveDate, AppError> {
    let today = today();
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(today);
    };
    let bad = |why: String| AppError::new(StatusCode::BAD_REQUEST, "bad_date", why);
    let date = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map_err(|_| bad(format!("{name} '{t}' bukan tanggal; tulis sebagai YYYY-MM-DD, misalnya 2022-10-31")))?;
    if !query_date_in_range(date, today) {
        return Err(bad(format!(
            "{name} '{t}' di luar rentang yang dapat ditanyakan: dari {} sampai {}",
            EARLIEST_DATE.format("%Y-%m-%d"),
            latest_query_date(today).format("%Y-%m-%d")
        )));
    }
    Ok(date)
}
