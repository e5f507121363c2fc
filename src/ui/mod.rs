//! Thin Leptos components: they wire signals to domain functions and render the results.

mod app;
mod board;
mod charts;
mod csv_import;

mod dashboard;
mod deals;
mod detail;
mod dispatch;
mod exchange;
mod filters;
mod form;
mod goals;
mod persist;
mod sections;
mod settings;
mod traffic;
mod widgets;
mod work;

pub use app::App;
// Every section reads the clock; it lives with the other browser calls.
pub(crate) use crate::browser::clock;
use crate::browser::download::{download, download_url, DownloadError};
pub(crate) use dispatch::{dispatch, Dispatch, Message, Notice};

use crate::domain::kpi::DealIndex;
use leptos::prelude::*;

/// Mounts the app on the page body (the wasm entry point), with the panic hook installed first.
pub fn mount() {
    crate::browser::crash::install();
    // Start-up in three tasks instead of one long one: the browser's compiling and starting
    // the app, then the stored data read and decoded, then the page built from it. When the
    // stored first paint holds for the stored text, it is drawn before the decode, and the
    // page replaces it.
    let next = std::time::Duration::ZERO;
    leptos::prelude::set_timeout(
        move || {
            let stored = crate::browser::storage::stored_text();
            let painted = match &stored {
                Ok(Some(text)) => crate::browser::perf::timed("kariz:paint", || {
                    crate::browser::first_paint::show(text)
                }),
                _ => false,
            };
            let rest = move || {
                persist::preload(stored);
                leptos::prelude::set_timeout(
                    || {
                        crate::browser::first_paint::remove();
                        leptos::mount::mount_to_body(App)
                    },
                    next,
                );
            };
            if painted {
                request_animation_frame(move || leptos::prelude::set_timeout(rest, next));
            } else {
                rest();
            }
        },
        next,
    );
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
