//! The one role check of a single record (SPEC §9), made on the fields as sent, before they are
//! validated: a refusal is a 403 even when the record has other faults.

use crate::domain::auth::{Denied, Grant, Needs, Principal};
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
    let (from, to, office) = (region(Field::From), region(Field::To), region(Field::Region));
    let with_receipt = !text(Field::ReceivedOn).is_empty() || !text(Field::ReceivedQuantity).is_empty();
    let needs = match kind {
        Kind::Procurements => Some(Needs::Procure),
        Kind::Allocations => Some(Needs::Allocate),
        Kind::Shipments => from.as_ref().zip(to.as_ref()).map(|(from, to)| Needs::Shipment { from, to, with_receipt }),
        Kind::Prints | Kind::Backlog | Kind::StockCounts | Kind::Outages | Kind::Complaints => {
            office.as_ref().map(|region| Needs::Office { region })
        }
    };
    // Without a region that parses there is nothing to judge: validation refuses the record (422).
    needs.map_or(Ok(Grant::Whole), |needs| who.authorize(needs))
}
