//! The command line of SPEC §4 as clap types: global flags, the commands and their arguments, and
//! the closed sets of values (roles, report kinds and formats, delimiters) as `ValueEnum`s.

use std::net::SocketAddr;

use clap::builder::PossibleValue;
use clap::{Parser, Subcommand, ValueEnum};

use super::user::UserCommand;
use crate::app::report::{Format as ReportFormat, Kind as ReportKind};
use crate::config::{DEFAULT_DATABASE_URL, DEFAULT_SESSION_HOURS, DEFAULT_TOKEN_EXPIRES_DAYS, Settings};
use crate::domain::auth::Role;
use crate::domain::complaints::DEFAULT_FOLLOW_UP_DAYS;
use crate::domain::csv_import::Kind;
use crate::report::Delimiter;

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
    /// Hours a web session lasts after signing in.
    #[arg(long, env = "BLANKO_SESSION_HOURS", default_value_t = DEFAULT_SESSION_HOURS,
        value_parser = clap::value_parser!(u32).range(1..=720), global = true)]
    pub session_hours: u32,
    /// Days an office has to follow up a resident's complaint before it counts as overdue
    /// (SP4N-LAPOR!: 14).
    #[arg(long, env = "BLANKO_FOLLOW_UP_DAYS", default_value_t = DEFAULT_FOLLOW_UP_DAYS,
        value_parser = clap::value_parser!(u32).range(1..=365), global = true)]
    pub follow_up_days: u32,
    /// Send the session cookie only over HTTPS (Secure): set it when blanko runs behind TLS.
    #[arg(long, env = "BLANKO_SECURE_COOKIES", global = true)]
    pub secure_cookies: bool,
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
        /// Date the web pages show when none is picked, YYYY-MM-DD (default: today; with --demo,
        /// the demo history's 2022-10-31).
        #[arg(long = "as-of", env = "BLANKO_AS_OF", value_name = "DATE", value_parser = super::report::parse_date)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// Load regions, items and holidays from seed-data/ (safe to run again).
    Seed,
    /// Import an upload file (CSV) of one kind: all rows or none.
    Import {
        kind: Kind,
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
        #[arg(long, value_parser = super::report::parse_date)]
        as_of: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Working days projected.
        #[arg(long, default_value_t = 90)]
        horizon_days: u32,
        #[command(flatten)]
        what_if: WhatIfArgs,
    },
    /// Replay history: forecast from past dates and measure the error of stock-out dates and rates.
    Backtest {
        /// Region code (default: PUSAT): every kabupaten/kota in it is replayed.
        #[arg(long)]
        region: Option<String>,
        /// First forecast origin, YYYY-MM-DD.
        #[arg(long, value_parser = super::report::parse_date)]
        from: Option<chrono::NaiveDate>,
        /// Last forecast origin, YYYY-MM-DD.
        #[arg(long, value_parser = super::report::parse_date)]
        to: Option<chrono::NaiveDate>,
    },
    /// Write a report: a CSV table, a chart (PNG, SVG) or the one-page briefing (HTML and PNG).
    Report {
        #[arg(value_enum)]
        kind: ReportKind,
        /// Region code, e.g. 32.16 (default: PUSAT, the whole nation).
        #[arg(long)]
        region: Option<String>,
        /// Date the report describes, YYYY-MM-DD (default: today).
        #[arg(long = "as-of", value_name = "DATE", value_parser = super::report::parse_date)]
        as_of: Option<chrono::NaiveDate>,
        /// csv (tables), png or svg (charts), html or png (briefing); default csv, and for the briefing both html and png.
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,
        /// Folder to write into (created if missing).
        #[arg(long, value_name = "DIR", default_value = "reports")]
        out: std::path::PathBuf,
        /// CSV separator: comma, or semicolon for Excel in the Indonesian locale.
        #[arg(long, value_enum, default_value = "comma")]
        delimiter: Delimiter,
        /// Report as this user (their region applies); default: the operator, with the centre's rights.
        #[arg(long = "as", value_name = "USER")]
        as_user: Option<String>,
        /// A what-if for the briefing to show beside its numbers.
        #[command(flatten)]
        what_if: WhatIfArgs,
    },
    /// Check the books against SPEC §3: cached balances, negative days, upload counts, receipts.
    /// Prints each problem and exits 1 if there is any.
    Check,
    /// Copy a SQLite database, consistently, while it serves (PostgreSQL: use pg_dump, see README).
    Backup {
        /// The new file (must not exist yet).
        file: std::path::PathBuf,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

/// A what-if (`blanko forecast`, `blanko report briefing`): the same scenario `/api/v1/forecast` takes.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct WhatIfArgs {
    /// What if every allocation not yet shipped were dispatched today.
    #[arg(long)]
    pub ship_allocations: bool,
    /// What if the province's loan plan were carried out today.
    #[arg(long)]
    pub apply_loans: bool,
    /// What if the shipment with this delivery note number arrived late (with --delay-days).
    #[arg(long, value_name = "NO_SURAT_JALAN", requires = "delay_days")]
    pub delay_reference: Option<String>,
    /// Working days the shipment arrives late (1–250).
    #[arg(long, value_name = "HARI", requires = "delay_reference", value_parser = clap::value_parser!(u32).range(1..=250))]
    pub delay_days: Option<u32>,
    /// What if this many blanko arrived as an extra delivery (with --extra-on).
    #[arg(long, value_name = "JUMLAH", requires = "extra_on", value_parser = clap::value_parser!(i64).range(1..=1_000_000_000))]
    pub extra_quantity: Option<i64>,
    /// Day the extra delivery arrives, YYYY-MM-DD.
    #[arg(long, value_name = "TANGGAL", requires = "extra_quantity", value_parser = super::report::parse_date)]
    pub extra_on: Option<chrono::NaiveDate>,
}

impl WhatIfArgs {
    /// The what-if asked, or what to fix (an extra delivery before the as-of date).
    pub fn what_if(&self, as_of: chrono::NaiveDate) -> Result<crate::app::forecast::WhatIf, super::UserError> {
        use crate::app::forecast::{ExtraDelivery, ShipmentDelay, WhatIf};
        let extra = match (self.extra_quantity, self.extra_on) {
            (Some(quantity), Some(on)) if on >= as_of => Some(ExtraDelivery { quantity, on }),
            (Some(_), Some(on)) => {
                return Err(super::UserError(format!(
                    "--extra-on {on} sebelum tanggal prakiraan {as_of}: kiriman tambahan hanya dapat tiba sesudahnya"
                )));
            }
            _ => None,
        };
        let delay = self
            .delay_reference
            .clone()
            .zip(self.delay_days)
            .map(|(reference, days)| ShipmentDelay { reference, days });
        Ok(WhatIf { ship_allocations: self.ship_allocations, apply_loans: self.apply_loans, delay, extra })
    }
}

impl Cli {
    /// The settings every command shares, from flags and environment.
    pub(super) fn settings(&self) -> Settings {
        Settings {
            database_url: self.database_url.clone(),
            lead_time_days: self.lead_time_days,
            target_cover_days: self.target_cover_days,
            token_expires_days: self.token_expires_days,
            session_hours: self.session_hours,
            follow_up_days: self.follow_up_days,
            secure_cookies: self.secure_cookies,
            ..Settings::default()
        }
    }
}

/// How `blanko forecast` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A table for the terminal.
    Table,
    /// The same bytes as `blanko report forecast --format csv`.
    Csv,
    Json,
}

// The types below live in the domain, the app and the report layer, which do not know clap: the command
// line names their values here, with the names they already use.

impl ValueEnum for Role {
    fn value_variants<'a>() -> &'a [Self] {
        &[Role::Pusat, Role::Provinsi, Role::Kabkota, Role::Pimpinan]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

impl ValueEnum for ReportKind {
    fn value_variants<'a>() -> &'a [Self] {
        &ReportKind::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

impl ValueEnum for ReportFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &ReportFormat::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.ext()))
    }
}

impl ValueEnum for Delimiter {
    fn value_variants<'a>() -> &'a [Self] {
        &[Delimiter::Comma, Delimiter::Semicolon]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Delimiter::Comma => PossibleValue::new("comma"),
            Delimiter::Semicolon => PossibleValue::new("semicolon"),
        })
    }
}

impl ValueEnum for Kind {
    fn value_variants<'a>() -> &'a [Self] {
        &Kind::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()).help(self.label()))
    }
}
