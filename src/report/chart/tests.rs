//! Charts decode, have their size, are not blank, and say what they show.

use std::collections::HashSet;

use super::*;
use crate::domain::region::Level;
use crate::report::sample;

/// Decodes a PNG: (width, height, RGB pixels).
pub(crate) fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<[u8; 3]>) {
    let decoder = png::Decoder::new(png_bytes);
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("png frame");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let pixels = buf[..info.buffer_size()].chunks(3).map(|c| [c[0], c[1], c[2]]).collect();
    (info.width, info.height, pixels)
}

/// Asserts a picture of `size` with several colours and a fair share of ink.
pub(crate) fn assert_drawn(png_bytes: &[u8], size: Size, min_ink: f64) {
    let (w, h, pixels) = decode(png_bytes);
    assert_eq!((w, h), (size.width, size.height));
    let colours: HashSet<[u8; 3]> = pixels.iter().copied().collect();
    assert!(colours.len() > 5, "only {} colours", colours.len());
    let ink = pixels.iter().filter(|p| **p != [255, 255, 255]).count() as f64 / pixels.len() as f64;
    assert!(ink > min_ink, "only {:.2}% of pixels drawn", ink * 100.0);
}

/// All text of an SVG, after parsing it as XML.
pub(crate) fn svg_text(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).expect("SVG is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants().filter_map(|n| if n.is_text() { n.text() } else { None }).collect::<Vec<_>>().join("\n")
}

fn all_charts() -> (StockChart, BacklogChart, CoverChart, FlowChart) {
    (sample::stock_chart(), sample::backlog_chart(), sample::cover_chart(), sample::flow_chart())
}

#[test]
fn every_chart_renders_png_and_svg() {
    let (s, b, c, f) = all_charts();
    for chart in [Chart::Stock(&s), Chart::Backlog(&b), Chart::Cover(&c), Chart::Flow(&f)] {
        let png = chart.png(Size::DEFAULT).unwrap();
        assert_drawn(&png, Size::DEFAULT, 0.03);
        let text = svg_text(&chart.svg(Size::DEFAULT).unwrap());
        assert!(text.contains(&chart.subject()), "title missing in {text}");
    }
}

/// The four charts as drawn, reviewed as SVG snapshots (`cargo insta review`).
#[test]
fn snapshots_of_the_four_charts() {
    let (s, b, c, f) = all_charts();
    let charts = [
        ("stock", Chart::Stock(&s)),
        ("backlog", Chart::Backlog(&b)),
        ("cover", Chart::Cover(&c)),
        ("flow", Chart::Flow(&f)),
    ];
    for (name, chart) in charts {
        insta::assert_snapshot!(name, chart.svg(Size::DEFAULT).unwrap());
    }
}

#[test]
fn stock_chart_has_title_dates_and_grouped_numbers() {
    let s = sample::stock_chart();
    let text = svg_text(&Chart::Stock(&s).svg(Size::DEFAULT).unwrap());
    assert!(text.contains("Stok Blanko KTP-el — Kabupaten Bekasi, per 31 Oktober 2022"), "{text}");
    assert!(text.contains("Okt 2022") && text.contains("Agu 2022"), "{text}");
    assert!(text.contains("10.000"), "{text}");
    assert!(text.contains("Perkiraan habis: 16 Nov"), "{text}");
    assert!(text.contains("Rentang kemungkinan"), "{text}");
}

#[test]
fn bar_charts_name_their_rows() {
    let (_, b, c, f) = all_charts();
    let text = svg_text(&Chart::Backlog(&b).svg(Size::DEFAULT).unwrap());
    assert!(text.contains("Tambun Selatan") && text.contains("Bojongmangu"), "{text}");
    let text = svg_text(&Chart::Cover(&c).svg(Size::DEFAULT).unwrap());
    assert!(text.contains("Waktu kirim: 10 hari kerja") && text.contains("habis"), "{text}");
    let text = svg_text(&Chart::Flow(&f).svg(Size::DEFAULT).unwrap());
    assert!(text.contains("Dialokasikan") && text.contains("Diterima"), "{text}");
}

#[test]
fn too_many_rows_are_cut_with_a_note() {
    let mut b = sample::backlog_chart();
    let extra: Vec<NamedCount> = (0..40).map(|i| NamedCount { name: format!("Kecamatan {i}"), value: i }).collect();
    b.rows.extend(extra);
    let text = svg_text(&Chart::Backlog(&b).svg(Size::DEFAULT).unwrap());
    assert!(text.contains("dari 63 kecamatan"), "{text}");
}

#[test]
fn empty_data_says_so() {
    let as_of = sample::d(2022, 10, 31);
    let s = StockChart {
        region_name: "Kota Banjar".into(),
        item: crate::domain::item::Item::Blanko,
        as_of,
        history: vec![],
        forecast: vec![],
        stockout: None,
    };
    let b = BacklogChart { region_name: "Kota Banjar".into(), as_of, per: Level::Kecamatan, rows: vec![] };
    let c = CoverChart { region_name: "Kota Banjar".into(), as_of, lead_time_days: 10.0, rows: vec![] };
    let f = FlowChart {
        region_name: "Kota Banjar".into(),
        item: crate::domain::item::Item::Blanko,
        since: None,
        as_of,
        rows: vec![],
    };
    for chart in [Chart::Stock(&s), Chart::Backlog(&b), Chart::Cover(&c), Chart::Flow(&f)] {
        let text = svg_text(&chart.svg(Size::DEFAULT).unwrap());
        assert!(text.contains("Belum ada data") && text.contains("Kota Banjar"), "{text}");
        assert_drawn(&chart.png(Size::DEFAULT).unwrap(), Size::DEFAULT, 0.002);
    }
}

#[test]
fn odd_inputs_do_not_panic() {
    let as_of = sample::d(2022, 10, 31);
    let one = StockChart {
        region_name: "Kota <Uji> & \"Coba\"".into(),
        item: crate::domain::item::Item::Film,
        as_of,
        history: vec![StockPoint { date: as_of, on_hand: 0 }],
        forecast: vec![],
        stockout: Some(StockoutRange { p10: as_of, p50: as_of, p90: as_of }),
    };
    let text = svg_text(&Chart::Stock(&one).svg(Size { width: 10, height: 10 }).unwrap());
    assert!(text.contains("Kota <Uji> & \"Coba\""), "{text}");
    let zero = BacklogChart {
        region_name: "X".into(),
        as_of,
        per: Level::Kecamatan,
        rows: vec![NamedCount { name: String::new(), value: 0 }],
    };
    Chart::Backlog(&zero).png(Size::DEFAULT).unwrap();
    let mut cover = sample::cover_chart();
    cover.lead_time_days = 0.0;
    cover.rows.truncate(1);
    cover.rows[0].days_of_cover = Some(f64::NAN);
    Chart::Cover(&cover).png(Size { width: 320, height: 200 }).unwrap();
}

/// `cargo test --release -- --ignored --nocapture render_time`
#[test]
#[ignore = "timing; run in release"]
fn render_time() {
    let (s, b, c, f) = all_charts();
    for chart in [Chart::Stock(&s), Chart::Backlog(&b), Chart::Cover(&c), Chart::Flow(&f)] {
        chart.png(Size::DEFAULT).unwrap();
        let runs = 10;
        let start = std::time::Instant::now();
        for _ in 0..runs {
            chart.png(Size::DEFAULT).unwrap();
        }
        let png_ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
        let start = std::time::Instant::now();
        for _ in 0..runs {
            chart.svg(Size::DEFAULT).unwrap();
        }
        let svg_ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
        println!("{}: PNG {png_ms:.1} ms, SVG {svg_ms:.1} ms", chart.subject());
        assert!(png_ms < 100.0, "{} takes {png_ms:.1} ms", chart.subject());
    }
}

/// Writes every chart and the briefing to `$REPORT_OUT` to look at them.
#[test]
#[ignore = "writes files for a person to look at"]
fn write_samples() {
    let dir = std::env::var("REPORT_OUT").unwrap_or_else(|_| "target/report-samples".into());
    std::fs::create_dir_all(&dir).unwrap();
    let (s, b, c, f) = all_charts();
    for (name, chart) in [
        ("stok", Chart::Stock(&s)),
        ("prr", Chart::Backlog(&b)),
        ("cakupan", Chart::Cover(&c)),
        ("alokasi", Chart::Flow(&f)),
    ] {
        std::fs::write(format!("{dir}/{name}.png"), chart.png(Size::DEFAULT).unwrap()).unwrap();
        std::fs::write(format!("{dir}/{name}.svg"), chart.svg(Size::DEFAULT).unwrap()).unwrap();
    }
    let small = Size { width: 640, height: 400 };
    for (name, chart) in [("stok", Chart::Stock(&s)), ("cakupan", Chart::Cover(&c))] {
        std::fs::write(format!("{dir}/{name}-kecil.png"), chart.png(small).unwrap()).unwrap();
    }
    let brief = sample::briefing();
    std::fs::write(format!("{dir}/briefing.html"), crate::report::briefing_html(&brief).unwrap()).unwrap();
    std::fs::write(format!("{dir}/briefing.png"), crate::report::briefing_png(&brief).unwrap()).unwrap();
    // A province: cover per kabupaten/kota as the second chart, amber banner.
    let mut province = sample::briefing();
    province.region_code = "32".into();
    province.region_name = "Provinsi Jawa Barat".into();
    province.stock_chart.region_name = province.region_name.clone();
    province.risk = crate::report::risk::Risk::Kuning;
    province.detail = Some(crate::report::briefing_input::BriefingDetail::Cover(sample::cover_chart()));
    std::fs::write(format!("{dir}/briefing-provinsi.html"), crate::report::briefing_html(&province).unwrap()).unwrap();
    std::fs::write(format!("{dir}/briefing-provinsi.png"), crate::report::briefing_png(&province).unwrap()).unwrap();
    // The worst case for the page: a long name, already empty, many kecamatan.
    let worst = sample::briefing_worst_case();
    std::fs::write(format!("{dir}/briefing-sulit.html"), crate::report::briefing_html(&worst).unwrap()).unwrap();
    std::fs::write(format!("{dir}/briefing-sulit.png"), crate::report::briefing_png(&worst).unwrap()).unwrap();
}

#[test]
fn complaint_chart_stacks_weeks_over_the_stock() {
    let d = |day: u32| chrono::NaiveDate::from_ymd_opt(2022, 11, day).unwrap();
    let chart = ComplaintChart {
        region_name: "Kabupaten Bekasi".into(),
        as_of: d(30),
        weeks: vec![
            ComplaintWeek { week: d(7), counts: [0, 3, 0, 1, 0] },
            ComplaintWeek { week: d(14), counts: [4, 5, 0, 0, 0] },
            ComplaintWeek { week: d(21), counts: [8, 5, 0, 0, 0] },
            ComplaintWeek { week: d(28), counts: [0, 0, 0, 0, 0] },
        ],
        stock: (1..=30).map(|day| StockPoint { date: d(day), on_hand: i64::from(30 - day) * 500 }).collect(),
    };
    let c = Chart::Complaints(&chart);
    assert_drawn(&c.png(Size::DEFAULT).unwrap(), Size::DEFAULT, 0.05);
    let text = svg_text(&c.svg(Size::DEFAULT).unwrap());
    for needle in [
        "Aduan Warga per Minggu dan Stok Blanko — Kabupaten Bekasi",
        "Aduan blanko habis",
        "Stok blanko (sumbu kanan)",
        "Keping",
        "Aduan per minggu",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in {text}");
    }
    let empty = ComplaintChart { weeks: Vec::new(), stock: Vec::new(), ..chart };
    assert!(svg_text(&Chart::Complaints(&empty).svg(Size::DEFAULT).unwrap()).contains("Belum ada data"));
}
