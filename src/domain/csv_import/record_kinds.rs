//! `Record` for the eight row kinds: keys, compared columns, ledger entries.

use std::convert::Infallible;

use chrono::NaiveDate;

use super::field::Field;
use super::record::{Record, Verdict, day, diffs, show};
use super::rows::{
    AllocationRow, BacklogRow, ComplaintDates, ComplaintRow, OutageRow, PrintRow, ProcurementRow, Receipt, ShipmentRow,
    StockCountRow,
};
use crate::domain::auth::Grant;
use crate::domain::complaints::Channel;
use crate::domain::item::Item;
use crate::domain::ledger::NewEntry;
use crate::domain::quantity::Quantity;
use crate::domain::records::{self, Compared, Procurement, Shipment, StockCount};
use crate::domain::region::RegionCode;

impl ShipmentRow {
    /// The shipment as a domain value.
    pub fn shipment(&self) -> Shipment {
        Shipment {
            reference: self.reference.clone(),
            shipped_on: self.shipped_on,
            from: self.from.clone(),
            to: self.to.clone(),
            item: self.item,
            quantity: self.quantity,
            receipt: self.receipt.as_ref().map(Receipt::domain),
            note: self.note.clone(),
        }
    }
}

impl Receipt {
    pub fn domain(&self) -> records::Receipt {
        records::Receipt {
            received_on: self.received_on,
            received_quantity: self.received,
            damaged_quantity: self.damaged,
        }
    }
}

impl Record for ShipmentRow {
    type Key = (String, RegionCode);
    type Update = Receipt;
    const KEY_FIELD: Field = Field::Reference;

    fn line(&self) -> u64 {
        self.line
    }
    fn key(&self) -> Self::Key {
        (self.reference.clone(), self.from.clone())
    }
    fn key_text(&self) -> String {
        self.reference.clone()
    }
    fn describe(&self) -> String {
        format!("Pengiriman no. referensi '{}' dari {}", self.reference, self.from)
    }
    fn compared(&self) -> Vec<(Field, String)> {
        let rc = self.receipt.as_ref();
        vec![
            (Field::ShippedOn, self.shipped_on.to_string()),
            (Field::To, self.to.to_string()),
            (Field::Item, self.item.to_string()),
            (Field::Quantity, self.quantity.get().to_string()),
            (Field::ReceivedOn, show(rc.map(|x| x.received_on))),
            (Field::ReceivedQuantity, show(rc.map(|x| x.received.get()))),
            (Field::DamagedQuantity, show(rc.map(|x| x.damaged.get()))),
        ]
    }
    /// The dispatch must match; a receipt sent for a bare stored dispatch adds to it.
    fn compare(&self, stored: &Self) -> Verdict<Receipt> {
        match (self.shipment().compare(&stored.shipment()), &self.receipt) {
            (Compared::Same, _) => Verdict::Same,
            (Compared::AddsReceipt, Some(rc)) => Verdict::Update(rc.clone()),
            _ => Verdict::Conflict(diffs(stored, self)),
        }
    }
    fn receipt_only(&self) -> Option<&RegionCode> {
        (self.grant == Grant::ReceiptOfRecordedDispatch).then_some(&self.from)
    }
    fn entries(&self, _book: Option<i64>) -> Vec<NewEntry> {
        let sent = self.shipment();
        let mut entries = sent.dispatch_entries();
        if let Some(rc) = &sent.receipt {
            entries.extend(rc.entries(&sent));
        }
        entries
    }
    fn update_entries(stored: &Self, update: &Receipt) -> Vec<NewEntry> {
        update.domain().entries(&stored.shipment())
    }
    /// The sender for the dispatch, the receiver for the receipt.
    fn holder_field(&self, entry: &NewEntry) -> Field {
        if entry.region == self.from { Field::From } else { Field::To }
    }
}

impl Record for ProcurementRow {
    type Key = String;
    type Update = Infallible;
    const KEY_FIELD: Field = Field::Reference;

    fn line(&self) -> u64 {
        self.line
    }
    fn key(&self) -> String {
        self.reference.clone()
    }
    fn key_text(&self) -> String {
        self.reference.clone()
    }
    fn describe(&self) -> String {
        format!("Pengadaan no. referensi '{}'", self.reference)
    }
    fn compared(&self) -> Vec<(Field, String)> {
        vec![
            (Field::Date, self.date.to_string()),
            (Field::Item, self.item.to_string()),
            (Field::Quantity, self.quantity.get().to_string()),
        ]
    }
    fn entries(&self, _book: Option<i64>) -> Vec<NewEntry> {
        let p = Procurement {
            reference: self.reference.clone(),
            date: self.date,
            item: self.item,
            quantity: self.quantity,
            note: None,
        };
        p.entries()
    }
    fn holder_field(&self, _: &NewEntry) -> Field {
        Field::Quantity
    }
}

impl Record for AllocationRow {
    type Key = String;
    type Update = Infallible;
    const KEY_FIELD: Field = Field::Reference;

    fn line(&self) -> u64 {
        self.line
    }
    fn key(&self) -> String {
        self.reference.clone()
    }
    fn key_text(&self) -> String {
        self.reference.clone()
    }
    fn describe(&self) -> String {
        format!("Alokasi no. referensi '{}'", self.reference)
    }
    fn compared(&self) -> Vec<(Field, String)> {
        vec![
            (Field::Date, self.date.to_string()),
            (Field::To, self.to.to_string()),
            (Field::Item, self.item.to_string()),
            (Field::Quantity, self.quantity.get().to_string()),
        ]
    }
}

impl Record for PrintRow {
    type Key = (NaiveDate, RegionCode, Item);
    type Update = Infallible;
    const KEY_FIELD: Field = Field::Region;

    fn line(&self) -> u64 {
        self.line
    }
    fn key(&self) -> Self::Key {
        (self.date, self.region.clone(), self.item)
    }
    fn key_text(&self) -> String {
        self.region.to_string()
    }
    fn describe(&self) -> String {
        format!("Pencetakan {} tanggal {} di {}", self.item.as_str(), day(self.date), self.region)
    }
    fn compared(&self) -> Vec<(Field, String)> {
        vec![(Field::Printed, self.printed.get().to_string()), (Field::Spoiled, self.spoiled.get().to_string())]
    }
    fn compare(&self, stored: &Self) -> Verdict<Infallible> {
        // The common case of a re-upload, without building the texts.
        if (self.printed, self.spoiled) == (stored.printed, stored.spoiled) {
            return Verdict::Same;
        }
        Verdict::Conflict(diffs(stored, self))
    }
    fn entries(&self, _book: Option<i64>) -> Vec<NewEntry> {
        records::print_entries(self.date, &self.region, self.item, self.printed.get(), self.spoiled.get())
    }
}

impl Record for BacklogRow {
    type Key = (NaiveDate, RegionCode);
    type Update = Infallible;
    const KEY_FIELD: Field = Field::Region;

    fn line(&self) -> u64 {
        self.line
    }
    fn key(&self) -> Self::Key {
        (self.date, self.region.clone())
    }
    fn key_text(&self) -> String {
        self.region.to_string()
    }
    fn describe(&self) -> String {
        format!("Backlog PRR tanggal {} di {}", day(self.date), self.region)
    }
    fn compared(&self) -> Vec<(Field, String)> {
        vec![
            (Field::Prr, self.prr.get().to_string()),
            (Field::Recorded, show(self.recorded.map(Quantity::get))),
            (Field::Suket, show(self.suket.map(Quantity::get))),
        ]
    }
}

impl Record for StockCountRow {
    type Key = (NaiveDate, RegionCode, Item);
    type Update = Infallible;
    const KEY_FIELD: Field = Field::Region;

    fn line(&self) -> u64 {
        self.line
    }
    fn key(&self) -> Self::Key {
        (self.date, self.region.clone(), self.item)
    }
    fn key_text(&self) -> String {
        self.region.to_string()
    }
    fn describe(&self) -> String {
        format!("Stock opname {} tanggal {} di {}", self.item.as_str(), day(self.date), self.region)
    }
    fn compared(&self) -> Vec<(Field, String)> {
        vec![(Field::Counted, self.counted.get().to_string())]
    }
    fn book_at(&self) -> Option<(&RegionCode, Item, NaiveDate)> {
        Some((&self.region, self.item, self.date))
    }
    /// The adjustment from the book balance to the count.
    fn entries(&self, book: Option<i64>) -> Vec<NewEntry> {
        let count = StockCount {
            date: self.date,
            region: self.region.clone(),
            item: self.item,
            counted: self.counted,
            note: self.note.clone(),
        };
        count.adjustment(book.unwrap_or_default()).into_iter().collect()
    }
    fn holder_field(&self, _: &NewEntry) -> Field {
        Field::Counted
    }
}

impl Record for OutageRow {
    type Key = (NaiveDate, RegionCode);
    type Update = Infallible;
    const KEY_FIELD: Field = Field::Region;

    fn line(&self) -> u64 {
        self.line
    }
    fn key(&self) -> Self::Key {
        (self.date, self.region.clone())
    }
    fn key_text(&self) -> String {
        self.region.to_string()
    }
    fn describe(&self) -> String {
        format!("Gangguan layanan tanggal {} di {}", day(self.date), self.region)
    }
    fn compared(&self) -> Vec<(Field, String)> {
        vec![(Field::Hours, self.hours.as_f64().to_string()), (Field::Cause, self.cause.clone())]
    }
}

impl ComplaintDates {
    /// These stored dates with the ones `sent` adds: an empty cell says nothing, a date fills an
    /// empty one, the same date is no change. `None` when `sent` changes a date already kept, or
    /// when the result would close the complaint before its follow-up.
    pub fn fill(self, sent: ComplaintDates) -> Option<ComplaintDates> {
        fn one(kept: Option<NaiveDate>, sent: Option<NaiveDate>) -> Result<Option<NaiveDate>, ()> {
            match (kept, sent) {
                (Some(k), Some(s)) if k != s => Err(()),
                (k, s) => Ok(k.or(s)),
            }
        }
        let merged = ComplaintDates {
            followed_up_on: one(self.followed_up_on, sent.followed_up_on).ok()?,
            closed_on: one(self.closed_on, sent.closed_on).ok()?,
        };
        match (merged.followed_up_on, merged.closed_on) {
            (Some(f), Some(c)) if c < f => None,
            _ => Some(merged),
        }
    }
}

impl Record for ComplaintRow {
    type Key = (String, RegionCode);
    type Update = ComplaintDates;
    const KEY_FIELD: Field = Field::ComplaintNo;

    fn line(&self) -> u64 {
        self.line
    }
    fn key(&self) -> Self::Key {
        (self.reference.clone(), self.office())
    }
    fn key_text(&self) -> String {
        self.reference.clone()
    }
    fn describe(&self) -> String {
        format!("Aduan no. '{}' di {}", self.reference, self.office())
    }
    fn compared(&self) -> Vec<(Field, String)> {
        vec![
            (Field::Date, self.date.to_string()),
            (Field::Region, self.region.to_string()),
            (Field::Channel, show(self.channel.map(Channel::as_str))),
            (Field::Category, self.category.as_str().to_string()),
            (Field::Text, show(self.text.as_ref())),
            (Field::FollowedUpOn, show(self.follow_up.followed_up_on)),
            (Field::ClosedOn, show(self.follow_up.closed_on)),
        ]
    }
    /// The complaint itself must match; a row may fill in its follow-up and closing dates.
    fn compare(&self, stored: &Self) -> Verdict<ComplaintDates> {
        let complaint = |r: &Self| (r.date, r.region.clone(), r.channel, r.category, r.text.clone());
        match stored.follow_up.fill(self.follow_up) {
            Some(merged) if complaint(self) == complaint(stored) => {
                if merged == stored.follow_up {
                    Verdict::Same
                } else {
                    Verdict::Update(merged)
                }
            }
            _ => Verdict::Conflict(diffs(stored, self)),
        }
    }
}
