//! The app's side of persistence and tab sync: wires the dataset signal to the pure state machine
//! in [`crate::domain::sync`], which decides everything. [`use_persistence`] plugs in the browser
//! (localStorage, the next paint, the `storage` and `pagehide` events);
//! [`use_persistence_with_options`] takes any storage and scheduler, so the native tests drive
//! the same wiring with a fake storage under a reactive `Owner`.

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use crate::browser::{clock, storage};
use crate::domain::format::compact;
use crate::domain::sync::{self, Event, Host, Loaded, Lost, Mode, SharedStorage, StorageError};
use crate::domain::{Dataset, Language, Timestamp};
use crate::i18n::{fmt_int, Key};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

/// Runs a closure after the next paint.
pub type AfterPaint = Rc<dyn Fn(Box<dyn FnOnce()>)>;

/// What [`use_persistence_with_options`] works with.
pub struct UsePersistenceOptions<S> {
    /// The storage every tab shares.
    pub storage: S,
    /// What start-up found there.
    pub loaded: Loaded,
    /// Runs the save after the next paint (a moved card shows at once; a frame's changes share
    /// one save).
    pub after_paint: AfterPaint,
    /// Runs a closure in a task of its own, soon (the slices of a save).
    pub next_task: AfterPaint,
    /// The time set-up changes are dated with.
    pub now: fn() -> Timestamp,
    /// Tells the user about unsaved changes that lost to another tab, in the data's language.
    pub on_lost: Rc<dyn Fn(Lost, Language)>,
    /// The stored activities, still to be read: after the first paint, or before anything else
    /// the machine does (a save never writes the dataset without them).
    pub deferred: compact::DeferredActivities,
}

/// The dataset, what the page shows about its storage, and the two window events to forward.
pub struct UsePersistenceReturn {
    /// The dataset.
    pub dataset: ReadSignal<Dataset>,
    /// Writes the dataset; every change is saved.
    pub set_dataset: WriteSignal<Dataset>,
    /// How storage may be used.
    pub mode: ReadSignal<Mode>,
    /// Set to [`Mode::Persistent`] once the user replaced unreadable stored data.
    pub set_mode: WriteSignal<Mode>,
    /// Why the last save failed, until one succeeds.
    pub save_error: ReadSignal<Option<StorageError>>,
    /// Characters the stored data takes (the storage meter).
    pub stored_chars: ReadSignal<usize>,
    /// The stored text when it could not be read, for its download and repair.
    pub raw: StoredValue<Option<String>>,
    /// Another tab stored this text (the `storage` event of the dataset key).
    pub other_tab_wrote: Rc<dyn Fn(String)>,
    /// The page is being hidden: a pending save runs at once.
    pub page_hide: Rc<dyn Fn()>,
    /// "Try saving again": saves what is there now, changed or not.
    pub retry: Callback<()>,
    /// Whether the page shows exactly what is stored (`Sync::in_step`).
    pub in_step: Rc<dyn Fn() -> bool>,
}

thread_local! {
    /// What [`preload`] read, for [`use_persistence`].
    static PRELOADED: RefCell<Option<(Loaded, compact::DeferredActivities)>> = const { RefCell::new(None) };
}

fn load() -> (Loaded, compact::DeferredActivities) {
    storage::load_deferred(|| Dataset::new(clock::browser_language()))
}

/// Decodes the stored main text read at start-up ahead of mounting the app, so that start-up is
/// two tasks (this, then building the page) rather than one long one.
pub fn preload(stored: Result<Option<String>, StorageError>) {
    let loaded = storage::load_deferred_from(stored, || Dataset::new(clock::browser_language()));
    PRELOADED.with_borrow_mut(|p| *p = Some(loaded));
}

/// Loads the stored data and keeps it saved and in step with other tabs, in the browser.
pub fn use_persistence(on_lost: Rc<dyn Fn(Lost, Language)>) -> UsePersistenceReturn {
    let (loaded, deferred) = PRELOADED.with_borrow_mut(Option::take).unwrap_or_else(load);
    let persisted = use_persistence_with_options(UsePersistenceOptions {
        storage: storage::LocalStorage,
        loaded,
        after_paint: Rc::new(|f| {
            request_animation_frame(move || set_timeout(f, std::time::Duration::ZERO))
        }),
        next_task: Rc::new(|f| set_timeout(f, std::time::Duration::ZERO)),
        now: clock::now,
        on_lost,
        deferred,
    });
    let heard = persisted.other_tab_wrote.clone();
    let storage_events = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() == Some(storage::KEY) {
            // `None` is a removal ("start fresh" elsewhere): nothing to merge.
            if let Some(text) = ev.new_value() {
                heard(text);
            }
        }
    });
    on_cleanup(move || storage_events.remove());
    let hide = persisted.page_hide.clone();
    let steady = persisted.in_step.clone();
    let unload = window_event_listener(leptos::ev::pagehide, move |_| {
        // Kept only when the page showed what is stored before and after the last save ran:
        // a merge it made would reach the page's markup only after this task.
        let was = steady();
        hide();
        if was && steady() {
            crate::browser::first_paint::capture();
        }
    });
    on_cleanup(move || unload.remove());
    // A tab put in the background may never get its `pagehide` (mobile browsers end it).
    let steady = persisted.in_step.clone();
    let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| {
        let gone = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.hidden());
        if gone && steady() {
            crate::browser::first_paint::capture();
        }
    });
    on_cleanup(move || hidden.remove());
    persisted
}

/// [`use_persistence`] with any storage and scheduler.
pub fn use_persistence_with_options<S: SharedStorage + 'static>(
    options: UsePersistenceOptions<S>,
) -> UsePersistenceReturn {
    let UsePersistenceOptions {
        storage,
        loaded,
        after_paint,
        next_task,
        now,
        on_lost,
        deferred,
    } = options;
    let (dataset, set_dataset) = signal(loaded.dataset);
    let (mode, set_mode) = signal(loaded.mode.clone());
    let (save_error, set_save_error) = signal(None::<StorageError>);
    let (stored_chars, set_stored_chars) = signal(loaded.stored_chars);
    let rev = storage.revision();
    let machine =
        dataset.with_untracked(|ds| sync::Sync::new(ds, loaded.mode, rev, loaded.outdated));
    let pending = !deferred.is_empty();
    let wiring = Rc::new(Wiring {
        state: RefCell::new((machine, storage)),
        deferred: RefCell::new(pending.then_some(deferred)),
        opened: std::cell::Cell::new(false),
        preparing: std::cell::Cell::new(None),
        next_task,
        quiet: std::cell::Cell::new(false),
        stored_chars,
        dataset,
        set_dataset,
        mode,
        set_mode,
        set_save_error,
        set_stored_chars,
        after_paint,
        on_lost,
    });
    let w = wiring.clone();
    Effect::new(move |previous: Option<()>| {
        dataset.track();
        // The loaded value itself is not saved again (unless it is in the older form).
        let event = match previous {
            None => Event::Opened,
            Some(()) => {
                // Only the stored activities arriving: nothing to save (unless the same run
                // carries another tab's data, whose own change the machine expects).
                let adopting = w.state.try_borrow().is_ok_and(|s| s.0.adopting());
                if w.quiet.replace(false) && !adopting {
                    return;
                }
                // A save being prepared starts over with this change.
                if w.preparing.get().is_some() {
                    w.preparing.set(Some(true));
                }
                Event::Changed { now: now() }
            }
        };
        send(&w, move |_| event);
    });
    if pending {
        let w = wiring.clone();
        (wiring.after_paint)(Box::new(move || hydrate(&w)));
    }
    let w = wiring.clone();
    let other_tab_wrote: Rc<dyn Fn(String)> = Rc::new(move |text: String| {
        send(&w, move |s| {
            let (data, chars) = s.decode(&text);
            Event::OtherTabWrote {
                data,
                rev: s.revision(),
                chars,
            }
        })
    });
    let w = wiring.clone();
    let page_hide: Rc<dyn Fn()> =
        Rc::new(move || send(&w, |s| Event::PageHide { rev: s.revision() }));
    let w = wiring.clone();
    let in_step: Rc<dyn Fn() -> bool> = Rc::new(move || {
        w.state.try_borrow().is_ok_and(|state| {
            let (machine, storage) = &*state;
            machine.in_step(storage.revision().as_deref())
        })
    });
    // A callback must be `Send`; the wiring is not, so the arena keeps it for the callback.
    let local = StoredValue::new_local(wiring);
    let retry = Callback::new(move |()| {
        local.try_with_value(|w| send(w, |s| Event::Retry { rev: s.revision() }));
    });

    UsePersistenceReturn {
        in_step,
        dataset,
        set_dataset,
        mode,
        set_mode,
        save_error,
        stored_chars,
        raw: StoredValue::new(loaded.raw),
        other_tab_wrote,
        page_hide,
        retry,
    }
}

/// The state machine and storage, and the signals its outputs act on.
struct Wiring<S> {
    state: RefCell<(sync::Sync, S)>,
    /// The stored activities not read yet.
    deferred: RefCell<Option<compact::DeferredActivities>>,
    /// The machine has had its first event ([`Event::Opened`]).
    opened: std::cell::Cell<bool>,
    /// The next dataset change is only the stored activities arriving.
    quiet: std::cell::Cell<bool>,
    /// A save is being prepared a slice at a time: `Some(true)` when it must start over (the
    /// data changed again).
    preparing: std::cell::Cell<Option<bool>>,
    next_task: AfterPaint,
    stored_chars: ReadSignal<usize>,
    dataset: ReadSignal<Dataset>,
    set_dataset: WriteSignal<Dataset>,
    mode: ReadSignal<Mode>,
    set_mode: WriteSignal<Mode>,
    set_save_error: WriteSignal<Option<StorageError>>,
    set_stored_chars: WriteSignal<usize>,
    after_paint: AfterPaint,
    on_lost: Rc<dyn Fn(Lost, Language)>,
}

/// Runs the event `make` builds (it may read the storage, e.g. its revision) through the
/// machine, then shows the machine's mode and save error.
fn send<S: SharedStorage + 'static>(
    wiring: &Rc<Wiring<S>>,
    make: impl FnOnce(&mut S) -> Event + 'static,
) {
    // Whatever the machine does after opening (a save, a merge) works on the whole dataset.
    if wiring.opened.replace(true) {
        hydrate(wiring);
    }
    let Ok(mut state) = wiring.state.try_borrow_mut() else {
        // An output re-entered (no browser event interrupts Rust code): try after the paint.
        let again = wiring.clone();
        (wiring.after_paint)(Box::new(move || send(&again, make)));
        return;
    };
    let (machine, storage) = &mut *state;
    let mut host = SignalHost(wiring.clone());
    // The storage banner makes storage writable again when the user repairs or starts fresh.
    if wiring.mode.try_get_untracked() == Some(Mode::Persistent)
        && matches!(machine.mode(), Mode::ReadOnly(_))
    {
        let rev = storage.revision();
        sync::run(machine, Event::Resumed { rev }, storage, &mut host);
    }
    let event = make(storage);
    sync::run(machine, event, storage, &mut host);
    let mode = machine.mode();
    if wiring.mode.try_get_untracked().is_some_and(|m| m != mode) {
        wiring.set_mode.try_set(mode);
    }
    let error = machine.save_error().cloned();
    wiring.set_save_error.try_maybe_update(|e| {
        let changed = *e != error;
        *e = error;
        (changed, ())
    });
}

/// Reads the stored activities into the dataset if that is still to do (once). Activities made
/// before (a call logged at once) stay, after the stored ones. Columns that do not read make the
/// stored data unreadable, as they would have at start-up: the tab stops saving.
fn hydrate<S: SharedStorage + 'static>(wiring: &Rc<Wiring<S>>) {
    let Some(deferred) = wiring.deferred.borrow_mut().take() else {
        return;
    };
    // Measured in the browser only (the native tests have no `performance`).
    #[cfg(target_arch = "wasm32")]
    let read = crate::browser::perf::timed("kariz:activities", || deferred.finish_parts());
    #[cfg(not(target_arch = "wasm32"))]
    let read = deferred.finish_parts();
    match read {
        Ok((stored, parts)) => {
            if let Ok(mut state) = wiring.state.try_borrow_mut() {
                state.1.adopt(parts);
                state.1.changed();
            }
            wiring.quiet.set(true);
            wiring.set_dataset.try_update(|d| {
                let made_here = std::mem::replace(&mut d.activities, stored);
                d.activities.extend(made_here);
            });
        }
        Err(error) => {
            let chars = wiring.stored_chars.try_get_untracked().unwrap_or(0);
            send(wiring, move |s| Event::OtherTabWrote {
                data: Err(error),
                rev: s.revision(),
                chars,
            });
        }
    }
}

/// Does a slice of the save's work ([`SharedStorage::prepare`]), then the next one in a task of
/// its own, and when all are done, the save.
fn prepare_then_save<S: SharedStorage + 'static>(wiring: Rc<Wiring<S>>) {
    // The save writes the whole dataset: read the stored activities in before preparing it.
    hydrate(&wiring);
    let first = wiring.preparing.replace(Some(false)).unwrap_or(true);
    let ready = match wiring.state.try_borrow_mut() {
        Ok(mut state) => wiring
            .dataset
            .try_with_untracked(|ds| state.1.prepare(ds, first))
            .unwrap_or(true),
        Err(_) => true,
    };
    if ready {
        wiring.preparing.set(None);
        send(&wiring, |s| Event::SaveDue { rev: s.revision() });
    } else {
        let again = wiring.clone();
        (wiring.next_task)(Box::new(move || prepare_then_save(again)));
    }
}

/// The signals as the machine's [`Host`].
struct SignalHost<S>(Rc<Wiring<S>>);

impl<S: SharedStorage + 'static> Host for SignalHost<S> {
    fn with_dataset<R>(&mut self, f: impl FnOnce(&mut Dataset) -> R) -> Option<R> {
        // `try_`: a timer may fire after the app was unmounted.
        self.0.set_dataset.try_update_untracked(f)
    }
    fn adopt(&mut self, ds: Dataset) {
        self.0.set_dataset.try_set(ds);
    }
    fn schedule_save(&mut self) {
        if self.0.preparing.get().is_some() {
            // The save under way starts over with the data as it is now.
            self.0.preparing.set(Some(true));
            return;
        }
        self.0.preparing.set(Some(true));
        let wiring = self.0.clone();
        (self.0.after_paint)(Box::new(move || prepare_then_save(wiring)));
    }
    fn lost(&mut self, lost: Lost) {
        let lang = self.0.dataset.try_with_untracked(|d| d.settings.language);
        (self.0.on_lost)(lost, lang.unwrap_or(Language::En));
    }
    fn stored_chars(&mut self, chars: usize) {
        self.0.set_stored_chars.try_set(chars);
    }
}

/// The notice that says which unsaved changes lost to another tab.
pub fn lost_notice(lost: Lost, lang: Language) -> (Key, Vec<(&'static str, String)>) {
    let n = |count: usize| fmt_int(lang, count as i64);
    match (lost.deals, lost.setup) {
        (deals, 0) => (Key::LostToOtherTab, vec![("n", n(deals))]),
        (0, setup) => (Key::LostSetupToOtherTab, vec![("n", n(setup))]),
        (deals, setup) => (
            Key::LostBothToOtherTab,
            vec![("n", n(deals)), ("setup", n(setup))],
        ),
    }
}
