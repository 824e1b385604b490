//! The queries behind a forecast, each over the subtree of one scope and answered per holder:
//! the daily ledger, inbound shipments, outages, backlog snapshots and allocations not yet
//! shipped. Pooling the holders into units happens afterwards, in memory (`super::Pool`), so one
//! set of rows can be pooled into several sets of units.

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

use crate::domain::item::Item;
use crate::domain::region::RegionCode;
use crate::store::sql::{and_subtree, query_all};

/// The rows of every query below one scope, per holder, in the order the database gave them.
pub struct Records {
    /// The first and last days asked for.
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    /// Net ledger change of each holder and item before the first day.
    pub(super) opening: Vec<(RegionCode, Item, i64)>,
    /// Net change and cards consumed of each holder, item and day.
    pub(super) days: Vec<(RegionCode, Item, NaiveDate, i64, i64)>,
    pub(super) shipments: Vec<Shipment>,
    pub(super) outages: Vec<(RegionCode, NaiveDate, f64)>,
    pub(super) backlog: Vec<(RegionCode, NaiveDate, i64)>,
    /// Allocated to a region and not yet shipped from PUSAT, per region and item (empty for a
    /// backtest, which does not look at allocations).
    pub(super) not_shipped: Vec<(RegionCode, Item, i64)>,
}

/// A shipment into a holder below the scope, dispatched by the last day.
pub(super) struct Shipment {
    pub(super) from: RegionCode,
    pub(super) to: RegionCode,
    pub(super) item: Item,
    pub(super) quantity: i64,
    /// What arrived usable: received less damaged once received, else what was sent.
    pub(super) arrived: i64,
    pub(super) shipped_on: NaiveDate,
    /// Seen from the last day, a receipt after it has not happened yet.
    pub(super) received_on: Option<NaiveDate>,
    /// The delivery note's number.
    pub(super) reference: String,
}

/// Runs one query and keeps the rows `f` maps to `Some`.
async fn rows<C: ConnectionTrait, T>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
    f: impl Fn(&QueryResult) -> Result<Option<T>, DbErr>,
) -> Result<Vec<T>, DbErr> {
    let mut out = Vec::new();
    for r in query_all(db, sql, values).await? {
        out.extend(f(&r)?);
    }
    Ok(out)
}

fn holder(r: &QueryResult) -> Result<RegionCode, DbErr> {
    Ok(RegionCode::from_trusted(r.try_get("", "region_code")?))
}

/// The holder and item of a grouped ledger row; `None` for an item this version does not know.
fn holder_item(r: &QueryResult) -> Result<Option<(RegionCode, Item)>, DbErr> {
    let holder = holder(r)?;
    Ok(Item::parse(&r.try_get::<String>("", "item_code")?).ok().map(|item| (holder, item)))
}

/// The rows of the four movement queries below `scope` from `start` to `end`.
pub(super) async fn movements<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Records, DbErr> {
    let mut v = vec![start.into()];
    let f = and_subtree("region_code", scope, &mut v);
    let sql = format!(
        "SELECT region_code, item_code, CAST(SUM(quantity) AS BIGINT) AS total FROM ledger_entries \
         WHERE entry_date < ?{f} GROUP BY region_code, item_code"
    );
    let opening = rows(db, &sql, v, |r| {
        let Some((holder, item)) = holder_item(r)? else { return Ok(None) };
        Ok(Some((holder, item, r.try_get::<i64>("", "total")?)))
    })
    .await?;
    let mut v = vec![start.into(), end.into()];
    let f = and_subtree("region_code", scope, &mut v);
    let sql = format!(
        "SELECT region_code, item_code, entry_date, CAST(SUM(quantity) AS BIGINT) AS net, \
         CAST(SUM(CASE WHEN kind IN ('print', 'spoilage') THEN -quantity ELSE 0 END) AS BIGINT) AS used \
         FROM ledger_entries WHERE entry_date >= ? AND entry_date <= ?{f} GROUP BY region_code, item_code, entry_date"
    );
    let days = rows(db, &sql, v, |r| {
        let Some((holder, item)) = holder_item(r)? else { return Ok(None) };
        Ok(Some((
            holder,
            item,
            r.try_get("", "entry_date")?,
            r.try_get::<i64>("", "net")?,
            r.try_get::<i64>("", "used")?,
        )))
    })
    .await?;
    Ok(Records {
        start,
        end,
        opening,
        days,
        shipments: inbound(db, scope, end).await?,
        outages: per_day(db, "outages", "outage_date", "hours", scope, start, end).await?,
        backlog: per_day(db, "backlog_snapshots", "snapshot_date", "prr", scope, start, end).await?,
        not_shipped: Vec::new(),
    })
}

/// Shipments to any holder below `scope`, dispatched by `end`.
async fn inbound<C: ConnectionTrait>(db: &C, scope: &RegionCode, end: NaiveDate) -> Result<Vec<Shipment>, DbErr> {
    let mut v = vec![end.into()];
    let f = and_subtree("to_region", scope, &mut v);
    let sql = format!(
        "SELECT from_region, to_region, item_code, quantity, shipped_on, received_on, received_quantity, damaged_quantity, \
         reference FROM shipments WHERE shipped_on <= ?{f}"
    );
    rows(db, &sql, v, |r| {
        let to = RegionCode::from_trusted(r.try_get("", "to_region")?);
        let from = RegionCode::from_trusted(r.try_get("", "from_region")?);
        let Ok(item) = Item::parse(&r.try_get::<String>("", "item_code")?) else { return Ok(None) };
        let received_on: Option<NaiveDate> = r.try_get("", "received_on")?;
        let received_on = received_on.filter(|d| *d <= end);
        let received: Option<i64> = r.try_get("", "received_quantity")?;
        let damaged: Option<i64> = r.try_get("", "damaged_quantity")?;
        let quantity: i64 = r.try_get("", "quantity")?;
        let arrived = if received_on.is_some() { received.unwrap_or(0) - damaged.unwrap_or(0) } else { quantity };
        let shipped_on = r.try_get("", "shipped_on")?;
        let reference = r.try_get("", "reference")?;
        Ok(Some(Shipment { from, to, item, quantity, arrived, shipped_on, received_on, reference }))
    })
    .await
}

/// One value per holder and day from a table of daily office records (outages, backlog).
async fn per_day<C: ConnectionTrait, T: sea_orm::TryGetable>(
    db: &C,
    table: &str,
    date: &str,
    value: &str,
    scope: &RegionCode,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<(RegionCode, NaiveDate, T)>, DbErr> {
    let mut v = vec![start.into(), end.into()];
    let f = and_subtree("region_code", scope, &mut v);
    let sql = format!("SELECT region_code, {date}, {value} FROM {table} WHERE {date} >= ? AND {date} <= ?{f}");
    rows(db, &sql, v, |r| Ok(Some((holder(r)?, r.try_get("", date)?, r.try_get("", value)?)))).await
}

/// Allocated to each region below `scope` and not yet shipped from PUSAT by `end`, per item.
pub(super) async fn not_shipped<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    end: NaiveDate,
) -> Result<Vec<(RegionCode, Item, i64)>, DbErr> {
    let facts = crate::store::stock::facts(db, scope, end).await?;
    Ok(facts
        .allocated
        .iter()
        .map(|((region, item), allocated)| {
            let shipped = facts.shipped_from_pusat.get(&(region.clone(), *item)).copied().unwrap_or(0);
            (region.clone(), *item, allocated.saturating_sub(shipped).max(0))
        })
        .collect())
}

/// The last day each holder below `scope` reported prints, up to `end`.
pub(super) async fn last_reports<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    end: NaiveDate,
) -> Result<Vec<(RegionCode, NaiveDate)>, DbErr> {
    let mut v = vec![end.into()];
    let f = and_subtree("region_code", scope, &mut v);
    let sql = format!(
        "SELECT region_code, MAX(print_date) AS last_report FROM daily_prints WHERE print_date <= ?{f} GROUP BY region_code"
    );
    rows(db, &sql, v, |r| Ok(Some((holder(r)?, r.try_get("", "last_report")?)))).await
}
