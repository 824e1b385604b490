//! The one way a write transaction starts and the locks it holds, so writers cannot deadlock, never
//! read a book another writer is changing, and never keep readers waiting.
//!
//! - **Queue in the process.** A write first takes a permit of the store's write gate (one on
//!   SQLite, the size of the writer pool on PostgreSQL), so waiting writers hold no connection and
//!   no database lock; readers use a pool of their own.
//! - **SQLite**: the permit holder takes the database's write lock with its first statement. Another
//!   process holding it (`blanko import` beside `blanko serve`) is waited for, in steps, however long
//!   it takes, and the wait is announced.
//! - **PostgreSQL**: before its first read a write takes a transaction-scoped advisory lock for every
//!   holder (region, item) and every natural key it touches, in one global order (ascending lock
//!   number). Two writers touching a common holder run one after the other, and since every writer
//!   climbs the same order, none waits for a lock held by a writer that waits for it.
//! - A serialization failure or deadlock reported by PostgreSQL (SQLSTATE 40001, 40P01) retries
//!   the whole transaction a bounded number of times ([`retrying`]).

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr, RuntimeErr, TransactionTrait,
};
use sha2::{Digest, Sha256};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::StoreError;
use crate::domain::csv_import::Row;
use crate::domain::item::Item;
use crate::domain::region::RegionCode;

/// Lock numbers are buckets: a national upload touching every holder takes at most this many
/// locks (PostgreSQL's shared lock table holds some 6,400), and two unrelated writes share a bucket
/// rarely (then one waits for the other, which is all a shared bucket costs).
const BUCKETS: u32 = 1024;

/// First key of blanko's two-key advisory locks ("bk" in ASCII); the migration lock uses the
/// one-key form, a separate space.
const LOCK_CLASS: i32 = 0x626b;

/// Why a write waits before it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Another write of this process is running.
    Queue,
    /// Another process holds the SQLite database's write lock.
    Database,
    /// Another writer (possibly another instance) is changing a holder this write touches.
    Holders,
}

impl std::fmt::Display for Wait {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Wait::Queue => "menunggu giliran: penulisan lain di server ini sedang berjalan",
            Wait::Database => "menunggu giliran: basis data sedang ditulis oleh proses lain",
            Wait::Holders => "menunggu giliran: stok yang sama sedang ditulis oleh penulisan lain",
        })
    }
}

/// Writes of one process go through this: a gate in front of the writer pool.
#[derive(Clone, Debug)]
pub struct Writer {
    pub(super) db: DatabaseConnection,
    gate: Arc<Semaphore>,
}

impl Writer {
    pub(super) fn new(db: DatabaseConnection, permits: usize) -> Self {
        Self { db, gate: Arc::new(Semaphore::new(permits)) }
    }

    /// Begins a write transaction after this process's earlier writers, holding the database's
    /// write lock on SQLite from the start. `wait` hears each reason it waits, once.
    pub async fn begin(&self, wait: &(dyn Fn(Wait) + Send + Sync)) -> Result<WriteTxn, DbErr> {
        let permit = if let Ok(p) = self.gate.clone().try_acquire_owned() {
            p
        } else {
            wait(Wait::Queue);
            self.gate.clone().acquire_owned().await.map_err(|e| DbErr::Custom(e.to_string()))?
        };
        let txn = if self.db.get_database_backend() == DatabaseBackend::Sqlite {
            self.sqlite_write_lock(wait).await?
        } else {
            self.db.begin().await?
        };
        Ok(WriteTxn { txn, _permit: permit, widened: false })
    }

    /// A write that must not wait (bookkeeping such as a token's last use): `None` while
    /// another write of this process runs.
    pub fn try_now(&self) -> Option<(OwnedSemaphorePermit, &DatabaseConnection)> {
        self.gate.clone().try_acquire_owned().ok().map(|p| (p, &self.db))
    }

    /// A transaction that holds SQLite's write lock: a no-op write takes it (a deferred
    /// transaction that reads first cannot always become a writer later). Busy means another
    /// process writes: try again until it is done.
    async fn sqlite_write_lock(&self, wait: &(dyn Fn(Wait) + Send + Sync)) -> Result<DatabaseTransaction, DbErr> {
        let mut announced = false;
        loop {
            let txn = self.db.begin().await?;
            match txn.execute_unprepared("UPDATE items SET code = code WHERE 1 = 0").await {
                Ok(_) => return Ok(txn),
                Err(e) if is_sqlite_busy(&e) => {
                    drop(txn);
                    if !announced {
                        wait(Wait::Database);
                        announced = true;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

/// A write transaction and its place in the write queue, given up when it ends.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _permit: OwnedSemaphorePermit,
    /// The SQLite page cache was widened for this transaction ([`WriteTxn::widen_cache`]).
    widened: bool,
}

impl std::ops::Deref for WriteTxn {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

impl WriteTxn {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.narrow_cache().await?;
        self.txn.commit().await
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        self.narrow_cache().await?;
        self.txn.rollback().await
    }

    /// On SQLite, gives the writer connection a page cache that holds a large upload's pages
    /// until its commit ([`super::SQLITE_UPLOAD_CACHE_KB`]). With the everyday cache, a
    /// million-row upload spilled its dirty pages to the WAL and read them back: 84 s instead of
    /// 33 (`benches/import_vs_sqlite3.sh`). The cache is narrowed again when the transaction
    /// ends, so a server gives the memory back after the upload.
    pub async fn widen_cache(&mut self) -> Result<(), DbErr> {
        if self.txn.get_database_backend() == DatabaseBackend::Sqlite {
            let kb = super::SQLITE_UPLOAD_CACHE_KB;
            self.txn.execute_unprepared(&format!("PRAGMA cache_size = -{kb}")).await?;
            self.widened = true;
        }
        Ok(())
    }

    /// Back to the everyday cache, just before the commit or rollback: the commit writes the dirty
    /// pages out as it would anyway, and then SQLite frees those beyond the everyday size.
    async fn narrow_cache(&self) -> Result<(), DbErr> {
        if self.widened {
            let kb = super::SQLITE_CACHE_KB;
            self.txn.execute_unprepared(&format!("PRAGMA cache_size = -{kb}")).await?;
        }
        Ok(())
    }

    /// Takes the locks of `set` in ascending order (PostgreSQL; on SQLite the transaction already
    /// excludes every other writer). Call before the transaction's first read. One statement tries
    /// them in order and stops at the first one another transaction holds (a recursive query takes
    /// one bucket per step); only then is the wait said and the rest, from that bucket up, waited
    /// for in order by a second statement. Uncontended, a write's locks cost one round trip.
    pub async fn lock(&self, set: &LockSet, wait: &(dyn Fn(Wait) + Send + Sync)) -> Result<(), DbErr> {
        if set.is_empty() || self.txn.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        let list = set.buckets.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        let attempt = format!(
            "WITH RECURSIVE b AS (SELECT x, CAST(row_number() OVER (ORDER BY x) AS int4) AS n \
               FROM unnest(ARRAY[{list}]::int4[]) AS x), \
             t(n, taken) AS (SELECT 0, true UNION ALL \
               SELECT b.n, pg_try_advisory_xact_lock({LOCK_CLASS}, b.x) FROM t JOIN b ON b.n = t.n + 1 WHERE t.taken) \
             SELECT CAST(MIN(b.x) AS int4) AS busy FROM t JOIN b ON b.n = t.n WHERE NOT t.taken"
        );
        let row = self.txn.query_one(pg(&attempt)).await?;
        let busy = row.map(|r| r.try_get::<Option<i32>>("", "busy")).transpose()?.flatten();
        let Some(busy) = busy else { return Ok(()) };
        wait(Wait::Holders);
        let rest = set.buckets.iter().filter(|b| i64::from(**b) >= i64::from(busy)).map(u32::to_string);
        let rest = rest.collect::<Vec<_>>().join(",");
        // The subquery's order is the order the locks are taken in: ascending, for every writer.
        let take = format!(
            "SELECT pg_advisory_xact_lock({LOCK_CLASS}, b) \
             FROM (SELECT b FROM unnest(ARRAY[{rest}]::int4[]) AS b ORDER BY b OFFSET 0) AS ordered"
        );
        self.txn.execute(pg(&take)).await?;
        Ok(())
    }
}

fn pg(sql: &str) -> sea_orm::Statement {
    sea_orm::Statement::from_string(DatabaseBackend::Postgres, sql)
}

/// The locks one write takes: a bucket per holder (region, item) and per natural key it touches.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LockSet {
    buckets: BTreeSet<u32>,
}

impl LockSet {
    /// The locks of every holder and key `rows` touch.
    pub fn of_rows<'a>(rows: impl IntoIterator<Item = &'a Row>) -> Self {
        let mut set = Self::default();
        for row in rows {
            set.add_row(row);
        }
        set
    }

    /// Adds the holders a row's entries may touch (both ends of a shipment, whatever part of it
    /// is new) and its natural key (two writers of one key run one after the other, so the
    /// second finds the first's record instead of a unique-key error).
    pub fn add_row(&mut self, row: &Row) {
        match row {
            Row::Shipment(s) => {
                self.holder(&s.from, s.item);
                self.holder(&s.to, s.item);
            }
            Row::Procurement(p) => self.holder(&RegionCode::pusat(), p.item),
            Row::Print(p) => self.holder(&p.region, p.item),
            Row::StockCount(c) => self.holder(&c.region, c.item),
            Row::Allocation(_) | Row::Backlog(_) | Row::Outage(_) | Row::Complaint(_) => {}
        }
        let mut key = Vec::with_capacity(64);
        row.write_key(&mut key);
        key.push(kind_tag(row));
        self.add(b"key", &key);
    }

    /// Adds the lock of one holder.
    pub fn holder(&mut self, region: &RegionCode, item: Item) {
        let mut key = region.as_str().as_bytes().to_vec();
        key.push(0);
        key.extend_from_slice(item.as_str().as_bytes());
        self.add(b"holder", &key);
    }

    fn add(&mut self, space: &[u8], key: &[u8]) {
        let digest = Sha256::new().chain_update(space).chain_update([0]).chain_update(key).finalize();
        let n = u32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]]);
        self.buckets.insert(n % BUCKETS);
    }

    /// Adds every lock of `other`.
    pub fn extend(&mut self, other: LockSet) {
        self.buckets.extend(other.buckets);
    }

    pub fn len(&self) -> usize {
        self.buckets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }
}

/// Tells the kinds apart in a key (a print and a stock count share their key's shape).
fn kind_tag(row: &Row) -> u8 {
    match row {
        Row::Shipment(_) => 1,
        Row::Allocation(_) => 2,
        Row::Procurement(_) => 3,
        Row::Print(_) => 4,
        Row::Backlog(_) => 5,
        Row::StockCount(_) => 6,
        Row::Outage(_) => 7,
        Row::Complaint(_) => 8,
    }
}

/// The SQLSTATE or SQLite code of a database error, if it carries one.
fn code(e: &DbErr) -> Option<String> {
    let (DbErr::Exec(RuntimeErr::SqlxError(sqlx))
    | DbErr::Query(RuntimeErr::SqlxError(sqlx))
    | DbErr::Conn(RuntimeErr::SqlxError(sqlx))) = e
    else {
        return None;
    };
    sqlx.as_database_error().and_then(sea_orm::sqlx::error::DatabaseError::code).map(std::borrow::Cow::into_owned)
}

/// SQLITE_BUSY and its extended codes (BUSY_RECOVERY, BUSY_SNAPSHOT, BUSY_TIMEOUT).
fn is_sqlite_busy(e: &DbErr) -> bool {
    code(e).and_then(|c| c.parse::<i32>().ok()).is_some_and(|c| c & 0xff == 5)
}

/// A failure that says nothing about the write itself: PostgreSQL chose this transaction to break
/// a deadlock or a serialization conflict. Running it again is safe (it rolled back whole).
pub fn is_transient(e: &DbErr) -> bool {
    matches!(code(e).as_deref(), Some("40001" | "40P01"))
}

/// An error that may be [`is_transient`].
pub trait Transient {
    fn is_transient(&self) -> bool;
}

impl Transient for DbErr {
    fn is_transient(&self) -> bool {
        is_transient(self)
    }
}

impl Transient for StoreError {
    fn is_transient(&self) -> bool {
        matches!(self, StoreError::Db(e) if is_transient(e))
    }
}

/// Attempts of one write before a transient failure is given up on (and answered as an error).
pub const ATTEMPTS: u32 = 5;

/// Runs `attempt` (a whole transaction) again after a transient failure, up to [`ATTEMPTS`] times,
/// waiting a jittered, growing pause between tries.
pub async fn retrying<T, E, F, Fut>(mut attempt: F) -> Result<T, E>
where
    E: Transient,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let mut n = 1;
    loop {
        match attempt().await {
            Err(e) if e.is_transient() && n < ATTEMPTS => {
                let pause = backoff(n);
                tracing::info!(
                    attempt = n,
                    pause_ms = pause.as_millis() as u64,
                    "write retried after a deadlock or serialization failure"
                );
                tokio::time::sleep(pause).await;
                n += 1;
            }
            other => return other,
        }
    }
}

/// 10 ms doubled with each attempt, plus up to as much again at random, so retried writers
/// spread out instead of colliding again.
fn backoff(attempt: u32) -> Duration {
    let base = 10u64 << attempt.min(6);
    let mut b = [0u8; 8];
    let jitter = if getrandom::fill(&mut b).is_ok() { u64::from_le_bytes(b) % base } else { base / 2 };
    Duration::from_millis(base + jitter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    #[test]
    fn a_loan_either_way_takes_the_same_locks() {
        let mut a = LockSet::default();
        a.holder(&code("32.16"), Item::Blanko);
        a.holder(&code("32.17"), Item::Blanko);
        let mut b = LockSet::default();
        b.holder(&code("32.17"), Item::Blanko);
        b.holder(&code("32.16"), Item::Blanko);
        assert_eq!(a, b);
        assert!(!a.is_empty() && a.len() <= 2);
        let v: Vec<u32> = a.buckets.iter().copied().collect();
        assert!(v.windows(2).all(|w| w[0] < w[1]), "taken in ascending order");
    }

    #[test]
    fn holders_and_items_lock_apart_and_buckets_stay_bounded() {
        let mut set = LockSet::default();
        for k in 1..=99 {
            for item in [Item::Blanko, Item::Ribbon, Item::Film] {
                set.holder(&code(&format!("32.{k:02}")), item);
            }
        }
        assert!(set.len() > 250, "297 holders spread over the buckets: {}", set.len());
        assert!(set.buckets.iter().all(|b| *b < BUCKETS));
    }

    #[test]
    fn backoff_grows_and_stays_bounded() {
        for n in 1..ATTEMPTS {
            let p = backoff(n).as_millis() as u64;
            assert!(p >= 10 << n && p < 2 * (10 << n), "attempt {n}: {p} ms");
        }
    }

    #[tokio::test]
    async fn transient_failures_are_retried_a_bounded_number_of_times() {
        struct Deadlock;
        impl Transient for Deadlock {
            fn is_transient(&self) -> bool {
                true
            }
        }
        let tries = std::sync::atomic::AtomicU32::new(0);
        let out: Result<(), Deadlock> = retrying(|| {
            tries.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            async { Err(Deadlock) }
        })
        .await;
        assert!(out.is_err());
        assert_eq!(tries.load(std::sync::atomic::Ordering::SeqCst), ATTEMPTS);
        let tries = std::sync::atomic::AtomicU32::new(0);
        let out: Result<u32, Deadlock> = retrying(|| {
            let n = tries.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            async move { if n < 2 { Err(Deadlock) } else { Ok(n) } }
        })
        .await;
        assert_eq!(out.ok(), Some(2), "the third attempt succeeds");
    }
}
