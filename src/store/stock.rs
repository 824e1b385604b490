//! Queries behind the stock position: balances, in-transit shipments, allocations and backlog at a date.
//! The ledger sums here answer any date; `balances` answers today from the cache.
//!
//! The SQL `SUM`s here cannot overflow: every record holds at most `Quantity::MAX` (10^9, SPEC
//! §10), so a sum would need some 9·10^9 rows to reach `i64::MAX`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::sql::{stmt, subtree};
use crate::domain::item::Item;
use crate::domain::region::RegionCode;
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
        let total: i64 = r.try_get("", "total")?;
        // An unknown item code was written outside blanko: a server fault (500, logged), not a
        // row to leave out of the totals.
        let item = Item::parse(&item).map_err(|e| DbErr::Custom(format!("data tersimpan rusak: {e}")))?;
        out.insert((RegionCode::from_trusted(region), item), total);
    }
    Ok(out)
}

/// `SUM(quantity)` of `table` per `region_col` and item, for `region` and all below it, over the
/// rows meeting `cond`; every `?` in `cond` is bound to `as_of`.
async fn grouped_sum<C: ConnectionTrait>(
    db: &C,
    table: &str,
    region_col: &str,
    cond: &str,
    region: &RegionCode,
    as_of: NaiveDate,
) -> Result<PerHolder, DbErr> {
    let mut v: Vec<Value> = (0..cond.matches('?').count()).map(|_| as_of.into()).collect();
    let f = subtree(region_col, region, &mut v);
    let sql = format!(
        "SELECT {region_col} AS region, item_code AS item, CAST(SUM(quantity) AS BIGINT) AS total FROM {table} \
         WHERE {cond} AND {f} GROUP BY {region_col}, item_code"
    );
    grouped(db, &sql, v).await
}

/// Stock on hand per holder at the end of `as_of`, summed from the ledger (any date).
pub async fn on_hand<C: ConnectionTrait>(db: &C, region: &RegionCode, as_of: NaiveDate) -> Result<PerHolder, DbErr> {
    grouped_sum(db, "ledger_entries", "region_code", "entry_date <= ?", region, as_of).await
}

/// Everything `domain::stock::position` needs for `region` (and all below it) at the end of `as_of`.
pub async fn facts<C: ConnectionTrait>(db: &C, region: &RegionCode, as_of: NaiveDate) -> Result<StockFacts, DbErr> {
    let on_hand = on_hand(db, region, as_of).await?;
    facts_with(db, region, as_of, on_hand).await
}

/// [`facts`] with the stock on hand already known (from the ledger or from the cache of today).
pub async fn facts_with<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    as_of: NaiveDate,
    on_hand: PerHolder,
) -> Result<StockFacts, DbErr> {
    let in_transit = grouped_sum(
        db,
        "shipments",
        "to_region",
        "shipped_on <= ? AND (received_on IS NULL OR received_on > ?)",
        region,
        as_of,
    )
    .await?;
    let allocated = grouped_sum(db, "allocations", "to_region", "allocated_on <= ?", region, as_of).await?;
    let shipped_from_pusat =
        grouped_sum(db, "shipments", "to_region", "from_region = 'PUSAT' AND shipped_on <= ?", region, as_of).await?;

    let mut v = vec![as_of.into()];
    let f = subtree("region_code", region, &mut v);
    let rows = db
        .query_all(stmt(
            db.get_database_backend(),
            &format!(
                "SELECT b.region_code AS region, b.prr AS prr FROM backlog_snapshots b JOIN \
                 (SELECT region_code, MAX(snapshot_date) AS d FROM backlog_snapshots WHERE snapshot_date <= ? AND {f} GROUP BY region_code) m \
                 ON b.region_code = m.region_code AND b.snapshot_date = m.d"
            ),
            v,
        ))
        .await?;
    let mut backlog_prr = BTreeMap::new();
    for r in rows {
        backlog_prr.insert(RegionCode::from_trusted(r.try_get("", "region")?), r.try_get::<i64>("", "prr")?);
    }
    Ok(StockFacts { on_hand, in_transit, allocated, shipped_from_pusat, backlog_prr })
}
