//! Complaints of a region and below as the follow-up rule sees them, and the cards printed in a
//! window (what the unmet-demand signal sets the queue complaints against).

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};

use super::sql::{and_subtree, packed, query_all, string_agg};
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
#[tracing::instrument(level = "debug", skip_all)]
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

/// Blanko cards printed by each office of `region` and below on the days in `(split, to]` and in
/// `(from, split]`: (office, later, earlier), offices without prints then left out.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn printed<C: ConnectionTrait>(
    db: &C,
    region: &RegionCode,
    from: NaiveDate,
    split: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(RegionCode, i64, i64)>, DbErr> {
    // Each office that ever printed blanko (`print_latest`) seeks its own days along the prints'
    // (office, item, day) key, both periods in one pass: the nation's 7,800 short seeks instead
    // of a scan of every print. One text of `office later earlier` comes back (an office without
    // prints then is NULL and left out by the aggregate): 7,800 rows would cost more to hand over
    // than the seeks, and a filter on the seek's result in an outer query had SQLite run each
    // seek twice.
    let mut v = vec![split.into(), split.into(), from.into(), to.into()];
    let f = and_subtree("l.region_code", region, &mut v);
    let sum = |when: &str| format!("CAST(COALESCE(SUM(CASE WHEN p.print_date {when} THEN p.printed END), 0) AS TEXT)");
    let offices = string_agg(
        db.get_database_backend(),
        &format!(
            "l.region_code || ' ' || (SELECT {later} || ' ' || {earlier} FROM daily_prints p \
               WHERE p.region_code = l.region_code AND p.item_code = l.item_code AND p.print_date > ? \
               AND p.print_date <= ? HAVING COUNT(*) > 0)",
            later = sum("> ?"),
            earlier = sum("<= ?"),
        ),
    );
    let sql = format!("SELECT {offices} AS packed FROM print_latest l WHERE l.item_code = 'blanko'{f}");
    let mut out = Vec::new();
    for line in packed(db, &sql, v).await?.split(',').filter(|l| !l.is_empty()) {
        let bad = || DbErr::Custom(format!("data tersimpan rusak: cetak '{line}'"));
        let mut f = line.split(' ');
        let (Some(office), Some(later), Some(earlier), None) = (f.next(), f.next(), f.next(), f.next()) else {
            return Err(bad());
        };
        let number = |n: &str| n.parse::<i64>().map_err(|_| bad());
        out.push((RegionCode::from_trusted(office.to_string()), number(later)?, number(earlier)?));
    }
    Ok(out)
}
