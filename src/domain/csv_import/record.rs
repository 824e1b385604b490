//! What every record kind answers, so one batch function (`app::import::batch`) handles all eight:
//! its natural key (SPEC §5), the columns compared with a stored record, the ledger entries it
//! makes, and the one rule of re-sent records (same: unchanged; different: `conflict`).

use std::hash::Hash;

use chrono::NaiveDate;

use super::field::Field;
use crate::domain::item::Item;
use crate::domain::ledger::NewEntry;
use crate::domain::region::RegionCode;

/// What a sent record is against the one stored under its natural key.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict<U> {
    New,
    Same,
    /// Adds to the stored record (a receipt to a dispatch).
    Update(U),
    Conflict(Vec<Diff>),
}

/// One compared column that differs, as stored and as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    pub field: Field,
    pub stored: String,
    pub sent: String,
}

/// A record kind. The typed rows of an upload implement it; so do single records, which are
/// parsed into the same rows.
pub trait Record: Sized + Send + Sync {
    /// The natural key.
    type Key: Eq + Hash + Send + Sync;
    /// What a re-sent record may add to the stored one; `Infallible` for kinds that add nothing.
    type Update: Send + Sync;
    /// The column that names the record (`duplicate_in_file`, `conflict`).
    const KEY_FIELD: Field;

    fn line(&self) -> u64;
    fn key(&self) -> Self::Key;
    /// The value of `KEY_FIELD`, as shown in a `conflict`.
    fn key_text(&self) -> String;
    /// The natural key in words ("Pengiriman no. referensi 'SJ-1' dari 32.16").
    fn describe(&self) -> String;
    /// The compared columns, as shown in a `conflict` (notes are never compared).
    fn compared(&self) -> Vec<(Field, String)>;

    /// Equal compared columns: the same record; otherwise a conflict. Shipments override it.
    fn compare(&self, stored: &Self) -> Verdict<Self::Update> {
        let diffs = diffs(stored, self);
        if diffs.is_empty() { Verdict::Same } else { Verdict::Conflict(diffs) }
    }

    /// For a kind whose entries depend on the book balance (stock counts): the holder and day
    /// whose closing balance `entries` needs. Such records are written one by one.
    fn book_at(&self) -> Option<(&RegionCode, Item, NaiveDate)> {
        None
    }

    /// For a shipment of which the caller was granted only the receipt: its sender, whose
    /// dispatch must already be stored.
    fn receipt_only(&self) -> Option<&RegionCode> {
        None
    }

    /// The ledger entries of a new record; `book` as asked by `book_at`. None by default: a
    /// commitment, demand or an outage moves no stock.
    fn entries(&self, _book: Option<i64>) -> Vec<NewEntry> {
        Vec::new()
    }

    /// The ledger entries of an update to `stored`.
    fn update_entries(_stored: &Self, _update: &Self::Update) -> Vec<NewEntry> {
        Vec::new()
    }

    /// The column naming the holder of one of the record's entries (for `would_go_negative`).
    fn holder_field(&self, _entry: &NewEntry) -> Field {
        Self::KEY_FIELD
    }
}

/// The compared columns of `stored` and `sent` that differ.
pub fn diffs<R: Record>(stored: &R, sent: &R) -> Vec<Diff> {
    stored
        .compared()
        .into_iter()
        .zip(sent.compared())
        .filter(|(a, b)| a.1 != b.1)
        .map(|((field, stored), (_, sent))| Diff { field, stored, sent })
        .collect()
}

/// The one rule for a sent record and what is stored under its key.
pub fn judge<R: Record>(sent: &R, stored: Option<&R>) -> Verdict<R::Update> {
    stored.map_or(Verdict::New, |s| sent.compare(s))
}

/// An optional value as a conflict shows it: empty when absent.
pub(crate) fn show<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// A date as the key descriptions write it.
pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}
