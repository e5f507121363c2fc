//! The one place that touches localStorage.
//!
//! Loading decides a [`sync::Mode`] once: persistent, memory-only (no storage) or read-only (stored data
//! that this app must not overwrite: unreadable, or written by a newer Kariz). Saving returns a
//! typed error instead of pretending, and the caller keeps its in-memory data either way.
//!
//! Every access goes through [`local`], which turns a missing `window.localStorage` (null, or a
//! getter that throws, as sandboxed frames and some privacy settings do) into
//! [`StorageError::Unavailable`] instead of an exception: the app then runs in memory.

use super::js_message;
use crate::domain::format::compact;
use crate::domain::format::schema::LoadError;
use crate::domain::sync::{self, Loaded, Saved, SharedStorage, StorageError};
use crate::domain::Dataset;

/// localStorage key of the dataset.
pub const KEY: &str = "kariz.dataset";

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

fn available() -> bool {
    // Some browsers expose the object but throw on access or on the first write.
    local().is_ok_and(|storage| {
        let probe = "kariz.probe";
        storage.set_item(probe, "1").is_ok() && storage.remove_item(probe).is_ok()
    })
}

/// A part's text by key, for the loader (`None`: missing, which makes the store unreadable).
pub fn read_part(key: &str) -> Option<String> {
    read(key)
}

/// The stored main text, read once at start-up ([`load_deferred_from`] decodes it), or why
/// storage cannot be used.
pub fn stored_text() -> Result<Option<String>, StorageError> {
    if available() {
        local().and_then(|s| s.get_item(KEY).map_err(|_| StorageError::Unavailable))
    } else {
        Err(StorageError::Unavailable)
    }
}

/// Reads the stored dataset once at start-up; `fresh` builds the dataset used when none is stored.
pub fn load(fresh: impl FnOnce() -> Dataset) -> Loaded {
    let stored = stored_text();
    crate::browser::perf::timed("kariz:load", || sync::load(stored, &mut read_part, fresh))
}

/// [`load`] with the activities of a compact store still in their columns, to be read after the
/// first paint ([`compact::DeferredActivities::finish`]): the first screen does not show them.
pub fn load_deferred(fresh: impl FnOnce() -> Dataset) -> (Loaded, compact::DeferredActivities) {
    load_deferred_from(stored_text(), fresh)
}

/// [`load_deferred`] of a main text already read with [`stored_text`].
pub fn load_deferred_from(
    stored: Result<Option<String>, StorageError>,
    fresh: impl FnOnce() -> Dataset,
) -> (Loaded, compact::DeferredActivities) {
    crate::browser::perf::timed("kariz:load", || {
        sync::load_deferred_with(stored, &mut read_part, fresh)
    })
}

thread_local! {
    /// What the last save encoded, reused by the next one where nothing it depends on changed.
    static ENCODED: std::cell::RefCell<compact::EncodeCache> = Default::default();
}

/// Writes the dataset in its compact form over several keys (the activities in parts, see
/// `compact::SavePlan`), or as one text when the new parts do not fit beside the old store; on
/// failure nothing claims it was saved and the old stored copy stays.
pub fn save(dataset: &Dataset) -> Result<Saved, StorageError> {
    let storage = local()?;
    // A first paint no longer holds after a save; its room goes back to the data first.
    let _ = storage.remove_item(PAINT_KEY);
    let rev = revision_token();
    let chars = crate::browser::perf::timed("kariz:save", || {
        ENCODED.with_borrow_mut(|cache| {
            // The revision first: if it cannot be written, other tabs would not know this save
            // happened and could overwrite it, so nothing is written. If the data write then
            // fails, other tabs merely merge the unchanged stored data once.
            let revision = |storage: &web_sys::Storage| {
                storage
                    .set_item(REV_KEY, &rev)
                    .map_err(|e| StorageError::Revision(js_message(&e)))
            };
            if !cache.whole() {
                // Encoded first: a failure must not leave an empty text where the data was.
                let prepared = PREPARED.take();
                let (plan, main) = match (cache.take_ready(dataset), prepared) {
                    // Its part keys must look new to other tabs' orphan clean-up (a minute).
                    (Some(plan), Some(p)) if js_sys::Date::now() - p.made < 30_000.0 => {
                        let main = p.main.filter(|m| m.made_from(&plan.main));
                        (plan, main)
                    }
                    _ => (
                        cache.plan(dataset, &rev).map_err(StorageError::Encode)?,
                        None,
                    ),
                };
                revision(&storage)?;
                match write_plan(&storage, &plan, main.as_ref()) {
                    Ok(()) => {
                        for key in &plan.remove {
                            let _ = storage.remove_item(key);
                        }
                        let chars = plan.chars();
                        cache.saved(plan);
                        return Ok(chars);
                    }
                    // No room for the new parts beside the old store (a big store in the
                    // single text of older Kariz, or a change every part depends on): the
                    // single text is written over the main key, as before parts.
                    Err(_) => cache.set_whole(true),
                }
            }
            let text = compact::try_encode_with(dataset, cache).map_err(StorageError::Encode)?;
            revision(&storage)?;
            storage
                .set_item(KEY, &text)
                .map_err(|e| StorageError::Write(js_message(&e)))?;
            // The main key no longer lists them: old parts are orphans now.
            for key in cache.listed_keys() {
                let _ = storage.remove_item(&key);
            }
            cache.saved_whole();
            Ok(sync::utf16_len(&text))
        })
    })?;
    Ok(Saved { rev, chars })
}

/// Writes a plan's new parts, then its main text; on failure removes the parts it wrote (the
/// stored main text still lists the old ones, which stay).
fn write_plan(
    storage: &web_sys::Storage,
    plan: &compact::SavePlan,
    main: Option<&MainText>,
) -> Result<(), StorageError> {
    let mut written = Vec::with_capacity(plan.parts.len());
    let result = plan
        .parts
        .iter()
        .try_for_each(|(key, text)| {
            storage.set_item(key, text)?;
            written.push(key);
            Ok(())
        })
        .and_then(|()| match main {
            Some(main) => set_item_js(storage, KEY, &main.text),
            None => storage.set_item(KEY, &plan.main),
        });
    result.map_err(|e| {
        for key in written {
            let _ = storage.remove_item(key);
        }
        StorageError::Write(js_message(&e))
    })
}

/// Removes activity parts the stored main text does not list and that no save can still be
/// writing (their key's time is a minute old): what a save interrupted by a crash left.
pub fn remove_orphans() {
    let Ok(storage) = local() else {
        return;
    };
    let listed: Vec<String> = ENCODED.with_borrow(|cache| cache.listed_keys());
    let now = js_sys::Date::now() as u64;
    let orphans: Vec<String> = part_keys(&storage)
        .into_iter()
        .filter(|key| !listed.contains(key))
        .filter(|key| {
            let written = key[compact::PART_PREFIX.len()..]
                .get(..13)
                .and_then(|t| t.parse::<u64>().ok());
            written.is_some_and(|t| now.saturating_sub(t) > 60_000)
        })
        .collect();
    for key in orphans {
        let _ = storage.remove_item(&key);
    }
}

/// Every activity part's key in storage, listed or not.
fn part_keys(storage: &web_sys::Storage) -> Vec<String> {
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(compact::PART_PREFIX))
        .collect()
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
    Some(decode_stored(&raw).0)
}

/// Reads a main text as stored now, with its parts; what it lists becomes what saves reuse.
fn decode_stored(raw: &str) -> (Result<Dataset, LoadError>, usize) {
    let mut chars = sync::utf16_len(raw);
    let read = compact::decode_keyed(raw, &mut |key| {
        let text = read_part(key)?;
        chars += sync::utf16_len(&text);
        Some(text)
    });
    match read {
        Ok((ds, parts)) => {
            ENCODED.with_borrow_mut(|cache| cache.adopt(parts));
            (Ok(ds), chars)
        }
        Err(e) => (Err(e), chars),
    }
}

/// The stored main text as it is, if any (the crash banner's backup reads it without the app,
/// its activity parts through [`read_part`]).
pub fn read_raw() -> Option<String> {
    read(KEY)
}

/// localStorage key of the cached first paint ([`crate::browser::first_paint`]).
pub const PAINT_KEY: &str = "kariz.paint";

/// The stored first paint's text, if any.
pub fn read_paint() -> Option<String> {
    read(PAINT_KEY)
}

/// Stores a first paint; one that does not fit is not kept (the data needs the room more).
pub fn write_paint(paint: &crate::domain::first_paint::FirstPaint) {
    if let (Ok(storage), Some(text)) = (local(), paint.encode()) {
        if storage.set_item(PAINT_KEY, &text).is_err() {
            let _ = storage.remove_item(PAINT_KEY);
        }
    }
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

/// Where the Today view's owner choice is kept (a preference of this browser, not data).
pub const TODAY_OWNER_KEY: &str = "kariz.today_owner";

/// The owner whose work the Today view shows (empty: everyone's).
pub fn today_owner() -> String {
    read(TODAY_OWNER_KEY).unwrap_or_default()
}

/// Remembers the Today view's owner choice; a refusal only means it is not remembered.
pub fn set_today_owner(owner: &str) {
    if let Ok(storage) = local() {
        let _ = storage.set_item(TODAY_OWNER_KEY, owner);
    }
}

/// Where the pairs a user marked "not the same lead" are kept (this browser's judgement; the
/// pair is flagged again in another browser, which costs one click, not data).
pub const NOT_DUPLICATES_KEY: &str = "kariz.not_duplicates";

/// The deal id pairs marked "not the same lead", as `first|second` lines.
pub fn not_duplicates() -> Vec<(String, String)> {
    read(NOT_DUPLICATES_KEY)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('|'))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Remembers that two deals are not the same lead; a refusal only means it is not remembered.
pub fn mark_not_duplicates(first: &str, second: &str) {
    let mut lines = read(NOT_DUPLICATES_KEY).unwrap_or_default();
    lines.push_str(&format!("{first}|{second}\n"));
    if let Ok(storage) = local() {
        let _ = storage.set_item(NOT_DUPLICATES_KEY, &lines);
    }
}

/// Removes the stored dataset, for an explicit "start fresh".
pub fn discard() -> Result<(), StorageError> {
    let storage = local()?;
    let _ = storage.remove_item(PAINT_KEY);
    storage
        .remove_item(KEY)
        .map_err(|e| StorageError::Write(js_message(&e)))?;
    // Orphans now, whatever their age.
    for key in part_keys(&storage) {
        let _ = storage.remove_item(&key);
    }
    ENCODED.with_borrow_mut(|cache| cache.saved_whole());
    Ok(())
}

/// The browser's localStorage as the storage every tab shares ([`sync::run`] drives it).
#[derive(Clone, Copy, Debug, Default)]
pub struct LocalStorage;

impl SharedStorage for LocalStorage {
    fn revision(&self) -> Option<String> {
        revision()
    }
    fn read(&self) -> Option<Result<Dataset, LoadError>> {
        read_stored()
    }
    fn write(&mut self, ds: &Dataset) -> Result<Saved, StorageError> {
        save(ds)
    }
    fn prepare(&mut self, ds: &Dataset, first: bool) -> bool {
        prepare(ds, first)
    }
    fn decode(&mut self, text: &str) -> (Result<Dataset, LoadError>, usize) {
        decode_stored(text)
    }
    fn adopt(&mut self, parts: compact::StoredParts) {
        ENCODED.with_borrow_mut(|cache| cache.adopt(parts));
        remove_orphans();
    }
    fn changed(&mut self) {
        ENCODED.with_borrow_mut(compact::EncodeCache::changed);
        PREPARED.set(None);
    }
}

/// Deals encoded per slice of a save ([`prepare`]): about 10 ms of work at a time in Chromium.
const SLICE: usize = 2_000;

/// `Storage.setItem` with a string already in JavaScript (web-sys takes a `&str`, copied into a
/// JavaScript string in the call: milliseconds for the 1.4 M-character main key).
fn set_item_js(
    storage: &web_sys::Storage,
    key: &str,
    value: &js_sys::JsString,
) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let set = js_sys::Reflect::get(storage, &"setItem".into())?;
    set.dyn_into::<js_sys::Function>()?
        .call2(storage, &key.into(), value)
        .map(drop)
}

/// The save being prepared ([`prepare`]): the generation of its part keys and when it was
/// made, and its main text handed to JavaScript once planned.
struct Prepared {
    generation: String,
    made: f64,
    main: Option<MainText>,
}

/// A plan's main text as a JavaScript string, with what it was made from (its address and
/// length: the plan's text is not touched until it is written).
struct MainText {
    text: js_sys::JsString,
    from: (usize, usize),
}

impl MainText {
    fn of(main: &str) -> MainText {
        MainText {
            text: js_sys::JsString::from(main),
            from: (main.as_ptr() as usize, main.len()),
        }
    }

    fn made_from(&self, main: &str) -> bool {
        self.from == (main.as_ptr() as usize, main.len())
    }
}

thread_local! {
    static PREPARED: std::cell::RefCell<Option<Prepared>> = const { std::cell::RefCell::new(None) };
}

/// Does the next slice of the save ahead of it (`first`: a new save): changed parts, [`SLICE`]
/// deal rows, or the plan of the writes; true when the save may come (or when preparing fails:
/// the save then encodes, and reports, itself).
pub fn prepare(ds: &Dataset, first: bool) -> bool {
    crate::browser::perf::timed("kariz:save", || {
        PREPARED.with_borrow_mut(|prepared| {
            ENCODED.with_borrow_mut(|cache| {
                if first {
                    *prepared = None;
                }
                let p = prepared.get_or_insert_with(|| {
                    cache.forget_prepared();
                    Prepared {
                        generation: revision_token(),
                        made: js_sys::Date::now(),
                        main: None,
                    }
                });
                let done = cache.prepare_save(ds, SLICE, &p.generation).unwrap_or(true);
                // A slice that worked made (or will make) another plan: a text handed over
                // before is not its.
                if !done {
                    p.main = None;
                    return false;
                }
                // A big plan's main text goes to JavaScript in a slice of its own, not in the
                // write's task (copying 1.4 M characters takes ~5 ms).
                match (&p.main, cache.ready_main()) {
                    (None, Some(main)) => {
                        p.main = Some(MainText::of(main));
                        main.len() < 200_000
                    }
                    _ => true,
                }
            })
        })
    })
}
