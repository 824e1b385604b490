//! Uploads (SPEC §5): one file, one transaction, all or nothing.
//!
//! The pure importer (`domain::csv_import`) streams the file and hands out valid rows in batches;
//! here each batch is checked against what is stored (one query per batch: `conflict`, unchanged,
//! receipt added to a dispatch) and written with multi-row inserts. Once any error is known the
//! rest of the file is still read and checked, so every bad row is reported, but nothing more is
//! written, and the transaction is rolled back. After the last row, every holder the file touched
//! is checked day by day for a negative balance (`would_go_negative`), blaming the row that
//! tipped it. Memory holds one batch plus, per holder, the dates and lines of the rows that took
//! stock away.

pub(crate) mod batch;
mod context;

use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, Mutex};

use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseTransaction, Set, TransactionTrait};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::entities::uploads;
use super::sql::begin_write;
use super::{StoreError, audit, ledger};
use crate::domain::auth::Principal;
use crate::domain::csv_import::{Columns, ErrorList, Field, FileError, Importer, Kind, RowError, Shortfall};
use crate::domain::item::Item;
use crate::domain::ledger::{BalanceOverflow, first_negative};
use crate::domain::region::RegionCode;
pub use context::UploadContext;

/// Valid rows checked and written together.
const BATCH: usize = 5000;

/// What an accepted (or dry-run) upload did.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct UploadReport {
    /// `None` for a dry run.
    pub upload_id: Option<i64>,
    pub kind: String,
    pub sha256: String,
    pub dry_run: bool,
    /// Data rows in the file.
    pub rows: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Notes about the file that did not stop it (ignored columns).
    pub warnings: Vec<String>,
}

/// Why an upload was not written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("berkas ditolak: {} kesalahan", .0.total())]
    Rejected(ErrorList),
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for ImportError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Store(e.into())
    }
}

/// How far an import has come, for a progress bar.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    pub rows: u64,
    pub bytes: u64,
}

/// Passes bytes through, hashing and counting them.
struct Tap<R> {
    inner: R,
    hash: Arc<Mutex<(Sha256, u64)>>,
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut h) = self.hash.lock() {
            h.0.update(&buf[..n]);
            h.1 += n as u64;
        }
        Ok(n)
    }
}

/// Running totals of one upload.
#[derive(Default)]
pub(crate) struct Tally {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Per holder and item: the earliest date touched, the net change, and the rows that took stock.
    pub holders: HashMap<(RegionCode, Item), Holder>,
}

#[derive(Default)]
pub(crate) struct Holder {
    pub first: Option<NaiveDate>,
    pub net: i64,
    /// (date, line, cards taken, column that names the holder) of every row that took stock.
    pub takers: Vec<(NaiveDate, u64, i64, Field)>,
}

impl Tally {
    /// Notes an entry a row makes, for the balance check and the cached balance.
    pub fn touch(&mut self, region: &RegionCode, item: Item, date: NaiveDate, quantity: i64, line: u64, field: Field) {
        let h = self.holders.entry((region.clone(), item)).or_default();
        h.first = Some(h.first.map_or(date, |d| d.min(date)));
        h.net += quantity;
        if quantity < 0 {
            h.takers.push((date, line, -quantity, field));
        }
    }
}

/// Reads, checks and (unless `dry_run` or anything is wrong) writes one upload as `who`.
pub async fn import<C, R>(
    db: &C,
    who: &Principal,
    ctx: UploadContext,
    kind: Kind,
    reader: R,
    dry_run: bool,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<UploadReport, ImportError>
where
    C: TransactionTrait + ConnectionTrait,
    R: Read + Send,
{
    let hash = Arc::new(Mutex::new((Sha256::new(), 0u64)));
    let mut importer = Importer::new(kind, Tap { inner: reader, hash: hash.clone() }, ctx)?;
    let columns: Columns = importer.columns().clone();
    let txn = begin_write(db).await?;
    let upload_id = new_upload(&txn, who, kind).await?;
    let mut tally = Tally::default();
    let mut rows = 0u64;
    loop {
        let batch = importer.next_batch(BATCH);
        if batch.is_empty() {
            break;
        }
        rows += batch.len() as u64;
        let write = !importer.has_errors();
        batch::apply(&txn, who, Some(upload_id), &columns, batch, write, importer.errors_mut(), &mut tally).await?;
        progress(Progress { rows, bytes: hash.lock().map_or(0, |h| h.1) });
    }
    let summary = importer.finish()?;
    let mut errors = summary.errors.clone();
    if errors.is_empty() {
        check_balances(&txn, &tally, &columns, &mut errors).await?;
    }
    if !errors.is_empty() {
        txn.rollback().await?;
        return Err(ImportError::Rejected(errors));
    }
    let sha256 = hash.lock().map(|h| hex::encode(h.0.clone().finalize())).unwrap_or_default();
    let report = UploadReport {
        upload_id: (!dry_run).then_some(upload_id),
        kind: kind.as_str().into(),
        sha256,
        dry_run,
        rows: summary.data_rows,
        inserted: tally.inserted,
        updated: tally.updated,
        unchanged: tally.unchanged,
        warnings: summary.warnings(),
    };
    if dry_run {
        txn.rollback().await?;
        return Ok(report);
    }
    move_balances(&txn, &tally).await?;
    finish_upload(&txn, upload_id, &report).await?;
    audit::record(&txn, &who.name, "upload.accept", kind.as_str(), &serde_json::to_value(&report).unwrap_or_default())
        .await?;
    txn.commit().await?;
    Ok(report)
}

async fn new_upload(txn: &DatabaseTransaction, who: &Principal, kind: Kind) -> Result<i64, StoreError> {
    let row = uploads::ActiveModel {
        kind: Set(kind.as_str().into()),
        actor: Set(who.name.clone()),
        sha256: Set(String::new()),
        rows: Set(0),
        inserted: Set(0),
        updated: Set(0),
        unchanged: Set(0),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(row.id)
}

async fn finish_upload(txn: &DatabaseTransaction, id: i64, r: &UploadReport) -> Result<(), StoreError> {
    uploads::ActiveModel {
        id: Set(id),
        sha256: Set(r.sha256.clone()),
        rows: Set(r.rows as i64),
        inserted: Set(r.inserted as i64),
        updated: Set(r.updated as i64),
        unchanged: Set(r.unchanged as i64),
        ..Default::default()
    }
    .update(txn)
    .await?;
    Ok(())
}

/// A day a holder would close below zero, and the row blamed for it.
pub(crate) struct Found {
    pub line: u64,
    /// The column naming the holder in that row.
    pub field: Field,
    /// What the row took that day.
    pub taken: i64,
    pub shortfall: crate::domain::ledger::Shortfall,
}

/// Every holder the rows touched, day by day from its earliest new entry: the first negative
/// closing balance is blamed on the last row that took stock on or before that day.
pub(crate) async fn shortfalls(txn: &DatabaseTransaction, tally: &Tally) -> Result<Vec<Found>, StoreError> {
    let mut holders: Vec<_> = tally.holders.iter().filter(|(_, h)| !h.takers.is_empty()).collect();
    holders.sort_by(|a, b| a.0.cmp(b.0));
    let mut found = Vec::new();
    for ((region, item), h) in holders {
        let Some(first) = h.first else { continue };
        ledger::lock_balance(txn, region, *item).await?;
        let opening = ledger::balance_before(txn, region, *item, first).await?;
        let days = ledger::daily_changes_from(txn, region, *item, first).await?;
        let overflow =
            |date| StoreError::BadInput(BalanceOverflow { region: region.clone(), item: *item, date }.to_string());
        if let Some((date, balance)) = first_negative(opening, &days).map_err(overflow)? {
            let (_, line, taken, field) = h
                .takers
                .iter()
                .filter(|t| t.0 <= date)
                .max_by_key(|t| (t.0, t.1))
                .copied()
                .unwrap_or((date, 0, 0, Field::Region));
            let shortfall = crate::domain::ledger::Shortfall {
                region: region.clone(),
                item: *item,
                date,
                balance: balance.saturating_add(taken),
                change: -taken,
                would_be: balance,
            };
            found.push(Found { line, field, taken, shortfall });
        }
    }
    Ok(found)
}

async fn check_balances(
    txn: &DatabaseTransaction,
    tally: &Tally,
    columns: &Columns,
    errors: &mut ErrorList,
) -> Result<(), StoreError> {
    for f in shortfalls(txn, tally).await? {
        let s = &f.shortfall;
        let words =
            Shortfall { region: s.region.clone(), item: s.item, date: s.date, on_hand: s.balance, taken: f.taken };
        errors.push(RowError::would_go_negative(f.line, columns.name(f.field), s.region.as_str(), &words));
    }
    Ok(())
}

pub(crate) async fn move_balances(txn: &DatabaseTransaction, tally: &Tally) -> Result<(), StoreError> {
    let mut holders: Vec<_> = tally.holders.iter().collect();
    holders.sort_by(|a, b| a.0.cmp(b.0));
    for ((region, item), h) in holders {
        ledger::add_to_balance(txn, region, *item, h.net).await?;
    }
    Ok(())
}
