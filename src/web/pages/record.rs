//! Forms for the daily work: today's prints, the PRR backlog of a kecamatan, a loan (a shipment
//! from the office to another kabupaten/kota, or the centre's and a province's dispatches), a
//! stock count, and a resident's complaint (or its follow-up). Each field is named like the CSV column's English name, so one handler turns any
//! of them into the record's field values for `app::record::write`, the very checks of an upload row.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use maud::{Markup, html};
use serde::Deserialize;

use super::as_of;
use super::receive::form_problem;
use crate::app::record::{self, Input, Outcome};
use crate::app::{AppState, stock};
use crate::domain::auth::{Action, Role};
use crate::domain::complaints::{Category, Channel};
use crate::domain::csv_import::Kind;
use crate::domain::item::Item;
use crate::domain::region::{Region, RegionCode};
use crate::web::error::WebError;
use crate::web::layout::{Nav, csrf_field, page};
use crate::web::session::{CSRF_FIELD, Viewer};

/// The kinds these forms write.
const FORM_KINDS: [Kind; 5] = [Kind::Prints, Kind::Backlog, Kind::Shipments, Kind::StockCounts, Kind::Complaints];

#[derive(Deserialize)]
pub struct Done {
    tanggal: Option<String>,
    selesai: Option<String>,
    hasil: Option<String>,
}

fn refuse_readers(viewer: &Viewer) -> Result<(), WebError> {
    if viewer.who.role == Role::Pimpinan {
        return Err(WebError::Forbidden("peran pimpinan hanya dapat membaca data".into()));
    }
    Ok(())
}

fn item_select(prev: Option<&str>) -> Markup {
    html! {
        label { "Barang"
            select name="item" { @for i in Item::ALL { option value=(i.as_str()) selected[prev == Some(i.as_str())] { (i.label()) } } }
        }
    }
}

/// A field for a region: a list to pick from, or a code to type (the centre, whose choice is the
/// whole nation).
fn region_field(label: &str, name: &str, choices: &[Region], default: Option<&str>) -> Markup {
    html! {
        label { (label)
            @if choices.is_empty() {
                input type="text" name=(name) value=[default] placeholder="kode wilayah, misalnya 32.16" required;
            } @else {
                select name=(name) required {
                    @for r in choices { option value=(r.code.as_str()) selected[Some(r.code.as_str()) == default] { (r.name) " (" (r.code.as_str()) ")" } }
                }
            }
        }
    }
}

fn date_field(label: &str, name: &str, value: NaiveDate, prev: Option<&str>) -> Markup {
    let value = prev.map_or_else(|| value.format("%Y-%m-%d").to_string(), str::to_string);
    html! { label { (label) input type="date" name=(name) value=(value) required; } }
}

/// A date that may stay empty (a complaint's follow-up and closing).
fn optional_date_field(label: &str, name: &str, prev: Option<&str>) -> Markup {
    html! { label { (label) input type="date" name=(name) value=[prev]; } }
}

/// A list of fixed values (`value`, label); `blank` adds an empty first choice.
fn choice_select(label: &str, name: &str, choices: &[(&str, &str)], blank: bool, prev: Option<&str>) -> Markup {
    html! {
        label { (label)
            select name=(name) required[!blank] {
                @if blank { option value="" { "—" } }
                @for (value, text) in choices { option value=(value) selected[prev == Some(*value)] { (text) } }
            }
        }
    }
}

fn count_field(label: &str, name: &str, required: bool, prev: Option<&str>) -> Markup {
    html! { label { (label) input type="number" inputmode="numeric" min="0" name=(name) value=[prev] required[required]; } }
}

fn text_field(label: &str, name: &str, required: bool, prev: Option<&str>) -> Markup {
    html! { label { (label) input type="text" name=(name) value=[prev] required[required]; } }
}

/// The (value, label) pairs of a complaint's channel or category list.
fn complaint_choices<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|v| (value(*v), label(*v))).collect()
}

/// The values of a form that was refused, to show it again as it was sent.
type Sent<'a> = Option<(Kind, &'a HashMap<String, String>)>;

/// The places the forms offer: the office itself, its kecamatan, the kabupaten/kota it may lend
/// to, the regions a province sends to.
struct Places {
    own: Vec<Region>,
    kecamatan: Vec<Region>,
    send_to: Vec<Region>,
}

async fn places(state: &AppState, viewer: &Viewer) -> Result<Places, WebError> {
    let db = &state.store.db;
    let Some(code) = viewer.who.region.clone() else {
        return Ok(Places { own: Vec::new(), kecamatan: Vec::new(), send_to: Vec::new() });
    };
    let (own, kids) = stock::region_with_children(db, &code).await?;
    Ok(match viewer.who.role {
        Role::Kabkota => {
            let province = code.parent().unwrap_or_else(RegionCode::pusat);
            let send_to = stock::children(db, &province).await?.into_iter().filter(|r| r.code != code).collect();
            Places { own: vec![own], kecamatan: kids, send_to }
        }
        _ => Places { own: vec![own], kecamatan: Vec::new(), send_to: kids },
    })
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    tanggal: Option<&str>,
    result: Option<Markup>,
    sent: Sent<'_>,
) -> Result<Response, WebError> {
    let day = as_of(&state.settings, tanggal)?;
    let p = places(state, viewer).await?;
    let role = viewer.who.role;
    let own_code = viewer.who.region.as_ref().map(RegionCode::as_str);
    // The office forms (prints, backlog, counts) for whoever the role table lets record them at
    // their own region: one rule, `Principal::check`, not a second list of roles here.
    let home = viewer.who.region.clone().unwrap_or_else(RegionCode::pusat);
    let office = viewer.who.check(Action::Record { region: &home }).is_ok();
    // What was sent in `form` under `field`, when that form was refused.
    let v =
        |form: Kind, field: &str| sent.filter(|(k, _)| *k == form).and_then(|(_, m)| m.get(field)).map(String::as_str);
    let body = html! {
        h1 { "Catat" }
        @if let Some(r) = result { (r) }
        div.forms {
            @if office {
                section.card #cetak {
                    h2 { "Pencetakan hari ini" }
                    form.stack method="post" action="/catat/prints" {
                        (csrf_field(viewer))
                        (date_field("Tanggal", "date", day, v(Kind::Prints, "date")))
                        (region_field("Kantor", "region", &p.own, v(Kind::Prints, "region").or(own_code)))
                        (item_select(v(Kind::Prints, "item")))
                        (count_field("Dicetak", "printed", true, v(Kind::Prints, "printed")))
                        (count_field("Rusak", "spoiled", false, v(Kind::Prints, "spoiled")))
                        button type="submit" { "Simpan pencetakan" }
                    }
                }
                section.card #antrean {
                    h2 { "Antrean cetak (PRR) per kecamatan" }
                    form.stack method="post" action="/catat/backlog" {
                        (csrf_field(viewer))
                        (date_field("Tanggal", "date", day, v(Kind::Backlog, "date")))
                        (region_field("Kecamatan", "region", &p.kecamatan, v(Kind::Backlog, "region")))
                        (count_field("Warga menunggu cetak (PRR)", "prr", true, v(Kind::Backlog, "prr")))
                        (count_field("Perekaman hari ini", "recorded", false, v(Kind::Backlog, "recorded")))
                        (count_field("Suket diterbitkan", "suket", false, v(Kind::Backlog, "suket")))
                        button type="submit" { "Simpan antrean" }
                    }
                }
            }
            section.card #kirim {
                @if role == Role::Kabkota { h2 { "Pinjamkan ke kabupaten/kota lain" } } @else { h2 { "Kirim blanko" } }
                form.stack method="post" action="/catat/shipments" {
                    (csrf_field(viewer))
                    (text_field("Nomor referensi", "reference", true, v(Kind::Shipments, "reference")))
                    (date_field("Tanggal kirim", "shipped_on", day, v(Kind::Shipments, "shipped_on")))
                    @match role {
                        Role::Kabkota => { input type="hidden" name="from" value=[own_code]; }
                        Role::Provinsi => {
                            label { "Asal"
                                select name="from" {
                                    option value="PUSAT" { "Pusat (kiriman pusat ke wilayah Anda)" }
                                    @if let Some(c) = own_code { option value=(c) { "Gudang provinsi (" (c) ")" } }
                                }
                            }
                        }
                        _ => { (region_field("Asal", "from", &[], v(Kind::Shipments, "from").or(Some("PUSAT")))) }
                    }
                    (region_field("Tujuan", "to", &p.send_to, v(Kind::Shipments, "to")))
                    (item_select(v(Kind::Shipments, "item")))
                    (count_field("Jumlah", "quantity", true, v(Kind::Shipments, "quantity")))
                    (text_field("Keterangan", "note", false, v(Kind::Shipments, "note")))
                    button type="submit" { "Simpan pengiriman" }
                }
            }
            @if office {
                section.card #aduan {
                    h2 { "Aduan warga" }
                    p.hint { "Aduan dari SP4N-LAPOR!, media sosial, WhatsApp atau loket. Untuk mencatat tindak lanjut aduan yang sudah ada, kirim lagi nomor aduannya dengan tanggal tindak lanjut atau selesai." }
                    form.stack method="post" action="/catat/complaints" {
                        (csrf_field(viewer))
                        (text_field("Nomor aduan", "reference", true, v(Kind::Complaints, "reference")))
                        (date_field("Tanggal aduan", "date", day, v(Kind::Complaints, "date")))
                        (region_field("Wilayah", "region", &[p.own.as_slice(), p.kecamatan.as_slice()].concat(), v(Kind::Complaints, "region").or(own_code)))
                        (choice_select("Kanal", "channel", &complaint_choices(Channel::ALL, Channel::as_str, Channel::label), true, v(Kind::Complaints, "channel")))
                        (choice_select("Kategori", "category", &complaint_choices(Category::ALL, Category::as_str, Category::label), false, v(Kind::Complaints, "category")))
                        (text_field("Isi aduan", "text", false, v(Kind::Complaints, "text")))
                        (optional_date_field("Tanggal tindak lanjut", "followed_up_on", v(Kind::Complaints, "followed_up_on")))
                        (optional_date_field("Tanggal selesai", "closed_on", v(Kind::Complaints, "closed_on")))
                        button type="submit" { "Simpan aduan" }
                    }
                }
                section.card #opname {
                    h2 { "Stock opname" }
                    form.stack method="post" action="/catat/stock-counts" {
                        (csrf_field(viewer))
                        (date_field("Tanggal", "date", day, v(Kind::StockCounts, "date")))
                        (region_field("Kantor", "region", &p.own, v(Kind::StockCounts, "region").or(own_code)))
                        (item_select(v(Kind::StockCounts, "item")))
                        (count_field("Jumlah dihitung", "counted", true, v(Kind::StockCounts, "counted")))
                        (text_field("Keterangan", "note", false, v(Kind::StockCounts, "note")))
                        button type="submit" { "Simpan stock opname" }
                    }
                }
            }
        }
    };
    Ok(page("Catat", viewer, Nav::Record, &body).into_response())
}

/// `GET /catat`.
pub async fn form(State(state): State<AppState>, viewer: Viewer, Query(q): Query<Done>) -> Result<Response, WebError> {
    refuse_readers(&viewer)?;
    let done = q.selesai.as_deref().and_then(Kind::parse).map(|k| {
        let what = match q.hasil.as_deref() {
            Some("unchanged") => "sudah tercatat sebelumnya, tidak ada yang berubah",
            Some("updated") => "diperbarui",
            _ => "tersimpan",
        };
        html! { section.result.ok-box role="status" { p { "Data " (k.label()) " " (what) "." } } }
    });
    render(&state, &viewer, q.tanggal.as_deref(), done, None).await
}

/// `POST /catat/{kind}`: one record, checked and written like an upload row.
pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(kind): Path<String>,
    Form(fields): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    refuse_readers(&viewer)?;
    viewer.check_csrf(fields.get(CSRF_FIELD).map(String::as_str))?;
    let kind = Kind::parse(&kind)
        .filter(|k| FORM_KINDS.contains(k))
        .ok_or_else(|| WebError::NotFound(format!("formulir '{kind}' tidak ada")))?;
    let values = kind
        .columns()
        .iter()
        .map(|c| (c.field, fields.get(c.field.english()).cloned().unwrap_or_default()))
        .collect::<Vec<_>>();
    let mut details: serde_json::Map<String, serde_json::Value> =
        values.iter().map(|(f, v)| (f.english().to_string(), serde_json::Value::String(v.clone()))).collect();
    details.insert("via".into(), "web".into());
    match record::write(&state.store, &viewer.who, Input { kind, values, details: details.into() }).await {
        Ok(outcome) => {
            let hasil = match outcome {
                Outcome::Inserted => "inserted",
                Outcome::Updated => "updated",
                Outcome::Unchanged => "unchanged",
            };
            Ok(Redirect::to(&format!("/catat?selesai={}&hasil={hasil}", kind.as_str())).into_response())
        }
        Err(e) => {
            let problem = form_problem(e)?;
            let mut response = render(&state, &viewer, None, Some(problem), Some((kind, &fields))).await?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
    }
}
