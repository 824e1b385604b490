//! Pure mapping to the chart inputs: the stock line with its forecast, backlog, cover and flow.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::build::{Headline, headline, title_name};
use crate::app::forecast::{ForecastView, RegionForecast};
use crate::domain::complaints::{Complaint, PerCategory, week_of};
use crate::domain::item::Item;
use crate::domain::region::{Level, Region, RegionCode};
use crate::report::{
    BacklogChart, CoverBar, CoverChart, FlowBar, FlowChart, ForecastPoint, NamedCount, StockChart, StockPoint,
};
use crate::report::{BacklogRow, ComplaintChart, ComplaintWeek};
use crate::store::reports::FlowTotals;

/// Calendar days of recorded stock the stock chart shows before the as-of date.
pub const HISTORY_DAYS: u64 = 90;

/// Last day of forecast the stock chart shows: two weeks past the late stock-out date, at least
/// four weeks, and nine weeks when no stock-out is in sight (a flat line says no more after that).
fn chart_end(as_of: NaiveDate, h: Option<&Headline>) -> NaiveDate {
    let stockout = h.and_then(|h| h.stockout);
    let end = stockout.map_or(as_of + Days::new(63), |s| s.p90 + Days::new(14));
    end.max(as_of + Days::new(28))
}

/// Stock of the view's region over the last [`HISTORY_DAYS`], then its forecast.
pub fn stock_chart(view: &ForecastView, history: &[(NaiveDate, i64)]) -> StockChart {
    let rf = &view.region;
    let h = headline(rf);
    let end = chart_end(view.as_of, h.as_ref());
    let mut forecast = Vec::new();
    if let Some(h) = &h {
        // Start where the record ends so that the two lines meet.
        let now = h.on_hand as f64;
        forecast.push(ForecastPoint { date: view.as_of, expected: now, low: now, high: now });
    }
    if let Some(f) = &rf.forecast {
        forecast.extend(f.projection.iter().filter(|p| p.date <= end).map(|p| ForecastPoint {
            date: p.date,
            expected: p.stock,
            low: p.stock_low,
            high: p.stock_high,
        }));
    } else if let Some(r) = &rf.rollup {
        // Pooled: what the offices hold, less what they owe, plus the stock held above them.
        let reserve = r.reserve as f64;
        forecast.extend(r.projection.iter().filter(|p| p.date <= end).map(|p| {
            let v = (p.stock - p.short + reserve).max(0.0);
            ForecastPoint { date: p.date, expected: v, low: v, high: v }
        }));
    }
    StockChart {
        region_name: title_name(&rf.region, &rf.name),
        item: Item::Blanko,
        as_of: view.as_of,
        history: history.iter().map(|&(date, on_hand)| StockPoint { date, on_hand }).collect(),
        forecast,
        stockout: h.and_then(|h| h.stockout),
    }
}

/// PRR per kecamatan for a kabupaten/kota or kecamatan; summed per child for a province or PUSAT.
pub fn backlog_chart(region: &Region, children: &[Region], as_of: NaiveDate, lines: &[BacklogRow]) -> BacklogChart {
    let (per, rows) = if matches!(region.level, Level::Kabkota | Level::Kecamatan) {
        (Level::Kecamatan, lines.iter().map(|l| NamedCount { name: l.kecamatan_name.clone(), value: l.prr }).collect())
    } else {
        let rows = children
            .iter()
            .map(|c| NamedCount {
                name: c.name.clone(),
                value: lines
                    .iter()
                    .filter(|l| c.code.contains(&RegionCode::from_trusted(l.kecamatan_code.clone())))
                    .map(|l| l.prr)
                    .sum(),
            })
            .collect();
        (children.first().map_or(Level::Kabkota, |c| c.level), rows)
    };
    BacklogChart { region_name: title_name(&region.code, &region.name), as_of, per, rows }
}

fn cover_bar(rf: &RegionForecast) -> Option<CoverBar> {
    let h = headline(rf).filter(|h| h.has_data)?;
    Some(CoverBar { name: rf.name.clone(), days_of_cover: h.days_of_cover, risk: h.risk })
}

/// Days of cover of each child that holds or uses stock; for an office pool (kabupaten/kota),
/// the pool itself first, then its kecamatan service points.
pub fn cover_chart(view: &ForecastView) -> CoverChart {
    let own = view.region.forecast.is_some().then_some(&view.region);
    CoverChart {
        region_name: title_name(&view.region.region, &view.region.name),
        as_of: view.as_of,
        lead_time_days: f64::from(view.params.lead_time_days),
        rows: own.into_iter().chain(&view.children).filter_map(cover_bar).collect(),
    }
}

/// Allocated, shipped and received per child of a province or PUSAT (children with none left
/// out), or the region's own totals for a kabupaten/kota or kecamatan.
pub fn flow_chart(
    region: &Region,
    children: &[Region],
    totals: &BTreeMap<RegionCode, FlowTotals>,
    as_of: NaiveDate,
) -> FlowChart {
    let sum = |scope: &RegionCode| {
        totals.iter().filter(|(dest, _)| scope.contains(dest)).fold(FlowTotals::default(), |a, (_, t)| FlowTotals {
            allocated: a.allocated + t.allocated,
            shipped: a.shipped + t.shipped,
            received: a.received + t.received,
        })
    };
    let groups: Vec<&Region> =
        if matches!(region.level, Level::Pusat | Level::Provinsi) { children.iter().collect() } else { vec![region] };
    let rows = groups
        .into_iter()
        .map(|g| (g, sum(&g.code)))
        .filter(|(_, t)| *t != FlowTotals::default())
        .map(|(g, t)| FlowBar {
            name: g.name.clone(),
            allocated: t.allocated,
            shipped: t.shipped,
            received: t.received,
        })
        .collect();
    FlowChart { region_name: title_name(&region.code, &region.name), item: Item::Blanko, since: None, as_of, rows }
}

/// Complaints per week and category (weeks from Monday, every week of the stock history shown,
/// also those without complaints) over the stock on hand.
pub fn complaint_chart(
    region: &Region,
    as_of: NaiveDate,
    complaints: &[Complaint],
    history: &[(NaiveDate, i64)],
) -> ComplaintChart {
    let first = history.first().map_or(as_of, |(d, _)| *d);
    let mut weeks: BTreeMap<NaiveDate, PerCategory> = BTreeMap::new();
    let mut w = week_of(first);
    while w <= as_of {
        weeks.insert(w, PerCategory::default());
        w = w + Days::new(7);
    }
    for c in complaints.iter().filter(|c| c.date <= as_of) {
        weeks.entry(week_of(c.date)).or_default()[c.category.index()] += 1;
    }
    ComplaintChart {
        region_name: title_name(&region.code, &region.name),
        as_of,
        weeks: weeks.into_iter().map(|(week, counts)| ComplaintWeek { week, counts }).collect(),
        stock: history.iter().map(|&(date, on_hand)| StockPoint { date, on_hand }).collect(),
    }
}
