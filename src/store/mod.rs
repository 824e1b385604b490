//! Persistence: sea-orm entities and the queries blanko serves. Maps rows to domain types and back;
//! every write runs in one transaction together with its ledger entries, balances and audit row.

pub mod activity;
pub mod audit;
pub mod balances;
pub mod entities;
pub mod forecast;
pub mod ledger;
pub mod records;
pub mod regions;
pub mod reports;
pub mod seed;
pub mod sessions;
pub mod sql;
pub mod stock;
pub mod uploads;
pub mod users;

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr, TransactionTrait};

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

/// Key of the PostgreSQL advisory lock held while migrating ("blanko" in ASCII).
const MIGRATION_LOCK: i64 = 0x0000_626c_616e_6b6f;

/// The database handle every layer shares.
#[derive(Clone, Debug)]
pub struct Store {
    pub db: DatabaseConnection,
}

impl Store {
    /// Connects, applies pending migrations and returns the store.
    pub async fn connect(url: &str) -> Result<Self, DbErr> {
        let is_sqlite = url.starts_with("sqlite:");
        let mut opts = ConnectOptions::new(url.to_string());
        opts.sqlx_logging(false).connect_timeout(Duration::from_secs(10)).max_connections(if is_sqlite {
            4
        } else {
            10
        });
        // Per connection, so every pooled connection gets them: WAL lets readers go on while one
        // writer works; a busy writer waits instead of failing; a 256 MB page cache keeps a large
        // import's pages in memory instead of re-reading what it just wrote.
        opts.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(30))
                .pragma("cache_size", "-262144")
        });
        let db = Database::connect(opts).await?;
        if is_sqlite {
            Migrator::up(&db, None).await?;
        } else {
            // Several `blanko serve` instances may start together against one PostgreSQL: one
            // migrates while the others wait on the lock, then find nothing left to do.
            let txn = db.begin().await?;
            txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")).await?;
            Migrator::up(&txn, None).await?;
            txn.commit().await?;
        }
        Ok(Self { db })
    }

    /// True when the database answers.
    pub async fn ping(&self) -> bool {
        self.db.ping().await.is_ok()
    }
}
