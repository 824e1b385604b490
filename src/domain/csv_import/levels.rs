//! Which administrative levels each region column takes, and which shipment routes make sense.
//!
//! - shipments: `asal` any level (PUSAT, provinsi, kabupaten/kota, kecamatan); `tujuan`
//!   provinsi, kabupaten/kota or kecamatan, never PUSAT (the centre's stock rises only by
//!   procurement, SPEC §3); sender and receiver differ; a kecamatan exchanges stock only with
//!   its own kabupaten/kota (receives from it, returns to it). Every other pair is allowed:
//!   PUSAT → provinsi/kabkota, provinsi → kabkota, kabkota → kabkota (a loan), returns upward.
//! - allocations: `tujuan` provinsi or kabupaten/kota.
//! - prints, outages and complaints: kabupaten/kota or kecamatan (the offices that print).
//! - backlog: kecamatan.
//! - stock-counts: any level, PUSAT included (the central warehouse is counted too).

use super::field::Field;
use super::kind::Kind;
use super::messages_rows::RouteProblem;
use crate::domain::region::{Level, RegionCode};

const ANY: &[Level] = &[Level::Pusat, Level::Provinsi, Level::Kabkota, Level::Kecamatan];
const BELOW_PUSAT: &[Level] = &[Level::Provinsi, Level::Kabkota, Level::Kecamatan];
const ALLOCATABLE: &[Level] = &[Level::Kabkota, Level::Provinsi];
const OFFICES: &[Level] = &[Level::Kabkota, Level::Kecamatan];
const KECAMATAN: &[Level] = &[Level::Kecamatan];

/// The levels `field` of `kind` accepts; the first is the one suggested in messages.
pub fn allowed_levels(kind: Kind, field: Field) -> &'static [Level] {
    match (kind, field) {
        (Kind::Shipments, Field::To) => BELOW_PUSAT,
        (Kind::Allocations, _) => ALLOCATABLE,
        (Kind::Prints | Kind::Outages | Kind::Complaints, _) => OFFICES,
        (Kind::Backlog, _) => KECAMATAN,
        _ => ANY,
    }
}

/// Why `from` cannot ship to `to`, if it cannot (levels already checked).
pub fn route_problem(from: &RegionCode, to: &RegionCode) -> Option<RouteProblem> {
    if from == to {
        return Some(RouteProblem::SameRegion);
    }
    if to.level() == Level::Kecamatan && to.parent().as_ref() != Some(from) {
        return Some(RouteProblem::KecamatanReceivesFromItsKabkota);
    }
    if from.level() == Level::Kecamatan && from.parent().as_ref() != Some(to) {
        return Some(RouteProblem::KecamatanSendsToItsKabkota);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> RegionCode {
        RegionCode::parse(text).unwrap()
    }

    #[test]
    fn routes() {
        assert_eq!(route_problem(&code("PUSAT"), &code("32.16")), None);
        assert_eq!(route_problem(&code("32.16"), &code("32.17")), None);
        assert_eq!(route_problem(&code("32.16"), &code("32.16.01")), None);
        assert_eq!(route_problem(&code("32.16.01"), &code("32.16")), None);
        assert_eq!(route_problem(&code("32.16"), &code("32.16")), Some(RouteProblem::SameRegion));
        assert_eq!(
            route_problem(&code("32.17"), &code("32.16.01")),
            Some(RouteProblem::KecamatanReceivesFromItsKabkota)
        );
        assert_eq!(
            route_problem(&code("32.16.01"), &code("32.16.02")),
            Some(RouteProblem::KecamatanReceivesFromItsKabkota)
        );
        assert_eq!(route_problem(&code("32.16.01"), &code("32")), Some(RouteProblem::KecamatanSendsToItsKabkota));
    }
}
