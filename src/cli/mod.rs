//! The command line of SPEC §4. Each command parses its arguments into domain values, calls the
//! store or the domain, and prints. Errors a user can fix exit with 1; usage errors (clap) with 2.

mod demo;
mod forecast;
pub(crate) mod import;
mod report;
mod user;

use std::net::SocketAddr;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::config::{DEFAULT_DATABASE_URL, DEFAULT_TOKEN_EXPIRES_DAYS, Settings};
use crate::http::{AppState, build_router};
use crate::report::Delimiter;
use crate::report_service::{Format as ReportFormat, Kind as ReportKind, ReportRequest, render};
use crate::report_service::{Format, Kind, parse_delimiter};
use crate::store::{Store, StoreError, seed};
pub use user::UserCommand;

#[derive(Parser, Debug)]
#[command(name = "blanko", version, about = "Stok blanko KTP-el dari pusat sampai loket kabupaten/kota")]
pub struct Cli {
    /// Database URL: sqlite://FILE?mode=rwc (embedded, default) or postgres://USER@HOST/DB.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,
    /// Working days a delivery takes: cover below it is merah, below twice it kuning (SPEC §7).
    #[arg(long, env = "BLANKO_LEAD_TIME_DAYS", default_value_t = 10, global = true)]
    pub lead_time_days: u32,
    /// Working days of stock a reorder aims for (SPEC §7).
    #[arg(long, env = "BLANKO_TARGET_COVER_DAYS", default_value_t = 40, global = true)]
    pub target_cover_days: u32,
    /// Days a new API token stays valid (`user add`, `user token`).
    #[arg(long, env = "BLANKO_TOKEN_EXPIRES_DAYS", default_value_t = DEFAULT_TOKEN_EXPIRES_DAYS,
        value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub token_expires_days: u32,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the HTTP API.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Load the bundled demo history (Jawa Barat and Banten, 2021–2022) if the database is empty.
        #[arg(long)]
        demo: bool,
        /// Largest upload accepted, in megabytes.
        #[arg(long, env = "BLANKO_MAX_UPLOAD_MB", default_value_t = 20)]
        max_upload_mb: usize,
    },
    /// Load regions, items and holidays from seed-data/ (safe to run again).
    Seed,
    /// Import an upload file (CSV) of one kind: all rows or none.
    Import {
        #[arg(value_parser = ["shipments", "allocations", "procurements", "prints", "backlog", "stock-counts", "outages"])]
        kind: String,
        file: std::path::PathBuf,
        /// Check the file and report what would change, writing nothing.
        #[arg(long)]
        dry_run: bool,
        /// Import as this user (their role and region apply); default: the operator, with the centre's rights.
        #[arg(long = "as", value_name = "USER")]
        as_user: Option<String>,
    },
    /// Forecast stock-out dates for a region and each child (SPEC §7).
    Forecast {
        /// Region code (default: PUSAT, the nation).
        #[arg(long)]
        region: Option<String>,
        /// Date, YYYY-MM-DD (default: today).
        #[arg(long, value_parser = report::parse_date)]
        as_of: Option<chrono::NaiveDate>,
        #[arg(long, default_value = "table", value_parser = ["table", "csv", "json"])]
        format: String,
        /// Working days projected.
        #[arg(long, default_value_t = 90)]
        horizon_days: u32,
    },
    /// Replay history: forecast from past dates and measure the error of stock-out dates and rates.
    Backtest {
        /// Region code (default: PUSAT): every kabupaten/kota in it is replayed.
        #[arg(long)]
        region: Option<String>,
        /// First forecast origin, YYYY-MM-DD.
        #[arg(long, value_parser = report::parse_date)]
        from: Option<chrono::NaiveDate>,
        /// Last forecast origin, YYYY-MM-DD.
        #[arg(long, value_parser = report::parse_date)]
        to: Option<chrono::NaiveDate>,
    },
    /// Write a report: a CSV table, a chart (PNG, SVG) or the one-page briefing (HTML and PNG).
    Report {
        #[arg(value_parser = ["stock", "backlog", "forecast", "shipments", "ledger", "briefing"])]
        kind: String,
        /// Region code, e.g. 32.16 (default: PUSAT, the whole nation).
        #[arg(long)]
        region: Option<String>,
        /// Date the report describes, YYYY-MM-DD (default: today).
        #[arg(long = "as-of", value_name = "DATE", value_parser = report::parse_date)]
        as_of: Option<chrono::NaiveDate>,
        /// csv (tables), png or svg (charts), html or png (briefing); default csv, and for the briefing both html and png.
        #[arg(long, value_parser = ["csv", "png", "svg", "html"])]
        format: Option<String>,
        /// Folder to write into (created if missing).
        #[arg(long, value_name = "DIR", default_value = "reports")]
        out: std::path::PathBuf,
        /// CSV separator: comma, or semicolon for Excel in the Indonesian locale.
        #[arg(long, value_parser = ["comma", "semicolon"], default_value = "comma")]
        delimiter: String,
        /// Report as this user (their region applies); default: the operator, with the centre's rights.
        #[arg(long = "as", value_name = "USER")]
        as_user: Option<String>,
    },
    /// Check the books against SPEC §3: cached balances, negative days, upload counts, receipts.
    /// Prints each problem and exits 1 if there is any.
    Check,
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

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
        let s = seed::seed(&store.db).await?;
        tracing::info!(regions = s.regions, "basis data kosong: wilayah, barang dan hari libur dimuat");
    }
    Ok(())
}

impl Cli {
    /// The settings every command shares, from flags and environment.
    fn settings(&self) -> Settings {
        Settings {
            database_url: self.database_url.clone(),
            lead_time_days: self.lead_time_days,
            target_cover_days: self.target_cover_days,
            token_expires_days: self.token_expires_days,
            ..Settings::default()
        }
    }
}

/// Runs one command.
pub async fn run(cli: Cli) -> Result<(), UserError> {
    let settings = cli.settings();
    match cli.command {
        Command::Serve { addr, demo, max_upload_mb } => {
            serve(Settings { max_upload_bytes: max_upload_mb * 1024 * 1024, ..settings }, addr, demo).await
        }
        Command::Seed => {
            let store = open(&cli.database_url).await?;
            let s = seed::seed(&store.db).await?;
            println!("Selesai: {} wilayah, {} barang, {} hari libur dimuat.", s.regions, s.items, s.holidays);
            Ok(())
        }
        Command::Import { kind, file, dry_run, as_user } => {
            let store = open(&cli.database_url).await?;
            ensure_seeded(&store).await?;
            let kind = crate::domain::csv_import::Kind::parse(&kind)
                .ok_or_else(|| UserError(format!("jenis '{kind}' tidak dikenal")))?;
            let who = import::principal(&store, as_user.as_deref()).await?;
            let report = import::run_file(&store, &who, kind, &file, dry_run, false).await?;
            for w in &report.warnings {
                eprintln!("catatan: {w}");
            }
            println!("{}", import::summary(&file, &report));
            Ok(())
        }
        Command::Forecast { region, as_of, format, horizon_days } => {
            let store = open(&cli.database_url).await?;
            ensure_seeded(&store).await?;
            let region = forecast::region(&store, region.as_deref()).await?;
            let params = crate::http::forecast::params(&settings, Some(horizon_days));
            let v = forecast::forecast(&store, &region, as_of.unwrap_or_else(crate::config::today), &params).await?;
            match format.as_str() {
                "json" => println!("{}", serde_json::to_string_pretty(&v).map_err(|e| UserError(e.to_string()))?),
                // The same bytes as `blanko report forecast --format csv` and the API's forecast.csv.
                "csv" => {
                    let who = import::principal(&store, None).await?;
                    let req = ReportRequest {
                        kind: ReportKind::Forecast,
                        format: ReportFormat::Csv,
                        region: region.code.clone(),
                        as_of: v.as_of,
                        delimiter: Delimiter::Comma,
                    };
                    let out = render(&store.db, &settings, &who, &req).await.map_err(|e| UserError(e.to_string()))?;
                    std::io::Write::write_all(&mut std::io::stdout(), &out.bytes)
                        .map_err(|e| UserError(e.to_string()))?;
                }
                _ => print!("{}", forecast::table(&v)),
            }
            Ok(())
        }
        Command::Backtest { region, from, to } => {
            let store = open(&cli.database_url).await?;
            ensure_seeded(&store).await?;
            let region = forecast::region(&store, region.as_deref()).await?;
            let params = crate::http::forecast::params(&settings, None);
            let report = forecast::run_backtest(&store, &region, from, to, &params).await?;
            let names: std::collections::HashMap<String, String> = crate::store::regions::all(&store.db)
                .await?
                .into_iter()
                .map(|r| (r.code.to_string(), r.name))
                .collect();
            print!("{}", forecast::backtest_table(&report, &|c| names.get(c.as_str()).cloned().unwrap_or_default()));
            Ok(())
        }
        Command::Report { kind, region, as_of, format, out, delimiter, as_user } => {
            let store = open(&cli.database_url).await?;
            ensure_seeded(&store).await?;
            let who = import::principal(&store, as_user.as_deref()).await?;
            let args = report::ReportArgs {
                kind: Kind::parse(&kind).ok_or_else(|| UserError(format!("laporan '{kind}' tidak dikenal")))?,
                format: format.as_deref().and_then(Format::parse),
                region,
                as_of: as_of.unwrap_or_else(crate::config::today),
                out,
                delimiter: parse_delimiter(&delimiter).unwrap_or_default(),
            };
            for path in report::write(&store, &settings, &who, &args).await? {
                println!("{}", path.display());
            }
            Ok(())
        }
        Command::Check => check(&open(&cli.database_url).await?).await,
        Command::User { command } => {
            let store = open(&cli.database_url).await?;
            user::run(&store, &settings, command).await
        }
    }
}

/// `blanko check`: every problem on stdout, a summary last; exit 1 when anything is wrong.
async fn check(store: &Store) -> Result<(), UserError> {
    let found = crate::app::stock::check(&store.db).await.map_err(|e| UserError(e.to_string()))?;
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

async fn serve(settings: Settings, addr: SocketAddr, demo: bool) -> Result<(), UserError> {
    let store = open(&settings.database_url).await?;
    ensure_seeded(&store).await?;
    if demo {
        demo::load_if_empty(&store, settings.token_expires_days).await?;
    }
    let state = AppState { store, settings: Arc::new(settings) };
    let listener =
        tokio::net::TcpListener::bind(addr).await.map_err(|e| UserError(format!("tidak dapat membuka {addr}: {e}")))?;
    tracing::info!(%addr, "blanko melayani di http://{addr}");
    axum::serve(listener, build_router(state))
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(|e| UserError(format!("server berhenti karena kesalahan: {e}")))
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before the process exits.
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
    tracing::info!("berhenti: menyelesaikan permintaan yang sedang berjalan");
}
