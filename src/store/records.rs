//! Single-record writes (SPEC §6 POSTs): each is idempotent on its natural key, refuses a different
//! record under the same key, and books its ledger entries, balances and audit row in one transaction.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use serde::Serialize;

use super::entities::{allocations, backlog_snapshots, daily_prints, outages, procurements, shipments, stock_counts};
use super::{StoreError, audit, ledger, regions, sql::begin_write};
use crate::domain::item::Item;
use crate::domain::records::{
    Allocation, BacklogSnapshot, Compared, DailyPrint, Outage, Procurement, Receipt, Shipment, StockCount,
};
use crate::domain::region::RegionCode;

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Inserted,
    Updated,
    Unchanged,
}

/// Who writes, and from which upload.
#[derive(Debug, Clone, Copy)]
pub struct Author<'a> {
    pub actor: &'a str,
    pub upload_id: Option<i64>,
}

/// Fails with a clear message when a region is not in the database.
pub async fn require_region<C: ConnectionTrait>(db: &C, code: &RegionCode) -> Result<(), StoreError> {
    if regions::get(db, code).await?.is_some() {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!("wilayah {code} tidak dikenal; periksa kode Kemendagri-nya")))
    }
}

fn item_of(code: &str) -> Result<Item, StoreError> {
    Item::parse(code).map_err(|e| StoreError::BadInput(e.to_string()))
}

fn conflict(what: &str, key: &str) -> StoreError {
    StoreError::Conflict(format!(
        "{what} {key} sudah tercatat dengan isi berbeda; periksa datanya atau gunakan nomor referensi baru (data lama tidak diubah)"
    ))
}

async fn finish<T: Serialize>(
    txn: DatabaseTransaction,
    by: Author<'_>,
    action: &str,
    subject: &str,
    record: &T,
) -> Result<Outcome, StoreError> {
    audit::record(&txn, by.actor, action, subject, &serde_json::to_value(record).unwrap_or_default()).await?;
    txn.commit().await?;
    Ok(Outcome::Inserted)
}

/// Central procurement.
pub async fn procurement<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    by: Author<'_>,
    p: &Procurement,
) -> Result<Outcome, StoreError> {
    p.validate()?;
    let txn = begin_write(db).await?;
    if let Some(old) =
        procurements::Entity::find().filter(procurements::Column::Reference.eq(&p.reference)).one(&txn).await?
    {
        let same = old.procured_on == p.date && old.item_code == p.item.as_str() && old.quantity == p.quantity;
        return if same { Ok(Outcome::Unchanged) } else { Err(conflict("Pengadaan", &p.reference)) };
    }
    procurements::ActiveModel {
        reference: Set(p.reference.clone()),
        procured_on: Set(p.date),
        item_code: Set(p.item.as_str().into()),
        quantity: Set(p.quantity),
        note: Set(p.note.clone()),
        actor: Set(by.actor.into()),
        upload_id: Set(by.upload_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    ledger::post(&txn, &p.entries(), by.actor, by.upload_id).await?;
    finish(txn, by, "procurement.create", &p.reference, p).await
}

/// Central allocation: a commitment, no stock moves.
pub async fn allocation<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    by: Author<'_>,
    a: &Allocation,
) -> Result<Outcome, StoreError> {
    a.validate()?;
    require_region(db, &a.to).await?;
    let txn = begin_write(db).await?;
    if let Some(old) =
        allocations::Entity::find().filter(allocations::Column::Reference.eq(&a.reference)).one(&txn).await?
    {
        let same = old.allocated_on == a.date
            && old.to_region == a.to.as_str()
            && old.item_code == a.item.as_str()
            && old.quantity == a.quantity;
        return if same { Ok(Outcome::Unchanged) } else { Err(conflict("Alokasi", &a.reference)) };
    }
    allocations::ActiveModel {
        reference: Set(a.reference.clone()),
        allocated_on: Set(a.date),
        to_region: Set(a.to.to_string()),
        item_code: Set(a.item.as_str().into()),
        quantity: Set(a.quantity),
        note: Set(a.note.clone()),
        actor: Set(by.actor.into()),
        upload_id: Set(by.upload_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    finish(txn, by, "allocation.create", &a.reference, a).await
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
) -> Result<Vec<shipments::Model>, StoreError> {
    let mut q = shipments::Entity::find().filter(shipments::Column::Reference.eq(reference));
    if let Some(f) = from {
        q = q.filter(shipments::Column::FromRegion.eq(f.as_str()));
    }
    Ok(q.all(db).await?)
}

async fn store_receipt(
    txn: &DatabaseTransaction,
    by: Author<'_>,
    row: shipments::Model,
    s: &Shipment,
    r: &Receipt,
) -> Result<(), StoreError> {
    r.validate(s.quantity, s.shipped_on)?;
    ledger::post(txn, &r.entries(s), by.actor, by.upload_id).await?;
    set_receipt(txn, row.id, r, by.actor).await
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

/// A shipment: dispatch, dispatch and receipt at once, or receipt details added to an earlier dispatch.
pub async fn shipment<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    by: Author<'_>,
    s: &Shipment,
) -> Result<Outcome, StoreError> {
    s.validate()?;
    require_region(db, &s.from).await?;
    require_region(db, &s.to).await?;
    let txn = begin_write(db).await?;
    if let Some(old_row) = find_shipment(&txn, &s.reference, Some(&s.from)).await?.into_iter().next() {
        let old = shipment_from_row(&old_row)?;
        let compared = s.compare(&old);
        if compared == Compared::Same {
            return Ok(Outcome::Unchanged);
        }
        if let (Compared::AddsReceipt, Some(r)) = (compared, &s.receipt) {
            store_receipt(&txn, by, old_row, &old, r).await?;
            audit::record(
                &txn,
                by.actor,
                "shipment.receive",
                &s.reference,
                &serde_json::to_value(s).unwrap_or_default(),
            )
            .await?;
            txn.commit().await?;
            return Ok(Outcome::Updated);
        }
        return Err(conflict("Pengiriman", &format!("{} dari {}", s.reference, s.from)));
    }
    let row = shipments::ActiveModel {
        reference: Set(s.reference.clone()),
        from_region: Set(s.from.to_string()),
        to_region: Set(s.to.to_string()),
        item_code: Set(s.item.as_str().into()),
        quantity: Set(s.quantity),
        shipped_on: Set(s.shipped_on),
        note: Set(s.note.clone()),
        actor: Set(by.actor.into()),
        upload_id: Set(by.upload_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    ledger::post(&txn, &s.dispatch_entries(), by.actor, by.upload_id).await?;
    if let Some(r) = &s.receipt {
        store_receipt(&txn, by, row, s, r).await?;
    }
    finish(txn, by, "shipment.create", &s.reference, s).await
}

/// The shipment a receipt confirms; `from` is needed only when two senders used the same reference.
pub async fn shipment_for_receipt<C: ConnectionTrait>(
    db: &C,
    reference: &str,
    from: Option<&RegionCode>,
) -> Result<Shipment, StoreError> {
    let rows = find_shipment(db, reference, from).await?;
    match rows.len() {
        0 => Err(StoreError::NotFound(format!(
            "pengiriman {reference} tidak ditemukan; periksa nomor referensi dan asalnya"
        ))),
        1 => shipment_from_row(&rows[0]),
        _ => Err(StoreError::BadInput(format!(
            "nomor referensi {reference} dipakai lebih dari satu pengirim; sebutkan asal (from)"
        ))),
    }
}

/// Confirms the receipt of a dispatched shipment.
pub async fn receive<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    by: Author<'_>,
    shipment: &Shipment,
    r: &Receipt,
) -> Result<Outcome, StoreError> {
    let txn = begin_write(db).await?;
    let row = find_shipment(&txn, &shipment.reference, Some(&shipment.from))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::NotFound(format!("pengiriman {} tidak ditemukan", shipment.reference)))?;
    let current = shipment_from_row(&row)?;
    match current.receipt {
        Some(old) if old == *r => return Ok(Outcome::Unchanged),
        Some(_) => return Err(conflict("Penerimaan pengiriman", &shipment.reference)),
        None => {}
    }
    store_receipt(&txn, by, row, &current, r).await?;
    audit::record(
        &txn,
        by.actor,
        "shipment.receive",
        &shipment.reference,
        &serde_json::to_value(r).unwrap_or_default(),
    )
    .await?;
    txn.commit().await?;
    Ok(Outcome::Updated)
}

/// One office's prints of one day.
pub async fn print<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    by: Author<'_>,
    p: &DailyPrint,
) -> Result<Outcome, StoreError> {
    p.validate()?;
    require_region(db, &p.region).await?;
    let txn = begin_write(db).await?;
    let old = daily_prints::Entity::find()
        .filter(daily_prints::Column::PrintDate.eq(p.date))
        .filter(daily_prints::Column::RegionCode.eq(p.region.as_str()))
        .filter(daily_prints::Column::ItemCode.eq(p.item.as_str()))
        .one(&txn)
        .await?;
    if let Some(old) = old {
        let same = old.printed == p.printed && old.spoiled == p.spoiled;
        return if same {
            Ok(Outcome::Unchanged)
        } else {
            Err(conflict("Data cetak", &format!("{} {} {}", p.region, p.date, p.item)))
        };
    }
    daily_prints::ActiveModel {
        print_date: Set(p.date),
        region_code: Set(p.region.to_string()),
        item_code: Set(p.item.as_str().into()),
        printed: Set(p.printed),
        spoiled: Set(p.spoiled),
        actor: Set(by.actor.into()),
        upload_id: Set(by.upload_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    ledger::post(&txn, &p.entries(), by.actor, by.upload_id).await?;
    finish(txn, by, "print.create", &format!("{} {}", p.region, p.date), p).await
}

/// The PRR backlog of one kecamatan on one day.
pub async fn backlog<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    by: Author<'_>,
    b: &BacklogSnapshot,
) -> Result<Outcome, StoreError> {
    b.validate()?;
    require_region(db, &b.region).await?;
    let txn = begin_write(db).await?;
    let old = backlog_snapshots::Entity::find()
        .filter(backlog_snapshots::Column::SnapshotDate.eq(b.date))
        .filter(backlog_snapshots::Column::RegionCode.eq(b.region.as_str()))
        .one(&txn)
        .await?;
    if let Some(old) = old {
        let same = old.prr == b.prr && old.recorded == b.recorded && old.suket == b.suket;
        return if same {
            Ok(Outcome::Unchanged)
        } else {
            Err(conflict("Data PRR", &format!("{} {}", b.region, b.date)))
        };
    }
    backlog_snapshots::ActiveModel {
        snapshot_date: Set(b.date),
        region_code: Set(b.region.to_string()),
        prr: Set(b.prr),
        recorded: Set(b.recorded),
        suket: Set(b.suket),
        actor: Set(by.actor.into()),
        upload_id: Set(by.upload_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    finish(txn, by, "backlog.create", &format!("{} {}", b.region, b.date), b).await
}

/// Hours an office lost on one day.
pub async fn outage<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    by: Author<'_>,
    o: &Outage,
) -> Result<Outcome, StoreError> {
    o.validate()?;
    require_region(db, &o.region).await?;
    let txn = begin_write(db).await?;
    let old = outages::Entity::find()
        .filter(outages::Column::OutageDate.eq(o.date))
        .filter(outages::Column::RegionCode.eq(o.region.as_str()))
        .one(&txn)
        .await?;
    if let Some(old) = old {
        let same = (old.hours - o.hours).abs() < 1e-9 && old.cause == o.cause;
        return if same {
            Ok(Outcome::Unchanged)
        } else {
            Err(conflict("Data gangguan layanan", &format!("{} {}", o.region, o.date)))
        };
    }
    outages::ActiveModel {
        outage_date: Set(o.date),
        region_code: Set(o.region.to_string()),
        hours: Set(o.hours),
        cause: Set(o.cause.clone()),
        actor: Set(by.actor.into()),
        upload_id: Set(by.upload_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    finish(txn, by, "outage.create", &format!("{} {}", o.region, o.date), o).await
}

/// A stock count; the difference to the book at the end of that day becomes an adjustment.
pub async fn stock_count<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    by: Author<'_>,
    c: &StockCount,
) -> Result<Outcome, StoreError> {
    c.validate()?;
    require_region(db, &c.region).await?;
    let txn = begin_write(db).await?;
    let old = stock_counts::Entity::find()
        .filter(stock_counts::Column::CountDate.eq(c.date))
        .filter(stock_counts::Column::RegionCode.eq(c.region.as_str()))
        .filter(stock_counts::Column::ItemCode.eq(c.item.as_str()))
        .one(&txn)
        .await?;
    if let Some(old) = old {
        return if old.counted == c.counted {
            Ok(Outcome::Unchanged)
        } else {
            Err(conflict("Stock opname", &format!("{} {} {}", c.region, c.date, c.item)))
        };
    }
    let book = ledger::balance_at(&txn, &c.region, c.item, c.date).await?;
    stock_counts::ActiveModel {
        count_date: Set(c.date),
        region_code: Set(c.region.to_string()),
        item_code: Set(c.item.as_str().into()),
        counted: Set(c.counted),
        book: Set(book),
        note: Set(c.note.clone()),
        actor: Set(by.actor.into()),
        upload_id: Set(by.upload_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some(adj) = c.adjustment(book) {
        ledger::post(&txn, &[adj], by.actor, by.upload_id).await?;
    }
    finish(txn, by, "stock_count.create", &format!("{} {}", c.region, c.date), c).await
}
