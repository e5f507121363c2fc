//! Trend lines: one line per series across buckets (weeks or months), the previous period as
//! faint lines beneath, a legend and a few gridlines.

use super::{color, draw_legend, legend_rows, stack::Series, text, text_style, Frame, Rect, MUTED};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The chart's input: one x label per bucket, current series and (optionally) the previous
/// period's series in the same order and colours.
#[derive(Clone, Debug, PartialEq)]
pub struct Lines {
    /// Bucket labels, already formatted.
    pub labels: Vec<String>,
    /// Current period, one value per bucket.
    pub series: Vec<Series>,
    /// Previous period (may be empty), drawn faint.
    pub previous: Vec<Series>,
    /// Gridline labels' formatter output for 0, ½ and the top of the scale.
    pub ticks: [String; 3],
}

/// Geometry: the plot box, the scale top, and one hit band per bucket.
pub struct Layout {
    /// Plot box.
    pub plot: Rect,
    /// Value at the top of the plot.
    pub top_value: f64,
    /// One vertical band per bucket (hit-testing shows every series for that bucket).
    pub bands: Vec<Rect>,
}

/// The largest value across current and previous series.
pub fn max_value(lines: &Lines) -> f64 {
    lines
        .series
        .iter()
        .chain(&lines.previous)
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0, f64::max)
}

/// Where the plot and each bucket's band go.
pub fn layout(lines: &Lines, frame: &Frame) -> Layout {
    let (w, h) = (frame.width as i32, frame.height as i32);
    let names: Vec<&str> = lines.series.iter().map(|s| s.name.as_str()).collect();
    let top = frame.px(22.0) * legend_rows(&names, frame) + frame.px(12.0);
    let gutter = frame.px(44.0);
    let (x0, x1) = if frame.rtl {
        (frame.px(10.0), w - gutter)
    } else {
        (gutter, w - frame.px(10.0))
    };
    let plot = Rect {
        x0,
        y0: top,
        x1,
        y1: h - frame.px(24.0),
    };
    let n = lines.labels.len().max(1) as i32;
    let band = ((plot.x1 - plot.x0) / n).max(1);
    let bands = (0..n)
        .map(|i| {
            let slot = if frame.rtl { n - 1 - i } else { i };
            Rect {
                x0: plot.x0 + band * slot,
                y0: plot.y0,
                x1: plot.x0 + band * (slot + 1) - 1,
                y1: plot.y1,
            }
        })
        .collect();
    Layout {
        plot,
        top_value: nice_top(max_value(lines)),
        bands,
    }
}

/// A round number at or above `v` (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ), so the scale and its
/// halfway gridline land on readable values without wasting much height.
pub fn nice_top(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(v.log10().floor());
    [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|t| *t >= v)
        .unwrap_or(10.0 * magnitude)
}

/// Draws the trend; returns one band per bucket for hit-testing.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lines: &Lines,
    frame: &Frame,
) -> Result<Vec<Rect>, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let lay = layout(lines, frame);
    let plot = lay.plot;
    let y_of =
        |v: f64| plot.y1 - ((v / lay.top_value) * f64::from(plot.y1 - plot.y0)).round() as i32;
    let x_of = |i: usize| (lay.bands[i].x0 + lay.bands[i].x1) / 2;
    let thin = frame.px(1.0).max(1) as u32;
    for (k, tick) in lines.ticks.iter().enumerate() {
        let y = y_of(lay.top_value * k as f64 / 2.0);
        area.draw(&PathElement::new(
            vec![(plot.x0, y), (plot.x1, y)],
            MUTED.mix(0.25).stroke_width(thin),
        ))?;
        let (x, anchor) = if frame.rtl {
            (plot.x1 + frame.px(6.0), HPos::Left)
        } else {
            (plot.x0 - frame.px(6.0), HPos::Right)
        };
        area.draw(&text(
            frame,
            tick.clone(),
            (x, y),
            text_style(frame, 11.0, &MUTED, anchor, VPos::Center),
        ))?;
    }
    let path = |s: &Series| -> Vec<(i32, i32)> {
        s.values
            .iter()
            .enumerate()
            .take(lay.bands.len())
            .map(|(i, v)| (x_of(i), y_of(*v)))
            .collect()
    };
    for (k, s) in lines.previous.iter().enumerate() {
        area.draw(&PathElement::new(
            path(s),
            color(k).mix(0.3).stroke_width(thin),
        ))?;
    }
    for (k, s) in lines.series.iter().enumerate() {
        let points = path(s);
        area.draw(&PathElement::new(
            points.clone(),
            color(k).stroke_width(frame.px(2.0).max(1) as u32),
        ))?;
        for p in points {
            area.draw(&Circle::new(p, frame.px(2.5), color(k).filled()))?;
        }
    }
    // Only as many x labels as fit (about 7 CSS px a character plus a gap).
    let widest = lines
        .labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1) as f64;
    let band_css = f64::from(lay.bands.first().map_or(1, |b| b.x1 - b.x0 + 1)) / frame.scale;
    let every = ((widest * 7.0 + 10.0) / band_css).ceil().max(1.0) as usize;
    for (i, label) in lines
        .labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
    {
        area.draw(&text(
            frame,
            label.clone(),
            (x_of(i), plot.y1 + frame.px(6.0)),
            text_style(frame, 11.0, &MUTED, HPos::Center, VPos::Top),
        ))?;
    }
    let names: Vec<&str> = lines.series.iter().map(|s| s.name.as_str()).collect();
    draw_legend(area, &names, frame)?;
    Ok(lay.bands)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::chart::svg;

    fn lines() -> Lines {
        let s = |name: &str, v: &[f64]| Series {
            name: name.into(),
            values: v.to_vec(),
        };
        Lines {
            labels: (1..=6).map(|m| format!("2025-0{m}")).collect(),
            series: vec![
                s("Leads", &[10.0, 14.0, 9.0, 20.0, 18.0, 25.0]),
                s("Customers", &[1.0, 2.0, 2.0, 3.0, 1.0, 4.0]),
            ],
            previous: vec![
                s("Leads", &[8.0, 9.0, 12.0, 11.0, 10.0, 13.0]),
                s("Customers", &[1.0, 1.0, 0.0, 2.0, 2.0, 1.0]),
            ],
            ticks: ["0".into(), "15".into(), "30".into()],
        }
    }

    #[test]
    fn scale_rounds_up_and_points_follow_values() {
        assert_eq!(nice_top(25.0), 25.0);
        assert_eq!(nice_top(26.0), 30.0);
        assert_eq!(nice_top(210_000.0), 250_000.0);
        assert_eq!(nice_top(18.0), 20.0);
        assert_eq!(nice_top(0.0), 1.0);
        assert_eq!(nice_top(100.0), 100.0);
        let frame = svg::frame(false);
        let lay = layout(&lines(), &frame);
        assert_eq!(lay.bands.len(), 6);
        assert!(lay.bands.windows(2).all(|b| b[0].x1 < b[1].x0));
        let out = svg::render(&frame, |area| {
            draw(area, &lines(), &frame).unwrap();
        });
        // Two current and two faint previous lines, three gridlines; 12 point markers.
        assert_eq!(svg::count(&out, "<polyline"), 2 + 2 + 3);
        assert_eq!(svg::count(&out, "<circle"), 12);
        let texts = svg::texts(&out);
        for t in ["Leads", "Customers", "2025-01", "0", "30"] {
            assert!(texts.iter().any(|x| x == t), "{t} in {texts:?}");
        }
    }

    #[test]
    fn right_to_left_runs_time_from_the_right() {
        let (ltr, rtl) = (svg::frame(false), svg::frame(true));
        let a = layout(&lines(), &ltr);
        let b = layout(&lines(), &rtl);
        assert!(a.bands[0].x0 < a.bands[5].x0);
        assert!(b.bands[0].x0 > b.bands[5].x0);
        assert_eq!(
            crate::chart::hit(&b.bands, b.bands[3].x0 + 1, b.plot.y0 + 5),
            Some(3)
        );
    }
}
