//! The one-page briefing for a regent (SPEC §8): printable A4 HTML, and the
//! same as one PNG image to share in a chat.

use std::fmt::Write as _;

use super::ReportError;
use super::briefing_input::BriefingInput;
use super::briefing_text::{self as words};
use super::chart::{Chart, Size};
use super::risk::{RiskStyle, hex};

/// Escapes text for HTML content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Chart sizes on the page (186 mm wide, 70 and 84 mm tall, leaving room for a
/// banner and a request of two lines each) and their text scale: larger than a
/// screen chart's, so that it prints at about 7 pt.
const HTML_STOCK: (Size, f64) = (Size { width: 1000, height: 376 }, 1.35);
const HTML_DETAIL: (Size, f64) = (Size { width: 1000, height: 452 }, 1.25);

const CSS: &str = "@page{size:A4 portrait;margin:12mm}\
*{box-sizing:border-box}\
html,body{margin:0;padding:0;background:#fff}\
body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;color:#212121;font-size:10pt;line-height:1.3}\
.page{width:186mm;margin:0 auto}\
h1{font-size:16pt;margin:0}\
.sub{margin:1mm 0 0;color:#555;font-size:10.5pt}\
.banner{margin:2.5mm 0 2mm;padding:2mm 4mm;border-radius:2mm}\
.banner strong{display:block;font-size:13pt}\
.numbers{display:grid;grid-template-columns:repeat(3,1fr);gap:2mm}\
.box{border:0.3mm solid #c8c8c8;border-radius:1.5mm;padding:1.2mm 3mm}\
.box .label{font-size:8.5pt;color:#555}\
.box .value{font-size:13.5pt;font-weight:bold;margin:0.3mm 0}\
.box .note{font-size:7.5pt;color:#666}\
.ask{margin:2mm 0;padding:1.8mm 4mm;background:#f4f4f4;border-left:2mm solid}\
.ask strong{display:block;font-size:12pt}\
.ask span{font-size:8.5pt;color:#444}\
.whatif{margin:0 0 2mm;padding:1.5mm 4mm;border:0.3mm dashed #888;font-size:9.5pt}\
.complaints{margin:0 0 2mm;padding:1.5mm 4mm;border:0.3mm solid #c8c8c8;font-size:9.5pt}\
.complaints.warn{border:0.6mm solid #c62828;background:#fdecea}\
figure{margin:0 0 1mm;break-inside:avoid}\
figure svg{display:block;width:100%}\
figure.stock svg{height:70mm}\
figure.detail svg{height:84mm}\
.complaints~figure.stock svg{height:60mm}\
.complaints~figure.detail svg{height:74mm}\
footer{font-size:7pt;color:#777}\
.banner,.ask,.complaints{-webkit-print-color-adjust:exact;print-color-adjust:exact}\
@media screen{body{background:#e8e8e8}.page{background:#fff;padding:12mm;width:210mm;margin:5mm auto}}";

/// The briefing as one self-contained, printable A4 HTML page.
pub fn briefing_html(b: &BriefingInput) -> Result<String, ReportError> {
    let colour = hex(b.banner_risk().rgb());
    let ink = hex(b.banner_risk().text_rgb());
    let title = format!("{}, per {}", words::heading(b), super::dates::long(b.as_of));
    let mut h = String::with_capacity(64 * 1024);
    // `write!` into a String cannot fail.
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main class=\"page\">",
        escape_html(&title)
    );
    let _ = writeln!(
        h,
        "<header><h1>{}</h1><p class=\"sub\">{}</p></header>",
        escape_html(&words::heading(b)),
        escape_html(&words::subheading(b))
    );
    let (status, sentence) = words::banner(b);
    let _ = writeln!(
        h,
        "<section class=\"banner risk-{}\" style=\"background:{colour};color:{ink}\"><strong>{}</strong>{}</section>",
        b.banner_risk().as_str(),
        escape_html(&status),
        escape_html(&sentence)
    );
    h.push_str("<section class=\"numbers\">\n");
    for n in words::headlines(b) {
        let _ = writeln!(
            h,
            "<div class=\"box\"><div class=\"label\">{}</div><div class=\"value\">{}</div><div class=\"note\">{}</div></div>",
            escape_html(n.label),
            escape_html(&n.value),
            escape_html(&n.note)
        );
    }
    h.push_str("</section>\n");
    let (ask, why) = words::ask(b);
    let _ = writeln!(
        h,
        "<section class=\"ask\" style=\"border-left-color:{colour}\"><strong>{}</strong><span>{}</span></section>",
        escape_html(&ask),
        escape_html(&why)
    );
    if let Some(w) = words::what_if(b) {
        let _ =
            writeln!(h, "<section class=\"whatif\"><strong>Bagaimana jika</strong> — {}</section>", escape_html(&w));
    }
    if let Some(c) = words::complaints(b) {
        let warn = b.complaints.is_some_and(|c| c.book_doubtful || c.unmet_demand);
        let class = if warn { "complaints warn" } else { "complaints" };
        let _ = writeln!(h, "<section class=\"{class}\"><strong>Aduan warga</strong> — {}</section>", escape_html(&c));
    }
    let stock = page_chart(Chart::Stock(&b.stock_chart), HTML_STOCK)?;
    let _ = writeln!(h, "<figure class=\"stock\">{stock}</figure>");
    if let Some(detail) = &b.detail {
        let detail = page_chart(detail.chart(), HTML_DETAIL)?;
        let _ = writeln!(h, "<figure class=\"detail\">{detail}</figure>");
    }
    let _ = writeln!(h, "<footer>{}</footer>\n</main>\n</body>\n</html>", escape_html(&words::footer(b)));
    Ok(h)
}

/// A chart as inline SVG for the page: titled by its subject only (the page
/// heading names region and date), no XML prolog.
fn page_chart(chart: Chart<'_>, (size, scale): (Size, f64)) -> Result<String, ReportError> {
    let look = super::chart::common::Look::scaled(scale);
    let svg = super::chart::render_svg(size, |area| chart.draw_with(area, &chart.subject(), look))?;
    Ok(match svg.find("<svg") {
        Some(i) if i > 0 => svg[i..].to_string(),
        _ => svg,
    })
}

/// The briefing as one PNG image (1240 × 1754, A4 at 150 dpi) to share in a chat.
pub fn briefing_png(b: &BriefingInput) -> Result<Vec<u8>, ReportError> {
    super::chart::render_png(super::briefing_png::SIZE, |area| super::briefing_png::draw(area, b))
}

#[cfg(test)]
#[path = "briefing_tests.rs"]
mod tests;
