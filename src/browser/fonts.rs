//! Web fonts: canvas text is drawn in whatever font is loaded at that moment, so a chart drawn
//! into an image before the Persian font arrived would keep a fallback font for good.

use wasm_bindgen::JsCast;

/// Asks the browser to load `font` (a CSS font shorthand such as `16px Vazirmatn`) and calls
/// `then` once it is usable or has failed to load; never where the page has no font API.
pub fn when_loaded(font: &str, then: impl FnOnce() + 'static) {
    let Some(fonts) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| js_sys::Reflect::get(&d, &"fonts".into()).ok())
    else {
        return;
    };
    let promise = js_sys::Reflect::get(&fonts, &"load".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|load| load.call1(&fonts, &font.into()).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    if let Some(promise) = promise {
        wasm_bindgen_futures::spawn_local(async move {
            // A font that fails to load still ends the wait: the fallback is all there will be.
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            then();
        });
    }
}
