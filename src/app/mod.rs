//! The application layer: one module per use case, between the shells (`http`, `cli`, `web`) and
//! `store`. A use case loads through `store`, decides through `domain`, writes through `store`.

pub mod import;
pub mod record;
mod state;

pub use state::AppState;
