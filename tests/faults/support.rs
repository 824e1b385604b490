//! What the fault tests drive: the real `blanko` binary (`serve` and the commands), a database of
//! their own (a SQLite file, or a new PostgreSQL database when `TEST_DATABASE_URL` is set), a
//! plain HTTP/1.1 client over a socket, and a small seeded random generator.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, DatabaseBackend, Statement};

/// The binary under test.
pub const BLANKO: &str = env!("CARGO_BIN_EXE_blanko");

/// The long runs of RELIABILITY.md (`BLANKO_FAULTS=long`), else the short ones CI runs.
pub fn long() -> bool {
    std::env::var("BLANKO_FAULTS").is_ok_and(|v| v == "long")
}

/// One database for one test, and a folder for its files and logs.
pub struct Db {
    pub url: String,
    pub dir: tempfile::TempDir,
    pub postgres: bool,
    admin: Option<(String, String)>,
    rt: tokio::runtime::Runtime,
}

impl Db {
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("blanko.db").display());
        Self { url, dir, postgres: false, admin: None, rt: runtime() }
    }

    /// A new database on the server of `TEST_DATABASE_URL`, or `None` when it is not set.
    pub fn postgres() -> Option<Self> {
        let admin = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())?;
        let rt = runtime();
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).expect("random");
        let name = format!("blanko_faults_{}", hex::encode(bytes));
        rt.block_on(async {
            let db = Database::connect(admin.clone()).await.expect("connect TEST_DATABASE_URL");
            db.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create database");
        });
        let (base, _) = admin.rsplit_once('/').expect("database URL with a name");
        let url = format!("{base}/{name}");
        Some(Self { url, dir: tempfile::tempdir().expect("tempdir"), postgres: true, admin: Some((admin, name)), rt })
    }

    pub fn label(&self) -> &'static str {
        if self.postgres { "PostgreSQL" } else { "SQLite" }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs a `blanko` command against this database.
    pub fn run(&self, args: &[&str]) -> Output {
        run_on(&self.url, self.dir.path(), args)
    }

    /// One number from SQL (`CAST(… AS BIGINT)` for sums, so both databases answer an i64).
    pub fn scalar(&self, sql: &str) -> i64 {
        self.rows(sql).first().and_then(|r| r.first().copied()).unwrap_or(0)
    }

    /// Rows of whole numbers from SQL.
    pub fn rows(&self, sql: &str) -> Vec<Vec<i64>> {
        let backend = if self.postgres { DatabaseBackend::Postgres } else { DatabaseBackend::Sqlite };
        self.rt.block_on(async {
            let db = Database::connect(self.url.clone()).await.expect("connect");
            let rows =
                db.query_all(Statement::from_string(backend, sql)).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
            let out = rows
                .iter()
                .map(|r| {
                    let names = r.column_names();
                    names.iter().map(|n| r.try_get::<i64>("", n).unwrap_or_else(|e| panic!("{sql} {n}: {e}"))).collect()
                })
                .collect();
            db.close().await.ok();
            out
        })
    }

    /// Creates a user of the centre and returns its token.
    pub fn token(&self, name: &str) -> String {
        let out = self.run(&["user", "add", name, "--role", "pusat"]);
        assert!(out.status.success(), "user add: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).lines().last().expect("token line").trim().to_string()
    }

    /// `blanko check` passes.
    pub fn assert_check(&self, when: &str) {
        let out = self.run(&["check"]);
        assert!(
            out.status.success(),
            "{} {when}: blanko check failed:\n{}{}",
            self.label(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Writes `text` to a file in the test folder; returns its path.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).expect("write file");
        path
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.admin.take() {
            self.rt.block_on(async {
                if let Ok(db) = Database::connect(admin).await {
                    let _ = db.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                }
            });
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}

pub fn run_on(url: &str, dir: &Path, args: &[&str]) -> Output {
    Command::new(BLANKO)
        .arg("--database-url")
        .arg(url)
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run blanko")
}

/// `blanko import` started in the background, stderr kept.
pub fn spawn_import(db: &Db, kind: &str, file: &Path) -> Child {
    Command::new(BLANKO)
        .arg("--database-url")
        .arg(&db.url)
        .args(["import", kind])
        .arg(file)
        .current_dir(db.dir.path())
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn blanko import")
}

/// A running `blanko serve`.
pub struct Server {
    pub child: Child,
    pub addr: String,
}

impl Server {
    /// Starts `blanko serve` on a free port and waits until `/healthz` answers.
    pub fn start(db: &Db, log: &str) -> Self {
        let port = TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("addr").port();
        let addr = format!("127.0.0.1:{port}");
        let log = std::fs::File::create(db.path(log)).expect("log file");
        let child = Command::new(BLANKO)
            .arg("--database-url")
            .arg(&db.url)
            .args(["serve", "--addr", &addr, "--max-upload-mb", "64"])
            .current_dir(db.dir.path())
            .env_remove("DATABASE_URL")
            .env("RUST_LOG", "info,sqlx=warn,sea_orm=warn,tower_http=warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn blanko serve");
        let server = Self { child, addr };
        let deadline = Instant::now() + Duration::from_mins(2);
        loop {
            if let Ok((200, _)) = server.get("/healthz", None) {
                return server;
            }
            assert!(Instant::now() < deadline, "blanko serve did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn client(&self) -> Client<'_> {
        Client(&self.addr)
    }

    pub fn get(&self, path: &str, token: Option<&str>) -> std::io::Result<(u16, String)> {
        self.client().get(path, token)
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM: the graceful stop.
    pub fn terminate(&self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().expect("kill -TERM");
        assert!(status.success());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// Requests to a server at an address.
#[derive(Clone, Copy)]
pub struct Client<'a>(pub &'a str);

impl Client<'_> {
    pub fn get(&self, path: &str, token: Option<&str>) -> std::io::Result<(u16, String)> {
        http(self.0, "GET", path, token, "", b"", Duration::from_mins(1))
    }

    pub fn post_json(&self, path: &str, token: &str, body: &serde_json::Value) -> std::io::Result<(u16, String)> {
        let body = body.to_string();
        http(self.0, "POST", path, Some(token), "application/json", body.as_bytes(), Duration::from_mins(2))
    }

    pub fn post_csv(&self, path: &str, token: &str, csv: &[u8]) -> std::io::Result<(u16, String)> {
        http(self.0, "POST", path, Some(token), "text/csv", csv, Duration::from_mins(10))
    }
}

/// A prints upload sent from another thread; join for its answer.
pub fn upload_in_background(
    addr: &str,
    token: &str,
    csv: String,
) -> std::thread::JoinHandle<std::io::Result<(u16, String)>> {
    let (addr, token) = (addr.to_string(), token.to_string());
    std::thread::spawn(move || Client(&addr).post_csv("/api/v1/uploads/prints", &token, csv.as_bytes()))
}

/// One HTTP/1.1 request on a fresh connection; the status and the body.
pub fn http(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    content_type: &str,
    body: &[u8],
    timeout: Duration,
) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(timeout))?;
    s.set_write_timeout(Some(timeout))?;
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    if let Some(t) = token {
        _ = write!(head, "Authorization: Bearer {t}\r\n");
    }
    if !content_type.is_empty() {
        _ = write!(head, "Content-Type: {content_type}\r\n");
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes())?;
    s.write_all(body)?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| bad("no end of headers"))?;
    let headers = String::from_utf8_lossy(&raw[..split]).to_lowercase();
    let status = headers.split_whitespace().nth(1).and_then(|c| c.parse().ok()).ok_or_else(|| bad("no status"))?;
    let mut payload = raw[split + 4..].to_vec();
    if headers.contains("transfer-encoding: chunked") {
        payload = unchunk(&payload)?;
    }
    Ok((status, String::from_utf8_lossy(&payload).into_owned()))
}

fn bad(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string())
}

fn unchunk(mut data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line = data.windows(2).position(|w| w == b"\r\n").ok_or_else(|| bad("chunk size"))?;
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..line]).trim(), 16).map_err(|_| bad("chunk"))?;
        if size == 0 {
            return Ok(out);
        }
        let start = line + 2;
        out.extend_from_slice(data.get(start..start + size).ok_or_else(|| bad("short chunk"))?);
        data = data.get(start + size + 2..).ok_or_else(|| bad("chunk end"))?;
    }
}

/// xorshift64*: reproducible from the seed printed by each test (`BLANKO_FAULTS_SEED`).
pub struct Rng(u64);

impl Rng {
    pub fn seeded() -> Self {
        let seed = std::env::var("BLANKO_FAULTS_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            let mut b = [0u8; 8];
            getrandom::fill(&mut b).expect("random");
            u64::from_le_bytes(b) | 1
        });
        eprintln!("seed {seed} (BLANKO_FAULTS_SEED={seed} repeats this run)");
        Self(seed)
    }

    pub fn from(seed: u64) -> Self {
        Self(seed | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

/// The date `days` after 2001-01-01.
pub fn day(days: u64) -> String {
    (chrono::NaiveDate::from_ymd_opt(2001, 1, 1).expect("date") + chrono::Days::new(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// p50 and p99 of latencies in milliseconds.
pub fn percentiles(mut ms: Vec<f64>) -> (f64, f64) {
    if ms.is_empty() {
        return (0.0, 0.0);
    }
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99))
}
