//! Queries behind the stock position: balances, in-transit shipments, allocations and backlog at a date.
//! A past date's balances are the maintained daily closings (`stock_days`); `balances` answers
//! today from the cache. Nothing here sums the ledger.
//!
//! The SQL `SUM`s here cannot overflow: every record holds at most `Quantity::MAX` (10^9, SPEC
//! §10), so a sum would need some 9·10^9 rows to reach `i64::MAX`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::sql::{stmt, subtree};
use crate::domain::item::Item;
use crate::domain::region::{Level, RegionCode};
use crate::domain::stock::StockFacts;

/// Per holder and item, as `domain::stock::StockFacts` keeps its numbers.
pub type PerHolder = BTreeMap<(RegionCode, Item), i64>;

/// Rows of `region`, `item` and `total`, keyed by holder and item.
pub(super) async fn grouped<C: ConnectionTrait>(db: &C, sql: &str, values: Vec<Value>) -> Result<PerHolder, DbErr> {
    let rows = db.query_all(stmt(db.get_database_backend(), sql, values)).await?;
    let mut out = BTreeMap::new();
    for r in rows {
        let region: String = r.try_get("", "region")?;
        let item: String = r.try_get("", "item")?;
        // A holder without a closing by the date asked answers NULL: it held nothing yet.
        let Some(total) = r.try_get::<Option<i64>>("", "total")? else { continue };
        // An unknown item code was written outside blanko: a server fault (500, logged), not a
        // row to leave out of the totals.
        let item = Item::parse(&item).map_err(|e| DbErr::Custom(format!("data tersimpan rusak: {e}")))?;
        out.insert((RegionCode::from_trusted(region), item), total);
    }
    Ok(out)
}

/// `FROM … WHERE …` of the days with entries of every holder and item with a balance, between
/// two days (bind the first and the last day first; extend with ` AND …`). The balances drive the
/// loop (`CROSS JOIN` keeps that order on SQLite), so each holder's days are one range of the
/// `stock_days` key, even for the whole nation.
pub(super) const DAYS_BETWEEN: &str = "FROM stock_balances b CROSS JOIN stock_days d \
     WHERE d.region_code = b.region_code AND d.item_code = b.item_code AND d.day >= ? AND d.day <= ?";

/// Stock on hand per holder at the end of `as_of` (any date): for each holder and item with a
/// balance, the closing of its last day with entries on or before `as_of`, one index seek each.
pub async fn on_hand<C: ConnectionTrait>(db: &C, region: &RegionCode, as_of: NaiveDate) -> Result<PerHolder, DbErr> {
    let mut v = vec![as_of.into()];
    let f = subtree("b.region_code", region, &mut v);
    let sql = format!(
        "SELECT b.region_code AS region, b.item_code AS item, \
           (SELECT d.closing FROM stock_days d WHERE d.region_code = b.region_code AND d.item_code = b.item_code \
            AND d.day <= ? ORDER BY d.day DESC LIMIT 1) AS total \
         FROM stock_balances b WHERE {f}"
    );
    grouped(db, &sql, v).await
}

/// Everything `domain::stock::position` needs for `region` (and all below it) at the end of `as_of`.
pub async fn facts<C: ConnectionTrait>(db: &C, region: &RegionCode, as_of: NaiveDate) -> Result<StockFacts, DbErr> {
    let on_hand = on_hand(db, region, as_of).await?;
    facts_with(db, region, as_of, on_hand).await
}

/// Dispatched by the end of `as_of` and not received by then, per receiver and item: the
/// shipments not received at all (a partial index) and those received after `as_of`.
async fn in_transit<C: ConnectionTrait>(db: &C, region: &RegionCode, as_of: NaiveDate) -> Result<PerHolder, DbErr> {
    let mut v = vec![as_of.into()];
    let open = subtree("to_region", region, &mut v);
    v.extend([as_of.into(), as_of.into()]);
    let later = subtree("to_region", region, &mut v);
    let sql = format!(
        "SELECT region, item, CAST(SUM(quantity) AS BIGINT) AS total FROM (\
           SELECT to_region AS region, item_code AS item, quantity FROM shipments \
           WHERE received_on IS NULL AND shipped_on <= ? AND {open} \
           UNION ALL \
           SELECT to_region, item_code, quantity FROM shipments \
           WHERE received_on > ? AND shipped_on <= ? AND {later}\
         ) t GROUP BY region, item"
    );
    grouped(db, &sql, v).await
}

/// The latest backlog PRR of each office in the subtree on or before `as_of` (the maintained
/// latest snapshot, or, when that is after `as_of`, one index seek back), summed per child of
/// `region` below a province or the nation: the position of the region and of each child is all
/// a caller asks, and the nation's 7,285 kecamatan come back as 38 rows.
async fn backlog<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    as_of: NaiveDate,
) -> Result<BTreeMap<RegionCode, i64>, DbErr> {
    let mut v = vec![as_of.into(), as_of.into()];
    let f = subtree("l.region_code", region, &mut v);
    // The length of a child's code: a province's `PP`, a kabupaten/kota's `PP.KK`.
    let key = match region.level() {
        Level::Pusat => "CASE WHEN LENGTH(region) > 2 AND region <> 'PUSAT' THEN SUBSTR(region, 1, 2) ELSE region END",
        Level::Provinsi => "CASE WHEN LENGTH(region) > 5 THEN SUBSTR(region, 1, 5) ELSE region END",
        Level::Kabkota | Level::Kecamatan => "region",
    };
    let sql = format!(
        "SELECT {key} AS region, CAST(SUM(prr) AS BIGINT) AS prr FROM (\
           SELECT l.region_code AS region, CASE WHEN l.snapshot_date <= ? THEN l.prr ELSE \
             (SELECT b.prr FROM backlog_snapshots b WHERE b.region_code = l.region_code AND b.snapshot_date <= ? \
              ORDER BY b.snapshot_date DESC LIMIT 1) END AS prr \
           FROM backlog_latest l WHERE {f}\
         ) t GROUP BY {key}"
    );
    let mut out = BTreeMap::new();
    for r in db.query_all(stmt(db.get_database_backend(), &sql, v)).await? {
        // NULL: no snapshot by `as_of`.
        if let Some(prr) = r.try_get::<Option<i64>>("", "prr")? {
            out.insert(RegionCode::from_trusted(r.try_get("", "region")?), prr);
        }
    }
    Ok(out)
}

/// [`facts`] with the stock on hand already known (from the ledger or from the cache of today).
pub async fn facts_with<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    as_of: NaiveDate,
    on_hand: PerHolder,
) -> Result<StockFacts, DbErr> {
    let in_transit = in_transit(db, region, as_of).await?;
    let (allocated, shipped_from_pusat) = super::totals::central_at(db, region, as_of).await?;
    let backlog_prr = backlog(db, region, as_of).await?;
    Ok(StockFacts { on_hand, in_transit, allocated, shipped_from_pusat, backlog_prr })
}
