//! Every call that reaches the browser, behind small functions that never throw: localStorage
//! ([`storage`]), the clock and randomness ([`clock`]), downloads ([`download`]), reading a
//! picked file ([`file`]), the service worker ([`pwa`]), performance marks ([`perf`]) and the
//! panic banner ([`crash`]), the address's `#…` part ([`address`]), the cached first paint ([`first_paint`]). The rest of the app calls these instead of `web_sys`, so what
//! decides anything stays testable natively.

pub mod address;
pub mod clock;
pub mod crash;
pub mod download;
pub mod drop;
pub mod file;
pub mod first_paint;
pub mod fonts;
pub mod perf;
pub mod pwa;
pub mod share;
pub mod sheets;
pub mod storage;

use wasm_bindgen::JsCast;

/// The message of a thrown browser error (e.g. "QuotaExceededError: …").
pub fn js_message(error: &wasm_bindgen::JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => error.as_string().unwrap_or_else(|| "unknown error".into()),
    }
}
