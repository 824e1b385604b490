//! The eight record tables, one generic reader and writer over them: `Table` says where a kind is
//! stored and how a row maps to it; `stored` fetches, in one query per batch, what is already kept
//! under the batch's keys. Judging the rows against it is the caller's job (`app::import::batch`).

mod complaints;
mod movements;
mod office;
mod shipments;

use std::collections::{BTreeSet, HashMap};
use std::future::Future;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, Value};

use super::StoreError;
use super::sql::bulk_insert;
use crate::domain::csv_import::Record;
use crate::domain::item::Item;
use crate::domain::quantity::Quantity;
use crate::domain::region::RegionCode;
pub use office::{Latest, write_latest};
pub use shipments::{set_receipt, shipment_for_receipt};

/// The columns a kind's natural key is looked up by.
pub enum Lookup<C> {
    Reference(C),
    /// Per-region daily data: region IN, item IN (when keyed by item), date BETWEEN.
    Day {
        region: C,
        item: Option<C>,
        date: C,
    },
}

/// One row's values for its `Lookup`.
pub enum Probe<'a> {
    Reference(&'a str),
    Day { region: &'a RegionCode, item: Item, date: NaiveDate },
}

type Column<R> = <<R as Table>::Entity as EntityTrait>::Column;
type Model<R> = <<R as Table>::Entity as EntityTrait>::Model;

/// The table each kind's records are stored in (every kind: a new kind does not compile until it
/// is named here, so `blanko check` cannot leave its uploads out).
pub fn table_of(kind: crate::domain::csv_import::Kind) -> &'static str {
    use crate::domain::csv_import::{
        AllocationRow, BacklogRow, ComplaintRow, Kind, OutageRow, PrintRow, ProcurementRow, ShipmentRow, StockCountRow,
    };
    match kind {
        Kind::Shipments => ShipmentRow::TABLE,
        Kind::Allocations => AllocationRow::TABLE,
        Kind::Procurements => ProcurementRow::TABLE,
        Kind::Prints => PrintRow::TABLE,
        Kind::Backlog => BacklogRow::TABLE,
        Kind::StockCounts => StockCountRow::TABLE,
        Kind::Outages => OutageRow::TABLE,
        Kind::Complaints => ComplaintRow::TABLE,
    }
}

/// Where a record kind is stored.
pub trait Table: Record {
    type Entity: EntityTrait;
    const TABLE: &'static str;
    /// Columns written by `encode`, then `actor`, `upload_id`, `created_at`.
    const COLUMNS: &'static [&'static str];

    fn lookup() -> Lookup<Column<Self>>;
    fn probe(&self) -> Probe<'_>;
    /// A stored row as (id, record); stored data that fails to parse is an error.
    fn decode(m: Model<Self>) -> Result<(i64, Self), StoreError>;
    /// The values of `COLUMNS` before the bookkeeping ones; `book` as asked by `Record::book_at`.
    fn encode(&self, book: Option<i64>, actor: &str) -> Vec<Value>;
    /// Adds this kind's new records to the totals kept beside them (`store::totals`: the
    /// centre's allocated and shipped, the backlog pools), in the transaction that inserted them.
    fn after_insert(db: &DatabaseTransaction, rows: &[Self]) -> impl Future<Output = Result<(), StoreError>> + Send {
        let _ = (db, rows);
        async { Ok(()) }
    }
    /// Keeps what is newest among these new records (the backlog snapshot per office, the day of
    /// prints per office and item), for `write_latest` at the end of the transaction.
    fn keep_latest(rows: &[Self], latest: &mut Latest) {
        let _ = (rows, latest);
    }
    /// Writes an update onto the stored record `id` (a receipt onto a dispatch).
    fn write_update(
        db: &DatabaseTransaction,
        id: i64,
        update: &Self::Update,
        actor: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send {
        let _ = (db, id, update, actor);
        async { Ok(()) }
    }
}

/// Stored data that does not fit the record's type.
fn corrupt(table: &str, id: i64, what: impl std::fmt::Display) -> StoreError {
    StoreError::Db(DbErr::Type(format!("{table} #{id}: {what}")))
}

fn distinct(values: impl Iterator<Item = String>) -> Vec<String> {
    values.collect::<BTreeSet<_>>().into_iter().collect()
}

/// What is stored under the keys of `rows`, by key: one query.
pub async fn stored<R: Table>(db: &DatabaseTransaction, rows: &[R]) -> Result<HashMap<R::Key, (i64, R)>, StoreError>
where
    Column<R>: ColumnTrait,
{
    let mut q = R::Entity::find();
    match R::lookup() {
        Lookup::Reference(c) => {
            let refs = distinct(rows.iter().filter_map(|r| match r.probe() {
                Probe::Reference(s) => Some(s.to_string()),
                Probe::Day { .. } => None,
            }));
            q = q.filter(c.is_in(refs));
        }
        Lookup::Day { region, item, date } => {
            let days: Vec<_> = rows
                .iter()
                .filter_map(|r| match r.probe() {
                    Probe::Day { region, item, date } => Some((region, item, date)),
                    Probe::Reference(_) => None,
                })
                .collect();
            let min = days.iter().map(|d| d.2).min().unwrap_or_default();
            let max = days.iter().map(|d| d.2).max().unwrap_or_default();
            q = q.filter(region.is_in(distinct(days.iter().map(|d| d.0.to_string()))));
            if let Some(item) = item {
                // With the item too, the lookup uses the whole (region, item, date) index.
                q = q.filter(item.is_in(distinct(days.iter().map(|d| d.1.as_str().to_string()))));
            }
            q = q.filter(date.between(min, max));
        }
    }
    let mut out = HashMap::new();
    for m in q.all(db).await? {
        let (id, r) = R::decode(m)?;
        out.insert(r.key(), (id, r));
    }
    Ok(out)
}

/// Multi-row insert of encoded rows (each already followed by its bookkeeping values).
pub async fn insert<R: Table, C: ConnectionTrait>(db: &C, rows: Vec<Vec<Value>>) -> Result<(), StoreError> {
    if !rows.is_empty() {
        bulk_insert(db, R::TABLE, R::COLUMNS, rows).await?;
    }
    Ok(())
}

/// Decoders of stored values for one row of `table`.
pub(super) struct Stored {
    pub table: &'static str,
    pub id: i64,
}

impl Stored {
    pub fn item(&self, code: &str) -> Result<Item, StoreError> {
        Item::parse(code).map_err(|e| corrupt(self.table, self.id, e))
    }
    pub fn quantity(&self, n: i64) -> Result<Quantity, StoreError> {
        Quantity::new(n).map_err(|e| corrupt(self.table, self.id, e))
    }
    pub fn optional(&self, n: Option<i64>) -> Result<Option<Quantity>, StoreError> {
        n.map(|n| self.quantity(n)).transpose()
    }
}

pub(super) fn region(code: String) -> RegionCode {
    RegionCode::from_trusted(code)
}
