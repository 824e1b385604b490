//! The role table of `Principal::check` and `check_shipment`.

use super::*;

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn user(role: Role, region: Option<&str>) -> Principal {
    Principal { name: "u".into(), role, region: region.map(code) }
}

#[test]
fn pusat_may_everything() {
    let p = user(Role::Pusat, None);
    assert!(p.check(Action::Procure).is_ok());
    assert_eq!(p.check_shipment(&code("36.01"), &code("32.16"), true), Ok(Grant::Whole));
    assert!(p.can_read(&code("36.01.01")));
}

#[test]
fn kabkota_scope() {
    let k = user(Role::Kabkota, Some("32.16"));
    let (kab, kec, other) = (code("32.16"), code("32.16.01"), code("32.17"));
    assert!(k.check(Action::Record { region: &kec }).is_ok());
    assert!(k.check(Action::Record { region: &other }).is_err());
    assert!(k.check(Action::Dispatch { from: &kab, to: &kec }).is_ok());
    assert!(k.check(Action::Dispatch { from: &kab, to: &other }).is_ok(), "a loan it sends");
    assert!(k.check(Action::Dispatch { from: &kab, to: &kab }).is_err(), "not to itself");
    assert!(k.check(Action::Dispatch { from: &other, to: &kab }).is_err(), "a neighbour's book");
    assert!(k.check(Action::Dispatch { from: &kec, to: &kab }).is_err());
    assert!(k.check(Action::Dispatch { from: &kab, to: &code("32.17.01") }).is_err());
    assert!(k.check(Action::Receive { to: &kab }).is_ok());
    assert!(k.check(Action::Procure).is_err());
    assert!(!k.can_read(&other));
}

#[test]
fn shipment_halves_need_their_own_rights() {
    let k = user(Role::Kabkota, Some("32.16"));
    let (pusat, kab, kec, other) = (RegionCode::pusat(), code("32.16"), code("32.16.01"), code("32.17"));
    // The hole of issue 8: a kabupaten/kota recording a delivery from the centre in one go.
    assert!(k.check_shipment(&pusat, &kab, false).is_err(), "a dispatch from the centre");
    assert_eq!(k.check_shipment(&pusat, &kab, true), Ok(Grant::ReceiptOfRecordedDispatch));
    assert!(k.check_shipment(&other, &kab, false).is_err(), "debiting a neighbour");
    assert_eq!(k.check_shipment(&other, &kab, true), Ok(Grant::ReceiptOfRecordedDispatch));
    // A sender never confirms its own loan.
    assert_eq!(k.check_shipment(&kab, &other, false), Ok(Grant::Whole));
    assert!(k.check_shipment(&kab, &other, true).is_err());
    // Both halves its own: office to its kecamatan.
    assert_eq!(k.check_shipment(&kab, &kec, true), Ok(Grant::Whole));
    assert!(k.check_shipment(&pusat, &other, true).is_err());
}

#[test]
fn provinsi_dispatches_only_from_its_own_or_from_pusat_to_its_own() {
    let p = user(Role::Provinsi, Some("32"));
    let pusat = RegionCode::pusat();
    assert_eq!(p.check_shipment(&pusat, &code("32.16"), false), Ok(Grant::Whole));
    assert_eq!(p.check_shipment(&pusat, &code("32.16"), true), Ok(Grant::Whole));
    assert!(p.check_shipment(&pusat, &code("36.01"), false).is_err());
    assert_eq!(p.check_shipment(&code("32.16"), &code("36.01"), false), Ok(Grant::Whole));
    assert!(p.check_shipment(&code("32.16"), &code("36.01"), true).is_err(), "receipt is Banten's");
    assert!(p.check_shipment(&code("36.01"), &code("32.16"), false).is_err(), "another province's book");
    assert_eq!(p.check_shipment(&code("36.01"), &code("32.16"), true), Ok(Grant::ReceiptOfRecordedDispatch));
    assert!(p.check_shipment(&code("36.01"), &code("33.01"), false).is_err());
    assert!(p.check(Action::Record { region: &code("32.16") }).is_err());
    assert!(p.check(Action::Allocate).is_err());
}

#[test]
fn pimpinan_reads_only() {
    let r = user(Role::Pimpinan, Some("32.16"));
    assert!(r.can_read(&code("32.16.01")));
    assert!(!r.may_receive_anything());
    assert!(r.check(Action::Record { region: &code("32.16") }).is_err());
    assert!(r.check(Action::Receive { to: &code("32.16") }).is_err());
    assert!(r.check_shipment(&code("32.16"), &code("32.16.01"), false).is_err());
}

#[test]
fn user_region_must_fit_role() {
    assert!(Role::Kabkota.check_region(Some(&code("32"))).is_err());
    assert!(Role::Kabkota.check_region(None).is_err());
    assert!(Role::Pusat.check_region(None).unwrap().is_none());
    assert!(Role::Pimpinan.check_region(Some(&code("32.16.01"))).is_ok());
}

#[test]
fn reserved_user_names() {
    assert!(is_reserved_user_name("cli") && is_reserved_user_name(" Demo ") && is_reserved_user_name("SYSTEM"));
    assert!(!is_reserved_user_name("demo-pusat"));
}
