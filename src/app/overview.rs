//! What the web pages show of a region besides its forecast (issue 11): when each office last
//! reported, the shipments on their way to it with their age, allocations against shipments and
//! receipts, and the stock card a page at a time. Each reads through `store`, judged by `domain`.

use chrono::{Days, NaiveDate};
use sea_orm::ConnectionTrait;

use super::error::Error;
use super::stock::{self, Card};
use crate::app::report::{flow_chart, period_start};
use crate::domain::auth::Principal;
use crate::domain::item::Item;
use crate::domain::region::{Level, Region, RegionCode};
use crate::domain::reporting::Freshness;
use crate::report::{FlowBar, ShipmentRow};
use crate::store::{activity, forecast, regions, reports};

/// How far back a shipment still on its way is looked for.
const IN_TRANSIT_LOOKBACK_DAYS: u64 = 365;

/// One kabupaten/kota and how up to date its reports are.
#[derive(Debug, Clone)]
pub struct OfficeReports {
    pub region: Region,
    pub prints: Freshness,
    pub backlog: Freshness,
}

impl OfficeReports {
    /// Either report is late (or missing).
    pub fn is_stale(&self) -> bool {
        self.prints.is_stale() || self.backlog.is_stale()
    }
}

/// Every kabupaten/kota in `code` (itself when it is one; its own when it is a kecamatan) with
/// the freshness of its reports at `as_of`.
pub async fn office_reports<C: ConnectionTrait>(
    db: &C,
    who: &Principal,
    code: &RegionCode,
    as_of: NaiveDate,
) -> Result<Vec<OfficeReports>, Error> {
    let region = stock::readable_region(db, who, code).await?;
    let scope = match region.level {
        Level::Kecamatan => region.parent.clone().unwrap_or_else(|| code.clone()),
        _ => code.clone(),
    };
    let cal = forecast::calendar(db).await?;
    let last = activity::last_reports(db, &scope, as_of).await?;
    Ok(regions::all(db)
        .await?
        .into_iter()
        .filter(|r| r.level == Level::Kabkota && scope.contains(&r.code))
        .map(|r| {
            let l = last.get(&r.code).copied().unwrap_or_default();
            OfficeReports {
                prints: Freshness::of(l.prints, as_of, &cal),
                backlog: Freshness::of(l.backlog, as_of, &cal),
                region: r,
            }
        })
        .collect())
}

/// A shipment dispatched to the region and not received by `as_of`.
#[derive(Debug, Clone)]
pub struct InTransit {
    pub shipment: ShipmentRow,
    /// Working days since it was dispatched.
    pub age_working_days: i64,
}

/// Shipments addressed to `code` or below it, dispatched in the last year up to `as_of` and not
/// received by then, oldest first.
pub async fn in_transit_to<C: ConnectionTrait>(
    db: &C,
    who: &Principal,
    code: &RegionCode,
    as_of: NaiveDate,
) -> Result<Vec<InTransit>, Error> {
    stock::readable_region(db, who, code).await?;
    let cal = forecast::calendar(db).await?;
    let from = as_of - Days::new(IN_TRANSIT_LOOKBACK_DAYS);
    Ok(reports::shipments(db, code, from, as_of)
        .await?
        .into_iter()
        .filter(|s| s.received_on.is_none() && code.contains(&RegionCode::from_trusted(s.to_code.clone())))
        .map(|s| InTransit { age_working_days: cal.working_days_between(s.shipped_on, as_of).max(0), shipment: s })
        .collect())
}

/// Shipments addressed to the caller's regions (everything for the centre) with no receipt
/// recorded yet, dispatched in the year before `as_of` or since: the list a receipt is confirmed
/// from. The age counts working days from dispatch to `as_of` (0 for one dispatched later).
pub async fn awaiting_receipt<C: ConnectionTrait>(
    db: &C,
    who: &Principal,
    as_of: NaiveDate,
) -> Result<Vec<InTransit>, Error> {
    let scope = who.region.clone().unwrap_or_else(RegionCode::pusat);
    let cal = forecast::calendar(db).await?;
    let from = as_of - Days::new(IN_TRANSIT_LOOKBACK_DAYS);
    let to = as_of.max(crate::config::today());
    Ok(reports::shipments(db, &scope, from, to)
        .await?
        .into_iter()
        .filter(|s| s.received_on.is_none() && scope.contains(&RegionCode::from_trusted(s.to_code.clone())))
        .map(|s| InTransit { age_working_days: cal.working_days_between(s.shipped_on, as_of).max(0), shipment: s })
        .collect())
}

/// Allocated, shipped from the centre and received, for the region itself (a kabupaten/kota)
/// or per child (a province, the nation), up to `as_of`; rows with nothing left out.
pub async fn flow<C: ConnectionTrait>(
    db: &C,
    who: &Principal,
    code: &RegionCode,
    as_of: NaiveDate,
) -> Result<Vec<FlowBar>, Error> {
    let region = stock::readable_region(db, who, code).await?;
    let totals = reports::flow(db, code, Item::Blanko, as_of).await?;
    let children = regions::children(db, code).await?;
    Ok(flow_chart(&region, &children, &totals, as_of).rows)
}

/// One page of a stock card, newest lines first.
pub struct CardPage {
    pub card: Card,
    /// 1-based; page 1 holds the newest lines.
    pub page: usize,
    pub pages: usize,
}

/// Lines per page of a stock card.
pub const CARD_PAGE_LINES: usize = 25;

/// The blanko stock card of `code` from 1 January of the as-of year to `as_of`, page `page`
/// (1: the newest [`CARD_PAGE_LINES`] lines; the running balance is that of the whole card).
pub async fn card_page<C: ConnectionTrait>(
    db: &C,
    who: &Principal,
    code: &RegionCode,
    as_of: NaiveDate,
    page: usize,
) -> Result<CardPage, Error> {
    let from = period_start(as_of);
    let mut card = stock::card(db, who, code, Item::Blanko, Some(from), as_of).await?;
    let pages = card.lines.len().div_ceil(CARD_PAGE_LINES).max(1);
    let page = page.clamp(1, pages);
    let end = card.lines.len().saturating_sub((page - 1) * CARD_PAGE_LINES);
    let start = end.saturating_sub(CARD_PAGE_LINES);
    card.lines = card.lines.drain(start..end).rev().collect();
    Ok(CardPage { card, page, pages })
}

/// The names of `codes` (for the offices a roll-up's headline names).
pub async fn region_names<C: ConnectionTrait>(
    db: &C,
    codes: &[&RegionCode],
) -> Result<std::collections::BTreeMap<RegionCode, String>, Error> {
    Ok(regions::all(db).await?.into_iter().filter(|r| codes.contains(&&r.code)).map(|r| (r.code, r.name)).collect())
}
