//! Accounts: who a token, a web session or a name is, and the users, passwords and tokens an
//! operator manages (`blanko user`). Tokens and session ids are stored hashed by `store::users`
//! and `store::sessions`; a new one is returned once.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};

use crate::domain::auth::{Principal, Role};
use crate::domain::region::RegionCode;
use crate::store::sessions::{self, NewSession, SessionRefused};
use crate::store::users::{self, Revoked, TokenRefused, UserSummary, expires_in_days};
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

/// Revokes every token of a user and ends their web sessions; how many of each were still active.
pub async fn revoke<C: TransactionTrait + ConnectionTrait>(db: &C, name: &str) -> Result<Revoked, StoreError> {
    users::revoke_all(db, name).await
}

/// Sets a user's password for the web pages (and signs their browsers out).
pub async fn set_password<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    name: &str,
    password: &str,
) -> Result<(), StoreError> {
    sessions::set_password(db, name, password).await
}

/// Checks a name and password and opens a web session of `hours` hours.
pub async fn sign_in<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    name: &str,
    password: &str,
    hours: u32,
) -> Result<NewSession, SessionRefused> {
    sessions::sign_in(db, name, password, chrono::TimeDelta::hours(i64::from(hours))).await
}

/// The caller a session cookie stands for; refused when unknown, ended or expired.
pub async fn session<C: ConnectionTrait>(db: &C, id: &str) -> Result<Principal, SessionRefused> {
    sessions::principal_for_session(db, id).await
}

/// Ends a web session (sign-out).
pub async fn sign_out<C: ConnectionTrait>(db: &C, id: &str) -> Result<(), StoreError> {
    sessions::sign_out(db, id).await
}

/// Every user with their role, region and tokens.
pub async fn list<C: ConnectionTrait>(db: &C) -> Result<Vec<UserSummary>, StoreError> {
    users::list(db).await
}
