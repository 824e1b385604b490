//! Typed settings, parsed once from flags and environment.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// The embedded default: a SQLite file beside the working directory, created on first use.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://blanko.db?mode=rwc";

/// Days a new API token stays valid unless `--token-expires-days` says otherwise.
pub const DEFAULT_TOKEN_EXPIRES_DAYS: u32 = 180;

/// Western Indonesia Time (WIB, UTC+7), where most offices work.
pub const WIB: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+7 is a valid offset"),
};

/// Settings every command shares.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    /// Largest upload body accepted, in bytes (413 above it).
    pub max_upload_bytes: usize,
    /// Working days a shipment takes to arrive: below this cover a region is `merah`.
    pub lead_time_days: u32,
    /// Working days of stock a reorder aims for.
    pub target_cover_days: u32,
    /// Days a new API token stays valid.
    pub token_expires_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: DEFAULT_DATABASE_URL.into(),
            max_upload_bytes: 20 * 1024 * 1024,
            lead_time_days: 10,
            target_cover_days: 40,
            token_expires_days: DEFAULT_TOKEN_EXPIRES_DAYS,
        }
    }
}

/// Today's date in WIB.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&WIB).date_naive()
}

/// A moment as people in the offices read it: `2026-05-01 14:30 WIB`.
pub fn wib_minute(at: DateTime<Utc>) -> String {
    at.with_timezone(&WIB).format("%Y-%m-%d %H:%M WIB").to_string()
}
