//! Tests over whole files: one per error code, every accepted variant, properties, speed.

mod codes;
pub(super) mod fixture;
mod perf;
mod props;
mod snapshots;
mod variants;
