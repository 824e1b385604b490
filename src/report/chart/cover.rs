//! Days of cover per region, coloured by risk, against the lead time.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bars::{HBar, RefLine, draw_hbars, foot_note, rows_that_fit};
use super::common::{self, DrawResult, INK, Look, Mark};
use super::{CoverBar, CoverChart};
use crate::report::risk::{Risk, RiskStyle};

/// Order of regions in the cover chart: empty first, then the shortest cover.
fn cover_key(b: &CoverBar) -> (u8, f64) {
    match (b.risk, b.days_of_cover) {
        (Risk::Habis, _) => (0, 0.0),
        (_, Some(d)) if d.is_finite() => (1, d),
        _ => (2, 0.0),
    }
}

/// Days of cover per region, emptiest first, with the risk legend and the lead-time line.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, look: Look, c: &CoverChart) -> DrawResult<DB> {
    let lead = if c.lead_time_days.is_finite() { c.lead_time_days.max(1.0) } else { 10.0 };
    let lead_txt = format!("{lead:.0}");
    let twice_txt = format!("{:.0}", lead * 2.0);
    let legend_labels = [
        (Risk::Habis, "Habis".to_string()),
        (Risk::Merah, format!("Merah: kurang dari {lead_txt} hari")),
        (Risk::Kuning, format!("Kuning: {lead_txt} sampai {twice_txt} hari")),
        (Risk::Hijau, format!("Hijau: {twice_txt} hari atau lebih")),
    ];
    let legend: Vec<(Mark, &str)> = legend_labels.iter().map(|(r, t)| (Mark::Box(rgb(*r)), t.as_str())).collect();
    let area = &common::legend(area, look, &legend)?;
    if c.rows.is_empty() {
        return common::empty(area, look);
    }
    let mut rows: Vec<_> = c.rows.iter().collect();
    rows.sort_by(|a, b| {
        cover_key(a).partial_cmp(&cover_key(b)).unwrap_or(std::cmp::Ordering::Equal).then_with(|| a.name.cmp(&b.name))
    });
    let fit = rows_that_fit(area, look, 15, 26, rows.len());
    let note = (rows.len() > fit)
        .then(|| format!("Ditampilkan {fit} dari {} wilayah, yang paling cepat habis lebih dulu.", rows.len()));
    rows.truncate(fit);
    let body = foot_note(area, look, note)?;
    // Long covers are cut at a cap so that the short ones, which matter, stay visible.
    let longest = rows.iter().filter_map(|r| r.days_of_cover).filter(|d| d.is_finite()).fold(0.0, f64::max);
    let cap = longest.clamp(lead * 2.5, 120.0);
    let bars: Vec<HBar> = rows
        .iter()
        .map(|r| {
            let (value, value_text) = match (r.risk, r.days_of_cover) {
                (Risk::Habis, _) => (0.0, "habis".to_string()),
                (_, Some(d)) if d.is_finite() && d > cap => (cap, format!("lebih dari {cap:.0} hari")),
                // Whole days, rounded down like the briefing: 7,7 days of cover is 7 full days.
                (_, Some(d)) if d.is_finite() => (d.max(0.0), format!("{:.0} hari", d.max(0.0).floor())),
                _ => (0.0, "belum ada pemakaian".to_string()),
            };
            let value_color = (r.risk == Risk::Habis).then(|| rgb(Risk::Habis));
            HBar { label: r.name.clone(), value, color: rgb(r.risk), value_text, value_color }
        })
        .collect();
    let refs = [RefLine { at: lead, label: format!("Waktu kirim: {lead_txt} hari kerja"), color: INK }];
    draw_hbars(&body, look, &bars, cap * 1.25, "Hari kerja sampai stok habis", &refs)
}

fn rgb(risk: Risk) -> RGBColor {
    let (r, g, b) = risk.rgb();
    RGBColor(r, g, b)
}
