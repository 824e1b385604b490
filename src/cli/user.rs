//! `blanko user add|list|token|revoke|password` (SPEC §4): accounts, their API tokens and web passwords. A new token is
//! printed once, alone on the last line of stdout, so scripts can take it with `tail -n 1`.

use std::fmt::Write as _;

use clap::Subcommand;

use super::{UserError, ensure_seeded};
use crate::app::accounts::{self, Issued};
use crate::config::{Settings, wib_minute};
use crate::domain::auth::Role;
use crate::domain::region::RegionCode;
use crate::store::Store;
use crate::store::users::UserSummary;

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a user and print their API token once, alone on the last line.
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: Role,
        /// Region the user is bound to (not for pusat).
        #[arg(long)]
        region: Option<String>,
    },
    /// List users: role, region, active tokens and when a token was last used.
    List,
    /// Print a fresh token for an existing user once, alone on the last line; older tokens keep working.
    Token {
        name: String,
        /// Days the token stays valid (default: --token-expires-days).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        expires_days: Option<u32>,
    },
    /// Revoke every token of a user and end their web sessions at once.
    Revoke { name: String },
    /// Set the password a user signs in to the web pages with, read from standard input (one
    /// line); ends the user's open web sessions.
    Password { name: String },
}

/// Runs one `blanko user` command.
pub async fn run(store: &Store, settings: &Settings, command: UserCommand) -> Result<(), UserError> {
    match command {
        UserCommand::Add { name, role, region } => {
            let region = region.as_deref().map(RegionCode::parse).transpose().map_err(|e| UserError(e.to_string()))?;
            ensure_seeded(store).await?;
            let issued =
                accounts::add(store.write_db(), &name, role, region.as_ref(), settings.token_expires_days).await?;
            print_token(&format!("Pengguna '{name}' ({}) dibuat.", role.as_str()), &issued);
        }
        UserCommand::List => print!("{}", table(&accounts::list(&store.db).await?)),
        UserCommand::Token { name, expires_days } => {
            let issued =
                accounts::issue_token(store.write_db(), &name, expires_days.unwrap_or(settings.token_expires_days))
                    .await?;
            print_token(
                &format!(
                    "Token baru untuk '{name}' dibuat; token lamanya tetap berlaku sampai dicabut (`blanko user revoke {name}`)."
                ),
                &issued,
            );
        }
        UserCommand::Revoke { name } => {
            let r = accounts::revoke(store.write_db(), &name).await?;
            if r.tokens == 0 && r.sessions == 0 {
                println!("'{name}' tidak punya token atau sesi web yang masih berlaku; tidak ada yang berubah.");
            } else {
                println!(
                    "{} token milik '{name}' dicabut dan {} sesi web diakhiri; semuanya langsung ditolak. \
                     Token baru: `blanko user token {name}`.",
                    r.tokens, r.sessions
                );
            }
        }
        UserCommand::Password { name } => {
            let password = read_password()?;
            accounts::set_password(store.write_db(), &name, &password).await?;
            println!("Kata sandi '{name}' disimpan; sesi web lamanya diakhiri. Masuk di halaman /masuk.");
        }
    }
    Ok(())
}

/// The password: the first line of standard input, without its line ending.
fn read_password() -> Result<String, UserError> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| UserError(format!("kata sandi tidak terbaca dari masukan standar: {e}")))?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    if password.is_empty() {
        return Err(UserError(
            "kata sandi kosong: kirim lewat masukan standar, misalnya `printf '%s\\n' 'rahasia-panjang' | blanko user password NAMA`"
                .into(),
        ));
    }
    Ok(password)
}

/// The lead-in, then the token alone on the last line.
fn print_token(intro: &str, issued: &Issued) {
    println!(
        "{intro} Token ini berlaku sampai {}. Simpan; ia tidak akan ditampilkan lagi:",
        wib_minute(issued.expires_at)
    );
    println!("{}", issued.token);
}

/// The users as an aligned table (Indonesian headers).
fn table(rows: &[UserSummary]) -> String {
    if rows.is_empty() {
        return "Belum ada pengguna; buat dengan `blanko user add NAMA --role PERAN`.\n".into();
    }
    let name_width = rows.iter().map(|r| r.name.chars().count()).max().unwrap_or(0).max("nama".len());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<name_width$}  {:<8}  {:<10}  {:>11}  terakhir dipakai",
        "nama", "peran", "wilayah", "token aktif"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{:<name_width$}  {:<8}  {:<10}  {:>11}  {}",
            r.name,
            r.role,
            r.region.as_deref().unwrap_or("-"),
            r.active_tokens,
            r.last_used.map_or_else(|| "-".into(), wib_minute),
        );
    }
    out
}
