//! blanko: the ledger of blank e-KTP cards from the centre to every counter.

pub mod app;
pub mod cli;
pub mod config;
pub mod domain;
pub mod http;
pub mod report;
pub mod store;
pub mod web;
