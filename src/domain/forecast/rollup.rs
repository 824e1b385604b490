//! Roll-ups: a province or the nation from the forecasts of the offices in it, plus the stock
//! held above them (the province office's own, or the centre's for the nation).
//!
//! Two dates answer "when does it run short": `pooled_stockout_date` if stock could move freely
//! between offices, and `shortfall_date`, the first day the offices' unmet demand exceeds the
//! stock held above them, i.e. when even shipping all of it would no longer keep every office
//! printing. For the nation with `reserve` = PUSAT on hand, that is the national shortfall.
//!
//! Risk (SPEC §7, from the projected stock-out date): a region is as much at risk as the first of
//! its offices to run out, because stock held elsewhere in it does not reach that office by
//! itself: the risk of the earliest office stock-out (or of the pooled one, if earlier), over the
//! region's stock. So a province one of whose offices runs out within the lead time is `merah`
//! however much its other offices hold; it is `habis` only when it holds nothing at all.

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
    /// The oldest of the offices' last reports: what the roll-up is at least as old as.
    pub last_report: Option<NaiveDate>,
    /// The most working days any office has not reported (0 when all are up to date).
    pub stale_days: u32,
    /// Offices with at least one working day not reported.
    pub stale_members: u32,
    /// Stock held above the offices (PUSAT for the nation).
    pub reserve: i64,
    /// Blanko at the offices today: each office's expected on hand (its last known stock less
    /// the expected use since, for one late with its reports).
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
    /// Blanko arriving at the region's own store within the horizon (a what-if's extra delivery
    /// to a province or the centre), counted in the reserve from its date.
    pub reserve_arrivals: Vec<ReserveArrival>,
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

/// Cards arriving at the stock held above the offices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ReserveArrival {
    pub quantity: i64,
    pub on: NaiveDate,
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
    rollup_with_arrivals(region, as_of, members, reserve, &[], lead_time_days)
}

/// [`rollup`] with deliveries to the reserve on their dates.
pub fn rollup_with_arrivals(
    region: RegionCode,
    as_of: NaiveDate,
    members: &[&Forecast],
    reserve: i64,
    arrivals: &[ReserveArrival],
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
    // The reserve each day: what it holds plus what has reached it.
    let reserve_on = |d: NaiveDate| {
        reserve as f64 + arrivals.iter().filter(|a| a.on <= d).map(|a| a.quantity.max(0) as f64).sum::<f64>()
    };
    for day in &mut projection {
        day.uncovered = (day.short - reserve_on(day.date)).max(0.0);
    }
    let shortfall_date = projection.iter().find(|d| d.uncovered > 1e-6).map(|d| d.date);
    let pooled_stockout_date =
        projection.iter().find(|d| d.stock - d.short + reserve_on(d.date) < -1e-6).map(|d| d.date);
    let sum = |g: fn(&Forecast) -> i64| total(members.iter().map(|f| g(f)));
    let on_hand = sum(|f| f.expected_on_hand);
    let in_transit = sum(|f| f.in_transit);
    let issuance_rate: f64 = members.iter().map(|f| f.issuance_rate).sum();
    let days_of_cover = (issuance_rate > 0.0).then(|| total([on_hand, in_transit, reserve]) as f64 / issuance_rate);
    let reorder_quantity = sum(|f| f.reorder_quantity);
    // Risk from the first stock-out in the region: an office's, or the pooled one.
    let first_stockout = running_out.first().map(|m| m.stockout_date).into_iter().chain(pooled_stockout_date).min();
    let index = first_stockout.and_then(|d| projection.iter().position(|p| p.date == d));
    let held = total([on_hand, reserve]);
    // An office already out is a stock-out today, not the region's empty store.
    let risk = if members.iter().any(|f| f.risk == Risk::Habis) && held > 0 {
        Risk::Merah
    } else {
        Risk::from_stockout(held, index, lead_time_days)
    };
    Rollup {
        region,
        as_of,
        members: members.len() as u32,
        last_report: members.iter().filter_map(|f| f.last_report).min(),
        stale_days: members.iter().map(|f| f.stale_days).max().unwrap_or(0),
        stale_members: members.iter().filter(|f| f.stale_days > 0).count() as u32,
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
        risk,
        risk_counts,
        running_out,
        reserve_arrivals: arrivals.to_vec(),
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
            last_report: None,
        };
        forecast(&input, &ForecastParams::default(), cal)
    }

    #[test]
    fn a_region_is_as_much_at_risk_as_its_first_office_to_run_out() {
        let cal = WorkCalendar::weekdays_only();
        let (a, b) = (office("32.01", 300, &cal), office("32.02", 50_000, &cal));
        // Pooled, 50,300 cards last 503 working days; the first office runs out on day 7.
        let r = rollup(RegionCode::parse("32").unwrap(), a.as_of, &[&a, &b], 0, 10);
        assert!(r.days_of_cover.unwrap() > 500.0);
        assert_eq!((a.risk, r.risk), (Risk::Merah, Risk::Merah));
        // Kuning when the first runs out within twice the lead time, hijau when none does.
        let c = office("32.03", 750, &cal);
        assert_eq!(rollup(RegionCode::parse("32").unwrap(), a.as_of, &[&c, &b], 0, 10).risk, Risk::Kuning);
        assert_eq!(rollup(RegionCode::parse("32").unwrap(), a.as_of, &[&b], 0, 10).risk, Risk::Hijau);
        // An office already out makes its region merah, not habis, while the region holds stock.
        let out = office("32.04", 0, &cal);
        assert_eq!(out.risk, Risk::Habis);
        assert_eq!(rollup(RegionCode::parse("32").unwrap(), a.as_of, &[&out, &b], 0, 10).risk, Risk::Merah);
        assert_eq!(rollup(RegionCode::parse("32").unwrap(), a.as_of, &[&out], 0, 10).risk, Risk::Habis);
    }

    #[test]
    fn a_delivery_to_the_reserve_counts_from_its_date() {
        let cal = WorkCalendar::weekdays_only();
        let (a, b) = (office("32.01", 500, &cal), office("32.02", 5000, &cal));
        let on = cal.add_working_days(a.as_of, 40);
        let more = [ReserveArrival { quantity: 1000, on }];
        let n = rollup_with_arrivals(RegionCode::pusat(), a.as_of, &[&a, &b], 1000, &more, 10);
        // The first 1,000 cover 20 more days of the first office (to day 31); the delivery
        // arrives on day 40, after the shortfall began, and pays it back.
        assert_eq!(n.shortfall_date, Some(cal.add_working_days(a.as_of, 31)));
        assert_eq!(n.pooled_stockout_date, Some(cal.add_working_days(a.as_of, 76)));
        assert!(n.projection[38].uncovered > 0.0 && n.projection[39].uncovered < n.projection[38].uncovered);
        assert_eq!(n.reserve_arrivals, more.to_vec());
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
