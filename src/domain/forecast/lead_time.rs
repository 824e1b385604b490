//! The typical lead time of a route, from the shipments it carried.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::calendar::WorkCalendar;

/// Shipments considered: the most recent ones, since routes and carriers change.
pub const RECENT: usize = 20;

/// A typical dispatch-to-receipt time in working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LeadTime {
    pub days: u32,
    /// Shipments it was computed from.
    pub samples: u32,
}

/// The median working days from dispatch to receipt over the 20 most recently dispatched of
/// `(shipped_on, received_on)` pairs (the upper median: when in doubt, later). Pairs received
/// before they were shipped are ignored; `None` when nothing is left.
pub fn typical_lead_time(pairs: &[(NaiveDate, NaiveDate)], cal: &WorkCalendar) -> Option<LeadTime> {
    let mut valid: Vec<&(NaiveDate, NaiveDate)> = pairs.iter().filter(|(s, r)| r >= s).collect();
    // Most recently dispatched first; of two dispatched the same day, the later received (a total
    // order on the pairs, so which 20 count never depends on the order they came in).
    valid.sort_unstable_by_key(|(s, r)| std::cmp::Reverse((*s, *r)));
    valid.truncate(RECENT);
    let mut days: Vec<i64> = valid.iter().map(|(s, r)| cal.working_days_between(*s, *r)).collect();
    if days.is_empty() {
        return None;
    }
    days.sort_unstable();
    Some(LeadTime { days: days[days.len() / 2] as u32, samples: days.len() as u32 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 8, day).unwrap()
    }

    #[test]
    fn median_in_working_days() {
        let cal = WorkCalendar::weekdays_only();
        // Mon 1 → Mon 8 is 5 working days; Mon 1 → Wed 3 is 2; Fri 5 → Fri 19 is 10.
        let pairs = [(d(1), d(8)), (d(1), d(3)), (d(5), d(19)), (d(9), d(2))];
        assert_eq!(typical_lead_time(&pairs, &cal), Some(LeadTime { days: 5, samples: 3 }));
        assert_eq!(typical_lead_time(&[], &cal), None);
    }
}
