//! The maintained figures, kept in the transaction that writes each ledger entry or record: the
//! balance per holder and item (`stock_balances`), the daily figures (`stock_days`) and the latest
//! backlog per office (`backlog_latest`). Today's stock read from them, and the checks of SPEC §3
//! that prove each equal to the ledger and the records.

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::sql::{query_all, subtree};
use crate::domain::csv_import::Kind;
use crate::domain::region::RegionCode;

/// Stock on hand now per holder and item, for `region` and all below it, from the cache, as rows
/// of `region`, `item` and `total` (part of `stock::facts`' statement), its values pushed onto
/// `v`. No entry is dated after today, so this equals the ledger sum at today (what `blanko check`
/// verifies).
pub(super) fn on_hand_sql(region: &RegionCode, v: &mut Vec<Value>) -> String {
    let f = subtree("region_code", region, v);
    format!("SELECT region_code AS region, item_code AS item, on_hand AS total FROM stock_balances WHERE {f}")
}

/// A holder and item whose cached balance differs from the sum of its entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    pub region: String,
    pub item: String,
    pub cached: i64,
    pub ledger: i64,
}

/// Every holder and item whose cache disagrees with its ledger, a missing side counting as 0.
pub async fn drift<C: ConnectionTrait>(db: &C) -> Result<Vec<Drift>, DbErr> {
    let rows = query_all(
        db,
        "SELECT region, item, CAST(SUM(cached) AS BIGINT) AS cached, CAST(SUM(ledger) AS BIGINT) AS ledger FROM (\
           SELECT region_code AS region, item_code AS item, on_hand AS cached, 0 AS ledger FROM stock_balances \
           UNION ALL \
           SELECT region_code, item_code, 0, quantity FROM ledger_entries\
         ) t GROUP BY region, item HAVING SUM(cached) <> SUM(ledger) ORDER BY region, item",
        Vec::new(),
    )
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Drift {
                region: r.try_get("", "region")?,
                item: r.try_get("", "item")?,
                cached: r.try_get("", "cached")?,
                ledger: r.try_get("", "ledger")?,
            })
        })
        .collect()
}

/// A holder, item and day whose maintained figures (`stock_days`) differ from its ledger entries;
/// a missing side counts as 0 (and its `rows` as 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayDrift {
    pub region: String,
    pub item: String,
    pub date: NaiveDate,
    /// (net change, cards used, closing balance, rows) kept and from the ledger.
    pub kept: (i64, i64, i64, i64),
    pub ledger: (i64, i64, i64, i64),
}

/// Every holder, item and day whose maintained net change, cards used or closing balance is not
/// what its ledger entries give, or that has a maintained row without entries (or the reverse).
pub async fn day_drift<C: ConnectionTrait>(db: &C) -> Result<Vec<DayDrift>, DbErr> {
    let rows = query_all(
        db,
        "SELECT region, item, day, CAST(SUM(k_net) AS BIGINT) AS k_net, CAST(SUM(l_net) AS BIGINT) AS l_net, \
           CAST(SUM(k_used) AS BIGINT) AS k_used, CAST(SUM(l_used) AS BIGINT) AS l_used, \
           CAST(SUM(k_closing) AS BIGINT) AS k_closing, CAST(SUM(l_closing) AS BIGINT) AS l_closing, \
           CAST(SUM(k_rows) AS BIGINT) AS k_rows, CAST(SUM(l_rows) AS BIGINT) AS l_rows FROM (\
           SELECT region_code AS region, item_code AS item, day, net AS k_net, used AS k_used, closing AS k_closing, \
             1 AS k_rows, 0 AS l_net, 0 AS l_used, 0 AS l_closing, 0 AS l_rows FROM stock_days \
           UNION ALL \
           SELECT region_code, item_code, entry_date, 0, 0, 0, 0, SUM(quantity), \
             SUM(CASE WHEN kind IN ('print', 'spoilage') THEN -quantity ELSE 0 END), \
             SUM(SUM(quantity)) OVER (PARTITION BY region_code, item_code ORDER BY entry_date), 1 \
           FROM ledger_entries GROUP BY region_code, item_code, entry_date\
         ) t GROUP BY region, item, day \
         HAVING SUM(k_net) <> SUM(l_net) OR SUM(k_used) <> SUM(l_used) OR SUM(k_closing) <> SUM(l_closing) \
           OR SUM(k_rows) <> SUM(l_rows) \
         ORDER BY region, item, day",
        Vec::new(),
    )
    .await?;
    rows.iter()
        .map(|r| {
            let four = |p: &str| -> Result<(i64, i64, i64, i64), DbErr> {
                Ok((
                    r.try_get("", &format!("{p}_net"))?,
                    r.try_get("", &format!("{p}_used"))?,
                    r.try_get("", &format!("{p}_closing"))?,
                    r.try_get("", &format!("{p}_rows"))?,
                ))
            };
            Ok(DayDrift {
                region: r.try_get("", "region")?,
                item: r.try_get("", "item")?,
                date: r.try_get("", "day")?,
                kept: four("k")?,
                ledger: four("l")?,
            })
        })
        .collect()
}

/// An office whose maintained latest backlog (`backlog_latest`) is not its latest snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BacklogDrift {
    pub region: String,
    /// The date kept as latest (`None`: nothing kept).
    pub kept: Option<NaiveDate>,
    /// The date of the latest snapshot (`None`: no snapshot at all).
    pub latest: Option<NaiveDate>,
}

/// Offices whose kept latest backlog is missing, not dated on their latest snapshot, holds other
/// numbers than it, or has no snapshot behind it.
pub async fn backlog_drift<C: ConnectionTrait>(db: &C) -> Result<Vec<BacklogDrift>, DbErr> {
    let rows = query_all(
        db,
        "SELECT m.region_code AS region, l.snapshot_date AS kept, m.latest AS latest FROM \
           (SELECT region_code, MAX(snapshot_date) AS latest FROM backlog_snapshots GROUP BY region_code) m \
           LEFT JOIN backlog_latest l ON l.region_code = m.region_code \
           LEFT JOIN backlog_snapshots b ON b.region_code = m.region_code AND b.snapshot_date = m.latest \
         WHERE l.region_code IS NULL OR l.snapshot_date <> m.latest OR l.prr <> b.prr \
           OR COALESCE(l.recorded, -1) <> COALESCE(b.recorded, -1) OR COALESCE(l.suket, -1) <> COALESCE(b.suket, -1) \
         UNION ALL \
         SELECT l.region_code, l.snapshot_date, NULL FROM backlog_latest l \
         WHERE NOT EXISTS (SELECT 1 FROM backlog_snapshots b WHERE b.region_code = l.region_code) \
         ORDER BY region",
        Vec::new(),
    )
    .await?;
    rows.iter()
        .map(|r| {
            Ok(BacklogDrift {
                region: r.try_get("", "region")?,
                kept: r.try_get("", "kept")?,
                latest: r.try_get("", "latest")?,
            })
        })
        .collect()
}

/// A day on which a holder's stock of an item closed below zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NegativeDay {
    pub region: String,
    pub item: String,
    pub date: NaiveDate,
    pub balance: i64,
}

/// The first day each holder and item closed below zero, if any did.
pub async fn negative_days<C: ConnectionTrait>(db: &C) -> Result<Vec<NegativeDay>, DbErr> {
    let rows = query_all(
        db,
        "SELECT region, item, MIN(day) AS day FROM (\
           SELECT region_code AS region, item_code AS item, entry_date AS day, \
             SUM(SUM(quantity)) OVER (PARTITION BY region_code, item_code ORDER BY entry_date) AS closing \
           FROM ledger_entries GROUP BY region_code, item_code, entry_date\
         ) t WHERE closing < 0 GROUP BY region, item ORDER BY region, item",
        Vec::new(),
    )
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let (region, item, date): (String, String, NaiveDate) =
            (r.try_get("", "region")?, r.try_get("", "item")?, r.try_get("", "day")?);
        let closing = query_all(
            db,
            "SELECT CAST(SUM(quantity) AS BIGINT) AS closing FROM ledger_entries \
             WHERE region_code = ? AND item_code = ? AND entry_date <= ?",
            vec![Value::from(region.as_str()), Value::from(item.as_str()), date.into()],
        )
        .await?;
        let balance = closing.first().map(|c| c.try_get::<i64>("", "closing")).transpose()?.unwrap_or(0);
        out.push(NegativeDay { region, item, date, balance });
    }
    Ok(out)
}

/// An upload whose recorded counts do not match the rows it left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadMismatch {
    pub id: i64,
    pub kind: String,
    pub rows: i64,
    pub inserted: i64,
    pub updated: i64,
    pub unchanged: i64,
    /// Records of every kind that carry this upload's id.
    pub stored: i64,
}

/// Uploads whose `rows` is not `inserted + updated + unchanged`, or whose `inserted` is not the
/// number of records carrying their id.
pub async fn upload_mismatches<C: ConnectionTrait>(db: &C) -> Result<Vec<UploadMismatch>, DbErr> {
    let tagged = Kind::ALL
        .map(|k| format!("SELECT upload_id FROM {} WHERE upload_id IS NOT NULL", super::records::table_of(k)))
        .join(" UNION ALL ");
    let sql = format!(
        "SELECT u.id AS id, u.kind AS kind, u.rows AS n_rows, u.inserted AS inserted, u.updated AS updated, \
           u.unchanged AS unchanged, CAST(COALESCE(c.n, 0) AS BIGINT) AS stored \
         FROM uploads u LEFT JOIN (SELECT upload_id, COUNT(*) AS n FROM ({tagged}) r GROUP BY upload_id) c \
           ON c.upload_id = u.id \
         WHERE u.rows <> u.inserted + u.updated + u.unchanged OR u.inserted <> COALESCE(c.n, 0) ORDER BY u.id"
    );
    let rows = query_all(db, &sql, Vec::new()).await?;
    rows.iter()
        .map(|r| {
            Ok(UploadMismatch {
                id: r.try_get("", "id")?,
                kind: r.try_get("", "kind")?,
                rows: r.try_get("", "n_rows")?,
                inserted: r.try_get("", "inserted")?,
                updated: r.try_get("", "updated")?,
                unchanged: r.try_get("", "unchanged")?,
                stored: r.try_get("", "stored")?,
            })
        })
        .collect()
}

/// A receipt (or damaged write-off) entry with no dispatch entry under its reference and item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrphanReceipt {
    pub region: String,
    pub item: String,
    pub reference: String,
    pub date: NaiveDate,
}

/// Receipts booked without their dispatch.
pub async fn orphan_receipts<C: ConnectionTrait>(db: &C) -> Result<Vec<OrphanReceipt>, DbErr> {
    let rows = query_all(
        db,
        "SELECT r.region_code AS region, r.item_code AS item, r.reference AS reference, r.entry_date AS day \
         FROM ledger_entries r WHERE r.kind IN ('receipt', 'damaged') AND NOT EXISTS (\
           SELECT 1 FROM ledger_entries d WHERE d.kind = 'dispatch' AND d.reference = r.reference \
           AND d.item_code = r.item_code) ORDER BY r.region_code, r.reference",
        Vec::new(),
    )
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OrphanReceipt {
                region: r.try_get("", "region")?,
                item: r.try_get("", "item")?,
                reference: r.try_get("", "reference")?,
                date: r.try_get("", "day")?,
            })
        })
        .collect()
}

/// A kept total (`store::totals`) that differs from the records it sums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalDrift {
    /// The table of the kept total.
    pub table: &'static str,
    /// Its key as the user reads it (region, item, date).
    pub key: String,
    pub kept: String,
    pub records: String,
}

/// Every kept total that is not what its records give: the centre's allocations and PUSAT's
/// shipments per region and item, the pooled backlog per kabupaten/kota and date and the pooled
/// daily net change and cards used per kabupaten/kota, item and day (each missing, or kept without
/// records behind it, too), and the last day of prints per holder and item.
pub async fn totals_drift<C: ConnectionTrait>(db: &C) -> Result<Vec<TotalDrift>, DbErr> {
    let mut out = Vec::new();
    for r in query_all(
        db,
        "SELECT region, item, CAST(SUM(ka) AS BIGINT) AS ka, CAST(SUM(ks) AS BIGINT) AS ks, \
           CAST(SUM(ra) AS BIGINT) AS ra, CAST(SUM(rs) AS BIGINT) AS rs FROM (\
           SELECT region_code AS region, item_code AS item, allocated AS ka, shipped AS ks, 0 AS ra, 0 AS rs \
           FROM central_totals \
           UNION ALL SELECT to_region, item_code, 0, 0, quantity, 0 FROM allocations \
           UNION ALL SELECT to_region, item_code, 0, 0, 0, quantity FROM shipments WHERE from_region = 'PUSAT'\
         ) t GROUP BY region, item HAVING SUM(ka) <> SUM(ra) OR SUM(ks) <> SUM(rs) ORDER BY region, item",
        Vec::new(),
    )
    .await?
    {
        let pair = |a: &str, s: &str| -> Result<String, DbErr> {
            Ok(format!("dialokasikan {}, dikirim PUSAT {}", r.try_get::<i64>("", a)?, r.try_get::<i64>("", s)?))
        };
        out.push(TotalDrift {
            table: "central_totals",
            key: format!("{} {}", r.try_get::<String>("", "region")?, r.try_get::<String>("", "item")?),
            kept: pair("ka", "ks")?,
            records: pair("ra", "rs")?,
        });
    }
    for r in query_all(
        db,
        "SELECT kabkota, day, CAST(SUM(k) AS BIGINT) AS k, CAST(SUM(r) AS BIGINT) AS r, \
           CAST(SUM(kn) AS BIGINT) AS kn, CAST(SUM(rn) AS BIGINT) AS rn FROM (\
           SELECT kabkota, snapshot_date AS day, prr AS k, 0 AS r, 1 AS kn, 0 AS rn FROM backlog_pools \
           UNION ALL SELECT SUBSTR(region_code, 1, 5), snapshot_date, 0, prr, 0, 1 FROM backlog_snapshots \
           WHERE LENGTH(region_code) >= 5 AND region_code <> 'PUSAT'\
         ) t GROUP BY kabkota, day HAVING SUM(k) <> SUM(r) OR SUM(kn) = 0 OR SUM(rn) = 0 ORDER BY kabkota, day",
        Vec::new(),
    )
    .await?
    {
        let side = |v: &str, n: &str| -> Result<String, DbErr> {
            Ok(if r.try_get::<i64>("", n)? == 0 { "tidak ada".into() } else { r.try_get::<i64>("", v)?.to_string() })
        };
        out.push(TotalDrift {
            table: "backlog_pools",
            key: format!("{} {}", r.try_get::<String>("", "kabkota")?, r.try_get::<NaiveDate>("", "day")?),
            kept: side("k", "kn")?,
            records: side("r", "rn")?,
        });
    }
    for r in query_all(
        db,
        "SELECT kabkota, item, day, CAST(SUM(kn) AS BIGINT) AS kn, CAST(SUM(ln) AS BIGINT) AS ln, \
           CAST(SUM(ku) AS BIGINT) AS ku, CAST(SUM(lu) AS BIGINT) AS lu, CAST(SUM(kr) AS BIGINT) AS kr, \
           CAST(SUM(lr) AS BIGINT) AS lr FROM (\
           SELECT kabkota, item_code AS item, day, net AS kn, used AS ku, 1 AS kr, 0 AS ln, 0 AS lu, 0 AS lr \
           FROM kabkota_days \
           UNION ALL SELECT SUBSTR(region_code, 1, 5), item_code, entry_date, 0, 0, 0, quantity, \
             CASE WHEN kind IN ('print', 'spoilage') THEN -quantity ELSE 0 END, 1 FROM ledger_entries \
           WHERE LENGTH(region_code) >= 5 AND region_code <> 'PUSAT'\
         ) t GROUP BY kabkota, item, day \
         HAVING SUM(kn) <> SUM(ln) OR SUM(ku) <> SUM(lu) OR SUM(kr) = 0 OR SUM(lr) = 0 ORDER BY kabkota, item, day",
        Vec::new(),
    )
    .await?
    {
        let side = |net: &str, used: &str, n: &str| -> Result<String, DbErr> {
            Ok(if r.try_get::<i64>("", n)? == 0 {
                "tidak ada".into()
            } else {
                format!("perubahan {}, terpakai {}", r.try_get::<i64>("", net)?, r.try_get::<i64>("", used)?)
            })
        };
        out.push(TotalDrift {
            table: "kabkota_days",
            key: format!(
                "{} {} {}",
                r.try_get::<String>("", "kabkota")?,
                r.try_get::<String>("", "item")?,
                r.try_get::<NaiveDate>("", "day")?
            ),
            kept: side("kn", "ku", "kr")?,
            records: side("ln", "lu", "lr")?,
        });
    }
    for r in query_all(
        db,
        "SELECT region, item, MAX(k) AS k, MAX(r) AS r FROM (\
           SELECT region_code AS region, item_code AS item, print_date AS k, CAST(NULL AS DATE) AS r FROM print_latest \
           UNION ALL SELECT region_code, item_code, NULL, MAX(print_date) FROM daily_prints GROUP BY region_code, item_code\
         ) t GROUP BY region, item HAVING MAX(k) IS NULL OR MAX(r) IS NULL OR MAX(k) <> MAX(r) ORDER BY region, item",
        Vec::new(),
    )
    .await?
    {
        let day = |c: &str| -> Result<String, DbErr> {
            Ok(r.try_get::<Option<NaiveDate>>("", c)?.map_or_else(|| "tidak ada".into(), |d| d.to_string()))
        };
        out.push(TotalDrift {
            table: "print_latest",
            key: format!("{} {}", r.try_get::<String>("", "region")?, r.try_get::<String>("", "item")?),
            kept: day("k")?,
            records: day("r")?,
        });
    }
    Ok(out)
}
