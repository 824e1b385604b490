//! Single-record POSTs (SPEC §6): the same fields as the CSV columns, English names. Each handler
//! hands the record's field values to `app::record`, which checks the caller's role once and sends
//! the record through the very checks and writes of an upload row; 201 when something was added,
//! 200 when updated or already there. Dates and counts are kept as sent (`fields`) for the cell
//! parser to judge; a required one that is absent is an empty cell (422 `missing_value`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::error::{ApiJson, AppError};
use crate::app::record::{self, Input, Outcome};
use crate::domain::auth::Principal;

mod bodies;

use bodies::Body;
pub use bodies::{
    AllocationIn, BacklogIn, ComplaintIn, OutageIn, PrintIn, ProcurementIn, ReceiptIn, ShipmentIn, StockCountIn,
};

/// What a POST did.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Written {
    pub status: Outcome,
}

type Reply = Result<(StatusCode, Json<Written>), AppError>;

/// The answer to a write: 201 when something was added, 200 otherwise.
fn reply(outcome: Result<Outcome, crate::app::error::Error>) -> Reply {
    let outcome = outcome?;
    let status = if outcome == Outcome::Inserted { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(Written { status: outcome })))
}

/// Writes the record of body `b` as `p`.
async fn post<B: Body>(s: &AppState, p: &Principal, b: &B) -> Reply {
    let details = serde_json::to_value(b).unwrap_or_default();
    reply(record::write(&s.store, p, Input { kind: B::KIND, values: b.cells(), details }).await)
}

/// Record a central procurement (pusat only).
#[utoipa::path(post, path = "/procurements", request_body = ProcurementIn, responses((status = 201, body = Written), (status = 200, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_procurement(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<ProcurementIn>) -> Reply {
    post(&s, &p, &b).await
}

/// Record a central allocation (pusat only).
#[utoipa::path(post, path = "/allocations", request_body = AllocationIn, responses((status = 201, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_allocation(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<AllocationIn>) -> Reply {
    post(&s, &p, &b).await
}

/// Record a shipment: a dispatch, or dispatch and receipt at once.
#[utoipa::path(post, path = "/shipments", request_body = ShipmentIn, responses((status = 201, body = Written), (status = 200, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_shipment(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<ShipmentIn>) -> Reply {
    post(&s, &p, &b).await
}

/// Confirm the receipt of a dispatched shipment.
#[utoipa::path(post, path = "/shipments/{reference}/receive", request_body = ReceiptIn,
    params(("reference" = String, Path, description = "no_referensi of the shipment")),
    responses((status = 200, body = Written), (status = 404, body = super::error::ErrorBody), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_receive(
    p: Principal,
    State(s): State<AppState>,
    Path(reference): Path<String>,
    ApiJson(b): ApiJson<ReceiptIn>,
) -> Reply {
    let details = serde_json::to_value(&b).unwrap_or_default();
    reply(record::receive(&s.store, &p, &reference, b.from.as_deref(), b.cells(), details).await)
}

/// Record one day's prints of an office.
#[utoipa::path(post, path = "/prints", request_body = PrintIn, responses((status = 201, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_print(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<PrintIn>) -> Reply {
    post(&s, &p, &b).await
}

/// Record the PRR backlog of a kecamatan.
#[utoipa::path(post, path = "/backlog", request_body = BacklogIn, responses((status = 201, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_backlog(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<BacklogIn>) -> Reply {
    post(&s, &p, &b).await
}

/// Record a physical count; the difference becomes an adjustment.
#[utoipa::path(post, path = "/stock-counts", request_body = StockCountIn, responses((status = 201, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_stock_count(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<StockCountIn>) -> Reply {
    post(&s, &p, &b).await
}

/// Record hours an office could not print.
#[utoipa::path(post, path = "/outages", request_body = OutageIn, responses((status = 201, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_outage(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<OutageIn>) -> Reply {
    post(&s, &p, &b).await
}

/// Record a resident's complaint, or add its follow-up or closing date to the stored one.
#[utoipa::path(post, path = "/complaints", request_body = ComplaintIn, responses((status = 201, body = Written), (status = 200, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_complaint(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<ComplaintIn>) -> Reply {
    post(&s, &p, &b).await
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(post_procurement))
        .routes(routes!(post_allocation))
        .routes(routes!(post_shipment))
        .routes(routes!(post_receive))
        .routes(routes!(post_print))
        .routes(routes!(post_backlog))
        .routes(routes!(post_stock_count))
        .routes(routes!(post_outage))
        .routes(routes!(post_complaint))
}
