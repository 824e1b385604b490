//! Integration tests: one binary, a fresh database per test, every test through the router (no
//! socket). Each test runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.

mod helpers;

mod auth;
mod complaints;
mod forecast;
mod ledger;
mod limits;
mod matrix;
mod openapi;
mod properties;
mod records;
mod reports;
mod scope_properties;
mod single_fields;
mod uploads;
mod web;
