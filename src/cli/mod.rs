//! The command line of SPEC §4: dispatch of the commands parsed in `args`, each calling the app or
//! the store and printing. Errors a user can fix exit with 1; usage errors (clap) with 2.

mod args;
pub mod demo;
mod forecast;
pub(crate) mod import;
mod report;
mod user;

use std::net::SocketAddr;
use std::sync::Arc;

use crate::app::report::{Format as ReportFormat, Kind as ReportKind, ReportRequest, render};
use crate::config::Settings;
use crate::http::drain::Drain;
use crate::http::{AppState, build_router};
use crate::report::Delimiter;
use crate::store::{Store, StoreError, seed};
pub use args::{Cli, Command, OutputFormat};
pub use user::UserCommand;

/// An error the user can act on; printed on stderr, exit code 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

impl From<StoreError> for UserError {
    fn from(e: StoreError) -> Self {
        Self(e.to_string())
    }
}

impl From<sea_orm::DbErr> for UserError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self(format!("kesalahan basis data: {e}"))
    }
}

async fn open(url: &str) -> Result<Store, UserError> {
    Store::connect(url).await.map_err(|e| {
        UserError(format!("tidak dapat membuka basis data {url}: {e}. Periksa --database-url / DATABASE_URL"))
    })
}

/// Loads regions, items and holidays into an empty database.
async fn ensure_seeded(store: &Store) -> Result<(), UserError> {
    if seed::is_empty(&store.db).await? {
        let s = seed::seed(store.write_db()).await?;
        tracing::info!(regions = s.regions, "basis data kosong: wilayah, barang dan hari libur dimuat");
    }
    Ok(())
}

/// Runs one command.
pub async fn run(cli: Cli) -> Result<(), UserError> {
    let settings = cli.settings();
    match cli.command {
        Command::Serve { addr, demo, max_upload_mb, as_of } => {
            let as_of = as_of.or(demo.then_some(demo::AS_OF));
            serve(Settings { max_upload_bytes: max_upload_mb * 1024 * 1024, as_of, ..settings }, addr, demo).await
        }
        Command::Seed => {
            let store = open(&cli.database_url).await?;
            let s = seed::seed(store.write_db()).await?;
            println!("Selesai: {} wilayah, {} barang, {} hari libur dimuat.", s.regions, s.items, s.holidays);
            Ok(())
        }
        Command::Import { kind, file, dry_run, as_user } => {
            let store = open(&cli.database_url).await?;
            ensure_seeded(&store).await?;
            let who = import::principal(&store, as_user.as_deref()).await?;
            let report = import::run_file(&store, &who, kind, &file, dry_run, false).await?;
            for w in &report.warnings {
                eprintln!("catatan: {w}");
            }
            println!("{}", import::summary(&file, &report));
            Ok(())
        }
        Command::Forecast { region, as_of, format, horizon_days, what_if } => {
            let store = open(&cli.database_url).await?;
            ensure_seeded(&store).await?;
            let region = forecast::region(&store, region.as_deref()).await?;
            let params = settings.forecast_params(Some(horizon_days));
            let as_of = as_of.unwrap_or_else(crate::config::today);
            let v = forecast::forecast(&store, &region, as_of, &params, &what_if.what_if(as_of)?).await?;
            match format {
                OutputFormat::Json => {
                    println!("{}", serde_json::to_string_pretty(&v).map_err(|e| UserError(e.to_string()))?);
                }
                // The same bytes as `blanko report forecast --format csv` and the API's forecast.csv.
                OutputFormat::Csv if v.scenario.is_some() => {
                    return Err(UserError(
                        "CSV prakiraan tidak memuat skenario bagaimana-jika; pakai --format table atau json".into(),
                    ));
                }
                OutputFormat::Csv => {
                    let who = import::principal(&store, None).await?;
                    let req = ReportRequest {
                        kind: ReportKind::Forecast,
                        format: ReportFormat::Csv,
                        region: region.code.clone(),
                        as_of: v.as_of,
                        delimiter: Delimiter::Comma,
                        what_if: crate::app::forecast::WhatIf::default(),
                    };
                    let out = render(&store.db, &settings, &who, &req).await.map_err(|e| UserError(e.to_string()))?;
                    std::io::Write::write_all(&mut std::io::stdout(), &out.bytes)
                        .map_err(|e| UserError(e.to_string()))?;
                }
                OutputFormat::Table => print!("{}", forecast::table(&v)),
            }
            Ok(())
        }
        Command::Backtest { region, from, to } => {
            let store = open(&cli.database_url).await?;
            ensure_seeded(&store).await?;
            let region = forecast::region(&store, region.as_deref()).await?;
            let params = settings.forecast_params(None);
            let report = forecast::run_backtest(&store, &region, from, to, &params).await?;
            let names: std::collections::HashMap<String, String> = crate::store::regions::all(&store.db)
                .await?
                .into_iter()
                .map(|r| (r.code.to_string(), r.name))
                .collect();
            print!("{}", forecast::backtest_table(&report, &|c| names.get(c.as_str()).cloned().unwrap_or_default()));
            Ok(())
        }
        Command::Report { kind, region, as_of, format, out, delimiter, as_user, what_if } => {
            let store = open(&cli.database_url).await?;
            ensure_seeded(&store).await?;
            let who = import::principal(&store, as_user.as_deref()).await?;
            let as_of = as_of.unwrap_or_else(crate::config::today);
            let args =
                report::ReportArgs { kind, format, region, as_of, out, delimiter, what_if: what_if.what_if(as_of)? };
            for path in report::write(&store, &settings, &who, &args).await? {
                println!("{}", path.display());
            }
            Ok(())
        }
        Command::Check => check(&open(&cli.database_url).await?).await,
        Command::Backup { file } => backup(&open(&cli.database_url).await?, &file).await,
        Command::User { command } => {
            let store = open(&cli.database_url).await?;
            user::run(&store, &settings, command).await
        }
    }
}

/// `blanko check`: every problem on stdout, a summary last; exit 1 when anything is wrong. The
/// checks read one snapshot, so a database that serves meanwhile is checked at one moment.
async fn check(store: &Store) -> Result<(), UserError> {
    let snapshot = store.snapshot().await?;
    let found = crate::app::stock::check(&snapshot).await.map_err(|e| UserError(e.to_string()))?;
    drop(snapshot);
    let lines = found.lines();
    for line in &lines {
        println!("{line}");
    }
    if lines.is_empty() {
        println!("Semua pemeriksaan lulus: saldo, hari minus, jumlah unggahan dan penerimaan sesuai buku stok.");
        Ok(())
    } else {
        Err(UserError(format!("pemeriksaan gagal: {} masalah ditemukan di basis data", lines.len())))
    }
}

/// `blanko backup FILE`: a consistent copy of a SQLite database, taken while it serves.
async fn backup(store: &Store, file: &std::path::Path) -> Result<(), UserError> {
    if file.exists() {
        return Err(UserError(format!("{} sudah ada; pilih nama berkas baru untuk cadangan", file.display())));
    }
    let started = std::time::Instant::now();
    if !store.backup_to(file).await.map_err(|e| UserError(format!("cadangan gagal: {e}")))? {
        return Err(UserError(
            "basis data PostgreSQL dicadangkan dengan pg_dump, bukan blanko backup: \
             pg_dump -Fc -f blanko.dump URL, dipulihkan dengan pg_restore -d URL blanko.dump (lihat README)"
                .into(),
        ));
    }
    let size = std::fs::metadata(file).map_or(0, |m| m.len());
    println!(
        "Cadangan tersimpan: {} ({} KB, {:.1} detik). Pulihkan dengan menyalin berkas ini menggantikan basis data \
         saat blanko berhenti, lalu jalankan `blanko check`.",
        file.display(),
        size / 1024,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn serve(settings: Settings, addr: SocketAddr, demo: bool) -> Result<(), UserError> {
    let store = open(&settings.database_url).await?;
    ensure_seeded(&store).await?;
    if demo {
        demo::load_if_empty(&store, settings.token_expires_days).await?;
        tracing::info!(as_of = %demo::AS_OF, "--demo: halaman web menampilkan keadaan per tanggal riwayat demo");
    }
    let state = AppState { store, settings: Arc::new(settings) };
    let listener =
        tokio::net::TcpListener::bind(addr).await.map_err(|e| UserError(format!("tidak dapat membuka {addr}: {e}")))?;
    tracing::info!(%addr, "blanko melayani di http://{addr}");
    let drain = Drain::default();
    let app = drain.wrap(build_router(state));
    let stopping = drain.clone();
    let stopped = Arc::new(tokio::sync::Notify::new());
    let closed = stopped.clone();
    // Until the running requests are done the listener stays open, answering 503, so a client
    // reads why instead of a refused connection.
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown().await;
        stopping.start();
        tracing::info!(
            running = stopping.running(),
            "berhenti: permintaan baru dijawab 503, menunggu yang sedang berjalan"
        );
        if tokio::time::timeout(DRAIN_LIMIT, stopping.idle()).await.is_err() {
            tracing::warn!(
                running = stopping.running(),
                "batas waktu berhenti lewat: transaksi yang belum selesai dibatalkan utuh"
            );
        }
        closed.notify_one();
    });
    let hard_stop = async {
        stopped.notified().await;
        tokio::time::sleep(CLOSE_LIMIT).await;
    };
    tokio::select! {
        result = server.into_future() => result.map_err(|e| UserError(format!("server berhenti karena kesalahan: {e}")))?,
        () = hard_stop => tracing::warn!("koneksi yang masih terbuka ditutup paksa"),
    }
    tracing::info!("blanko berhenti");
    Ok(())
}

/// How long a stop waits for running requests (an upload that takes longer rolls back whole), and
/// then for open connections to close.
const DRAIN_LIMIT: std::time::Duration = std::time::Duration::from_mins(2);
const CLOSE_LIMIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}
