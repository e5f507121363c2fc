//! A chart on `<canvas>`: sharp on HiDPI screens, redrawn when its box, its data or the language
//! changes, with exact numbers on hover or keyboard focus, a PNG download and a table alternative.

use super::widgets::{head_text, DataTable};
use crate::chart::{self, Frame, Rect};
use crate::domain::Language;
use crate::i18n::{tx, Key};
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// What a chart draws, and the exact-numbers text of each hit rectangle in the same order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Drawn<T> {
    /// The chart's input.
    pub shape: T,
    /// One tooltip per rectangle the drawing returns.
    pub tips: Vec<String>,
    /// Column headings of the "show as table" alternative, translated.
    pub head: Vec<String>,
    /// Table rows, already formatted.
    pub rows: Vec<Vec<String>>,
}

/// Error type of drawing on a canvas.
type CanvasError = DrawingAreaErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>;

/// Draws a chart on a canvas area.
pub(crate) type Painter<T> =
    fn(&DrawingArea<CanvasBackend, Shift>, &T, &Frame) -> Result<Vec<Rect>, CanvasError>;

fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r >= 1.0)
        .unwrap_or(1.0)
}

/// Sizes `canvas` to `frame` and draws `shape` on it; the hit rectangles, or `None` when the
/// canvas or the drawing failed.
fn paint_on<T>(
    canvas: &web_sys::HtmlCanvasElement,
    paint: Painter<T>,
    shape: &T,
    frame: &Frame,
) -> Option<Vec<Rect>> {
    canvas.set_width(frame.width);
    canvas.set_height(frame.height);
    let area = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    let rects = paint(&area, shape, frame).ok()?;
    area.present().ok()?;
    Some(rects)
}

/// `shape` drawn by `paint` on a canvas of its own, `width`×`height` CSS pixels at twice that
/// resolution (sharp in print), as a PNG data URL; `None` when the browser refuses.
pub(crate) fn chart_png<T>(
    paint: Painter<T>,
    shape: &T,
    width: u32,
    height: u32,
    rtl: bool,
) -> Option<String> {
    let canvas = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into::<web_sys::HtmlCanvasElement>()
        .ok()?;
    // As on the page: canvas text aligns by the element's direction; the chart mirrors itself.
    canvas.set_dir("ltr");
    let frame = Frame {
        width: width * 2,
        height: height * 2,
        scale: 2.0,
        rtl,
    };
    paint_on(&canvas, paint, shape, &frame)?;
    canvas.to_data_url().ok()
}

/// Saves the canvas as a PNG file (a refusal is announced).
fn download_png(canvas: &web_sys::HtmlCanvasElement, file: &str) {
    match canvas.to_data_url() {
        Ok(url) => super::offer_url(&url, file),
        Err(e) => super::said(Err(super::DownloadError::Blob(crate::browser::js_message(
            &e,
        )))),
    };
}

/// A chart under its title (with `controls` beside it), exact numbers on hover/focus, a PNG
/// download and a "show as table" alternative; the children follow it.
#[component]
pub(crate) fn ChartCanvas<T>(
    /// Short name: test ids and the PNG file name.
    name: &'static str,
    lang: Memo<Language>,
    /// Accessible name of the chart.
    title: Signal<String>,
    /// What to draw.
    input: Memo<Drawn<T>>,
    /// How to draw it.
    paint: Painter<T>,
    /// Height in CSS pixels.
    height: u32,
    /// Choices beside the title (what to measure, how to stack).
    #[prop(optional, into)]
    controls: ViewFnOnce,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let canvas = NodeRef::<Canvas>::new();
    let wrap = NodeRef::<Div>::new();
    let width = RwSignal::new(0u32);
    let rects = StoredValue::new(Vec::<Rect>::new());
    let scale = StoredValue::new(1.0f64);
    let active = RwSignal::new(None::<(usize, f64, f64)>);

    // Redraw when the box resizes (window, layout, orientation), not only on window resize.
    let observer = StoredValue::new_local(None::<(web_sys::ResizeObserver, Closure<dyn FnMut()>)>);
    Effect::new(move |_| {
        let Some(el) = wrap.get() else {
            return;
        };
        // No width read here: on a freshly built dashboard that forces a layout per chart in
        // the middle of building it. The observer's first report, after the browser's own
        // layout and before the paint, gives the width for the first drawing.
        if observer.with_value(|o| o.is_some()) {
            return;
        }
        let target = el.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            let w = target.client_width().max(0) as u32;
            if width.try_get_untracked() != Some(w) {
                width.try_set(w);
            }
        });
        if let Ok(ro) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            ro.observe(&el);
            observer.set_value(Some((ro, callback)));
        } else {
            // No observer to report it: read the width once, as the only way to draw at all.
            width.set(el.client_width().max(0) as u32);
        }
    });
    on_cleanup(move || {
        observer.try_with_value(|o| {
            if let Some((ro, _)) = o {
                ro.disconnect();
            }
        });
    });

    Effect::new(move |_| {
        let css_width = width.get();
        let rtl = lang.get() == Language::Fa;
        input.with(|drawn| {
            let Some(el) = canvas.get() else {
                return;
            };
            if css_width == 0 {
                return;
            }
            let dpr = device_pixel_ratio();
            let frame = Frame {
                width: (f64::from(css_width) * dpr).round() as u32,
                height: (f64::from(height) * dpr).round() as u32,
                scale: dpr,
                rtl,
            };
            scale.set_value(dpr);
            active.set(None);
            // A failed draw leaves an empty chart; the table alternative still has the numbers.
            rects.set_value(paint_on(&el, paint, &drawn.shape, &frame).unwrap_or_default());
        });
    });

    let point = move |x: f64, y: f64| {
        let s = scale.get_value();
        let found = rects.with_value(|r| chart::hit(r, (x * s) as i32, (y * s) as i32));
        active.set(found.map(|i| (i, x, y)));
    };
    let step = move |delta: isize| {
        let count = rects.with_value(|r| r.len());
        if count == 0 {
            return;
        }
        let next = match active.get_untracked() {
            Some((i, ..)) => (i as isize + delta).rem_euclid(count as isize) as usize,
            None if delta > 0 => 0,
            None => count - 1,
        };
        let s = scale.get_value();
        let (x, y) = rects.with_value(|r| {
            let r = r[next];
            (f64::from(r.x0 + r.x1) / 2.0 / s, f64::from(r.y0) / s)
        });
        active.set(Some((next, x, y)));
    };
    let tip = move || {
        active.get().and_then(|(i, x, y)| {
            input
                .with(|d| d.tips.get(i).cloned())
                .map(|text| (text, x, y))
        })
    };
    let tip_id = format!("{name}-tip");
    view! {
        <div>
            <div class="section-head">
                <h3>{move || title.get()}</h3>
                {controls.run()}
            </div>
            <figure class="chart" data-testid=format!("chart-{name}")>
                <div class="chart-box" node_ref=wrap style:height=format!("{height}px")>
                    // dir="ltr": canvas text alignment follows the element's direction, and the
                    // layout already mirrors itself for right-to-left.
                    <canvas
                        node_ref=canvas
                        dir="ltr"
                        tabindex="0"
                        role="img"
                        aria-label=move || title.get()
                        aria-describedby=tip_id.clone()
                        style:width="100%"
                        style:height=format!("{height}px")
                        on:pointermove=move |ev| point(
                            f64::from(ev.offset_x()),
                            f64::from(ev.offset_y()),
                        )
                        on:pointerleave=move |_| active.set(None)
                        on:blur=move |_| active.set(None)
                        on:keydown=move |ev| match ev.key().as_str() {
                            "ArrowRight" | "ArrowDown" => {
                                ev.prevent_default();
                                step(1)
                            }
                            "ArrowLeft" | "ArrowUp" => {
                                ev.prevent_default();
                                step(-1)
                            }
                            "Escape" => active.set(None),
                            _ => {}
                        }
                    ></canvas>
                    <p
                        class="chart-tip"
                        id=tip_id
                        role="status"
                        data-testid=format!("tip-{name}")
                        style:left=move || tip().map(|(_, x, _)| format!("{}px", x.round()))
                        style:top=move || tip().map(|(_, _, y)| format!("{}px", (y + 12.0).round()))
                        class:shown=move || tip().is_some()
                    >
                        {move || tip().map(|(text, ..)| text)}
                    </p>
                </div>
                <figcaption>
                    <span class="muted">{tx(lang, Key::ChartHint)}</span>
                    <button
                        type="button"
                        data-testid=format!("png-{name}")
                        on:click=move |_| {
                            if let Some(el) = canvas.get_untracked() {
                                download_png(&el, &format!("kariz-{name}.png"));
                            }
                        }
                    >
                        {tx(lang, Key::DownloadPng)}
                    </button>
                </figcaption>
                <details class="chart-table">
                    <summary>{tx(lang, Key::ShowAsTable)}</summary>
                    <DataTable label=title testid=format!("table-{name}")>
                        {move || input.with(|d| head_text(d.head.clone()))}
                        <tbody>
                            {move || {
                                input
                                    .with(|d| {
                                        d.rows
                                            .iter()
                                            .map(|row| {
                                                view! {
                                                    <tr>
                                                        {row
                                                            .iter()
                                                            .map(|cell| view! { <td>{cell.clone()}</td> })
                                                            .collect_view()}
                                                    </tr>
                                                }
                                            })
                                            .collect_view()
                                    })
                            }}
                        </tbody>
                    </DataTable>
                </details>
            </figure>
            {children.map(|c| c())}
        </div>
    }
}
