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

/// One write right of SPEC §9: the unit the role table speaks of. A shipment record is two
/// halves, each with its own right: the dispatch lowers the sender, the receipt raises the receiver.
#[derive(Debug, Clone, Copy)]
pub enum Action<'a> {
    Procure,
    Allocate,
    /// The dispatch half of a shipment: takes stock from `from`.
    Dispatch {
        from: &'a RegionCode,
        to: &'a RegionCode,
    },
    /// The receipt half of a shipment: adds stock to `to`.
    Receive {
        to: &'a RegionCode,
    },
    /// Prints, backlog, stock counts and outages: an office's own records.
    Record {
        region: &'a RegionCode,
    },
}

/// What a record asks of the role table: the kinds of SPEC §5 reduced to the rights of §9.
#[derive(Debug, Clone, Copy)]
pub enum Needs<'a> {
    Procure,
    Allocate,
    /// A shipment: its dispatch, and its receipt when it carries one.
    Shipment {
        from: &'a RegionCode,
        to: &'a RegionCode,
        with_receipt: bool,
    },
    /// Prints, backlog, stock counts, outages: the office's own records.
    Office {
        region: &'a RegionCode,
    },
}

/// What a caller may write of a shipment record, once both halves are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// Every half the record carries is the caller's to write.
    Whole,
    /// Only its receipt: the caller may confirm what arrived, but the dispatch must already be
    /// recorded by its sender (the store checks that before writing).
    ReceiptOfRecordedDispatch,
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

    /// True when the caller may confirm receipts at all (before any shipment is looked up).
    pub fn may_receive_anything(&self) -> bool {
        matches!(self.role, Role::Pusat | Role::Provinsi | Role::Kabkota)
    }

    /// The rights a shipment record needs (SPEC §5, §9). A dispatch alone needs the sender's
    /// right. A record with a receipt needs the receiving side's right, never the sender's alone;
    /// if the caller also holds the dispatch right it may record both halves at once, otherwise
    /// only the receipt of a dispatch its sender already recorded.
    pub fn check_shipment(&self, from: &RegionCode, to: &RegionCode, with_receipt: bool) -> Result<Grant, Denied> {
        if !with_receipt {
            self.check(Action::Dispatch { from, to })?;
            return Ok(Grant::Whole);
        }
        self.check(Action::Receive { to })?;
        Ok(match self.check(Action::Dispatch { from, to }) {
            Ok(()) => Grant::Whole,
            Err(_) => Grant::ReceiptOfRecordedDispatch,
        })
    }

    /// The one decision for a record, however it arrived (a single POST, an upload row, a
    /// receipt): what it needs, judged by the role table.
    pub fn authorize(&self, needs: Needs<'_>) -> Result<Grant, Denied> {
        let whole = |checked: Result<(), Denied>| checked.map(|()| Grant::Whole);
        match needs {
            Needs::Procure => whole(self.check(Action::Procure)),
            Needs::Allocate => whole(self.check(Action::Allocate)),
            Needs::Shipment { from, to, with_receipt } => self.check_shipment(from, to, with_receipt),
            Needs::Office { region } => whole(self.check(Action::Record { region })),
        }
    }

    /// The role table of SPEC §9: whether the caller holds one right.
    pub fn check(&self, action: Action<'_>) -> Result<(), Denied> {
        match (self.role, action) {
            (Role::Pusat, _) => Ok(()),
            (Role::Pimpinan, _) => Err(self.role_denied("mencatat apa pun (hanya membaca)")),
            (_, Action::Procure) => Err(self.role_denied("mencatat pengadaan (hanya pusat)")),
            (_, Action::Allocate) => Err(self.role_denied("mencatat alokasi (hanya pusat)")),
            (Role::Provinsi, Action::Dispatch { from, to }) => self.provinsi_dispatch(from, to),
            (Role::Kabkota, Action::Dispatch { from, to }) => self.kabkota_dispatch(from, to),
            (Role::Provinsi | Role::Kabkota, Action::Receive { to }) => {
                if self.in_scope(to) {
                    Ok(())
                } else {
                    Err(self.outside(to))
                }
            }
            (Role::Kabkota, Action::Record { region }) => {
                if self.in_scope(region) {
                    Ok(())
                } else {
                    Err(self.outside(region))
                }
            }
            (Role::Provinsi, Action::Record { .. }) => {
                Err(self.role_denied("mencatat data kantor kabupaten/kota (hanya kabkota atau pusat)"))
            }
        }
    }

    /// A province dispatches from its own regions, or from `PUSAT` to its regions (the centre's
    /// delivery lists coordinators upload); never from another province.
    fn provinsi_dispatch(&self, from: &RegionCode, to: &RegionCode) -> Result<(), Denied> {
        if self.in_scope(from) {
            return Ok(());
        }
        if from.is_pusat() {
            return if self.in_scope(to) {
                Ok(())
            } else {
                Err(Denied(format!(
                    "pengguna provinsi hanya boleh mencatat kiriman pusat ke wilayahnya sendiri, bukan ke {to}"
                )))
            };
        }
        Err(Denied(format!(
            "pengiriman dari {from} mengurangi stok wilayah di luar cakupan pengguna {}; \
             hanya pengirimnya (atau pusat) yang boleh mencatatnya",
            self.name
        )))
    }

    /// A kabupaten/kota dispatches from its own office: to its kecamatan, or a loan to another
    /// kabupaten/kota.
    fn kabkota_dispatch(&self, from: &RegionCode, to: &RegionCode) -> Result<(), Denied> {
        let own = self.region.as_ref();
        if own != Some(from) {
            return Err(Denied(format!(
                "pengguna kabupaten/kota hanya boleh mengirim dari kantornya sendiri ({}), bukan dari {from}",
                own.map_or("-", RegionCode::as_str)
            )));
        }
        let to_own_kecamatan = to.level() == Level::Kecamatan && self.in_scope(to);
        let loan = to.level() == Level::Kabkota && Some(to) != own;
        if to_own_kecamatan || loan {
            Ok(())
        } else {
            Err(Denied(format!(
                "pengguna kabupaten/kota hanya boleh mengirim ke kecamatannya sendiri atau meminjamkan ke kabupaten/kota lain, bukan ke {to}"
            )))
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
mod tests;
