//! Property test: after any random sequence of operations (accepted or refused), every cached
//! balance equals the sum of its ledger entries, and no closing balance on any day is negative.

use blanko::app::record;
use blanko::domain::auth::{Grant, Principal, Role};
use blanko::domain::csv_import::{PrintRow, ProcurementRow, Receipt, Row, ShipmentRow, StockCountRow};
use blanko::domain::item::Item;
use blanko::domain::quantity::Quantity;
use blanko::domain::region::RegionCode;
use blanko::store::sql::stmt;
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use sea_orm::ConnectionTrait;

use crate::db_tests;
use crate::helpers::TestApp;

#[derive(Debug, Clone)]
enum Op {
    Procure { day: u64, qty: i64 },
    Ship { day: u64, to: usize, qty: i64, receive_after: Option<u64>, damaged: i64 },
    Print { day: u64, at: usize, printed: i64, spoiled: i64 },
    Count { day: u64, at: usize, counted: i64 },
}

const HOLDERS: [&str; 3] = ["32.16", "32.15", "32.16.06"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..60u64, 0..5000i64).prop_map(|(day, qty)| Op::Procure { day, qty }),
        (0..60u64, 0..3usize, 0..3000i64, proptest::option::of(0..10u64), 0..50i64)
            .prop_map(|(day, to, qty, receive_after, damaged)| Op::Ship { day, to, qty, receive_after, damaged }),
        (0..60u64, 0..3usize, 0..2000i64, 0..30i64)
            .prop_map(|(day, at, printed, spoiled)| { Op::Print { day, at, printed, spoiled } }),
        (0..60u64, 0..3usize, 0..3000i64).prop_map(|(day, at, counted)| Op::Count { day, at, counted }),
    ]
}

fn ops() -> Vec<Vec<Op>> {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = proptest::collection::vec(op(), 1..40);
    (0..6).map(|_| strategy.new_tree(&mut runner).expect("tree").current()).collect()
}

async fn apply(app: &TestApp, n: usize, op: &Op) {
    let start = NaiveDate::from_ymd_opt(2022, 1, 3).unwrap();
    let day = |d: u64| start.checked_add_days(Days::new(d)).unwrap();
    let who = Principal { name: "prop".into(), role: Role::Pusat, region: None };
    let code = |i: usize| RegionCode::parse(HOLDERS[i]).unwrap();
    let q = |v: i64| Quantity::new(v).unwrap();
    let row = match op {
        Op::Procure { day: d, qty } => Row::Procurement(ProcurementRow {
            line: 2,
            reference: format!("P{n}"),
            date: day(*d),
            item: Item::Blanko,
            quantity: q(*qty),
            note: None,
        }),
        Op::Ship { day: d, to, qty, receive_after, damaged } => Row::Shipment(Box::new(ShipmentRow {
            line: 2,
            reference: format!("S{n}"),
            shipped_on: day(*d),
            from: RegionCode::pusat(),
            to: code(*to),
            item: Item::Blanko,
            quantity: q(*qty),
            receipt: receive_after.map(|a| Receipt {
                received_on: day(d + a),
                received: q(*qty),
                damaged: q((*damaged).min(*qty)),
            }),
            note: None,
            grant: Grant::Whole,
        })),
        Op::Print { day: d, at, printed, spoiled } => Row::Print(PrintRow {
            line: 2,
            date: day(*d),
            region: code(*at),
            item: Item::Blanko,
            printed: q(*printed),
            spoiled: q(*spoiled),
        }),
        Op::Count { day: d, at, counted } => Row::StockCount(StockCountRow {
            line: 2,
            date: day(*d),
            region: code(*at),
            item: Item::Blanko,
            counted: q(*counted),
            note: None,
        }),
    };
    // Refusals are expected; the invariant must hold whatever happens.
    let _ = record::write_row(&app.store, &who, row, &serde_json::json!({})).await;
}

async fn assert_invariants(app: &TestApp) {
    for holder in HOLDERS.iter().chain(std::iter::once(&"PUSAT")) {
        let (ledger, cached) = app.sums(holder, "blanko").await;
        assert_eq!(ledger, cached, "cached balance of {holder} differs from its entries");
        let db = &app.store.db;
        let rows = db
            .query_all(stmt(
                db.get_database_backend(),
                "SELECT entry_date, CAST(SUM(quantity) AS BIGINT) AS t FROM ledger_entries WHERE region_code = ? GROUP BY entry_date ORDER BY entry_date",
                vec![(*holder).into()],
            ))
            .await
            .unwrap();
        let mut running = 0i64;
        for r in rows {
            running += r.try_get::<i64>("", "t").unwrap();
            assert!(running >= 0, "{holder} closes a day at {running}");
        }
    }
}

db_tests!(cached_balance_equals_entries_after_random_operations);

async fn cached_balance_equals_entries_after_random_operations(app: TestApp) {
    for (run, seq) in ops().into_iter().enumerate() {
        for (n, op) in seq.iter().enumerate() {
            apply(&app, run * 1000 + n, op).await;
        }
        assert_invariants(&app).await;
    }
}
