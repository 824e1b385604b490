//! The headline of a roll-up (a province or the nation), in the order a coordinator reads it: how
//! many offices are habis, merah and kuning, which runs out first and when, how many cards are
//! missing; the pooled date (as if stock moved freely) comes second. Pure: the pages, the API
//! answer and the briefing take it from here, so they say the same thing.

use chrono::NaiveDate;
use serde::Serialize;

use super::output::Risk;
use super::rollup::{MemberStockout, Rollup};

/// What a roll-up leads with.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RollupHeadline {
    /// Offices counted in the roll-up.
    pub members: u32,
    pub habis: u32,
    pub merah: u32,
    pub kuning: u32,
    /// The office that runs out first within the horizon (earliest date, then code).
    pub first_out: Option<MemberStockout>,
    /// Cards the offices need above the stock held above them.
    pub shortfall_cards: i64,
    /// Second: the day the region as a whole runs out if its stock were shared out evenly.
    pub pooled_stockout: Option<NaiveDate>,
}

impl RollupHeadline {
    /// Offices that need attention now: habis, merah or kuning.
    pub fn at_risk(&self) -> u32 {
        self.habis + self.merah + self.kuning
    }

    /// The worst colour among the offices (hijau when none is at risk), the colour a page shows
    /// the headline in: a green pool must not hide a red office.
    pub fn worst(&self) -> Risk {
        if self.habis > 0 {
            Risk::Habis
        } else if self.merah > 0 {
            Risk::Merah
        } else if self.kuning > 0 {
            Risk::Kuning
        } else {
            Risk::Hijau
        }
    }
}

/// The headline of `r`.
pub fn rollup_headline(r: &Rollup) -> RollupHeadline {
    RollupHeadline {
        members: r.members,
        habis: r.risk_counts.habis,
        merah: r.risk_counts.merah,
        kuning: r.risk_counts.kuning,
        first_out: r.running_out.first().cloned(),
        shortfall_cards: r.shortfall_quantity,
        pooled_stockout: r.pooled_stockout_date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::forecast::rollup::{RiskCounts, rollup};
    use crate::domain::region::RegionCode;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, day).unwrap()
    }

    #[test]
    fn leads_with_counts_and_the_first_office_out() {
        let mut r = rollup(RegionCode::parse("32").unwrap(), d(10, 31), &[], 0, 10);
        r.members = 27;
        r.risk_counts = RiskCounts { habis: 0, merah: 1, kuning: 3, hijau: 23 };
        r.running_out = vec![
            MemberStockout { region: RegionCode::parse("32.16").unwrap(), stockout_date: d(11, 10), risk: Risk::Merah },
            MemberStockout {
                region: RegionCode::parse("32.01").unwrap(),
                stockout_date: d(11, 25),
                risk: Risk::Kuning,
            },
        ];
        r.shortfall_quantity = 120_000;
        r.pooled_stockout_date = Some(d(12, 13));
        let h = rollup_headline(&r);
        assert_eq!((h.members, h.habis, h.merah, h.kuning, h.at_risk()), (27, 0, 1, 3, 4));
        assert_eq!(h.worst(), Risk::Merah);
        let first = h.first_out.unwrap();
        assert_eq!((first.region.as_str(), first.stockout_date), ("32.16", d(11, 10)));
        assert_eq!((h.shortfall_cards, h.pooled_stockout), (120_000, Some(d(12, 13))));
    }

    #[test]
    fn a_quiet_region_has_nothing_to_lead_with() {
        let h = rollup_headline(&rollup(RegionCode::pusat(), d(10, 31), &[], 0, 10));
        assert_eq!((h.at_risk(), h.worst(), h.first_out, h.shortfall_cards), (0, Risk::Hijau, None, 0));
    }
}
