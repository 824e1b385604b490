//! `serve --demo`: loads the bundled demo history (seed-data/demo/) through the same importer as
//! any upload, into an empty database, and creates one demo user per role with a password for the
//! web pages and an API token, both printed once.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use sea_orm::{EntityTrait, PaginatorTrait};

use super::UserError;
use super::import::run_file;
use crate::domain::auth::{DEMO_ACTOR, Principal, Role};
use crate::domain::csv_import::Kind;
use crate::domain::region::RegionCode;
use crate::store::entities::{ledger_entries, uploads};
use crate::store::{Store, sessions, users};

/// The date the demo is told as of: its history runs to the end of 2022, with deliveries and
/// reports still ahead of this day, so its forecasts have a future to tell.
pub const AS_OF: NaiveDate = NaiveDate::from_ymd_opt(2022, 10, 31).expect("valid date");

/// The demo folder: beside the working directory, or in the source tree the binary was built from.
fn demo_dir() -> Option<PathBuf> {
    [PathBuf::from("seed-data/demo"), Path::new(env!("CARGO_MANIFEST_DIR")).join("seed-data/demo")]
        .into_iter()
        .find(|p| p.join("manifest.csv").is_file())
}

/// Loads the demo if the database holds no records yet. Returns false when it was left alone.
/// Demo users' tokens live `token_days` days.
pub async fn load_if_empty(store: &Store, token_days: u32) -> Result<bool, UserError> {
    if ledger_entries::Entity::find().count(&store.db).await? > 0 || uploads::Entity::find().count(&store.db).await? > 0
    {
        tracing::info!("--demo: basis data sudah berisi data; riwayat demo tidak dimuat lagi");
        return Ok(false);
    }
    let dir = demo_dir()
        .ok_or_else(|| UserError("folder seed-data/demo tidak ditemukan; jalankan dari folder repositori".into()))?;
    let manifest = std::fs::read_to_string(dir.join("manifest.csv"))
        .map_err(|e| UserError(format!("manifest demo tidak terbaca: {e}")))?;
    let who = Principal { name: DEMO_ACTOR.into(), role: Role::Pusat, region: None };
    let started = std::time::Instant::now();
    for line in manifest.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let (kind, file) =
            line.split_once(',').ok_or_else(|| UserError(format!("baris manifest demo tidak valid: {line}")))?;
        let kind =
            Kind::parse(kind).ok_or_else(|| UserError(format!("jenis '{kind}' di manifest demo tidak dikenal")))?;
        let path = dir.join(file.trim());
        let report = run_file(store, &who, kind, &path, false, true).await?;
        tracing::info!(file = %path.display(), rows = report.rows, inserted = report.inserted, updated = report.updated, "demo dimuat");
    }
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "riwayat demo selesai dimuat");
    let people: [(&str, Role, Option<&str>); 4] = [
        ("demo-pusat", Role::Pusat, None),
        ("demo-jabar", Role::Provinsi, Some("32")),
        ("demo-bekasi", Role::Kabkota, Some("32.16")),
        ("demo-pj-bupati-bekasi", Role::Pimpinan, Some("32.16")),
    ];
    let expires = users::expires_in_days(token_days);
    println!("Pengguna demo (kata sandi dan token hanya ditampilkan sekali; masuk di halaman /masuk):");
    println!("  {:<24} {:<9} {:<24} token API", "nama", "peran", "kata sandi");
    for (name, role, region) in people {
        let region = region.map(RegionCode::parse).transpose().map_err(|e| UserError(e.to_string()))?;
        let token = users::add_user(store.write_db(), name, role, region.as_ref(), expires).await?;
        let password = sessions::new_password()?;
        sessions::set_password(store.write_db(), name, &password).await?;
        println!("  {name:<24} {:<9} {password:<24} {token}", role.as_str());
    }
    Ok(true)
}
