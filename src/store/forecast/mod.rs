//! Assembles forecast inputs from the database: a handful of grouped queries over the subtree of
//! the region asked about (`queries`), then pooled in memory into *units* — a region whose offices
//! (its own and every office below it) are forecast together, like `/stock`'s `on_hand`. The
//! forecast itself and the view every screen shows are assembled in `app::forecast`.
//!
//! The SQL `SUM`s here cannot overflow: every record holds at most `Quantity::MAX` (10^9, SPEC
//! §10), so a sum would need some 9·10^9 rows to reach `i64::MAX`.

mod queries;

use std::collections::HashSet;

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use super::entities::holidays;
use super::sql::{stmt, subtree};
use crate::domain::calendar::WorkCalendar;
use crate::domain::forecast::backtest::{OfficeHistory, PastShipment};
use crate::domain::forecast::{ForecastInput, IncomingShipment, ItemInput, typical_lead_time};
use crate::domain::item::Item;
use crate::domain::region::RegionCode;
use queries::{backlog, inbound, ledger, not_shipped, outages};

/// The working-day calendar from the holidays in the database.
pub async fn calendar<C: ConnectionTrait>(db: &C) -> Result<WorkCalendar, DbErr> {
    Ok(WorkCalendar::new(holidays::Entity::find().all(db).await?.into_iter().map(|h| h.date)))
}

/// Maps each holder to the unit that pools it (the nearest unit at or above it).
struct Units(HashSet<RegionCode>);

impl Units {
    fn of(&self, holder: &RegionCode) -> Option<RegionCode> {
        let mut cur = Some(holder.clone());
        while let Some(c) = cur {
            if self.0.contains(&c) {
                return Some(c);
            }
            cur = c.parent().filter(|p| !p.is_pusat());
        }
        None
    }
}

/// Forecast inputs of each unit (all inside `scope`) at the end of `as_of`, with history from `start`.
pub async fn inputs<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    units: &[RegionCode],
    as_of: NaiveDate,
    start: NaiveDate,
    cal: &WorkCalendar,
) -> Result<Vec<ForecastInput>, DbErr> {
    let set = Units(units.iter().cloned().collect());
    let ledger = ledger(db, scope, &set, start, as_of).await?;
    let inbound = inbound(db, scope, &set, as_of).await?;
    let mut outages = outages(db, scope, &set, start, as_of).await?;
    let mut backlog = backlog(db, scope, &set, start, as_of).await?;
    let not_shipped = not_shipped(db, scope, &set, as_of).await?;
    let mut out = Vec::with_capacity(units.len());
    for unit in units {
        let mine = inbound.get(unit).map_or(&[][..], Vec::as_slice);
        let pairs: Vec<(NaiveDate, NaiveDate)> =
            mine.iter().filter_map(|s| Some((s.shipped_on, s.received_on?))).collect();
        let items = Item::ALL
            .into_iter()
            .filter(|&item| item == Item::Blanko || ledger.tracks(unit, item))
            .map(|item| {
                let (history, on_hand) = ledger.history(unit, item, start, as_of);
                let incoming = mine
                    .iter()
                    .filter(|s| s.item == item && s.received_on.is_none())
                    .map(|s| IncomingShipment { quantity: s.quantity, shipped_on: s.shipped_on, expected_on: None })
                    .collect();
                ItemInput {
                    item,
                    history,
                    on_hand: on_hand.max(0),
                    incoming,
                    allocated_not_shipped: not_shipped.get(&(unit.clone(), item)).copied().unwrap_or(0),
                }
            })
            .collect();
        out.push(ForecastInput {
            region: unit.clone(),
            as_of,
            items,
            outages: outages.remove(unit).unwrap_or_default(),
            backlog: backlog.remove(unit).unwrap_or_default(),
            route_lead_time_days: typical_lead_time(&pairs, cal).map(|l| l.days),
        });
    }
    Ok(out)
}

/// Whole recorded histories of blanko for each unit, for `blanko backtest`.
pub async fn histories<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    units: &[RegionCode],
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<OfficeHistory>, DbErr> {
    let set = Units(units.iter().cloned().collect());
    let ledger = ledger(db, scope, &set, start, end).await?;
    let inbound = inbound(db, scope, &set, end).await?;
    let mut outages = outages(db, scope, &set, start, end).await?;
    let mut backlog = backlog(db, scope, &set, start, end).await?;
    Ok(units
        .iter()
        .map(|unit| {
            let (history, _) = ledger.history(unit, Item::Blanko, start, end);
            let shipments = inbound
                .get(unit)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .filter(|s| s.item == Item::Blanko)
                .map(|s| PastShipment { quantity: s.arrived, shipped_on: s.shipped_on, received_on: s.received_on })
                .collect();
            OfficeHistory {
                region: unit.clone(),
                history,
                shipments,
                outages: outages.remove(unit).unwrap_or_default(),
                backlog: backlog.remove(unit).unwrap_or_default(),
            }
        })
        .collect())
}

/// The first and last dates of any ledger entry in `scope` (`None` without any).
pub async fn ledger_span<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
) -> Result<Option<(NaiveDate, NaiveDate)>, DbErr> {
    let mut values = Vec::new();
    let filter = subtree("region_code", scope, &mut values);
    let sql = format!("SELECT MIN(entry_date) AS first, MAX(entry_date) AS last FROM ledger_entries WHERE {filter}");
    let row = db.query_one(stmt(db.get_database_backend(), &sql, values)).await?;
    Ok(row.and_then(|r| {
        Some((r.try_get::<Option<NaiveDate>>("", "first").ok()??, r.try_get::<Option<NaiveDate>>("", "last").ok()??))
    }))
}
