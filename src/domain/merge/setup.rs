//! The set-up's share of a merge: stages, sources, owners, deal types and call outcomes per
//! record by id and change time, the stage order as one record, each setting as one record. A
//! removed stage, source, owner, type or outcome leaves a tombstone (`stage:<id>`,
//! `source:<id>`, `owner:<id>`, `type:<id>`, `outcome:<id>`) like a deleted deal, so the other
//! tab's copy does not bring it back.
//!
//! Times come from [`SetupStamps`]; a part without a time (older data) counts as changed at 0,
//! so any stamped change beats it. Equal times are decided by content in tabs (so either merge
//! order gives the same set-up); an imported file keeps ours between two unstamped versions —
//! what importing did before the stamps existed ([`Ties`]).
//!
//! Parts are compared by their JSON text and settings field by field through their JSON object:
//! one non-generic merge for every kind of part, no list of settings fields to keep in step with
//! [`Settings`], and no extra (de)serialisation code in the wasm (the JSON text forms are
//! compiled for storage and export anyway).

use super::set_of;
use crate::date::Timestamp;
use crate::model::*;
use serde::Serialize;
use serde_json::{Map, Value};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Tombstone id prefix of a removed stage.
pub(crate) const STAGE: &str = "stage:";
/// Tombstone id prefix of a removed source.
pub(crate) const SOURCE: &str = "source:";
/// Tombstone id prefix of a removed owner.
pub(crate) const OWNER: &str = "owner:";
/// Tombstone id prefix of a removed deal type.
pub(crate) const TYPE: &str = "type:";
/// Tombstone id prefix of a removed call outcome.
pub(crate) const OUTCOME: &str = "outcome:";
/// Tombstone id prefix of a removed activity kind.
pub(crate) const KIND: &str = "kind:";

/// A copy of a dataset's set-up, to tell which parts a change touched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setup {
    /// Stages in order.
    pub stages: Vec<Stage>,
    /// Sources.
    pub sources: Vec<Source>,
    /// Owners.
    pub owners: Vec<Owner>,
    /// Deal types.
    pub deal_types: Vec<DealType>,
    /// Call outcomes.
    pub outcomes: Vec<CallOutcome>,
    /// Activity kinds.
    pub kinds: Vec<ActivityKindDef>,
    /// Settings.
    pub settings: Settings,
}

impl Setup {
    /// The set-up of `ds`.
    pub fn of(ds: &Dataset) -> Setup {
        Setup {
            stages: ds.stages.clone(),
            sources: ds.sources.clone(),
            owners: ds.owners.clone(),
            deal_types: ds.deal_types.clone(),
            outcomes: ds.call_outcomes.clone(),
            kinds: ds.activity_kinds.clone(),
            settings: ds.settings.clone(),
        }
    }

    /// Whether `ds` has this set-up (without copying it).
    pub fn matches(&self, ds: &Dataset) -> bool {
        self.stages == ds.stages
            && self.sources == ds.sources
            && self.owners == ds.owners
            && self.deal_types == ds.deal_types
            && self.outcomes == ds.call_outcomes
            && self.kinds == ds.activity_kinds
            && self.settings == ds.settings
    }
}

/// A stage, source or owner as merging sees it: its id and its JSON text.
struct Item<'a> {
    id: &'a str,
    text: String,
}

/// Compact JSON text of a value. Plain structs always serialise; were one not to, the empty
/// text only makes two versions compare equal, and the later change still wins by its time.
fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn stage_items(stages: &[Stage]) -> Vec<Item<'_>> {
    stages
        .iter()
        .map(|s| Item {
            id: s.id.as_str(),
            text: json(s),
        })
        .collect()
}

fn source_items(sources: &[Source]) -> Vec<Item<'_>> {
    sources
        .iter()
        .map(|s| Item {
            id: s.id.as_str(),
            text: json(s),
        })
        .collect()
}

fn owner_items(owners: &[Owner]) -> Vec<Item<'_>> {
    owners
        .iter()
        .map(|o| Item {
            id: o.id.as_str(),
            text: json(o),
        })
        .collect()
}

fn type_items(types: &[DealType]) -> Vec<Item<'_>> {
    types
        .iter()
        .map(|t| Item {
            id: t.id.as_str(),
            text: json(t),
        })
        .collect()
}

fn outcome_items(outcomes: &[CallOutcome]) -> Vec<Item<'_>> {
    outcomes
        .iter()
        .map(|o| Item {
            id: o.id.as_str(),
            text: json(o),
        })
        .collect()
}

fn kind_items(kinds: &[ActivityKindDef]) -> Vec<Item<'_>> {
    kinds
        .iter()
        .map(|k| Item {
            id: k.id.as_str(),
            text: json(k),
        })
        .collect()
}

/// The settings as a JSON object, field name to value.
fn settings_map(settings: &Settings) -> Map<String, Value> {
    match serde_json::from_str(&json(settings)) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

fn at(stamps: &BTreeMap<String, Timestamp>, id: &str) -> Timestamp {
    stamps.get(id).copied().unwrap_or_default()
}

/// How two different versions changed at the same time are decided.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Ties {
    /// The greater text wins, so either merge order picks the same one (tabs).
    Content,
    /// Like `Content`, except that unknown times (0: data from before the times existed) keep
    /// ours, as importing did before (a file's pipeline does not replace ours).
    KeepOurs,
}

/// Whether their version replaces ours: the later change wins; equal times go by `ties`.
fn theirs_wins(ties: Ties, ours: Timestamp, theirs: Timestamp, texts: (&str, &str)) -> bool {
    match theirs.cmp(&ours) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => (ties == Ties::Content || theirs.0 != 0) && texts.1 > texts.0,
    }
}

/// Each setting of `out` (ours) becomes theirs where they changed it later.
pub(super) fn merge_settings(out: &mut Dataset, theirs: &Dataset) {
    let mut mine = settings_map(&out.settings);
    let other = settings_map(&theirs.settings);
    let mut stamps = out.setup_stamps.settings.clone();
    let mut changed = false;
    for (name, value) in other {
        let (o, t) = (
            at(&out.setup_stamps.settings, &name),
            at(&theirs.setup_stamps.settings, &name),
        );
        let current = mine.get(&name).map(Value::to_string).unwrap_or_default();
        let incoming = value.to_string();
        // Also when the values agree: the later time must survive, or merging in another order
        // would end with a different time for the same value.
        if theirs_wins(Ties::Content, o, t, (&current, &incoming)) {
            stamps.insert(name.clone(), t);
            changed |= current != incoming;
            mine.insert(name, value);
        }
    }
    if changed {
        // Both objects came from valid settings, so the mix reads back; if it ever did not, ours
        // stay whole rather than half-merged.
        match serde_json::from_str(&Value::Object(mine).to_string()) {
            Ok(settings) => out.settings = settings,
            Err(_) => return,
        }
    }
    out.setup_stamps.settings = stamps;
}

/// Which side a merged part comes from, and its index there.
type Pick = (bool, usize);

/// Merges one list of parts: per id the winner of [`theirs_wins`]; a part removed (tombstone
/// `prefix` + id) after its last change is left out unless `needed(theirs, index)` (records
/// still refer to it, so removing it would break them). Order: ours, then theirs that are new.
/// Returns the picks and the merged parts' times.
fn merge_items(
    ties: Ties,
    ours: (&[Item], &BTreeMap<String, Timestamp>),
    theirs: (&[Item], &BTreeMap<String, Timestamp>),
    prefix: &str,
    dead: &BTreeMap<String, Timestamp>,
    needed: &dyn Fn(Pick) -> bool,
) -> (Vec<Pick>, BTreeMap<String, Timestamp>) {
    // Lists of a few dozen parts: searching them beats building maps (and their wasm).
    let mut candidates: Vec<(Pick, Timestamp)> = Vec::new();
    for (i, o) in ours.0.iter().enumerate() {
        let oa = at(ours.1, o.id);
        candidates.push(match theirs.0.iter().position(|t| t.id == o.id) {
            Some(j) => {
                let ta = at(theirs.1, o.id);
                let t = &theirs.0[j];
                if t.text != o.text && theirs_wins(ties, oa, ta, (&o.text, &t.text)) {
                    ((true, j), ta)
                } else {
                    ((false, i), oa.max(ta))
                }
            }
            None => ((false, i), oa),
        });
    }
    for (j, t) in theirs.0.iter().enumerate() {
        if !ours.0.iter().any(|o| o.id == t.id) {
            candidates.push(((true, j), at(theirs.1, t.id)));
        }
    }
    let mut picks = Vec::new();
    let mut stamps = BTreeMap::new();
    for (pick, changed) in candidates {
        let id = if pick.0 {
            theirs.0[pick.1].id
        } else {
            ours.0[pick.1].id
        };
        let removed = dead
            .get(&format!("{prefix}{id}"))
            .is_some_and(|at| *at >= changed);
        if !removed || needed(pick) {
            if changed.0 != 0 {
                stamps.insert(id.to_string(), changed);
            }
            picks.push(pick);
        }
    }
    (picks, stamps)
}

/// The typed parts `picks` name.
fn picked<T: Clone>(picks: &[Pick], ours: &[T], theirs: &[T]) -> Vec<T> {
    picks
        .iter()
        .map(|&(side, i)| if side { &theirs[i] } else { &ours[i] }.clone())
        .collect()
}

/// Whether the tombstone `key` (deleted `at`) is of a set-up part alive in `ds` and changed
/// after its removal (re-added or undone): it can no longer remove anything. A part kept only
/// because records need it keeps its tombstone.
pub(super) fn superseded(ds: &Dataset, key: &str, at: Timestamp) -> bool {
    let s = &ds.setup_stamps;
    let alive = |stamps: &BTreeMap<String, Timestamp>, id: &str, exists: bool| {
        exists && stamps.get(id).is_some_and(|changed| *changed > at)
    };
    if let Some(id) = key.strip_prefix(STAGE) {
        alive(&s.stages, id, ds.stages.iter().any(|x| x.id.as_str() == id))
    } else if let Some(id) = key.strip_prefix(SOURCE) {
        alive(
            &s.sources,
            id,
            ds.sources.iter().any(|x| x.id.as_str() == id),
        )
    } else if let Some(id) = key.strip_prefix(OWNER) {
        alive(&s.owners, id, ds.owners.iter().any(|x| x.id.as_str() == id))
    } else if let Some(id) = key.strip_prefix(TYPE) {
        alive(
            &s.deal_types,
            id,
            ds.deal_types.iter().any(|x| x.id.as_str() == id),
        )
    } else if let Some(id) = key.strip_prefix(OUTCOME) {
        alive(
            &s.outcomes,
            id,
            ds.call_outcomes.iter().any(|x| x.id.as_str() == id),
        )
    } else if let Some(id) = key.strip_prefix(KIND) {
        alive(
            &s.kinds,
            id,
            ds.activity_kinds.iter().any(|x| x.id.as_str() == id),
        )
    } else {
        false
    }
}

/// Whether the stages both lists have are in the same order in both.
fn same_order(a: &[Stage], b: &[Stage]) -> bool {
    common_order(a, b) == common_order(b, a)
}

/// The ids of `a`'s stages that `b` has too, in `a`'s order.
fn common_order<'a>(a: &'a [Stage], b: &[Stage]) -> Vec<&'a str> {
    a.iter()
        .filter(|s| b.iter().any(|x| x.id == s.id))
        .map(|s| s.id.as_str())
        .collect()
}

/// The stage ids in order, as one text.
fn ids(stages: &[Stage]) -> String {
    stages.iter().fold(String::new(), |mut out, s| {
        out.push_str(s.id.as_str());
        out.push('\u{1f}');
        out
    })
}

/// Merges stages, sources and owners of `ours` and `theirs` into `out`, which already holds the
/// merged records and settings (what decides which parts are still needed).
pub(super) fn merge_setup(
    ties: Ties,
    out: &mut Dataset,
    ours: &Dataset,
    theirs: &Dataset,
    dead: &BTreeMap<String, Timestamp>,
) {
    let (os, ts) = (&ours.setup_stamps, &theirs.setup_stamps);
    // Stages any record or setting refers to stay, even if removed elsewhere meanwhile.
    let mut used = set_of(
        out.deals
            .iter()
            .flat_map(|d| d.events.iter().map(|e| e.stage.as_str())),
    );
    used.insert(out.settings.qualified_stage.as_str());
    let (our_items, their_items) = (stage_items(&ours.stages), stage_items(&theirs.stages));
    let stage_of = |(side, i): Pick| {
        if side {
            &theirs.stages[i]
        } else {
            &ours.stages[i]
        }
    };
    let stages_with = |rescue: &[StageKind]| {
        merge_items(
            ties,
            (&our_items, &os.stages),
            (&their_items, &ts.stages),
            STAGE,
            dead,
            &|pick| {
                let s = stage_of(pick);
                used.contains(s.id.as_str()) || rescue.contains(&s.kind)
            },
        )
    };
    let (mut picks, mut stage_stamps) = stages_with(&[]);
    // The pipeline needs a stage of every kind it had: two tabs each removing a different one of
    // two lost stages must not leave none.
    let missing: Vec<StageKind> = [StageKind::Open, StageKind::Won, StageKind::Lost]
        .into_iter()
        .filter(|k| {
            !picks.iter().any(|p| stage_of(*p).kind == *k)
                && ours
                    .stages
                    .iter()
                    .chain(&theirs.stages)
                    .any(|s| s.kind == *k)
        })
        .collect();
    if !missing.is_empty() {
        (picks, stage_stamps) = stages_with(&missing);
    }
    let stages = picked(&picks, &ours.stages, &theirs.stages);
    let (our_ids, their_ids) = (ids(&ours.stages), ids(&theirs.stages));
    let their_order =
        if os.stage_order == ts.stage_order && same_order(&ours.stages, &theirs.stages) {
            // Only additions differ: which list leads decides where they go; the greater one leads
            // so that either merge order gives the same pipeline, stamped or not.
            their_ids > our_ids
        } else {
            theirs_wins(ties, os.stage_order, ts.stage_order, (&our_ids, &their_ids))
        };
    let (first, second, order_at) = if their_order {
        (&theirs.stages, &ours.stages, ts.stage_order)
    } else {
        (
            &ours.stages,
            &theirs.stages,
            os.stage_order.max(ts.stage_order),
        )
    };
    out.stages = ordered(stages, first, second);
    out.setup_stamps.stage_order = order_at;

    let used_sources = set_of(
        out.deals
            .iter()
            .filter_map(|d| d.source.as_ref())
            .chain(out.traffic.iter().filter_map(|t| t.source.as_ref()))
            .map(SourceId::as_str),
    );
    let (picks, source_stamps) = merge_items(
        ties,
        (&source_items(&ours.sources), &os.sources),
        (&source_items(&theirs.sources), &ts.sources),
        SOURCE,
        dead,
        &|(side, i)| {
            let s = if side {
                &theirs.sources[i]
            } else {
                &ours.sources[i]
            };
            used_sources.contains(s.id.as_str())
        },
    );
    out.sources = picked(&picks, &ours.sources, &theirs.sources);

    let used_owners = set_of(
        out.deals
            .iter()
            .filter_map(|d| d.owner.as_ref())
            .chain(out.goals.iter().filter_map(|g| g.owner.as_ref()))
            .map(OwnerId::as_str),
    );
    let (picks, owner_stamps) = merge_items(
        ties,
        (&owner_items(&ours.owners), &os.owners),
        (&owner_items(&theirs.owners), &ts.owners),
        OWNER,
        dead,
        &|(side, i)| {
            let o = if side {
                &theirs.owners[i]
            } else {
                &ours.owners[i]
            };
            used_owners.contains(o.id.as_str())
        },
    );
    out.owners = picked(&picks, &ours.owners, &theirs.owners);

    let used_types = set_of(
        out.deals
            .iter()
            .filter_map(|d| d.deal_type.as_ref())
            .map(DealTypeId::as_str),
    );
    let (picks, type_stamps) = merge_items(
        ties,
        (&type_items(&ours.deal_types), &os.deal_types),
        (&type_items(&theirs.deal_types), &ts.deal_types),
        TYPE,
        dead,
        &|(side, i)| {
            let t = if side {
                &theirs.deal_types[i]
            } else {
                &ours.deal_types[i]
            };
            used_types.contains(t.id.as_str())
        },
    );
    out.deal_types = picked(&picks, &ours.deal_types, &theirs.deal_types);
    let used_outcomes = set_of(
        out.activities
            .iter()
            .filter_map(|a| a.outcome.as_ref())
            .map(OutcomeId::as_str),
    );
    let (picks, outcome_stamps) = merge_items(
        ties,
        (&outcome_items(&ours.call_outcomes), &os.outcomes),
        (&outcome_items(&theirs.call_outcomes), &ts.outcomes),
        OUTCOME,
        dead,
        &|(side, i)| {
            let o = if side {
                &theirs.call_outcomes[i]
            } else {
                &ours.call_outcomes[i]
            };
            used_outcomes.contains(o.id.as_str())
        },
    );
    out.call_outcomes = picked(&picks, &ours.call_outcomes, &theirs.call_outcomes);
    // Built-in kinds always stay (they are the behaviours); added kinds activities have too.
    let used_kinds = set_of(out.activities.iter().map(Activity::team_kind));
    let (picks, kind_stamps) = merge_items(
        ties,
        (&kind_items(&ours.activity_kinds), &os.kinds),
        (&kind_items(&theirs.activity_kinds), &ts.kinds),
        KIND,
        dead,
        &|(side, i)| {
            let k = if side {
                &theirs.activity_kinds[i]
            } else {
                &ours.activity_kinds[i]
            };
            k.is_builtin() || used_kinds.contains(k.id.as_str())
        },
    );
    out.activity_kinds = picked(&picks, &ours.activity_kinds, &theirs.activity_kinds);
    // Each kind keeps the place its winning version has; equal places keep the merged order.
    out.activity_kinds
        .sort_by(|a, b| (a.rank, &a.id).cmp(&(b.rank, &b.id)));

    out.setup_stamps.stages = stage_stamps;
    out.setup_stamps.sources = source_stamps;
    out.setup_stamps.owners = owner_stamps;
    out.setup_stamps.deal_types = type_stamps;
    out.setup_stamps.outcomes = outcome_stamps;
    out.setup_stamps.kinds = kind_stamps;
}

/// The merged stages in `first`'s order; stages only `second` has go where [`add_stage`]
/// would put them (an open one before the first closed stage, others at the end).
///
/// [`add_stage`]: Dataset::add_stage
fn ordered(mut merged: Vec<Stage>, first: &[Stage], second: &[Stage]) -> Vec<Stage> {
    let mut take = |id: &StageId| {
        let at = merged.iter().position(|s| &s.id == id)?;
        Some(merged.swap_remove(at))
    };
    let mut out: Vec<Stage> = first.iter().filter_map(|s| take(&s.id)).collect();
    for s in second {
        let Some(stage) = take(&s.id) else {
            continue;
        };
        let at = match stage.kind {
            StageKind::Open => out
                .iter()
                .position(|s| s.kind != StageKind::Open)
                .unwrap_or(out.len()),
            _ => out.len(),
        };
        out.insert(at, stage);
    }
    out
}

/// Records the parts of one list that changed since `before` as changed `now`, and the removed
/// ones as tombstones; returns whether anything changed.
fn stamp_items(
    before: &[Item],
    after: &[Item],
    stamps: &mut BTreeMap<String, Timestamp>,
    tombstones: &mut Vec<Tombstone>,
    prefix: &str,
    now: Timestamp,
) -> bool {
    let mut changed = false;
    for part in after {
        if before.iter().find(|b| b.id == part.id).map(|b| &b.text) != Some(&part.text) {
            let key = format!("{prefix}{}", part.id);
            tombstones.retain(|t| t.id != key);
            stamps.insert(part.id.to_string(), now);
            changed = true;
        }
    }
    for gone in before
        .iter()
        .filter(|b| !after.iter().any(|a| a.id == b.id))
    {
        let key = format!("{prefix}{}", gone.id);
        tombstones.retain(|t| t.id != key);
        tombstones.push(Tombstone {
            id: key,
            deleted_at: now,
        });
        // Its stale time may stay in `stamps`: merges rebuild the times from the parts they keep.
        changed = true;
    }
    changed
}

/// Records every difference between the set-up `before` and `ds`'s as a change made `now`:
/// changed or added parts and settings get `now`, removed parts a tombstone, and a new relative
/// order of the stages both have a new stage-order time. Returns whether anything differed.
pub fn stamp_setup(before: &Setup, ds: &mut Dataset, now: Timestamp) -> bool {
    let stamps = &mut ds.setup_stamps;
    let mut changed = stamp_items(
        &stage_items(&before.stages),
        &stage_items(&ds.stages),
        &mut stamps.stages,
        &mut ds.tombstones,
        STAGE,
        now,
    );
    changed |= stamp_items(
        &source_items(&before.sources),
        &source_items(&ds.sources),
        &mut stamps.sources,
        &mut ds.tombstones,
        SOURCE,
        now,
    );
    changed |= stamp_items(
        &owner_items(&before.owners),
        &owner_items(&ds.owners),
        &mut stamps.owners,
        &mut ds.tombstones,
        OWNER,
        now,
    );
    changed |= stamp_items(
        &type_items(&before.deal_types),
        &type_items(&ds.deal_types),
        &mut stamps.deal_types,
        &mut ds.tombstones,
        TYPE,
        now,
    );
    changed |= stamp_items(
        &outcome_items(&before.outcomes),
        &outcome_items(&ds.call_outcomes),
        &mut stamps.outcomes,
        &mut ds.tombstones,
        OUTCOME,
        now,
    );
    changed |= stamp_items(
        &kind_items(&before.kinds),
        &kind_items(&ds.activity_kinds),
        &mut stamps.kinds,
        &mut ds.tombstones,
        KIND,
        now,
    );
    // Only the order of stages both have: adding or removing one is not a reorder.
    if !same_order(&before.stages, &ds.stages) {
        stamps.stage_order = now;
        changed = true;
    }
    if before.settings != ds.settings {
        let old = settings_map(&before.settings);
        for (name, value) in settings_map(&ds.settings) {
            // As text, like everywhere here (no second way of comparing JSON in the wasm).
            if old.get(&name).map(Value::to_string) != Some(value.to_string()) {
                stamps.settings.insert(name, now);
                changed = true;
            }
        }
    }
    changed
}

/// One set-up part for telling which local changes lost: its key (`stage:<id>`,
/// `source:<id>`, `owner:<id>`, `order` or `setting:<name>`), time and text.
pub(super) type PartVersion = (String, Timestamp, String);

/// Every set-up part of `ds` (a few dozen: a list, searched, rather than a map).
pub(super) fn parts(ds: &Dataset) -> Vec<PartVersion> {
    let s = &ds.setup_stamps;
    let mut out = Vec::new();
    for (prefix, items, stamps) in [
        (STAGE, stage_items(&ds.stages), &s.stages),
        (SOURCE, source_items(&ds.sources), &s.sources),
        (OWNER, owner_items(&ds.owners), &s.owners),
        (TYPE, type_items(&ds.deal_types), &s.deal_types),
        (OUTCOME, outcome_items(&ds.call_outcomes), &s.outcomes),
        (KIND, kind_items(&ds.activity_kinds), &s.kinds),
    ] {
        for item in items {
            out.push((
                format!("{prefix}{}", item.id),
                at(stamps, item.id),
                item.text,
            ));
        }
    }
    out.push(("order".into(), s.stage_order, ids(&ds.stages)));
    for (name, value) in settings_map(&ds.settings) {
        out.push((
            format!("setting:{name}"),
            at(&s.settings, &name),
            value.to_string(),
        ));
    }
    out
}
