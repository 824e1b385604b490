//! Allocation planning (SPEC §7): split central stock so the lowest cover rises first
//! (water-filling), and loans inside a province so its kabupaten/kota run out together.
//!
//! Cover here is at the demand rate (cards needed per working day) over everything the region
//! can count on: on hand, in transit and allocated but not shipped. All quantities are whole
//! cards.

use serde::Serialize;

use crate::domain::forecast::Forecast;
use crate::domain::forecast::rollup::Rollup;
use crate::domain::quantity::total;
use crate::domain::region::RegionCode;

/// What a kabupaten/kota has and needs, as the planner sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Need {
    pub region: RegionCode,
    /// Blanko on hand (what it could lend).
    pub on_hand: i64,
    /// On hand and in transit: cards that exist. Allocations not yet shipped are not counted as
    /// cover (late 2022 showed they may never come), and the plan re-decides them.
    pub pipeline: i64,
    /// Cards needed per working day.
    pub demand_rate: f64,
    /// The most it should be sent: its reorder quantity.
    pub cap: i64,
}

impl Need {
    /// From the forecast of a kabupaten/kota. An office late with its reports counts the stock it
    /// is expected to hold today, and lends nothing: its stock to spare is not known, only guessed.
    pub fn from_forecast(f: &Forecast) -> Self {
        Self {
            region: f.region.clone(),
            on_hand: if f.stale_days > 0 { 0 } else { f.on_hand },
            pipeline: f.expected_on_hand + f.in_transit,
            demand_rate: f.demand_rate,
            cap: f.reorder_quantity.max(0),
        }
    }

    /// From the roll-up of a kabupaten/kota's offices (its own and its kecamatan's).
    pub fn from_rollup(r: &Rollup) -> Self {
        Self {
            region: r.region.clone(),
            on_hand: r.on_hand + r.reserve,
            pipeline: r.on_hand + r.reserve + r.in_transit,
            demand_rate: r.demand_rate,
            cap: r.reorder_quantity.max(0),
        }
    }

    fn cover_with(&self, extra: i64) -> Option<f64> {
        (self.demand_rate > 0.0).then(|| (self.pipeline + extra) as f64 / self.demand_rate)
    }
}

/// Cards for one region.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Allotment {
    pub region: RegionCode,
    pub quantity: i64,
    pub cover_before: Option<f64>,
    pub cover_after: Option<f64>,
}

/// A split of central stock.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AllocationPlan {
    /// Cards offered.
    pub quantity: i64,
    pub allocated: i64,
    /// Left over once every region reached its cap.
    pub unallocated: i64,
    pub min_cover_before: Option<f64>,
    pub min_cover_after: Option<f64>,
    /// Regions that receive something, lowest cover first.
    pub allotments: Vec<Allotment>,
}

fn min_cover(needs: &[Need], extra: &[i64]) -> Option<f64> {
    needs.iter().zip(extra).filter_map(|(n, x)| n.cover_with(*x)).min_by(f64::total_cmp)
}

/// Splits `quantity` cards so the lowest cover rises first, never past a region's cap and never
/// more than `quantity` in all. Regions with no demand get nothing.
pub fn water_fill(quantity: i64, needs: &[Need]) -> AllocationPlan {
    let n = quantity.max(0);
    let eligible: Vec<usize> = (0..needs.len()).filter(|&i| needs[i].demand_rate > 0.0 && needs[i].cap > 0).collect();
    let mut x = vec![0_i64; needs.len()];
    let total_cap = total(eligible.iter().map(|&i| needs[i].cap));
    if total_cap <= n {
        for &i in &eligible {
            x[i] = needs[i].cap;
        }
    } else {
        // Cards a region takes to reach `level` working days of cover.
        let take = |i: usize, level: f64| {
            let r = &needs[i];
            (level * r.demand_rate - r.pipeline as f64).clamp(0.0, r.cap as f64)
        };
        let fill = |level: f64| eligible.iter().map(|&i| take(i, level)).sum::<f64>();
        let (mut lo, mut hi) = (0.0, 0.0_f64);
        for &i in &eligible {
            hi = hi.max((needs[i].pipeline + needs[i].cap) as f64 / needs[i].demand_rate);
        }
        for _ in 0..200 {
            let mid = f64::midpoint(lo, hi);
            if fill(mid) <= n as f64 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        for &i in &eligible {
            x[i] = take(i, lo).floor() as i64;
        }
        // Whole cards left by rounding go, one by one, to the lowest cover.
        let mut rest = n - x.iter().sum::<i64>();
        while rest > 0 {
            let lowest = eligible.iter().copied().filter(|&i| x[i] < needs[i].cap).min_by(|&a, &b| {
                let ca = (needs[a].pipeline + x[a]) as f64 / needs[a].demand_rate;
                let cb = (needs[b].pipeline + x[b]) as f64 / needs[b].demand_rate;
                ca.total_cmp(&cb)
            });
            let Some(i) = lowest else { break };
            x[i] += 1;
            rest -= 1;
        }
    }
    let zero = vec![0; needs.len()];
    let mut allotments: Vec<Allotment> = needs
        .iter()
        .zip(&x)
        .filter(|(_, q)| **q > 0)
        .map(|(r, q)| Allotment {
            region: r.region.clone(),
            quantity: *q,
            cover_before: r.cover_with(0),
            cover_after: r.cover_with(*q),
        })
        .collect();
    allotments
        .sort_by(|a, b| a.cover_before.unwrap_or(f64::INFINITY).total_cmp(&b.cover_before.unwrap_or(f64::INFINITY)));
    let allocated = x.iter().sum();
    AllocationPlan {
        quantity: n,
        allocated,
        unallocated: n - allocated,
        min_cover_before: min_cover(needs, &zero),
        min_cover_after: min_cover(needs, &x),
        allotments,
    }
}

/// Cards one kabupaten/kota lends another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Loan {
    pub from: RegionCode,
    pub to: RegionCode,
    pub quantity: i64,
}

/// Loans that even out cover inside a province.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct LoanPlan {
    /// The common cover all would have if stock moved freely.
    pub target_cover: Option<f64>,
    pub min_cover_before: Option<f64>,
    pub min_cover_after: Option<f64>,
    /// Largest lender to the neediest borrower first.
    pub loans: Vec<Loan>,
}

/// Loans from the regions with most cover to those with least so they run out together. A
/// lender keeps at least the common cover and lends only from stock on hand; loans below
/// `min_quantity` cards are not worth a trip and are left out. Regions with no demand neither
/// lend nor borrow.
pub fn balance_loans(members: &[Need], min_quantity: i64) -> LoanPlan {
    let active: Vec<usize> = (0..members.len()).filter(|&i| members[i].demand_rate > 0.0).collect();
    let rate: f64 = active.iter().map(|&i| members[i].demand_rate).sum();
    let pipeline = total(active.iter().map(|&i| members[i].pipeline));
    let zero = vec![0; members.len()];
    let target = (rate > 0.0).then(|| pipeline as f64 / rate);
    let mut delta = vec![0_i64; members.len()];
    let mut loans = Vec::new();
    if let Some(level) = target {
        let surplus = |i: usize| members[i].pipeline as f64 - level * members[i].demand_rate;
        let cover = |i: usize| members[i].pipeline as f64 / members[i].demand_rate;
        let mut lenders: Vec<(usize, i64)> = active
            .iter()
            .map(|&i| (i, (surplus(i).floor() as i64).min(members[i].on_hand)))
            .filter(|l| l.1 > 0)
            .collect();
        let mut borrowers: Vec<(usize, i64)> =
            active.iter().map(|&i| (i, (-surplus(i)).floor() as i64)).filter(|b| b.1 > 0).collect();
        lenders.sort_by(|a, b| cover(b.0).total_cmp(&cover(a.0)));
        borrowers.sort_by(|a, b| cover(a.0).total_cmp(&cover(b.0)));
        let (mut l, mut b) = (0, 0);
        while l < lenders.len() && b < borrowers.len() {
            let q = lenders[l].1.min(borrowers[b].1);
            if q >= min_quantity.max(1) {
                loans.push(Loan {
                    from: members[lenders[l].0].region.clone(),
                    to: members[borrowers[b].0].region.clone(),
                    quantity: q,
                });
                delta[lenders[l].0] -= q;
                delta[borrowers[b].0] += q;
                lenders[l].1 -= q;
                borrowers[b].1 -= q;
            } else if lenders[l].1 < borrowers[b].1 {
                lenders[l].1 = 0;
            } else {
                borrowers[b].1 = 0;
            }
            if lenders[l].1 == 0 {
                l += 1;
            }
            if borrowers[b].1 == 0 {
                b += 1;
            }
        }
    }
    LoanPlan {
        target_cover: target,
        min_cover_before: min_cover(members, &zero),
        min_cover_after: min_cover(members, &delta),
        loans,
    }
}

#[cfg(test)]
mod tests;
