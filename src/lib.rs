//! blanko: the ledger of blank e-KTP cards from the centre to every counter.

pub mod app;
pub mod cli;
pub mod config;
pub mod domain;
pub mod http;
pub mod report;
pub mod store;
pub mod web;

/// The report use case's old path, kept only until `cli/mod.rs` (another package of issue 9)
/// imports `app::report` itself; nothing new should name it.
#[doc(hidden)]
pub use app::report as report_service;
