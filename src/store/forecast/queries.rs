//! The grouped queries behind a forecast: the daily ledger, inbound shipments, outages, backlog
//! snapshots and allocations not yet shipped, each over the subtree of one scope, pooled by unit.

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, NaiveDate};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};

use super::Units;
use crate::domain::forecast::{BacklogSnapshot, DayRecord, OutageDay};
use crate::domain::item::Item;
use crate::domain::region::RegionCode;
use crate::store::sql::{and_subtree, query_all};

/// Daily ledger of every holder below `scope` between two dates, pooled by unit and item.
pub(super) struct Ledger {
    opening: HashMap<(RegionCode, Item), i64>,
    /// (net change, consumed) per unit, item and day.
    days: HashMap<(RegionCode, Item), BTreeMap<NaiveDate, (i64, i64)>>,
}

pub(super) async fn ledger<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    units: &Units,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Ledger, DbErr> {
    let mut v = vec![start.into()];
    let f = and_subtree("region_code", scope, &mut v);
    let sql = format!(
        "SELECT region_code, item_code, CAST(SUM(quantity) AS BIGINT) AS total FROM ledger_entries \
         WHERE entry_date < ?{f} GROUP BY region_code, item_code"
    );
    let mut opening = HashMap::new();
    for r in query_all(db, &sql, v).await? {
        let (Some(unit), Ok(item)) = (units.of(&holder(&r)?), Item::parse(&r.try_get::<String>("", "item_code")?))
        else {
            continue;
        };
        let total = opening.entry((unit, item)).or_insert(0i64);
        *total = (*total).saturating_add(r.try_get::<i64>("", "total")?);
    }
    let mut v = vec![start.into(), end.into()];
    let f = and_subtree("region_code", scope, &mut v);
    let sql = format!(
        "SELECT region_code, item_code, entry_date, CAST(SUM(quantity) AS BIGINT) AS net, \
         CAST(SUM(CASE WHEN kind IN ('print', 'spoilage') THEN -quantity ELSE 0 END) AS BIGINT) AS used \
         FROM ledger_entries WHERE entry_date >= ? AND entry_date <= ?{f} GROUP BY region_code, item_code, entry_date"
    );
    let mut days: HashMap<(RegionCode, Item), BTreeMap<NaiveDate, (i64, i64)>> = HashMap::new();
    for r in query_all(db, &sql, v).await? {
        let (Some(unit), Ok(item)) = (units.of(&holder(&r)?), Item::parse(&r.try_get::<String>("", "item_code")?))
        else {
            continue;
        };
        let day = days.entry((unit, item)).or_default().entry(r.try_get("", "entry_date")?).or_default();
        day.0 = day.0.saturating_add(r.try_get::<i64>("", "net")?);
        day.1 = day.1.saturating_add(r.try_get::<i64>("", "used")?);
    }
    Ok(Ledger { opening, days })
}

fn holder(r: &QueryResult) -> Result<RegionCode, DbErr> {
    Ok(RegionCode::from_trusted(r.try_get("", "region_code")?))
}

impl Ledger {
    /// One record per calendar day from `start` to `end`, and the closing stock at `end`.
    pub(super) fn history(
        &self,
        unit: &RegionCode,
        item: Item,
        start: NaiveDate,
        end: NaiveDate,
    ) -> (Vec<DayRecord>, i64) {
        let key = (unit.clone(), item);
        let mut stock = self.opening.get(&key).copied().unwrap_or(0);
        let empty = BTreeMap::new();
        let days = self.days.get(&key).unwrap_or(&empty);
        let mut out = Vec::with_capacity(usize::try_from((end - start).num_days() + 1).unwrap_or(0));
        let mut date = start;
        while date <= end {
            let (net, used) = days.get(&date).copied().unwrap_or((0, 0));
            stock = stock.saturating_add(net);
            out.push(DayRecord { date, consumed: used, closing_stock: stock.max(0) });
            date = date + Days::new(1);
        }
        (out, stock)
    }

    pub(super) fn tracks(&self, unit: &RegionCode, item: Item) -> bool {
        let key = (unit.clone(), item);
        self.opening.contains_key(&key) || self.days.contains_key(&key)
    }
}

/// A shipment into a unit from outside it.
pub(super) struct Inbound {
    pub(super) item: Item,
    pub(super) quantity: i64,
    pub(super) arrived: i64,
    pub(super) shipped_on: NaiveDate,
    pub(super) received_on: Option<NaiveDate>,
}

/// Shipments into each unit from outside it, dispatched by `end`.
pub(super) async fn inbound<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    units: &Units,
    end: NaiveDate,
) -> Result<HashMap<RegionCode, Vec<Inbound>>, DbErr> {
    let mut v = vec![end.into()];
    let f = and_subtree("to_region", scope, &mut v);
    let sql = format!(
        "SELECT from_region, to_region, item_code, quantity, shipped_on, received_on, received_quantity, damaged_quantity \
         FROM shipments WHERE shipped_on <= ?{f}"
    );
    let mut out: HashMap<RegionCode, Vec<Inbound>> = HashMap::new();
    for r in query_all(db, &sql, v).await? {
        let to = RegionCode::from_trusted(r.try_get("", "to_region")?);
        let from = RegionCode::from_trusted(r.try_get("", "from_region")?);
        let Some(unit) = units.of(&to) else { continue };
        if unit.contains(&from) {
            continue;
        }
        let Ok(item) = Item::parse(&r.try_get::<String>("", "item_code")?) else { continue };
        let received_on: Option<NaiveDate> = r.try_get("", "received_on")?;
        // Seen from `end`, a receipt after it has not happened yet.
        let received_on = received_on.filter(|d| *d <= end);
        let received: Option<i64> = r.try_get("", "received_quantity")?;
        let damaged: Option<i64> = r.try_get("", "damaged_quantity")?;
        let quantity: i64 = r.try_get("", "quantity")?;
        let arrived = if received_on.is_some() { received.unwrap_or(0) - damaged.unwrap_or(0) } else { quantity };
        let shipped_on = r.try_get("", "shipped_on")?;
        out.entry(unit).or_default().push(Inbound { item, quantity, arrived, shipped_on, received_on });
    }
    Ok(out)
}

pub(super) async fn outages<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    units: &Units,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<HashMap<RegionCode, Vec<OutageDay>>, DbErr> {
    let mut v = vec![start.into(), end.into()];
    let f = and_subtree("region_code", scope, &mut v);
    let sql =
        format!("SELECT region_code, outage_date, hours FROM outages WHERE outage_date >= ? AND outage_date <= ?{f}");
    let mut out: HashMap<RegionCode, Vec<OutageDay>> = HashMap::new();
    for r in query_all(db, &sql, v).await? {
        if let Some(unit) = units.of(&holder(&r)?) {
            out.entry(unit)
                .or_default()
                .push(OutageDay { date: r.try_get("", "outage_date")?, hours: r.try_get("", "hours")? });
        }
    }
    Ok(out)
}

pub(super) async fn backlog<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    units: &Units,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<HashMap<RegionCode, Vec<BacklogSnapshot>>, DbErr> {
    let mut v = vec![start.into(), end.into()];
    let f = and_subtree("region_code", scope, &mut v);
    let sql = format!(
        "SELECT region_code, snapshot_date, prr FROM backlog_snapshots WHERE snapshot_date >= ? AND snapshot_date <= ?{f}"
    );
    let mut sums: HashMap<RegionCode, BTreeMap<NaiveDate, i64>> = HashMap::new();
    for r in query_all(db, &sql, v).await? {
        if let Some(unit) = units.of(&holder(&r)?) {
            *sums.entry(unit).or_default().entry(r.try_get("", "snapshot_date")?).or_default() +=
                r.try_get::<i64>("", "prr")?;
        }
    }
    Ok(sums
        .into_iter()
        .map(|(u, m)| (u, m.into_iter().map(|(date, prr)| BacklogSnapshot { date, prr }).collect()))
        .collect())
}

/// Allocated to a unit and not yet shipped from PUSAT, per unit and item.
pub(super) async fn not_shipped<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    units: &Units,
    end: NaiveDate,
) -> Result<HashMap<(RegionCode, Item), i64>, DbErr> {
    let facts = crate::store::stock::facts(db, scope, end).await?;
    let mut out = HashMap::new();
    for ((region, item), allocated) in &facts.allocated {
        let shipped = facts.shipped_from_pusat.get(&(region.clone(), *item)).copied().unwrap_or(0);
        if let Some(unit) = units.of(region) {
            let total = out.entry((unit, *item)).or_insert(0i64);
            *total = (*total).saturating_add(allocated.saturating_sub(shipped).max(0));
        }
    }
    Ok(out)
}
