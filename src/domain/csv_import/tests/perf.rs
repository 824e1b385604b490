//! Speed: a million prints rows, generated in memory. Run with
//! `cargo test --release -- --ignored --nocapture million`.

use std::fmt::Write;
use std::time::Instant;

use super::super::{Importer, Kind, Summary};
use super::fixture::World;
use crate::domain::region::RegionCode;

/// CPU time of this thread in ns (Linux; 0 elsewhere), so a busy machine does not distort the number.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// A `;` file with BOM and CRLF, DD/MM/YYYY dates, `12.500` numbers, codes with and
/// without dots: 27 kabupaten/kota with 20 kecamatan each, three items, day after day.
fn million_rows(world: &mut World) -> String {
    let mut regions = Vec::new();
    for kab in 1..=27 {
        regions.push(format!("32.{kab:02}"));
        for kec in 1..=20 {
            regions.push(if kec % 2 == 0 { format!("32{kab:02}{kec:02}") } else { format!("32.{kab:02}.{kec:02}") });
        }
    }
    world.regions.extend(regions.iter().map(|r| RegionCode::parse(r).unwrap()));
    let mut text = String::from("\u{feff}tanggal;wilayah;barang;dicetak;rusak\r\n");
    let mut n = 0u64;
    let mut date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    while n < 1_000_000 {
        let day = date.format("%d/%m/%Y").to_string();
        for region in &regions {
            for item in ["", "Ribbon", "film"] {
                if n < 1_000_000 {
                    let _ = write!(text, "{day};{region};{item};{}.{:03};{}\r\n", n % 90 + 1, n % 1000, n % 7);
                    n += 1;
                }
            }
        }
        date = date.succ_opt().unwrap();
    }
    text
}

#[test]
#[ignore = "timing; run in release"]
fn million_prints_rows() {
    let mut world = World::new();
    let text = million_rows(&mut world);

    // Baseline: the csv crate alone, splitting records and nothing else.
    let (wall, cpu) = (Instant::now(), cpu_ns());
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    let mut cells = 0;
    while reader.read_byte_record(&mut record).unwrap() {
        cells += record.len();
    }
    assert_eq!(cells, 5_000_000);
    println!("csv crate alone: {:?} (CPU {} ms)", wall.elapsed(), (cpu_ns() - cpu) / 1_000_000);

    let (wall, cpu) = (Instant::now(), cpu_ns());
    let (rows, summary) = import_all(&text, &world);
    let (elapsed, cpu_ms) = (wall.elapsed(), (cpu_ns() - cpu) / 1_000_000);
    assert!(summary.is_ok(), "{:?}", summary.errors.errors.first());
    assert_eq!(rows, 1_000_000);
    println!(
        "parsed and validated {rows} prints rows ({} MB) in {elapsed:?} (CPU {cpu_ms} ms)",
        text.len() / 1_000_000
    );
}

/// The measured part, apart so a profiler can single it out.
#[inline(never)]
fn import_all(text: &str, world: &World) -> (usize, Summary) {
    let mut importer = Importer::new(Kind::Prints, text.as_bytes(), world).unwrap();
    let mut rows = 0usize;
    loop {
        let batch = importer.next_batch(5_000);
        if batch.is_empty() {
            break;
        }
        rows += batch.len();
    }
    (rows, importer.finish().unwrap())
}
