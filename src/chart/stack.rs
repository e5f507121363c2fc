//! Stacked columns: one column per category (a pipeline stage), one coloured segment per series
//! (a source or an owner), a total above each column and a legend; optionally a line over the
//! columns on its own 0–100 % scale (the connect rate over calls per day).

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
    /// A rate drawn as a line over the columns, if any.
    pub line: Option<Overlay>,
}

/// A line over the columns on its own scale from 0 to 1, labelled at the end side.
#[derive(Clone, Debug, PartialEq)]
pub struct Overlay {
    /// Legend name.
    pub name: String,
    /// One fraction (0–1) per column; `None` where there is nothing to measure (a gap).
    pub values: Vec<Option<f64>>,
    /// Scale labels for 0, ½ and 1, already formatted.
    pub ticks: [String; 3],
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
    /// The box the columns stand in (its bottom is the baseline).
    pub plot: Rect,
    /// Points of the overlay line, one per column (`None`: a gap).
    pub line: Vec<Option<(i32, i32)>>,
}

/// Legend names: the series, then the line.
fn names(stack: &Stack) -> Vec<&str> {
    let mut names: Vec<&str> = stack.series.iter().map(|s| s.name.as_str()).collect();
    if let Some(line) = &stack.line {
        names.push(line.name.as_str());
    }
    names
}

/// Where each segment goes.
pub fn layout(stack: &Stack, frame: &Frame) -> Layout {
    let (w, h) = (frame.width as i32, frame.height as i32);
    let pad = frame.px(8.0);
    let legend = frame.px(22.0) * legend_rows(&names(stack), frame);
    let top = legend + frame.px(22.0);
    let bottom = h - frame.px(26.0);
    // The line's scale labels take a gutter at the end side.
    let gutter = if stack.line.is_some() {
        frame.px(36.0)
    } else {
        0
    };
    let (left, right) = if frame.rtl {
        (pad + gutter, w - pad)
    } else {
        (pad, w - pad - gutter)
    };
    let n = stack.columns.len().max(1) as i32;
    let slot = ((right - left) / n).max(1);
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
            let x0 = left + slot * slot_index + (slot - bar_w) / 2;
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
    let line = stack.line.as_ref().map_or_else(Vec::new, |l| {
        (0..stack.columns.len())
            .map(|c| {
                let v = l.values.get(c).copied().flatten()?.clamp(0.0, 1.0);
                let slot_index = if frame.rtl {
                    n - 1 - c as i32
                } else {
                    c as i32
                };
                let x = left + slot * slot_index + slot / 2;
                Some((x, bottom - (v * f64::from(bottom - top)).round() as i32))
            })
            .collect()
    });
    Layout {
        segments,
        legend,
        plot: Rect {
            x0: left,
            y0: top,
            x1: right,
            y1: bottom,
        },
        line,
    }
}

/// Draw every `n`-th of these labels so labels of about 7 CSS px a character do not overlap
/// (many columns: days of a month); a few columns always show every label.
fn label_step(labels: &[String], slot: i32, frame: &Frame) -> usize {
    if labels.len() <= 8 {
        return 1;
    }
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64;
    let slot_css = f64::from(slot.max(1)) / frame.scale;
    ((widest * 7.0 + 8.0) / slot_css).ceil().max(1.0) as usize
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
    let baseline = lay.plot.y1;
    area.draw(&PathElement::new(
        vec![(lay.plot.x0, baseline), (lay.plot.x1, baseline)],
        MUTED.stroke_width(frame.px(1.0).max(1) as u32),
    ))?;
    let slot = (lay.plot.x1 - lay.plot.x0) / cols.max(1) as i32;
    let every = label_step(&stack.columns, slot, frame);
    let every_total = label_step(&stack.totals, slot, frame);
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
        if c % every == 0 {
            area.draw(&text(
                frame,
                stack.columns[c].clone(),
                (x, baseline + frame.px(6.0)),
                text_style(frame, 12.0, &INK, HPos::Center, VPos::Top),
            ))?;
        }
        if let Some(total) = stack.totals.get(c).filter(|_| c % every_total == 0) {
            area.draw(&text(
                frame,
                total.clone(),
                (x, top - frame.px(4.0)),
                text_style(frame, 12.0, &MUTED, HPos::Center, VPos::Bottom),
            ))?;
        }
    }
    if let Some(line) = &stack.line {
        let ink = color(stack.series.len());
        let wide = frame.px(2.0).max(1) as u32;
        // Consecutive measured columns are joined; a column without a value breaks the line.
        for run in lay.line.split(|p| p.is_none()) {
            let points: Vec<(i32, i32)> = run.iter().flatten().copied().collect();
            if points.len() > 1 {
                area.draw(&PathElement::new(points.clone(), ink.stroke_width(wide)))?;
            }
            for p in points {
                area.draw(&Circle::new(p, frame.px(3.0), ink.filled()))?;
            }
        }
        let (x, anchor) = if frame.rtl {
            (lay.plot.x0 - frame.px(4.0), HPos::Right)
        } else {
            (lay.plot.x1 + frame.px(4.0), HPos::Left)
        };
        for (k, tick) in line.ticks.iter().enumerate() {
            let y = lay.plot.y1 - (f64::from(lay.plot.y1 - lay.plot.y0) * k as f64 / 2.0) as i32;
            area.draw(&text(
                frame,
                tick.clone(),
                (x, y),
                text_style(frame, 11.0, &ink, anchor, VPos::Center),
            ))?;
        }
    }
    draw_legend(area, &names(stack), frame)?;
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
            line: None,
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

    #[test]
    fn a_rate_line_joins_measured_columns_and_many_labels_thin_out() {
        let frame = svg::frame(false);
        let days = 30;
        let stack = Stack {
            columns: (1..=days).map(|d| format!("06-{d:02}")).collect(),
            series: vec![Series {
                name: "Sara".into(),
                values: (0..days).map(|d| f64::from(d % 4)).collect(),
            }],
            totals: (0..days).map(|d| (d % 4).to_string()).collect(),
            line: Some(Overlay {
                name: "Connect rate".into(),
                // Days with no calls have no rate: a gap.
                values: (0..days).map(|d| (d % 4 != 0).then_some(0.5)).collect(),
                ticks: ["0%".into(), "50%".into(), "100%".into()],
            }),
        };
        let lay = layout(&stack, &frame);
        let half = (lay.plot.y0 + lay.plot.y1) / 2;
        assert!(lay.line.iter().flatten().all(|p| (p.1 - half).abs() <= 1));
        assert!(lay.plot.x1 < 600 - 8 - 30, "a gutter for the rate's scale");
        let out = svg::render(&frame, |area| {
            draw(area, &stack, &frame).unwrap();
        });
        // Seven runs of three measured days (days 1–3, 5–7, …, 29): 7 lines + baseline.
        assert_eq!(svg::count(&out, "<polyline"), 7 + 1);
        assert_eq!(svg::count(&out, "<circle"), 22);
        let texts = svg::texts(&out);
        for t in ["Sara", "Connect rate", "0%", "50%", "100%", "06-01"] {
            assert!(texts.iter().any(|x| x == t), "{t} in {texts:?}");
        }
        let dates = texts.iter().filter(|t| t.starts_with("06-")).count();
        assert!(dates < 15, "{dates} date labels on 600 px");
        let rtl = layout(&stack, &svg::frame(true));
        assert!(rtl.plot.x0 > 8 + 30, "the gutter is on the left in RTL");
        assert!(
            rtl.line[1].unwrap().0 > rtl.line[2].unwrap().0,
            "days run from the right"
        );
    }
}
