//! Stored shipments as domain values: the lookup of the dispatch a receipt confirms, and the write
//! of receipt details onto it.

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::Table;
use crate::domain::csv_import::ShipmentRow;
use crate::domain::records::{Receipt, Shipment};
use crate::domain::region::RegionCode;
use crate::store::StoreError;
use crate::store::entities::shipments;

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
    let mut rows = find_shipment(db, reference, from, addressed_within).await?;
    match rows.len() {
        0 => Err(StoreError::NotFound(format!(
            "pengiriman {reference} ke wilayah Anda tidak ditemukan; periksa nomor referensi dan asalnya"
        ))),
        // The batch's own decoder, so a stored row means the same here as in an upload.
        1 => Ok(ShipmentRow::decode(rows.swap_remove(0))?.1.shipment()),
        _ => Err(StoreError::BadInput(format!(
            "nomor referensi {reference} dipakai lebih dari satu pengirim; sebutkan asal (from)"
        ))),
    }
}
