//! Plain input rows of the CSV reports, filled by the caller from the database.

use chrono::NaiveDate;

use super::risk::Risk;
use crate::domain::item::Item;
use crate::domain::ledger::EntryKind;

/// One line of the stock position: a region and an item at the as-of date.
#[derive(Debug, Clone, PartialEq)]
pub struct StockRow {
    pub region_code: String,
    pub region_name: String,
    pub item: Item,
    pub on_hand: i64,
    pub in_transit: i64,
    pub allocated_not_shipped: i64,
    /// PRR backlog of the region (repeated on each item line, like the API).
    pub backlog_prr: i64,
}

/// The latest backlog report of one kecamatan.
#[derive(Debug, Clone, PartialEq)]
pub struct BacklogRow {
    pub kecamatan_code: String,
    pub kecamatan_name: String,
    /// Date of the report the numbers come from; `None` when none was sent.
    pub reported_on: Option<NaiveDate>,
    pub prr: i64,
    /// Residents recorded (perekaman), when reported.
    pub recorded: Option<i64>,
    /// Suket issued, when reported.
    pub suket: Option<i64>,
}

/// The forecast of one region and item (SPEC §7).
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastRow {
    pub region_code: String,
    pub region_name: String,
    pub item: Item,
    pub on_hand: i64,
    pub in_transit: i64,
    /// Cards consumed per working day.
    pub issuance_rate: f64,
    /// Cards needed per working day.
    pub demand_rate: f64,
    /// Working days of cover; `None` when the rate is zero.
    pub days_of_cover: Option<f64>,
    /// Early (10th percentile), expected and late (90th percentile) stock-out dates.
    pub stockout_p10: Option<NaiveDate>,
    pub stockout_p50: Option<NaiveDate>,
    pub stockout_p90: Option<NaiveDate>,
    pub risk: Risk,
    pub reorder_quantity: i64,
    /// The last day prints were reported (for a roll-up, the oldest of its offices').
    pub last_report: Option<NaiveDate>,
    /// Working days since `last_report` (for a roll-up, the most of its offices').
    pub stale_days: u32,
}

/// One shipment with what arrived of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ShipmentRow {
    pub reference: String,
    pub shipped_on: NaiveDate,
    pub from_code: String,
    pub from_name: String,
    pub to_code: String,
    pub to_name: String,
    pub item: Item,
    pub quantity: i64,
    pub received_on: Option<NaiveDate>,
    /// Cards that arrived, damaged ones included.
    pub received_quantity: Option<i64>,
    pub damaged_quantity: Option<i64>,
    pub note: String,
}

impl ShipmentRow {
    /// Usable cards that arrived: received less damaged; `None` while in transit.
    pub fn usable(&self) -> Option<i64> {
        self.received_quantity.map(|r| r - self.damaged_quantity.unwrap_or(0))
    }

    /// Cards shipped but not usable at the receiver; `None` while in transit.
    pub fn shortfall(&self) -> Option<i64> {
        self.usable().map(|u| self.quantity - u)
    }

    /// True when the receipt differs from the dispatch (short or damaged).
    pub fn has_discrepancy(&self) -> bool {
        self.shortfall().is_some_and(|s| s != 0)
    }
}

/// One ledger entry of a stock card, in ledger order.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerRow {
    pub date: NaiveDate,
    /// What caused the entry; the card shows its Indonesian label.
    pub kind: EntryKind,
    pub reference: String,
    /// Signed change of stock.
    pub quantity: i64,
    pub note: String,
    pub actor: String,
}

/// A stock card: one region and item, its balance before the first entry, and the entries.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerCard {
    pub region_code: String,
    pub item: Item,
    /// First day of the card; the opening line carries this date.
    pub from: Option<NaiveDate>,
    pub opening_balance: i64,
    pub entries: Vec<LedgerRow>,
}
