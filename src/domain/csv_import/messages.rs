//! Messages about the header and about single cell values, in Bahasa Indonesia, each saying
//! how to fix the problem. Row-level and store messages are in `messages_rows.rs`.

use chrono::NaiveDate;

use super::error::{ErrorCode, RowError};
use super::field::Field;
use super::kind::Kind;
use super::template::header_line;
use crate::domain::limits::EARLIEST_DATE;
use crate::domain::quantity::{Quantity, format_id};

/// Dates in messages, the way Indonesian offices write them.
pub(crate) fn show_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// `a/b/yyyy` or `a-b-yyyy` with `a` a month and `b` above 12: written month first.
fn looks_month_first(value: &str) -> bool {
    let parts: Vec<&str> = value.split(['/', '-']).collect();
    let number = |t: &str| (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [a, b, y] if number(a) && number(b) && y.len() == 4 => {
            let (a, b) = (a.parse::<u32>().unwrap_or(0), b.parse::<u32>().unwrap_or(0));
            (1..=12).contains(&a) && (13..=31).contains(&b)
        }
        _ => false,
    }
}

fn hint(field: Field) -> &'static str {
    use Field as F;
    match field {
        F::Reference => "nomor dokumen, misalnya nomor surat jalan SJ-2022-001",
        F::ShippedOn | F::Date | F::ReceivedOn | F::FollowedUpOn | F::ClosedOn => "tanggal, misalnya 31/01/2022",
        F::ComplaintNo => "nomor aduan, misalnya nomor pelacakan SP4N-LAPOR! atau nomor register loket",
        F::Category => "kategori aduan: blanko_habis, antrean, gangguan_sistem, pelayanan atau lainnya",
        F::From | F::To | F::Region => "kode wilayah, misalnya 32.16 atau 32.16.01",
        F::Hours => "jumlah jam layanan yang hilang, 0 sampai 24, misalnya 2,5",
        F::Cause => "sebab gangguan, misalnya 'server pusat tidak dapat diakses'",
        F::Item => "blanko, ribbon atau film",
        F::Note => "keterangan singkat",
        _ => "bilangan bulat, misalnya 12.500 (tulis 0 jika memang nol)",
    }
}

impl RowError {
    pub(crate) fn at(line: u64, column: &str, value: &str, code: ErrorCode, message: String) -> Self {
        Self { line, column: column.to_string(), value: value.to_string(), code, message }
    }

    /// `missing_column`: a required column is not in the header line.
    pub fn missing_column(kind: Kind, field: Field) -> Self {
        let message = format!(
            "Kolom wajib '{}' (atau '{}') tidak ada di baris judul. Tambahkan kolom itu di baris pertama; \
             baris judul lengkap untuk data {}: {}",
            field.indonesian(),
            field.english(),
            kind.label(),
            header_line(kind)
        );
        Self::at(1, field.indonesian(), "", ErrorCode::MissingColumn, message)
    }

    /// `missing_column`: the header cannot be read because the file is not UTF-8 text.
    pub fn unreadable_header(encoding: &str) -> Self {
        let message = format!(
            "Berkas tersimpan sebagai {encoding}, sehingga judul kolom tidak terbaca. Simpan ulang dari \
             spreadsheet sebagai 'CSV UTF-8' lalu unggah lagi."
        );
        Self::at(1, "", "", ErrorCode::MissingColumn, message)
    }

    /// `missing_column`: a row has a filled cell beyond the last header column.
    pub fn cell_without_column(line: u64, position: usize, width: usize, value: &str) -> Self {
        let message = format!(
            "Sel ke-{position} berisi '{value}', padahal baris judul hanya punya {width} kolom. Biasanya ini \
             angka seperti 12,500 atau teks berkoma tanpa tanda kutip di berkas berpemisah koma: tulis \
             \"12,500\" dengan tanda kutip atau 12500, atau hapus sel itu."
        );
        Self::at(line, &format!("(kolom ke-{position})"), value, ErrorCode::MissingColumn, message)
    }

    /// `duplicate_in_file`: two header cells name the same column.
    pub fn duplicate_column(column: &str, first: &str) -> Self {
        let message = format!(
            "Kolom '{column}' sama artinya dengan kolom '{first}' yang sudah ada di baris judul. Hapus salah satunya."
        );
        Self::at(1, column, column, ErrorCode::DuplicateInFile, message)
    }

    /// `missing_value`: a required cell is empty.
    pub fn missing_value(line: u64, column: &str, field: Field) -> Self {
        let message = format!("Sel '{column}' kosong padahal wajib diisi. Isi dengan {}.", hint(field));
        Self::at(line, column, "", ErrorCode::MissingValue, message)
    }

    /// `missing_value`: a shipment row has only part of the receipt (date without quantity or back).
    pub fn receipt_incomplete(line: u64, column: &str) -> Self {
        let message = format!(
            "Data penerimaan belum lengkap: '{column}' kosong. Jika barang sudah diterima, isi tanggal_terima \
             dan jumlah_diterima (jumlah_rusak boleh kosong); jika belum, kosongkan semua kolom penerimaan."
        );
        Self::at(line, column, "", ErrorCode::MissingValue, message)
    }

    /// `bad_date`: not a date in an accepted style, or an impossible one. A value that would be
    /// a date read month first (`01/13/2022`) gets a hint about the spreadsheet's date format.
    pub fn bad_date(line: u64, column: &str, value: &str) -> Self {
        let message = if looks_month_first(value) {
            format!(
                "Tanggal '{value}' tidak valid: bulan tidak boleh lebih dari 12. Tampaknya tanggal ditulis \
                 bulan dahulu (MM/DD/YYYY); ubah format kolom tanggal di spreadsheet menjadi DD/MM/YYYY atau \
                 YYYY-MM-DD, lalu periksa semua tanggal di berkas ini."
            )
        } else {
            format!(
                "Tanggal '{value}' tidak valid. Tulis tanggal sebagai YYYY-MM-DD, DD/MM/YYYY atau DD-MM-YYYY, \
                 misalnya 31/01/2022."
            )
        };
        Self::at(line, column, value, ErrorCode::BadDate, message)
    }

    /// `bad_date`: a well-formed date before the earliest one blanko records.
    pub fn date_too_early(line: u64, column: &str, value: &str) -> Self {
        let message = format!(
            "Tanggal '{value}' terlalu lama: yang dicatat hanya kejadian sejak {}. Periksa tahunnya.",
            show_date(EARLIEST_DATE)
        );
        Self::at(line, column, value, ErrorCode::BadDate, message)
    }

    /// `bad_date`: a receipt dated before its dispatch.
    pub fn received_before_shipped(line: u64, column: &str, value: &str, shipped_on: NaiveDate) -> Self {
        let message = format!(
            "Tanggal terima '{value}' lebih awal dari tanggal kirim {}. Barang tidak dapat diterima sebelum \
             dikirim: periksa kedua tanggal.",
            show_date(shipped_on)
        );
        Self::at(line, column, value, ErrorCode::BadDate, message)
    }

    /// `bad_date`: a date earlier than another date of the same record it cannot precede (a
    /// follow-up before the complaint, a closing before the follow-up).
    pub fn date_before(line: u64, column: &str, value: &str, what: &str, other: &str, earlier: NaiveDate) -> Self {
        let message = format!(
            "{what} '{value}' lebih awal dari {other} {}. Periksa kedua tanggal: {what} tidak mungkin \
             sebelum {other}.",
            show_date(earlier)
        );
        Self::at(line, column, value, ErrorCode::BadDate, message)
    }

    /// `unknown_value`: a cell that must be one of `allowed` (comma-separated) is not.
    pub fn unknown_value(line: u64, column: &str, value: &str, allowed: &str) -> Self {
        let message =
            format!("Nilai '{value}' tidak dikenal untuk kolom '{column}'. Tulis salah satu dari: {allowed}.");
        Self::at(line, column, value, ErrorCode::UnknownValue, message)
    }

    /// `future_date`: a date after today.
    pub fn future_date(line: u64, column: &str, value: &str, today: NaiveDate) -> Self {
        let message = format!(
            "Tanggal '{value}' belum terjadi (hari ini {}). Periksa tahun serta urutan hari dan bulan \
             (DD/MM/YYYY); hanya kejadian yang sudah berlangsung yang dicatat.",
            show_date(today)
        );
        Self::at(line, column, value, ErrorCode::FutureDate, message)
    }

    /// `bad_number`: not a whole number (decimal, bad grouping, text, too large).
    pub fn bad_number(line: u64, column: &str, value: &str) -> Self {
        let message = format!(
            "'{value}' bukan bilangan bulat yang sah. Tulis jumlah utuh tanpa desimal; pemisah ribuan boleh \
             titik, koma atau spasi dengan kelompok tiga angka, misalnya 12500, 12.500 atau 12 500."
        );
        Self::at(line, column, value, ErrorCode::BadNumber, message)
    }

    /// `bad_number`: a whole number above the limit of one record.
    pub fn too_large(line: u64, column: &str, value: &str) -> Self {
        let message = format!(
            "'{value}' melebihi batas {} untuk satu catatan. Periksa angka nol yang berlebih; jumlah yang \
             memang lebih besar dicatat sebagai beberapa baris.",
            format_id(Quantity::MAX)
        );
        Self::at(line, column, value, ErrorCode::BadNumber, message)
    }

    /// `bad_number`: not an hour count of an accepted shape.
    pub fn bad_hours(line: u64, column: &str, value: &str) -> Self {
        let message = format!(
            "'{value}' bukan jumlah jam yang sah. Tulis jam yang hilang dari 0 sampai 24, boleh pecahan dengan \
             koma atau titik dan paling banyak dua angka di belakangnya, misalnya 8, 2,5 atau 0.25."
        );
        Self::at(line, column, value, ErrorCode::BadNumber, message)
    }

    /// `bad_number`: more than 24 hours in one day.
    pub fn hours_out_of_range(line: u64, column: &str, value: &str) -> Self {
        let message = format!(
            "Jam '{value}' melebihi 24. Satu baris mencatat gangguan pada satu tanggal: tulis paling banyak 24, \
             dan catat gangguan beberapa hari sebagai satu baris per tanggal."
        );
        Self::at(line, column, value, ErrorCode::BadNumber, message)
    }

    /// `negative_quantity`: a number below zero.
    pub fn negative_quantity(line: u64, column: &str, value: &str) -> Self {
        let message = format!(
            "Nilai '{value}' negatif. Tulis angka 0 atau lebih tanpa tanda minus; stok berkurang lewat \
             pencetakan dan pengiriman, dan selisih stok dikoreksi lewat stock opname."
        );
        Self::at(line, column, value, ErrorCode::NegativeQuantity, message)
    }
}
