//! Property test of SPEC §9: random shipments, receipts, loans, prints and stock counts, sent
//! through the API by random principals, change only the books their sender may change. The
//! oracle below is written from the SPEC's words, independently of `domain::auth`.

use blanko::domain::auth::Role;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{Value, json};

use crate::db_tests;
use crate::helpers::TestApp;

/// Holders whose books the test watches.
const HOLDERS: [&str; 6] = ["PUSAT", "32.16", "32.16.01", "32.17", "36.01", "36.01.01"];

/// Principals: name, role, region.
const PEOPLE: [(&str, Role, Option<&str>); 7] = [
    ("pusat", Role::Pusat, None),
    ("jabar", Role::Provinsi, Some("32")),
    ("banten", Role::Provinsi, Some("36")),
    ("bekasi", Role::Kabkota, Some("32.16")),
    ("karawang", Role::Kabkota, Some("32.17")),
    ("pandeglang", Role::Kabkota, Some("36.01")),
    ("pj-bekasi", Role::Pimpinan, Some("32.16")),
];

#[derive(Debug, Clone)]
enum Op {
    /// A shipment record, with or without its receipt.
    Ship {
        from: usize,
        to: usize,
        qty: i64,
        receipt: bool,
    },
    /// `POST /shipments/{reference}/receive` of the `nth` shipment sent so far.
    Receive {
        nth: usize,
    },
    Print {
        at: usize,
        printed: i64,
    },
    Count {
        at: usize,
        counted: i64,
    },
}

fn op() -> impl Strategy<Value = (usize, Op)> {
    let who = 0..PEOPLE.len();
    let at = 0..HOLDERS.len();
    prop_oneof![
        (who.clone(), at.clone(), at.clone(), 1..30i64, any::<bool>())
            .prop_map(|(w, from, to, qty, receipt)| (w, Op::Ship { from, to, qty, receipt })),
        (who.clone(), 0..1000usize).prop_map(|(w, nth)| (w, Op::Receive { nth })),
        (who.clone(), at.clone(), 0..40i64).prop_map(|(w, at, printed)| (w, Op::Print { at, printed })),
        (who, at, 3000..6000i64).prop_map(|(w, at, counted)| (w, Op::Count { at, counted })),
    ]
}

fn within(scope: &str, code: &str) -> bool {
    code == scope || code.starts_with(&format!("{scope}."))
}

/// SPEC §9 in the test's own words: may `who` see `holder`'s book move by `delta` in `op`?
fn may_change(who: usize, holder: &str, delta: i64, op: &Op) -> bool {
    let (_, role, region) = PEOPLE[who];
    let scope = region.unwrap_or("PUSAT");
    match role {
        Role::Pusat => true,
        Role::Pimpinan => false,
        // Raise its regions' books (receipts); lower its regions' books, or the centre's when the
        // shipment goes to one of its regions (the centre's delivery lists).
        Role::Provinsi => match op {
            Op::Ship { to, .. } if holder == "PUSAT" && delta < 0 => within(scope, HOLDERS[*to]),
            Op::Ship { .. } | Op::Receive { .. } => within(scope, holder),
            _ => false,
        },
        // Its own office and kecamatan, never a neighbour's or the centre's book.
        Role::Kabkota => within(scope, holder),
    }
}

async fn balances(app: &TestApp) -> Vec<i64> {
    let mut out = Vec::new();
    for h in HOLDERS {
        let (ledger, cached) = app.sums(h, "blanko").await;
        assert_eq!(ledger, cached, "cached balance of {h} differs from its entries");
        out.push(ledger);
    }
    out
}

fn body_of(op: &Op, n: usize, sent: &[String]) -> Option<(String, Value)> {
    let date = "2022-10-03";
    Some(match op {
        Op::Ship { from, to, qty, receipt } => {
            let mut b = json!({"reference": format!("R-{n}"), "shipped_on": date, "from": HOLDERS[*from],
                "to": HOLDERS[*to], "quantity": qty});
            if *receipt {
                b["received_on"] = json!("2022-10-04");
                b["received_quantity"] = json!(qty);
            }
            ("/api/v1/shipments".into(), b)
        }
        Op::Receive { nth } => {
            let reference = sent.get(nth % sent.len().max(1))?;
            let b = json!({"received_on": "2022-10-05", "received_quantity": 1});
            (format!("/api/v1/shipments/{reference}/receive"), b)
        }
        Op::Print { at, printed } => {
            ("/api/v1/prints".into(), json!({"date": "2022-10-06", "region": HOLDERS[*at], "printed": printed}))
        }
        Op::Count { at, counted } => (
            "/api/v1/stock-counts".into(),
            json!({"date": format!("2022-10-{:02}", 7 + n % 3), "region": HOLDERS[*at], "counted": counted}),
        ),
    })
}

db_tests!(random_writers_change_only_the_books_they_may);

async fn random_writers_change_only_the_books_they_may(app: TestApp) {
    let mut tokens = Vec::new();
    for (name, role, region) in PEOPLE {
        tokens.push(app.token(name, role, region).await);
    }
    let pusat = &tokens[0];
    app.post_ok(
        "/api/v1/procurements",
        pusat,
        json!({"reference": "PGD", "date": "2022-09-01", "quantity": 1_000_000}),
    )
    .await;
    for (i, to) in HOLDERS.iter().enumerate().skip(1) {
        // A kecamatan is supplied by its own kabupaten/kota, which was supplied just before.
        let (from, sent, got) =
            if to.len() > 5 { (&to[..5], "2022-09-05", "2022-09-06") } else { ("PUSAT", "2022-09-02", "2022-09-03") };
        let body = json!({"reference": format!("AWAL-{i}"), "shipped_on": sent, "from": from, "to": to,
            "quantity": 5000, "received_on": got, "received_quantity": 5000});
        app.post_ok("/api/v1/shipments", pusat, body).await;
    }
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let random = proptest::collection::vec(op(), 200).new_tree(&mut runner).expect("tree").current();
    // Every principal tries every route, with and without the receipt, between the random ops, so
    // no rule depends on the luck of the draw.
    let mut every_route = Vec::new();
    for who in 0..PEOPLE.len() {
        for from in 0..HOLDERS.len() {
            for to in 0..HOLDERS.len() {
                for receipt in [false, true] {
                    every_route.push((who, Op::Ship { from, to, qty: 3, receipt }));
                }
            }
        }
    }
    let mut ops = Vec::new();
    let mut random = random.into_iter();
    for (i, case) in every_route.into_iter().enumerate() {
        ops.push(case);
        if i % 2 == 0 {
            ops.extend(random.next());
        }
    }
    ops.extend(random);
    let mut sent: Vec<String> = Vec::new();
    let (mut accepted, mut refused) = (0, 0);
    for (n, (who, op)) in ops.iter().enumerate() {
        let Some((path, body)) = body_of(op, n, &sent) else { continue };
        let before = balances(&app).await;
        let (status, answer) = app.post(&path, &tokens[*who], body).await;
        assert!(!status.is_server_error(), "{path} by {}: {status} {answer}", PEOPLE[*who].0);
        if status.is_success() {
            accepted += 1;
            if let Op::Ship { .. } = op {
                sent.push(format!("R-{n}"));
            }
        } else {
            refused += 1;
        }
        let after = balances(&app).await;
        for (i, holder) in HOLDERS.iter().enumerate() {
            let delta = after[i] - before[i];
            assert!(
                delta == 0 || may_change(*who, holder, delta, op),
                "{} changed {holder}'s book by {delta} with {op:?} ({status} {answer})",
                PEOPLE[*who].0
            );
        }
    }
    // The sequence must exercise both sides of the rules.
    assert!(accepted > 10 && refused > 10, "accepted {accepted}, refused {refused}");
}
