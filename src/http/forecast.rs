//! `GET /api/v1/forecast` and `GET /api/v1/allocation-plan` (SPEC §7): thin wrappers over the one
//! forecast function (`domain::forecast::forecast`) as assembled by `app::forecast::view`, and
//! the plans `app::plan` makes from it.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiQuery, AppError};
use super::stock::home;
use super::{AppState, date_param, region_param};
use crate::app::forecast::{ForecastView, view};
use crate::app::plan::{Plan, PlanRequest, plan};
use crate::app::stock::readable_region;
use crate::domain::auth::Principal;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForecastQuery {
    /// Region code (default: the caller's region, or PUSAT for the nation).
    region: Option<String>,
    /// YYYY-MM-DD (default: today).
    as_of: Option<String>,
    /// Working days projected (default 90; between 1 and 500 are used).
    #[param(value_type = Option<u64>, maximum = 4_294_967_295_f64)]
    horizon_days: Option<u32>,
}

/// Forecast of a region and each child: rates, cover, stock-out date with its p10–p90 range,
/// risk, backlog projection, reorder quantity, and the inputs behind each number.
#[utoipa::path(get, path = "/forecast", params(ForecastQuery), responses((status = 200, body = ForecastView, description = "The region and each child; each carries `forecast` (kabupaten/kota, kecamatan) or `rollup` (provinsi, PUSAT), or neither without data")))]
#[tracing::instrument(skip_all, fields(user = %p.name))]
async fn get_forecast(
    p: Principal,
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<ForecastQuery>,
) -> Result<Json<ForecastView>, AppError> {
    let code = region_param(q.region.as_deref(), home(&p))?;
    let as_of = date_param(q.as_of.as_deref(), "as_of")?;
    let r = readable_region(&s.store.db, &p, &code).await?;
    Ok(Json(view(&s.store.db, &r, as_of, &s.settings.forecast_params(q.horizon_days)).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// Central cards to split across kabupaten/kota (pusat); give this or `province`, not both.
    #[param(minimum = 0)]
    quantity: Option<i64>,
    /// A province: propose loans between its kabupaten/kota instead.
    province: Option<String>,
    /// YYYY-MM-DD (default: today).
    as_of: Option<String>,
}

/// A suggested split of N central cards across kabupaten/kota, or loans inside a province.
#[utoipa::path(get, path = "/allocation-plan", params(PlanQuery), responses((status = 200, body = Plan, description = "`allocation` for quantity=N, `loans` for province=CODE")))]
#[tracing::instrument(skip_all, fields(user = %p.name))]
async fn allocation_plan(
    p: Principal,
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<PlanQuery>,
) -> Result<Json<Plan>, AppError> {
    let as_of = date_param(q.as_of.as_deref(), "as_of")?;
    let req = PlanRequest { quantity: q.quantity, province: q.province.as_deref(), as_of };
    Ok(Json(plan(&s.store.db, &p, &s.settings.forecast_params(None), &req).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_forecast)).routes(routes!(allocation_plan))
}
