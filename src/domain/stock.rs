//! Stock position of a region and its children at a date (SPEC §6 `/stock`): roll-ups of office
//! balances, shipments in transit, allocations not yet shipped and the PRR backlog.

use std::collections::BTreeMap;

use serde::Serialize;

use super::item::Item;
use super::quantity::total;
use super::region::RegionCode;

/// Facts at one date, each keyed by the office (holder) it belongs to.
#[derive(Debug, Default, Clone)]
pub struct StockFacts {
    /// Closing balance per (holder, item).
    pub on_hand: BTreeMap<(RegionCode, Item), i64>,
    /// Dispatched but not yet received, per (receiver, item).
    pub in_transit: BTreeMap<(RegionCode, Item), i64>,
    /// Allocated to a region, per (region, item).
    pub allocated: BTreeMap<(RegionCode, Item), i64>,
    /// Shipped from PUSAT to a region, per (region, item).
    pub shipped_from_pusat: BTreeMap<(RegionCode, Item), i64>,
    /// Latest PRR per kecamatan.
    pub backlog_prr: BTreeMap<RegionCode, i64>,
}

/// One row of the stock position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StockRow {
    pub region: RegionCode,
    pub item: Item,
    /// Held by the region's office and every office below it.
    pub on_hand: i64,
    /// Held by the region's own office only.
    pub office_on_hand: i64,
    /// On the way to the region or any office below it.
    pub in_transit: i64,
    /// Allocated by the centre to the region or below, and not yet shipped from PUSAT.
    pub allocated_not_shipped: i64,
    /// PRR backlog of every kecamatan in the region (same on every item's row).
    pub backlog_prr: i64,
}

fn sum_in(map: &BTreeMap<(RegionCode, Item), i64>, region: &RegionCode, item: Item) -> i64 {
    total(map.iter().filter(|((r, i), _)| *i == item && region.contains(r)).map(|(_, v)| *v))
}

/// The position of `region` for each item. `PUSAT` means the central warehouse itself.
pub fn position(facts: &StockFacts, region: &RegionCode) -> Vec<StockRow> {
    let backlog: i64 = if region.is_pusat() {
        0
    } else {
        total(facts.backlog_prr.iter().filter(|(r, _)| region.contains(r)).map(|(_, v)| *v))
    };
    Item::ALL
        .into_iter()
        .map(|item| {
            let own = facts.on_hand.get(&(region.clone(), item)).copied().unwrap_or(0);
            if region.is_pusat() {
                let in_transit = facts.in_transit.get(&(region.clone(), item)).copied().unwrap_or(0);
                return StockRow {
                    region: region.clone(),
                    item,
                    on_hand: own,
                    office_on_hand: own,
                    in_transit,
                    allocated_not_shipped: 0,
                    backlog_prr: 0,
                };
            }
            let not_shipped = total(facts.allocated.iter().filter(|((r, i), _)| *i == item && region.contains(r)).map(
                |((r, _), a)| {
                    let shipped = facts.shipped_from_pusat.get(&(r.clone(), item)).copied().unwrap_or(0);
                    a.saturating_sub(shipped).max(0)
                },
            ));
            StockRow {
                region: region.clone(),
                item,
                on_hand: sum_in(&facts.on_hand, region, item),
                office_on_hand: own,
                in_transit: sum_in(&facts.in_transit, region, item),
                allocated_not_shipped: not_shipped,
                backlog_prr: backlog,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    #[test]
    fn rolls_up_subtree() {
        let mut f = StockFacts::default();
        f.on_hand.insert((c("32.16"), Item::Blanko), 700);
        f.on_hand.insert((c("32.16.01"), Item::Blanko), 50);
        f.on_hand.insert((c("32.17"), Item::Blanko), 999);
        f.in_transit.insert((c("32.16.02"), Item::Blanko), 30);
        f.allocated.insert((c("32.16"), Item::Blanko), 5000);
        f.shipped_from_pusat.insert((c("32.16"), Item::Blanko), 1000);
        f.backlog_prr.insert(c("32.16.01"), 120);
        f.backlog_prr.insert(c("32.16.02"), 80);
        let rows = position(&f, &c("32.16"));
        let b = &rows[0];
        assert_eq!(
            (b.on_hand, b.office_on_hand, b.in_transit, b.allocated_not_shipped, b.backlog_prr),
            (750, 700, 30, 4000, 200)
        );
        let prov = position(&f, &c("32"));
        assert_eq!(prov[0].on_hand, 1749);
    }

    #[test]
    fn over_shipment_does_not_go_below_zero() {
        let mut f = StockFacts::default();
        f.allocated.insert((c("32.16"), Item::Blanko), 100);
        f.shipped_from_pusat.insert((c("32.16"), Item::Blanko), 300);
        f.allocated.insert((c("32.17"), Item::Blanko), 100);
        assert_eq!(position(&f, &c("32"))[0].allocated_not_shipped, 100);
    }
}
