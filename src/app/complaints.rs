//! Residents' complaints beside the stock (issue 14): each complaint's follow-up on a date, the
//! overdue ones per region, and per region the last 30 days' complaints by category with the two
//! signals complaints give (`domain::complaints`): a book in doubt, and unmet demand.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use sea_orm::{ConnectionTrait, DbErr};
use serde::Serialize;

use super::error::Error;
use super::forecast::ForecastView;
use super::stock::readable_region;
use crate::domain::auth::Principal;
use crate::domain::calendar::WorkCalendar;
use crate::domain::complaints::{Category, Channel, Complaint, FollowUp, RECENT_DAYS, Status, Summary};
use crate::domain::item::Item;
use crate::domain::region::{Region, RegionCode};
use crate::store;
use crate::store::complaints::Window;

/// Complaints of the last 30 days per category.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CategoryCounts {
    pub blanko_habis: u32,
    pub antrean: u32,
    pub gangguan_sistem: u32,
    pub pelayanan: u32,
    pub lainnya: u32,
}

/// What a region's complaints say on the as-of date, beside its stock.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ComplaintSummary {
    /// Calendar days counted in `recent_total` and `recent_by_category` (the as-of date included).
    pub window_days: u32,
    pub recent_total: u32,
    pub recent_by_category: CategoryCounts,
    /// Complaints not followed up within `follow_up_days` of their date.
    pub overdue: u32,
    pub follow_up_days: u32,
    /// `blanko_habis` complaints in the last 5 working days.
    pub stock_out_reports: u32,
    /// Kabupaten/kota (here or below) with `blanko_habis` complaints in the last 5 working days
    /// while their book shows blanko on hand: the book is wrong or the cards are not where they
    /// should be.
    pub book_doubtful: bool,
    pub doubtful_offices: Vec<RegionCode>,
    /// `antrean` complaints in the last 2 weeks, and in the 4 weeks before.
    pub queue_recent: u32,
    pub queue_before: u32,
    /// Queue complaints surge (at least 3, and at least double the earlier weekly average) while
    /// the last 2 weeks' prints fell below half of the 4 weeks before (docs/forecast.md).
    pub unmet_demand: bool,
}

/// One complaint as listed, with its follow-up on the as-of date.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ComplaintOut {
    pub reference: String,
    pub date: NaiveDate,
    pub region: String,
    pub region_name: String,
    #[schema(value_type = Option<String>)]
    pub channel: Option<Channel>,
    #[schema(value_type = String)]
    pub category: Category,
    pub text: Option<String>,
    pub followed_up_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    /// Calendar days since the complaint.
    pub age_days: i64,
    /// The last day the follow-up is on time.
    pub due_on: NaiveDate,
    /// `closed`, `followed_up`, `waiting` or `overdue`.
    #[schema(value_type = String)]
    pub status: Status,
    /// Followed up after `due_on`.
    pub late: bool,
}

/// A child region's complaint figures.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegionComplaints {
    pub region: RegionCode,
    pub name: String,
    pub summary: ComplaintSummary,
}

/// `GET /api/v1/complaints`: a region's complaints on a date.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ComplaintList {
    pub region: RegionCode,
    pub name: String,
    pub as_of: NaiveDate,
    pub follow_up_days: u32,
    pub summary: ComplaintSummary,
    /// Each child region's figures (overdue per region).
    pub children: Vec<RegionComplaints>,
    /// The complaints (only the overdue ones when asked), oldest first.
    pub complaints: Vec<ComplaintOut>,
}

/// Everything the summaries of one subtree need, loaded once.
pub struct Facts {
    pub complaints: Vec<Complaint>,
    calendar: WorkCalendar,
    /// Blanko on hand per kabupaten/kota pool (the office and its kecamatan).
    on_hand: BTreeMap<RegionCode, i64>,
    /// Blanko printed per office in the last two weeks and in the four before them.
    printed: Vec<(RegionCode, i64, i64)>,
    as_of: NaiveDate,
    limit_days: u32,
}

impl Facts {
    /// Loads the complaints, stock and prints of `scope` and below as of `as_of`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn load<C: ConnectionTrait>(
        db: &C,
        scope: &RegionCode,
        as_of: NaiveDate,
        limit_days: u32,
    ) -> Result<Self, DbErr> {
        // Six weeks back covers every window of the summaries; older ones count only while open.
        let window = Window::RecentOrOpen(as_of - Days::new(42));
        let complaints = store::complaints::list(db, scope, window, as_of).await?;
        let mut on_hand = BTreeMap::new();
        // The books are read only when residents reported no cards lately (the last 5 working days
        // lie within the last 14 calendar days, holidays included).
        let reported_out =
            complaints.iter().any(|c| c.category == Category::BlankoHabis && c.date > as_of - Days::new(14));
        // Summed per kabupaten/kota pool (the office and its kecamatan) by the database.
        let books =
            if reported_out { store::stock::on_hand_per_kabkota(db, scope, as_of).await? } else { BTreeMap::default() };
        for ((pool, item), closing) in books {
            if item == Item::Blanko {
                on_hand.insert(pool, closing);
            }
        }
        let (two, six) = (as_of - Days::new(14), as_of - Days::new(42));
        Ok(Self {
            complaints,
            calendar: store::forecast::calendar(db).await?,
            on_hand,
            printed: store::complaints::printed(db, scope, six, two, as_of).await?,
            as_of,
            limit_days,
        })
    }

    /// The complaints of `region` and below.
    fn within<'a>(&'a self, region: &'a RegionCode) -> impl Iterator<Item = &'a Complaint> + 'a {
        self.complaints.iter().filter(move |c| region.contains(&RegionCode::from_trusted(c.region.clone())))
    }

    /// The figures of `region` (in the loaded scope).
    #[tracing::instrument(level = "debug", skip_all)]
    pub fn summary(&self, region: &RegionCode) -> ComplaintSummary {
        let s = Summary::of(self.within(region), self.as_of, self.limit_days, &self.calendar);
        // The book is judged per kabupaten/kota pool: its own complaints against its own stock.
        let doubtful_offices: Vec<RegionCode> = self
            .on_hand
            .iter()
            .filter(|(pool, _)| region.contains(pool) || pool.contains(region))
            .filter(|(pool, on_hand)| {
                Summary::of(self.within(pool), self.as_of, self.limit_days, &self.calendar).book_doubtful(**on_hand)
            })
            .map(|(pool, _)| pool.clone())
            .collect();
        let (recent, before) = self
            .printed
            .iter()
            .filter(|(office, ..)| region.contains(office))
            .fold((0, 0), |(r, b), (_, later, earlier)| (r + later, b + earlier));
        let by = |c: Category| s.recent_by_category[c.index()];
        ComplaintSummary {
            window_days: RECENT_DAYS as u32,
            recent_total: s.recent_total,
            recent_by_category: CategoryCounts {
                blanko_habis: by(Category::BlankoHabis),
                antrean: by(Category::Antrean),
                gangguan_sistem: by(Category::GangguanSistem),
                pelayanan: by(Category::Pelayanan),
                lainnya: by(Category::Lainnya),
            },
            overdue: s.overdue,
            follow_up_days: self.limit_days,
            stock_out_reports: s.stock_out_reports,
            book_doubtful: !doubtful_offices.is_empty(),
            doubtful_offices,
            queue_recent: s.queue_recent,
            queue_before: s.queue_before,
            unmet_demand: s.unmet_demand(recent, before),
        }
    }

    /// The follow-up of `c` on the as-of date.
    pub fn follow_up(&self, c: &Complaint) -> FollowUp {
        c.follow_up(self.as_of, self.limit_days)
    }
}

/// Adds the complaint figures to the view's region and each child (the forecast endpoint, the
/// region page and the briefing show them beside the stock).
#[tracing::instrument(level = "debug", skip_all)]
pub async fn annotate<C: ConnectionTrait>(db: &C, view: &mut ForecastView, limit_days: u32) -> Result<(), DbErr> {
    let facts = Facts::load(db, &view.region.region, view.as_of, limit_days).await?;
    for rf in std::iter::once(&mut view.region).chain(view.children.iter_mut()) {
        rf.complaints = Some(facts.summary(&rf.region));
    }
    Ok(())
}

/// The complaints of `region` on `as_of` for `who`; only the overdue ones when `overdue_only`.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    who: &Principal,
    region: &RegionCode,
    as_of: NaiveDate,
    limit_days: u32,
    overdue_only: bool,
) -> Result<ComplaintList, Error> {
    let r = readable_region(db, who, region).await?;
    let mut facts = Facts::load(db, region, as_of, limit_days).await?;
    if !overdue_only {
        // The listing shows every complaint, also those answered long ago.
        facts.complaints = store::complaints::list(db, region, Window::All, as_of).await?;
    }
    let children = store::regions::children(db, region).await?;
    let names = names(db, &r, &children, &facts.complaints).await?;
    let complaints = facts
        .complaints
        .iter()
        .map(|c| (c, facts.follow_up(c)))
        .filter(|(_, f)| !overdue_only || f.status == Status::Overdue)
        .map(|(c, f)| ComplaintOut {
            reference: c.reference.clone(),
            date: c.date,
            region: c.region.clone(),
            region_name: names.get(&c.region).cloned().unwrap_or_default(),
            channel: c.channel,
            category: c.category,
            text: c.text.clone(),
            followed_up_on: c.followed_up_on,
            closed_on: c.closed_on,
            age_days: f.age_days,
            due_on: f.due_on,
            status: f.status,
            late: f.late,
        })
        .collect();
    Ok(ComplaintList {
        summary: facts.summary(region),
        children: children
            .into_iter()
            .map(|c| RegionComplaints { summary: facts.summary(&c.code), region: c.code, name: c.name })
            .collect(),
        region: r.code,
        name: r.name,
        as_of,
        follow_up_days: limit_days,
        complaints,
    })
}

/// The names of the regions the complaints name (kecamatan included).
pub async fn names<C: ConnectionTrait>(
    db: &C,
    region: &Region,
    children: &[Region],
    complaints: &[Complaint],
) -> Result<BTreeMap<String, String>, DbErr> {
    let mut out: BTreeMap<String, String> =
        std::iter::once(region).chain(children).map(|r| (r.code.to_string(), r.name.clone())).collect();
    if complaints.iter().any(|c| !out.contains_key(&c.region)) {
        for r in store::regions::all(db).await? {
            out.entry(r.code.to_string()).or_insert(r.name);
        }
    }
    Ok(out)
}
