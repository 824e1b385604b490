//! Who is looking at a page: the session cookie resolved to a principal on every request (so
//! sign-out, expiry and `blanko user revoke` take effect at once), and the form token every POST
//! must carry.

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};

use super::error::WebError;
use crate::app::{AppState, accounts};
use crate::config::Settings;
use crate::domain::auth::Principal;
use crate::store::sessions::{SessionRefused, csrf_token};

/// The cookie holding the session id.
pub const SESSION_COOKIE: &str = "blanko_sesi";
/// The cookie holding the sign-in form's one-off value (before any session exists).
pub const SIGN_IN_COOKIE: &str = "blanko_masuk";
/// The form field carrying the token.
pub const CSRF_FIELD: &str = "csrf";

/// The value of cookie `name` in the request, if any.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, Secure when the settings say blanko is
/// behind TLS; `max_age` 0 deletes the cookie.
pub fn set_cookie(settings: &Settings, name: &str, value: &str, path: &str, max_age: i64) -> HeaderValue {
    let secure = if settings.secure_cookies { "; Secure" } else { "" };
    let text = format!("{name}={value}; Path={path}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("blanko_sesi=; Path=/; Max-Age=0"))
}

/// Adds a `Set-Cookie` header to a response.
pub fn with_cookie(mut response: Response, cookie: HeaderValue) -> Response {
    response.headers_mut().append(SET_COOKIE, cookie);
    response
}

/// A signed-in user on a page: who, and the form token of their session.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub who: Principal,
    pub session_id: String,
}

impl Viewer {
    /// The form token of this session.
    pub fn csrf(&self) -> String {
        csrf_token(&self.session_id)
    }

    /// Refuses a POST whose form token is missing or not this session's.
    pub fn check_csrf(&self, sent: Option<&str>) -> Result<(), WebError> {
        match sent {
            Some(t) if same(t.as_bytes(), self.csrf().as_bytes()) => Ok(()),
            _ => Err(WebError::Csrf),
        }
    }
}

/// Compares two secrets in time independent of where they differ.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Not signed in (or the session ended): back to the sign-in page, the cookie cleared.
pub struct SignInFirst {
    reason: Option<&'static str>,
    clear: Option<HeaderValue>,
}

impl IntoResponse for SignInFirst {
    fn into_response(self) -> Response {
        let to = match self.reason {
            Some(r) => format!("/masuk?alasan={r}"),
            None => "/masuk".to_string(),
        };
        let response = Redirect::to(&to).into_response();
        match self.clear {
            Some(c) => with_cookie(response, c),
            None => response,
        }
    }
}

/// Either a sign-in redirect or a server error page.
pub enum ViewerRejection {
    SignIn(SignInFirst),
    Error(WebError),
}

impl IntoResponse for ViewerRejection {
    fn into_response(self) -> Response {
        match self {
            ViewerRejection::SignIn(s) => s.into_response(),
            ViewerRejection::Error(e) => e.into_response(),
        }
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = ViewerRejection;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(id) = cookie(&parts.headers, SESSION_COOKIE).map(str::to_string) else {
            return Err(ViewerRejection::SignIn(SignInFirst { reason: None, clear: None }));
        };
        match accounts::session(&state.store.db, &id).await {
            Ok(who) => Ok(Viewer { who, session_id: id }),
            Err(SessionRefused::Store(e)) => Err(ViewerRejection::Error(WebError::from(e))),
            Err(_) => Err(ViewerRejection::SignIn(SignInFirst {
                reason: Some("berakhir"),
                clear: Some(set_cookie(&state.settings, SESSION_COOKIE, "", "/", 0)),
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_cookie_among_many() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("a=1; blanko_sesi=abc ; b=2"));
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
        h.insert(COOKIE, HeaderValue::from_static("blanko_sesi="));
        assert_eq!(cookie(&h, SESSION_COOKIE), None);
    }

    #[test]
    fn cookies_are_http_only_strict_and_secure_behind_tls() {
        let plain = set_cookie(&Settings::default(), SESSION_COOKIE, "x", "/", 60);
        assert_eq!(plain, "blanko_sesi=x; Path=/; Max-Age=60; HttpOnly; SameSite=Strict");
        let tls = Settings { secure_cookies: true, ..Settings::default() };
        assert!(set_cookie(&tls, SESSION_COOKIE, "x", "/", 60).to_str().unwrap().ends_with("; Secure"));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd") && !same(b"abc", b"ab"));
    }
}
