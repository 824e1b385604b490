//! One batch of valid rows against the database: new rows are written with multi-row inserts,
//! rows equal to what is stored are counted unchanged, a shipment row that adds receipt details
//! to a stored dispatch updates it, and anything else under a stored key is a `conflict`.

use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Value};

use super::tally::Tally;
use crate::domain::auth::{Grant, Principal};
use crate::domain::csv_import::{
    AllocationRow, BacklogRow, Columns, Difference, ErrorList, Field, OutageRow, PrintRow, ProcurementRow, Row,
    RowError, ShipmentRow, StockCountRow,
};
use crate::domain::ledger::NewEntry;
use crate::domain::quantity::Quantity;
use crate::domain::records::{Compared, DailyPrint, Procurement, Receipt, Shipment, StockCount};
use crate::store::entities::{
    allocations, backlog_snapshots, daily_prints, outages, procurements, shipments, stock_counts,
};
use crate::store::records::shipment_from_row;
use crate::store::sql::bulk_insert;
use crate::store::{StoreError, ledger};

/// Everything a batch function needs besides its rows.
pub(crate) struct Batch<'a> {
    pub txn: &'a DatabaseTransaction,
    pub who: &'a Principal,
    pub actor: &'a str,
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
    let mut b = Batch { txn, who, actor: &who.name, upload_id, columns, write, errors, tally, entries: Vec::new() };
    macro_rules! only {
        ($variant:ident) => {
            only!($variant, |x| x)
        };
        ($variant:ident, $unbox:expr) => {
            rows.into_iter().filter_map(|r| if let Row::$variant(x) = r { Some($unbox(x)) } else { None }).collect()
        };
    }
    match rows.first() {
        None => return Ok(()),
        Some(Row::Print(_)) => prints(&mut b, only!(Print)).await?,
        Some(Row::Shipment(_)) => shipments_batch(&mut b, only!(Shipment, |x: Box<ShipmentRow>| *x)).await?,
        Some(Row::Procurement(_)) => procurements_batch(&mut b, only!(Procurement)).await?,
        Some(Row::Allocation(_)) => allocations_batch(&mut b, only!(Allocation, |x: Box<AllocationRow>| *x)).await?,
        Some(Row::Backlog(_)) => backlog_batch(&mut b, only!(Backlog)).await?,
        Some(Row::Outage(_)) => outages_batch(&mut b, only!(Outage)).await?,
        Some(Row::StockCount(_)) => stock_counts_batch(&mut b, only!(StockCount)).await?,
    }
    b.flush_entries().await
}

#[expect(
    clippy::needless_pass_by_value,
    reason = "callers pass numbers and dates by value; references would only add noise"
)]
fn diff(columns: &Columns, field: Field, stored: impl ToString, sent: impl ToString) -> Option<Difference> {
    let (stored, sent) = (stored.to_string(), sent.to_string());
    (stored != sent).then(|| Difference { column: columns.name(field).to_string(), stored, sent })
}

impl Batch<'_> {
    fn conflict(&mut self, row: &Row, diffs: &[Option<Difference>]) {
        let diffs: Vec<Difference> = diffs.iter().flatten().cloned().collect();
        let field = row.key_field();
        let value = match row {
            Row::Shipment(r) => r.reference.clone(),
            Row::Allocation(r) => r.reference.clone(),
            Row::Procurement(r) => r.reference.clone(),
            Row::Print(r) => r.region.to_string(),
            Row::Backlog(r) => r.region.to_string(),
            Row::StockCount(r) => r.region.to_string(),
            Row::Outage(r) => r.region.to_string(),
        };
        self.errors.push(RowError::conflict(
            row.line(),
            self.columns.name(field),
            &value,
            &row.key_description(),
            &diffs,
        ));
    }

    fn book(&mut self, entries: Vec<NewEntry>, line: u64, field_of: impl Fn(&NewEntry) -> Field) {
        for e in entries {
            let f = field_of(&e);
            self.tally.touch(&e.region, e.item, e.date, e.quantity, line, f);
            self.entries.push(e);
        }
    }

    /// The bookkeeping columns every record table has.
    fn stamp(&self) -> [Value; 3] {
        [self.actor.into(), self.upload_id.into(), Utc::now().into()]
    }

    async fn insert(&self, table: &str, columns: &[&str], rows: Vec<Vec<Value>>) -> Result<(), StoreError> {
        if self.write && !rows.is_empty() {
            bulk_insert(self.txn, table, columns, rows).await?;
        }
        Ok(())
    }

    async fn flush_entries(&mut self) -> Result<(), StoreError> {
        let entries = std::mem::take(&mut self.entries);
        if self.write && !entries.is_empty() {
            ledger::insert_entries(self.txn, &entries, self.actor, self.upload_id).await?;
        }
        Ok(())
    }
}

fn span<T>(rows: &[T], date: impl Fn(&T) -> NaiveDate) -> (NaiveDate, NaiveDate) {
    let min = rows.iter().map(&date).min().unwrap_or_default();
    let max = rows.iter().map(&date).max().unwrap_or_default();
    (min, max)
}

fn distinct<T>(rows: &[T], key: impl Fn(&T) -> String) -> Vec<String> {
    rows.iter().map(key).collect::<BTreeSet<_>>().into_iter().collect()
}

async fn prints(b: &mut Batch<'_>, rows: Vec<PrintRow>) -> Result<(), StoreError> {
    use daily_prints::Column as C;
    let (min, max) = span(&rows, |r| r.date);
    let stored: HashMap<(NaiveDate, String, String), (i64, i64)> = daily_prints::Entity::find()
        .filter(C::RegionCode.is_in(distinct(&rows, |r| r.region.to_string())))
        // With the item too, the lookup uses the whole (region, item, date) index.
        .filter(C::ItemCode.is_in(distinct(&rows, |r| r.item.as_str().to_string())))
        .filter(C::PrintDate.between(min, max))
        .all(b.txn)
        .await?
        .into_iter()
        .map(|m| ((m.print_date, m.region_code, m.item_code), (m.printed, m.spoiled)))
        .collect();
    let mut new = Vec::new();
    for r in rows {
        let (printed, spoiled) = (r.printed.get(), r.spoiled.get());
        match stored.get(&(r.date, r.region.to_string(), r.item.as_str().to_string())) {
            Some(&old) if old == (printed, spoiled) => b.tally.unchanged += 1,
            Some(&(p, s)) => {
                let d = [diff(b.columns, Field::Printed, p, printed), diff(b.columns, Field::Spoiled, s, spoiled)];
                b.conflict(&Row::Print(r), &d);
            }
            None => {
                b.tally.inserted += 1;
                let rec = DailyPrint { date: r.date, region: r.region, item: r.item, printed, spoiled };
                b.book(rec.entries(), r.line, |_| Field::Region);
                let mut v: Vec<Value> = vec![
                    rec.date.into(),
                    rec.region.as_str().into(),
                    rec.item.as_str().into(),
                    printed.into(),
                    spoiled.into(),
                ];
                v.extend(b.stamp());
                new.push(v);
            }
        }
    }
    let cols = ["print_date", "region_code", "item_code", "printed", "spoiled", "actor", "upload_id", "created_at"];
    b.insert("daily_prints", &cols, new).await
}

fn shipment_of(r: &ShipmentRow) -> Shipment {
    Shipment {
        reference: r.reference.clone(),
        shipped_on: r.shipped_on,
        from: r.from.clone(),
        to: r.to.clone(),
        item: r.item,
        quantity: r.quantity.get(),
        receipt: r.receipt.as_ref().map(|x| Receipt {
            received_on: x.received_on,
            received_quantity: x.received.get(),
            damaged_quantity: x.damaged.get(),
        }),
        note: r.note.clone(),
    }
}

/// Which column names the holder of a shipment's entry: the sender for the dispatch.
fn shipment_field(from: &crate::domain::region::RegionCode) -> impl Fn(&NewEntry) -> Field + '_ {
    move |e| if &e.region == from { Field::From } else { Field::To }
}

async fn shipments_batch(b: &mut Batch<'_>, rows: Vec<ShipmentRow>) -> Result<(), StoreError> {
    use shipments::Column as C;
    let stored: HashMap<(String, String), shipments::Model> = shipments::Entity::find()
        .filter(C::Reference.is_in(distinct(&rows, |r| r.reference.clone())))
        .all(b.txn)
        .await?
        .into_iter()
        .map(|m| ((m.reference.clone(), m.from_region.clone()), m))
        .collect();
    let mut new = Vec::new();
    for r in rows {
        let sent = shipment_of(&r);
        let Some(model) = stored.get(&(sent.reference.clone(), sent.from.to_string())) else {
            if b.who.check_shipment(&sent.from, &sent.to, sent.receipt.is_some()) != Ok(Grant::Whole) {
                let column = b.columns.name(Field::Reference);
                b.errors.push(RowError::receipt_without_dispatch(r.line, column, &sent.reference, &sent.from));
                continue;
            }
            b.tally.inserted += 1;
            let mut entries = sent.dispatch_entries();
            if let Some(rc) = &sent.receipt {
                entries.extend(rc.entries(&sent));
            }
            b.book(entries, r.line, shipment_field(&sent.from));
            let rc = sent.receipt;
            let mut v: Vec<Value> = vec![
                sent.reference.as_str().into(),
                sent.from.as_str().into(),
                sent.to.as_str().into(),
                sent.item.as_str().into(),
                sent.quantity.into(),
                sent.shipped_on.into(),
                rc.map(|x| x.received_on).into(),
                rc.map(|x| x.received_quantity).into(),
                rc.map(|x| x.damaged_quantity).into(),
                sent.note.clone().into(),
                rc.map(|_| b.actor.to_string()).into(),
            ];
            v.extend(b.stamp());
            new.push(v);
            continue;
        };
        let old = shipment_from_row(model)?;
        let compared = sent.compare(&old);
        if compared == Compared::Same {
            b.tally.unchanged += 1;
        } else if let (Compared::AddsReceipt, Some(rc)) = (compared, sent.receipt) {
            b.tally.updated += 1;
            b.book(rc.entries(&old), r.line, shipment_field(&old.from));
            if b.write {
                crate::store::records::set_receipt(b.txn, model.id, &rc, b.actor).await?;
            }
        } else {
            let (was, now) = (old.receipt, sent.receipt);
            let differences = [
                diff(b.columns, Field::ShippedOn, old.shipped_on, sent.shipped_on),
                diff(b.columns, Field::To, &old.to, &sent.to),
                diff(b.columns, Field::Item, old.item, sent.item),
                diff(b.columns, Field::Quantity, old.quantity, sent.quantity),
                diff(b.columns, Field::ReceivedOn, show(was.map(|x| x.received_on)), show(now.map(|x| x.received_on))),
                diff(
                    b.columns,
                    Field::ReceivedQuantity,
                    show(was.map(|x| x.received_quantity)),
                    show(now.map(|x| x.received_quantity)),
                ),
                diff(
                    b.columns,
                    Field::DamagedQuantity,
                    show(was.map(|x| x.damaged_quantity)),
                    show(now.map(|x| x.damaged_quantity)),
                ),
            ];
            b.conflict(&Row::Shipment(Box::new(r)), &differences);
        }
    }
    let cols = [
        "reference",
        "from_region",
        "to_region",
        "item_code",
        "quantity",
        "shipped_on",
        "received_on",
        "received_quantity",
        "damaged_quantity",
        "note",
        "received_by",
        "actor",
        "upload_id",
        "created_at",
    ];
    b.insert("shipments", &cols, new).await
}

fn show<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

async fn procurements_batch(b: &mut Batch<'_>, rows: Vec<ProcurementRow>) -> Result<(), StoreError> {
    use procurements::Column as C;
    let stored: HashMap<String, procurements::Model> = procurements::Entity::find()
        .filter(C::Reference.is_in(distinct(&rows, |r| r.reference.clone())))
        .all(b.txn)
        .await?
        .into_iter()
        .map(|m| (m.reference.clone(), m))
        .collect();
    let mut new = Vec::new();
    for r in rows {
        match stored.get(&r.reference) {
            Some(m) if m.procured_on == r.date && m.item_code == r.item.as_str() && m.quantity == r.quantity.get() => {
                b.tally.unchanged += 1;
            }
            Some(m) => {
                let d = [
                    diff(b.columns, Field::Date, m.procured_on, r.date),
                    diff(b.columns, Field::Item, &m.item_code, r.item),
                    diff(b.columns, Field::Quantity, m.quantity, r.quantity.get()),
                ];
                b.conflict(&Row::Procurement(r), &d);
            }
            None => {
                b.tally.inserted += 1;
                let p = Procurement {
                    reference: r.reference,
                    date: r.date,
                    item: r.item,
                    quantity: r.quantity.get(),
                    note: r.note,
                };
                b.book(p.entries(), r.line, |_| Field::Quantity);
                let mut v: Vec<Value> = vec![
                    p.reference.as_str().into(),
                    p.date.into(),
                    p.item.as_str().into(),
                    p.quantity.into(),
                    p.note.into(),
                ];
                v.extend(b.stamp());
                new.push(v);
            }
        }
    }
    let cols = ["reference", "procured_on", "item_code", "quantity", "note", "actor", "upload_id", "created_at"];
    b.insert("procurements", &cols, new).await
}

async fn allocations_batch(b: &mut Batch<'_>, rows: Vec<AllocationRow>) -> Result<(), StoreError> {
    use allocations::Column as C;
    let stored: HashMap<String, allocations::Model> = allocations::Entity::find()
        .filter(C::Reference.is_in(distinct(&rows, |r| r.reference.clone())))
        .all(b.txn)
        .await?
        .into_iter()
        .map(|m| (m.reference.clone(), m))
        .collect();
    let mut new = Vec::new();
    for r in rows {
        match stored.get(&r.reference) {
            Some(m)
                if m.allocated_on == r.date
                    && m.to_region == r.to.as_str()
                    && m.item_code == r.item.as_str()
                    && m.quantity == r.quantity.get() =>
            {
                b.tally.unchanged += 1;
            }
            Some(m) => {
                let d = [
                    diff(b.columns, Field::Date, m.allocated_on, r.date),
                    diff(b.columns, Field::To, &m.to_region, &r.to),
                    diff(b.columns, Field::Item, &m.item_code, r.item),
                    diff(b.columns, Field::Quantity, m.quantity, r.quantity.get()),
                ];
                b.conflict(&Row::Allocation(Box::new(r)), &d);
            }
            None => {
                b.tally.inserted += 1;
                let mut v: Vec<Value> = vec![
                    r.reference.as_str().into(),
                    r.date.into(),
                    r.to.as_str().into(),
                    r.item.as_str().into(),
                    r.quantity.get().into(),
                    r.note.into(),
                ];
                v.extend(b.stamp());
                new.push(v);
            }
        }
    }
    let cols =
        ["reference", "allocated_on", "to_region", "item_code", "quantity", "note", "actor", "upload_id", "created_at"];
    b.insert("allocations", &cols, new).await
}

/// PRR, recordings and Suket of a stored snapshot.
type Backlog = (i64, Option<i64>, Option<i64>);

async fn backlog_batch(b: &mut Batch<'_>, rows: Vec<BacklogRow>) -> Result<(), StoreError> {
    use backlog_snapshots::Column as C;
    let (min, max) = span(&rows, |r| r.date);
    let stored: HashMap<(NaiveDate, String), Backlog> = backlog_snapshots::Entity::find()
        .filter(C::RegionCode.is_in(distinct(&rows, |r| r.region.to_string())))
        .filter(C::SnapshotDate.between(min, max))
        .all(b.txn)
        .await?
        .into_iter()
        .map(|m| ((m.snapshot_date, m.region_code), (m.prr, m.recorded, m.suket)))
        .collect();
    let mut new = Vec::new();
    for r in rows {
        let sent = (r.prr.get(), r.recorded.map(Quantity::get), r.suket.map(Quantity::get));
        match stored.get(&(r.date, r.region.to_string())) {
            Some(&old) if old == sent => b.tally.unchanged += 1,
            Some(&(p, rec, s)) => {
                let d = [
                    diff(b.columns, Field::Prr, p, sent.0),
                    diff(b.columns, Field::Recorded, show(rec), show(sent.1)),
                    diff(b.columns, Field::Suket, show(s), show(sent.2)),
                ];
                b.conflict(&Row::Backlog(r), &d);
            }
            None => {
                b.tally.inserted += 1;
                let mut v: Vec<Value> =
                    vec![r.date.into(), r.region.as_str().into(), sent.0.into(), sent.1.into(), sent.2.into()];
                v.extend(b.stamp());
                new.push(v);
            }
        }
    }
    let cols = ["snapshot_date", "region_code", "prr", "recorded", "suket", "actor", "upload_id", "created_at"];
    b.insert("backlog_snapshots", &cols, new).await
}

async fn outages_batch(b: &mut Batch<'_>, rows: Vec<OutageRow>) -> Result<(), StoreError> {
    use outages::Column as C;
    let (min, max) = span(&rows, |r| r.date);
    let stored: HashMap<(NaiveDate, String), (f64, String)> = outages::Entity::find()
        .filter(C::RegionCode.is_in(distinct(&rows, |r| r.region.to_string())))
        .filter(C::OutageDate.between(min, max))
        .all(b.txn)
        .await?
        .into_iter()
        .map(|m| ((m.outage_date, m.region_code), (m.hours, m.cause)))
        .collect();
    let mut new = Vec::new();
    for r in rows {
        let hours = r.hours.as_f64();
        match stored.get(&(r.date, r.region.to_string())) {
            Some((h, c)) if (h - hours).abs() < 1e-9 && *c == r.cause => b.tally.unchanged += 1,
            Some((h, c)) => {
                let d = [diff(b.columns, Field::Hours, h, hours), diff(b.columns, Field::Cause, c, &r.cause)];
                b.conflict(&Row::Outage(r), &d);
            }
            None => {
                b.tally.inserted += 1;
                let mut v: Vec<Value> = vec![r.date.into(), r.region.as_str().into(), hours.into(), r.cause.into()];
                v.extend(b.stamp());
                new.push(v);
            }
        }
    }
    let cols = ["outage_date", "region_code", "hours", "cause", "actor", "upload_id", "created_at"];
    b.insert("outages", &cols, new).await
}

/// Stock counts go one by one: each count's book includes the adjustments of the counts before it.
async fn stock_counts_batch(b: &mut Batch<'_>, rows: Vec<StockCountRow>) -> Result<(), StoreError> {
    use stock_counts::Column as C;
    let (min, max) = span(&rows, |r| r.date);
    let stored: HashMap<(NaiveDate, String, String), i64> = stock_counts::Entity::find()
        .filter(C::RegionCode.is_in(distinct(&rows, |r| r.region.to_string())))
        .filter(C::ItemCode.is_in(distinct(&rows, |r| r.item.as_str().to_string())))
        .filter(C::CountDate.between(min, max))
        .all(b.txn)
        .await?
        .into_iter()
        .map(|m| ((m.count_date, m.region_code, m.item_code), m.counted))
        .collect();
    for r in rows {
        match stored.get(&(r.date, r.region.to_string(), r.item.as_str().to_string())) {
            Some(&c) if c == r.counted.get() => b.tally.unchanged += 1,
            Some(&c) => {
                let d = [diff(b.columns, Field::Counted, c, r.counted.get())];
                b.conflict(&Row::StockCount(r), &d);
            }
            None => {
                b.tally.inserted += 1;
                let count =
                    StockCount { date: r.date, region: r.region, item: r.item, counted: r.counted.get(), note: r.note };
                let book = ledger::balance_at(b.txn, &count.region, count.item, count.date).await?;
                b.book(count.adjustment(book).into_iter().collect(), r.line, |_| Field::Counted);
                let mut v: Vec<Value> = vec![
                    count.date.into(),
                    count.region.as_str().into(),
                    count.item.as_str().into(),
                    count.counted.into(),
                    book.into(),
                    count.note.into(),
                ];
                v.extend(b.stamp());
                let cols = [
                    "count_date",
                    "region_code",
                    "item_code",
                    "counted",
                    "book",
                    "note",
                    "actor",
                    "upload_id",
                    "created_at",
                ];
                b.insert("stock_counts", &cols, vec![v]).await?;
                b.flush_entries().await?;
            }
        }
    }
    Ok(())
}
