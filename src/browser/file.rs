//! Reading a file the user picked.

/// The text of a picked file (the browser reads it asynchronously); `None` when it cannot.
/// As `Blob.text()` reads it (a leading byte-order mark dropped, invalid UTF-8 replaced), but
/// through the file's bytes: `text()` made a JavaScript string of a 1.3 MB export only for
/// wasm-bindgen to walk it character by character back into UTF-8.
pub async fn text(file: &web_sys::File) -> Option<String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .ok()?;
    let mut bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    Some(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}
