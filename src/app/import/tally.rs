//! What the rows of one upload (or one record) did to each holder's stock: the running totals, the
//! day-by-day negative-balance check (`would_go_negative`), and the cached balances and daily
//! closings moved at the end.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use sea_orm::DatabaseTransaction;

use crate::domain::csv_import::{Columns, ErrorList, Field, RowError, Shortfall};
use crate::domain::item::Item;
use crate::domain::ledger::{BalanceOverflow, Tail, first_negative};
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
    /// The newest backlog snapshot and day of prints per office written so far, for
    /// `backlog_latest` and `print_latest` at the end.
    pub latest: records::Latest,
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
    /// The holder's stored last day and closing, read before its first entries are written
    /// (`read_tails`) and moved along as days are added after it: those days get their closings
    /// on insert, and their balance check needs no read.
    pub tail: Option<Tail>,
    /// A day before the tail was written (or the tail was never read): the closings from `first`
    /// on are settled at the end (`ledger::settle`), and the balance check reads them back.
    pub unsettled: bool,
}

impl Holder {
    /// The closing balance to store for `day` after adding `net` to it, when the tail gives it;
    /// otherwise the holder is left to be settled.
    pub fn close(&mut self, day: NaiveDate, net: i64) -> Option<i64> {
        if !self.unsettled
            && let Some(closing) = self.tail.as_mut().and_then(|t| t.add(day, net))
        {
            return Some(closing);
        }
        self.unsettled = true;
        None
    }

    /// Moves `first` back to `day` if it is earlier.
    fn reaches(&mut self, day: NaiveDate) {
        self.first = Some(self.first.map_or(day, |d| d.min(day)));
    }

    /// Closings after `first` are not all stored yet: they are settled in the database.
    fn needs_settling(&self) -> bool {
        self.unsettled || self.tail.is_none()
    }
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
    /// The closing balance to store for a day of a holder the rows touched ([`Holder::close`]).
    pub fn close(&mut self, region: &RegionCode, item: Item, day: NaiveDate, net: i64) -> Option<i64> {
        // Every entry's holder was touched when it was booked; one that was not is settled.
        let h = self.holders.entry((region.clone(), item)).or_default();
        h.reaches(day);
        h.close(day, net)
    }

    /// Notes an entry a row makes, for the balance check and the cached balance.
    pub fn touch(&mut self, region: &RegionCode, item: Item, date: NaiveDate, quantity: i64, line: u64, field: Field) {
        let h = self.holders.entry((region.clone(), item)).or_default();
        h.reaches(date);
        h.net += quantity;
        if quantity < 0 {
            h.takers.push(Taker::new(date, line, -quantity, field));
        }
    }
}

/// Reads the stored tail of every holder of `entries` met for the first time (one index seek
/// each), before their entries are written.
pub(crate) async fn read_tails(
    txn: &DatabaseTransaction,
    tally: &mut Tally,
    entries: &[crate::domain::ledger::NewEntry],
) -> Result<(), StoreError> {
    for e in entries {
        let Some(h) = tally.holders.get_mut(&(e.region.clone(), e.item)) else { continue };
        if h.tail.is_none() && !h.unsettled {
            h.tail = Some(Tail::new(ledger::last_day(txn, &e.region, e.item).await?));
        }
    }
    Ok(())
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
        let negative = if h.needs_settling() {
            // The holder is locked since the transaction began (`store::locks`): no other writer
            // changes its timeline between this read and the commit.
            let opening = ledger::balance_before(txn, region, *item, first).await?;
            h.opening = Some((first, opening));
            let days = ledger::daily_changes_from(txn, region, *item, first).await?;
            let overflow =
                |date| StoreError::BadInput(BalanceOverflow { region: region.clone(), item: *item, date }.to_string());
            first_negative(opening, &days).map_err(overflow)?
        } else {
            // Every day from `first` on was added after the tail: their closings were watched.
            h.tail.and_then(|t| t.first_negative())
        };
        if let Some((date, balance)) = negative {
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
/// and settles, from the earliest day touched, the daily closing balances of those whose closings
/// were not all stored on insert (`Holder::close`).
pub(crate) async fn move_balances(txn: &DatabaseTransaction, tally: &Tally) -> Result<(), StoreError> {
    let mut holders: Vec<_> = tally.holders.iter().collect();
    holders.sort_by(|a, b| a.0.cmp(b.0));
    let changes: Vec<(&RegionCode, Item, i64)> =
        holders.iter().map(|((region, item), h)| (region, *item, h.net)).collect();
    ledger::add_to_balances(txn, &changes).await?;
    records::write_latest(txn, &tally.latest).await?;
    for ((region, item), h) in holders.into_iter().filter(|(_, h)| h.needs_settling()) {
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
/// daily closings are settled first when the upload left them unsettled.
pub(crate) async fn balance_at(
    txn: &DatabaseTransaction,
    tally: &Tally,
    region: &RegionCode,
    item: Item,
    date: NaiveDate,
) -> Result<i64, StoreError> {
    let holder = tally.holders.get(&(region.clone(), item)).filter(|h| h.needs_settling());
    if let Some(first) = holder.and_then(|h| h.first) {
        ledger::settle(txn, region, item, first).await?;
    }
    Ok(ledger::balance_at(txn, region, item, date).await?)
}
