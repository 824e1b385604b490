//! The forecast every screen, report and command shows: the one forecast function over the
//! store's inputs, per office pool, with the roll-ups of provinces and the nation.

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};

use crate::domain::allocation::Loan;
use crate::domain::calendar::WorkCalendar;
use crate::domain::forecast::backtest::{BacktestParams, BacktestReport, backtest as replay};
use crate::domain::forecast::rollup::{ReserveArrival, Rollup, rollup_with_arrivals};
use crate::domain::forecast::what_if::{self, Change};
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
    /// Residents' complaints beside the stock (`app::complaints::annotate`; absent where not asked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complaints: Option<crate::app::complaints::ComplaintSummary>,
}

/// A region's forecast and each child's, made by the one forecast function.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ForecastView {
    pub as_of: NaiveDate,
    pub params: ForecastParams,
    pub region: RegionForecast,
    pub children: Vec<RegionForecast>,
    /// The same forecast under a what-if, beside the base above (only when one is asked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<ScenarioView>,
}

/// A what-if as a user asks it. Every part is optional; together they make one scenario.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct WhatIf {
    /// Every allocation not yet shipped is dispatched today.
    pub ship_allocations: bool,
    /// The province's loan plan (`/allocation-plan?province=`) is carried out today.
    pub apply_loans: bool,
    /// A shipment in transit arrives later.
    pub delay: Option<ShipmentDelay>,
    /// An extra delivery to the region asked about: to its office, or for a province or the
    /// nation to the stock held above its offices.
    pub extra: Option<ExtraDelivery>,
}

/// A shipment in transit, by its delivery note, arriving `days` working days late.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ShipmentDelay {
    pub reference: String,
    pub days: u32,
}

/// `quantity` blanko arriving on `on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ExtraDelivery {
    pub quantity: i64,
    pub on: NaiveDate,
}

impl WhatIf {
    /// True when nothing is asked.
    pub fn is_empty(&self) -> bool {
        *self == WhatIf::default()
    }
}

/// The view under a what-if: every number made the same way as the base's.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ScenarioView {
    pub what_if: WhatIf,
    /// The loans applied, when `apply_loans`.
    pub loans: Vec<Loan>,
    pub region: RegionForecast,
    pub children: Vec<RegionForecast>,
}

/// Why a what-if cannot be answered, or the store failed.
#[derive(Debug, thiserror::Error)]
pub enum ForecastError {
    /// A what-if that does not fit the region (Indonesian message).
    #[error("{0}")]
    BadRequest(String),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What a view changes in each office's input and in the reserve of the region asked about.
struct Tweaks<'a> {
    what_if: &'a WhatIf,
    asked: &'a RegionCode,
    loans: &'a [Loan],
}

impl Tweaks<'_> {
    /// The changes to the forecast input of `unit`.
    fn changes(&self, unit: &RegionCode) -> Vec<Change> {
        let w = self.what_if;
        let mut out = Vec::new();
        if w.ship_allocations {
            out.push(Change::ShipAllocations);
        }
        for loan in self.loans {
            if &loan.from == unit {
                out.push(Change::Send { quantity: loan.quantity });
            }
            if &loan.to == unit {
                out.push(Change::Receive { quantity: loan.quantity });
            }
        }
        if let Some(d) = &w.delay {
            out.push(Change::Delay { reference: d.reference.clone(), days: d.days });
        }
        if let Some(e) = w.extra
            && unit == self.asked
            && unit.level() >= Level::Kabkota
        {
            out.push(Change::Deliver { quantity: e.quantity, on: e.on });
        }
        out
    }

    /// Deliveries to the reserve of the roll-up of `region`.
    fn reserve(&self, region: &RegionCode) -> Vec<ReserveArrival> {
        match self.what_if.extra {
            Some(e) if region == self.asked => vec![ReserveArrival { quantity: e.quantity, on: e.on }],
            _ => Vec::new(),
        }
    }
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

/// Every record the forecasts below `scope` need, with the day each holder last reported prints.
struct Known {
    records: Records,
    last_reports: Vec<(RegionCode, NaiveDate)>,
}

/// What the forecasts below `scope` at `as_of` need, read once.
#[tracing::instrument(level = "debug", skip_all)]
async fn known<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    as_of: NaiveDate,
    params: &ForecastParams,
    cal: &WorkCalendar,
) -> Result<Known, DbErr> {
    let (records, last_reports) =
        tokio::try_join!(records(db, scope, as_of, params, cal), store::forecast::last_reports(db, scope, as_of))?;
    Ok(Known { records, last_reports })
}

/// The last report of a unit: the latest of its holders' (units of one call never nest).
fn last_report(unit: &RegionCode, reports: &[(RegionCode, NaiveDate)]) -> Option<NaiveDate> {
    reports.iter().filter(|(holder, _)| unit.contains(holder)).map(|(_, d)| *d).max()
}

/// The forecast input of each unit, its last report set and the what-if's changes made.
#[tracing::instrument(level = "debug", skip_all)]
fn inputs(
    known: &Known,
    units: &[RegionCode],
    params: &ForecastParams,
    cal: &WorkCalendar,
    tweaks: Option<&Tweaks>,
) -> Vec<ForecastInput> {
    let mut inputs = known.records.inputs(units, cal);
    for input in &mut inputs {
        input.last_report = last_report(&input.region, &known.last_reports);
        if let Some(t) = tweaks {
            *input = what_if::apply(input, &t.changes(&input.region), params, cal);
        }
    }
    inputs
}

/// The forecast of each unit pooled from what is known, with whether it has any data at all.
#[tracing::instrument(level = "debug", skip_all)]
fn forecasts(
    known: &Known,
    units: &[RegionCode],
    params: &ForecastParams,
    cal: &WorkCalendar,
    tweaks: Option<&Tweaks>,
) -> Vec<(Forecast, bool)> {
    inputs(known, units, params, cal, tweaks).iter().map(|i| (forecast(i, params, cal), has_data(i))).collect()
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
    let (me, children) = assemble(db, region, as_of, params, &cal, None).await?;
    Ok(ForecastView { as_of, params: *params, region: me, children, scenario: None })
}

/// [`view`] with the what-if `w` beside the base (none when `w` is empty).
#[tracing::instrument(skip(db, params), fields(region = %region.code))]
pub async fn view_with<C: ConnectionTrait>(
    db: &C,
    region: &Region,
    as_of: NaiveDate,
    params: &ForecastParams,
    w: &WhatIf,
) -> Result<ForecastView, ForecastError> {
    let mut base = view(db, region, as_of, params).await?;
    if w.is_empty() {
        return Ok(base);
    }
    let cal = store::forecast::calendar(db).await?;
    let loans = if w.apply_loans { province_loans(db, region, as_of, params).await? } else { Vec::new() };
    if let Some(d) = &w.delay {
        let known = known(db, &region.code, as_of, params, &cal).await?;
        let regions = store::regions::all(db).await?;
        // Units of one pooling never nest: kabupaten/kota, then kecamatan, each on their own.
        let awaited = [Level::Kabkota, Level::Kecamatan].into_iter().any(|level| {
            let codes: Vec<RegionCode> = regions
                .iter()
                .filter(|r| r.level == level && region.code.contains(&r.code))
                .map(|r| r.code.clone())
                .collect();
            inputs(&known, &codes, params, &cal, None).iter().any(|i| what_if::awaits(i, &d.reference))
        });
        if !awaited {
            return Err(ForecastError::BadRequest(format!(
                "pengiriman {} tidak sedang dalam perjalanan ke {} per {as_of}; periksa nomor surat jalannya",
                d.reference, region.name
            )));
        }
    }
    let tweaks = Tweaks { what_if: w, asked: &region.code, loans: &loans };
    let (me, children) = assemble(db, region, as_of, params, &cal, Some(&tweaks)).await?;
    base.scenario = Some(ScenarioView { what_if: w.clone(), loans, region: me, children });
    Ok(base)
}

/// The loans of the province of `region` (the province's own plan, as `/allocation-plan` makes it).
async fn province_loans<C: ConnectionTrait>(
    db: &C,
    region: &Region,
    as_of: NaiveDate,
    params: &ForecastParams,
) -> Result<Vec<Loan>, ForecastError> {
    let mut code = Some(region.code.clone());
    while let Some(c) = code.as_ref().filter(|c| c.level() > Level::Provinsi) {
        code = c.parent();
    }
    let Some(code) = code.filter(|c| c.level() == Level::Provinsi) else {
        return Err(ForecastError::BadRequest(
            "rencana pinjaman dibuat per provinsi; pilih provinsi atau kabupaten/kota (region=KODE)".into(),
        ));
    };
    let province = store::regions::get(db, &code)
        .await?
        .ok_or_else(|| ForecastError::BadRequest(format!("provinsi {code} tidak dikenal")))?;
    Ok(crate::app::plan::loans(db, &province, as_of, params).await?.loans)
}

/// The region's forecast or roll-up and its children's, with `tweaks` made.
async fn assemble<C: ConnectionTrait>(
    db: &C,
    region: &Region,
    as_of: NaiveDate,
    params: &ForecastParams,
    cal: &WorkCalendar,
    tweaks: Option<&Tweaks<'_>>,
) -> Result<(RegionForecast, Vec<RegionForecast>), DbErr> {
    let kids = store::regions::children(db, &region.code).await?;
    let office = |r: &Region, f: Forecast| RegionForecast {
        region: r.code.clone(),
        name: r.name.clone(),
        level: r.level.as_str(),
        forecast: Some(f),
        rollup: None,
        complaints: None,
    };
    let pooled = |r: &Region, x: Rollup| RegionForecast {
        region: r.code.clone(),
        name: r.name.clone(),
        level: r.level.as_str(),
        forecast: None,
        rollup: Some(x),
        complaints: None,
    };
    // A region without any record gets neither: showing it as "habis" would be a false alarm.
    let blank = |r: &Region| RegionForecast {
        region: r.code.clone(),
        name: r.name.clone(),
        level: r.level.as_str(),
        forecast: None,
        rollup: None,
        complaints: None,
    };
    let arrivals = |code: &RegionCode| tweaks.map(|t| t.reserve(code)).unwrap_or_default();
    let roll = |code: &RegionCode, members: &[&Forecast], reserve: i64| {
        rollup_with_arrivals(code.clone(), as_of, members, reserve, &arrivals(code), params.lead_time_days)
    };
    Ok(match region.level {
        Level::Kabkota | Level::Kecamatan => {
            // One read of the subtree, pooled twice: the whole of it as one unit, then per kecamatan.
            let all = known(db, &region.code, as_of, params, cal).await?;
            let own = forecasts(&all, std::slice::from_ref(&region.code), params, cal, tweaks);
            let codes: Vec<RegionCode> = kids.iter().map(|k| k.code.clone()).collect();
            let theirs = forecasts(&all, &codes, params, cal, tweaks);
            let me = office(region, own.into_iter().next().expect("one unit, one forecast").0);
            (me, kids.iter().zip(theirs).map(|(k, (f, d))| if d { office(k, f) } else { blank(k) }).collect())
        }
        Level::Provinsi => {
            let codes: Vec<RegionCode> = kids.iter().map(|k| k.code.clone()).collect();
            let all = known(db, &region.code, as_of, params, cal).await?;
            let theirs = forecasts(&all, &codes, params, cal, tweaks);
            let reserve = own_stock(db, &region.code, as_of).await?;
            let members: Vec<&Forecast> = theirs.iter().filter(|(_, d)| *d).map(|(f, _)| f).collect();
            let me = pooled(region, roll(&region.code, &members, reserve));
            (me, kids.iter().zip(theirs).map(|(k, (f, d))| if d { office(k, f) } else { blank(k) }).collect())
        }
        Level::Pusat => {
            let theirs = kabkota_forecasts_with(db, &region.code, as_of, params, cal, tweaks).await?;
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
                    pooled(province, roll(&province.code, &members, reserve))
                });
            }
            let reserve = own_stock(db, &region.code, as_of).await?;
            let members: Vec<&Forecast> = theirs.iter().filter(|(_, _, d)| *d).map(|(_, f, _)| f).collect();
            (pooled(region, roll(&region.code, &members, reserve)), children)
        }
    })
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
    kabkota_forecasts_with(db, scope, as_of, params, cal, None).await
}

async fn kabkota_forecasts_with<C: ConnectionTrait>(
    db: &C,
    scope: &RegionCode,
    as_of: NaiveDate,
    params: &ForecastParams,
    cal: &WorkCalendar,
    tweaks: Option<&Tweaks<'_>>,
) -> Result<Vec<(Region, Forecast, bool)>, DbErr> {
    let all = store::regions::within(db, scope, Level::Kabkota).await?;
    let codes: Vec<RegionCode> = all.iter().map(|r| r.code.clone()).collect();
    let theirs = forecasts(&known(db, scope, as_of, params, cal).await?, &codes, params, cal, tweaks);
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
