//! Residents' complaints (issue 14, SPEC §5 `complaints`): one row per `no_aduan` within its
//! kabupaten/kota (`office_code`), with the follow-up and closing dates a later row may fill in.
//! Region codes compare bytes on PostgreSQL (`COLLATE "C"`), as every region column since the
//! national-scale migration, so a subtree is an index range.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum Complaints {
    Table,
    Id,
    Reference,
    ComplaintDate,
    RegionCode,
    OfficeCode,
    Channel,
    Category,
    Text,
    FollowedUpOn,
    ClosedOn,
    Actor,
    UploadId,
    CreatedAt,
}

fn region_col(col: Complaints, backend: DatabaseBackend) -> ColumnDef {
    let mut def = ColumnDef::new(col);
    def.string().not_null();
    if backend == DatabaseBackend::Postgres {
        def.extra("COLLATE \"C\"");
    }
    def
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let backend = m.get_database_backend();
        m.create_table(
            Table::create()
                .table(Complaints::Table)
                .col(ColumnDef::new(Complaints::Id).big_integer().not_null().auto_increment().primary_key())
                .col(ColumnDef::new(Complaints::Reference).string().not_null())
                .col(ColumnDef::new(Complaints::ComplaintDate).date().not_null())
                .col(region_col(Complaints::RegionCode, backend))
                .col(region_col(Complaints::OfficeCode, backend))
                .col(ColumnDef::new(Complaints::Channel).string().null())
                .col(ColumnDef::new(Complaints::Category).string().not_null())
                .col(ColumnDef::new(Complaints::Text).string().null())
                .col(ColumnDef::new(Complaints::FollowedUpOn).date().null())
                .col(ColumnDef::new(Complaints::ClosedOn).date().null())
                .col(ColumnDef::new(Complaints::Actor).string().not_null())
                .col(ColumnDef::new(Complaints::UploadId).big_integer().null())
                .col(ColumnDef::new(Complaints::CreatedAt).timestamp_with_time_zone().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_complaints_office_reference")
                .table(Complaints::Table)
                .col(Complaints::OfficeCode)
                .col(Complaints::Reference)
                .unique()
                .to_owned(),
        )
        .await?;
        // A subtree's complaints by date (the region page, the forecast's summary, the report).
        m.create_index(
            Index::create()
                .name("idx_complaints_region_date")
                .table(Complaints::Table)
                .col(Complaints::RegionCode)
                .col(Complaints::ComplaintDate)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_complaints_reference")
                .table(Complaints::Table)
                .col(Complaints::Reference)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Complaints::Table).to_owned()).await
    }
}
