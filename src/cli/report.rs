//! `blanko report KIND`: writes report files with the same renderer as `GET /api/v1/reports/…`,
//! so the bytes on disk are the bytes the API serves.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::UserError;
use crate::app::forecast::WhatIf;
use crate::app::report::{Format, Kind, RenderError, ReportRequest, render};
use crate::config::Settings;
use crate::domain::auth::Principal;
use crate::domain::region::RegionCode;
use crate::report::Delimiter;
use crate::store::Store;

impl From<RenderError> for UserError {
    fn from(e: RenderError) -> Self {
        Self(e.to_string())
    }
}

/// Parses `--as-of` (`YYYY-MM-DD`) for clap, with the message in Bahasa Indonesia.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{text}' bukan tanggal; tulis sebagai YYYY-MM-DD, misalnya 2022-10-31"))
}

/// What `blanko report` was asked for, parsed.
pub struct ReportArgs {
    pub kind: Kind,
    /// `None`: the report's default (CSV; the briefing as page and image).
    pub format: Option<Format>,
    pub region: Option<String>,
    pub as_of: NaiveDate,
    pub out: PathBuf,
    pub delimiter: Delimiter,
    /// Briefing only: a what-if beside the numbers.
    pub what_if: WhatIf,
}

/// Renders each requested format and writes it under `args.out`; returns the paths written.
pub async fn write(
    store: &Store,
    settings: &Settings,
    who: &Principal,
    args: &ReportArgs,
) -> Result<Vec<PathBuf>, UserError> {
    let region = match args.region.as_deref() {
        None => RegionCode::pusat(),
        Some(t) => RegionCode::parse(t).map_err(|e| UserError(e.to_string()))?,
    };
    let formats: Vec<Format> = match (args.format, args.kind) {
        (Some(f), _) => vec![f],
        (None, Kind::Briefing) => vec![Format::Html, Format::Png],
        (None, _) => vec![Format::Csv],
    };
    let mut written = Vec::with_capacity(formats.len());
    for format in formats {
        let req = ReportRequest {
            kind: args.kind,
            format,
            region: region.clone(),
            as_of: args.as_of,
            delimiter: args.delimiter,
            what_if: args.what_if.clone(),
        };
        let out = render(&store.db, settings, who, &req).await?;
        written.push(save(&args.out, &out.filename, &out.bytes)?);
    }
    Ok(written)
}

fn save(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, UserError> {
    std::fs::create_dir_all(dir).map_err(|e| UserError(format!("folder {} tidak dapat dibuat: {e}", dir.display())))?;
    let path = dir.join(name);
    std::fs::write(&path, bytes)
        .map_err(|e| UserError(format!("berkas {} tidak dapat ditulis: {e}", path.display())))?;
    Ok(path)
}
