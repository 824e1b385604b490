//! Messages about regions, whole rows and the stored data (`conflict`, `would_go_negative`),
//! in Bahasa Indonesia, each saying how to fix the problem.

use chrono::NaiveDate;

use super::error::{ErrorCode, RowError};
use super::kind::Kind;
use super::messages::show_date;
use crate::domain::item::Item;
use crate::domain::quantity::format_id;
use crate::domain::region::{Level, RegionCode};
/// One field that differs between the stored record and the uploaded row (for `conflict`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// Column header as in the file.
    pub column: String,
    pub stored: String,
    pub sent: String,
}

/// The numbers of a refused stock decrease (for `would_go_negative`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    pub region: RegionCode,
    pub item: Item,
    pub date: NaiveDate,
    /// Stock on hand before the row.
    pub on_hand: i64,
    /// What the row takes away (positive).
    pub taken: i64,
}

/// Why a shipment's sender and receiver do not fit together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteProblem {
    SameRegion,
    /// A kecamatan receives only from its own kabupaten/kota.
    KecamatanReceivesFromItsKabkota,
    /// A kecamatan sends only back to its own kabupaten/kota.
    KecamatanSendsToItsKabkota,
}

fn example(level: Level) -> &'static str {
    match level {
        Level::Pusat => "PUSAT",
        Level::Provinsi => "32",
        Level::Kabkota => "32.16",
        Level::Kecamatan => "32.16.01",
    }
}

/// `32.1`, `32.16.1`: two-digit groups and a last group of one digit.
fn lost_trailing_zero(value: &str) -> bool {
    let groups: Vec<&str> = value.split(['.', ',']).collect();
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    matches!(groups.len(), 2 | 3)
        && groups.iter().all(|g| digits(g))
        && groups[..groups.len() - 1].iter().all(|g| g.len() == 2)
        && groups[groups.len() - 1].len() == 1
}

impl RowError {
    /// `unknown_region`: the cell is not shaped like a region code. A code that lost a trailing
    /// zero (`32.1` for `32.10`, a spreadsheet treating it as a decimal) gets a hint.
    pub fn bad_region_code(line: u64, column: &str, value: &str) -> Self {
        let message = if lost_trailing_zero(value) {
            format!(
                "'{value}' bukan kode wilayah: tampaknya angka 0 di belakangnya hilang (misalnya 32.10 menjadi \
                 32.1) karena spreadsheet menganggapnya angka desimal. Format kolom itu sebagai Teks, atau tulis \
                 kode tanpa titik (3210)."
            )
        } else {
            format!(
                "'{value}' bukan kode wilayah. Tulis kode Kemendagri dengan atau tanpa titik, misalnya 32 \
                 (provinsi), 32.16 atau 3216 (kabupaten/kota), 32.16.01 atau 321601 (kecamatan), atau PUSAT."
            )
        };
        Self::at(line, column, value, ErrorCode::UnknownRegion, message)
    }

    /// `unknown_region`: a well-formed code that no region has.
    pub fn unknown_region(line: u64, column: &str, value: &str, code: &RegionCode) -> Self {
        let message = format!(
            "Kode wilayah {code} tidak terdaftar. Periksa kodenya pada daftar wilayah Kemendagri \
             (provinsi, kabupaten/kota, kecamatan) dan perbaiki sel ini."
        );
        Self::at(line, column, value, ErrorCode::UnknownRegion, message)
    }

    /// `wrong_level`: the region exists but is not of a level this column takes.
    pub fn wrong_level(line: u64, column: &str, value: &str, code: &RegionCode, kind: Kind, allowed: &[Level]) -> Self {
        let names: Vec<&str> = allowed.iter().map(|l| l.label()).collect();
        let message = format!(
            "Wilayah {code} adalah {}, sedangkan kolom '{column}' pada data {} harus berisi {}. Tulis kode {}, \
             misalnya {}.",
            code.level().label(),
            kind.label(),
            names.join(" atau "),
            allowed[0].label(),
            example(allowed[0])
        );
        Self::at(line, column, value, ErrorCode::WrongLevel, message)
    }

    /// `wrong_level`: sender and receiver of a shipment do not fit together.
    pub fn wrong_route(
        line: u64,
        column: &str,
        value: &str,
        from: &RegionCode,
        to: &RegionCode,
        problem: RouteProblem,
    ) -> Self {
        let message = route_message(from, to, problem);
        Self::at(line, column, value, ErrorCode::WrongLevel, message)
    }

    /// `unknown_item`: not blanko, ribbon or film.
    pub fn unknown_item(line: u64, column: &str, value: &str) -> Self {
        let message =
            format!("Barang '{value}' tidak dikenal. Tulis blanko, ribbon atau film, atau kosongkan sel untuk blanko.");
        Self::at(line, column, value, ErrorCode::UnknownItem, message)
    }

    /// `duplicate_in_file`: the row's natural key (see `Row::key_description`) appeared earlier in the file.
    pub fn duplicate_in_file(line: u64, column: &str, value: &str, key: &str, first_line: u64) -> Self {
        let message = format!(
            "{key} sudah ada di baris {first_line}. Satu berkas hanya boleh memuat satu baris untuk data yang \
             sama: hapus salah satu baris, atau gabungkan keduanya menjadi satu."
        );
        Self::at(line, column, value, ErrorCode::DuplicateInFile, message)
    }

    /// `conflict`: a record with the same natural key is stored with other values.
    /// `key` is `Row::key_description()`; `differences` lists what differs.
    pub fn conflict(line: u64, column: &str, value: &str, key: &str, differences: &[Difference]) -> Self {
        let details: Vec<String> = differences
            .iter()
            .map(|d| format!("{}: tersimpan '{}', di berkas '{}'", d.column, d.stored, d.sent))
            .collect();
        let message = format!(
            "{key} sudah tersimpan dengan isi berbeda ({}). Unggahan tidak mengubah data yang sudah tersimpan: \
             jika ini data baru, gunakan nomor referensi atau tanggal lain; jika ini koreksi, samakan baris \
             dengan data tersimpan dan minta admin membetulkannya.",
            details.join("; ")
        );
        Self::at(line, column, value, ErrorCode::Conflict, message)
    }

    /// `would_go_negative`: the row takes more than the region holds on that date.
    pub fn would_go_negative(line: u64, column: &str, value: &str, shortfall: &Shortfall) -> Self {
        let Shortfall { region, item, date, on_hand, taken } = shortfall;
        let message = format!(
            "Stok {} di {region} pada {} tinggal {}, sedangkan baris ini mengurangi {} sehingga stok menjadi {}. \
             Periksa jumlahnya, atau catat dulu penerimaan atau stock opname yang menambah stok sebelum tanggal itu.",
            item.label(),
            show_date(*date),
            format_id(*on_hand),
            format_id(*taken),
            format_id(on_hand - taken)
        );
        Self::at(line, column, value, ErrorCode::WouldGoNegative, message)
    }

    /// `received_exceeds_shipped`: more received than dispatched.
    pub fn received_exceeds_shipped(line: u64, column: &str, value: &str, received: i64, shipped: i64) -> Self {
        let message = format!(
            "Jumlah diterima {} lebih besar dari jumlah dikirim {}. Periksa kedua angka; jika memang datang lebih \
             banyak, catat kelebihannya sebagai pengiriman terpisah dengan nomor referensi sendiri.",
            format_id(received),
            format_id(shipped)
        );
        Self::at(line, column, value, ErrorCode::ReceivedExceedsShipped, message)
    }

    /// `received_exceeds_shipped`: more damaged than received.
    pub fn damaged_exceeds_received(line: u64, column: &str, value: &str, damaged: i64, received: i64) -> Self {
        let message = format!(
            "Jumlah rusak {} lebih besar dari jumlah diterima {}. Kartu rusak dihitung di dalam jumlah diterima: \
             periksa kedua angka.",
            format_id(damaged),
            format_id(received)
        );
        Self::at(line, column, value, ErrorCode::ReceivedExceedsShipped, message)
    }

    /// `out_of_scope`: the uploader may not write this row (SPEC §9).
    pub fn out_of_scope(line: u64, column: &str, value: &str, kind: Kind, reason: &str) -> Self {
        let message = format!(
            "Akun Anda tidak berwenang mengunggah data {} ini ({column} '{value}'): {reason}. Hapus baris ini \
             dari berkas, atau minta petugas yang berwenang atas wilayah itu untuk mengunggahnya.",
            kind.label()
        );
        Self::at(line, column, value, ErrorCode::OutOfScope, message)
    }
}

impl RowError {
    /// `out_of_scope`: a receipt by a caller who may confirm it but not dispatch it, of a dispatch
    /// nobody has recorded yet (SPEC §9: receipts only of dispatches already recorded).
    pub fn receipt_without_dispatch(line: u64, column: &str, reference: &str, from: &RegionCode) -> Self {
        let message = format!(
            "Pengiriman no. referensi '{reference}' dari {from} belum dicatat oleh pengirimnya. Penerimaan hanya \
             dapat dikonfirmasi untuk pengiriman yang sudah tercatat: minta pengirim (atau pusat/provinsi) \
             mencatat pengirimannya dulu, atau periksa nomor referensi dan asalnya."
        );
        Self::at(line, column, reference, ErrorCode::OutOfScope, message)
    }
}

/// Why a shipment route is refused, in words (uploads and single records share it).
pub fn route_message(from: &RegionCode, to: &RegionCode, problem: RouteProblem) -> String {
    match problem {
        RouteProblem::SameRegion => {
            format!("Asal dan tujuan sama ({to}). Pengiriman harus ke wilayah lain: periksa kolom asal dan tujuan.")
        }
        RouteProblem::KecamatanReceivesFromItsKabkota => format!(
            "Kecamatan {to} hanya menerima kiriman dari kabupaten/kotanya sendiri ({}), bukan dari {from}. \
             Catat pengiriman lewat kabupaten/kota itu, atau periksa kode asal dan tujuan.",
            to.parent().unwrap_or_else(RegionCode::pusat)
        ),
        RouteProblem::KecamatanSendsToItsKabkota => format!(
            "Kecamatan {from} hanya dapat mengirim kembali ke kabupaten/kotanya sendiri ({}), bukan ke {to}. \
             Periksa kode asal dan tujuan.",
            from.parent().unwrap_or_else(RegionCode::pusat)
        ),
    }
}
