//! Allocated vs shipped vs received per region, as grouped horizontal bars.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::FlowChart;
use super::bars::{fit_rows, foot_note, label_width, row_chart, rows_that_fit};
use super::common::{self, DrawResult, INK, Look, Mark};
use crate::domain::quantity::format_id;

const ALLOCATED: RGBColor = RGBColor(0xa8, 0xb3, 0xc2);
const SHIPPED: RGBColor = RGBColor(0x1f, 0x5f, 0xa8);
const RECEIVED: RGBColor = RGBColor(0x2e, 0x7d, 0x32);

/// Pixels per region: three bars and a gap.
const ROW_PX: i32 = 36;

/// Three bars per region: allocated, shipped, received.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, look: Look, c: &FlowChart) -> DrawResult<DB> {
    let legend = [
        (Mark::Box(ALLOCATED), "Dialokasikan"),
        (Mark::Box(SHIPPED), "Dikirim"),
        (Mark::Box(RECEIVED), "Diterima (layak pakai)"),
    ];
    let area = &common::legend(area, look, &legend)?;
    if c.rows.is_empty() {
        return common::empty(area, look);
    }
    // Where the chain stalls matters most: largest allocated-but-not-received first.
    let mut rows: Vec<_> = c.rows.iter().collect();
    rows.sort_by(|a, b| (b.allocated - b.received).cmp(&(a.allocated - a.received)).then_with(|| a.name.cmp(&b.name)));
    let fit = rows_that_fit(area, look, ROW_PX, 6, rows.len());
    let note = (rows.len() > fit).then(|| {
        format!("Ditampilkan {fit} dari {} wilayah, selisih alokasi dan penerimaan terbesar lebih dulu.", rows.len())
    });
    rows.truncate(fit);
    let body = foot_note(area, look, note)?;
    let body = fit_rows(&body, look, rows.len(), 66, 40 + 6 + 6);

    let name_px = label_width(&body, look, rows.iter().map(|r| r.name.clone()));
    let label_style = look.text(13.0, INK);
    let names: Vec<String> =
        rows.iter().map(|r| common::fit(&body, &r.name, &label_style, name_px - look.px(14))).collect();
    let max = rows.iter().flat_map(|r| [r.allocated, r.shipped, r.received]).max().unwrap_or(0).max(1) as f64;
    let mut chart = row_chart(&body, look, 6, max * 1.2, &names, name_px, "Keping")?;
    let row_px = f64::from(chart.plotting_area().dim_in_pixel().1) / rows.len() as f64;
    let show_values = row_px / 3.6 >= f64::from(look.px(11));
    let value_style = look.text(11.0, INK).pos(Pos::new(HPos::Left, VPos::Center));
    for (i, r) in rows.iter().enumerate() {
        for (k, (value, color)) in
            [(r.allocated, ALLOCATED), (r.shipped, SHIPPED), (r.received, RECEIVED)].into_iter().enumerate()
        {
            let y0 = i as f64 + 0.1 + 0.27 * k as f64;
            let y1 = y0 + 0.25;
            let v = value.max(0) as f64;
            chart.draw_series(std::iter::once(Rectangle::new([(0.0, y0), (v, y1)], color.filled())))?;
            if show_values {
                let label = EmptyElement::at((v, f64::midpoint(y0, y1)))
                    + Text::new(format_id(value), (look.px(5), 0), value_style.clone());
                chart.plotting_area().draw(&label)?;
            }
        }
    }
    Ok(())
}
