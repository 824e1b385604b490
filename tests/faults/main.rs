//! Fault and concurrency tests against the real binary (RELIABILITY.md), each on SQLite and, when
//! `TEST_DATABASE_URL` is set, on PostgreSQL:
//!
//! - `kill -9` at a random moment during an upload (`serve`) or a `blanko import`: after restart the
//!   upload is wholly present or wholly absent, its upload record agrees, `blanko check` passes;
//! - concurrent writers (prints, loans both ways with their receipts, stock counts, uploads) and
//!   readers, on two `serve` instances (PostgreSQL) or one (SQLite): no 5xx, `blanko check` passes,
//!   the final book is the starting book plus exactly the writes answered 2xx, and every stock
//!   count adjusted the book it found under the lock;
//! - a graceful stop (SIGTERM) during an upload, with a second upload waiting its turn;
//! - a backup taken while writes go on, restored and checked.
//!
//! `cargo test --test faults` runs the short versions; `BLANKO_FAULTS=long cargo test --release
//! --test faults -- --nocapture --test-threads 1` the long ones (scripts/faults.sh).

mod support;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use sha2::{Digest, Sha256};
use support::{Client, Db, Rng, Server, day, long, percentiles, spawn_import};

const ITEMS: [&str; 3] = ["blanko", "ribbon", "film"];
/// Stock each kabupaten/kota starts with, per item.
const START: i64 = 100_000_000;

/// The kabupaten/kota of Java (provinces 31–36), from the seed data.
fn java_kabkota() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/seed-data/wilayah.csv");
    std::fs::read_to_string(path)
        .expect("seed-data/wilayah.csv")
        .lines()
        .filter_map(|l| {
            let mut cells = l.split(',');
            let code = cells.next()?;
            let level = cells.nth(1)?;
            let java = ["31.", "32.", "33.", "34.", "35.", "36."].iter().any(|p| code.starts_with(p));
            (java && code.len() == 5 && (level == "kabupaten" || level == "kota")).then(|| code.to_string())
        })
        .collect()
}

/// Seeds the database, gives each of `kabs` `START` of every item (dated 2001-01-01) and returns
/// a token of the centre.
fn stock_up(db: &Db, kabs: &[String]) -> String {
    let token = db.token("pusat");
    let mut procurements = String::from("no_referensi,tanggal,barang,jumlah\n");
    let mut shipments =
        String::from("no_referensi,tanggal_kirim,asal,tujuan,barang,jumlah,tanggal_terima,jumlah_diterima\n");
    for item in ITEMS {
        for k in kabs {
            _ = writeln!(procurements, "PGD-{item}-{k},{},{item},{START}", day(0));
            _ = writeln!(shipments, "AWAL-{k}-{item},{d},PUSAT,{k},{item},{START},{d},{START}", d = day(0));
        }
    }
    for (kind, text) in [("procurements", procurements), ("shipments", shipments)] {
        let file = db.file(&format!("awal-{kind}.csv"), &text);
        let out = db.run(&["import", kind, file.to_str().expect("path")]);
        assert!(out.status.success(), "{kind}: {}", String::from_utf8_lossy(&out.stderr));
    }
    token
}

/// A prints file: every office of `kabs`, every item, `days` days from `first`.
fn prints_file(kabs: &[String], first: u64, days: u64) -> String {
    let mut csv = String::from("tanggal,wilayah,barang,dicetak,rusak\n");
    for d in first..first + days {
        let date = day(d);
        for (n, k) in kabs.iter().enumerate() {
            for item in ITEMS {
                _ = writeln!(csv, "{date},{k},{item},{},{}", 1 + (d as usize + n) % 7, (d as usize + n) % 2);
            }
        }
    }
    csv
}

// ---------------------------------------------------------------------------------------------
// kill -9 during uploads and imports

fn kill9(db: &Db) {
    let kabs = java_kabkota();
    let token = stock_up(db, &kabs);
    let (runs, days) = if long() { (20, 120) } else { (3, 20) };
    let mut rng = Rng::seeded();
    // How long one file takes unharmed: a dry run of the same size.
    let probe = db.file("probe.csv", &prints_file(&kabs, 9000, days));
    let started = Instant::now();
    let out = db.run(&["import", "prints", probe.to_str().expect("path"), "--dry-run"]);
    assert!(out.status.success(), "dry run: {}", String::from_utf8_lossy(&out.stderr));
    let span = started.elapsed();
    let (mut present, mut absent) = (0, 0);
    for run in 0..runs {
        let first = 1 + run * days;
        let csv = prints_file(&kabs, first, days);
        let rows = csv.lines().count() as i64 - 1;
        let sha = hex::encode(Sha256::digest(csv.as_bytes()));
        let file = db.file(&format!("cetak-{run}.csv"), &csv);
        let delay = span.mul_f64(rng.range(5, 200) as f64 / 100.0);
        let via_http = rng.next().is_multiple_of(2);
        if via_http {
            let mut server = Server::start(db, &format!("serve-kill-{run}.log"));
            let sender = support::upload_in_background(&server.addr, &token, csv.clone());
            std::thread::sleep(delay);
            server.kill9();
            let _ = sender.join();
        } else {
            let mut child = spawn_import(db, "prints", &file);
            std::thread::sleep(delay);
            let _ = child.kill();
            let _ = child.wait();
        }
        // After the restart (the next command opens the database again): all or nothing.
        db.assert_check(&format!("after kill -9 #{run}"));
        let stored = db.scalar(&format!(
            "SELECT COUNT(*) FROM daily_prints WHERE print_date >= '{}' AND print_date <= '{}'",
            day(first),
            day(first + days - 1)
        ));
        let entries = db.scalar(&format!(
            "SELECT COUNT(*) FROM ledger_entries WHERE entry_date >= '{}' AND entry_date <= '{}'",
            day(first),
            day(first + days - 1)
        ));
        let records = db.rows(&format!("SELECT rows, inserted FROM uploads WHERE sha256 = '{sha}'"));
        if stored == 0 {
            assert!(records.is_empty() && entries == 0, "run {run}: no rows, yet {records:?} and {entries} entries");
            absent += 1;
        } else {
            assert_eq!(stored, rows, "run {run}: a partial upload");
            assert_eq!(records, vec![vec![rows, rows]], "run {run}: the upload record disagrees");
            assert!(entries >= rows, "run {run}: {entries} entries for {rows} prints");
            present += 1;
        }
        eprintln!(
            "{} kill -9 #{run} via {} after {:.0} ms: {}",
            db.label(),
            if via_http { "serve" } else { "import" },
            delay.as_secs_f64() * 1000.0,
            if stored == 0 { "absent" } else { "present" }
        );
    }
    eprintln!(
        "FIGURES {} kill9: {runs} faults, {present} uploads wholly present, {absent} wholly absent, 0 partial, check passed {runs}/{runs}",
        db.label()
    );
}

/// A test of each database: `$test::sqlite` always, `$test::postgres` when `TEST_DATABASE_URL` is
/// set. Runs `$run(&Db)`.
macro_rules! on_both {
    ($($test:ident => $run:expr),* $(,)?) => {
        $(
            mod $test {
                use super::*;

                #[test]
                fn sqlite() {
                    $run(&Db::sqlite());
                }

                #[test]
                fn postgres() {
                    if let Some(db) = Db::postgres() {
                        $run(&db);
                    }
                }
            }
        )*
    };
}

on_both!(
    kill9_during_uploads => kill9,
    concurrent_writers => |db: &Db| concurrency(db, if db.postgres { 2 } else { 1 }),
    graceful_stop_during_an_upload => graceful_stop,
    reads_during_a_large_upload => reads_during_upload,
);

// ---------------------------------------------------------------------------------------------
// concurrent writers and readers

/// What the acknowledged writes did, per holder (region, item), besides stock counts.
#[derive(Default)]
struct Ledger {
    delta: HashMap<(String, String), i64>,
    prints: i64,
    loans: i64,
    counts: i64,
    uploads: i64,
    upload_rows: i64,
    refused: i64,
    failures: Vec<String>,
}

/// Pause of each reader between two reads.
const READ_PAUSE: Duration = Duration::from_millis(25);

fn concurrency(db: &Db, instances: usize) {
    let kabs: Vec<String> = ["32.01", "32.02", "32.03", "32.04"].map(String::from).to_vec();
    let token = stock_up(db, &kabs);
    let servers: Vec<Server> = (0..instances).map(|n| Server::start(db, &format!("serve-{n}.log"))).collect();
    let addrs: Vec<String> = servers.iter().map(|s| s.addr.clone()).collect();
    let seconds = if long() { 60 } else { 8 };
    let writers = 8;
    let seed = Rng::seeded().next();
    // Every record takes a slot of its own: a (date, holder) no other record uses, so keys never
    // collide between writers and dates stay in the past (twelve holders a day).
    let next_slot = Arc::new(AtomicU64::new(0));
    let book = Arc::new(Mutex::new(Ledger::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let reads = Arc::new(Mutex::new((Vec::<f64>::new(), Vec::<String>::new())));
    let started = Instant::now();
    let mut threads = Vec::new();
    for w in 0..writers {
        let (addrs, token, kabs) = (addrs.clone(), token.clone(), kabs.clone());
        let (next_slot, book, stop) = (next_slot.clone(), book.clone(), stop.clone());
        threads.push(std::thread::spawn(move || {
            let mut rng = Rng::from(seed ^ (w as u64 + 1).wrapping_mul(0x9e37_79b9));
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let addr = &addrs[(w + n as usize) % addrs.len()];
                let server = Client(addr);
                let slot = || {
                    let k = next_slot.fetch_add(1, Ordering::SeqCst);
                    let region = kabs[(k / 3) as usize % kabs.len()].clone();
                    (day(1 + k / 12), region, ITEMS[(k % 3) as usize].to_string())
                };
                let op = rng.range(0, 99);
                let mut effects: Vec<((String, String), i64)> = Vec::new();
                let (what, answer) = if op < 40 {
                    let (date, region, item) = slot();
                    let (printed, spoiled) = (rng.range(1, 100) as i64, rng.range(0, 3) as i64);
                    effects.push(((region.clone(), item.clone()), -(printed + spoiled)));
                    let body = json!({"date": date, "region": region, "item": item, "printed": printed, "spoiled": spoiled});
                    ("print", server.post_json("/api/v1/prints", &token, &body))
                } else if op < 65 {
                    let (date, from, item) = slot();
                    let others: Vec<&String> = kabs.iter().filter(|k| **k != from).collect();
                    let to = others[rng.range(0, others.len() as u64 - 1) as usize].clone();
                    let q = rng.range(1, 1000) as i64;
                    effects.push(((from.clone(), item.clone()), -q));
                    effects.push(((to.clone(), item.clone()), q));
                    let body = json!({"reference": format!("PINJAM-{w}-{n}"), "shipped_on": date, "from": from, "to": to,
                        "item": item, "quantity": q, "received_on": date, "received_quantity": q});
                    ("loan", server.post_json("/api/v1/shipments", &token, &body))
                } else if op < 80 {
                    let (date, region, item) = slot();
                    let counted = START + rng.range(0, 20_000) as i64 - 10_000;
                    let body = json!({"date": date, "region": region, "item": item, "counted": counted});
                    ("count", server.post_json("/api/v1/stock-counts", &token, &body))
                } else {
                    let mut csv = String::from("tanggal,wilayah,barang,dicetak\n");
                    for _ in 0..rng.range(2, 20) {
                        let ((date, region, item), printed) = (slot(), rng.range(1, 50) as i64);
                        _ = writeln!(csv, "{date},{region},{item},{printed}");
                        effects.push(((region, item), -printed));
                    }
                    ("upload", server.post_csv("/api/v1/uploads/prints", &token, csv.as_bytes()))
                };
                let mut b = book.lock().expect("book");
                match answer {
                    Ok((status, _)) if (200..300).contains(&status) => {
                        for (holder, change) in &effects {
                            *b.delta.entry(holder.clone()).or_default() += change;
                        }
                        match what {
                            "print" => b.prints += 1,
                            "loan" => b.loans += 1,
                            "count" => b.counts += 1,
                            _ => {
                                b.uploads += 1;
                                b.upload_rows += effects.len() as i64;
                            }
                        }
                    }
                    Ok((status, body)) if (400..500).contains(&status) => {
                        b.refused += 1;
                        if b.refused <= 3 {
                            eprintln!("refused {what}: {status} {body}");
                        }
                    }
                    Ok((status, body)) => b.failures.push(format!("{what}: {status} {body}")),
                    Err(e) => b.failures.push(format!("{what}: {e}")),
                }
            }
        }));
    }
    for r in 0..2 {
        let (addrs, token, stop, reads) = (addrs.clone(), token.clone(), stop.clone(), reads.clone());
        threads.push(std::thread::spawn(move || {
            let mut n = 0usize;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let path = if n.is_multiple_of(2) { "/api/v1/stock?region=32" } else { "/api/v1/stock?region=32.01" };
                let t = Instant::now();
                let answer = Client(&addrs[(r + n) % addrs.len()]).get(path, Some(&token));
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                {
                    let mut rd = reads.lock().expect("reads");
                    match answer {
                        Ok((200, _)) => rd.0.push(ms),
                        Ok((status, body)) => rd.1.push(format!("GET {path}: {status} {body}")),
                        Err(e) => rd.1.push(format!("GET {path}: {e}")),
                    }
                }
                // Office staff looking at their stock, not a load generator: the writers are measured.
                std::thread::sleep(READ_PAUSE);
            }
        }));
    }
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().expect("thread");
    }
    let elapsed = started.elapsed().as_secs_f64();
    drop(servers);
    let b = book.lock().expect("book");
    let (latencies, read_failures) = std::mem::take(&mut *reads.lock().expect("reads"));
    assert!(b.failures.is_empty(), "{} writes failed: {:?}", b.failures.len(), &b.failures[..b.failures.len().min(5)]);
    assert!(
        read_failures.is_empty(),
        "{} reads failed: {:?}",
        read_failures.len(),
        &read_failures[..read_failures.len().min(5)]
    );
    db.assert_check("after the concurrent run");

    // Exactly the acknowledged records are stored.
    let stored_prints = db.scalar("SELECT COUNT(*) FROM daily_prints");
    assert_eq!(stored_prints, b.prints + b.upload_rows, "prints stored vs acknowledged");
    assert_eq!(db.scalar("SELECT COUNT(*) FROM shipments WHERE reference LIKE 'PINJAM-%'"), b.loans, "loans");
    assert_eq!(db.scalar("SELECT COUNT(*) FROM stock_counts"), b.counts, "stock counts");
    assert_eq!(db.scalar("SELECT COUNT(*) FROM uploads") - 2, b.uploads, "uploads (besides the two that set up)");

    // Final book = starting book + the acknowledged writes (+ what each acknowledged count adjusted).
    let mut differences = 0;
    for (k, kab) in kabs.iter().enumerate() {
        for (i, item) in ITEMS.iter().enumerate() {
            let holder = format!("region_code = '{kab}' AND item_code = '{item}'");
            let total = db.scalar(&format!(
                "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM ledger_entries WHERE {holder}"
            ));
            let adjusted = db.scalar(&format!(
                "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM ledger_entries WHERE {holder} AND kind = 'adjustment'"
            ));
            let expected = START + b.delta.get(&(kab.clone(), (*item).to_string())).copied().unwrap_or(0) + adjusted;
            if total != expected {
                differences += 1;
                eprintln!("{kab} {item}: book {total}, expected {expected} (holder {k}/{i})");
            }
        }
    }
    assert_eq!(differences, 0, "books differ from the acknowledged writes");

    // Every count adjusted the book it found: the entries before its adjustment (in booking order,
    // which is commit order under the holder's lock) up to its date sum to the book it stored.
    let stale = db.rows(
        "SELECT c.id, c.book, CAST((SELECT COALESCE(SUM(e.quantity), 0) FROM ledger_entries e \
           WHERE e.region_code = c.region_code AND e.item_code = c.item_code AND e.entry_date <= c.count_date \
           AND e.id < a.id) AS BIGINT) AS before \
         FROM stock_counts c JOIN ledger_entries a ON a.kind = 'adjustment' AND a.region_code = c.region_code \
           AND a.item_code = c.item_code AND a.entry_date = c.count_date",
    );
    let stale: Vec<_> = stale.into_iter().filter(|r| r[1] != r[2]).collect();
    assert!(stale.is_empty(), "stock counts that adjusted a stale book (id, book, book then): {stale:?}");

    let acknowledged = b.prints + b.loans + b.counts + b.uploads;
    let (p50, p99) = percentiles(latencies.clone());
    eprintln!(
        "FIGURES {} concurrency: {instances} instance(s), {writers} writers, {elapsed:.1} s: {acknowledged} writes answered 2xx \
         ({:.0}/s; {} prints, {} loans, {} counts, {} uploads of {} rows), {} refused 4xx, 0 5xx, 0 differences; \
         {} reads, GET /stock p50 {p50:.1} ms, p99 {p99:.1} ms",
        db.label(),
        acknowledged as f64 / elapsed,
        b.prints,
        b.loans,
        b.counts,
        b.uploads,
        b.upload_rows,
        b.refused,
        latencies.len()
    );
}

// ---------------------------------------------------------------------------------------------
// graceful stop, with a second upload waiting its turn

fn graceful_stop(db: &Db) {
    let kabs = java_kabkota();
    let token = stock_up(db, &kabs);
    // Long enough that the second import starts while it runs (an upload of 150 days ended
    // within the half second before it once the closings were stored on insert).
    let days = if long() { 900 } else { 450 };
    let big = prints_file(&kabs, 1, days);
    let rows = big.lines().count() as i64 - 1;
    let small = db.file("kecil.csv", &prints_file(&kabs[..1], 5000, 3));
    let server = Server::start(db, "serve-stop.log");
    let upload = support::upload_in_background(&server.addr, &token, big);
    // The big upload is running once the writer is busy: a token check still answers at once.
    std::thread::sleep(Duration::from_millis(300));
    let t0 = Instant::now();
    let (status, _) = server.get("/api/v1/stock?region=32.01", Some(&token)).expect("read during the upload");
    assert_eq!(status, 200);
    let read_ms = t0.elapsed().as_millis();
    // A second upload from the command line waits its turn and says so. On PostgreSQL the upload
    // first reads its file to find its locks: start the import once they are held.
    let deadline = Instant::now() + Duration::from_mins(1);
    while db.postgres
        && db.scalar(
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 \
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        ) == 0
    {
        assert!(Instant::now() < deadline, "the upload never took its locks");
        std::thread::sleep(Duration::from_millis(20));
    }
    let waiting = spawn_import(db, "prints", &small);
    std::thread::sleep(Duration::from_millis(200));
    server.terminate();
    std::thread::sleep(Duration::from_millis(100));
    let (status, body) = server.get("/healthz", None).expect("answered while draining");
    assert_eq!(status, 503, "{body}");
    let body: serde_json::Value = serde_json::from_str(&body).expect("error body");
    assert_eq!(body["error"]["code"], "unavailable");
    assert!(body["error"]["message"].as_str().unwrap_or_default().contains("berhenti"), "{body}");
    let (status, report) = upload.join().expect("upload thread").expect("upload answered");
    assert_eq!(status, 200, "the running upload finishes: {report}");
    let mut server = server;
    let exit = server.child.wait().expect("server exits");
    assert!(exit.success(), "graceful stop exits 0: {exit}");
    let out = waiting.wait_with_output().expect("second import");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the waiting import succeeds: {said}");
    assert!(said.contains("menunggu giliran"), "the waiting import says it waits: {said}");
    db.assert_check("after the graceful stop");
    assert_eq!(db.scalar("SELECT COUNT(*) FROM daily_prints"), rows + 3 * 3);
    eprintln!(
        "FIGURES {} graceful stop: upload of {rows} rows finished during the drain; GET /stock during it {read_ms} ms",
        db.label()
    );
}

// ---------------------------------------------------------------------------------------------
// readers while a large upload writes

/// `GET /stock` keeps answering while a large upload runs: no read waits for the writer. The long
/// run uploads 500,000 rows (BENCHMARKS.md); the short one about 50,000.
fn reads_during_upload(db: &Db) {
    let kabs = java_kabkota();
    let token = stock_up(db, &kabs);
    let days = if long() { 1401 } else { 140 };
    let big = prints_file(&kabs, 1, days);
    let rows = big.lines().count() - 1;
    let server = Server::start(db, "serve-reads.log");
    let started = Instant::now();
    let upload = support::upload_in_background(&server.addr, &token, big);
    let mut latencies = Vec::new();
    let mut n = 0usize;
    while !upload.is_finished() {
        n += 1;
        let path = if n.is_multiple_of(2) { "/api/v1/stock?region=32" } else { "/api/v1/stock?region=32.01" };
        let t = Instant::now();
        let (status, body) = server.get(path, Some(&token)).expect("read during the upload");
        assert_eq!(status, 200, "{body}");
        latencies.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let took = started.elapsed().as_secs_f64();
    let (status, report) = upload.join().expect("upload thread").expect("upload answered");
    assert_eq!(status, 200, "{report}");
    let slowest = latencies.iter().copied().fold(0.0, f64::max);
    // A read that waited for the writer would wait for most of the upload.
    assert!(slowest < took * 1000.0 / 2.0, "a read took {slowest:.0} ms of an upload of {took:.1} s");
    assert!(latencies.len() >= 10, "only {} reads answered during an upload of {took:.1} s", latencies.len());
    let (p50, p99) = percentiles(latencies.clone());
    eprintln!(
        "FIGURES {} reads during upload: {rows} rows in {took:.1} s; {} GET /stock answered meanwhile, p50 {p50:.1} ms, \
         p99 {p99:.1} ms, max {slowest:.1} ms",
        db.label(),
        latencies.len()
    );
}

// ---------------------------------------------------------------------------------------------
// backup while writing, restore, check

#[test]
fn backup_during_writes_restores_a_consistent_book() {
    let db = Db::sqlite();
    let kabs = vec!["32.01".to_string()];
    let token = stock_up(&db, &kabs);
    let server = Server::start(&db, "serve-backup.log");
    let stop = Arc::new(AtomicBool::new(false));
    // One writer, one print after another: what is stored is always a prefix of the sequence.
    let log: Arc<Mutex<Vec<(u64, Instant, Instant)>>> = Arc::default();
    let writer = {
        let (addr, token, stop, log) = (server.addr.clone(), token.clone(), stop.clone(), log.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let sent = Instant::now();
                let body = json!({"date": day(n), "region": "32.01", "printed": n});
                let (status, body) = Client(&addr).post_json("/api/v1/prints", &token, &body).expect("print");
                assert_eq!(status, 201, "{body}");
                log.lock().expect("log").push((n, sent, Instant::now()));
            }
        })
    };
    std::thread::sleep(Duration::from_millis(500));
    let copy = db.path("cadangan.db");
    let before = Instant::now();
    let out = db.run(&["backup", copy.to_str().expect("path")]);
    let after = Instant::now();
    assert!(out.status.success(), "backup: {}", String::from_utf8_lossy(&out.stderr));
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    writer.join().expect("writer");
    drop(server);
    let log = log.lock().expect("log").clone();
    // Restore: the copy, as another database file.
    let restored = Db::sqlite();
    std::fs::copy(&copy, restored.path("blanko.db")).expect("restore the copy");
    restored.assert_check("on the restored backup");
    let days: Vec<i64> =
        restored.rows("SELECT printed FROM daily_prints ORDER BY printed").into_iter().map(|r| r[0]).collect();
    let kept = days.len() as u64;
    assert_eq!(days, (1..=kept as i64).collect::<Vec<_>>(), "the copy holds a prefix of the writes");
    let acked_before = log.iter().filter(|(_, _, done)| *done < before).count() as u64;
    let sent_by_end = log.iter().filter(|(_, sent, _)| *sent < after).count() as u64 + 1;
    assert!(kept >= acked_before, "a write answered before the backup began is missing ({kept} < {acked_before})");
    assert!(kept <= sent_by_end, "the copy holds writes sent after it ended ({kept} > {sent_by_end})");
    let printed_total: i64 = (1..=kept as i64).sum();
    let on_hand = restored.scalar(
        "SELECT CAST(SUM(quantity) AS BIGINT) FROM ledger_entries WHERE region_code = '32.01' AND item_code = 'blanko'",
    );
    assert_eq!(on_hand, START - printed_total, "the restored stock is the stock as of the backup");
    assert!(log.len() as u64 > kept, "writes went on after the backup");
    eprintln!("FIGURES backup: {kept} of {} prints in the copy, restored book checked", log.len());
}
