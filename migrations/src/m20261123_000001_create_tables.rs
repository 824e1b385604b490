//! The first schema: regions, items, holidays, the ledger and its cached balances, every record kind,
//! users and tokens, the audit log and uploads.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum Regions {
    Table,
    Code,
    Name,
    Level,
    ParentCode,
}
#[derive(Iden)]
enum Items {
    Table,
    Code,
    Name,
    CardsPerUnit,
}
#[derive(Iden)]
enum Holidays {
    Table,
    Date,
    Name,
}
#[derive(Iden)]
enum Users {
    Table,
    Id,
    Name,
    Role,
    RegionCode,
    CreatedAt,
}
#[derive(Iden)]
enum ApiTokens {
    Table,
    Id,
    UserId,
    TokenHash,
    CreatedAt,
}
#[derive(Iden)]
enum LedgerEntries {
    Table,
    Id,
    EntryDate,
    RegionCode,
    ItemCode,
    Quantity,
    Kind,
    Reference,
    Actor,
    UploadId,
    CreatedAt,
}
#[derive(Iden)]
enum StockBalances {
    Table,
    RegionCode,
    ItemCode,
    OnHand,
}
#[derive(Iden)]
enum Procurements {
    Table,
    Id,
    Reference,
    ProcuredOn,
    ItemCode,
    Quantity,
    Note,
    Actor,
    UploadId,
    CreatedAt,
}
#[derive(Iden)]
enum Allocations {
    Table,
    Id,
    Reference,
    AllocatedOn,
    ToRegion,
    ItemCode,
    Quantity,
    Note,
    Actor,
    UploadId,
    CreatedAt,
}
#[derive(Iden)]
enum Shipments {
    Table,
    Id,
    Reference,
    FromRegion,
    ToRegion,
    ItemCode,
    Quantity,
    ShippedOn,
    ReceivedOn,
    ReceivedQuantity,
    DamagedQuantity,
    Note,
    Actor,
    ReceivedBy,
    UploadId,
    CreatedAt,
}
#[derive(Iden)]
enum DailyPrints {
    Table,
    Id,
    PrintDate,
    RegionCode,
    ItemCode,
    Printed,
    Spoiled,
    Actor,
    UploadId,
    CreatedAt,
}
#[derive(Iden)]
enum BacklogSnapshots {
    Table,
    Id,
    SnapshotDate,
    RegionCode,
    Prr,
    Recorded,
    Suket,
    Actor,
    UploadId,
    CreatedAt,
}
#[derive(Iden)]
enum Outages {
    Table,
    Id,
    OutageDate,
    RegionCode,
    Hours,
    Cause,
    Actor,
    UploadId,
    CreatedAt,
}
#[derive(Iden)]
enum StockCounts {
    Table,
    Id,
    CountDate,
    RegionCode,
    ItemCode,
    Counted,
    Book,
    Note,
    Actor,
    UploadId,
    CreatedAt,
}
#[derive(Iden)]
enum AuditLog {
    Table,
    Id,
    At,
    Actor,
    Action,
    Subject,
    Details,
}
#[derive(Iden)]
enum Uploads {
    Table,
    Id,
    Kind,
    Actor,
    Sha256,
    Rows,
    Inserted,
    Updated,
    Unchanged,
    CreatedAt,
}

fn id<T: Iden + 'static>(col: T) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().auto_increment().primary_key().to_owned()
}

fn text<T: Iden + 'static>(col: T) -> ColumnDef {
    ColumnDef::new(col).string().not_null().to_owned()
}

fn text_null<T: Iden + 'static>(col: T) -> ColumnDef {
    ColumnDef::new(col).string().null().to_owned()
}

fn int<T: Iden + 'static>(col: T) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().to_owned()
}

fn int_null<T: Iden + 'static>(col: T) -> ColumnDef {
    ColumnDef::new(col).big_integer().null().to_owned()
}

fn date<T: Iden + 'static>(col: T) -> ColumnDef {
    ColumnDef::new(col).date().not_null().to_owned()
}

fn stamp<T: Iden + 'static>(col: T) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().not_null().to_owned()
}

async fn index(
    m: &SchemaManager<'_>,
    name: &str,
    table: impl Iden + 'static,
    cols: Vec<DynIden>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(name).table(table);
    for c in cols {
        idx.col(c);
    }
    if unique {
        idx.unique();
    }
    m.create_index(idx).await
}

fn d<T: Iden + 'static>(c: T) -> DynIden {
    SeaRc::new(c)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Regions::Table)
                .col(text(Regions::Code).primary_key())
                .col(text(Regions::Name))
                .col(text(Regions::Level))
                .col(text_null(Regions::ParentCode))
                .to_owned(),
        )
        .await?;
        index(m, "idx_regions_parent", Regions::Table, vec![d(Regions::ParentCode)], false).await?;

        m.create_table(
            Table::create()
                .table(Items::Table)
                .col(text(Items::Code).primary_key())
                .col(text(Items::Name))
                .col(int(Items::CardsPerUnit))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Holidays::Table)
                .col(date(Holidays::Date).primary_key())
                .col(text(Holidays::Name))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(id(Users::Id))
                .col(text(Users::Name).unique_key())
                .col(text(Users::Role))
                .col(text_null(Users::RegionCode))
                .col(stamp(Users::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ApiTokens::Table)
                .col(id(ApiTokens::Id))
                .col(int(ApiTokens::UserId))
                .col(text(ApiTokens::TokenHash).unique_key())
                .col(stamp(ApiTokens::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(LedgerEntries::Table)
                .col(id(LedgerEntries::Id))
                .col(date(LedgerEntries::EntryDate))
                .col(text(LedgerEntries::RegionCode))
                .col(text(LedgerEntries::ItemCode))
                .col(int(LedgerEntries::Quantity))
                .col(text(LedgerEntries::Kind))
                .col(text(LedgerEntries::Reference))
                .col(text(LedgerEntries::Actor))
                .col(int_null(LedgerEntries::UploadId))
                .col(stamp(LedgerEntries::CreatedAt))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_ledger_region_item_date",
            LedgerEntries::Table,
            vec![d(LedgerEntries::RegionCode), d(LedgerEntries::ItemCode), d(LedgerEntries::EntryDate)],
            false,
        )
        .await?;
        index(m, "idx_ledger_date", LedgerEntries::Table, vec![d(LedgerEntries::EntryDate)], false).await?;

        m.create_table(
            Table::create()
                .table(StockBalances::Table)
                .col(text(StockBalances::RegionCode))
                .col(text(StockBalances::ItemCode))
                .col(int(StockBalances::OnHand))
                .primary_key(Index::create().col(StockBalances::RegionCode).col(StockBalances::ItemCode))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Procurements::Table)
                .col(id(Procurements::Id))
                .col(text(Procurements::Reference).unique_key())
                .col(date(Procurements::ProcuredOn))
                .col(text(Procurements::ItemCode))
                .col(int(Procurements::Quantity))
                .col(text_null(Procurements::Note))
                .col(text(Procurements::Actor))
                .col(int_null(Procurements::UploadId))
                .col(stamp(Procurements::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Allocations::Table)
                .col(id(Allocations::Id))
                .col(text(Allocations::Reference).unique_key())
                .col(date(Allocations::AllocatedOn))
                .col(text(Allocations::ToRegion))
                .col(text(Allocations::ItemCode))
                .col(int(Allocations::Quantity))
                .col(text_null(Allocations::Note))
                .col(text(Allocations::Actor))
                .col(int_null(Allocations::UploadId))
                .col(stamp(Allocations::CreatedAt))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_allocations_to",
            Allocations::Table,
            vec![d(Allocations::ToRegion), d(Allocations::AllocatedOn)],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Shipments::Table)
                .col(id(Shipments::Id))
                .col(text(Shipments::Reference))
                .col(text(Shipments::FromRegion))
                .col(text(Shipments::ToRegion))
                .col(text(Shipments::ItemCode))
                .col(int(Shipments::Quantity))
                .col(date(Shipments::ShippedOn))
                .col(ColumnDef::new(Shipments::ReceivedOn).date().null())
                .col(int_null(Shipments::ReceivedQuantity))
                .col(int_null(Shipments::DamagedQuantity))
                .col(text_null(Shipments::Note))
                .col(text(Shipments::Actor))
                .col(text_null(Shipments::ReceivedBy))
                .col(int_null(Shipments::UploadId))
                .col(stamp(Shipments::CreatedAt))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "uq_shipments_ref_from",
            Shipments::Table,
            vec![d(Shipments::Reference), d(Shipments::FromRegion)],
            true,
        )
        .await?;
        index(m, "idx_shipments_to", Shipments::Table, vec![d(Shipments::ToRegion), d(Shipments::ShippedOn)], false)
            .await?;
        index(
            m,
            "idx_shipments_from",
            Shipments::Table,
            vec![d(Shipments::FromRegion), d(Shipments::ShippedOn)],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(DailyPrints::Table)
                .col(id(DailyPrints::Id))
                .col(date(DailyPrints::PrintDate))
                .col(text(DailyPrints::RegionCode))
                .col(text(DailyPrints::ItemCode))
                .col(int(DailyPrints::Printed))
                .col(int(DailyPrints::Spoiled))
                .col(text(DailyPrints::Actor))
                .col(int_null(DailyPrints::UploadId))
                .col(stamp(DailyPrints::CreatedAt))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "uq_prints_region_item_date",
            DailyPrints::Table,
            vec![d(DailyPrints::RegionCode), d(DailyPrints::ItemCode), d(DailyPrints::PrintDate)],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(BacklogSnapshots::Table)
                .col(id(BacklogSnapshots::Id))
                .col(date(BacklogSnapshots::SnapshotDate))
                .col(text(BacklogSnapshots::RegionCode))
                .col(int(BacklogSnapshots::Prr))
                .col(int_null(BacklogSnapshots::Recorded))
                .col(int_null(BacklogSnapshots::Suket))
                .col(text(BacklogSnapshots::Actor))
                .col(int_null(BacklogSnapshots::UploadId))
                .col(stamp(BacklogSnapshots::CreatedAt))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "uq_backlog_region_date",
            BacklogSnapshots::Table,
            vec![d(BacklogSnapshots::RegionCode), d(BacklogSnapshots::SnapshotDate)],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Outages::Table)
                .col(id(Outages::Id))
                .col(date(Outages::OutageDate))
                .col(text(Outages::RegionCode))
                .col(ColumnDef::new(Outages::Hours).double().not_null())
                .col(text(Outages::Cause))
                .col(text(Outages::Actor))
                .col(int_null(Outages::UploadId))
                .col(stamp(Outages::CreatedAt))
                .to_owned(),
        )
        .await?;
        index(m, "uq_outages_region_date", Outages::Table, vec![d(Outages::RegionCode), d(Outages::OutageDate)], true)
            .await?;

        m.create_table(
            Table::create()
                .table(StockCounts::Table)
                .col(id(StockCounts::Id))
                .col(date(StockCounts::CountDate))
                .col(text(StockCounts::RegionCode))
                .col(text(StockCounts::ItemCode))
                .col(int(StockCounts::Counted))
                .col(int(StockCounts::Book))
                .col(text_null(StockCounts::Note))
                .col(text(StockCounts::Actor))
                .col(int_null(StockCounts::UploadId))
                .col(stamp(StockCounts::CreatedAt))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "uq_stock_counts_region_item_date",
            StockCounts::Table,
            vec![d(StockCounts::RegionCode), d(StockCounts::ItemCode), d(StockCounts::CountDate)],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(id(AuditLog::Id))
                .col(stamp(AuditLog::At))
                .col(text(AuditLog::Actor))
                .col(text(AuditLog::Action))
                .col(text(AuditLog::Subject))
                .col(ColumnDef::new(AuditLog::Details).text().not_null())
                .to_owned(),
        )
        .await?;
        index(m, "idx_audit_at", AuditLog::Table, vec![d(AuditLog::At)], false).await?;

        m.create_table(
            Table::create()
                .table(Uploads::Table)
                .col(id(Uploads::Id))
                .col(text(Uploads::Kind))
                .col(text(Uploads::Actor))
                .col(text(Uploads::Sha256))
                .col(int(Uploads::Rows))
                .col(int(Uploads::Inserted))
                .col(int(Uploads::Updated))
                .col(int(Uploads::Unchanged))
                .col(stamp(Uploads::CreatedAt))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "uploads",
            "audit_log",
            "stock_counts",
            "outages",
            "backlog_snapshots",
            "daily_prints",
            "shipments",
            "allocations",
            "procurements",
            "stock_balances",
            "ledger_entries",
            "api_tokens",
            "users",
            "holidays",
            "items",
            "regions",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned()).await?;
        }
        Ok(())
    }
}
