//! `blanko seed`: regions, items and holidays from seed-data/ (compiled in). Idempotent: running it
//! again updates names and adds what is missing.

use chrono::NaiveDate;
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{ConnectionTrait, DbErr, TransactionTrait};

use super::entities::{holidays, items, regions};
use crate::domain::item::Item;
use crate::domain::region::{Level, PUSAT, RegionCode};

const WILAYAH: &str = include_str!("../../seed-data/wilayah.csv");
const HARI_LIBUR: &str = include_str!("../../seed-data/hari_libur.csv");
const CHUNK: usize = 2000;

/// What a seed run loaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedSummary {
    pub regions: usize,
    pub holidays: usize,
    pub items: usize,
}

/// A region row of wilayah.csv.
#[derive(Debug, Clone)]
pub struct SeedRegion {
    pub code: RegionCode,
    pub name: String,
    pub level: Level,
    pub parent: Option<RegionCode>,
}

/// Parses the bundled wilayah.csv (plus PUSAT).
pub fn bundled_regions() -> Result<Vec<SeedRegion>, String> {
    let mut out = vec![SeedRegion {
        code: RegionCode::pusat(),
        name: "Ditjen Dukcapil (Pusat)".into(),
        level: Level::Pusat,
        parent: None,
    }];
    let mut rdr = csv::Reader::from_reader(WILAYAH.as_bytes());
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| format!("wilayah.csv baris {}: {e}", i + 2))?;
        let code = RegionCode::parse(&rec[0]).map_err(|e| e.to_string())?;
        let level = match &rec[2] {
            "provinsi" => Level::Provinsi,
            "kabupaten" | "kota" => Level::Kabkota,
            "kecamatan" => Level::Kecamatan,
            other => {
                return Err(format!("wilayah.csv baris {}: tingkat '{other}' tidak dikenal", i + 2));
            }
        };
        let parent = if rec[3].is_empty() {
            Some(RegionCode::pusat())
        } else {
            Some(RegionCode::parse(&rec[3]).map_err(|e| e.to_string())?)
        };
        out.push(SeedRegion { code, name: rec[1].to_string(), level, parent });
    }
    Ok(out)
}

/// Parses the bundled holiday list.
pub fn bundled_holidays() -> Vec<(NaiveDate, String)> {
    let mut rdr = csv::Reader::from_reader(HARI_LIBUR.as_bytes());
    rdr.records()
        .filter_map(Result::ok)
        .filter_map(|r| Some((NaiveDate::parse_from_str(&r[0], "%Y-%m-%d").ok()?, r[1].to_string())))
        .collect()
}

/// Loads everything in one transaction.
pub async fn seed<C: TransactionTrait + ConnectionTrait>(db: &C) -> Result<SeedSummary, DbErr> {
    let regions_list = bundled_regions().map_err(DbErr::Custom)?;
    let holiday_list = bundled_holidays();
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    for chunk in regions_list.chunks(CHUNK) {
        let mut q = Query::insert();
        q.into_table(regions::Entity)
            .columns([
                regions::Column::Code,
                regions::Column::Name,
                regions::Column::Level,
                regions::Column::ParentCode,
            ])
            .on_conflict(
                OnConflict::column(regions::Column::Code)
                    .update_columns([regions::Column::Name, regions::Column::Level, regions::Column::ParentCode])
                    .to_owned(),
            );
        for r in chunk {
            let parent: Option<String> = r.parent.as_ref().map(ToString::to_string);
            q.values_panic([r.code.as_str().into(), r.name.as_str().into(), r.level.as_str().into(), parent.into()]);
        }
        txn.execute(backend.build(&q)).await?;
    }
    let mut q = Query::insert();
    q.into_table(items::Entity)
        .columns([items::Column::Code, items::Column::Name, items::Column::CardsPerUnit])
        .on_conflict(
            OnConflict::column(items::Column::Code)
                .update_columns([items::Column::Name, items::Column::CardsPerUnit])
                .to_owned(),
        );
    for item in Item::ALL {
        q.values_panic([item.as_str().into(), item.label().into(), item.cards_per_unit().into()]);
    }
    txn.execute(backend.build(&q)).await?;
    let mut q = Query::insert();
    q.into_table(holidays::Entity)
        .columns([holidays::Column::Date, holidays::Column::Name])
        .on_conflict(OnConflict::column(holidays::Column::Date).update_column(holidays::Column::Name).to_owned());
    for (d, n) in &holiday_list {
        q.values_panic([(*d).into(), n.as_str().into()]);
    }
    txn.execute(backend.build(&q)).await?;
    txn.commit().await?;
    debug_assert_eq!(regions_list[0].code.as_str(), PUSAT);
    Ok(SeedSummary { regions: regions_list.len(), holidays: holiday_list.len(), items: Item::ALL.len() })
}

/// True when no region has been loaded yet.
pub async fn is_empty<C: ConnectionTrait>(db: &C) -> Result<bool, DbErr> {
    use sea_orm::{EntityTrait, PaginatorTrait};
    Ok(regions::Entity::find().count(db).await? == 0)
}
