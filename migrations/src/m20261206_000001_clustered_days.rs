//! Two changes for the reads of issue 10 at kecamatan scale, where the tables outgrow SQLite's
//! page cache and every page a read touches is a system call:
//!
//! - On SQLite, `stock_days` is stored in its key's order (`WITHOUT ROWID`), as `kabkota_days`
//!   already is. A holder's days were one index range plus one table lookup per day, each on
//!   another page (rows lay in the order they were written, a day of every office after
//!   another); now they are one run of the table, and a balance at a date is one seek.
//! - `idx_prints_printed` holds each print's count beside its key, so the forecast's sums of
//!   blanko printed lately (`store::complaints::printed`) read 42 days of 7,800 offices from the
//!   index alone instead of a table lookup per day: 0.6 s of the nation's forecast on SQLite
//!   before, under 0.1 s after.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared(
            "CREATE INDEX idx_prints_printed ON daily_prints (region_code, item_code, print_date, printed)",
        )
        .await?;
        if m.get_database_backend() == DatabaseBackend::Sqlite {
            rebuild_stock_days(db, " WITHOUT ROWID").await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("DROP INDEX idx_prints_printed").await?;
        if m.get_database_backend() == DatabaseBackend::Sqlite {
            rebuild_stock_days(db, "").await?;
        }
        Ok(())
    }
}

/// Copies SQLite's `stock_days` into a table of the same columns and key created with `options`.
async fn rebuild_stock_days(db: &SchemaManagerConnection<'_>, options: &str) -> Result<(), DbErr> {
    db.execute_unprepared(&format!(
        "CREATE TABLE stock_days_new (region_code varchar NOT NULL, item_code varchar NOT NULL, \
         day date_text NOT NULL, net bigint NOT NULL, used bigint NOT NULL, closing bigint NOT NULL, \
         PRIMARY KEY (region_code, item_code, day)){options}"
    ))
    .await?;
    db.execute_unprepared(
        "INSERT INTO stock_days_new (region_code, item_code, day, net, used, closing) \
         SELECT region_code, item_code, day, net, used, closing FROM stock_days",
    )
    .await?;
    db.execute_unprepared("DROP TABLE stock_days").await?;
    db.execute_unprepared("ALTER TABLE stock_days_new RENAME TO stock_days").await?;
    Ok(())
}
