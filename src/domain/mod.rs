//! The pure core: no database, no HTTP, no I/O. Everything here takes plain values.

pub mod allocation;
pub mod auth;
pub mod calendar;
pub mod complaints;
pub mod csv_import;
pub mod forecast;
pub mod item;
pub mod ledger;
pub mod limits;
pub mod quantity;
pub mod records;
pub mod region;
pub mod reporting;
pub mod spreadsheet;
pub mod stock;
