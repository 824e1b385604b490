//! Graceful stop: once a stop is asked (SIGTERM, Ctrl-C) the requests already running finish — an
//! upload commits or rolls back whole — while every new request, `/healthz` included, is answered
//! 503 with the error body of SPEC §6, so a load balancer sends it elsewhere. When the last
//! running request is done the server closes.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Notify;

use super::error::AppError;

/// Seconds a client is asked to wait before sending again (`Retry-After`).
const RETRY_AFTER_SECONDS: &str = "5";

/// Counts running requests and refuses new ones once draining. Cheap to clone.
#[derive(Clone, Default, Debug)]
pub struct Drain(Arc<Inner>);

#[derive(Default, Debug)]
struct Inner {
    draining: AtomicBool,
    running: AtomicUsize,
    idle: Notify,
}

/// One running request; its end may leave the server idle.
struct Running<'a>(&'a Inner);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        if self.0.running.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

impl Drain {
    /// The router with every request counted, and refused while draining.
    pub fn wrap(&self, router: Router) -> Router {
        let drain = self.clone();
        router.layer(axum::middleware::from_fn(move |req: Request, next: Next| {
            let drain = drain.clone();
            async move { drain.handle(req, next).await }
        }))
    }

    async fn handle(&self, req: Request, next: Next) -> Response {
        // Counted before the flag is read: a request that slips past a stop being asked is one
        // `idle` waits for.
        self.0.running.fetch_add(1, Ordering::SeqCst);
        let running = Running(&self.0);
        if self.0.draining.load(Ordering::SeqCst) {
            drop(running);
            return unavailable();
        }
        next.run(req).await
    }

    /// From now on new requests are answered 503.
    pub fn start(&self) {
        self.0.draining.store(true, Ordering::SeqCst);
    }

    pub fn is_draining(&self) -> bool {
        self.0.draining.load(Ordering::SeqCst)
    }

    /// Requests running now.
    pub fn running(&self) -> usize {
        self.0.running.load(Ordering::SeqCst)
    }

    /// Resolves once no request runs.
    pub async fn idle(&self) {
        loop {
            let notified = self.0.idle.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.running() == 0 {
                return;
            }
            notified.await;
        }
    }
}

/// 503 `unavailable`: the server is stopping.
fn unavailable() -> Response {
    let mut response = AppError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        "server sedang berhenti (dimatikan atau dimulai ulang); permintaan ini tidak diproses, kirim lagi sebentar lagi",
    )
    .into_response();
    let headers = response.headers_mut();
    headers.insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
    headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use axum::body::{Body, to_bytes};
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    #[tokio::test]
    async fn running_requests_finish_and_new_ones_get_503_while_draining() {
        let gate = Arc::new(Notify::new());
        let release = gate.clone();
        let app = Router::new().route(
            "/slow",
            get(move || {
                let gate = gate.clone();
                async move {
                    gate.notified().await;
                    "done"
                }
            }),
        );
        let drain = Drain::default();
        let app = drain.wrap(app);
        let slow = tokio::spawn(app.clone().oneshot(Request::get("/slow").body(Body::empty()).unwrap()));
        while drain.running() == 0 {
            tokio::task::yield_now().await;
        }
        drain.start();
        let refused = app.oneshot(Request::get("/slow").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(refused.headers()[header::RETRY_AFTER], RETRY_AFTER_SECONDS);
        let body: serde_json::Value =
            serde_json::from_slice(&to_bytes(refused.into_body(), 1 << 16).await.unwrap()).unwrap();
        assert_eq!(body["error"]["code"], "unavailable");
        assert!(body["error"]["message"].as_str().unwrap().contains("berhenti"));
        let idle = tokio::spawn({
            let drain = drain.clone();
            async move { drain.idle().await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!idle.is_finished(), "the running request is waited for");
        release.notify_one();
        let done = slow.await.unwrap().unwrap();
        assert_eq!(done.status(), StatusCode::OK);
        tokio::time::timeout(Duration::from_secs(2), idle).await.expect("idle once it is done").unwrap();
    }
}
