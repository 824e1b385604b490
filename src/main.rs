//! The `blanko` binary: parse the command line, start logging, run the command.

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = blanko::cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn")),
        )
        .with_writer(std::io::stderr)
        // `BLANKO_LOG_SPANS=1`: each timed step (a forecast's queries, an upload's batches) logs
        // how long it took when it ends, for finding where a slow request spends its time.
        .with_span_events(if std::env::var_os("BLANKO_LOG_SPANS").is_some() { FmtSpan::CLOSE } else { FmtSpan::NONE })
        .init();
    match blanko::cli::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("galat: {e}");
            ExitCode::from(1)
        }
    }
}
