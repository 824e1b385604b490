//! Small helpers for hand-written SQL that must run on SQLite and PostgreSQL alike.

use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement, Value};

/// Builds a statement from SQL written with `?` placeholders, numbered `$n` for PostgreSQL.
pub fn stmt(backend: DatabaseBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DatabaseBackend::Postgres {
        let mut out = String::with_capacity(sql.len() + 16);
        let mut n = 0;
        for ch in sql.chars() {
            if ch == '?' {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            } else {
                out.push(ch);
            }
        }
        out
    } else {
        sql.to_string()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// The first code after every region below `code` in byte order (`32.16` → `32.16/`): region
/// codes are digits and dots, and '/' sorts right after '.', so `code <= c < upper_bound(code)`
/// holds exactly for `code` and the codes below it.
pub fn upper_bound(code: &str) -> String {
    format!("{code}/")
}

/// A condition matching `column` to `scope` and every region below it, pushing its two values;
/// `1 = 1` for PUSAT (the whole nation). A range, so an ordinary index on `column` serves it
/// (region-code columns compare bytes on PostgreSQL too: `COLLATE "C"`, see the migrations).
pub fn subtree(column: &str, scope: &crate::domain::region::RegionCode, values: &mut Vec<Value>) -> String {
    if scope.is_pusat() {
        return "1 = 1".into();
    }
    values.push(scope.as_str().into());
    values.push(upper_bound(scope.as_str()).into());
    format!("({column} >= ? AND {column} < ?)")
}

/// ` AND ` and [`subtree`], to extend a `WHERE` clause.
pub fn and_subtree(column: &str, scope: &crate::domain::region::RegionCode, values: &mut Vec<Value>) -> String {
    format!(" AND {}", subtree(column, scope, values))
}

/// The values of `expr` over a group joined into one text with ',' between them, in no given
/// order: `group_concat` on SQLite, `string_agg` on PostgreSQL. For reads of many small rows,
/// which cost more to fetch one by one than to pack and split.
pub fn string_agg(backend: DatabaseBackend, expr: &str) -> String {
    string_agg_by(backend, expr, ',')
}

/// [`string_agg`] with `separator` between the values (for a list of lists).
pub fn string_agg_by(backend: DatabaseBackend, expr: &str, separator: char) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("string_agg({expr}, '{separator}')"),
        _ => format!("group_concat({expr}, '{separator}')"),
    }
}

/// The text of the `packed` column of a statement that aggregates everything it reads into one
/// row ([`string_agg`]); empty when nothing was read (the aggregate is NULL).
pub async fn packed<C: ConnectionTrait>(db: &C, sql: &str, values: Vec<Value>) -> Result<String, DbErr> {
    let Some(row) = query_all(db, sql, values).await?.into_iter().next() else { return Ok(String::new()) };
    Ok(row.try_get::<Option<String>>("", "packed")?.unwrap_or_default())
}

/// The kabupaten/kota of a region-code column below a province (`32.16.01` and `32.16` are both
/// `32.16`); meaningful where [`in_a_kabkota`] holds.
pub fn kabkota_of(column: &str) -> String {
    format!("SUBSTR({column}, 1, 5)")
}

/// The rows of a region-code column that lie in some kabupaten/kota: a kabupaten/kota or a
/// kecamatan, not a province or PUSAT.
pub fn in_a_kabkota(column: &str) -> String {
    format!("LENGTH({column}) >= 5 AND {column} <> 'PUSAT'")
}

/// Runs SQL written with `?` placeholders and returns its rows.
pub async fn query_all<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<sea_orm::QueryResult>, DbErr> {
    db.query_all(stmt(db.get_database_backend(), sql, values)).await
}

/// Bound parameters per statement: below SQLite's limit (32,766) and PostgreSQL's (65,535).
const MAX_PARAMS: usize = 30_000;

/// Inserts many rows with multi-row `INSERT … VALUES (…), (…)` statements of a few fixed sizes
/// (`rows_per_statement`). `rows` holds one `Vec<Value>` per row, in `columns` order (a plain
/// `Vec`, not an iterator: an iterator borrowing across the awaits would not be `Send`).
pub async fn bulk_insert<C: ConnectionTrait>(
    db: &C,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Value>>,
) -> Result<u64, DbErr> {
    bulk_upsert(db, table, columns, rows, "").await
}

/// [`bulk_insert`] with `suffix` (an `ON CONFLICT …` clause) after each statement's rows.
pub async fn bulk_upsert<C: ConnectionTrait>(
    db: &C,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Value>>,
    suffix: &str,
) -> Result<u64, DbErr> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        return unnest_upsert(db, table, columns, rows, suffix).await;
    }
    let mut rows = rows.into_iter();
    let mut left = rows.len();
    let total = left as u64;
    while left > 0 {
        let count = rows_per_statement(left, columns.len());
        let mut values: Vec<Value> = Vec::with_capacity(count * columns.len());
        for row in rows.by_ref().take(count) {
            debug_assert_eq!(row.len(), columns.len());
            values.extend(row);
        }
        insert_rows(db, table, columns, count, values, suffix).await?;
        left -= count;
    }
    Ok(total)
}

/// Rows in the next SQLite statement when `left` remain: the largest power of two within both
/// `left` and the parameter limit. Each statement text is prepared once and kept by the
/// connection (sqlx caches 100 per connection, a 2,048-row one takes about half a megabyte), so
/// a write uses at most a dozen texts per table whatever its rows number; statements sized to
/// each batch's remainder made a new text almost every batch and an import's cache grew to
/// some 80 MB.
fn rows_per_statement(left: usize, columns: usize) -> usize {
    let most = (MAX_PARAMS / columns.max(1)).max(1);
    let most = 1 << most.ilog2();
    let left = 1 << left.max(1).ilog2();
    left.min(most)
}

async fn insert_rows<C: ConnectionTrait>(
    db: &C,
    table: &str,
    columns: &[&str],
    count: usize,
    values: Vec<Value>,
    suffix: &str,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut sql = String::with_capacity(64 + count * (columns.len() * 4 + 3));
    sql.push_str("INSERT INTO ");
    sql.push_str(table);
    sql.push_str(" (");
    sql.push_str(&columns.join(", "));
    sql.push_str(") VALUES ");
    for r in 0..count {
        sql.push_str(if r > 0 { ",(" } else { "(" });
        for c in 0..columns.len() {
            if c > 0 {
                sql.push(',');
            }
            sql.push('?');
        }
        sql.push(')');
    }
    sql.push_str(suffix);
    db.execute(Statement::from_sql_and_values(backend, sql, values)).await?;
    Ok(())
}

/// Rows per PostgreSQL statement of [`unnest_upsert`].
const UNNEST_ROWS: usize = 20_000;

/// PostgreSQL's bulk path: `INSERT … SELECT * FROM UNNEST($1::date[], $2::text[], …)`, each
/// column bound once as an array in PostgreSQL's text form, so a statement's text and its
/// parameters do not grow with its rows (sea-orm's transactions do not reach sqlx's `COPY`).
async fn unnest_upsert<C: ConnectionTrait>(
    db: &C,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Value>>,
    suffix: &str,
) -> Result<u64, DbErr> {
    let total = rows.len() as u64;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut arrays: Vec<String> = vec![String::from("{"); columns.len()];
        let mut types: Vec<&str> = vec![""; columns.len()];
        for (r, row) in rows.by_ref().take(UNNEST_ROWS).enumerate() {
            debug_assert_eq!(row.len(), columns.len());
            for (c, value) in row.into_iter().enumerate() {
                if r > 0 {
                    arrays[c].push(',');
                }
                types[c] = array_element(&mut arrays[c], value)?;
            }
        }
        let params: Vec<String> = types.iter().enumerate().map(|(i, t)| format!("${}::{t}[]", i + 1)).collect();
        let sql =
            format!("INSERT INTO {table} ({}) SELECT * FROM UNNEST({}){suffix}", columns.join(", "), params.join(", "));
        let values: Vec<Value> = arrays
            .into_iter()
            .map(|mut a| {
                a.push('}');
                Value::from(a)
            })
            .collect();
        db.execute(Statement::from_sql_and_values(DatabaseBackend::Postgres, sql, values)).await?;
    }
    Ok(total)
}

/// Appends `value` to a PostgreSQL array literal and returns its element type.
fn array_element(out: &mut String, value: Value) -> Result<&'static str, DbErr> {
    // (element text, whether it needs quotes, type); `None` is SQL NULL.
    let (text, quote, ty): (Option<String>, bool, &'static str) = match value {
        Value::BigInt(v) => (v.map(|v| v.to_string()), false, "int8"),
        Value::Double(v) => (v.map(|v| v.to_string()), false, "float8"),
        Value::String(v) => (v.map(|v| *v), true, "text"),
        Value::ChronoDate(v) => (v.map(|v| v.to_string()), true, "date"),
        Value::ChronoDateTimeUtc(v) => (v.map(|v| v.to_rfc3339()), true, "timestamptz"),
        other => return Err(DbErr::Custom(format!("bulk insert: unsupported value {other:?}"))),
    };
    match text {
        None => out.push_str("NULL"),
        Some(t) if quote => {
            out.push('"');
            for ch in t.chars() {
                if ch == '"' || ch == '\\' {
                    out.push('\\');
                }
                out.push(ch);
            }
            out.push('"');
        }
        Some(t) => out.push_str(&t),
    }
    Ok(ty)
}

#[cfg(test)]
mod tests {
    use super::rows_per_statement;

    /// Any number of rows is written whole, in statements of at most a dozen sizes per column
    /// count, each within the parameter limit.
    #[test]
    fn bulk_statements_come_in_a_few_sizes() {
        let mut sizes = std::collections::BTreeSet::new();
        for columns in [3, 6, 9] {
            for rows in (1..20_000).step_by(7) {
                let mut left = rows;
                while left > 0 {
                    let n = rows_per_statement(left, columns);
                    assert!(n >= 1 && n <= left && n * columns <= super::MAX_PARAMS, "{rows} rows, {columns}: {n}");
                    sizes.insert((columns, n));
                    left -= n;
                }
            }
        }
        for columns in [3, 6, 9] {
            let of_these = sizes.iter().filter(|(c, _)| *c == columns).count();
            assert!(of_these <= 14, "{columns} columns: {of_these} sizes");
        }
    }
}
