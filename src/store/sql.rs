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

/// The `LIKE` pattern of every region below `code` (`32.16` → `32.16.%`).
pub fn below(code: &str) -> String {
    format!("{code}.%")
}

/// A condition matching `column` to `scope` and every region below it, pushing its two values;
/// `1 = 1` for PUSAT (the whole nation).
pub fn subtree(column: &str, scope: &crate::domain::region::RegionCode, values: &mut Vec<Value>) -> String {
    if scope.is_pusat() {
        return "1 = 1".into();
    }
    values.push(scope.as_str().into());
    values.push(below(scope.as_str()).into());
    format!("({column} = ? OR {column} LIKE ?)")
}

/// ` AND ` and [`subtree`], to extend a `WHERE` clause.
pub fn and_subtree(column: &str, scope: &crate::domain::region::RegionCode, values: &mut Vec<Value>) -> String {
    format!(" AND {}", subtree(column, scope, values))
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

/// Inserts many rows with multi-row `INSERT … VALUES (…), (…)` statements, as few as the
/// parameter limits allow. `rows` holds one `Vec<Value>` per row, in `columns` order (a plain
/// `Vec`, not an iterator: an iterator borrowing across the awaits would not be `Send`).
pub async fn bulk_insert<C: ConnectionTrait>(
    db: &C,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Value>>,
) -> Result<u64, DbErr> {
    let per_stmt = (MAX_PARAMS / columns.len()).max(1);
    let mut values: Vec<Value> = Vec::with_capacity(per_stmt * columns.len());
    let mut count = 0usize;
    let mut total = 0u64;
    for row in rows {
        debug_assert_eq!(row.len(), columns.len());
        values.extend(row);
        count += 1;
        total += 1;
        if count == per_stmt {
            insert_rows(db, table, columns, count, std::mem::take(&mut values)).await?;
            count = 0;
        }
    }
    if count > 0 {
        insert_rows(db, table, columns, count, values).await?;
    }
    Ok(total)
}

async fn insert_rows<C: ConnectionTrait>(
    db: &C,
    table: &str,
    columns: &[&str],
    count: usize,
    values: Vec<Value>,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut sql = String::with_capacity(64 + count * (columns.len() * 4 + 3));
    sql.push_str("INSERT INTO ");
    sql.push_str(table);
    sql.push_str(" (");
    sql.push_str(&columns.join(", "));
    sql.push_str(") VALUES ");
    let mut n = 0usize;
    for r in 0..count {
        sql.push_str(if r > 0 { ",(" } else { "(" });
        for c in 0..columns.len() {
            if c > 0 {
                sql.push(',');
            }
            n += 1;
            if backend == DatabaseBackend::Postgres {
                sql.push('$');
                sql.push_str(&n.to_string());
            } else {
                sql.push('?');
            }
        }
        sql.push(')');
    }
    db.execute(Statement::from_sql_and_values(backend, sql, values)).await?;
    Ok(())
}
