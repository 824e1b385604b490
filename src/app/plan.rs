//! The allocation-plan use case: water-filling of central stock across kabupaten/kota, or loans
//! between the kabupaten/kota of one province, both from the one forecast (`app::forecast`).

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};
use serde::Serialize;

use crate::app::forecast::{kabkota_forecasts, view};
use crate::domain::allocation::{AllocationPlan, LoanPlan, Need, balance_loans, water_fill};
use crate::domain::auth::{Denied, Principal, Role};
use crate::domain::forecast::ForecastParams;
use crate::domain::quantity::{Quantity, format_id};
use crate::domain::region::{Level, Region, RegionCode};
use crate::store;

/// Loans smaller than this are not worth a trip.
pub const MIN_LOAN: i64 = 100;

/// What `/allocation-plan` answers, told apart by `kind`.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Plan {
    /// Water-filling of central stock: the lowest cover rises first.
    Allocation { as_of: NaiveDate, plan: AllocationPlan },
    /// Loans inside a province so its kabupaten/kota run out together.
    Loans { as_of: NaiveDate, province: RegionCode, plan: LoanPlan },
}

/// Why no plan was made.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// Splitting central stock is for the pusat role only.
    #[error("rencana pembagian stok pusat hanya untuk peran pusat")]
    NotPusat,
    #[error("quantity harus bilangan bulat 0 sampai {}", format_id(Quantity::MAX))]
    BadQuantity,
    /// Neither or both of `quantity` and `province`, a malformed code or not a province.
    #[error("{0}")]
    BadRequest(String),
    #[error("wilayah {0} tidak dikenal")]
    UnknownRegion(RegionCode),
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What was asked: a split of `quantity` central cards, or loans inside `province`.
pub struct PlanRequest<'a> {
    pub quantity: Option<i64>,
    pub province: Option<&'a str>,
    pub as_of: NaiveDate,
}

/// Loans between the kabupaten/kota of `province` so they run out together.
pub async fn loans<C: ConnectionTrait>(
    db: &C,
    province: &Region,
    as_of: NaiveDate,
    params: &ForecastParams,
) -> Result<LoanPlan, DbErr> {
    let v = view(db, province, as_of, params).await?;
    let needs: Vec<Need> = v.children.iter().filter_map(|c| c.forecast.as_ref()).map(Need::from_forecast).collect();
    Ok(balance_loans(&needs, MIN_LOAN))
}

/// A suggested split of N central cards across kabupaten/kota, or loans inside a province.
pub async fn plan<C: ConnectionTrait>(
    db: &C,
    who: &Principal,
    params: &ForecastParams,
    req: &PlanRequest<'_>,
) -> Result<Plan, PlanError> {
    let as_of = req.as_of;
    match (req.quantity, req.province) {
        (Some(n), None) => {
            if who.role != Role::Pusat {
                return Err(PlanError::NotPusat);
            }
            if !(0..=Quantity::MAX).contains(&n) {
                return Err(PlanError::BadQuantity);
            }
            let cal = store::forecast::calendar(db).await?;
            let offices = kabkota_forecasts(db, &RegionCode::pusat(), as_of, params, &cal).await?;
            let needs: Vec<Need> =
                offices.iter().filter(|(_, _, d)| *d).map(|(_, f, _)| Need::from_forecast(f)).collect();
            Ok(Plan::Allocation { as_of, plan: water_fill(n, &needs) })
        }
        (None, Some(code)) => {
            let code = RegionCode::parse(code).map_err(|e| PlanError::BadRequest(e.to_string()))?;
            if code.level() != Level::Provinsi {
                return Err(PlanError::BadRequest(format!(
                    "{code} bukan provinsi; pinjaman diusulkan di dalam satu provinsi"
                )));
            }
            who.check_read(&code)?;
            let region = store::regions::get(db, &code).await?.ok_or_else(|| PlanError::UnknownRegion(code.clone()))?;
            Ok(Plan::Loans { as_of, province: code, plan: loans(db, &region, as_of, params).await? })
        }
        _ => Err(PlanError::BadRequest(
            "isi salah satu: quantity=N (pembagian stok pusat) atau province=KODE (pinjaman antar kabupaten/kota)"
                .into(),
        )),
    }
}
