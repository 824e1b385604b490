//! One file per error code the importer decides; constructors for the store's codes.

use chrono::NaiveDate;

use super::super::{Difference, ErrorCode as E, ErrorList, Kind, RowError, Shortfall};
use super::fixture::{World, codes, only_error, run, run_in};
use crate::domain::item::Item;
use crate::domain::region::RegionCode;

const PRINTS: &str = "tanggal,wilayah,barang,dicetak,rusak\n";

#[test]
fn missing_column() {
    let message =
        only_error(Kind::Prints, "tanggal,wilayah,barang\n2022-01-03,32.16,,5\n", 1, "dicetak", E::MissingColumn);
    assert!(message.contains("tanggal,wilayah,barang,dicetak,rusak"), "{message}");
    // An empty file lacks every required column.
    let (_, summary) = run(Kind::Outages, "");
    assert_eq!(summary.errors.errors.len(), 4);
    assert!(summary.errors.errors.iter().all(|e| e.code == E::MissingColumn && e.line == 1));
}

#[test]
fn missing_column_for_cells_past_the_header() {
    // Comma file, unquoted 12,500: the row has a sixth cell.
    let text = format!("{PRINTS}2022-01-03,32.16,blanko,12,500,3\n");
    only_error(Kind::Prints, &text, 2, "(kolom ke-6)", E::MissingColumn);
}

#[test]
fn missing_value() {
    let message = only_error(Kind::Prints, &format!("{PRINTS}2022-01-03,,,5,\n"), 2, "wilayah", E::MissingValue);
    assert!(message.contains("32.16"), "{message}");
    only_error(Kind::Outages, "tanggal,wilayah,jam,sebab\n2022-01-03,32.16,8,\n", 2, "sebab", E::MissingValue);
}

#[test]
fn missing_value_for_half_a_receipt() {
    let text = "no_referensi,tanggal_kirim,asal,tujuan,jumlah,tanggal_terima,jumlah_diterima\n\
                SJ-1,2022-01-03,32,32.16,100,2022-01-05,\n";
    only_error(Kind::Shipments, text, 2, "jumlah_diterima", E::MissingValue);
    // The receipt date column is absent altogether: named by its Indonesian name.
    let text = "no_referensi,tanggal_kirim,asal,tujuan,jumlah,jumlah_diterima\nSJ-1,2022-01-03,32,32.16,100,90\n";
    only_error(Kind::Shipments, text, 2, "tanggal_terima", E::MissingValue);
}

#[test]
fn bad_date() {
    let message = only_error(Kind::Prints, &format!("{PRINTS}31/02/2022,32.16,,5,\n"), 2, "tanggal", E::BadDate);
    assert_eq!(
        message,
        "Tanggal '31/02/2022' tidak valid. Tulis tanggal sebagai YYYY-MM-DD, DD/MM/YYYY atau DD-MM-YYYY, \
         misalnya 31/01/2022."
    );
    let text = "no_referensi,tanggal_kirim,asal,tujuan,jumlah,tanggal_terima,jumlah_diterima\n\
                SJ-1,05/01/2022,32,32.16,100,04/01/2022,100\n";
    only_error(Kind::Shipments, text, 2, "tanggal_terima", E::BadDate);
}

#[test]
fn hints_for_spreadsheet_mangling() {
    let message = only_error(Kind::Prints, &format!("{PRINTS}01/13/2022,32.16,,5,\n"), 2, "tanggal", E::BadDate);
    assert!(message.contains("MM/DD/YYYY"), "{message}");
    let message = only_error(Kind::Prints, &format!("{PRINTS}2022-01-03,32.1,,5,\n"), 2, "wilayah", E::UnknownRegion);
    assert!(message.contains("32.10"), "{message}");
}

#[test]
fn bad_number() {
    for value in ["1.5", "12.50", "\"1,2,3\"", "\"1.234,5\"", "lima"] {
        only_error(Kind::Prints, &format!("{PRINTS}2022-01-03,32.16,,{value},\n"), 2, "dicetak", E::BadNumber);
    }
    let outage = "tanggal,wilayah,jam,sebab\n";
    only_error(Kind::Outages, &format!("{outage}2022-01-03,32.16,25,server\n"), 2, "jam", E::BadNumber);
    only_error(Kind::Outages, &format!("{outage}2022-01-03,32.16,1.000,server\n"), 2, "jam", E::BadNumber);
}

#[test]
fn negative_quantity() {
    only_error(Kind::Prints, &format!("{PRINTS}2022-01-03,32.16,,-5,\n"), 2, "dicetak", E::NegativeQuantity);
    only_error(Kind::Outages, "tanggal,wilayah,jam,sebab\n2022-01-03,32.16,-2,x\n", 2, "jam", E::NegativeQuantity);
}

#[test]
fn unknown_region() {
    only_error(Kind::Prints, &format!("{PRINTS}2022-01-03,32.99,,5,\n"), 2, "wilayah", E::UnknownRegion);
    only_error(Kind::Prints, &format!("{PRINTS}2022-01-03,Bekasi,,5,\n"), 2, "wilayah", E::UnknownRegion);
}

#[test]
fn wrong_level() {
    let message = only_error(Kind::Backlog, "tanggal,wilayah,prr\n2022-01-03,32.16,40\n", 2, "wilayah", E::WrongLevel);
    assert!(message.contains("kecamatan"), "{message}");
    only_error(Kind::Prints, &format!("{PRINTS}2022-01-03,32,,5,\n"), 2, "wilayah", E::WrongLevel);
    let ship = "no_referensi,tanggal_kirim,asal,tujuan,jumlah\n";
    only_error(Kind::Shipments, &format!("{ship}SJ-1,2022-01-03,32.16,PUSAT,5\n"), 2, "tujuan", E::WrongLevel);
    only_error(Kind::Shipments, &format!("{ship}SJ-1,2022-01-03,32.17,32.16.01,5\n"), 2, "tujuan", E::WrongLevel);
    only_error(Kind::Shipments, &format!("{ship}SJ-1,2022-01-03,32.16,32.16,5\n"), 2, "tujuan", E::WrongLevel);
    only_error(
        Kind::Allocations,
        "no_referensi,tanggal,tujuan,jumlah\nA-1,2022-01-03,32.16.01,5\n",
        2,
        "tujuan",
        E::WrongLevel,
    );
}

#[test]
fn unknown_item() {
    only_error(Kind::Prints, &format!("{PRINTS}2022-01-03,32.16,tinta,5,\n"), 2, "barang", E::UnknownItem);
}

#[test]
fn duplicate_in_file() {
    let text = format!("{PRINTS}2022-01-03,32.16,,5,\n2022-01-04,32.16,,5,\n03/01/2022,3216,blanko,7,\n");
    let message = only_error(Kind::Prints, &text, 4, "wilayah", E::DuplicateInFile);
    assert!(message.contains("baris 2"), "{message}");
    let ship = "no_referensi,tanggal_kirim,asal,tujuan,jumlah\n";
    let text =
        format!("{ship}SJ-1,2022-01-03,32,32.16,5\nSJ-1,2022-01-03,32.17,32.17.01,5\nSJ-1,2022-01-04,32,32.17,5\n");
    only_error(Kind::Shipments, &text, 4, "no_referensi", E::DuplicateInFile);
    only_error(Kind::Prints, "tanggal,date,wilayah,dicetak\n", 1, "date", E::DuplicateInFile);
}

#[test]
fn received_exceeds_shipped() {
    let head = "no_referensi,tanggal_kirim,asal,tujuan,jumlah,tanggal_terima,jumlah_diterima,jumlah_rusak\n";
    only_error(
        Kind::Shipments,
        &format!("{head}SJ-1,2022-01-03,32,32.16,100,2022-01-05,101,\n"),
        2,
        "jumlah_diterima",
        E::ReceivedExceedsShipped,
    );
    only_error(
        Kind::Shipments,
        &format!("{head}SJ-1,2022-01-03,32,32.16,100,2022-01-05,90,91\n"),
        2,
        "jumlah_rusak",
        E::ReceivedExceedsShipped,
    );
}

#[test]
fn out_of_scope() {
    let world = World::scoped("32.16");
    let text = format!("{PRINTS}2022-01-03,32.16.01,,5,\n2022-01-03,32.17,,5,\n");
    let (rows, summary) = run_in(&world, Kind::Prints, text.as_bytes());
    assert_eq!(rows.len(), 1);
    assert_eq!(codes(&summary), vec![(3, "wilayah".to_string(), E::OutOfScope)]);
}

#[test]
fn future_date() {
    let message = only_error(Kind::Prints, &format!("{PRINTS}01/12/2022,32.16,,5,\n"), 2, "tanggal", E::FutureDate);
    assert!(message.contains("30/11/2022"), "{message}");
}

#[test]
fn reports_every_bad_row_and_cell() {
    let text = format!("{PRINTS}2022-01-03,32.16,,5,\n31/02/2022,32.99,,1.5,\nx,32.16,,5,\n");
    let (rows, summary) = run(Kind::Prints, &text);
    assert_eq!(rows.len(), 1);
    let expected = [
        (3, "tanggal", E::BadDate),
        (3, "wilayah", E::UnknownRegion),
        (3, "dicetak", E::BadNumber),
        (4, "tanggal", E::BadDate),
    ];
    assert_eq!(codes(&summary), expected.map(|(l, c, e)| (l, c.to_string(), e)).to_vec());
    assert_eq!((summary.data_rows, summary.valid_rows), (3, 1));
}

#[test]
fn caps_the_list_and_counts_the_rest() {
    let mut text = String::from(PRINTS);
    for _ in 0..1500 {
        text.push_str("2022-01-03,32.16,,x,\n");
    }
    let (_, summary) = run(Kind::Prints, &text);
    assert_eq!(summary.errors.errors.len(), ErrorList::DEFAULT_CAP);
    assert_eq!(summary.errors.omitted, 500);
    let csv = summary.errors.to_csv();
    assert!(
        csv.ends_with(",,,,500 kesalahan lain tidak ditampilkan; perbaiki yang di atas lalu unggah lagi.\r\n"),
        "{csv}"
    );
}

#[test]
fn store_codes_have_messages() {
    let conflict = RowError::conflict(
        7,
        "no_referensi",
        "SJ-1",
        "Pengiriman no. referensi 'SJ-1' dari 32",
        &[Difference { column: "jumlah".into(), stored: "500".into(), sent: "400".into() }],
    );
    assert_eq!(conflict.code, E::Conflict);
    assert!(conflict.message.contains("jumlah: tersimpan '500', di berkas '400'"), "{}", conflict.message);
    let shortfall = Shortfall {
        region: RegionCode::parse("32.16").unwrap(),
        item: Item::Blanko,
        date: NaiveDate::from_ymd_opt(2022, 10, 3).unwrap(),
        on_hand: 1200,
        taken: 12_500,
    };
    let negative = RowError::would_go_negative(9, "dicetak", "12.500", &shortfall);
    assert_eq!(negative.code, E::WouldGoNegative);
    assert!(
        negative.message.contains("tinggal 1.200") && negative.message.contains("menjadi -11.300"),
        "{}",
        negative.message
    );
}

#[test]
fn error_csv_exact() {
    let text = format!("{PRINTS}2022-01-03,32.16,tinta,\"=1+1\",\n");
    let (_, summary) = run(Kind::Prints, &text);
    let expected = "\u{feff}baris,kolom,nilai,kode,pesan\r\n\
        2,barang,tinta,unknown_item,\"Barang 'tinta' tidak dikenal. Tulis blanko, ribbon atau film, atau \
        kosongkan sel untuk blanko.\"\r\n\
        2,dicetak,'=1+1,bad_number,\"'=1+1' bukan bilangan bulat yang sah. Tulis jumlah utuh tanpa desimal; \
        pemisah ribuan boleh titik, koma atau spasi dengan kelompok tiga angka, misalnya 12500, 12.500 atau \
        12 500.\"\r\n";
    assert_eq!(summary.errors.to_csv(), expected);
}
