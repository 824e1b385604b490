//! What the pure importer asks of the outside world: today, which regions exist, and whether
//! the uploader may write a row (the same role rules as single records, `domain::auth`).

use std::collections::HashSet;

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};

use crate::domain::auth::{Denied, Grant, Principal};
use crate::domain::csv_import::{ImportContext, Row};
use crate::domain::region::RegionCode;
use crate::store::regions;

/// Region codes held in memory (about 7,800) so validation needs no query per cell.
#[derive(Clone)]
pub struct UploadContext {
    today: NaiveDate,
    regions: HashSet<String>,
    who: Principal,
}

impl UploadContext {
    /// For one record: only the regions it names are looked up (`texts` as sent, any style).
    pub async fn for_record<C: ConnectionTrait>(
        db: &C,
        who: &Principal,
        today: NaiveDate,
        texts: &[&str],
    ) -> Result<Self, DbErr> {
        let codes: Vec<RegionCode> = texts.iter().filter_map(|t| RegionCode::parse(t).ok()).collect();
        let regions = regions::existing(db, &codes).await?.into_iter().map(|r| r.to_string()).collect();
        Ok(Self { today, regions, who: who.clone() })
    }

    pub async fn load<C: ConnectionTrait>(db: &C, who: &Principal, today: NaiveDate) -> Result<Self, DbErr> {
        let regions = regions::all(db).await?.into_iter().map(|r| r.code.to_string()).collect();
        Ok(Self { today, regions, who: who.clone() })
    }
}

impl ImportContext for UploadContext {
    fn today(&self) -> NaiveDate {
        self.today
    }

    fn region_exists(&self, code: &RegionCode) -> bool {
        self.regions.contains(code.as_str())
    }

    fn in_scope(&self, row: &Row) -> Result<Grant, Denied> {
        self.who.authorize(row.needs())
    }
}
