//! What the charts are drawn from: plain values filled by the caller.

use chrono::NaiveDate;

use crate::domain::item::Item;
use crate::domain::region::Level;
use crate::report::risk::Risk;

/// Pixel size of a chart. Requests below 320 × 200 (or above 8000 a side)
/// are brought into that range, since nothing readable fits below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

impl Size {
    /// 1000 × 560: readable on a laptop, fits a page width.
    pub const DEFAULT: Size = Size { width: 1000, height: 560 };

    // Below this nothing readable fits; smaller requests are enlarged.
    pub(super) fn clamped(self) -> Size {
        Size { width: self.width.clamp(320, 8000), height: self.height.clamp(200, 8000) }
    }
}

impl Default for Size {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Stock on hand on one day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StockPoint {
    pub date: NaiveDate,
    pub on_hand: i64,
}

/// Forecast stock on one day: expected, and the 10th–90th percentile band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForecastPoint {
    pub date: NaiveDate,
    pub expected: f64,
    pub low: f64,
    pub high: f64,
}

/// Projected stock-out dates: early (p10), expected (p50), late (p90).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StockoutRange {
    pub p10: NaiveDate,
    pub p50: NaiveDate,
    pub p90: NaiveDate,
}

/// Stock on hand over time with the forecast and the projected stock-out.
#[derive(Debug, Clone, PartialEq)]
pub struct StockChart {
    pub region_name: String,
    pub item: Item,
    pub as_of: NaiveDate,
    pub history: Vec<StockPoint>,
    pub forecast: Vec<ForecastPoint>,
    pub stockout: Option<StockoutRange>,
}

/// A named count, e.g. the PRR backlog of one kecamatan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedCount {
    pub name: String,
    pub value: i64,
}

/// PRR backlog per kecamatan, or per kabupaten/kota or province for a larger region (sorted
/// largest first when drawn).
#[derive(Debug, Clone, PartialEq)]
pub struct BacklogChart {
    pub region_name: String,
    pub as_of: NaiveDate,
    /// What each row is: kecamatan, kabupaten/kota or provinsi.
    pub per: Level,
    pub rows: Vec<NamedCount>,
}

/// Capitalised name of a level for titles: `Kecamatan`, `Kabupaten/Kota`.
pub(crate) fn level_title(level: Level) -> &'static str {
    match level {
        Level::Pusat => "Pusat",
        Level::Provinsi => "Provinsi",
        Level::Kabkota => "Kabupaten/Kota",
        Level::Kecamatan => "Kecamatan",
    }
}

/// Days of cover of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverBar {
    pub name: String,
    /// Working days; `None` when nothing is being used.
    pub days_of_cover: Option<f64>,
    pub risk: Risk,
}

/// Days of cover per kabupaten/kota, coloured by risk, against the lead time.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverChart {
    pub region_name: String,
    pub as_of: NaiveDate,
    /// Working days a delivery takes (SPEC §7 default 10).
    pub lead_time_days: f64,
    pub rows: Vec<CoverBar>,
}

/// Allocated, shipped and received totals of one region (received: usable cards, damaged ones
/// left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowBar {
    pub name: String,
    pub allocated: i64,
    pub shipped: i64,
    pub received: i64,
}

/// Allocated vs shipped vs received per region up to `as_of` (from `since` when set).
#[derive(Debug, Clone, PartialEq)]
pub struct FlowChart {
    pub region_name: String,
    pub item: Item,
    /// First day counted; `None`: every record up to `as_of`.
    pub since: Option<NaiveDate>,
    pub as_of: NaiveDate,
    pub rows: Vec<FlowBar>,
}

/// Complaints of one week (Monday to Sunday) per category, in the order of
/// `domain::complaints::Category::ALL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComplaintWeek {
    /// The Monday the week starts on.
    pub week: NaiveDate,
    pub counts: crate::domain::complaints::PerCategory,
}

/// Weekly complaints by category as stacked bars, over the stock on hand as a line.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintChart {
    pub region_name: String,
    pub as_of: NaiveDate,
    pub weeks: Vec<ComplaintWeek>,
    pub stock: Vec<StockPoint>,
}
