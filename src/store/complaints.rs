//! Complaints of a region and below as the follow-up rule sees them, and the cards printed in a
//! window (what the unmet-demand signal sets the queue complaints against).

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};

use super::sql::{and_subtree, query_all};
use crate::domain::complaints::{Category, Channel, Complaint};
use crate::domain::region::RegionCode;

/// Which complaints up to a date are asked for.
#[derive(Debug, Clone, Copy)]
pub enum Window {
    /// Every one.
    All,
    /// Those dated from this day on.
    From(NaiveDate),
    /// Those dated after this day, and the older ones not yet answered (followed up or closed) on
    /// the last day: all the summaries of `domain::complaints` need.
    RecentOrOpen(NaiveDate),
}

/// The complaints of `region` and below dated up to `to` in `window`, oldest first.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    window: Window,
    to: NaiveDate,
) -> Result<Vec<Complaint>, DbErr> {
    let mut v = vec![to.into()];
    let which = match window {
        Window::All => String::new(),
        Window::From(from) => {
            v.push(from.into());
            " AND complaint_date >= ?".into()
        }
        Window::RecentOrOpen(after) => {
            v.extend([after.into(), to.into(), to.into()]);
            " AND (complaint_date > ? OR ((followed_up_on IS NULL OR followed_up_on > ?) \
               AND (closed_on IS NULL OR closed_on > ?)))"
                .into()
        }
    };
    let f = and_subtree("region_code", region, &mut v);
    let sql = format!(
        "SELECT id, reference, complaint_date, region_code, channel, category, text, followed_up_on, closed_on \
         FROM complaints WHERE complaint_date <= ?{which}{f} \
         ORDER BY complaint_date, region_code, reference"
    );
    let mut out = Vec::new();
    for r in query_all(db, &sql, v).await? {
        let id: i64 = r.try_get("", "id")?;
        let corrupt = |what: &str| DbErr::Type(format!("complaints #{id}: {what}"));
        let category: String = r.try_get("", "category")?;
        let channel: Option<String> = r.try_get("", "channel")?;
        out.push(Complaint {
            reference: r.try_get("", "reference")?,
            date: r.try_get("", "complaint_date")?,
            region: r.try_get("", "region_code")?,
            channel: match channel {
                None => None,
                Some(c) => Some(Channel::parse(&c).ok_or_else(|| corrupt(&c))?),
            },
            category: Category::parse(&category).ok_or_else(|| corrupt(&category))?,
            text: r.try_get("", "text")?,
            followed_up_on: r.try_get("", "followed_up_on")?,
            closed_on: r.try_get("", "closed_on")?,
        });
    }
    Ok(out)
}

/// Blanko cards printed on the days in `(after, to]` by each office of `region` and below.
pub async fn printed<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    after: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(RegionCode, i64)>, DbErr> {
    // Each office that ever printed blanko (`print_latest`) seeks its own days along the prints'
    // (office, item, day) key: the nation's 7,800 short seeks instead of a scan of every print.
    let mut v = vec![after.into(), to.into()];
    let f = and_subtree("l.region_code", region, &mut v);
    let sql = format!(
        "SELECT region_code, total FROM (SELECT l.region_code AS region_code, \
           (SELECT CAST(SUM(p.printed) AS BIGINT) FROM daily_prints p WHERE p.region_code = l.region_code \
            AND p.item_code = l.item_code AND p.print_date > ? AND p.print_date <= ?) AS total \
         FROM print_latest l WHERE l.item_code = 'blanko'{f}) t WHERE total IS NOT NULL"
    );
    query_all(db, &sql, v)
        .await?
        .iter()
        .map(|r| Ok((RegionCode::from_trusted(r.try_get("", "region_code")?), r.try_get("", "total")?)))
        .collect()
}
