//! Reads that cost what they return at national scale (issue 10):
//!
//! - On PostgreSQL every region-code column compares bytes (`COLLATE "C"`), as SQLite does, so the
//!   subtree of `32.16` is the range `>= '32.16' AND < '32.16/'` ('/' sorts right after '.') and
//!   the ordinary B-tree indexes on those columns serve it.
//! - `stock_days`: per holder, item and day with entries, the day's net change, the cards used
//!   (printed and spoiled) and the closing balance, kept in the transaction of every ledger write:
//!   a position at a past date is one index seek per holder and item, never a sum of the ledger.
//! - `backlog_latest`: the latest backlog snapshot of each office, upserted with every snapshot.
//! - Shipments by receipt date, and a partial index over those not yet received: the stock in
//!   transit at a date; shipments by sender and receiver: what PUSAT shipped into one subtree.
//!
//! Both new tables are filled from the rows already stored.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum StockDays {
    Table,
    RegionCode,
    ItemCode,
    Day,
    Net,
    Used,
    Closing,
}

#[derive(Iden)]
enum BacklogLatest {
    Table,
    RegionCode,
    SnapshotDate,
    Prr,
    Recorded,
    Suket,
}

/// Every column that holds a region code, by table.
const REGION_COLUMNS: [(&str, &str); 12] = [
    ("regions", "code"),
    ("regions", "parent_code"),
    ("users", "region_code"),
    ("ledger_entries", "region_code"),
    ("stock_balances", "region_code"),
    ("allocations", "to_region"),
    ("shipments", "from_region"),
    ("shipments", "to_region"),
    ("daily_prints", "region_code"),
    ("backlog_snapshots", "region_code"),
    ("outages", "region_code"),
    ("stock_counts", "region_code"),
];

/// A region-code column: byte order on PostgreSQL (SQLite compares bytes already).
pub(crate) fn region_col<T: Iden + 'static>(col: T, backend: DatabaseBackend) -> ColumnDef {
    let mut def = ColumnDef::new(col);
    def.string().not_null();
    if backend == DatabaseBackend::Postgres {
        def.extra("COLLATE \"C\"");
    }
    def
}

pub(crate) fn int<T: Iden + 'static>(col: T) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let backend = m.get_database_backend();
        let db = m.get_connection();
        if backend == DatabaseBackend::Postgres {
            for (table, column) in REGION_COLUMNS {
                db.execute_unprepared(&format!("ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar COLLATE \"C\""))
                    .await?;
            }
        }

        m.create_table(
            Table::create()
                .table(StockDays::Table)
                .col(region_col(StockDays::RegionCode, backend))
                .col(ColumnDef::new(StockDays::ItemCode).string().not_null())
                .col(ColumnDef::new(StockDays::Day).date().not_null())
                .col(int(StockDays::Net))
                .col(int(StockDays::Used))
                .col(int(StockDays::Closing))
                .primary_key(Index::create().col(StockDays::RegionCode).col(StockDays::ItemCode).col(StockDays::Day))
                .to_owned(),
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO stock_days (region_code, item_code, day, net, used, closing) \
             SELECT region_code, item_code, entry_date, SUM(quantity), \
               SUM(CASE WHEN kind IN ('print', 'spoilage') THEN -quantity ELSE 0 END), \
               SUM(SUM(quantity)) OVER (PARTITION BY region_code, item_code ORDER BY entry_date) \
             FROM ledger_entries GROUP BY region_code, item_code, entry_date",
        )
        .await?;

        m.create_table(
            Table::create()
                .table(BacklogLatest::Table)
                .col(region_col(BacklogLatest::RegionCode, backend).primary_key())
                .col(ColumnDef::new(BacklogLatest::SnapshotDate).date().not_null())
                .col(int(BacklogLatest::Prr))
                .col(ColumnDef::new(BacklogLatest::Recorded).big_integer().null())
                .col(ColumnDef::new(BacklogLatest::Suket).big_integer().null())
                .to_owned(),
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO backlog_latest (region_code, snapshot_date, prr, recorded, suket) \
             SELECT b.region_code, b.snapshot_date, b.prr, b.recorded, b.suket FROM backlog_snapshots b \
             WHERE b.snapshot_date = (SELECT MAX(m.snapshot_date) FROM backlog_snapshots m \
                                      WHERE m.region_code = b.region_code)",
        )
        .await?;

        db.execute_unprepared(
            "CREATE INDEX idx_shipments_open ON shipments (to_region, item_code) WHERE received_on IS NULL",
        )
        .await?;
        db.execute_unprepared("CREATE INDEX idx_shipments_received ON shipments (received_on)").await?;
        db.execute_unprepared("CREATE INDEX idx_shipments_from_to ON shipments (from_region, to_region, shipped_on)")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("DROP INDEX idx_shipments_from_to").await?;
        db.execute_unprepared("DROP INDEX idx_shipments_received").await?;
        db.execute_unprepared("DROP INDEX idx_shipments_open").await?;
        m.drop_table(Table::drop().table(BacklogLatest::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(StockDays::Table).to_owned()).await?;
        if m.get_database_backend() == DatabaseBackend::Postgres {
            for (table, column) in REGION_COLUMNS {
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar COLLATE \"default\""
                ))
                .await?;
            }
        }
        Ok(())
    }
}
