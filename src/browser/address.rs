//! The page address: what the dashboard's view writes after `#`, so a reload, a bookmark or a
//! link sent to a colleague opens the same view.

/// The address's `#…` part without the `#` (empty when there is none or it cannot be read).
pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// Writes `#hash` into the address in place: no new history entry (Back leaves the section,
/// not each filter change) and no `hashchange` event. A refusal leaves the address as it was.
pub fn replace_hash(hash: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if window.location().hash().ok().as_deref() == Some(&format!("#{hash}")) {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("#{hash}")),
        );
    }
}

/// Opens the file dialog of the file input with this `data-testid` once the section holding it
/// has rendered, and brings it into view.
pub fn pick_file_soon(testid: &'static str) {
    pick_file_when_shown(testid, 0);
}

/// How long to wait for the section between looks, and how many looks: the section may be a
/// chunk still loading on a busy machine, and the click that asked for the dialog counts as the
/// user's for five seconds in Chromium, so the last look is at four.
const PICK_STEP_MS: u64 = 100;
const PICK_LOOKS: u32 = 40;

fn pick_file_when_shown(testid: &'static str, look: u32) {
    leptos::prelude::set_timeout(
        move || {
            let input = web_sys::window().and_then(|w| w.document()).and_then(|d| {
                d.query_selector(&format!("[data-testid={testid}]"))
                    .ok()
                    .flatten()
            });
            let Some(input) = input else {
                if look + 1 < PICK_LOOKS {
                    pick_file_when_shown(testid, look + 1);
                }
                return;
            };
            use wasm_bindgen::JsCast;
            if let Some(parent) = input.parent_element() {
                parent.scroll_into_view();
            }
            if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
                input.click();
            }
        },
        std::time::Duration::from_millis(PICK_STEP_MS),
    );
}
