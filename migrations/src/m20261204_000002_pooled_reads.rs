//! Reads of the nation and its provinces that do not sum whole tables (issue 10, second part).
//! Each table is kept in the transaction that writes the records it sums, and `blanko check`
//! proves it equal to them:
//!
//! - `central_totals`: per region and item, everything the centre allocated to it and everything
//!   PUSAT shipped to it. `/stock`'s "allocated, not shipped" reads it instead of summing PUSAT's
//!   shipments; a past date subtracts what was allocated or shipped after it (few rows, by
//!   `allocated_on` and by `(from_region, shipped_on)`).
//! - `backlog_pools`: per kabupaten/kota and snapshot date, the PRR of every office at or below it
//!   (the backlog a province's or the nation's forecast pools per kabupaten/kota).
//! - `print_latest`: per holder and item, the last day it reported prints (a forecast's "late with
//!   its reports"); a past date seeks back from it.
//! - `kabkota_days`: per kabupaten/kota, item and day with entries, the net change and cards used
//!   of every holder at or below it (`stock_days` pooled): a province's or the nation's forecast
//!   reads one row per kabupaten/kota and day instead of grouping every office's.
//!
//! All four are filled from the rows already stored.

use sea_orm_migration::prelude::*;

use crate::m20261203_000001_national_scale::{int, region_col};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum CentralTotals {
    Table,
    RegionCode,
    ItemCode,
    Allocated,
    Shipped,
}

#[derive(Iden)]
enum BacklogPools {
    Table,
    Kabkota,
    SnapshotDate,
    Prr,
}

#[derive(Iden)]
enum KabkotaDays {
    Table,
    Kabkota,
    ItemCode,
    Day,
    Net,
    Used,
}

#[derive(Iden)]
enum PrintLatest {
    Table,
    RegionCode,
    ItemCode,
    PrintDate,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let backend = m.get_database_backend();
        let db = m.get_connection();

        m.create_table(
            Table::create()
                .table(CentralTotals::Table)
                .col(region_col(CentralTotals::RegionCode, backend))
                .col(ColumnDef::new(CentralTotals::ItemCode).string().not_null())
                .col(int(CentralTotals::Allocated))
                .col(int(CentralTotals::Shipped))
                .primary_key(Index::create().col(CentralTotals::RegionCode).col(CentralTotals::ItemCode))
                .to_owned(),
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO central_totals (region_code, item_code, allocated, shipped) \
             SELECT region, item, CAST(SUM(a) AS BIGINT), CAST(SUM(s) AS BIGINT) FROM (\
               SELECT to_region AS region, item_code AS item, quantity AS a, 0 AS s FROM allocations \
               UNION ALL \
               SELECT to_region, item_code, 0, quantity FROM shipments WHERE from_region = 'PUSAT'\
             ) t GROUP BY region, item",
        )
        .await?;
        db.execute_unprepared("CREATE INDEX idx_allocations_on ON allocations (allocated_on)").await?;

        m.create_table(
            Table::create()
                .table(BacklogPools::Table)
                .col(region_col(BacklogPools::Kabkota, backend))
                .col(ColumnDef::new(BacklogPools::SnapshotDate).date().not_null())
                .col(int(BacklogPools::Prr))
                .primary_key(Index::create().col(BacklogPools::Kabkota).col(BacklogPools::SnapshotDate))
                .to_owned(),
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO backlog_pools (kabkota, snapshot_date, prr) \
             SELECT SUBSTR(region_code, 1, 5), snapshot_date, CAST(SUM(prr) AS BIGINT) FROM backlog_snapshots \
             WHERE LENGTH(region_code) >= 5 AND region_code <> 'PUSAT' \
             GROUP BY SUBSTR(region_code, 1, 5), snapshot_date",
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PrintLatest::Table)
                .col(region_col(PrintLatest::RegionCode, backend))
                .col(ColumnDef::new(PrintLatest::ItemCode).string().not_null())
                .col(ColumnDef::new(PrintLatest::PrintDate).date().not_null())
                .primary_key(Index::create().col(PrintLatest::RegionCode).col(PrintLatest::ItemCode))
                .to_owned(),
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO print_latest (region_code, item_code, print_date) \
             SELECT region_code, item_code, MAX(print_date) FROM daily_prints GROUP BY region_code, item_code",
        )
        .await?;

        m.create_table(
            Table::create()
                .table(KabkotaDays::Table)
                .col(region_col(KabkotaDays::Kabkota, backend))
                .col(ColumnDef::new(KabkotaDays::ItemCode).string().not_null())
                .col(ColumnDef::new(KabkotaDays::Day).date().not_null())
                .col(int(KabkotaDays::Net))
                .col(int(KabkotaDays::Used))
                .primary_key(Index::create().col(KabkotaDays::Kabkota).col(KabkotaDays::ItemCode).col(KabkotaDays::Day))
                .to_owned(),
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO kabkota_days (kabkota, item_code, day, net, used) \
             SELECT SUBSTR(region_code, 1, 5), item_code, day, CAST(SUM(net) AS BIGINT), CAST(SUM(used) AS BIGINT) \
             FROM stock_days WHERE LENGTH(region_code) >= 5 AND region_code <> 'PUSAT' \
             GROUP BY SUBSTR(region_code, 1, 5), item_code, day",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        m.drop_table(Table::drop().table(KabkotaDays::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(PrintLatest::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(BacklogPools::Table).to_owned()).await?;
        db.execute_unprepared("DROP INDEX idx_allocations_on").await?;
        m.drop_table(Table::drop().table(CentralTotals::Table).to_owned()).await?;
        Ok(())
    }
}
