//! Users and API tokens. A token is 32 random bytes shown once; only its SHA-256 is stored, which
//! is safe for long random secrets and cheap enough to check on every request.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use sha2::{Digest, Sha256};

use super::StoreError;
use super::entities::{api_tokens, users};
use crate::domain::auth::{Principal, Role};
use crate::domain::region::RegionCode;

/// Prefix that makes a blanko token recognisable in logs and secret scanners.
const TOKEN_PREFIX: &str = "blk_";

/// The stored form of a token.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::BadInput(format!("tidak dapat membuat token acak: {e}")))?;
    Ok(format!("{TOKEN_PREFIX}{}", hex::encode(bytes)))
}

/// Creates a user with a first token and returns the token (the only time it is visible).
pub async fn add_user<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    name: &str,
    role: Role,
    region: Option<&RegionCode>,
) -> Result<String, StoreError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StoreError::BadInput("nama pengguna wajib diisi".into()));
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
    if users::Entity::find().filter(users::Column::Name.eq(name)).one(&txn).await?.is_some() {
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
    let token = new_token()?;
    api_tokens::ActiveModel {
        user_id: Set(user.id),
        token_hash: Set(hash_token(&token)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::audit::record(
        &txn,
        "cli",
        "user.add",
        name,
        &serde_json::json!({"role": role.as_str(), "region": region.map(|r| r.to_string())}),
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}

/// The user a token belongs to, if any.
pub async fn principal_for_token<C: ConnectionTrait>(db: &C, token: &str) -> Result<Option<Principal>, StoreError> {
    let Some(t) =
        api_tokens::Entity::find().filter(api_tokens::Column::TokenHash.eq(hash_token(token))).one(db).await?
    else {
        return Ok(None);
    };
    users::Entity::find_by_id(t.user_id).one(db).await?.map(to_principal).transpose()
}

fn to_principal(u: users::Model) -> Result<Principal, StoreError> {
    let role = Role::parse(&u.role)
        .ok_or_else(|| StoreError::BadInput(format!("peran tersimpan '{}' tidak dikenal", u.role)))?;
    Ok(Principal { name: u.name, role, region: u.region_code.map(RegionCode::from_trusted) })
}

/// The user with this name, as a principal (for `blanko import --as NAME`).
pub async fn principal_by_name<C: ConnectionTrait>(db: &C, name: &str) -> Result<Option<Principal>, StoreError> {
    users::Entity::find().filter(users::Column::Name.eq(name)).one(db).await?.map(to_principal).transpose()
}
