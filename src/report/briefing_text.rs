//! The words of the briefing, shared by the HTML page and the image so that
//! both say exactly the same thing.

use std::fmt::Write as _;

use super::briefing_input::{Assumption, BriefingInput};
use super::dates;
use super::risk::{Risk, RiskStyle};
use crate::domain::item::Item;
use crate::domain::quantity::format_id;

/// One headline number with its label and a short explanation.
pub struct Headline {
    pub label: &'static str,
    pub value: String,
    pub note: String,
}

/// Counting word of an item: cards are `keping`, ribbons and films `rol`.
pub fn unit(item: Item) -> &'static str {
    match item {
        Item::Blanko => "keping",
        Item::Ribbon | Item::Film => "rol",
    }
}

/// Lowercase name of the item as used in a sentence.
fn noun(item: Item) -> &'static str {
    match item {
        Item::Blanko => "blanko KTP-el",
        Item::Ribbon => "ribbon",
        Item::Film => "film",
    }
}

/// Page heading: `Stok Blanko KTP-el — Kabupaten Bekasi`.
pub fn heading(b: &BriefingInput) -> String {
    format!("Stok {} — {}", b.item.label(), b.region_name)
}

/// `Keadaan per 31 Oktober 2022 · kode wilayah 32.16`.
pub fn subheading(b: &BriefingInput) -> String {
    format!("Keadaan per {} · kode wilayah {}", dates::long(b.as_of), b.region_code)
}

/// A headline that counts something: `12.500 keping`.
fn count_headline(label: &'static str, n: i64, unit: &str, note: String) -> Headline {
    Headline { label, value: format!("{} {unit}", format_id(n)), note }
}

/// The stock-out date when none falls inside the forecast's horizon (90 working days, the
/// default of `ForecastParams` the reports use).
const NOT_WITHIN_HORIZON: &str = "tidak dalam 90 hari kerja";

/// The six headline numbers, in reading order.
pub fn headlines(b: &BriefingInput) -> Vec<Headline> {
    let unit = unit(b.item);
    let cover = match b.days_of_cover {
        _ if b.risk == Risk::Habis => ("0 hari kerja".to_string(), "stok sudah habis".to_string()),
        Some(d) => (
            format!("{} hari kerja", format_id(d.floor() as i64)),
            format!("pemakaian {} {unit} per hari kerja", format_id(b.issuance_rate.round() as i64)),
        ),
        None => ("belum dapat dihitung".to_string(), "belum ada pemakaian tercatat".to_string()),
    };
    let stockout = match b.stockout {
        Some(s) if s.p50 <= b.as_of => (dates::long(s.p50), "stok sudah habis".to_string()),
        Some(s) if s.p10 == s.p90 && b.pooled => (dates::long(s.p50), "bila stok dibagi merata".to_string()),
        Some(s) if s.p10 == s.p90 => (dates::long(s.p50), "perkiraan tanggal habis".to_string()),
        Some(s) => (dates::long(s.p50), format!("kemungkinan {}", dates::range(s.p10, s.p90))),
        None => (NOT_WITHIN_HORIZON.to_string(), "stok cukup lebih dari 3 bulan".to_string()),
    };
    vec![
        count_headline("Stok tersedia", b.on_hand, unit, "di gudang, siap dicetak".to_string()),
        count_headline("Sedang dikirim", b.in_transit, unit, "sudah dikirim, belum tiba".to_string()),
        Headline { label: "Stok cukup untuk", value: cover.0, note: cover.1 },
        Headline { label: "Perkiraan habis", value: stockout.0, note: stockout.1 },
        count_headline(
            "Warga menunggu KTP-el",
            b.backlog_prr,
            "orang",
            "sudah rekam data, kartu belum dicetak".to_string(),
        ),
        count_headline(
            "Suket diterbitkan",
            b.suket_issued,
            "lembar",
            format!("pengganti KTP-el, sejak {}", dates::short(b.suket_since)),
        ),
    ]
}

/// The risk banner: a short status and a sentence; for a province or the nation with offices at
/// risk, the roll-up's headline first (how many, who runs out first), the pooled picture after.
pub fn banner(b: &BriefingInput) -> (String, String) {
    let (mut status, mut sentence) = pooled_banner(b);
    if let Some(lead) = &b.lead {
        // A roll-up with offices at risk leads with them; the pooled picture comes second.
        let first = lead.first_out.as_deref().map_or(String::new(), |f| format!("{f} "));
        status.clone_from(&lead.counts);
        sentence = format!("{first}{sentence}");
    }
    if let Some(stale) = stale_sentence(b) {
        sentence.push(' ');
        sentence.push_str(&stale);
    }
    (status, sentence)
}

/// The late-reporter sentence (`headline::stale_words`), for an office or a roll-up.
fn stale_sentence(b: &BriefingInput) -> Option<String> {
    super::headline::stale_words(b.last_report, b.stale_days, b.pooled)
}

/// The what-if in one sentence: `Bila tambahan 20.000 keping tiba 20 November 2022: perkiraan
/// habis 5 Januari 2023, status HIJAU (tanpa itu: 10 November 2022, MERAH).`
pub fn what_if(b: &BriefingInput) -> Option<String> {
    let w = b.what_if.as_ref()?;
    let unit = unit(b.item);
    let parts: Vec<String> = w
        .assumptions
        .iter()
        .map(|a| match a {
            Assumption::ShipAllocations => "seluruh alokasi yang belum dikirim dikirim hari ini".to_string(),
            Assumption::Loans { net } if *net > 0 => {
                format!("pinjaman {} {unit} dari kabupaten/kota lain diterima", format_id(*net))
            }
            Assumption::Loans { net } if *net < 0 => {
                format!("{} {unit} dipinjamkan ke kabupaten/kota lain", format_id(-net))
            }
            Assumption::Loans { .. } => "rencana pinjaman provinsi dijalankan".to_string(),
            Assumption::Delay { reference, days } => {
                format!("kiriman {reference} terlambat {} hari kerja", format_id(i64::from(*days)))
            }
            Assumption::Extra { quantity, on } => {
                format!("tambahan {} {unit} tiba {}", format_id(*quantity), dates::long(*on))
            }
        })
        .collect();
    let assumed = match parts.as_slice() {
        [init @ .., last] if !init.is_empty() => format!("{} dan {last}", init.join(", ")),
        _ => parts.join(""),
    };
    let when = |d: Option<chrono::NaiveDate>| d.map_or_else(|| NOT_WITHIN_HORIZON.to_string(), dates::long);
    let then = match w.stockout {
        Some(d) => format!("perkiraan habis {}", dates::long(d)),
        None => "stok cukup lebih dari 90 hari kerja".to_string(),
    };
    Some(format!(
        "Bila {assumed}: {then}, status {} (tanpa itu: {}, {}).",
        w.risk.label().to_uppercase(),
        when(b.stockout.map(|s| s.p50)),
        b.risk.label().to_uppercase()
    ))
}

fn pooled_banner(b: &BriefingInput) -> (String, String) {
    let lead = format_id(b.lead_time_days.round() as i64);
    let twice = format_id((b.lead_time_days * 2.0).round() as i64);
    match b.risk {
        Risk::Habis => (
            "STATUS HABIS: stok sudah kosong".to_string(),
            "Pencetakan KTP-el berhenti sampai kiriman baru tiba.".to_string(),
        ),
        // A region is as much at risk as its first office to run out (SPEC §7, roll-ups).
        Risk::Merah if b.pooled => (
            "STATUS MERAH: stok kantor hampir habis".to_string(),
            format!(
                "Stok sedikitnya satu kabupaten/kota akan habis sebelum kiriman baru sempat tiba (pengiriman makan waktu sekitar {lead} hari kerja), walau stok wilayah secara keseluruhan lebih banyak."
            ),
        ),
        Risk::Kuning if b.pooled => (
            "STATUS KUNING: stok kantor menipis".to_string(),
            format!(
                "Stok sedikitnya satu kabupaten/kota cukup untuk kurang dari {twice} hari kerja. Kiriman atau pinjaman perlu diatur sekarang."
            ),
        ),
        Risk::Merah => (
            "STATUS MERAH: stok hampir habis".to_string(),
            format!(
                "Stok akan habis sebelum kiriman baru sempat tiba (pengiriman makan waktu sekitar {lead} hari kerja)."
            ),
        ),
        Risk::Kuning => (
            "STATUS KUNING: stok menipis".to_string(),
            format!(
                "Stok cukup untuk kurang dari {twice} hari kerja. Permintaan perlu diajukan sekarang agar pencetakan tidak terputus."
            ),
        ),
        Risk::Hijau if b.pooled => (
            "STATUS HIJAU: stok bersama cukup".to_string(),
            format!("Bila dibagi merata, stok cukup untuk {twice} hari kerja atau lebih."),
        ),
        Risk::Hijau => {
            ("STATUS HIJAU: stok aman".to_string(), format!("Stok cukup untuk {twice} hari kerja atau lebih."))
        }
    }
}

/// What to ask the centre for, in one sentence, and why that amount.
pub fn ask(b: &BriefingInput) -> (String, String) {
    let target = format_id(b.target_cover_days.round() as i64);
    if b.reorder_quantity <= 0 {
        return (
            "Belum perlu mengajukan tambahan ke Ditjen Dukcapil.".to_string(),
            format!(
                "Stok dan kiriman yang sedang berjalan cukup untuk {target} hari kerja ke depan dan untuk warga yang sedang menunggu."
            ),
        );
    }
    // No-break spaces keep the number with its unit and the date in one piece when wrapped.
    let amount = format!("{}\u{a0}{} {}", format_id(b.reorder_quantity), unit(b.item), noun(b.item));
    let when = match b.request_by {
        Some(d) if d > b.as_of => format!("sebelum {}", dates::long(d).replace(' ', "\u{a0}")),
        _ => "segera".to_string(),
    };
    // The centre has nobody to ask: it procures.
    let request = if b.region_code == "PUSAT" {
        format!("Siapkan pengadaan tambahan {amount} {when}.")
    } else {
        format!("Ajukan tambahan {amount} ke Ditjen Dukcapil {when}.")
    };
    (
        request,
        format!(
            "Jumlah ini cukup untuk {target} hari kerja ke depan dan untuk mencetak KTP-el warga yang sedang menunggu, setelah dikurangi stok dan kiriman yang sedang berjalan."
        ),
    )
}

/// Footer line: where the numbers come from.
pub fn footer(b: &BriefingInput) -> String {
    format!(
        "Sumber: catatan stok, pencetakan dan antrean cetak per {}. Hari kerja: Senin–Jumat di luar hari libur nasional. Perkiraan dapat berubah bila laju cetak atau kiriman berubah.",
        dates::long(b.as_of)
    )
}

/// What residents complain about, in one or two sentences: `47 warga mengadu dalam 30 hari
/// terakhir (20 blanko habis, 12 antrean); 6 aduan lewat 14 hari tanpa tindak lanjut.`, led by a
/// warning when the book is in doubt or demand goes unmet.
pub fn complaints(b: &BriefingInput) -> Option<String> {
    let c = b.complaints?;
    let mut out = String::new();
    if c.book_doubtful {
        out.push_str(
            "PERINGATAN: warga melaporkan blanko habis dalam 5 hari kerja terakhir padahal buku stok masih \
             mencatat persediaan; periksa stok fisik. ",
        );
    }
    if c.unmet_demand {
        out.push_str("Aduan antrean melonjak sementara pencetakan turun: ada permintaan yang tidak terlayani. ");
    }
    let mut parts = Vec::new();
    if c.stock_out > 0 {
        parts.push(format!("{} blanko habis", format_id(i64::from(c.stock_out))));
    }
    if c.queue > 0 {
        parts.push(format!("{} antrean", format_id(i64::from(c.queue))));
    }
    let detail = if parts.is_empty() { String::new() } else { format!(" ({})", parts.join(", ")) };
    let _ = write!(
        out,
        "{} warga mengadu dalam {} hari terakhir{detail}; ",
        format_id(i64::from(c.recent_total)),
        c.window_days
    );
    if c.overdue == 0 {
        let _ = write!(out, "tidak ada aduan yang lewat {} hari tanpa tindak lanjut.", c.follow_up_days);
    } else {
        let _ = write!(
            out,
            "{} aduan lewat {} hari tanpa tindak lanjut.",
            format_id(i64::from(c.overdue)),
            c.follow_up_days
        );
    }
    Some(out)
}
