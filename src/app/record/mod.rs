//! Single-record writes (SPEC §6 POSTs). A record goes through exactly the checks and writes of an
//! upload of one row (`app::import`): the same validation, the same idempotency on its natural key
//! (re-sent: unchanged; different: conflict; a receipt added to a dispatch: updated), the same
//! ledger entries and negative-stock refusal, in one transaction with its audit row.

use sea_orm::{ConnectionTrait, TransactionTrait};
use serde::Serialize;

use super::import::batch;
use super::import::tally::{Tally, move_balances, shortfalls};
use crate::domain::auth::Principal;
use crate::domain::csv_import::{Columns, ErrorList, Row};
use crate::store::sql::begin_write;
use crate::store::{StoreError, audit};

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Inserted,
    Updated,
    Unchanged,
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
