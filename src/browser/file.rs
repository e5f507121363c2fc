//! Reading a file the user picked.

/// The text of a picked file (the browser reads it asynchronously); `None` when it cannot.
pub async fn text(file: &web_sys::File) -> Option<String> {
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?
        .as_string()
}
