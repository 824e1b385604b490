//! Region lookups.

use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QueryOrder, Value};

use super::entities::regions;
use super::sql::{stmt, string_agg, subtree};
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
    let mut values = Vec::new();
    let filter = self_and_children(code, &mut values);
    Ok(split_children(packed(db, filter, values).await?, code))
}

/// Every region of `level` at or below `scope`, by code, in one query and one row.
pub async fn within<C: ConnectionTrait>(db: &C, scope: &RegionCode, level: Level) -> Result<Vec<Region>, DbErr> {
    let mut values = vec![level.as_str().into()];
    let filter = subtree("code", scope, &mut values);
    packed(db, &format!("level = ? AND {filter}"), values).await
}

/// The regions matching `filter`, by code, packed into one row (see [`with_children`]).
async fn packed<C: ConnectionTrait>(db: &C, filter: &str, values: Vec<Value>) -> Result<Vec<Region>, DbErr> {
    let backend = db.get_database_backend();
    let sql = packed_sql(backend, filter);
    let row = db.query_one(stmt(backend, &sql, values)).await?;
    let packed: Option<String> = row.map(|r| r.try_get("", "regions")).transpose()?.flatten();
    from_packed(packed.as_deref())
}

/// `SELECT … AS regions` packing the regions matching `filter` into one text (see [`with_children`]).
pub(super) fn packed_sql(backend: DatabaseBackend, filter: &str) -> String {
    let packed = string_agg(
        backend,
        "code || ' ' || level || ' ' || COALESCE(parent_code, '-') || ' ' || CAST(LENGTH(name) AS TEXT) || ' ' || name",
    );
    format!("SELECT {packed} AS regions FROM regions WHERE {filter}")
}

/// The regions of a [`packed_sql`] text (none for NULL), by code.
pub(super) fn from_packed(packed: Option<&str>) -> Result<Vec<Region>, DbErr> {
    let mut all = unpack(packed.unwrap_or("")).ok_or_else(|| DbErr::Custom("data wilayah tersimpan rusak".into()))?;
    all.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    Ok(all)
}

/// The filter of a region and its direct children, pushing its values.
pub(super) fn self_and_children(code: &RegionCode, values: &mut Vec<Value>) -> &'static str {
    values.extend([code.as_str().into(), code.as_str().into()]);
    "code = ? OR parent_code = ?"
}

/// A region and its children out of their [`from_packed`] list; `None` when the region is absent.
pub(super) fn split_children(all: Vec<Region>, code: &RegionCode) -> Option<(Region, Vec<Region>)> {
    let (me, children): (Vec<Region>, Vec<Region>) = all.into_iter().partition(|r| &r.code == code);
    me.into_iter().next().map(|r| (r, children))
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
