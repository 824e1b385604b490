//! The queries behind a forecast, each over the subtree of one scope and answered per holder:
//! the opening balances and daily figures of the maintained stock book (`stock_days`, only the
//! window asked for), inbound shipments, outages, backlog snapshots and allocations not yet
//! shipped. Pooling the holders into units happens afterwards, in memory (`super::Pool`), so one
//! set of rows can be pooled into several sets of units; below a province or the nation, whose
//! units are always the kabupaten/kota, the database pools the daily rows first (`Grain`).

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, QueryResult, Value};

use crate::domain::forecast::RECENT_SHIPMENTS as RECENT;
use crate::domain::item::Item;
use crate::domain::region::{Level, RegionCode};
use crate::store::sql::{and_subtree, in_a_kabkota, kabkota_of, packed, query_all, string_agg, string_agg_by};
use crate::store::stock::DAYS_BETWEEN;

/// A holder's (or kabupaten/kota's) days of one item: each day's net change and cards consumed.
pub(super) type Days = (RegionCode, Item, Vec<(NaiveDate, i64, i64)>);

/// The rows of every query below one scope, per holder (below a province or the nation, per
/// kabupaten/kota: see `Grain`), in the order the database gave them.
pub struct Records {
    /// The first and last days asked for.
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    /// Closing balance of each holder and item the day before the first day.
    pub(super) opening: Vec<(RegionCode, Item, i64)>,
    /// Net change and cards consumed of each holder, item and day.
    pub(super) days: Vec<Days>,
    /// Every shipment read (below a province or the nation for a forecast, only those not
    /// received by the last day: the received ones come as `lead_time_pairs`).
    pub(super) shipments: Vec<Shipment>,
    /// (receiver, dispatched, received) of the received shipments a lead time reads, when they
    /// are not among `shipments`.
    pub(super) lead_time_pairs: Vec<(RegionCode, NaiveDate, NaiveDate)>,
    pub(super) outages: Vec<(RegionCode, NaiveDate, f64)>,
    pub(super) backlog: Vec<(RegionCode, NaiveDate, i64)>,
    /// Allocated to a region and not yet shipped from PUSAT, per region and item (empty for a
    /// backtest, which does not look at allocations).
    pub(super) not_shipped: Vec<(RegionCode, Item, i64)>,
}

/// The days of one holder (or kabupaten/kota) and item as listed by the days query: three
/// comma-separated lists of the same length (days, net changes, cards used), in the same order.
fn unpack_days(
    unit: &RegionCode,
    item: Item,
    days: &str,
    nets: &str,
    used: &str,
) -> Result<Vec<(NaiveDate, i64, i64)>, DbErr> {
    let bad = || DbErr::Custom(format!("data tersimpan rusak: hari {unit} {}", item.as_str()));
    let (mut days, mut nets, mut used) = (days.split(','), nets.split(','), used.split(','));
    let mut out = Vec::new();
    loop {
        match (days.next(), nets.next(), used.next()) {
            (Some(day), Some(net), Some(u)) => out.push((
                day.parse::<NaiveDate>().map_err(|_| bad())?,
                net.parse().map_err(|_| bad())?,
                u.parse().map_err(|_| bad())?,
            )),
            (None, None, None) => return Ok(out),
            _ => return Err(bad()),
        }
    }
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
            Grain::Kabkota => kabkota_of(column),
        }
    }

    /// ` AND …` keeping the shipments into a unit from outside it (per holder, every one: a holder
    /// is pooled into several units, so that is decided in memory).
    fn inbound_only(self) -> String {
        self.inbound_between("from_region", "to_region")
    }

    /// [`Self::inbound_only`] with the sender and receiver columns named. Its `NOT (…)` term is
    /// the condition of the partial index `idx_shipments_inbound`
    /// (`migration::INBOUND_FROM_OUTSIDE`), written the same way so the database uses it.
    fn inbound_between(self, from: &str, to: &str) -> String {
        match self {
            Grain::Holder => String::new(),
            Grain::Kabkota => {
                format!("{} AND NOT ({} = {}{})", self.keep(to), self.key(from), self.key(to), self.keep(from))
            }
        }
    }

    /// ` AND …` keeping the rows of a region-code column that belong to some unit.
    fn keep(self, column: &str) -> String {
        match self {
            Grain::Holder => String::new(),
            Grain::Kabkota => format!(" AND {}", in_a_kabkota(column)),
        }
    }
}

/// Which received shipments a read needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Receipts {
    /// Every one (a backtest replays them all).
    All,
    /// Those a forecast's lead time reads (`domain::forecast::typical_lead_time`): the most recent.
    LeadTime,
}

/// The rows of the four movement queries below `scope` from `start` to `end`.
#[tracing::instrument(level = "debug", skip_all)]
pub(super) async fn movements<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    start: NaiveDate,
    end: NaiveDate,
    receipts: Receipts,
) -> Result<Records, DbErr> {
    let grain = Grain::of(scope);
    // The closings of the day before the first: one index seek per holder and item.
    let before = start.pred_opt().unwrap_or(start);
    let opening = async {
        match grain {
            Grain::Holder => crate::store::stock::on_hand(db, scope, before).await,
            Grain::Kabkota => crate::store::stock::on_hand_per_kabkota(db, scope, before).await,
        }
    };
    // Kept pooled per kabupaten/kota at write time (`store::totals`).
    let backlog = async {
        match grain {
            Grain::Holder => crate::store::totals::backlog_per_office(db, scope, start, end).await,
            Grain::Kabkota => crate::store::totals::backlog_pools(db, scope, start, end).await,
        }
    };
    let lead_time_pairs = async {
        if grain == Grain::Kabkota && receipts == Receipts::LeadTime {
            lead_time_pairs(db, scope, end).await
        } else {
            Ok(Vec::new())
        }
    };
    // The six reads are apart: on a pool each runs on its own connection at the same time (on
    // PostgreSQL the nation's took 0.48 s one after another, its longest 0.23 s); in a
    // transaction they take turns on its one connection.
    let (opening, days, backlog, shipments, lead_time_pairs, outages) = tokio::try_join!(
        opening,
        days(db, scope, start, end, grain),
        backlog,
        inbound(db, scope, end, grain, receipts),
        lead_time_pairs,
        per_day(db, "outages", "outage_date", "hours", scope, start, end),
    )?;
    let opening = opening.into_iter().map(|((holder, item), total)| (holder, item, total)).collect();
    Ok(Records { start, end, opening, days, shipments, lead_time_pairs, outages, backlog, not_shipped: Vec::new() })
}

/// Net change and cards used of each holder (or, `Grain::Kabkota`, kabupaten/kota), item and day
/// from `start` to `end`.
#[tracing::instrument(level = "debug", skip_all)]
async fn days<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    start: NaiveDate,
    end: NaiveDate,
    grain: Grain,
) -> Result<Vec<Days>, DbErr> {
    // One list per column, per holder (or kabupaten/kota) and item: appending a value to a list
    // costs the database far less than joining four values into one text per day first, and
    // far less than handing over a row per day. The three lists of one group are filled from the
    // same rows in the same order.
    let list = |column: &str| string_agg(db.get_database_backend(), &format!("CAST(d.{column} AS TEXT)"));
    let (day_list, net_list, used_list) = (list("day"), list("net"), list("used"));
    let lists = format!("{day_list} AS days, {net_list} AS nets, {used_list} AS used");
    let mut v: Vec<Value> = vec![start.into(), end.into()];
    let sql = match grain {
        // Each holder's days in the window, read along its (holder, item, day) key.
        Grain::Holder => {
            let f = and_subtree("b.region_code", scope, &mut v);
            format!(
                "SELECT b.region_code AS region_code, b.item_code AS item_code, {lists} {DAYS_BETWEEN}{f} \
                 GROUP BY b.region_code, b.item_code"
            )
        }
        // Kept pooled per kabupaten/kota (`kabkota_days`): each one's days along its key.
        Grain::Kabkota => {
            let f = and_subtree("r.code", scope, &mut v);
            let items = Item::ALL.map(|i| format!("'{}'", i.as_str())).join(", ");
            format!(
                "SELECT r.code AS region_code, d.item_code AS item_code, {lists} FROM regions r CROSS JOIN kabkota_days d \
                 WHERE LENGTH(r.code) = 5 AND d.kabkota = r.code AND d.item_code IN ({items}) \
                 AND d.day >= ? AND d.day <= ?{f} GROUP BY r.code, d.item_code"
            )
        }
    };
    let mut days = Vec::new();
    for r in query_all(db, &sql, v).await? {
        let Some((unit, item)) = holder_item(&r)? else { continue };
        let (listed, nets, used): (String, String, String) =
            (r.try_get("", "days")?, r.try_get("", "nets")?, r.try_get("", "used")?);
        let listed = unpack_days(&unit, item, &listed, &nets, &used)?;
        days.push((unit, item, listed));
    }
    Ok(days)
}

/// Shipments to any holder below `scope`, dispatched by `end`; pooled per kabupaten/kota, only
/// those from outside the receiver's kabupaten/kota (the rest stays inside its unit). Those still
/// on the road at `end` come as rows, with their delivery-note numbers (free text); those received
/// by then are packed into one text without them (nothing reads a received one's number), as a
/// row costs SQLite more to fetch than its text.
#[tracing::instrument(level = "debug", skip_all)]
async fn inbound<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    end: NaiveDate,
    grain: Grain,
    receipts: Receipts,
) -> Result<Vec<Shipment>, DbErr> {
    let mut out = in_transit(db, scope, end, grain).await?;
    // Below a province or the nation the received ones come apart, as lead-time pairs.
    if grain == Grain::Kabkota && receipts == Receipts::LeadTime {
        return Ok(out);
    }
    let mut v = vec![end.into(), end.into()];
    let f = and_subtree("to_region", scope, &mut v);
    let outside = grain.inbound_only();
    let received = string_agg(
        db.get_database_backend(),
        "from_region || ' ' || to_region || ' ' || item_code || ' ' || CAST(quantity AS TEXT) || ' ' || \
         CAST(COALESCE(received_quantity, 0) - COALESCE(damaged_quantity, 0) AS TEXT) || ' ' || \
         CAST(shipped_on AS TEXT) || ' ' || CAST(received_on AS TEXT)",
    );
    let sql =
        format!("SELECT {received} AS packed FROM shipments WHERE received_on <= ? AND shipped_on <= ?{f}{outside}");
    for line in packed(db, &sql, v).await?.split(',').filter(|l| !l.is_empty()) {
        let bad = || DbErr::Custom(format!("data tersimpan rusak: pengiriman '{line}'"));
        let f: Vec<&str> = line.split(' ').collect();
        let [from, to, item, quantity, arrived, shipped_on, received_on] = f[..] else { return Err(bad()) };
        let Ok(item) = Item::parse(item) else { continue };
        out.push(Shipment {
            from: RegionCode::from_trusted(from.to_string()),
            to: RegionCode::from_trusted(to.to_string()),
            item,
            quantity: quantity.parse().map_err(|_| bad())?,
            arrived: arrived.parse().map_err(|_| bad())?,
            shipped_on: shipped_on.parse().map_err(|_| bad())?,
            received_on: Some(received_on.parse().map_err(|_| bad())?),
            reference: String::new(),
        });
    }
    Ok(out)
}

/// The shipments of [`inbound`] dispatched by `end` and not received by then: those not received
/// at all (along the partial index of open shipments) and those received after `end` (along the
/// index of receipt days), each a short range.
async fn in_transit<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    end: NaiveDate,
    grain: Grain,
) -> Result<Vec<Shipment>, DbErr> {
    let outside = grain.inbound_only();
    let columns = "from_region, to_region, item_code, quantity, shipped_on, reference";
    let mut v = vec![end.into()];
    let open = and_subtree("to_region", scope, &mut v);
    v.extend([end.into(), end.into()]);
    let later = and_subtree("to_region", scope, &mut v);
    let sql = format!(
        "SELECT {columns} FROM shipments WHERE received_on IS NULL AND shipped_on <= ?{open}{outside} \
         UNION ALL SELECT {columns} FROM shipments WHERE received_on > ? AND shipped_on <= ?{later}{outside}"
    );
    let mut out = rows(db, &sql, v, |r| {
        let Ok(item) = Item::parse(&r.try_get::<String>("", "item_code")?) else { return Ok(None) };
        let quantity: i64 = r.try_get("", "quantity")?;
        Ok(Some(Shipment {
            from: RegionCode::from_trusted(r.try_get("", "from_region")?),
            to: RegionCode::from_trusted(r.try_get("", "to_region")?),
            item,
            quantity,
            arrived: quantity,
            shipped_on: r.try_get("", "shipped_on")?,
            received_on: None,
            reference: r.try_get("", "reference")?,
        }))
    })
    .await?;
    // Per receiver in dispatch order, as its index keeps them (ties by delivery note): the
    // forecast takes shipments due the same day in this order.
    out.sort_by(|a, b| (&a.to, a.shipped_on, &a.reference).cmp(&(&b.to, b.shipped_on, &b.reference)));
    Ok(out)
}

/// The (dispatched, received) pairs a lead time reads of the shipments into each receiver below
/// `scope` received by `end`, from outside its kabupaten/kota: its `RECENT` most recent that
/// arrived after their dispatch (a kabupaten/kota's most recent are among its receivers'), packed
/// into one row per receiver. SQLite seeks each region's own along the (receiver, dispatch day)
/// index, newest first, and stops after `RECENT` (a quarter of the time of numbering every
/// shipment); PostgreSQL numbers them in one partitioned sort, which it does faster than the
/// 7,800 seeks.
#[tracing::instrument(level = "debug", skip_all)]
async fn lead_time_pairs<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    end: NaiveDate,
) -> Result<Vec<(RegionCode, NaiveDate, NaiveDate)>, DbErr> {
    let mut v = vec![end.into(), end.into()];
    let backend = db.get_database_backend();
    let pairs = string_agg(backend, "CAST(shipped_on AS TEXT) || ' ' || CAST(received_on AS TEXT)");
    let received = "s.shipped_on <= ? AND s.received_on <= ? AND s.received_on >= s.shipped_on";
    let outside = Grain::Kabkota.inbound_between("s.from_region", "s.to_region");
    // One text for all receivers, `receiver=pairs` joined by ';' (a receiver with no pair is NULL
    // and left out by the aggregate). On SQLite the per-receiver subquery stands once in the
    // statement: a filter on its result in an outer query had SQLite run it twice per region.
    let receivers = |code: &str, pairs: &str| string_agg_by(backend, &format!("{code} || '=' || {pairs}"), ';');
    let sql = if backend == DatabaseBackend::Postgres {
        let f = and_subtree("s.to_region", scope, &mut v);
        format!(
            "SELECT {all} AS packed FROM (SELECT to_region AS region_code, {pairs} AS pairs FROM (\
               SELECT s.to_region, s.shipped_on, s.received_on, ROW_NUMBER() OVER (PARTITION BY s.to_region \
               ORDER BY s.shipped_on DESC, s.received_on DESC) AS n FROM shipments s WHERE {received}{f}{outside}\
             ) t WHERE n <= {RECENT} GROUP BY to_region) p",
            all = receivers("region_code", "pairs"),
        )
    } else {
        let f = and_subtree("r.code", scope, &mut v);
        let recent = format!(
            "(SELECT {pairs} FROM (SELECT s.shipped_on, s.received_on FROM shipments s \
             WHERE s.to_region = r.code AND {received}{outside} \
             ORDER BY s.shipped_on DESC, s.received_on DESC LIMIT {RECENT}) t)"
        );
        format!(
            "SELECT {all} AS packed FROM regions r WHERE {kept}{f}",
            all = receivers("r.code", &recent),
            kept = in_a_kabkota("r.code"),
        )
    };
    let mut out = Vec::new();
    for receiver in packed(db, &sql, v).await?.split(';').filter(|r| !r.is_empty()) {
        let bad = || DbErr::Custom(format!("data tersimpan rusak: pengiriman '{receiver}'"));
        let (to, pairs) = receiver.split_once('=').ok_or_else(bad)?;
        let to = RegionCode::from_trusted(to.to_string());
        for pair in pairs.split(',') {
            let (shipped, received) = pair.split_once(' ').ok_or_else(bad)?;
            out.push((to.clone(), shipped.parse().map_err(|_| bad())?, received.parse().map_err(|_| bad())?));
        }
    }
    Ok(out)
}

/// One value per holder and day from a table of daily office records (outages).
#[tracing::instrument(level = "debug", skip_all)]
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
#[tracing::instrument(level = "debug", skip_all)]
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

#[cfg(test)]
mod tests {
    use super::{Grain, unpack_days};
    use crate::domain::item::Item;
    use crate::domain::region::RegionCode;

    /// Below a province or the nation, inbound shipments are read through the partial index whose
    /// condition the queries repeat: SQLite uses such an index only when the query holds its term.
    #[test]
    fn inbound_reads_repeat_the_partial_index_condition() {
        assert!(Grain::Kabkota.inbound_only().contains(migration::INBOUND_FROM_OUTSIDE));
        assert_eq!(Grain::Holder.inbound_only(), "");
    }

    /// The three lists of a kabupaten/kota and item zip into days; lists of different lengths or
    /// an unreadable value are stored data gone wrong, never days dropped or invented.
    #[test]
    fn the_day_lists_zip_or_fail_whole() {
        let kab = RegionCode::parse("32.16").unwrap();
        let out = unpack_days(&kab, Item::Blanko, "2022-10-03,2022-10-04", "-20,500", "20,0").unwrap();
        let read: Vec<(String, i64, i64)> = out.iter().map(|d| (d.0.to_string(), d.1, d.2)).collect();
        assert_eq!(read, [("2022-10-03".into(), -20, 20), ("2022-10-04".into(), 500, 0)]);
        for (days, nets, used) in [("2022-10-03,2022-10-04", "-20", "20,0"), ("2022-10-03", "x", "20")] {
            let err = unpack_days(&kab, Item::Blanko, days, nets, used).unwrap_err();
            assert!(err.to_string().contains("data tersimpan rusak: hari 32.16 blanko"), "{err}");
        }
    }
}
