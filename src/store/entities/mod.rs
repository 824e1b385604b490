//! sea-orm entities, one module per table, grouped by what they hold; each is re-exported here so
//! its path stays `store::entities::<table>` (the schema itself lives in `migrations/`).

mod ledger;
mod people;
mod places;
mod records;

pub use ledger::{ledger_entries, stock_balances, uploads};
pub use people::{api_tokens, audit_log, users, web_sessions};
pub use places::{holidays, items, regions};
pub use records::{
    allocations, backlog_snapshots, complaints, daily_prints, outages, procurements, shipments, stock_counts,
};
