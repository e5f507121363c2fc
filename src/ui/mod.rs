//! Thin Leptos components: they wire signals to domain functions and render the results.

mod app;
pub mod clock;
mod deals;
mod form;
mod kpis;
mod traffic;

pub use app::App;

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
    /// A deleted deal that "Undo" restores.
    pub undo: Option<crate::domain::Deal>,
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
}

/// The store from context.
pub(crate) fn store() -> Store {
    expect_context::<Store>()
}
