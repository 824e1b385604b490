//! `idx_shipments_inbound`: shipments by receiver and dispatch day, only those that come into a
//! kabupaten/kota from outside it. Below a province or the nation a forecast reads only those
//! (its units are the kabupaten/kota): the shipments still in transit into them, and each
//! receiver's most recent for its lead time. With 7,285 kecamatan receiving from their own
//! kabupaten/kota, the other indexes made both reads walk every kecamatan's shipments in vain.

use sea_orm_migration::prelude::*;

/// The index's condition. A query uses the index only where its `WHERE` holds this very term
/// (`Grain::inbound_between` in the main crate writes it; a unit test there checks the text).
pub const INBOUND_FROM_OUTSIDE: &str =
    "NOT (SUBSTR(from_region, 1, 5) = SUBSTR(to_region, 1, 5) AND LENGTH(from_region) >= 5 AND from_region <> 'PUSAT')";

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX idx_shipments_inbound ON shipments (to_region, shipped_on) WHERE {INBOUND_FROM_OUTSIDE}"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection().execute_unprepared("DROP INDEX idx_shipments_inbound").await?;
        Ok(())
    }
}
