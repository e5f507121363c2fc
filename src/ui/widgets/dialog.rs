//! The modal dialog.

use leptos::html::Dialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A modal dialog, shown while `open` is true: focus moves into it, Escape closes it, and on
/// closing focus goes back to where it was (when that element is still on the page).
#[component]
pub(crate) fn Modal(
    /// Whether the dialog is shown.
    #[prop(into)]
    open: Signal<bool>,
    /// Called when the dialog closes by itself (Escape) or is closed.
    #[prop(into)]
    on_close: Callback<()>,
    /// Called just before the dialog is shown (to reset its fields).
    #[prop(optional, into)]
    on_open: Option<Callback<()>>,
    /// The id of the heading that names the dialog.
    labelled_by: &'static str,
    /// The dialog's class.
    #[prop(optional)]
    class: &'static str,
    /// The dialog's `data-testid`.
    #[prop(optional)]
    testid: &'static str,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let before = StoredValue::new_local(None::<web_sys::HtmlElement>);
    // The opener's deal (`data-deal` of its card or row): a save that redraws the card replaces
    // the opener, and focus then goes to the same place on the new card.
    let before_deal = StoredValue::new_local(None::<(String, String)>);
    Effect::new(move |_| {
        let open = open.get();
        let Some(el) = dialog.get() else {
            return;
        };
        if open && !el.open() {
            let active = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            before_deal.set_value(active.as_ref().and_then(|a| {
                let card = a.closest("[data-deal]").ok().flatten()?;
                Some((card.get_attribute("data-deal")?, a.class_name()))
            }));
            before.set_value(active);
            if let Some(f) = on_open {
                f.run(());
            }
            // A modal dialog traps focus and closes on Escape; failure leaves it closed.
            let _ = el.show_modal();
        } else if !open && el.open() {
            el.close();
        }
    });
    let closed = move |_| {
        // The close event is a task of its own: a key that opens the dialog again can come first
        // (browsers run input ahead of other tasks). That late event belongs to the closing before
        // and must not close what is open now.
        if dialog.get_untracked().is_some_and(|d| d.open()) {
            return;
        }
        on_close.run(());
        // Back to the opener, unless something else (the moved card, say) already took focus.
        let Some(el) = before.try_update_value(Option::take).flatten() else {
            return;
        };
        let deal = before_deal.try_update_value(Option::take).flatten();
        // After the next frame: the save that closed the dialog redraws the opener's card in
        // effects still pending now, and focus given to the old card would be lost with it.
        request_animation_frame(move || give_back(el, deal, dialog));
    };
    view! {
        <dialog
            node_ref=dialog
            class=class
            role="dialog"
            aria-modal="true"
            aria-labelledby=labelled_by
            on:close=closed
            data-testid=testid
        >
            {children()}
        </dialog>
    }
}

/// Focuses the dialog's opener again, or when it was redrawn while the dialog was open, the
/// element in the same place on its new card; not when something else has taken focus.
fn give_back(el: web_sys::HtmlElement, deal: Option<(String, String)>, dialog: NodeRef<Dialog>) {
    let el = if el.is_connected() {
        el
    } else {
        let again = deal
            .and_then(|(deal, class)| {
                let first = class
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let inner = if first.is_empty() {
                    String::new()
                } else {
                    format!(" .{first}")
                };
                let document = web_sys::window()?.document()?;
                let card = format!("[data-deal=\"{deal}\"]");
                document
                    .query_selector(&format!("{card}{inner}"))
                    .ok()
                    .flatten()
                    .or_else(|| document.query_selector(&card).ok().flatten())
            })
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        match again {
            Some(again) => again,
            None => return,
        }
    };
    let focus_free = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_none_or(|a| {
            a.tag_name() == "BODY" || dialog.get_untracked().is_some_and(|d| d.contains(Some(&a)))
        });
    if el.is_connected() && focus_free {
        // Focus fails only on an element that cannot take it; then there is nowhere to go back.
        let _ = el.focus();
    }
}
