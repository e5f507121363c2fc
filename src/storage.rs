//! The one place that touches localStorage.
//!
//! Loading decides a [`Mode`] once: persistent, memory-only (no storage) or read-only (stored data
//! that this app must not overwrite: unreadable, or written by a newer Kariz). Saving returns a
//! typed error instead of pretending, and the caller keeps its in-memory data either way.

use crate::domain::schema::LoadError;
use crate::domain::{store, Dataset};
use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;

/// localStorage key of the dataset.
pub const KEY: &str = "kariz.dataset";

/// Why storage could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// localStorage does not exist or refuses access (private mode, disabled, sandboxed).
    #[error("browser storage is unavailable")]
    Unavailable,
    /// The stored text could not be read as a Kariz dataset.
    #[error("stored data is unreadable: {0}")]
    Unreadable(LoadError),
    /// Writing failed (usually the quota); the message is the browser's.
    #[error("could not save: {0}")]
    Write(String),
}

/// How the app may use storage for this session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Load and save normally.
    Persistent,
    /// No storage: keep data in memory and say so.
    MemoryOnly,
    /// Stored data must not be overwritten; the error says why.
    ReadOnly(StorageError),
}

/// What start-up found.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The data to start with (empty when nothing usable was stored).
    pub dataset: Dataset,
    /// How storage may be used from now on.
    pub mode: Mode,
    /// The raw stored text when it could not be read, so the user can download it.
    pub raw: Option<String>,
    /// The data was read from the larger form older Kariz stored: save it again compactly.
    pub outdated: bool,
    /// Characters (UTF-16 units, what browsers count) the stored data takes.
    pub stored_chars: usize,
}

fn available() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    // Some browsers expose the object but throw on access or on the first write.
    match window.local_storage() {
        Ok(Some(storage)) => {
            let probe = "kariz.probe";
            storage.set_item(probe, "1").is_ok() && storage.remove_item(probe).is_ok()
        }
        _ => false,
    }
}

/// Reads the stored dataset once at start-up; `fresh` builds the dataset used when none is stored.
pub fn load(fresh: impl FnOnce() -> Dataset) -> Loaded {
    if !available() {
        return Loaded {
            dataset: fresh(),
            mode: Mode::MemoryOnly,
            raw: None,
            outdated: false,
            stored_chars: 0,
        };
    }
    let raw = match LocalStorage::raw().get_item(KEY) {
        Ok(Some(raw)) => raw,
        Ok(None) => {
            return Loaded {
                dataset: fresh(),
                mode: Mode::Persistent,
                raw: None,
                outdated: false,
                stored_chars: 0,
            }
        }
        Err(_) => {
            return Loaded {
                dataset: fresh(),
                mode: Mode::MemoryOnly,
                raw: None,
                outdated: false,
                stored_chars: 0,
            }
        }
    };
    let stored_chars = utf16_len(&raw);
    match crate::perf::timed("kariz:load", || store::decode(&raw)) {
        Ok(dataset) => Loaded {
            dataset,
            mode: Mode::Persistent,
            raw: None,
            outdated: !store::is_compact(&raw),
            stored_chars,
        },
        Err(error) => Loaded {
            dataset: fresh(),
            mode: Mode::ReadOnly(StorageError::Unreadable(error)),
            raw: Some(raw),
            outdated: false,
            stored_chars,
        },
    }
}

/// Length of a text as browsers count it against the storage quota (UTF-16 code units).
pub fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// What a save wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The new revision (see [`revision`]).
    pub rev: String,
    /// Characters the stored data now takes.
    pub chars: usize,
}

/// Writes the dataset in its compact form; on failure nothing claims it was saved and the old
/// stored copy stays.
pub fn save(dataset: &Dataset) -> Result<Saved, StorageError> {
    let text = crate::perf::timed("kariz:save", || {
        let text = store::encode(dataset);
        LocalStorage::raw()
            .set_item(KEY, &text)
            .map(|()| text)
            .map_err(|e| StorageError::Write(js_message(&e)))
    })?;
    let rev = revision_token();
    // If only this small write fails, other tabs merge on their next save anyway.
    let _ = LocalStorage::raw().set_item(REV_KEY, &rev);
    Ok(Saved {
        rev,
        chars: utf16_len(&text),
    })
}

/// The message of a thrown browser error (e.g. "QuotaExceededError: …").
fn js_message(error: &wasm_bindgen::JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => error.as_string().unwrap_or_else(|| "unknown error".into()),
    }
}

/// localStorage key of the token every save writes, so a tab can tell cheaply whether another
/// tab saved since it last read or wrote (then it merges before writing: no tab overwrites
/// newer data it has not seen).
pub const REV_KEY: &str = "kariz.rev";

/// The current revision token, if any tab has saved.
pub fn revision() -> Option<String> {
    LocalStorage::raw().get_item(REV_KEY).ok().flatten()
}

fn revision_token() -> String {
    format!("{}-{}", js_sys::Date::now(), js_sys::Math::random())
}

/// Reads what is stored now (another tab may have written it): `None` when nothing is stored.
pub fn read_stored() -> Option<Result<Dataset, LoadError>> {
    let raw = LocalStorage::raw().get_item(KEY).ok()??;
    Some(store::decode(&raw))
}

/// localStorage key of the time of the last full export (for the backup reminder).
pub const LAST_EXPORT_KEY: &str = "kariz.last_export";

/// When the data was last exported in full, if ever (in this browser).
pub fn last_export() -> Option<crate::domain::Timestamp> {
    let text = LocalStorage::raw().get_item(LAST_EXPORT_KEY).ok()??;
    text.parse().ok().map(crate::domain::Timestamp)
}

/// Records a full export now; a failure only means the reminder may come early.
pub fn mark_exported(at: crate::domain::Timestamp) {
    let _ = LocalStorage::raw().set_item(LAST_EXPORT_KEY, &at.0.to_string());
}

/// Removes the stored dataset, for an explicit "start fresh".
pub fn discard() {
    LocalStorage::delete(KEY);
}
