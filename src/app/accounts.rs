//! Accounts: who a token or a name is, and the users and tokens an operator manages
//! (`blanko user`). Tokens are stored hashed by `store::users`; a new one is returned once.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};

use crate::domain::auth::{Principal, Role};
use crate::domain::region::RegionCode;
use crate::store::users::{self, TokenRefused, UserSummary, expires_in_days};
use crate::store::{Store, StoreError};

/// A token shown once, and when it stops working.
pub struct Issued {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// The caller a bearer token stands for; refused when unknown, expired or revoked. The token's
/// last use is noted when no write is running: a token check never waits for an upload (the use
/// is noted on a later request).
pub async fn authenticate(store: &Store, token: &str) -> Result<Principal, TokenRefused> {
    let (who, used) = users::principal_for_token(&store.db, token).await?;
    if let Some(used) = used {
        if let Some((_permit, db)) = store.writer().try_now() {
            users::note_use(db, &used).await;
        } else {
            tracing::debug!(user = %who.name, "a write is running: the token's use is noted later");
        }
    }
    Ok(who)
}

/// The user with this name, as a principal (for commands run `--as` a user).
pub async fn by_name<C: ConnectionTrait>(db: &C, name: &str) -> Result<Option<Principal>, StoreError> {
    users::principal_by_name(db, name).await
}

/// Creates a user with a first token valid for `days`.
pub async fn add<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    name: &str,
    role: Role,
    region: Option<&RegionCode>,
    days: u32,
) -> Result<Issued, StoreError> {
    let expires_at = expires_in_days(days);
    let token = users::add_user(db, name, role, region, expires_at).await?;
    Ok(Issued { token, expires_at })
}

/// A fresh token for an existing user, valid for `days`; the user's other tokens keep working.
pub async fn issue_token<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    name: &str,
    days: u32,
) -> Result<Issued, StoreError> {
    let expires_at = expires_in_days(days);
    let token = users::issue_token(db, name, expires_at).await?;
    Ok(Issued { token, expires_at })
}

/// Revokes every token of a user; how many were still active.
pub async fn revoke<C: TransactionTrait + ConnectionTrait>(db: &C, name: &str) -> Result<u64, StoreError> {
    users::revoke(db, name).await
}

/// Every user with their role, region and tokens.
pub async fn list<C: ConnectionTrait>(db: &C) -> Result<Vec<UserSummary>, StoreError> {
    users::list(db).await
}
