//! What the importer needs to know from outside: today, the regions, the uploader's scope.

use chrono::NaiveDate;

use super::rows::Row;
use crate::domain::auth::{Denied, Grant};
use crate::domain::region::RegionCode;

/// Facts the store supplies for validation. Calls are per cell or per row, so keep them
/// cheap (an in-memory set of region codes, not a query). `region_exists` is asked once per
/// distinct cell text in a file, `in_scope` once per otherwise valid row.
pub trait ImportContext {
    /// The uploader's today (Asia/Jakarta); a later date is `future_date`.
    fn today(&self) -> NaiveDate;

    /// Whether a region has this code. Never asked for `PUSAT`, which always exists.
    fn region_exists(&self, code: &RegionCode) -> bool;

    /// Whether the uploader may write this row (SPEC §9), and what of it: the one role check of
    /// an upload row, whose `Grant` the row keeps; a refusal gives `out_of_scope` with its reason. The store answers with the role table of `domain::auth`, as for single records.
    fn in_scope(&self, row: &Row) -> Result<Grant, Denied>;
}

impl<T: ImportContext + ?Sized> ImportContext for &T {
    fn today(&self) -> NaiveDate {
        (**self).today()
    }

    fn region_exists(&self, code: &RegionCode) -> bool {
        (**self).region_exists(code)
    }

    fn in_scope(&self, row: &Row) -> Result<Grant, Denied> {
        (**self).in_scope(row)
    }
}
