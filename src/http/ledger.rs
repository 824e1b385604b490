//! `GET /api/v1/ledger`: the stock card of one office and item, with running balance. Parses the
//! query, calls `app::stock::card`, maps its lines to the response.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiQuery, AppError};
use super::stock::home;
use super::{AppState, date_param, region_param};
use crate::app::stock;
use crate::domain::auth::Principal;
use crate::domain::item::Item;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LedgerParams {
    /// The office (holder); default the caller's own region.
    region: Option<String>,
    /// blanko (default), ribbon or film.
    item: Option<String>,
    /// First date, YYYY-MM-DD (default: from the first entry).
    from: Option<String>,
    /// Last date, YYYY-MM-DD (default: today).
    to: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CardEntry {
    pub id: i64,
    pub date: NaiveDate,
    /// procurement, dispatch, receipt, damaged, print, spoilage or adjustment.
    pub kind: String,
    /// Indonesian label of the kind.
    pub label: String,
    pub quantity: i64,
    /// Balance after this entry.
    pub balance: i64,
    pub reference: String,
    pub actor: String,
    pub upload_id: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct StockCard {
    pub region: String,
    pub name: String,
    pub item: String,
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
    pub opening_balance: i64,
    pub closing_balance: i64,
    pub entries: Vec<CardEntry>,
}

/// The stock card (kartu stok).
#[utoipa::path(get, path = "/ledger", params(LedgerParams), responses((status = 200, body = StockCard), (status = 403, body = super::error::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %p.name))]
async fn stock_card(
    p: Principal,
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<LedgerParams>,
) -> Result<Json<StockCard>, AppError> {
    let region = region_param(q.region.as_deref(), home(&p))?;
    let item = Item::parse(q.item.as_deref().unwrap_or("")).map_err(|e| AppError::bad_request(e.to_string()))?;
    let to = date_param(q.to.as_deref(), "to")?;
    let from = q.from.as_deref().map(|f| date_param(Some(f), "from")).transpose()?;
    let card = stock::card(&s.store.db, &p, &region, item, from, to).await?;
    let entries = card
        .lines
        .into_iter()
        .map(|(l, balance)| CardEntry {
            id: l.id,
            date: l.date,
            kind: l.kind.as_str().into(),
            label: l.kind.label().into(),
            quantity: l.quantity,
            balance,
            reference: l.reference,
            actor: l.actor,
            upload_id: l.upload_id,
        })
        .collect();
    Ok(Json(StockCard {
        region: region.to_string(),
        name: card.region.name,
        item: item.as_str().into(),
        from,
        to,
        opening_balance: card.opening,
        closing_balance: card.closing,
        entries,
    }))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(stock_card))
}
