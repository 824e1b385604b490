//! Turning a daily history into rate samples: which working days say something about demand.
//!
//! Rules (SPEC §7):
//! - A working day on which the office opened or closed with no stock is censored `no_stock`:
//!   what it printed is a lower bound of demand, not a measure of it.
//! - A day with `h` outage hours counts as `1 - h / working_hours` of a day (0 from a full day
//!   lost, reason `outage`): its prints are divided by that share, never taken as a whole day.
//! - A working day without a record is censored `no_data`.
//! - Prints on weekends and holidays (service days, jemput bola) are added to the working day
//!   before them, so the rate per working day carries all consumption.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::input::{DayRecord, OutageDay};
use crate::domain::calendar::WorkCalendar;

/// Why a working day's prints were left out of the rate, or weighed less.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CensorReason {
    /// No stock at the start or at the end of the day.
    NoStock,
    /// Part or all of the day lost to an outage.
    Outage,
    /// Nothing recorded for the day.
    NoData,
}

/// A working day whose consumption did not count as a full sample.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CensoredDay {
    pub date: NaiveDate,
    pub reason: CensorReason,
    /// Outage hours, for `outage`.
    pub hours: Option<f64>,
    /// Share of a full day the sample still counts for (0 = ignored).
    pub weight: f64,
}

/// One working day as the estimators see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Sample {
    pub date: NaiveDate,
    /// Units consumed, including weekend and holiday consumption folded in.
    pub consumed: f64,
    /// Share of a full day observed with stock (0 when censored).
    pub weight: f64,
    pub reason: Option<CensorReason>,
    pub hours: f64,
}

impl Sample {
    /// Monday = 0 … Friday = 4.
    pub fn weekday(&self) -> usize {
        self.date.weekday().num_days_from_monday().min(4) as usize
    }

    pub fn censored(&self) -> Option<CensoredDay> {
        self.reason.map(|reason| CensoredDay {
            date: self.date,
            reason,
            hours: (reason == CensorReason::Outage).then_some(self.hours),
            weight: self.weight,
        })
    }
}

/// Outage hours by date, summed and capped at 24.
pub(super) struct Outages(Vec<(NaiveDate, f64)>);

impl Outages {
    pub fn new(days: &[OutageDay]) -> Self {
        let mut v: Vec<(NaiveDate, f64)> = days.iter().map(|o| (o.date, o.hours.max(0.0))).collect();
        v.sort_unstable_by_key(|o| o.0);
        v.dedup_by(|later, first| {
            let same = later.0 == first.0;
            if same {
                first.1 += later.1;
            }
            same
        });
        Self(v)
    }

    pub fn hours(&self, date: NaiveDate) -> f64 {
        self.0.binary_search_by_key(&date, |o| o.0).map_or(0.0, |i| self.0[i].1.min(24.0))
    }
}

/// The last `lookback` working days up to `as_of`, most recent first, stopping at the first record.
pub(super) fn samples(
    history: &[DayRecord],
    as_of: NaiveDate,
    outages: &Outages,
    lookback: u32,
    working_hours: f64,
    cal: &WorkCalendar,
) -> Vec<Sample> {
    let mut i = history.partition_point(|r| r.date <= as_of);
    let Some(first) = history.first().map(|r| r.date) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(lookback as usize);
    let mut cursor = cal.on_or_before(as_of);
    let mut pending = 0.0;
    while out.len() < lookback as usize && cursor >= first {
        // Records after the cursor that were not matched are weekends and holidays.
        while i > 0 && history[i - 1].date > cursor {
            pending += history[i - 1].consumed.max(0) as f64;
            i -= 1;
        }
        let hours = outages.hours(cursor);
        let sample = if i > 0 && history[i - 1].date == cursor {
            let rec = history[i - 1];
            let opening = (i >= 2).then(|| history[i - 2].closing_stock);
            i -= 1;
            let consumed = rec.consumed.max(0) as f64 + pending;
            let (weight, reason) = if rec.closing_stock <= 0 || opening.is_some_and(|o| o <= 0) {
                (0.0, Some(CensorReason::NoStock))
            } else if hours > 0.0 {
                ((1.0 - hours / working_hours.max(1.0)).max(0.0), Some(CensorReason::Outage))
            } else {
                (1.0, None)
            };
            Sample { date: cursor, consumed, weight, reason, hours }
        } else {
            Sample { date: cursor, consumed: 0.0, weight: 0.0, reason: Some(CensorReason::NoData), hours }
        };
        pending = 0.0;
        out.push(sample);
        cursor = cal.previous_working_day(cursor);
    }
    out
}
