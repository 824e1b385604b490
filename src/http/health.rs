//! `GET /healthz`: the process is up and the database answers. No token needed: load balancers
//! and monitors call it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` or `database_unreachable`.
    pub status: &'static str,
    pub database: bool,
}

/// Liveness and database reachability (no token needed).
#[utoipa::path(get, path = "/healthz", security(()), responses((status = 200, body = Health), (status = 503, body = Health)))]
#[tracing::instrument(skip_all)]
async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    if state.store.ping().await {
        (StatusCode::OK, Json(Health { status: "ok", database: true }))
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "database_unreachable", database: false }))
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(healthz))
}
