//! The upload use case (SPEC §5): one file, one transaction, all or nothing.
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
pub(crate) mod tally;

use std::io::Read;
use std::sync::{Arc, Mutex};

use sea_orm::{ConnectionTrait, TransactionTrait};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::domain::auth::{Principal, Role};
use crate::domain::csv_import::{Columns, ErrorList, FileError, Importer, Kind};
use crate::store::sql::begin_write;
use crate::store::{StoreError, audit, uploads};
pub use context::UploadContext;
use tally::{Tally, check_balances, move_balances};

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

/// Reads, checks and (unless `dry_run` or anything is wrong) writes one upload as `who`.
#[tracing::instrument(skip_all, fields(kind = kind.as_str(), who = %who.name, dry_run))]
pub async fn upload<C, R>(
    db: &C,
    who: &Principal,
    kind: Kind,
    reader: R,
    dry_run: bool,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<UploadReport, ImportError>
where
    C: TransactionTrait + ConnectionTrait,
    R: Read + Send,
{
    let ctx = UploadContext::load(db, who, crate::config::today()).await?;
    let hash = Arc::new(Mutex::new((Sha256::new(), 0u64)));
    let mut importer = Importer::new(kind, Tap { inner: reader, hash: hash.clone() }, ctx)?;
    let columns: Columns = importer.columns().clone();
    let txn = begin_write(db).await?;
    let upload_id = uploads::open(&txn, kind.as_str(), &who.name).await?;
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
    let totals = uploads::Totals {
        sha256: &report.sha256,
        rows: report.rows,
        inserted: report.inserted,
        updated: report.updated,
        unchanged: report.unchanged,
    };
    uploads::finish(&txn, upload_id, &totals).await?;
    audit::record(&txn, &who.name, "upload.accept", kind.as_str(), &serde_json::to_value(&report).unwrap_or_default())
        .await?;
    txn.commit().await?;
    Ok(report)
}

/// Accepted uploads, newest first: the centre sees every upload, anyone else their own.
pub async fn history<C: ConnectionTrait>(db: &C, who: &Principal) -> Result<Vec<uploads::Upload>, StoreError> {
    let actor = (who.role != Role::Pusat).then_some(who.name.as_str());
    uploads::list(db, actor).await
}
