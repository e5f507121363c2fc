//! The one place that touches localStorage.
//!
//! Loading decides a [`Mode`] once: persistent, memory-only (no storage) or read-only (stored data
//! that this app must not overwrite: unreadable, or written by a newer Kariz). Saving returns a
//! typed error instead of pretending, and the caller keeps its in-memory data either way.

use crate::domain::schema::{self, LoadError};
use crate::domain::Dataset;
use gloo_storage::{LocalStorage, Storage};

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
        };
    }
    let raw = match LocalStorage::raw().get_item(KEY) {
        Ok(Some(raw)) => raw,
        Ok(None) => {
            return Loaded {
                dataset: fresh(),
                mode: Mode::Persistent,
                raw: None,
            }
        }
        Err(_) => {
            return Loaded {
                dataset: fresh(),
                mode: Mode::MemoryOnly,
                raw: None,
            }
        }
    };
    match schema::load_json(&raw) {
        Ok(dataset) => Loaded {
            dataset,
            mode: Mode::Persistent,
            raw: None,
        },
        Err(error) => Loaded {
            dataset: fresh(),
            mode: Mode::ReadOnly(StorageError::Unreadable(error)),
            raw: Some(raw),
        },
    }
}

/// Writes the dataset; on failure nothing claims it was saved and the old stored copy stays.
/// On success returns the new revision (see [`revision`]).
pub fn save(dataset: &Dataset) -> Result<String, StorageError> {
    LocalStorage::set(KEY, dataset).map_err(|e| StorageError::Write(e.to_string()))?;
    let rev = revision_token();
    // If only this small write fails, other tabs merge on their next save anyway.
    let _ = LocalStorage::raw().set_item(REV_KEY, &rev);
    Ok(rev)
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
    Some(schema::load_json(&raw))
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
