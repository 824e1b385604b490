//! Queries behind the reports of SPEC §8 that the stock position and the forecast do not already
//! answer: the daily stock of a region's pool, shipments with their receipts, the latest backlog
//! per kecamatan, allocations against shipments, and Suket issued. Shipments and backlog come out
//! as the report's own row types; the rest is mapped by `app::report::build`.
//!
//! The SQL `SUM`s here cannot overflow: every record holds at most `Quantity::MAX` (10^9, SPEC
//! §10), so a sum would need some 9·10^9 rows to reach `i64::MAX`.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};

use super::sql::{and_subtree, query_all, subtree};
use super::stock::DAYS_BETWEEN;
use crate::domain::item::Item;
use crate::domain::quantity::total;
use crate::domain::region::RegionCode;
use crate::report::rows::{BacklogRow, ShipmentRow};

fn code(r: &QueryResult, column: &str) -> Result<RegionCode, DbErr> {
    Ok(RegionCode::from_trusted(r.try_get("", column)?))
}

/// Closing stock of `item` held by `region` and every office below it, on each calendar day from
/// `from` to `to` (inclusive).
pub async fn pool_history<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    item: Item,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, i64)>, DbErr> {
    let before = from.pred_opt().unwrap_or(from);
    let mut stock = total(
        crate::store::stock::on_hand(db, region, before)
            .await?
            .into_iter()
            .filter(|((_, i), _)| *i == item)
            .map(|(_, closing)| closing),
    );
    let mut v = vec![from.into(), to.into(), item.as_str().into()];
    let f = and_subtree("b.region_code", region, &mut v);
    let sql = format!(
        "SELECT d.day AS day, CAST(SUM(d.net) AS BIGINT) AS total {DAYS_BETWEEN} AND b.item_code = ?{f} GROUP BY d.day"
    );
    let mut changes = BTreeMap::new();
    for r in query_all(db, &sql, v).await? {
        changes.insert(r.try_get::<NaiveDate>("", "day")?, r.try_get::<i64>("", "total")?);
    }
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        stock = stock.saturating_add(changes.get(&day).copied().unwrap_or(0));
        out.push((day, stock));
        day = day + Days::new(1);
    }
    Ok(out)
}

/// Shipments dispatched from `from` to `to` (inclusive) that leave or enter the subtree of
/// `region`, in dispatch order. Seen from `to`, a later receipt has not happened yet.
pub async fn shipments<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ShipmentRow>, DbErr> {
    let mut v = vec![from.into(), to.into()];
    let scope = if region.is_pusat() {
        String::new()
    } else {
        let from = subtree("s.from_region", region, &mut v);
        let to = subtree("s.to_region", region, &mut v);
        format!(" AND ({from} OR {to})")
    };
    let sql = format!(
        "SELECT s.reference, s.shipped_on, s.from_region, fr.name AS from_name, s.to_region, tr.name AS to_name, \
         s.item_code, s.quantity, s.received_on, s.received_quantity, s.damaged_quantity, s.note \
         FROM shipments s LEFT JOIN regions fr ON fr.code = s.from_region LEFT JOIN regions tr ON tr.code = s.to_region \
         WHERE s.shipped_on >= ? AND s.shipped_on <= ?{scope} ORDER BY s.shipped_on, s.reference, s.from_region"
    );
    let mut out = Vec::new();
    for r in query_all(db, &sql, v).await? {
        let Ok(item) = Item::parse(&r.try_get::<String>("", "item_code")?) else { continue };
        let received_on = r.try_get::<Option<NaiveDate>>("", "received_on")?.filter(|d| *d <= to);
        let arrived = received_on.is_some();
        out.push(ShipmentRow {
            reference: r.try_get("", "reference")?,
            shipped_on: r.try_get("", "shipped_on")?,
            from_code: r.try_get("", "from_region")?,
            from_name: r.try_get::<Option<String>>("", "from_name")?.unwrap_or_default(),
            to_code: r.try_get("", "to_region")?,
            to_name: r.try_get::<Option<String>>("", "to_name")?.unwrap_or_default(),
            item,
            quantity: r.try_get("", "quantity")?,
            received_on,
            received_quantity: r.try_get::<Option<i64>>("", "received_quantity")?.filter(|_| arrived),
            damaged_quantity: r.try_get::<Option<i64>>("", "damaged_quantity")?.filter(|_| arrived),
            note: r.try_get::<Option<String>>("", "note")?.unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Every kecamatan of `region` (or `region` itself when it is one), by code, with its latest
/// backlog report on or before `as_of`.
pub async fn latest_backlog<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    as_of: NaiveDate,
) -> Result<Vec<BacklogRow>, DbErr> {
    // The maintained latest snapshot of each office, or one index seek back when it is after `as_of`.
    let mut v = vec![as_of.into(), as_of.into()];
    let outer = and_subtree("r.code", region, &mut v);
    let sql = format!(
        "SELECT r.code, r.name, b.snapshot_date, b.prr, b.recorded, b.suket FROM regions r \
         LEFT JOIN backlog_latest l ON l.region_code = r.code \
         LEFT JOIN backlog_snapshots b ON b.region_code = r.code AND b.snapshot_date = CASE \
           WHEN l.snapshot_date <= ? THEN l.snapshot_date \
           ELSE (SELECT MAX(p.snapshot_date) FROM backlog_snapshots p WHERE p.region_code = r.code AND p.snapshot_date <= ?) \
         END \
         WHERE r.level = 'kecamatan'{outer} ORDER BY r.code"
    );
    query_all(db, &sql, v)
        .await?
        .iter()
        .map(|r| {
            Ok(BacklogRow {
                kecamatan_code: r.try_get("", "code")?,
                kecamatan_name: r.try_get("", "name")?,
                reported_on: r.try_get("", "snapshot_date")?,
                prr: r.try_get::<Option<i64>>("", "prr")?.unwrap_or(0),
                recorded: r.try_get("", "recorded")?,
                suket: r.try_get("", "suket")?,
            })
        })
        .collect()
}

/// Suket issued in the subtree of `region` by reports dated after `after` up to `to` (each
/// report counts the Suket issued since the one before).
pub async fn suket_issued<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    after: NaiveDate,
    to: NaiveDate,
) -> Result<i64, DbErr> {
    let mut v = vec![after.into(), to.into()];
    let f = and_subtree("region_code", region, &mut v);
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(suket), 0) AS BIGINT) AS total FROM backlog_snapshots \
         WHERE snapshot_date > ? AND snapshot_date <= ?{f}"
    );
    match query_all(db, &sql, v).await?.first() {
        Some(r) => r.try_get("", "total"),
        None => Ok(0),
    }
}

/// Allocations and central shipments of one destination up to a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FlowTotals {
    pub allocated: i64,
    /// Dispatched by PUSAT.
    pub shipped: i64,
    /// Usable cards of those shipments received by that date (received less damaged).
    pub received: i64,
}

/// Per destination office in the subtree of `region`: `item` allocated, shipped from PUSAT, and
/// received of those shipments, everything up to `to` (cumulative, like `allocated_not_shipped`
/// of the stock position: a shipment in January may fill the allocation of the year before).
pub async fn flow<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    item: Item,
    to: NaiveDate,
) -> Result<BTreeMap<RegionCode, FlowTotals>, DbErr> {
    let mut out: BTreeMap<RegionCode, FlowTotals> = BTreeMap::new();
    let mut v = vec![item.as_str().into(), to.into()];
    let f = and_subtree("to_region", region, &mut v);
    let sql = format!(
        "SELECT to_region, CAST(SUM(quantity) AS BIGINT) AS total FROM allocations \
         WHERE item_code = ? AND allocated_on <= ?{f} GROUP BY to_region"
    );
    for r in query_all(db, &sql, v).await? {
        out.entry(code(&r, "to_region")?).or_default().allocated = r.try_get("", "total")?;
    }
    let mut v = vec![to.into(), item.as_str().into(), to.into()];
    let f = and_subtree("to_region", region, &mut v);
    let sql = format!(
        "SELECT to_region, CAST(SUM(quantity) AS BIGINT) AS shipped, \
         CAST(SUM(CASE WHEN received_on IS NOT NULL AND received_on <= ? \
              THEN COALESCE(received_quantity, 0) - COALESCE(damaged_quantity, 0) ELSE 0 END) AS BIGINT) AS received \
         FROM shipments WHERE from_region = 'PUSAT' AND item_code = ? AND shipped_on <= ?{f} \
         GROUP BY to_region"
    );
    for r in query_all(db, &sql, v).await? {
        let t = out.entry(code(&r, "to_region")?).or_default();
        t.shipped = r.try_get("", "shipped")?;
        t.received = r.try_get("", "received")?;
    }
    Ok(out)
}
