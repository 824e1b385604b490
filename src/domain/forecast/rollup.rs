//! Roll-ups: a province or the nation from the forecasts of the offices in it, plus the stock
//! held above them (the province office's own, or the centre's for the nation).
//!
//! Two dates answer "when does it run short": `pooled_stockout_date` if stock could move freely
//! between offices, and `shortfall_date`, the first day the offices' unmet demand exceeds the
//! stock held above them, i.e. when even shipping all of it would no longer keep every office
//! printing. For the nation with `reserve` = PUSAT on hand, that is the national shortfall.

use chrono::NaiveDate;
use serde::Serialize;

use super::output::{Forecast, Risk};
use crate::domain::quantity::total;
use crate::domain::region::RegionCode;

/// Offices per risk colour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RiskCounts {
    pub habis: u32,
    pub merah: u32,
    pub kuning: u32,
    pub hijau: u32,
}

/// An office that runs out within the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct MemberStockout {
    pub region: RegionCode,
    pub stockout_date: NaiveDate,
    pub risk: Risk,
}

/// One working day of the roll-up (cards).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RollupDay {
    pub date: NaiveDate,
    /// Blanko on hand at the offices.
    pub stock: f64,
    /// Cards owed by offices that have run out.
    pub short: f64,
    /// Cards owed beyond what the reserve could make good.
    pub uncovered: f64,
}

/// A region's position from its offices' forecasts (cards).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Rollup {
    pub region: RegionCode,
    pub as_of: NaiveDate,
    pub members: u32,
    /// Stock held above the offices (PUSAT for the nation).
    pub reserve: i64,
    pub on_hand: i64,
    pub in_transit: i64,
    pub allocated_not_shipped: i64,
    pub issuance_rate: f64,
    pub demand_rate: f64,
    pub backlog_prr: i64,
    /// `(on_hand + in_transit + reserve) / issuance_rate`.
    pub days_of_cover: Option<f64>,
    pub pooled_stockout_date: Option<NaiveDate>,
    pub shortfall_date: Option<NaiveDate>,
    /// Sum of the offices' reorder quantities.
    pub reorder_quantity: i64,
    /// Needs above what the reserve holds: `max(0, reorder_quantity - reserve)`.
    pub shortfall_quantity: i64,
    pub risk: Risk,
    pub risk_counts: RiskCounts,
    /// Offices running out within the horizon, earliest first.
    pub running_out: Vec<MemberStockout>,
    pub projection: Vec<RollupDay>,
}

impl Rollup {
    /// The stock-out date every screen shows for a roll-up: the day the region as a whole runs out
    /// if its stock, the reserve above the offices included, were shared out evenly. Which office
    /// runs out first is in `running_out`; `shortfall_date` stays in the answer as well.
    pub fn headline_stockout(&self) -> Option<NaiveDate> {
        self.pooled_stockout_date
    }

    /// What every screen says to ask for: the offices' needs above the stock held above them.
    pub fn headline_request(&self) -> i64 {
        self.shortfall_quantity
    }
}

/// Combines office forecasts made at `as_of` with the same horizon. Members must not overlap
/// (an office counted twice is stock counted twice).
pub fn rollup(
    region: RegionCode,
    as_of: NaiveDate,
    members: &[&Forecast],
    reserve: i64,
    lead_time_days: u32,
) -> Rollup {
    let reserve = reserve.max(0);
    let days = members.iter().map(|f| f.projection.len()).min().unwrap_or(0);
    let mut projection: Vec<RollupDay> = members.first().map_or_else(Vec::new, |f| {
        f.projection[..days]
            .iter()
            .map(|p| RollupDay { date: p.date, stock: 0.0, short: 0.0, uncovered: 0.0 })
            .collect()
    });
    let mut risk_counts = RiskCounts::default();
    let mut running_out = Vec::new();
    for f in members {
        for (day, p) in projection.iter_mut().zip(&f.projection) {
            day.stock += p.stock;
            day.short += p.short;
        }
        match f.risk {
            Risk::Habis => risk_counts.habis += 1,
            Risk::Merah => risk_counts.merah += 1,
            Risk::Kuning => risk_counts.kuning += 1,
            Risk::Hijau => risk_counts.hijau += 1,
        }
        if let Some(d) = f.stockout_date {
            running_out.push(MemberStockout { region: f.region.clone(), stockout_date: d, risk: f.risk });
        }
    }
    running_out.sort_by(|a, b| a.stockout_date.cmp(&b.stockout_date).then_with(|| a.region.cmp(&b.region)));
    let reserve_f = reserve as f64;
    for day in &mut projection {
        day.uncovered = (day.short - reserve_f).max(0.0);
    }
    let shortfall_date = projection.iter().find(|d| d.uncovered > 1e-6).map(|d| d.date);
    let pooled_stockout_date = projection.iter().find(|d| d.stock - d.short + reserve_f < -1e-6).map(|d| d.date);
    let sum = |g: fn(&Forecast) -> i64| total(members.iter().map(|f| g(f)));
    let on_hand = sum(|f| f.on_hand);
    let in_transit = sum(|f| f.in_transit);
    let issuance_rate: f64 = members.iter().map(|f| f.issuance_rate).sum();
    let days_of_cover = (issuance_rate > 0.0).then(|| total([on_hand, in_transit, reserve]) as f64 / issuance_rate);
    let reorder_quantity = sum(|f| f.reorder_quantity);
    Rollup {
        region,
        as_of,
        members: members.len() as u32,
        reserve,
        on_hand,
        in_transit,
        allocated_not_shipped: sum(|f| f.allocated_not_shipped),
        issuance_rate,
        demand_rate: members.iter().map(|f| f.demand_rate).sum(),
        backlog_prr: sum(|f| f.backlog_prr.unwrap_or(0)),
        days_of_cover,
        pooled_stockout_date,
        shortfall_date,
        reorder_quantity,
        shortfall_quantity: reorder_quantity.saturating_sub(reserve).max(0),
        risk: Risk::classify(on_hand.saturating_add(reserve), days_of_cover, lead_time_days),
        risk_counts,
        running_out,
        projection,
    }
}

#[cfg(test)]
mod tests {
    use chrono::Days;

    use super::*;
    use crate::domain::calendar::WorkCalendar;
    use crate::domain::forecast::{DayRecord, ForecastInput, ForecastParams, ItemInput, forecast};
    use crate::domain::item::Item;

    fn office(code: &str, on_hand: i64, cal: &WorkCalendar) -> Forecast {
        let as_of = NaiveDate::from_ymd_opt(2022, 10, 31).unwrap();
        let history = (0..120)
            .map(|i| {
                let date = as_of - Days::new(119 - i);
                DayRecord { date, consumed: if cal.is_working_day(date) { 50 } else { 0 }, closing_stock: 10_000 }
            })
            .collect();
        let input = ForecastInput {
            region: RegionCode::parse(code).unwrap(),
            as_of,
            items: vec![ItemInput {
                item: Item::Blanko,
                history,
                on_hand,
                incoming: Vec::new(),
                allocated_not_shipped: 0,
            }],
            outages: Vec::new(),
            backlog: Vec::new(),
            route_lead_time_days: None,
        };
        forecast(&input, &ForecastParams::default(), cal)
    }

    #[test]
    fn the_reserve_covers_offices_until_their_unmet_demand_exceeds_it() {
        let cal = WorkCalendar::weekdays_only();
        let (a, b) = (office("32.01", 500, &cal), office("32.02", 5000, &cal));
        let r = rollup(RegionCode::parse("32").unwrap(), a.as_of, &[&a, &b], 0, 10);
        assert_eq!((r.on_hand, r.members), (5500, 2));
        assert!((r.issuance_rate - 100.0).abs() < 1e-9);
        // Without a reserve the region is short the day its first office runs out.
        assert_eq!(r.shortfall_date, a.stockout_date);
        assert_eq!(r.shortfall_date, Some(cal.add_working_days(a.as_of, 11)));
        assert_eq!(r.pooled_stockout_date, Some(cal.add_working_days(a.as_of, 56)));
        assert_eq!(r.running_out.len(), 1);
        assert_eq!(r.risk_counts, RiskCounts { kuning: 1, hijau: 1, ..RiskCounts::default() }); // 10 days is not below 10
        // 1,000 cards held above last 20 more working days of the first office's 50 a day.
        let n = rollup(RegionCode::pusat(), a.as_of, &[&a, &b], 1000, 10);
        assert_eq!(n.shortfall_date, Some(cal.add_working_days(a.as_of, 31)));
        assert_eq!(n.pooled_stockout_date, Some(cal.add_working_days(a.as_of, 66)));
        assert_eq!(n.reorder_quantity, 1500);
        assert_eq!(n.shortfall_quantity, 500);
        assert!(n.projection[30].uncovered > 0.0 && n.projection[29].uncovered == 0.0);
    }

    #[test]
    fn empty_rollup_is_harmless() {
        let r = rollup(RegionCode::pusat(), NaiveDate::MIN, &[], 100, 10);
        assert_eq!((r.members, r.days_of_cover, r.shortfall_date, r.shortfall_quantity), (0, None, None, 0));
    }
}
