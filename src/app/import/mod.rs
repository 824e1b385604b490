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
//!
//! The transaction starts in the store's write queue and, on PostgreSQL, holds the lock of every
//! holder and key of the file before its first read (`store::locks`); a second upload waits its
//! turn and says so (`Event::Waiting`) instead of failing after a timeout.

pub(crate) mod batch;
mod context;
pub(crate) mod tally;

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::{Arc, Mutex};

use sea_orm::ConnectionTrait;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::domain::auth::{Principal, Role};
use crate::domain::csv_import::{Columns, ErrorList, FileError, Importer, Kind};
use crate::store::locks::{LockSet, Wait, retrying};
use crate::store::{Store, StoreError, audit, uploads};
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

/// What an upload tells its caller while it runs.
#[derive(Debug, Clone, Copy)]
pub enum Event {
    /// Rows read so far.
    Progress(Progress),
    /// The upload waits for another write to finish before it starts (said once per reason).
    Waiting(Wait),
    /// A deadlock or serialization failure rolled the attempt back; the file is read again.
    Retrying,
}

/// The bytes of an upload, readable from the start as often as needed: a retried upload reads
/// its file again, and on PostgreSQL a first pass finds the holders to lock.
pub trait Source: Sync {
    fn open(&self) -> std::io::Result<Box<dyn Read + Send + '_>>;
}

impl Source for [u8] {
    fn open(&self) -> std::io::Result<Box<dyn Read + Send + '_>> {
        Ok(Box::new(self))
    }
}

/// A file on disk as an upload.
pub struct FileSource<'a>(pub &'a Path);

impl Source for FileSource<'_> {
    fn open(&self) -> std::io::Result<Box<dyn Read + Send + '_>> {
        Ok(Box::new(BufReader::with_capacity(256 * 1024, File::open(self.0)?)))
    }
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

impl crate::store::locks::Transient for ImportError {
    fn is_transient(&self) -> bool {
        matches!(self, ImportError::Store(e) if e.is_transient())
    }
}

/// Reads, checks and (unless `dry_run` or anything is wrong) writes one upload as `who`, in one
/// transaction; a deadlock or serialization failure on PostgreSQL runs it again from the start.
#[tracing::instrument(skip_all, fields(kind = kind.as_str(), who = %who.name, dry_run))]
pub async fn upload<S: Source + ?Sized>(
    store: &Store,
    who: &Principal,
    kind: Kind,
    source: &S,
    dry_run: bool,
    events: &(dyn Fn(Event) + Send + Sync),
) -> Result<UploadReport, ImportError> {
    let ctx = UploadContext::load(&store.db, who, crate::config::today()).await?;
    // On PostgreSQL every holder and key the file touches is locked before the first read; the
    // rows are known only once the file is read, so a first pass collects them.
    let locks =
        if store.is_sqlite() { LockSet::default() } else { off_the_runtime(|| lock_set(kind, source, ctx.clone()))? };
    let mut first = true;
    retrying(|| {
        if !std::mem::take(&mut first) {
            events(Event::Retrying);
        }
        upload_once(store, who, kind, source, ctx.clone(), &locks, dry_run, events)
    })
    .await
}

/// Runs CPU-bound work (a pass over a large file) without holding up the other requests of the
/// runtime's worker: on the multi-threaded runtime the worker's other tasks move elsewhere meanwhile.
fn off_the_runtime<T>(work: impl FnOnce() -> T) -> T {
    let multi = tokio::runtime::Handle::try_current()
        .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
    if multi { tokio::task::block_in_place(work) } else { work() }
}

/// The holders and keys of every valid row of the file.
fn lock_set<S: Source + ?Sized>(kind: Kind, source: &S, ctx: UploadContext) -> Result<LockSet, ImportError> {
    let mut importer = Importer::new(kind, source.open().map_err(FileError::from)?, ctx)?;
    let mut set = LockSet::default();
    loop {
        let batch = importer.next_batch(BATCH);
        if batch.is_empty() {
            break;
        }
        for row in &batch {
            set.add_row(row);
        }
    }
    Ok(set)
}

#[expect(clippy::too_many_arguments, reason = "one attempt of `upload`, with what it was given")]
async fn upload_once<S: Source + ?Sized>(
    store: &Store,
    who: &Principal,
    kind: Kind,
    source: &S,
    ctx: UploadContext,
    locks: &LockSet,
    dry_run: bool,
    events: &(dyn Fn(Event) + Send + Sync),
) -> Result<UploadReport, ImportError> {
    let hash = Arc::new(Mutex::new((Sha256::new(), 0u64)));
    let reader = source.open().map_err(FileError::from)?;
    let mut importer = Importer::new(kind, Tap { inner: reader, hash: hash.clone() }, ctx)?;
    let columns: Columns = importer.columns().clone();
    let wait = |w: Wait| {
        tracing::info!(who = %who.name, kind = kind.as_str(), "{w}");
        events(Event::Waiting(w));
    };
    let mut txn = store.writer().begin(&wait).await?;
    txn.lock(locks, &wait).await?;
    txn.widen_cache().await?;
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
        events(Event::Progress(Progress { rows, bytes: hash.lock().map_or(0, |h| h.1) }));
    }
    let summary = importer.finish()?;
    let mut errors = summary.errors.clone();
    if errors.is_empty() {
        check_balances(&txn, &mut tally, &columns, &mut errors).await?;
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
    audit::record(&*txn, &who.name, "upload.accept", kind.as_str(), &serde_json::to_value(&report).unwrap_or_default())
        .await?;
    txn.commit().await?;
    Ok(report)
}

/// Accepted uploads, newest first: the centre sees every upload, anyone else their own.
pub async fn history<C: ConnectionTrait>(db: &C, who: &Principal) -> Result<Vec<uploads::Upload>, StoreError> {
    let actor = (who.role != Role::Pusat).then_some(who.name.as_str());
    uploads::list(db, actor).await
}
