//! What the rows of one upload (or one record) did to each holder's stock: the running totals, the
//! day-by-day negative-balance check (`would_go_negative`), and the cached balances and daily
//! closings moved at the end.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use sea_orm::DatabaseTransaction;

use crate::domain::csv_import::{Columns, ErrorList, Field, RowError, Shortfall};
use crate::domain::item::Item;
use crate::domain::ledger::{BalanceOverflow, first_negative};
use crate::domain::region::RegionCode;
use crate::store::{StoreError, ledger, records};

/// Running totals of one upload.
#[derive(Default)]
pub(crate) struct Tally {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Per holder and item: the earliest date touched, the net change, and the rows that took stock.
    pub holders: HashMap<(RegionCode, Item), Holder>,
    /// The newest backlog snapshot per office written so far, for `backlog_latest` at the end.
    pub latest_backlog: records::LatestBacklog,
}

#[derive(Default)]
pub(crate) struct Holder {
    pub first: Option<NaiveDate>,
    pub net: i64,
    /// Every row that took stock, in 16 bytes each: the one part of the tally that grows with
    /// the rows of a file (2 M prints rows, 32 MB).
    pub takers: Vec<Taker>,
    /// The balance before `first`, once the balance check has read it (under the holder's lock;
    /// the write adds nothing before `first`, so it holds until the commit).
    pub opening: Option<(NaiveDate, i64)>,
}

/// A row that took stock from a holder: its date (days from the common era), line, the cards it
/// took and the column that names the holder. Lines and counts fit 32 bits: a record holds at most
/// `Quantity::MAX` (10^9) and no upload has 4 billion lines.
#[derive(Clone, Copy)]
pub(crate) struct Taker {
    day: i32,
    line: u32,
    taken: u32,
    field: Field,
}

impl Taker {
    fn new(date: NaiveDate, line: u64, taken: i64, field: Field) -> Self {
        Taker {
            day: date.num_days_from_ce(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            taken: u32::try_from(taken).unwrap_or(u32::MAX),
            field,
        }
    }
}

const _: () = assert!(std::mem::size_of::<Taker>() == 16, "a taker stays 16 bytes");

impl Tally {
    /// Notes an entry a row makes, for the balance check and the cached balance.
    pub fn touch(&mut self, region: &RegionCode, item: Item, date: NaiveDate, quantity: i64, line: u64, field: Field) {
        let h = self.holders.entry((region.clone(), item)).or_default();
        h.first = Some(h.first.map_or(date, |d| d.min(date)));
        h.net += quantity;
        if quantity < 0 {
            h.takers.push(Taker::new(date, line, -quantity, field));
        }
    }
}

/// A day a holder would close below zero, and the row blamed for it.
pub(crate) struct Found {
    pub line: u64,
    /// The column naming the holder in that row.
    pub field: Field,
    /// What the row took that day.
    pub taken: i64,
    pub shortfall: crate::domain::ledger::Shortfall,
}

/// Every holder the rows touched, day by day from its earliest new entry: the first negative
/// closing balance is blamed on the last row that took stock on or before that day. The caller
/// holds every holder's lock (`WriteTxn::lock`) from before its first read.
#[tracing::instrument(skip_all, fields(holders = tally.holders.len()))]
pub(crate) async fn shortfalls(txn: &DatabaseTransaction, tally: &mut Tally) -> Result<Vec<Found>, StoreError> {
    let mut holders: Vec<_> = tally.holders.iter_mut().filter(|(_, h)| !h.takers.is_empty()).collect();
    holders.sort_by(|a, b| a.0.cmp(b.0));
    let mut found = Vec::new();
    for ((region, item), h) in holders {
        let Some(first) = h.first else { continue };
        // The holder is locked since the transaction began (`store::locks`): no other writer
        // changes its timeline between this read and the commit.
        let opening = ledger::balance_before(txn, region, *item, first).await?;
        h.opening = Some((first, opening));
        let days = ledger::daily_changes_from(txn, region, *item, first).await?;
        let overflow =
            |date| StoreError::BadInput(BalanceOverflow { region: region.clone(), item: *item, date }.to_string());
        if let Some((date, balance)) = first_negative(opening, &days).map_err(overflow)? {
            let day = date.num_days_from_ce();
            let (line, taken, field) = h
                .takers
                .iter()
                .filter(|t| t.day <= day)
                .max_by_key(|t| (t.day, t.line))
                .map_or((0, 0, Field::Region), |t| (u64::from(t.line), i64::from(t.taken), t.field));
            let shortfall = crate::domain::ledger::Shortfall {
                region: region.clone(),
                item: *item,
                date,
                balance: balance.saturating_add(taken),
                change: -taken,
                would_be: balance,
            };
            found.push(Found { line, field, taken, shortfall });
        }
    }
    Ok(found)
}

/// Adds a `would_go_negative` row error for every holder that would close a day below zero.
pub(crate) async fn check_balances(
    txn: &DatabaseTransaction,
    tally: &mut Tally,
    columns: &Columns,
    errors: &mut ErrorList,
) -> Result<(), StoreError> {
    for f in shortfalls(txn, tally).await? {
        let s = &f.shortfall;
        let words =
            Shortfall { region: s.region.clone(), item: s.item, date: s.date, on_hand: s.balance, taken: f.taken };
        errors.push(RowError::would_go_negative(f.line, columns.name(f.field), s.region.as_str(), &words));
    }
    Ok(())
}

/// Moves the cached balance of every holder the rows touched by its net change (one statement),
/// and settles its daily closing balances from the earliest day touched.
pub(crate) async fn move_balances(txn: &DatabaseTransaction, tally: &Tally) -> Result<(), StoreError> {
    let mut holders: Vec<_> = tally.holders.iter().collect();
    holders.sort_by(|a, b| a.0.cmp(b.0));
    let changes: Vec<(&RegionCode, Item, i64)> =
        holders.iter().map(|((region, item), h)| (region, *item, h.net)).collect();
    ledger::add_to_balances(txn, &changes).await?;
    records::write_latest(txn, &tally.latest_backlog).await?;
    for ((region, item), h) in holders {
        match (h.first, h.opening) {
            (Some(first), Some((at, opening))) if at == first => {
                ledger::settle_from(txn, region, *item, first, opening).await?;
            }
            (Some(first), _) => ledger::settle(txn, region, *item, first).await?,
            (None, _) => {}
        }
    }
    Ok(())
}

/// The balance of a holder at the end of `date`, counting what this upload booked so far: its
/// daily closings are settled first when the upload touched it.
pub(crate) async fn balance_at(
    txn: &DatabaseTransaction,
    tally: &Tally,
    region: &RegionCode,
    item: Item,
    date: NaiveDate,
) -> Result<i64, StoreError> {
    if let Some(first) = tally.holders.get(&(region.clone(), item)).and_then(|h| h.first) {
        ledger::settle(txn, region, item, first).await?;
    }
    Ok(ledger::balance_at(txn, region, item, date).await?)
}
