//! Downloads: a text as a file (through a Blob URL) or whatever a URL points at. Each returns a
//! typed error instead of pretending the file is on its way.

use wasm_bindgen::JsCast;

/// Why a download could not be started.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DownloadError {
    /// The text to download could not be produced.
    #[error("{0}")]
    Encode(#[from] crate::domain::format::schema::EncodeError),
    /// The browser refused to make a Blob or its URL (out of memory, say).
    #[error("the browser could not prepare the file: {0}")]
    Blob(String),
    /// There is no document to put the download link in.
    #[error("the page has no document")]
    NoDocument,
}

impl DownloadError {
    /// The notice that says this download failed (translated; the detail is the browser's).
    pub fn notice(&self) -> (crate::i18n::Key, Vec<(&'static str, String)>) {
        use crate::i18n::Key;
        match self {
            DownloadError::Encode(e) => {
                (Key::DownloadFailedEncode, vec![("detail", e.to_string())])
            }
            DownloadError::Blob(detail) => {
                (Key::DownloadFailedBlob, vec![("detail", detail.clone())])
            }
            DownloadError::NoDocument => (Key::DownloadFailedPage, vec![]),
        }
    }
}

/// Offers `text` as a file download called `file`, through a Blob URL (a data URL of a
/// several-megabyte export would be copied into the link).
pub fn download(text: &str, mime: &str, file: &str) -> Result<(), DownloadError> {
    download_parts(
        &js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text)),
        mime,
        file,
    )
}

/// Offers `bytes` (a workbook) as a file download called `file`.
pub fn download_bytes(bytes: &[u8], mime: &str, file: &str) -> Result<(), DownloadError> {
    download_parts(
        &js_sys::Array::of1(&js_sys::Uint8Array::from(bytes)),
        mime,
        file,
    )
}

fn download_parts(parts: &js_sys::Array, mime: &str, file: &str) -> Result<(), DownloadError> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_buffer_source_sequence_and_options(parts, &options)
        .map_err(|e| DownloadError::Blob(super::js_message(&e)))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|e| DownloadError::Blob(super::js_message(&e)))?;
    let started = download_url(&url, file);
    // The click has started the download; the URL is no longer needed once it has been read.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        // Failing to schedule the revoke only keeps the Blob until the page closes.
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    started
}

/// Saves what `href` points at (a Blob or data URL) as a file called `file`.
pub fn download_url(href: &str, file: &str) -> Result<(), DownloadError> {
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or(DownloadError::NoDocument)?;
    link.set_href(href);
    link.set_download(file);
    link.click();
    Ok(())
}
