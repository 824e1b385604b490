//! The queries behind a forecast, each over the subtree of one scope and answered per holder:
//! the opening balances and daily figures of the maintained stock book (`stock_days`, only the
//! window asked for), inbound shipments, outages, backlog snapshots and allocations not yet
//! shipped. Pooling the holders into units happens afterwards, in memory (`super::Pool`), so one
//! set of rows can be pooled into several sets of units; below a province or the nation, whose
//! units are always the kabupaten/kota, the database pools the daily rows first (`Grain`).

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

use crate::domain::item::Item;
use crate::domain::region::{Level, RegionCode};
use crate::store::sql::{and_subtree, query_all};
use crate::store::stock::DAYS_BETWEEN;

/// The rows of every query below one scope, per holder (below a province or the nation, per
/// kabupaten/kota: see `Grain`), in the order the database gave them.
pub struct Records {
    /// The first and last days asked for.
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    /// Closing balance of each holder and item the day before the first day.
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

/// How the rows of a scope are keyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grain {
    /// Per holder: below a kabupaten/kota, pooled into it and into each kecamatan.
    Holder,
    /// Already pooled per kabupaten/kota by the database: below a province or the nation the
    /// units are the kabupaten/kota (a kecamatan `32.16.01` and its kabupaten/kota `32.16` both
    /// count for `32.16`), so thousands of kecamatan rows per day come back as one; holders above
    /// them (provinces, PUSAT) belong to no unit and are left out.
    Kabkota,
}

impl Grain {
    fn of(scope: &RegionCode) -> Self {
        match scope.level() {
            Level::Pusat | Level::Provinsi => Grain::Kabkota,
            Level::Kabkota | Level::Kecamatan => Grain::Holder,
        }
    }

    /// The unit key of a region-code column (codes are `PP.KK` and `PP.KK.CC` below a province).
    fn key(self, column: &str) -> String {
        match self {
            Grain::Holder => column.to_string(),
            Grain::Kabkota => format!("SUBSTR({column}, 1, 5)"),
        }
    }

    /// ` AND …` keeping the rows of a region-code column that belong to some unit.
    fn keep(self, column: &str) -> String {
        match self {
            Grain::Holder => String::new(),
            Grain::Kabkota => format!(" AND LENGTH({column}) >= 5 AND {column} <> 'PUSAT'"),
        }
    }
}

/// The rows of the four movement queries below `scope` from `start` to `end`.
pub(super) async fn movements<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Records, DbErr> {
    let grain = Grain::of(scope);
    // The closings of the day before the first: one index seek per holder and item.
    let before = start.pred_opt().unwrap_or(start);
    let opening = crate::store::stock::on_hand(db, scope, before)
        .await?
        .into_iter()
        .map(|((holder, item), total)| (holder, item, total))
        .collect();
    // Each holder's days in the window, read along its (holder, item, day) key.
    let mut v = vec![start.into(), end.into()];
    let f = and_subtree("b.region_code", scope, &mut v);
    let (key, keep) = (grain.key("d.region_code"), grain.keep("d.region_code"));
    let sql = format!(
        "SELECT {key} AS region_code, d.item_code AS item_code, d.day AS day, CAST(SUM(d.net) AS BIGINT) AS net, \
           CAST(SUM(d.used) AS BIGINT) AS used \
         {DAYS_BETWEEN}{f}{keep} GROUP BY {key}, d.item_code, d.day"
    );
    let days = rows(db, &sql, v, |r| {
        let Some((holder, item)) = holder_item(r)? else { return Ok(None) };
        Ok(Some((holder, item, r.try_get("", "day")?, r.try_get::<i64>("", "net")?, r.try_get::<i64>("", "used")?)))
    })
    .await?;
    let backlog = match grain {
        Grain::Holder => {
            let mut v = vec![start.into(), end.into()];
            let f = and_subtree("region_code", scope, &mut v);
            let sql = format!(
                "SELECT region_code, snapshot_date, prr FROM backlog_snapshots \
                 WHERE snapshot_date >= ? AND snapshot_date <= ?{f}"
            );
            rows(db, &sql, v, |r| Ok(Some((holder(r)?, r.try_get("", "snapshot_date")?, r.try_get("", "prr")?))))
                .await?
        }
        // Kept pooled per kabupaten/kota at write time (`store::totals`).
        Grain::Kabkota => crate::store::totals::backlog_pools(db, scope, start, end).await?,
    };
    Ok(Records {
        start,
        end,
        opening,
        days,
        shipments: inbound(db, scope, end, grain).await?,
        outages: per_day(db, "outages", "outage_date", "hours", scope, start, end).await?,
        backlog,
        not_shipped: Vec::new(),
    })
}

/// Shipments to any holder below `scope`, dispatched by `end`; pooled per kabupaten/kota, only
/// those from outside the receiver's kabupaten/kota (the rest stays inside its unit).
async fn inbound<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    end: NaiveDate,
    grain: Grain,
) -> Result<Vec<Shipment>, DbErr> {
    let mut v = vec![end.into()];
    let f = and_subtree("to_region", scope, &mut v);
    let outside = match grain {
        Grain::Holder => String::new(),
        Grain::Kabkota => format!(
            "{} AND NOT ({} = {}{})",
            grain.keep("to_region"),
            grain.key("from_region"),
            grain.key("to_region"),
            grain.keep("from_region")
        ),
    };
    let sql = format!(
        "SELECT from_region, to_region, item_code, quantity, shipped_on, received_on, received_quantity, damaged_quantity, \
         reference FROM shipments WHERE shipped_on <= ?{f}{outside}"
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

/// One value per holder and day from a table of daily office records (outages).
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
    let (allocated, shipped) = crate::store::totals::central_at(db, scope, end).await?;
    Ok(allocated
        .into_iter()
        .map(|((region, item), allocated)| {
            let shipped = shipped.get(&(region.clone(), item)).copied().unwrap_or(0);
            (region, item, allocated.saturating_sub(shipped).max(0))
        })
        .collect())
}
