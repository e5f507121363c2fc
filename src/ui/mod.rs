//! Thin Leptos components: they wire signals to domain functions and render the results.

mod app;
mod board;
mod charts;
pub mod clock;
pub mod crash;
mod csv_import;

mod dashboard;
mod deals;
mod detail;
mod dispatch;
mod exchange;
mod filters;
mod form;
mod goals;
mod pwa;
mod settings;
mod traffic;

pub use app::App;
pub(crate) use dispatch::{dispatch, Dispatch, Message, Notice};

use crate::domain::kpi::DealIndex;
use leptos::prelude::*;

/// Mounts the app on the page body (the wasm entry point), with the panic hook installed first.
pub fn mount() {
    crash::install();
    leptos::mount::mount_to_body(App);
}

/// The text of a picked file (the browser reads it asynchronously); `None` when it cannot.
pub(crate) async fn file_text(file: &web_sys::File) -> Option<String> {
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?
        .as_string()
}

/// Why a download could not be started.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum DownloadError {
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
    pub(crate) fn notice(&self) -> (crate::i18n::Key, Vec<(&'static str, String)>) {
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

/// Starts a download of `text` and, when the browser refuses, says so in the notice area
/// rather than leaving the user waiting for a file that never comes. True when it started.
pub(crate) fn offer_download(text: &str, mime: &str, file: &str) -> bool {
    said(download(text, mime, file))
}

/// [`offer_download`] for a URL (a canvas's PNG).
pub(crate) fn offer_url(href: &str, file: &str) -> bool {
    said(download_url(href, file))
}

/// Announces a failed download; true when there was none.
pub(crate) fn said(result: Result<(), DownloadError>) -> bool {
    match result {
        Ok(()) => true,
        Err(e) => {
            if let Some(dispatch) = use_context::<Dispatch>() {
                let (key, args) = e.notice();
                dispatch.say(key, args);
            }
            false
        }
    }
}

/// Offers `text` as a file download called `file`, through a Blob URL (a data URL of a
/// several-megabyte export would be copied into the link).
pub(crate) fn download(text: &str, mime: &str, file: &str) -> Result<(), DownloadError> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| DownloadError::Blob(crate::storage::js_message(&e)))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|e| DownloadError::Blob(crate::storage::js_message(&e)))?;
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
pub(crate) fn download_url(href: &str, file: &str) -> Result<(), DownloadError> {
    use wasm_bindgen::JsCast;
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

/// A table head of translated column names that follow the language.
pub(crate) fn table_head(
    lang: Memo<crate::domain::Language>,
    keys: &'static [crate::i18n::Key],
) -> impl IntoView {
    view! {
        <thead>
            <tr>
                {keys
                    .iter()
                    .map(|k| {
                        let k = *k;
                        view! { <th scope="col">{move || crate::i18n::t(lang.get(), k)}</th> }
                    })
                    .collect_view()}
            </tr>
        </thead>
    }
}

/// The dataset's [`DealIndex`], built once per dataset change and shared by every KPI, chart
/// and standing, so a new period or filter only reruns the passes over it.
#[derive(Clone, Copy)]
pub struct KpiIndex(pub Memo<DealIndex>);

/// The shared deal index, when the app provides one.
pub(crate) fn kpi_index() -> Option<Memo<DealIndex>> {
    use_context::<KpiIndex>().map(|k| k.0)
}

/// Runs `f` with the shared index (tracked), or with none (the KPI code then builds its own).
pub(crate) fn with_index<T>(
    index: Option<Memo<DealIndex>>,
    f: impl FnOnce(Option<&DealIndex>) -> T,
) -> T {
    match index {
        Some(memo) => memo.with(|ix| f(Some(ix))),
        None => f(None),
    }
}
