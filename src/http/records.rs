//! Single-record POSTs (SPEC §6): the same fields as the CSV columns, English names.
//! Each handler parses the body into a domain record, checks the caller's role and region, and
//! hands it to the store; 201 when something was added, 200 when updated or already there.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::error::{ApiJson, AppError};
use crate::config::today;
use crate::domain::auth::{Action, Principal};
use crate::domain::item::Item;
use crate::domain::records::{
    Allocation, BacklogSnapshot, DailyPrint, Outage, Procurement, Receipt, Shipment, StockCount,
};
use crate::domain::region::RegionCode;
use crate::store::records::{self as store, Author, Outcome};

/// What a POST did.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Written {
    pub status: Outcome,
}

type Reply = Result<(StatusCode, Json<Written>), AppError>;

fn reply(outcome: Outcome) -> (StatusCode, Json<Written>) {
    let code = if outcome == Outcome::Inserted { StatusCode::CREATED } else { StatusCode::OK };
    (code, Json(Written { status: outcome }))
}

fn code(field: &str, text: &str) -> Result<RegionCode, AppError> {
    RegionCode::parse(text).map_err(|e| AppError::validation("unknown_region", format!("{field}: {e}")))
}

fn item(text: Option<&str>) -> Result<Item, AppError> {
    Item::parse(text.unwrap_or("")).map_err(|e| AppError::validation("unknown_item", e.to_string()))
}

fn not_future(field: &str, d: NaiveDate) -> Result<NaiveDate, AppError> {
    if d > today() {
        Err(AppError::validation(
            "future_date",
            format!("{field} {d} masih di masa depan; catat data setelah kejadiannya"),
        ))
    } else {
        Ok(d)
    }
}

fn author(p: &Principal) -> Author<'_> {
    Author { actor: &p.name, upload_id: None }
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ProcurementIn {
    pub reference: String,
    pub date: NaiveDate,
    pub item: Option<String>,
    pub quantity: i64,
    pub note: Option<String>,
}

/// Record a central procurement (pusat only).
#[utoipa::path(post, path = "/procurements", request_body = ProcurementIn, responses((status = 201, body = Written), (status = 200, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_procurement(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<ProcurementIn>) -> Reply {
    p.check(Action::Procure)?;
    let rec = Procurement {
        reference: b.reference,
        date: not_future("date", b.date)?,
        item: item(b.item.as_deref())?,
        quantity: b.quantity,
        note: b.note,
    };
    Ok(reply(store::procurement(&s.store.db, author(&p), &rec).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct AllocationIn {
    pub reference: String,
    pub date: NaiveDate,
    pub to: String,
    pub item: Option<String>,
    pub quantity: i64,
    pub note: Option<String>,
}

/// Record a central allocation (pusat only).
#[utoipa::path(post, path = "/allocations", request_body = AllocationIn, responses((status = 201, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_allocation(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<AllocationIn>) -> Reply {
    p.check(Action::Allocate)?;
    let rec = Allocation {
        reference: b.reference,
        date: b.date,
        to: code("to", &b.to)?,
        item: item(b.item.as_deref())?,
        quantity: b.quantity,
        note: b.note,
    };
    Ok(reply(store::allocation(&s.store.db, author(&p), &rec).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ShipmentIn {
    pub reference: String,
    pub shipped_on: NaiveDate,
    pub from: String,
    pub to: String,
    pub item: Option<String>,
    pub quantity: i64,
    pub received_on: Option<NaiveDate>,
    pub received_quantity: Option<i64>,
    pub damaged_quantity: Option<i64>,
    pub note: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ReceiptIn {
    /// The sender; needed only when two senders used the same reference.
    pub from: Option<String>,
    pub received_on: NaiveDate,
    pub received_quantity: i64,
    pub damaged_quantity: Option<i64>,
}

fn receipt(on: Option<NaiveDate>, received: Option<i64>, damaged: Option<i64>) -> Result<Option<Receipt>, AppError> {
    match (on, received) {
        (None, None) if damaged.is_none() => Ok(None),
        (Some(d), Some(q)) => Ok(Some(Receipt {
            received_on: not_future("received_on", d)?,
            received_quantity: q,
            damaged_quantity: damaged.unwrap_or(0),
        })),
        _ => Err(AppError::validation(
            "missing_value",
            "untuk mencatat penerimaan isi received_on dan received_quantity bersama-sama",
        )),
    }
}

/// Record a shipment: a dispatch, or dispatch and receipt at once.
#[utoipa::path(post, path = "/shipments", request_body = ShipmentIn, responses((status = 201, body = Written), (status = 200, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_shipment(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<ShipmentIn>) -> Reply {
    let (from, to) = (code("from", &b.from)?, code("to", &b.to)?);
    p.check(Action::Ship { from: &from, to: &to })?;
    let rec = Shipment {
        reference: b.reference,
        shipped_on: not_future("shipped_on", b.shipped_on)?,
        from,
        to,
        item: item(b.item.as_deref())?,
        quantity: b.quantity,
        receipt: receipt(b.received_on, b.received_quantity, b.damaged_quantity)?,
        note: b.note,
    };
    if rec.receipt.is_some() {
        p.check(Action::Receive { to: &rec.to })?;
    }
    Ok(reply(store::shipment(&s.store.db, author(&p), &rec).await?))
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
    let from = b.from.as_deref().map(|f| code("from", f)).transpose()?;
    let shipment = store::shipment_for_receipt(&s.store.db, &reference, from.as_ref()).await?;
    p.check(Action::Receive { to: &shipment.to })?;
    let r = receipt(Some(b.received_on), Some(b.received_quantity), b.damaged_quantity)?.expect("both fields given");
    Ok(reply(store::receive(&s.store.db, author(&p), &shipment, &r).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PrintIn {
    pub date: NaiveDate,
    /// The printing office: kabupaten/kota or kecamatan.
    pub region: String,
    pub item: Option<String>,
    pub printed: i64,
    pub spoiled: Option<i64>,
}

/// Record one day's prints of an office.
#[utoipa::path(post, path = "/prints", request_body = PrintIn, responses((status = 201, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_print(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<PrintIn>) -> Reply {
    let region = code("region", &b.region)?;
    p.check(Action::Record { region: &region })?;
    let rec = DailyPrint {
        date: not_future("date", b.date)?,
        region,
        item: item(b.item.as_deref())?,
        printed: b.printed,
        spoiled: b.spoiled.unwrap_or(0),
    };
    Ok(reply(store::print(&s.store.db, author(&p), &rec).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct BacklogIn {
    pub date: NaiveDate,
    /// A kecamatan.
    pub region: String,
    pub prr: i64,
    pub recorded: Option<i64>,
    pub suket: Option<i64>,
}

/// Record the PRR backlog of a kecamatan.
#[utoipa::path(post, path = "/backlog", request_body = BacklogIn, responses((status = 201, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_backlog(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<BacklogIn>) -> Reply {
    let region = code("region", &b.region)?;
    p.check(Action::Record { region: &region })?;
    let rec =
        BacklogSnapshot { date: not_future("date", b.date)?, region, prr: b.prr, recorded: b.recorded, suket: b.suket };
    Ok(reply(store::backlog(&s.store.db, author(&p), &rec).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct StockCountIn {
    pub date: NaiveDate,
    pub region: String,
    pub item: Option<String>,
    pub counted: i64,
    pub note: Option<String>,
}

/// Record a physical count; the difference becomes an adjustment.
#[utoipa::path(post, path = "/stock-counts", request_body = StockCountIn, responses((status = 201, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_stock_count(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<StockCountIn>) -> Reply {
    let region = code("region", &b.region)?;
    p.check(Action::Record { region: &region })?;
    let rec = StockCount {
        date: not_future("date", b.date)?,
        region,
        item: item(b.item.as_deref())?,
        counted: b.counted,
        note: b.note,
    };
    Ok(reply(store::stock_count(&s.store.db, author(&p), &rec).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct OutageIn {
    pub date: NaiveDate,
    pub region: String,
    /// Hours lost, 0–24.
    pub hours: f64,
    pub cause: String,
}

/// Record hours an office could not print.
#[utoipa::path(post, path = "/outages", request_body = OutageIn, responses((status = 201, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_outage(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<OutageIn>) -> Reply {
    let region = code("region", &b.region)?;
    p.check(Action::Record { region: &region })?;
    let rec = Outage { date: not_future("date", b.date)?, region, hours: b.hours, cause: b.cause };
    Ok(reply(store::outage(&s.store.db, author(&p), &rec).await?))
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
}
