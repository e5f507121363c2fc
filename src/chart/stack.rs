//! Stacked columns: one column per category (a pipeline stage), one coloured segment per series
//! (a source or an owner), a total above each column and a legend.

use super::{color, draw_legend, legend_rows, text, text_style, Frame, Rect, INK, MUTED};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The chart's input: category names, series (name and one value per category) and the
/// formatted total shown above each column.
#[derive(Clone, Debug, PartialEq)]
pub struct Stack {
    /// Category (column) names, in order.
    pub columns: Vec<String>,
    /// Series, bottom segment first.
    pub series: Vec<Series>,
    /// Formatted total per column.
    pub totals: Vec<String>,
}

/// One series of a stacked chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// One value per column (same unit across series).
    pub values: Vec<f64>,
}

/// Segment rectangles, `[series][column]` flattened series-major, plus the legend height.
pub struct Layout {
    /// One rectangle per (series, column): index `s * columns + c`.
    pub segments: Vec<Rect>,
    /// Height of the legend band at the top.
    pub legend: i32,
}

/// Where each segment goes.
pub fn layout(stack: &Stack, frame: &Frame) -> Layout {
    let (w, h) = (frame.width as i32, frame.height as i32);
    let pad = frame.px(8.0);
    let names: Vec<&str> = stack.series.iter().map(|s| s.name.as_str()).collect();
    let legend = frame.px(22.0) * legend_rows(&names, frame);
    let top = legend + frame.px(22.0);
    let bottom = h - frame.px(26.0);
    let n = stack.columns.len().max(1) as i32;
    let slot = ((w - 2 * pad) / n).max(1);
    let bar_w = (slot * 60 / 100).max(1);
    let totals: Vec<f64> = (0..stack.columns.len())
        .map(|c| {
            stack
                .series
                .iter()
                .map(|s| s.values.get(c).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let largest = totals.iter().copied().fold(0.0, f64::max);
    let scale = if largest > 0.0 {
        f64::from((bottom - top).max(1)) / largest
    } else {
        0.0
    };
    let mut segments = Vec::with_capacity(stack.series.len() * stack.columns.len());
    for series in &stack.series {
        for c in 0..stack.columns.len() {
            let below: f64 = stack
                .series
                .iter()
                .take_while(|s| !std::ptr::eq(*s, series))
                .map(|s| s.values.get(c).copied().unwrap_or(0.0))
                .sum();
            let value = series.values.get(c).copied().unwrap_or(0.0);
            // Columns run right to left in RTL, so the first stage is where the eye starts.
            let slot_index = if frame.rtl {
                n - 1 - c as i32
            } else {
                c as i32
            };
            let x0 = pad + slot * slot_index + (slot - bar_w) / 2;
            let y1 = bottom - (below * scale).round() as i32;
            let y0 = bottom - ((below + value) * scale).round() as i32;
            segments.push(Rect {
                x0,
                y0,
                x1: x0 + bar_w,
                y1,
            });
        }
    }
    Layout { segments, legend }
}

/// Draws the stacked columns; returns the segment rectangles (series-major) for hit-testing.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    stack: &Stack,
    frame: &Frame,
) -> Result<Vec<Rect>, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let lay = layout(stack, frame);
    let cols = stack.columns.len();
    for (i, rect) in lay.segments.iter().enumerate() {
        if rect.y1 > rect.y0 {
            area.draw(&Rectangle::new(
                rect.corners(),
                color(i / cols.max(1)).filled(),
            ))?;
        }
    }
    let baseline = frame.height as i32 - frame.px(26.0);
    area.draw(&PathElement::new(
        vec![
            (frame.px(8.0), baseline),
            (frame.width as i32 - frame.px(8.0), baseline),
        ],
        MUTED.stroke_width(frame.px(1.0).max(1) as u32),
    ))?;
    for c in 0..cols {
        // The column's extent is that of its first series' segment (all share x).
        let Some(r) = lay.segments.get(c) else {
            continue;
        };
        let x = (r.x0 + r.x1) / 2;
        let top = (0..stack.series.len())
            .filter_map(|s| lay.segments.get(s * cols + c))
            .map(|r| r.y0)
            .min()
            .unwrap_or(baseline);
        area.draw(&text(
            frame,
            stack.columns[c].clone(),
            (x, baseline + frame.px(6.0)),
            text_style(frame, 12.0, &INK, HPos::Center, VPos::Top),
        ))?;
        if let Some(total) = stack.totals.get(c) {
            area.draw(&text(
                frame,
                total.clone(),
                (x, top - frame.px(4.0)),
                text_style(frame, 12.0, &MUTED, HPos::Center, VPos::Bottom),
            ))?;
        }
    }
    let names: Vec<&str> = stack.series.iter().map(|s| s.name.as_str()).collect();
    draw_legend(area, &names, frame)?;
    Ok(lay.segments)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::chart::svg;

    fn stack() -> Stack {
        Stack {
            columns: vec!["Lead".into(), "MQL".into(), "SQL".into()],
            series: vec![
                Series {
                    name: "Website".into(),
                    values: vec![30.0, 10.0, 5.0],
                },
                Series {
                    name: "Telesales".into(),
                    values: vec![20.0, 10.0, 0.0],
                },
            ],
            totals: vec!["50".into(), "20".into(), "5".into()],
        }
    }

    #[test]
    fn segments_stack_and_scale_to_the_tallest_column() {
        let frame = svg::frame(false);
        let lay = layout(&stack(), &frame);
        assert_eq!(lay.segments.len(), 6);
        let (web_lead, tel_lead) = (lay.segments[0], lay.segments[3]);
        assert_eq!(tel_lead.y1, web_lead.y0, "telesales sits on website");
        let height = |r: Rect| r.y1 - r.y0;
        let lead = height(web_lead) + height(tel_lead);
        let mql = height(lay.segments[1]) + height(lay.segments[4]);
        assert!((f64::from(mql) / f64::from(lead) - 0.4).abs() < 0.02);
        assert_eq!(height(lay.segments[5]), 0, "a zero segment has no height");
        let out = svg::render(&frame, |area| {
            draw(area, &stack(), &frame).unwrap();
        });
        // Background, five non-empty segments, two legend swatches.
        assert_eq!(svg::count(&out, "<rect"), 1 + 5 + 2);
        let texts = svg::texts(&out);
        for t in [
            "Lead",
            "MQL",
            "SQL",
            "50",
            "20",
            "5",
            "Website",
            "Telesales",
        ] {
            assert!(texts.iter().any(|x| x == t), "{t} in {texts:?}");
        }
    }

    #[test]
    fn right_to_left_reverses_the_columns() {
        let (ltr, rtl) = (svg::frame(false), svg::frame(true));
        let a = layout(&stack(), &ltr);
        let b = layout(&stack(), &rtl);
        assert!(a.segments[0].x0 < a.segments[2].x0);
        assert!(
            b.segments[0].x0 > b.segments[2].x0,
            "first stage on the right"
        );
    }
}
