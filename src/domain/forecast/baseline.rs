//! The methods offices and other stock systems use today, as baselines the backtest measures the
//! forecast against. Both take the average consumption of the last three calendar months and
//! project it in a straight line from the same stock and the same deliveries in transit as the
//! forecast, so the comparison is of the rate alone:
//!
//! - [`Baseline::ThreeMonthAverage`]: cards consumed in the three months over the working days
//!   in them, stock-out days included (the plain average consumption of open-mSupply and of a
//!   spreadsheet).
//! - [`Baseline::AdjustedConsumption`]: the same, over the working days that had stock only
//!   (OpenLMIS's adjusted consumption: a day without stock is not a day without demand).

use chrono::{Months, NaiveDate};
use serde::Serialize;

use super::input::{DayRecord, ForecastInput, ForecastParams};
use super::item_run::{Context, arrivals};
use super::projection::{self, Consumption};
use crate::domain::calendar::WorkCalendar;
use crate::domain::item::Item;

/// A baseline method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Baseline {
    ThreeMonthAverage,
    AdjustedConsumption,
}

impl Baseline {
    pub const ALL: [Baseline; 2] = [Baseline::ThreeMonthAverage, Baseline::AdjustedConsumption];

    /// The name the backtest table shows.
    pub fn label(self) -> &'static str {
        match self {
            Baseline::ThreeMonthAverage => "rata-rata 3 bulan",
            Baseline::AdjustedConsumption => "rata-rata 3 bulan tanpa hari stok kosong",
        }
    }
}

/// Cards per working day by `baseline` over the three calendar months up to `as_of` (fewer when
/// the history is shorter). `history` is one record per calendar day, ascending; records after
/// `as_of` are ignored, and weekend prints count (their working days carry them).
pub fn rate(history: &[DayRecord], as_of: NaiveDate, baseline: Baseline, cal: &WorkCalendar) -> f64 {
    let Some(first) = history.first() else { return 0.0 };
    let three_months_ago = as_of.checked_sub_months(Months::new(3)).unwrap_or(NaiveDate::MIN);
    // The span is (from, as_of]; a history starting inside it starts the span at its first day.
    let from = three_months_ago.max(first.date.pred_opt().unwrap_or(first.date));
    let lo = history.partition_point(|r| r.date <= from);
    let hi = history.partition_point(|r| r.date <= as_of);
    let mut consumed = 0.0;
    let mut without_stock = 0_i64;
    for i in lo..hi {
        let r = history[i];
        consumed += r.consumed.max(0) as f64;
        let opening = i.checked_sub(1).map(|p| history[p].closing_stock);
        if cal.is_working_day(r.date) && (r.closing_stock <= 0 || opening.is_some_and(|o| o <= 0)) {
            without_stock += 1;
        }
    }
    let working = cal.working_days_between(from, as_of);
    let days = match baseline {
        Baseline::ThreeMonthAverage => working,
        Baseline::AdjustedConsumption => working - without_stock,
    };
    if days > 0 { consumed / days as f64 } else { 0.0 }
}

/// The stock-out date of blanko a straight line at `rate` gives from `input`'s stock and
/// deliveries in transit (each on the date the forecast expects it), within the horizon.
pub fn straight_line_stockout(
    input: &ForecastInput,
    rate: f64,
    params: &ForecastParams,
    cal: &WorkCalendar,
) -> Option<NaiveDate> {
    let blanko = input.item(Item::Blanko)?;
    let dates = super::horizon_dates(input.as_of, params, cal);
    let ctx = Context {
        as_of: input.as_of,
        dates: &dates,
        unreported: &[],
        route_lead_days: input.route_lead_time_days.unwrap_or(params.lead_time_days),
        params,
        cal,
    };
    let arriving: Vec<(NaiveDate, f64)> =
        arrivals(blanko, &ctx).iter().map(|s| (s.expected_on, s.quantity as f64)).collect();
    let flat =
        Consumption { rate, factors: [1.0; 5], std_dev: 0.0, std_error: 0.0, drift: 0.0, trend: 0.0, trend_days: 0 };
    projection::project(&[], &dates, blanko.on_hand.max(0) as f64, &arriving, &flat).stockout.map(|j| dates[j])
}

#[cfg(test)]
mod tests {
    use chrono::Days;

    use super::*;
    use crate::domain::forecast::{IncomingShipment, ItemInput};
    use crate::domain::region::RegionCode;

    fn ymd(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, d).unwrap()
    }

    /// 40 cards a working day from 1 June to 31 October 2022, none in the first `dry` working
    /// days of October (stock at zero).
    fn history(cal: &WorkCalendar, dry: i64) -> Vec<DayRecord> {
        let dry_until = cal.add_working_days(ymd(9, 30), dry);
        ymd(6, 1)
            .iter_days()
            .take_while(|d| *d <= ymd(10, 31))
            .map(|date| {
                let empty = date > ymd(9, 30) && date <= dry_until;
                let consumed = if cal.is_working_day(date) && !empty { 40 } else { 0 };
                DayRecord { date, consumed, closing_stock: if empty { 0 } else { 5000 } }
            })
            .collect()
    }

    #[test]
    fn the_plain_average_counts_days_without_stock_as_days_without_demand() {
        let cal = WorkCalendar::weekdays_only();
        let full = history(&cal, 0);
        // 1 August to 31 October: 66 weekdays.
        assert_eq!(cal.working_days_between(ymd(7, 31), ymd(10, 31)), 66);
        for b in Baseline::ALL {
            assert!((rate(&full, ymd(10, 31), b, &cal) - 40.0).abs() < 1e-9, "{b:?}");
        }
        let dry = history(&cal, 11);
        // 55 days printed 40 each; the plain average spreads them over 66 days.
        assert!((rate(&dry, ymd(10, 31), Baseline::ThreeMonthAverage, &cal) - 40.0 * 55.0 / 66.0).abs() < 1e-9);
        // The day after the last empty day opens at zero too: 12 days without stock drop out.
        let adjusted = rate(&dry, ymd(10, 31), Baseline::AdjustedConsumption, &cal);
        assert!((adjusted - 40.0 * 55.0 / 54.0).abs() < 1e-9, "{adjusted}");
    }

    #[test]
    fn a_short_history_is_averaged_over_its_own_days() {
        let cal = WorkCalendar::weekdays_only();
        let h = history(&cal, 0);
        let late: Vec<DayRecord> = h.into_iter().filter(|r| r.date >= ymd(10, 1)).collect();
        assert!((rate(&late, ymd(10, 31), Baseline::ThreeMonthAverage, &cal) - 40.0).abs() < 1e-9);
        assert!(rate(&[], ymd(10, 31), Baseline::ThreeMonthAverage, &cal).abs() < 1e-12);
    }

    #[test]
    fn the_straight_line_counts_deliveries_in_transit() {
        let cal = WorkCalendar::weekdays_only();
        let as_of = ymd(10, 31);
        let mut input = ForecastInput {
            region: RegionCode::parse("32.16").unwrap(),
            as_of,
            items: vec![ItemInput::empty(Item::Blanko)],
            outages: Vec::new(),
            backlog: Vec::new(),
            route_lead_time_days: Some(5),
            last_report: None,
        };
        input.items[0].on_hand = 400;
        let params = ForecastParams::default();
        // 400 cards at 40 a day: the 11th working day runs short.
        assert_eq!(straight_line_stockout(&input, 40.0, &params, &cal), Some(cal.add_working_days(as_of, 11)));
        input.items[0].incoming.push(IncomingShipment {
            quantity: 400,
            shipped_on: as_of - Days::new(1),
            expected_on: None,
            reference: None,
        });
        assert_eq!(straight_line_stockout(&input, 40.0, &params, &cal), Some(cal.add_working_days(as_of, 21)));
        assert_eq!(straight_line_stockout(&input, 0.0, &params, &cal), None);
    }
}
