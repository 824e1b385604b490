//! `GET /api/v1/stock`: the position of a region and of each child at a date. Parses the query,
//! calls `app::stock::position`, maps its rows to the response.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiQuery, AppError};
use super::{AppState, date_param, region_param};
use crate::app::stock;
use crate::domain::auth::Principal;
use crate::domain::item::Item;
use crate::domain::region::{Region, RegionCode};
use crate::domain::stock::StockRow;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StockParams {
    /// Region code (default: the caller's own region, or PUSAT).
    region: Option<String>,
    /// Date, YYYY-MM-DD (default: today).
    as_of: Option<String>,
    /// blanko, ribbon or film (default: all three).
    item: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct StockRowOut {
    pub region: String,
    pub name: String,
    pub level: String,
    pub item: String,
    /// Held by the region's office and every office below it at the end of `as_of`.
    pub on_hand: i64,
    /// Held by the region's own office.
    pub office_on_hand: i64,
    pub in_transit: i64,
    pub allocated_not_shipped: i64,
    pub backlog_prr: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct StockResponse {
    pub region: String,
    pub as_of: NaiveDate,
    /// The region itself first, then each child.
    pub rows: Vec<StockRowOut>,
}

/// The caller's default region: their own, or PUSAT for the centre.
pub fn home(p: &Principal) -> RegionCode {
    p.region.clone().unwrap_or_else(RegionCode::pusat)
}

/// Stock position at a date for a region and its children.
#[utoipa::path(get, path = "/stock", params(StockParams), responses((status = 200, body = StockResponse), (status = 403, body = super::error::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %p.name))]
async fn get_stock(
    p: Principal,
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<StockParams>,
) -> Result<Json<StockResponse>, AppError> {
    let region = region_param(q.region.as_deref(), home(&p))?;
    let as_of = date_param(q.as_of.as_deref(), "as_of")?;
    let item = q.item.as_deref().map(Item::parse).transpose().map_err(|e| AppError::bad_request(e.to_string()))?;
    let position = stock::position(&s.store.db, &p, &region, as_of, item).await?;
    let rows = position.rows.into_iter().map(|(r, row)| row_out(&r, &row)).collect();
    Ok(Json(StockResponse { region: region.to_string(), as_of, rows }))
}

fn row_out(r: &Region, row: &StockRow) -> StockRowOut {
    StockRowOut {
        region: r.code.to_string(),
        name: r.name.clone(),
        level: r.level.as_str().into(),
        item: row.item.as_str().into(),
        on_hand: row.on_hand,
        office_on_hand: row.office_on_hand,
        in_transit: row.in_transit,
        allocated_not_shipped: row.allocated_not_shipped,
        backlog_prr: row.backlog_prr,
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_stock))
}
