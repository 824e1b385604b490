//! `blanko forecast` and `blanko backtest`: the same forecast the API serves, as a table, CSV or
//! JSON, and its replay over recorded history.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::UserError;
use crate::app;
use crate::app::forecast::{ForecastView, RegionForecast};
use crate::app::report::build::headline;
use crate::domain::forecast::ForecastParams;
use crate::domain::forecast::backtest::{BacktestReport, Score};
use crate::domain::quantity::format_id;
use crate::domain::region::{Region, RegionCode};
use crate::store::{Store, regions};

/// What the last column says: the consumable that binds an office, or how many offices a roll-up sums.
fn binding(r: &RegionForecast) -> String {
    match (&r.forecast, &r.rollup) {
        (Some(f), _) => f.binding_item.as_str().into(),
        (None, Some(x)) => format!("{} kantor", x.members),
        (None, None) => String::new(),
    }
}

fn day(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "-".into(), |d| d.format("%Y-%m-%d").to_string())
}

/// The forecast as an aligned table (Indonesian headers).
pub fn table(v: &ForecastView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Prakiraan stok blanko per {} (hari kerja; habis = hari kerja pertama tanpa stok)", v.as_of);
    let _ = writeln!(
        out,
        "{:<9} {:<28} {:>9} {:>9} {:>8} {:>7} {:>10} {:>23} {:<7} {:>9} pembatas",
        "kode", "nama", "stok", "kirim", "laju/hr", "cover", "habis", "rentang p10–p90", "risiko", "perlu"
    );
    for r in std::iter::once(&v.region).chain(&v.children) {
        // The same headline numbers as the reports and the briefing.
        let h = headline(r);
        let stockout = h.as_ref().and_then(|h| h.stockout);
        // A roll-up has one date, not a range.
        let range = match (stockout, &r.forecast) {
            (Some(s), Some(_)) => format!("{} – {}", day(Some(s.p10)), day(Some(s.p90))),
            _ => "-".to_string(),
        };
        let name: String = r.name.chars().take(28).collect();
        let _ = writeln!(
            out,
            "{:<9} {:<28} {:>9} {:>9} {:>8.1} {:>7} {:>10} {:>23} {:<7} {:>9} {}",
            r.region.as_str(),
            name,
            format_id(h.as_ref().map_or(0, |h| h.on_hand)),
            format_id(h.as_ref().map_or(0, |h| h.in_transit)),
            h.as_ref().map_or(0.0, |h| h.issuance_rate),
            h.as_ref().and_then(|h| h.days_of_cover).map_or_else(|| "-".into(), |c| format!("{c:.1}")),
            day(stockout.map(|s| s.p50)),
            range,
            h.as_ref().map_or("-", |h| h.risk.as_str()),
            format_id(h.as_ref().map_or(0, |h| h.reorder_quantity)),
            binding(r)
        );
    }
    out
}

/// Loads a region for a command or explains what to fix.
pub async fn region(store: &Store, code: Option<&str>) -> Result<Region, UserError> {
    let code = code.map_or_else(|| Ok(RegionCode::pusat()), RegionCode::parse).map_err(|e| UserError(e.to_string()))?;
    regions::get(&store.db, &code)
        .await?
        .ok_or_else(|| UserError(format!("wilayah {code} tidak dikenal; periksa kode Kemendagri-nya (misalnya 32.16)")))
}

/// `blanko forecast`.
pub async fn forecast(
    store: &Store,
    region: &Region,
    as_of: NaiveDate,
    params: &ForecastParams,
) -> Result<ForecastView, UserError> {
    Ok(app::forecast::view(&store.db, region, as_of, params).await?)
}

/// `blanko backtest`: replays history of every kabupaten/kota in the region (or the region itself).
pub async fn run_backtest(
    store: &Store,
    region: &Region,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    params: &ForecastParams,
) -> Result<BacktestReport, UserError> {
    app::forecast::backtest(&store.db, region, from, to, params)
        .await?
        .ok_or_else(|| UserError(format!("belum ada riwayat stok untuk {}; impor data dulu", region.name)))
}

fn score_cells(s: &Score) -> String {
    let opt = |v: Option<f64>, digits: usize| v.map_or_else(|| "-".into(), |x| format!("{x:.digits$}"));
    format!(
        "{:>6} {:>7} {:>9} {:>8} {:>10} {:>8} {:>9}",
        s.origins,
        s.stockout_evaluated,
        opt(s.stockout_mae_days, 2),
        opt(s.stockout_bias_days, 2),
        opt(s.stockout_in_range.map(|x| x * 100.0), 0),
        opt(s.rate_mae, 1),
        opt(s.rate_relative_error.map(|x| x * 100.0), 1)
    )
}

/// The backtest as a table: per region and overall.
pub fn backtest_table(r: &BacktestReport, names: &dyn Fn(&RegionCode) -> String) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Uji mundur prakiraan (asal prakiraan tiap 5 hari kerja; galat tanggal habis dalam hari kerja, laju dalam kartu/hari kerja)"
    );
    let _ = writeln!(
        out,
        "{:<9} {:<28} {:>6} {:>7} {:>9} {:>8} {:>10} {:>8} {:>9}",
        "kode", "nama", "asal", "dinilai", "MAE habis", "bias", "p10–p90 %", "MAE laju", "galat %"
    );
    for rs in &r.regions {
        let name: String = names(&rs.region).chars().take(28).collect();
        let _ = writeln!(out, "{:<9} {:<28} {}", rs.region.as_str(), name, score_cells(&rs.score));
    }
    let _ = writeln!(out, "{:<9} {:<28} {}", "SEMUA", "keseluruhan", score_cells(&r.overall));
    out
}
