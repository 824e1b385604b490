//! Pure mapping from what the store answers (the forecast view, stock facts, query rows) to the
//! renderers' input rows. No I/O: plain values in, plain values out, tested beside the code.

use chrono::NaiveDate;

use crate::app::forecast::{ForecastView, RegionForecast};
use crate::domain::forecast::Risk;
use crate::domain::item::Item;
use crate::domain::region::{Level, Region, RegionCode};
use crate::domain::stock::{StockFacts, positions};
use crate::report::{ForecastRow, LedgerCard, LedgerRow, StockRow, StockoutRange};
use crate::store::ledger::CardLine;

/// How reports name the whole nation (PUSAT's forecast is the national roll-up).
pub const NATION: &str = "Nasional";

/// The name a report shows for a region's forecast in a table: `Nasional` for PUSAT.
pub fn display_name(rf: &RegionForecast) -> String {
    if rf.region.is_pusat() { NATION.to_string() } else { rf.name.clone() }
}

/// The name in a title, with its level where the name alone does not say it:
/// `Provinsi Jawa Barat`, `Kabupaten Bekasi`, `Kecamatan Tarumajaya`, `Nasional`.
pub fn title_name(code: &RegionCode, name: &str) -> String {
    match code.level() {
        Level::Pusat => NATION.to_string(),
        Level::Provinsi if !name.starts_with("Provinsi") => format!("Provinsi {name}"),
        Level::Kecamatan if !name.starts_with("Kecamatan") => format!("Kecamatan {name}"),
        _ => name.to_string(),
    }
}

/// The headline of a region's forecast, whether it is an office pool's own or a roll-up.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    /// Cards held: the pool's, or for a roll-up its offices' plus the stock held above them.
    pub on_hand: i64,
    pub in_transit: i64,
    pub issuance_rate: f64,
    pub demand_rate: f64,
    pub days_of_cover: Option<f64>,
    /// For a roll-up, one date: when the pooled stock runs out if it could move freely.
    pub stockout: Option<StockoutRange>,
    pub risk: Risk,
    pub backlog_prr: i64,
    /// Cards to ask for: the office's reorder quantity, or a roll-up's needs above its reserve.
    pub reorder_quantity: i64,
    /// Last day projected.
    pub horizon_end: Option<NaiveDate>,
    /// False for an office that never held or used anything (a kecamatan without a counter).
    pub has_data: bool,
    /// The last day prints were reported (a roll-up: the oldest of its offices').
    pub last_report: Option<NaiveDate>,
    /// Working days since `last_report` (a roll-up: the most of its offices').
    pub stale_days: u32,
}

/// The headline numbers of `rf`, taken as they are from its forecast or roll-up.
pub fn headline(rf: &RegionForecast) -> Option<Headline> {
    if let Some(f) = &rf.forecast {
        let stockout = f.stockout_date.map(|p50| StockoutRange {
            p10: f.stockout_p10.unwrap_or(p50).min(p50),
            p50,
            // A late date beyond the horizon is at least the horizon's end.
            p90: f.stockout_p90.unwrap_or(f.horizon_end).max(p50),
        });
        return Some(Headline {
            // The position today: a late reporter's last known stock less the expected use since.
            on_hand: f.expected_on_hand,
            in_transit: f.in_transit,
            issuance_rate: f.issuance_rate,
            demand_rate: f.demand_rate,
            days_of_cover: f.days_of_cover,
            stockout,
            risk: f.risk,
            backlog_prr: f.backlog_prr.unwrap_or(0),
            reorder_quantity: f.reorder_quantity,
            horizon_end: Some(f.horizon_end),
            has_data: f.on_hand > 0 || f.in_transit > 0 || f.issuance_rate > 0.0,
            last_report: f.last_report,
            stale_days: f.stale_days,
        });
    }
    let r = rf.rollup.as_ref()?;
    Some(Headline {
        on_hand: r.on_hand + r.reserve,
        in_transit: r.in_transit,
        issuance_rate: r.issuance_rate,
        demand_rate: r.demand_rate,
        days_of_cover: r.days_of_cover,
        stockout: r.headline_stockout().map(|d| StockoutRange { p10: d, p50: d, p90: d }),
        risk: r.risk,
        backlog_prr: r.backlog_prr,
        reorder_quantity: r.headline_request(),
        horizon_end: r.projection.last().map(|d| d.date),
        has_data: r.members > 0 || r.reserve > 0,
        last_report: r.last_report,
        stale_days: r.stale_days,
    })
}

/// Stock position rows of each region (the region first, then its children), every item.
pub fn stock_rows(regions: &[Region], facts: &StockFacts) -> Vec<StockRow> {
    let codes: Vec<RegionCode> = regions.iter().map(|r| r.code.clone()).collect();
    regions
        .iter()
        .zip(positions(facts, &codes))
        .flat_map(|(r, rows)| {
            rows.into_iter().map(move |p| StockRow {
                region_code: r.code.to_string(),
                region_name: r.name.clone(),
                item: p.item,
                on_hand: p.on_hand,
                in_transit: p.in_transit,
                allocated_not_shipped: p.allocated_not_shipped,
                backlog_prr: p.backlog_prr,
            })
        })
        .collect()
}

/// One forecast row per region of the view, the region first (as `/api/v1/forecast` lists them).
pub fn forecast_rows(view: &ForecastView) -> Vec<ForecastRow> {
    std::iter::once(&view.region).chain(&view.children).filter_map(forecast_row).collect()
}

fn forecast_row(rf: &RegionForecast) -> Option<ForecastRow> {
    let h = headline(rf)?;
    // The CSV gives the forecast's own dates: a roll-up has one date and no range.
    let (p10, p50, p90) = match &rf.forecast {
        Some(f) => (f.stockout_p10, f.stockout_date, f.stockout_p90),
        None => (None, h.stockout.map(|s| s.p50), None),
    };
    Some(ForecastRow {
        region_code: rf.region.to_string(),
        region_name: display_name(rf),
        item: Item::Blanko,
        on_hand: h.on_hand,
        in_transit: h.in_transit,
        issuance_rate: h.issuance_rate,
        demand_rate: h.demand_rate,
        days_of_cover: h.days_of_cover,
        stockout_p10: p10,
        stockout_p50: p50,
        stockout_p90: p90,
        risk: h.risk,
        reorder_quantity: h.reorder_quantity,
        last_report: h.last_report,
        stale_days: h.stale_days,
    })
}

/// The stock card of one office and item from `from`, opening with the balance before it.
pub fn ledger_card(region: &Region, item: Item, from: NaiveDate, opening: i64, lines: &[CardLine]) -> LedgerCard {
    LedgerCard {
        region_code: region.code.to_string(),
        item,
        from: Some(from),
        opening_balance: opening,
        entries: lines
            .iter()
            .map(|l| LedgerRow {
                date: l.date,
                kind: l.kind,
                reference: l.reference.clone(),
                quantity: l.quantity,
                note: String::new(),
                actor: l.actor.clone(),
            })
            .collect(),
    }
}
