//! Exact CSV output: what a spreadsheet or a script will read.

use super::*;
use crate::domain::item::Item;
use crate::domain::ledger::EntryKind;
use crate::report::risk::Risk;
use crate::report::rows::{BacklogRow, ForecastRow, LedgerCard, LedgerRow, ShipmentRow, StockRow};
use crate::report::sample::d;

fn render(f: impl FnOnce(&mut Vec<u8>) -> Result<(), ReportError>) -> String {
    let mut out = Vec::new();
    f(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    text.strip_prefix('\u{feff}').expect("file starts with a UTF-8 BOM").to_string()
}

fn stock_rows() -> Vec<StockRow> {
    vec![
        StockRow {
            region_code: "32.16".into(),
            region_name: "Kabupaten Bekasi".into(),
            item: Item::Blanko,
            on_hand: 12_500,
            in_transit: 2_500,
            allocated_not_shipped: 0,
            backlog_prr: 28_734,
        },
        StockRow {
            region_code: "32.16".into(),
            region_name: "Kabupaten Bekasi".into(),
            item: Item::Ribbon,
            on_hand: 14,
            in_transit: 0,
            allocated_not_shipped: 5,
            backlog_prr: 28_734,
        },
    ]
}

#[test]
fn stock_with_comma() {
    let csv = render(|w| write_stock(w, CsvOptions::default(), d(2022, 10, 31), &stock_rows()));
    assert_eq!(
        csv,
        "per_tanggal,kode_wilayah,nama_wilayah,barang,stok,dalam_perjalanan,alokasi_belum_dikirim,prr\r\n\
         2022-10-31,32.16,Kabupaten Bekasi,blanko,12500,2500,0,28734\r\n\
         2022-10-31,32.16,Kabupaten Bekasi,ribbon,14,0,5,28734\r\n"
    );
}

#[test]
fn stock_with_semicolon_for_excel() {
    let csv = render(|w| write_stock(w, CsvOptions::excel_id(), d(2022, 10, 31), &stock_rows()[..1]));
    assert_eq!(
        csv,
        "per_tanggal;kode_wilayah;nama_wilayah;barang;stok;dalam_perjalanan;alokasi_belum_dikirim;prr\r\n\
         2022-10-31;32.16;Kabupaten Bekasi;blanko;12500;2500;0;28734\r\n"
    );
}

fn backlog_rows() -> Vec<BacklogRow> {
    vec![
        BacklogRow {
            kecamatan_code: "32.16.06".into(),
            kecamatan_name: "Tambun Selatan".into(),
            reported_on: Some(d(2022, 10, 28)),
            prr: 1_320,
            recorded: Some(2_041),
            suket: Some(310),
        },
        BacklogRow {
            kecamatan_code: "32.16.23".into(),
            kecamatan_name: "Bojongmangu".into(),
            reported_on: None,
            prr: 0,
            recorded: None,
            suket: None,
        },
    ]
}

#[test]
fn backlog_leaves_unknown_cells_empty() {
    let rows = backlog_rows();
    let csv = render(|w| write_backlog(w, CsvOptions::default(), d(2022, 10, 31), &rows));
    assert_eq!(
        csv,
        "per_tanggal,kode_kecamatan,nama_kecamatan,tanggal_laporan,prr,perekaman,suket\r\n\
         2022-10-31,32.16.06,Tambun Selatan,2022-10-28,1320,2041,310\r\n\
         2022-10-31,32.16.23,Bojongmangu,,0,,\r\n"
    );
}

fn forecast_row() -> ForecastRow {
    ForecastRow {
        region_code: "32.16".into(),
        region_name: "Kabupaten Bekasi".into(),
        item: Item::Blanko,
        on_hand: 7_320,
        in_transit: 2_500,
        issuance_rate: 561.44,
        demand_rate: 702.0,
        days_of_cover: Some(12.6),
        stockout_p10: Some(d(2022, 11, 10)),
        stockout_p50: Some(d(2022, 11, 16)),
        stockout_p90: Some(d(2022, 11, 24)),
        risk: Risk::Merah,
        reorder_quantity: 12_500,
        last_report: Some(d(2022, 10, 27)),
        stale_days: 2,
    }
}

#[test]
fn forecast_decimals_follow_the_delimiter() {
    let idle = ForecastRow {
        region_code: "32.75".into(),
        region_name: "Kota Bekasi".into(),
        issuance_rate: 0.0,
        demand_rate: 0.0,
        days_of_cover: None,
        stockout_p10: None,
        stockout_p50: None,
        stockout_p90: None,
        risk: Risk::Hijau,
        reorder_quantity: 0,
        last_report: None,
        stale_days: 0,
        ..forecast_row()
    };
    let rows = [forecast_row(), idle];
    let header = "per_tanggal,kode_wilayah,nama_wilayah,barang,stok,dalam_perjalanan,pemakaian_per_hari_kerja,\
                  kebutuhan_per_hari_kerja,cukup_hari_kerja,tanggal_habis_p10,tanggal_habis_p50,tanggal_habis_p90,\
                  risiko,usulan_tambahan,laporan_terakhir,hari_kerja_tanpa_laporan\r\n";
    let csv = render(|w| write_forecast(w, CsvOptions::default(), d(2022, 10, 31), &rows));
    assert_eq!(
        csv,
        format!(
            "{header}2022-10-31,32.16,Kabupaten Bekasi,blanko,7320,2500,561.4,702.0,12.6,2022-11-10,2022-11-16,2022-11-24,merah,12500,2022-10-27,2\r\n\
             2022-10-31,32.75,Kota Bekasi,blanko,7320,2500,0.0,0.0,,,,,hijau,0,,0\r\n"
        )
    );
    let csv = render(|w| write_forecast(w, CsvOptions::excel_id(), d(2022, 10, 31), &rows[..1]));
    assert_eq!(
        csv,
        format!(
            "{}2022-10-31;32.16;Kabupaten Bekasi;blanko;7320;2500;561,4;702,0;12,6;2022-11-10;2022-11-16;2022-11-24;merah;12500;2022-10-27;2\r\n",
            header.replace(',', ";")
        )
    );
}

fn shipment(reference: &str, received: Option<i64>, damaged: Option<i64>, note: &str) -> ShipmentRow {
    ShipmentRow {
        reference: reference.into(),
        shipped_on: d(2022, 10, 3),
        from_code: "PUSAT".into(),
        from_name: "Ditjen Dukcapil".into(),
        to_code: "32.16".into(),
        to_name: "Kabupaten Bekasi".into(),
        item: Item::Blanko,
        quantity: 10_000,
        received_on: received.map(|_| d(2022, 10, 7)),
        received_quantity: received,
        damaged_quantity: damaged,
        note: note.into(),
    }
}

#[test]
fn shipments_show_discrepancies_and_quote_awkward_text() {
    let rows = [
        shipment("SJ-001", Some(10_000), None, ""),
        shipment("SJ-002", Some(9_800), Some(50), "kardus basah; 2 dus \"penyok\""),
        shipment("SJ-003", None, None, "=1+1"),
        shipment("SJ-004", Some(10_000), Some(12), "baris 1\nbaris 2"),
    ];
    assert!(!rows[0].has_discrepancy() && rows[1].has_discrepancy() && !rows[2].has_discrepancy());
    let csv = render(|w| write_shipments(w, CsvOptions::excel_id(), &rows));
    assert_eq!(
        csv,
        "no_referensi;tanggal_kirim;asal;nama_asal;tujuan;nama_tujuan;barang;jumlah_dikirim;tanggal_terima;\
         jumlah_diterima;jumlah_rusak;jumlah_layak;selisih;status;keterangan\r\n\
         SJ-001;2022-10-03;PUSAT;Ditjen Dukcapil;32.16;Kabupaten Bekasi;blanko;10000;2022-10-07;10000;0;10000;0;sesuai;\r\n\
         SJ-002;2022-10-03;PUSAT;Ditjen Dukcapil;32.16;Kabupaten Bekasi;blanko;10000;2022-10-07;9800;50;9750;250;kurang dan ada rusak;\"kardus basah; 2 dus \"\"penyok\"\"\"\r\n\
         SJ-003;2022-10-03;PUSAT;Ditjen Dukcapil;32.16;Kabupaten Bekasi;blanko;10000;;;;;;dalam perjalanan;'=1+1\r\n\
         SJ-004;2022-10-03;PUSAT;Ditjen Dukcapil;32.16;Kabupaten Bekasi;blanko;10000;2022-10-07;10000;12;9988;12;ada rusak;\"baris 1\nbaris 2\"\r\n"
    );
}

#[test]
fn csv_reads_back_unchanged() {
    let rows = [shipment("SJ-002", Some(9_800), Some(50), "kardus basah, 2 dus \"penyok\"; Ø ñ")];
    let mut out = Vec::new();
    write_shipments(&mut out, CsvOptions::default(), &rows).unwrap();
    let mut reader = ::csv::ReaderBuilder::new().from_reader(&out[3..]);
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!(&record[14], "kardus basah, 2 dus \"penyok\"; Ø ñ");
    assert_eq!(&record[12], "250");
}

fn ledger_card() -> LedgerCard {
    let entry = |date, kind, reference: &str, quantity, note: &str| LedgerRow {
        date,
        kind,
        reference: reference.into(),
        quantity,
        note: note.into(),
        actor: "operator.bekasi".into(),
    };
    LedgerCard {
        region_code: "32.16".into(),
        item: Item::Blanko,
        from: Some(d(2022, 10, 1)),
        opening_balance: 5_000,
        entries: vec![
            entry(d(2022, 10, 3), EntryKind::Print, "", -480, ""),
            entry(d(2022, 10, 7), EntryKind::Receipt, "SJ-002", 9_750, "50 rusak"),
            entry(d(2022, 10, 10), EntryKind::Adjustment, "SO-10", -20, "-20 hasil stock opname"),
        ],
    }
}

#[test]
fn ledger_has_opening_line_and_running_balance() {
    let card = ledger_card();
    let csv = render(|w| write_ledger(w, CsvOptions::default(), &card));
    assert_eq!(
        csv,
        "tanggal,kode_wilayah,barang,jenis,no_referensi,masuk,keluar,saldo,keterangan,petugas\r\n\
         2022-10-01,32.16,blanko,saldo awal,,,,5000,,\r\n\
         2022-10-03,32.16,blanko,Pencetakan,,,480,4520,,operator.bekasi\r\n\
         2022-10-07,32.16,blanko,Penerimaan,SJ-002,9750,,14270,50 rusak,operator.bekasi\r\n\
         2022-10-10,32.16,blanko,Penyesuaian stock opname,SO-10,,20,14250,'-20 hasil stock opname,operator.bekasi\r\n"
    );
}

/// The five reports as users read them, reviewed as snapshots (`cargo insta review`).
#[test]
fn snapshots_of_the_five_reports() {
    let excel = CsvOptions { delimiter: Delimiter::Semicolon };
    let as_of = d(2022, 10, 31);
    insta::assert_snapshot!("stock", render(|w| write_stock(w, CsvOptions::default(), as_of, &stock_rows())));
    insta::assert_snapshot!("backlog", render(|w| write_backlog(w, excel, as_of, &backlog_rows())));
    insta::assert_snapshot!("forecast", render(|w| write_forecast(w, excel, as_of, &[forecast_row()])));
    let shipments = [
        shipment("SJ-001", None, None, ""),
        shipment("SJ-002", Some(9_800), Some(50), "kardus basah, 2 dus \"penyok\"; Ø ñ"),
    ];
    insta::assert_snapshot!("shipments", render(|w| write_shipments(w, CsvOptions::default(), &shipments)));
    insta::assert_snapshot!("ledger", render(|w| write_ledger(w, CsvOptions::default(), &ledger_card())));
}
