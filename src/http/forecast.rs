//! `GET /api/v1/forecast` and `GET /api/v1/allocation-plan` (SPEC §7): thin wrappers over the one
//! forecast function (`domain::forecast::forecast`) as assembled by `store::forecast::view`.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiQuery, AppError};
use super::stock::home;
use super::{AppState, date_param, region_param};
use crate::domain::allocation::{AllocationPlan, LoanPlan, Need, balance_loans, water_fill};
use crate::domain::auth::{Principal, Role};
use crate::domain::quantity::{Quantity, format_id};
use crate::domain::region::{Level, RegionCode};
use crate::store::forecast::{ForecastView, calendar, kabkota_forecasts, view};
use crate::store::regions;

/// Loans smaller than this are not worth a trip.
const MIN_LOAN: i64 = 100;

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

/// Loads the region or answers 404.
async fn region(s: &AppState, code: &RegionCode) -> Result<crate::domain::region::Region, AppError> {
    regions::get(&s.store.db, code).await?.ok_or_else(|| AppError::not_found(format!("wilayah {code} tidak dikenal")))
}

/// Forecast of a region and each child: rates, cover, stock-out date with its p10–p90 range,
/// risk, backlog projection, reorder quantity, and the inputs behind each number.
#[utoipa::path(get, path = "/forecast", params(ForecastQuery), responses((status = 200, body = ForecastView, description = "The region and each child; each carries `forecast` (kabupaten/kota, kecamatan) or `rollup` (provinsi, PUSAT), or neither without data")))]
async fn get_forecast(
    p: Principal,
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<ForecastQuery>,
) -> Result<Json<ForecastView>, AppError> {
    let code = region_param(q.region.as_deref(), home(&p))?;
    let as_of = date_param(q.as_of.as_deref(), "as_of")?;
    p.check_read(&code)?;
    let r = region(&s, &code).await?;
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

/// What `/allocation-plan` answers, told apart by `kind`.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Plan {
    /// Water-filling of central stock: the lowest cover rises first.
    Allocation { as_of: NaiveDate, plan: AllocationPlan },
    /// Loans inside a province so its kabupaten/kota run out together.
    Loans { as_of: NaiveDate, province: RegionCode, plan: LoanPlan },
}

/// A suggested split of N central cards across kabupaten/kota, or loans inside a province.
#[utoipa::path(get, path = "/allocation-plan", params(PlanQuery), responses((status = 200, body = Plan, description = "`allocation` for quantity=N, `loans` for province=CODE")))]
async fn allocation_plan(
    p: Principal,
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<PlanQuery>,
) -> Result<Json<Plan>, AppError> {
    let as_of = date_param(q.as_of.as_deref(), "as_of")?;
    let fp = s.settings.forecast_params(None);
    match (q.quantity, q.province.as_deref()) {
        (Some(n), None) => {
            if p.role != Role::Pusat {
                return Err(AppError::new(
                    axum::http::StatusCode::FORBIDDEN,
                    "forbidden",
                    "rencana pembagian stok pusat hanya untuk peran pusat",
                ));
            }
            if !(0..=Quantity::MAX).contains(&n) {
                return Err(AppError::new(
                    axum::http::StatusCode::BAD_REQUEST,
                    "bad_number",
                    format!("quantity harus bilangan bulat 0 sampai {}", format_id(Quantity::MAX)),
                ));
            }
            let cal = calendar(&s.store.db).await?;
            let offices = kabkota_forecasts(&s.store.db, &RegionCode::pusat(), as_of, &fp, &cal).await?;
            let needs: Vec<Need> =
                offices.iter().filter(|(_, _, d)| *d).map(|(_, f, _)| Need::from_forecast(f)).collect();
            Ok(Json(Plan::Allocation { as_of, plan: water_fill(n, &needs) }))
        }
        (None, Some(code)) => {
            let code = RegionCode::parse(code).map_err(|e| AppError::bad_request(e.to_string()))?;
            if code.level() != Level::Provinsi {
                return Err(AppError::bad_request(format!(
                    "{code} bukan provinsi; pinjaman diusulkan di dalam satu provinsi"
                )));
            }
            p.check_read(&code)?;
            let v = view(&s.store.db, &region(&s, &code).await?, as_of, &fp).await?;
            let needs: Vec<Need> =
                v.children.iter().filter_map(|c| c.forecast.as_ref()).map(Need::from_forecast).collect();
            Ok(Json(Plan::Loans { as_of, province: code, plan: balance_loans(&needs, MIN_LOAN) }))
        }
        _ => Err(AppError::bad_request(
            "isi salah satu: quantity=N (pembagian stok pusat) atau province=KODE (pinjaman antar kabupaten/kota)",
        )),
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_forecast)).routes(routes!(allocation_plan))
}
