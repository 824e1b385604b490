//! The briefing for the Pj Bupati (and any reader): the headline and the stock chart on screen,
//! and the one-page A4 report of `app::report` to print from the browser.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::{PreEscaped, html};
use serde::Deserialize;

use super::as_of;
use super::region::{chart_svg, complaint_block, headline_block, rollup_lead};
use crate::app::complaints;
use crate::app::forecast::WhatIf;
use crate::app::forecast::view;
use crate::app::report::build::title_name;
use crate::app::report::{Format, Kind, ReportRequest, render};
use crate::app::{AppState, stock};
use crate::domain::region::RegionCode;
use crate::report::{Delimiter, REPORT_CSP};
use crate::web::error::WebError;
use crate::web::layout::{Nav, date, date_picker, page};
use crate::web::session::Viewer;

#[derive(Deserialize)]
pub struct BriefingQuery {
    wilayah: Option<String>,
    tanggal: Option<String>,
}

/// The region asked for, or the viewer's own (the nation for the centre).
fn region_of(viewer: &Viewer, q: &BriefingQuery) -> Result<RegionCode, WebError> {
    match q.wilayah.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => RegionCode::parse(t).map_err(|e| WebError::NotFound(e.to_string())),
        None => Ok(viewer.who.region.clone().unwrap_or_else(RegionCode::pusat)),
    }
}

/// `GET /ringkasan`.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<BriefingQuery>,
) -> Result<Response, WebError> {
    let code = region_of(&viewer, &q)?;
    let day = as_of(&state.settings, q.tanggal.as_deref())?;
    let db = &state.store.db;
    let region = stock::readable_region(db, &viewer.who, &code).await?;
    let v = view(db, &region, day, &state.settings.forecast_params(None)).await?;
    let lead = rollup_lead(&state, &v).await?;
    let stock_svg = chart_svg(&state, &viewer, Kind::Stock, &code, day).await?;
    let complaint_svg = chart_svg(&state, &viewer, Kind::Complaints, &code, day).await?;
    let complaints = complaints::list(db, &viewer.who, &code, day, state.settings.follow_up_days, true).await?;
    let title = format!("Ringkasan {}", title_name(&region.code, &region.name));
    let print = format!("/ringkasan/cetak?wilayah={}&tanggal={}", code.as_str(), day.format("%Y-%m-%d"));
    let body = html! {
        div.pagehead {
            h1 { (title) }
            p.sub { "Keadaan per " (date(day)) }
            (date_picker("/ringkasan", day, &[("wilayah", code.as_str().to_string())]))
        }
        p.actions { a.button.primary href=(print) { "Buka ringkasan satu halaman A4 untuk dicetak" } }
        (headline_block(&v, lead.as_ref()))
        (complaint_block(&complaints, &day.format("%Y-%m-%d").to_string()))
        section.charts { figure { (PreEscaped(stock_svg)) } figure { (PreEscaped(complaint_svg)) } }
    };
    Ok(page(&title, &viewer, Nav::Briefing, &body).into_response())
}

/// `GET /ringkasan/cetak`: the briefing report itself, one A4 page (its own styles, no script).
pub async fn print(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<BriefingQuery>,
) -> Result<Response, WebError> {
    let region = region_of(&viewer, &q)?;
    let as_of = as_of(&state.settings, q.tanggal.as_deref())?;
    let req = ReportRequest {
        kind: Kind::Briefing,
        format: Format::Html,
        region,
        as_of,
        delimiter: Delimiter::Comma,
        what_if: WhatIf::default(),
    };
    let r = render(&state.store.db, &state.settings, &viewer.who, &req).await?;
    Ok((
        [
            (header::CONTENT_TYPE, r.content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{}\"", r.filename)),
            (header::CONTENT_SECURITY_POLICY, REPORT_CSP.to_string()),
        ],
        r.bytes,
    )
        .into_response())
}
