//! Loads what each report needs from the store, maps it (`build*`) and renders it.

use chrono::{Datelike, Days, NaiveDate};
use sea_orm::ConnectionTrait;

use super::briefing::{BriefingExtras, briefing, suket_since};
use super::build::{self, ledger_card};
use super::charts::{HISTORY_DAYS, backlog_chart, cover_chart, flow_chart, stock_chart};
use super::{Format, Kind, RenderError, ReportRequest};
use crate::app::forecast::{self, ForecastView};
use crate::config::Settings;
use crate::domain::item::Item;
use crate::domain::region::{Level, Region};
use crate::report::{self, BriefingDetail, Chart, CsvOptions, ReportError, Size, csv};
use crate::store::{ledger, regions, reports, stock};

/// First day of the period the shipment list and the stock card cover: 1 January of the as-of
/// year (the book of the running year).
pub fn period_start(as_of: NaiveDate) -> NaiveDate {
    as_of.with_ordinal(1).unwrap_or(as_of)
}

fn write_csv(f: impl FnOnce(&mut Vec<u8>) -> Result<(), ReportError>) -> Result<Vec<u8>, RenderError> {
    let mut out = Vec::with_capacity(16 * 1024);
    f(&mut out)?;
    Ok(out)
}

fn draw(chart: Chart<'_>, format: Format) -> Result<Vec<u8>, RenderError> {
    Ok(match format {
        Format::Svg => chart.svg(Size::DEFAULT)?.into_bytes(),
        _ => chart.png(Size::DEFAULT)?,
    })
}

async fn view<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    region: &Region,
    as_of: NaiveDate,
) -> Result<ForecastView, RenderError> {
    // The same parameters as `GET /api/v1/forecast` without `horizon_days`: the same numbers.
    let params = settings.forecast_params(None);
    Ok(forecast::view(db, region, as_of, &params).await?)
}

async fn history<C: ConnectionTrait>(
    db: &C,
    region: &Region,
    as_of: NaiveDate,
) -> Result<Vec<(NaiveDate, i64)>, RenderError> {
    Ok(reports::pool_history(db, &region.code, Item::Blanko, as_of - Days::new(HISTORY_DAYS), as_of).await?)
}

/// Weekly complaints of the last [`HISTORY_DAYS`] over the stock on hand of `region`'s pool.
pub(super) async fn complaint_chart<C: ConnectionTrait>(
    db: &C,
    region: &Region,
    as_of: NaiveDate,
) -> Result<report::ComplaintChart, RenderError> {
    let from = as_of - Days::new(HISTORY_DAYS);
    let window = crate::store::complaints::Window::From(from);
    let complaints = crate::store::complaints::list(db, &region.code, window, as_of).await?;
    Ok(super::charts::complaint_chart(region, as_of, &complaints, &history(db, region, as_of).await?))
}

/// The report's bytes for `region` (already checked to exist and to be readable).
pub(super) async fn render<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    region: &Region,
    req: &ReportRequest,
) -> Result<Vec<u8>, RenderError> {
    let as_of = req.as_of;
    let opts = CsvOptions { delimiter: req.delimiter };
    let code = &region.code;
    match (req.kind, req.format) {
        (Kind::Stock, Format::Csv) => {
            let facts = stock::facts(db, code, as_of, stock::OnHand::Closings).await?;
            let mut all = vec![region.clone()];
            all.extend(regions::children(db, code).await?);
            let rows = build::stock_rows(&all, &facts);
            write_csv(|out| csv::write_stock(out, opts, as_of, &rows))
        }
        (Kind::Stock, format) => {
            let v = view(db, settings, region, as_of).await?;
            let chart = stock_chart(&v, &history(db, region, as_of).await?);
            draw(Chart::Stock(&chart), format)
        }
        (Kind::Backlog, Format::Csv) => {
            let rows = reports::latest_backlog(db, code, as_of).await?;
            write_csv(|out| csv::write_backlog(out, opts, as_of, &rows))
        }
        (Kind::Backlog, format) => {
            let lines = reports::latest_backlog(db, code, as_of).await?;
            let chart = backlog_chart(region, &regions::children(db, code).await?, as_of, &lines);
            draw(Chart::Backlog(&chart), format)
        }
        (Kind::Forecast, Format::Csv) => {
            let rows = build::forecast_rows(&view(db, settings, region, as_of).await?);
            write_csv(|out| csv::write_forecast(out, opts, as_of, &rows))
        }
        (Kind::Forecast, format) => {
            let chart = cover_chart(&view(db, settings, region, as_of).await?);
            draw(Chart::Cover(&chart), format)
        }
        (Kind::Shipments, Format::Csv) => {
            let rows = reports::shipments(db, code, period_start(as_of), as_of).await?;
            write_csv(|out| csv::write_shipments(out, opts, &rows))
        }
        (Kind::Shipments, format) => {
            let totals = reports::flow(db, code, Item::Blanko, as_of).await?;
            let chart = flow_chart(region, &regions::children(db, code).await?, &totals, as_of);
            draw(Chart::Flow(&chart), format)
        }
        (Kind::Ledger, Format::Csv) => {
            let from = period_start(as_of);
            let opening = ledger::balance_before(db, code, Item::Blanko, from).await?;
            let lines = ledger::card_lines(db, code, Item::Blanko, from, as_of).await?;
            let card = ledger_card(region, Item::Blanko, from, opening, &lines);
            write_csv(|out| csv::write_ledger(out, opts, &card))
        }
        (Kind::Briefing, format @ (Format::Html | Format::Png)) => {
            let params = settings.forecast_params(None);
            let v = forecast::view_with(db, region, as_of, &params, &req.what_if).await?;
            let detail = match region.level {
                Level::Kabkota => {
                    let lines = reports::latest_backlog(db, code, as_of).await?;
                    Some(BriefingDetail::Backlog(backlog_chart(region, &[], as_of, &lines)))
                }
                Level::Provinsi | Level::Pusat => Some(BriefingDetail::Cover(cover_chart(&v))),
                Level::Kecamatan => None,
            };
            let names = match &v.region.rollup {
                Some(r) => {
                    let wanted: std::collections::BTreeSet<_> = r.running_out.iter().map(|m| &m.region).collect();
                    let all = regions::all(db).await?;
                    all.into_iter().filter(|x| wanted.contains(&x.code)).map(|x| (x.code, x.name)).collect()
                }
                None => std::collections::BTreeMap::new(),
            };
            let extras = BriefingExtras {
                history: history(db, region, as_of).await?,
                suket_issued: reports::suket_issued(db, code, suket_since(as_of) - Days::new(1), as_of).await?,
                detail,
                names,
                complaints: Some(
                    crate::app::complaints::Facts::load(db, code, as_of, settings.follow_up_days).await?.summary(code),
                ),
            };
            let input = briefing(&v, extras, &crate::store::forecast::calendar(db).await?);
            Ok(match format {
                Format::Html => report::briefing_html(&input)?.into_bytes(),
                _ => report::briefing_png(&input)?,
            })
        }
        (Kind::Complaints, Format::Csv) => {
            let all = crate::store::complaints::list(db, code, crate::store::complaints::Window::All, as_of).await?;
            let names = crate::app::complaints::names(db, region, &[], &all).await?;
            let name_of = |c: &str| names.get(c).map_or("", String::as_str);
            write_csv(|out| csv::write_complaints(out, opts, as_of, settings.follow_up_days, &all, name_of))
        }
        (Kind::Complaints, format) => {
            let chart = complaint_chart(db, region, as_of).await?;
            draw(Chart::Complaints(&chart), format)
        }
        (kind, format) => Err(RenderError::BadRequest(super::kind::unsupported_message(kind, format))),
    }
}
