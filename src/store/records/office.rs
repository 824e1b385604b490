//! `Table` for the daily records of an office: prints, backlog, stock counts, outages.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::{DatabaseTransaction, Value};

use super::{Lookup, Probe, Stored, Table, corrupt, region};
use crate::domain::csv_import::{BacklogRow, Hours, OutageRow, PrintRow, StockCountRow};
use crate::domain::item::Item;
use crate::domain::quantity::Quantity;
use crate::domain::region::RegionCode;
use crate::store::StoreError;
use crate::store::entities::{backlog_snapshots, daily_prints, outages, stock_counts};
use crate::store::sql::bulk_upsert;
use crate::store::totals;

impl Table for PrintRow {
    type Entity = daily_prints::Entity;
    const TABLE: &'static str = "daily_prints";
    const COLUMNS: &'static [&'static str] =
        &["print_date", "region_code", "item_code", "printed", "spoiled", "actor", "upload_id", "created_at"];

    fn lookup() -> Lookup<daily_prints::Column> {
        use daily_prints::Column as C;
        Lookup::Day { region: C::RegionCode, item: Some(C::ItemCode), date: C::PrintDate }
    }
    fn probe(&self) -> Probe<'_> {
        Probe::Day { region: &self.region, item: self.item, date: self.date }
    }
    fn decode(m: daily_prints::Model) -> Result<(i64, Self), StoreError> {
        let s = Stored { table: Self::TABLE, id: m.id };
        let row = PrintRow {
            line: 0,
            date: m.print_date,
            item: s.item(&m.item_code)?,
            region: region(m.region_code),
            printed: s.quantity(m.printed)?,
            spoiled: s.quantity(m.spoiled)?,
        };
        Ok((m.id, row))
    }
    fn keep_latest(rows: &[Self], latest: &mut Latest) {
        for r in rows {
            let kept = latest.prints.entry((r.region.clone(), r.item)).or_insert(r.date);
            *kept = (*kept).max(r.date);
        }
    }
    fn encode(&self, _book: Option<i64>, _actor: &str) -> Vec<Value> {
        vec![
            self.date.into(),
            self.region.as_str().into(),
            self.item.as_str().into(),
            self.printed.get().into(),
            self.spoiled.get().into(),
        ]
    }
}

impl Table for BacklogRow {
    type Entity = backlog_snapshots::Entity;
    const TABLE: &'static str = "backlog_snapshots";
    const COLUMNS: &'static [&'static str] =
        &["snapshot_date", "region_code", "prr", "recorded", "suket", "actor", "upload_id", "created_at"];

    fn lookup() -> Lookup<backlog_snapshots::Column> {
        use backlog_snapshots::Column as C;
        Lookup::Day { region: C::RegionCode, item: None, date: C::SnapshotDate }
    }
    fn probe(&self) -> Probe<'_> {
        Probe::Day { region: &self.region, item: Item::Blanko, date: self.date }
    }
    fn decode(m: backlog_snapshots::Model) -> Result<(i64, Self), StoreError> {
        let s = Stored { table: Self::TABLE, id: m.id };
        let row = BacklogRow {
            line: 0,
            date: m.snapshot_date,
            region: region(m.region_code),
            prr: s.quantity(m.prr)?,
            recorded: s.optional(m.recorded)?,
            suket: s.optional(m.suket)?,
        };
        Ok((m.id, row))
    }
    async fn after_insert(db: &DatabaseTransaction, rows: &[Self]) -> Result<(), StoreError> {
        totals::add_backlog_pools(db, rows.iter().map(|r| (&r.region, r.date, r.prr.get()))).await?;
        Ok(())
    }
    fn keep_latest(rows: &[Self], latest: &mut Latest) {
        for r in rows {
            match latest.backlog.get(&r.region) {
                Some(kept) if kept.date >= r.date => {}
                _ => {
                    latest.backlog.insert(r.region.clone(), r.clone());
                }
            }
        }
    }
    fn encode(&self, _book: Option<i64>, _actor: &str) -> Vec<Value> {
        vec![
            self.date.into(),
            self.region.as_str().into(),
            self.prr.get().into(),
            self.recorded.map(Quantity::get).into(),
            self.suket.map(Quantity::get).into(),
        ]
    }
}

impl Table for StockCountRow {
    type Entity = stock_counts::Entity;
    const TABLE: &'static str = "stock_counts";
    const COLUMNS: &'static [&'static str] =
        &["count_date", "region_code", "item_code", "counted", "book", "note", "actor", "upload_id", "created_at"];

    fn lookup() -> Lookup<stock_counts::Column> {
        use stock_counts::Column as C;
        Lookup::Day { region: C::RegionCode, item: Some(C::ItemCode), date: C::CountDate }
    }
    fn probe(&self) -> Probe<'_> {
        Probe::Day { region: &self.region, item: self.item, date: self.date }
    }
    fn decode(m: stock_counts::Model) -> Result<(i64, Self), StoreError> {
        let s = Stored { table: Self::TABLE, id: m.id };
        let row = StockCountRow {
            line: 0,
            date: m.count_date,
            region: region(m.region_code),
            item: s.item(&m.item_code)?,
            counted: s.quantity(m.counted)?,
            note: m.note,
        };
        Ok((m.id, row))
    }
    fn encode(&self, book: Option<i64>, _actor: &str) -> Vec<Value> {
        vec![
            self.date.into(),
            self.region.as_str().into(),
            self.item.as_str().into(),
            self.counted.get().into(),
            book.unwrap_or_default().into(),
            self.note.clone().into(),
        ]
    }
}

impl Table for OutageRow {
    type Entity = outages::Entity;
    const TABLE: &'static str = "outages";
    const COLUMNS: &'static [&'static str] =
        &["outage_date", "region_code", "hours", "cause", "actor", "upload_id", "created_at"];

    fn lookup() -> Lookup<outages::Column> {
        use outages::Column as C;
        Lookup::Day { region: C::RegionCode, item: None, date: C::OutageDate }
    }
    fn probe(&self) -> Probe<'_> {
        Probe::Day { region: &self.region, item: Item::Blanko, date: self.date }
    }
    fn decode(m: outages::Model) -> Result<(i64, Self), StoreError> {
        // Written as hundredths / 100; anything off that grid was not written by blanko.
        let hundredths = (m.hours * 100.0).round();
        let hours = (0.0..=f64::from(u16::MAX))
            .contains(&hundredths)
            .then(|| Hours::from_hundredths(hundredths as u16))
            .flatten()
            .filter(|h| (h.as_f64() - m.hours).abs() < 1e-9)
            .ok_or_else(|| corrupt(Self::TABLE, m.id, format!("jam {}", m.hours)))?;
        let row = OutageRow { line: 0, date: m.outage_date, region: region(m.region_code), hours, cause: m.cause };
        Ok((m.id, row))
    }
    fn encode(&self, _book: Option<i64>, _actor: &str) -> Vec<Value> {
        vec![self.date.into(), self.region.as_str().into(), self.hours.as_f64().into(), self.cause.clone().into()]
    }
}

/// The newest backlog snapshot per office, and the last day of prints per office and item, among
/// the records one upload (or one single record) writes, moved into `backlog_latest` and
/// `print_latest` once, at the end of its transaction ([`write_latest`]): an upload of a year of
/// weekly snapshots or daily prints replaces each office's row once instead of once per batch (on
/// PostgreSQL every replacement inside one transaction leaves a dead row version: a national
/// upload left `backlog_latest` 74 MB for its 7,285 rows, and moving `print_latest` per batch
/// took 7.7 s of a million-row prints upload).
#[derive(Default)]
pub struct Latest {
    backlog: BTreeMap<RegionCode, BacklogRow>,
    prints: BTreeMap<(RegionCode, Item), NaiveDate>,
}

/// Moves `latest` into `backlog_latest` and `print_latest`; a later stored day keeps its place.
pub async fn write_latest(db: &DatabaseTransaction, latest: &Latest) -> Result<(), StoreError> {
    totals::note_prints(db, latest.prints.iter().map(|((region, item), date)| (region, *item, *date))).await?;
    if latest.backlog.is_empty() {
        return Ok(());
    }
    let rows = latest
        .backlog
        .values()
        .map(|r| {
            vec![
                r.region.as_str().into(),
                r.date.into(),
                r.prr.get().into(),
                r.recorded.map(Quantity::get).into(),
                r.suket.map(Quantity::get).into(),
            ]
        })
        .collect();
    bulk_upsert(
        db,
        "backlog_latest",
        &["region_code", "snapshot_date", "prr", "recorded", "suket"],
        rows,
        " ON CONFLICT (region_code) DO UPDATE SET snapshot_date = excluded.snapshot_date, prr = excluded.prr, \
         recorded = excluded.recorded, suket = excluded.suket \
         WHERE excluded.snapshot_date > backlog_latest.snapshot_date",
    )
    .await?;
    Ok(())
}
