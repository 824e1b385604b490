//! Every accepted variant of SPEC §5 gives the same rows.

use std::fmt::Write;

use chrono::NaiveDate;

use super::super::{Field, Hours, Importer, Kind, Receipt, Row, template};
use super::fixture::{World, codes, run};
use crate::domain::item::Item;
use crate::domain::quantity::Quantity;
use crate::domain::region::RegionCode;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn q(n: i64) -> Quantity {
    Quantity::new(n).unwrap()
}

fn print(text: &str) -> Vec<(u64, NaiveDate, String, Item, i64, i64)> {
    let (rows, summary) = run(Kind::Prints, text);
    assert!(summary.is_ok(), "{text}: {:?}", codes(&summary));
    rows.into_iter()
        .map(|r| match r {
            Row::Print(p) => (p.line, p.date, p.region.to_string(), p.item, p.printed.get(), p.spoiled.get()),
            other => panic!("{other:?}"),
        })
        .collect()
}

fn expected_prints() -> Vec<(u64, NaiveDate, String, Item, i64, i64)> {
    vec![
        (2, day(2022, 1, 3), "32.16".into(), Item::Blanko, 12_500, 3),
        (3, day(2022, 1, 4), "32.16.01".into(), Item::Ribbon, 2, 0),
    ]
}

#[test]
fn delimiters_bom_crlf() {
    let variants = [
        "tanggal,wilayah,barang,dicetak,rusak\n2022-01-03,32.16,,\"12,500\",3\n2022-01-04,32.16.01,ribbon,2,\n",
        "tanggal;wilayah;barang;dicetak;rusak\n2022-01-03;32.16;;12,500;3\n2022-01-04;32.16.01;ribbon;2;\n",
        "tanggal\twilayah\tbarang\tdicetak\trusak\n2022-01-03\t32.16\t\t12 500\t3\n2022-01-04\t32.16.01\tribbon\t2\t\n",
        "\u{feff}tanggal;wilayah;barang;dicetak;rusak\r\n03/01/2022;3216;;12.500;3\r\n04-01-2022;321601;RIBBON;2;\r\n",
        "\u{feff}tanggal,wilayah,barang,dicetak,rusak\r\n2022-01-03,32.16,blanko,12500,3\r\n2022-01-04,32.16.01,Ribbon,2,0\r\n",
    ];
    for text in variants {
        assert_eq!(print(text), expected_prints(), "{text:?}");
    }
}

#[test]
fn headers_in_any_language_case_and_spacing() {
    let variants = [
        " Tanggal , WILAYAH ,Barang, Dicetak ,rusak\n",
        "date,region,item,printed,spoiled\n",
        "DATE;Region;ITEM;Printed;Spoiled\n",
        "Dicetak,Rusak,Wilayah,Tanggal,Barang,Nama Kecamatan\n",
    ];
    for head in variants {
        let sep = if head.contains(';') { ";" } else { "," };
        let names: Vec<String> = head.trim().split(sep).map(|h| h.trim().to_lowercase()).collect();
        let cell = |name: &str, first: bool| -> String {
            match (name, first) {
                ("tanggal" | "date", true) => "2022-01-03".into(),
                ("tanggal" | "date", false) => "2022-01-04".into(),
                ("wilayah" | "region", true) => "32.16".into(),
                ("wilayah" | "region", false) => "32.16.01".into(),
                ("barang" | "item", false) => "ribbon".into(),
                ("dicetak" | "printed", true) => "12500".into(),
                ("dicetak" | "printed", false) => "2".into(),
                ("rusak" | "spoiled", true) => "3".into(),
                ("nama kecamatan", _) => "Tambun Selatan".into(),
                _ => String::new(),
            }
        };
        let line = |first| names.iter().map(|n| cell(n, first)).collect::<Vec<_>>().join(sep);
        let text = format!("{head}{}\n{}\n", line(true), line(false));
        assert_eq!(print(&text), expected_prints(), "{text}");
    }
    let (_, summary) = run(Kind::Prints, "Dicetak,Tanggal,Wilayah,Nama Kecamatan\n");
    assert_eq!(summary.ignored_columns, vec!["Nama Kecamatan".to_string()]);
    assert!(summary.warnings()[0].contains("'Nama Kecamatan'"));
    let (_, summary) = run(Kind::Shipments, "No. Referensi;Tanggal Kirim;Asal;Tujuan;Jumlah\n");
    assert!(summary.is_ok(), "{:?}", codes(&summary));
    assert_eq!(summary.delimiter, b';');
    assert_eq!(summary.columns.name(Field::Reference), "No. Referensi");
}

#[test]
fn blank_rows_and_trailing_cells_are_skipped() {
    let text = "tanggal;wilayah;barang;dicetak;rusak;;\n2022-01-03;32.16;;12.500;3;;\n;;;;;;\n\n2022-01-04;32.16.01;ribbon;2;;;\n;;;;\n";
    let mut expected = expected_prints();
    expected[1].0 = 5;
    assert_eq!(print(text), expected);
}

#[test]
fn quoted_line_breaks_keep_physical_line_numbers() {
    let text = "tanggal,wilayah,jumlah_fisik,keterangan\n\
                2022-01-03,32.16,10,\"dua\nbaris\"\n\
                2022-01-03,32.16.01,x,\n";
    let (rows, summary) = run(Kind::StockCounts, text);
    assert_eq!(rows.len(), 1);
    let Row::StockCount(count) = &rows[0] else { panic!() };
    assert_eq!(count.note.as_deref(), Some("dua\nbaris"));
    assert_eq!(summary.errors.errors[0].line, 4);
}

#[test]
fn every_kind_parses_a_row() {
    let ship = "no_referensi,tanggal_kirim,asal,tujuan,barang,jumlah,tanggal_terima,jumlah_diterima,jumlah_rusak,keterangan\n\
                SJ-1,03/10/2022,PUSAT,32.16,,\"10.000\",07/10/2022,9.990,12,tahap 4\n\
                SJ-2,2022-10-04,32.16,32.16.01,film,5,,,,\n\
                SJ-1,2022-10-05,32.16,32.17,,100,,,,pinjam\n";
    let (rows, summary) = run(Kind::Shipments, ship);
    assert!(summary.is_ok(), "{:?}", codes(&summary));
    let Row::Shipment(first) = &rows[0] else { panic!() };
    assert_eq!(first.from, RegionCode::pusat());
    assert_eq!(first.receipt, Some(Receipt { received_on: day(2022, 10, 7), received: q(9_990), damaged: q(12) }));
    assert_eq!(first.note.as_deref(), Some("tahap 4"));
    let Row::Shipment(second) = &rows[1] else { panic!() };
    assert_eq!((second.item, second.receipt.clone(), second.note.clone()), (Item::Film, None, None));
    assert_eq!(rows.len(), 3);

    let cases: [(Kind, &str); 5] = [
        (Kind::Allocations, "No_Referensi,Tanggal,Tujuan,Jumlah\nALK-1,2022-01-03,32,1.000.000\n"),
        (Kind::Procurements, "reference,date,item,quantity,note\nPO-1,2022-01-03,ribbon,500,kontrak\n"),
        (Kind::Backlog, "tanggal;wilayah;prr;perekaman;suket\n03/01/2022;32.16.01;1.234;;7\n"),
        (Kind::StockCounts, "tanggal,wilayah,jumlah_fisik\n2022-01-03,PUSAT,0\n"),
        (Kind::Outages, "tanggal;wilayah;jam;sebab\n03/01/2022;32.16;2,5;server pusat\n"),
    ];
    for (kind, text) in cases {
        let (rows, summary) = run(kind, text);
        assert!(summary.is_ok() && rows.len() == 1, "{kind}: {:?}", codes(&summary));
        match &rows[0] {
            Row::Backlog(b) => {
                assert_eq!((b.prr, b.recorded, b.suket), (q(1234), None, Some(q(7))));
            }
            Row::Outage(o) => {
                assert_eq!((o.hours, o.cause.as_str()), (Hours::from_hundredths(250).unwrap(), "server pusat"));
            }
            Row::Allocation(a) => assert_eq!((a.quantity, a.item), (q(1_000_000), Item::Blanko)),
            _ => {}
        }
    }
}

#[test]
fn hours_with_comma_or_point() {
    for text in [
        "tanggal,wilayah,jam,sebab\n2022-01-03,32.16,\"2,5\",listrik\n",
        "tanggal,wilayah,jam,sebab\n2022-01-03,32.16,2.5,listrik\n",
        "tanggal\twilayah\tjam\tsebab\n2022-01-03\t32.16\t2,50\tlistrik\n",
    ] {
        let (rows, summary) = run(Kind::Outages, text);
        assert!(summary.is_ok(), "{:?}", codes(&summary));
        let Row::Outage(o) = &rows[0] else { panic!() };
        assert_eq!(o.hours.hundredths(), 250);
    }
}

#[test]
fn templates_round_trip() {
    for kind in Kind::ALL {
        let (rows, summary) = run(kind, &template(kind));
        assert!(rows.is_empty());
        assert!(summary.is_ok() && summary.ignored_columns.is_empty(), "{kind}: {:?}", codes(&summary));
        assert_eq!(summary.data_rows, 0);
    }
}

#[test]
fn batches() {
    let mut text = String::from("tanggal,wilayah,dicetak\n");
    for d in 1..=28 {
        let _ = writeln!(text, "2022-02-{d:02},32.16,{d}");
    }
    let world = World::new();
    let mut importer = Importer::new(Kind::Prints, text.as_bytes(), &world).unwrap();
    let sizes: Vec<usize> = std::iter::from_fn(|| Some(importer.next_batch(10).len()).filter(|&n| n > 0)).collect();
    assert_eq!(sizes, vec![10, 10, 8]);
    let summary = importer.finish().unwrap();
    assert_eq!((summary.data_rows, summary.valid_rows), (28, 28));
}

#[test]
fn error_cap_is_configurable() {
    let text = "tanggal,wilayah,dicetak\nx,32.16,1\nx,32.16,1\nx,32.16,1\n";
    let world = World::new();
    let summary = Importer::new(Kind::Prints, text.as_bytes(), &world).unwrap().with_error_cap(2).finish().unwrap();
    assert_eq!((summary.errors.errors.len(), summary.errors.omitted), (2, 1));
}

#[test]
fn utf16_is_explained() {
    let bytes = [0xFF, 0xFE, b't', 0, b'a', 0];
    let (_, summary) = super::fixture::run_in(&World::new(), Kind::Prints, &bytes);
    assert_eq!(summary.errors.errors.len(), 1);
    assert!(summary.errors.errors[0].message.contains("CSV UTF-8"));
}

#[test]
fn excel_sep_line_names_the_delimiter() {
    let text = "sep=;\r\ntanggal;wilayah;dicetak\r\n2022-01-03;32.16;12,500\r\n2022-01-03;32.16.01;x\r\n";
    let (rows, summary) = run(Kind::Prints, text);
    assert_eq!(summary.delimiter, b';');
    let Row::Print(p) = &rows[0] else { panic!() };
    assert_eq!((p.line, p.printed.get()), (3, 12_500));
    assert_eq!(codes(&summary)[0].0, 4);
}
