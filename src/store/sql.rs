//! Small helpers for hand-written SQL that must run on SQLite and PostgreSQL alike.

use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseTransaction, DbErr, Statement, TransactionTrait,
    Value,
};

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

/// Begins a transaction that holds the write lock from its first statement. On SQLite a deferred
/// transaction that reads first cannot always upgrade to a writer later; a no-op write up front
/// makes it wait for the lock (busy timeout) instead of failing half-way.
pub async fn begin_write<C: TransactionTrait + ConnectionTrait>(
    db: &C,
) -> Result<DatabaseTransaction, DbErr> {
    let txn = db.begin().await?;
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        txn.execute_unprepared("UPDATE items SET code = code WHERE 1 = 0")
            .await?;
    }
    Ok(txn)
}
