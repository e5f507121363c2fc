//! Charts drawn with plotters on any `DrawingBackend`: `<canvas>` in the app, SVG in tests.
//!
//! Each chart takes a small input whose labels and captions are already formatted in the user's
//! language and digits, and lays itself out with a pure function, so the hit-testing behind
//! tooltips and the drawing always agree. Nothing here computes a KPI.

pub mod forecast;
pub mod funnel;
pub mod histogram;
pub mod lines;
pub mod stack;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Colour-blind-safe series colours (Okabe–Ito), most distinct first.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(240, 228, 66),
];
/// The highlighted (bottleneck) element.
pub const HIGHLIGHT: RGBColor = RGBColor(213, 94, 0);
/// Text colour.
pub const INK: RGBColor = RGBColor(29, 35, 48);
/// Secondary text and lines.
pub const MUTED: RGBColor = RGBColor(93, 102, 119);

/// The surface a chart is drawn on: its size in device pixels, the device-pixel ratio (so text
/// and strokes keep their CSS size on HiDPI screens) and the text direction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// Width in device pixels.
    pub width: u32,
    /// Height in device pixels.
    pub height: u32,
    /// Device pixels per CSS pixel.
    pub scale: f64,
    /// Right-to-left: the first category is drawn at the right.
    pub rtl: bool,
}

impl Frame {
    /// A length of `css` CSS pixels in device pixels.
    pub fn px(&self, css: f64) -> i32 {
        (css * self.scale).round() as i32
    }
}

/// An axis-aligned rectangle in device pixels (x0 ≤ x1, y0 ≤ y1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    /// Left.
    pub x0: i32,
    /// Top.
    pub y0: i32,
    /// Right.
    pub x1: i32,
    /// Bottom.
    pub y1: i32,
}

impl Rect {
    /// Whether a device-pixel point lies inside.
    pub fn contains(&self, x: i32, y: i32) -> bool {
        (self.x0..=self.x1).contains(&x) && (self.y0..=self.y1).contains(&y)
    }

    fn corners(&self) -> [(i32, i32); 2] {
        [(self.x0, self.y0), (self.x1, self.y1)]
    }
}

/// Font of `css` CSS pixels, anchored at the given side.
fn text_style(frame: &Frame, css: f64, color: &RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    // The page's Persian font first (it only has Arabic-script glyphs), so canvas text matches.
    ("Vazirmatn, system-ui, sans-serif", css * frame.scale)
        .into_font()
        .color(color)
        .pos(Pos::new(h, v))
}

/// A text element; in right-to-left charts the text is wrapped in a right-to-left isolate, so
/// mixed Persian, Latin and digits order correctly on a canvas laid out left to right.
fn text<'a>(
    frame: &Frame,
    content: impl Into<String>,
    at: (i32, i32),
    style: TextStyle<'a>,
) -> Text<'a, (i32, i32), String> {
    let content = content.into();
    let content = if frame.rtl {
        format!("\u{2067}{content}\u{2069}")
    } else {
        content
    };
    Text::new(content, at, style)
}

/// Which horizontal anchor is the start side (left in LTR, right in RTL).
fn start(frame: &Frame) -> HPos {
    if frame.rtl {
        HPos::Right
    } else {
        HPos::Left
    }
}

/// The end side anchor.
fn end(frame: &Frame) -> HPos {
    if frame.rtl {
        HPos::Left
    } else {
        HPos::Right
    }
}

/// Colour of series `s` (the palette repeats for many series).
pub fn color(s: usize) -> RGBColor {
    PALETTE[s % PALETTE.len()]
}

/// Legend rows needed for `names` (a crude ~7 CSS px per character estimate is enough to wrap).
pub(crate) fn legend_rows(names: &[&str], frame: &Frame) -> i32 {
    let per_row = f64::from(frame.width) / frame.scale;
    let (mut rows, mut used) = (1, 0.0);
    for name in names {
        let item = 26.0 + 7.0 * name.chars().count() as f64;
        if used + item > per_row && used > 0.0 {
            rows += 1;
            used = 0.0;
        }
        used += item;
    }
    rows
}

/// Draws a legend of colour swatches and names along the top, wrapping as needed.
pub(crate) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    names: &[&str],
    frame: &Frame,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, pad) = (frame.width as i32, frame.px(8.0));
    let row_h = frame.px(22.0);
    let (mut x, mut y) = (pad, pad);
    for (s, name) in names.iter().enumerate() {
        let item = frame.px(26.0 + 7.0 * name.chars().count() as f64);
        if x + item > w - pad && x > pad {
            x = pad;
            y += row_h;
        }
        let swatch = frame.px(12.0);
        let (sx, tx, anchor) = if frame.rtl {
            (w - x - swatch, w - x - swatch - frame.px(6.0), HPos::Right)
        } else {
            (x, x + swatch + frame.px(6.0), HPos::Left)
        };
        area.draw(&Rectangle::new(
            [(sx, y), (sx + swatch, y + swatch)],
            color(s).filled(),
        ))?;
        area.draw(&text(
            frame,
            name.to_string(),
            (tx, y + swatch / 2),
            text_style(frame, 12.0, &INK, anchor, VPos::Center),
        ))?;
        x += item;
    }
    Ok(())
}

/// The index of the rectangle under a point, if any.
pub fn hit(rects: &[Rect], x: i32, y: i32) -> Option<usize> {
    rects.iter().position(|r| r.contains(x, y))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod svg {
    //! Draws a chart into an SVG string for native tests.
    use super::Frame;
    use plotters::prelude::*;

    /// A 600 × 300 LTR or RTL frame at scale 1.
    pub fn frame(rtl: bool) -> Frame {
        Frame {
            width: 600,
            height: 300,
            scale: 1.0,
            rtl,
        }
    }

    /// Runs `draw` on an SVG backend of the frame's size and returns the SVG text.
    pub fn render(
        frame: &Frame,
        draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>),
    ) -> String {
        let mut out = String::new();
        {
            let root =
                SVGBackend::with_string(&mut out, (frame.width, frame.height)).into_drawing_area();
            draw(&root);
            root.present().expect("svg present");
        }
        out
    }

    /// How many times `needle` occurs.
    pub fn count(svg: &str, needle: &str) -> usize {
        svg.matches(needle).count()
    }

    /// How many `<rect>` elements are filled with `color` (e.g. `#D55E00`).
    pub fn rects_filled(svg: &str, color: &str) -> usize {
        let fill = format!("fill=\"{color}\"");
        svg.split("<rect")
            .skip(1)
            .filter(|r| {
                r.split_once('>')
                    .is_some_and(|(attrs, _)| attrs.contains(&fill))
            })
            .count()
    }

    /// The text content of every `<text>` element.
    pub fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| {
                let body = t.split_once('>')?.1;
                Some(body.split_once("</text>")?.0.trim().to_string())
            })
            .collect()
    }
}
