//! Region lookups.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::entities::regions;
use super::sql::{stmt, string_agg};
use crate::domain::region::{Level, Region, RegionCode};

fn level(stored: &str) -> Level {
    match stored {
        "pusat" => Level::Pusat,
        "provinsi" => Level::Provinsi,
        "kecamatan" => Level::Kecamatan,
        _ => Level::Kabkota,
    }
}

fn to_domain(m: regions::Model) -> Region {
    Region {
        level: level(&m.level),
        code: RegionCode::from_trusted(m.code),
        name: m.name,
        parent: m.parent_code.map(RegionCode::from_trusted),
    }
}

/// One region, if it exists.
pub async fn get<C: ConnectionTrait>(db: &C, code: &RegionCode) -> Result<Option<Region>, DbErr> {
    Ok(regions::Entity::find_by_id(code.as_str().to_string()).one(db).await?.map(to_domain))
}

/// A region and its direct children (by code), in one query and one row (every API read of a
/// position begins here; on SQLite each row is a hand-over between threads); `None` when it does
/// not exist. Each region is packed as `code level parent length name` (`-`: no parent; the
/// name's length in characters, so any name reads back whole), comma-separated.
pub async fn with_children<C: ConnectionTrait>(
    db: &C,
    code: &RegionCode,
) -> Result<Option<(Region, Vec<Region>)>, DbErr> {
    let backend = db.get_database_backend();
    let packed = string_agg(
        backend,
        "code || ' ' || level || ' ' || COALESCE(parent_code, '-') || ' ' || CAST(LENGTH(name) AS TEXT) || ' ' || name",
    );
    let sql = format!("SELECT {packed} AS regions FROM regions WHERE code = ? OR parent_code = ?");
    let row = db.query_one(stmt(backend, &sql, vec![code.as_str().into(), code.as_str().into()])).await?;
    let packed: Option<String> = row.map(|r| r.try_get("", "regions")).transpose()?.flatten();
    let mut all =
        unpack(packed.as_deref().unwrap_or("")).ok_or_else(|| DbErr::Custom("data wilayah tersimpan rusak".into()))?;
    all.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    let (me, children): (Vec<Region>, Vec<Region>) = all.into_iter().partition(|r| &r.code == code);
    Ok(me.into_iter().next().map(|r| (r, children)))
}

/// The regions [`with_children`] packed; `None` when the text is malformed.
fn unpack(mut rest: &str) -> Option<Vec<Region>> {
    let mut out = Vec::new();
    while !rest.is_empty() {
        let mut field = || {
            let (f, tail) = rest.split_once(' ')?;
            rest = tail;
            Some(f)
        };
        let (code, stored_level, parent, chars) = (field()?, field()?, field()?, field()?.parse::<usize>().ok()?);
        let end = rest.char_indices().nth(chars).map_or(rest.len(), |(i, _)| i);
        let name = rest.get(..end)?;
        if name.chars().count() != chars {
            return None;
        }
        out.push(Region {
            code: RegionCode::from_trusted(code.to_string()),
            name: name.to_string(),
            level: level(stored_level),
            parent: (parent != "-").then(|| RegionCode::from_trusted(parent.to_string())),
        });
        rest = &rest[end..];
        if !rest.is_empty() {
            rest = rest.strip_prefix(',')?;
        }
    }
    Some(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpacks_any_name_whole() {
        let packed = "32.16 kabkota 32 16 Kabupaten Bekasi,32.16.01 kecamatan 32.16 10 A, b 'c' é,PUSAT pusat - 0 ";
        let regions = unpack(packed).expect("well formed");
        let names: Vec<&str> = regions.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Kabupaten Bekasi", "A, b 'c' é", ""]);
        assert_eq!(regions[1].parent.as_ref().map(RegionCode::as_str), Some("32.16"));
        assert_eq!(regions[1].level, Level::Kecamatan);
        assert!(regions[2].parent.is_none());
        assert!(unpack("32.16 kabkota 32 40 Kabupaten Bekasi").is_none());
        assert!(unpack("").is_some_and(|r| r.is_empty()));
    }
}
