//! The forecast every screen, report and command shows: the one forecast function over the
//! store's inputs, per office pool, with the roll-ups of provinces and the nation.

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};

use crate::domain::calendar::WorkCalendar;
use crate::domain::forecast::backtest::{BacktestParams, BacktestReport, backtest as replay};
use crate::domain::forecast::rollup::{Rollup, rollup};
use crate::domain::forecast::{Forecast, ForecastInput, ForecastParams, forecast};
use crate::domain::item::Item;
use crate::domain::region::{Level, Region, RegionCode};
use crate::store;
use crate::store::forecast::Records;

/// The forecast of one region as every screen shows it: an office pool's own forecast
/// (kabupaten/kota, kecamatan) or the roll-up of its kabupaten/kota (provinsi, PUSAT).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RegionForecast {
    pub region: RegionCode,
    pub name: String,
    pub level: &'static str,
    /// Present for a kabupaten/kota or kecamatan with any record.
    pub forecast: Option<Forecast>,
    /// Present for a provinsi or PUSAT with any record (neither for a region without data).
    pub rollup: Option<Rollup>,
}

/// A region's forecast and each child's, made by the one forecast function.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ForecastView {
    pub as_of: NaiveDate,
    pub params: ForecastParams,
    pub region: RegionForecast,
    pub children: Vec<RegionForecast>,
}

/// Every record the forecasts below `scope` at `as_of` need, read once.
async fn records<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    as_of: NaiveDate,
    params: &ForecastParams,
    cal: &WorkCalendar,
) -> Result<Records, DbErr> {
    store::forecast::records(db, scope, params.history_start(as_of, cal), as_of).await
}

/// The forecast of each unit pooled from `records`, with whether it has any data at all.
fn forecasts(
    records: &Records,
    units: &[RegionCode],
    params: &ForecastParams,
    cal: &WorkCalendar,
) -> Vec<(Forecast, bool)> {
    records.inputs(units, cal).iter().map(|i| (forecast(i, params, cal), has_data(i))).collect()
}

/// False for a unit that never held or used anything: left out of roll-ups, where it would
/// count as an office that has run out.
fn has_data(i: &ForecastInput) -> bool {
    i.items.iter().any(|it| {
        it.on_hand > 0 || !it.incoming.is_empty() || it.history.iter().any(|d| d.consumed > 0 || d.closing_stock > 0)
    })
}

/// Stock held by an office itself (not below it) at the end of `as_of`: the reserve of a roll-up.
async fn own_stock<C: ConnectionTrait>(db: &C, office: &RegionCode, as_of: NaiveDate) -> Result<i64, DbErr> {
    store::ledger::balance_at(db, office, Item::Blanko, as_of).await
}

/// The region's forecast and its children's at `as_of`.
#[tracing::instrument(skip(db, params), fields(region = %region.code))]
pub async fn view<C: ConnectionTrait>(
    db: &C,
    region: &Region,
    as_of: NaiveDate,
    params: &ForecastParams,
) -> Result<ForecastView, DbErr> {
    let cal = store::forecast::calendar(db).await?;
    let kids = store::regions::children(db, &region.code).await?;
    let office = |r: &Region, f: Forecast| RegionForecast {
        region: r.code.clone(),
        name: r.name.clone(),
        level: r.level.as_str(),
        forecast: Some(f),
        rollup: None,
    };
    let pooled = |r: &Region, x: Rollup| RegionForecast {
        region: r.code.clone(),
        name: r.name.clone(),
        level: r.level.as_str(),
        forecast: None,
        rollup: Some(x),
    };
    // A region without any record gets neither: showing it as "habis" would be a false alarm.
    let blank = |r: &Region| RegionForecast {
        region: r.code.clone(),
        name: r.name.clone(),
        level: r.level.as_str(),
        forecast: None,
        rollup: None,
    };
    let (me, children) = match region.level {
        Level::Kabkota | Level::Kecamatan => {
            // One read of the subtree, pooled twice: the whole of it as one unit, then per kecamatan.
            let all = records(db, &region.code, as_of, params, &cal).await?;
            let own = forecasts(&all, std::slice::from_ref(&region.code), params, &cal);
            let codes: Vec<RegionCode> = kids.iter().map(|k| k.code.clone()).collect();
            let theirs = forecasts(&all, &codes, params, &cal);
            let me = office(region, own.into_iter().next().expect("one unit, one forecast").0);
            (me, kids.iter().zip(theirs).map(|(k, (f, d))| if d { office(k, f) } else { blank(k) }).collect())
        }
        Level::Provinsi => {
            let codes: Vec<RegionCode> = kids.iter().map(|k| k.code.clone()).collect();
            let theirs = forecasts(&records(db, &region.code, as_of, params, &cal).await?, &codes, params, &cal);
            let reserve = own_stock(db, &region.code, as_of).await?;
            let members: Vec<&Forecast> = theirs.iter().filter(|(_, d)| *d).map(|(f, _)| f).collect();
            let me = pooled(region, rollup(region.code.clone(), as_of, &members, reserve, params.lead_time_days));
            (me, kids.iter().zip(theirs).map(|(k, (f, d))| if d { office(k, f) } else { blank(k) }).collect())
        }
        Level::Pusat => {
            let theirs = kabkota_forecasts(db, &region.code, as_of, params, &cal).await?;
            let mut children = Vec::with_capacity(kids.len());
            for province in &kids {
                let members: Vec<&Forecast> = theirs
                    .iter()
                    .filter(|(_, f, d)| *d && province.code.contains(&f.region))
                    .map(|(_, f, _)| f)
                    .collect();
                let reserve = own_stock(db, &province.code, as_of).await?;
                children.push(if members.is_empty() && reserve == 0 {
                    blank(province)
                } else {
                    pooled(province, rollup(province.code.clone(), as_of, &members, reserve, params.lead_time_days))
                });
            }
            let reserve = own_stock(db, &region.code, as_of).await?;
            let members: Vec<&Forecast> = theirs.iter().filter(|(_, _, d)| *d).map(|(_, f, _)| f).collect();
            (pooled(region, rollup(region.code.clone(), as_of, &members, reserve, params.lead_time_days)), children)
        }
    };
    Ok(ForecastView { as_of, params: *params, region: me, children })
}

/// The forecast of every kabupaten/kota below `scope` (each pooled with its kecamatan), with
/// whether it has any data at all.
pub async fn kabkota_forecasts<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    as_of: NaiveDate,
    params: &ForecastParams,
    cal: &WorkCalendar,
) -> Result<Vec<(Region, Forecast, bool)>, DbErr> {
    let all: Vec<Region> = store::regions::all(db)
        .await?
        .into_iter()
        .filter(|r| r.level == Level::Kabkota && scope.contains(&r.code))
        .collect();
    let codes: Vec<RegionCode> = all.iter().map(|r| r.code.clone()).collect();
    let theirs = forecasts(&records(db, scope, as_of, params, cal).await?, &codes, params, cal);
    Ok(all.into_iter().zip(theirs).map(|(r, (f, d))| (r, f, d)).collect())
}

/// `blanko backtest`: replays the recorded history of every kabupaten/kota in the region (or of
/// the region itself), up to `to` or the last entry. `None` when the region has no ledger entry.
pub async fn backtest<C: ConnectionTrait>(
    db: &C,
    region: &Region,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    params: &ForecastParams,
) -> Result<Option<BacktestReport>, DbErr> {
    let units: Vec<RegionCode> = match region.level {
        Level::Kabkota | Level::Kecamatan => vec![region.code.clone()],
        _ => store::regions::all(db)
            .await?
            .into_iter()
            .filter(|r| r.level == Level::Kabkota && region.code.contains(&r.code))
            .map(|r| r.code)
            .collect(),
    };
    let Some((first, last)) = store::forecast::ledger_span(db, &region.code).await? else {
        return Ok(None);
    };
    let cal = store::forecast::calendar(db).await?;
    let offices = store::forecast::histories(db, &region.code, &units, first, to.unwrap_or(last).min(last)).await?;
    let offices: Vec<_> = offices.into_iter().filter(|o| o.history.iter().any(|d| d.consumed > 0)).collect();
    let bt = BacktestParams { from, to, ..BacktestParams::default() };
    Ok(Some(replay(&offices, params, &bt, &cal)))
}
