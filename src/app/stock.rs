//! Stock use cases: the region a caller may read, the position at a date (today's from the cached
//! balances, an earlier date's from the daily closings), the stock card with its running balance,
//! and `blanko check` of SPEC §3.

use chrono::NaiveDate;
use sea_orm::ConnectionTrait;

use super::error::Error;
use crate::config::today;
use crate::domain::auth::Principal;
use crate::domain::item::Item;
use crate::domain::region::{Region, RegionCode};
use crate::domain::stock::{StockRow, positions};
use crate::store::balances::{
    self, BacklogDrift, DayDrift, Drift, NegativeDay, OrphanReceipt, TotalDrift, UploadMismatch,
};
use crate::store::ledger::{self, CardLine};
use crate::store::{StoreError, regions, stock};

/// Earlier than any record blanko keeps; a bound every database accepts.
const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date");

fn unknown(code: &RegionCode) -> Error {
    Error::NotFound(format!("wilayah {code} tidak dikenal"))
}

/// The region `code`, if `who` may read it (403 first) and it exists (404).
pub async fn readable_region<C: ConnectionTrait>(db: &C, who: &Principal, code: &RegionCode) -> Result<Region, Error> {
    who.check_read(code)?;
    regions::get(db, code).await?.ok_or_else(|| unknown(code))
}

/// A region and its direct children; 404 when it does not exist.
pub async fn region_with_children<C: ConnectionTrait>(
    db: &C,
    code: &RegionCode,
) -> Result<(Region, Vec<Region>), Error> {
    regions::with_children(db, code).await?.ok_or_else(|| unknown(code))
}

/// The direct children of `parent`; 404 when it does not exist.
pub async fn children<C: ConnectionTrait>(db: &C, parent: &RegionCode) -> Result<Vec<Region>, Error> {
    Ok(region_with_children(db, parent).await?.1)
}

/// The stock position of a region and of each child at the end of a date.
pub struct Position {
    pub region: Region,
    /// The region itself first, then each child, with each of its rows (one per item).
    pub rows: Vec<(Region, StockRow)>,
}

/// The position of `code` and its children at the end of `as_of`, for `item` or all three. Today's
/// stock on hand comes from the cached balances, an earlier date's from the maintained daily
/// closings: the ledger's numbers, since no entry is dated after today and both are written with
/// every entry (`blanko check` proves it).
pub async fn position<C: ConnectionTrait>(
    db: &C,
    who: &Principal,
    code: &RegionCode,
    as_of: NaiveDate,
    item: Option<Item>,
) -> Result<Position, Error> {
    who.check_read(code)?;
    let source = if as_of >= today() { stock::OnHand::Cached } else { stock::OnHand::Closings };
    let (found, facts) = stock::position_facts(db, code, as_of, source).await?;
    let (me, children) = found.ok_or_else(|| unknown(code))?;
    // PUSAT's children are provinces: their positions include everything below them.
    let regions: Vec<Region> = std::iter::once(me.clone()).chain(children).collect();
    let codes: Vec<RegionCode> = regions.iter().map(|r| r.code.clone()).collect();
    let mut rows = Vec::new();
    for (r, position) in regions.iter().zip(positions(&facts, &codes)) {
        for row in position.into_iter().filter(|row| item.is_none_or(|i| i == row.item)) {
            rows.push((r.clone(), row));
        }
    }
    Ok(Position { region: me, rows })
}

/// The stock card (kartu stok) of one holder and item between two dates.
pub struct Card {
    pub region: Region,
    pub item: Item,
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
    pub opening: i64,
    pub closing: i64,
    /// Each entry with the balance after it.
    pub lines: Vec<(CardLine, i64)>,
}

/// The stock card of `code` for `item` from `from` (default: the first entry) to `to`.
pub async fn card<C: ConnectionTrait>(
    db: &C,
    who: &Principal,
    code: &RegionCode,
    item: Item,
    from: Option<NaiveDate>,
    to: NaiveDate,
) -> Result<Card, Error> {
    let region = readable_region(db, who, code).await?;
    let start = from.unwrap_or(EPOCH);
    let opening = ledger::balance_before(db, code, item, start).await?;
    let lines = running(opening, ledger::card_lines(db, code, item, start, to).await?).map_err(|id| {
        StoreError::Corrupt(format!("running balance of {code} {} overflows at entry {id}", item.as_str()))
    })?;
    let closing = lines.last().map_or(opening, |(_, b)| *b);
    Ok(Card { region, item, from, to, opening, closing, lines })
}

/// Each line with the balance after it, starting from `opening`. Records are bounded, so only
/// corrupt books overflow: the id of the entry where it happens, never a wrapped balance.
pub fn running(opening: i64, lines: Vec<CardLine>) -> Result<Vec<(CardLine, i64)>, i64> {
    let mut balance = opening;
    lines
        .into_iter()
        .map(|l| {
            balance = balance.checked_add(l.quantity).ok_or(l.id)?;
            Ok((l, balance))
        })
        .collect()
}

/// What `blanko check` found wrong with the invariants of SPEC §3; empty when the books are exact.
#[derive(Debug, Default)]
pub struct Findings {
    pub drift: Vec<Drift>,
    pub days: Vec<DayDrift>,
    pub backlog: Vec<BacklogDrift>,
    pub totals: Vec<TotalDrift>,
    pub negative: Vec<NegativeDay>,
    pub uploads: Vec<UploadMismatch>,
    pub orphan_receipts: Vec<OrphanReceipt>,
}

impl Findings {
    pub fn is_clean(&self) -> bool {
        self.drift.is_empty()
            && self.days.is_empty()
            && self.backlog.is_empty()
            && self.totals.is_empty()
            && self.negative.is_empty()
            && self.uploads.is_empty()
            && self.orphan_receipts.is_empty()
    }

    /// One line per problem, in Bahasa Indonesia.
    pub fn lines(&self) -> Vec<String> {
        let d = self.drift.iter().map(|d| {
            format!(
                "saldo tersimpan {} {} = {}, tetapi jumlah entri buku stok = {} (selisih {})",
                d.region,
                d.item,
                d.cached,
                d.ledger,
                d.cached - d.ledger
            )
        });
        let days = self.days.iter().map(|d| {
            let show = |(net, used, closing, rows): (i64, i64, i64, i64)| {
                if rows == 0 {
                    "tidak ada".to_string()
                } else {
                    format!("perubahan {net}, terpakai {used}, saldo akhir {closing}")
                }
            };
            format!(
                "buku harian {} {} {}: tersimpan {}, tetapi menurut entri buku stok {}",
                d.region,
                d.item,
                d.date.format("%Y-%m-%d"),
                show(d.kept),
                show(d.ledger)
            )
        });
        let backlog = self.backlog.iter().map(|b| {
            let day =
                |d: Option<NaiveDate>| d.map_or_else(|| "tidak ada".to_string(), |d| d.format("%Y-%m-%d").to_string());
            format!(
                "backlog terakhir {} tersimpan {}, tetapi laporan backlog terakhirnya {}{}",
                b.region,
                day(b.kept),
                day(b.latest),
                if b.kept == b.latest { " dengan angka yang berbeda" } else { "" }
            )
        });
        let totals = self.totals.iter().map(|t| {
            format!("jumlah tersimpan {} {}: {}, tetapi menurut catatan {}", t.table, t.key, t.kept, t.records)
        });
        let n = self.negative.iter().map(|n| {
            format!("stok {} {} minus pada akhir {}: saldo {}", n.region, n.item, n.date.format("%Y-%m-%d"), n.balance)
        });
        let u = self.uploads.iter().map(|u| {
            format!(
                "unggahan #{} ({}): tercatat {} baris = {} baru + {} diperbarui + {} sama, tetapi {} catatan tersimpan \
                 membawa nomor unggahan ini",
                u.id, u.kind, u.rows, u.inserted, u.updated, u.unchanged, u.stored
            )
        });
        let r = self.orphan_receipts.iter().map(|r| {
            format!(
                "penerimaan {} di {} ({}, {}) tidak punya pengiriman dengan nomor itu",
                r.reference,
                r.region,
                r.item,
                r.date.format("%Y-%m-%d")
            )
        });
        d.chain(days).chain(backlog).chain(totals).chain(n).chain(u).chain(r).collect()
    }
}

/// Checks every invariant of SPEC §3 on the whole database: cached balances equal the sums of
/// entries, every maintained daily figure, latest backlog and kept total (`store::totals`) equals
/// what the ledger and the records give, no day closes negative, uploads' counts match their rows, every receipt has its dispatch.
pub async fn check<C: ConnectionTrait>(db: &C) -> Result<Findings, Error> {
    Ok(Findings {
        drift: balances::drift(db).await?,
        days: balances::day_drift(db).await?,
        backlog: balances::backlog_drift(db).await?,
        totals: balances::totals_drift(db).await?,
        negative: balances::negative_days(db).await?,
        uploads: balances::upload_mismatches(db).await?,
        orphan_receipts: balances::orphan_receipts(db).await?,
    })
}
