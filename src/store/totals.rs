//! Totals kept beside the records so that the nation and its provinces are read, not summed
//! (migration `m20261204_000002_pooled_reads`), each moved in the transaction that inserts the
//! records it sums (`Table::after_insert`) and checked against them by `blanko check`
//! (`balances::totals_drift`):
//!
//! - `central_totals`: per region and item, all the centre allocated to it and all PUSAT shipped
//!   to it. At a past date, what was allocated or shipped after it is subtracted (few rows).
//! - `backlog_pools`: per kabupaten/kota and snapshot date, the PRR of every office at or below it.
//! - `print_latest`: per holder and item, its last day of prints; a past date seeks back.
//! - `kabkota_days` (written with the ledger entries, `ledger::insert_entries`): per kabupaten/kota,
//!   item and day, the net change and cards used of every holder at or below it.
//!
//! Records are never deleted and these sums never change on an update (a receipt changes no
//! quantity, allocation, sender, receiver or date of a dispatch), so adding on insert is enough.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::sql::{bulk_upsert, in_a_kabkota, kabkota_of, query_all, string_agg, subtree};
use super::stock::PerHolder;
use crate::domain::item::Item;
use crate::domain::region::RegionCode;

/// Adds allocations and PUSAT's shipments, per receiver and item: (allocated, shipped).
pub async fn add_central<C: ConnectionTrait>(
    db: &C,
    totals: BTreeMap<(&RegionCode, Item), (i64, i64)>,
) -> Result<(), DbErr> {
    let rows = totals
        .into_iter()
        .map(|((region, item), (allocated, shipped))| {
            vec![region.as_str().into(), item.as_str().into(), allocated.into(), shipped.into()]
        })
        .collect();
    bulk_upsert(
        db,
        "central_totals",
        &["region_code", "item_code", "allocated", "shipped"],
        rows,
        " ON CONFLICT (region_code, item_code) DO UPDATE SET allocated = central_totals.allocated + excluded.allocated, \
         shipped = central_totals.shipped + excluded.shipped",
    )
    .await?;
    Ok(())
}

/// Adds backlog snapshots (office, date, PRR) to their kabupaten/kota's pool of that date; offices
/// above a kabupaten/kota belong to no pool.
pub async fn add_backlog_pools<'a, C: ConnectionTrait>(
    db: &C,
    snapshots: impl Iterator<Item = (&'a RegionCode, NaiveDate, i64)>,
) -> Result<(), DbErr> {
    let mut pools: BTreeMap<(RegionCode, NaiveDate), i64> = BTreeMap::new();
    for (office, date, prr) in snapshots {
        if let Some(kabkota) = office.kabkota() {
            *pools.entry((kabkota, date)).or_default() += prr;
        }
    }
    let rows = pools.into_iter().map(|((k, date), prr)| vec![k.as_str().into(), date.into(), prr.into()]).collect();
    bulk_upsert(
        db,
        "backlog_pools",
        &["kabkota", "snapshot_date", "prr"],
        rows,
        " ON CONFLICT (kabkota, snapshot_date) DO UPDATE SET prr = backlog_pools.prr + excluded.prr",
    )
    .await?;
    Ok(())
}

/// Moves each holder's and item's last day of prints forward to its day in `latest` (one day per
/// holder and item: a multi-row upsert may not touch a row twice).
pub async fn note_prints<'a, C: ConnectionTrait>(
    db: &C,
    latest: impl Iterator<Item = (&'a RegionCode, Item, NaiveDate)>,
) -> Result<(), DbErr> {
    let rows =
        latest.map(|(holder, item, date)| vec![holder.as_str().into(), item.as_str().into(), date.into()]).collect();
    bulk_upsert(
        db,
        "print_latest",
        &["region_code", "item_code", "print_date"],
        rows,
        " ON CONFLICT (region_code, item_code) DO UPDATE SET print_date = excluded.print_date \
         WHERE excluded.print_date > print_latest.print_date",
    )
    .await?;
    Ok(())
}

/// The query of [`central_at`]: rows of `region`, `item`, `allocated` and `shipped`, its values
/// pushed onto `v` (also one part of `stock::facts`' single statement).
pub(super) fn central_sql(scope: &RegionCode, as_of: NaiveDate, v: &mut Vec<Value>) -> String {
    let kept = subtree("region_code", scope, v);
    v.push(as_of.into());
    let allocated_later = subtree("to_region", scope, v);
    v.push(as_of.into());
    let shipped_later = subtree("to_region", scope, v);
    format!(
        "SELECT region, item, CAST(SUM(a) AS BIGINT) AS allocated, CAST(SUM(s) AS BIGINT) AS shipped FROM (\
           SELECT region_code AS region, item_code AS item, allocated AS a, shipped AS s FROM central_totals \
           WHERE {kept} \
           UNION ALL \
           SELECT to_region, item_code, -quantity, 0 FROM allocations WHERE allocated_on > ? AND {allocated_later} \
           UNION ALL \
           SELECT to_region, item_code, 0, -quantity FROM shipments \
           WHERE from_region = 'PUSAT' AND shipped_on > ? AND {shipped_later}\
         ) t GROUP BY region, item"
    )
}

/// What the centre allocated to, and PUSAT shipped to, `scope` and every region below it by the
/// end of `as_of`, per region and item: (allocated, shipped). Regions with neither are absent.
pub async fn central_at<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    as_of: NaiveDate,
) -> Result<(PerHolder, PerHolder), DbErr> {
    let mut v = Vec::new();
    let sql = central_sql(scope, as_of, &mut v);
    let (mut allocated, mut shipped) = (PerHolder::new(), PerHolder::new());
    for r in query_all(db, &sql, v).await? {
        let item: String = r.try_get("", "item")?;
        let item = Item::parse(&item).map_err(|e| DbErr::Custom(format!("data tersimpan rusak: {e}")))?;
        let region = RegionCode::from_trusted(r.try_get("", "region")?);
        let (a, s): (i64, i64) = (r.try_get("", "allocated")?, r.try_get("", "shipped")?);
        if a != 0 {
            allocated.insert((region.clone(), item), a);
        }
        if s != 0 {
            shipped.insert((region, item), s);
        }
    }
    Ok((allocated, shipped))
}

/// The pooled backlog of each kabupaten/kota in `scope` per snapshot date from `start` to `end`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn backlog_pools<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<(RegionCode, NaiveDate, i64)>, DbErr> {
    snapshots(db, "backlog_pools", "kabkota", scope, start, end).await
}

/// The backlog snapshots of each office in `scope` from `start` to `end`.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn backlog_per_office<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<(RegionCode, NaiveDate, i64)>, DbErr> {
    snapshots(db, "backlog_snapshots", "region_code", scope, start, end).await
}

/// (region, date, PRR) of a snapshot table keyed by `key`, one row per region with its snapshots
/// packed (`sql::string_agg`), read along the (region, date) key.
async fn snapshots<C: ConnectionTrait>(
    db: &C,
    table: &str,
    key: &str,
    scope: &RegionCode,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<(RegionCode, NaiveDate, i64)>, DbErr> {
    let mut v: Vec<Value> = vec![start.into(), end.into()];
    let f = subtree(key, scope, &mut v);
    let packed = string_agg(db.get_database_backend(), "CAST(snapshot_date AS TEXT) || ' ' || CAST(prr AS TEXT)");
    let sql = format!(
        "SELECT {key} AS region, {packed} AS snapshots FROM {table} \
         WHERE snapshot_date >= ? AND snapshot_date <= ? AND {f} GROUP BY {key}"
    );
    let mut out = Vec::new();
    for r in query_all(db, &sql, v).await? {
        let region = RegionCode::from_trusted(r.try_get("", "region")?);
        for s in r.try_get::<String>("", "snapshots")?.split(',') {
            let bad = || DbErr::Custom(format!("data tersimpan rusak: backlog {region} '{s}'"));
            let (day, prr) = s.split_once(' ').ok_or_else(bad)?;
            out.push((region.clone(), day.parse().map_err(|_| bad())?, prr.parse().map_err(|_| bad())?));
        }
    }
    Ok(out)
}

/// The last day each holder in `scope` reported prints of any item, up to `as_of` (holders that
/// had not by then are absent): the kept last day, or one index seek back when it is later.
/// `per_kabkota`: the latest of each kabupaten/kota and its kecamatan instead, taken by the
/// database (the forecast's units below a province or the nation; holders above a
/// kabupaten/kota are left out).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn last_reports<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    as_of: NaiveDate,
    per_kabkota: bool,
) -> Result<Vec<(RegionCode, NaiveDate)>, DbErr> {
    let mut v: Vec<Value> = vec![as_of.into(), as_of.into()];
    let f = subtree("l.region_code", scope, &mut v);
    let mut sql = format!(
        "SELECT l.region_code AS region_code, CASE WHEN l.print_date <= ? THEN l.print_date ELSE \
           (SELECT MAX(p.print_date) FROM daily_prints p WHERE p.region_code = l.region_code \
            AND p.item_code = l.item_code AND p.print_date <= ?) END AS last_report \
         FROM print_latest l WHERE {f}"
    );
    if per_kabkota {
        let (kabkota, kept) = (kabkota_of("region_code"), in_a_kabkota("region_code"));
        sql = format!(
            "SELECT {kabkota} AS region_code, MAX(last_report) AS last_report FROM ({sql}) h \
             WHERE {kept} GROUP BY {kabkota}"
        );
    }
    let mut last: BTreeMap<String, NaiveDate> = BTreeMap::new();
    for r in query_all(db, &sql, v).await? {
        let Some(day) = r.try_get::<Option<NaiveDate>>("", "last_report")? else { continue };
        let kept = last.entry(r.try_get("", "region_code")?).or_insert(day);
        *kept = (*kept).max(day);
    }
    Ok(last.into_iter().map(|(holder, day)| (RegionCode::from_trusted(holder), day)).collect())
}
