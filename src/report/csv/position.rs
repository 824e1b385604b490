//! Where stock stands: position, backlog and forecast per region.

use std::io::Write;

use chrono::NaiveDate;

use super::{CsvOptions, count, date, decimal, text, write_table};
use crate::domain::item::Item;
use crate::report::ReportError;
use crate::report::dates::iso;
use crate::report::rows::{BacklogRow, ForecastRow, StockRow};

/// The first six columns of a stock or forecast line: date, region, item, stock and in transit.
fn position_cells(as_of: NaiveDate, code: &str, name: &str, item: Item, on_hand: i64, in_transit: i64) -> Vec<String> {
    vec![iso(as_of), text(code), text(name), item.as_str().to_string(), on_hand.to_string(), in_transit.to_string()]
}

/// Stock position at `as_of`: one line per region and item.
pub fn write_stock<W: Write>(out: W, opts: CsvOptions, as_of: NaiveDate, rows: &[StockRow]) -> Result<(), ReportError> {
    let header = [
        "per_tanggal",
        "kode_wilayah",
        "nama_wilayah",
        "barang",
        "stok",
        "dalam_perjalanan",
        "alokasi_belum_dikirim",
        "prr",
    ];
    let lines = rows.iter().map(|r| {
        let mut cells = position_cells(as_of, &r.region_code, &r.region_name, r.item, r.on_hand, r.in_transit);
        cells.extend([r.allocated_not_shipped.to_string(), r.backlog_prr.to_string()]);
        cells
    });
    write_table(out, opts, &header, lines)
}

/// PRR backlog per kecamatan at `as_of`, from each kecamatan's latest report.
pub fn write_backlog<W: Write>(
    out: W,
    opts: CsvOptions,
    as_of: NaiveDate,
    rows: &[BacklogRow],
) -> Result<(), ReportError> {
    let header = ["per_tanggal", "kode_kecamatan", "nama_kecamatan", "tanggal_laporan", "prr", "perekaman", "suket"];
    let lines = rows.iter().map(|r| {
        vec![
            iso(as_of),
            text(&r.kecamatan_code),
            text(&r.kecamatan_name),
            date(r.reported_on),
            r.prr.to_string(),
            count(r.recorded),
            count(r.suket),
        ]
    });
    write_table(out, opts, &header, lines)
}

/// Forecast per region and item at `as_of` (SPEC §7).
pub fn write_forecast<W: Write>(
    out: W,
    opts: CsvOptions,
    as_of: NaiveDate,
    rows: &[ForecastRow],
) -> Result<(), ReportError> {
    let header = [
        "per_tanggal",
        "kode_wilayah",
        "nama_wilayah",
        "barang",
        "stok",
        "dalam_perjalanan",
        "pemakaian_per_hari_kerja",
        "kebutuhan_per_hari_kerja",
        "cukup_hari_kerja",
        "tanggal_habis_p10",
        "tanggal_habis_p50",
        "tanggal_habis_p90",
        "risiko",
        "usulan_tambahan",
        "laporan_terakhir",
        "hari_kerja_tanpa_laporan",
    ];
    let lines = rows.iter().map(|r| {
        let mut cells = position_cells(as_of, &r.region_code, &r.region_name, r.item, r.on_hand, r.in_transit);
        cells.extend([
            decimal(Some(r.issuance_rate), opts),
            decimal(Some(r.demand_rate), opts),
            decimal(r.days_of_cover, opts),
            date(r.stockout_p10),
            date(r.stockout_p50),
            date(r.stockout_p90),
            r.risk.as_str().to_string(),
            r.reorder_quantity.to_string(),
            date(r.last_report),
            r.stale_days.to_string(),
        ]);
        cells
    });
    write_table(out, opts, &header, lines)
}
