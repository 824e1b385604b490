//! CSV uploads (SPEC §5) through `POST /api/v1/uploads/{kind}`: one test per error code, every
//! accepted spreadsheet variant, idempotency, all or nothing (compared against a dump of every
//! table), dry runs, multipart, the size limit, the error list as CSV, templates, history, and a
//! property test that random files never panic and never write.

use std::fmt::Write;

use axum::http::StatusCode;
use blanko::domain::auth::Role;
use blanko::store::sql::stmt;
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use sea_orm::{ConnectionTrait, DatabaseBackend};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::db_tests;
use crate::helpers::TestApp;

db_tests!(
    code_missing_column,
    code_missing_value,
    code_bad_date,
    code_bad_number,
    code_negative_quantity,
    code_unknown_region,
    code_wrong_level,
    code_unknown_item,
    code_duplicate_in_file,
    code_conflict,
    code_would_go_negative,
    code_received_exceeds_shipped,
    code_out_of_scope,
    code_future_date,
    every_bad_row_is_reported,
    print_variants_give_the_same_stock,
    every_kind_goes_in_and_again_is_a_no_op,
    reupload_is_a_no_op,
    receipts_for_earlier_dispatches_are_updates,
    dispatch_again_after_its_receipt_is_unchanged,
    bad_row_anywhere_leaves_database_unchanged,
    bad_row_of_every_kind_leaves_database_unchanged,
    dry_run_counts_and_writes_nothing,
    multipart_upload,
    body_over_the_limit_is_413,
    error_list_as_csv,
    templates_round_trip,
    history_lists_accepted_uploads,
    random_files_never_panic_and_never_write,
);

const PRINTS: &str = "tanggal,wilayah,barang,dicetak,rusak\n";
const SHIPMENTS: &str =
    "no_referensi,tanggal_kirim,asal,tujuan,barang,jumlah,tanggal_terima,jumlah_diterima,jumlah_rusak\n";

/// Every row of every table, each table ordered by all its columns (primary key first), as text.
async fn dump(app: &TestApp) -> String {
    let db = &app.store.db;
    let b = db.get_database_backend();
    let tables_sql = match b {
        DatabaseBackend::Postgres => {
            "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1",
    };
    let tables: Vec<String> = db
        .query_all(stmt(b, tables_sql, vec![]))
        .await
        .expect("list tables")
        .into_iter()
        .map(|r| r.try_get::<String>("", "name").expect("table name"))
        .collect();
    assert!(tables.iter().any(|t| t == "ledger_entries"), "no tables found: {tables:?}");
    let mut out = String::new();
    for table in tables {
        let columns_sql = match b {
            DatabaseBackend::Postgres => {
                "SELECT CAST(column_name AS TEXT) AS name FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position"
            }
            _ => "SELECT name FROM pragma_table_info(?) ORDER BY cid",
        };
        let columns: Vec<String> = db
            .query_all(stmt(b, columns_sql, vec![table.clone().into()]))
            .await
            .expect("list columns")
            .into_iter()
            .map(|r| r.try_get::<String>("", "name").expect("column name"))
            // When a token was last used is the request's own bookkeeping, not data an upload changes.
            .filter(|c| c != "last_used_at")
            .collect();
        let cells: Vec<String> = columns.iter().map(|c| format!("COALESCE(CAST(\"{c}\" AS TEXT), '<null>')")).collect();
        let order: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
        let sql = format!("SELECT {} AS r FROM \"{table}\" ORDER BY {}", cells.join(" || '|' || "), order.join(", "));
        let rows = db.query_all(stmt(b, &sql, vec![])).await.expect("dump table");
        writeln!(out, "== {table} ({})", columns.join("|")).expect("write to a String");
        for r in rows {
            out.push_str(&r.try_get::<String>("", "r").expect("row text"));
            out.push('\n');
        }
    }
    out
}

/// Panics with the first line that differs, not with two dumps of thousands of lines.
fn assert_same_dump(before: &str, after: &str, what: &str) {
    if before == after {
        return;
    }
    let (b, a): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    let i = b.iter().zip(&a).position(|(x, y)| x != y).unwrap_or(b.len().min(a.len()));
    panic!(
        "{what}: the database changed; first difference at dump line {i}:\n  before: {:?}\n  after:  {:?}\n({} vs {} lines)",
        b.get(i),
        a.get(i),
        b.len(),
        a.len()
    );
}

/// (line, column, code) of each error of a 422 body; every error must carry a message.
fn errors(body: &Value) -> Vec<(u64, String, String)> {
    let list = body["error"]["details"]["errors"].as_array().unwrap_or_else(|| panic!("no error list: {body}"));
    list.iter()
        .map(|e| {
            assert!(!e["message"].as_str().unwrap_or_default().is_empty(), "error without a message: {e}");
            (
                e["line"].as_u64().expect("line"),
                e["column"].as_str().expect("column").to_string(),
                e["code"].as_str().expect("code").to_string(),
            )
        })
        .collect()
}

fn err(line: u64, column: &str, code: &str) -> (u64, String, String) {
    (line, column.to_string(), code.to_string())
}

/// Uploads a file that must be refused: 422 `validation_failed`, the database unchanged.
/// Returns the body.
async fn refused(app: &TestApp, kind: &str, token: &str, file: &str) -> Value {
    let before = dump(app).await;
    let (status, body) = app.upload(kind, token, file.as_bytes(), false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{kind} upload of {file:?} gave {body}");
    assert_eq!(body["error"]["code"], "validation_failed", "{body}");
    assert!(!body["error"]["message"].as_str().unwrap_or_default().is_empty());
    assert_same_dump(&before, &dump(app).await, &format!("refused {kind} upload"));
    body
}

/// Uploads a file that must be accepted; returns the report.
async fn accepted(app: &TestApp, kind: &str, token: &str, file: &str) -> Value {
    let (status, body) = app.upload(kind, token, file.as_bytes(), false).await;
    assert_eq!(status, StatusCode::OK, "{kind} upload of {file:?} gave {body}");
    body
}

fn counts(report: &Value) -> (u64, u64, u64, u64) {
    let n = |k: &str| report[k].as_u64().unwrap_or_else(|| panic!("{k} missing in {report}"));
    (n("rows"), n("inserted"), n("updated"), n("unchanged"))
}

/// Stock through uploads: PUSAT procures 1.000.000 and ships 500.000 to Bekasi (32.16, which passes
/// 50.000 to its kecamatan Tambun Selatan 32.16.06) and 100.000 to Karawang (32.15).
/// Afterwards PUSAT 400.000, 32.16 450.000, 32.16.06 50.000, 32.15 100.000.
async fn stocked(app: &TestApp) -> String {
    let t = app.pusat().await;
    let p = accepted(
        app,
        "procurements",
        &t,
        "no_referensi,tanggal,barang,jumlah,keterangan\nPGD-1,2022-09-01,blanko,1.000.000,APBN 2022\n",
    )
    .await;
    assert_eq!(counts(&p), (1, 1, 0, 0));
    let s = accepted(
        app,
        "shipments",
        &t,
        &format!(
            "{SHIPMENTS}SJ-1,2022-09-02,PUSAT,32.16,blanko,500.000,2022-09-05,500.000,0\n\
             SJ-2,2022-09-06,32.16,32.16.06,,50.000,2022-09-06,50.000,\n\
             SJ-3,2022-09-02,PUSAT,32.15,blanko,100.000,2022-09-05,100.000,0\n"
        ),
    )
    .await;
    assert_eq!(counts(&s), (3, 3, 0, 0));
    assert_eq!(app.sums("PUSAT", "blanko").await, (400_000, 400_000));
    assert_eq!(app.sums("32.16", "blanko").await, (450_000, 450_000));
    assert_eq!(app.sums("32.16.06", "blanko").await, (50_000, 50_000));
    assert_eq!(app.sums("32.15", "blanko").await, (100_000, 100_000));
    t
}

// ---------------------------------------------------------------------------------------------
// One test per error code of SPEC §5. Each bad row sits after a good one, so the line counts.

async fn code_missing_column(app: TestApp) {
    let t = app.pusat().await;
    let body = refused(&app, "prints", &t, "tanggal,wilayah,barang\n2022-09-10,32.16,\n").await;
    assert_eq!(errors(&body), vec![err(1, "dicetak", "missing_column")]);
    // A filled cell right of the last header column: an unquoted 12,500 in a comma file.
    let body =
        refused(&app, "prints", &t, &format!("{PRINTS}2022-09-10,32.16,,5,\n2022-09-11,32.16,,12,500,3\n")).await;
    let errs = errors(&body);
    assert_eq!(errs.len(), 1, "{body}");
    assert_eq!((errs[0].0, errs[0].2.as_str()), (3, "missing_column"), "{body}");
}

async fn code_missing_value(app: TestApp) {
    let t = stocked(&app).await;
    let body = refused(&app, "prints", &t, &format!("{PRINTS}2022-09-10,32.16,,5,\n2022-09-11,,,5,\n")).await;
    assert_eq!(errors(&body), vec![err(3, "wilayah", "missing_value")]);
    // Half a receipt: the date without the quantity.
    let file = format!("{SHIPMENTS}SJ-7,2022-09-10,PUSAT,32.17,,10,,,\nSJ-8,2022-09-10,PUSAT,32.17,,10,2022-09-12,,\n");
    let body = refused(&app, "shipments", &t, &file).await;
    assert_eq!(errors(&body), vec![err(3, "jumlah_diterima", "missing_value")]);
}

async fn code_bad_date(app: TestApp) {
    let t = stocked(&app).await;
    let body = refused(&app, "prints", &t, &format!("{PRINTS}2022-09-10,32.16,,5,\n31/02/2022,32.16,,5,\n")).await;
    assert_eq!(errors(&body), vec![err(3, "tanggal", "bad_date")]);
    assert_eq!(body["error"]["details"]["errors"][0]["value"], "31/02/2022");
}

async fn code_bad_number(app: TestApp) {
    let t = stocked(&app).await;
    let body = refused(&app, "prints", &t, &format!("{PRINTS}2022-09-10,32.16,,5,\n2022-09-11,32.16,,1.5,\n")).await;
    assert_eq!(errors(&body), vec![err(3, "dicetak", "bad_number")]);
    assert_eq!(body["error"]["details"]["errors"][0]["value"], "1.5");
}

async fn code_negative_quantity(app: TestApp) {
    let t = stocked(&app).await;
    let body = refused(&app, "prints", &t, &format!("{PRINTS}2022-09-10,32.16,,5,\n2022-09-11,32.16,,-5,\n")).await;
    assert_eq!(errors(&body), vec![err(3, "dicetak", "negative_quantity")]);
}

async fn code_unknown_region(app: TestApp) {
    let t = stocked(&app).await;
    let body = refused(&app, "prints", &t, &format!("{PRINTS}2022-09-10,32.16,,5,\n2022-09-11,32.99,,5,\n")).await;
    assert_eq!(errors(&body), vec![err(3, "wilayah", "unknown_region")]);
}

async fn code_wrong_level(app: TestApp) {
    let t = stocked(&app).await;
    let file = "tanggal,wilayah,prr\n2022-09-10,32.16.06,40\n2022-09-10,32.16,40\n";
    let body = refused(&app, "backlog", &t, file).await;
    assert_eq!(errors(&body), vec![err(3, "wilayah", "wrong_level")]);
}

async fn code_unknown_item(app: TestApp) {
    let t = stocked(&app).await;
    let body = refused(&app, "prints", &t, &format!("{PRINTS}2022-09-10,32.16,,5,\n2022-09-11,32.16,tinta,5,\n")).await;
    assert_eq!(errors(&body), vec![err(3, "barang", "unknown_item")]);
}

async fn code_duplicate_in_file(app: TestApp) {
    let t = stocked(&app).await;
    // The same key spelled differently: 10/09/2022 = 2022-09-10, 3216 = 32.16, empty item = blanko.
    let file = format!("{PRINTS}2022-09-10,32.16,,5,\n2022-09-11,32.16,,5,\n10/09/2022,3216,blanko,7,\n");
    let body = refused(&app, "prints", &t, &file).await;
    assert_eq!(errors(&body), vec![err(4, "wilayah", "duplicate_in_file")]);
}

async fn code_conflict(app: TestApp) {
    let t = stocked(&app).await;
    let file = "no_referensi,tanggal,jumlah\nPGD-9,2022-09-01,10\nPGD-1,2022-09-01,999\n";
    let body = refused(&app, "procurements", &t, file).await;
    assert_eq!(errors(&body), vec![err(3, "no_referensi", "conflict")]);
    let message = body["error"]["details"]["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("PGD-1"), "{message}");
    // A print stored once, then a different number for the same day and office.
    accepted(&app, "prints", &t, &format!("{PRINTS}2022-09-10,32.16,,5,\n")).await;
    let body = refused(&app, "prints", &t, &format!("{PRINTS}2022-09-11,32.16,,5,\n2022-09-10,32.16,,6,\n")).await;
    assert_eq!(errors(&body), vec![err(3, "wilayah", "conflict")]);
}

async fn code_would_go_negative(app: TestApp) {
    let t = stocked(&app).await;
    // Karawang holds 100.000: 60.000 then 50.000 goes below zero on the second day.
    let file = format!("{PRINTS}2022-09-10,32.15,,60.000,\n2022-09-12,32.15,,50.000,\n");
    let body = refused(&app, "prints", &t, &file).await;
    assert_eq!(errors(&body), vec![err(3, "wilayah", "would_go_negative")]);
    assert_eq!(app.sums("32.15", "blanko").await, (100_000, 100_000));
}

async fn code_received_exceeds_shipped(app: TestApp) {
    let t = stocked(&app).await;
    let file = format!(
        "{SHIPMENTS}SJ-10,2022-09-10,PUSAT,32.17,,100,2022-09-12,100,\nSJ-11,2022-09-10,PUSAT,32.17,,100,2022-09-12,101,\n"
    );
    let body = refused(&app, "shipments", &t, &file).await;
    assert_eq!(errors(&body), vec![err(3, "jumlah_diterima", "received_exceeds_shipped")]);
}

async fn code_out_of_scope(app: TestApp) {
    stocked(&app).await;
    let bekasi = app.token("bekasi", Role::Kabkota, Some("32.16")).await;
    let body =
        refused(&app, "prints", &bekasi, &format!("{PRINTS}2022-09-10,32.16.06,,5,\n2022-09-10,32.17,,5,\n")).await;
    assert_eq!(errors(&body), vec![err(3, "wilayah", "out_of_scope")]);
    // A kabupaten/kota office may not record procurements at all.
    let body = refused(&app, "procurements", &bekasi, "no_referensi,tanggal,jumlah\nPGD-5,2022-09-01,10\n").await;
    assert_eq!(errors(&body), vec![err(2, "no_referensi", "out_of_scope")]);
    // A leader's account reads only.
    let boss = app.token("bupati", Role::Pimpinan, Some("32.16")).await;
    let (status, _) = app.upload("prints", &boss, format!("{PRINTS}2022-09-10,32.16,,5,\n").as_bytes(), false).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn code_future_date(app: TestApp) {
    let t = stocked(&app).await;
    let body = refused(&app, "prints", &t, &format!("{PRINTS}2022-09-10,32.16,,5,\n2099-01-01,32.16,,5,\n")).await;
    assert_eq!(errors(&body), vec![err(3, "tanggal", "future_date")]);
}

/// Every bad row is listed, not only the first, with physical line numbers (blank lines count).
async fn every_bad_row_is_reported(app: TestApp) {
    let t = stocked(&app).await;
    let file = format!(
        "{PRINTS}2022-09-10,32.16,,5,\n31/02/2022,32.16,,5,\n\n2022-09-12,32.99,,5,\n2022-09-13,32.16,tinta,x,\n2022-09-10,32.16,,5,\n"
    );
    let body = refused(&app, "prints", &t, &file).await;
    let mut got = errors(&body);
    got.sort();
    assert_eq!(
        got,
        vec![
            err(3, "tanggal", "bad_date"),
            err(5, "wilayah", "unknown_region"),
            err(6, "barang", "unknown_item"),
            err(6, "dicetak", "bad_number"),
            err(7, "wilayah", "duplicate_in_file"),
        ]
    );
    assert_eq!(body["error"]["details"]["omitted"], 0);
}

// ---------------------------------------------------------------------------------------------
// Accepted variants.

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn dmy(d: NaiveDate, sep: char) -> String {
    d.format(&format!("%d{sep}%m{sep}%Y")).to_string()
}

/// Each variant prints, on its own day, at Bekasi (32.16) and at Tambun Selatan (32.16.06); the
/// stock each office loses is given beside it.
fn print_variants(day: impl Fn(u64) -> NaiveDate) -> Vec<(&'static str, String, i64, i64)> {
    let d = |i: u64| iso(day(i));
    let s = |i: u64| dmy(day(i), '/');
    let h = |i: u64| dmy(day(i), '-');
    vec![
        (
            "comma, ISO dates",
            format!("{PRINTS}{},32.16,blanko,12500,3\n{},32.16.06,blanko,7,0\n", d(0), d(0)),
            12_503,
            7,
        ),
        (
            "semicolon, 12.500",
            format!("tanggal;wilayah;barang;dicetak;rusak\n{};32.16;blanko;12.500;3\n{};32.16.06;;7;\n", d(1), d(1)),
            12_503,
            7,
        ),
        (
            "semicolon, 12,500",
            format!("tanggal;wilayah;barang;dicetak;rusak\n{};32.16;;12,500;3\n{};32.16.06;;7;\n", d(2), d(2)),
            12_503,
            7,
        ),
        (
            "tab, 12 500",
            format!(
                "tanggal\twilayah\tbarang\tdicetak\trusak\n{}\t32.16\tblanko\t12 500\t3\n{}\t32.16.06\t\t7\t\n",
                d(3),
                d(3)
            ),
            12_503,
            7,
        ),
        (
            "BOM and CRLF",
            format!(
                "\u{feff}tanggal,wilayah,barang,dicetak,rusak\r\n{},32.16,,12500,3\r\n{},32.16.06,,7,\r\n",
                d(4),
                d(4)
            ),
            12_503,
            7,
        ),
        ("DD/MM/YYYY", format!("{PRINTS}{},32.16,,12500,3\n{},32.16.06,,7,\n", s(5), s(5)), 12_503, 7),
        ("DD-MM-YYYY", format!("{PRINTS}{},32.16,,12500,3\n{},32.16.06,,7,\n", h(6), h(6)), 12_503, 7),
        (
            "English headers",
            format!("date,region,item,printed,spoiled\n{},32.16,blanko,12500,3\n{},32.16.06,blanko,7,0\n", d(7), d(7)),
            12_503,
            7,
        ),
        (
            "upper case headers with spaces, padded cells",
            format!(
                " TANGGAL , WILAYAH , BARANG , DICETAK , RUSAK \n {} , 32.16 , BLANKO , 12500 , 3 \n{}, 32.16.06 ,Blanko,7,\n",
                d(8),
                d(8)
            ),
            12_503,
            7,
        ),
        (
            "English, mixed case, spaces, semicolon",
            format!("Date ; Region ; Item ; Printed ; Spoiled\n{};32.16;;12.500;3\n{};32.16.06;;7;\n", s(9), s(9)),
            12_503,
            7,
        ),
        ("codes without dots", format!("{PRINTS}{},3216,,12500,3\n{},321606,,7,\n", d(10), d(10)), 12_503, 7),
        ("empty optional cells", format!("{PRINTS}{},32.16,,12500,\n{},32.16.06,,7,\n", d(11), d(11)), 12_500, 7),
        (
            "optional columns absent, columns reordered",
            format!("dicetak,wilayah,tanggal\n12500,32.16,{}\n7,32.16.06,{}\n", d(12), d(12)),
            12_500,
            7,
        ),
        (
            "quoted 12,500 in a comma file",
            format!("{PRINTS}{},32.16,,\"12,500\",3\n\"{}\",\"32.16.06\",,\"7\",\"\"\n", d(13), d(13)),
            12_503,
            7,
        ),
        (
            "no-break spaces around and inside numbers",
            format!("{PRINTS}{},32.16,,\u{a0}12\u{a0}500\u{a0},3\n{},32.16.06,,7,\n", d(14), d(14)),
            12_503,
            7,
        ),
        (
            "blank lines and a row of empty cells",
            format!("{PRINTS}\n{},32.16,,12500,3\n\n{},32.16.06,,7,\n,,,,\n\n", d(15), d(15)),
            12_503,
            7,
        ),
        (
            "everything at once: BOM, CRLF, semicolon, English upper case, DD/MM, no dots, 12.500",
            format!(
                "\u{feff} DATE ; REGION ; ITEM ; PRINTED ; SPOILED \r\n{};3216;BLANKO;12.500;3\r\n{};321606;;7;\r\n",
                s(16),
                h(16)
            ),
            12_503,
            7,
        ),
        (
            "extra column the office added (ignored)",
            format!(
                "tanggal,wilayah,nama wilayah,dicetak,rusak\n{},32.16,Bekasi,12500,3\n{},32.16.06,Tambun,7,\n",
                d(17),
                d(17)
            ),
            12_503,
            7,
        ),
    ]
}

async fn print_variants_give_the_same_stock(app: TestApp) {
    let t = stocked(&app).await;
    let start = NaiveDate::from_ymd_opt(2022, 10, 3).unwrap();
    let day = |i: u64| start.checked_add_days(Days::new(i)).unwrap();
    let (mut kab, mut kec) = (450_000i64, 50_000i64);
    for (name, file, at_kab, at_kec) in print_variants(day) {
        let report = accepted(&app, "prints", &t, &file).await;
        assert_eq!(counts(&report), (2, 2, 0, 0), "{name}: {report}");
        kab -= at_kab;
        kec -= at_kec;
        assert_eq!(app.sums("32.16", "blanko").await, (kab, kab), "{name}");
        assert_eq!(app.sums("32.16.06", "blanko").await, (kec, kec), "{name}");
        // Sent again, it changes nothing.
        let again = accepted(&app, "prints", &t, &file).await;
        assert_eq!(counts(&again), (2, 0, 0, 2), "{name} again: {again}");
        assert_eq!(app.sums("32.16", "blanko").await, (kab, kab), "{name} again");
    }
    // Bekasi's own row in /stock includes its kecamatan.
    let row = app.stock(&t, "32.16", "2022-12-31").await;
    assert_eq!(row["on_hand"], kab + kec);
}

/// Each of the seven kinds, in a different spreadsheet style, then the same files again.
async fn every_kind_goes_in_and_again_is_a_no_op(app: TestApp) {
    let t = app.pusat().await;
    let files: Vec<(&str, String, u64)> = vec![
        (
            "procurements",
            "\u{feff}No. Referensi;Tanggal;Barang;Jumlah;Keterangan\r\nPGD-A;01/09/2022;blanko;200.000;\r\nPGD-B;01-09-2022;ribbon;1.000;APBN\r\n"
                .to_string(),
            2,
        ),
        (
            "allocations",
            "reference,date,to,item,quantity,note\nAL-1,2022-09-01,3216,,\"30,000\",\nAL-2,2022-09-01,32,blanko,50000,\n"
                .to_string(),
            2,
        ),
        (
            "shipments",
            "Reference\tShipped On\tFrom\tTo\tItem\tQuantity\tReceived On\tReceived Quantity\tDamaged Quantity\tNote\n\
             SJ-A\t02/09/2022\tPUSAT\t32.16\t\t12 000\t05/09/2022\t11 950\t20\tkardus basah\n\
             SJ-B\t2022-09-02\tPUSAT\t32.15\tblanko\t5 000\t\t\t\t\n"
                .to_string(),
            2,
        ),
        (
            "prints",
            "TANGGAL,WILAYAH,DICETAK,RUSAK\n06/09/2022,32.16,1.000,10\n".to_string(),
            1,
        ),
        (
            "stock-counts",
            "tanggal;wilayah;barang;jumlah_fisik;keterangan\n2022-09-07;32.16;;10.900;selisih\n".to_string(),
            1,
        ),
        (
            "backlog",
            "date,region,prr,recorded,suket\n2022-09-07,32.16.06,1.234,,\n2022-09-07,321601,56,100,3\n".to_string(),
            2,
        ),
        ("outages", "Tanggal;Wilayah;Jam;Sebab\n07/09/2022;32.16;2,5;server pusat\n".to_string(), 1),
    ];
    for (kind, file, rows) in &files {
        let report = accepted(&app, kind, &t, file).await;
        assert_eq!(counts(&report), (*rows, *rows, 0, 0), "{kind}: {report}");
        assert_eq!(report["kind"], *kind);
    }
    // PUSAT: 200.000 − 12.000 − 5.000; Bekasi: 11.950 − 20 − 1.010, counted 10.900 (−20 adjustment).
    assert_eq!(app.sums("PUSAT", "blanko").await, (183_000, 183_000));
    assert_eq!(app.sums("PUSAT", "ribbon").await, (1_000, 1_000));
    assert_eq!(app.sums("32.16", "blanko").await, (10_900, 10_900));
    assert_eq!(app.sums("32.15", "blanko").await, (0, 0));
    let kab = app.stock(&t, "32.16", "2022-09-08").await;
    assert_eq!(kab["on_hand"], 10_900);
    assert_eq!(kab["allocated_not_shipped"], 30_000 - 12_000);
    assert_eq!(kab["backlog_prr"], 1_234 + 56);
    assert_eq!(app.stock(&t, "32.15", "2022-09-08").await["in_transit"], 5_000);
    let db = &app.store.db;
    let outage = db
        .query_one(stmt(
            db.get_database_backend(),
            "SELECT hours, cause FROM outages WHERE region_code = ?",
            vec!["32.16".into()],
        ))
        .await
        .unwrap()
        .expect("the outage row");
    assert!((outage.try_get::<f64>("", "hours").unwrap() - 2.5).abs() < 1e-9);
    assert_eq!(outage.try_get::<String>("", "cause").unwrap(), "server pusat");
    let before = dump(&app).await;
    for (kind, file, rows) in &files {
        let report = accepted(&app, kind, &t, file).await;
        assert_eq!(counts(&report), (*rows, 0, 0, *rows), "{kind} again: {report}");
    }
    // Only the history grew: the same records again wrote nothing else.
    let strip = |d: &str| {
        let history = ["uploads ", "audit_log ", "sqlite_sequence "];
        d.split("\n== ").filter(|t| !history.iter().any(|h| t.starts_with(h))).collect::<Vec<_>>().join("\n== ")
    };
    assert_same_dump(&strip(&before), &strip(&dump(&app).await), "re-upload of every kind");
}

async fn reupload_is_a_no_op(app: TestApp) {
    let t = stocked(&app).await;
    let file = format!("{PRINTS}2022-09-10,32.16,,1.000,5\n2022-09-10,32.16.06,,20,\n2022-09-12,32.15,,300,1\n");
    let first = accepted(&app, "prints", &t, &file).await;
    assert_eq!(counts(&first), (3, 3, 0, 0));
    let stock =
        (app.sums("32.16", "blanko").await, app.sums("32.16.06", "blanko").await, app.sums("32.15", "blanko").await);
    assert_eq!(stock, ((448_995, 448_995), (49_980, 49_980), (99_699, 99_699)));
    let entries = dump(&app).await.split("\n== ").find(|t| t.starts_with("ledger_entries ")).unwrap().to_string();
    let second = accepted(&app, "prints", &t, &file).await;
    assert_eq!(counts(&second), (3, 0, 0, 3));
    assert_eq!(first["sha256"], second["sha256"]);
    let again =
        (app.sums("32.16", "blanko").await, app.sums("32.16.06", "blanko").await, app.sums("32.15", "blanko").await);
    assert_eq!(again, stock);
    let entries_after = dump(&app).await.split("\n== ").find(|t| t.starts_with("ledger_entries ")).unwrap().to_string();
    assert_same_dump(&entries, &entries_after, "re-upload: ledger");
    // The same records in another spelling are the same records.
    let respelled =
        "Date;Region;Printed;Spoiled\r\n10/09/2022;3216;1000;5\r\n10-09-2022;321606;20;0\r\n12/09/2022;3215;300;1\r\n";
    let third = accepted(&app, "prints", &t, respelled).await;
    assert_eq!(counts(&third), (3, 0, 0, 3));
}

async fn receipts_for_earlier_dispatches_are_updates(app: TestApp) {
    let t = stocked(&app).await;
    let dispatches =
        format!("{SHIPMENTS}SJ-20,2022-09-10,PUSAT,32.17,,1.000,,,\nSJ-21,2022-09-10,PUSAT,32.18,,2.000,,,\n");
    let r = accepted(&app, "shipments", &t, &dispatches).await;
    assert_eq!(counts(&r), (2, 2, 0, 0));
    assert_eq!(app.sums("PUSAT", "blanko").await, (397_000, 397_000));
    assert_eq!(app.sums("32.17", "blanko").await, (0, 0));
    assert_eq!(app.stock(&t, "32.17", "2022-09-11").await["in_transit"], 1_000);
    let receipts = format!(
        "{SHIPMENTS}SJ-20,2022-09-10,PUSAT,32.17,,1.000,2022-09-12,1.000,10\n\
         SJ-21,2022-09-10,PUSAT,32.18,,2.000,13/09/2022,1.990,\n\
         SJ-22,2022-09-11,PUSAT,32.18,,500,2022-09-13,500,0\n"
    );
    let r = accepted(&app, "shipments", &t, &receipts).await;
    assert_eq!(counts(&r), (3, 1, 2, 0), "{r}");
    assert_eq!(app.sums("PUSAT", "blanko").await, (396_500, 396_500));
    assert_eq!(app.sums("32.17", "blanko").await, (990, 990));
    assert_eq!(app.sums("32.18", "blanko").await, (2_490, 2_490));
    assert_eq!(app.stock(&t, "32.17", "2022-09-13").await["in_transit"], 0);
    // The receipts again: nothing new. The bare dispatch again: also nothing.
    let r = accepted(&app, "shipments", &t, &receipts).await;
    assert_eq!(counts(&r), (3, 0, 0, 3), "{r}");
    // A receipt that changes a stored receipt is a conflict, not an update.
    let changed = format!("{SHIPMENTS}SJ-20,2022-09-10,PUSAT,32.17,,1.000,2022-09-12,999,10\n");
    let body = refused(&app, "shipments", &t, &changed).await;
    assert_eq!(errors(&body), vec![err(2, "no_referensi", "conflict")]);
}

/// A province re-sends its running dispatch list after the receiver confirmed some of them: the
/// rows say nothing the stored records contradict, so they are unchanged, not conflicts.
async fn dispatch_again_after_its_receipt_is_unchanged(app: TestApp) {
    let t = stocked(&app).await;
    let dispatches =
        format!("{SHIPMENTS}SJ-20,2022-09-10,PUSAT,32.17,,1.000,,,\nSJ-21,2022-09-10,PUSAT,32.18,,2.000,,,\n");
    accepted(&app, "shipments", &t, &dispatches).await;
    let receipt = format!("{SHIPMENTS}SJ-20,2022-09-10,PUSAT,32.17,,1.000,2022-09-12,1.000,10\n");
    let r = accepted(&app, "shipments", &t, &receipt).await;
    assert_eq!(counts(&r), (1, 0, 1, 0));
    let (status, body) = app.upload("shipments", &t, dispatches.as_bytes(), false).await;
    assert_eq!(status, StatusCode::OK, "the dispatch list again after one receipt: {body}");
    assert_eq!(counts(&body), (2, 0, 0, 2), "{body}");
    assert_eq!(app.sums("32.17", "blanko").await, (990, 990));
}

// ---------------------------------------------------------------------------------------------
// All or nothing.

/// `n` one-card dispatches from PUSAT to Bekasi, references `{prefix}-{i}`, lines 2..n+1.
fn many_dispatches(prefix: &str, n: usize) -> String {
    let mut file = String::from("no_referensi,tanggal_kirim,asal,tujuan,jumlah\n");
    for i in 0..n {
        writeln!(file, "{prefix}-{i},2022-09-10,PUSAT,32.16,1").expect("write to a String");
    }
    file
}

async fn bad_row_anywhere_leaves_database_unchanged(app: TestApp) {
    let t = stocked(&app).await;
    accepted(&app, "prints", &t, &format!("{PRINTS}2022-09-10,32.16,,5,\n")).await;
    let n = 6_000; // more than one batch, so rows were written inside the transaction first
    let bad = "BAD,2022-09-10,PUSAT,32.99,1\n";
    // First, middle, last.
    for at in [0, n / 2, n] {
        let good = many_dispatches("B", n);
        let mut lines: Vec<&str> = good.lines().collect();
        lines.insert(1 + at, bad.trim_end());
        let file = lines.join("\n") + "\n";
        let body = refused(&app, "shipments", &t, &file).await;
        assert_eq!(errors(&body), vec![err(2 + at as u64, "tujuan", "unknown_region")], "bad row at {at}");
    }
    // The last row takes more than PUSAT holds: known only after every batch was written.
    let mut file = many_dispatches("C", n);
    file.push_str("C-LAST,2022-09-11,PUSAT,32.16,999.999\n");
    let body = refused(&app, "shipments", &t, &file).await;
    assert_eq!(errors(&body), vec![err(n as u64 + 2, "asal", "would_go_negative")]);
    // A conflict with a stored record after the first batch.
    let mut file = many_dispatches("D", n);
    file.push_str("SJ-1,2022-09-02,PUSAT,32.16,7\n");
    let body = refused(&app, "shipments", &t, &file).await;
    assert_eq!(errors(&body), vec![err(n as u64 + 2, "no_referensi", "conflict")]);
    // The good file alone goes in.
    let r = accepted(&app, "shipments", &t, &many_dispatches("B", n)).await;
    assert_eq!(counts(&r), (n as u64, n as u64, 0, 0));
    assert_eq!(app.sums("PUSAT", "blanko").await, (400_000 - n as i64, 400_000 - n as i64));
}

async fn bad_row_of_every_kind_leaves_database_unchanged(app: TestApp) {
    let t = stocked(&app).await;
    let files = [
        ("procurements", "no_referensi,tanggal,jumlah\nPGD-2,2022-09-01,10\nPGD-3,2022-09-01,x\n".to_string()),
        (
            "allocations",
            "no_referensi,tanggal,tujuan,jumlah\nAL-1,2022-09-01,32.16,10\nAL-2,2022-09-01,32.16.06,10\n".to_string(),
        ),
        ("shipments", format!("{SHIPMENTS}SJ-9,2022-09-10,PUSAT,32.17,,10,,,\nSJ-10,2022-09-10,PUSAT,PUSAT,,10,,,\n")),
        ("prints", format!("{PRINTS}2022-09-10,32.16,,10,\n2022-09-11,32.16,,10,-1\n")),
        (
            "stock-counts",
            "tanggal,wilayah,jumlah_fisik\n2022-09-10,32.16,449.000\n2022-09-11,32.15,99.000\n2022-09-12,32.16,lima\n"
                .to_string(),
        ),
        ("backlog", "tanggal,wilayah,prr\n2022-09-10,32.16.06,40\n2022-09-10,32.16.07,\n".to_string()),
        ("outages", "tanggal,wilayah,jam,sebab\n2022-09-10,32.16,8,listrik\n2022-09-11,32.16,25,server\n".to_string()),
    ];
    for (kind, file) in &files {
        let body = refused(&app, kind, &t, file).await;
        let errs = errors(&body);
        assert_eq!(errs.len(), 1, "{kind}: {body}");
        assert_eq!(errs[0].0, if *kind == "stock-counts" { 4 } else { 3 }, "{kind}: {body}");
    }
}

async fn dry_run_counts_and_writes_nothing(app: TestApp) {
    let t = stocked(&app).await;
    accepted(&app, "prints", &t, &format!("{PRINTS}2022-09-10,32.16,,5,\n")).await;
    let file = format!("{PRINTS}2022-09-10,32.16,,5,\n2022-09-11,32.16,,6,\n2022-09-11,32.16.06,,7,\n");
    let before = dump(&app).await;
    let (status, report) = app.upload("prints", &t, file.as_bytes(), true).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["upload_id"], Value::Null);
    assert_eq!(counts(&report), (3, 2, 0, 1));
    assert_eq!(report["sha256"], hex::encode(Sha256::digest(file.as_bytes())));
    assert_same_dump(&before, &dump(&app).await, "dry run");
    // A dry run of a receipt reports an update, and still writes nothing.
    accepted(&app, "shipments", &t, &format!("{SHIPMENTS}SJ-30,2022-09-10,PUSAT,32.17,,100,,,\n")).await;
    let before = dump(&app).await;
    let receipt = format!("{SHIPMENTS}SJ-30,2022-09-10,PUSAT,32.17,,100,2022-09-12,100,\n");
    let (status, report) = app.upload("shipments", &t, receipt.as_bytes(), true).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(counts(&report), (1, 0, 1, 0));
    assert_same_dump(&before, &dump(&app).await, "dry run of a receipt");
    // A dry run of a bad file answers like a real one.
    let (status, body) = app.upload("prints", &t, format!("{PRINTS}2022-09-12,32.99,,5,\n").as_bytes(), true).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(errors(&body), vec![err(2, "wilayah", "unknown_region")]);
    // Then the real upload does what the dry run said, and the dump sees it.
    let before = dump(&app).await;
    let r = accepted(&app, "prints", &t, &file).await;
    assert_eq!(counts(&r), (3, 2, 0, 1));
    assert_ne!(before, dump(&app).await, "the dump must see an accepted upload");
}

async fn multipart_upload(app: TestApp) {
    let t = stocked(&app).await;
    let file = "\u{feff}tanggal;wilayah;dicetak\r\n10/09/2022;32.16;1.000\r\n".to_string();
    let (status, report) = app.upload_multipart("prints", &t, file.as_bytes(), false).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(counts(&report), (1, 1, 0, 0));
    assert_eq!(report["sha256"], hex::encode(Sha256::digest(file.as_bytes())));
    assert_eq!(app.sums("32.16", "blanko").await, (449_000, 449_000));
    let (status, report) = app.upload_multipart("prints", &t, file.as_bytes(), true).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(counts(&report), (1, 0, 0, 1));
    let (status, body) =
        app.upload_multipart("prints", &t, format!("{PRINTS}2022-09-11,32.99,,5,\n").as_bytes(), false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(errors(&body), vec![err(2, "wilayah", "unknown_region")]);
    // A form without a `file` field.
    let boundary = "xyz";
    let form =
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"berkas\"\r\n\r\nx\r\n--{boundary}--\r\n");
    let ct = format!("multipart/form-data; boundary={boundary}");
    let (status, _, _) = app
        .send_bytes("POST", "/api/v1/uploads/prints", Some(&t), &[("content-type", ct.as_str())], form.into_bytes())
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

async fn body_over_the_limit_is_413(app: TestApp) {
    let t = app.pusat().await;
    let limit = 2 * 1024 * 1024;
    let mut big = String::from(PRINTS);
    while big.len() <= limit {
        big.push_str("2022-09-10,32.16,,1,\n");
    }
    let before = dump(&app).await;
    let (status, body) = app.upload("prints", &t, big.as_bytes(), false).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["error"]["code"], "too_large");
    let (status, body) = app.upload_multipart("prints", &t, big.as_bytes(), false).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["error"]["code"], "too_large");
    assert_same_dump(&before, &dump(&app).await, "413");
}

async fn error_list_as_csv(app: TestApp) {
    let t = stocked(&app).await;
    let file = format!("{PRINTS}2022-09-10,32.16,,5,\n2022-09-11,32.99,,5,\n2022-09-12,32.16,,\"=1+1\",\n");
    let headers = [("content-type", "text/csv"), ("accept", "text/csv")];
    let before = dump(&app).await;
    let (status, content_type, bytes) =
        app.send_bytes("POST", "/api/v1/uploads/prints", Some(&t), &headers, file.into_bytes()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let text = String::from_utf8(bytes).expect("UTF-8");
    let text = text.strip_prefix('\u{feff}').expect("a BOM for spreadsheets");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), ["baris", "kolom", "nilai", "kode", "pesan"]);
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert_eq!(rows[0][..4], ["3", "wilayah", "32.99", "unknown_region"]);
    assert_eq!(rows[1][..2], ["4", "dicetak"]);
    assert_eq!(rows[1][3], "bad_number");
    assert!(!rows[1][2].starts_with('='), "a formula must not run in the spreadsheet: {:?}", rows[1][2]);
    assert!(rows.iter().all(|r| !r[4].is_empty()));
    assert_same_dump(&before, &dump(&app).await, "error CSV");
    // Without the header, JSON as usual.
    let (status, body) = app.upload("prints", &t, format!("{PRINTS}2022-09-11,32.99,,5,\n").as_bytes(), false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(errors(&body), vec![err(2, "wilayah", "unknown_region")]);
}

async fn templates_round_trip(app: TestApp) {
    let t = app.pusat().await;
    let kinds = ["shipments", "allocations", "procurements", "prints", "backlog", "stock-counts", "outages"];
    for kind in kinds {
        let (status, content_type, bytes) =
            app.send_bytes("GET", &format!("/api/v1/templates/{kind}.csv"), Some(&t), &[], Vec::new()).await;
        assert_eq!(status, StatusCode::OK, "{kind}");
        assert!(content_type.starts_with("text/csv"), "{kind}: {content_type}");
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        assert!(text.starts_with('\u{feff}'), "{kind}: the template needs a BOM");
        let report = accepted(&app, kind, &t, &text).await;
        assert_eq!(counts(&report), (0, 0, 0, 0), "{kind}: {report}");
        // The multipart route takes it as well.
        let (status, report) = app.upload_multipart(kind, &t, &bytes, false).await;
        assert_eq!(status, StatusCode::OK, "{kind}: {report}");
        assert_eq!(report["rows"], 0);
    }
    let (status, _, bytes) = app.send_bytes("GET", "/api/v1/templates/prints.csv", Some(&t), &[], Vec::new()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(String::from_utf8(bytes).unwrap(), "\u{feff}tanggal,wilayah,barang,dicetak,rusak\r\n");
    let (status, _, _) = app.send_bytes("GET", "/api/v1/templates/stok.csv", Some(&t), &[], Vec::new()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = app.send_bytes("GET", "/api/v1/templates/prints.csv", None, &[], Vec::new()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // A filled template goes in.
    let (_, _, bytes) = app.send_bytes("GET", "/api/v1/templates/procurements.csv", Some(&t), &[], Vec::new()).await;
    let mut filled = String::from_utf8(bytes).unwrap();
    filled.push_str("PGD-T,01/09/2022,,25.000,dari templat\r\n");
    let report = accepted(&app, "procurements", &t, &filled).await;
    assert_eq!(counts(&report), (1, 1, 0, 0));
    assert_eq!(app.sums("PUSAT", "blanko").await, (25_000, 25_000));
}

async fn history_lists_accepted_uploads(app: TestApp) {
    let t = stocked(&app).await;
    let bekasi = app.token("bekasi", Role::Kabkota, Some("32.16")).await;
    let file = format!("{PRINTS}2022-09-10,32.16,,5,\n2022-09-10,32.16.06,,3,\n");
    accepted(&app, "prints", &bekasi, &file).await;
    accepted(&app, "prints", &bekasi, &file).await;
    // Neither a refused upload nor a dry run is history.
    refused(&app, "prints", &bekasi, &format!("{PRINTS}2022-09-11,32.99,,5,\n")).await;
    let (status, _) = app.upload("prints", &bekasi, format!("{PRINTS}2022-09-11,32.16,,5,\n").as_bytes(), true).await;
    assert_eq!(status, StatusCode::OK);
    let (status, list) = app.get("/api/v1/uploads", &t).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let list = list.as_array().expect("a list").clone();
    assert_eq!(list.len(), 4, "{list:?}");
    let sha = hex::encode(Sha256::digest(file.as_bytes()));
    // Newest first.
    let (newest, second) = (&list[0], &list[1]);
    for (u, inserted, unchanged) in [(second, 2, 0), (newest, 0, 2)] {
        assert_eq!(u["kind"], "prints");
        assert_eq!(u["actor"], "bekasi");
        assert_eq!(u["sha256"], sha);
        assert_eq!(
            (u["rows"].as_i64(), u["inserted"].as_i64(), u["unchanged"].as_i64()),
            (Some(2), Some(inserted), Some(unchanged))
        );
        assert_eq!(u["updated"], 0);
        assert!(u["created_at"].is_string());
    }
    assert!(newest["id"].as_i64() > second["id"].as_i64());
    assert_eq!(list[2]["kind"], "shipments");
    assert_eq!(list[3]["kind"], "procurements");
    assert!(list.iter().all(|u| u["sha256"].as_str().is_some_and(|s| s.len() == 64)));
    // A kabupaten/kota user sees their own uploads.
    let (status, own) = app.get("/api/v1/uploads", &bekasi).await;
    assert_eq!(status, StatusCode::OK);
    let own = own.as_array().unwrap();
    assert_eq!(own.len(), 2);
    assert!(own.iter().all(|u| u["actor"] == "bekasi"));
    // Each accepted upload is in the audit log too.
    assert_eq!(app.audit_count("upload.accept").await, 4);
}

// ---------------------------------------------------------------------------------------------
// Property: random bytes and random damage to a valid file never panic, never answer 500, and
// write nothing unless the answer is 200.

#[derive(Debug, Clone)]
enum Damage {
    Flip { at: usize, byte: u8 },
    Insert { at: usize, byte: u8 },
    Delete { at: usize },
    Digit { at: usize, digit: u8 },
    Truncate { at: usize },
    DuplicateLine { line: usize },
    SwapDelimiter { at: usize },
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        1 => (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Damage::Flip { at, byte }),
        1 => (any::<usize>(), prop::sample::select(b",;\t\r\n\"-. 0123456789/aZ\xEF\xBB\xBF\xC2\xA0".to_vec()))
            .prop_map(|(at, byte)| Damage::Insert { at, byte }),
        1 => any::<usize>().prop_map(|at| Damage::Delete { at }),
        3 => (any::<usize>(), 0..10u8).prop_map(|(at, digit)| Damage::Digit { at, digit }),
        1 => any::<usize>().prop_map(|at| Damage::Truncate { at }),
        1 => any::<usize>().prop_map(|line| Damage::DuplicateLine { line }),
        1 => any::<usize>().prop_map(|at| Damage::SwapDelimiter { at }),
    ]
}

/// Damages the rows of `file` (the header is left alone but for truncation and delimiters:
/// random bytes test broken headers).
fn apply_damage(file: &mut Vec<u8>, d: &Damage) {
    let body = file.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1);
    let span = file.len().saturating_sub(body);
    let pick = |at: usize| body + at % span.max(1);
    match *d {
        Damage::Flip { at, byte } if span > 0 => file[pick(at)] = byte,
        Damage::Insert { at, byte } => file.insert(body + at % (span + 1), byte),
        Damage::Delete { at } if span > 0 => {
            file.remove(pick(at));
        }
        Damage::Digit { at, digit } => {
            let digits: Vec<usize> = (body..file.len()).filter(|&i| file[i].is_ascii_digit()).collect();
            if !digits.is_empty() {
                file[digits[at % digits.len()]] = b'0' + digit;
            }
        }
        Damage::Truncate { at } => file.truncate(at % file.len().max(1)),
        Damage::DuplicateLine { line } => {
            let lines: Vec<Vec<u8>> = file[body..].split_inclusive(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            if !lines.is_empty() {
                let copy = lines[line % lines.len()].clone();
                file.extend_from_slice(&copy);
            }
        }
        Damage::SwapDelimiter { at } => {
            let n = file.len().max(1);
            if let Some(i) = (0..file.len()).map(|i| (i + at) % n).find(|&i| file[i] == b',') {
                file[i] = b';';
            }
        }
        Damage::Flip { .. } | Damage::Delete { .. } => {}
    }
}

#[derive(Debug, Clone)]
enum Case {
    Random { kind: usize, bytes: Vec<u8> },
    Damaged { kind: usize, damage: Vec<Damage> },
}

const KINDS: [&str; 7] = ["shipments", "allocations", "procurements", "prints", "backlog", "stock-counts", "outages"];

fn valid_file(kind: &str) -> String {
    match kind {
        "shipments" => format!(
            "{SHIPMENTS}SJ-P1,2022-09-10,PUSAT,32.17,,1.000,2022-09-12,990,2\nSJ-P2,10/09/2022,32.16,32.16.01,,100,,,\n"
        ),
        "allocations" => {
            "no_referensi,tanggal,tujuan,barang,jumlah\nAL-P1,2022-09-01,32.16,,12.500\nAL-P2,2022-09-02,32,film,10\n"
                .into()
        }
        "procurements" => {
            "no_referensi;tanggal;barang;jumlah\nPGD-P1;01/09/2022;;12,500\nPGD-P2;2022-09-02;ribbon;100\n".into()
        }
        "prints" => format!("{PRINTS}2022-09-10,32.16,,1.000,5\n2022-09-10,32.16.06,,20,\n2022-09-12,32.15,,300,1\n"),
        "backlog" => {
            "tanggal,wilayah,prr,perekaman,suket\n2022-09-10,32.16.06,1.234,10,2\n2022-09-10,32.16.01,5,,\n".into()
        }
        "stock-counts" => {
            "tanggal\twilayah\tjumlah_fisik\n2022-09-10\t32.16\t449 000\n2022-09-10\t32.15\t100 000\n".into()
        }
        _ => "tanggal,wilayah,jam,sebab\n2022-09-10,32.16,\"2,5\",server\n2022-09-11,32.16.06,8,listrik\n".into(),
    }
}

fn cases() -> Vec<Case> {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let random = (0..KINDS.len(), proptest::collection::vec(any::<u8>(), 0..400))
        .prop_map(|(kind, bytes)| Case::Random { kind, bytes });
    let damaged = (0..KINDS.len(), proptest::collection::vec(damage(), 0..4))
        .prop_map(|(kind, damage)| Case::Damaged { kind, damage });
    let strategy = prop_oneof![1 => random, 3 => damaged];
    (0..16).map(|_| strategy.new_tree(&mut runner).expect("tree").current()).collect()
}

async fn random_files_never_panic_and_never_write(app: TestApp) {
    let t = stocked(&app).await;
    // The undamaged files go in first; damaged copies then meet stored records too.
    for kind in KINDS {
        let (status, body) = app.upload(kind, &t, valid_file(kind).as_bytes(), false).await;
        assert_eq!(status, StatusCode::OK, "{kind}: {body}");
    }
    for (n, case) in cases().into_iter().enumerate() {
        let (kind, bytes) = match &case {
            Case::Random { kind, bytes } => (KINDS[*kind], bytes.clone()),
            Case::Damaged { kind, damage } => {
                let mut file = valid_file(KINDS[*kind]).into_bytes();
                for d in damage {
                    apply_damage(&mut file, d);
                }
                (KINDS[*kind], file)
            }
        };
        let before = dump(&app).await;
        let (status, body) = app.upload(kind, &t, &bytes, false).await;
        assert!(
            status == StatusCode::OK || status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::BAD_REQUEST,
            "case {n} {case:?} ({kind}, {:?}) gave {status}: {body}",
            String::from_utf8_lossy(&bytes)
        );
        if status != StatusCode::OK {
            assert_same_dump(&before, &dump(&app).await, &format!("case {n} {case:?}"));
        }
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            assert!(!errors(&body).is_empty(), "case {n}: 422 without errors: {body}");
        }
    }
    // Whatever went in, every cached balance still equals its entries.
    for holder in ["PUSAT", "32.16", "32.16.06", "32.15", "32.17"] {
        let (ledger, cached) = app.sums(holder, "blanko").await;
        assert_eq!(ledger, cached, "{holder}");
        assert!(ledger >= 0, "{holder}");
    }
}
