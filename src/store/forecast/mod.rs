//! Assembles forecast inputs from the database: a handful of grouped queries over the subtree of
//! the region asked about (`queries`), then pooled in memory into *units* (`pool`) — a region whose
//! offices (its own and every office below it) are forecast together, like `/stock`'s `on_hand`. The
//! forecast itself and the view every screen shows are assembled in `app::forecast`.
//!
//! The SQL `SUM`s here cannot overflow: every record holds at most `Quantity::MAX` (10^9, SPEC
//! §10), so a sum would need some 9·10^9 rows to reach `i64::MAX`.

mod pool;
mod queries;

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use super::entities::holidays;
use super::sql::{stmt, subtree};
use crate::domain::calendar::WorkCalendar;
use crate::domain::forecast::backtest::OfficeHistory;
use crate::domain::region::{Level, RegionCode};
pub use queries::Records;

/// The working-day calendar from the holidays in the database.
pub async fn calendar<C: ConnectionTrait>(db: &C) -> Result<WorkCalendar, DbErr> {
    Ok(WorkCalendar::new(holidays::Entity::find().all(db).await?.into_iter().map(|h| h.date)))
}

/// Every record the forecasts of units below `scope` need at the end of `as_of`, with history
/// from `start`: the five queries, run once however many ways the units are then pooled.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn records<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    start: NaiveDate,
    as_of: NaiveDate,
) -> Result<Records, DbErr> {
    let (mut records, not_shipped) = tokio::try_join!(
        queries::movements(db, scope, start, as_of, queries::Receipts::LeadTime),
        queries::not_shipped(db, scope, as_of),
    )?;
    records.not_shipped = not_shipped;
    Ok(records)
}

/// The last day each holder below `scope` reported prints, up to `as_of` (holders that never
/// did are absent); below a province or the nation, each kabupaten/kota's latest with its
/// kecamatan, as the forecast's units there are the kabupaten/kota (`queries::Grain`).
pub async fn last_reports<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    as_of: NaiveDate,
) -> Result<Vec<(RegionCode, NaiveDate)>, DbErr> {
    let per_kabkota = matches!(scope.level(), Level::Pusat | Level::Provinsi);
    super::totals::last_reports(db, scope, as_of, per_kabkota).await
}

/// Whole recorded histories of blanko for each unit (all inside `scope`), for `blanko backtest`.
pub async fn histories<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    units: &[RegionCode],
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<OfficeHistory>, DbErr> {
    Ok(queries::movements(db, scope, start, end, queries::Receipts::All).await?.histories(units))
}

/// The first and last dates of any ledger entry in `scope` (`None` without any).
pub async fn ledger_span<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
) -> Result<Option<(NaiveDate, NaiveDate)>, DbErr> {
    let mut values = Vec::new();
    let filter = subtree("region_code", scope, &mut values);
    let sql = format!("SELECT MIN(day) AS first, MAX(day) AS last FROM stock_days WHERE {filter}");
    let row = db.query_one(stmt(db.get_database_backend(), &sql, values)).await?;
    Ok(row.and_then(|r| {
        Some((r.try_get::<Option<NaiveDate>>("", "first").ok()??, r.try_get::<Option<NaiveDate>>("", "last").ok()??))
    }))
}
