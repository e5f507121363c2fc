//! The store over several localStorage keys (store version 3): the activities in parts of a
//! few thousand under keys of their own, so that a save writes what changed — a logged call
//! rewrites one part of ~60 k characters, not a year of calls.
//!
//! Crash safety: a save writes its new parts under keys no other save uses (named by its
//! revision token), then the main text, which lists the parts it stands on; only then are the
//! parts no longer listed removed. The main key is the commit point: a crash before it leaves the
//! old main text and every part it lists untouched (the new parts are orphans, removed at a later
//! start), a crash after it leaves orphans too. Nothing is written over in place, so a save needs
//! room only for the parts it changes.
//!
//! Parts are cut where an activity's id hashes to a multiple of [`TARGET`] (or after
//! [`MAX_ROWS`]): a boundary depends on the ids, not on positions, so an activity added, edited or
//! deleted changes the part it sits in and no other. Activities refer to deals by *slot*: a
//! number a deal keeps for as long as parts refer to it, whatever happens to the deal list's
//! order (merges sort it) or to deals deleted before it (their slots stay, with their ids, in
//! `gone_slots`), so a deal edit or deletion rewrites no part.

use super::activities::{self, Positions};
use super::encode::{
    encode_main, fingerprint, fp_mix, fp_text, EncodeCache, MainParts, Tables, TablesKey,
};
use super::pack::{base36, pack_id, unbase36, unpack_id};
use crate::format::schema::{EncodeError, LoadError};
use crate::model::{Activity, ActivityKindDef, CallOutcome, Dataset, Deal, DealId};
use crate::sync::utf16_len;
use std::ops::Range;

/// What the keys of activity parts start with.
pub const PART_PREFIX: &str = "kariz.act.";

/// Activities per part on average (a part ends after an id hashing to a multiple of it): about
/// 60 k characters, a write of a few milliseconds.
pub(super) const TARGET: u32 = 2048;

/// Activities at most in a part (a run of ids that never hash to a boundary).
pub(super) const MAX_ROWS: usize = 8192;

/// 32-bit FNV-1a of an id (the bench's seeding does the same in JavaScript).
fn id_hash(id: &str) -> u32 {
    id.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Where the parts of `list` begin and end (saves find them a stretch at a time, [`cut`]).
#[cfg(test)]
pub(super) fn boundaries(list: &[Activity]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    cut(list, 0..list.len(), &mut 0, &mut out);
    out
}

/// [`boundaries`] a stretch at a time: looks at the activities in `range` (the next after the
/// last call's), `start` being where the part still open begins; the last stretch closes it.
fn cut(list: &[Activity], range: Range<usize>, start: &mut usize, out: &mut Vec<Range<usize>>) {
    for i in range.clone() {
        if id_hash(&list[i].id.0).is_multiple_of(TARGET) || i + 1 - *start >= MAX_ROWS {
            out.push(*start..i + 1);
            *start = i + 1;
        }
    }
    if range.end == list.len() && *start < list.len() {
        out.push(*start..list.len());
        *start = list.len();
    }
}

/// The deals' slots: slot → deal id, and back.
#[derive(Clone, Debug, Default)]
pub(super) struct Slots {
    ids: Vec<DealId>,
    by_id: crate::kpi::index::FxMap<DealId, u32>,
    /// Which numbering this is: parts made under another one do not fit it.
    epoch: u64,
}

impl Slots {
    fn fresh(deals: &[Deal], epoch: u64) -> Slots {
        let mut slots = Slots {
            epoch,
            ..Slots::default()
        };
        slots.extend(deals);
        slots
    }

    /// Gives the deals that have none a slot.
    fn extend(&mut self, deals: &[Deal]) {
        for d in deals {
            if !self.by_id.contains_key(&d.id) {
                self.by_id.insert(d.id.clone(), self.ids.len() as u32);
                self.ids.push(d.id.clone());
            }
        }
    }

    /// Each deal's slot in deal order, or `None` when deal `i` has slot `i` and no slot is gone.
    fn column(&self, deals: &[Deal]) -> Option<String> {
        let identity = self.ids.len() == deals.len()
            && deals
                .iter()
                .enumerate()
                .all(|(i, d)| self.by_id.get(&d.id) == Some(&(i as u32)));
        (!identity).then(|| {
            let mut out = String::new();
            for d in deals {
                if !out.is_empty() {
                    out.push(',');
                }
                out.push_str(&base36(i64::from(
                    self.by_id.get(&d.id).copied().unwrap_or(0),
                )));
            }
            out
        })
    }

    /// The slots of deals not in `deals`, with their ids packed.
    fn gone(&self, deals: &[Deal]) -> Vec<(u32, String)> {
        let mut live = vec![false; self.ids.len()];
        for d in deals {
            if let Some(&s) = self.by_id.get(&d.id) {
                live[s as usize] = true;
            }
        }
        self.ids
            .iter()
            .enumerate()
            .filter(|(i, _)| !live[*i])
            .map(|(i, id)| (i as u32, pack_id(&id.0).into_owned()))
            .collect()
    }
}

/// A running hash of a list's first entries, for each length: a part fits a table whose first
/// entries (those it may point at) are what they were.
fn prefixes<T>(list: &[T], word: impl Fn(&T) -> u64) -> Vec<u64> {
    let mut out = Vec::with_capacity(list.len() + 1);
    let mut h = 0u64;
    out.push(h);
    for x in list {
        h = fp_mix(h, word(x));
        out.push(h);
    }
    out
}

/// A text as one word for [`prefixes`].
fn text_word(s: &str) -> u64 {
    fp_text(0, s)
}

/// The tables a part's numbers point into, as prefix hashes, and the slot numbering.
struct Context {
    epoch: u64,
    owners: Vec<u64>,
    outcomes: Vec<u64>,
    kinds: Vec<u64>,
}

impl Context {
    fn of(
        epoch: u64,
        owners: &[&str],
        outcomes: &[CallOutcome],
        kinds: &[ActivityKindDef],
    ) -> Context {
        Context {
            epoch,
            owners: prefixes(owners, |o| text_word(o)),
            outcomes: prefixes(outcomes, |o| text_word(&o.id.0)),
            kinds: prefixes(kinds, |k| text_word(&k.id.0) ^ (k.base as u64)),
        }
    }

    fn id(&self, fp: u64, rows: usize) -> PartId {
        let last = |p: &Vec<u64>| (p.len() - 1, p[p.len() - 1]);
        PartId {
            fp,
            rows,
            epoch: self.epoch,
            owners: last(&self.owners),
            outcomes: last(&self.outcomes),
            kinds: last(&self.kinds),
        }
    }

    fn fits(&self, p: &PartId) -> bool {
        let at = |list: &Vec<u64>, (n, h): (usize, u64)| list.get(n) == Some(&h);
        p.epoch == self.epoch
            && at(&self.owners, p.owners)
            && at(&self.outcomes, p.outcomes)
            && at(&self.kinds, p.kinds)
    }
}

/// What a part was made from: its activities (fingerprint and count) and the tables' lengths
/// and prefix hashes when it was.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct PartId {
    fp: u64,
    rows: usize,
    epoch: u64,
    owners: (usize, u64),
    outcomes: (usize, u64),
    kinds: (usize, u64),
}

/// A part the stored main text lists.
#[derive(Clone, Debug)]
struct Part {
    key: String,
    id: PartId,
    chars: usize,
}

/// What the storage's last read or write of the main text tells about its parts.
#[derive(Default)]
pub(super) struct PartsCache {
    slots: Option<Slots>,
    /// The parts the stored main text lists now.
    listed: Vec<Part>,
    /// Saves write the single text (the parts did not fit beside the old store once).
    pub(super) whole: bool,
    /// The save being planned ahead ([`EncodeCache::prepare_save`]), for the data as it was
    /// when it began: the caller says when that stops being true ([`EncodeCache::changed`]).
    planning: Option<Planning>,
    /// The whole save so planned.
    ready: Option<SavePlan>,
}

/// A save planned a slice at a time: the activities cut into parts and fingerprinted, then the
/// parts reused or encoded, then the deal rows, then the main text.
#[derive(Default)]
struct Planning {
    /// The parts found so far, with their fingerprints.
    scanned: Vec<(Range<usize>, u64)>,
    /// Activities looked at so far, and where the part still open begins.
    at: usize,
    open: usize,
    /// The numbering and tables' hashes the parts are made under (from the parts' step on).
    under: Option<(Slots, Context)>,
    /// The parts listed so far (entries of `scanned` done), and the new ones among them.
    listed: Vec<Part>,
    new_parts: Vec<(String, String)>,
    /// The deal rows are done (or left to the main text: [`EncodeCache::plan`]).
    rows: bool,
    /// The tables the deals' and activities' numbers point into, found in the first slice.
    key: Option<TablesKey>,
}

/// What a step of planning did.
enum Step {
    /// Work of about so many deal rows.
    Worked(usize),
    /// Its work is too big for what is left of the slice.
    Later,
    /// The plan is made.
    Planned(SavePlan),
}

/// What a save writes, in order: `parts` (new keys), then `main`; then it removes `remove`.
#[derive(Debug)]
pub struct SavePlan {
    /// New parts: key and text.
    pub parts: Vec<(String, String)>,
    /// The main text, written last of all (the commit point).
    pub main: String,
    /// Keys of parts the main text no longer lists, removed after it is written.
    pub remove: Vec<String>,
    listed: Vec<Part>,
    slots: Option<Slots>,
    /// The main text's length in UTF-16 units (counted when planned, not in the write's task).
    main_chars: usize,
    /// The deals and activities it holds.
    shape: (usize, usize),
}

impl SavePlan {
    /// Characters the store takes once this plan is written (main text and every listed part).
    pub fn chars(&self) -> usize {
        self.main_chars + self.listed.iter().map(|p| p.chars).sum::<usize>()
    }
}

/// What a store read from its keys said about its parts, for the next save to reuse them.
#[derive(Debug, Default)]
pub struct StoredParts {
    slots: Option<Slots>,
    listed: Vec<Part>,
}

fn epoch_after(previous: u64) -> u64 {
    previous
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407)
}

fn positions<'a>(tables: &'a Tables<'a>, slots: &'a Slots, ds: &'a Dataset) -> Positions<'a> {
    Positions {
        owners: &tables.owner_index,
        deals: slots
            .by_id
            .iter()
            .map(|(id, s)| (id.as_str(), *s))
            .collect(),
        outcomes: &ds.call_outcomes,
        kinds: &ds.activity_kinds,
    }
}

fn encode_part(list: &[Activity], at: &Positions<'_>) -> Result<String, EncodeError> {
    Ok(serde_json::to_string(&activities::encode(list, at))?)
}

impl PartsCache {
    /// The deal numbering a save of `deals` stands on. One no stored part stands on may start
    /// afresh (dropping gone slots); so does one that has come to hold more deals gone than
    /// half the deals (all parts rewritten).
    fn slots_for(&self, deals: &[Deal]) -> Slots {
        let worn = |s: &Slots| s.ids.len() > deals.len() + deals.len() / 2 + 256;
        let mut slots = match (&self.slots, self.listed.is_empty()) {
            (Some(s), false) if !worn(s) => s.clone(),
            (s, _) => Slots::fresh(
                deals,
                epoch_after(s.as_ref().map_or(0x9e37_79b9, |s| s.epoch)),
            ),
        };
        slots.extend(deals);
        slots
    }

    /// The `n`th part, of `rows` activities fingerprinted `fp`: a stored part it fits (no
    /// text), else a new one under a key of `generation`, its text `encode`d.
    fn part_for(
        &self,
        context: &Context,
        (n, rows, fp): (usize, usize, u64),
        generation: &str,
        encode: impl FnOnce() -> Result<String, EncodeError>,
    ) -> Result<(Part, Option<String>), EncodeError> {
        let stored = self
            .listed
            .iter()
            .find(|p| p.id.fp == fp && p.id.rows == rows && context.fits(&p.id));
        if let Some(p) = stored {
            return Ok((p.clone(), None));
        }
        let id = context.id(fp, rows);
        let text = encode()?;
        let part = Part {
            key: format!("{PART_PREFIX}{generation}.{n}"),
            id,
            chars: utf16_len(&text),
        };
        Ok((part, Some(text)))
    }
}

impl EncodeCache {
    /// The writes of a save of `ds` over several keys; new part keys begin with
    /// `PART_PREFIX` + `generation` (unique per save). Nothing is remembered until
    /// [`EncodeCache::saved`] says the writes happened.
    pub fn plan(&mut self, ds: &Dataset, generation: &str) -> Result<SavePlan, EncodeError> {
        // The steps of a save planned in slices, in one go (a slice without end). The main text
        // encodes the deal rows inline (or takes rows prepared before that still fit): encoding
        // them apart first, then checking them, would cost a third more.
        let mut planning = Planning {
            rows: true,
            ..Planning::default()
        };
        loop {
            if let Step::Planned(plan) =
                self.plan_step(&mut planning, ds, usize::MAX, usize::MAX, generation)?
            {
                return Ok(plan);
            }
        }
    }

    /// The plan with its parts chosen: the main text listing `listed`, and the keys to remove.
    fn finish_plan(
        &mut self,
        ds: &Dataset,
        tables: &Tables<'_>,
        slots: Slots,
        listed: Vec<Part>,
        new_parts: Vec<(String, String)>,
    ) -> Result<SavePlan, EncodeError> {
        let main_parts = MainParts {
            list: listed.iter().map(|p| (p.key.clone(), p.id.rows)).collect(),
            slots: slots.column(&ds.deals),
            gone: slots.gone(&ds.deals),
        };
        let main = encode_main(ds, self, tables, Some(&main_parts))?;
        let kept: Vec<&str> = listed.iter().map(|p| p.key.as_str()).collect();
        let remove = self
            .parts
            .listed
            .iter()
            .filter(|p| !kept.contains(&p.key.as_str()))
            .map(|p| p.key.clone())
            .collect();
        Ok(SavePlan {
            parts: new_parts,
            main_chars: utf16_len(&main),
            shape: (ds.deals.len(), ds.activities.len()),
            main,
            remove,
            listed,
            slots: Some(slots),
        })
    }

    /// Does a slice of a save's work ahead of it, so that no task does much: the activities cut
    /// into parts and fingerprinted, the parts that changed encoded, the deal rows, then the main
    /// text (part keys begin with `PART_PREFIX` + `generation`); true when the save may come,
    /// and [`EncodeCache::take_ready`] then has its plan if saves write parts. Unlike
    /// [`EncodeCache::prepare`], nothing is checked against the data when the plan is written:
    /// the caller must call [`EncodeCache::changed`] whenever the data may have changed since
    /// the first slice, or a stale plan is written.
    pub fn prepare_save(
        &mut self,
        ds: &Dataset,
        slice: usize,
        generation: &str,
    ) -> Result<bool, EncodeError> {
        if self.parts.whole {
            return self.prepare(ds, slice);
        }
        if self.parts.ready.is_some() {
            return Ok(true);
        }
        let mut planning = self.parts.planning.take().unwrap_or_default();
        let mut spent = 0;
        while spent < slice.max(1) {
            match self.plan_step(
                &mut planning,
                ds,
                slice.max(1) - spent,
                slice.max(1),
                generation,
            )? {
                Step::Worked(cost) => spent += cost.max(1),
                Step::Later => break,
                Step::Planned(plan) => {
                    self.parts.ready = Some(plan);
                    // The write joins a slice that did a slice's work at most (small data),
                    // else it is a task of its own.
                    return Ok(spent + ds.deals.len() <= slice);
                }
            }
        }
        self.parts.planning = Some(planning);
        Ok(false)
    }

    /// One step of [`EncodeCache::prepare_save`], of about `budget` deal rows' worth of work
    /// (looking for the tables in the data or joining the main text cannot be cut smaller: they
    /// wait for a slice of their own when the slice has done work already).
    fn plan_step(
        &mut self,
        p: &mut Planning,
        ds: &Dataset,
        budget: usize,
        slice: usize,
        generation: &str,
    ) -> Result<Step, EncodeError> {
        let all = &ds.activities;
        // About a deal row's worth per deal and per 16 activities.
        let whole = ds.deals.len() + all.len() / 16;
        let fresh = budget == slice;
        // The tables are looked for in the data once (the data stays as it is until the write).
        let Some(key) = &p.key else {
            if !fresh && whole > budget {
                return Ok(Step::Later);
            }
            p.key = Some(TablesKey::of(&Tables::of(ds)));
            return Ok(Step::Worked(whole));
        };
        let tables = Tables::from_key(key);
        if p.at < all.len() {
            // Cutting and fingerprinting costs a sixteenth of encoding a deal row.
            let end =
                p.at.saturating_add(budget.saturating_mul(16))
                    .min(all.len());
            let mut cuts = Vec::new();
            cut(all, p.at..end, &mut p.open, &mut cuts);
            p.scanned
                .extend(cuts.into_iter().map(|r| (r.clone(), fingerprint(&all[r]))));
            let cost = (end - p.at) / 16;
            p.at = end;
            return Ok(Step::Worked(cost));
        }
        if p.scanned.last().map_or(0, |(r, _)| r.end) != all.len() {
            // Fewer activities than were cut: a change nobody announced. Start over rather than
            // index past them (the write still checks the plan's counts).
            *p = Planning::default();
            return Ok(Step::Worked(0));
        }
        if p.under.is_none() || p.listed.len() < p.scanned.len() {
            let parts = &self.parts;
            let mut cost = 0;
            let (slots, context) = match &mut p.under {
                Some(under) => under,
                None => {
                    // The numbering copied: about a row's worth per two deals.
                    cost += ds.deals.len() / 2;
                    let slots = parts.slots_for(&ds.deals);
                    let context = Context::of(
                        slots.epoch,
                        &tables.owners,
                        &ds.call_outcomes,
                        &ds.activity_kinds,
                    );
                    p.under.insert((slots, context))
                }
            };
            let mut at: Option<Positions<'_>> = None;
            while let Some((range, fp)) = p.scanned.get(p.listed.len()) {
                if cost >= budget {
                    break;
                }
                let list = &all[range.clone()];
                let (part, text) = parts.part_for(
                    context,
                    (p.listed.len(), list.len(), *fp),
                    generation,
                    || {
                        encode_part(
                            list,
                            at.get_or_insert_with(|| positions(&tables, slots, ds)),
                        )
                    },
                )?;
                if let Some(text) = text {
                    // An activity encodes in about half a deal row's time.
                    cost += list.len() / 2;
                    p.new_parts.push((part.key.clone(), text));
                }
                p.listed.push(part);
            }
            return Ok(Step::Worked(cost));
        }
        if !p.rows {
            let before = self.rows_done();
            p.rows = self.prepare_rows(ds, budget, &tables)?;
            return Ok(Step::Worked(self.rows_done().saturating_sub(before)));
        }
        if !fresh && ds.deals.len() > budget {
            return Ok(Step::Later);
        }
        let Some((slots, _)) = p.under.take() else {
            return Ok(Step::Later);
        };
        let plan = self.finish_plan(
            ds,
            &tables,
            slots,
            std::mem::take(&mut p.listed),
            std::mem::take(&mut p.new_parts),
        )?;
        Ok(Step::Planned(plan))
    }

    /// The plan [`EncodeCache::prepare_save`] made, if no change came since (and, as a last
    /// guard against a change not announced, if it has as many deals and activities as `ds`).
    pub fn take_ready(&mut self, ds: &Dataset) -> Option<SavePlan> {
        self.parts
            .ready
            .take()
            .filter(|plan| plan.shape == (ds.deals.len(), ds.activities.len()))
    }

    /// The main text of the plan made ahead, if there is one (to hand to the browser ahead).
    pub fn ready_main(&self) -> Option<&str> {
        self.parts.ready.as_ref().map(|p| p.main.as_str())
    }

    /// The data may have changed (an edit, another tab's data merged, the stored activities read
    /// in): a plan made ahead is stale.
    pub fn changed(&mut self) {
        self.parts.ready = None;
        self.parts.planning = None;
    }

    /// Records that `plan` was written: its parts are what the stored main text lists now.
    pub fn saved(&mut self, plan: SavePlan) {
        self.changed();
        self.parts.listed = plan.listed;
        self.parts.slots = plan.slots;
    }

    /// Records that the stored main text lists no parts (it was written whole, or removed).
    pub fn saved_whole(&mut self) {
        self.changed();
        self.parts.listed.clear();
    }

    /// Whether saves write the single text rather than parts.
    pub fn whole(&self) -> bool {
        self.parts.whole
    }

    /// From now on saves write the single text (`true`), as Kariz did before parts: for a
    /// store whose new parts do not fit beside the old ones.
    pub fn set_whole(&mut self, whole: bool) {
        self.changed();
        self.parts.whole = whole;
    }

    /// Takes what a read of the stored keys found (the store as it is now).
    pub fn adopt(&mut self, stored: StoredParts) {
        self.changed();
        self.parts.listed = stored.listed;
        self.parts.slots = stored.slots.or(self.parts.slots.take());
    }

    /// The keys of the parts the stored main text lists (orphans are the others).
    pub fn listed_keys(&self) -> Vec<String> {
        self.parts.listed.iter().map(|p| p.key.clone()).collect()
    }
}

/// The `activity_parts`, `deal_slots` and `gone_slots` of a stored main text, read into the
/// table of deal ids the parts' deal numbers point into.
pub(super) fn slot_table(
    stored_ids: &[DealId],
    column: Option<&str>,
    gone: &[(u32, String)],
) -> Result<Vec<Option<DealId>>, LoadError> {
    let bad = || LoadError::Invalid("deal_slots do not read".into());
    let mut table: Vec<Option<DealId>> = Vec::new();
    let mut put = |slot: usize, id: DealId| -> Result<(), LoadError> {
        // A slot number far past the deals is damage, not data (it would allocate wildly).
        if slot > 4 * (stored_ids.len() + gone.len()) + 16 {
            return Err(bad());
        }
        if table.len() <= slot {
            table.resize(slot + 1, None);
        }
        match &table[slot] {
            Some(_) => Err(bad()),
            None => {
                table[slot] = Some(id);
                Ok(())
            }
        }
    };
    match column {
        None => {
            for (i, id) in stored_ids.iter().enumerate() {
                put(i, id.clone())?;
            }
        }
        Some(text) => {
            let slots: Vec<i64> = if stored_ids.is_empty() {
                Vec::new()
            } else {
                text.split(',')
                    .map(unbase36)
                    .collect::<Option<_>>()
                    .ok_or_else(bad)?
            };
            if slots.len() != stored_ids.len() {
                return Err(bad());
            }
            for (slot, id) in slots.into_iter().zip(stored_ids) {
                put(usize::try_from(slot).map_err(|_| bad())?, id.clone())?;
            }
        }
    }
    for (slot, id) in gone {
        put(*slot as usize, DealId(unpack_id(id)))?;
    }
    Ok(table)
}

/// Reads stored parts: `texts` in the order the main text lists them (key, count, text).
pub(super) fn decode_parts(
    texts: Vec<(String, usize, String)>,
    owners: &[crate::model::OwnerId],
    slot_ids: &[Option<DealId>],
    outcomes: &[CallOutcome],
    kinds: &[ActivityKindDef],
) -> Result<(Vec<Activity>, StoredParts), LoadError> {
    // Slots no deal holds point at nothing: such a number is damage (an empty id reads as such).
    let deals: Vec<DealId> = slot_ids
        .iter()
        .map(|s| s.clone().unwrap_or_else(|| DealId(String::new())))
        .collect();
    let epoch = epoch_after(deals.len() as u64 ^ texts.len() as u64);
    let owner_names: Vec<&str> = owners.iter().map(|o| o.0.as_str()).collect();
    let context = Context::of(epoch, &owner_names, outcomes, kinds);
    let mut all = Vec::with_capacity(texts.iter().map(|t| t.1).sum());
    let mut listed = Vec::with_capacity(texts.len());
    for (key, rows, text) in texts {
        let columns: activities::Columns = serde_json::from_str(&text)
            .map_err(|e| LoadError::Invalid(format!("activities part {key}: {e}")))?;
        if columns.len() != rows {
            return Err(LoadError::Invalid(format!(
                "activities part {key}: {} activities, the list says {rows}",
                columns.len()
            )));
        }
        let list = activities::decode(columns, owners, &deals, outcomes, kinds)?;
        if list
            .iter()
            .any(|a| a.deal.as_ref().is_some_and(|d| d.0.is_empty()))
        {
            return Err(LoadError::Invalid(format!(
                "activities part {key}: a deal number points at no deal"
            )));
        }
        listed.push(Part {
            key,
            id: context.id(fingerprint(&list), rows),
            chars: utf16_len(&text),
        });
        all.extend(list);
    }
    let mut slots = Slots {
        epoch,
        ..Slots::default()
    };
    for (i, id) in slot_ids.iter().enumerate() {
        // Holes (never in a store Kariz wrote) stay unused: a placeholder keeps the numbers.
        let id = id
            .clone()
            .unwrap_or_else(|| DealId(format!("\u{0}hole{i}")));
        slots.by_id.insert(id.clone(), i as u32);
        slots.ids.push(id);
    }
    Ok((
        all,
        StoredParts {
            slots: Some(slots),
            listed,
        },
    ))
}

#[cfg(test)]
#[path = "tests_parts.rs"]
mod tests;
