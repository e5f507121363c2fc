//! The Leptos wiring of persistence, natively: a reactive `Owner`, real signals and effects (run
//! by `any_spawner`'s futures executor), a fake localStorage and a queue of "next paint"
//! callbacks instead of the browser's.

use super::*;
use crate::domain::format::compact;
use crate::domain::merge::{stamp_setup, Setup};
use crate::domain::sample::sample_dataset;
use crate::domain::sync::fake::FakeStorage;
use crate::domain::sync::SharedStorage;
use crate::domain::Date;
use any_spawner::Executor;
use std::collections::VecDeque;

const T0: i64 = 1_900_000_000_000;

type Frames = Rc<RefCell<VecDeque<Box<dyn FnOnce()>>>>;

/// Runs the effects, then the next paint's callbacks, then the effects they caused.
fn frame(frames: &Frames) {
    Executor::poll_local();
    let due: Vec<_> = frames.borrow_mut().drain(..).collect();
    for f in due {
        f();
    }
    Executor::poll_local();
}

/// Runs `test` under a reactive owner, its effects run by `any_spawner`'s futures executor.
fn under_owner(test: impl FnOnce()) {
    // Another test binary thread may have set it already; either way effects run here.
    let _ = Executor::init_futures_executor();
    Owner::new().with(test);
}

fn sample() -> Dataset {
    sample_dataset(Date::parse("2025-06-30").unwrap(), Language::En)
}

/// What another tab would store: `ds` with one setting changed at `at`.
fn other_tab(ds: &Dataset, at: i64, days: u32) -> String {
    let mut theirs = ds.clone();
    let before = Setup::of(&theirs);
    theirs.settings.backup_reminder_days = days;
    stamp_setup(&before, &mut theirs, Timestamp(at));
    compact::encode(&theirs)
}

#[test]
fn the_wiring_saves_merges_tells_and_stops_under_a_reactive_owner() {
    under_owner(|| {
        let storage = FakeStorage::new();
        let frames: Frames = Rc::default();
        let told = Rc::new(RefCell::new(Vec::<Lost>::new()));
        let queue = frames.clone();
        let tasks = frames.clone();
        let heard = told.clone();
        let p = use_persistence_with_options(UsePersistenceOptions {
            storage: storage.clone(),
            loaded: sync::load(Ok(None), &mut |_| None, || Dataset::new(Language::En)),
            after_paint: Rc::new(move |f| queue.borrow_mut().push_back(f)),
            next_task: Rc::new(move |f| tasks.borrow_mut().push_back(f)),
            now: || Timestamp(T0),
            on_lost: Rc::new(move |lost, _| heard.borrow_mut().push(lost)),
            deferred: Default::default(),
        });
        let writes = || storage.disk.borrow().writes;
        frame(&frames);
        assert_eq!(writes(), 0, "what was loaded is not saved again");

        // Two changes in one frame: one save, after the paint.
        p.set_dataset.set(sample());
        p.set_dataset
            .update(|d| d.settings.backup_reminder_days = 9);
        Executor::poll_local();
        assert_eq!(writes(), 0, "the save waits for the paint");
        frame(&frames);
        assert_eq!(writes(), 1);
        assert_eq!(storage.stored(), p.dataset.get_untracked());
        let text = storage.disk.borrow().text.clone().unwrap();
        assert_eq!(p.stored_chars.get_untracked(), sync::utf16_len(&text));
        assert_eq!(p.mode.get_untracked(), Mode::Persistent);

        // Another tab's save arrives: shown here, not written back.
        let shown = p.dataset.get_untracked();
        let mut theirs_storage = storage.for_tab(2);
        let mut theirs = compact::decode(&other_tab(&shown, T0 + 50, 21)).unwrap();
        theirs_storage.write(&theirs).unwrap();
        (p.other_tab_wrote)(storage.disk.borrow().text.clone().unwrap());
        frame(&frames);
        assert_eq!(p.dataset.get_untracked().settings.backup_reminder_days, 21);
        assert_eq!(writes(), 2, "only the other tab's write");

        // An unsaved change here that a newer one from the other tab beats: the user is told.
        p.set_dataset
            .update(|d| d.settings.backup_reminder_days = 3);
        Executor::poll_local();
        theirs.settings.backup_reminder_days = 21;
        let newer = other_tab(&theirs, T0 + 100, 14);
        storage.put(&newer);
        (p.other_tab_wrote)(newer);
        frame(&frames);
        assert_eq!(p.dataset.get_untracked().settings.backup_reminder_days, 14);
        assert_eq!(*told.borrow(), [Lost { deals: 0, setup: 1 }]);

        // A failed save shows its error until a retry works.
        let full = StorageError::Write("QuotaExceededError".into());
        storage.disk.borrow_mut().fail = Some(full.clone());
        p.set_dataset
            .update(|d| d.settings.backup_reminder_days = 5);
        frame(&frames);
        assert_eq!(p.save_error.get_untracked(), Some(full));
        storage.disk.borrow_mut().fail = None;
        // "Try saving again" saves at once, without a change or a paint.
        p.retry.run(());
        assert_eq!(p.save_error.get_untracked(), None);
        assert_eq!(storage.stored().settings.backup_reminder_days, 5);

        // Leaving the page saves at once, before the paint.
        p.set_dataset
            .update(|d| d.settings.backup_reminder_days = 6);
        Executor::poll_local();
        (p.page_hide)();
        assert_eq!(storage.stored().settings.backup_reminder_days, 6);
        frame(&frames);

        // A newer Kariz writes in another tab: read-only, nothing written over it...
        let too_new = r#"{"format":"kariz","store":1,"schema_version":999,"deals":[]}"#;
        storage.put(too_new);
        (p.other_tab_wrote)(too_new.to_string());
        assert!(matches!(p.mode.get_untracked(), Mode::ReadOnly(_)));
        p.set_dataset
            .update(|d| d.settings.backup_reminder_days = 7);
        frame(&frames);
        assert_eq!(storage.disk.borrow().text.as_deref(), Some(too_new));
        // ...until the user starts fresh (the storage banner sets the mode back).
        p.set_mode.set(Mode::Persistent);
        p.set_dataset.set(Dataset::new(Language::En));
        frame(&frames);
        assert_eq!(storage.stored(), p.dataset.get_untracked());
        assert!(storage.stored().deals.is_empty());
    });
}

/// The sample with its calls, stored.
fn stored_with_calls() -> (FakeStorage, Dataset) {
    let mut ds = sample();
    let today = Date::parse("2025-06-30").unwrap();
    crate::domain::sample_calls::add_sample_calls(&mut ds, 3, Timestamp(T0), today);
    assert!(ds.activities.len() > 100);
    let storage = FakeStorage::new();
    storage.put(&compact::encode(&ds));
    (storage, ds)
}

/// The wiring over `storage`, loaded from it with the activities deferred.
fn deferred_wiring(storage: &FakeStorage, frames: &Frames) -> UsePersistenceReturn {
    let text = storage.disk.borrow().text.clone();
    let (loaded, deferred) = sync::load_deferred(Ok(text), || Dataset::new(Language::En));
    assert!(loaded.dataset.activities.is_empty() && !deferred.is_empty());
    let queue = frames.clone();
    let tasks = frames.clone();
    use_persistence_with_options(UsePersistenceOptions {
        storage: storage.clone(),
        loaded,
        after_paint: Rc::new(move |f| queue.borrow_mut().push_back(f)),
        next_task: Rc::new(move |f| tasks.borrow_mut().push_back(f)),
        now: || Timestamp(T0 + 1_000),
        on_lost: Rc::new(|_, _| {}),
        deferred,
    })
}

/// A tab on [`stored_with_calls`] after its first two frames: the stored activities read, the
/// opening settled.
fn started_tab() -> (FakeStorage, Frames, UsePersistenceReturn) {
    let (storage, _) = stored_with_calls();
    let frames: Frames = Rc::default();
    let p = deferred_wiring(&storage, &frames);
    frame(&frames);
    frame(&frames);
    (storage, frames, p)
}

#[test]
fn stored_activities_arrive_after_the_first_paint_and_are_not_saved_again() {
    under_owner(|| {
        let (storage, ds) = stored_with_calls();
        let frames: Frames = Rc::default();
        let p = deferred_wiring(&storage, &frames);
        Executor::poll_local();
        assert!(
            p.dataset.get_untracked().activities.is_empty(),
            "not before the paint"
        );
        // (Opening may save once, after the paint: the sample's set-up gets its first stamps.)
        frame(&frames);
        assert_eq!(p.dataset.get_untracked().activities, ds.activities);
        let settled = storage.disk.borrow().writes;
        assert!(settled <= 1, "{settled} writes");
        frame(&frames);
        frame(&frames);
        assert_eq!(
            storage.disk.borrow().writes,
            settled,
            "their arrival is no change to save"
        );
        assert_eq!(storage.stored(), p.dataset.get_untracked());
        // The next change saves them with it.
        p.set_dataset
            .update(|d| d.settings.backup_reminder_days = 9);
        frame(&frames);
        assert_eq!(storage.disk.borrow().writes, settled + 1);
        assert_eq!(storage.stored(), p.dataset.get_untracked());
        assert_eq!(storage.stored().activities, ds.activities);
    });
}

#[test]
fn a_change_before_the_activities_arrive_saves_them_all() {
    under_owner(|| {
        let (storage, ds) = stored_with_calls();
        let frames: Frames = Rc::default();
        let p = deferred_wiring(&storage, &frames);
        Executor::poll_local();
        // A call logged (and the page left) before the stored ones were read: nothing is lost,
        // the new call comes after them.
        let mut call = ds.activities[0].clone();
        call.id = crate::domain::model::ActivityId::from("logged-at-once");
        let logged = call.clone();
        p.set_dataset.update(move |d| d.activities.push(call));
        Executor::poll_local();
        (p.page_hide)();
        let stored = storage.stored();
        assert_eq!(stored.activities.len(), ds.activities.len() + 1);
        assert_eq!(stored.activities.last(), Some(&logged));
        assert_eq!(stored, p.dataset.get_untracked());
        frame(&frames);
        frame(&frames);
        assert_eq!(storage.stored(), p.dataset.get_untracked());
    });
}

#[test]
fn another_tabs_save_before_the_activities_arrive_keeps_them() {
    under_owner(|| {
        let (storage, ds) = stored_with_calls();
        let frames: Frames = Rc::default();
        let p = deferred_wiring(&storage, &frames);
        Executor::poll_local();
        let newer = other_tab(&ds, T0 + 50, 21);
        storage.put(&newer);
        (p.other_tab_wrote)(newer);
        frame(&frames);
        frame(&frames);
        let shown = p.dataset.get_untracked();
        assert_eq!(shown.settings.backup_reminder_days, 21);
        // The merge keeps every activity once (in its own order).
        let ids = |list: &[crate::domain::model::Activity]| {
            let mut ids: Vec<String> = list.iter().map(|a| a.id.0.clone()).collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(&shown.activities), ids(&ds.activities));
        // A later change here is saved (the merge did not swallow it).
        let writes = storage.disk.borrow().writes;
        p.set_dataset
            .update(|d| d.settings.backup_reminder_days = 4);
        frame(&frames);
        assert_eq!(storage.disk.borrow().writes, writes + 1);
        assert_eq!(storage.stored().settings.backup_reminder_days, 4);
        assert_eq!(ids(&storage.stored().activities), ids(&ds.activities));
    });
}

#[test]
fn activity_columns_that_do_not_read_stop_saving() {
    under_owner(|| {
        let (storage, _) = stored_with_calls();
        let text = storage.disk.borrow().text.clone().unwrap();
        // The deals read, the activities' `at` column does not.
        let broken = text.replacen("\"at\":\"", "\"at\":\"!", 1);
        assert_ne!(broken, text);
        storage.put(&broken);
        let frames: Frames = Rc::default();
        let p = deferred_wiring(&storage, &frames);
        frame(&frames);
        assert!(matches!(p.mode.get_untracked(), Mode::ReadOnly(_)));
        p.set_dataset
            .update(|d| d.settings.backup_reminder_days = 4);
        frame(&frames);
        assert_eq!(storage.disk.borrow().text.as_deref(), Some(broken.as_str()));
    });
}

#[test]
fn a_save_prepared_in_slices_runs_after_the_last_and_starts_over_on_a_change() {
    under_owner(|| {
        let (storage, frames, p) = started_tab();
        let before = storage.disk.borrow().writes;
        storage.disk.borrow_mut().slices = 3;
        p.set_dataset
            .update(|d| d.settings.backup_reminder_days = 9);
        frame(&frames); // the paint: the first slice
        frame(&frames); // the second
        assert_eq!(
            storage.disk.borrow().writes,
            before,
            "not before the last slice"
        );
        // A change while the save is prepared: it starts over (one save, not two).
        p.set_dataset
            .update(|d| d.settings.backup_reminder_days = 10);
        for _ in 0..6 {
            frame(&frames);
        }
        assert_eq!(storage.disk.borrow().writes, before + 1);
        assert_eq!(storage.disk.borrow().sliced.1, 2, "prepared twice");
        assert_eq!(storage.stored(), p.dataset.get_untracked());
        assert_eq!(storage.stored().settings.backup_reminder_days, 10);
        // Leaving the page saves at once, slices or not.
        p.set_dataset
            .update(|d| d.settings.backup_reminder_days = 11);
        Executor::poll_local();
        (p.page_hide)();
        assert_eq!(storage.stored().settings.backup_reminder_days, 11);
    });
}

#[test]
fn a_save_prepared_ahead_merges_what_another_tab_wrote_meanwhile() {
    under_owner(|| {
        let (storage, frames, p) = started_tab();
        storage.disk.borrow_mut().slices = 2;
        p.set_dataset
            .update(|d| d.settings.backup_reminder_days = 9);
        // Another tab adds a deal before this save's slices end; its `storage` event is late.
        let mut theirs = storage.stored();
        let mut deal = theirs.deals[0].clone();
        deal.id = crate::domain::model::DealId::from("their-deal");
        theirs.deals.push(deal);
        storage.for_tab(2).write(&theirs).unwrap();
        for _ in 0..6 {
            frame(&frames);
        }
        // The save found the other tab's revision, merged, and wrote the merged data, not what
        // its slices had prepared before the merge.
        let stored = storage.stored();
        assert!(stored.deals.iter().any(|d| d.id.as_str() == "their-deal"));
        assert_eq!(stored.settings.backup_reminder_days, 9);
        assert_eq!(stored, p.dataset.get_untracked());
    });
}
