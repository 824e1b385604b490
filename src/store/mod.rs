//! Persistence: sea-orm entities and the queries blanko serves. Maps rows to domain types and back;
//! every write runs in one transaction together with its ledger entries, balances and audit row.

pub mod activity;
pub mod audit;
pub mod balances;
pub mod complaints;
pub mod entities;
pub mod forecast;
pub mod ledger;
pub mod locks;
pub mod records;
pub mod regions;
pub mod reports;
pub mod seed;
pub mod sessions;
pub mod sql;
pub mod stock;
pub mod totals;
pub mod uploads;
pub mod users;

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    AccessMode, ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DatabaseTransaction,
    DbErr, IsolationLevel, TransactionTrait,
};

use crate::domain::csv_import::RowError;
use crate::domain::ledger::Shortfall;

/// Errors of the persistence layer, each with a meaning the HTTP and CLI layers can map.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("kesalahan basis data: {0}")]
    Db(#[from] DbErr),
    #[error(transparent)]
    Negative(#[from] Shortfall),
    /// The record broke a rule of SPEC §5 (the same rules as an upload row).
    #[error("{}", .0.message)]
    Rejected(RowError),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadInput(String),
    /// Stored data that does not parse (an unknown role, item or level in a row): the database was
    /// changed outside blanko. A server fault, never the caller's: logged and answered with a 500.
    #[error("data tersimpan rusak: {0}")]
    Corrupt(String),
}

/// SQLite page cache per connection, in KiB (see `options`).
const SQLITE_CACHE_KB: u32 = 16 * 1024;
/// SQLite page cache of the connection writing an upload, in KiB. A million prints rows: 33 s
/// and 187 MB with 96 MB, 30 s and 227 MB with 128 MB (2 M-row files reached 295 MB, too near
/// issue 10's 300), 84 s with the everyday 16 MB (`benches/import_vs_sqlite3.sh`).
const SQLITE_UPLOAD_CACHE_KB: u32 = 96 * 1024;

/// Key of the PostgreSQL advisory lock held while migrating ("blanko" in ASCII).
const MIGRATION_LOCK: i64 = 0x0000_626c_616e_6b6f;

/// Connections per pool: readers, and writers (on SQLite one: the database has one writer).
const PG_READERS: u32 = 10;
const PG_WRITERS: u32 = 8;
const SQLITE_READERS: u32 = 4;

/// The database handle every layer shares: readers and the writer are apart, so a long write never
/// keeps a read (or a token check) waiting.
#[derive(Clone, Debug)]
pub struct Store {
    /// Reads. On SQLite its own pool of WAL readers, which see the last commit and never wait for
    /// a writer; on PostgreSQL a pool apart from the writers', so waiting writers cannot take every
    /// connection.
    pub db: DatabaseConnection,
    writer: locks::Writer,
}

impl Store {
    /// Connects, applies pending migrations and returns the store.
    pub async fn connect(url: &str) -> Result<Self, DbErr> {
        let is_sqlite = url.starts_with("sqlite:");
        let (readers, writers) = if is_sqlite { (SQLITE_READERS, 1) } else { (PG_READERS, PG_WRITERS) };
        let writer = Database::connect(options(url, writers, true)).await?;
        if is_sqlite {
            Migrator::up(&writer, None).await?;
        } else {
            // Several `blanko serve` instances may start together against one PostgreSQL: one
            // migrates while the others wait on the lock, then find nothing left to do.
            let txn = writer.begin().await?;
            txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")).await?;
            Migrator::up(&txn, None).await?;
            txn.commit().await?;
        }
        let db = Database::connect(options(url, readers, false)).await?;
        Ok(Self { db, writer: locks::Writer::new(writer, writers as usize) })
    }

    /// The write queue of this process ([`locks`]): every write transaction of records and uploads
    /// begins here.
    pub fn writer(&self) -> &locks::Writer {
        &self.writer
    }

    /// The writers' connection, for small writes outside the record and upload paths (users,
    /// tokens, seeding) made by the command line, where no other write of the process runs.
    pub fn write_db(&self) -> &DatabaseConnection {
        &self.writer.db
    }

    pub fn is_sqlite(&self) -> bool {
        self.db.get_database_backend() == DatabaseBackend::Sqlite
    }

    /// A read-only transaction that sees one moment of the database throughout (SQLite: a WAL
    /// snapshot taken by its first read; PostgreSQL: repeatable read), for checks that read many
    /// tables while writers go on.
    pub async fn snapshot(&self) -> Result<DatabaseTransaction, DbErr> {
        if self.is_sqlite() {
            self.db.begin().await
        } else {
            self.db.begin_with_config(Some(IsolationLevel::RepeatableRead), Some(AccessMode::ReadOnly)).await
        }
    }

    /// Writes a consistent copy of a SQLite database to the new file `path` while it serves:
    /// `VACUUM INTO` reads one snapshot, so writes before it are in the copy and writes after it
    /// are not. `Ok(false)` on PostgreSQL, whose copies `pg_dump` makes.
    pub async fn backup_to(&self, path: &std::path::Path) -> Result<bool, DbErr> {
        if !self.is_sqlite() {
            return Ok(false);
        }
        let target = path.to_string_lossy().replace('\'', "''");
        self.db.execute_unprepared(&format!("VACUUM INTO '{target}'")).await?;
        Ok(true)
    }

    /// True when the database answers.
    pub async fn ping(&self) -> bool {
        self.db.ping().await.is_ok()
    }
}

/// Pool options. Per SQLite connection, so every pooled connection gets them: WAL lets readers go
/// on while one writer works; a 256 MB page cache keeps a large import's pages in memory instead of
/// re-reading what it just wrote. The writer's busy timeout is short: a write waiting for another
/// process retries in steps and says so (`locks::Writer::begin`) instead of failing after a
/// timeout; a writer waits for the process's one write connection as long as it takes.
fn options(url: &str, connections: u32, writer: bool) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url.to_string());
    // No ping before each checkout on SQLite: it is a round trip to the connection's thread before
    // every statement, and a connection to a file does not break underneath. On PostgreSQL the
    // ping stays: after a server restart or a dropped link, a pooled connection is found broken
    // and replaced before a request's statement runs on it, instead of failing that request.
    opts.sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .max_connections(connections)
        .test_before_acquire(!url.starts_with("sqlite:"));
    if writer {
        opts.acquire_timeout(Duration::from_hours(24));
    }
    // PostgreSQL's JIT compiles a plan whose estimate looks large (a correlated seek per office
    // is costed as if it ran for every row): half a second of compiling for a query that runs in
    // milliseconds. blanko's queries are all short, so it is off for its connections. Each
    // statement is prepared once per connection and planned once, for any values: left to
    // choose, PostgreSQL planned `/stock`'s one statement anew on every call (a millisecond of
    // planning for a quarter of a millisecond of work), since a plan for unknown region ranges
    // looked no cheaper to it than planning each call.
    opts.map_sqlx_postgres_opts(|o| o.options([("jit", "off"), ("plan_cache_mode", "force_generic_plan")]));
    let busy = if writer { Duration::from_secs(1) } else { Duration::from_secs(30) };
    opts.map_sqlx_sqlite_opts(move |o| {
        o.journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(busy)
            // 16 MB per connection: it holds the index pages a request walks and bounds the
            // server's memory (four connections of 256 MB made a 3.7 GB server); pages beyond it
            // come from the operating system's file cache. An upload widens its own
            // (`locks::WriteTxn::widen_cache`).
            .pragma("cache_size", format!("-{SQLITE_CACHE_KB}"))
    });
    opts
}
