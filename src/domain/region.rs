//! Region codes of Kemendagri (`32`, `32.16`, `32.16.01`) and the centre, `PUSAT`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The code of the centre's pseudo-region.
pub const PUSAT: &str = "PUSAT";

/// Administrative level of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Ditjen Dukcapil, the central warehouse.
    Pusat,
    Provinsi,
    /// A kabupaten or a kota (same level, same rules).
    Kabkota,
    Kecamatan,
}

impl Level {
    /// The name used in the database and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Pusat => "pusat",
            Level::Provinsi => "provinsi",
            Level::Kabkota => "kabkota",
            Level::Kecamatan => "kecamatan",
        }
    }

    /// Indonesian label for messages.
    pub fn label(self) -> &'static str {
        match self {
            Level::Pusat => "pusat",
            Level::Provinsi => "provinsi",
            Level::Kabkota => "kabupaten/kota",
            Level::Kecamatan => "kecamatan",
        }
    }
}

/// A parsed region code, always stored in dotted form (`32.16.01`) or `PUSAT`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

/// Why a text is not a region code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "kode wilayah '{0}' tidak valid: gunakan kode Kemendagri seperti 32, 32.16, 32.16.01 (atau 3216, 321601) atau PUSAT"
)]
pub struct BadRegionCode(pub String);

impl RegionCode {
    /// Parses `32`, `32.16`, `3216`, `32.16.01`, `321601` or `PUSAT` (any case, surrounding spaces ignored).
    pub fn parse(text: &str) -> Result<Self, BadRegionCode> {
        let t = text.trim();
        if t.eq_ignore_ascii_case(PUSAT) {
            return Ok(Self(PUSAT.to_string()));
        }
        let bad = || BadRegionCode(t.to_string());
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return Err(bad());
        }
        let parts: Vec<&str> = if t.contains('.') {
            t.split('.').collect()
        } else {
            // Undotted: 2 digits per level.
            if !t.len().is_multiple_of(2) {
                return Err(bad());
            }
            (0..t.len() / 2).map(|i| &t[2 * i..2 * i + 2]).collect()
        };
        if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.len() != 2) {
            return Err(bad());
        }
        Ok(Self(parts.join(".")))
    }

    /// The centre.
    pub fn pusat() -> Self {
        Self(PUSAT.to_string())
    }

    /// Builds a code from trusted storage without checking it.
    pub fn from_trusted(code: String) -> Self {
        Self(code)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_pusat(&self) -> bool {
        self.0 == PUSAT
    }

    /// The level implied by the code's shape.
    pub fn level(&self) -> Level {
        if self.is_pusat() {
            return Level::Pusat;
        }
        match self.0.split('.').count() {
            1 => Level::Provinsi,
            2 => Level::Kabkota,
            _ => Level::Kecamatan,
        }
    }

    /// The parent by code (`32.16.01` → `32.16` → `32` → `PUSAT`); `None` for `PUSAT`.
    pub fn parent(&self) -> Option<RegionCode> {
        if self.is_pusat() {
            return None;
        }
        match self.0.rfind('.') {
            Some(i) => Some(Self(self.0[..i].to_string())),
            None => Some(Self::pusat()),
        }
    }

    /// The kabupaten/kota this region is or lies in (`32.16.01` → `32.16`); `None` for a province
    /// or `PUSAT`.
    pub fn kabkota(&self) -> Option<RegionCode> {
        match self.level() {
            Level::Kabkota => Some(self.clone()),
            Level::Kecamatan => self.parent(),
            Level::Pusat | Level::Provinsi => None,
        }
    }

    /// The code and each ancestor's below `PUSAT`, nearest first (`32.16.01`, `32.16`, `32`); none
    /// for `PUSAT`. Slices of the code: nothing is allocated.
    pub fn lineage(&self) -> impl Iterator<Item = &str> {
        let code = if self.is_pusat() { "" } else { self.0.as_str() };
        std::iter::successors((!code.is_empty()).then_some(code), |c| c.rfind('.').map(|i| &c[..i]))
    }

    /// True when `other` is this region or lies below it. `PUSAT` contains every region.
    pub fn contains(&self, other: &RegionCode) -> bool {
        if self.is_pusat() {
            return true;
        }
        other.0 == self.0
            || (other.0.len() > self.0.len()
                && other.0.starts_with(&self.0)
                && other.0.as_bytes()[self.0.len()] == b'.')
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for RegionCode {
    type Error = BadRegionCode;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<RegionCode> for String {
    fn from(value: RegionCode) -> Self {
        value.0
    }
}

/// A region as known to blanko.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
    pub level: Level,
    pub parent: Option<RegionCode>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kabkota_and_lineage() {
        let kec = RegionCode::parse("32.16.01").unwrap();
        assert_eq!(kec.kabkota().unwrap().as_str(), "32.16");
        assert_eq!(RegionCode::parse("32.16").unwrap().kabkota().unwrap().as_str(), "32.16");
        assert_eq!(RegionCode::parse("32").unwrap().kabkota(), None);
        assert_eq!(RegionCode::pusat().kabkota(), None);
        assert_eq!(kec.lineage().collect::<Vec<_>>(), ["32.16.01", "32.16", "32"]);
        assert_eq!(RegionCode::pusat().lineage().count(), 0);
    }

    #[test]
    fn parses_dotted_and_undotted() {
        assert_eq!(RegionCode::parse("3216").unwrap().as_str(), "32.16");
        assert_eq!(RegionCode::parse(" 32.16.01 ").unwrap().as_str(), "32.16.01");
        assert_eq!(RegionCode::parse("321601").unwrap().as_str(), "32.16.01");
        assert_eq!(RegionCode::parse("32").unwrap().as_str(), "32");
        assert_eq!(RegionCode::parse("pusat").unwrap().as_str(), "PUSAT");
    }

    #[test]
    fn rejects_malformed() {
        for bad in ["", "3", "321", "32.1", "32..16", "32.16.01.0001", "ab", "32-16", "32.16."] {
            assert!(RegionCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hierarchy() {
        let kec = RegionCode::parse("32.16.01").unwrap();
        let kab = RegionCode::parse("32.16").unwrap();
        let prov = RegionCode::parse("32").unwrap();
        assert_eq!(kec.level(), Level::Kecamatan);
        assert_eq!(kec.parent().unwrap(), kab);
        assert_eq!(prov.parent().unwrap(), RegionCode::pusat());
        assert!(prov.contains(&kec));
        assert!(kab.contains(&kab));
        assert!(!kab.contains(&RegionCode::parse("32.17.01").unwrap()));
        assert!(!prov.contains(&RegionCode::parse("33.01").unwrap()));
        assert!(RegionCode::pusat().contains(&kec));
    }
}
