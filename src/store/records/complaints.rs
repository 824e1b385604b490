//! `Table` for residents' complaints: keyed by `no_aduan` within the kabupaten/kota; a later row
//! fills in the follow-up and closing dates (`write_update`).

use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set, Value};

use super::{Lookup, Probe, Table, corrupt, region};
use crate::domain::complaints::{Category, Channel};
use crate::domain::csv_import::{ComplaintDates, ComplaintRow};
use crate::store::StoreError;
use crate::store::entities::complaints;

impl Table for ComplaintRow {
    type Entity = complaints::Entity;
    const TABLE: &'static str = "complaints";
    const COLUMNS: &'static [&'static str] = &[
        "reference",
        "complaint_date",
        "region_code",
        "office_code",
        "channel",
        "category",
        "text",
        "followed_up_on",
        "closed_on",
        "actor",
        "upload_id",
        "created_at",
    ];

    fn lookup() -> Lookup<complaints::Column> {
        Lookup::Reference(complaints::Column::Reference)
    }
    fn probe(&self) -> Probe<'_> {
        Probe::Reference(&self.reference)
    }
    fn decode(m: complaints::Model) -> Result<(i64, Self), StoreError> {
        let channel = match m.channel.as_deref() {
            None => None,
            Some(text) => Some(Channel::parse(text).ok_or_else(|| corrupt(Self::TABLE, m.id, text))?),
        };
        let category = Category::parse(&m.category).ok_or_else(|| corrupt(Self::TABLE, m.id, &m.category))?;
        let row = ComplaintRow {
            line: 0,
            reference: m.reference,
            date: m.complaint_date,
            region: region(m.region_code),
            channel,
            category,
            text: m.text,
            follow_up: ComplaintDates { followed_up_on: m.followed_up_on, closed_on: m.closed_on },
        };
        Ok((m.id, row))
    }
    fn encode(&self, _book: Option<i64>, _actor: &str) -> Vec<Value> {
        vec![
            self.reference.as_str().into(),
            self.date.into(),
            self.region.as_str().into(),
            self.office().as_str().into(),
            self.channel.map(|c| c.as_str().to_string()).into(),
            self.category.as_str().into(),
            self.text.clone().into(),
            self.follow_up.followed_up_on.into(),
            self.follow_up.closed_on.into(),
        ]
    }
    async fn write_update(
        db: &DatabaseTransaction,
        id: i64,
        update: &ComplaintDates,
        _actor: &str,
    ) -> Result<(), StoreError> {
        complaints::ActiveModel {
            id: Set(id),
            followed_up_on: Set(update.followed_up_on),
            closed_on: Set(update.closed_on),
            ..Default::default()
        }
        .update(db)
        .await?;
        Ok(())
    }
}
