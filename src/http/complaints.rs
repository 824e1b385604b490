//! `GET /api/v1/complaints`: a region's complaints with their follow-up on a date, the figures
//! beside the stock, and each child's (the overdue ones per region). Complaints are written
//! through `POST /complaints` (`http::records`) and `POST /uploads/complaints`.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiQuery, AppError};
use super::stock::home;
use super::{AppState, date_param, region_param};
use crate::app::complaints::{ComplaintList, list};
use crate::domain::auth::Principal;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComplaintQuery {
    /// Region code (default: the caller's region, or PUSAT for the nation).
    region: Option<String>,
    /// YYYY-MM-DD (default: today): ages, due dates and status are as of this date.
    as_of: Option<String>,
    /// Only the complaints not followed up within the limit (`blanko serve --follow-up-days`, default 14).
    overdue: Option<bool>,
}

/// A region's complaints up to `as_of`, each with its age, the last day of its follow-up and its
/// status (`closed`, `followed_up`, `waiting`, `overdue`); the region's figures and each child's.
#[utoipa::path(get, path = "/complaints", params(ComplaintQuery), responses((status = 200, body = ComplaintList)))]
#[tracing::instrument(skip_all, fields(user = %p.name))]
async fn get_complaints(
    p: Principal,
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<ComplaintQuery>,
) -> Result<Json<ComplaintList>, AppError> {
    let code = region_param(q.region.as_deref(), home(&p))?;
    let as_of = date_param(q.as_of.as_deref(), "as_of")?;
    let limit = s.settings.follow_up_days;
    Ok(Json(list(&s.store.db, &p, &code, as_of, limit, q.overdue.unwrap_or(false)).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_complaints))
}
