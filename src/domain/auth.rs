//! Roles and region scope (SPEC §9): who may read and write what.

use serde::{Deserialize, Serialize};

use super::region::{Level, RegionCode};

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Pusat,
    Provinsi,
    Kabkota,
    Pimpinan,
}

impl Role {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().as_str() {
            "pusat" => Some(Role::Pusat),
            "provinsi" => Some(Role::Provinsi),
            "kabkota" => Some(Role::Kabkota),
            "pimpinan" => Some(Role::Pimpinan),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Pusat => "pusat",
            Role::Provinsi => "provinsi",
            Role::Kabkota => "kabkota",
            Role::Pimpinan => "pimpinan",
        }
    }

    /// Checks the region a new user of this role is bound to.
    pub fn check_region(self, region: Option<&RegionCode>) -> Result<Option<RegionCode>, String> {
        match (self, region) {
            (Role::Pusat, None) => Ok(None),
            (Role::Pusat, Some(r)) if r.is_pusat() => Ok(None),
            (Role::Pusat, Some(_)) => Err("peran pusat tidak terikat wilayah: hapus --region".into()),
            (_, None) => Err(format!("peran {} memerlukan --region KODE", self.as_str())),
            (Role::Provinsi, Some(r)) if r.level() != Level::Provinsi => {
                Err(format!("peran provinsi memerlukan kode provinsi (misalnya 32), bukan {r}"))
            }
            (Role::Kabkota, Some(r)) if r.level() != Level::Kabkota => {
                Err(format!("peran kabkota memerlukan kode kabupaten/kota (misalnya 32.16), bukan {r}"))
            }
            (_, Some(r)) => Ok(Some(r.clone())),
        }
    }
}

/// The caller of a request, resolved from their token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Principal {
    pub name: String,
    pub role: Role,
    /// `None` for `pusat`: everything.
    pub region: Option<RegionCode>,
}

/// A write the caller wants to make.
#[derive(Debug, Clone, Copy)]
pub enum Action<'a> {
    Procure,
    Allocate,
    Ship {
        from: &'a RegionCode,
        to: &'a RegionCode,
    },
    Receive {
        to: &'a RegionCode,
    },
    /// Prints, backlog, stock counts and outages: the office's own records.
    Record {
        region: &'a RegionCode,
    },
}

/// Why a caller may not do something.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Denied(pub String);

impl Principal {
    /// True when the caller may read data of `region`.
    pub fn can_read(&self, region: &RegionCode) -> bool {
        match &self.region {
            None => true,
            Some(scope) => scope.contains(region),
        }
    }

    fn in_scope(&self, region: &RegionCode) -> bool {
        self.role != Role::Pimpinan && self.can_read(region)
    }

    /// Read check with the message a user sees.
    pub fn check_read(&self, region: &RegionCode) -> Result<(), Denied> {
        if self.can_read(region) { Ok(()) } else { Err(self.outside(region)) }
    }

    fn outside(&self, region: &RegionCode) -> Denied {
        let scope = self.region.as_ref().map_or_else(|| "semua".to_string(), ToString::to_string);
        Denied(format!(
            "wilayah {region} di luar cakupan pengguna {} (peran {}, wilayah {scope})",
            self.name,
            self.role.as_str()
        ))
    }

    fn role_denied(&self, what: &str) -> Denied {
        Denied(format!("peran {} tidak boleh {what}", self.role.as_str()))
    }

    /// Write check for a shipment record: the right to send it, or — when the record carries its
    /// receipt — the receiver's right to confirm it (a kabupaten/kota recording a delivery from
    /// the centre). Uploads and single records both ask this.
    pub fn check_shipment(&self, from: &RegionCode, to: &RegionCode, with_receipt: bool) -> Result<(), Denied> {
        match self.check(Action::Ship { from, to }) {
            Err(denied) if with_receipt => self.check(Action::Receive { to }).map_err(|_| denied),
            other => other,
        }
    }

    /// Write check for one action.
    pub fn check(&self, action: Action<'_>) -> Result<(), Denied> {
        if self.role == Role::Pusat {
            return Ok(());
        }
        match action {
            Action::Procure => Err(self.role_denied("mencatat pengadaan (hanya pusat)")),
            Action::Allocate => Err(self.role_denied("mencatat alokasi (hanya pusat)")),
            Action::Ship { from, to } => match self.role {
                Role::Provinsi if self.in_scope(from) || self.in_scope(to) => Ok(()),
                Role::Provinsi => Err(self.outside(if self.in_scope(from) { to } else { from })),
                Role::Kabkota => {
                    let own = self.region.as_ref();
                    if own != Some(from) {
                        return Err(Denied(format!(
                            "pengguna kabupaten/kota hanya boleh mengirim dari kantornya sendiri ({}), bukan dari {from}",
                            own.map_or("-", RegionCode::as_str)
                        )));
                    }
                    let to_own_kecamatan = to.level() == Level::Kecamatan && self.in_scope(to);
                    if to_own_kecamatan || to.level() == Level::Kabkota {
                        Ok(())
                    } else {
                        Err(Denied(format!(
                            "pengguna kabupaten/kota hanya boleh mengirim ke kecamatannya sendiri atau meminjamkan ke kabupaten/kota lain, bukan ke {to}"
                        )))
                    }
                }
                _ => Err(self.role_denied("mencatat pengiriman")),
            },
            Action::Receive { to } => match self.role {
                Role::Provinsi | Role::Kabkota if self.in_scope(to) => Ok(()),
                Role::Provinsi | Role::Kabkota => Err(self.outside(to)),
                _ => Err(self.role_denied("mencatat penerimaan")),
            },
            Action::Record { region } => match self.role {
                Role::Kabkota if self.in_scope(region) => Ok(()),
                Role::Kabkota => Err(self.outside(region)),
                _ => Err(self.role_denied("mencatat data kantor kabupaten/kota (hanya kabkota atau pusat)")),
            },
        }
    }
}

/// The actor of writes made at the console without `--as` (imports, `blanko user ...`).
pub const CLI_ACTOR: &str = "cli";
/// The actor of the bundled demo history loaded by `blanko serve --demo`.
pub const DEMO_ACTOR: &str = "demo";
/// The actor of writes the system makes on its own.
pub const SYSTEM_ACTOR: &str = "system";

/// Names the system writes under: a user so named would be confused with it in the ledger and audit log.
pub const RESERVED_USER_NAMES: [&str; 3] = [CLI_ACTOR, DEMO_ACTOR, SYSTEM_ACTOR];

/// Whether `name` is one of [`RESERVED_USER_NAMES`] (in any letter case).
pub fn is_reserved_user_name(name: &str) -> bool {
    RESERVED_USER_NAMES.iter().any(|r| r.eq_ignore_ascii_case(name.trim()))
}

#[cfg(test)]
mod tests {
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
        assert!(p.can_read(&code("36.01.01")));
    }

    #[test]
    fn kabkota_scope() {
        let k = user(Role::Kabkota, Some("32.16"));
        let (kab, kec, other) = (code("32.16"), code("32.16.01"), code("32.17"));
        assert!(k.check(Action::Record { region: &kec }).is_ok());
        assert!(k.check(Action::Record { region: &other }).is_err());
        assert!(k.check(Action::Ship { from: &kab, to: &kec }).is_ok());
        assert!(k.check(Action::Ship { from: &kab, to: &other }).is_ok(), "a loan it sends");
        assert!(k.check(Action::Ship { from: &other, to: &kab }).is_err());
        assert!(k.check(Action::Ship { from: &kab, to: &code("32.17.01") }).is_err());
        assert!(k.check(Action::Receive { to: &kab }).is_ok());
        let pusat = RegionCode::pusat();
        assert!(k.check_shipment(&pusat, &kab, true).is_ok(), "a delivery it received");
        assert!(k.check_shipment(&pusat, &kab, false).is_err(), "a dispatch from the centre");
        assert!(k.check_shipment(&pusat, &other, true).is_err());
        assert!(k.check(Action::Procure).is_err());
        assert!(!k.can_read(&other));
    }

    #[test]
    fn provinsi_and_pimpinan() {
        let p = user(Role::Provinsi, Some("32"));
        assert!(p.check(Action::Ship { from: &RegionCode::pusat(), to: &code("32.16") }).is_ok());
        assert!(p.check(Action::Ship { from: &code("36.01"), to: &code("33.01") }).is_err());
        assert!(p.check(Action::Record { region: &code("32.16") }).is_err());
        let r = user(Role::Pimpinan, Some("32.16"));
        assert!(r.can_read(&code("32.16.01")));
        assert!(r.check(Action::Record { region: &code("32.16") }).is_err());
        assert!(r.check(Action::Receive { to: &code("32.16") }).is_err());
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
}
