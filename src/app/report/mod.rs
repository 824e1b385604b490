//! One way to produce a report of SPEC §8, shared by `GET /api/v1/reports/{file}` and
//! `blanko report`, so that both give the same bytes: load what the report needs (`load`), map it
//! to the pure renderers' inputs (`build`), render.

mod briefing;
pub mod build;
mod charts;
mod kind;
mod load;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};

use crate::app::forecast::{ForecastError, WhatIf};
use crate::config::Settings;
use crate::domain::auth::{Denied, Principal};
use crate::domain::region::RegionCode;
use crate::report::{Delimiter, ReportError};
pub use charts::flow_chart;
pub use kind::{Format, Kind, available, parse_delimiter, parse_file};
pub use load::period_start;

/// What to render: a report of a region at a date, in one format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRequest {
    pub kind: Kind,
    pub format: Format,
    pub region: RegionCode,
    pub as_of: NaiveDate,
    /// CSV only: `,` (default) or `;` for Excel in the Indonesian locale.
    pub delimiter: Delimiter,
    /// Briefing only: a what-if to show beside the numbers (empty: none).
    pub what_if: WhatIf,
}

/// A rendered report: its bytes and how to hand them over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub content_type: &'static str,
    /// A file name a reader understands, e.g. `ringkasan_kabupaten-bekasi_2022-10-31.html`.
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// Why a report could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A kind and format that do not go together, or a bad parameter.
    #[error("{0}")]
    BadRequest(String),
    #[error("wilayah {0} tidak dikenal")]
    UnknownRegion(RegionCode),
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error("kesalahan basis data: {0}")]
    Db(#[from] DbErr),
    #[error(transparent)]
    Report(#[from] ReportError),
}

impl From<ForecastError> for RenderError {
    fn from(e: ForecastError) -> Self {
        match e {
            ForecastError::BadRequest(m) => RenderError::BadRequest(m),
            ForecastError::Db(err) => RenderError::Db(err),
        }
    }
}

/// Renders one report for `who`, who must be allowed to read the region.
#[tracing::instrument(skip(db, settings, who), fields(kind = ?req.kind, format = ?req.format, region = %req.region))]
pub async fn render<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    who: &Principal,
    req: &ReportRequest,
) -> Result<Rendered, RenderError> {
    if !kind::supported(req.kind, req.format) {
        return Err(RenderError::BadRequest(kind::unsupported_message(req.kind, req.format)));
    }
    who.check_read(&req.region)?;
    let region = crate::store::regions::get(db, &req.region)
        .await?
        .ok_or_else(|| RenderError::UnknownRegion(req.region.clone()))?;
    let bytes = load::render(db, settings, &region, req).await?;
    Ok(Rendered {
        content_type: req.format.content_type(),
        filename: kind::filename(req.kind, req.format, &region, req.as_of),
        bytes,
    })
}
