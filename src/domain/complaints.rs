//! Residents' complaints (aduan, SPEC §5 `complaints`): their channels and categories, the
//! follow-up rule (a complaint must be followed up within a limit, 14 days by default, as
//! SP4N-LAPOR! asks of an office), and what complaints say beside the stock book:
//!
//! - `book_doubtful`: `blanko_habis` complaints in the last 5 working days while the book shows
//!   stock on hand: either the book is wrong or the cards are not where they should be.
//! - `unmet_demand`: a surge of `antrean` (queue) complaints while prints fall: the last 2 weeks
//!   brought at least 3 queue complaints and at least double the previous 4 weeks' weekly average
//!   (so at least as many as those 4 weeks together), while the last 2 weeks' prints are below
//!   half of the previous 4 weeks' (fewer cards a week than before).
//!
//! Ages and the limit count calendar days, as SP4N-LAPOR! does; the 5-day window counts working days.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::calendar::WorkCalendar;

/// The default follow-up limit in calendar days.
pub const DEFAULT_FOLLOW_UP_DAYS: u32 = 14;
/// The window of the complaint counts shown beside the stock, in calendar days.
pub const RECENT_DAYS: u64 = 30;
/// The working days in which a `blanko_habis` complaint makes the book doubtful.
pub const DOUBT_WORKING_DAYS: i64 = 5;
/// The fewest queue complaints in the last 2 weeks that count as a surge.
pub const SURGE_MIN: u32 = 3;

macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value written in files and the API (`media_sosial`).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Indonesian label for pages and reports.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The value of a cell: any case, spaces or dashes for `_`.
            pub fn parse(text: &str) -> Option<Self> {
                let folded = fold(text);
                Self::ALL.iter().copied().find(|v| v.as_str() == folded)
            }

            /// Every value, as a message lists them.
            pub fn names() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }
    };
}

/// Lower case, every run of spaces, dashes, dots or `!` as one `_`, trimmed (`SP4N-LAPOR!` →
/// `sp4n_lapor`).
fn fold(text: &str) -> String {
    let mut out = String::new();
    for part in text.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(&part.to_lowercase());
    }
    match out.as_str() {
        "sp4n_lapor" | "sp4n" => "lapor".into(),
        "medsos" => "media_sosial".into(),
        "wa" => "whatsapp".into(),
        _ => out,
    }
}

named_enum!(
    /// Where a complaint came in.
    Channel {
        Lapor => ("lapor", "SP4N-LAPOR!"),
        MediaSosial => ("media_sosial", "media sosial"),
        Whatsapp => ("whatsapp", "WhatsApp"),
        Loket => ("loket", "loket"),
        Lainnya => ("lainnya", "lainnya"),
    }
);

named_enum!(
    /// What a complaint is about.
    Category {
        BlankoHabis => ("blanko_habis", "blanko habis"),
        Antrean => ("antrean", "antrean"),
        GangguanSistem => ("gangguan_sistem", "gangguan sistem"),
        Pelayanan => ("pelayanan", "pelayanan"),
        Lainnya => ("lainnya", "lainnya"),
    }
);

impl Category {
    /// Position in `ALL`, for per-category arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Counts per category, in the order of `Category::ALL`.
pub type PerCategory = [u32; 5];

/// A stored complaint as the follow-up rule and the summaries see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Complaint {
    pub reference: String,
    pub date: NaiveDate,
    pub region: String,
    pub channel: Option<Channel>,
    pub category: Category,
    pub text: Option<String>,
    pub followed_up_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

/// Where a complaint stands on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Closed on or before the as-of date.
    Closed,
    /// Followed up (not closed) on or before the as-of date.
    FollowedUp,
    /// Not followed up, still within the limit.
    Waiting,
    /// Not followed up and older than the limit.
    Overdue,
}

impl Status {
    /// The Indonesian word of reports and pages.
    pub fn label(self) -> &'static str {
        match self {
            Status::Closed => "selesai",
            Status::FollowedUp => "ditindaklanjuti",
            Status::Waiting => "menunggu tindak lanjut",
            Status::Overdue => "lewat batas",
        }
    }
}

/// The follow-up of one complaint as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    /// Calendar days from the complaint to the as-of date.
    pub age_days: i64,
    /// The last day the follow-up is on time.
    pub due_on: NaiveDate,
    pub status: Status,
    /// Followed up (or closed) after `due_on`.
    pub late: bool,
}

impl Complaint {
    /// The first answer the office gave: the follow-up, or the closing when it came alone.
    pub fn answered_on(&self) -> Option<NaiveDate> {
        match (self.followed_up_on, self.closed_on) {
            (Some(f), Some(c)) => Some(f.min(c)),
            (f, c) => f.or(c),
        }
    }

    /// Where the complaint stands on `as_of` under a limit of `limit_days` calendar days.
    pub fn follow_up(&self, as_of: NaiveDate, limit_days: u32) -> FollowUp {
        let due_on = self.date + Days::new(u64::from(limit_days));
        let known = |d: Option<NaiveDate>| d.filter(|d| *d <= as_of);
        let answered = known(self.answered_on());
        let status = match (known(self.closed_on), answered) {
            (Some(_), _) => Status::Closed,
            (None, Some(_)) => Status::FollowedUp,
            (None, None) if as_of > due_on => Status::Overdue,
            (None, None) => Status::Waiting,
        };
        FollowUp {
            age_days: (as_of - self.date).num_days(),
            due_on,
            status,
            late: answered.is_some_and(|d| d > due_on),
        }
    }
}

/// What a region's complaints say on a date, beside its stock.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Complaints of the last `RECENT_DAYS` days (as-of date included), per category.
    pub recent_by_category: PerCategory,
    pub recent_total: u32,
    /// Not followed up, older than the limit.
    pub overdue: u32,
    /// `blanko_habis` complaints in the last `DOUBT_WORKING_DAYS` working days.
    pub stock_out_reports: u32,
    /// Queue complaints in the last 2 weeks and in the 4 weeks before.
    pub queue_recent: u32,
    pub queue_before: u32,
}

impl Summary {
    /// The summary of `complaints` (those of one region and below; later ones are ignored).
    pub fn of<'a>(
        complaints: impl IntoIterator<Item = &'a Complaint>,
        as_of: NaiveDate,
        limit_days: u32,
        calendar: &WorkCalendar,
    ) -> Self {
        let recent_from = as_of - Days::new(RECENT_DAYS - 1);
        let doubt_from = calendar.add_working_days(as_of, -DOUBT_WORKING_DAYS);
        let two_weeks = as_of - Days::new(14);
        let six_weeks = as_of - Days::new(42);
        let mut s = Summary::default();
        for c in complaints.into_iter().filter(|c| c.date <= as_of) {
            if c.date >= recent_from {
                s.recent_by_category[c.category.index()] += 1;
                s.recent_total += 1;
            }
            if c.follow_up(as_of, limit_days).status == Status::Overdue {
                s.overdue += 1;
            }
            if c.category == Category::BlankoHabis && c.date > doubt_from {
                s.stock_out_reports += 1;
            }
            if c.category == Category::Antrean {
                if c.date > two_weeks {
                    s.queue_recent += 1;
                } else if c.date > six_weeks {
                    s.queue_before += 1;
                }
            }
        }
        s
    }

    /// Residents report no cards while the book shows `on_hand` cards.
    pub fn book_doubtful(&self, on_hand: i64) -> bool {
        self.stock_out_reports > 0 && on_hand > 0
    }

    /// A surge of queue complaints while prints fall (module docs): `printed_recent` the cards
    /// printed in the last 2 weeks, `printed_before` in the 4 weeks before.
    pub fn unmet_demand(&self, printed_recent: i64, printed_before: i64) -> bool {
        let surge = self.queue_recent >= SURGE_MIN && self.queue_recent >= self.queue_before;
        surge && printed_recent * 2 < printed_before
    }
}

/// The Monday of `d`'s week, the bucket of weekly charts.
pub fn week_of(d: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    d - Days::new(u64::from(d.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn complaint(date: &str, category: Category) -> Complaint {
        Complaint {
            reference: format!("A-{date}"),
            date: day(date),
            region: "32.16".into(),
            channel: Some(Channel::Lapor),
            category,
            text: None,
            followed_up_on: None,
            closed_on: None,
        }
    }

    #[test]
    fn parses_values_in_any_spelling() {
        assert_eq!(Channel::parse(" Media Sosial "), Some(Channel::MediaSosial));
        assert_eq!(Channel::parse("SP4N-LAPOR!"), Some(Channel::Lapor));
        assert_eq!(Channel::parse("WA"), Some(Channel::Whatsapp));
        assert_eq!(Category::parse("BLANKO-HABIS"), Some(Category::BlankoHabis));
        assert_eq!(Category::parse("habis"), None);
        assert_eq!(Category::names(), "blanko_habis, antrean, gangguan_sistem, pelayanan, lainnya");
        assert!(Category::ALL.iter().enumerate().all(|(i, c)| c.index() == i));
    }

    #[test]
    fn overdue_after_the_limit_only_when_not_followed_up() {
        let mut c = complaint("2022-11-01", Category::Antrean);
        let on_time = c.follow_up(day("2022-11-15"), 14);
        assert_eq!((on_time.age_days, on_time.status, on_time.due_on), (14, Status::Waiting, day("2022-11-15")));
        assert_eq!(c.follow_up(day("2022-11-16"), 14).status, Status::Overdue);
        assert_eq!(c.follow_up(day("2022-11-16"), 30).status, Status::Waiting);
        c.followed_up_on = Some(day("2022-11-20"));
        // Before the follow-up happened it was overdue; after it, followed up late.
        assert_eq!(c.follow_up(day("2022-11-18"), 14).status, Status::Overdue);
        let after = c.follow_up(day("2022-11-21"), 14);
        assert_eq!((after.status, after.late), (Status::FollowedUp, true));
        c.closed_on = Some(day("2022-11-25"));
        assert_eq!(c.follow_up(day("2022-12-01"), 14).status, Status::Closed);
        // A closing alone answers the complaint.
        let closed_alone = Complaint { followed_up_on: None, ..c };
        assert_eq!(closed_alone.answered_on(), Some(day("2022-11-25")));
    }

    #[test]
    fn summary_counts_recent_overdue_and_doubt() {
        let cal = WorkCalendar::weekdays_only();
        let as_of = day("2022-11-30"); // a Wednesday
        let list = [
            complaint("2022-11-29", Category::BlankoHabis),
            complaint("2022-11-02", Category::Pelayanan), // 29 days ago: recent, overdue
            complaint("2022-10-31", Category::Pelayanan), // 30 days ago: not recent
            complaint("2022-12-01", Category::BlankoHabis), // after the as-of date
        ];
        let s = Summary::of(&list, as_of, 14, &cal);
        assert_eq!(s.recent_total, 2);
        assert_eq!(s.recent_by_category[Category::Pelayanan.index()], 1);
        assert_eq!(s.recent_by_category[Category::BlankoHabis.index()], 1);
        assert_eq!(s.overdue, 2);
        assert_eq!(s.stock_out_reports, 1);
        assert!(s.book_doubtful(500));
        assert!(!s.book_doubtful(0));
        // 6 working days back is outside the window: 2022-11-22 (Tue) vs as-of Wed 30th.
        let old = [complaint("2022-11-22", Category::BlankoHabis)];
        assert_eq!(Summary::of(&old, as_of, 14, &cal).stock_out_reports, 0);
        let edge = [complaint("2022-11-24", Category::BlankoHabis)];
        assert_eq!(Summary::of(&edge, as_of, 14, &cal).stock_out_reports, 1);
    }

    #[test]
    fn unmet_demand_needs_a_queue_surge_and_falling_prints() {
        let cal = WorkCalendar::weekdays_only();
        let as_of = day("2022-11-30");
        let queue = |dates: &[&str]| dates.iter().map(|d| complaint(d, Category::Antrean)).collect::<Vec<_>>();
        let surge = queue(&["2022-11-20", "2022-11-25", "2022-11-28", "2022-11-01"]);
        let s = Summary::of(&surge, as_of, 14, &cal);
        assert_eq!((s.queue_recent, s.queue_before), (3, 1));
        assert!(s.unmet_demand(1_000, 4_000));
        assert!(!s.unmet_demand(2_000, 4_000), "prints held up");
        let steady =
            queue(&["2022-11-20", "2022-11-25", "2022-11-28", "2022-11-01", "2022-11-05", "2022-11-08", "2022-10-25"]);
        let s = Summary::of(&steady, as_of, 14, &cal);
        assert_eq!((s.queue_recent, s.queue_before), (3, 4));
        assert!(!s.unmet_demand(1_000, 4_000), "no more than before");
        let few = queue(&["2022-11-28", "2022-11-29"]);
        assert!(!Summary::of(&few, as_of, 14, &cal).unmet_demand(0, 4_000), "two complaints are no surge");
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_of(day("2022-11-30")), day("2022-11-28"));
        assert_eq!(week_of(day("2022-11-28")), day("2022-11-28"));
        assert_eq!(week_of(day("2022-12-04")), day("2022-11-28"));
    }
}
