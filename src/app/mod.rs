//! The application layer: one module per use case, between the shells (`http`, `cli`, `web`) and
//! `store`. A use case loads through `store`, decides through `domain`, writes through `store`.

pub mod accounts;
pub mod complaints;
pub mod error;
pub mod forecast;
pub mod import;
pub mod overview;
pub mod plan;
pub mod record;
pub mod report;
mod state;
pub mod stock;

pub use state::AppState;
