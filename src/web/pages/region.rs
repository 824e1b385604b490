//! The region page: the headline (a roll-up leads with who runs out first), the children sorted
//! by stock-out date, when each office last reported, the charts, shipments on their way,
//! allocations against shipments, and the stock card.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::as_of;
use crate::app::complaints::{self, ComplaintList, RegionComplaints};
use crate::app::forecast::WhatIf;
use crate::app::forecast::{ForecastView, RegionForecast, view};
use crate::app::overview::{self, CardPage, InTransit, OfficeReports};
use crate::app::report::build::{Headline, headline, title_name};
use crate::app::report::{Format, Kind, ReportRequest, render};
use crate::app::{AppState, stock};
use crate::domain::forecast::headline::{RollupHeadline, rollup_headline};
use crate::domain::region::RegionCode;
use crate::domain::reporting::Freshness;
use crate::report::headline::{rollup_words, stale_words};
use crate::report::{Delimiter, FlowBar};
use crate::web::error::WebError;
use crate::web::layout::{Nav, cover, date, date_picker, date_range, number, page, risk_badge};
use crate::web::session::Viewer;

#[derive(Deserialize)]
pub struct RegionQuery {
    tanggal: Option<String>,
    halaman: Option<usize>,
}

/// A chart of the report renderers as inline SVG (no XML prolog).
pub async fn chart_svg(
    state: &AppState,
    viewer: &Viewer,
    kind: Kind,
    region: &RegionCode,
    as_of: NaiveDate,
) -> Result<String, WebError> {
    let req = ReportRequest {
        kind,
        format: Format::Svg,
        region: region.clone(),
        as_of,
        delimiter: Delimiter::Comma,
        what_if: WhatIf::default(),
    };
    let r = render(&state.store.db, &state.settings, &viewer.who, &req).await?;
    let svg = String::from_utf8_lossy(&r.bytes).into_owned();
    Ok(match svg.find("<svg") {
        Some(i) => svg[i..].to_string(),
        None => svg,
    })
}

/// `GET /wilayah/{code}`.
pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Query(q): Query<RegionQuery>,
) -> Result<Html<String>, WebError> {
    let code = RegionCode::parse(&code).map_err(|e| WebError::NotFound(e.to_string()))?;
    let as_of = as_of(&state.settings, q.tanggal.as_deref())?;
    let db = &state.store.db;
    let who = &viewer.who;
    let region = stock::readable_region(db, who, &code).await?;
    let v = view(db, &region, as_of, &state.settings.forecast_params(None)).await?;
    let mut offices = overview::office_reports(db, who, &code, as_of).await?;
    if region.code.is_pusat() {
        // Across the nation, offices that never reported anything do not use blanko yet.
        offices.retain(|o| o.prints != Freshness::Never || o.backlog != Freshness::Never);
    }
    let transit = overview::in_transit_to(db, who, &code, as_of).await?;
    let flow = overview::flow(db, who, &code, as_of).await?;
    let card = overview::card_page(db, who, &code, as_of, q.halaman.unwrap_or(1)).await?;
    let stock_svg = chart_svg(&state, &viewer, Kind::Stock, &code, as_of).await?;
    let backlog_svg = chart_svg(&state, &viewer, Kind::Backlog, &code, as_of).await?;
    let complaints = complaints::list(db, who, &code, as_of, state.settings.follow_up_days, true).await?;
    let complaint_svg = chart_svg(&state, &viewer, Kind::Complaints, &code, as_of).await?;
    let lead = rollup_lead(&state, &v).await?;
    let title = title_name(&region.code, &region.name);
    let tanggal = as_of.format("%Y-%m-%d").to_string();
    let body = html! {
        div.pagehead {
            h1 { (title) }
            p.sub { "Keadaan per " (date(as_of)) " · kode wilayah " (region.code.as_str()) }
            (date_picker(&format!("/wilayah/{}", region.code.as_str()), as_of, &[]))
        }
        (headline_block(&v, lead.as_ref()))
        @if !v.children.is_empty() {
            (children_table(&v, &offices, &tanggal))
        }
        (complaint_block(&complaints, &tanggal))
        (reports_table(&offices))
        section.charts {
            h2 { "Grafik" }
            figure { (PreEscaped(stock_svg)) }
            figure { (PreEscaped(complaint_svg)) }
            figure { (PreEscaped(backlog_svg)) }
        }
        (transit_table(&transit))
        (flow_table(&flow))
        (card_table(&card, &region.code, &tanggal))
    };
    Ok(page(&title, &viewer, Nav::Home, &body))
}

/// `GET /wilayah/{code}/aduan.csv`: the complaints report of the region, as the API serves it.
pub async fn complaints_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Query(q): Query<RegionQuery>,
) -> Result<Response, WebError> {
    let code = RegionCode::parse(&code).map_err(|e| WebError::NotFound(e.to_string()))?;
    let req = ReportRequest {
        kind: Kind::Complaints,
        format: Format::Csv,
        region: code,
        as_of: as_of(&state.settings, q.tanggal.as_deref())?,
        delimiter: Delimiter::Comma,
        what_if: WhatIf::default(),
    };
    let r = render(&state.store.db, &state.settings, &viewer.who, &req).await?;
    let disposition = format!("attachment; filename=\"{}\"", r.filename);
    Ok(([(header::CONTENT_TYPE, r.content_type.to_string()), (header::CONTENT_DISPOSITION, disposition)], r.bytes)
        .into_response())
}

/// A roll-up's headline with the names of the offices it mentions; `None` for an office.
pub async fn rollup_lead(state: &AppState, v: &ForecastView) -> Result<Option<Lead>, WebError> {
    let Some(r) = &v.region.rollup else { return Ok(None) };
    let h = rollup_headline(r);
    let codes: Vec<&RegionCode> = h.first_out.iter().map(|m| &m.region).collect();
    let names = overview::region_names(&state.store.db, &codes).await?;
    Ok(Some(Lead { headline: h, names }))
}

/// What a roll-up leads with, and the names to say it with.
pub struct Lead {
    pub headline: RollupHeadline,
    pub names: BTreeMap<RegionCode, String>,
}

/// The top of a region's page: a roll-up's headline first, then the numbers.
pub fn headline_block(v: &ForecastView, lead: Option<&Lead>) -> Markup {
    html! {
        @if let Some(l) = lead {
            @let h = &l.headline;
            @let words = rollup_words(h, |c| l.names.get(c).cloned().unwrap_or_else(|| c.to_string()));
            section class=(format!("headline risk-bg-{}", h.worst().as_str())) aria-label="Ringkasan utama" {
                p.big { (words.counts) }
                @if let Some(f) = &words.first_out { p.big { (f) } }
                p { (words.shortfall) }
                p.second { (words.pooled) }
            }
        }
        @if let Some(h) = headline(&v.region) {
            (numbers(&v.region, &h, lead.is_some()))
        } @else {
            p.note { "Belum ada catatan stok untuk wilayah ini." }
        }
    }
}

/// The headline numbers: an office's stock-out date with its range, or a roll-up's pooled figures.
fn numbers(rf: &RegionForecast, h: &Headline, pooled: bool) -> Markup {
    let f = rf.forecast.as_ref();
    html! {
        @if !pooled {
            section class=(format!("headline risk-bg-{}", h.risk.as_str())) aria-label="Ringkasan utama" {
                @match h.stockout {
                    Some(s) if s.p50 <= rf.forecast.as_ref().map_or(s.p50, |f| f.as_of) => {
                        p.big { "Stok sudah habis." }
                    }
                    Some(s) => {
                        p.big { "Stok habis " strong { (date(s.p50)) } "." }
                        @if s.p10 != s.p90 { p { "Kemungkinan antara " (date_range(s.p10, s.p90)) "." } }
                    }
                    None => { p.big { "Stok cukup sampai akhir masa perkiraan." } }
                }
                p { "Status " (risk_badge(h.risk)) }
            }
        }
        dl.numbers {
            div {
                dt { @if h.stale_days > 0 { "Perkiraan stok hari ini" } @else { "Stok tersedia" } }
                dd { (number(h.on_hand)) " keping" }
            }
            div { dt { "Sedang dikirim" } dd { (number(h.in_transit)) " keping" } }
            div { dt { "Stok cukup untuk" } dd { (cover(h.days_of_cover)) } }
            div { dt { "Pemakaian per hari kerja" } dd { (number(h.issuance_rate.round() as i64)) " keping" } }
            div { dt { "Warga menunggu cetak (PRR)" } dd { (number(h.backlog_prr)) " orang" } }
            @if let Some(f) = f {
                div { dt { "Dialokasikan, belum dikirim" } dd { (number(f.allocated_not_shipped)) " keping" } }
            }
            @if pooled {
                div { dt { "Status stok bersama" } dd { (risk_badge(h.risk)) } }
            }
            div { dt { "Perlu diajukan" } dd { (number(h.reorder_quantity)) " keping" } }
        }
        @if let Some(words) = stale_words(h.last_report, h.stale_days, pooled) {
            p.note.late-report { (words) }
        }
    }
}

/// When a report was last made: the date, how old, flagged when late.
fn freshness(f: Freshness) -> Markup {
    html! {
        @match f {
            Freshness::Never => span.late { "belum pernah" },
            Freshness::Reported { on, days_old } => {
                @if f.is_stale() {
                    span.late title="lebih dari 3 hari kerja" { (date(on)) " · terlambat " (days_old) " hari kerja" }
                } @else {
                    span { (date(on)) }
                }
            }
        }
    }
}

/// The children, the earliest stock-out first (who runs out first leads).
fn children_table(v: &ForecastView, offices: &[OfficeReports], tanggal: &str) -> Markup {
    let with_data = |c: &RegionForecast| headline(c).filter(|h| h.has_data);
    let mut rows: Vec<(&RegionForecast, Headline)> =
        v.children.iter().filter_map(|c| with_data(c).map(|h| (c, h))).collect();
    let blank_names: Vec<&str> =
        v.children.iter().filter(|c| with_data(c).is_none()).map(|c| c.name.as_str()).collect();
    // Kecamatan without stock of their own are served by their office: listing them says nothing.
    if rows.is_empty() && v.children.iter().all(|c| c.level == "kecamatan") {
        return html! { p.note { "Kecamatan di wilayah ini tidak memegang stok sendiri; stoknya dipegang kantor kabupaten/kota." } };
    }
    // Earliest stock-out first; then those that do not run out within the horizon.
    rows.sort_by_key(|(c, h)| {
        let out = h.stockout.map(|s| s.p50);
        (out.is_none(), out, c.region.clone())
    });
    let level = v.children.first().map_or("Wilayah", |c| match c.level {
        "provinsi" => "Provinsi",
        "kabkota" => "Kabupaten/kota",
        "kecamatan" => "Kecamatan",
        _ => "Wilayah",
    });
    html! {
        section {
            h2 { (level) ", paling cepat habis di atas" }
            div.scroll {
                table {
                    thead { tr {
                        th scope="col" { (level) }
                        th scope="col" { "Status" }
                        th scope="col" .num { "Stok" }
                        th scope="col" .num { "Dikirim" }
                        th scope="col" { "Cukup untuk" }
                        th scope="col" { "Perkiraan habis" }
                        @if !offices.is_empty() && v.children.iter().any(|c| c.level == "kabkota") { th scope="col" { "Laporan terakhir" } }
                    } }
                    tbody {
                        @for (c, h) in &rows {
                            tr {
                                th scope="row" { a href=(format!("/wilayah/{}?tanggal={tanggal}", c.region.as_str())) { (c.name) } }
                                td { (risk_badge(h.risk)) }
                                td.num { (number(h.on_hand)) }
                                td.num { (number(h.in_transit)) }
                                td { (cover(h.days_of_cover)) }
                                td { @if let Some(s) = h.stockout { (date(s.p50)) } @else { "-" } }
                                @if !offices.is_empty() && c.level == "kabkota" {
                                    td {
                                        @if let Some(o) = offices.iter().find(|o| o.region.code == c.region) {
                                            @if o.is_stale() { span.late { "terlambat" } } @else { "baru" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if !blank_names.is_empty() {
                details {
                    summary { (blank_names.len()) " " (level.to_lowercase()) " belum punya catatan stok" }
                    p { (blank_names.join(", ")) }
                }
            }
        }
    }
}

/// What residents complain about beside the stock: the warnings complaints give, the last 30 days
/// by category, and the complaints past their follow-up limit, per region.
pub fn complaint_block(c: &ComplaintList, tanggal: &str) -> Markup {
    let s = &c.summary;
    let by = &s.recent_by_category;
    let categories = [
        ("blanko habis", by.blanko_habis),
        ("antrean", by.antrean),
        ("gangguan sistem", by.gangguan_sistem),
        ("pelayanan", by.pelayanan),
        ("lainnya", by.lainnya),
    ];
    let late_here: Vec<&RegionComplaints> = c.children.iter().filter(|k| k.summary.overdue > 0).collect();
    html! {
        section #aduan {
            h2 { "Aduan warga" }
            @if s.book_doubtful {
                div.warn-box role="alert" {
                    strong { "Buku stok diragukan: " }
                    "warga melaporkan blanko habis dalam 5 hari kerja terakhir di "
                    (s.doubtful_offices.iter().map(RegionCode::as_str).collect::<Vec<_>>().join(", "))
                    ", padahal buku stok masih mencatat persediaan. Periksa stok fisik (stock opname): buku salah, atau blanko tidak berada di tempat yang seharusnya."
                }
            }
            @if s.unmet_demand {
                div.warn-box role="alert" {
                    strong { "Permintaan tidak terlayani: " }
                    "aduan antrean 2 minggu terakhir (" (s.queue_recent) ") melonjak dibanding 4 minggu sebelumnya ("
                    (s.queue_before) "), sementara pencetakan turun. Warga datang tetapi tidak terlayani."
                }
            }
            p {
                (s.recent_total) " aduan dalam " (s.window_days) " hari terakhir"
                @if s.recent_total > 0 {
                    ": " (categories.iter().filter(|(_, n)| *n > 0).map(|(k, n)| format!("{n} {k}")).collect::<Vec<_>>().join(", "))
                }
                ". "
                @if s.overdue == 0 { "Tidak ada aduan yang lewat batas tindak lanjut " (s.follow_up_days) " hari." }
                @else { strong { (s.overdue) " aduan lewat " (s.follow_up_days) " hari tanpa tindak lanjut." } }
            }
            @if !late_here.is_empty() {
                div.scroll {
                    table {
                        thead { tr { th scope="col" { "Wilayah" } th scope="col" .num { "Aduan 30 hari" } th scope="col" .num { "Lewat batas" } } }
                        tbody {
                            @for k in &late_here {
                                tr {
                                    th scope="row" { a href=(format!("/wilayah/{}?tanggal={tanggal}#aduan", k.region.as_str())) { (k.name) } }
                                    td.num { (k.summary.recent_total) }
                                    td.num { (k.summary.overdue) }
                                }
                            }
                        }
                    }
                }
            }
            @if !c.complaints.is_empty() {
                h3 { "Aduan lewat batas tindak lanjut" }
                div.scroll {
                    table.overdue {
                        thead { tr {
                            th scope="col" { "No. aduan" } th scope="col" { "Tanggal" } th scope="col" { "Wilayah" }
                            th scope="col" { "Kategori" } th scope="col" { "Kanal" } th scope="col" .num { "Umur" } th scope="col" { "Batas" }
                        } }
                        tbody {
                            @for o in &c.complaints {
                                tr {
                                    td { (o.reference) }
                                    td { (date(o.date)) }
                                    td { (o.region_name) }
                                    td { (o.category.label()) }
                                    td { (o.channel.map_or("-", |k| k.label())) }
                                    td.num { (o.age_days) " hari" }
                                    td { (date(o.due_on)) }
                                }
                            }
                        }
                    }
                }
            }
            p { a href=(format!("/wilayah/{}/aduan.csv?tanggal={tanggal}", c.region.as_str())) download { "Unduh semua aduan dengan status tindak lanjutnya (CSV)" } }
        }
    }
}

/// Each office's last report of prints and backlog.
fn reports_table(offices: &[OfficeReports]) -> Markup {
    let late = offices.iter().filter(|o| o.is_stale()).count();
    html! {
        section {
            h2 { "Laporan terakhir kantor" }
            @if offices.is_empty() {
                p { "Tidak ada kantor kabupaten/kota di wilayah ini." }
            } @else {
                p {
                    @if late == 0 { "Semua kantor melapor dalam 3 hari kerja terakhir." }
                    @else { (late) " kantor terlambat melapor (lebih dari 3 hari kerja): angkanya bisa terlihat lebih aman dari sebenarnya." }
                }
                div.scroll {
                    table {
                        thead { tr { th scope="col" { "Kantor" } th scope="col" { "Pencetakan" } th scope="col" { "Antrean PRR" } } }
                        tbody {
                            @for o in offices {
                                tr class=[o.is_stale().then_some("stale")] {
                                    th scope="row" { (o.region.name) }
                                    td { (freshness(o.prints)) }
                                    td { (freshness(o.backlog)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn transit_table(rows: &[InTransit]) -> Markup {
    html! {
        section {
            h2 { "Kiriman dalam perjalanan" }
            @if rows.is_empty() {
                p { "Tidak ada kiriman yang belum diterima." }
            } @else {
                div.scroll {
                    table {
                        thead { tr {
                            th scope="col" { "Referensi" } th scope="col" { "Dari" } th scope="col" { "Ke" }
                            th scope="col" { "Dikirim" } th scope="col" .num { "Jumlah" } th scope="col" { "Umur" }
                        } }
                        tbody {
                            @for t in rows {
                                tr {
                                    td { (t.shipment.reference) }
                                    td { (t.shipment.from_name) }
                                    td { (t.shipment.to_name) }
                                    td { (date(t.shipment.shipped_on)) }
                                    td.num { (number(t.shipment.quantity)) " " (t.shipment.item.label()) }
                                    td { (t.age_working_days) " hari kerja" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn flow_table(rows: &[FlowBar]) -> Markup {
    html! {
        section {
            h2 { "Alokasi, pengiriman dan penerimaan dari pusat" }
            @if rows.is_empty() {
                p { "Belum ada alokasi atau kiriman pusat." }
            } @else {
                div.scroll {
                    table {
                        thead { tr {
                            th scope="col" { "Wilayah" } th scope="col" .num { "Dialokasikan" }
                            th scope="col" .num { "Dikirim" } th scope="col" .num { "Diterima" }
                        } }
                        tbody {
                            @for r in rows {
                                tr {
                                    th scope="row" { (r.name) }
                                    td.num { (number(r.allocated)) }
                                    td.num { (number(r.shipped)) }
                                    td.num { (number(r.received)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn card_table(p: &CardPage, code: &RegionCode, tanggal: &str) -> Markup {
    let link = |n: usize| format!("/wilayah/{}?tanggal={tanggal}&halaman={n}", code.as_str());
    let card = &p.card;
    html! {
        section #kartu {
            h2 { "Kartu stok blanko " (card.region.name) }
            p {
                "Sejak " (card.from.map_or_else(|| "awal".to_string(), date)) ": saldo awal " (number(card.opening))
                ", saldo akhir " (number(card.closing)) " keping. Halaman " (p.page) " dari " (p.pages) ", terbaru di atas."
            }
            @if card.lines.is_empty() {
                p { "Tidak ada mutasi stok pada periode ini." }
            } @else {
                div.scroll {
                    table {
                        thead { tr {
                            th scope="col" { "Tanggal" } th scope="col" { "Mutasi" } th scope="col" { "Referensi" }
                            th scope="col" .num { "Masuk/keluar" } th scope="col" .num { "Saldo" }
                        } }
                        tbody {
                            @for (line, balance) in &card.lines {
                                tr {
                                    td { (date(line.date)) }
                                    td { (line.kind.label()) }
                                    td { (line.reference) }
                                    td.num { @if line.quantity > 0 { "+" } (number(line.quantity)) }
                                    td.num { (number(*balance)) }
                                }
                            }
                        }
                    }
                }
            }
            nav.pager aria-label="Halaman kartu stok" {
                @if p.page > 1 { a href=(format!("{}#kartu", link(p.page - 1))) { "‹ Lebih baru" } }
                @if p.page < p.pages { a href=(format!("{}#kartu", link(p.page + 1))) { "Lebih lama ›" } }
            }
        }
    }
}
