//! The one place that touches localStorage.
//!
//! Loading decides a [`Mode`] once: persistent, memory-only (no storage) or read-only (stored data
//! that this app must not overwrite: unreadable, or written by a newer Kariz). Saving returns a
//! typed error instead of pretending, and the caller keeps its in-memory data either way.
//!
//! Every access goes through [`local`], which turns a missing `window.localStorage` (null, or a
//! getter that throws, as sandboxed frames and some privacy settings do) into
//! [`StorageError::Unavailable`] instead of an exception: the app then runs in memory.

use crate::domain::format::compact;
use crate::domain::format::schema::{EncodeError, LoadError};
use crate::domain::Dataset;
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
    /// Writing the revision token failed, so other tabs could not tell that this tab saved and
    /// might overwrite it: nothing was saved. The message is the browser's.
    #[error("could not record the save for other tabs: {0}")]
    Revision(String),
    /// The data could not be turned into text; nothing was written over the stored copy.
    #[error("{0}")]
    Encode(EncodeError),
}

/// The browser's localStorage, or why not: never throws, whatever the page did to it.
fn local() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .ok_or(StorageError::Unavailable)?
        .local_storage()
        .ok()
        .flatten()
        .ok_or(StorageError::Unavailable)
}

/// The text stored under `key`, if storage works and holds it.
fn read(key: &str) -> Option<String> {
    local().ok()?.get_item(key).ok()?
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
    // Some browsers expose the object but throw on access or on the first write.
    local().is_ok_and(|storage| {
        let probe = "kariz.probe";
        storage.set_item(probe, "1").is_ok() && storage.remove_item(probe).is_ok()
    })
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
    let raw = match local().map(|s| s.get_item(KEY)) {
        Ok(Ok(Some(raw))) => raw,
        Ok(Ok(None)) => {
            return Loaded {
                dataset: fresh(),
                mode: Mode::Persistent,
                raw: None,
                outdated: false,
                stored_chars: 0,
            }
        }
        Ok(Err(_)) | Err(_) => {
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
    match crate::perf::timed("kariz:load", || compact::decode(&raw)) {
        Ok(dataset) => Loaded {
            dataset,
            mode: Mode::Persistent,
            raw: None,
            outdated: !compact::is_compact(&raw),
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
    let storage = local()?;
    let rev = revision_token();
    let text = crate::perf::timed("kariz:save", || {
        // Encoded first: a failure must not leave an empty text where the data was.
        let text = compact::try_encode(dataset).map_err(StorageError::Encode)?;
        // The revision first: if it cannot be written, other tabs would not know this save
        // happened and could overwrite it, so nothing is written. If the data write then fails,
        // other tabs merely merge the unchanged stored data once.
        storage
            .set_item(REV_KEY, &rev)
            .map_err(|e| StorageError::Revision(js_message(&e)))?;
        storage
            .set_item(KEY, &text)
            .map(|()| text)
            .map_err(|e| StorageError::Write(js_message(&e)))
    })?;
    Ok(Saved {
        rev,
        chars: utf16_len(&text),
    })
}

/// The message of a thrown browser error (e.g. "QuotaExceededError: …").
pub(crate) fn js_message(error: &wasm_bindgen::JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => error.as_string().unwrap_or_else(|| "unknown error".into()),
    }
}

/// localStorage key of the token every save writes, so a tab can tell cheaply whether another
/// tab saved since it last read or wrote (then it merges before writing: no tab overwrites
/// newer data it has not seen).
pub const REV_KEY: &str = "kariz.rev";

/// The current revision token, if any tab has saved (and storage works).
pub fn revision() -> Option<String> {
    read(REV_KEY)
}

/// A token no other save writes: the time and 32 random bits, always the same length, so that
/// replacing it never needs more room than the one it replaces (a nearly full storage).
fn revision_token() -> String {
    format!(
        "{:013}-{:08x}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * f64::from(u32::MAX)) as u32
    )
}

/// Reads what is stored now (another tab may have written it): `None` when nothing is stored
/// or storage does not work.
pub fn read_stored() -> Option<Result<Dataset, LoadError>> {
    let raw = read(KEY)?;
    Some(compact::decode(&raw))
}

/// The stored text as it is, if any (the crash banner's backup reads it without the app).
pub fn read_raw() -> Option<String> {
    read(KEY)
}

/// localStorage key of the time of the last full export (for the backup reminder).
pub const LAST_EXPORT_KEY: &str = "kariz.last_export";

/// When the data was last exported in full, if ever (in this browser).
pub fn last_export() -> Option<crate::domain::Timestamp> {
    read(LAST_EXPORT_KEY)?
        .parse()
        .ok()
        .map(crate::domain::Timestamp)
}

/// Records a full export at `at` (for the backup reminder).
pub fn mark_exported(at: crate::domain::Timestamp) -> Result<(), StorageError> {
    local()?
        .set_item(LAST_EXPORT_KEY, &at.0.to_string())
        .map_err(|e| StorageError::Write(js_message(&e)))
}

/// Removes the stored dataset, for an explicit "start fresh".
pub fn discard() -> Result<(), StorageError> {
    local()?
        .remove_item(KEY)
        .map_err(|e| StorageError::Write(js_message(&e)))
}
