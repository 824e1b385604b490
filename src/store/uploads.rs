//! The `uploads` table: one row per accepted upload (opened when the file starts, completed with
//! its totals at the end, rolled back with everything else when the file is refused).

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::StoreError;
use super::entities::uploads;

/// The totals an upload ends with.
pub struct Totals<'a> {
    pub sha256: &'a str,
    pub rows: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// One accepted upload as listed in the history (`GET /uploads`).
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = UploadOut)]
pub struct Upload {
    pub id: i64,
    pub kind: String,
    pub actor: String,
    pub sha256: String,
    pub rows: i64,
    pub inserted: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub created_at: DateTime<Utc>,
}

/// Opens the upload row (totals still zero) and returns its id.
pub async fn open(txn: &DatabaseTransaction, kind: &str, actor: &str) -> Result<i64, StoreError> {
    let row = uploads::ActiveModel {
        kind: Set(kind.into()),
        actor: Set(actor.into()),
        sha256: Set(String::new()),
        rows: Set(0),
        inserted: Set(0),
        updated: Set(0),
        unchanged: Set(0),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(row.id)
}

/// Writes the totals of a finished upload.
pub async fn finish(txn: &DatabaseTransaction, id: i64, t: &Totals<'_>) -> Result<(), StoreError> {
    uploads::ActiveModel {
        id: Set(id),
        sha256: Set(t.sha256.into()),
        rows: Set(t.rows as i64),
        inserted: Set(t.inserted as i64),
        updated: Set(t.updated as i64),
        unchanged: Set(t.unchanged as i64),
        ..Default::default()
    }
    .update(txn)
    .await?;
    Ok(())
}

/// The latest 500 uploads, newest first; of one actor, or of everyone for `None`.
pub async fn list<C: ConnectionTrait>(db: &C, actor: Option<&str>) -> Result<Vec<Upload>, StoreError> {
    let mut q = uploads::Entity::find().order_by_desc(uploads::Column::Id).limit(500);
    if let Some(a) = actor {
        q = q.filter(uploads::Column::Actor.eq(a));
    }
    Ok(q.all(db)
        .await?
        .into_iter()
        .map(|u| Upload {
            id: u.id,
            kind: u.kind,
            actor: u.actor,
            sha256: u.sha256,
            rows: u.rows,
            inserted: u.inserted,
            updated: u.updated,
            unchanged: u.unchanged,
            created_at: u.created_at,
        })
        .collect())
}
