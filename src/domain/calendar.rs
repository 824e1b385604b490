//! Working days (hari kerja): Monday–Friday less national holidays.
//!
//! Rates and days of cover count working days, so every forecast walks this calendar thousands
//! of times. Inside the precomputed range (2018–2027, widened to cover every holiday given) each
//! query is a table lookup; outside it the calendar falls back to plain weekday arithmetic (no
//! holidays are known there), so it never fails, it is only slower.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// First and last year always precomputed.
const FIRST_YEAR: i32 = 2018;
const LAST_YEAR: i32 = 2027;

/// Monday–Friday less the given holidays, with O(1) lookups inside the precomputed range.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    /// Sorted, without duplicates.
    holidays: Vec<NaiveDate>,
    /// First day of the precomputed range.
    base: NaiveDate,
    /// `cum[i]`: working days in `[base, base + i)`; one longer than the range.
    cum: Vec<u32>,
    /// The working days of the range, ascending: `days[k - 1]` has rank `k`.
    days: Vec<NaiveDate>,
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid literal date")
}

fn is_weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Monday–Friday in `[from, to]` (0 when empty), by arithmetic.
fn weekdays_in(from: NaiveDate, to: NaiveDate) -> i64 {
    if to < from {
        return 0;
    }
    let n = (to - from).num_days() + 1;
    let mut count = n / 7 * 5;
    let mut d = from + Days::new((n / 7 * 7) as u64);
    while d <= to {
        count += i64::from(is_weekday(d));
        d = d + Days::new(1);
    }
    count
}

impl WorkCalendar {
    /// A calendar from the national holidays; weekend holidays and duplicates are harmless.
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        let mut holidays: Vec<NaiveDate> = holidays.into_iter().collect();
        holidays.sort_unstable();
        holidays.dedup();
        // Widen the range to every holiday given so that outside it there is nothing to miss.
        let first = holidays.first().map_or(FIRST_YEAR, |d| d.year().min(FIRST_YEAR));
        let last = holidays.last().map_or(LAST_YEAR, |d| d.year().max(LAST_YEAR));
        let base = ymd(first, 1, 1);
        let end = ymd(last + 1, 1, 1);
        let len = (end - base).num_days() as usize;
        let mut cum = Vec::with_capacity(len + 1);
        let mut days = Vec::with_capacity(len * 5 / 7 + 1);
        cum.push(0);
        let mut d = base;
        for _ in 0..len {
            if is_weekday(d) && holidays.binary_search(&d).is_err() {
                days.push(d);
            }
            cum.push(days.len() as u32);
            d = d + Days::new(1);
        }
        Self { holidays, base, cum, days }
    }

    /// A calendar without holidays (Monday–Friday), handy in tests.
    pub fn weekdays_only() -> Self {
        Self::new([])
    }

    /// The holidays this calendar knows, ascending.
    pub fn holidays(&self) -> &[NaiveDate] {
        &self.holidays
    }

    /// Index of `d` in the precomputed range, if inside it.
    fn index(&self, d: NaiveDate) -> Option<usize> {
        let i = (d - self.base).num_days();
        (i >= 0 && (i as usize) < self.cum.len() - 1).then_some(i as usize)
    }

    /// True on Monday–Friday that is not a national holiday.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.index(d) {
            Some(i) => self.cum[i + 1] > self.cum[i],
            None => is_weekday(d) && self.holidays.binary_search(&d).is_err(),
        }
    }

    /// Working days up to and including `d`, counted from the start of the range (negative before it).
    fn rank(&self, d: NaiveDate) -> i64 {
        if let Some(i) = self.index(d) {
            return i64::from(self.cum[i + 1]);
        }
        if d < self.base {
            -weekdays_in(d + Days::new(1), self.base - Days::new(1))
        } else {
            let end = self.base + Days::new((self.cum.len() - 1) as u64);
            self.days.len() as i64 + weekdays_in(end, d)
        }
    }

    /// Working days in `(from, to]`: how many working days one steps after `from` to reach `to`
    /// (negative when `to` is before `from`). `working_days_between(d, add_working_days(d, n)) == n`
    /// for `n >= 0`, and for `n < 0` when `d` is a working day.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        self.rank(to) - self.rank(from)
    }

    /// Working days in `[from, to]`, both ends included (0 when `to < from`).
    pub fn count_working_days(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return 0;
        }
        self.working_days_between(from - Days::new(1), to)
    }

    /// The `n`-th working day after `d` (`n > 0`), the `|n|`-th before it (`n < 0`), or `d` itself (`n == 0`).
    pub fn add_working_days(&self, d: NaiveDate, n: i64) -> NaiveDate {
        if n == 0 {
            return d;
        }
        let target = self.rank(d) + n;
        // With n < 0 the target rank counts `d` itself only when `d` is a working day.
        let target = if n < 0 && !self.is_working_day(d) { target + 1 } else { target };
        if target >= 1 && target as usize <= self.days.len() {
            return self.days[target as usize - 1];
        }
        // Outside the range: step day by day (rare, and short).
        let mut cur = d;
        let mut left = n.abs();
        while left > 0 {
            cur = if n > 0 { cur + Days::new(1) } else { cur - Days::new(1) };
            if self.is_working_day(cur) {
                left -= 1;
            }
        }
        cur
    }

    /// The first working day strictly after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> NaiveDate {
        self.add_working_days(d, 1)
    }

    /// The last working day strictly before `d`.
    pub fn previous_working_day(&self, d: NaiveDate) -> NaiveDate {
        self.add_working_days(d, -1)
    }

    /// `d` when it is a working day, else the next one.
    pub fn on_or_after(&self, d: NaiveDate) -> NaiveDate {
        if self.is_working_day(d) { d } else { self.next_working_day(d) }
    }

    /// `d` when it is a working day, else the previous one.
    pub fn on_or_before(&self, d: NaiveDate) -> NaiveDate {
        if self.is_working_day(d) { d } else { self.previous_working_day(d) }
    }

    /// The working days in `[from, to]`, ascending.
    pub fn working_days(&self, from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> + '_ {
        from.iter_days().take_while(move |d| *d <= to).filter(|d| self.is_working_day(*d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cal() -> WorkCalendar {
        // Independence Day 2022 fell on a Wednesday; Christmas 2022 on a Sunday.
        WorkCalendar::new([ymd(2022, 8, 17), ymd(2022, 12, 25), ymd(2022, 12, 26)])
    }

    #[test]
    fn weekends_and_holidays_are_not_working_days() {
        let c = cal();
        assert!(c.is_working_day(ymd(2022, 8, 16)));
        assert!(!c.is_working_day(ymd(2022, 8, 17)));
        assert!(!c.is_working_day(ymd(2022, 8, 20)));
        assert!(!c.is_working_day(ymd(2022, 12, 26)));
        assert!(c.is_working_day(ymd(2030, 1, 2)));
        assert!(!c.is_working_day(ymd(2030, 1, 5)));
    }

    #[test]
    fn stepping_skips_weekends_and_holidays() {
        let c = cal();
        // Tue 16 Aug → (Wed holiday) → Thu 18.
        assert_eq!(c.next_working_day(ymd(2022, 8, 16)), ymd(2022, 8, 18));
        assert_eq!(c.previous_working_day(ymd(2022, 8, 18)), ymd(2022, 8, 16));
        // Fri 12 Aug + 5 = Mon 22 Aug (holiday on Wed 17).
        assert_eq!(c.add_working_days(ymd(2022, 8, 12), 5), ymd(2022, 8, 22));
        assert_eq!(c.add_working_days(ymd(2022, 8, 13), 1), ymd(2022, 8, 15));
        assert_eq!(c.add_working_days(ymd(2022, 8, 13), -1), ymd(2022, 8, 12));
        assert_eq!(c.add_working_days(ymd(2022, 8, 15), -1), ymd(2022, 8, 12));
        assert_eq!(c.on_or_after(ymd(2022, 12, 24)), ymd(2022, 12, 27));
        assert_eq!(c.on_or_before(ymd(2022, 12, 26)), ymd(2022, 12, 23));
    }

    #[test]
    fn counts_agree_with_stepping_inside_and_outside_the_range() {
        let c = cal();
        for start in [ymd(2016, 12, 28), ymd(2017, 12, 30), ymd(2022, 8, 13), ymd(2027, 12, 20), ymd(2031, 3, 3)] {
            for n in [-40, -7, -1, 1, 3, 10, 61, 300] {
                let end = c.add_working_days(start, n);
                assert!(c.is_working_day(end), "{start} {n}");
                if n > 0 {
                    assert_eq!(c.working_days_between(start, end), n, "{start} {n}");
                } else {
                    // Going back, `end` is the |n|-th working day of `[end, start)`.
                    assert_eq!(c.count_working_days(end, start - Days::new(1)), -n, "{start} {n}");
                }
            }
        }
    }

    #[test]
    fn iterator_and_inclusive_count_match() {
        let c = cal();
        let (a, b) = (ymd(2022, 8, 1), ymd(2022, 8, 31));
        let listed: Vec<_> = c.working_days(a, b).collect();
        assert_eq!(listed.len(), 22); // 23 weekdays less the 17th
        assert_eq!(c.count_working_days(a, b), 22);
        assert_eq!(c.count_working_days(b, a), 0);
    }
}
