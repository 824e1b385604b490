//! `GET /api/v1/reports/{file}` (SPEC §8): a report file, the same bytes `blanko report` writes.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiQuery, AppError};
use super::forecast::{WhatIfQuery, what_if};
use super::stock::home;
use super::{AppState, date_param, region_param};
use crate::app::report::{Format, Kind, ReportRequest, parse_delimiter, parse_file, render};
use crate::domain::auth::Principal;
use crate::report::Delimiter;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// Region code (default: the caller's own region, or PUSAT for the nation).
    region: Option<String>,
    /// YYYY-MM-DD (default: today).
    as_of: Option<String>,
    /// CSV field separator: `comma` (default) or `semicolon` (Excel in the Indonesian locale).
    delimiter: Option<String>,
}

/// A report of a region at a date: `stock`, `backlog`, `forecast` or `shipments` as `.csv`,
/// `.png` or `.svg` (the chart); `ledger.csv`; `briefing.html` (one printable A4 page) or
/// `briefing.png` (the same page as an image). The briefing shows a what-if beside its numbers
/// when one is asked (the parameters of `/forecast`, e.g. `extra_quantity=20000&extra_on=2022-11-20`).
#[utoipa::path(get, path = "/reports/{file}",
    params(("file" = String, Path, description = "KIND.EXT, e.g. briefing.html, stock.csv, forecast.png"), ReportQuery, WhatIfQuery),
    responses(
        (status = 200, description = "The report file, with Content-Disposition naming it",
            content(("text/csv"), ("image/png"), ("image/svg+xml"), ("text/html"))),
        (status = 404, description = "Unknown report or format (the message lists what exists)", body = super::error::ErrorBody),
        (status = 403, body = super::error::ErrorBody),
        (status = 404, body = super::error::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %p.name))]
async fn get_report(
    p: Principal,
    State(s): State<AppState>,
    Path(file): Path<String>,
    ApiQuery(q): ApiQuery<ReportQuery>,
    ApiQuery(wq): ApiQuery<WhatIfQuery>,
) -> Result<Response, AppError> {
    let (kind, format) = parse_file(&file).map_err(AppError::not_found)?;
    let region = region_param(q.region.as_deref(), home(&p))?;
    let as_of = date_param(q.as_of.as_deref(), "as_of")?;
    let delimiter = match q.delimiter.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => Delimiter::Comma,
        Some(t) => parse_delimiter(t).ok_or_else(|| {
            AppError::bad_request(format!("delimiter '{t}' tidak dikenal; pilih comma atau semicolon"))
        })?,
    };
    let what_if = what_if(&wq, as_of)?;
    if !what_if.is_empty() && kind != Kind::Briefing {
        return Err(AppError::bad_request(
            "parameter bagaimana-jika (ship_allocations, apply_loans, delay_*, extra_*) hanya untuk ringkasan (briefing)",
        ));
    }
    let req = ReportRequest { kind, format, region, as_of, delimiter, what_if };
    let out = render(&s.store.db, &s.settings, &p, &req).await?;
    // Pages and pictures open in the browser; tables download.
    let how = if format == Format::Csv { "attachment" } else { "inline" };
    let disposition = format!("{how}; filename=\"{}\"", out.filename);
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, out.content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CONTENT_SECURITY_POLICY, crate::report::REPORT_CSP.to_string()),
        ],
        out.bytes,
    )
        .into_response())
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_report))
}
