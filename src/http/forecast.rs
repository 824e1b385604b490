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
use crate::app::complaints::annotate;
use crate::app::forecast::{ExtraDelivery, ForecastView, ShipmentDelay, WhatIf, view_with};
use crate::app::plan::{Plan, PlanRequest, plan};
use crate::app::stock::readable_region;
use crate::domain::auth::Principal;
use crate::domain::quantity::{Quantity, format_id};

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

/// A what-if, asked beside `/forecast` or the briefing: each part optional, together one scenario.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WhatIfQuery {
    /// What if: every allocation not yet shipped is dispatched today.
    ship_allocations: Option<bool>,
    /// What if: the province's loan plan (`/allocation-plan?province=`) is carried out today
    /// (a provinsi, kabupaten/kota or kecamatan region).
    apply_loans: Option<bool>,
    /// What if: the shipment in transit with this delivery note number arrives late (with `delay_days`).
    delay_reference: Option<String>,
    /// Working days the shipment of `delay_reference` arrives late (1–250).
    #[param(value_type = Option<u64>, minimum = 1, maximum = 250)]
    delay_days: Option<u32>,
    /// What if: an extra delivery of this many blanko (with `extra_on`) to the region: to its
    /// office, or for a provinsi or PUSAT to the stock held above its offices.
    #[param(minimum = 1, maximum = 1_000_000_000)]
    extra_quantity: Option<i64>,
    /// Day the extra delivery arrives, YYYY-MM-DD, not before `as_of`.
    extra_on: Option<String>,
}

/// Working days a shipment may be delayed in a what-if.
const MAX_DELAY_DAYS: u32 = 250;

/// The what-if the query asks, or the 400 that says what to fix.
pub fn what_if(q: &WhatIfQuery, as_of: chrono::NaiveDate) -> Result<WhatIf, AppError> {
    let text = |t: &Option<String>| t.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    let delay = match (text(&q.delay_reference), q.delay_days) {
        (None, None) => None,
        (Some(reference), Some(days)) if (1..=MAX_DELAY_DAYS).contains(&days) => {
            Some(ShipmentDelay { reference, days })
        }
        (Some(_), Some(days)) => {
            return Err(AppError::bad_request(format!(
                "delay_days {days} di luar rentang: isi 1 sampai {MAX_DELAY_DAYS} hari kerja"
            )));
        }
        _ => {
            return Err(AppError::bad_request(
                "isi delay_reference (nomor surat jalan) bersama delay_days (hari kerja terlambat)",
            ));
        }
    };
    let extra = match (q.extra_quantity, text(&q.extra_on)) {
        (None, None) => None,
        (Some(quantity), Some(on)) => {
            if !(1..=Quantity::MAX).contains(&quantity) {
                return Err(AppError::bad_request(format!(
                    "extra_quantity {quantity} di luar rentang: isi 1 sampai {}",
                    format_id(Quantity::MAX)
                )));
            }
            let on = date_param(Some(&on), "extra_on")?;
            if on < as_of {
                return Err(AppError::bad_request(format!(
                    "extra_on {on} sebelum as_of {as_of}: kiriman tambahan hanya dapat tiba sesudahnya"
                )));
            }
            Some(ExtraDelivery { quantity, on })
        }
        _ => {
            return Err(AppError::bad_request(
                "isi extra_quantity (jumlah kartu) bersama extra_on (tanggal tiba, YYYY-MM-DD)",
            ));
        }
    };
    Ok(WhatIf {
        ship_allocations: q.ship_allocations.unwrap_or(false),
        apply_loans: q.apply_loans.unwrap_or(false),
        delay,
        extra,
    })
}

/// Forecast of a region and each child: rates, cover, stock-out date with its p10–p90 range,
/// risk, backlog projection, reorder quantity, the last report and working days since, and the
/// inputs behind each number; beside each, `complaints`: the last 30 days' complaints by
/// category, the overdue count, `book_doubtful` and `unmet_demand`. With a what-if (`ship_allocations`, `apply_loans`,
/// `delay_reference` + `delay_days`, `extra_quantity` + `extra_on`) the same under it, in `scenario`.
#[utoipa::path(get, path = "/forecast", params(ForecastQuery, WhatIfQuery), responses((status = 200, body = ForecastView, description = "The region and each child; each carries `forecast` (kabupaten/kota, kecamatan) or `rollup` (provinsi, PUSAT), or neither without data; `scenario` beside them when a what-if is asked")))]
#[tracing::instrument(skip_all, fields(user = %p.name))]
async fn get_forecast(
    p: Principal,
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<ForecastQuery>,
    ApiQuery(wq): ApiQuery<WhatIfQuery>,
) -> Result<Json<ForecastView>, AppError> {
    let code = region_param(q.region.as_deref(), home(&p))?;
    let as_of = date_param(q.as_of.as_deref(), "as_of")?;
    let asked = what_if(&wq, as_of)?;
    let r = readable_region(&s.store.db, &p, &code).await?;
    let mut view = view_with(&s.store.db, &r, as_of, &s.settings.forecast_params(q.horizon_days), &asked).await?;
    annotate(&s.store.db, &mut view, s.settings.follow_up_days).await?;
    Ok(Json(view))
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
