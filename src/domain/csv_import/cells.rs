//! Reading one record's cells into typed values, collecting an error per bad cell.

use chrono::NaiveDate;
use csv::ByteRecord;
use rustc_hash::FxHashMap;

use super::columns::Columns;
use super::context::ImportContext;
use super::dates::parse_date;
use super::error::RowError;
use super::field::Field;
use super::kind::Kind;
use super::levels::allowed_levels;
use super::numbers::{Hours, NumberError, parse_hours, parse_whole};
use crate::domain::item::Item;
use crate::domain::limits::EARLIEST_DATE;
use crate::domain::quantity::{Quantity, QuantityError};
use crate::domain::region::RegionCode;

/// Trims ASCII white space and the no-break spaces spreadsheets leave around numbers.
pub(crate) fn trim_cell(mut cell: &[u8]) -> &[u8] {
    loop {
        cell = cell.trim_ascii();
        if let Some(rest) = cell.strip_prefix(b"\xC2\xA0").or_else(|| cell.strip_prefix(b"\xE2\x80\xAF")) {
            cell = rest;
        } else if let Some(rest) = cell.strip_suffix(b"\xC2\xA0").or_else(|| cell.strip_suffix(b"\xE2\x80\xAF")) {
            cell = rest;
        } else {
            return cell;
        }
    }
}

/// What a region cell turned out to be; cached per distinct cell text.
#[derive(Debug, Clone)]
pub(crate) enum RegionLookup {
    Found(RegionCode),
    Malformed,
    Unknown(RegionCode),
}

/// Region cells seen in this file, so a million rows over a few hundred regions parse each
/// code once. Bounded: past `CAP` distinct texts new ones are looked up without caching.
#[derive(Debug, Default)]
pub(crate) struct RegionCache(FxHashMap<Box<[u8]>, RegionLookup>);

impl RegionCache {
    const CAP: usize = 50_000;

    fn lookup(&mut self, raw: &[u8], ctx: &impl ImportContext) -> RegionLookup {
        if let Some(hit) = self.0.get(raw) {
            return hit.clone();
        }
        let found = match RegionCode::parse(&String::from_utf8_lossy(raw)) {
            Err(_) => RegionLookup::Malformed,
            Ok(code) if code.is_pusat() || ctx.region_exists(&code) => RegionLookup::Found(code),
            Ok(code) => RegionLookup::Unknown(code),
        };
        if self.0.len() < Self::CAP {
            self.0.insert(raw.into(), found.clone());
        }
        found
    }
}

/// One record being read: typed getters push an error for each bad cell and return `None`.
pub(crate) struct Cells<'a, C> {
    pub kind: Kind,
    pub columns: &'a Columns,
    pub record: &'a ByteRecord,
    pub line: u64,
    pub ctx: &'a C,
    pub today: NaiveDate,
    pub regions: &'a mut RegionCache,
    pub errors: Vec<RowError>,
}

impl<'a, C: ImportContext> Cells<'a, C> {
    /// The trimmed cell of `field`; empty when the column or the cell is missing.
    pub fn raw(&self, field: Field) -> &'a [u8] {
        let record: &'a ByteRecord = self.record;
        self.columns.index(field).and_then(|i| record.get(i)).map_or(&[][..], trim_cell)
    }

    /// The cell as text, for error values.
    pub fn value(&self, field: Field) -> String {
        String::from_utf8_lossy(self.raw(field)).into_owned()
    }

    /// The header of `field` as written in the file.
    pub fn name(&self, field: Field) -> &str {
        self.columns.name(field)
    }

    /// Records an error about `field`, built from its line, column and value.
    pub fn fail(&mut self, field: Field, make: impl FnOnce(u64, &str, &str) -> RowError) {
        let error = make(self.line, self.columns.name(field), &self.value(field));
        self.errors.push(error);
    }

    /// The non-empty cell of `field`; `None` when empty, with a `missing_value` error if required.
    fn present(&mut self, field: Field, required: bool) -> Option<&'a [u8]> {
        let raw = self.raw(field);
        if raw.is_empty() && required {
            let error = RowError::missing_value(self.line, self.columns.name(field), field);
            self.errors.push(error);
        }
        (!raw.is_empty()).then_some(raw)
    }

    /// Free text; `None` when empty. Invalid UTF-8 is replaced by U+FFFD (visible, not dropped).
    pub fn text(&self, field: Field) -> Option<String> {
        let raw = self.raw(field);
        (!raw.is_empty()).then(|| String::from_utf8_lossy(raw).into_owned())
    }

    pub fn required_text(&mut self, field: Field) -> Option<String> {
        self.present(field, true)?;
        self.text(field)
    }

    pub fn date(&mut self, field: Field, required: bool) -> Option<NaiveDate> {
        let raw = self.present(field, required)?;
        let Some(date) = parse_date(raw) else {
            self.fail(field, RowError::bad_date);
            return None;
        };
        if date < EARLIEST_DATE {
            self.fail(field, RowError::date_too_early);
            return None;
        }
        if date > self.today {
            let today = self.today;
            self.fail(field, |l, c, v| RowError::future_date(l, c, v, today));
            return None;
        }
        Some(date)
    }

    pub fn quantity(&mut self, field: Field, required: bool) -> Option<Quantity> {
        let raw = self.present(field, required)?;
        match parse_whole(raw).map(Quantity::new) {
            Ok(Ok(q)) => Some(q),
            Err(NumberError::Negative) | Ok(Err(QuantityError::Negative(_))) => {
                self.fail(field, RowError::negative_quantity);
                None
            }
            Err(NumberError::TooLarge) | Ok(Err(QuantityError::TooLarge(_))) => {
                self.fail(field, RowError::too_large);
                None
            }
            Err(NumberError::Bad | NumberError::OutOfRange) => {
                self.fail(field, RowError::bad_number);
                None
            }
        }
    }

    pub fn hours(&mut self, field: Field) -> Option<Hours> {
        let raw = self.present(field, true)?;
        match parse_hours(raw) {
            Ok(h) => Some(h),
            Err(NumberError::Negative) => {
                self.fail(field, RowError::negative_quantity);
                None
            }
            Err(NumberError::OutOfRange) => {
                self.fail(field, RowError::hours_out_of_range);
                None
            }
            Err(NumberError::Bad | NumberError::TooLarge) => {
                self.fail(field, RowError::bad_hours);
                None
            }
        }
    }

    /// Empty means blanko.
    pub fn item(&mut self, field: Field) -> Option<Item> {
        let raw = self.raw(field);
        if raw.is_empty() {
            return Some(Item::Blanko);
        }
        // Fast path for the usual spellings; the full parser allocates.
        let quick = Item::ALL.into_iter().find(|i| raw.eq_ignore_ascii_case(i.as_str().as_bytes()));
        if let Some(item) = quick.or_else(|| Item::parse(&String::from_utf8_lossy(raw)).ok()) {
            return Some(item);
        }
        self.fail(field, RowError::unknown_item);
        None
    }

    /// A cell that must be one of a fixed list (`parse` finds it, `names` lists the choices for the
    /// message); `None` when empty (with `missing_value` if required) or not in the list.
    pub fn choice<T>(
        &mut self,
        field: Field,
        required: bool,
        parse: impl FnOnce(&str) -> Option<T>,
        names: impl FnOnce() -> String,
    ) -> Option<T> {
        let raw = self.present(field, required)?;
        let found = parse(&String::from_utf8_lossy(raw));
        if found.is_none() {
            self.fail(field, |l, c, v| RowError::unknown_value(l, c, v, &names()));
        }
        found
    }

    /// A required region cell: well-formed, known, and of a level the column takes.
    pub fn region(&mut self, field: Field) -> Option<RegionCode> {
        let raw = self.present(field, true)?;
        let code = match self.regions.lookup(raw, self.ctx) {
            RegionLookup::Found(code) => code,
            RegionLookup::Malformed => {
                self.fail(field, RowError::bad_region_code);
                return None;
            }
            RegionLookup::Unknown(code) => {
                self.fail(field, |l, c, v| RowError::unknown_region(l, c, v, &code));
                return None;
            }
        };
        let allowed = allowed_levels(self.kind, field);
        if !allowed.contains(&code.level()) {
            let kind = self.kind;
            self.fail(field, |l, c, v| RowError::wrong_level(l, c, v, &code, kind, allowed));
            return None;
        }
        Some(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_spaces_and_nbsp() {
        assert_eq!(trim_cell(b"  12 500 \t"), b"12 500");
        assert_eq!(trim_cell("\u{a0}12.500\u{a0} ".as_bytes()), b"12.500");
        assert_eq!(trim_cell(b"   "), b"");
    }
}
