//! What the briefing shows, as plain values: built by `app::report`, read by the HTML page
//! (`briefing`), its words (`briefing_text`) and the PNG (`briefing_png`).

use chrono::NaiveDate;

use super::chart::{BacklogChart, Chart, CoverChart, FlowChart, StockChart, StockoutRange};
use super::headline::HeadlineWords;
use super::risk::Risk;
use crate::domain::item::Item;

/// The second chart of the briefing, chosen by the caller for the region's level:
/// backlog per kecamatan for a kabupaten/kota, cover per region for a province.
#[derive(Debug, Clone, PartialEq)]
pub enum BriefingDetail {
    Backlog(BacklogChart),
    Cover(CoverChart),
    Flow(FlowChart),
}

impl BriefingDetail {
    pub(crate) fn chart(&self) -> Chart<'_> {
        match self {
            BriefingDetail::Backlog(c) => Chart::Backlog(c),
            BriefingDetail::Cover(c) => Chart::Cover(c),
            BriefingDetail::Flow(c) => Chart::Flow(c),
        }
    }
}

/// One thing a what-if assumes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assumption {
    /// Every allocation not yet shipped is dispatched today.
    ShipAllocations,
    /// The province's loan plan is carried out: `net` cards come in (negative: go out).
    Loans { net: i64 },
    /// The shipment `reference` arrives `days` working days late.
    Delay { reference: String, days: u32 },
    /// `quantity` more cards arrive on `on`.
    Extra { quantity: i64, on: NaiveDate },
}

/// A what-if beside the briefing's numbers: what it assumes and what follows.
#[derive(Debug, Clone, PartialEq)]
pub struct WhatIfLine {
    pub assumptions: Vec<Assumption>,
    /// The expected stock-out date under it (`None`: not within the horizon).
    pub stockout: Option<NaiveDate>,
    pub risk: Risk,
}

/// Everything the briefing shows, as plain values.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefingInput {
    pub region_code: String,
    pub region_name: String,
    pub as_of: NaiveDate,
    /// The item the briefing is about, normally blanko.
    pub item: Item,
    pub on_hand: i64,
    pub in_transit: i64,
    /// Cards used per working day.
    pub issuance_rate: f64,
    /// Working days of cover; `None` when nothing is being used.
    pub days_of_cover: Option<f64>,
    pub stockout: Option<StockoutRange>,
    pub risk: Risk,
    pub backlog_prr: i64,
    /// Suket issued from `suket_since` to `as_of`.
    pub suket_issued: i64,
    pub suket_since: NaiveDate,
    /// Cards to ask the centre for (SPEC §7 `reorder_quantity`).
    pub reorder_quantity: i64,
    /// Last day to ask so that the delivery arrives before the stock runs out.
    pub request_by: Option<NaiveDate>,
    pub lead_time_days: f64,
    pub target_cover_days: f64,
    /// True for a province or the nation: the numbers add up the offices below, as if their
    /// stock could be shared out.
    pub pooled: bool,
    /// For a pooled briefing with offices at risk, the roll-up's headline
    /// (`domain::forecast::headline`) in words: how many are at risk and which runs out first; the
    /// same words the web pages lead with.
    pub lead: Option<HeadlineWords>,
    pub stock_chart: StockChart,
    pub detail: Option<BriefingDetail>,
    /// The last day prints were reported (for a roll-up, the oldest of its offices').
    pub last_report: Option<NaiveDate>,
    /// Working days since `last_report`: above 0, the stock shown is expected, not reported.
    pub stale_days: u32,
    /// The what-if asked with the briefing, if any.
    pub what_if: Option<WhatIfLine>,
    /// Residents' complaints beside the stock, when there are any to tell.
    pub complaints: Option<ComplaintLine>,
}

/// What residents' complaints say, for the briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComplaintLine {
    /// Complaints in the last `window_days` days, and of them about no cards and about queues.
    pub recent_total: u32,
    pub window_days: u32,
    pub stock_out: u32,
    pub queue: u32,
    /// Not followed up within `follow_up_days`.
    pub overdue: u32,
    pub follow_up_days: u32,
    /// Residents report no cards while the book shows stock.
    pub book_doubtful: bool,
    /// Queue complaints surge while prints fall.
    pub unmet_demand: bool,
}

impl BriefingInput {
    /// The colour of the banner: the region's own, or for a roll-up with offices at risk the
    /// worst office's (the headline it leads with).
    pub fn banner_risk(&self) -> Risk {
        self.lead.as_ref().map_or(self.risk, |l| l.worst)
    }
}
