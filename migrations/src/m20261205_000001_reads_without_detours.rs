//! Two changes that let the planner and the storage serve issue 10's reads directly:
//!
//! - `idx_shipments_received` covers only received shipments (`received_on IS NOT NULL`). Every
//!   query that uses it asks for a receipt date after or before a day, which such a row always
//!   has; with the unreceived rows in it, SQLite answered "not received yet, into this subtree"
//!   by walking every unreceived shipment in the country through it instead of the subtree's
//!   range of `idx_shipments_open`.
//! - On SQLite, `kabkota_days` is stored in its key's order (`WITHOUT ROWID`): a province's or the
//!   nation's forecast reads each kabupaten/kota's days as one run of the table, instead of one
//!   index entry and one table lookup per day. PostgreSQL keeps its table as it is.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("DROP INDEX idx_shipments_received").await?;
        db.execute_unprepared(
            "CREATE INDEX idx_shipments_received ON shipments (received_on) WHERE received_on IS NOT NULL",
        )
        .await?;
        if m.get_database_backend() == DatabaseBackend::Sqlite {
            rebuild_kabkota_days(db, " WITHOUT ROWID").await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("DROP INDEX idx_shipments_received").await?;
        db.execute_unprepared("CREATE INDEX idx_shipments_received ON shipments (received_on)").await?;
        if m.get_database_backend() == DatabaseBackend::Sqlite {
            rebuild_kabkota_days(db, "").await?;
        }
        Ok(())
    }
}

/// Copies SQLite's `kabkota_days` into a table of the same columns and key created with `options`.
async fn rebuild_kabkota_days(db: &SchemaManagerConnection<'_>, options: &str) -> Result<(), DbErr> {
    db.execute_unprepared(&format!(
        "CREATE TABLE kabkota_days_new (kabkota varchar NOT NULL, item_code varchar NOT NULL, \
         day date_text NOT NULL, net bigint NOT NULL, used bigint NOT NULL, \
         PRIMARY KEY (kabkota, item_code, day)){options}"
    ))
    .await?;
    db.execute_unprepared(
        "INSERT INTO kabkota_days_new (kabkota, item_code, day, net, used) \
         SELECT kabkota, item_code, day, net, used FROM kabkota_days",
    )
    .await?;
    db.execute_unprepared("DROP TABLE kabkota_days").await?;
    db.execute_unprepared("ALTER TABLE kabkota_days_new RENAME TO kabkota_days").await?;
    Ok(())
}
