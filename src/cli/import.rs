//! `blanko import KIND FILE`: the same importer as the API, with a progress bar on a terminal and
//! the error list on stderr (and as CSV beside the file) when the file is refused.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::UserError;
use crate::app::import::{Event, FileSource, ImportError, UploadReport, upload};
use crate::domain::auth::{CLI_ACTOR, Principal, Role};
use crate::domain::csv_import::Kind;
use crate::domain::quantity::format_id;
use crate::store::Store;

/// The acting user: `--as NAME`, or the operator at the console with the centre's rights.
pub async fn principal(store: &Store, name: Option<&str>) -> Result<Principal, UserError> {
    match name {
        None => Ok(Principal { name: CLI_ACTOR.into(), role: Role::Pusat, region: None }),
        Some(n) => crate::app::accounts::by_name(&store.db, n)
            .await?
            .ok_or_else(|| UserError(format!("pengguna '{n}' tidak dikenal; buat dengan `blanko user add`"))),
    }
}

/// Imports one file; `quiet` suppresses the progress bar (used by the demo loader).
pub async fn run_file(
    store: &Store,
    who: &Principal,
    kind: Kind,
    path: &Path,
    dry_run: bool,
    quiet: bool,
) -> Result<UploadReport, UserError> {
    let file = std::fs::File::open(path)
        .map_err(|e| UserError(format!("berkas {} tidak dapat dibuka: {e}", path.display())))?;
    let size = file.metadata().map_or(0, |m| m.len());
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(size);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {percent}% · sisa {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    });
    let started = std::time::Instant::now();
    // A wait for another writer is said on stderr (above the bar), whatever the terminal.
    let show = |e: Event| match e {
        Event::Progress(p) => {
            if let Some(bar) = &bar {
                let rate = p.rows as f64 / started.elapsed().as_secs_f64().max(1e-3);
                bar.set_position(p.bytes);
                bar.set_message(format!("{} baris ({} baris/detik)", format_id(p.rows as i64), format_id(rate as i64)));
            }
        }
        Event::Waiting(w) => say(bar.as_ref(), &format!("{w}; impor dimulai begitu giliran tiba")),
        Event::Retrying => say(bar.as_ref(), "transaksi bertabrakan dengan penulisan lain; berkas dibaca ulang"),
    };
    let result = upload(store, who, kind, &FileSource(path), dry_run, &show).await;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    match result {
        Ok(report) => Ok(report),
        Err(ImportError::Rejected(errors)) => {
            for e in &errors.errors {
                eprintln!("{e}");
            }
            if errors.omitted > 0 {
                eprintln!("… dan {} kesalahan lain.", errors.omitted);
            }
            let out = errors_path(path);
            let saved = std::fs::write(&out, errors.to_csv()).is_ok();
            let note =
                if saved { format!(" Daftar kesalahan juga disimpan di {}.", out.display()) } else { String::new() };
            Err(UserError(format!(
                "{}: {} kesalahan, tidak ada data yang disimpan. Perbaiki baris yang disebut lalu impor lagi.{note}",
                path.display(),
                errors.total()
            )))
        }
        Err(ImportError::File(e)) => Err(UserError(e.to_string())),
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}

/// A line on stderr that does not break the progress bar.
fn say(bar: Option<&ProgressBar>, line: &str) {
    match bar {
        Some(bar) => bar.println(line),
        None => eprintln!("{line}"),
    }
}

/// `data.csv` → `data.kesalahan.csv`, beside the file.
fn errors_path(path: &Path) -> PathBuf {
    let stem = path.file_stem().map_or_else(|| "unggahan".into(), |s| s.to_string_lossy().into_owned());
    path.with_file_name(format!("{stem}.kesalahan.csv"))
}

/// The one-line summary of an accepted import.
pub fn summary(path: &Path, r: &UploadReport) -> String {
    let verb = if r.dry_run { "Uji coba (tidak disimpan)" } else { "Selesai" };
    format!(
        "{verb}: {} — {} baris: {} baru, {} diperbarui, {} sudah ada.",
        path.display(),
        format_id(r.rows as i64),
        format_id(r.inserted as i64),
        format_id(r.updated as i64),
        format_id(r.unchanged as i64)
    )
}
