//! The errors of the use cases in `app`, before any shell maps them: refused, not found, or a
//! store failure. `http::error::AppError` and the CLI each turn them into their own answer.

use sea_orm::DbErr;

use crate::domain::auth::Denied;
use crate::domain::csv_import::ErrorList;
use crate::store::StoreError;

/// Why a use case did not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The caller's role or region does not allow it.
    #[error(transparent)]
    Denied(#[from] Denied),
    /// A region, record or user that does not exist; the message names it.
    #[error("{0}")]
    NotFound(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A single record that breaks the rules of an upload row: every problem, by field.
    #[error("data tidak valid")]
    Invalid(ErrorList),
}

impl From<DbErr> for Error {
    fn from(e: DbErr) -> Self {
        Self::Store(StoreError::Db(e))
    }
}
