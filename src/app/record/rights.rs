//! The one role check of a single record (SPEC §9), made on the fields as sent, before they are
//! validated: a refusal is a 403 even when the record has other faults.

use crate::domain::auth::{Action, Denied, Grant, Principal};
use crate::domain::csv_import::{Field, Kind};
use crate::domain::region::RegionCode;

/// Whether `field` names a region (looked up before validation).
pub(super) fn is_place(field: Field) -> bool {
    matches!(field, Field::From | Field::To | Field::Region)
}

/// What `who` may write of a record of `kind` with these values. A region that does not parse is
/// not checked here: validation answers it (422 `unknown_region`), as in an upload.
pub(super) fn authorize(who: &Principal, kind: Kind, values: &[(Field, String)]) -> Result<Grant, Denied> {
    let text = |field| values.iter().find(|(f, _)| *f == field).map_or("", |(_, v)| v.trim());
    let region = |field| RegionCode::parse(text(field)).ok();
    let whole = |checked: Result<(), Denied>| checked.map(|()| Grant::Whole);
    match kind {
        Kind::Procurements => whole(who.check(Action::Procure)),
        Kind::Allocations => whole(who.check(Action::Allocate)),
        Kind::Shipments => match (region(Field::From), region(Field::To)) {
            (Some(from), Some(to)) => {
                let with_receipt = !text(Field::ReceivedOn).is_empty() || !text(Field::ReceivedQuantity).is_empty();
                who.check_shipment(&from, &to, with_receipt)
            }
            _ => Ok(Grant::Whole),
        },
        Kind::Prints | Kind::Backlog | Kind::StockCounts | Kind::Outages => match region(Field::Region) {
            Some(region) => whole(who.check(Action::Record { region: &region })),
            None => Ok(Grant::Whole),
        },
    }
}
