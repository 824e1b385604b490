//! Property test: after any random sequence of writes (accepted or refused; back-dated ones,
//! shipments received with the dispatch or later, counts, prints at kabupaten/kota and kecamatan
//! one at a time or in a file, backlog reports), every maintained figure equals what the ledger
//! and the records give: the balance per holder and item, every daily net change, cards used and
//! closing balance, the position at any past date, the latest backlog per office, and the kept
//! totals (allocated and shipped by the centre per region at any date, the backlog and the daily
//! figures pooled per kabupaten/kota, each holder's last day of prints at any date). No closing balance on any day is
//! negative, and `blanko check` finds nothing.

use std::collections::BTreeMap;
use std::fmt::Write;

use blanko::app::{import, record, stock};
use blanko::domain::auth::{Grant, Principal, Role};
use blanko::domain::csv_import::{
    AllocationRow, BacklogRow, Kind, PrintRow, ProcurementRow, Receipt, Row, ShipmentRow, StockCountRow,
};
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
    Procure {
        day: u64,
        qty: i64,
    },
    Allocate {
        day: u64,
        to: usize,
        qty: i64,
    },
    Ship {
        day: u64,
        to: usize,
        qty: i64,
        receive_after: Option<u64>,
        damaged: i64,
    },
    /// The receipt of an earlier shipment (by its position among the ops), sent apart.
    Receive {
        ship: usize,
        after: u64,
        damaged: i64,
    },
    Print {
        day: u64,
        at: usize,
        printed: i64,
        spoiled: i64,
    },
    /// A prints file: several days and offices in one upload.
    PrintFile {
        rows: Vec<(u64, usize, i64, i64)>,
    },
    Count {
        day: u64,
        at: usize,
        counted: i64,
    },
    Backlog {
        day: u64,
        at: usize,
        prr: i64,
        suket: Option<i64>,
    },
}

const HOLDERS: [&str; 3] = ["32.16", "32.15", "32.16.06"];
/// Offices that report backlog (a kecamatan of each kabupaten/kota, and a kabupaten/kota).
const OFFICES: [&str; 3] = ["32.16.06", "32.15.01", "32.16"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..60u64, 0..5000i64).prop_map(|(day, qty)| Op::Procure { day, qty }),
        (0..60u64, 0..3usize, 0..5000i64).prop_map(|(day, to, qty)| Op::Allocate { day, to, qty }),
        (0..60u64, 0..3usize, 0..3000i64, proptest::option::of(0..10u64), 0..50i64)
            .prop_map(|(day, to, qty, receive_after, damaged)| Op::Ship { day, to, qty, receive_after, damaged }),
        (0..40usize, 0..10u64, 0..50i64).prop_map(|(ship, after, damaged)| Op::Receive { ship, after, damaged }),
        (0..60u64, 0..3usize, 0..2000i64, 0..30i64)
            .prop_map(|(day, at, printed, spoiled)| { Op::Print { day, at, printed, spoiled } }),
        proptest::collection::vec((0..60u64, 0..3usize, 0..300i64, 0..5i64), 1..8)
            .prop_map(|rows| Op::PrintFile { rows }),
        (0..60u64, 0..3usize, 0..3000i64).prop_map(|(day, at, counted)| Op::Count { day, at, counted }),
        (0..60u64, 0..3usize, 0..500i64, proptest::option::of(0..50i64))
            .prop_map(|(day, at, prr, suket)| Op::Backlog { day, at, prr, suket }),
    ]
}

fn ops() -> Vec<Vec<Op>> {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = proptest::collection::vec(op(), 1..60);
    (0..10).map(|_| strategy.new_tree(&mut runner).expect("tree").current()).collect()
}

fn day(d: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 1, 3).unwrap().checked_add_days(Days::new(d)).unwrap()
}

async fn apply(app: &TestApp, n: usize, op: &Op, seq: &[Op], run: usize) {
    let who = Principal { name: "prop".into(), role: Role::Pusat, region: None };
    let code = |i: usize| RegionCode::parse(HOLDERS[i]).unwrap();
    let q = |v: i64| Quantity::new(v).unwrap();
    let shipment = |n: usize, d: u64, to: usize, qty: i64, receipt: Option<Receipt>| {
        Row::Shipment(Box::new(ShipmentRow {
            line: 2,
            reference: format!("S{n}"),
            shipped_on: day(d),
            from: RegionCode::pusat(),
            to: code(to),
            item: Item::Blanko,
            quantity: q(qty),
            receipt,
            note: None,
            grant: Grant::Whole,
        }))
    };
    let row = match op {
        Op::Procure { day: d, qty } => Row::Procurement(ProcurementRow {
            line: 2,
            reference: format!("P{n}"),
            date: day(*d),
            item: Item::Blanko,
            quantity: q(*qty),
            note: None,
        }),
        Op::Allocate { day: d, to, qty } => Row::Allocation(Box::new(AllocationRow {
            line: 2,
            reference: format!("A{n}"),
            date: day(*d),
            to: code(*to),
            item: Item::Blanko,
            quantity: q(*qty),
            note: None,
        })),
        Op::Ship { day: d, to, qty, receive_after, damaged } => shipment(
            n,
            *d,
            *to,
            *qty,
            receive_after.map(|a| Receipt {
                received_on: day(d + a),
                received: q(*qty),
                damaged: q((*damaged).min(*qty)),
            }),
        ),
        Op::Receive { ship, after, damaged } => {
            // The dispatch again with its receipt: an update of the stored dispatch.
            let Some(Op::Ship { day: d, to, qty, .. }) = seq.get(*ship) else { return };
            let receipt = Receipt { received_on: day(d + after), received: q(*qty), damaged: q((*damaged).min(*qty)) };
            shipment(run * 1000 + ship, *d, *to, *qty, Some(receipt))
        }
        Op::Print { day: d, at, printed, spoiled } => Row::Print(PrintRow {
            line: 2,
            date: day(*d),
            region: code(*at),
            item: Item::Blanko,
            printed: q(*printed),
            spoiled: q(*spoiled),
        }),
        Op::PrintFile { rows } => {
            let mut csv = String::from("date,region,item,printed,spoiled\n");
            for (d, at, printed, spoiled) in rows {
                let _ = writeln!(csv, "{},{},blanko,{printed},{spoiled}", day(*d), HOLDERS[*at]);
            }
            let _ = import::upload(&app.store, &who, Kind::Prints, csv.as_bytes(), false, &|_| {}).await;
            return;
        }
        Op::Count { day: d, at, counted } => Row::StockCount(StockCountRow {
            line: 2,
            date: day(*d),
            region: code(*at),
            item: Item::Blanko,
            counted: q(*counted),
            note: None,
        }),
        Op::Backlog { day: d, at, prr, suket } => Row::Backlog(BacklogRow {
            line: 2,
            date: day(*d),
            region: RegionCode::parse(OFFICES[*at]).unwrap(),
            prr: q(*prr),
            recorded: None,
            suket: suket.map(q),
        }),
    };
    // Refusals are expected; the invariant must hold whatever happens.
    let _ = record::write_row(&app.store, &who, row, &serde_json::json!({})).await;
}

async fn rows(app: &TestApp, sql: &str) -> Vec<sea_orm::QueryResult> {
    let db = &app.store.db;
    db.query_all(stmt(db.get_database_backend(), sql, Vec::new())).await.unwrap()
}

/// (net change, cards used, closing balance) per holder and day.
type DayFigures = BTreeMap<(String, NaiveDate), (i64, i64, i64)>;

/// Every maintained figure against what the ledger entries and the backlog snapshots give,
/// computed here from the raw rows.
async fn assert_maintained(app: &TestApp) {
    let mut expected = DayFigures::new();
    for r in
        rows(app, "SELECT region_code, entry_date, quantity, kind FROM ledger_entries WHERE item_code = 'blanko'").await
    {
        let (region, date): (String, NaiveDate) =
            (r.try_get("", "region_code").unwrap(), r.try_get("", "entry_date").unwrap());
        let (quantity, kind): (i64, String) = (r.try_get("", "quantity").unwrap(), r.try_get("", "kind").unwrap());
        let e = expected.entry((region, date)).or_default();
        e.0 += quantity;
        e.1 += if kind == "print" || kind == "spoilage" { -quantity } else { 0 };
    }
    let mut running: BTreeMap<String, i64> = BTreeMap::new();
    for ((region, _), e) in &mut expected {
        let balance = running.entry(region.clone()).or_default();
        *balance += e.0;
        e.2 = *balance;
        assert!(*balance >= 0, "{region} closes a day at {balance}");
    }
    let mut kept = DayFigures::new();
    for r in rows(app, "SELECT region_code, day, net, used, closing FROM stock_days WHERE item_code = 'blanko'").await {
        let key = (r.try_get("", "region_code").unwrap(), r.try_get("", "day").unwrap());
        kept.insert(
            key,
            (r.try_get("", "net").unwrap(), r.try_get("", "used").unwrap(), r.try_get("", "closing").unwrap()),
        );
    }
    assert_eq!(kept, expected, "daily figures differ from the ledger");

    for holder in HOLDERS.iter().chain(std::iter::once(&"PUSAT")) {
        let (ledger, cached) = app.sums(holder, "blanko").await;
        assert_eq!(ledger, cached, "cached balance of {holder} differs from its entries");
    }

    // The position at every date, and between them, is the ledger's sum up to it.
    let db = &app.store.db;
    for d in (0..75).step_by(4).map(day) {
        let on_hand = blanko::store::stock::on_hand(db, &RegionCode::pusat(), d).await.unwrap();
        for holder in HOLDERS.iter().chain(std::iter::once(&"PUSAT")) {
            let want =
                expected.range((holder.to_string(), NaiveDate::MIN)..=(holder.to_string(), d)).last().map(|(_, e)| e.2);
            let got = on_hand.get(&(RegionCode::parse(holder).unwrap(), Item::Blanko)).copied();
            assert_eq!(got.unwrap_or(0), want.unwrap_or(0), "{holder} at the end of {d}");
        }
        // Pooled per kabupaten/kota by the database: the sum of its holders that had a closing.
        let mut want: BTreeMap<(RegionCode, Item), i64> = BTreeMap::new();
        for ((holder, item), total) in &on_hand {
            if let Some(k) = holder.kabkota() {
                *want.entry((k, *item)).or_default() += total;
            }
        }
        let pooled = blanko::store::stock::on_hand_per_kabkota(db, &RegionCode::pusat(), d).await.unwrap();
        assert_eq!(pooled, want, "on hand per kabupaten/kota at the end of {d}");
    }

    // The latest backlog per office: the snapshot with the greatest date.
    let mut latest: BTreeMap<String, (NaiveDate, i64, Option<i64>)> = BTreeMap::new();
    for r in rows(app, "SELECT region_code, snapshot_date, prr, suket FROM backlog_snapshots").await {
        let (region, date): (String, NaiveDate) =
            (r.try_get("", "region_code").unwrap(), r.try_get("", "snapshot_date").unwrap());
        let v = (date, r.try_get("", "prr").unwrap(), r.try_get("", "suket").unwrap());
        if latest.get(&region).is_none_or(|l| l.0 < date) {
            latest.insert(region, v);
        }
    }
    let mut kept = BTreeMap::new();
    for r in rows(app, "SELECT region_code, snapshot_date, prr, suket FROM backlog_latest").await {
        let v =
            (r.try_get("", "snapshot_date").unwrap(), r.try_get("", "prr").unwrap(), r.try_get("", "suket").unwrap());
        kept.insert(r.try_get::<String>("", "region_code").unwrap(), v);
    }
    assert_eq!(kept, latest, "latest backlog differs from the snapshots");

    assert_totals(app).await;

    let findings = stock::check(db).await.unwrap();
    assert!(findings.is_clean(), "blanko check: {:?}", findings.lines());
}

/// (net change, cards used) per kabupaten/kota, item and day.
type Pooled = BTreeMap<(String, String, NaiveDate), (i64, i64)>;

/// The kept totals of `store::totals` against the raw records, at dates before, between and after them.
async fn assert_totals(app: &TestApp) {
    let db = &app.store.db;
    let (pusat, kabkota) = (RegionCode::pusat(), RegionCode::parse("32.16").unwrap());
    let mut moves: Vec<(String, NaiveDate, i64, i64)> = Vec::new();
    for r in rows(app, "SELECT to_region, allocated_on, quantity FROM allocations").await {
        let q: i64 = r.try_get("", "quantity").unwrap();
        moves.push((r.try_get("", "to_region").unwrap(), r.try_get("", "allocated_on").unwrap(), q, 0));
    }
    for r in rows(app, "SELECT to_region, shipped_on, quantity FROM shipments WHERE from_region = 'PUSAT'").await {
        let q: i64 = r.try_get("", "quantity").unwrap();
        moves.push((r.try_get("", "to_region").unwrap(), r.try_get("", "shipped_on").unwrap(), 0, q));
    }
    let mut prints: Vec<(String, NaiveDate)> = Vec::new();
    for r in rows(app, "SELECT region_code, print_date FROM daily_prints").await {
        prints.push((r.try_get("", "region_code").unwrap(), r.try_get("", "print_date").unwrap()));
    }
    for d in (0..75).step_by(7).map(day) {
        for scope in [&pusat, &kabkota] {
            let (allocated, shipped) = blanko::store::totals::central_at(db, scope, d).await.unwrap();
            let mut want: BTreeMap<String, (i64, i64)> = BTreeMap::new();
            for (to, on, a, s) in &moves {
                if *on <= d && scope.contains(&RegionCode::parse(to).unwrap()) {
                    let e = want.entry(to.clone()).or_default();
                    (e.0, e.1) = (e.0 + a, e.1 + s);
                }
            }
            for (to, (a, s)) in &want {
                let key = (RegionCode::parse(to).unwrap(), Item::Blanko);
                assert_eq!(allocated.get(&key).copied().unwrap_or(0), *a, "allocated to {to} by {d}");
                assert_eq!(shipped.get(&key).copied().unwrap_or(0), *s, "shipped to {to} by {d}");
            }
            let held = |m: &BTreeMap<(RegionCode, Item), i64>| m.keys().all(|(r, _)| want.contains_key(r.as_str()));
            assert!(held(&allocated) && held(&shipped), "totals of regions with nothing by {d} in {scope}");
        }
        let mut want: BTreeMap<String, NaiveDate> = BTreeMap::new();
        for (holder, on) in prints.iter().filter(|(_, on)| *on <= d) {
            let kept = want.entry(holder.clone()).or_insert(*on);
            *kept = (*kept).max(*on);
        }
        let got = blanko::store::totals::last_reports(db, &pusat, d, false).await.unwrap();
        let got: BTreeMap<String, NaiveDate> = got.into_iter().map(|(h, on)| (h.to_string(), on)).collect();
        assert_eq!(got, want, "last day of prints by {d}");
        let mut want_pooled: BTreeMap<String, NaiveDate> = BTreeMap::new();
        for (holder, on) in &want {
            if let Some(k) = RegionCode::parse(holder).unwrap().kabkota() {
                let kept = want_pooled.entry(k.to_string()).or_insert(*on);
                *kept = (*kept).max(*on);
            }
        }
        let got = blanko::store::totals::last_reports(db, &pusat, d, true).await.unwrap();
        let got: BTreeMap<String, NaiveDate> = got.into_iter().map(|(h, on)| (h.to_string(), on)).collect();
        assert_eq!(got, want_pooled, "last day of prints per kabupaten/kota by {d}");
    }

    let mut pooled: BTreeMap<(String, NaiveDate), i64> = BTreeMap::new();
    for r in rows(app, "SELECT region_code, snapshot_date, prr FROM backlog_snapshots").await {
        let office = RegionCode::parse(&r.try_get::<String>("", "region_code").unwrap()).unwrap();
        let Some(k) = office.kabkota() else { continue };
        *pooled.entry((k.to_string(), r.try_get("", "snapshot_date").unwrap())).or_default() +=
            r.try_get::<i64>("", "prr").unwrap();
    }
    let kept = blanko::store::totals::backlog_pools(db, &pusat, day(0), day(80)).await.unwrap();
    let kept: BTreeMap<(String, NaiveDate), i64> =
        kept.into_iter().map(|(k, on, prr)| ((k.to_string(), on), prr)).collect();
    assert_eq!(kept, pooled, "backlog pooled per kabupaten/kota");

    let mut pooled = Pooled::new();
    for r in rows(app, "SELECT region_code, item_code, entry_date, quantity, kind FROM ledger_entries").await {
        let holder = RegionCode::parse(&r.try_get::<String>("", "region_code").unwrap()).unwrap();
        let Some(k) = holder.kabkota() else { continue };
        let (quantity, kind): (i64, String) = (r.try_get("", "quantity").unwrap(), r.try_get("", "kind").unwrap());
        let e = pooled
            .entry((k.to_string(), r.try_get("", "item_code").unwrap(), r.try_get("", "entry_date").unwrap()))
            .or_default();
        e.0 += quantity;
        e.1 += if kind == "print" || kind == "spoilage" { -quantity } else { 0 };
    }
    let mut kept = Pooled::new();
    for r in rows(app, "SELECT kabkota, item_code, day, net, used FROM kabkota_days").await {
        let key =
            (r.try_get("", "kabkota").unwrap(), r.try_get("", "item_code").unwrap(), r.try_get("", "day").unwrap());
        kept.insert(key, (r.try_get("", "net").unwrap(), r.try_get("", "used").unwrap()));
    }
    assert_eq!(kept, pooled, "daily figures pooled per kabupaten/kota");
}

db_tests!(maintained_figures_equal_the_ledger_after_random_writes);

async fn maintained_figures_equal_the_ledger_after_random_writes(app: TestApp) {
    for (run, seq) in ops().into_iter().enumerate() {
        for (n, op) in seq.iter().enumerate() {
            apply(&app, run * 1000 + n, op, &seq, run).await;
        }
        assert_maintained(&app).await;
    }
    // The runs wrote every kind the kept totals sum (refusals are expected, not all of them).
    for table in ["allocations", "shipments", "daily_prints", "backlog_snapshots"] {
        let n = rows(&app, &format!("SELECT COUNT(*) AS n FROM {table}")).await[0].try_get::<i64>("", "n").unwrap();
        assert!(n > 0, "no {table} written");
    }
}
