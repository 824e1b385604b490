//! Pools the rows of `queries` into *units*: each holder counts for the nearest unit at or above
//! it, and a shipment between two holders of the same unit does not come into it.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Days, NaiveDate};

use super::queries::{Records, Shipment};
use crate::domain::calendar::WorkCalendar;
use crate::domain::forecast::backtest::{OfficeHistory, PastShipment};
use crate::domain::forecast::{
    BacklogSnapshot, DayRecord, ForecastInput, IncomingShipment, ItemInput, OutageDay, typical_lead_time,
};
use crate::domain::item::Item;
use crate::domain::region::RegionCode;

/// Maps each holder to the unit that pools it (the nearest unit at or above it).
struct Units(HashSet<RegionCode>);

impl Units {
    fn of(&self, holder: &RegionCode) -> Option<RegionCode> {
        let mut cur = Some(holder.clone());
        while let Some(c) = cur {
            if self.0.contains(&c) {
                return Some(c);
            }
            cur = c.parent().filter(|p| !p.is_pusat());
        }
        None
    }
}

/// The records pooled by unit (and item).
struct Pool<'a> {
    opening: HashMap<(RegionCode, Item), i64>,
    /// (net change, consumed) per unit, item and day.
    days: HashMap<(RegionCode, Item), BTreeMap<NaiveDate, (i64, i64)>>,
    inbound: HashMap<RegionCode, Vec<&'a Shipment>>,
    /// (dispatched, received) of received shipments read apart (`Records::lead_time_pairs`).
    pairs: HashMap<RegionCode, Vec<(NaiveDate, NaiveDate)>>,
    outages: HashMap<RegionCode, Vec<OutageDay>>,
    backlog: HashMap<RegionCode, Vec<BacklogSnapshot>>,
    not_shipped: HashMap<(RegionCode, Item), i64>,
}

fn add(total: &mut i64, n: i64) {
    *total = (*total).saturating_add(n);
}

impl<'a> Pool<'a> {
    fn new(records: &'a Records, units: &[RegionCode]) -> Self {
        let units = Units(units.iter().cloned().collect());
        let mut pool = Pool {
            opening: HashMap::new(),
            days: HashMap::new(),
            inbound: HashMap::new(),
            pairs: HashMap::new(),
            outages: HashMap::new(),
            backlog: HashMap::new(),
            not_shipped: HashMap::new(),
        };
        for (holder, item, total) in &records.opening {
            if let Some(unit) = units.of(holder) {
                add(pool.opening.entry((unit, *item)).or_insert(0), *total);
            }
        }
        for (holder, item, listed) in &records.days {
            if let Some(unit) = units.of(holder) {
                let days = pool.days.entry((unit, *item)).or_default();
                for (date, net, used) in listed {
                    let day = days.entry(*date).or_default();
                    add(&mut day.0, *net);
                    add(&mut day.1, *used);
                }
            }
        }
        for s in &records.shipments {
            let Some(unit) = units.of(&s.to) else { continue };
            if !unit.contains(&s.from) {
                pool.inbound.entry(unit).or_default().push(s);
            }
        }
        for (to, shipped, received) in &records.lead_time_pairs {
            if let Some(unit) = units.of(to) {
                pool.pairs.entry(unit).or_default().push((*shipped, *received));
            }
        }
        for (holder, date, hours) in &records.outages {
            if let Some(unit) = units.of(holder) {
                pool.outages.entry(unit).or_default().push(OutageDay { date: *date, hours: *hours });
            }
        }
        let mut sums: HashMap<RegionCode, BTreeMap<NaiveDate, i64>> = HashMap::new();
        for (holder, date, prr) in &records.backlog {
            if let Some(unit) = units.of(holder) {
                *sums.entry(unit).or_default().entry(*date).or_default() += prr;
            }
        }
        pool.backlog = sums
            .into_iter()
            .map(|(u, m)| (u, m.into_iter().map(|(date, prr)| BacklogSnapshot { date, prr }).collect()))
            .collect();
        for (region, item, n) in &records.not_shipped {
            if let Some(unit) = units.of(region) {
                add(pool.not_shipped.entry((unit, *item)).or_insert(0), *n);
            }
        }
        pool
    }

    /// One record per calendar day from `start` to `end`, and the closing stock at `end`.
    fn history(&self, unit: &RegionCode, item: Item, start: NaiveDate, end: NaiveDate) -> (Vec<DayRecord>, i64) {
        let key = (unit.clone(), item);
        let mut stock = self.opening.get(&key).copied().unwrap_or(0);
        let empty = BTreeMap::new();
        let days = self.days.get(&key).unwrap_or(&empty);
        let mut out = Vec::with_capacity(usize::try_from((end - start).num_days() + 1).unwrap_or(0));
        // The days with figures, walked beside the calendar.
        // (`range` panics on a reversed range: a backtest asked to end before the first entry.)
        let mut listed = (start <= end).then(|| days.range(start..=end)).into_iter().flatten().peekable();
        let mut date = start;
        while date <= end {
            let (net, used) = listed.next_if(|(d, _)| **d == date).map_or((0, 0), |(_, v)| *v);
            stock = stock.saturating_add(net);
            out.push(DayRecord { date, consumed: used, closing_stock: stock.max(0) });
            date = date + Days::new(1);
        }
        (out, stock)
    }

    fn tracks(&self, unit: &RegionCode, item: Item) -> bool {
        let key = (unit.clone(), item);
        self.opening.contains_key(&key) || self.days.contains_key(&key)
    }

    fn inbound(&self, unit: &RegionCode) -> &[&'a Shipment] {
        self.inbound.get(unit).map_or(&[][..], Vec::as_slice)
    }
}

impl Records {
    /// Forecast inputs of each unit (all inside the scope) at the end of the last day, with
    /// history from the first. Pooling the same records twice gives the same numbers as asking twice.
    pub fn inputs(&self, units: &[RegionCode], cal: &WorkCalendar) -> Vec<ForecastInput> {
        let (start, as_of) = (self.start, self.end);
        let mut pool = Pool::new(self, units);
        let mut out = Vec::with_capacity(units.len());
        for unit in units {
            let mine = pool.inbound(unit);
            let mut pairs: Vec<(NaiveDate, NaiveDate)> =
                mine.iter().filter_map(|s| Some((s.shipped_on, s.received_on?))).collect();
            pairs.extend(pool.pairs.get(unit).map_or(&[][..], Vec::as_slice));
            let items = Item::ALL
                .into_iter()
                .filter(|&item| item == Item::Blanko || pool.tracks(unit, item))
                .map(|item| {
                    let (history, on_hand) = pool.history(unit, item, start, as_of);
                    let incoming = mine
                        .iter()
                        .filter(|s| s.item == item && s.received_on.is_none())
                        .map(|s| IncomingShipment {
                            quantity: s.quantity,
                            shipped_on: s.shipped_on,
                            expected_on: None,
                            reference: Some(s.reference.clone()),
                        })
                        .collect();
                    ItemInput {
                        item,
                        history,
                        on_hand: on_hand.max(0),
                        incoming,
                        allocated_not_shipped: pool.not_shipped.get(&(unit.clone(), item)).copied().unwrap_or(0),
                    }
                })
                .collect();
            let route_lead_time_days = typical_lead_time(&pairs, cal).map(|l| l.days);
            out.push(ForecastInput {
                region: unit.clone(),
                as_of,
                items,
                outages: pool.outages.remove(unit).unwrap_or_default(),
                backlog: pool.backlog.remove(unit).unwrap_or_default(),
                route_lead_time_days,
                last_report: None,
            });
        }
        out
    }

    /// The whole recorded history of blanko of each unit, for a backtest.
    pub fn histories(&self, units: &[RegionCode]) -> Vec<OfficeHistory> {
        let (start, end) = (self.start, self.end);
        let mut pool = Pool::new(self, units);
        units
            .iter()
            .map(|unit| {
                let (history, _) = pool.history(unit, Item::Blanko, start, end);
                let shipments = pool
                    .inbound(unit)
                    .iter()
                    .filter(|s| s.item == Item::Blanko)
                    .map(|s| PastShipment { quantity: s.arrived, shipped_on: s.shipped_on, received_on: s.received_on })
                    .collect();
                OfficeHistory {
                    region: unit.clone(),
                    history,
                    shipments,
                    outages: pool.outages.remove(unit).unwrap_or_default(),
                    backlog: pool.backlog.remove(unit).unwrap_or_default(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::super::queries::{Records, Shipment};
    use crate::domain::calendar::WorkCalendar;
    use crate::domain::item::Item;
    use crate::domain::region::RegionCode;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    /// One read pooled two ways: the kabupaten with its kecamatan, then each kecamatan alone.
    #[test]
    fn the_same_records_pool_into_a_kabupaten_and_into_its_kecamatan() {
        let d = |day| NaiveDate::from_ymd_opt(2022, 10, day).unwrap();
        let (kab, kec) = (code("32.16"), code("32.16.01"));
        let shipment = |from: &RegionCode, quantity| Shipment {
            from: from.clone(),
            to: kec.clone(),
            item: Item::Blanko,
            quantity,
            arrived: quantity,
            shipped_on: d(2),
            received_on: None,
            reference: "SJ-1".into(),
        };
        let records = Records {
            start: d(1),
            end: d(3),
            opening: vec![(kab.clone(), Item::Blanko, 1000), (kec.clone(), Item::Blanko, 50)],
            days: vec![(kec.clone(), Item::Blanko, vec![(d(2), -20, 20)])],
            shipments: vec![shipment(&kab, 300), shipment(&RegionCode::pusat(), 7)],
            lead_time_pairs: Vec::new(),
            outages: vec![(kec.clone(), d(2), 4.0)],
            backlog: vec![(kab.clone(), d(3), 5), (kec.clone(), d(3), 6)],
            not_shipped: vec![(kab.clone(), Item::Blanko, 40)],
        };
        let cal = WorkCalendar::weekdays_only();
        let whole = &records.inputs(std::slice::from_ref(&kab), &cal)[0];
        let blanko = &whole.items[0];
        assert_eq!(blanko.on_hand, 1030);
        assert_eq!(blanko.history.iter().map(|r| r.consumed).sum::<i64>(), 20);
        // From the kabupaten to its own kecamatan stays inside the pool; only PUSAT's comes in.
        assert_eq!(blanko.incoming.iter().map(|s| s.quantity).collect::<Vec<_>>(), vec![7]);
        assert_eq!(blanko.allocated_not_shipped, 40);
        assert_eq!((whole.outages.len(), whole.backlog[0].prr), (1, 11));
        let alone = &records.inputs(std::slice::from_ref(&kec), &cal)[0];
        assert_eq!(alone.items[0].on_hand, 30);
        assert_eq!(alone.items[0].incoming.iter().map(|s| s.quantity).collect::<Vec<_>>(), vec![300, 7]);
        assert_eq!((alone.outages.len(), alone.backlog[0].prr, alone.items[0].allocated_not_shipped), (1, 6, 0));
    }
}
