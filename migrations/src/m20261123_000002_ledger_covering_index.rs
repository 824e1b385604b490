//! The balance checks read (holder, item, date, quantity) for every day after a new entry: an
//! index holding all four answers them without touching the table.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum LedgerEntries {
    Table,
    RegionCode,
    ItemCode,
    EntryDate,
    Quantity,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("idx_ledger_holder_date_quantity")
                .table(LedgerEntries::Table)
                .col(LedgerEntries::RegionCode)
                .col(LedgerEntries::ItemCode)
                .col(LedgerEntries::EntryDate)
                .col(LedgerEntries::Quantity)
                .to_owned(),
        )
        .await?;
        m.drop_index(Index::drop().name("idx_ledger_region_item_date").table(LedgerEntries::Table).to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("idx_ledger_region_item_date")
                .table(LedgerEntries::Table)
                .col(LedgerEntries::RegionCode)
                .col(LedgerEntries::ItemCode)
                .col(LedgerEntries::EntryDate)
                .to_owned(),
        )
        .await?;
        m.drop_index(Index::drop().name("idx_ledger_holder_date_quantity").table(LedgerEntries::Table).to_owned()).await
    }
}
