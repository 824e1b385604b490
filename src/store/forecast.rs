//! Assembles forecast inputs from the database: a handful of grouped queries over the subtree of
//! the region asked about, then pooled in memory into *units* — a region whose offices (its own
//! and every office below it) are forecast together, like `/stock`'s `on_hand`.
//!
//! The SQL `SUM`s here cannot overflow: every record holds at most `Quantity::MAX` (10^9, SPEC
//! §10), so a sum would need some 9·10^9 rows to reach `i64::MAX`.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Days, NaiveDate};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryResult};

use super::entities::holidays;
use super::regions;
use super::sql::{and_subtree, query_all, stmt, subtree};
use crate::domain::calendar::WorkCalendar;
use crate::domain::forecast::backtest::{OfficeHistory, PastShipment};
use crate::domain::forecast::rollup::{Rollup, rollup};
use crate::domain::forecast::{
    BacklogSnapshot, DayRecord, Forecast, ForecastInput, ForecastParams, IncomingShipment, ItemInput, OutageDay,
    forecast, typical_lead_time,
};
use crate::domain::item::Item;
use crate::domain::region::{Level, Region, RegionCode};

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

/// Daily ledger of every holder below `scope` between two dates, pooled by unit and item.
struct Ledger {
    opening: HashMap<(RegionCode, Item), i64>,
    /// (net change, consumed) per unit, item and day.
    days: HashMap<(RegionCode, Item), BTreeMap<NaiveDate, (i64, i64)>>,
}

async fn ledger<C: ConnectionTrait>(
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
    fn history(&self, unit: &RegionCode, item: Item, start: NaiveDate, end: NaiveDate) -> (Vec<DayRecord>, i64) {
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

    fn tracks(&self, unit: &RegionCode, item: Item) -> bool {
        let key = (unit.clone(), item);
        self.opening.contains_key(&key) || self.days.contains_key(&key)
    }
}

/// A shipment into a unit from outside it.
struct Inbound {
    item: Item,
    quantity: i64,
    arrived: i64,
    shipped_on: NaiveDate,
    received_on: Option<NaiveDate>,
}

/// Shipments into each unit from outside it, dispatched by `end`.
async fn inbound<C: ConnectionTrait>(
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

async fn outages<C: ConnectionTrait>(
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

async fn backlog<C: ConnectionTrait>(
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
async fn not_shipped<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    units: &Units,
    end: NaiveDate,
) -> Result<HashMap<(RegionCode, Item), i64>, DbErr> {
    let facts = super::stock::facts(db, scope, end).await?;
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

/// The forecast of one region as every screen shows it: an office pool's own forecast
/// (kabupaten/kota, kecamatan) or the roll-up of its kabupaten/kota (provinsi, PUSAT).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RegionForecast {
    pub region: RegionCode,
    pub name: String,
    pub level: &'static str,
    /// Present for a kabupaten/kota or kecamatan with any record.
    pub forecast: Option<Forecast>,
    /// Present for a provinsi or PUSAT with any record (neither for a region without data).
    pub rollup: Option<Rollup>,
}

/// A region's forecast and each child's, made by the one forecast function.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ForecastView {
    pub as_of: NaiveDate,
    pub params: ForecastParams,
    pub region: RegionForecast,
    pub children: Vec<RegionForecast>,
}

async fn forecasts<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    units: &[RegionCode],
    as_of: NaiveDate,
    params: &ForecastParams,
    cal: &WorkCalendar,
) -> Result<Vec<(Forecast, bool)>, DbErr> {
    let start = params.history_start(as_of, cal);
    let inputs = inputs(db, scope, units, as_of, start, cal).await?;
    Ok(inputs.iter().map(|i| (forecast(i, params, cal), has_data(i))).collect())
}

/// False for a unit that never held or used anything: left out of roll-ups, where it would
/// count as an office that has run out.
fn has_data(i: &ForecastInput) -> bool {
    i.items.iter().any(|it| {
        it.on_hand > 0 || !it.incoming.is_empty() || it.history.iter().any(|d| d.consumed > 0 || d.closing_stock > 0)
    })
}

/// Stock held by an office itself (not below it) at the end of `as_of`: the reserve of a roll-up.
async fn own_stock<C: ConnectionTrait>(db: &C, office: &RegionCode, as_of: NaiveDate) -> Result<i64, DbErr> {
    super::ledger::balance_at(db, office, Item::Blanko, as_of).await
}

/// The region's forecast and its children's at `as_of`.
pub async fn view<C: ConnectionTrait>(
    db: &C,
    region: &Region,
    as_of: NaiveDate,
    params: &ForecastParams,
) -> Result<ForecastView, DbErr> {
    let cal = calendar(db).await?;
    let kids = regions::children(db, &region.code).await?;
    let office = |r: &Region, f: Forecast| RegionForecast {
        region: r.code.clone(),
        name: r.name.clone(),
        level: r.level.as_str(),
        forecast: Some(f),
        rollup: None,
    };
    let pooled = |r: &Region, x: Rollup| RegionForecast {
        region: r.code.clone(),
        name: r.name.clone(),
        level: r.level.as_str(),
        forecast: None,
        rollup: Some(x),
    };
    // A region without any record gets neither: showing it as "habis" would be a false alarm.
    let blank = |r: &Region| RegionForecast {
        region: r.code.clone(),
        name: r.name.clone(),
        level: r.level.as_str(),
        forecast: None,
        rollup: None,
    };
    let (me, children) = match region.level {
        Level::Kabkota | Level::Kecamatan => {
            let own = forecasts(db, &region.code, std::slice::from_ref(&region.code), as_of, params, &cal).await?;
            let codes: Vec<RegionCode> = kids.iter().map(|k| k.code.clone()).collect();
            let theirs = forecasts(db, &region.code, &codes, as_of, params, &cal).await?;
            let me = office(region, own.into_iter().next().expect("one unit, one forecast").0);
            (me, kids.iter().zip(theirs).map(|(k, (f, d))| if d { office(k, f) } else { blank(k) }).collect())
        }
        Level::Provinsi => {
            let codes: Vec<RegionCode> = kids.iter().map(|k| k.code.clone()).collect();
            let theirs = forecasts(db, &region.code, &codes, as_of, params, &cal).await?;
            let reserve = own_stock(db, &region.code, as_of).await?;
            let members: Vec<&Forecast> = theirs.iter().filter(|(_, d)| *d).map(|(f, _)| f).collect();
            let me = pooled(region, rollup(region.code.clone(), as_of, &members, reserve, params.lead_time_days));
            (me, kids.iter().zip(theirs).map(|(k, (f, d))| if d { office(k, f) } else { blank(k) }).collect())
        }
        Level::Pusat => {
            let theirs = kabkota_forecasts(db, &region.code, as_of, params, &cal).await?;
            let mut children = Vec::with_capacity(kids.len());
            for province in &kids {
                let members: Vec<&Forecast> = theirs
                    .iter()
                    .filter(|(_, f, d)| *d && province.code.contains(&f.region))
                    .map(|(_, f, _)| f)
                    .collect();
                let reserve = own_stock(db, &province.code, as_of).await?;
                children.push(if members.is_empty() && reserve == 0 {
                    blank(province)
                } else {
                    pooled(province, rollup(province.code.clone(), as_of, &members, reserve, params.lead_time_days))
                });
            }
            let reserve = own_stock(db, &region.code, as_of).await?;
            let members: Vec<&Forecast> = theirs.iter().filter(|(_, _, d)| *d).map(|(_, f, _)| f).collect();
            (pooled(region, rollup(region.code.clone(), as_of, &members, reserve, params.lead_time_days)), children)
        }
    };
    Ok(ForecastView { as_of, params: *params, region: me, children })
}

/// The forecast of every kabupaten/kota below `scope` (each pooled with its kecamatan), with
/// whether it has any data at all.
pub async fn kabkota_forecasts<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    as_of: NaiveDate,
    params: &ForecastParams,
    cal: &WorkCalendar,
) -> Result<Vec<(Region, Forecast, bool)>, DbErr> {
    let all: Vec<Region> =
        regions::all(db).await?.into_iter().filter(|r| r.level == Level::Kabkota && scope.contains(&r.code)).collect();
    let codes: Vec<RegionCode> = all.iter().map(|r| r.code.clone()).collect();
    let theirs = forecasts(db, scope, &codes, as_of, params, cal).await?;
    Ok(all.into_iter().zip(theirs).map(|(r, (f, d))| (r, f, d)).collect())
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
