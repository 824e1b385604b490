//! `blanko forecast` and `blanko backtest`: the same forecast the API serves, as a table, CSV or
//! JSON, and its replay over recorded history.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::UserError;
use crate::app;
use crate::app::forecast::{ForecastError, ForecastView, RegionForecast, ScenarioView, WhatIf};
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

/// The forecast as an aligned table (Indonesian headers); with a what-if, its stock-out date and
/// risk in two more columns beside the base.
pub fn table(v: &ForecastView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Prakiraan stok blanko per {} (hari kerja; habis = hari kerja pertama tanpa stok)", v.as_of);
    let scenario = v.scenario.as_ref();
    if let Some(s) = scenario {
        let _ = writeln!(out, "Bagaimana jika: {}", assumed(s));
    }
    let _ = write!(
        out,
        "{:<9} {:<28} {:>9} {:>9} {:>8} {:>7} {:>10} {:>23} {:<7} {:>9} {:>6}",
        "kode", "nama", "stok", "kirim", "laju/hr", "cover", "habis", "rentang p10–p90", "risiko", "perlu", "lapor"
    );
    if scenario.is_some() {
        let _ = write!(out, " {:>10} {:<7}", "habis jika", "risiko");
    }
    let _ = writeln!(out, " pembatas");
    let theirs = scenario.map(|s| std::iter::once(&s.region).chain(&s.children).collect::<Vec<_>>());
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
        // Working days without a report: the stock shown is expected, not reported.
        let stale =
            h.as_ref().filter(|h| h.stale_days > 0).map_or_else(|| "-".into(), |h| format!("{} hr", h.stale_days));
        let _ = write!(
            out,
            "{:<9} {:<28} {:>9} {:>9} {:>8.1} {:>7} {:>10} {:>23} {:<7} {:>9} {:>6}",
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
            stale
        );
        if let Some(theirs) = &theirs {
            let sh = theirs.iter().find(|x| x.region == r.region).and_then(|x| headline(x));
            let _ = write!(
                out,
                " {:>10} {:<7}",
                day(sh.as_ref().and_then(|h| h.stockout).map(|s| s.p50)),
                sh.as_ref().map_or("-", |h| h.risk.as_str())
            );
        }
        let _ = writeln!(out, " {}", binding(r));
    }
    out
}

/// What a scenario assumes, in a line.
fn assumed(s: &ScenarioView) -> String {
    let w = &s.what_if;
    let mut parts = Vec::new();
    if w.ship_allocations {
        parts.push("semua alokasi dikirim hari ini".to_string());
    }
    if w.apply_loans {
        let lent = s.loans.iter().map(|l| l.quantity).sum::<i64>();
        parts.push(format!(
            "rencana pinjaman provinsi dijalankan ({} pinjaman, {} keping)",
            s.loans.len(),
            format_id(lent)
        ));
    }
    if let Some(d) = &w.delay {
        parts.push(format!("kiriman {} terlambat {} hari kerja", d.reference, d.days));
    }
    if let Some(e) = w.extra {
        parts.push(format!("tambahan {} keping tiba {}", format_id(e.quantity), e.on));
    }
    parts.join("; ")
}

/// Loads a region for a command or explains what to fix.
pub async fn region(store: &Store, code: Option<&str>) -> Result<Region, UserError> {
    let code = code.map_or_else(|| Ok(RegionCode::pusat()), RegionCode::parse).map_err(|e| UserError(e.to_string()))?;
    regions::get(&store.db, &code)
        .await?
        .ok_or_else(|| UserError(format!("wilayah {code} tidak dikenal; periksa kode Kemendagri-nya (misalnya 32.16)")))
}

/// `blanko forecast`, with the what-if `w` beside the base when one is asked.
pub async fn forecast(
    store: &Store,
    region: &Region,
    as_of: NaiveDate,
    params: &ForecastParams,
    w: &WhatIf,
) -> Result<ForecastView, UserError> {
    app::forecast::view_with(&store.db, region, as_of, params, w).await.map_err(|e| match e {
        ForecastError::BadRequest(m) => UserError(m),
        ForecastError::Db(e) => e.into(),
    })
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
    out.push_str(&baseline_table(&r.overall));
    out
}

/// The forecast beside the baselines on the same dates, and the coverage of its range.
fn baseline_table(s: &Score) -> String {
    let mut out = String::new();
    let opt = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map_or_else(|| "-".into(), f);
    let _ = writeln!(
        out,
        "\nPembanding pada tanggal yang sama ({} tanggal habis dinilai; keunggulan = 1 − MAE blanko / MAE pembanding):",
        s.stockout_evaluated
    );
    let _ = writeln!(out, "{:<44} {:>9} {:>8} {:>11}", "metode", "MAE habis", "bias", "keunggulan");
    let _ = writeln!(
        out,
        "{:<44} {:>9} {:>8} {:>11}",
        "blanko (prakiraan ini)",
        opt(s.stockout_mae_days, &|x| format!("{x:.2}")),
        opt(s.stockout_bias_days, &|x| format!("{x:+.2}")),
        "-"
    );
    for b in &s.baselines {
        let _ = writeln!(
            out,
            "{:<44} {:>9} {:>8} {:>11}",
            b.baseline.label(),
            opt(b.stockout_mae_days, &|x| format!("{x:.2}")),
            opt(b.stockout_bias_days, &|x| format!("{x:+.2}")),
            opt(b.skill, &|x| format!("{:.0} %", x * 100.0))
        );
    }
    let _ = writeln!(
        out,
        "Rentang p10–p90 memuat tanggal habis sebenarnya: {} (sasaran 75–85 %); lebih awal dari p10: {}",
        opt(s.stockout_in_range, &|x| format!("{:.0} %", x * 100.0)),
        opt(s.stockout_before_range, &|x| format!("{:.0} %", x * 100.0))
    );
    out
}
