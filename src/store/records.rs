//! Single-record writes (SPEC §6 POSTs). A record goes through exactly the checks and writes of an
//! upload of one row (`store::import`): the same validation, the same idempotency on its natural key
//! (re-sent: unchanged; different: conflict; a receipt added to a dispatch: updated), the same
//! ledger entries and negative-stock refusal, in one transaction with its audit row.

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde::Serialize;

use super::entities::shipments;
use super::import::{Tally, batch, move_balances, shortfalls};
use super::{StoreError, audit, sql::begin_write};
use crate::domain::auth::Principal;
use crate::domain::csv_import::{Columns, ErrorList, Row};
use crate::domain::item::Item;
use crate::domain::records::{Receipt, Shipment};
use crate::domain::region::RegionCode;

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Inserted,
    Updated,
    Unchanged,
}

fn item_of(code: &str) -> Result<Item, StoreError> {
    Item::parse(code).map_err(|e| StoreError::BadInput(e.to_string()))
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
    }
}

/// Writes one parsed record as `who`; `details` (the request as sent) goes into the audit log.
pub async fn write<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    who: &Principal,
    row: Row,
    details: &serde_json::Value,
) -> Result<Outcome, StoreError> {
    let subject = row.key_description();
    let kind_of = row.clone();
    let txn = begin_write(db).await?;
    let columns = Columns::new(0);
    let mut errors = ErrorList::default();
    let mut tally = Tally::default();
    batch::apply(&txn, who, None, &columns, vec![row], true, &mut errors, &mut tally).await?;
    // Dropping the transaction on an early return rolls it back.
    if let Some(e) = errors.errors.into_iter().next() {
        return Err(StoreError::Rejected(e));
    }
    if let Some(found) = shortfalls(&txn, &tally).await?.into_iter().next() {
        return Err(StoreError::Negative(found.shortfall));
    }
    move_balances(&txn, &tally).await?;
    let outcome = match (tally.inserted, tally.updated) {
        (0, 0) => Outcome::Unchanged,
        (0, _) => Outcome::Updated,
        _ => Outcome::Inserted,
    };
    if outcome != Outcome::Unchanged {
        audit::record(&txn, &who.name, action(&kind_of, outcome), &subject, details).await?;
    }
    txn.commit().await?;
    Ok(outcome)
}

/// The stored shipment as a domain value.
pub fn shipment_from_row(m: &shipments::Model) -> Result<Shipment, StoreError> {
    let receipt = match (m.received_on, m.received_quantity) {
        (Some(received_on), Some(received_quantity)) => {
            Some(Receipt { received_on, received_quantity, damaged_quantity: m.damaged_quantity.unwrap_or(0) })
        }
        _ => None,
    };
    Ok(Shipment {
        reference: m.reference.clone(),
        shipped_on: m.shipped_on,
        from: RegionCode::from_trusted(m.from_region.clone()),
        to: RegionCode::from_trusted(m.to_region.clone()),
        item: item_of(&m.item_code)?,
        quantity: m.quantity,
        receipt,
        note: m.note.clone(),
    })
}

async fn find_shipment<C: ConnectionTrait>(
    db: &C,
    reference: &str,
    from: Option<&RegionCode>,
    addressed_within: Option<&RegionCode>,
) -> Result<Vec<shipments::Model>, StoreError> {
    let mut q = shipments::Entity::find().filter(shipments::Column::Reference.eq(reference));
    if let Some(f) = from {
        q = q.filter(shipments::Column::FromRegion.eq(f.as_str()));
    }
    let rows = q.all(db).await?;
    Ok(match addressed_within {
        None => rows,
        Some(scope) => {
            rows.into_iter().filter(|m| scope.contains(&RegionCode::from_trusted(m.to_region.clone()))).collect()
        }
    })
}

/// Writes the receipt details onto a stored shipment (its ledger entries are the caller's job).
pub async fn set_receipt<C: ConnectionTrait>(db: &C, id: i64, r: &Receipt, actor: &str) -> Result<(), StoreError> {
    shipments::ActiveModel {
        id: Set(id),
        received_on: Set(Some(r.received_on)),
        received_quantity: Set(Some(r.received_quantity)),
        damaged_quantity: Set(Some(r.damaged_quantity)),
        received_by: Set(Some(actor.into())),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// The shipment a receipt confirms, among those addressed to `addressed_within` (the caller's
/// scope; `None` for the centre); `from` is needed only when two senders used the same reference.
pub async fn shipment_for_receipt<C: ConnectionTrait>(
    db: &C,
    reference: &str,
    from: Option<&RegionCode>,
    addressed_within: Option<&RegionCode>,
) -> Result<Shipment, StoreError> {
    let rows = find_shipment(db, reference, from, addressed_within).await?;
    match rows.len() {
        0 => Err(StoreError::NotFound(format!(
            "pengiriman {reference} ke wilayah Anda tidak ditemukan; periksa nomor referensi dan asalnya"
        ))),
        1 => shipment_from_row(&rows[0]),
        _ => Err(StoreError::BadInput(format!(
            "nomor referensi {reference} dipakai lebih dari satu pengirim; sebutkan asal (from)"
        ))),
    }
}
