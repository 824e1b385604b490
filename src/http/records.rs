//! Single-record POSTs (SPEC §6): the same fields as the CSV columns, English names. Each handler
//! checks the caller's role and region, then sends the record through the very checks and writes of
//! an upload row (`csv_import::parse_fields`, `app::record::write`); 201 when something was
//! added, 200 when updated or already there. Dates and counts are kept as sent (`fields`) for the
//! cell parser to judge; a required one that is absent is an empty cell (422 `missing_value`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::error::{ApiJson, AppError};
use super::fields::{Count, DateText, HoursText, region_code};
use crate::app::import::UploadContext;
use crate::app::record::{self, Outcome};
use crate::config::today;
use crate::domain::auth::{Action, Denied, Principal};
use crate::domain::csv_import::{Kind, parse_fields};
use crate::domain::region::RegionCode;
use crate::store::records as store;

/// What a POST did.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Written {
    pub status: Outcome,
}

type Reply = Result<(StatusCode, Json<Written>), AppError>;

/// The role check of a record kept by an office; a malformed code is not checked here but answered
/// by the record's own checks (422 `unknown_region`), as in an upload.
fn check_office(p: &Principal, region: &str) -> Result<(), AppError> {
    match RegionCode::parse(region) {
        Ok(region) => Ok(p.check(Action::Record { region: &region })?),
        Err(_) => Ok(()),
    }
}

fn text<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// Validates `fields` as one row of `kind` and writes it as `p`.
async fn record(s: &AppState, p: &Principal, kind: Kind, fields: &[(&str, String)], body: serde_json::Value) -> Reply {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let places: Vec<&str> =
        fields.iter().filter(|(k, _)| matches!(*k, "from" | "to" | "region")).map(|(_, v)| v.as_str()).collect();
    let ctx = UploadContext::for_record(&s.store.db, p, today(), &places).await?;
    let row = parse_fields(kind, &pairs, ctx)?;
    let outcome = record::write(&s.store.db, p, row, &body).await?;
    let status = if outcome == Outcome::Inserted { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(Written { status: outcome })))
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct ProcurementIn {
    pub reference: String,
    #[serde(default)]
    #[schema(required = true)]
    pub date: DateText,
    pub item: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    pub quantity: Count,
    pub note: Option<String>,
}

/// Record a central procurement (pusat only).
#[utoipa::path(post, path = "/procurements", request_body = ProcurementIn, responses((status = 201, body = Written), (status = 200, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_procurement(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<ProcurementIn>) -> Reply {
    p.check(Action::Procure)?;
    let fields = [
        ("reference", b.reference.clone()),
        ("date", b.date.to_string()),
        ("item", text(b.item.as_ref())),
        ("quantity", b.quantity.to_string()),
        ("note", text(b.note.as_ref())),
    ];
    record(&s, &p, Kind::Procurements, &fields, serde_json::to_value(&b).unwrap_or_default()).await
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct AllocationIn {
    pub reference: String,
    #[serde(default)]
    #[schema(required = true)]
    pub date: DateText,
    #[schema(schema_with = region_code)]
    pub to: String,
    pub item: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    pub quantity: Count,
    pub note: Option<String>,
}

/// Record a central allocation (pusat only).
#[utoipa::path(post, path = "/allocations", request_body = AllocationIn, responses((status = 201, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_allocation(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<AllocationIn>) -> Reply {
    p.check(Action::Allocate)?;
    let fields = [
        ("reference", b.reference.clone()),
        ("date", b.date.to_string()),
        ("to", b.to.clone()),
        ("item", text(b.item.as_ref())),
        ("quantity", b.quantity.to_string()),
        ("note", text(b.note.as_ref())),
    ];
    record(&s, &p, Kind::Allocations, &fields, serde_json::to_value(&b).unwrap_or_default()).await
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct ShipmentIn {
    pub reference: String,
    #[serde(default)]
    #[schema(required = true)]
    pub shipped_on: DateText,
    #[schema(schema_with = region_code)]
    pub from: String,
    #[schema(schema_with = region_code)]
    pub to: String,
    pub item: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    pub quantity: Count,
    pub received_on: Option<DateText>,
    pub received_quantity: Option<Count>,
    pub damaged_quantity: Option<Count>,
    pub note: Option<String>,
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct ReceiptIn {
    /// The sender; needed only when two senders used the same reference.
    #[schema(schema_with = region_code)]
    pub from: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    pub received_on: DateText,
    #[serde(default)]
    #[schema(required = true)]
    pub received_quantity: Count,
    pub damaged_quantity: Option<Count>,
}

/// Record a shipment: a dispatch, or dispatch and receipt at once.
#[utoipa::path(post, path = "/shipments", request_body = ShipmentIn, responses((status = 201, body = Written), (status = 200, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_shipment(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<ShipmentIn>) -> Reply {
    if let (Ok(from), Ok(to)) = (RegionCode::parse(&b.from), RegionCode::parse(&b.to)) {
        p.check_shipment(&from, &to, b.received_on.is_some() || b.received_quantity.is_some())?;
    }
    let fields = [
        ("reference", b.reference.clone()),
        ("shipped_on", b.shipped_on.to_string()),
        ("from", b.from.clone()),
        ("to", b.to.clone()),
        ("item", text(b.item.as_ref())),
        ("quantity", b.quantity.to_string()),
        ("received_on", text(b.received_on.as_ref())),
        ("received_quantity", text(b.received_quantity.as_ref())),
        ("damaged_quantity", text(b.damaged_quantity.as_ref())),
        ("note", text(b.note.as_ref())),
    ];
    record(&s, &p, Kind::Shipments, &fields, serde_json::to_value(&b).unwrap_or_default()).await
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
    // Authorization before any lookup: the search sees only shipments addressed to the caller's
    // regions, so a 404 never tells whether a reference exists elsewhere.
    if !p.may_receive_anything() {
        return Err(Denied(format!("peran {} tidak boleh mencatat penerimaan", p.role.as_str())).into());
    }
    let from =
        b.from.as_deref().map(RegionCode::parse).transpose().map_err(|e| AppError::bad_request(e.to_string()))?;
    let shipment = store::shipment_for_receipt(&s.store.db, &reference, from.as_ref(), p.region.as_ref()).await?;
    p.check(Action::Receive { to: &shipment.to })?;
    let fields = [
        ("reference", shipment.reference.clone()),
        ("shipped_on", shipment.shipped_on.to_string()),
        ("from", shipment.from.to_string()),
        ("to", shipment.to.to_string()),
        ("item", shipment.item.as_str().to_string()),
        ("quantity", shipment.quantity.to_string()),
        ("received_on", b.received_on.to_string()),
        ("received_quantity", b.received_quantity.to_string()),
        ("damaged_quantity", text(b.damaged_quantity.as_ref())),
    ];
    record(&s, &p, Kind::Shipments, &fields, serde_json::to_value(&b).unwrap_or_default()).await
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct PrintIn {
    #[serde(default)]
    #[schema(required = true)]
    pub date: DateText,
    /// The printing office: kabupaten/kota or kecamatan.
    #[schema(schema_with = region_code)]
    pub region: String,
    pub item: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    pub printed: Count,
    pub spoiled: Option<Count>,
}

/// Record one day's prints of an office.
#[utoipa::path(post, path = "/prints", request_body = PrintIn, responses((status = 201, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_print(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<PrintIn>) -> Reply {
    check_office(&p, &b.region)?;
    let fields = [
        ("date", b.date.to_string()),
        ("region", b.region.clone()),
        ("item", text(b.item.as_ref())),
        ("printed", b.printed.to_string()),
        ("spoiled", text(b.spoiled.as_ref())),
    ];
    record(&s, &p, Kind::Prints, &fields, serde_json::to_value(&b).unwrap_or_default()).await
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct BacklogIn {
    #[serde(default)]
    #[schema(required = true)]
    pub date: DateText,
    /// A kecamatan.
    #[schema(schema_with = region_code)]
    pub region: String,
    #[serde(default)]
    #[schema(required = true)]
    pub prr: Count,
    pub recorded: Option<Count>,
    pub suket: Option<Count>,
}

/// Record the PRR backlog of a kecamatan.
#[utoipa::path(post, path = "/backlog", request_body = BacklogIn, responses((status = 201, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_backlog(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<BacklogIn>) -> Reply {
    check_office(&p, &b.region)?;
    let fields = [
        ("date", b.date.to_string()),
        ("region", b.region.clone()),
        ("prr", b.prr.to_string()),
        ("recorded", text(b.recorded.as_ref())),
        ("suket", text(b.suket.as_ref())),
    ];
    record(&s, &p, Kind::Backlog, &fields, serde_json::to_value(&b).unwrap_or_default()).await
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct StockCountIn {
    #[serde(default)]
    #[schema(required = true)]
    pub date: DateText,
    #[schema(schema_with = region_code)]
    pub region: String,
    pub item: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    pub counted: Count,
    pub note: Option<String>,
}

/// Record a physical count; the difference becomes an adjustment.
#[utoipa::path(post, path = "/stock-counts", request_body = StockCountIn, responses((status = 201, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_stock_count(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<StockCountIn>) -> Reply {
    check_office(&p, &b.region)?;
    let fields = [
        ("date", b.date.to_string()),
        ("region", b.region.clone()),
        ("item", text(b.item.as_ref())),
        ("counted", b.counted.to_string()),
        ("note", text(b.note.as_ref())),
    ];
    record(&s, &p, Kind::StockCounts, &fields, serde_json::to_value(&b).unwrap_or_default()).await
}

#[derive(Deserialize, Serialize, utoipa::ToSchema)]
pub struct OutageIn {
    #[serde(default)]
    #[schema(required = true)]
    pub date: DateText,
    #[schema(schema_with = region_code)]
    pub region: String,
    /// Hours lost, 0–24.
    #[serde(default)]
    #[schema(required = true)]
    pub hours: HoursText,
    pub cause: String,
}

/// Record hours an office could not print.
#[utoipa::path(post, path = "/outages", request_body = OutageIn, responses((status = 201, body = Written), (status = 409, body = super::error::ErrorBody), (status = 422, body = super::error::ErrorBody)))]
async fn post_outage(p: Principal, State(s): State<AppState>, ApiJson(b): ApiJson<OutageIn>) -> Reply {
    check_office(&p, &b.region)?;
    let fields = [
        ("date", b.date.to_string()),
        ("region", b.region.clone()),
        ("hours", b.hours.to_string()),
        ("cause", b.cause.clone()),
    ];
    record(&s, &p, Kind::Outages, &fields, serde_json::to_value(&b).unwrap_or_default()).await
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
