//! Users and API tokens. A token is 32 random bytes shown once; only its SHA-256 is stored, which
//! is safe for long random secrets and cheap enough to check on every request. Tokens expire and
//! can be revoked; both are read from the database on every request, so a revoked token is refused
//! at once by every `blanko serve` sharing the database.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    Set, TransactionTrait,
};
use sha2::{Digest, Sha256};

use super::StoreError;
use super::entities::{api_tokens, users};
use crate::config::wib_minute;
use crate::domain::auth::{CLI_ACTOR, Principal, RESERVED_USER_NAMES, Role, is_reserved_user_name};
use crate::domain::region::RegionCode;

/// Prefix that makes a blanko token recognisable in logs and secret scanners.
const TOKEN_PREFIX: &str = "blk_";

/// `last_used_at` is rewritten only when older than this, so busy clients do not queue writes
/// behind SQLite's single writer.
const LAST_USED_RESOLUTION: TimeDelta = TimeDelta::seconds(60);

/// The stored form of a token.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The expiry of a token issued now that lives `days` days.
pub fn expires_in_days(days: u32) -> DateTime<Utc> {
    Utc::now() + TimeDelta::days(i64::from(days))
}

fn new_token() -> Result<String, StoreError> {
    Ok(format!("{TOKEN_PREFIX}{}", super::sessions::random_hex(32)?))
}

/// Stores a new token of `user_id` and returns it (the only time it is visible).
async fn insert_token<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    expires_at: DateTime<Utc>,
) -> Result<String, StoreError> {
    let token = new_token()?;
    api_tokens::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(hash_token(&token)),
        created_at: Set(Utc::now()),
        expires_at: Set(Some(expires_at)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

pub(super) async fn find_user<C: ConnectionTrait>(db: &C, name: &str) -> Result<Option<users::Model>, StoreError> {
    Ok(users::Entity::find().filter(users::Column::Name.eq(name.trim())).one(db).await?)
}

pub(super) async fn require_user<C: ConnectionTrait>(db: &C, name: &str) -> Result<users::Model, StoreError> {
    find_user(db, name).await?.ok_or_else(|| {
        StoreError::NotFound(format!(
            "pengguna '{name}' tidak dikenal; lihat daftarnya dengan `blanko user list` atau buat dengan `blanko user add`"
        ))
    })
}

/// Creates a user with a first token valid until `expires_at` and returns the token.
pub async fn add_user<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    name: &str,
    role: Role,
    region: Option<&RegionCode>,
    expires_at: DateTime<Utc>,
) -> Result<String, StoreError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StoreError::BadInput("nama pengguna wajib diisi".into()));
    }
    if is_reserved_user_name(name) {
        return Err(StoreError::BadInput(format!(
            "nama '{name}' dipakai sistem untuk pencatatannya sendiri ({}); pilih nama lain",
            RESERVED_USER_NAMES.join(", ")
        )));
    }
    let region = role.check_region(region).map_err(StoreError::BadInput)?;
    if let Some(r) = &region
        && super::regions::get(db, r).await?.is_none()
    {
        return Err(StoreError::NotFound(format!(
            "wilayah {r} tidak dikenal; jalankan `blanko seed` atau periksa kodenya"
        )));
    }
    let txn = db.begin().await?;
    if find_user(&txn, name).await?.is_some() {
        return Err(StoreError::Conflict(format!("pengguna '{name}' sudah ada; pilih nama lain")));
    }
    let user = users::ActiveModel {
        name: Set(name.to_string()),
        role: Set(role.as_str().to_string()),
        region_code: Set(region.as_ref().map(ToString::to_string)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let token = insert_token(&txn, user.id, expires_at).await?;
    let details =
        serde_json::json!({"role": role.as_str(), "region": region.map(|r| r.to_string()), "expires_at": expires_at});
    super::audit::record(&txn, CLI_ACTOR, "user.add", name, &details).await?;
    txn.commit().await?;
    Ok(token)
}

/// A fresh token for an existing user, valid until `expires_at`; the user's other tokens keep working.
pub async fn issue_token<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    name: &str,
    expires_at: DateTime<Utc>,
) -> Result<String, StoreError> {
    let txn = db.begin().await?;
    let user = require_user(&txn, name).await?;
    let token = insert_token(&txn, user.id, expires_at).await?;
    super::audit::record(&txn, CLI_ACTOR, "user.token", &user.name, &serde_json::json!({"expires_at": expires_at}))
        .await?;
    txn.commit().await?;
    Ok(token)
}

/// What `blanko user revoke` ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revoked {
    pub tokens: u64,
    /// Web sessions still open.
    pub sessions: u64,
}

/// Revokes every token of `name` not revoked yet; returns how many.
pub async fn revoke<C: TransactionTrait + ConnectionTrait>(db: &C, name: &str) -> Result<u64, StoreError> {
    Ok(revoke_all(db, name).await?.tokens)
}

/// Revokes every token of `name` and ends every open web session of theirs, at once.
pub async fn revoke_all<C: TransactionTrait + ConnectionTrait>(db: &C, name: &str) -> Result<Revoked, StoreError> {
    let txn = db.begin().await?;
    let user = require_user(&txn, name).await?;
    let tokens = api_tokens::Entity::update_many()
        .col_expr(api_tokens::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(api_tokens::Column::UserId.eq(user.id))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    let sessions = super::sessions::end_user_sessions(&txn, user.id).await?;
    super::audit::record(
        &txn,
        CLI_ACTOR,
        "user.revoke",
        &user.name,
        &serde_json::json!({"tokens": tokens, "sessions": sessions}),
    )
    .await?;
    txn.commit().await?;
    Ok(Revoked { tokens, sessions })
}

/// Whether a token may be used at `now`.
enum TokenState {
    Active,
    Revoked,
    Expired(DateTime<Utc>),
}

fn state(t: &api_tokens::Model, now: DateTime<Utc>) -> TokenState {
    match (t.revoked_at, t.expires_at) {
        (Some(_), _) => TokenState::Revoked,
        (None, Some(at)) if at <= now => TokenState::Expired(at),
        _ => TokenState::Active,
    }
}

/// Why a request's token was refused; each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum TokenRefused {
    #[error("token tidak dikenal atau sudah tidak berlaku")]
    Unknown,
    #[error("token sudah dicabut; minta token baru ke admin (`blanko user token {user}`)")]
    Revoked { user: String },
    #[error("token kedaluwarsa sejak {}; minta token baru ke admin (`blanko user token {user}`)", wib_minute(*since))]
    Expired { user: String, since: DateTime<Utc> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for TokenRefused {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Store(e.into())
    }
}

/// A use of a token to note (`note_use`): its last noted use is older than a minute.
pub struct TokenUse {
    id: i64,
    at: DateTime<Utc>,
}

/// The user a token belongs to, if the token is known, not revoked and not expired, and the use to
/// note if it is due.
pub async fn principal_for_token<C: ConnectionTrait>(
    db: &C,
    token: &str,
) -> Result<(Principal, Option<TokenUse>), TokenRefused> {
    // The token and its user in one round trip: every API request begins here.
    let row = db
        .query_one(super::sql::stmt(
            db.get_database_backend(),
            "SELECT t.id AS t_id, t.user_id AS t_user_id, t.token_hash AS t_token_hash, t.created_at AS t_created_at, \
               t.expires_at AS t_expires_at, t.revoked_at AS t_revoked_at, t.last_used_at AS t_last_used_at, \
               u.id AS u_id, u.name AS u_name, u.role AS u_role, u.region_code AS u_region_code, \
               u.created_at AS u_created_at, u.password_hash AS u_password_hash \
             FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
            vec![hash_token(token).into()],
        ))
        .await?
        .ok_or(TokenRefused::Unknown)?;
    let t = api_tokens::Model::from_query_result(&row, "t_")?;
    let user = users::Model::from_query_result(&row, "u_")?;
    let now = Utc::now();
    match state(&t, now) {
        TokenState::Revoked => return Err(TokenRefused::Revoked { user: user.name }),
        TokenState::Expired(since) => return Err(TokenRefused::Expired { user: user.name, since }),
        TokenState::Active => {}
    }
    let stale = now - LAST_USED_RESOLUTION;
    let due = t.last_used_at.is_none_or(|at| at <= stale);
    let noted = due.then_some(TokenUse { id: t.id, at: now });
    Ok((to_principal(user)?, noted))
}

/// Records that a token was used, unless it was recorded within the last minute. The condition is
/// repeated in the UPDATE so concurrent requests and instances write at most once per minute; a
/// failure is logged and never fails the request.
pub async fn note_use<C: ConnectionTrait>(db: &C, t: &TokenUse) {
    let (now, stale) = (t.at, t.at - LAST_USED_RESOLUTION);
    let result = api_tokens::Entity::update_many()
        .col_expr(api_tokens::Column::LastUsedAt, Expr::value(now))
        .filter(api_tokens::Column::Id.eq(t.id))
        .filter(
            Condition::any()
                .add(api_tokens::Column::LastUsedAt.is_null())
                .add(api_tokens::Column::LastUsedAt.lt(stale)),
        )
        .exec(db)
        .await;
    if let Err(e) = result {
        tracing::warn!(token_id = t.id, error = %e, "last_used_at tidak dapat diperbarui");
    }
}

pub(super) fn to_principal(u: users::Model) -> Result<Principal, StoreError> {
    let role = Role::parse(&u.role).ok_or_else(|| {
        StoreError::Corrupt(format!("peran tersimpan '{}' milik pengguna '{}' tidak dikenal", u.role, u.name))
    })?;
    Ok(Principal { name: u.name, role, region: u.region_code.map(RegionCode::from_trusted) })
}

/// The user with this name, as a principal (for `blanko import --as NAME`).
pub async fn principal_by_name<C: ConnectionTrait>(db: &C, name: &str) -> Result<Option<Principal>, StoreError> {
    find_user(db, name).await?.map(to_principal).transpose()
}

/// One line of `blanko user list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub name: String,
    pub role: String,
    pub region: Option<String>,
    /// Tokens neither revoked nor expired.
    pub active_tokens: usize,
    /// The latest use of any of the user's tokens.
    pub last_used: Option<DateTime<Utc>>,
}

/// Every user, by name, with their token counts.
pub async fn list<C: ConnectionTrait>(db: &C) -> Result<Vec<UserSummary>, StoreError> {
    let now = Utc::now();
    let mut tokens: HashMap<i64, Vec<api_tokens::Model>> = HashMap::new();
    for t in api_tokens::Entity::find().all(db).await? {
        tokens.entry(t.user_id).or_default().push(t);
    }
    let users = users::Entity::find().order_by_asc(users::Column::Name).all(db).await?;
    Ok(users
        .into_iter()
        .map(|u| {
            let own = tokens.remove(&u.id).unwrap_or_default();
            UserSummary {
                active_tokens: own.iter().filter(|t| matches!(state(t, now), TokenState::Active)).count(),
                last_used: own.iter().filter_map(|t| t.last_used_at).max(),
                name: u.name,
                role: u.role,
                region: u.region_code,
            }
        })
        .collect())
}
