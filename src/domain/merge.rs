//! Merging datasets from several people: per record by id, newer `updated_at` wins, deletions
//! kept as tombstones, ties broken by the record's content — so merging is order-independent
//! and merging the same file twice changes nothing.

use super::date::Timestamp;
use super::model::*;
use serde::Serialize;
use std::collections::BTreeMap;

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

/// The union of two tombstone lists, one per id, the latest deletion kept.
fn merge_tombstones(a: &[Tombstone], b: &[Tombstone]) -> BTreeMap<String, Timestamp> {
    let mut out: BTreeMap<String, Timestamp> = BTreeMap::new();
    for t in a.iter().chain(b) {
        let at = out.entry(t.id.clone()).or_insert(t.deleted_at);
        *at = (*at).max(t.deleted_at);
    }
    out
}

/// Merges two lists of records: by id, the winner of [`wins`]; a record whose last change is not
/// after its deletion is dropped. Output order: by id, so it does not depend on input order.
fn merge_records<T: Record>(
    ours: &[T],
    theirs: &[T],
    dead: &BTreeMap<String, Timestamp>,
) -> (Vec<T>, Counts) {
    let mut by_id: BTreeMap<&str, &T> = BTreeMap::new();
    for r in ours {
        match by_id.get(r.key()) {
            Some(kept) if !wins(r, kept) => {}
            _ => {
                by_id.insert(r.key(), r);
            }
        }
    }
    let mut counts = Counts::default();
    for r in theirs {
        let gone = dead.get(r.key()).is_some_and(|at| *at >= r.changed());
        let current = by_id.get(r.key()).copied();
        let same = |c: &T| c == r;
        match current {
            _ if gone => counts.deleted += 1,
            None => counts.new += 1,
            Some(c) if same(c) => counts.unchanged += 1,
            Some(c) if wins(r, c) => counts.updated += 1,
            Some(_) => counts.conflicting += 1,
        }
        match current {
            Some(c) if !wins(r, c) => {}
            _ => {
                by_id.insert(r.key(), r);
            }
        }
    }
    let merged = by_id
        .into_values()
        .filter(|r| dead.get(r.key()).is_none_or(|at| *at < r.changed()))
        .cloned()
        .collect();
    (merged, counts)
}

/// Merges `theirs` into `ours`: records by id (see the module doc), stages, sources and owners by
/// id (ours first, then theirs that are new), settings from `ours`. Returns the result and what
/// happened to `theirs`' records.
pub fn merge(ours: &Dataset, theirs: &Dataset) -> (Dataset, Preview) {
    let dead = merge_tombstones(&ours.tombstones, &theirs.tombstones);
    let (deals, deal_counts) = merge_records(&ours.deals, &theirs.deals, &dead);
    let (traffic, traffic_counts) = merge_records(&ours.traffic, &theirs.traffic, &dead);
    let (goals, goal_counts) = merge_records(&ours.goals, &theirs.goals, &dead);
    let mut out = ours.clone();
    for stage in &theirs.stages {
        if out.stage(&stage.id).is_none() {
            // A stage unknown here goes before the first closed stage if it is open.
            let at = match stage.kind {
                StageKind::Open => out
                    .stages
                    .iter()
                    .position(|s| s.kind != StageKind::Open)
                    .unwrap_or(out.stages.len()),
                _ => out.stages.len(),
            };
            out.stages.insert(at, stage.clone());
        }
    }
    for source in &theirs.sources {
        if !out.sources.iter().any(|s| s.id == source.id) {
            out.sources.push(source.clone());
        }
    }
    for owner in &theirs.owners {
        if !out.owners.iter().any(|o| o.id == owner.id) {
            out.owners.push(owner.clone());
        }
    }
    out.deals = deals;
    out.traffic = traffic;
    out.goals = goals;
    out.tombstones = dead
        .into_iter()
        .map(|(id, deleted_at)| Tombstone { id, deleted_at })
        .collect();
    (
        out,
        Preview {
            deals: deal_counts,
            traffic: traffic_counts,
            goals: goal_counts,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Date;
    use crate::domain::sample::sample_dataset;
    use crate::domain::schema::check_integrity;

    fn base() -> Dataset {
        sample_dataset(Date::parse("2025-06-30").unwrap(), Language::En)
    }

    #[test]
    fn newer_wins_deletions_stick_and_the_preview_says_so() {
        let ours = base();
        let mut theirs = ours.clone();
        theirs.deals[0].title = "Renamed later".into();
        theirs.deals[0].updated_at = Timestamp(i64::MAX / 2);
        theirs.deals[1].title = "Older edit".into();
        theirs.deals[1].updated_at = Timestamp(0);
        let gone = theirs.deals[2].id.clone();
        let mut ours = ours;
        ours.delete_deal(&gone, Timestamp(i64::MAX / 4)).unwrap();
        let mut fresh = theirs.deals[3].clone();
        fresh.id = "from-rep-5".into();
        theirs.deals.push(fresh);
        let (merged, preview) = merge(&ours, &theirs);
        assert_eq!(
            preview.deals,
            Counts {
                new: 1,
                updated: 1,
                unchanged: theirs.deals.len() - 4,
                conflicting: 1,
                deleted: 1
            }
        );
        assert_eq!(
            merged.deal(&theirs.deals[0].id).unwrap().title,
            "Renamed later"
        );
        assert_ne!(
            merged.deal(&theirs.deals[1].id).unwrap().title,
            "Older edit"
        );
        assert!(
            merged.deal(&gone).is_none(),
            "a deleted deal does not come back"
        );
        assert!(merged.deal(&"from-rep-5".into()).is_some());
        check_integrity(&merged).unwrap();
    }

    #[test]
    fn unknown_stages_sources_and_owners_come_along() {
        let ours = Dataset::new(Language::En);
        let mut theirs = base();
        theirs.add_stage("Proposal", StageKind::Open, 60).unwrap();
        let (merged, _) = merge(&ours, &theirs);
        assert!(merged.stage(&"proposal".into()).is_some());
        assert_eq!(
            merged.stage_index(&"proposal".into()),
            Some(3),
            "before the closed stages"
        );
        assert_eq!(merged.owners.len(), theirs.owners.len());
        assert_eq!(merged.deals.len(), theirs.deals.len());
        check_integrity(&merged).unwrap();
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// The record part of a dataset, order-free: what order-independence is about.
        fn records(ds: &Dataset) -> (Vec<Deal>, Vec<TrafficEntry>, Vec<Goal>, Vec<Tombstone>) {
            let mut d = ds.deals.clone();
            d.sort_by(|a, b| a.id.cmp(&b.id));
            let mut t = ds.traffic.clone();
            t.sort_by(|a, b| a.id.cmp(&b.id));
            let mut g = ds.goals.clone();
            g.sort_by(|a, b| a.id.cmp(&b.id));
            let mut x = ds.tombstones.clone();
            x.sort_by(|a, b| a.id.cmp(&b.id));
            (d, t, g, x)
        }

        /// A replica: the sample with some deals edited at some times, some deleted.
        fn replica(seed: &[(usize, i64, u8)]) -> Dataset {
            let mut ds = base();
            for (i, at, what) in seed {
                let n = ds.deals.len();
                if n == 0 {
                    break;
                }
                let k = i % n;
                match what % 3 {
                    0 => {
                        let id = ds.deals[k].id.clone();
                        ds.delete_deal(&id, Timestamp(*at));
                    }
                    1 => {
                        ds.deals[k].title = format!("edit {at}");
                        ds.deals[k].updated_at = Timestamp(*at);
                    }
                    _ => {
                        ds.deals[k].notes = format!("note {at}");
                        ds.deals[k].updated_at = Timestamp(*at);
                    }
                }
            }
            ds
        }

        fn edits() -> impl Strategy<Value = Vec<(usize, i64, u8)>> {
            prop::collection::vec((0usize..400, 1i64..1_000_000_000_000_000, 0u8..3), 0..12)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]

            #[test]
            fn merging_is_order_independent_and_idempotent(a in edits(), b in edits(), c in edits()) {
                let (a, b, c) = (replica(&a), replica(&b), replica(&c));
                let ab = merge(&a, &b).0;
                let ba = merge(&b, &a).0;
                prop_assert_eq!(records(&ab), records(&ba));
                let ab_c = merge(&ab, &c).0;
                let a_bc = merge(&a, &merge(&b, &c).0).0;
                prop_assert_eq!(records(&ab_c), records(&a_bc));
                let twice = merge(&ab, &b).0;
                prop_assert_eq!(records(&twice), records(&ab));
                let (_, again) = merge(&ab, &ab);
                prop_assert_eq!(again.deals.new + again.deals.updated + again.deals.conflicting, 0);
                prop_assert!(check_integrity(&ab_c).is_ok());
            }
        }
    }
}

/// Another tab saved `theirs` while this tab holds `ours`: the data both should show (their
/// pipeline and settings, every record's newest version, as [`merge`] decides), and the ids of
/// deals whose local, not yet saved change (`ours` differs from `base`, the version this tab last
/// saw stored) lost to a newer one from the other tab — the user is told about those.
pub fn sync_tabs(
    theirs: &Dataset,
    ours: &Dataset,
    base: &BTreeMap<String, Timestamp>,
) -> (Dataset, Vec<DealId>) {
    let (merged, _) = merge(theirs, ours);
    let lost = ours
        .deals
        .iter()
        .filter(|d| base.get(d.id.as_str()) != Some(&d.updated_at))
        .filter(|d| merged.deal(&d.id) != Some(*d))
        .map(|d| d.id.clone())
        .collect();
    (merged, lost)
}

/// The versions of deals a tab last saw stored, for [`sync_tabs`].
pub fn versions(ds: &Dataset) -> BTreeMap<String, Timestamp> {
    ds.deals.iter().fold(BTreeMap::new(), |mut m, d| {
        m.insert(d.id.0.clone(), d.updated_at);
        m
    })
}

#[cfg(test)]
mod sync_tests {
    use super::*;
    use crate::domain::date::Date;
    use crate::domain::sample::sample_dataset;

    #[test]
    fn other_tabs_changes_arrive_and_only_unsaved_losers_are_reported() {
        let stored = sample_dataset(Date::parse("2025-06-30").unwrap(), Language::En);
        let base = versions(&stored);
        let (x, y) = (stored.deals[0].id.clone(), stored.deals[1].id.clone());
        let t0 = stored.deals.iter().map(|d| d.updated_at.0).max().unwrap();
        // This tab: an unsaved edit to x and one to y.
        let mut ours = stored.clone();
        ours.deals[0].title = "ours x".into();
        ours.deals[0].updated_at = Timestamp(t0 + 10);
        ours.deals[1].title = "ours y".into();
        ours.deals[1].updated_at = Timestamp(t0 + 30);
        // The other tab: a newer edit to x, an older one to y, a new deal, a new setting.
        let mut theirs = stored.clone();
        theirs.deals[0].title = "theirs x".into();
        theirs.deals[0].updated_at = Timestamp(t0 + 20);
        theirs.deals[1].title = "theirs y".into();
        theirs.deals[1].updated_at = Timestamp(t0 + 15);
        let mut extra = stored.deals[2].clone();
        extra.id = DealId::from("from-the-other-tab");
        theirs.deals.push(extra);
        theirs.settings.backup_reminder_days = 3;
        let (merged, lost) = sync_tabs(&theirs, &ours, &base);
        assert_eq!(merged.deal(&x).unwrap().title, "theirs x", "newer wins");
        assert_eq!(
            merged.deal(&y).unwrap().title,
            "ours y",
            "newer wins, either way"
        );
        assert!(merged.deal(&DealId::from("from-the-other-tab")).is_some());
        assert_eq!(merged.settings.backup_reminder_days, 3, "their settings");
        assert_eq!(lost, [x], "only the unsaved edit that lost is reported");
        // A tab with no local changes just takes theirs, and nothing is reported.
        let (same, none) = sync_tabs(&theirs, &stored, &base);
        assert!(none.is_empty());
        assert_eq!(same.deal(&y).unwrap().title, "theirs y");
    }
}
