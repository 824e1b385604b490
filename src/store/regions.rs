//! Region lookups.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::entities::regions;
use crate::domain::region::{Level, Region, RegionCode};

fn to_domain(m: regions::Model) -> Region {
    let level = match m.level.as_str() {
        "pusat" => Level::Pusat,
        "provinsi" => Level::Provinsi,
        "kecamatan" => Level::Kecamatan,
        _ => Level::Kabkota,
    };
    Region {
        code: RegionCode::from_trusted(m.code),
        name: m.name,
        level,
        parent: m.parent_code.map(RegionCode::from_trusted),
    }
}

/// One region, if it exists.
pub async fn get<C: ConnectionTrait>(db: &C, code: &RegionCode) -> Result<Option<Region>, DbErr> {
    Ok(regions::Entity::find_by_id(code.as_str().to_string()).one(db).await?.map(to_domain))
}

/// A region and its direct children (by code), in one query; `None` when it does not exist.
pub async fn with_children<C: ConnectionTrait>(
    db: &C,
    code: &RegionCode,
) -> Result<Option<(Region, Vec<Region>)>, DbErr> {
    let (me, children): (Vec<Region>, Vec<Region>) = regions::Entity::find()
        .filter(regions::Column::Code.eq(code.as_str()).or(regions::Column::ParentCode.eq(code.as_str())))
        .order_by_asc(regions::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(to_domain)
        .partition(|r| &r.code == code);
    Ok(me.into_iter().next().map(|r| (r, children)))
}

/// The direct children of a region, by code.
pub async fn children<C: ConnectionTrait>(db: &C, parent: &RegionCode) -> Result<Vec<Region>, DbErr> {
    Ok(regions::Entity::find()
        .filter(regions::Column::ParentCode.eq(parent.as_str()))
        .order_by_asc(regions::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(to_domain)
        .collect())
}

/// Every region, by code (about 7,800 rows: cheap enough to hold for an upload's validation).
pub async fn all<C: ConnectionTrait>(db: &C) -> Result<Vec<Region>, DbErr> {
    Ok(regions::Entity::find().order_by_asc(regions::Column::Code).all(db).await?.into_iter().map(to_domain).collect())
}

/// Which of `codes` exist (for checking one record without loading every region).
pub async fn existing<C: ConnectionTrait>(db: &C, codes: &[RegionCode]) -> Result<Vec<RegionCode>, DbErr> {
    let wanted: Vec<String> = codes.iter().map(ToString::to_string).collect();
    Ok(regions::Entity::find()
        .filter(regions::Column::Code.is_in(wanted))
        .all(db)
        .await?
        .into_iter()
        .map(|m| RegionCode::from_trusted(m.code))
        .collect())
}
