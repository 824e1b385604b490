//! Schema migrations of blanko. Append-only: never edit a migration that has shipped; add a new one.

pub use m20261205_000002_inbound_index::INBOUND_FROM_OUTSIDE;
pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_tables;
mod m20261123_000002_ledger_covering_index;
mod m20261201_000001_token_expiry_revocation;
mod m20261203_000001_national_scale;
mod m20261203_000001_passwords_and_sessions;
mod m20261204_000001_complaints;
mod m20261204_000002_pooled_reads;
mod m20261205_000001_reads_without_detours;
mod m20261205_000002_inbound_index;
mod m20261206_000001_clustered_days;
mod m20261206_000002_receipts_per_receiver;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_tables::Migration),
            Box::new(m20261123_000002_ledger_covering_index::Migration),
            Box::new(m20261201_000001_token_expiry_revocation::Migration),
            Box::new(m20261203_000001_national_scale::Migration),
            Box::new(m20261203_000001_passwords_and_sessions::Migration),
            Box::new(m20261204_000001_complaints::Migration),
            Box::new(m20261204_000002_pooled_reads::Migration),
            Box::new(m20261205_000001_reads_without_detours::Migration),
            Box::new(m20261205_000002_inbound_index::Migration),
            Box::new(m20261206_000001_clustered_days::Migration),
            Box::new(m20261206_000002_receipts_per_receiver::Migration),
        ]
    }
}
