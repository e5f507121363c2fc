//! The sync state machine alone (its states and outputs), then two simulated tabs driving it
//! through [`run`] over one fake localStorage — the same code path the app takes — for every way
//! issue #16 found data lost across tabs.

use super::fake::FakeStorage;
use super::*;
use crate::date::Date;
use crate::format::schema::check_integrity;
use crate::merge::replace;
use crate::sample::sample_dataset;
use crate::setup::Roster;
use crate::*;

fn sample() -> Dataset {
    sample_dataset(Date::parse("2025-06-30").unwrap(), Language::En)
}

/// A time after everything in the sample.
const T0: i64 = 1_900_000_000_000;

fn saved(rev: &str) -> Event {
    Event::SaveOk(Saved {
        rev: rev.into(),
        chars: 10,
    })
}

fn changed(at: i64) -> Event {
    Event::Changed { now: Timestamp(at) }
}

fn due(rev: Option<&str>) -> Event {
    Event::SaveDue {
        rev: rev.map(String::from),
    }
}

fn too_new() -> LoadError {
    compact::decode(r#"{"format":"kariz","store":1,"schema_version":999,"deals":[]}"#)
        .expect_err("a newer schema does not read")
}

#[test]
fn a_change_is_saved_once_after_the_paint_and_the_tab_is_clean_again() {
    let mut ds = sample();
    let mut sync = Sync::new(&ds, Mode::Persistent, Some("r1".into()), false);
    assert_eq!(sync.handle(Event::Opened, &mut ds), []);
    assert_eq!(sync.state(), &State::Clean);
    assert_eq!(sync.handle(changed(T0), &mut ds), [Output::ScheduleSave]);
    assert_eq!(sync.state(), &State::Dirty);
    // A second change in the same frame shares the save.
    assert_eq!(sync.handle(changed(T0), &mut ds), []);
    assert_eq!(sync.handle(due(Some("r1")), &mut ds), [Output::Write]);
    assert_eq!(sync.state(), &State::Saving);
    assert_eq!(sync.handle(saved("r2"), &mut ds), [Output::StoredChars(10)]);
    assert_eq!(sync.state(), &State::Clean);
    // Nothing pending: a late timer or the page hiding writes nothing.
    assert_eq!(sync.handle(due(Some("r2")), &mut ds), []);
    let hide = Event::PageHide {
        rev: Some("r2".into()),
    };
    assert_eq!(sync.handle(hide, &mut ds), []);
}

#[test]
fn the_tab_is_in_step_with_storage_only_when_clean_and_nobody_saved_since() {
    let mut ds = sample();
    // Nothing stored yet: no revision, nothing to be in step with.
    let fresh = Sync::new(&ds, Mode::Persistent, None, false);
    assert!(!fresh.in_step(None));
    let mut sync = Sync::new(&ds, Mode::Persistent, Some("r1".into()), false);
    sync.handle(Event::Opened, &mut ds);
    assert!(sync.in_step(Some("r1")));
    // Another tab saved since.
    assert!(!sync.in_step(Some("r9")));
    assert!(!sync.in_step(None));
    sync.handle(changed(T0), &mut ds);
    assert!(!sync.in_step(Some("r1")), "a change waits for its save");
    sync.handle(due(Some("r1")), &mut ds);
    assert!(!sync.in_step(Some("r1")), "saving");
    sync.handle(saved("r2"), &mut ds);
    assert!(sync.in_step(Some("r2")));
    assert!(!sync.in_step(Some("r1")));
    // Read-only and memory-only tabs never are.
    let mut read_only = Sync::new(
        &ds,
        Mode::ReadOnly(StorageError::Unavailable),
        Some("r1".into()),
        false,
    );
    read_only.handle(Event::Opened, &mut ds);
    assert!(!read_only.in_step(Some("r1")));
    let memory = Sync::new(&ds, Mode::MemoryOnly, Some("r1".into()), false);
    assert!(!memory.in_step(Some("r1")));
    // Data in the older form is rewritten before it is.
    let mut outdated = Sync::new(&ds, Mode::Persistent, Some("r1".into()), true);
    outdated.handle(Event::Opened, &mut ds);
    assert!(!outdated.in_step(Some("r1")));
}

#[test]
fn a_failed_save_keeps_its_error_until_a_later_save_succeeds() {
    let mut ds = sample();
    let mut sync = Sync::new(&ds, Mode::Persistent, None, false);
    sync.handle(changed(T0), &mut ds);
    sync.handle(due(None), &mut ds);
    let full = StorageError::Write("QuotaExceededError: full".into());
    assert_eq!(sync.handle(Event::SaveFailed(full.clone()), &mut ds), []);
    assert_eq!(sync.state(), &State::Failed(full.clone()));
    assert_eq!(sync.mode(), Mode::Persistent);
    // "Retry" is a change: it schedules the save again, and the error shows until it works.
    assert_eq!(sync.handle(changed(T0), &mut ds), [Output::ScheduleSave]);
    assert_eq!(sync.save_error(), Some(&full));
    sync.handle(due(None), &mut ds);
    sync.handle(saved("r1"), &mut ds);
    assert_eq!((sync.state(), sync.save_error()), (&State::Clean, None));
    // "Try saving again" writes at once, changed or not.
    let retry = Event::Retry {
        rev: Some("r1".into()),
    };
    assert_eq!(sync.handle(retry, &mut ds), [Output::Write]);
    sync.handle(saved("r2"), &mut ds);
    // A result nobody asked for changes nothing.
    assert_eq!(sync.handle(Event::SaveFailed(full), &mut ds), []);
    assert_eq!(sync.state(), &State::Clean);
}

#[test]
fn a_save_that_finds_a_newer_kariz_stops_and_never_writes() {
    let mut ds = sample();
    let mut sync = Sync::new(&ds, Mode::Persistent, Some("r1".into()), false);
    sync.handle(changed(T0), &mut ds);
    assert_eq!(sync.handle(due(Some("r2")), &mut ds), [Output::ReadStored]);
    assert_eq!(sync.state(), &State::Merging);
    let read = Event::StoredRead(Some(Err(too_new())));
    assert_eq!(sync.handle(read, &mut ds), []);
    assert!(matches!(
        sync.mode(),
        Mode::ReadOnly(StorageError::Unreadable(LoadError::TooNew { .. }))
    ));
    assert_eq!(
        sync.handle(changed(T0 + 1), &mut ds),
        [],
        "read-only: no save"
    );
    assert_eq!(sync.handle(due(Some("r2")), &mut ds), []);
    // Only the user's explicit repair or "start fresh" makes it writable again.
    sync.handle(
        Event::Resumed {
            rev: Some("r2".into()),
        },
        &mut ds,
    );
    assert_eq!(
        sync.handle(changed(T0 + 2), &mut ds),
        [Output::ScheduleSave]
    );
    assert_eq!(sync.handle(due(Some("r2")), &mut ds), [Output::Write]);
}

#[test]
fn another_tab_writing_what_this_one_cannot_read_makes_it_read_only() {
    let mut ds = sample();
    let mut sync = Sync::new(&ds, Mode::Persistent, None, false);
    let wrote = Event::OtherTabWrote {
        data: Err(too_new()),
        rev: Some("r9".into()),
        chars: 99,
    };
    assert_eq!(sync.handle(wrote, &mut ds), [Output::StoredChars(99)]);
    assert!(matches!(sync.state(), State::ReadOnly(_)));
    assert_eq!(sync.handle(changed(T0), &mut ds), []);
}

#[test]
fn memory_only_never_saves_nor_listens() {
    let mut ds = sample();
    let mut sync = Sync::new(&ds, Mode::MemoryOnly, None, true);
    assert_eq!(
        sync.handle(Event::Opened, &mut ds),
        [],
        "even outdated data"
    );
    assert_eq!(sync.handle(changed(T0), &mut ds), []);
    let wrote = Event::OtherTabWrote {
        data: Ok(Dataset::new(Language::En)),
        rev: None,
        chars: 1,
    };
    assert_eq!(sync.handle(wrote, &mut ds), []);
    assert_eq!(ds, sample());
    assert_eq!(sync.mode(), Mode::MemoryOnly);
}

#[test]
fn data_in_the_older_larger_form_is_rewritten_at_once() {
    let mut ds = sample();
    let mut sync = Sync::new(&ds, Mode::Persistent, None, true);
    assert_eq!(sync.handle(Event::Opened, &mut ds), [Output::ScheduleSave]);
}

#[test]
fn a_change_made_while_a_save_is_under_way_gets_its_own_save() {
    let mut ds = sample();
    let mut sync = Sync::new(&ds, Mode::Persistent, None, false);
    sync.handle(changed(T0), &mut ds);
    sync.handle(due(None), &mut ds);
    assert_eq!(sync.handle(changed(T0 + 1), &mut ds), []);
    assert_eq!(
        sync.handle(saved("r1"), &mut ds),
        [Output::StoredChars(10), Output::ScheduleSave]
    );
    assert_eq!(sync.state(), &State::Dirty);
}

#[test]
fn start_up_reads_a_store_over_several_keys_and_never_half_of_it() {
    let ds = sample();
    assert!(!ds.activities.is_empty());
    let plan = compact::EncodeCache::default().plan(&ds, "g1").unwrap();
    assert!(
        !plan.parts.is_empty(),
        "the sample's calls are stored in parts"
    );
    let parts: std::collections::HashMap<String, String> = plan.parts.iter().cloned().collect();
    let fresh = || Dataset::new(Language::En);
    let loaded = load(
        Ok(Some(plan.main.clone())),
        &mut |k| parts.get(k).cloned(),
        fresh,
    );
    assert_eq!((loaded.mode, loaded.dataset), (Mode::Persistent, ds));
    // A part gone (storage cleared under the app, a crash) makes the store unreadable: kept
    // aside in read-only mode, never taken for an empty store that a save would overwrite.
    let missing = load(Ok(Some(plan.main.clone())), &mut |_| None, fresh);
    assert!(matches!(
        missing.mode,
        Mode::ReadOnly(StorageError::Unreadable(_))
    ));
    assert_eq!(missing.raw.as_deref(), Some(plan.main.as_str()));
}

#[test]
fn start_up_decides_the_mode_from_what_is_stored() {
    let fresh = || Dataset::new(Language::Fa);
    let none = load(Ok(None), &mut |_| None, fresh);
    assert_eq!((none.mode, none.dataset), (Mode::Persistent, fresh()));
    assert_eq!(
        load(Err(StorageError::Unavailable), &mut |_| None, fresh).mode,
        Mode::MemoryOnly
    );
    let text = compact::encode(&sample());
    let stored = load(Ok(Some(text.clone())), &mut |_| None, fresh);
    assert_eq!((stored.dataset, stored.outdated), (sample(), false));
    assert_eq!(stored.stored_chars, utf16_len(&text));
    let old = load(
        Ok(Some(crate::format::schema::to_json(&sample()))),
        &mut |_| None,
        fresh,
    );
    assert_eq!((old.dataset, old.outdated), (sample(), true));
    let broken = load(Ok(Some("{not json".into())), &mut |_| None, fresh);
    assert!(matches!(
        broken.mode,
        Mode::ReadOnly(StorageError::Unreadable(_))
    ));
    assert_eq!(
        broken.raw.as_deref(),
        Some("{not json"),
        "kept for download"
    );
    assert_eq!(broken.dataset, fresh());
}

/// A tab as the app wires it: its dataset (the signal), its scheduled save (the animation
/// frame), the notices it showed; changes come back as [`Event::Changed`] like the effect does.
struct View {
    ds: Dataset,
    scheduled: bool,
    /// The dataset was set and the effect has not run yet.
    changed: bool,
    /// What the tab told the user was lost: (deals, set-up parts).
    told: (usize, usize),
    chars: usize,
}

impl Host for View {
    fn with_dataset<R>(&mut self, f: impl FnOnce(&mut Dataset) -> R) -> Option<R> {
        Some(f(&mut self.ds))
    }
    fn adopt(&mut self, ds: Dataset) {
        self.ds = ds;
        self.changed = true;
    }
    fn schedule_save(&mut self) {
        self.scheduled = true;
    }
    fn lost(&mut self, lost: Lost) {
        self.told.0 += lost.deals;
        self.told.1 += lost.setup;
    }
    fn stored_chars(&mut self, chars: usize) {
        self.chars = chars;
    }
}

struct Tab {
    sync: Sync,
    storage: FakeStorage,
    view: View,
    /// How much of the write log this tab has heard.
    heard: usize,
    /// The time the last change was made.
    now: i64,
}

impl Tab {
    fn open(storage: &FakeStorage, id: usize) -> Tab {
        let storage = storage.for_tab(id);
        let text = storage.disk.borrow().text.clone();
        let loaded = load(Ok(text), &mut |_| None, || Dataset::new(Language::En));
        let heard = storage.disk.borrow().log.len();
        let mut tab = Tab {
            sync: Sync::new(
                &loaded.dataset,
                loaded.mode,
                storage.revision(),
                loaded.outdated,
            ),
            heard,
            storage,
            view: View {
                ds: loaded.dataset,
                scheduled: false,
                changed: false,
                told: (0, 0),
                chars: loaded.stored_chars,
            },
            now: T0,
        };
        tab.send(Event::Opened);
        tab
    }

    fn ds(&self) -> &Dataset {
        &self.view.ds
    }

    /// Handles `event`, then lets the effect see whatever it changed.
    fn send(&mut self, event: Event) {
        run(&mut self.sync, event, &mut self.storage, &mut self.view);
        self.effects();
    }

    /// The effect: every time the dataset was set, the machine hears of the change.
    fn effects(&mut self) {
        while std::mem::take(&mut self.view.changed) {
            let now = Timestamp(self.now);
            run(
                &mut self.sync,
                Event::Changed { now },
                &mut self.storage,
                &mut self.view,
            );
        }
    }

    /// A change at `now`; its save waits for the next paint.
    fn change(&mut self, now: i64, f: impl FnOnce(&mut Dataset)) {
        f(&mut self.view.ds);
        self.now = now;
        self.view.changed = true;
        self.effects();
    }

    /// A change at `now` and its save.
    fn edit(&mut self, now: i64, f: impl FnOnce(&mut Dataset)) {
        self.change(now, f);
        self.paint();
    }

    /// The next frame: the scheduled save runs. True when there was one.
    fn paint(&mut self) -> bool {
        if !std::mem::take(&mut self.view.scheduled) {
            return false;
        }
        let rev = self.storage.revision();
        self.send(Event::SaveDue { rev });
        true
    }

    /// The `storage` events of other tabs' writes since the last call. True when there were any.
    fn hear(&mut self) -> bool {
        let log = self.storage.disk.borrow().log.clone();
        let news: Vec<String> = log[self.heard..]
            .iter()
            .filter(|(by, _)| *by != self.storage.tab)
            .map(|(_, text)| text.clone())
            .collect();
        self.heard = log.len();
        for text in &news {
            let event = Event::OtherTabWrote {
                data: compact::decode(text),
                rev: self.storage.revision(),
                chars: utf16_len(text),
            };
            self.send(event);
        }
        !news.is_empty()
    }
}

/// Lets the tabs paint and hear each other until nobody has anything left to do.
fn settle(tabs: &mut [&mut Tab]) {
    for _ in 0..20 {
        let mut busy = false;
        for tab in tabs.iter_mut() {
            busy |= tab.hear();
            busy |= tab.paint();
        }
        if !busy {
            return;
        }
    }
    panic!("the tabs keep saving back and forth");
}

/// Storage holding the sample (loaded in tab A as a new edit) and a tab B opened afterwards.
fn sample_in_two_tabs() -> (FakeStorage, Tab, Tab) {
    let storage = FakeStorage::new();
    let mut a = Tab::open(&storage, 1);
    a.edit(T0, |ds| *ds = replace(ds, sample(), Timestamp(T0)));
    let b = Tab::open(&storage, 2);
    assert_eq!(b.ds().deals.len(), sample().deals.len());
    (storage, a, b)
}

fn acme(ds: &Dataset) -> Vec<DealId> {
    ds.deals
        .iter()
        .filter(|d| d.company.contains("Acme") || d.title.contains("Acme"))
        .map(|d| d.id.clone())
        .collect()
}

fn ids(ds: &Dataset) -> Vec<String> {
    let mut ids: Vec<String> = ds.deals.iter().map(|d| d.id.0.clone()).collect();
    ids.sort();
    ids
}

/// Everything the user sees, in a fixed order (the merge may reorder records).
fn shown(ds: &Dataset) -> (Vec<Deal>, Vec<Stage>, Vec<Source>, Vec<Owner>, Settings) {
    let mut deals = ds.deals.clone();
    deals.sort_by(|a, b| a.id.cmp(&b.id));
    let s = (ds.stages.clone(), ds.sources.clone(), ds.owners.clone());
    (deals, s.0, s.1, s.2, ds.settings.clone())
}

/// Every tab, the stored data and a tab opened now show the same.
fn all_agree(storage: &FakeStorage, tabs: &[&Tab]) {
    let stored = storage.stored();
    check_integrity(&stored).unwrap();
    for tab in tabs {
        assert_eq!(
            shown(tab.ds()),
            shown(&stored),
            "a tab differs from storage"
        );
        assert_eq!(tab.sync.state(), &State::Clean);
    }
    let fresh = Tab::open(storage, 99);
    assert_eq!(shown(fresh.ds()), shown(&stored));
}

#[test]
fn undoing_a_bulk_delete_restores_the_deals_in_every_tab() {
    // The issue's reproduction: the sample, a second tab, the "Acme" deals deleted in the first
    // tab, then Undo.
    let (storage, mut a, mut b) = sample_in_two_tabs();
    let n = a.ds().deals.len();
    let acme = acme(a.ds());
    assert!(acme.len() >= 5, "the sample has Acme deals: {}", acme.len());
    let mut gone = Default::default();
    a.edit(T0 + 10, |ds| {
        gone = ds.delete_deals(&acme, Timestamp(T0 + 10))
    });
    settle(&mut [&mut a, &mut b]);
    assert_eq!(b.ds().deals.len(), n - acme.len());
    a.edit(T0 + 20, |ds| ds.restore_deals(gone, Timestamp(T0 + 20)));
    settle(&mut [&mut a, &mut b]);
    assert_eq!(a.ds().deals.len(), n, "the undoing tab keeps them");
    assert_eq!(b.ds().deals.len(), n, "the other tab gets them back");
    all_agree(&storage, &[&a, &b]);
    assert_eq!(
        (a.view.told, b.view.told),
        ((0, 0), (0, 0)),
        "nothing lost, nothing said"
    );
}

#[test]
fn undo_before_the_other_tab_heard_the_delete_still_restores_everywhere() {
    let (storage, mut a, mut b) = sample_in_two_tabs();
    let acme = acme(a.ds());
    let mut gone = Default::default();
    a.edit(T0 + 10, |ds| {
        gone = ds.delete_deals(&acme, Timestamp(T0 + 10))
    });
    a.edit(T0 + 11, |ds| ds.restore_deals(gone, Timestamp(T0 + 11)));
    // B had an unsaved edit of its own to one of them, older than the undo.
    b.change(T0 + 5, |ds| {
        let i = ds.deals.iter().position(|d| d.id == acme[0]).unwrap();
        ds.deals[i].notes = "B's note".into();
        ds.deals[i].updated_at = Timestamp(T0 + 5);
    });
    settle(&mut [&mut a, &mut b]);
    assert_eq!(ids(b.ds()), ids(&sample()));
    assert_eq!(
        b.view.told,
        (1, 0),
        "B's older edit lost to the undo, and B is told"
    );
    all_agree(&storage, &[&a, &b]);
}

#[test]
fn undoing_clear_everything_restores_it_in_every_tab() {
    let (storage, mut a, mut b) = sample_in_two_tabs();
    let before = a.ds().clone();
    a.edit(T0 + 10, |ds| ds.clear_records(Timestamp(T0 + 10)));
    settle(&mut [&mut a, &mut b]);
    assert!(b.ds().deals.is_empty());
    a.edit(T0 + 20, |ds| {
        *ds = replace(ds, before.clone(), Timestamp(T0 + 20))
    });
    settle(&mut [&mut a, &mut b]);
    assert_eq!(ids(b.ds()), ids(&before));
    assert_eq!(b.ds().goals.len(), before.goals.len());
    assert_eq!(b.ds().traffic.len(), before.traffic.len());
    all_agree(&storage, &[&a, &b]);
}

#[test]
fn replace_on_import_wins_in_every_tab_and_so_does_its_undo() {
    let (storage, mut a, mut b) = sample_in_two_tabs();
    let before = a.ds().clone();
    // A file with a tenth of the deals, one of them in an older version than ours.
    let mut file = sample();
    file.deals.truncate(32);
    file.deals[0].title = "Older title from the file".into();
    file.deals[0].updated_at = Timestamp(1);
    a.edit(T0 + 10, |ds| {
        *ds = replace(ds, file.clone(), Timestamp(T0 + 10))
    });
    settle(&mut [&mut a, &mut b]);
    assert_eq!(
        b.ds().deals.len(),
        32,
        "the other tab does not merge the old deals back"
    );
    assert_eq!(
        b.ds().deal(&file.deals[0].id).unwrap().title,
        "Older title from the file"
    );
    all_agree(&storage, &[&a, &b]);
    a.edit(T0 + 20, |ds| {
        *ds = replace(ds, before.clone(), Timestamp(T0 + 20))
    });
    settle(&mut [&mut a, &mut b]);
    assert_eq!(ids(b.ds()), ids(&before));
    assert_eq!(
        b.ds().deal(&file.deals[0].id).unwrap().title,
        before.deals[0].title
    );
    all_agree(&storage, &[&a, &b]);
}

#[test]
fn loading_the_sample_wins_in_every_tab_even_over_its_own_tombstones() {
    let (storage, mut a, mut b) = sample_in_two_tabs();
    // The sample's ids are fixed, so clearing leaves tombstones for the very deals a second
    // "load sample" brings: they must still arrive everywhere.
    a.edit(T0 + 10, |ds| ds.clear_records(Timestamp(T0 + 10)));
    settle(&mut [&mut a, &mut b]);
    b.edit(T0 + 20, |ds| {
        *ds = replace(ds, sample(), Timestamp(T0 + 20))
    });
    settle(&mut [&mut a, &mut b]);
    assert_eq!(ids(a.ds()), ids(&sample()));
    all_agree(&storage, &[&a, &b]);
    // The sample over other data: the other data goes in every tab, not only in this one.
    let mut mine = sample();
    mine.deals.truncate(3);
    for d in &mut mine.deals {
        d.id = DealId(format!("mine-{}", d.id.0));
    }
    a.edit(T0 + 30, |ds| {
        *ds = replace(ds, mine.clone(), Timestamp(T0 + 30))
    });
    settle(&mut [&mut a, &mut b]);
    b.edit(T0 + 40, |ds| {
        *ds = replace(ds, sample(), Timestamp(T0 + 40))
    });
    settle(&mut [&mut a, &mut b]);
    assert_eq!(ids(a.ds()), ids(&sample()));
    all_agree(&storage, &[&a, &b]);
}

#[test]
fn a_setting_changed_in_one_tab_while_the_other_saves_survives_and_a_lost_one_is_told() {
    let (storage, mut a, mut b) = sample_in_two_tabs();
    // A changes the calendar and the reminder; before its save runs, B changes the currency and
    // the reminder too, and saves.
    a.change(T0 + 10, |ds| {
        ds.settings.calendar = Calendar::Jalali;
        ds.settings.backup_reminder_days = 3;
    });
    b.edit(T0 + 20, |ds| {
        ds.settings.display_currency = Currency::EUR;
        ds.settings.backup_reminder_days = 14;
    });
    // A's save finds B's revision and merges first.
    assert!(a.paint());
    assert_eq!(
        a.ds().settings.calendar,
        Calendar::Jalali,
        "the unsaved change stays"
    );
    assert_eq!(
        a.ds().settings.display_currency,
        Currency::EUR,
        "theirs arrives"
    );
    assert_eq!(
        a.ds().settings.backup_reminder_days,
        14,
        "the newer change wins"
    );
    assert_eq!(a.view.told, (0, 1), "and the tab whose change lost is told");
    settle(&mut [&mut a, &mut b]);
    assert_eq!(b.ds().settings.calendar, Calendar::Jalali);
    assert_eq!(b.view.told, (0, 0));
    all_agree(&storage, &[&a, &b]);
}

#[test]
fn a_setting_changed_while_this_tab_cannot_save_is_kept_and_saved_once_it_can() {
    let (storage, mut a, mut b) = sample_in_two_tabs();
    let full = StorageError::Write("QuotaExceededError".into());
    storage.disk.borrow_mut().fail = Some(full.clone());
    a.edit(T0 + 10, |ds| ds.settings.calendar = Calendar::Jalali);
    assert_eq!(a.sync.state(), &State::Failed(full.clone()));
    assert_eq!(a.sync.save_error(), Some(&full));
    assert_eq!(
        storage.stored().settings.calendar,
        Calendar::Gregorian,
        "nothing written"
    );
    storage.disk.borrow_mut().fail = None;
    // B saves another setting; A merges it, and saves its own change with it.
    b.edit(T0 + 20, |ds| ds.settings.display_currency = Currency::EUR);
    settle(&mut [&mut a, &mut b]);
    assert_eq!(a.ds().settings.calendar, Calendar::Jalali, "kept in memory");
    assert_eq!(b.ds().settings.calendar, Calendar::Jalali);
    assert_eq!(a.ds().settings.display_currency, Currency::EUR);
    assert_eq!(a.sync.save_error(), None);
    all_agree(&storage, &[&a, &b]);
}

#[test]
fn a_stage_deleted_in_one_tab_stays_deleted_and_edits_in_the_other_survive() {
    let (storage, mut a, mut b) = sample_in_two_tabs();
    a.edit(T0 + 5, |ds| {
        ds.add_stage("Proposal", StageKind::Open, 60).unwrap();
        ds.add_to_roster(Roster::Sources, "Radio").unwrap();
    });
    settle(&mut [&mut a, &mut b]);
    assert!(b.ds().stage(&"proposal".into()).is_some());
    // B renames MQL and removes the source, unsaved; A removes the stage and saves.
    b.change(T0 + 10, |ds| {
        ds.rename_stage(&"mql".into(), "Marketing qualified")
            .unwrap();
        ds.remove_from_roster(Roster::Sources, "radio").unwrap();
    });
    a.edit(T0 + 20, |ds| ds.remove_stage(&"proposal".into()).unwrap());
    settle(&mut [&mut a, &mut b]);
    for tab in [&a, &b] {
        assert!(
            tab.ds().stage(&"proposal".into()).is_none(),
            "it stays gone"
        );
        assert_eq!(
            tab.ds().stage(&"mql".into()).unwrap().name,
            "Marketing qualified"
        );
        assert!(!tab.ds().sources.iter().any(|s| s.id.0 == "radio"));
    }
    assert_eq!((a.view.told, b.view.told), ((0, 0), (0, 0)));
    all_agree(&storage, &[&a, &b]);
}

#[test]
fn a_stage_deleted_while_the_other_tab_moves_a_deal_into_it_is_kept() {
    let (storage, mut a, mut b) = sample_in_two_tabs();
    a.edit(T0 + 5, |ds| {
        ds.add_stage("Proposal", StageKind::Open, 60).unwrap();
    });
    settle(&mut [&mut a, &mut b]);
    let open = b
        .ds()
        .deals
        .iter()
        .find(|d| b.ds().deal_kind(d) == Some(StageKind::Open))
        .map(|d| d.id.clone())
        .unwrap();
    let today = Date::parse("2025-06-30").unwrap();
    b.change(T0 + 10, |ds| {
        let to = crate::ops::Move::To("proposal".into());
        ds.move_deal(&open, to, today, today, Timestamp(T0 + 10))
            .unwrap();
    });
    a.edit(T0 + 20, |ds| ds.remove_stage(&"proposal".into()).unwrap());
    settle(&mut [&mut a, &mut b]);
    assert!(
        a.ds().stage(&"proposal".into()).is_some(),
        "a deal is in it"
    );
    all_agree(&storage, &[&a, &b]);
}

#[test]
fn hearing_another_tabs_save_without_local_changes_writes_nothing_back() {
    let (storage, mut a, mut b) = sample_in_two_tabs();
    let writes = storage.disk.borrow().writes;
    a.edit(T0 + 10, |ds| ds.settings.backup_reminder_days = 30);
    assert!(b.hear());
    assert!(!b.paint(), "B shows A's data but does not echo it");
    assert_eq!(storage.disk.borrow().writes, writes + 1);
    assert_eq!(b.ds().settings.backup_reminder_days, 30);
    assert_eq!(
        b.view.chars,
        utf16_len(storage.disk.borrow().text.as_deref().unwrap())
    );
}

#[test]
fn leaving_the_page_saves_a_pending_change_at_once() {
    let (storage, mut a, mut b) = sample_in_two_tabs();
    a.change(T0 + 10, |ds| ds.settings.backup_reminder_days = 2);
    let rev = a.storage.revision();
    a.send(Event::PageHide { rev });
    assert_eq!(storage.stored().settings.backup_reminder_days, 2);
    assert!(
        !a.paint() || a.sync.state() == &State::Clean,
        "the frame after has nothing left"
    );
    settle(&mut [&mut a, &mut b]);
    all_agree(&storage, &[&a, &b]);
}

#[test]
fn a_newer_kariz_writing_in_another_tab_stops_this_tab_from_saving() {
    let (storage, mut a, _b) = sample_in_two_tabs();
    storage.put(r#"{"format":"kariz","store":1,"schema_version":999,"deals":[]}"#);
    a.hear();
    assert!(matches!(a.sync.mode(), Mode::ReadOnly(_)));
    a.edit(T0 + 10, |ds| ds.settings.backup_reminder_days = 2);
    let text = storage.disk.borrow().text.clone().unwrap();
    assert!(text.contains("999"), "the newer data is never written over");
}

#[test]
fn records_in_another_order_are_the_same_data_and_a_changed_one_is_not() {
    let a = sample();
    let mut b = a.clone();
    b.deals.reverse();
    assert!(
        same_records(&a, &b),
        "the merge's order does not call for a save"
    );
    b.deals[0].title.push('!');
    assert!(!same_records(&a, &b));
    let mut c = a.clone();
    c.call_outcomes.pop();
    assert!(!same_records(&a, &c), "every field counts");
}
