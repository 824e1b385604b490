//! Signing in to the web pages (issue 11): a user may have a password (argon2 hash, PHC string),
//! and a signed-in browser holds a session. Only the SHA-256 of a session id is stored; a session
//! expires, ends at sign-out and dies with `blanko user revoke`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum Users {
    Table,
    PasswordHash,
}

#[derive(Iden)]
enum WebSessions {
    Table,
    Id,
    UserId,
    SessionHash,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(ColumnDef::new(Users::PasswordHash).string().null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(WebSessions::Table)
                .col(ColumnDef::new(WebSessions::Id).big_integer().not_null().auto_increment().primary_key())
                .col(ColumnDef::new(WebSessions::UserId).big_integer().not_null())
                .col(ColumnDef::new(WebSessions::SessionHash).string().not_null().unique_key())
                .col(ColumnDef::new(WebSessions::CreatedAt).timestamp_with_time_zone().not_null())
                .col(ColumnDef::new(WebSessions::ExpiresAt).timestamp_with_time_zone().not_null())
                .col(ColumnDef::new(WebSessions::RevokedAt).timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_web_sessions_user").table(WebSessions::Table).col(WebSessions::UserId).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(WebSessions::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(Users::Table).drop_column(Users::PasswordHash).to_owned()).await
    }
}
