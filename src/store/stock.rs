//! Queries behind the stock position: balances, in-transit shipments, allocations and backlog at a date.
//! A past date's balances are the maintained daily closings (`stock_days`); `balances` answers
//! today from the cache. Nothing here sums the ledger.
//!
//! The SQL `SUM`s here cannot overflow: every record holds at most `Quantity::MAX` (10^9, SPEC
//! §10), so a sum would need some 9·10^9 rows to reach `i64::MAX`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Value};

use super::sql::{stmt, string_agg, subtree};
use crate::domain::item::Item;
use crate::domain::region::{Level, Region, RegionCode};
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
#[tracing::instrument(level = "debug", skip_all)]
pub async fn on_hand<C: ConnectionTrait>(db: &C, region: &RegionCode, as_of: NaiveDate) -> Result<PerHolder, DbErr> {
    let mut v = Vec::new();
    let sql = on_hand_sql(region, as_of, &mut v);
    grouped(db, &sql, v).await
}

/// [`on_hand`] summed per kabupaten/kota (each with its kecamatan) by the database: below a
/// province or the nation the forecast's units are the kabupaten/kota, and 514 rows come back
/// instead of 23,000 (fetching a row costs SQLite more than its seek). Holders above a
/// kabupaten/kota belong to none and are left out; a kabupaten/kota none of whose holders had
/// a closing by `as_of` is absent, as each such holder is from [`on_hand`].
#[tracing::instrument(level = "debug", skip_all)]
pub async fn on_hand_per_kabkota<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    as_of: NaiveDate,
) -> Result<PerHolder, DbErr> {
    let mut v = Vec::new();
    let holders = on_hand_sql(region, as_of, &mut v);
    let (kabkota, kept) = (super::sql::kabkota_of("region"), super::sql::in_a_kabkota("region"));
    let sql = format!(
        "SELECT {kabkota} AS region, item, CAST(SUM(total) AS BIGINT) AS total FROM ({holders}) h \
         WHERE {kept} GROUP BY {kabkota}, item"
    );
    grouped(db, &sql, v).await
}

/// The query of [`on_hand`]: rows of `region`, `item` and `total`, its values pushed onto `v`.
fn on_hand_sql(region: &RegionCode, as_of: NaiveDate, v: &mut Vec<Value>) -> String {
    v.push(as_of.into());
    let f = subtree("b.region_code", region, v);
    format!(
        "SELECT b.region_code AS region, b.item_code AS item, \
           (SELECT d.closing FROM stock_days d WHERE d.region_code = b.region_code AND d.item_code = b.item_code \
            AND d.day <= ? ORDER BY d.day DESC LIMIT 1) AS total \
         FROM stock_balances b WHERE {f}"
    )
}

/// Where the stock on hand of [`facts`] comes from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OnHand {
    /// The maintained daily closings: any date.
    Closings,
    /// The cached balances (`stock_balances`): only for today or later, since no entry is dated
    /// after today.
    Cached,
}

/// Dispatched by the end of `as_of` and not received by then, per receiver and item: the
/// shipments not received at all (a partial index) and those received after `as_of`. Rows of
/// `region`, `item` and `total`, its values pushed onto `v`.
///
/// `received_later`: how to find those received after `as_of`. For today (`OnHand::Cached`) there
/// are none, receipts being never dated after today, so SQLite is told to look along the receipt
/// days (`+to_region` keeps it off the receiver's index), where it finds that at once instead of
/// walking every shipment the subtree ever received (1,665 for a kabupaten/kota with its
/// kecamatan, 1.7 ms); should a receipt be dated ahead after all, it is still counted. For a past
/// day it walks the subtree's receipts in `idx_shipments_to_received`, which holds each receipt
/// day beside its receiver.
fn in_transit_sql(region: &RegionCode, as_of: NaiveDate, received_later: ReceivedLater, v: &mut Vec<Value>) -> String {
    v.push(as_of.into());
    let open = subtree("to_region", region, v);
    v.extend([as_of.into(), as_of.into()]);
    let receiver = match received_later {
        ReceivedLater::ByReceiptDay => "+to_region",
        ReceivedLater::ByReceiver => "to_region",
    };
    let later = subtree(receiver, region, v);
    format!(
        "SELECT region, item, CAST(SUM(quantity) AS BIGINT) AS total FROM (\
           SELECT to_region AS region, item_code AS item, quantity FROM shipments \
           WHERE received_on IS NULL AND shipped_on <= ? AND {open} \
           UNION ALL \
           SELECT to_region, item_code, quantity FROM shipments \
           WHERE received_on > ? AND shipped_on <= ? AND {later}\
         ) t GROUP BY region, item"
    )
}

/// Which index finds the shipments of a subtree received after a day (see [`in_transit_sql`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ReceivedLater {
    /// Along the receipt days: few or none after the day (today's position, SQLite).
    ByReceiptDay,
    /// Along the subtree's receivers.
    ByReceiver,
}

/// The latest backlog PRR of each office in the subtree on or before `as_of` (the maintained
/// latest snapshot, or, when that is after `as_of`, one index seek back), summed per child of
/// `region` below a province or the nation: the position of the region and of each child is all
/// a caller asks, and the nation's 7,285 kecamatan come back as 38 rows. Rows of `region` and
/// `prr` (NULL: no snapshot by `as_of`), its values pushed onto `v`.
fn backlog_sql(region: &RegionCode, as_of: NaiveDate, v: &mut Vec<Value>) -> String {
    v.extend([as_of.into(), as_of.into()]);
    let f = subtree("l.region_code", region, v);
    // The length of a child's code: a province's `PP`, a kabupaten/kota's `PP.KK`.
    let key = match region.level() {
        Level::Pusat => "CASE WHEN LENGTH(region) > 2 AND region <> 'PUSAT' THEN SUBSTR(region, 1, 2) ELSE region END",
        Level::Provinsi => "CASE WHEN LENGTH(region) > 5 THEN SUBSTR(region, 1, 5) ELSE region END",
        Level::Kabkota | Level::Kecamatan => "region",
    };
    format!(
        "SELECT {key} AS region, CAST(SUM(prr) AS BIGINT) AS prr FROM (\
           SELECT l.region_code AS region, CASE WHEN l.snapshot_date <= ? THEN l.prr ELSE \
             (SELECT b.prr FROM backlog_snapshots b WHERE b.region_code = l.region_code AND b.snapshot_date <= ? \
              ORDER BY b.snapshot_date DESC LIMIT 1) END AS prr \
           FROM backlog_latest l WHERE {f}\
         ) t GROUP BY {key}"
    )
}

/// Everything `domain::stock::position` needs for `region` (and all below it) at the end of
/// `as_of`, in one statement and one row: every API read of a position begins here, and each
/// statement, and on SQLite each row, is a hand-over between threads that costs more than the
/// reading. The four queries' rows are packed as `k region item a b`, comma-separated (`k`: `h`
/// on hand, `t` in transit, `c` allocated and shipped by the centre, `p` backlog PRR); a row whose
/// `a` is NULL (a holder without a closing by the date, an office without a snapshot by then)
/// concatenates to NULL and is left out, as it held nothing.
pub async fn facts<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    as_of: NaiveDate,
    source: OnHand,
) -> Result<StockFacts, DbErr> {
    Ok(read(db, region, as_of, source, false).await?.1)
}

/// [`facts`] with the region and its direct children (`None` when the region does not exist), in
/// the same one statement: what `/stock` needs besides the caller, in one round trip.
pub async fn position_facts<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    as_of: NaiveDate,
    source: OnHand,
) -> Result<(Option<(Region, Vec<Region>)>, StockFacts), DbErr> {
    let (regions, facts) = read(db, region, as_of, source, true).await?;
    Ok((regions.and_then(|all| super::regions::split_children(all, region)), facts))
}

/// The statement of [`facts`], with the packed regions of [`position_facts`] when `with_regions`.
async fn read<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    as_of: NaiveDate,
    source: OnHand,
    with_regions: bool,
) -> Result<(Option<Vec<Region>>, StockFacts), DbErr> {
    let backend = db.get_database_backend();
    let mut v = Vec::new();
    // Its values come first: the column stands before the `FROM` in the statement.
    let regions = if with_regions {
        let filter = super::regions::self_and_children(region, &mut v);
        format!(", ({}) AS regions", super::regions::packed_sql(backend, filter))
    } else {
        String::new()
    };
    let on_hand = match source {
        OnHand::Closings => on_hand_sql(region, as_of, &mut v),
        OnHand::Cached => super::balances::on_hand_sql(region, &mut v),
    };
    // PostgreSQL has no unary `+` on text, and its planner weighs the two indexes by statistics.
    let received_later = match (source, backend) {
        (OnHand::Cached, DatabaseBackend::Sqlite) => ReceivedLater::ByReceiptDay,
        _ => ReceivedLater::ByReceiver,
    };
    let in_transit = in_transit_sql(region, as_of, received_later, &mut v);
    let central = super::totals::central_sql(region, as_of, &mut v);
    let backlog = backlog_sql(region, as_of, &mut v);
    let packed =
        string_agg(backend, "k || ' ' || region || ' ' || item || ' ' || CAST(a AS TEXT) || ' ' || CAST(b AS TEXT)");
    let sql = format!(
        "SELECT {packed} AS facts{regions} FROM (\
           SELECT 'h' AS k, region, item, total AS a, CAST(0 AS BIGINT) AS b FROM ({on_hand}) h \
           UNION ALL SELECT 't', region, item, total, 0 FROM ({in_transit}) t \
           UNION ALL SELECT 'c', region, item, allocated, shipped FROM ({central}) c \
           UNION ALL SELECT 'p', region, '-', prr, 0 FROM ({backlog}) p\
         ) f"
    );
    let row = db.query_one(stmt(backend, &sql, v)).await?;
    let packed: Option<String> = row.as_ref().map(|r| r.try_get("", "facts")).transpose()?.flatten();
    let regions = if with_regions {
        let packed: Option<String> = row.as_ref().map(|r| r.try_get("", "regions")).transpose()?.flatten();
        Some(super::regions::from_packed(packed.as_deref())?)
    } else {
        None
    };
    let mut facts = StockFacts::default();
    for line in packed.as_deref().unwrap_or("").split(',').filter(|l| !l.is_empty()) {
        unpack(&mut facts, line).ok_or_else(|| DbErr::Custom(format!("data tersimpan rusak: {line}")))?;
    }
    Ok((regions, facts))
}

/// One packed row of [`facts`] into `facts`; `None` when it is malformed or names an unknown item
/// (written outside blanko: a server fault, 500 and logged, not a row to leave out of the totals).
fn unpack(facts: &mut StockFacts, line: &str) -> Option<()> {
    let mut f = line.split(' ');
    let (kind, region, item, a, b) = (f.next()?, f.next()?, f.next()?, f.next()?, f.next()?);
    let (region, a, b) = (RegionCode::from_trusted(region.to_string()), a.parse().ok()?, b.parse::<i64>().ok()?);
    if kind == "p" {
        facts.backlog_prr.insert(region, a);
        return Some(());
    }
    let item = Item::parse(item).ok()?;
    match kind {
        "h" => {
            facts.on_hand.insert((region, item), a);
        }
        "t" => {
            facts.in_transit.insert((region, item), a);
        }
        "c" => {
            if a != 0 {
                facts.allocated.insert((region.clone(), item), a);
            }
            if b != 0 {
                facts.shipped_from_pusat.insert((region, item), b);
            }
        }
        _ => return None,
    }
    Some(())
}
