//! Stock position of a region and its children at a date (SPEC §6 `/stock`): roll-ups of office
//! balances, shipments in transit, allocations not yet shipped and the PRR backlog.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::item::Item;
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
    /// Latest PRR per office (the store sums them per child of the region asked, all the
    /// position of that region and its children needs).
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

/// Running totals of one region and item while the facts are walked once.
#[derive(Default, Clone, Copy)]
struct Sums {
    on_hand: i64,
    in_transit: i64,
    not_shipped: i64,
}

/// The position of `region` for each item. `PUSAT` means the central warehouse itself.
pub fn position(facts: &StockFacts, region: &RegionCode) -> Vec<StockRow> {
    positions(facts, std::slice::from_ref(region)).pop().unwrap_or_default()
}

/// The position of each of `regions` for each item, in their order, walking each fact once: a
/// holder's figures count for every region asked about at or above it (`RegionCode::lineage`),
/// so the nation and its 38 provinces cost one pass, not 39. `PUSAT` means the central
/// warehouse itself (its own stock and what is on the way to it).
pub fn positions(facts: &StockFacts, regions: &[RegionCode]) -> Vec<Vec<StockRow>> {
    let index: HashMap<&str, usize> = regions.iter().enumerate().map(|(i, r)| (r.as_str(), i)).collect();
    let mut sums = vec![[Sums::default(); Item::ALL.len()]; regions.len()];
    let mut backlog = vec![0i64; regions.len()];
    // Every region asked about that holds `holder` (PUSAT is answered from its own figures).
    let asked =
        |holder: &RegionCode| -> Vec<usize> { holder.lineage().filter_map(|c| index.get(c).copied()).collect() };
    let slot = |item: Item| Item::ALL.iter().position(|i| *i == item).unwrap_or(0);
    let mut add = |map: &BTreeMap<(RegionCode, Item), i64>,
                   field: fn(&mut Sums) -> &mut i64,
                   value: &dyn Fn(&RegionCode, Item, i64) -> i64| {
        for ((holder, item), v) in map {
            let v = value(holder, *item, *v);
            for i in asked(holder) {
                let total = field(&mut sums[i][slot(*item)]);
                *total = total.saturating_add(v);
            }
        }
    };
    add(&facts.on_hand, |s| &mut s.on_hand, &|_, _, v| v);
    add(&facts.in_transit, |s| &mut s.in_transit, &|_, _, v| v);
    add(&facts.allocated, |s| &mut s.not_shipped, &|holder, item, allocated| {
        let shipped = facts.shipped_from_pusat.get(&(holder.clone(), item)).copied().unwrap_or(0);
        allocated.saturating_sub(shipped).max(0)
    });
    for (holder, prr) in &facts.backlog_prr {
        for i in asked(holder) {
            backlog[i] = backlog[i].saturating_add(*prr);
        }
    }
    regions
        .iter()
        .enumerate()
        .map(|(i, region)| {
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
                    let s = sums[i][slot(item)];
                    StockRow {
                        region: region.clone(),
                        item,
                        on_hand: s.on_hand,
                        office_on_hand: own,
                        in_transit: s.in_transit,
                        allocated_not_shipped: s.not_shipped,
                        backlog_prr: backlog[i],
                    }
                })
                .collect()
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
    fn one_pass_gives_each_region_its_own_position() {
        let mut f = StockFacts::default();
        f.on_hand.insert((c("PUSAT"), Item::Blanko), 9000);
        f.on_hand.insert((c("32.16"), Item::Blanko), 700);
        f.on_hand.insert((c("32.16.01"), Item::Ribbon), 3);
        f.on_hand.insert((c("33.01"), Item::Blanko), 40);
        f.in_transit.insert((c("PUSAT"), Item::Blanko), 11);
        f.in_transit.insert((c("33.01"), Item::Blanko), 5);
        f.allocated.insert((c("33.01"), Item::Blanko), 500);
        f.shipped_from_pusat.insert((c("33.01"), Item::Blanko), 120);
        f.backlog_prr.insert(c("33.01.02"), 9);
        let regions = [c("PUSAT"), c("32"), c("33"), c("34")];
        let all = positions(&f, &regions);
        assert_eq!(all.len(), 4);
        for (r, rows) in regions.iter().zip(&all) {
            assert_eq!(&position(&f, r), rows);
        }
        let row = |i: usize, item: Item| all[i].iter().find(|r| r.item == item).unwrap().clone();
        assert_eq!((row(0, Item::Blanko).on_hand, row(0, Item::Blanko).in_transit), (9000, 11));
        assert_eq!((row(1, Item::Blanko).on_hand, row(1, Item::Ribbon).on_hand), (700, 3));
        let east = row(2, Item::Blanko);
        assert_eq!((east.on_hand, east.in_transit, east.allocated_not_shipped, east.backlog_prr), (40, 5, 380, 9));
        assert_eq!(row(3, Item::Blanko).on_hand, 0);
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
