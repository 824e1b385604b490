//! The plans: the centre's split of its stock across kabupaten/kota (pusat), and loans inside a
//! province (provinsi), as tables with their effect on cover, downloadable as CSV.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use super::as_of;
use crate::app::plan::{Plan, PlanRequest, plan};
use crate::app::{AppState, overview, stock};
use crate::domain::auth::Role;
use crate::domain::item::Item;
use crate::domain::region::RegionCode;
use crate::report::csv::{write_allocation_plan, write_loan_plan};
use crate::report::{CsvOptions, Delimiter};
use crate::web::error::WebError;
use crate::web::layout::{Nav, cover, date, date_picker, number, page};
use crate::web::session::Viewer;

#[derive(Deserialize)]
pub struct PlanQuery {
    tanggal: Option<String>,
    /// Cards the centre splits (pusat); default: what it holds.
    jumlah: Option<String>,
    /// `titik-koma` for Excel in the Indonesian locale.
    pemisah: Option<String>,
}

/// The plan the viewer's role makes, with the names of the regions it mentions.
async fn make(
    state: &AppState,
    viewer: &Viewer,
    q: &PlanQuery,
) -> Result<(Plan, BTreeMap<RegionCode, String>, Option<i64>), WebError> {
    let db = &state.store.db;
    let as_of = as_of(&state.settings, q.tanggal.as_deref())?;
    let params = state.settings.forecast_params(None);
    let (req, quantity) = match viewer.who.role {
        Role::Pusat => {
            let quantity = match q.jumlah.as_deref().map(|t| t.trim().replace('.', "")) {
                Some(t) if !t.is_empty() => {
                    t.parse::<i64>().map_err(|_| WebError::BadRequest("jumlah harus bilangan bulat".into()))?
                }
                _ => {
                    let p = stock::position(db, &viewer.who, &RegionCode::pusat(), as_of, Some(Item::Blanko)).await?;
                    p.rows.first().map_or(0, |(_, row)| row.on_hand)
                }
            };
            (PlanRequest { quantity: Some(quantity), province: None, as_of }, Some(quantity))
        }
        Role::Provinsi => {
            let province = viewer.who.region.as_ref().map(RegionCode::as_str);
            (PlanRequest { quantity: None, province, as_of }, None)
        }
        _ => return Err(WebError::Forbidden("rencana pembagian dan pinjaman untuk peran pusat dan provinsi".into())),
    };
    let made = plan(db, &viewer.who, &params, &req).await?;
    let codes: Vec<&RegionCode> = match &made {
        Plan::Allocation { plan, .. } => plan.allotments.iter().map(|a| &a.region).collect(),
        Plan::Loans { plan, .. } => plan.loans.iter().flat_map(|l| [&l.from, &l.to]).collect(),
    };
    let names = overview::region_names(db, &codes).await?;
    Ok((made, names, quantity))
}

/// `GET /rencana`.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<PlanQuery>,
) -> Result<Response, WebError> {
    let (made, names, quantity) = make(&state, &viewer, &q).await?;
    let name = |c: &RegionCode| names.get(c).cloned().unwrap_or_else(|| c.to_string());
    let day = as_of(&state.settings, q.tanggal.as_deref())?;
    let tanggal = day.format("%Y-%m-%d").to_string();
    let csv_link = |sep: &str| match quantity {
        Some(n) => format!("/rencana.csv?tanggal={tanggal}&jumlah={n}{sep}"),
        None => format!("/rencana.csv?tanggal={tanggal}{sep}"),
    };
    let body = html! {
        @match &made {
            Plan::Allocation { as_of, plan } => {
                h1 { "Rencana pembagian stok pusat" }
                p.sub { "Keadaan per " (date(*as_of)) ". Kabupaten/kota dengan stok paling sedikit (dalam hari kerja) naik lebih dulu." }
                form.datepick method="get" action="/rencana" {
                    input type="hidden" name="tanggal" value=(tanggal);
                    label { "Jumlah yang dibagi (keping) " input type="number" name="jumlah" min="0" value=(plan.quantity); }
                    button type="submit" { "Hitung" }
                }
                dl.numbers {
                    div { dt { "Dibagi" } dd { (number(plan.allocated)) " keping" } }
                    div { dt { "Sisa" } dd { (number(plan.unallocated)) " keping" } }
                    div { dt { "Paling sedikit sebelum" } dd { (cover(plan.min_cover_before)) } }
                    div { dt { "Paling sedikit sesudah" } dd { (cover(plan.min_cover_after)) } }
                }
                div.scroll { table {
                    thead { tr { th scope="col" { "Kabupaten/kota" } th scope="col" .num { "Jumlah" } th scope="col" { "Cukup untuk, sebelum" } th scope="col" { "Sesudah" } } }
                    tbody { @for a in &plan.allotments { tr {
                        th scope="row" { (name(&a.region)) }
                        td.num { (number(a.quantity)) }
                        td { (cover(a.cover_before)) }
                        td { (cover(a.cover_after)) }
                    } } }
                } }
            }
            Plan::Loans { as_of, province, plan } => {
                h1 { "Rencana pinjaman antar kabupaten/kota" }
                p.sub { "Provinsi " (province.as_str()) ", keadaan per " (date(*as_of)) ". Pinjaman dari yang stoknya paling lama cukup ke yang paling cepat habis, agar habisnya bersamaan." }
                (date_picker("/rencana", *as_of, &[]))
                dl.numbers {
                    div { dt { "Cukup untuk bersama" } dd { (cover(plan.target_cover)) } }
                    div { dt { "Paling sedikit sebelum" } dd { (cover(plan.min_cover_before)) } }
                    div { dt { "Paling sedikit sesudah" } dd { (cover(plan.min_cover_after)) } }
                }
                @if plan.loans.is_empty() {
                    p.note { "Tidak perlu pinjaman: stok antarwilayah sudah seimbang, atau tidak ada yang dapat dipinjamkan." }
                } @else {
                    div.scroll { table {
                        thead { tr { th scope="col" { "Dari" } th scope="col" { "Ke" } th scope="col" .num { "Jumlah" } } }
                        tbody { @for l in &plan.loans { tr {
                            td { (name(&l.from)) } td { (name(&l.to)) } td.num { (number(l.quantity)) }
                        } } }
                    } }
                }
            }
        }
        p.actions {
            a.button href=(csv_link("")) download { "Unduh CSV" }
            " "
            a.button href=(csv_link("&pemisah=titik-koma")) download { "Unduh CSV untuk Excel (;)" }
        }
    };
    Ok(page("Rencana", &viewer, Nav::Plan, &body).into_response())
}

/// `GET /rencana.csv`.
pub async fn csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<PlanQuery>,
) -> Result<Response, WebError> {
    let (made, names, _) = make(&state, &viewer, &q).await?;
    let opts = match q.pemisah.as_deref() {
        Some("titik-koma" | "semicolon" | ";") => CsvOptions { delimiter: Delimiter::Semicolon },
        _ => CsvOptions::default(),
    };
    let mut out = Vec::new();
    let file = match &made {
        Plan::Allocation { as_of, plan } => {
            write_allocation_plan(&mut out, opts, plan, &names).map_err(|e| WebError::Internal(e.to_string()))?;
            format!("rencana-pembagian_{}.csv", as_of.format("%Y-%m-%d"))
        }
        Plan::Loans { as_of, province, plan } => {
            write_loan_plan(&mut out, opts, plan, &names).map_err(|e| WebError::Internal(e.to_string()))?;
            format!("rencana-pinjaman_{}_{}.csv", province.as_str(), as_of.format("%Y-%m-%d"))
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        out,
    )
        .into_response())
}
