//! The upload rights of SPEC §9 as a pure rule, for `ImportContext::in_scope` to call.

use super::rows::Row;
use crate::domain::region::{Level, RegionCode};

/// The uploader's role (mirror of the user roles of SPEC §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploaderRole {
    Pusat,
    Provinsi,
    Kabkota,
    Pimpinan,
}

/// Whether a user of `role` over `home` may upload `row`:
/// - pusat: everything;
/// - provinsi: shipments whose sender or receiver lies in its province; nothing else;
/// - kabkota: prints, backlog, stock counts and outages inside its area; shipments sent from
///   its area to its own kecamatan or to another kabupaten/kota (a loan); receipts of
///   shipments addressed to its area;
/// - pimpinan: nothing (read only).
///
/// `home` is the user's region; a non-pusat role without one may upload nothing.
pub fn permits(role: UploaderRole, home: Option<&RegionCode>, row: &Row) -> bool {
    let Some(home) = home else {
        return role == UploaderRole::Pusat;
    };
    match role {
        UploaderRole::Pusat => true,
        UploaderRole::Pimpinan => false,
        UploaderRole::Provinsi => match row {
            Row::Shipment(s) => home.contains(&s.from) || home.contains(&s.to),
            _ => false,
        },
        UploaderRole::Kabkota => match row {
            Row::Print(r) => home.contains(&r.region),
            Row::Backlog(r) => home.contains(&r.region),
            Row::StockCount(r) => home.contains(&r.region),
            Row::Outage(r) => home.contains(&r.region),
            Row::Shipment(s) => {
                let sends = home.contains(&s.from) && (home.contains(&s.to) || s.to.level() == Level::Kabkota);
                let receives = home.contains(&s.to) && s.receipt.is_some();
                sends || receives
            }
            Row::Allocation(_) | Row::Procurement(_) => false,
        },
    }
}
