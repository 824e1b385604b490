//! `Table` for the records that move stock between holders: shipments, procurements, allocations.

use std::collections::BTreeMap;

use sea_orm::{DatabaseTransaction, Value};

use super::{Lookup, Probe, Stored, Table, region};
use crate::domain::auth::Grant;
use crate::domain::csv_import::{AllocationRow, ProcurementRow, Receipt, ShipmentRow};
use crate::domain::item::Item;
use crate::domain::region::RegionCode;
use crate::store::entities::{allocations, procurements, shipments};
use crate::store::{StoreError, totals};

impl Table for ShipmentRow {
    type Entity = shipments::Entity;
    const TABLE: &'static str = "shipments";
    const COLUMNS: &'static [&'static str] = &[
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

    fn lookup() -> Lookup<shipments::Column> {
        Lookup::Reference(shipments::Column::Reference)
    }
    fn probe(&self) -> Probe<'_> {
        Probe::Reference(&self.reference)
    }
    fn decode(m: shipments::Model) -> Result<(i64, Self), StoreError> {
        let s = Stored { table: Self::TABLE, id: m.id };
        let receipt = match (m.received_on, m.received_quantity) {
            (Some(received_on), Some(received)) => Some(Receipt {
                received_on,
                received: s.quantity(received)?,
                damaged: s.quantity(m.damaged_quantity.unwrap_or(0))?,
            }),
            _ => None,
        };
        let row = ShipmentRow {
            line: 0,
            reference: m.reference,
            shipped_on: m.shipped_on,
            from: region(m.from_region),
            to: region(m.to_region),
            item: s.item(&m.item_code)?,
            quantity: s.quantity(m.quantity)?,
            receipt,
            note: m.note,
            grant: Grant::Whole,
        };
        Ok((m.id, row))
    }
    fn encode(&self, _book: Option<i64>, actor: &str) -> Vec<Value> {
        let rc = self.receipt.as_ref();
        vec![
            self.reference.as_str().into(),
            self.from.as_str().into(),
            self.to.as_str().into(),
            self.item.as_str().into(),
            self.quantity.get().into(),
            self.shipped_on.into(),
            rc.map(|x| x.received_on).into(),
            rc.map(|x| x.received.get()).into(),
            rc.map(|x| x.damaged.get()).into(),
            self.note.clone().into(),
            rc.map(|_| actor.to_string()).into(),
        ]
    }
    async fn after_insert(db: &DatabaseTransaction, rows: &[Self]) -> Result<(), StoreError> {
        let mut shipped: BTreeMap<(&RegionCode, Item), (i64, i64)> = BTreeMap::new();
        for r in rows.iter().filter(|r| r.from.is_pusat()) {
            shipped.entry((&r.to, r.item)).or_default().1 += r.quantity.get();
        }
        totals::add_central(db, shipped).await?;
        Ok(())
    }
    async fn write_update(db: &DatabaseTransaction, id: i64, update: &Receipt, actor: &str) -> Result<(), StoreError> {
        super::set_receipt(db, id, &update.domain(), actor).await
    }
}

impl Table for ProcurementRow {
    type Entity = procurements::Entity;
    const TABLE: &'static str = "procurements";
    const COLUMNS: &'static [&'static str] =
        &["reference", "procured_on", "item_code", "quantity", "note", "actor", "upload_id", "created_at"];

    fn lookup() -> Lookup<procurements::Column> {
        Lookup::Reference(procurements::Column::Reference)
    }
    fn probe(&self) -> Probe<'_> {
        Probe::Reference(&self.reference)
    }
    fn decode(m: procurements::Model) -> Result<(i64, Self), StoreError> {
        let s = Stored { table: Self::TABLE, id: m.id };
        let row = ProcurementRow {
            line: 0,
            reference: m.reference,
            date: m.procured_on,
            item: s.item(&m.item_code)?,
            quantity: s.quantity(m.quantity)?,
            note: m.note,
        };
        Ok((m.id, row))
    }
    fn encode(&self, _book: Option<i64>, _actor: &str) -> Vec<Value> {
        vec![
            self.reference.as_str().into(),
            self.date.into(),
            self.item.as_str().into(),
            self.quantity.get().into(),
            self.note.clone().into(),
        ]
    }
}

impl Table for AllocationRow {
    type Entity = allocations::Entity;
    const TABLE: &'static str = "allocations";
    const COLUMNS: &'static [&'static str] = &[
        "reference",
        "allocated_on",
        "to_region",
        "item_code",
        "quantity",
        "note",
        "actor",
        "upload_id",
        "created_at",
    ];

    fn lookup() -> Lookup<allocations::Column> {
        Lookup::Reference(allocations::Column::Reference)
    }
    fn probe(&self) -> Probe<'_> {
        Probe::Reference(&self.reference)
    }
    fn decode(m: allocations::Model) -> Result<(i64, Self), StoreError> {
        let s = Stored { table: Self::TABLE, id: m.id };
        let row = AllocationRow {
            line: 0,
            reference: m.reference,
            date: m.allocated_on,
            to: region(m.to_region),
            item: s.item(&m.item_code)?,
            quantity: s.quantity(m.quantity)?,
            note: m.note,
        };
        Ok((m.id, row))
    }
    async fn after_insert(db: &DatabaseTransaction, rows: &[Self]) -> Result<(), StoreError> {
        let mut allocated: BTreeMap<(&RegionCode, Item), (i64, i64)> = BTreeMap::new();
        for r in rows {
            allocated.entry((&r.to, r.item)).or_default().0 += r.quantity.get();
        }
        totals::add_central(db, allocated).await?;
        Ok(())
    }
    fn encode(&self, _book: Option<i64>, _actor: &str) -> Vec<Value> {
        vec![
            self.reference.as_str().into(),
            self.date.into(),
            self.to.as_str().into(),
            self.item.as_str().into(),
            self.quantity.get().into(),
            self.note.clone().into(),
        ]
    }
}
