//! Forecast versus quota: cumulative won value so far, the expected path to the period end with
//! its 80% band, and the goal line.

use super::{text, text_style, Frame, Rect, HIGHLIGHT, INK, MUTED, PALETTE};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The chart's input: numbers in one unit (x in days from the period start).
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    /// Days in the period.
    pub length: f64,
    /// Cumulative won value by day.
    pub actual: Vec<(f64, f64)>,
    /// (day, expected, low, high) from the as-of day to the period end.
    pub projection: Vec<(f64, f64, f64, f64)>,
    /// The goal, if any.
    pub goal: Option<f64>,
    /// Labels: goal line, period start and end, and the top of the value scale.
    pub goal_label: String,
    /// First and last day of the period, formatted.
    pub ends: [String; 2],
    /// The value at the top of the scale, formatted.
    pub top_label: String,
}

/// The top of the value scale: a round number above everything the chart shows.
pub fn top(p: &Path) -> f64 {
    let largest = p
        .actual
        .iter()
        .map(|a| a.1)
        .chain(p.projection.iter().map(|x| x.3))
        .chain(p.goal)
        .fold(1.0, f64::max);
    super::lines::nice_top(largest * 1.05)
}

fn plot(frame: &Frame) -> Rect {
    Rect {
        x0: frame.px(10.0),
        y0: frame.px(24.0),
        x1: frame.width as i32 - frame.px(10.0),
        y1: frame.height as i32 - frame.px(24.0),
    }
}

/// Device position of (day, value).
pub fn point(p: &Path, frame: &Frame, day: f64, value: f64) -> (i32, i32) {
    let r = plot(frame);
    let t = if p.length > 0.0 {
        (day / p.length).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let t = if frame.rtl { 1.0 - t } else { t };
    (
        r.x0 + (t * f64::from(r.x1 - r.x0)).round() as i32,
        r.y1 - (value / top(p) * f64::from(r.y1 - r.y0)).round() as i32,
    )
}

/// Draws the chart; returns hit squares at the last actual point, the projection's end and the
/// goal line (in that order, those present).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: &Path,
    frame: &Frame,
) -> Result<Vec<Rect>, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let r = plot(frame);
    let thin = frame.px(1.0).max(1) as u32;
    area.draw(&PathElement::new(
        vec![(r.x0, r.y1), (r.x1, r.y1)],
        MUTED.stroke_width(thin),
    ))?;
    let at = |d: f64, v: f64| point(p, frame, d, v);
    if p.projection.len() > 1 {
        let mut band: Vec<(i32, i32)> = p.projection.iter().map(|x| at(x.0, x.3)).collect();
        band.extend(p.projection.iter().rev().map(|x| at(x.0, x.2)));
        area.draw(&Polygon::new(band, PALETTE[1].mix(0.25).filled()))?;
        area.draw(&PathElement::new(
            p.projection
                .iter()
                .map(|x| at(x.0, x.1))
                .collect::<Vec<_>>(),
            PALETTE[1].stroke_width(frame.px(2.0).max(1) as u32),
        ))?;
    }
    // Cumulative wins are a step function: flat until the next win.
    let mut steps = Vec::new();
    for (i, (d, v)) in p.actual.iter().enumerate() {
        if i > 0 {
            steps.push(at(*d, p.actual[i - 1].1));
        }
        steps.push(at(*d, *v));
    }
    area.draw(&PathElement::new(
        steps,
        PALETTE[0].stroke_width(frame.px(2.5).max(1) as u32),
    ))?;
    let mut hits = Vec::new();
    let around = |(x, y): (i32, i32)| {
        let s = frame.px(10.0);
        Rect {
            x0: x - s,
            y0: y - s,
            x1: x + s,
            y1: y + s,
        }
    };
    if let Some((d, v)) = p.actual.last() {
        area.draw(&Circle::new(at(*d, *v), frame.px(4.0), PALETTE[0].filled()))?;
        hits.push(around(at(*d, *v)));
    }
    if let Some(end) = p.projection.last() {
        area.draw(&Circle::new(
            at(end.0, end.1),
            frame.px(4.0),
            PALETTE[1].filled(),
        ))?;
        hits.push(around(at(end.0, end.1)));
    }
    if let Some(goal) = p.goal {
        let y = at(0.0, goal).1;
        area.draw(&PathElement::new(
            vec![(r.x0, y), (r.x1, y)],
            HIGHLIGHT.stroke_width(frame.px(2.0).max(1) as u32),
        ))?;
        let (x, anchor) = if frame.rtl {
            (r.x0, HPos::Left)
        } else {
            (r.x1, HPos::Right)
        };
        area.draw(&text(
            frame,
            p.goal_label.clone(),
            (x, y - frame.px(4.0)),
            text_style(frame, 12.0, &HIGHLIGHT, anchor, VPos::Bottom),
        ))?;
        hits.push(Rect {
            x0: r.x0,
            y0: y - frame.px(5.0),
            x1: r.x1,
            y1: y + frame.px(5.0),
        });
    }
    let (start_x, end_x) = if frame.rtl {
        (r.x1, r.x0)
    } else {
        (r.x0, r.x1)
    };
    let (start_anchor, end_anchor) = if frame.rtl {
        (HPos::Right, HPos::Left)
    } else {
        (HPos::Left, HPos::Right)
    };
    area.draw(&text(
        frame,
        p.ends[0].clone(),
        (start_x, r.y1 + frame.px(6.0)),
        text_style(frame, 11.0, &MUTED, start_anchor, VPos::Top),
    ))?;
    area.draw(&text(
        frame,
        p.ends[1].clone(),
        (end_x, r.y1 + frame.px(6.0)),
        text_style(frame, 11.0, &MUTED, end_anchor, VPos::Top),
    ))?;
    area.draw(&text(
        frame,
        p.top_label.clone(),
        (start_x, frame.px(6.0)),
        text_style(frame, 11.0, &INK, start_anchor, VPos::Top),
    ))?;
    Ok(hits)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::chart::svg;

    fn path() -> Path {
        Path {
            length: 90.0,
            actual: vec![
                (0.0, 0.0),
                (10.0, 5_000.0),
                (40.0, 12_000.0),
                (75.0, 12_000.0),
            ],
            projection: vec![
                (75.0, 12_000.0, 12_000.0, 12_000.0),
                (90.0, 20_000.0, 15_000.0, 26_000.0),
            ],
            goal: Some(30_000.0),
            goal_label: "Goal 30,000 USD".into(),
            ends: ["Apr 1".into(), "Jun 30".into()],
            top_label: "32,400 USD".into(),
        }
    }

    #[test]
    fn actual_projection_band_and_goal_are_drawn_to_scale() {
        let frame = svg::frame(false);
        let p = path();
        let (x0, y_goal) = point(&p, &frame, 0.0, 30_000.0);
        let (x_end, y_zero) = point(&p, &frame, 90.0, 0.0);
        assert!(x0 < x_end && y_goal < y_zero);
        let out = svg::render(&frame, |area| {
            let hits = draw(area, &p, &frame).unwrap();
            assert_eq!(hits.len(), 3);
        });
        assert_eq!(svg::count(&out, "<polygon"), 1, "the 80% band");
        assert_eq!(svg::count(&out, "<circle"), 2);
        assert!(svg::texts(&out).contains(&"Goal 30,000 USD".to_string()));
        assert!(svg::count(&out, "stroke=\"#D55E00\"") >= 1, "goal line");
    }

    #[test]
    fn without_goal_or_projection_only_actual_is_drawn() {
        let frame = svg::frame(true);
        let p = Path {
            projection: vec![],
            goal: None,
            ..path()
        };
        let out = svg::render(&frame, |area| {
            assert_eq!(draw(area, &p, &frame).unwrap().len(), 1);
        });
        assert_eq!(svg::count(&out, "<polygon"), 0);
        let (start, _) = point(&p, &frame, 0.0, 0.0);
        let (end, _) = point(&p, &frame, 90.0, 0.0);
        assert!(start > end, "time runs right to left");
    }
}
