//! The funnel: one centred bar per step, width proportional to its size, the bottleneck
//! highlighted, each step labelled with its count, step conversion and drop-off.

use super::{end, start, text, text_style, Frame, Rect, HIGHLIGHT, INK, MUTED, PALETTE};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// One step as shown: name, size (count or value), caption with its numbers, highlighted or not.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Step name ("Visitors", a stage name).
    pub label: String,
    /// Bar size in any unit (only ratios matter).
    pub size: f64,
    /// Numbers shown beside the bar, already formatted.
    pub caption: String,
    /// The bottleneck step.
    pub highlight: bool,
    /// Too large to draw to scale (visitors are often 100× the leads): drawn full width with a
    /// break mark, and the other bars are scaled among themselves.
    pub beyond_scale: bool,
}

/// Where the bars go: one rectangle per step.
pub fn layout(steps: &[Step], frame: &Frame) -> Vec<Rect> {
    rows_and_bars(steps, frame).1
}

/// Full-width rows (for hit-testing, so a thin bar is still easy to point at) and bars.
fn rows_and_bars(steps: &[Step], frame: &Frame) -> (Vec<Rect>, Vec<Rect>) {
    let n = steps.len().max(1) as i32;
    let (w, h) = (frame.width as i32, frame.height as i32);
    let pad = frame.px(8.0);
    // Name column at the start side, caption column at the end side, bars in between.
    let label_w = w * 20 / 100;
    let caption_w = w * 36 / 100;
    let middle_x0 = if frame.rtl { caption_w } else { label_w };
    let middle_w = (w - label_w - caption_w).max(1);
    let centre = middle_x0 + middle_w / 2;
    let row = ((h - 2 * pad) / n).max(1);
    let bar_h = (row * 62 / 100).max(1);
    let largest = steps
        .iter()
        .filter(|s| !s.beyond_scale)
        .map(|s| s.size)
        .fold(0.0, f64::max);
    let bars = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let share = match (s.beyond_scale, largest > 0.0) {
                (true, _) => 1.0,
                (false, true) => s.size / largest,
                (false, false) => 0.0,
            };
            // A visible sliver even for tiny steps, so a zero is distinguishable from missing.
            let half = ((f64::from(middle_w) * share / 2.0).round() as i32).max(frame.px(1.0));
            let top = pad + row * i as i32 + (row - bar_h) / 2;
            Rect {
                x0: centre - half,
                y0: top,
                x1: centre + half,
                y1: top + bar_h,
            }
        })
        .collect();
    let rows = (0..steps.len() as i32)
        .map(|i| Rect {
            x0: 0,
            y0: pad + row * i,
            x1: w - 1,
            y1: pad + row * (i + 1) - 1,
        })
        .collect();
    (rows, bars)
}

/// Draws the funnel; returns one full-width row per step for hit-testing.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    steps: &[Step],
    frame: &Frame,
) -> Result<Vec<Rect>, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let (rows, bars) = rows_and_bars(steps, frame);
    // Connectors first, so the bars sit on top of them.
    for pair in bars.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        area.draw(&Polygon::new(
            vec![(a.x0, a.y1), (a.x1, a.y1), (b.x1, b.y0), (b.x0, b.y0)],
            PALETTE[0].mix(0.15).filled(),
        ))?;
    }
    let (w, pad) = (frame.width as i32, frame.px(8.0));
    for (step, bar) in steps.iter().zip(&bars) {
        let color = if step.highlight {
            HIGHLIGHT
        } else {
            PALETTE[0]
        };
        if step.beyond_scale {
            area.draw(&Rectangle::new(bar.corners(), color.mix(0.35).filled()))?;
            // A white zigzag through the middle: the bar is cut, not to scale.
            let (mid, amp) = ((bar.x0 + bar.x1) / 2, frame.px(5.0));
            let zig: Vec<(i32, i32)> = (0..=4)
                .map(|k| {
                    let dx = if k % 2 == 0 { -amp } else { amp };
                    (mid + dx, bar.y0 + (bar.y1 - bar.y0) * k / 4)
                })
                .collect();
            area.draw(&PathElement::new(
                zig,
                WHITE.stroke_width(frame.px(3.0).max(1) as u32),
            ))?;
        } else {
            area.draw(&Rectangle::new(bar.corners(), color.filled()))?;
        }
        let y = (bar.y0 + bar.y1) / 2;
        let (label_x, caption_x) = if frame.rtl {
            (w - pad, pad)
        } else {
            (pad, w - pad)
        };
        let weight = if step.highlight { HIGHLIGHT } else { INK };
        area.draw(&text(
            frame,
            step.label.clone(),
            (label_x, y),
            text_style(frame, 13.0, &weight, start(frame), VPos::Center),
        ))?;
        area.draw(&text(
            frame,
            step.caption.clone(),
            (caption_x, y),
            text_style(frame, 12.0, &MUTED, end(frame), VPos::Center),
        ))?;
    }
    if steps.is_empty() {
        area.draw(&text(
            frame,
            "—",
            (w / 2, frame.height as i32 / 2),
            text_style(frame, 14.0, &MUTED, HPos::Center, VPos::Center),
        ))?;
    }
    Ok(rows)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::chart::svg;

    fn steps() -> Vec<Step> {
        [
            ("Visitors", 1000.0),
            ("Lead", 320.0),
            ("MQL", 180.0),
            ("SQL", 98.0),
            ("Customer", 31.0),
        ]
        .iter()
        .enumerate()
        .map(|(i, (label, size))| Step {
            label: label.to_string(),
            size: *size,
            caption: format!("{size} · step {i}"),
            highlight: *label == "SQL",
            beyond_scale: false,
        })
        .collect()
    }

    #[test]
    fn widths_follow_sizes_and_the_bottleneck_is_highlighted() {
        let frame = svg::frame(false);
        let bars = layout(&steps(), &frame);
        let widths: Vec<i32> = bars.iter().map(|r| r.x1 - r.x0).collect();
        assert!(widths.windows(2).all(|w| w[0] > w[1]), "{widths:?}");
        let ratio = f64::from(widths[1]) / f64::from(widths[0]);
        assert!((ratio - 0.32).abs() < 0.02, "320/1000 → {ratio}");
        assert!(
            bars.windows(2).all(|b| b[0].y1 < b[1].y0),
            "rows do not overlap"
        );
        let out = svg::render(&frame, |area| {
            draw(area, &steps(), &frame).unwrap();
        });
        // The background plus one bar per step.
        assert_eq!(svg::count(&out, "<rect"), 1 + 5);
        assert_eq!(
            svg::count(&out, "<polygon"),
            4,
            "a connector between each pair"
        );
        assert_eq!(svg::rects_filled(&out, "#D55E00"), 1, "one highlighted bar");
        assert_eq!(svg::rects_filled(&out, "#0072B2"), 4, "the other bars");
        let texts = svg::texts(&out);
        for label in ["Visitors", "Lead", "MQL", "SQL", "Customer", "320 · step 1"] {
            assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
        }
    }

    #[test]
    fn a_step_beyond_scale_is_cut_and_the_rest_scale_among_themselves() {
        let frame = svg::frame(false);
        let mut big = steps();
        big[0].size = 100_000.0;
        big[0].beyond_scale = true;
        let bars = layout(&big, &frame);
        let widths: Vec<i32> = bars.iter().map(|r| r.x1 - r.x0).collect();
        let ratio = f64::from(widths[2]) / f64::from(widths[1]);
        assert!(
            (ratio - 180.0 / 320.0).abs() < 0.02,
            "MQL/lead kept: {ratio}"
        );
        assert!(widths[0] >= widths[1], "the cut bar spans the width");
        let out = svg::render(&frame, |area| {
            draw(area, &big, &frame).unwrap();
        });
        assert_eq!(svg::count(&out, "stroke=\"#FFFFFF\""), 1, "one break mark");
    }

    #[test]
    fn right_to_left_puts_names_on_the_right_and_keeps_widths() {
        let (ltr, rtl) = (svg::frame(false), svg::frame(true));
        let a = layout(&steps(), &ltr);
        let b = layout(&steps(), &rtl);
        let width = |r: &Rect| r.x1 - r.x0;
        assert_eq!(
            a.iter().map(width).collect::<Vec<_>>(),
            b.iter().map(width).collect::<Vec<_>>()
        );
        let out = svg::render(&rtl, |area| {
            draw(area, &steps(), &rtl).unwrap();
        });
        assert!(
            out.contains("text-anchor=\"end\""),
            "names anchored at the right edge"
        );
        let (hits, _) = rows_and_bars(&steps(), &rtl);
        // A whole row answers, even far from its (possibly thin) bar.
        assert_eq!(
            crate::chart::hit(&hits, 5, (b[2].y0 + b[2].y1) / 2),
            Some(2)
        );
        assert_eq!(crate::chart::hit(&hits, 0, 0), None);
    }

    #[test]
    fn empty_and_zero_steps_draw_without_dividing_by_zero() {
        let frame = svg::frame(false);
        let zero = vec![Step {
            label: "Lead".into(),
            size: 0.0,
            caption: "0".into(),
            highlight: false,
            beyond_scale: false,
        }];
        let bars = layout(&zero, &frame);
        assert_eq!(bars[0].x1 - bars[0].x0, 2, "a one-pixel sliver each side");
        let out = svg::render(&frame, |area| {
            draw(area, &[], &frame).unwrap();
        });
        assert!(svg::texts(&out).contains(&"—".to_string()));
    }
}
