//! How stock moved: shipments with their discrepancies, and the stock card.

use std::io::Write;

use super::{CsvOptions, count, date, text, write_table};
use crate::report::ReportError;
use crate::report::dates::iso;
use crate::report::rows::{LedgerCard, ShipmentRow};

/// Status word of a shipment for the reader to filter on.
fn shipment_status(r: &ShipmentRow) -> &'static str {
    match (r.received_quantity, r.damaged_quantity.unwrap_or(0)) {
        (None, _) => "dalam perjalanan",
        (Some(got), damaged) => match (got < r.quantity, damaged > 0) {
            (false, false) if got == r.quantity => "sesuai",
            (false, false) => "lebih",
            (true, false) => "kurang",
            (false, true) => "ada rusak",
            (true, true) => "kurang dan ada rusak",
        },
    }
}

/// Shipments with what arrived: `jumlah_layak` = received − damaged,
/// `selisih` = shipped − usable (empty while in transit).
pub fn write_shipments<W: Write>(out: W, opts: CsvOptions, rows: &[ShipmentRow]) -> Result<(), ReportError> {
    let header = [
        "no_referensi",
        "tanggal_kirim",
        "asal",
        "nama_asal",
        "tujuan",
        "nama_tujuan",
        "barang",
        "jumlah_dikirim",
        "tanggal_terima",
        "jumlah_diterima",
        "jumlah_rusak",
        "jumlah_layak",
        "selisih",
        "status",
        "keterangan",
    ];
    let lines = rows.iter().map(|r| {
        vec![
            text(&r.reference),
            iso(r.shipped_on),
            text(&r.from_code),
            text(&r.from_name),
            text(&r.to_code),
            text(&r.to_name),
            r.item.as_str().to_string(),
            r.quantity.to_string(),
            date(r.received_on),
            count(r.received_quantity),
            // Damaged is only meaningful once something arrived.
            count(r.received_quantity.map(|_| r.damaged_quantity.unwrap_or(0))),
            count(r.usable()),
            count(r.shortfall()),
            shipment_status(r).to_string(),
            text(&r.note),
        ]
    });
    write_table(out, opts, &header, lines)
}

/// The stock card: an opening line, then each entry with in, out and running balance.
pub fn write_ledger<W: Write>(out: W, opts: CsvOptions, card: &LedgerCard) -> Result<(), ReportError> {
    let header = [
        "tanggal",
        "kode_wilayah",
        "barang",
        "jenis",
        "no_referensi",
        "masuk",
        "keluar",
        "saldo",
        "keterangan",
        "petugas",
    ];
    let opening = vec![
        date(card.from),
        text(&card.region_code),
        card.item.as_str().to_string(),
        "saldo awal".to_string(),
        String::new(),
        String::new(),
        String::new(),
        card.opening_balance.to_string(),
        String::new(),
        String::new(),
    ];
    let mut balance = card.opening_balance;
    let entries = card.entries.iter().map(move |e| {
        // A display total of bounded records: saturating, never wrapped.
        balance = balance.saturating_add(e.quantity);
        let (inflow, outflow) = if e.quantity >= 0 { (Some(e.quantity), None) } else { (None, Some(-e.quantity)) };
        vec![
            iso(e.date),
            text(&card.region_code),
            card.item.as_str().to_string(),
            e.kind.label().to_string(),
            text(&e.reference),
            count(inflow),
            count(outflow),
            balance.to_string(),
            text(&e.note),
            text(&e.actor),
        ]
    });
    write_table(out, opts, &header, std::iter::once(opening).chain(entries))
}
