//! Writing ledger entries: refuse any that would make a balance negative on any day, append them,
//! and move the maintained figures in the same transaction: the balance per holder and item
//! (`stock_balances`), the net change, cards used and closing balance per holder, item and
//! day with entries (`stock_days`), and the same net change and cards used pooled per
//! kabupaten/kota (`kabkota_days`). Reads of a balance at a date are index seeks in `stock_days`.
//!
//! The SQL `SUM`s here cannot overflow: every record holds at most `Quantity::MAX` (10^9, SPEC
//! §10), so a sum would need some 9·10^9 rows to reach `i64::MAX`.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use super::sql::{bulk_insert, bulk_upsert, stmt};
use crate::domain::item::Item;
use crate::domain::ledger::{EntryKind, NewEntry};
use crate::domain::region::RegionCode;

/// Moves the cached balance of each holder by its change (creating the row if needed): one
/// statement for all of them. Writers to one holder are serialized by the holder locks every write
/// takes first (`store::locks`), so the row needs no lock of its own.
pub async fn add_to_balances<C: ConnectionTrait>(db: &C, changes: &[(&RegionCode, Item, i64)]) -> Result<(), DbErr> {
    let rows =
        changes.iter().map(|(r, i, change)| vec![r.as_str().into(), i.as_str().into(), (*change).into()]).collect();
    bulk_upsert(
        db,
        "stock_balances",
        &["region_code", "item_code", "on_hand"],
        rows,
        " ON CONFLICT (region_code, item_code) DO UPDATE SET on_hand = stock_balances.on_hand + excluded.on_hand",
    )
    .await?;
    Ok(())
}

/// Balance of a holder at the end of the day before `date`: the closing of its last day with
/// entries before `date` (one index seek in `stock_days`). Exact once the holder's closings are
/// settled (`settle`), as they are outside a write and for days before a write's first entry.
pub async fn balance_before<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    item: Item,
    date: NaiveDate,
) -> Result<i64, DbErr> {
    closing(db, "day < ?", region, item, date).await
}

/// Balance of a holder at the end of `date` (see [`balance_before`]).
pub async fn balance_at<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    item: Item,
    date: NaiveDate,
) -> Result<i64, DbErr> {
    closing(db, "day <= ?", region, item, date).await
}

async fn closing<C: ConnectionTrait>(
    db: &C,
    cond: &str,
    region: &RegionCode,
    item: Item,
    date: NaiveDate,
) -> Result<i64, DbErr> {
    Ok(last_closing(db, Some((cond, date)), region, item).await?.map_or(0, |(_, closing)| closing))
}

/// The last day with entries of a holder and its closing balance (one index seek in
/// `stock_days`); `None` for a holder without entries.
pub async fn last_day<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    item: Item,
) -> Result<Option<(NaiveDate, i64)>, DbErr> {
    last_closing(db, None, region, item).await
}

/// The last day of a holder, among those meeting `until` (a condition on `day` and its date) if
/// given, with its closing balance.
async fn last_closing<C: ConnectionTrait>(
    db: &C,
    until: Option<(&str, NaiveDate)>,
    region: &RegionCode,
    item: Item,
) -> Result<Option<(NaiveDate, i64)>, DbErr> {
    let mut values = vec![region.as_str().into(), item.as_str().into()];
    let cond = until.map_or(String::new(), |(cond, date)| {
        values.push(date.into());
        format!(" AND {cond}")
    });
    let sql = format!(
        "SELECT day, closing FROM stock_days WHERE region_code = ? AND item_code = ?{cond} ORDER BY day DESC LIMIT 1"
    );
    let row = db.query_one(stmt(db.get_database_backend(), &sql, values)).await?;
    row.map(|r| Ok((r.try_get::<NaiveDate>("", "day")?, r.try_get::<i64>("", "closing")?))).transpose()
}

/// Net change per day of a holder from `date` on (the days with entries, new ones included).
pub async fn daily_changes_from<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    item: Item,
    date: NaiveDate,
) -> Result<Vec<(NaiveDate, i64)>, DbErr> {
    let rows = db
        .query_all(stmt(
            db.get_database_backend(),
            "SELECT day, net FROM stock_days WHERE region_code = ? AND item_code = ? AND day >= ?",
            vec![region.as_str().into(), item.as_str().into(), date.into()],
        ))
        .await?;
    rows.iter().map(|r| Ok((r.try_get::<NaiveDate>("", "day")?, r.try_get::<i64>("", "net")?))).collect()
}

/// Recomputes the closing balances of a holder from `from` on, after entries dated `from` or
/// later were added: the closing before `from` plus the running net change.
pub async fn settle<C: ConnectionTrait>(db: &C, region: &RegionCode, item: Item, from: NaiveDate) -> Result<(), DbErr> {
    let opening = balance_before(db, region, item, from).await?;
    settle_from(db, region, item, from, opening).await
}

/// `settle` with the closing before `from` already known (`balance_before`, read under the
/// holder's lock in the same transaction). One statement, reading and touching only the days from
/// `from` on, and writing only those whose closing moved.
pub async fn settle_from<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    item: Item,
    from: NaiveDate,
    opening: i64,
) -> Result<(), DbErr> {
    let (r, i) = (region.as_str(), item.as_str());
    db.execute(stmt(
        db.get_database_backend(),
        "UPDATE stock_days SET closing = w.closing FROM (\
           SELECT day, CAST(? + SUM(net) OVER (ORDER BY day) AS BIGINT) AS closing FROM stock_days \
           WHERE region_code = ? AND item_code = ? AND day >= ?\
         ) w WHERE stock_days.region_code = ? AND stock_days.item_code = ? AND stock_days.day >= ? \
           AND stock_days.day = w.day AND stock_days.closing <> w.closing",
        vec![opening.into(), r.into(), i.into(), from.into(), r.into(), i.into(), from.into()],
    ))
    .await?;
    Ok(())
}

/// Cards a ledger entry used up (printed or spoiled), for the forecast's consumption.
fn used(e: &NewEntry) -> i64 {
    match e.kind {
        EntryKind::Print | EntryKind::Spoilage => -e.quantity,
        _ => 0,
    }
}

/// Appends `entries` to the ledger and adds them to the net change and cards used of their days
/// in `stock_days`. Each day's closing balance is what `closing` says, given the holder, item, day
/// and the day's net change (days in order per holder and item); where it says `None`, the
/// holder's closings are for `settle` to move and 0 is stored for now.
pub async fn insert_entries<C: ConnectionTrait>(
    db: &C,
    entries: &[NewEntry],
    actor: &str,
    upload_id: Option<i64>,
    mut closing: impl FnMut(&RegionCode, Item, NaiveDate, i64) -> Option<i64>,
) -> Result<(), DbErr> {
    let now = Utc::now();
    let rows = entries.iter().map(|e| {
        vec![
            e.date.into(),
            e.region.as_str().into(),
            e.item.as_str().into(),
            e.quantity.into(),
            e.kind.as_str().into(),
            e.reference.as_str().into(),
            actor.into(),
            upload_id.into(),
            now.into(),
        ]
    });
    let rows: Vec<Vec<sea_orm::Value>> = rows.collect();
    bulk_insert(db, "ledger_entries", &ENTRY_COLUMNS, rows).await?;

    // One row per day: a multi-row upsert may not touch the same row twice (PostgreSQL).
    let mut days: BTreeMap<(&RegionCode, Item, NaiveDate), (i64, i64)> = BTreeMap::new();
    let mut pooled: BTreeMap<(RegionCode, Item, NaiveDate), (i64, i64)> = BTreeMap::new();
    for e in entries {
        let day = days.entry((&e.region, e.item, e.date)).or_default();
        day.0 += e.quantity;
        day.1 += used(e);
        if let Some(kabkota) = e.region.kabkota() {
            let day = pooled.entry((kabkota, e.item, e.date)).or_default();
            day.0 += e.quantity;
            day.1 += used(e);
        }
    }
    let pooled = pooled
        .into_iter()
        .map(|((k, item, date), (net, used))| {
            vec![k.as_str().into(), item.as_str().into(), date.into(), net.into(), used.into()]
        })
        .collect();
    let rows = days
        .into_iter()
        .map(|((region, item, date), (net, used))| {
            let close = closing(region, item, date, net).unwrap_or(0);
            vec![region.as_str().into(), item.as_str().into(), date.into(), net.into(), used.into(), close.into()]
        })
        .collect();
    bulk_upsert(
        db,
        "stock_days",
        &["region_code", "item_code", "day", "net", "used", "closing"],
        rows,
        " ON CONFLICT (region_code, item_code, day) DO UPDATE SET net = stock_days.net + excluded.net, \
         used = stock_days.used + excluded.used, closing = excluded.closing",
    )
    .await?;
    // The same days pooled per kabupaten/kota, for the forecasts of provinces and the nation.
    bulk_upsert(
        db,
        "kabkota_days",
        &["kabkota", "item_code", "day", "net", "used"],
        pooled,
        " ON CONFLICT (kabkota, item_code, day) DO UPDATE SET net = kabkota_days.net + excluded.net, \
         used = kabkota_days.used + excluded.used",
    )
    .await?;
    Ok(())
}

/// Columns of `ledger_entries` written by `insert_entries`.
const ENTRY_COLUMNS: [&str; 9] =
    ["entry_date", "region_code", "item_code", "quantity", "kind", "reference", "actor", "upload_id", "created_at"];

/// One line of a stock card.
#[derive(Debug, Clone)]
pub struct CardLine {
    pub id: i64,
    pub date: NaiveDate,
    pub kind: EntryKind,
    pub quantity: i64,
    pub reference: String,
    pub actor: String,
    pub upload_id: Option<i64>,
}

/// The entries of one holder and item between two dates (inclusive), in booking order.
pub async fn card_lines<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    item: Item,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<CardLine>, DbErr> {
    let rows = db
        .query_all(stmt(
            db.get_database_backend(),
            "SELECT id, entry_date, kind, quantity, reference, actor, upload_id FROM ledger_entries \
             WHERE region_code = ? AND item_code = ? AND entry_date >= ? AND entry_date <= ? ORDER BY entry_date, id",
            vec![region.as_str().into(), item.as_str().into(), from.into(), to.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("", "kind")?;
            Ok(CardLine {
                id: r.try_get("", "id")?,
                date: r.try_get("", "entry_date")?,
                kind: EntryKind::parse(&kind).ok_or_else(|| DbErr::Custom(format!("unknown entry kind {kind}")))?,
                quantity: r.try_get("", "quantity")?,
                reference: r.try_get("", "reference")?,
                actor: r.try_get("", "actor")?,
                upload_id: r.try_get("", "upload_id")?,
            })
        })
        .collect()
}
