//! Writing the compact form: ids interned into tables, deals as positional arrays.

use super::activities;
use super::pack::{base36, pack_codes, pack_id};
use super::{STORE_FORMAT, STORE_VERSION};
use crate::format::schema::EncodeError;
use crate::kpi::index::FxMap;
use crate::model::{
    default_deal_types, default_kinds, Activity, ActivityKind, ActivityKindDef, CallOutcome,
    Dataset, Deal, DealId, DealType, Direction, Goal, Language, NextStep, Owner, PastLoss,
    SavedView, Settings, SetupStamps, Source, Stage, Tombstone, TrafficEntry,
};
use crate::money::Currency;
use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};
use std::fmt::Write as _;

/// Ids to table positions (Fx-hashed: a save looks up every deal's and activity's ids).
pub(super) type Index<'a> = FxMap<&'a str, u32>;

/// [`try_encode`] for benchmarks and tests, where a failure is impossible in practice and an
/// empty text is harmless; storage writes only through [`try_encode`].
pub fn encode(ds: &Dataset) -> String {
    try_encode(ds).unwrap_or_default()
}

/// Encodes a dataset for storage.
pub fn try_encode(ds: &Dataset) -> Result<String, EncodeError> {
    try_encode_with(ds, &mut EncodeCache::default())
}

/// What earlier encodes made, kept with copies of what they were made from, so that a save
/// can reuse it where nothing it depends on changed (checked by comparing, never assumed):
///
/// - the activity columns' text, with the activities, owner table, deal order and outcome and
///   kind lists it encodes: a deal edit or a setting does not encode a year of calls again;
/// - deal rows encoded ahead of the save, a slice at a time ([`EncodeCache::prepare`]), with the
///   deals and the tables their numbers point into.
#[derive(Default)]
pub struct EncodeCache {
    activities: Option<ActivitiesText>,
    rows: Option<Rows>,
    pub(super) parts: super::parts::PartsCache,
}

/// The activity columns' text and what it was made from (the activities by fingerprint: a
/// copy would cost a save that changed them as much as encoding them).
struct ActivitiesText {
    activities: u64,
    owners: Vec<String>,
    deals: Vec<DealId>,
    outcomes: Vec<CallOutcome>,
    kinds: Vec<ActivityKindDef>,
    text: String,
}

impl ActivitiesText {
    fn fits(&self, ds: &Dataset, owners: &[&str]) -> bool {
        self.activities == fingerprint(&ds.activities)
            && self
                .owners
                .iter()
                .map(String::as_str)
                .eq(owners.iter().copied())
            && self.deals.iter().eq(ds.deals.iter().map(|d| &d.id))
            && self.outcomes == ds.call_outcomes
            && self.kinds == ds.activity_kinds
    }
}

/// Deal rows encoded ahead: copies of what they were made from, how many are done, and the
/// array's text so far.
struct Rows {
    /// The running [`deal_fingerprint`] of the deals encoded so far (a copy cost a save 7 ms
    /// natively at 10,000 deals to compare; the fingerprint ~1 ms).
    deals: u64,
    tables: TablesKey,
    done: usize,
    text: String,
}

/// What a deal row's numbers point into: the tables, the currency and the two epochs.
#[derive(PartialEq)]
pub(super) struct TablesKey {
    lists: [Vec<String>; 6],
    currencies: Vec<Currency>,
    display: Currency,
    day0: i32,
    t0: i64,
}

impl TablesKey {
    pub(super) fn of(t: &Tables<'_>) -> TablesKey {
        let own = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        TablesKey {
            lists: [
                own(&t.stages),
                own(&t.sources),
                own(&t.owners),
                own(&t.types),
                own(&t.companies),
                own(&t.reasons),
            ],
            currencies: t.currencies.clone(),
            display: t.display,
            day0: t.day0,
            t0: t.t0,
        }
    }

    fn fits(&self, t: &Tables<'_>) -> bool {
        let lists = [
            &t.stages,
            &t.sources,
            &t.owners,
            &t.types,
            &t.companies,
            &t.reasons,
        ];
        self.lists
            .iter()
            .zip(lists)
            .all(|(mine, theirs)| mine.iter().map(String::as_str).eq(theirs.iter().copied()))
            && self.currencies == t.currencies
            && self.display == t.display
            && self.day0 == t.day0
            && self.t0 == t.t0
    }
}

impl EncodeCache {
    /// Does a slice of the encoding ahead of the save, so that no task does it all: the activity
    /// columns when they changed (one slice), then up to `slice` deal rows per call; true when
    /// all is done. A later [`try_encode_with`] uses what fits the data as it is then, so a
    /// change between slices costs time, never correctness.
    pub fn prepare(&mut self, ds: &Dataset, slice: usize) -> Result<bool, EncodeError> {
        self.prepare_rows(ds, slice, &Tables::of(ds))
    }

    /// Encodes the next `slice` deal rows ahead of the save with `tables` (those of `ds`, or
    /// of `ds` when its first rows were: [`EncodeCache::take_rows`] checks); true when all are.
    pub(super) fn prepare_rows(
        &mut self,
        ds: &Dataset,
        slice: usize,
        tables: &Tables<'_>,
    ) -> Result<bool, EncodeError> {
        let fresh_start = match &self.rows {
            Some(rows) => rows.done > ds.deals.len(),
            None => true,
        };
        if fresh_start {
            // The activities first (checked once per save here; the save checks again).
            if self.parts.whole
                && !ds.activities.is_empty()
                && !self
                    .activities
                    .as_ref()
                    .is_some_and(|a| a.fits(ds, &tables.owners))
            {
                self.activities = Some(encode_activities(ds, tables)?);
            }
            self.rows = Some(Rows {
                deals: FP_START,
                tables: TablesKey::of(tables),
                done: 0,
                text: String::from("["),
            });
        }
        let Some(rows) = self.rows.as_mut() else {
            return Ok(false);
        };
        let end = rows.done.saturating_add(slice.max(1)).min(ds.deals.len());
        let mut bytes = std::mem::take(&mut rows.text).into_bytes();
        let mut events = String::new();
        for deal in &ds.deals[rows.done..end] {
            if bytes.len() > 1 {
                bytes.push(b',');
            }
            events.clear();
            encode_events(deal, &tables.stage_index, &mut events);
            serde_json::to_writer(
                &mut bytes,
                &DealOut {
                    deal,
                    tables,
                    events: &events,
                },
            )?;
        }
        rows.deals = ds.deals[rows.done..end]
            .iter()
            .fold(rows.deals, deal_fingerprint);
        // serde_json writes UTF-8 only.
        rows.text = String::from_utf8(bytes).unwrap_or_default();
        rows.done = end;
        Ok(end == ds.deals.len())
    }

    /// Deal rows encoded ahead so far.
    pub(super) fn rows_done(&self) -> usize {
        self.rows.as_ref().map_or(0, |r| r.done)
    }

    /// Forgets deal rows encoded ahead (the next save encodes every deal itself).
    pub fn forget_prepared(&mut self) {
        self.changed();
        self.rows = None;
    }

    /// The prepared rows' array text if they are complete and made from `ds` as it is now.
    fn take_rows(&mut self, ds: &Dataset, tables: &Tables<'_>) -> Option<String> {
        let rows = self.rows.take()?;
        (rows.done == ds.deals.len()
            && rows.deals == ds.deals.iter().fold(FP_START, deal_fingerprint)
            && rows.tables.fits(tables))
        .then(|| {
            let mut text = rows.text;
            text.push(']');
            text
        })
    }
}

/// Where [`deal_fingerprint`]'s running hash starts.
const FP_START: u64 = 0x2545_f491_4f6c_dd1d;

/// `h` mixed with every field of `deal`: the struct is taken apart without `..`, so a field added
/// to deals does not compile until it is mixed in here too (prepared rows must never hide one).
pub(super) fn deal_fingerprint(h: u64, deal: &Deal) -> u64 {
    let Deal {
        id,
        title,
        company,
        contact,
        phone,
        email,
        source,
        owner,
        deal_type,
        value,
        first_contact,
        expected_close,
        lost_reason,
        lost_note,
        notes,
        events,
        arrived,
        updated_at,
    } = deal;
    let mut h = fp_text(h, &id.0);
    for s in [title, company, contact, phone, email, lost_note, notes] {
        h = fp_text(h, s);
    }
    for s in [
        source.as_ref().map(|x| x.0.as_str()),
        owner.as_ref().map(|x| x.0.as_str()),
        deal_type.as_ref().map(|x| x.0.as_str()),
        lost_reason.as_deref(),
    ] {
        h = fp_optional(h, s);
    }
    h = fp_mix(h, value.minor as u64);
    h = fp_text(h, value.currency.code());
    h = fp_mix(h, first_contact.days() as u64);
    h = fp_mix(h, expected_close.map_or(u64::MAX, |d| d.days() as u64));
    h = fp_mix(h, arrived.map_or(u64::MAX, |a| a.minutes() as u64));
    h = fp_mix(h, updated_at.0 as u64);
    h = fp_mix(h, events.len() as u64);
    for e in events {
        h = fp_text(h, &e.stage.0);
        h = fp_mix(h, e.date.days() as u64);
    }
    h
}

/// Multiply-rotate mixing of one word (as rustc's FxHasher), for the fingerprints.
pub(super) fn fp_mix(h: u64, word: u64) -> u64 {
    (h.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// `h` mixed with a text's length and its bytes, a whole word at a time.
pub(super) fn fp_text(mut h: u64, s: &str) -> u64 {
    let bytes = s.as_bytes();
    h = fp_mix(h, bytes.len() as u64);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = fp_mix(
            h,
            u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]),
        );
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    fp_mix(h, u64::from_le_bytes(last))
}

/// `h` mixed with an optional text (none and empty differ).
fn fp_optional(h: u64, s: Option<&str>) -> u64 {
    match s {
        Some(s) => fp_text(fp_mix(h, 1), s),
        None => fp_mix(h, 0),
    }
}

/// A 64-bit fingerprint of every field of every activity, in order (multiply-rotate mixing of
/// whole words, as rustc's FxHasher): about a tenth of comparing with a copy.
pub(super) fn fingerprint(list: &[Activity]) -> u64 {
    let mut h = fp_mix(0, list.len() as u64);
    for a in list {
        h = fp_mix(h, a.updated_at.0 as u64);
        h = fp_mix(h, a.at.minutes() as u64);
        let kind = ActivityKind::ALL
            .iter()
            .position(|k| *k == a.kind)
            .unwrap_or(0) as u64;
        let inbound = u64::from(a.direction == Direction::Inbound);
        h = fp_mix(h, u64::from(a.seconds) | kind << 32 | inbound << 40);
        h = fp_text(h, &a.id.0);
        h = fp_optional(h, a.kind_id.as_ref().map(|k| k.0.as_str()));
        h = fp_optional(h, a.owner.as_ref().map(|o| o.0.as_str()));
        h = fp_optional(h, a.deal.as_ref().map(|d| d.0.as_str()));
        h = fp_optional(h, a.outcome.as_ref().map(|o| o.0.as_str()));
        h = fp_text(h, &a.phone);
        h = fp_text(h, &a.note);
    }
    h
}

/// The activity columns' text, and what it is made from.
fn encode_activities(ds: &Dataset, tables: &Tables<'_>) -> Result<ActivitiesText, EncodeError> {
    let positions = activities::Positions {
        owners: &tables.owner_index,
        deals: ds
            .deals
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i as u32))
            .collect(),
        outcomes: &ds.call_outcomes,
        kinds: &ds.activity_kinds,
    };
    Ok(ActivitiesText {
        text: serde_json::to_string(&activities::encode(&ds.activities, &positions))?,
        activities: fingerprint(&ds.activities),
        owners: tables.owners.iter().map(|s| s.to_string()).collect(),
        deals: ds.deals.iter().map(|d| d.id.clone()).collect(),
        outcomes: ds.call_outcomes.clone(),
        kinds: ds.activity_kinds.clone(),
    })
}

/// [`try_encode`] reusing what `cache` kept of earlier encodes (and keeping this one's).
pub fn try_encode_with(ds: &Dataset, cache: &mut EncodeCache) -> Result<String, EncodeError> {
    let tables = Tables::of(ds);
    encode_main(ds, cache, &tables, None)
}

/// Where the activities went when they are stored in parts of their own ([`super::parts`]).
pub(super) struct MainParts {
    /// Each part's key and number of activities, in order.
    pub list: Vec<(String, usize)>,
    /// Each deal's slot in deal order, when the slots are not simply the deal order.
    pub slots: Option<String>,
    /// Slots of deals no longer in the list that parts may still refer to, with their ids.
    pub gone: Vec<(u32, String)>,
}

/// The main text: everything but the activities when `parts` holds them, else all of it.
pub(super) fn encode_main(
    ds: &Dataset,
    cache: &mut EncodeCache,
    tables: &Tables<'_>,
    parts: Option<&MainParts>,
) -> Result<String, EncodeError> {
    let rows = cache.take_rows(ds, tables);
    let inline = parts.is_none() && !ds.activities.is_empty();
    if !inline {
        cache.activities = None;
    } else if !cache
        .activities
        .as_ref()
        .is_some_and(|a| a.fits(ds, &tables.owners))
    {
        cache.activities = Some(encode_activities(ds, tables)?);
    }
    let out = Out {
        format: STORE_FORMAT,
        store: if parts.is_some() {
            super::PARTS_VERSION
        } else {
            STORE_VERSION
        },
        activity_parts: parts.map(|p| &p.list[..]),
        deal_slots: parts.and_then(|p| p.slots.as_deref()),
        gone_slots: parts.map_or(&[][..], |p| &p.gone[..]),
        schema_version: ds.schema_version,
        settings: &ds.settings,
        stages: &ds.stages,
        sources: &ds.sources,
        owners: &ds.owners,
        traffic: &ds.traffic,
        goals: &ds.goals,
        extra_stages: &tables.stages[ds.stages.len()..],
        extra_sources: &tables.sources[ds.sources.len()..],
        extra_owners: &tables.owners[ds.owners.len()..],
        extra_types: &tables.types[ds.deal_types.len()..],
        currencies: &tables.currencies,
        companies: &tables.companies,
        reasons: &tables.reasons,
        day0: tables.day0,
        t0: tables.t0,
        tombstones: TombstonesOut(&ds.tombstones),
        setup_stamps: &ds.setup_stamps,
        past_losses: &ds.past_losses,
        call_outcomes: &ds.call_outcomes,
        activity_kinds: (ds.activity_kinds != default_kinds()).then_some(&ds.activity_kinds[..]),
        next_steps: &ds.next_steps,
        activities: inline.then_some(ACTIVITIES_MARK),
        phones: column(&ds.deals, |d| &d.phone),
        emails: column(&ds.deals, |d| &d.email),
        types: ds.deals.iter().any(|d| d.deal_type.is_some()).then(|| {
            let codes: Vec<u32> = ds
                .deals
                .iter()
                .map(|d| {
                    Tables::optional(&tables.type_index, d.deal_type.as_ref().map(|t| t.as_str()))
                })
                .collect();
            pack_codes(&codes, tables.types.len() as u32 + 1)
        }),
        deal_types: DealTypesOut(&ds.deal_types, ds.settings.language),
        views: &ds.views,
        deals: match &rows {
            Some(_) => DealsField::Mark,
            None => DealsField::Rows(DealsOut(&ds.deals, tables)),
        },
    };
    // Each mark is replaced where it was written (the field's place in the object); no text
    // of the data can contain one as written (serde_json escapes quotes and control characters).
    let mut text = serde_json::to_string(&out)?;
    if let Some(rows) = rows {
        let mark = concat!("\"deals\":\"", "\\u0002", "\"");
        text = splice(&text, mark, "\"deals\":", &rows)?;
    }
    if inline {
        let mark = concat!("\"activities\":\"", "\\u0001", "\"");
        let columns = cache.activities.as_ref().map_or("", |a| a.text.as_str());
        text = splice(&text, mark, "\"activities\":", columns)?;
    }
    Ok(text)
}

/// `text` with its first `mark` replaced by `field` and `value`.
fn splice(text: &str, mark: &str, field: &str, value: &str) -> Result<String, EncodeError> {
    let at = text.find(mark).ok_or_else(|| {
        EncodeError::from(<serde_json::Error as serde::ser::Error>::custom(
            "a field's mark is missing",
        ))
    })?;
    let mut spliced = String::with_capacity(text.len() + value.len());
    spliced.push_str(&text[..at]);
    spliced.push_str(field);
    spliced.push_str(value);
    spliced.push_str(&text[at + mark.len()..]);
    Ok(spliced)
}

/// Written in the activities' place, then replaced by their columns.
const ACTIVITIES_MARK: &str = "\u{1}";

/// Interned ids: the dataset's own lists first, then any id a deal uses that they lack (an
/// imported deal may name an owner that is not in the list yet), so nothing is lost.
pub(super) struct Tables<'a> {
    stages: Vec<&'a str>,
    sources: Vec<&'a str>,
    pub(super) owners: Vec<&'a str>,
    types: Vec<&'a str>,
    companies: Vec<&'a str>,
    reasons: Vec<&'a str>,
    currencies: Vec<Currency>,
    display: Currency,
    /// Day numbers count from the earliest first contact, timestamps back from the latest edit:
    /// both then take a few digits instead of five and eight.
    day0: i32,
    t0: i64,
    stage_index: Index<'a>,
    source_index: Index<'a>,
    pub(super) owner_index: Index<'a>,
    type_index: Index<'a>,
    company_index: Index<'a>,
    reason_index: Index<'a>,
}

fn intern<'a>(list: &mut Vec<&'a str>, index: &mut Index<'a>, id: &'a str) -> u32 {
    *index.entry(id).or_insert_with(|| {
        list.push(id);
        (list.len() - 1) as u32
    })
}

impl<'a> Tables<'a> {
    /// The tables `key` was made from, without looking at the deals and activities again (a
    /// save planned in slices looks once: the data does not change until it is written).
    pub(super) fn from_key(key: &'a TablesKey) -> Tables<'a> {
        let table = |list: &'a [String]| -> (Vec<&'a str>, Index<'a>) {
            let list: Vec<&str> = list.iter().map(String::as_str).collect();
            let index = list
                .iter()
                .enumerate()
                .map(|(i, s)| (*s, i as u32))
                .collect();
            (list, index)
        };
        let [stages, sources, owners, types, companies, reasons] = &key.lists;
        let (stages, stage_index) = table(stages);
        let (sources, source_index) = table(sources);
        let (owners, owner_index) = table(owners);
        let (types, type_index) = table(types);
        let (companies, company_index) = table(companies);
        let (reasons, reason_index) = table(reasons);
        Tables {
            stages,
            sources,
            owners,
            types,
            companies,
            reasons,
            currencies: key.currencies.clone(),
            display: key.display,
            day0: key.day0,
            t0: key.t0,
            stage_index,
            source_index,
            owner_index,
            type_index,
            company_index,
            reason_index,
        }
    }

    /// The tables of `ds`.
    pub(super) fn of(ds: &'a Dataset) -> Tables<'a> {
        let mut t = Tables {
            stages: Vec::new(),
            sources: Vec::new(),
            owners: Vec::new(),
            types: Vec::new(),
            companies: Vec::new(),
            reasons: Vec::new(),
            currencies: Vec::new(),
            display: ds.settings.display_currency,
            day0: ds
                .deals
                .iter()
                .map(|d| d.first_contact.days())
                .min()
                .unwrap_or(0),
            t0: ds.deals.iter().map(|d| d.updated_at.0).max().unwrap_or(0),
            stage_index: Index::default(),
            source_index: Index::default(),
            owner_index: Index::default(),
            type_index: Index::default(),
            company_index: Index::default(),
            reason_index: Index::default(),
        };
        for s in &ds.stages {
            intern(&mut t.stages, &mut t.stage_index, &s.id.0);
        }
        for s in &ds.sources {
            intern(&mut t.sources, &mut t.source_index, &s.id.0);
        }
        for o in &ds.owners {
            intern(&mut t.owners, &mut t.owner_index, &o.id.0);
        }
        for k in &ds.deal_types {
            intern(&mut t.types, &mut t.type_index, &k.id.0);
        }
        for d in &ds.deals {
            for e in &d.events {
                intern(&mut t.stages, &mut t.stage_index, &e.stage.0);
            }
            if let Some(s) = &d.source {
                intern(&mut t.sources, &mut t.source_index, &s.0);
            }
            if let Some(o) = &d.owner {
                intern(&mut t.owners, &mut t.owner_index, &o.0);
            }
            if let Some(k) = &d.deal_type {
                intern(&mut t.types, &mut t.type_index, &k.0);
            }
            if !d.company.is_empty() {
                intern(&mut t.companies, &mut t.company_index, &d.company);
            }
            if let Some(r) = &d.lost_reason {
                intern(&mut t.reasons, &mut t.reason_index, r);
            }
            let c = d.value.currency;
            if c != t.display && !t.currencies.contains(&c) {
                t.currencies.push(c);
            }
        }
        // Calls come in runs by the same rep: one lookup per run.
        let mut last: Option<&str> = None;
        for a in &ds.activities {
            if let Some(o) = &a.owner {
                if last != Some(o.0.as_str()) {
                    intern(&mut t.owners, &mut t.owner_index, &o.0);
                    last = Some(&o.0);
                }
            }
        }
        t
    }

    /// 0 for none, else the table position + 1.
    fn optional(index: &Index<'_>, id: Option<&str>) -> u32 {
        id.and_then(|id| index.get(id)).map_or(0, |i| i + 1)
    }

    fn currency(&self, c: Currency) -> u32 {
        if c == self.display {
            return 0;
        }
        self.currencies
            .iter()
            .position(|x| *x == c)
            .map_or(0, |i| i as u32 + 1)
    }
}

#[derive(Serialize)]
struct Out<'a> {
    format: &'static str,
    store: u32,
    schema_version: u32,
    settings: &'a Settings,
    stages: &'a [Stage],
    sources: &'a [Source],
    owners: &'a [Owner],
    /// Left out when it is the default list of the data's language (what most stores hold).
    #[serde(skip_serializing_if = "DealTypesOut::is_default")]
    deal_types: DealTypesOut<'a>,
    traffic: &'a [TrafficEntry],
    goals: &'a [Goal],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    extra_stages: &'a [&'a str],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    extra_sources: &'a [&'a str],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    extra_owners: &'a [&'a str],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    extra_types: &'a [&'a str],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    currencies: &'a [Currency],
    companies: &'a [&'a str],
    reasons: &'a [&'a str],
    day0: i32,
    t0: i64,
    tombstones: TombstonesOut<'a>,
    #[serde(skip_serializing_if = "SetupStamps::is_empty")]
    setup_stamps: &'a SetupStamps,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    past_losses: &'a [PastLoss],
    call_outcomes: &'a [CallOutcome],
    /// The kind list when it is not the five built-ins as they come.
    #[serde(skip_serializing_if = "Option::is_none")]
    activity_kinds: Option<&'a [ActivityKindDef]>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    next_steps: &'a [NextStep],
    #[serde(skip_serializing_if = "Option::is_none")]
    activities: Option<&'static str>,
    /// The keys the activities are stored under (store version 3), instead of `activities`.
    #[serde(skip_serializing_if = "Option::is_none")]
    activity_parts: Option<&'a [(String, usize)]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deal_slots: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    gone_slots: &'a [(u32, String)],
    #[serde(skip_serializing_if = "Option::is_none")]
    phones: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    emails: Option<Vec<&'a str>>,
    /// Each deal's type (0: none, else the position in the type table + 1), packed several to a
    /// character ([`pack_codes`]: three a character with up to three types), or nothing when no
    /// deal has one (a column, like `phones`).
    #[serde(skip_serializing_if = "Option::is_none")]
    types: Option<String>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    views: &'a [SavedView],
    deals: DealsField<'a>,
}

/// The deals as rows, or the mark their rows encoded ahead replace.
enum DealsField<'a> {
    Rows(DealsOut<'a>),
    Mark,
}

impl Serialize for DealsField<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            DealsField::Rows(rows) => rows.serialize(s),
            DealsField::Mark => s.serialize_str(DEALS_MARK),
        }
    }
}

/// Written in the deals' place when their rows were encoded ahead, then replaced by them.
const DEALS_MARK: &str = "\u{2}";

/// One text per deal, in deal order, or nothing when every deal's is empty: a column beside the
/// deal arrays rather than a trailing field of each, which would force every optional field
/// before it to be written (and keeps stores from before contact details byte-identical).
fn column(deals: &[Deal], get: fn(&Deal) -> &String) -> Option<Vec<&str>> {
    deals
        .iter()
        .any(|d| !get(d).is_empty())
        .then(|| deals.iter().map(|d| get(d).as_str()).collect())
}

/// The deal types, and the language whose default list need not be written.
struct DealTypesOut<'a>(&'a [DealType], Language);

impl DealTypesOut<'_> {
    fn is_default(&self) -> bool {
        self.0 == default_deal_types(self.1).as_slice()
    }
}

impl Serialize for DealTypesOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

struct TombstonesOut<'a>(&'a [Tombstone]);

impl Serialize for TombstonesOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.0
                .iter()
                .map(|t| (pack_id(&t.id), base36(t.deleted_at.0))),
        )
    }
}

struct DealsOut<'a>(&'a [Deal], &'a Tables<'a>);

impl Serialize for DealsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        // One buffer for every deal's event string.
        let mut events = String::new();
        for deal in self.0 {
            events.clear();
            encode_events(deal, &self.1.stage_index, &mut events);
            seq.serialize_element(&DealOut {
                deal,
                tables: self.1,
                events: &events,
            })?;
        }
        seq.end()
    }
}

/// Arrival codes per first-contact day in a stored deal's `first` (store version 2): none, or
/// one of the day's 1,440 minutes.
pub(super) const ARRIVAL_CODES: i64 = 1441;

struct DealOut<'a> {
    deal: &'a Deal,
    tables: &'a Tables<'a>,
    events: &'a str,
}

impl Serialize for DealOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.deal;
        let t = self.tables;
        let source = Tables::optional(&t.source_index, d.source.as_ref().map(|x| x.0.as_str()));
        let owner = Tables::optional(&t.owner_index, d.owner.as_ref().map(|x| x.0.as_str()));
        let close = d.expected_close.map(|c| d.first_contact.days_until(c));
        let currency = t.currency(d.value.currency);
        let company = if d.company.is_empty() {
            0
        } else {
            Tables::optional(&t.company_index, Some(&d.company))
        };
        let reason = Tables::optional(&t.reason_index, d.lost_reason.as_deref());
        // The arrival minute rides on the first-contact day number (day × 1441 + minute + 1, 0
        // for none): a few digits instead of a trailing field that would force every optional
        // field before it to be written. An arrival on another day (imported data) goes last.
        let day = i64::from(d.first_contact.days() - t.day0);
        let (first, arrived) = match d.arrived.map(|a| {
            a.minutes() - i64::from(d.first_contact.days()) * crate::model::MINUTES_PER_DAY
        }) {
            Some(m) if (0..ARRIVAL_CODES - 1).contains(&m) => (day * ARRIVAL_CODES + m + 1, None),
            other => (day * ARRIVAL_CODES, other),
        };
        // Fields after `updated` are left out from the last one that is not at its default.
        let tail = [
            company != 0,
            reason != 0,
            close.is_some(),
            !d.contact.is_empty(),
            currency != 0,
            !d.notes.is_empty(),
            !d.lost_note.is_empty(),
            arrived.is_some(),
        ];
        let kept = tail.iter().rposition(|x| *x).map_or(0, |i| i + 1);
        let mut seq = s.serialize_seq(Some(8 + kept))?;
        seq.serialize_element(&pack_id(&d.id.0))?;
        seq.serialize_element(&d.title)?;
        seq.serialize_element(self.events)?;
        seq.serialize_element(&first)?;
        seq.serialize_element(&d.value.minor)?;
        seq.serialize_element(&source)?;
        seq.serialize_element(&owner)?;
        seq.serialize_element(&base36(t.t0.wrapping_sub(d.updated_at.0)))?;
        if kept > 0 {
            seq.serialize_element(&company)?;
        }
        if kept > 1 {
            seq.serialize_element(&reason)?;
        }
        if kept > 2 {
            seq.serialize_element(&close)?;
        }
        if kept > 3 {
            seq.serialize_element(&d.contact)?;
        }
        if kept > 4 {
            seq.serialize_element(&currency)?;
        }
        if kept > 5 {
            seq.serialize_element(&d.notes)?;
        }
        if kept > 6 {
            seq.serialize_element(&d.lost_note)?;
        }
        if kept > 7 {
            seq.serialize_element(&arrived)?;
        }
        seq.end()
    }
}

pub(super) fn encode_events(deal: &Deal, index: &Index<'_>, out: &mut String) {
    let mut previous = deal.first_contact;
    for e in &deal.events {
        // Every event stage was interned by `Tables::of`.
        push_letters(index.get(e.stage.0.as_str()).copied().unwrap_or(0), out);
        let gap = previous.days_until(e.date);
        if gap != 0 {
            let _ = write!(out, "{gap}");
        }
        previous = e.date;
    }
}

/// Stage index as letters: uppercase high digits (bijective base 26), one lowercase low digit.
fn push_letters(index: u32, out: &mut String) {
    let mut high = index / 26;
    let mut digits = Vec::new();
    while high > 0 {
        high -= 1;
        digits.push(char::from(b'A' + (high % 26) as u8));
        high /= 26;
    }
    out.extend(digits.iter().rev());
    out.push(char::from(b'a' + (index % 26) as u8));
}
