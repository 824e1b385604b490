//! Tokens expire, can be revoked and remember when they were last used (SPEC §4, §9). Tokens issued
//! before this migration get the default lifetime (180 days) from now, so no token lives forever.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Iden)]
enum ApiTokens {
    Table,
    ExpiresAt,
    RevokedAt,
    LastUsedAt,
}

/// Lifetime given to tokens that existed before expiry did; the same as the CLI's default.
const EXISTING_TOKEN_DAYS: i64 = 180;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one ADD COLUMN per ALTER TABLE.
        for col in [ApiTokens::ExpiresAt, ApiTokens::RevokedAt, ApiTokens::LastUsedAt] {
            m.alter_table(
                Table::alter()
                    .table(ApiTokens::Table)
                    .add_column(ColumnDef::new(col).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        }
        let expires_at = chrono::Utc::now() + chrono::Duration::days(EXISTING_TOKEN_DAYS);
        m.exec_stmt(
            Query::update()
                .table(ApiTokens::Table)
                .value(ApiTokens::ExpiresAt, expires_at)
                .and_where(Expr::col(ApiTokens::ExpiresAt).is_null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [ApiTokens::LastUsedAt, ApiTokens::RevokedAt, ApiTokens::ExpiresAt] {
            m.alter_table(Table::alter().table(ApiTokens::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}
