//! Whether an office's reports are up to date: a report of prints or backlog older than three
//! working days is late, and an office that is late must not look like one with stock to spare.

use chrono::NaiveDate;

use super::calendar::WorkCalendar;

/// Working days a report may be old before it is flagged.
pub const STALE_AFTER_WORKING_DAYS: i64 = 3;

/// How up to date one kind of report is at `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Nothing was ever reported.
    Never,
    /// Last reported `days_old` working days before `as_of` (0: that day).
    Reported { on: NaiveDate, days_old: i64 },
}

impl Freshness {
    /// Judges the latest report date `last` at `as_of`.
    pub fn of(last: Option<NaiveDate>, as_of: NaiveDate, cal: &WorkCalendar) -> Self {
        match last {
            None => Freshness::Never,
            Some(on) => Freshness::Reported { on, days_old: cal.working_days_between(on, as_of).max(0) },
        }
    }

    /// True when never reported or more than [`STALE_AFTER_WORKING_DAYS`] working days old.
    pub fn is_stale(self) -> bool {
        match self {
            Freshness::Never => true,
            Freshness::Reported { days_old, .. } => days_old > STALE_AFTER_WORKING_DAYS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, day).unwrap()
    }

    #[test]
    fn late_after_three_working_days() {
        let cal = WorkCalendar::weekdays_only();
        // Monday 31 October 2022: the Wednesday before is 3 working days old, the Tuesday 4.
        assert!(!Freshness::of(Some(d(10, 26)), d(10, 31), &cal).is_stale());
        assert!(Freshness::of(Some(d(10, 25)), d(10, 31), &cal).is_stale());
        assert_eq!(Freshness::of(Some(d(10, 28)), d(10, 31), &cal), Freshness::Reported { on: d(10, 28), days_old: 1 });
        assert!(Freshness::of(None, d(10, 31), &cal).is_stale());
    }
}
