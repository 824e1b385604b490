//! Synthetic office histories with a known true rate, for tests, the estimator backtest and
//! benchmarks. Deterministic: a seed always gives the same history (no clock, no OS entropy).
//!
//! Each office draws its own: base rate (5–300 residents a working day), weekday pattern (±25 %),
//! overdispersed noise, rate changes (steps, drift, campaigns), outages (hours lost), a supplier
//! that reorders late or short and sometimes not at all for months (droughts, hence stock-outs),
//! lead times, and how many residents turned away come back later (0–97 % a day; those who do
//! make the bursts that follow stock-outs and outages).
//!
//! Not part of the library: included with `#[path]` by the forecast unit tests
//! (`src/domain/forecast/mod.rs`) and by `benches/forecast.rs`, so its `crate::domain` paths
//! name `blanko::domain` in both (the bench imports it as `domain` at its root).

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::domain::calendar::WorkCalendar;
use crate::domain::forecast::backtest::{OfficeHistory, PastShipment};
use crate::domain::forecast::{BacklogSnapshot, DayRecord, ForecastInput, IncomingShipment, ItemInput, OutageDay};
use crate::domain::item::Item;
use crate::domain::region::RegionCode;

/// A small deterministic generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1_u64 << 53) as f64
    }

    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u = 1.0 - self.uniform();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * self.uniform()).cos()
    }

    /// Gamma with mean 1 and shape `k ≥ 1` (Marsaglia–Tsang).
    pub fn gamma_unit(&mut self, shape: f64) -> f64 {
        let shape = shape.max(1.0);
        let base = shape - 1.0 / 3.0;
        let scale = 1.0 / (9.0 * base).sqrt();
        loop {
            let z = self.normal();
            let cube = (1.0 + scale * z).powi(3);
            if cube > 0.0 && (1.0 - self.uniform()).ln() < 0.5 * z * z + base - base * cube + base * cube.ln() {
                return base * cube / shape;
            }
        }
    }

    pub fn poisson(&mut self, lambda: f64) -> f64 {
        if lambda <= 0.0 {
            return 0.0;
        }
        if lambda > 30.0 {
            return (lambda + lambda.sqrt() * self.normal()).round().max(0.0);
        }
        let limit = (-lambda).exp();
        let (mut k, mut p) = (0.0, self.uniform());
        while p > limit {
            k += 1.0;
            p *= self.uniform();
        }
        k
    }
}

/// Which difficulties the generator includes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SynthStyle {
    /// Upper bound of the daily share of turned-away residents who come back.
    pub max_return: f64,
    pub droughts: bool,
    pub outages: bool,
    /// Size of rate changes (steps, drift, campaigns): 1 as described above, 0 for none.
    pub volatility: f64,
    /// Largest steady drift of the rate, up or down, as a change of its logarithm per year
    /// (0.5: up to ×1.65 or ÷1.65 a year); each office draws its own direction and size.
    pub trend: f64,
    /// One campaign week (five working days at 1.5–2.5 times the rate) at a random date.
    pub campaign_week: bool,
}

impl Default for SynthStyle {
    fn default() -> Self {
        Self { max_return: 0.97, droughts: true, outages: true, volatility: 1.0, trend: 0.0, campaign_week: false }
    }
}

impl SynthStyle {
    /// The noisy set of issue 13: day-to-day noise and a weekday pattern (as every office has),
    /// a steady drift up or down of 15–60 % a year, one campaign week, outages, supply droughts
    /// (hence stock-outs), and residents who partly come back; no sudden steps.
    pub fn noisy() -> Self {
        Self { max_return: 0.5, droughts: true, outages: true, volatility: 0.0, trend: 0.6, campaign_week: true }
    }
}

/// `n` offices of `style`, three years from 2019 each, seeded by `seed` (codes 11.01 onwards).
pub fn offices(n: u64, seed: u64, style: &SynthStyle, cal: &WorkCalendar) -> Vec<OfficeHistory> {
    let start = NaiveDate::from_ymd_opt(2019, 1, 1).expect("valid date");
    (0..n)
        .map(|i| {
            let code = RegionCode::parse(&format!("{:02}.{:02}", 11 + i / 90, 1 + i % 90)).expect("valid code");
            office(code, seed * 1_000_003 + i, start, 3 * 365, style, cal).office
        })
        .collect()
}

/// The seeded noisy set: 60 offices × 3 years of [`SynthStyle::noisy`].
pub fn noisy_set(cal: &WorkCalendar) -> Vec<OfficeHistory> {
    offices(60, 13, &SynthStyle::noisy(), cal)
}

/// A generated office and its truth.
#[derive(Debug, Clone)]
pub struct SyntheticOffice {
    pub office: OfficeHistory,
    /// Expected residents per day (0 on days off), one per history record.
    pub true_rate: Vec<f64>,
}

/// Generates `days` calendar days of one office from `start`.
pub fn office(
    region: RegionCode,
    seed: u64,
    start: NaiveDate,
    days: u32,
    style: &SynthStyle,
    cal: &WorkCalendar,
) -> SyntheticOffice {
    let mut rng = Rng::new(seed);
    let mut mu = rng.range(5_f64.ln(), 300_f64.ln()).exp();
    let amp = rng.range(0.0, 0.25);
    let mut f = [0.0; 5];
    for x in &mut f {
        *x = 1.0 + rng.range(-amp, amp);
    }
    let avg = f.iter().sum::<f64>() / 5.0;
    let f = f.map(|x| x / avg);
    let shape = rng.range(3.0, 40.0);
    let p_out = if style.outages { rng.range(0.0, 0.08) } else { 0.0 };
    let ret = rng.range(0.0, style.max_return);
    let cap = rng.range(1.3, 2.5);
    let (reorder_days, order_days, base_lead) = (rng.range(8.0, 30.0), rng.range(20.0, 60.0), rng.range(3.0, 15.0));
    let mut droughts = Vec::new();
    if style.droughts {
        for _ in 0..(rng.uniform() * 3.0) as usize {
            let from = rng.range(0.0, f64::from(days)) as u64;
            droughts.push((start + Days::new(from), start + Days::new(from + rng.range(30.0, 170.0) as u64)));
        }
    }
    let has_backlog = rng.uniform() < 0.7;
    let base_prr = (mu * rng.range(0.0, 10.0)).round();
    let mut next_change = rng.range(20.0, 160.0);
    let (mut campaign_left, mut campaign) = (0, 1.0);
    // Drift per working day (about 250 a year), up or down.
    // (Drawn only when asked for, so the other styles give the same offices as before.)
    let trend = if style.trend > 0.0 {
        (if rng.uniform() < 0.5 { 1.0 } else { -1.0 }) * rng.range(0.25, 1.0) * style.trend / 250.0
    } else {
        0.0
    };
    // The campaign's first working day, within the first two thirds of the working days.
    let campaign_at = style.campaign_week.then(|| rng.range(60.0, f64::from(days) * 0.45));
    let mut stock = (mu * rng.range(20.0, 60.0)).round();
    let (mut queue, mut wd_count) = (0.0, 0.0);
    let mut transit: Vec<(NaiveDate, f64, usize)> = Vec::new();
    let mut out =
        OfficeHistory { region, history: Vec::new(), shipments: Vec::new(), outages: Vec::new(), backlog: Vec::new() };
    let mut truth = Vec::with_capacity(days as usize);
    let mut last_dispatch: Option<NaiveDate> = None;
    for d in start.iter_days().take(days as usize) {
        transit.retain(|&(at, q, idx)| {
            let here = at <= d;
            if here {
                stock += q;
                out.shipments[idx].received_on = Some(d);
            }
            !here
        });
        let working = cal.is_working_day(d);
        let saturday_service = d.weekday() == Weekday::Sat && rng.uniform() < 0.05;
        let mut consumed = 0.0;
        let mut lam = 0.0;
        if working {
            wd_count += 1.0;
            let vol = style.volatility;
            if vol > 0.0 {
                if wd_count >= next_change {
                    mu = (mu * (0.3 * vol * rng.normal()).exp()).clamp(2.0, 2000.0);
                    next_change += rng.range(20.0, 160.0);
                }
                mu = (mu * (0.01 * vol * rng.normal()).exp()).clamp(2.0, 2000.0);
                if campaign_left == 0 && rng.uniform() < 0.01 * vol {
                    campaign_left = 5 + (rng.uniform() * 6.0) as u32;
                    campaign = rng.range(1.5, 2.5);
                }
            }
            mu = (mu * trend.exp()).clamp(2.0, 2000.0);
            if campaign_at.is_some_and(|at| wd_count >= at && wd_count < at + 1.0) {
                campaign_left = 5;
                campaign = rng.range(1.5, 2.5);
            }
            let boost = if campaign_left > 0 {
                campaign_left -= 1;
                campaign
            } else {
                1.0
            };
            lam = mu * f[d.weekday().num_days_from_monday() as usize] * boost;
            let mean_today = lam * rng.gamma_unit(shape);
            let arrivals = rng.poisson(mean_today);
            // Residents arriving while the office is down join the queue only at the end of the day.
            let down = if rng.uniform() < p_out {
                let hours = if rng.uniform() < 0.5 { rng.range(8.0, 24.0) } else { rng.range(1.0, 7.0) }.round();
                out.outages.push(OutageDay { date: d, hours });
                (hours / 8.0).min(1.0)
            } else {
                0.0
            };
            let up = (arrivals * (1.0 - down)).round();
            queue += up;
            let printed = queue.min((cap * lam * (1.0 - down)).floor()).min(stock);
            stock -= printed;
            queue = ((queue - printed) * ret).round() + ((arrivals - up) * ret).round();
            consumed = printed;
        } else if saturday_service {
            queue += rng.poisson(0.3 * mu);
            consumed = queue.min(stock);
            stock -= consumed;
            queue -= consumed;
        }
        truth.push(lam);
        let dry = droughts.iter().any(|&(a, b)| d >= a && d < b);
        if working && !dry && last_dispatch.is_none_or(|l| (d - l).num_days() >= 7) {
            let belief = mu * (0.2 * rng.normal()).exp();
            let pipeline = stock + transit.iter().map(|t| t.1).sum::<f64>();
            if pipeline < reorder_days * belief {
                let short = if rng.uniform() < 0.2 { rng.range(0.3, 1.0) } else { 1.0 };
                let qty = ((order_days * belief * short) / 100.0).round().max(1.0) * 100.0;
                let lead = (base_lead * (1.0 + 0.3 * rng.normal())).round().max(1.0) as i64;
                transit.push((cal.add_working_days(d, lead), qty, out.shipments.len()));
                out.shipments.push(PastShipment { quantity: qty as i64, shipped_on: d, received_on: None });
                last_dispatch = Some(d);
            }
        }
        out.history.push(DayRecord { date: d, consumed: consumed as i64, closing_stock: stock as i64 });
        if has_backlog && d.weekday() == Weekday::Fri {
            out.backlog.push(BacklogSnapshot { date: d, prr: (base_prr + queue) as i64 });
        }
    }
    SyntheticOffice { office: out, true_rate: truth }
}

/// The whole country for benchmarks: 514 kabupaten/kota (blanko, ribbon, film) and 7,285
/// kecamatan (blanko), each with three years of daily history ending late 2022.
pub fn nation(cal: &WorkCalendar) -> Vec<ForecastInput> {
    let start = NaiveDate::from_ymd_opt(2019, 11, 1).expect("valid date");
    let days = 3 * 365;
    let style = SynthStyle::default();
    (0..514 + 7285_u64)
        .map(|i| {
            let kabkota = i < 514;
            let code = if kabkota {
                format!("{:02}.{:02}", 11 + i / 99, 1 + i % 99)
            } else {
                format!("32.01.{:02}", 1 + i % 99)
            };
            let o = office(RegionCode::parse(&code).expect("generated codes are valid"), i, start, days, &style, cal)
                .office;
            let last = *o.history.last().expect("three years of history");
            let (as_of, on_hand) = (last.date, last.closing_stock);
            let incoming = o
                .shipments
                .iter()
                .filter(|s| s.received_on.is_none())
                .map(|s| IncomingShipment {
                    quantity: s.quantity,
                    shipped_on: s.shipped_on,
                    expected_on: None,
                    reference: None,
                })
                .collect();
            let mut items = vec![ItemInput {
                item: Item::Blanko,
                history: o.history.clone(),
                on_hand,
                incoming,
                allocated_not_shipped: 0,
            }];
            if kabkota {
                for item in [Item::Ribbon, Item::Film] {
                    let per = item.cards_per_unit();
                    let history = o
                        .history
                        .iter()
                        .map(|r| DayRecord {
                            date: r.date,
                            consumed: r.consumed / per,
                            closing_stock: r.closing_stock / per + 1,
                        })
                        .collect();
                    items.push(ItemInput {
                        item,
                        history,
                        on_hand: on_hand / per + 1,
                        incoming: Vec::new(),
                        allocated_not_shipped: 0,
                    });
                }
            }
            ForecastInput {
                region: o.region,
                as_of,
                items,
                outages: o.outages,
                backlog: o.backlog,
                route_lead_time_days: Some(7),
                last_report: None,
            }
        })
        .collect()
}
