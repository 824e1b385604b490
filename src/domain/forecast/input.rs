//! What a forecast needs: plain data one store query can assemble for one office and one date.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::calendar::WorkCalendar;
use crate::domain::item::Item;
use crate::domain::quantity::total;
use crate::domain::region::RegionCode;

/// Everything known about one stock holder (an office: kabupaten/kota or kecamatan) at `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastInput {
    pub region: RegionCode,
    /// The forecast is made at the end of this day: its prints count as history.
    pub as_of: NaiveDate,
    /// One entry per tracked item. Blanko is always expected (an absent blanko reads as none on
    /// hand and no history); ribbon and film only when the office keeps them in the ledger.
    pub items: Vec<ItemInput>,
    /// Hours the office could not print, by day (several entries of one day are added).
    pub outages: Vec<OutageDay>,
    /// PRR backlog of the region (sum over its kecamatan) by date, any spacing.
    pub backlog: Vec<BacklogSnapshot>,
    /// Typical working days from dispatch to receipt on the route into this office
    /// (see [`typical_lead_time`](super::typical_lead_time)); `None` uses `params.lead_time_days`.
    pub route_lead_time_days: Option<u32>,
    /// The last day the office reported prints. Working days after it, up to `as_of`, are not
    /// days without prints but days not yet reported: they are left out of the rate, and the
    /// stock is projected from this day (its last known stock less the expected use since).
    /// `None`: the history is complete up to `as_of`.
    #[serde(default)]
    pub last_report: Option<NaiveDate>,
}

/// One consumable at one office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemInput {
    pub item: Item,
    /// Daily history, ascending by date, ending at or before `as_of`; one record per calendar
    /// day from [`ForecastParams::history_start`]. A working day without a record is censored as
    /// `no_data`; older records are ignored.
    pub history: Vec<DayRecord>,
    /// Stock on hand at the end of `as_of`, in units of the item.
    pub on_hand: i64,
    /// Dispatched to this office and not yet received.
    pub incoming: Vec<IncomingShipment>,
    /// Allocated by the centre to this office and not yet dispatched.
    pub allocated_not_shipped: i64,
}

/// One calendar day of one item at one office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRecord {
    pub date: NaiveDate,
    /// Units consumed that day: printed plus spoiled.
    pub consumed: i64,
    /// Stock on hand at the END of the day, after that day's prints, receipts and dispatches.
    /// Zero means the office ran out that day (or had nothing); the previous record's closing
    /// stock is taken as the opening stock.
    pub closing_stock: i64,
}

/// A shipment in transit to the office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingShipment {
    /// Units dispatched.
    pub quantity: i64,
    pub shipped_on: NaiveDate,
    /// A known expected receipt date; `None` means dispatch date plus the route lead time.
    pub expected_on: Option<NaiveDate>,
    /// The delivery note's number, when recorded (a what-if may delay it by name).
    #[serde(default)]
    pub reference: Option<String>,
}

/// Hours lost to an outage on one day (0–24).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OutageDay {
    pub date: NaiveDate,
    pub hours: f64,
}

/// The PRR backlog of the region at the end of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BacklogSnapshot {
    pub date: NaiveDate,
    pub prr: i64,
}

/// How the issuance rate is estimated from the censored daily samples.
///
/// Every variant but `Mean` drops days without stock and weights outage days by the hours the
/// office could work. The default was chosen by backtest (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RateMethod {
    /// Plain mean over the last `window` working days, nothing censored (a baseline only).
    Mean { window: u32 },
    /// Censored mean over the last `window` working days.
    CensoredMean { window: u32 },
    /// Censored mean over the most recent working days that hold `samples` usable days
    /// (reaching back at most 250 working days).
    CensoredSamples { samples: u32 },
    /// Censored, exponentially weighted mean: a day `half_life` working days older weighs half.
    CensoredEwma { half_life: f64 },
    /// Censored median of the last `window` working days.
    CensoredMedian { window: u32 },
}

/// Settings of the forecast; the defaults are those of SPEC §7 and of the backtest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ForecastParams {
    /// Working days from order to receipt assumed for risk (merah below it, kuning below twice it)
    /// and for shipments of routes without history.
    pub lead_time_days: u32,
    /// Working days of demand a reorder should cover.
    pub target_cover_days: u32,
    /// Working days projected ahead.
    pub horizon_days: u32,
    pub method: RateMethod,
    /// Shape the projection by weekday (Monday busier than Friday, say).
    pub weekday_effects: bool,
    /// Working days over which the PRR backlog growth is measured.
    pub backlog_window_days: u32,
    /// Hours of a full working day: an outage of `h` hours leaves `1 - h / this` of the day.
    pub working_hours: f64,
    /// How fast the rate itself may wander, for the p10–p90 range only: relative standard
    /// deviation of its change after `k` working days is `rate_drift × √k`. Calibrated by
    /// backtest so that the range holds the actual stock-out date about 80 % of the time on the
    /// demo history and on the noisy synthetic set (`docs/forecast.md`).
    pub rate_drift: f64,
    /// Working days ahead a trend in the rate is carried (0: none); the rate holds after that.
    pub trend_days: u32,
}

impl Default for ForecastParams {
    fn default() -> Self {
        Self {
            lead_time_days: 10,
            target_cover_days: 40,
            horizon_days: 90,
            method: RateMethod::CensoredEwma { half_life: 15.0 },
            weekday_effects: false,
            backlog_window_days: 40,
            working_hours: 8.0,
            rate_drift: 0.016,
            trend_days: 10,
        }
    }
}

/// Working days any method may look back: bounds the work per office whatever the history length.
pub const MAX_LOOKBACK_DAYS: u32 = 250;

impl RateMethod {
    /// Working days of history this method may read, counted back from `as_of`.
    pub fn lookback_days(self) -> u32 {
        match self {
            RateMethod::Mean { window }
            | RateMethod::CensoredMean { window }
            | RateMethod::CensoredMedian { window } => window.clamp(1, MAX_LOOKBACK_DAYS),
            RateMethod::CensoredSamples { .. } => MAX_LOOKBACK_DAYS,
            // Beyond five half-lives a day weighs under 3 %; the trend's long fit reads further.
            RateMethod::CensoredEwma { half_life } => {
                ((half_life.max(1.0) * 5.0).ceil() as u32).max(super::rate::TREND_LOOKBACK_DAYS).min(MAX_LOOKBACK_DAYS)
            }
        }
    }
}

impl ForecastParams {
    /// The first date the store has to load history from for a forecast at `as_of`.
    pub fn history_start(&self, as_of: NaiveDate, cal: &WorkCalendar) -> NaiveDate {
        let days = self.method.lookback_days().max(self.backlog_window_days);
        // One calendar day earlier still: its closing stock is the first day's opening stock.
        cal.add_working_days(as_of, -i64::from(days)) - Days::new(1)
    }
}

impl ForecastInput {
    /// The input of `item`, if tracked.
    pub fn item(&self, item: Item) -> Option<&ItemInput> {
        self.items.iter().find(|i| i.item == item)
    }

    /// Working days after the last report up to `as_of` (0 when up to date or unknown).
    pub fn stale_days(&self, cal: &WorkCalendar) -> u32 {
        self.last_report.map_or(0, |d| u32::try_from(cal.working_days_between(d, self.as_of)).unwrap_or(0))
    }
}

impl ItemInput {
    /// An item with no history and nothing on hand.
    pub fn empty(item: Item) -> Self {
        Self { item, history: Vec::new(), on_hand: 0, incoming: Vec::new(), allocated_not_shipped: 0 }
    }

    /// Units in transit.
    pub fn in_transit(&self) -> i64 {
        total(self.incoming.iter().map(|s| s.quantity.max(0)))
    }
}
