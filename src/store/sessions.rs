//! Passwords and web sessions (issue 11). A password is kept as an argon2id hash (PHC string); a
//! session id is 32 random bytes shown once to the browser (its cookie), stored as its SHA-256
//! like an API token. Every request reads its session, so sign-out, expiry and `blanko user
//! revoke` refuse it at once.

use std::sync::LazyLock;

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};

use super::StoreError;
use super::entities::{users, web_sessions};
use super::users::{find_user, hash_token, require_user, to_principal};
use crate::domain::auth::{CLI_ACTOR, Principal};

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Longest password accepted (argon2 would take more; a longer one is a paste gone wrong).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Fills `buf` from the operating system's random source: the one place tokens, session ids,
/// salts and passwords get their randomness.
pub(crate) fn random_bytes(buf: &mut [u8]) -> Result<(), StoreError> {
    getrandom::fill(buf).map_err(|e| StoreError::BadInput(format!("tidak dapat membuat bilangan acak: {e}")))
}

pub(crate) fn random_hex(bytes: usize) -> Result<String, StoreError> {
    let mut buf = vec![0u8; bytes];
    random_bytes(&mut buf)?;
    Ok(hex::encode(buf))
}

/// The argon2id hash of `password` with a fresh random salt, as a PHC string.
pub fn hash_password(password: &str) -> Result<String, StoreError> {
    let mut salt = [0u8; 16];
    random_bytes(&mut salt)?;
    Argon2::default()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::BadInput(format!("kata sandi tidak dapat di-hash: {e}")))
}

/// True when `password` matches the stored PHC string (false for a malformed one).
pub fn verify_password(password: &str, stored: &str) -> bool {
    Argon2::default().verify_password(password.as_bytes(), stored).is_ok()
}

/// A hash checked when the name is unknown, so that an unknown name takes as long to refuse as a
/// wrong password and the time of an answer does not tell which names exist.
static DUMMY_HASH: LazyLock<Option<String>> = LazyLock::new(|| hash_password("tidak-ada-pengguna-ini").ok());

/// Checks a new password: long enough, not too long, not only spaces.
pub fn check_password(password: &str) -> Result<(), StoreError> {
    let n = password.chars().count();
    if password.trim().is_empty() || n < MIN_PASSWORD_CHARS {
        return Err(StoreError::BadInput(format!("kata sandi minimal {MIN_PASSWORD_CHARS} karakter")));
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(StoreError::BadInput(format!("kata sandi maksimal {MAX_PASSWORD_CHARS} karakter")));
    }
    Ok(())
}

/// Sets the password of `name` and ends the user's open sessions (a changed password signs every
/// browser out).
pub async fn set_password<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    name: &str,
    password: &str,
) -> Result<(), StoreError> {
    check_password(password)?;
    let hash = hash_password(password)?;
    let txn = db.begin().await?;
    let user = require_user(&txn, name).await?;
    let ended = end_user_sessions(&txn, user.id).await?;
    users::ActiveModel { id: Set(user.id), password_hash: Set(Some(hash)), ..Default::default() }.update(&txn).await?;
    super::audit::record(&txn, CLI_ACTOR, "user.password", &user.name, &serde_json::json!({"sessions_ended": ended}))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Ends every open session of a user; how many were open (neither ended nor expired).
pub(super) async fn end_user_sessions<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<u64, StoreError> {
    let now = Utc::now();
    Ok(web_sessions::Entity::update_many()
        .col_expr(web_sessions::Column::RevokedAt, Expr::value(now))
        .filter(web_sessions::Column::UserId.eq(user_id))
        .filter(web_sessions::Column::RevokedAt.is_null())
        .filter(web_sessions::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?
        .rows_affected)
}

/// A session just opened: the id for the browser's cookie (shown once) and when it ends.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub id: String,
    pub expires_at: DateTime<Utc>,
    pub principal: Principal,
}

/// Why a sign-in or a session was refused; each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum SessionRefused {
    /// Unknown name, no password set, or a wrong password: one message for all three.
    #[error("nama pengguna atau kata sandi salah")]
    BadCredentials,
    #[error("sesi tidak dikenal; silakan masuk")]
    Unknown,
    #[error("sesi sudah berakhir; silakan masuk lagi")]
    Ended,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for SessionRefused {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Store(e.into())
    }
}

/// Checks `name` and `password` and opens a session of `lifetime`.
pub async fn sign_in<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    name: &str,
    password: &str,
    lifetime: TimeDelta,
) -> Result<NewSession, SessionRefused> {
    let user = find_user(db, name).await?;
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let Some((user, stored)) = user.zip(stored) else {
        if let Some(dummy) = DUMMY_HASH.as_deref() {
            verify_password(password, dummy);
        }
        return Err(SessionRefused::BadCredentials);
    };
    if !verify_password(password, &stored) {
        return Err(SessionRefused::BadCredentials);
    }
    let id = random_hex(32)?;
    let now = Utc::now();
    let expires_at = now + lifetime;
    let txn = db.begin().await?;
    // The user's sessions that can no longer be used are of no further use: keep the table small.
    web_sessions::Entity::delete_many()
        .filter(web_sessions::Column::UserId.eq(user.id))
        .filter(
            Condition::any()
                .add(web_sessions::Column::ExpiresAt.lte(now))
                .add(web_sessions::Column::RevokedAt.is_not_null()),
        )
        .exec(&txn)
        .await?;
    web_sessions::ActiveModel {
        user_id: Set(user.id),
        session_hash: Set(hash_token(&id)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::audit::record(&txn, &user.name, "session.start", &user.name, &serde_json::json!({"expires_at": expires_at}))
        .await?;
    txn.commit().await?;
    Ok(NewSession { id, expires_at, principal: to_principal(user)? })
}

/// The user a session belongs to, if it is known, not ended and not expired.
pub async fn principal_for_session<C: ConnectionTrait>(db: &C, id: &str) -> Result<Principal, SessionRefused> {
    let s = web_sessions::Entity::find()
        .filter(web_sessions::Column::SessionHash.eq(hash_token(id)))
        .one(db)
        .await?
        .ok_or(SessionRefused::Unknown)?;
    if s.revoked_at.is_some() || s.expires_at <= Utc::now() {
        return Err(SessionRefused::Ended);
    }
    let user = users::Entity::find_by_id(s.user_id).one(db).await?.ok_or(SessionRefused::Unknown)?;
    Ok(to_principal(user)?)
}

/// Ends one session (sign-out); unknown or ended sessions are left as they are.
pub async fn sign_out<C: ConnectionTrait>(db: &C, id: &str) -> Result<(), StoreError> {
    web_sessions::Entity::update_many()
        .col_expr(web_sessions::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(web_sessions::Column::SessionHash.eq(hash_token(id)))
        .filter(web_sessions::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The form token of a session: derived from its secret id, so it needs no storage, differs per
/// session, and cannot be computed by a page that does not hold the cookie.
pub fn csrf_token(session_id: &str) -> String {
    hex::encode(Sha256::digest(format!("blanko-csrf\0{session_id}").as_bytes()))
}

/// A random password to hand out (the demo users'): 20 characters in groups, easy to type.
pub fn new_password() -> Result<String, StoreError> {
    const LETTERS: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 20];
    random_bytes(&mut bytes)?;
    let chars: Vec<char> = bytes.iter().map(|b| char::from(LETTERS[usize::from(*b) % LETTERS.len()])).collect();
    Ok(chars.chunks(5).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-"))
}

/// A fresh random value for the sign-in form (before any session exists).
pub fn new_form_nonce() -> Result<String, StoreError> {
    random_hex(16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let h = hash_password("kata-sandi-panjang").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("kata-sandi-panjang", &h));
        assert!(!verify_password("kata-sandi-lain!!", &h));
        assert!(!verify_password("kata-sandi-panjang", "bukan hash"));
        assert_ne!(hash_password("kata-sandi-panjang").unwrap(), h, "each hash has its own salt");
    }

    #[test]
    fn short_and_blank_passwords_are_refused() {
        assert!(check_password("pendek").is_err());
        assert!(check_password("           ").is_err());
        assert!(check_password(&"x".repeat(MAX_PASSWORD_CHARS + 1)).is_err());
        assert!(check_password("cukup-panjang").is_ok());
    }

    #[test]
    fn csrf_tokens_differ_per_session() {
        assert_ne!(csrf_token("a"), csrf_token("b"));
        assert_eq!(csrf_token("a"), csrf_token("a"));
        assert_ne!(csrf_token("a"), hash_token("a"), "the form token is not the stored session hash");
    }
}
