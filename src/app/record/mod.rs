//! Single-record writes (SPEC §6 POSTs). A record goes through exactly the checks and writes of an
//! upload of one row (`app::import`): the same validation, the same idempotency on its natural key
//! (re-sent: unchanged; different: conflict; a receipt added to a dispatch: updated), the same
//! ledger entries and negative-stock refusal, in one transaction with its audit row. The caller's
//! role is checked once, here (`rights::authorize`), before the fields are validated.

mod rights;

use serde::Serialize;

use super::error::Error;
use super::import::UploadContext;
use super::import::batch;
use super::import::tally::{Tally, move_balances, shortfalls};
use crate::config::today;
use crate::domain::auth::{Denied, Principal};
use crate::domain::csv_import::{ErrorList, Field, Kind, Row, parse_record, record_columns};
use crate::domain::region::RegionCode;
use crate::store::locks::{LockSet, Wait, retrying};
use crate::store::records::shipment_for_receipt;
use crate::store::{Store, StoreError, audit};

/// One record as sent: its kind, its fields' values (as a cell would hold them, empty when
/// absent) and the request as sent, for the audit log.
pub struct Input {
    pub kind: Kind,
    pub values: Vec<(Field, String)>,
    pub details: serde_json::Value,
}

/// Checks the caller's rights, validates the record like an upload row and writes it.
pub async fn write(store: &Store, who: &Principal, input: Input) -> Result<Outcome, Error> {
    let grant = rights::authorize(who, input.kind, &input.values)?;
    let places: Vec<&str> =
        input.values.iter().filter(|(f, _)| rights::is_place(*f)).map(|(_, v)| v.as_str()).collect();
    let ctx = UploadContext::for_record(&store.db, who, today(), &places).await?;
    let mut row = parse_record(input.kind, &input.values, &ctx).map_err(Error::Invalid)?;
    row.set_grant(grant);
    Ok(write_row(store, who, row, &input.details).await?)
}

/// Confirms the receipt of the shipment `reference` addressed to one of the caller's regions.
/// A role that confirms nothing is refused before any lookup, and the lookup sees only shipments
/// addressed to the caller's regions, so a 404 never tells whether a reference exists elsewhere.
pub async fn receive(
    store: &Store,
    who: &Principal,
    reference: &str,
    from: Option<&str>,
    receipt: Vec<(Field, String)>,
    details: serde_json::Value,
) -> Result<Outcome, Error> {
    if !who.may_receive_anything() {
        return Err(Denied(format!("peran {} tidak boleh mencatat penerimaan", who.role.as_str())).into());
    }
    let from = from.map(RegionCode::parse).transpose().map_err(|e| StoreError::BadInput(e.to_string()))?;
    let s = shipment_for_receipt(&store.db, reference, from.as_ref(), who.region.as_ref()).await?;
    let mut values = vec![
        (Field::Reference, s.reference.clone()),
        (Field::ShippedOn, s.shipped_on.to_string()),
        (Field::From, s.from.to_string()),
        (Field::To, s.to.to_string()),
        (Field::Item, s.item.as_str().to_string()),
        (Field::Quantity, s.quantity.to_string()),
    ];
    values.extend(receipt);
    write(store, who, Input { kind: Kind::Shipments, values, details }).await
}

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Inserted,
    Updated,
    Unchanged,
}

fn kind(row: &Row) -> Kind {
    match row {
        Row::Shipment(_) => Kind::Shipments,
        Row::Allocation(_) => Kind::Allocations,
        Row::Procurement(_) => Kind::Procurements,
        Row::Print(_) => Kind::Prints,
        Row::Backlog(_) => Kind::Backlog,
        Row::StockCount(_) => Kind::StockCounts,
        Row::Outage(_) => Kind::Outages,
        Row::Complaint(_) => Kind::Complaints,
    }
}

/// The audit action of a row kind (`print.create`, `shipment.receive`, …).
fn action(row: &Row, outcome: Outcome) -> &'static str {
    match (row, outcome) {
        (Row::Shipment(_), Outcome::Updated) => "shipment.receive",
        (Row::Shipment(_), _) => "shipment.create",
        (Row::Allocation(_), _) => "allocation.create",
        (Row::Procurement(_), _) => "procurement.create",
        (Row::Print(_), _) => "print.create",
        (Row::Backlog(_), _) => "backlog.create",
        (Row::StockCount(_), _) => "stock_count.create",
        (Row::Outage(_), _) => "outage.create",
        (Row::Complaint(_), Outcome::Updated) => "complaint.follow_up",
        (Row::Complaint(_), _) => "complaint.create",
    }
}

/// Writes one record already authorized and validated as `who` (the tail of `write`; tests drive
/// it with generated rows); `details` (the request as sent) goes into the audit log. A deadlock or
/// serialization failure on PostgreSQL runs the whole transaction again (`locks::retrying`).
pub async fn write_row(
    store: &Store,
    who: &Principal,
    row: Row,
    details: &serde_json::Value,
) -> Result<Outcome, StoreError> {
    retrying(|| write_once(store, who, row.clone(), details)).await
}

async fn write_once(
    store: &Store,
    who: &Principal,
    row: Row,
    details: &serde_json::Value,
) -> Result<Outcome, StoreError> {
    let subject = row.key_description();
    let kind_of = row.clone();
    let wait = |w: Wait| tracing::debug!(who = %who.name, record = %subject, "{w}");
    let txn = store.writer().begin(&wait).await?;
    // Every holder and key the record touches, locked before the first read: the stored record,
    // the book a stock count adjusts and the timelines checked below are read under the lock.
    txn.lock(&LockSet::of_rows([&row]), &wait).await?;
    let columns = record_columns(kind(&row));
    let mut errors = ErrorList::default();
    let mut tally = Tally::default();
    batch::apply(&txn, who, None, &columns, vec![row], true, &mut errors, &mut tally).await?;
    // Dropping the transaction on an early return rolls it back.
    if let Some(e) = errors.errors.into_iter().next() {
        return Err(StoreError::Rejected(e));
    }
    if let Some(found) = shortfalls(&txn, &mut tally).await?.into_iter().next() {
        return Err(StoreError::Negative(found.shortfall));
    }
    move_balances(&txn, &tally).await?;
    let outcome = match (tally.inserted, tally.updated) {
        (0, 0) => Outcome::Unchanged,
        (0, _) => Outcome::Updated,
        _ => Outcome::Inserted,
    };
    if outcome != Outcome::Unchanged {
        audit::record(&*txn, &who.name, action(&kind_of, outcome), &subject, details).await?;
    }
    txn.commit().await?;
    Ok(outcome)
}
