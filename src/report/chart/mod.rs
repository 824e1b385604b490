//! Charts (SPEC §8), drawn once for any plotters backend and rendered as PNG
//! bytes or SVG text.

mod axis;
mod bars;
pub(crate) mod common;
mod complaints;
mod cover;
mod flow;
mod input;
mod raster;
mod stock;
#[cfg(test)]
pub(crate) mod tests;

use chrono::Datelike;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::ReportError;
use super::dates;
use super::font;
use common::DrawResult;
pub use input::{
    BacklogChart, ComplaintChart, ComplaintWeek, CoverBar, CoverChart, FlowBar, FlowChart, ForecastPoint, NamedCount,
    Size, StockChart, StockPoint, StockoutRange,
};
use raster::RasterBackend;

/// Any of the charts, by reference.
#[derive(Debug, Clone, Copy)]
pub enum Chart<'a> {
    Stock(&'a StockChart),
    Backlog(&'a BacklogChart),
    Cover(&'a CoverChart),
    Flow(&'a FlowChart),
    Complaints(&'a ComplaintChart),
}

impl Chart<'_> {
    /// What the chart shows, without region and date.
    pub fn subject(&self) -> String {
        match self {
            Chart::Stock(c) => format!("Stok {}", c.item.label()),
            Chart::Backlog(c) => format!("Warga Menunggu Cetak KTP-el (PRR) per {}", input::level_title(c.per)),
            Chart::Cover(_) => "Stok Cukup untuk Berapa Hari Kerja".to_string(),
            Chart::Complaints(_) => "Aduan Warga per Minggu dan Stok Blanko".to_string(),
            Chart::Flow(c) => {
                let period = match c.since {
                    None => String::new(),
                    Some(d) if d.ordinal() == 1 && d.year() == c.as_of.year() => format!(" Tahun {}", d.year()),
                    Some(d) => format!(" sejak {}", dates::long(d)),
                };
                format!("Alokasi, Pengiriman dan Penerimaan {}{period}", c.item.label())
            }
        }
    }

    /// Full title: `Stok Blanko KTP-el — Kabupaten Bekasi, per 31 Oktober 2022`.
    pub fn title(&self) -> String {
        let (region, as_of) = match self {
            Chart::Stock(c) => (&c.region_name, c.as_of),
            Chart::Backlog(c) => (&c.region_name, c.as_of),
            Chart::Cover(c) => (&c.region_name, c.as_of),
            Chart::Flow(c) => (&c.region_name, c.as_of),
            Chart::Complaints(c) => (&c.region_name, c.as_of),
        };
        format!("{} — {}, per {}", self.subject(), region, dates::long(as_of))
    }

    /// Draws the chart with `title` filling `area`, on any backend.
    pub(crate) fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, title: &str) -> DrawResult<DB> {
        self.draw_with(area, title, common::Look::for_area(area))
    }

    /// Draws the chart with explicit text and line sizes.
    pub(crate) fn draw_with<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        title: &str,
        look: common::Look,
    ) -> DrawResult<DB> {
        area.fill(&WHITE)?;
        let body = common::title(area, look, title)?;
        match self {
            Chart::Stock(c) => stock::draw(&body, look, c),
            Chart::Backlog(c) => bars::draw_backlog(&body, look, c),
            Chart::Cover(c) => cover::draw(&body, look, c),
            Chart::Flow(c) => flow::draw(&body, look, c),
            Chart::Complaints(c) => complaints::draw(&body, look, c),
        }
    }

    /// The chart as a PNG image.
    pub fn png(&self, size: Size) -> Result<Vec<u8>, ReportError> {
        render_png(size, |area| self.draw(area, &self.title()))
    }

    /// The chart as an SVG document.
    pub fn svg(&self, size: Size) -> Result<String, ReportError> {
        render_svg(size, |area| self.draw(area, &self.title()))
    }
}

fn draw_error<E: std::error::Error + Send + Sync>(e: &DrawingAreaErrorKind<E>) -> ReportError {
    ReportError::Draw(e.to_string())
}

/// Draws on an RGB bitmap of `size` and encodes it as PNG.
pub(crate) fn render_png<F>(size: Size, draw: F) -> Result<Vec<u8>, ReportError>
where
    F: for<'b> FnOnce(&DrawingArea<RasterBackend<'b>, Shift>) -> DrawResult<RasterBackend<'b>>,
{
    font::ensure_registered();
    let size = size.clamped();
    let mut pixels = vec![0u8; size.width as usize * size.height as usize * 3];
    {
        let root = RasterBackend::with_buffer(&mut pixels, (size.width, size.height)).into_drawing_area();
        draw(&root).map_err(|e| draw_error(&e))?;
        root.present().map_err(|e| draw_error(&e))?;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, size.width, size.height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
    encoder.set_compression(png::Compression::Default);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

/// Draws on an SVG document of `size`.
pub(crate) fn render_svg<F>(size: Size, draw: F) -> Result<String, ReportError>
where
    F: for<'b> FnOnce(&DrawingArea<SVGBackend<'b>, Shift>) -> DrawResult<SVGBackend<'b>>,
{
    font::ensure_registered();
    let size = size.clamped();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (size.width, size.height)).into_drawing_area();
        draw(&root).map_err(|e| draw_error(&e))?;
        root.present().map_err(|e| draw_error(&e))?;
    }
    Ok(out)
}
