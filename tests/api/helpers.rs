//! The test application: a fresh database (SQLite file or a new PostgreSQL database), seeded, and
//! the router to call. `db_tests!` turns one async test function into a SQLite and a PostgreSQL test.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use blanko::config::Settings;
use blanko::domain::auth::Role;
use blanko::domain::region::RegionCode;
use blanko::http::{AppState, build_router};
use blanko::store::{Store, seed, users};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, Database};
use serde_json::Value;
use tower::ServiceExt;

/// Runs each named `async fn name(app: TestApp)` on both databases.
#[macro_export]
macro_rules! db_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    let app = $crate::helpers::TestApp::sqlite().await;
                    super::$name(app).await;
                }

                #[tokio::test]
                async fn postgres() {
                    if let Some(app) = $crate::helpers::TestApp::postgres().await {
                        let cleanup = app.cleanup_handle();
                        super::$name(app).await;
                        cleanup.drop_database().await;
                    }
                }
            }
        )*
    };
}

pub struct TestApp {
    pub store: Store,
    pub router: Router,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

/// Drops a test's PostgreSQL database once the test has passed.
pub struct Cleanup(Option<(String, String)>);

impl Cleanup {
    pub async fn drop_database(self) {
        if let Some((admin_url, name)) = self.0
            && let Ok(admin) = Database::connect(admin_url).await
        {
            let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
        }
    }
}

impl TestApp {
    async fn with_store(store: Store, dir: Option<tempfile::TempDir>, pg: Option<(String, String)>) -> Self {
        seed::seed(&store.db).await.expect("seed");
        let settings = Settings { max_upload_bytes: 2 * 1024 * 1024, ..Settings::default() };
        let router = build_router(AppState { store: store.clone(), settings: Arc::new(settings) });
        Self { store, router, _dir: dir, pg }
    }

    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        let store = Store::connect(&url).await.expect("sqlite store");
        Self::with_store(store, Some(dir), None).await
    }

    /// A new database on the server named by TEST_DATABASE_URL, or `None` when it is not set.
    pub async fn postgres() -> Option<Self> {
        let admin_url = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())?;
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).expect("random");
        let name = format!("blanko_test_{}", hex::encode(bytes));
        let admin = Database::connect(admin_url.clone()).await.expect("connect TEST_DATABASE_URL");
        admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
        drop(admin);
        let (base, _) = admin_url.rsplit_once('/').expect("database URL with a database name");
        let store = Store::connect(&format!("{base}/{name}")).await.expect("postgres store");
        Some(Self::with_store(store, None, Some((admin_url, name))).await)
    }

    pub fn cleanup_handle(&self) -> Cleanup {
        Cleanup(self.pg.clone())
    }

    /// A new user of `role` bound to `region`; returns their token.
    pub async fn token(&self, name: &str, role: Role, region: Option<&str>) -> String {
        let region = region.map(|r| RegionCode::parse(r).expect("region code"));
        let expires_at = users::expires_in_days(blanko::config::DEFAULT_TOKEN_EXPIRES_DAYS);
        users::add_user(&self.store.db, name, role, region.as_ref(), expires_at).await.expect("add user")
    }

    pub async fn pusat(&self) -> String {
        self.token("pusat", Role::Pusat, None).await
    }

    pub async fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let body = match body {
            Some(b) => {
                req = req.header("content-type", "application/json");
                Body::from(b.to_string())
            }
            None => Body::empty(),
        };
        let resp = self.router.clone().oneshot(req.body(body).expect("request")).await.expect("response");
        let status = resp.status();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        let json = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        (status, json)
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.request("GET", path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.request("POST", path, Some(token), Some(body)).await
    }

    /// Posts and asserts the status, returning the body.
    pub async fn post_ok(&self, path: &str, token: &str, body: Value) -> Value {
        let (status, json) = self.post(path, token, body).await;
        assert!(status.is_success(), "POST {path} gave {status}: {json}");
        json
    }

    /// The blanko row of `region` itself in `/stock` at `as_of`.
    pub async fn stock(&self, token: &str, region: &str, as_of: &str) -> Value {
        let (status, json) = self.get(&format!("/api/v1/stock?region={region}&as_of={as_of}&item=blanko"), token).await;
        assert_eq!(status, StatusCode::OK, "{json}");
        json["rows"][0].clone()
    }

    /// Sum of all ledger entries and the cached balance of a holder and item.
    pub async fn sums(&self, region: &str, item: &str) -> (i64, i64) {
        use blanko::store::sql::stmt;
        let db = &self.store.db;
        let b = db.get_database_backend();
        let ledger = db
            .query_one(stmt(b, "SELECT CAST(COALESCE(SUM(quantity),0) AS BIGINT) AS t FROM ledger_entries WHERE region_code = ? AND item_code = ?", vec![region.into(), item.into()]))
            .await
            .unwrap()
            .map_or(0, |r| r.try_get::<i64>("", "t").unwrap());
        let cached = db
            .query_one(stmt(
                b,
                "SELECT on_hand AS t FROM stock_balances WHERE region_code = ? AND item_code = ?",
                vec![region.into(), item.into()],
            ))
            .await
            .unwrap()
            .map_or(0, |r| r.try_get::<i64>("", "t").unwrap());
        (ledger, cached)
    }

    /// Count of audit rows for an action.
    pub async fn audit_count(&self, action: &str) -> i64 {
        use blanko::store::sql::stmt;
        let db = &self.store.db;
        db.query_one(stmt(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = ?",
            vec![action.into()],
        ))
        .await
        .unwrap()
        .map_or(0, |r| r.try_get::<i64>("", "n").unwrap())
    }

    /// Sends raw bytes; returns the status, the response's content type and its body bytes.
    pub async fn send_bytes(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> (StatusCode, String, Vec<u8>) {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let resp = self.router.clone().oneshot(req.body(Body::from(body)).expect("request")).await.expect("response");
        let status = resp.status();
        let content_type =
            resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        (status, content_type, bytes.to_vec())
    }

    /// POSTs a CSV file as the body (`text/csv`) to `/api/v1/uploads/{kind}`.
    pub async fn upload(&self, kind: &str, token: &str, body: &[u8], dry_run: bool) -> (StatusCode, Value) {
        let path = format!("/api/v1/uploads/{kind}?dry_run={dry_run}");
        let headers = [("content-type", "text/csv")];
        let (status, _, bytes) = self.send_bytes("POST", &path, Some(token), &headers, body.to_vec()).await;
        (status, json_or_text(&bytes))
    }

    /// POSTs a CSV file as multipart field `file` to `/api/v1/uploads/{kind}`.
    pub async fn upload_multipart(&self, kind: &str, token: &str, body: &[u8], dry_run: bool) -> (StatusCode, Value) {
        const BOUNDARY: &str = "----blanko-test-boundary-7d3f";
        let mut form = Vec::with_capacity(body.len() + 512);
        // A field before the file, as browsers send with other form inputs.
        form.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhalo\r\n").as_bytes(),
        );
        form.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"unggahan.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            )
            .as_bytes(),
        );
        form.extend_from_slice(body);
        form.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let path = format!("/api/v1/uploads/{kind}?dry_run={dry_run}");
        let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
        let headers = [("content-type", content_type.as_str())];
        let (status, _, bytes) = self.send_bytes("POST", &path, Some(token), &headers, form).await;
        (status, json_or_text(&bytes))
    }
}

/// The body as JSON, or as a JSON string when it is not JSON.
fn json_or_text(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned()))
}
