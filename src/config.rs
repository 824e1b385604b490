//! Typed settings, parsed once from flags and environment.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use crate::domain::forecast::ForecastParams;

/// The embedded default: a SQLite file beside the working directory, created on first use.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://blanko.db?mode=rwc";

/// Days a new API token stays valid unless `--token-expires-days` says otherwise.
pub const DEFAULT_TOKEN_EXPIRES_DAYS: u32 = 180;

/// Hours a web session lasts unless `--session-hours` says otherwise: one working day.
pub const DEFAULT_SESSION_HOURS: u32 = 12;

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
    /// Hours a web session lasts after signing in.
    pub session_hours: u32,
    /// Mark the session cookie `Secure` (only sent over HTTPS): set when blanko is served behind
    /// TLS (a reverse proxy terminating HTTPS).
    pub secure_cookies: bool,
    /// Days an office has to follow up a complaint before it is overdue (default 14).
    pub follow_up_days: u32,
    /// The date the web pages show when none is picked; `None`: today. `serve --demo` sets the
    /// demo history's own date.
    pub as_of: Option<NaiveDate>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: DEFAULT_DATABASE_URL.into(),
            max_upload_bytes: 20 * 1024 * 1024,
            lead_time_days: 10,
            target_cover_days: 40,
            token_expires_days: DEFAULT_TOKEN_EXPIRES_DAYS,
            session_hours: DEFAULT_SESSION_HOURS,
            secure_cookies: false,
            follow_up_days: crate::domain::complaints::DEFAULT_FOLLOW_UP_DAYS,
            as_of: None,
        }
    }
}

impl Settings {
    /// The date the web pages show when the user picks none.
    pub fn pages_as_of(&self) -> NaiveDate {
        self.as_of.unwrap_or_else(today)
    }

    /// The forecast settings of this deployment, with an optional horizon (clamped to 1–500
    /// working days). Every screen, report and command asks here, so they show the same numbers.
    pub fn forecast_params(&self, horizon_days: Option<u32>) -> ForecastParams {
        let mut p = ForecastParams {
            lead_time_days: self.lead_time_days,
            target_cover_days: self.target_cover_days,
            ..ForecastParams::default()
        };
        if let Some(h) = horizon_days {
            p.horizon_days = h.clamp(1, 500);
        }
        p
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

#[cfg(test)]
mod tests {
    use super::Settings;

    #[test]
    fn forecast_params_take_the_settings_and_clamp_the_horizon() {
        let s = Settings { lead_time_days: 7, target_cover_days: 30, ..Settings::default() };
        let p = s.forecast_params(None);
        assert_eq!((p.lead_time_days, p.target_cover_days), (7, 30));
        assert_eq!(p.horizon_days, crate::domain::forecast::ForecastParams::default().horizon_days);
        assert_eq!(s.forecast_params(Some(0)).horizon_days, 1);
        assert_eq!(s.forecast_params(Some(9_999)).horizon_days, 500);
        assert_eq!(s.forecast_params(Some(60)).horizon_days, 60);
    }
}
