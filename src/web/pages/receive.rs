//! Confirming a receipt: pick one of the shipments on their way to your office from the list (no
//! reference to type), say when it arrived and how many cards, damaged ones apart.

use std::fmt::Write as _;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::as_of;
use crate::app::AppState;
use crate::app::error::Error;
use crate::app::overview::awaiting_receipt;
use crate::app::record::{self, Outcome};
use crate::domain::csv_import::Field;
use crate::store::StoreError;
use crate::web::error::WebError;
use crate::web::layout::{Nav, csrf_field, date, number, page};
use crate::web::session::Viewer;

#[derive(Deserialize)]
pub struct ListQuery {
    tanggal: Option<String>,
    diterima: Option<String>,
}

fn refuse_readers(viewer: &Viewer) -> Result<(), WebError> {
    if viewer.who.may_receive_anything() {
        Ok(())
    } else {
        Err(WebError::Forbidden(format!("peran {} tidak mencatat penerimaan", viewer.who.role.as_str())))
    }
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    tanggal: Option<&str>,
    result: Option<Markup>,
) -> Result<Response, WebError> {
    let as_of = as_of(&state.settings, tanggal)?;
    let rows = awaiting_receipt(&state.store.db, &viewer.who, as_of).await?;
    let body = html! {
        h1 { "Terima kiriman" }
        @if let Some(r) = result { (r) }
        p { "Kiriman ke wilayah Anda yang belum dicatat diterima. Pilih kirimannya, isi tanggal tiba dan jumlahnya." }
        @if rows.is_empty() {
            p.note { "Tidak ada kiriman yang menunggu konfirmasi." }
        }
        ul.cards {
            @for t in &rows {
                @let s = &t.shipment;
                @let arrived = s.shipped_on.max(as_of);
                li.card {
                    h2 { (s.reference) }
                    p { (number(s.quantity)) " " (s.item.label()) " dari " (s.from_name) " ke " (s.to_name) }
                    p.sub {
                        "Dikirim " (date(s.shipped_on))
                        @if s.shipped_on <= as_of { " · " (t.age_working_days) " hari kerja dalam perjalanan" }
                    }
                    form.stack method="post" action="/terima" {
                        (csrf_field(viewer))
                        input type="hidden" name="reference" value=(s.reference);
                        input type="hidden" name="from" value=(s.from_code);
                        label { "Tanggal tiba" input type="date" name="received_on" value=(arrived.format("%Y-%m-%d").to_string()) required; }
                        label { "Jumlah diterima (termasuk yang rusak)" input type="number" inputmode="numeric" min="0" name="received_quantity" value=(s.quantity) required; }
                        label { "Jumlah rusak" input type="number" inputmode="numeric" min="0" name="damaged_quantity" value="0"; }
                        button type="submit" { "Konfirmasi diterima" }
                    }
                }
            }
        }
    };
    Ok(page("Terima kiriman", viewer, Nav::Receive, &body).into_response())
}

/// `GET /terima`.
pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    refuse_readers(&viewer)?;
    let done = q.diterima.as_deref().map(|reference| {
        html! { section.result.ok-box role="status" { p { "Penerimaan " strong { (reference) } " tercatat; stok bertambah." } } }
    });
    render(&state, &viewer, q.tanggal.as_deref(), done).await
}

#[derive(Deserialize, serde::Serialize)]
pub struct ReceiptForm {
    csrf: Option<String>,
    reference: Option<String>,
    from: Option<String>,
    received_on: Option<String>,
    received_quantity: Option<String>,
    damaged_quantity: Option<String>,
}

/// A refusal the user can fix on the form, or a page error.
pub fn form_problem(e: Error) -> Result<Markup, WebError> {
    let messages: Vec<String> = match e {
        Error::Invalid(list) => list.errors.into_iter().map(|r| format!("{}: {}", r.column, r.message)).collect(),
        Error::Store(
            s @ (StoreError::Rejected(_) | StoreError::Conflict(_) | StoreError::Negative(_) | StoreError::BadInput(_)),
        ) => vec![s.to_string()],
        other => return Err(other.into()),
    };
    Ok(html! {
        section.result.problem-box role="alert" {
            h2 { "Belum tersimpan" }
            ul { @for m in &messages { li { (m) } } }
        }
    })
}

/// `POST /terima`: confirms one receipt.
pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(f): Form<ReceiptForm>,
) -> Result<Response, WebError> {
    refuse_readers(&viewer)?;
    viewer.check_csrf(f.csrf.as_deref())?;
    let reference = f.reference.clone().unwrap_or_default();
    let cells = vec![
        (Field::ReceivedOn, f.received_on.clone().unwrap_or_default()),
        (Field::ReceivedQuantity, f.received_quantity.clone().unwrap_or_default()),
        (Field::DamagedQuantity, f.damaged_quantity.clone().unwrap_or_default()),
    ];
    let details = serde_json::json!({
        "reference": f.reference, "from": f.from, "received_on": f.received_on,
        "received_quantity": f.received_quantity, "damaged_quantity": f.damaged_quantity, "via": "web",
    });
    match record::receive(&state.store, &viewer.who, &reference, f.from.as_deref(), cells, details).await {
        Ok(Outcome::Updated | Outcome::Inserted) => {
            Ok(Redirect::to(&format!("/terima?diterima={}", encode(&reference))).into_response())
        }
        Ok(Outcome::Unchanged) => {
            let note = html! { section.result role="status" { p { "Penerimaan " (reference) " sudah tercatat sebelumnya." } } };
            render(&state, &viewer, None, Some(note)).await
        }
        Err(e) => {
            let problem = form_problem(e)?;
            let mut response = render(&state, &viewer, None, Some(problem)).await?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
    }
}

/// Percent-encodes a query value.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}
