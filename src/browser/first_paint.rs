//! The cached first paint in the page ([`crate::domain::first_paint`] decides when it holds):
//! shown at start-up before the stored data is decoded, replaced by the real page one task
//! later, and written when the tab is hidden while it shows the dashboard exactly as stored.

use super::{address, clock, storage};
use crate::domain::first_paint::{dashboard_view, FirstPaint, PaintKey, VERSION};
use crate::domain::Date;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement, HtmlSelectElement};

/// The id of the element that holds a shown paint.
const HOLDER: &str = "kariz-first-paint";

thread_local! {
    /// The day the dashboard's cards were last computed for (a tab left open past midnight
    /// still shows yesterday's numbers until they are computed again).
    static COMPUTED_FOR: std::cell::Cell<Option<Date>> = const { std::cell::Cell::new(None) };
}

/// Notes the day the dashboard's cards are being computed for.
pub fn computed_for(day: Date) {
    COMPUTED_FOR.set(Some(day));
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// This build of the app: the content-hashed name of its wasm, which Trunk preloads.
fn build() -> Option<String> {
    document()?
        .query_selector("link[rel=preload][as=fetch]")
        .ok()??
        .get_attribute("href")
}

/// Shows the stored paint when it holds for `text` (the stored main text) today, in this build
/// and for the address's view; true when it is shown.
pub fn show(text: &str) -> bool {
    let shown = || -> Option<()> {
        let view = dashboard_view(&address::hash())?;
        let key = PaintKey::new(text, clock::today(), &build()?, &view);
        let paint = FirstPaint::matching(&storage::read_paint()?, &key)?;
        let doc = document()?;
        let root = doc.document_element()?;
        // Attributes on <html> cannot fail for these names; errors are ignored on purpose.
        let _ = root.set_attribute("lang", &paint.lang);
        let _ = root.set_attribute("dir", &paint.dir);
        doc.set_title(&paint.title);
        let holder = doc.create_element("div").ok()?;
        holder.set_id(HOLDER);
        // A picture of the page until the page itself mounts, one task later: not usable.
        let _ = holder.set_attribute("inert", "");
        let _ = holder.set_attribute("aria-busy", "true");
        holder.set_inner_html(&paint.html);
        doc.body()?.append_child(&holder).ok()?;
        Some(())
    };
    shown().is_some()
}

/// Removes a shown paint: the real page is about to mount in its place.
pub fn remove() {
    if let Some(holder) = document().and_then(|d| d.get_element_by_id(HOLDER)) {
        holder.remove();
    }
}

/// Writes the page's top as the next start's first paint, when it shows the dashboard's cards
/// and nothing that depends on more than the stored data. The caller makes sure the page shows
/// exactly what is stored (`Sync::in_step`).
pub fn capture() {
    if let Some(paint) = paint_now() {
        storage::write_paint(&paint);
    }
}

fn paint_now() -> Option<FirstPaint> {
    let doc = document()?;
    let view = dashboard_view(&address::hash())?;
    let main = doc.get_element_by_id("main")?;
    let kpis = main.query_selector(":scope > section.kpis").ok()??;
    kpis.query_selector(".card").ok()??;
    let date = COMPUTED_FOR.get()?;
    // Banners depend on more than the stored data (the last export, an update waiting), and a
    // paint must never be captured from another paint.
    if doc.query_selector(".banner").ok()?.is_some() || doc.get_element_by_id(HOLDER).is_some() {
        return None;
    }
    let body = doc.body()?;
    let mut html = String::new();
    for top in ["a.skip", "header.top", "nav.sections"] {
        let part = body.query_selector(&format!(":scope > {top}")).ok()??;
        html.push_str(&frozen(&part)?.outer_html());
    }
    let shell: Element = main.clone_node().ok()?.dyn_into().ok()?;
    let section: web_sys::Node = frozen(&kpis)?.into();
    shell.append_child(&section).ok()?;
    html.push_str(&shell.outer_html());
    let root = doc.document_element()?;
    let text = storage::read_raw()?;
    Some(FirstPaint {
        v: VERSION,
        key: PaintKey::new(&text, date, &build()?, &view),
        lang: root.get_attribute("lang")?,
        dir: root.get_attribute("dir")?,
        title: doc.title(),
        html,
    })
}

/// A deep copy of `element` whose choices and fields show what the page shows (markup holds
/// attributes, while a picked option, a ticked box and a typed value live in properties), with
/// no inline styles.
fn frozen(element: &Element) -> Option<Element> {
    let copy: Element = element.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    let fields = "select, input";
    let (live, copied) = (
        element.query_selector_all(fields).ok()?,
        copy.query_selector_all(fields).ok()?,
    );
    for i in 0..live.length() {
        let (Some(from), Some(to)) = (live.item(i), copied.item(i)) else {
            continue;
        };
        let Ok(to) = to.dyn_into::<Element>() else {
            continue;
        };
        if let Some(select) = from.dyn_ref::<HtmlSelectElement>() {
            let picked = select.selected_index();
            let options = to.query_selector_all("option").ok()?;
            for j in 0..options.length() {
                if let Some(option) = options.item(j).and_then(|o| o.dyn_into::<Element>().ok()) {
                    let _ = if i32::try_from(j).ok() == Some(picked) {
                        option.set_attribute("selected", "")
                    } else {
                        option.remove_attribute("selected")
                    };
                }
            }
        } else if let Some(input) = from.dyn_ref::<HtmlInputElement>() {
            let _ = to.set_attribute("value", &input.value());
            let _ = if input.checked() {
                to.set_attribute("checked", "")
            } else {
                to.remove_attribute("checked")
            };
        }
    }
    // The page's policy refuses inline styles, and this part of the page sets none: any there
    // came from outside the app (an extension, a test tool's caret hiding).
    let styled = copy.query_selector_all("[style]").ok()?;
    for i in 0..styled.length() {
        if let Some(element) = styled.item(i).and_then(|e| e.dyn_into::<Element>().ok()) {
            let _ = element.remove_attribute("style");
        }
    }
    let _ = copy.remove_attribute("style");
    Some(copy)
}
