//! Thin Leptos components: they wire signals to domain functions and render the results.

mod app;
mod board;
mod charts;
pub mod clock;
mod csv_import;
mod dashboard_charts;
mod deals;
mod detail;
mod exchange;
mod filters;
mod form;
mod goals;
mod kpis;
mod pwa;
mod settings;
mod traffic;

pub use app::App;

use crate::domain::kpi::DealIndex;
use crate::domain::Dataset;
use leptos::prelude::*;

/// Mounts the app on the page body (the wasm entry point).
pub fn mount() {
    leptos::mount::mount_to_body(App);
}

/// The write half of the app state, shared through context (reads go through props).
#[derive(Clone, Copy)]
pub(crate) struct Store {
    /// Writes the dataset; the persistence effect saves every change.
    pub set: WriteSignal<Dataset>,
    /// Writes the live-region notice.
    pub notify: WriteSignal<Option<Notice>>,
}

/// A short message announced in a live region, optionally with an undo.
///
/// It keeps the key and arguments rather than text, so switching language re-translates it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Notice {
    /// The message.
    pub key: crate::i18n::Key,
    /// Values for the message's placeholders.
    pub args: Vec<(&'static str, String)>,
    /// What "Undo" puts back.
    pub undo: Option<Undo>,
}

/// How to take back a destructive action.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Undo {
    /// Deleted deals to restore (their tombstones are dropped).
    Deals(Vec<crate::domain::Deal>),
    /// The whole dataset as it was (clear all, load sample over data).
    Dataset(Box<Dataset>),
}

impl Undo {
    /// Applies the undo to the dataset.
    pub fn apply(self, ds: &mut Dataset) {
        match self {
            Undo::Deals(deals) => ds.restore_deals(deals),
            Undo::Dataset(previous) => *ds = *previous,
        }
    }
}

impl Store {
    /// Runs a domain operation on the dataset; subscribers (and the save) only see successful ones.
    pub fn apply<T, E>(
        &self,
        op: impl FnOnce(&mut Dataset) -> Result<T, E>,
    ) -> Option<Result<T, E>> {
        self.set.try_maybe_update(|ds| {
            let result = op(ds);
            (result.is_ok(), result)
        })
    }

    /// Announces a message.
    pub fn say(&self, key: crate::i18n::Key, args: Vec<(&'static str, String)>) {
        self.notify.set(Some(Notice {
            key,
            args,
            undo: None,
        }));
    }

    /// Announces a message with an undo.
    pub fn say_undoable(
        &self,
        key: crate::i18n::Key,
        args: Vec<(&'static str, String)>,
        undo: Undo,
    ) {
        self.notify.set(Some(Notice {
            key,
            args,
            undo: Some(undo),
        }));
    }
}

/// The text of a picked file (the browser reads it asynchronously); `None` when it cannot.
pub(crate) async fn file_text(file: &web_sys::File) -> Option<String> {
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?
        .as_string()
}

/// Offers `text` as a file download called `file`, through a Blob URL (a data URL of a
/// several-megabyte export would be copied into the link).
pub(crate) fn download(text: &str, mime: &str, file: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    download_url(&url, file);
    // The click has started the download; the URL is no longer needed once it has been read.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
}

/// Saves what `href` points at (a Blob or data URL) as a file called `file`.
pub(crate) fn download_url(href: &str, file: &str) {
    use wasm_bindgen::JsCast;
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(link) = link {
        link.set_href(href);
        link.set_download(file);
        link.click();
    }
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

/// The store from context.
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

pub(crate) fn store() -> Store {
    expect_context::<Store>()
}
