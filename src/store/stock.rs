//! Queries behind the stock position: balances, in-transit shipments, allocations and backlog at a date.
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

async fn grouped<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
) -> Result<BTreeMap<(RegionCode, Item), i64>, DbErr> {
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

/// Everything `domain::stock::position` needs for `region` (and all below it) at the end of `as_of`.
pub async fn facts<C: ConnectionTrait>(db: &C, region: &RegionCode, as_of: NaiveDate) -> Result<StockFacts, DbErr> {
    let mut v = vec![as_of.into()];
    let f = subtree("region_code", region, &mut v);
    let on_hand = grouped(
        db,
        &format!(
            "SELECT region_code AS region, item_code AS item, CAST(SUM(quantity) AS BIGINT) AS total FROM ledger_entries \
             WHERE entry_date <= ? AND {f} GROUP BY region_code, item_code"
        ),
        v,
    )
    .await?;

    let mut v = vec![as_of.into(), as_of.into()];
    let f = subtree("to_region", region, &mut v);
    let in_transit = grouped(
        db,
        &format!(
            "SELECT to_region AS region, item_code AS item, CAST(SUM(quantity) AS BIGINT) AS total FROM shipments \
             WHERE shipped_on <= ? AND (received_on IS NULL OR received_on > ?) AND {f} GROUP BY to_region, item_code"
        ),
        v,
    )
    .await?;

    let mut v = vec![as_of.into()];
    let f = subtree("to_region", region, &mut v);
    let allocated = grouped(
        db,
        &format!(
            "SELECT to_region AS region, item_code AS item, CAST(SUM(quantity) AS BIGINT) AS total FROM allocations \
             WHERE allocated_on <= ? AND {f} GROUP BY to_region, item_code"
        ),
        v,
    )
    .await?;

    let mut v = vec![as_of.into()];
    let f = subtree("to_region", region, &mut v);
    let shipped_from_pusat = grouped(
        db,
        &format!(
            "SELECT to_region AS region, item_code AS item, CAST(SUM(quantity) AS BIGINT) AS total FROM shipments \
             WHERE from_region = 'PUSAT' AND shipped_on <= ? AND {f} GROUP BY to_region, item_code"
        ),
        v,
    )
    .await?;

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
