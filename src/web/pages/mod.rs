//! One module per page (or group of pages). A handler reads the request, calls `app`, renders.

pub mod briefing;
pub mod plan;
pub mod receive;
pub mod record;
pub mod region;
pub mod signin;
pub mod upload;

use chrono::NaiveDate;

use super::error::WebError;
use crate::config::Settings;

/// The date a page shows: `tanggal=YYYY-MM-DD`, or the deployment's default.
pub fn as_of(settings: &Settings, tanggal: Option<&str>) -> Result<NaiveDate, WebError> {
    match tanggal.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(settings.pages_as_of()),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .ok()
            .filter(|d| crate::domain::limits::query_date_in_range(*d, crate::config::today()))
            .ok_or_else(|| {
                WebError::BadRequest(format!("tanggal '{t}' tidak dapat dipakai; pilih tanggal yang valid"))
            }),
    }
}
