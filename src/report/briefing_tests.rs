//! The briefing says the numbers it was given, safely, on one page.

use super::*;
use crate::report::chart::tests::{assert_drawn, svg_text};
use crate::report::sample;

#[test]
fn html_carries_the_numbers_and_the_request() {
    let b = sample::briefing();
    let html = briefing_html(&b).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@page{size:A4 portrait"));
    for needle in [
        "Stok Blanko KTP-el — Kabupaten Bekasi",
        "31 Oktober 2022",
        "7.320 keping",
        "2.500 keping",
        "12 hari kerja",
        "16 November 2022",
        "kemungkinan 10–24 November 2022",
        "28.734 orang",
        "4.210 lembar",
        "STATUS MERAH",
        "Ajukan tambahan 12.500\u{a0}keping blanko KTP-el ke Ditjen Dukcapil sebelum 14\u{a0}November\u{a0}2022.",
    ] {
        assert!(html.contains(needle), "missing {needle:?}");
    }
    // Self-contained: inline charts, no scripts, nothing fetched.
    assert_eq!(html.matches("<svg").count(), 2);
    for banned in ["<script", "src=", "<link", "url(", "@import", "https://"] {
        assert!(!html.contains(banned), "found {banned:?}");
    }
    assert_eq!(html.matches("http://").count(), html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count());
}

#[test]
fn a_what_if_and_a_late_report_are_said_beside_the_numbers() {
    use crate::report::{Assumption, WhatIfLine};
    let mut b = sample::briefing();
    assert!(!briefing_html(&b).unwrap().contains("Bagaimana jika"));
    b.stale_days = 3;
    b.last_report = Some(chrono::NaiveDate::from_ymd_opt(2022, 10, 26).unwrap());
    b.what_if = Some(WhatIfLine {
        assumptions: vec![
            Assumption::Extra { quantity: 20_000, on: chrono::NaiveDate::from_ymd_opt(2022, 11, 20).unwrap() },
            Assumption::Delay { reference: "SJ-7".into(), days: 5 },
        ],
        stockout: Some(chrono::NaiveDate::from_ymd_opt(2023, 1, 5).unwrap()),
        risk: crate::report::risk::Risk::Hijau,
    });
    let html = briefing_html(&b).unwrap();
    for needle in [
        "Laporan pencetakan terakhir 26 Oktober 2022, 3 hari kerja lalu",
        "Bagaimana jika",
        "Bila tambahan 20.000 keping tiba 20 November 2022 dan kiriman SJ-7 terlambat 5 hari kerja: \
         perkiraan habis 5 Januari 2023, status HIJAU (tanpa itu: 16 November 2022, MERAH).",
    ] {
        assert!(html.contains(needle), "missing {needle:?}");
    }
    assert_drawn(&briefing_png(&b).unwrap(), crate::report::briefing_png::SIZE, 0.05);
}

#[test]
fn html_escapes_text() {
    let mut b = sample::briefing();
    b.region_name = "Kota <script>alert(1)</script> & \"Uji\"".into();
    b.stock_chart.region_name = b.region_name.clone();
    let html = briefing_html(&b).unwrap();
    assert!(!html.contains("<script>"));
    assert!(html.contains("Kota &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Uji&quot;"));
}

#[test]
fn html_embeds_valid_svg() {
    let html = briefing_html(&sample::briefing()).unwrap();
    let start = html.find("<svg").unwrap();
    let end = html[start..].find("</svg>").unwrap() + start + "</svg>".len();
    let text = svg_text(&html[start..end]);
    assert!(text.contains("Perkiraan habis: 16 Nov"), "{text}");
}

#[test]
fn wording_follows_risk_and_request() {
    let mut b = sample::briefing();
    b.risk = crate::report::risk::Risk::Hijau;
    b.reorder_quantity = 0;
    b.stockout = None;
    let html = briefing_html(&b).unwrap();
    assert!(html.contains("STATUS HIJAU") && html.contains("Belum perlu mengajukan tambahan"));
    b.risk = crate::report::risk::Risk::Habis;
    b.reorder_quantity = 30_000;
    b.request_by = None;
    b.on_hand = 0;
    let html = briefing_html(&b).unwrap();
    assert!(
        html.contains("STATUS HABIS") && html.contains("30.000\u{a0}keping blanko KTP-el ke Ditjen Dukcapil segera.")
    );
}

#[test]
fn png_is_a4_at_150_dpi_and_drawn() {
    let png = briefing_png(&sample::briefing()).unwrap();
    assert_drawn(&png, crate::report::briefing_png::SIZE, 0.10);
}

#[test]
fn briefing_without_data_still_renders() {
    let mut b = sample::briefing();
    b.stock_chart.history.clear();
    b.stock_chart.forecast.clear();
    b.stock_chart.stockout = None;
    b.detail = None;
    b.days_of_cover = None;
    b.stockout = None;
    assert_drawn(&briefing_png(&b).unwrap(), crate::report::briefing_png::SIZE, 0.05);
    assert!(briefing_html(&b).unwrap().contains("Belum ada data"));
}

#[test]
fn complaints_are_told_with_their_warnings() {
    let mut b = sample::briefing();
    assert!(!briefing_html(&b).unwrap().contains("Aduan warga"), "nothing to tell without complaints");
    b.complaints = Some(crate::report::ComplaintLine {
        recent_total: 47,
        window_days: 30,
        stock_out: 20,
        queue: 12,
        overdue: 6,
        follow_up_days: 14,
        book_doubtful: true,
        unmet_demand: false,
    });
    let html = briefing_html(&b).unwrap();
    assert!(html.contains("class=\"complaints warn\""), "a doubtful book is a warning");
    assert!(
        html.contains("47 warga mengadu dalam 30 hari terakhir (20 blanko habis, 12 antrean); 6 aduan lewat 14 hari")
    );
    assert!(html.contains("PERINGATAN: warga melaporkan blanko habis"));
    let calm = crate::report::ComplaintLine { overdue: 0, book_doubtful: false, ..b.complaints.unwrap() };
    b.complaints = Some(calm);
    let html = briefing_html(&b).unwrap();
    assert!(html.contains("class=\"complaints\"") && !html.contains("PERINGATAN"));
    assert!(html.contains("tidak ada aduan yang lewat 14 hari tanpa tindak lanjut"));
    assert_drawn(&briefing_png(&b).unwrap(), crate::report::briefing_png::SIZE, 0.05);
}
