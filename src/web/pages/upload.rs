//! The upload page: pick the kind, download its template, send the file; see the dry run (rows to
//! insert, update, leave) or the error table with its CSV; then commit; and the upload history.
//!
//! Between the dry run and the commit the file waits on the server, under a random id, for the
//! user who sent it (at most [`PENDING_MINUTES`] minutes), so the commit needs no second upload
//! and no JavaScript. One blanko process holds it: behind a load balancer, keep a user on one
//! instance (or commit by uploading again).

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use axum::Form;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::app::AppState;
use crate::app::import::{Event, ImportError, UploadReport, history, upload};
use crate::config::wib_minute;
use crate::domain::auth::Role;
use crate::domain::csv_import::{ErrorList, Kind, template};
use crate::store::sessions::new_form_nonce;
use crate::web::error::WebError;
use crate::web::layout::{Nav, csrf_field, number, page};
use crate::web::session::{CSRF_FIELD, Viewer};

/// Minutes a checked file (or its error list) waits for its commit (or download).
const PENDING_MINUTES: u64 = 30;
/// Files waiting at most, over every user.
const PENDING_MAX: usize = 64;

/// A checked file waiting for its commit, or the error list of a refused one.
struct Pending {
    owner: String,
    kind: Kind,
    content: PendingContent,
    at: Instant,
}

enum PendingContent {
    File(Vec<u8>),
    ErrorCsv(String),
}

static PENDING: LazyLock<Mutex<HashMap<String, Pending>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

fn stash(owner: &str, kind: Kind, content: PendingContent) -> Result<String, WebError> {
    let id = new_form_nonce()?;
    let mut map = PENDING.lock().map_err(|_| WebError::Internal("pending uploads lock poisoned".into()))?;
    map.retain(|_, p| p.at.elapsed() < Duration::from_secs(PENDING_MINUTES * 60));
    while map.len() >= PENDING_MAX {
        let Some(oldest) = map.iter().min_by_key(|(_, p)| p.at).map(|(k, _)| k.clone()) else { break };
        map.remove(&oldest);
    }
    map.insert(id.clone(), Pending { owner: owner.to_string(), kind, content, at: Instant::now() });
    Ok(id)
}

/// Takes (`remove`) or reads a pending entry of `owner`.
fn pending<T>(id: &str, owner: &str, remove: bool, f: impl FnOnce(&Pending) -> T) -> Result<T, WebError> {
    let gone = || {
        WebError::NotFound(format!(
            "berkas yang diperiksa tidak ada lagi (disimpan paling lama {PENDING_MINUTES} menit); unggah ulang berkasnya"
        ))
    };
    let mut map = PENDING.lock().map_err(|_| WebError::Internal("pending uploads lock poisoned".into()))?;
    let fresh =
        map.get(id).is_some_and(|p| p.owner == owner && p.at.elapsed() < Duration::from_secs(PENDING_MINUTES * 60));
    if !fresh {
        return Err(gone());
    }
    if remove {
        let p = map.remove(id).ok_or_else(gone)?;
        Ok(f(&p))
    } else {
        map.get(id).map(f).ok_or_else(gone)
    }
}

fn refuse_readers(viewer: &Viewer) -> Result<(), WebError> {
    if viewer.who.role == Role::Pimpinan {
        return Err(WebError::Forbidden("peran pimpinan hanya dapat membaca data".into()));
    }
    Ok(())
}

fn kind_options(selected: Kind) -> Markup {
    html! {
        @for k in Kind::ALL {
            option value=(k.as_str()) selected[k == selected] { (k.label()) " (" (k.as_str()) ")" }
        }
    }
}

/// The upload form and the history; `result` is what the last step produced.
async fn render(state: &AppState, viewer: &Viewer, kind: Kind, result: Option<Markup>) -> Result<Response, WebError> {
    let uploads = history(&state.store.db, &viewer.who).await?;
    let body = html! {
        h1 { "Unggah berkas" }
        @if let Some(r) = result { (r) }
        section {
            h2 { "Kirim berkas CSV" }
            p { "Berkas diperiksa dulu tanpa disimpan; Anda melihat hasilnya, lalu memilih " strong { "Simpan" } "." }
            form.stack method="post" action="/unggah" enctype="multipart/form-data" {
                (csrf_field(viewer))
                label for="jenis" { "Jenis data" }
                select #jenis name="jenis" { (kind_options(kind)) }
                p.hint {
                    "Templat kosong: "
                    @for (i, k) in Kind::ALL.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href=(format!("/unggah/templat/{}.csv", k.as_str())) download { (k.label()) }
                    }
                }
                label for="berkas" { "Berkas CSV" }
                input #berkas type="file" name="berkas" accept=".csv,text/csv" required;
                button type="submit" { "Periksa berkas" }
            }
        }
        section {
            h2 { "Riwayat unggahan" }
            @if uploads.is_empty() {
                p { "Belum ada unggahan." }
            } @else {
                div.scroll {
                    table {
                        thead { tr {
                            th scope="col" { "Waktu" } th scope="col" { "Jenis" } th scope="col" { "Oleh" }
                            th scope="col" .num { "Baris" } th scope="col" .num { "Baru" }
                            th scope="col" .num { "Diperbarui" } th scope="col" .num { "Sama" }
                        } }
                        tbody {
                            @for u in uploads.iter().take(50) {
                                tr {
                                    td { (wib_minute(u.created_at)) }
                                    td { (Kind::parse(&u.kind).map_or_else(|| u.kind.clone(), |k| k.label().to_string())) }
                                    td { (u.actor) }
                                    td.num { (number(u.rows)) }
                                    td.num { (number(u.inserted)) }
                                    td.num { (number(u.updated)) }
                                    td.num { (number(u.unchanged)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(page("Unggah", viewer, Nav::Upload, &body).into_response())
}

/// `GET /unggah`.
pub async fn form(State(state): State<AppState>, viewer: Viewer) -> Result<Response, WebError> {
    refuse_readers(&viewer)?;
    render(&state, &viewer, Kind::Prints, None).await
}

/// `GET /unggah/templat/{kind}.csv`: the empty file with Indonesian headers.
pub async fn template_csv(_viewer: Viewer, Path(file): Path<String>) -> Result<Response, WebError> {
    let kind = file
        .strip_suffix(".csv")
        .and_then(Kind::parse)
        .ok_or_else(|| WebError::NotFound(format!("templat '{file}' tidak ada")))?;
    let disposition = format!("attachment; filename=\"templat_{}.csv\"", kind.as_str());
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, disposition)],
        template(kind),
    )
        .into_response())
}

/// The form fields of an upload.
struct Sent {
    csrf: Option<String>,
    kind: Option<String>,
    file: Option<Vec<u8>>,
}

async fn read_form(req: Request, state: &AppState) -> Result<Sent, WebError> {
    let too_large = || {
        WebError::BadRequest(format!(
            "berkas terlalu besar; paling besar {} MB",
            number((state.settings.max_upload_bytes / (1024 * 1024)) as i64)
        ))
    };
    let mut form = Multipart::from_request(req, state).await.map_err(|e| WebError::BadRequest(e.body_text()))?;
    let mut sent = Sent { csrf: None, kind: None, file: None };
    while let Some(field) = form.next_field().await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE { too_large() } else { WebError::BadRequest(e.body_text()) }
    })? {
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field.bytes().await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE { too_large() } else { WebError::BadRequest(e.body_text()) }
        })?;
        match name.as_str() {
            CSRF_FIELD => sent.csrf = Some(String::from_utf8_lossy(&bytes).into_owned()),
            "jenis" => sent.kind = Some(String::from_utf8_lossy(&bytes).into_owned()),
            "berkas" => sent.file = Some(bytes.to_vec()),
            _ => {}
        }
    }
    Ok(sent)
}

fn counts(r: &UploadReport) -> Markup {
    html! {
        dl.numbers {
            div { dt { "Baris data" } dd { (number(r.rows as i64)) } }
            div { dt { "Baru" } dd { (number(r.inserted as i64)) } }
            div { dt { "Diperbarui" } dd { (number(r.updated as i64)) } }
            div { dt { "Sama, dibiarkan" } dd { (number(r.unchanged as i64)) } }
        }
        @for w in &r.warnings { p.note { "Catatan: " (w) } }
    }
}

fn error_table(errors: &ErrorList, csv_id: &str) -> Markup {
    html! {
        section.result.problem-box role="alert" {
            h2 { "Berkas ditolak: " (number(errors.total() as i64)) " kesalahan" }
            p { "Tidak ada yang disimpan. Perbaiki baris di bawah ini di berkas Anda, lalu unggah lagi. "
                a href=(format!("/unggah/galat/{csv_id}")) download { "Unduh daftar kesalahan (CSV)" } }
            div.scroll {
                table.errors {
                    thead { tr { th scope="col" { "Baris" } th scope="col" { "Kolom" } th scope="col" { "Isi" } th scope="col" { "Yang perlu diperbaiki" } } }
                    tbody {
                        @for e in &errors.errors {
                            tr { td.num { (e.line) } td { (e.column) } td { code { (e.value) } } td { (e.message) } }
                        }
                    }
                }
            }
            @if errors.omitted > 0 { p { (number(errors.omitted as i64)) " kesalahan lain tidak ditampilkan." } }
        }
    }
}

/// What a refused check or commit shows (and its status).
fn refused(viewer: &Viewer, kind: Kind, e: ImportError) -> Result<(StatusCode, Markup), WebError> {
    match e {
        ImportError::Rejected(errors) => {
            let id = stash(&viewer.who.name, kind, PendingContent::ErrorCsv(errors.to_csv()))?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, error_table(&errors, &id)))
        }
        ImportError::File(e) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            html! { section.result.problem-box role="alert" { h2 { "Berkas tidak dapat dibaca" } p { (e.to_string()) } } },
        )),
        ImportError::Store(e) => Err(e.into()),
    }
}

/// `POST /unggah`: checks the file (a dry run) and shows what it would do.
pub async fn submit(State(state): State<AppState>, viewer: Viewer, req: Request) -> Result<Response, WebError> {
    refuse_readers(&viewer)?;
    let sent = read_form(req, &state).await?;
    viewer.check_csrf(sent.csrf.as_deref())?;
    let kind = sent
        .kind
        .as_deref()
        .and_then(Kind::parse)
        .ok_or_else(|| WebError::BadRequest("pilih jenis data yang diunggah".into()))?;
    let file = sent.file.filter(|f| !f.is_empty()).ok_or_else(|| WebError::BadRequest("pilih berkas CSV".into()))?;
    let checked = upload(&state.store, &viewer.who, kind, &file[..], true, &|_: Event| {}).await;
    let (status, result) = match checked {
        Ok(report) => {
            let id = stash(&viewer.who.name, kind, PendingContent::File(file))?;
            let markup = html! {
                section.result role="status" {
                    h2 { "Hasil pemeriksaan: berkas " (kind.label()) " dapat disimpan" }
                    (counts(&report))
                    form method="post" action="/unggah/simpan" {
                        (csrf_field(&viewer))
                        input type="hidden" name="id" value=(id);
                        button type="submit" { "Simpan ke buku stok" }
                    }
                }
            };
            (StatusCode::OK, markup)
        }
        Err(e) => refused(&viewer, kind, e)?,
    };
    let mut response = render(&state, &viewer, kind, Some(result)).await?;
    *response.status_mut() = status;
    Ok(response)
}

#[derive(Deserialize)]
pub struct Commit {
    csrf: Option<String>,
    id: Option<String>,
}

/// `POST /unggah/simpan`: writes the file checked before.
pub async fn commit(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(f): Form<Commit>,
) -> Result<Response, WebError> {
    refuse_readers(&viewer)?;
    viewer.check_csrf(f.csrf.as_deref())?;
    let id = f.id.unwrap_or_default();
    let (kind, file) = pending(&id, &viewer.who.name, true, |p| match &p.content {
        PendingContent::File(bytes) => Some((p.kind, bytes.clone())),
        PendingContent::ErrorCsv(_) => None,
    })?
    .ok_or_else(|| WebError::BadRequest("berkas ini ditolak saat diperiksa; perbaiki lalu unggah lagi".into()))?;
    let (status, result) = match upload(&state.store, &viewer.who, kind, &file[..], false, &|_: Event| {}).await {
        Ok(report) => (
            StatusCode::OK,
            html! {
                section.result.ok-box role="status" {
                    h2 { "Tersimpan: berkas " (kind.label()) }
                    (counts(&report))
                }
            },
        ),
        Err(e) => refused(&viewer, kind, e)?,
    };
    let mut response = render(&state, &viewer, kind, Some(result)).await?;
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /unggah/galat/{id}`: the error list of a refused file, as CSV.
pub async fn errors_csv(viewer: Viewer, Path(id): Path<String>) -> Result<Response, WebError> {
    let (kind, csv) = pending(&id, &viewer.who.name, false, |p| match &p.content {
        PendingContent::ErrorCsv(csv) => Some((p.kind, csv.clone())),
        PendingContent::File(_) => None,
    })?
    .ok_or_else(|| WebError::NotFound("daftar kesalahan ini tidak ada".into()))?;
    let disposition = format!("attachment; filename=\"kesalahan_{}.csv\"", kind.as_str());
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, disposition)],
        csv,
    )
        .into_response())
}
