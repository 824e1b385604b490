//! Bearer-token authentication: resolves the caller to a `Principal` or answers 401. The token is
//! looked up on every request, so a revoked or expired one is refused at once.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use super::AppState;
use super::error::AppError;
use crate::app::accounts;
use crate::domain::auth::Principal;
use crate::store::users::TokenRefused;

impl FromRequestParts<AppState> for Principal {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).ok_or_else(|| {
            AppError::unauthorized(
                "token tidak ada: kirim header 'Authorization: Bearer TOKEN' (buat token dengan `blanko user add`)",
            )
        })?;
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| AppError::unauthorized("header Authorization harus berbentuk 'Bearer TOKEN'"))?;
        accounts::authenticate(&state.store, token).await.map_err(|e| match e {
            TokenRefused::Store(e) => e.into(),
            refused => AppError::unauthorized(refused.to_string()),
        })
    }
}
