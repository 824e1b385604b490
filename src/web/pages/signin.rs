//! Signing in and out, and the landing page each role is sent to.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;

use crate::app::{AppState, accounts};
use crate::domain::auth::{Principal, Role};
use crate::store::sessions::{SessionRefused, new_form_nonce};
use crate::web::error::WebError;
use crate::web::layout::bare_page;
use crate::web::session::{CSRF_FIELD, SESSION_COOKIE, SIGN_IN_COOKIE, Viewer, cookie, same, set_cookie, with_cookie};

/// Seconds the sign-in form stays valid.
const SIGN_IN_FORM_SECONDS: i64 = 3600;

/// Where a role lands after signing in: the nation, its province, its office, or the briefing.
pub fn landing_path(who: &Principal) -> String {
    match (who.role, &who.region) {
        (Role::Pimpinan, _) => "/ringkasan".to_string(),
        (_, Some(r)) => format!("/wilayah/{}", r.as_str()),
        (_, None) => "/wilayah/PUSAT".to_string(),
    }
}

/// `GET /`: the landing page, through sign-in when needed.
pub async fn root() -> Redirect {
    Redirect::to("/beranda")
}

/// `GET /beranda`: each role's own view.
pub async fn landing(viewer: Viewer) -> Redirect {
    Redirect::to(&landing_path(&viewer.who))
}

#[derive(Deserialize)]
pub struct Reason {
    alasan: Option<String>,
}

fn sign_in_page(nonce: &str, name: &str, problem: Option<&str>, note: Option<&str>) -> maud::Markup {
    html! {
        section.signin {
            h1 { "Masuk ke blanko" }
            p.lead { "Stok blanko KTP-el dari pusat sampai loket kabupaten/kota." }
            @if let Some(n) = note { p.note role="status" { (n) } }
            @if let Some(p) = problem { p.problem role="alert" { (p) } }
            form method="post" action="/masuk" {
                input type="hidden" name=(CSRF_FIELD) value=(nonce);
                label for="nama" { "Nama pengguna" }
                input #nama type="text" name="nama" value=(name) autocomplete="username" required autofocus;
                label for="sandi" { "Kata sandi" }
                input #sandi type="password" name="sandi" autocomplete="current-password" required;
                button type="submit" { "Masuk" }
            }
            p.hint { "Belum punya kata sandi? Minta admin menjalankan " code { "blanko user password NAMA" } "." }
        }
    }
}

/// The form with a fresh one-off value, also set as a cookie (the double-submit check of a form
/// shown before any session exists).
fn fresh_form(state: &AppState, name: &str, problem: Option<&str>, note: Option<&str>, status: StatusCode) -> Response {
    let nonce = match new_form_nonce() {
        Ok(n) => n,
        Err(e) => return WebError::from(e).into_response(),
    };
    let page = bare_page("Masuk", &sign_in_page(&nonce, name, problem, note));
    with_cookie(
        (status, page).into_response(),
        set_cookie(&state.settings, SIGN_IN_COOKIE, &nonce, "/masuk", SIGN_IN_FORM_SECONDS),
    )
}

/// `GET /masuk`.
pub async fn form(State(state): State<AppState>, Query(q): Query<Reason>) -> Response {
    let note = match q.alasan.as_deref() {
        Some("berakhir") => Some("Sesi Anda sudah berakhir. Silakan masuk lagi."),
        Some("keluar") => Some("Anda sudah keluar."),
        _ => None,
    };
    fresh_form(&state, "", None, note, StatusCode::OK)
}

#[derive(Deserialize)]
pub struct SignIn {
    nama: Option<String>,
    sandi: Option<String>,
    csrf: Option<String>,
}

/// `POST /masuk`: checks the form token, the name and the password; opens the session.
pub async fn submit(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<SignIn>) -> Response {
    let expected = cookie(&headers, SIGN_IN_COOKIE);
    match (expected, f.csrf.as_deref()) {
        (Some(e), Some(sent)) if same(e.as_bytes(), sent.as_bytes()) => {}
        _ => return WebError::Csrf.into_response(),
    }
    let name = f.nama.unwrap_or_default();
    let password = f.sandi.unwrap_or_default();
    match accounts::sign_in(state.store.write_db(), &name, &password, state.settings.session_hours).await {
        Ok(s) => {
            let max_age = i64::from(state.settings.session_hours) * 3600;
            let to = landing_path(&s.principal);
            let response = Redirect::to(&to).into_response();
            let response = with_cookie(response, set_cookie(&state.settings, SESSION_COOKIE, &s.id, "/", max_age));
            with_cookie(response, set_cookie(&state.settings, SIGN_IN_COOKIE, "", "/masuk", 0))
        }
        Err(SessionRefused::Store(e)) => WebError::from(e).into_response(),
        Err(refused) => fresh_form(&state, name.trim(), Some(&refused.to_string()), None, StatusCode::UNAUTHORIZED),
    }
}

#[derive(Deserialize)]
pub struct Token {
    csrf: Option<String>,
}

/// `POST /keluar`: ends the session and clears the cookie.
pub async fn sign_out(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(f): Form<Token>,
) -> Result<Response, WebError> {
    viewer.check_csrf(f.csrf.as_deref())?;
    accounts::sign_out(state.store.write_db(), &viewer.session_id).await?;
    let response = Redirect::to("/masuk?alasan=keluar").into_response();
    Ok(with_cookie(response, set_cookie(&state.settings, SESSION_COOKIE, "", "/", 0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::region::RegionCode;

    #[test]
    fn each_role_lands_on_its_view() {
        let p = |role, region: Option<&str>| Principal {
            name: "x".into(),
            role,
            region: region.map(|r| RegionCode::parse(r).unwrap()),
        };
        assert_eq!(landing_path(&p(Role::Pusat, None)), "/wilayah/PUSAT");
        assert_eq!(landing_path(&p(Role::Provinsi, Some("32"))), "/wilayah/32");
        assert_eq!(landing_path(&p(Role::Kabkota, Some("32.16"))), "/wilayah/32.16");
        assert_eq!(landing_path(&p(Role::Pimpinan, Some("32.16"))), "/ringkasan");
    }
}
