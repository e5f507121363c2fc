//! Merging datasets from several people or tabs: per record by id, newer `updated_at` wins,
//! deletions kept as tombstones, ties broken by the record's content — so merging is
//! order-independent and merging the same file twice changes nothing. The set-up (stages,
//! sources, owners, deal types, stage order, settings) merges the same way by the times in
//! [`SetupStamps`] ([`setup`]).
//!
//! Whatever takes data back or swaps it wholesale (undo, replace on import, load sample) goes
//! through [`replace`], which makes it a new edit: otherwise another tab's newer versions and
//! tombstones would win the next merge and silently undo it.

mod setup;
mod tabs;
#[cfg(test)]
mod tests;

pub use setup::{stamp_setup, Setup};
pub use tabs::{Synced, TabBase};

use super::date::Timestamp;
use super::kpi::index::FxMap;
use super::model::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What happened to the incoming records of one kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Not in the current data: added.
    pub new: usize,
    /// Newer than the current copy: replaces it.
    pub updated: usize,
    /// Identical to the current copy.
    pub unchanged: usize,
    /// Different from the current copy but not newer: the current copy is kept.
    pub conflicting: usize,
    /// Deleted here after its last change: stays deleted.
    pub deleted: usize,
}

/// What a merge would do, per record kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    /// Deals.
    pub deals: Counts,
    /// Visitor counts.
    pub traffic: Counts,
    /// Goals.
    pub goals: Counts,
    /// Calls, emails, meetings, messages and notes.
    pub activities: Counts,
    /// Named dashboard views.
    pub views: Counts,
}

/// A record that merges by id and change time.
trait Record: Clone + PartialEq + Serialize {
    fn key(&self) -> &str;
    fn changed(&self) -> Timestamp;
}

impl Record for Deal {
    fn key(&self) -> &str {
        &self.id.0
    }
    fn changed(&self) -> Timestamp {
        self.updated_at
    }
}

impl Record for TrafficEntry {
    fn key(&self) -> &str {
        &self.id.0
    }
    fn changed(&self) -> Timestamp {
        self.updated_at
    }
}

impl Record for Activity {
    fn key(&self) -> &str {
        &self.id.0
    }
    fn changed(&self) -> Timestamp {
        self.updated_at
    }
}

impl Record for NextStep {
    fn key(&self) -> &str {
        &self.id.0
    }
    fn changed(&self) -> Timestamp {
        self.updated_at
    }
}

impl Record for SavedView {
    fn key(&self) -> &str {
        &self.id.0
    }
    fn changed(&self) -> Timestamp {
        self.updated_at
    }
}

impl Record for Goal {
    fn key(&self) -> &str {
        &self.id.0
    }
    fn changed(&self) -> Timestamp {
        self.updated_at
    }
}

/// A total order on record versions: later change first, then content, so every replica picks
/// the same winner whatever the merge order.
fn wins<T: Record>(a: &T, b: &T) -> bool {
    // Content is only compared on equal times (rare), since it means serialising both.
    match a.changed().cmp(&b.changed()) {
        std::cmp::Ordering::Equal => a != b && content(a) > content(b),
        order => order == std::cmp::Ordering::Greater,
    }
}

fn content<T: Record>(r: &T) -> String {
    serde_json::to_string(r).unwrap_or_default()
}

/// A map built by inserting. `collect()` into a `BTreeMap` or `BTreeSet` sorts its input first,
/// with a fresh copy of the slice sort for every item type (kilobytes of wasm each).
pub(crate) fn map_of<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    items.into_iter().fold(BTreeMap::new(), |mut m, (k, v)| {
        m.insert(k, v);
        m
    })
}

/// A set built by inserting (see [`map_of`]).
pub(crate) fn set_of<K: Ord>(items: impl IntoIterator<Item = K>) -> BTreeSet<K> {
    items.into_iter().fold(BTreeSet::new(), |mut m, k| {
        m.insert(k);
        m
    })
}

/// The union of two tombstone lists, one per id, the latest deletion kept.
pub(crate) fn merge_tombstones(a: &[Tombstone], b: &[Tombstone]) -> BTreeMap<String, Timestamp> {
    let mut out: BTreeMap<String, Timestamp> = BTreeMap::new();
    for t in a.iter().chain(b) {
        let at = out.entry(t.id.clone()).or_insert(t.deleted_at);
        *at = (*at).max(t.deleted_at);
    }
    out
}

/// The winning copy of every id of `ours` and `theirs` (by [`wins`]), in no particular order,
/// and what happened to each of `theirs`' records: the part of a merge that decides, without
/// copying a record. Ids are found by an Fx-hashed map into the list of winners (an ordered map
/// cost a string comparison per level, and the merge sorts only what it keeps).
fn winners<'a, T: Record>(
    ours: &'a [T],
    theirs: &'a [T],
    dead: &BTreeMap<String, Timestamp>,
) -> (Vec<&'a T>, Counts) {
    let mut at: FxMap<&str, usize> =
        FxMap::with_capacity_and_hasher(ours.len() + theirs.len(), Default::default());
    let mut kept: Vec<&T> = Vec::with_capacity(ours.len() + theirs.len());
    // Keeps `r` unless the copy kept for its id wins over it; the copy it replaced, if any.
    let mut keep = |r: &'a T| -> Option<&'a T> {
        match at.get(r.key()) {
            Some(&i) => {
                let current = kept[i];
                if wins(r, current) {
                    kept[i] = r;
                }
                Some(current)
            }
            None => {
                at.insert(r.key(), kept.len());
                kept.push(r);
                None
            }
        }
    };
    for r in ours {
        keep(r);
    }
    let mut counts = Counts::default();
    for r in theirs {
        let gone = dead.get(r.key()).is_some_and(|at| *at >= r.changed());
        match keep(r) {
            _ if gone => counts.deleted += 1,
            None => counts.new += 1,
            Some(c) if c == r => counts.unchanged += 1,
            Some(c) if wins(r, c) => counts.updated += 1,
            Some(_) => counts.conflicting += 1,
        }
    }
    (kept, counts)
}

/// Merges two lists of records: by id, the winner of [`wins`]; a record whose last change is not
/// after its deletion is dropped. Output order: by id, so it does not depend on input order.
fn merge_records<T: Record>(
    ours: &[T],
    theirs: &[T],
    dead: &BTreeMap<String, Timestamp>,
) -> (Vec<T>, Counts) {
    let (mut kept, counts) = winners(ours, theirs, dead);
    // Ids are unique among the winners, so an unstable sort gives one order.
    kept.sort_unstable_by(|a, b| a.key().cmp(b.key()));
    let merged = kept
        .into_iter()
        .filter(|r| dead.get(r.key()).is_none_or(|at| *at < r.changed()))
        .cloned()
        .collect();
    (merged, counts)
}

/// The tombstones `dead` still needs in `ds`: those of records (and set-up parts) alive in `ds`
/// go, because each was changed after its deletion (an undo, say) and its tombstone can no longer
/// remove anything — keeping it would only make the merged data differ from what another tab
/// stored (and echo a save back). Built by filtering rather than removing from the map: that
/// keeps the BTreeMap removal code out of the wasm.
fn live_tombstones(dead: BTreeMap<String, Timestamp>, ds: &Dataset) -> Vec<Tombstone> {
    if dead.is_empty() {
        return Vec::new();
    }
    // Only the records that have a tombstone: a few lookups in the (small) map of the dead
    // rather than a set of every record's id (8,800 inserts for a CSV import).
    let live = set_of(
        ds.deals
            .iter()
            .map(Record::key)
            .chain(ds.traffic.iter().map(Record::key))
            .chain(ds.goals.iter().map(Record::key))
            .chain(ds.activities.iter().map(Record::key))
            .chain(ds.next_steps.iter().map(Record::key))
            .chain(ds.views.iter().map(Record::key))
            .filter(|key| dead.contains_key(*key)),
    );
    dead.into_iter()
        .filter(|(id, at)| !live.contains(id.as_str()) && !setup::superseded(ds, id, *at))
        .map(|(id, deleted_at)| Tombstone { id, deleted_at })
        .collect()
}

/// Whether settings merge per field by their times ([`merge_tabs`]) or stay ours ([`merge`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum SettingsRule {
    Ours,
    Newest,
}

/// Merges `theirs` into `ours` (an imported file into this browser's data): records by id (see
/// the module doc), stages, sources and owners by id and change time, the stage order from the
/// side that changed it last, settings from `ours` — a colleague's file does not switch this
/// browser's language or calendar. Returns the result and what happened to `theirs`' records.
pub fn merge(ours: &Dataset, theirs: &Dataset) -> (Dataset, Preview) {
    merge_with(ours, theirs, SettingsRule::Ours)
}

/// What [`merge`]`(ours, theirs)` would do to `theirs`' records, counted without building the
/// merged data: an import's preview, which at 10,000 deals would otherwise copy every one of
/// them only to show five numbers.
pub fn preview(ours: &Dataset, theirs: &Dataset) -> Preview {
    let dead = merge_tombstones(&ours.tombstones, &theirs.tombstones);
    Preview {
        deals: winners(&ours.deals, &theirs.deals, &dead).1,
        traffic: winners(&ours.traffic, &theirs.traffic, &dead).1,
        goals: winners(&ours.goals, &theirs.goals, &dead).1,
        activities: winners(&ours.activities, &theirs.activities, &dead).1,
        views: winners(&ours.views, &theirs.views, &dead).1,
    }
}

/// Merges another tab's data: like [`merge`], but each setting also goes to the side that
/// changed it last, since both tabs are the same person's browser.
pub fn merge_tabs(ours: &Dataset, theirs: &Dataset) -> Dataset {
    merge_with(ours, theirs, SettingsRule::Newest).0
}

fn merge_with(ours: &Dataset, theirs: &Dataset, settings: SettingsRule) -> (Dataset, Preview) {
    let dead = merge_tombstones(&ours.tombstones, &theirs.tombstones);
    let (deals, deal_counts) = merge_records(&ours.deals, &theirs.deals, &dead);
    let (traffic, traffic_counts) = merge_records(&ours.traffic, &theirs.traffic, &dead);
    let (goals, goal_counts) = merge_records(&ours.goals, &theirs.goals, &dead);
    let (activities, activity_counts) = merge_records(&ours.activities, &theirs.activities, &dead);
    let (next_steps, _) = merge_records(&ours.next_steps, &theirs.next_steps, &dead);
    let (views, view_counts) = merge_records(&ours.views, &theirs.views, &dead);
    // Field by field rather than `..ours.clone()`: that would copy every deal only to drop it.
    let mut out = Dataset {
        format: ours.format.clone(),
        schema_version: ours.schema_version,
        stages: ours.stages.clone(),
        sources: ours.sources.clone(),
        owners: ours.owners.clone(),
        deal_types: ours.deal_types.clone(),
        deals,
        traffic,
        goals,
        tombstones: Vec::new(),
        settings: ours.settings.clone(),
        setup_stamps: ours.setup_stamps.clone(),
        past_losses: Vec::new(),
        activities,
        next_steps,
        // The outcome list is set-up: merged per outcome by `merge_setup` below.
        call_outcomes: ours.call_outcomes.clone(),
        // The kind list too.
        activity_kinds: ours.activity_kinds.clone(),
        views,
    };
    // Tabs merge their settings too and decide every tie by content (order-independence); a
    // file keeps our settings and, between unstamped versions, our set-up.
    let ties = if settings == SettingsRule::Newest {
        setup::merge_settings(&mut out, theirs);
        setup::Ties::Content
    } else {
        setup::Ties::KeepOurs
    };
    setup::merge_setup(ties, &mut out, ours, theirs, &dead);
    out.past_losses = past_losses(ours, theirs, &out, &dead);
    out.tombstones = live_tombstones(dead, &out);
    (
        out,
        Preview {
            deals: deal_counts,
            traffic: traffic_counts,
            goals: goal_counts,
            activities: activity_counts,
            views: view_counts,
        },
    )
}

/// Both sides' kept lost reasons, once each, in a fixed order; those of deals deleted for good
/// go (so clearing everything does not leave them behind).
fn past_losses(
    ours: &Dataset,
    theirs: &Dataset,
    merged: &Dataset,
    dead: &BTreeMap<String, Timestamp>,
) -> Vec<PastLoss> {
    let mut all: Vec<PastLoss> = ours
        .past_losses
        .iter()
        .chain(&theirs.past_losses)
        .filter(|p| !dead.contains_key(p.deal.as_str()) || merged.deal(&p.deal).is_some())
        .cloned()
        .collect();
    super::sort::sort_by(&mut all, |a, b| a.cmp(b));
    all.dedup();
    all
}

/// `target` as a new edit over `current` (undo, replace on import, load sample): every record of
/// `target` that differs from `current`'s copy, or that a tombstone would remove, gets `now` as
/// its change time; every record of `current` that `target` lacks gets a tombstone at `now`; the
/// set-up is stamped the same way. So the result wins in every tab and every later merge,
/// instead of another tab's newer versions or tombstones quietly taking it back.
pub fn replace(current: &Dataset, mut target: Dataset, now: Timestamp) -> Dataset {
    let mut dead = merge_tombstones(&current.tombstones, &target.tombstones);
    renew(&mut target.deals, &current.deals, &mut dead, now);
    renew(&mut target.traffic, &current.traffic, &mut dead, now);
    renew(&mut target.goals, &current.goals, &mut dead, now);
    renew(&mut target.activities, &current.activities, &mut dead, now);
    renew(&mut target.next_steps, &current.next_steps, &mut dead, now);
    renew(&mut target.views, &current.views, &mut dead, now);
    // Parts the target shares with `current` keep the times other tabs already know.
    target.setup_stamps = current.setup_stamps.clone();
    target.tombstones = live_tombstones(dead, &target);
    stamp_setup(&Setup::of(current), &mut target, now);
    target
}

/// See [`replace`]: renews `target`'s records against `current`'s and tombstones what is gone
/// (the tombstones of the records kept are dropped afterwards, by [`live_tombstones`]).
fn renew<T: Record + Stamp>(
    target: &mut [T],
    current: &[T],
    dead: &mut BTreeMap<String, Timestamp>,
    now: Timestamp,
) {
    // Indexes rather than references: one map type for every kind of record (wasm size).
    let before = map_of(current.iter().enumerate().map(|(i, r)| (r.key(), i)));
    for r in target.iter_mut() {
        let unchanged = before.get(r.key()).is_some_and(|i| current[*i] == *r);
        let removed = dead.get(r.key()).is_some_and(|at| *at >= r.changed());
        if !unchanged || removed {
            r.stamp(now);
        }
    }
    let kept = set_of(target.iter().map(|r| r.key()));
    for id in before.keys().filter(|id| !kept.contains(*id)) {
        dead.insert((*id).to_string(), now);
    }
}

/// A record whose change time can be set.
trait Stamp {
    fn stamp(&mut self, now: Timestamp);
}

impl Stamp for Deal {
    fn stamp(&mut self, now: Timestamp) {
        self.updated_at = now;
    }
}

impl Stamp for TrafficEntry {
    fn stamp(&mut self, now: Timestamp) {
        self.updated_at = now;
    }
}

impl Stamp for Activity {
    fn stamp(&mut self, now: Timestamp) {
        self.updated_at = now;
    }
}

impl Stamp for NextStep {
    fn stamp(&mut self, now: Timestamp) {
        self.updated_at = now;
    }
}

impl Stamp for SavedView {
    fn stamp(&mut self, now: Timestamp) {
        self.updated_at = now;
    }
}

impl Stamp for Goal {
    fn stamp(&mut self, now: Timestamp) {
        self.updated_at = now;
    }
}
