//! A histogram with marker lines (median, p90): the sales-cycle distribution.

use super::{text, text_style, Frame, Rect, HIGHLIGHT, INK, MUTED, PALETTE};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The chart's input: one label and count per bin, and markers at positions measured in bins
/// (1.5 is the middle of the second bin).
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    /// Bin labels, already formatted.
    pub labels: Vec<String>,
    /// Count per bin.
    pub counts: Vec<f64>,
    /// (position in bins, label) of each marker line.
    pub markers: Vec<(f64, String)>,
}

/// Bars, one per bin, in device pixels.
pub fn layout(h: &Histogram, frame: &Frame) -> (Rect, Vec<Rect>) {
    let (w, ht) = (frame.width as i32, frame.height as i32);
    let plot = Rect {
        x0: frame.px(10.0),
        y0: frame.px(34.0),
        x1: w - frame.px(10.0),
        y1: ht - frame.px(24.0),
    };
    let n = h.counts.len().max(1) as i32;
    let slot = ((plot.x1 - plot.x0) / n).max(1);
    let top = h.counts.iter().copied().fold(0.0, f64::max);
    let bars = h
        .counts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let at = if frame.rtl {
                n - 1 - i as i32
            } else {
                i as i32
            };
            let height = if top > 0.0 {
                (c / top * f64::from(plot.y1 - plot.y0)).round() as i32
            } else {
                0
            };
            Rect {
                x0: plot.x0 + slot * at + frame.px(1.0),
                y0: plot.y1 - height,
                x1: plot.x0 + slot * (at + 1) - frame.px(1.0),
                y1: plot.y1,
            }
        })
        .collect();
    (plot, bars)
}

/// Draws the histogram; returns one full-height band per bin for hit-testing.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    h: &Histogram,
    frame: &Frame,
) -> Result<Vec<Rect>, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let (plot, bars) = layout(h, frame);
    for bar in &bars {
        if bar.y1 > bar.y0 {
            area.draw(&Rectangle::new(
                [(bar.x0, bar.y0), (bar.x1, bar.y1)],
                PALETTE[0].filled(),
            ))?;
        }
    }
    area.draw(&PathElement::new(
        vec![(plot.x0, plot.y1), (plot.x1, plot.y1)],
        MUTED.stroke_width(frame.px(1.0).max(1) as u32),
    ))?;
    let n = h.counts.len().max(1) as f64;
    let x_at = |bins: f64| {
        let t = (bins / n).clamp(0.0, 1.0);
        let t = if frame.rtl { 1.0 - t } else { t };
        plot.x0 + (t * f64::from(plot.x1 - plot.x0)).round() as i32
    };
    for (k, (pos, label)) in h.markers.iter().enumerate() {
        let x = x_at(*pos);
        let color = if k == 0 { INK } else { HIGHLIGHT };
        area.draw(&PathElement::new(
            vec![(x, plot.y0 - frame.px(4.0)), (x, plot.y1)],
            color.stroke_width(frame.px(2.0).max(1) as u32),
        ))?;
        let y = frame.px(8.0) + frame.px(14.0) * k as i32;
        area.draw(&text(
            frame,
            label.clone(),
            (x, y),
            text_style(frame, 12.0, &color, HPos::Center, VPos::Top),
        ))?;
    }
    // As many bin labels as fit.
    let widest = h
        .labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1) as f64;
    let slot_css = f64::from(bars.first().map_or(1, |b| b.x1 - b.x0 + 2)) / frame.scale;
    let every = ((widest * 6.5 + 8.0) / slot_css).ceil().max(1.0) as usize;
    for (i, label) in h.labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let b = bars[i];
        area.draw(&text(
            frame,
            label.clone(),
            ((b.x0 + b.x1) / 2, plot.y1 + frame.px(6.0)),
            text_style(frame, 11.0, &MUTED, HPos::Center, VPos::Top),
        ))?;
    }
    Ok(bars.iter().map(|b| Rect { y0: plot.y0, ..*b }).collect())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::chart::svg;

    fn hist() -> Histogram {
        Histogram {
            labels: (0..6).map(|i| format!("{}–{}", i * 7, i * 7 + 6)).collect(),
            counts: vec![2.0, 8.0, 5.0, 0.0, 1.0, 1.0],
            markers: vec![(1.6, "median 11 d".into()), (4.3, "p90 30 d".into())],
        }
    }

    #[test]
    fn bars_follow_counts_and_markers_are_drawn() {
        let frame = svg::frame(false);
        let (_, bars) = layout(&hist(), &frame);
        let height = |r: &Rect| r.y1 - r.y0;
        assert_eq!(height(&bars[3]), 0);
        assert!((f64::from(height(&bars[0])) / f64::from(height(&bars[1])) - 0.25).abs() < 0.02);
        let out = svg::render(&frame, |area| {
            draw(area, &hist(), &frame).unwrap();
        });
        assert_eq!(
            svg::count(&out, "<rect"),
            1 + 5,
            "background and five non-empty bins"
        );
        let texts = svg::texts(&out);
        assert!(texts.iter().any(|t| t == "median 11 d") && texts.iter().any(|t| t == "p90 30 d"));
        assert!(
            svg::count(&out, "stroke=\"#D55E00\"") >= 1,
            "p90 marker highlighted"
        );
    }

    #[test]
    fn right_to_left_puts_short_cycles_on_the_right() {
        let (_, bars) = layout(&hist(), &svg::frame(true));
        assert!(bars[0].x0 > bars[5].x0);
    }
}
