//! One batch of valid rows against the database, the same for every kind: what is stored under the
//! batch's keys is fetched in one query, each row is judged against it (`csv_import::judge`): new
//! rows are written with multi-row inserts, rows equal to what is stored are counted unchanged, a
//! shipment row that adds receipt details to a stored dispatch updates it (so does a complaint row
//! that adds its follow-up or closing date), and anything else under a
//! stored key is a `conflict`.

use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, Value};

use super::tally::{self, Tally};
use crate::domain::auth::Principal;
use crate::domain::csv_import::{
    AllocationRow, Columns, ComplaintRow, Diff, Difference, ErrorList, Record, Row, RowError, ShipmentRow, Verdict,
    judge,
};
use crate::domain::ledger::NewEntry;
use crate::store::records::{self, Table};
use crate::store::{StoreError, ledger};

/// Everything a batch needs besides its rows.
pub(crate) struct Batch<'a> {
    pub txn: &'a DatabaseTransaction,
    pub who: &'a Principal,
    /// `None` for a single record sent through the API.
    pub upload_id: Option<i64>,
    pub columns: &'a Columns,
    /// False once the file has an error: keep checking, stop writing.
    pub write: bool,
    pub errors: &'a mut ErrorList,
    pub tally: &'a mut Tally,
    /// New ledger entries of the batch.
    entries: Vec<NewEntry>,
}

/// Checks and writes one batch of rows of one kind.
#[expect(clippy::too_many_arguments, reason = "the pieces of one upload, passed down once")]
#[tracing::instrument(skip_all, fields(rows = rows.len()))]
pub(crate) async fn apply(
    txn: &DatabaseTransaction,
    who: &Principal,
    upload_id: Option<i64>,
    columns: &Columns,
    rows: Vec<Row>,
    write: bool,
    errors: &mut ErrorList,
    tally: &mut Tally,
) -> Result<(), StoreError> {
    let mut b = Batch { txn, who, upload_id, columns, write, errors, tally, entries: Vec::new() };
    macro_rules! only {
        ($variant:ident) => {
            only!($variant, |x| x)
        };
        ($variant:ident, $unbox:expr) => {
            rows.into_iter().filter_map(|r| if let Row::$variant(x) = r { Some($unbox(x)) } else { None }).collect()
        };
    }
    match rows.first() {
        None => Ok(()),
        Some(Row::Print(_)) => b.apply(only!(Print)).await,
        Some(Row::Shipment(_)) => b.apply(only!(Shipment, |x: Box<ShipmentRow>| *x)).await,
        Some(Row::Procurement(_)) => b.apply(only!(Procurement)).await,
        Some(Row::Allocation(_)) => b.apply(only!(Allocation, |x: Box<AllocationRow>| *x)).await,
        Some(Row::Backlog(_)) => b.apply(only!(Backlog)).await,
        Some(Row::Outage(_)) => b.apply(only!(Outage)).await,
        Some(Row::Complaint(_)) => b.apply(only!(Complaint, |x: Box<ComplaintRow>| *x)).await,
        Some(Row::StockCount(_)) => b.apply(only!(StockCount)).await,
    }
}

impl Batch<'_> {
    /// The one batch function: every row judged against what is stored under its key.
    async fn apply<R: Table>(&mut self, rows: Vec<R>) -> Result<(), StoreError>
    where
        <R::Entity as EntityTrait>::Column: ColumnTrait,
    {
        let stored = records::stored::<R>(self.txn, &rows).await?;
        let mut new = Vec::new();
        let mut inserted = Vec::new();
        for row in rows {
            let old = stored.get(&row.key());
            match judge(&row, old.map(|(_, r)| r)) {
                Verdict::Same => self.tally.unchanged += 1,
                Verdict::Conflict(diffs) => self.conflict(&row, &diffs),
                Verdict::New if self.refused(&row) => {}
                Verdict::New if row.book_at().is_some() => self.one_by_one(&row).await?,
                Verdict::New => {
                    self.tally.inserted += 1;
                    self.book(&row, row.entries(None));
                    new.push(self.encode(&row, None));
                    inserted.push(row);
                }
                Verdict::Update(update) => {
                    let Some((id, kept)) = old else { continue };
                    self.tally.updated += 1;
                    self.book(&row, R::update_entries(kept, &update));
                    if self.write {
                        R::write_update(self.txn, *id, &update, &self.who.name).await?;
                    }
                }
            }
        }
        if self.write {
            records::insert::<R, _>(self.txn, new).await?;
            R::after_insert(self.txn, &inserted).await?;
            R::keep_latest(&inserted, &mut self.tally.latest);
        }
        self.flush_entries().await
    }

    /// A record whose entries depend on the book balance (a stock count) is written at once, so
    /// the next one's book includes it.
    async fn one_by_one<R: Table>(&mut self, row: &R) -> Result<(), StoreError> {
        let Some((region, item, date)) = row.book_at() else { return Ok(()) };
        self.tally.inserted += 1;
        self.flush_entries().await?;
        let book = tally::balance_at(self.txn, self.tally, region, item, date).await?;
        self.book(row, row.entries(Some(book)));
        if self.write {
            records::insert::<R, _>(self.txn, vec![self.encode(row, Some(book))]).await?;
            R::after_insert(self.txn, std::slice::from_ref(row)).await?;
            R::keep_latest(std::slice::from_ref(row), &mut self.tally.latest);
        }
        self.flush_entries().await
    }

    /// A new shipment the uploader may not dispatch: only its receipt was theirs to confirm, and
    /// there is no recorded dispatch to confirm (`out_of_scope`).
    fn refused<R: Record>(&mut self, row: &R) -> bool {
        let Some(from) = row.receipt_only() else { return false };
        let column = self.columns.name(R::KEY_FIELD);
        self.errors.push(RowError::receipt_without_dispatch(row.line(), column, &row.key_text(), from));
        true
    }

    fn conflict<R: Record>(&mut self, row: &R, diffs: &[Diff]) {
        let diffs: Vec<Difference> = diffs
            .iter()
            .map(|d| Difference {
                column: self.columns.name(d.field).to_string(),
                stored: d.stored.clone(),
                sent: d.sent.clone(),
            })
            .collect();
        let column = self.columns.name(R::KEY_FIELD);
        self.errors.push(RowError::conflict(row.line(), column, &row.key_text(), &row.describe(), &diffs));
    }

    fn book<R: Record>(&mut self, row: &R, entries: Vec<NewEntry>) {
        for e in entries {
            let f = row.holder_field(&e);
            self.tally.touch(&e.region, e.item, e.date, e.quantity, row.line(), f);
            self.entries.push(e);
        }
    }

    /// A row's values followed by the bookkeeping columns every record table has.
    fn encode<R: Table>(&self, row: &R, book: Option<i64>) -> Vec<Value> {
        let mut v = row.encode(book, &self.who.name);
        v.extend([self.who.name.as_str().into(), self.upload_id.into(), Utc::now().into()]);
        v
    }

    async fn flush_entries(&mut self) -> Result<(), StoreError> {
        let entries = std::mem::take(&mut self.entries);
        if self.write && !entries.is_empty() {
            tally::read_tails(self.txn, self.tally, &entries).await?;
            let tally = &mut *self.tally;
            let close = |region: &_, item, day, net| tally.close(region, item, day, net);
            ledger::insert_entries(self.txn, &entries, &self.who.name, self.upload_id, close).await?;
        }
        Ok(())
    }
}
