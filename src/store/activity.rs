//! When each office last reported (issue 11): the latest day of prints of each kabupaten/kota and
//! the latest backlog report among its kecamatan, on or before a date. A late reporter must be
//! visible as late, not read as an office with stock to spare.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};

use super::sql::{and_subtree, query_all};
use crate::domain::region::RegionCode;

/// The latest report dates of one kabupaten/kota.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LastReport {
    pub prints: Option<NaiveDate>,
    pub backlog: Option<NaiveDate>,
}

/// Per kabupaten/kota in the subtree of `scope` (or `scope`'s own when it is one): its latest
/// prints and backlog dates on or before `as_of`. Offices that never reported are absent.
pub async fn last_reports<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    as_of: NaiveDate,
) -> Result<BTreeMap<RegionCode, LastReport>, DbErr> {
    let mut out: BTreeMap<RegionCode, LastReport> = BTreeMap::new();
    let mut v = vec![as_of.into()];
    let f = and_subtree("region_code", scope, &mut v);
    let sql = format!(
        "SELECT region_code, MAX(print_date) AS d FROM daily_prints WHERE print_date <= ?{f} GROUP BY region_code"
    );
    for r in query_all(db, &sql, v).await? {
        let code = RegionCode::from_trusted(r.try_get("", "region_code")?);
        out.entry(code).or_default().prints = r.try_get("", "d")?;
    }
    // A kecamatan code is its kabupaten/kota's code and two more digits: `32.16.01` → `32.16`.
    let mut v = vec![as_of.into()];
    let f = and_subtree("region_code", scope, &mut v);
    let sql = format!(
        "SELECT SUBSTR(region_code, 1, 5) AS office, MAX(snapshot_date) AS d FROM backlog_snapshots \
         WHERE snapshot_date <= ?{f} GROUP BY SUBSTR(region_code, 1, 5)"
    );
    for r in query_all(db, &sql, v).await? {
        let code = RegionCode::from_trusted(r.try_get("", "office")?);
        out.entry(code).or_default().backlog = r.try_get("", "d")?;
    }
    Ok(out)
}
