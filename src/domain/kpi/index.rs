//! Every deal's stage log resolved once per dataset change, and the views the KPI passes read.

use crate::date::Date;
use crate::model::{Dataset, Deal, StageId, StageKind};
use crate::money::Currency;

/// Stage lookups prepared once per computation, so the per-deal work is only lookups.
pub(crate) struct Pipeline<'a> {
    pub ds: &'a Dataset,
    ids: Vec<&'a str>,
    /// Funnel position of every stage by pipeline index (`None` for lost stages).
    pub position: Vec<Option<usize>>,
    /// The funnel: open stages in order, then the first won stage.
    pub steps: Vec<usize>,
    pub qualified: usize,
    pub currency: Currency,
}

impl<'a> Pipeline<'a> {
    pub fn new(ds: &'a Dataset) -> Self {
        let ids = ds.stages.iter().map(|s| s.id.as_str()).collect();
        let mut steps: Vec<usize> = ds
            .stages
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind == StageKind::Open)
            .map(|(i, _)| i)
            .collect();
        let won_position = steps.len();
        if let Some(won) = ds.stages.iter().position(|s| s.kind == StageKind::Won) {
            steps.push(won);
        }
        let mut open_seen = 0;
        let position = ds
            .stages
            .iter()
            .map(|s| match s.kind {
                StageKind::Open => {
                    open_seen += 1;
                    Some(open_seen - 1)
                }
                StageKind::Won => Some(won_position),
                StageKind::Lost => None,
            })
            .collect();
        // A missing qualified stage is refused on load (`check_integrity`); should one slip
        // through, no deal counts as qualified rather than every open one.
        let qualified = ds
            .stage_index(&ds.settings.qualified_stage)
            .unwrap_or(ds.stages.len());
        Pipeline {
            ds,
            ids,
            position,
            steps,
            qualified,
            currency: ds.settings.display_currency,
        }
    }

    pub fn index(&self, stage: &StageId) -> Option<usize> {
        // Pipelines have a handful of stages: a linear scan beats hashing the id.
        let wanted = stage.as_str().as_bytes();
        // Ids are a few bytes: an inlined byte loop is cheaper than a libc memcmp call per event.
        self.ids
            .iter()
            .position(|id| id.len() == wanted.len() && id.bytes().zip(wanted).all(|(a, b)| a == *b))
    }

    pub fn kind(&self, index: usize) -> StageKind {
        self.ds.stages[index].kind
    }

    /// The deals `keep` admits, as views into `index` (built from this pipeline's dataset).
    pub fn select(&self, index: &'a DealIndex, keep: impl Fn(&Deal) -> bool) -> Deals<'a> {
        let selected = self
            .ds
            .deals
            .iter()
            .enumerate()
            .filter(|(_, d)| keep(d))
            .map(|(i, _)| i as u32)
            .collect();
        Deals {
            ds: self.ds,
            index,
            selected,
        }
    }

    /// The deal's value in the display currency, or `None` for other currencies.
    pub fn value(&self, deal: &Deal) -> Option<i64> {
        (deal.value.currency == self.currency).then_some(deal.value.minor)
    }
}

/// A stage event resolved to a stage index, with the furthest funnel position reached so far.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Event {
    pub date: Date,
    pub stage: usize,
    pub furthest: usize,
}

#[derive(Clone, Debug, PartialEq)]
struct Row {
    first_contact: Date,
    amount: Option<i64>,
    expected_close: Option<Date>,
    events: std::ops::Range<usize>,
    first_entry: usize,
}

/// Every deal's stage log resolved to stage indices, in contiguous arrays, built once per
/// dataset change: the many "as of" passes of reports, charts and standings then walk memory
/// in order, and a new period or filter reuses this work instead of redoing it.
#[derive(Clone, Debug, PartialEq)]
pub struct DealIndex {
    rows: Vec<Row>,
    events: Vec<Event>,
    first_entry: Vec<Option<Date>>,
    steps: usize,
    /// The funnel position of the won stages, if the pipeline has one.
    won: Option<usize>,
    revision: u64,
}

/// Word-at-a-time multiply-rotate mixing (as in rustc's FxHasher), for keys that need no
/// protection against crafted collisions: the revision fingerprint, which runs before every
/// report, and the deal ids the activity KPIs look up 100,000 times (SipHash was most of
/// their time).
#[derive(Default)]
pub struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Whole words read as such; copying every chunk into a padded word called `memcpy` once
        // per 8 bytes (most of this hasher's time in a Chromium profile of an import).
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut whole = [0u8; 8];
            whole.copy_from_slice(word);
            self.add(u64::from_le_bytes(whole));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            for (to, from) in word.iter_mut().zip(rest) {
                *to = *from;
            }
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// Builds [`Fx`] hashers for a `HashMap`.
pub type BuildFx = std::hash::BuildHasherDefault<Fx>;

/// A `HashMap` with [`Fx`] hashing, for keys from the user's own data.
pub type FxMap<K, V> = std::collections::HashMap<K, V, BuildFx>;

/// A fingerprint of everything a [`DealIndex`] is built from, in order: the pipeline, the display
/// currency, and per deal its `updated_at`, first contact, value and log length.
///
/// Every edit stamps the deal's `updated_at` (merging relies on it too), so an edited, added,
/// removed or reordered deal changes the revision; a few words per deal keep it far
/// cheaper than rebuilding the index.
pub fn revision(ds: &Dataset) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = Fx::default();
    for stage in &ds.stages {
        stage.id.as_str().hash(&mut h);
        (stage.kind as u8).hash(&mut h);
    }
    ds.settings.qualified_stage.as_str().hash(&mut h);
    ds.settings.display_currency.hash(&mut h);
    ds.deals.len().hash(&mut h);
    for deal in &ds.deals {
        deal.updated_at.hash(&mut h);
        deal.first_contact.hash(&mut h);
        deal.value.minor.hash(&mut h);
        deal.value.currency.hash(&mut h);
        deal.events.len().hash(&mut h);
    }
    h.finish()
}

impl DealIndex {
    /// Resolves every deal of `ds`.
    pub fn new(ds: &Dataset) -> DealIndex {
        let p = Pipeline::new(ds);
        let steps = p.steps.len();
        let total_events = ds.deals.iter().map(|d| d.events.len()).sum();
        let mut index = DealIndex {
            rows: Vec::with_capacity(ds.deals.len()),
            events: Vec::with_capacity(total_events),
            first_entry: Vec::with_capacity(ds.deals.len() * steps),
            steps,
            won: ds
                .stages
                .iter()
                .position(|s| s.kind == StageKind::Won)
                .and_then(|i| p.position[i]),
            revision: revision(ds),
        };
        for deal in &ds.deals {
            // A first contact later than the first logged stage is a typo; the log wins.
            let first_contact = deal
                .events
                .first()
                .map_or(deal.first_contact, |e| e.date.min(deal.first_contact));
            let (ev_start, fe_start) = (index.events.len(), index.first_entry.len());
            index.first_entry.resize(fe_start + steps, None);
            let mut furthest = 0;
            for e in &deal.events {
                let Some(stage) = p.index(&e.stage) else {
                    continue;
                };
                if let Some(pos) = p.position[stage] {
                    furthest = furthest.max(pos);
                    index.first_entry[fe_start + pos].get_or_insert(e.date);
                }
                index.events.push(Event {
                    date: e.date,
                    stage,
                    furthest,
                });
            }
            index.rows.push(Row {
                first_contact,
                amount: p.value(deal),
                expected_close: deal.expected_close,
                events: ev_start..index.events.len(),
                first_entry: fe_start,
            });
        }
        index
    }

    /// The first day the deal at `row` of the dataset entered a won stage, over its whole log.
    pub fn first_won(&self, row: usize) -> Option<Date> {
        let won = self.won?;
        let start = self.rows.get(row)?.first_entry;
        self.first_entry[start + won]
    }

    /// Whether this index was built from `ds` as it is now (same [`revision`]); the app rebuilds
    /// it on every dataset change, this guards against pairing a stale one with new data.
    pub fn fits(&self, ds: &Dataset) -> bool {
        self.rows.len() == ds.deals.len() && self.revision == revision(ds)
    }
}

/// `index` when it fits `ds`, else a fresh one kept in `owned`.
pub(crate) fn usable<'i>(
    ds: &Dataset,
    index: Option<&'i DealIndex>,
    owned: &'i mut Option<DealIndex>,
) -> &'i DealIndex {
    match index {
        Some(index) if index.fits(ds) => index,
        _ => owned.insert(DealIndex::new(ds)),
    }
}

/// The deals of one report (those its filter admits), as views into a [`DealIndex`].
pub(crate) struct Deals<'a> {
    ds: &'a Dataset,
    index: &'a DealIndex,
    selected: Vec<u32>,
}

impl Deals<'_> {
    /// About how many stage events the selected deals hold (for sizing buffers).
    pub fn expected_events(&self) -> usize {
        self.selected.len() * self.index.events.len() / self.index.rows.len().max(1)
    }

    /// Each deal as a cheap view.
    pub fn iter(&self) -> impl Iterator<Item = Prepared<'_>> {
        let index = self.index;
        self.selected.iter().map(move |&i| {
            let row = &index.rows[i as usize];
            Prepared {
                deal: &self.ds.deals[i as usize],
                first_contact: row.first_contact,
                amount: row.amount,
                expected_close: row.expected_close,
                events: &index.events[row.events.clone()],
                first_entry: &index.first_entry[row.first_entry..row.first_entry + index.steps],
            }
        })
    }
}

/// One deal of [`Deals`]: its log resolved to stage indices.
#[derive(Clone, Copy)]
pub(crate) struct Prepared<'p> {
    pub deal: &'p Deal,
    pub first_contact: Date,
    /// Value in the display currency (`None` for other currencies).
    pub amount: Option<i64>,
    /// Copied next to the log so the quota pass never touches the full deal record.
    pub expected_close: Option<Date>,
    events: &'p [Event],
    /// First day the deal entered each funnel position, over its whole log.
    first_entry: &'p [Option<Date>],
}

impl std::ops::Deref for Prepared<'_> {
    type Target = Deal;

    fn deref(&self) -> &Deal {
        self.deal
    }
}

impl<'p> Prepared<'p> {
    /// What the log says as of `as_of`; `None` if the deal did not exist yet.
    pub fn at(&self, as_of: Date) -> Option<Facts<'p>> {
        if self.first_contact > as_of {
            return None;
        }
        let seen = self.events.partition_point(|e| e.date <= as_of);
        let last = seen.checked_sub(1).map(|i| self.events[i]);
        Some(Facts {
            first_contact: self.first_contact,
            amount: self.amount,
            events: &self.events[..seen],
            first_entry_all: self.first_entry,
            as_of,
            furthest: last.map_or(0, |e| e.furthest),
            current: last.map(|e| (e.stage, e.date)),
        })
    }
}

/// One deal's history as of a day (a view into [`Deals`], no allocation).
pub(crate) struct Facts<'p> {
    pub first_contact: Date,
    /// Value in the display currency (`None` for other currencies).
    pub amount: Option<i64>,
    pub events: &'p [Event],
    first_entry_all: &'p [Option<Date>],
    as_of: Date,
    /// Furthest funnel position reached (at least 0: every deal is a lead).
    pub furthest: usize,
    /// Current stage index and the day it was entered.
    pub current: Option<(usize, Date)>,
}

impl Facts<'_> {
    /// First day the deal entered funnel position `k`, if by the as-of day.
    pub fn first_entry(&self, k: usize) -> Option<Date> {
        self.first_entry_all[k].filter(|d| *d <= self.as_of)
    }

    pub(crate) fn closed(&self, p: &Pipeline) -> Option<(StageKind, Date)> {
        self.current
            .map(|(i, d)| (p.kind(i), d))
            .filter(|(k, _)| *k != StageKind::Open)
    }
}

// proptest is a dev-dependency of the host only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fx_tests {
    use super::Fx;
    use proptest::prelude::*;
    use std::hash::Hasher;

    /// The hasher as first written: every chunk of 8 bytes (the last one padded with zeros)
    /// copied into a word.
    fn naive(seed: u64, bytes: &[u8]) -> u64 {
        let mut h = Fx(seed);
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            h.add(u64::from_le_bytes(word));
        }
        h.finish()
    }

    proptest! {
        /// Whole words and the padded rest hash as the naive twin does, for every length.
        #[test]
        fn write_is_its_naive_twin(seed in any::<u64>(), bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let mut h = Fx(seed);
            h.write(&bytes);
            prop_assert_eq!(h.finish(), naive(seed, &bytes));
        }
    }

    #[test]
    fn a_hand_worked_word_and_rest() {
        // 9 bytes: one whole word, then 0x09 padded; from 0: (0 ^ w) * K, then rotl 5 ^ 9, * K.
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let w = u64::from_le_bytes([1, 2, 3, 4, 5, 6, 7, 8]);
        let first = w.wrapping_mul(K);
        let want = (first.rotate_left(5) ^ 9).wrapping_mul(K);
        let mut h = Fx::default();
        h.write(&[1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(h.finish(), want);
    }
}
