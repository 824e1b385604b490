//! Stored shipments as domain values: the lookup of the dispatch a receipt confirms, and the write
//! of receipt details onto it.

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::domain::item::Item;
use crate::domain::quantity::Quantity;
use crate::domain::records::{Receipt, Shipment};
use crate::domain::region::RegionCode;
use crate::store::StoreError;
use crate::store::entities::shipments;

fn item_of(code: &str) -> Result<Item, StoreError> {
    Item::parse(code).map_err(|e| StoreError::Corrupt(format!("barang tersimpan '{code}': {e}")))
}

/// A stored count: written through `Quantity`, so one outside its range is corrupt data.
fn count(value: i64, column: &str) -> Result<Quantity, StoreError> {
    Quantity::new(value).map_err(|e| StoreError::Corrupt(format!("shipments.{column} = {value}: {e}")))
}

/// The stored shipment as a domain value.
pub fn shipment_from_row(m: &shipments::Model) -> Result<Shipment, StoreError> {
    let receipt = match (m.received_on, m.received_quantity) {
        (Some(received_on), Some(received)) => Some(Receipt {
            received_on,
            received_quantity: count(received, "received_quantity")?,
            damaged_quantity: count(m.damaged_quantity.unwrap_or(0), "damaged_quantity")?,
        }),
        _ => None,
    };
    Ok(Shipment {
        reference: m.reference.clone(),
        shipped_on: m.shipped_on,
        from: RegionCode::from_trusted(m.from_region.clone()),
        to: RegionCode::from_trusted(m.to_region.clone()),
        item: item_of(&m.item_code)?,
        quantity: count(m.quantity, "quantity")?,
        receipt,
        note: m.note.clone(),
    })
}

async fn find_shipment<C: ConnectionTrait>(
    db: &C,
    reference: &str,
    from: Option<&RegionCode>,
    addressed_within: Option<&RegionCode>,
) -> Result<Vec<shipments::Model>, StoreError> {
    let mut q = shipments::Entity::find().filter(shipments::Column::Reference.eq(reference));
    if let Some(f) = from {
        q = q.filter(shipments::Column::FromRegion.eq(f.as_str()));
    }
    let rows = q.all(db).await?;
    Ok(match addressed_within {
        None => rows,
        Some(scope) => {
            rows.into_iter().filter(|m| scope.contains(&RegionCode::from_trusted(m.to_region.clone()))).collect()
        }
    })
}

/// Writes the receipt details onto a stored shipment (its ledger entries are the caller's job).
pub async fn set_receipt<C: ConnectionTrait>(db: &C, id: i64, r: &Receipt, actor: &str) -> Result<(), StoreError> {
    shipments::ActiveModel {
        id: Set(id),
        received_on: Set(Some(r.received_on)),
        received_quantity: Set(Some(r.received_quantity.get())),
        damaged_quantity: Set(Some(r.damaged_quantity.get())),
        received_by: Set(Some(actor.into())),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// The shipment a receipt confirms, among those addressed to `addressed_within` (the caller's
/// scope; `None` for the centre); `from` is needed only when two senders used the same reference.
pub async fn shipment_for_receipt<C: ConnectionTrait>(
    db: &C,
    reference: &str,
    from: Option<&RegionCode>,
    addressed_within: Option<&RegionCode>,
) -> Result<Shipment, StoreError> {
    let rows = find_shipment(db, reference, from, addressed_within).await?;
    match rows.len() {
        0 => Err(StoreError::NotFound(format!(
            "pengiriman {reference} ke wilayah Anda tidak ditemukan; periksa nomor referensi dan asalnya"
        ))),
        1 => shipment_from_row(&rows[0]),
        _ => Err(StoreError::BadInput(format!(
            "nomor referensi {reference} dipakai lebih dari satu pengirim; sebutkan asal (from)"
        ))),
    }
}
