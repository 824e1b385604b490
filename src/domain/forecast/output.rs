//! What a forecast answers: numbers, and the inputs behind them.

use chrono::NaiveDate;
use serde::Serialize;

use super::backlog::BacklogInputs;
use super::rate::RateInputs;
use crate::domain::item::Item;
use crate::domain::region::RegionCode;

/// Risk colour of SPEC §7, worst first (so the minimum is the worst).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    /// Nothing on hand.
    Habis,
    /// Cover below the lead time.
    Merah,
    /// Cover below twice the lead time.
    Kuning,
    Hijau,
}

impl Risk {
    /// From stock on hand and days of cover (`None`: nothing is being used).
    pub fn classify(on_hand: i64, days_of_cover: Option<f64>, lead_time_days: u32) -> Self {
        let lead = f64::from(lead_time_days);
        match days_of_cover {
            _ if on_hand <= 0 => Risk::Habis,
            Some(c) if c < lead => Risk::Merah,
            Some(c) if c < 2.0 * lead => Risk::Kuning,
            _ => Risk::Hijau,
        }
    }

    /// From the projected stock-out (SPEC §7): `stockout` is the 0-based index of the first
    /// working day without stock, each shipment in transit counted on its expected date, so an
    /// office that runs out before its delivery lands is `merah` whatever its cover counting it.
    pub fn from_stockout(on_hand: i64, stockout: Option<usize>, lead_time_days: u32) -> Self {
        Self::classify(on_hand, stockout.map(|j| j as f64), lead_time_days)
    }

    /// The name shown to users.
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Habis => "habis",
            Risk::Merah => "merah",
            Risk::Kuning => "kuning",
            Risk::Hijau => "hijau",
        }
    }
}

/// The position if the allocations not yet shipped were dispatched today (arriving after the
/// route lead time).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Scenario {
    pub days_of_cover: Option<f64>,
    pub stockout_date: Option<NaiveDate>,
    pub risk: Risk,
}

/// How an in-transit shipment's arrival date was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ArrivalBasis {
    /// The expected receipt date given.
    Known,
    /// Dispatch date plus the route lead time.
    LeadTime,
    /// Expected by now and not received: counted as arriving the next working day.
    Overdue,
}

/// An in-transit shipment as the projection counts it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct IncomingUsed {
    pub quantity: i64,
    pub shipped_on: NaiveDate,
    pub expected_on: NaiveDate,
    pub basis: ArrivalBasis,
}

/// The forecast of one consumable, in its own units.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ItemForecast {
    pub item: Item,
    pub cards_per_unit: i64,
    /// On hand as last recorded.
    pub on_hand: i64,
    /// Expected on hand at `as_of`: `on_hand` less the expected use since the last report.
    pub expected_on_hand: i64,
    pub in_transit: i64,
    pub allocated_not_shipped: i64,
    /// `on_hand × cards_per_unit`.
    pub printable_cards: i64,
    /// Units consumed per working day.
    pub issuance_rate: f64,
    /// `(expected_on_hand + in_transit) / issuance_rate`, in working days; `None` at rate 0.
    pub days_of_cover: Option<f64>,
    /// First working day whose demand cannot be met, within the horizon.
    pub stockout_date: Option<NaiveDate>,
    /// 10 % chance of running out by this date.
    pub stockout_p10: Option<NaiveDate>,
    /// 90 % chance of having run out by this date.
    pub stockout_p90: Option<NaiveDate>,
    pub risk: Risk,
    pub with_allocations: Scenario,
    /// Units to reach the target cover and clear the backlog, less on hand and in transit.
    pub reorder_quantity: i64,
    pub incoming: Vec<IncomingUsed>,
    pub inputs: RateInputs,
}

/// One working day of the horizon (cards).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DayProjection {
    pub date: NaiveDate,
    /// Blanko on hand at the end of the day.
    pub stock: f64,
    /// 10 % chance of less stock than this (consumption high).
    pub stock_low: f64,
    /// 10 % chance of more stock than this (consumption low).
    pub stock_high: f64,
    /// Cards owed at the end of the day: demand not met since the stock ran out.
    pub short: f64,
    /// Projected PRR backlog at the end of the day (`None` without backlog data).
    pub backlog_prr: Option<f64>,
}

/// The forecast of one office at one date: the headline in cards, then each consumable.
///
/// Quantities and rates of the headline are blanko (cards); cover, dates and risk are the worst
/// over the consumables (least cover, earliest date, worst colour), and `binding_item` names the
/// one that runs out first.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Forecast {
    pub region: RegionCode,
    pub as_of: NaiveDate,
    /// Last working day projected.
    pub horizon_end: NaiveDate,
    /// Lead time behind `risk` (working days).
    pub lead_time_days: u32,
    /// Lead time used for shipments without a known receipt date (working days).
    pub route_lead_time_days: u32,
    /// The last day the office reported prints (`None`: never, or not known).
    pub last_report: Option<NaiveDate>,
    /// Working days after `last_report` up to `as_of`: a late reporter's position is its last
    /// known stock less the expected use since, and its range is wider.
    pub stale_days: u32,
    /// Blanko on hand as last recorded.
    pub on_hand: i64,
    /// Blanko expected on hand at `as_of`: `on_hand` less the expected use since the last report.
    pub expected_on_hand: i64,
    pub in_transit: i64,
    pub allocated_not_shipped: i64,
    /// Cards the stock can print now: the least of each item's `on_hand × cards_per_unit`.
    pub printable_cards: i64,
    /// The consumable that runs out first (or, when none runs out, holds the fewest cards).
    pub binding_item: Item,
    /// Cards consumed per working day.
    pub issuance_rate: f64,
    /// Cards needed per working day: issuance plus PRR backlog growth.
    pub demand_rate: f64,
    /// Latest PRR backlog.
    pub backlog_prr: Option<i64>,
    pub backlog_growth_rate: Option<f64>,
    pub days_of_cover: Option<f64>,
    pub stockout_date: Option<NaiveDate>,
    pub stockout_p10: Option<NaiveDate>,
    pub stockout_p90: Option<NaiveDate>,
    pub risk: Risk,
    pub with_allocations: Scenario,
    /// Cards to reach the target cover at `demand_rate` and clear the backlog, less on hand and
    /// in transit (allocations not yet shipped are not deducted).
    pub reorder_quantity: i64,
    pub backlog: Option<BacklogInputs>,
    /// Day by day over the horizon.
    pub projection: Vec<DayProjection>,
    pub items: Vec<ItemForecast>,
}

impl Forecast {
    /// The forecast of `item`, if tracked.
    pub fn item(&self, item: Item) -> Option<&ItemForecast> {
        self.items.iter().find(|i| i.item == item)
    }
}
