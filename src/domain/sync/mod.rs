//! Persistence and tab sync as a pure state machine: one tab's dataset against the storage every
//! tab of the browser shares.
//!
//! [`Sync::handle`] takes an [`Event`] (a local change, a save that is due, a write's result,
//! another tab's write, the page being hidden) and returns [`Output`]s (schedule a save, read
//! what is stored, write, show a merged dataset, tell the user what lost). It never touches a
//! browser: [`run`] carries the outputs out through two small ports, [`SharedStorage`] (the
//! browser's localStorage in the app, a fake in the tests) and [`Host`] (the dataset signal and
//! the notice area in the app, plain fields in the tests), so the app and the native tests drive
//! exactly the same code. Merging is [`TabBase`]'s: newest record wins per deal and set-up part.
//!
//! ```text
//!            Changed            SaveDue/PageHide         StoredRead(theirs)
//!   Clean ───────────▶ Dirty ──────────────────▶ Merging ─────────────────▶ Saving ──SaveOk──▶ Clean
//!     ▲  ▲               │  (another tab wrote)     │ (unreadable: ReadOnly)   │
//!     │  └───────────────┼──────────────────────────┼──────────────────────────┘ SaveFailed
//!     │                  └───── same revision ──────┴─────────────▶ Saving        ▼
//!     └────────────────────────────── Changed ◀──────────────────────────────── Failed
//! ```
//! `ReadOnly` (stored data this tab must never overwrite) and `MemoryOnly` (no storage) never
//! write; only the user's explicit repair or "start fresh" ([`Event::Resumed`]) leaves
//! `ReadOnly`.

#[cfg(any(test, feature = "fake"))]
pub mod fake;
#[cfg(test)]
mod tests;

use super::format::compact;
use super::format::schema::{EncodeError, LoadError};
use super::merge::TabBase;
use super::{Dataset, Timestamp};
use std::collections::VecDeque;

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

/// What start-up makes of the stored text: `Err` when storage cannot be used at all, `Ok(None)`
/// when nothing is stored; `read` gives an activity part by key (store 3 keeps them beside the
/// main text); `fresh` builds the dataset used when nothing usable is.
pub fn load(
    stored: Result<Option<String>, StorageError>,
    read: &mut dyn FnMut(&str) -> Option<String>,
    fresh: impl FnOnce() -> Dataset,
) -> Loaded {
    let text = stored.as_ref().ok().and_then(Option::as_deref);
    let (mut loaded, deferred) = load_deferred_with(stored.clone(), read, fresh);
    match deferred.finish() {
        Ok(activities) => {
            loaded.dataset.activities.extend(activities);
            loaded
        }
        // As if the whole text had not read: kept aside, never written over.
        Err(error) => Loaded {
            mode: Mode::ReadOnly(StorageError::Unreadable(error)),
            raw: text.map(str::to_string),
            dataset: Dataset::new(loaded.dataset.settings.language),
            outdated: false,
            ..loaded
        },
    }
}

/// [`load`] with the activities of a compact store left in their columns (the dataset comes
/// back without them; see [`compact::decode_deferred`]).
pub fn load_deferred(
    stored: Result<Option<String>, StorageError>,
    fresh: impl FnOnce() -> Dataset,
) -> (Loaded, compact::DeferredActivities) {
    load_deferred_with(stored, &mut |_| None, fresh)
}

/// [`load_deferred`] of a store whose activities may be in parts: `read` gives a part by key.
pub fn load_deferred_with(
    stored: Result<Option<String>, StorageError>,
    read: &mut dyn FnMut(&str) -> Option<String>,
    fresh: impl FnOnce() -> Dataset,
) -> (Loaded, compact::DeferredActivities) {
    let none = compact::DeferredActivities::default;
    let empty = |mode| Loaded {
        dataset: fresh(),
        mode,
        raw: None,
        outdated: false,
        stored_chars: 0,
    };
    let raw = match stored {
        Ok(Some(raw)) => raw,
        Ok(None) => return (empty(Mode::Persistent), none()),
        Err(_) => return (empty(Mode::MemoryOnly), none()),
    };
    let stored_chars = utf16_len(&raw);
    match compact::decode_deferred_with(&raw, read) {
        Ok((dataset, deferred)) => (
            Loaded {
                dataset,
                mode: Mode::Persistent,
                raw: None,
                outdated: !compact::is_compact(&raw),
                stored_chars: stored_chars + deferred.part_chars(),
            },
            deferred,
        ),
        // Kept aside, never written over: the user may download it or repair it explicitly.
        Err(error) => (
            Loaded {
                mode: Mode::ReadOnly(StorageError::Unreadable(error)),
                raw: Some(raw),
                stored_chars,
                ..empty(Mode::MemoryOnly)
            },
            none(),
        ),
    }
}

/// Length of a text as browsers count it against the storage quota (UTF-16 code units).
pub fn utf16_len(text: &str) -> usize {
    // Every character's first byte counts one unit, a four-byte one (outside the BMP) two: a
    // byte loop, several times faster than encoding megabytes to count them.
    text.bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// What a save wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The revision token the save wrote beside the data.
    pub rev: String,
    /// Characters the stored data now takes.
    pub chars: usize,
}

/// Where a tab stands with the stored data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Nothing to save: what the tab shows is what it last read or wrote (or it was just opened).
    Clean,
    /// A local change waits for its save, which is scheduled after the next paint.
    Dirty,
    /// The save found another tab's newer revision: it waits for what is stored, to merge first.
    Merging,
    /// The write was asked for; its result has not come back yet.
    Saving,
    /// The last write failed (the error); the data stays in memory and the next change retries.
    Failed(StorageError),
    /// Stored data this tab must not overwrite (unreadable, or written by a newer Kariz).
    ReadOnly(StorageError),
    /// No storage at all: the data lives in memory only.
    MemoryOnly,
}

/// Something that happened to the tab.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The tab has started with the data it loaded.
    Opened,
    /// The dataset changed in this tab (any component, or this tab showing merged data); set-up
    /// changes are stamped `now`.
    Changed {
        /// The time the change is dated with.
        now: Timestamp,
    },
    /// The scheduled save is due; `rev` is the revision token stored now.
    SaveDue {
        /// The revision token stored now.
        rev: Option<String>,
    },
    /// The user asked to save again ("Try saving again"): what is there now is saved at once,
    /// changed or not.
    Retry {
        /// The revision token stored now.
        rev: Option<String>,
    },
    /// The page is being hidden (maybe closed): a pending save runs at once.
    PageHide {
        /// The revision token stored now.
        rev: Option<String>,
    },
    /// What is stored now, as [`Output::ReadStored`] asked (`None`: nothing, or no storage).
    StoredRead(Option<Result<Dataset, LoadError>>),
    /// The write [`Output::Write`] asked for succeeded.
    SaveOk(Saved),
    /// The write [`Output::Write`] asked for failed; the stored copy is unchanged.
    SaveFailed(StorageError),
    /// Another tab wrote the data (the browser's `storage` event).
    OtherTabWrote {
        /// What it wrote, as read here (a newer Kariz's data does not read).
        data: Result<Dataset, LoadError>,
        /// The revision token stored now.
        rev: Option<String>,
        /// Characters the stored data now takes.
        chars: usize,
    },
    /// The user chose to replace unreadable stored data (repair, start fresh): saving may resume.
    Resumed {
        /// The revision token stored now.
        rev: Option<String>,
    },
}

impl Event {
    /// Whether handling it may change the tab's data (stamp set-up, merge another tab's): only
    /// the save's own events leave it as it is.
    fn may_change_data(&self) -> bool {
        !matches!(
            self,
            Event::SaveDue { .. }
                | Event::Retry { .. }
                | Event::PageHide { .. }
                | Event::SaveOk(_)
                | Event::SaveFailed(_)
        )
    }
}

/// What the tab should do.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Send [`Event::SaveDue`] after the next paint (a moved card shows at once; changes made in
    /// the same frame share one save).
    ScheduleSave,
    /// Read what is stored and send [`Event::StoredRead`].
    ReadStored,
    /// Write the dataset as it is now and send [`Event::SaveOk`] or [`Event::SaveFailed`].
    Write,
    /// Show this dataset: this tab's merged with another tab's.
    Adopt(Box<Dataset>),
    /// Tell the user that unsaved changes here lost to newer ones from another tab.
    Lost(Lost),
    /// The stored data now takes this many characters (the storage meter).
    StoredChars(usize),
}

/// Unsaved changes in this tab that lost to another tab's newer ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lost {
    /// Deals.
    pub deals: usize,
    /// Set-up parts: a stage, source, owner, the stage order or a setting.
    pub setup: usize,
}

/// One tab's persistence: its [`State`] and what it remembers of the stored data.
#[derive(Debug, Clone)]
pub struct Sync {
    state: State,
    /// What this tab last saw stored and last stamped ([`TabBase`]).
    tab: TabBase,
    /// The revision this tab last read or wrote: another one means another tab saved since.
    seen_rev: Option<String>,
    /// The next change is this tab taking over another tab's data: nothing new to save.
    adopted: bool,
    /// A change arrived while a save was under way: save again after it.
    again: bool,
    /// The data was read from an older, larger form: rewrite it at once.
    outdated: bool,
    /// The last write's error, shown until a write succeeds.
    error: Option<StorageError>,
}

impl Sync {
    /// A tab that loaded `ds` in `mode`, with revision `rev` stored.
    pub fn new(ds: &Dataset, mode: Mode, rev: Option<String>, outdated: bool) -> Sync {
        let state = match mode {
            Mode::Persistent => State::Clean,
            Mode::MemoryOnly => State::MemoryOnly,
            Mode::ReadOnly(e) => State::ReadOnly(e),
        };
        Sync {
            state,
            tab: TabBase::new(ds),
            seen_rev: rev,
            adopted: false,
            again: false,
            outdated,
            error: None,
        }
    }

    /// Whether the next change is this tab taking in another tab's data (it needs no save).
    pub fn adopting(&self) -> bool {
        self.adopted
    }

    /// Where the tab stands.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// How storage may be used now.
    pub fn mode(&self) -> Mode {
        match &self.state {
            State::MemoryOnly => Mode::MemoryOnly,
            State::ReadOnly(e) => Mode::ReadOnly(e.clone()),
            _ => Mode::Persistent,
        }
    }

    /// Whether what the tab shows is exactly what is stored: nothing to save, and `stored_rev`
    /// (the revision stored now) is the one this tab last read or wrote.
    pub fn in_step(&self, stored_rev: Option<&str>) -> bool {
        self.state == State::Clean && stored_rev.is_some() && self.seen_rev.as_deref() == stored_rev
    }

    /// Why the last write failed, until one succeeds.
    pub fn save_error(&self) -> Option<&StorageError> {
        self.error.as_ref()
    }

    fn writable(&self) -> bool {
        !matches!(self.state, State::ReadOnly(_) | State::MemoryOnly)
    }

    /// Takes in `event`; `ds` is the data the tab shows (set-up changes are stamped in place).
    /// Events that do not fit the state (a write's result when none was asked for) change nothing.
    pub fn handle(&mut self, event: Event, ds: &mut Dataset) -> Vec<Output> {
        match event {
            Event::Opened => {
                if self.outdated && self.state == State::Clean {
                    self.state = State::Dirty;
                    return vec![Output::ScheduleSave];
                }
                vec![]
            }
            Event::Changed { now } => self.changed(ds, now),
            Event::SaveDue { rev } | Event::PageHide { rev } => {
                if self.state != State::Dirty {
                    return vec![];
                }
                if rev != self.seen_rev {
                    // Another tab saved since: merge its data in rather than overwrite it.
                    self.state = State::Merging;
                    return vec![Output::ReadStored];
                }
                self.state = State::Saving;
                vec![Output::Write]
            }
            Event::Retry { rev } => {
                if !matches!(self.state, State::Clean | State::Dirty | State::Failed(_)) {
                    return vec![];
                }
                self.state = State::Dirty;
                self.handle(Event::SaveDue { rev }, ds)
            }
            Event::StoredRead(stored) => {
                if self.state != State::Merging {
                    return vec![];
                }
                let mut out = match stored {
                    Some(Ok(theirs)) => self.take_theirs(&theirs, ds, true),
                    // A newer Kariz wrote it: stop saving, never downgrade it.
                    Some(Err(e)) => {
                        self.state = State::ReadOnly(StorageError::Unreadable(e));
                        return vec![];
                    }
                    None => vec![],
                };
                self.state = State::Saving;
                out.push(Output::Write);
                out
            }
            Event::SaveOk(saved) => {
                if self.state != State::Saving {
                    return vec![];
                }
                self.seen_rev = Some(saved.rev);
                self.tab.saved(ds);
                self.error = None;
                self.state = State::Clean;
                let mut out = vec![Output::StoredChars(saved.chars)];
                out.extend(self.after_save());
                out
            }
            Event::SaveFailed(e) => {
                if self.state != State::Saving {
                    return vec![];
                }
                self.error = Some(e.clone());
                self.state = State::Failed(e);
                self.after_save()
            }
            Event::OtherTabWrote { data, rev, chars } => {
                if !self.writable() {
                    return vec![];
                }
                let mut out = vec![Output::StoredChars(chars)];
                match data {
                    Ok(theirs) => {
                        self.seen_rev = rev;
                        out.extend(self.take_theirs(&theirs, ds, false));
                    }
                    // A newer Kariz in another tab wrote it: this tab stops saving.
                    Err(e) => self.state = State::ReadOnly(StorageError::Unreadable(e)),
                }
                out
            }
            Event::Resumed { rev } => {
                if matches!(self.state, State::ReadOnly(_)) {
                    self.seen_rev = rev;
                    self.state = State::Clean;
                }
                vec![]
            }
        }
    }

    fn changed(&mut self, ds: &mut Dataset, now: Timestamp) -> Vec<Output> {
        // Dates whatever set-up change was just made (any component may make one) before
        // anything can merge it.
        self.tab.stamp(ds, now);
        if std::mem::take(&mut self.adopted) {
            // This is what another tab stored (or what this tab is writing right now): writing
            // it back would only echo.
            return vec![];
        }
        match self.state {
            State::Clean | State::Failed(_) => {
                self.state = State::Dirty;
                vec![Output::ScheduleSave]
            }
            State::Merging | State::Saving => {
                self.again = true;
                vec![]
            }
            State::Dirty | State::ReadOnly(_) | State::MemoryOnly => vec![],
        }
    }

    fn after_save(&mut self) -> Vec<Output> {
        if std::mem::take(&mut self.again) {
            self.state = State::Dirty;
            return vec![Output::ScheduleSave];
        }
        vec![]
    }

    /// Another tab's data merged with this tab's (newer record wins), and what of this tab's
    /// unsaved changes lost; `saving_now` when a write of the result follows at once.
    fn take_theirs(&mut self, theirs: &Dataset, ours: &Dataset, saving_now: bool) -> Vec<Output> {
        let synced = self.tab.sync(theirs, ours);
        let mut out = Vec::new();
        if synced.dataset != *ours {
            // The change this makes needs no save of its own when it is what is stored, or when
            // it is about to be written anyway.
            self.adopted = saving_now || same_records(&synced.dataset, theirs);
            out.push(Output::Adopt(Box::new(synced.dataset)));
        }
        let lost = Lost {
            deals: synced.lost_deals.len(),
            setup: synced.lost_setup,
        };
        if lost.deals + lost.setup > 0 {
            out.push(Output::Lost(lost));
        }
        out
    }
}

/// Whether two datasets hold the same data, whatever the order of their records: the merge sorts
/// records by id, so "what the other tab stored" may come back in another order, and writing it
/// back would only cost a save and echo to every tab.
fn same_records(a: &Dataset, b: &Dataset) -> bool {
    fn sorted<'a, T, K: Ord>(v: &'a [T], key: &impl Fn(&T) -> K) -> Vec<&'a T> {
        let mut refs: Vec<&T> = v.iter().collect();
        refs.sort_by_cached_key(|r| key(r));
        refs
    }
    fn same<T: PartialEq, K: Ord>(a: &[T], b: &[T], key: impl Fn(&T) -> K) -> bool {
        a.len() == b.len() && sorted(a, &key) == sorted(b, &key)
    }
    if a == b {
        return true;
    }
    // Named field by field, so that a new field cannot be forgotten here.
    let Dataset {
        format,
        schema_version,
        stages,
        sources,
        owners,
        deal_types,
        deals,
        traffic,
        goals,
        tombstones,
        settings,
        setup_stamps,
        past_losses,
        activities,
        next_steps,
        call_outcomes,
        activity_kinds,
        views,
    } = a;
    *format == b.format
        && *schema_version == b.schema_version
        && *stages == b.stages
        && *sources == b.sources
        && *owners == b.owners
        && *deal_types == b.deal_types
        && *settings == b.settings
        && *setup_stamps == b.setup_stamps
        && *call_outcomes == b.call_outcomes
        && *activity_kinds == b.activity_kinds
        && same(deals, &b.deals, |d| d.id.0.clone())
        && same(traffic, &b.traffic, |t| t.id.0.clone())
        && same(goals, &b.goals, |g| g.id.0.clone())
        && same(activities, &b.activities, |x| x.id.0.clone())
        && same(next_steps, &b.next_steps, |x| x.id.0.clone())
        && same(views, &b.views, |v| v.id.0.clone())
        && same(tombstones, &b.tombstones, |t| t.id.clone())
        && past_losses.len() == b.past_losses.len()
        && past_losses.iter().all(|p| b.past_losses.contains(p))
}

/// The storage every tab of the browser shares.
pub trait SharedStorage {
    /// The revision token stored now (every save writes a new one).
    fn revision(&self) -> Option<String>;
    /// What is stored now: `None` when nothing is, or storage does not work.
    fn read(&self) -> Option<Result<Dataset, LoadError>>;
    /// Writes `ds` with a new revision token; on failure the stored copy is unchanged.
    fn write(&mut self, ds: &Dataset) -> Result<Saved, StorageError>;
    /// Does a slice of the work of writing `ds` ahead of [`SharedStorage::write`] (`first`: a
    /// new save, forget earlier slices), so that no task does it all; true when the write may
    /// come. Only speed may depend on it: `write` is right whatever changed in between.
    fn prepare(&mut self, ds: &Dataset, first: bool) -> bool {
        let _ = (ds, first);
        true
    }
    /// Reads a main text another tab wrote (with the parts it lists), and what the store takes
    /// now in characters; the storage learns what is stored from it.
    fn decode(&mut self, text: &str) -> (Result<Dataset, LoadError>, usize) {
        (compact::decode(text), utf16_len(text))
    }
    /// Learns what the stored activity parts are, from the start-up read of them.
    fn adopt(&mut self, parts: compact::StoredParts) {
        let _ = parts;
    }
    /// The data may have changed since [`SharedStorage::prepare`] began: what it made ahead
    /// must not be written as it is (the shell and [`run`] call it on every change).
    fn changed(&mut self) {}
}

/// What the outputs act on in the tab: the dataset it shows and what it tells the user.
pub trait Host {
    /// Runs `f` on the dataset without announcing a change; `None` when the tab is gone.
    fn with_dataset<R>(&mut self, f: impl FnOnce(&mut Dataset) -> R) -> Option<R>;
    /// Shows `ds` instead (an announced change: it comes back as [`Event::Changed`]).
    fn adopt(&mut self, ds: Dataset);
    /// Arranges for [`Event::SaveDue`] after the next paint.
    fn schedule_save(&mut self);
    /// Tells the user about changes that lost to another tab.
    fn lost(&mut self, lost: Lost);
    /// Updates the storage meter.
    fn stored_chars(&mut self, chars: usize);
}

/// Handles `event` and carries out its outputs — and those of the events they lead to (a read,
/// a write's result) — through `storage` and `host`.
pub fn run(sync: &mut Sync, event: Event, storage: &mut impl SharedStorage, host: &mut impl Host) {
    let mut events = VecDeque::from([event]);
    while let Some(event) = events.pop_front() {
        if event.may_change_data() {
            storage.changed();
        }
        let Some(outputs) = host.with_dataset(|ds| sync.handle(event, ds)) else {
            return;
        };
        for output in outputs {
            match output {
                Output::ScheduleSave => host.schedule_save(),
                Output::ReadStored => events.push_back(Event::StoredRead(storage.read())),
                Output::Write => match host.with_dataset(|ds| storage.write(ds)) {
                    Some(Ok(saved)) => events.push_back(Event::SaveOk(saved)),
                    Some(Err(e)) => events.push_back(Event::SaveFailed(e)),
                    None => return,
                },
                Output::Adopt(ds) => {
                    storage.changed();
                    host.adopt(*ds)
                }
                Output::Lost(lost) => host.lost(lost),
                Output::StoredChars(chars) => host.stored_chars(chars),
            }
        }
    }
}
