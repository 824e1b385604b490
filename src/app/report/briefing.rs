//! Pure mapping to the briefing: every number from the one forecast view the API also returns.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::build::{headline, title_name};
use super::charts::stock_chart;
use crate::app::complaints::ComplaintSummary;
use crate::app::forecast::ForecastView;
use crate::app::forecast::ScenarioView;
use crate::domain::calendar::WorkCalendar;
use crate::domain::forecast::Risk;
use crate::domain::forecast::headline::rollup_headline;
use crate::domain::item::Item;
use crate::domain::region::RegionCode;
use crate::report::headline::{HeadlineWords, rollup_words};
use crate::report::{Assumption, BriefingDetail, BriefingInput, ComplaintLine, StockoutRange, WhatIfLine};

/// Calendar days of Suket the briefing counts: the last four weeks, four weekly reports.
pub const SUKET_DAYS: u64 = 28;

/// First day of the Suket count for a briefing at `as_of`.
pub fn suket_since(as_of: NaiveDate) -> NaiveDate {
    as_of - Days::new(SUKET_DAYS - 1)
}

/// The last day to ask for cards so that they arrive by the early (p10) stock-out date: that
/// date less the lead time in working days, never before `as_of`. With no stock-out in sight,
/// the same counted back from the end of the horizon.
pub fn request_by(
    stockout: Option<StockoutRange>,
    horizon_end: Option<NaiveDate>,
    lead_time_days: u32,
    as_of: NaiveDate,
    cal: &WorkCalendar,
) -> Option<NaiveDate> {
    let deadline = stockout.map(|s| s.p10).or(horizon_end)?;
    Some(cal.add_working_days(deadline, -i64::from(lead_time_days)).max(as_of))
}

/// What the briefing needs besides the forecast view.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefingExtras {
    /// Stock of the region's pool per day, for the chart.
    pub history: Vec<(NaiveDate, i64)>,
    /// Suket issued from [`suket_since`] to the as-of date.
    pub suket_issued: i64,
    /// The second chart.
    pub detail: Option<BriefingDetail>,
    /// Names of the offices a roll-up lists as running out (for its headline).
    pub names: BTreeMap<RegionCode, String>,
    /// The region's complaint figures (`app::complaints`).
    pub complaints: Option<ComplaintSummary>,
}

/// A roll-up's headline in words when any office is at risk, the offices named as `names` has them.
fn headline_words(view: &ForecastView, names: &BTreeMap<RegionCode, String>) -> Option<HeadlineWords> {
    let h = rollup_headline(view.region.rollup.as_ref()?);
    (h.at_risk() > 0).then(|| rollup_words(&h, |c| names.get(c).cloned().unwrap_or_else(|| c.to_string())))
}

/// The what-if beside the briefing: what it assumes for the region and what follows.
fn what_if_line(s: &ScenarioView) -> WhatIfLine {
    let w = &s.what_if;
    let code = &s.region.region;
    let mut assumptions = Vec::new();
    if w.ship_allocations {
        assumptions.push(Assumption::ShipAllocations);
    }
    if w.apply_loans {
        // Cards coming into the region (negative: leaving it); loans inside it cancel out.
        let net: i64 = s
            .loans
            .iter()
            .map(|l| i64::from(code.contains(&l.to)) * l.quantity - i64::from(code.contains(&l.from)) * l.quantity)
            .sum();
        assumptions.push(Assumption::Loans { net });
    }
    if let Some(d) = &w.delay {
        assumptions.push(Assumption::Delay { reference: d.reference.clone(), days: d.days });
    }
    if let Some(e) = w.extra {
        assumptions.push(Assumption::Extra { quantity: e.quantity, on: e.on });
    }
    let h = headline(&s.region);
    WhatIfLine {
        assumptions,
        stockout: h.as_ref().and_then(|h| h.stockout).map(|s| s.p50),
        risk: h.as_ref().map_or(Risk::Habis, |h| h.risk),
    }
}

/// The complaint figures the briefing tells, when there is anything to tell.
fn complaint_line(s: &ComplaintSummary) -> Option<ComplaintLine> {
    let any = s.recent_total > 0 || s.overdue > 0 || s.book_doubtful || s.unmet_demand;
    any.then_some(ComplaintLine {
        recent_total: s.recent_total,
        window_days: s.window_days,
        stock_out: s.recent_by_category.blanko_habis,
        queue: s.recent_by_category.antrean,
        overdue: s.overdue,
        follow_up_days: s.follow_up_days,
        book_doubtful: s.book_doubtful,
        unmet_demand: s.unmet_demand,
    })
}

/// The briefing of the view's region.
pub fn briefing(view: &ForecastView, extras: BriefingExtras, cal: &WorkCalendar) -> BriefingInput {
    let rf = &view.region;
    let lead = view.params.lead_time_days;
    let h = headline(rf);
    let stockout = h.as_ref().and_then(|h| h.stockout);
    let reorder = h.as_ref().map_or(0, |h| h.reorder_quantity);
    BriefingInput {
        region_code: rf.region.to_string(),
        region_name: title_name(&rf.region, &rf.name),
        as_of: view.as_of,
        item: Item::Blanko,
        on_hand: h.as_ref().map_or(0, |h| h.on_hand),
        in_transit: h.as_ref().map_or(0, |h| h.in_transit),
        issuance_rate: h.as_ref().map_or(0.0, |h| h.issuance_rate),
        days_of_cover: h.as_ref().and_then(|h| h.days_of_cover),
        stockout,
        risk: h.as_ref().map_or(Risk::Habis, |h| h.risk),
        backlog_prr: h.as_ref().map_or(0, |h| h.backlog_prr),
        suket_issued: extras.suket_issued,
        suket_since: suket_since(view.as_of),
        reorder_quantity: reorder,
        request_by: request_by(stockout, h.as_ref().and_then(|h| h.horizon_end), lead, view.as_of, cal),
        lead_time_days: f64::from(lead),
        target_cover_days: f64::from(view.params.target_cover_days),
        pooled: rf.rollup.is_some(),
        lead: headline_words(view, &extras.names),
        stock_chart: stock_chart(view, &extras.history),
        detail: extras.detail,
        last_report: h.as_ref().and_then(|h| h.last_report),
        stale_days: h.as_ref().map_or(0, |h| h.stale_days),
        what_if: view.scenario.as_ref().map(what_if_line),
        complaints: extras.complaints.as_ref().and_then(complaint_line),
    }
}
