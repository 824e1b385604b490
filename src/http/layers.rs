//! What every response goes through (SPEC §6 and §10): a panic becomes a logged 500 with the error
//! body instead of a dropped connection; an error answered without a body (axum's own 405, say)
//! gets the error body; every response says `nosniff`; pages carry a Content-Security-Policy (report
//! documents set their own, `report::REPORT_CSP`).

use std::any::Any;

use axum::Router;
use axum::body::HttpBody;
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;

use super::error::AppError;

/// The policy of the pages (`web`): scripts and styles only as files from this server (no inline
/// code), forms only to this server, never framed.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
     img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Wraps the application in the layers above. Handlers may set their own policy (reports do);
/// any other page or SVG gets `PAGE_CSP`.
pub fn harden<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router
        .fallback(not_found)
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(axum::middleware::map_response(finish))
}

/// Unknown routes: 404 with the error body.
async fn not_found(method: Method, uri: Uri) -> AppError {
    AppError::not_found(format!("alamat {method} {} tidak ada; daftar alamat ada di /api/v1/openapi.json", uri.path()))
}

/// A handler that panicked: logged with its message, answered as a 500 with the error body.
#[expect(clippy::needless_pass_by_value, reason = "the signature CatchPanicLayer calls")]
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    AppError::internal(&format!("handler panicked: {message}")).into_response()
}

async fn finish(response: Response) -> Response {
    let status = response.status();
    let mut response = if (status.is_client_error() || status.is_server_error()) && response.body().is_end_stream() {
        empty_error(status, response)
    } else {
        response
    };
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let is_page = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html") || t.starts_with("image/svg+xml"));
    if is_page && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(PAGE_CSP));
    }
    response
}

/// The error body for an error answered without one, keeping its headers (`Allow` on a 405).
fn empty_error(status: StatusCode, response: Response) -> Response {
    let error = match status {
        StatusCode::METHOD_NOT_ALLOWED => AppError::new(
            status,
            "method_not_allowed",
            "metode ini tidak tersedia untuk alamat ini; metode yang boleh ada di header Allow",
        ),
        StatusCode::NOT_FOUND => AppError::not_found("alamat tidak ditemukan"),
        StatusCode::PAYLOAD_TOO_LARGE => AppError::too_large(None),
        _ if status.is_server_error() => {
            AppError::new(status, "internal", "terjadi kesalahan di server; coba lagi atau hubungi admin")
        }
        _ => AppError::new(status, "bad_request", "permintaan tidak dapat diproses"),
    };
    let (mut parts, _) = response.into_parts();
    let (body_parts, body) = error.into_response().into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.extend(body_parts.headers);
    Response::from_parts(parts, body)
}

#[cfg(test)]
mod tests {
    use axum::body::{Body, to_bytes};
    use axum::http::Request;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    async fn body_of(response: Response) -> serde_json::Value {
        let bytes = to_bytes(response.into_body(), 1 << 16).await.unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[tokio::test]
    async fn a_panic_is_a_500_with_the_error_body() {
        let response = panic_response(Box::new(String::from("boom")));
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body_of(response).await["error"]["code"], "internal");
        assert_eq!(panic_response(Box::new("static")).status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(panic_response(Box::new(42)).status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[tokio::test]
    async fn a_panicking_route_answers_instead_of_dropping_the_connection() {
        async fn boom() -> &'static str {
            panic!("boom")
        }
        let app = harden(Router::new().route("/boom", get(boom)));
        let response = app.oneshot(Request::get("/boom").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let body = body_of(response).await;
        assert_eq!(body["error"]["code"], "internal");
        assert!(!body["error"]["message"].as_str().unwrap().contains("boom"), "the panic message stays in the log");
    }
}
