//! A small world for tests: a few regions of Jawa Barat and Banten, a fixed today.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::super::{ErrorCode, ImportContext, Kind, Row, Summary, parse_file};
use crate::domain::region::RegionCode;

pub struct World {
    pub today: NaiveDate,
    pub regions: HashSet<RegionCode>,
    pub scope: Option<RegionCode>,
}

impl World {
    pub fn new() -> Self {
        let codes = ["32", "32.16", "32.16.01", "32.16.02", "32.17", "32.17.01", "36", "36.01", "36.01.01"];
        Self {
            today: NaiveDate::from_ymd_opt(2022, 11, 30).unwrap(),
            regions: codes.iter().map(|c| RegionCode::parse(c).unwrap()).collect(),
            scope: None,
        }
    }

    /// An uploader who may only touch rows inside `code` (by the row's scope column).
    pub fn scoped(code: &str) -> Self {
        Self { scope: Some(RegionCode::parse(code).unwrap()), ..Self::new() }
    }
}

impl ImportContext for World {
    fn today(&self) -> NaiveDate {
        self.today
    }

    fn region_exists(&self, code: &RegionCode) -> bool {
        self.regions.contains(code)
    }

    fn in_scope(&self, row: &Row) -> Result<crate::domain::auth::Grant, crate::domain::auth::Denied> {
        let Some(home) = &self.scope else { return Ok(crate::domain::auth::Grant::Whole) };
        let inside = match row {
            Row::Shipment(r) => home.contains(&r.from),
            Row::Allocation(r) => home.contains(&r.to),
            Row::Procurement(_) => false,
            Row::Print(r) => home.contains(&r.region),
            Row::Backlog(r) => home.contains(&r.region),
            Row::StockCount(r) => home.contains(&r.region),
            Row::Outage(r) => home.contains(&r.region),
            Row::Complaint(r) => home.contains(&r.region),
        };
        if inside {
            Ok(crate::domain::auth::Grant::Whole)
        } else {
            Err(crate::domain::auth::Denied(format!("di luar {home}")))
        }
    }
}

/// Parses `text` as `kind` against the default world.
pub fn run(kind: Kind, text: &str) -> (Vec<Row>, Summary) {
    run_in(&World::new(), kind, text.as_bytes())
}

pub fn run_in(world: &World, kind: Kind, bytes: &[u8]) -> (Vec<Row>, Summary) {
    let mut rows = Vec::new();
    let summary = parse_file(kind, bytes, world, |r| rows.push(r)).unwrap();
    (rows, summary)
}

/// The (line, column, code) of every error.
pub fn codes(summary: &Summary) -> Vec<(u64, String, ErrorCode)> {
    summary.errors.errors.iter().map(|e| (e.line, e.column.clone(), e.code)).collect()
}

/// Asserts exactly one error, with this line, column and code; returns its message.
pub fn only_error(kind: Kind, text: &str, line: u64, column: &str, code: ErrorCode) -> String {
    let (rows, summary) = run(kind, text);
    assert_eq!(codes(&summary), vec![(line, column.to_string(), code)], "{text}");
    let error = &summary.errors.errors[0];
    assert!(!error.message.is_empty());
    let _ = rows;
    error.message.clone()
}
