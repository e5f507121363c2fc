//! The store over several keys: what a save writes, what a crash leaves, what reads back.

use super::super::{decode_keyed, decode_with, EncodeCache, SavePlan, PART_PREFIX};
use crate::date::{Date, Timestamp};
use crate::format::schema::LoadError;
use crate::model::{Dataset, Language};
use crate::sample::{scaled_dataset, with_call_history};
use std::collections::BTreeMap;

fn today() -> Date {
    Date::from_ymd(2026, 11, 27).unwrap()
}

/// localStorage as a map, with the main key under "main".
#[derive(Clone, Default)]
struct Keys(BTreeMap<String, String>);

impl Keys {
    /// Writes a plan as the app does: parts, main, then removals.
    fn write(&mut self, plan: &SavePlan) {
        self.write_parts(plan);
        self.0.insert("main".into(), plan.main.clone());
        for key in &plan.remove {
            self.0.remove(key);
        }
    }

    /// Writes only the parts (a crash before the main text).
    fn write_parts(&mut self, plan: &SavePlan) {
        for (key, text) in &plan.parts {
            assert!(
                !self.0.contains_key(key),
                "a part is never written over: {key}"
            );
            self.0.insert(key.clone(), text.clone());
        }
    }

    fn read(&self) -> Result<Dataset, LoadError> {
        decode_with(&self.0["main"], &mut |k| self.0.get(k).cloned())
    }

    /// What a tab starting on these keys reads: the data, and what its parts are.
    fn start(&self) -> (Dataset, super::super::StoredParts) {
        decode_keyed(&self.0["main"], &mut |k| self.0.get(k).cloned()).unwrap()
    }

    fn parts(&self) -> usize {
        self.0.keys().filter(|k| k.starts_with(PART_PREFIX)).count()
    }
}

fn dataset(activities: usize) -> Dataset {
    with_call_history(
        scaled_dataset(today(), Language::En, 600, 12),
        today(),
        activities,
    )
}

/// Saves `ds` into `keys` with `cache` under generation `generation`; returns the plan's part
/// count.
fn save(cache: &mut EncodeCache, keys: &mut Keys, ds: &Dataset, generation: &str) -> usize {
    let plan = cache.plan(ds, generation).unwrap();
    let written = plan.parts.len();
    keys.write(&plan);
    cache.saved(plan);
    written
}

#[test]
fn a_store_in_parts_reads_back_identical_and_unchanged_data_writes_no_part() {
    let ds = dataset(20_000);
    let (mut cache, mut keys) = (EncodeCache::default(), Keys::default());
    let first = save(&mut cache, &mut keys, &ds, "1");
    assert!(first >= 4, "20,000 activities make several parts: {first}");
    assert_eq!(keys.parts(), first);
    assert!(keys.0["main"].contains("\"store\":3"));
    assert!(!keys.0["main"].contains("\"activities\""));
    assert_eq!(keys.read().unwrap(), ds);
    assert_eq!(save(&mut cache, &mut keys, &ds, "2"), 0);
    assert_eq!(keys.read().unwrap(), ds);
}

#[test]
fn a_logged_call_an_edited_call_a_deal_edit_and_a_deal_deleted_write_at_most_one_part() {
    let mut ds = dataset(20_000);
    let (mut cache, mut keys) = (EncodeCache::default(), Keys::default());
    save(&mut cache, &mut keys, &ds, "1");
    let parts = keys.parts();

    // A call logged: appended, so the last part changes.
    let mut call = ds.activities[100].clone();
    call.id = crate::model::ActivityId("a-new-call".into());
    ds.activities.push(call);
    assert_eq!(save(&mut cache, &mut keys, &ds, "2"), 1);
    assert_eq!(keys.read().unwrap(), ds);

    // A call in the middle edited.
    ds.activities[5_000].note = "called back".into();
    assert_eq!(save(&mut cache, &mut keys, &ds, "3"), 1);
    assert_eq!(keys.read().unwrap(), ds);

    // A deal edited, and a deal with calls deleted (its calls stay, about a deal gone).
    ds.deals[3].title = "Renamed".into();
    let called = ds.activities[7_000].deal.clone().unwrap();
    let at = ds.deals.iter().position(|d| d.id == called).unwrap();
    ds.deals.remove(at);
    assert_eq!(save(&mut cache, &mut keys, &ds, "4"), 0);
    assert_eq!(keys.read().unwrap(), ds);
    assert!(keys.0["main"].contains("\"gone_slots\""));

    // The deal list sorted another way (a merge sorts by id): still no part.
    ds.deals.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(save(&mut cache, &mut keys, &ds, "5"), 0);
    assert_eq!(keys.read().unwrap(), ds);
    assert!(keys.0["main"].contains("\"deal_slots\""));

    // An owner, an outcome and a kind added at the end of their lists: still no part.
    ds.call_outcomes.push(crate::model::CallOutcome {
        id: crate::model::OutcomeId::from("new"),
        name: "New".into(),
        connected: false,
    });
    assert_eq!(save(&mut cache, &mut keys, &ds, "6"), 0);
    assert_eq!(keys.read().unwrap(), ds);

    // Every stored part is listed; none is left behind.
    assert!(parts > 1);
    assert_eq!(keys.parts(), super::boundaries(&ds.activities).len());
}

#[test]
fn an_outcome_removed_from_the_middle_rewrites_the_parts_that_depend_on_it() {
    let mut ds = dataset(6_000);
    let (mut cache, mut keys) = (EncodeCache::default(), Keys::default());
    let first = save(&mut cache, &mut keys, &ds, "1");
    ds.call_outcomes.remove(0);
    assert_eq!(save(&mut cache, &mut keys, &ds, "2"), first);
    assert_eq!(keys.read().unwrap(), ds);
    assert_eq!(keys.parts(), first);
}

#[test]
fn a_crash_before_the_main_text_leaves_the_old_store_and_the_next_start_reuses_its_parts() {
    let mut ds = dataset(8_000);
    let (mut cache, mut keys) = (EncodeCache::default(), Keys::default());
    save(&mut cache, &mut keys, &ds, "1");
    let before = ds.clone();
    ds.activities[10].note = "lost in the crash".into();
    ds.deals[0].title = "lost too".into();
    let plan = cache.plan(&ds, "2").unwrap();
    keys.write_parts(&plan);
    // The tab died here: the next start reads the old store whole.
    assert_eq!(keys.read().unwrap(), before);

    // The next start learns the stored parts: an unchanged dataset writes none.
    let mut cache = EncodeCache::default();
    let (read, stored) = keys.start();
    cache.adopt(stored);
    assert_eq!(save(&mut cache, &mut keys, &read, "3"), 0);
    assert_eq!(keys.read().unwrap(), before);
}

#[test]
fn another_tabs_store_is_adopted_so_the_next_save_reuses_its_parts_and_removes_ours() {
    let ds = dataset(8_000);
    let (mut mine, mut keys) = (EncodeCache::default(), Keys::default());
    save(&mut mine, &mut keys, &ds, "1");
    // Another tab, started on that store, logs a call and saves.
    let mut theirs = EncodeCache::default();
    let (mut other, stored) = keys.start();
    theirs.adopt(stored);
    let mut call = other.activities[0].clone();
    call.id = crate::model::ActivityId("their-call".into());
    other.activities.push(call);
    assert_eq!(save(&mut theirs, &mut keys, &other, "2"), 1);
    // This tab reads what they wrote (it merges first), then saves the same data.
    let (merged, stored) = keys.start();
    mine.adopt(stored);
    assert_eq!(save(&mut mine, &mut keys, &merged, "3"), 0);
    assert_eq!(keys.read().unwrap(), other);
}

#[test]
fn a_missing_or_damaged_part_makes_the_store_unreadable_never_empty() {
    let ds = dataset(6_000);
    let (mut cache, mut keys) = (EncodeCache::default(), Keys::default());
    save(&mut cache, &mut keys, &ds, "1");
    let key = keys
        .0
        .keys()
        .find(|k| k.starts_with(PART_PREFIX))
        .unwrap()
        .clone();
    let mut missing = keys.clone();
    missing.0.remove(&key);
    let error = missing.read().unwrap_err();
    assert!(error.to_string().contains(&key), "{error}");
    let mut damaged = keys.clone();
    damaged.0.insert(key.clone(), "{\"ids\":[]}".into());
    assert!(damaged.read().is_err());
}

#[test]
fn a_store_without_activities_has_no_parts_and_the_single_text_still_reads() {
    let ds = scaled_dataset(today(), Language::En, 300, 6);
    let (mut cache, mut keys) = (EncodeCache::default(), Keys::default());
    assert_eq!(save(&mut cache, &mut keys, &ds, "1"), 0);
    assert_eq!(keys.read().unwrap(), ds);
    // The single text (older Kariz, or the fallback when parts do not fit) reads as before.
    let with_calls = dataset(3_000);
    let whole = super::super::try_encode(&with_calls).unwrap();
    assert!(whole.contains("\"store\":2"));
    assert_eq!(decode_with(&whole, &mut |_| None).unwrap(), with_calls);
}

#[test]
fn parts_are_cut_by_ids_so_a_deleted_call_changes_one_part_and_sizes_stay_bounded() {
    let mut ds = dataset(30_000);
    let cuts = super::boundaries(&ds.activities);
    assert!(cuts.iter().all(|r| r.len() <= super::MAX_ROWS));
    let mean = ds.activities.len() / cuts.len();
    assert!((500..=6_000).contains(&mean), "mean part {mean}");
    let (mut cache, mut keys) = (EncodeCache::default(), Keys::default());
    save(&mut cache, &mut keys, &ds, "1");
    ds.activities.remove(12_345);
    assert_eq!(save(&mut cache, &mut keys, &ds, "2"), 1);
    assert_eq!(keys.read().unwrap(), ds);
    let _ = Timestamp(0);
}

#[test]
fn slots_of_deleted_deals_are_dropped_once_they_outnumber_half_the_deals() {
    let mut ds = dataset(3_000);
    let (mut cache, mut keys) = (EncodeCache::default(), Keys::default());
    save(&mut cache, &mut keys, &ds, "1");
    let n = ds.deals.len();
    ds.deals.truncate(n / 3);
    ds.activities.retain(|a| {
        a.deal
            .as_ref()
            .is_none_or(|d| ds.deals.iter().any(|x| &x.id == d))
    });
    save(&mut cache, &mut keys, &ds, "2");
    assert!(!keys.0["main"].contains("\"gone_slots\""));
    assert_eq!(keys.read().unwrap(), ds);
}

#[test]
fn every_deal_field_moves_the_fingerprint_that_prepared_rows_are_checked_with() {
    use super::super::encode::deal_fingerprint;
    use crate::model::{DateTime, OwnerId, SourceId, StageEvent, StageId};
    let ds = scaled_dataset(today(), Language::En, 50, 6);
    let base = ds.deals[7].clone();
    let fp = |d: &crate::model::Deal| deal_fingerprint(1, d);
    let edits: Vec<fn(&mut crate::model::Deal)> = vec![
        |d| d.id.0.push('x'),
        |d| d.title.push('x'),
        |d| d.company.push('x'),
        |d| d.contact.push('x'),
        |d| d.phone.push('1'),
        |d| d.email.push('x'),
        |d| d.source = Some(SourceId("zz".into())),
        |d| d.owner = Some(OwnerId("zz".into())),
        |d| d.deal_type = Some("zz".into()),
        |d| d.value.minor += 1,
        |d| {
            use crate::money::Currency;
            let other = if d.value.currency == Currency::EUR {
                Currency::USD
            } else {
                Currency::EUR
            };
            d.value.currency = other;
        },
        |d| d.first_contact = d.first_contact.add_days(-1),
        |d| d.expected_close = Some(today().add_days(40)),
        |d| d.lost_reason = Some("price".into()),
        |d| d.lost_note.push('x'),
        |d| d.notes.push('x'),
        |d| {
            d.events.push(StageEvent {
                stage: StageId("won".into()),
                date: today(),
            })
        },
        |d| d.arrived = DateTime::from_minutes(29_000_000),
        |d| d.updated_at = Timestamp(d.updated_at.0 + 1),
    ];
    for (i, edit) in edits.iter().enumerate() {
        let mut d = base.clone();
        edit(&mut d);
        assert_ne!(d, base, "edit {i} changes the deal");
        assert_ne!(fp(&d), fp(&base), "edit {i} moves the fingerprint");
    }
}

/// Runs [`EncodeCache::prepare_save`] to its end; returns the slices it took.
fn prepare_all(cache: &mut EncodeCache, ds: &Dataset, generation: &str) -> usize {
    let mut slices = 1;
    while !cache.prepare_save(ds, 250, generation).unwrap() {
        slices += 1;
        assert!(slices < 100, "preparing ends");
    }
    slices
}

#[test]
fn a_save_planned_ahead_writes_what_was_prepared_and_a_change_drops_it() {
    let mut ds = dataset(6_000);
    let (mut cache, mut keys) = (EncodeCache::default(), Keys::default());
    save(&mut cache, &mut keys, &ds, "1");
    // A call logged: its part encoded ahead, the rows in slices, then the plan in a slice of its
    // own (the write then only writes).
    let mut call = ds.activities[10].clone();
    call.id = crate::model::ActivityId::from("logged");
    ds.activities.push(call);
    let slices = prepare_all(&mut cache, &ds, "2");
    assert!(slices >= 4, "parts, rows and the plan in slices: {slices}");
    let plan = cache.take_ready(&ds).expect("planned ahead");
    assert!(cache.take_ready(&ds).is_none(), "a plan is written once");
    assert_eq!(plan.parts.len(), 1, "one part changed");
    assert!(plan.parts[0].0.starts_with(&format!("{PART_PREFIX}2.")));
    keys.write(&plan);
    cache.saved(plan);
    assert_eq!(keys.read().unwrap(), ds);
    // Planned, then the data changes: the caller says so and the plan is not used.
    prepare_all(&mut cache, &ds, "3");
    ds.deals[3].title.push_str(" (renamed)");
    cache.changed();
    assert!(cache.take_ready(&ds).is_none());
    save(&mut cache, &mut keys, &ds, "4");
    assert_eq!(keys.read().unwrap(), ds);
    // Whatever else the cache learns drops it too: another tab's store read in.
    prepare_all(&mut cache, &ds, "5");
    let (_, parts) = keys.start();
    cache.adopt(parts);
    assert!(cache.take_ready(&ds).is_none());
    // The last guard: a change nobody announced that removes an activity is not written over.
    prepare_all(&mut cache, &ds, "6");
    ds.activities.pop();
    assert!(cache.take_ready(&ds).is_none());
    // Nor does one in the middle of the slices index past the activities: they start over.
    cache.forget_prepared();
    while !cache.prepare_save(&ds, 250, "7").unwrap() {
        if ds.activities.len() > 5_000 {
            ds.activities.truncate(5_000);
        }
    }
    let plan = cache.take_ready(&ds).expect("planned after starting over");
    keys.write(&plan);
    cache.saved(plan);
    assert_eq!(keys.read().unwrap(), ds);
}

#[test]
fn a_cache_writing_the_single_text_plans_nothing_ahead() {
    let ds = dataset(3_000);
    let mut cache = EncodeCache::default();
    cache.set_whole(true);
    prepare_all(&mut cache, &ds, "1");
    assert!(cache.take_ready(&ds).is_none());
}

/// A plan's writes, comparable.
fn writes(plan: &SavePlan) -> (Vec<(String, String)>, String, Vec<String>) {
    (plan.parts.clone(), plan.main.clone(), plan.remove.clone())
}

#[test]
fn the_save_planned_in_slices_writes_what_the_plan_in_one_task_does() {
    // Two caches kept in step: one plans in one task, the other in slices; after each change
    // (and its save), both write the same keys and texts.
    let mut ds = dataset(9_000);
    let (mut whole, mut sliced) = (EncodeCache::default(), EncodeCache::default());
    let mut keys = Keys::default();
    let changes: [&dyn Fn(&mut Dataset); 6] = [
        &|_| {},
        &|ds| ds.settings.backup_reminder_days = 3,
        &|ds| {
            let mut call = ds.activities[100].clone();
            call.id = crate::model::ActivityId::from("logged");
            ds.activities.push(call);
        },
        &|ds| {
            ds.activities.remove(4_000);
        },
        &|ds| {
            ds.deals.remove(7);
        },
        &|ds| ds.activities.truncate(0),
    ];
    for (i, change) in changes.iter().enumerate() {
        change(&mut ds);
        let generation = i.to_string();
        let one = whole.plan(&ds, &generation).unwrap();
        sliced.forget_prepared();
        prepare_all(&mut sliced, &ds, &generation);
        let planned = sliced.take_ready(&ds).expect("planned");
        assert_eq!(writes(&planned), writes(&one), "change {i}");
        keys.write(&planned);
        whole.saved(one);
        sliced.saved(planned);
        assert_eq!(keys.read().unwrap(), ds, "change {i} reads back");
    }
}

#[test]
fn a_plan_in_slices_keeps_every_slice_small() {
    // No slice cuts more than 16 slices' worth of activities nor encodes more than two slices'
    // worth of parts: count the slices a first save of 40,000 activities takes.
    let ds = dataset(40_000);
    let mut cache = EncodeCache::default();
    let slices = prepare_all(&mut cache, &ds, "1");
    let parts = cache.take_ready(&ds).expect("planned").parts.len();
    // 250 per slice: 10 cutting (4,000 each), the parts (~2,048 activities each) one or two at
    // a time, 3 of rows (600 deals), 1 for the main text.
    assert!(parts >= 15, "{parts} parts");
    assert!(
        slices > 10 + parts / 2 + 3,
        "{slices} slices for {parts} parts"
    );
}
