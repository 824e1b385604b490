//! `GET /api/v1/regions` and `/api/v1/regions/{code}`: the hierarchy, read through `app::stock`;
//! any signed-in caller may read it (region names are public).

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::error::{ApiQuery, AppError};
use super::region_param;
use crate::app::stock;
use crate::domain::auth::Principal;
use crate::domain::region::{Region, RegionCode};

#[derive(Serialize, utoipa::ToSchema)]
pub struct RegionOut {
    pub code: String,
    pub name: String,
    /// pusat, provinsi, kabkota or kecamatan.
    pub level: String,
    pub parent: Option<String>,
}

impl From<Region> for RegionOut {
    fn from(r: Region) -> Self {
        Self {
            code: r.code.to_string(),
            name: r.name,
            level: r.level.as_str().into(),
            parent: r.parent.map(|p| p.to_string()),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RegionDetail {
    #[serde(flatten)]
    pub region: RegionOut,
    pub children: Vec<RegionOut>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Parent code; PUSAT (the default) lists the provinces.
    parent: Option<String>,
}

/// The children of a region (provinces by default).
#[utoipa::path(get, path = "/regions", params(ListParams), responses((status = 200, body = [RegionOut])))]
#[tracing::instrument(skip_all)]
async fn list(
    _: Principal,
    State(s): State<AppState>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<Vec<RegionOut>>, AppError> {
    let parent = region_param(p.parent.as_deref(), RegionCode::pusat())?;
    Ok(Json(stock::children(&s.store.db, &parent).await?.into_iter().map(Into::into).collect()))
}

/// One region with its direct children.
#[utoipa::path(get, path = "/regions/{code}", params(("code" = String, Path, description = "Kode wilayah, dengan atau tanpa titik")),
    responses((status = 200, body = RegionDetail), (status = 404, body = super::error::ErrorBody)))]
#[tracing::instrument(skip_all)]
async fn one(
    _: Principal,
    State(s): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<RegionDetail>, AppError> {
    let code = RegionCode::parse(&code).map_err(|e| AppError::bad_request(e.to_string()))?;
    let (region, children) = stock::region_with_children(&s.store.db, &code).await?;
    Ok(Json(RegionDetail { region: region.into(), children: children.into_iter().map(Into::into).collect() }))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(one))
}
