//! The bounds of SPEC §10 on dates: records lie between 2000-01-01 and today, dates asked about
//! (query parameters) between 2000-01-01 and five years after today. The bound on quantities is
//! `Quantity::MAX`.

use chrono::{Months, NaiveDate};

/// The earliest date blanko accepts anywhere: e-KTP began in 2011, so anything earlier is a typo.
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// How far ahead a date asked about (`as_of`, `to`, …) may lie: forecasts look months ahead.
const QUERY_MONTHS_AHEAD: u32 = 5 * 12;

/// The last date a query may ask about, given today.
pub fn latest_query_date(today: NaiveDate) -> NaiveDate {
    today.checked_add_months(Months::new(QUERY_MONTHS_AHEAD)).unwrap_or(NaiveDate::MAX)
}

/// Whether a date asked about lies in `[EARLIEST_DATE, today + 5 years]`.
pub fn query_date_in_range(date: NaiveDate, today: NaiveDate) -> bool {
    (EARLIEST_DATE..=latest_query_date(today)).contains(&date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn query_dates_are_bounded() {
        let today = d(2024, 2, 29);
        assert_eq!(latest_query_date(today), d(2029, 2, 28));
        assert!(query_date_in_range(d(2000, 1, 1), today));
        assert!(query_date_in_range(d(2029, 2, 28), today));
        assert!(!query_date_in_range(d(1999, 12, 31), today));
        assert!(!query_date_in_range(d(2029, 3, 1), today));
    }
}
