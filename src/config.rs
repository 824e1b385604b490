//! Typed settings, parsed once from flags and environment.

use chrono::{FixedOffset, NaiveDate, Utc};

/// The embedded default: a SQLite file beside the working directory, created on first use.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://blanko.db?mode=rwc";

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
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: DEFAULT_DATABASE_URL.into(),
            max_upload_bytes: 20 * 1024 * 1024,
            lead_time_days: 10,
            target_cover_days: 40,
        }
    }
}

/// Today's date in Western Indonesia Time (WIB, UTC+7), where most offices work.
pub fn today() -> NaiveDate {
    let wib = FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
    Utc::now().with_timezone(&wib).date_naive()
}
