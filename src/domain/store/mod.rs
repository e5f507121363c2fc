//! The compact form of the dataset kept in the browser's storage.
//!
//! Browsers give a page about 5 M UTF-16 characters of localStorage (plan on 2.5 M to be safe in
//! every browser). The readable export JSON spends ~420 characters on a deal; this form spends
//! ~110, so a team's 20,000 deals fit. Exports and imports stay the readable, versioned JSON of
//! [`super::schema`]; only what localStorage holds is compact, and it carries its own version.
//!
//! How: a deal is a positional array with trailing defaults left out; stage, source, owner and
//! currency are indexes into tables written once; dates are day numbers, stage events a short
//! string of stage letters and day offsets (`"ab3c12"`: stage 0 on the first-contact day, stage 1
//! three days later, stage 2 twelve days after that); UUIDs are 22 base64 characters;
//! timestamps are base-36.

use super::date::{Date, Timestamp};
use super::model::{
    Dataset, Deal, DealId, Goal, Owner, OwnerId, PastLoss, Settings, SetupStamps, Source, SourceId,
    Stage, StageEvent, StageId, Tombstone, TrafficEntry, FORMAT,
};
use super::money::{Currency, Money};
use super::schema::{self, EncodeError, LoadError, RecordProblem, Skipped};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;

/// The `format` of stored text in this form; every encoded store starts with it.
pub const STORE_FORMAT: &str = "kariz-store";
/// Version of this encoding; stored text of a newer one is refused like a newer schema.
pub const STORE_VERSION: u32 = 1;

/// Characters of storage Kariz plans on: Chromium allows 5,242,880 UTF-16 characters per site,
/// Safari and Firefox 5 MB, which is about 2.5 M characters — the budget that holds everywhere.
pub const STORAGE_BUDGET_CHARS: usize = 2_500_000;

/// Share of the budget at which the app warns that storage is filling up.
pub const WARN_SHARE: f64 = 0.8;

/// How full storage is, for the meter in Settings and the warning banner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Capacity {
    /// Characters stored now.
    pub used: usize,
    /// The budget ([`STORAGE_BUDGET_CHARS`]).
    pub budget: usize,
    /// `used / budget` (may pass 1 in browsers that allow more).
    pub share: f64,
    /// Whether the share reached [`WARN_SHARE`].
    pub warn: bool,
    /// About how many more deals fit, at this data's characters per deal (none without deals).
    pub room_for_deals: Option<usize>,
}

/// How full storage is with `used` characters holding `deals` deals.
pub fn capacity(used: usize, deals: usize) -> Capacity {
    let budget = STORAGE_BUDGET_CHARS;
    let share = used as f64 / budget as f64;
    let room_for_deals = (deals > 0).then(|| {
        let per_deal = (used as f64 / deals as f64).max(1.0);
        (budget.saturating_sub(used) as f64 / per_deal) as usize
    });
    Capacity {
        used,
        budget,
        share,
        warn: share >= WARN_SHARE,
        room_for_deals,
    }
}

const PREFIX: &str = "{\"format\":\"kariz-store\"";

/// Whether `text` is in this compact form (rather than the readable JSON older Kariz stored).
pub fn is_compact(text: &str) -> bool {
    text.starts_with(PREFIX)
}

/// [`try_encode`] for benchmarks and tests, where a failure is impossible in practice and an
/// empty text is harmless; storage writes only through [`try_encode`].
pub fn encode(ds: &Dataset) -> String {
    try_encode(ds).unwrap_or_default()
}

/// Encodes a dataset for storage.
pub fn try_encode(ds: &Dataset) -> Result<String, EncodeError> {
    let tables = Tables::of(ds);
    let out = Out {
        format: STORE_FORMAT,
        store: STORE_VERSION,
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
        currencies: &tables.currencies,
        companies: &tables.companies,
        reasons: &tables.reasons,
        day0: tables.day0,
        t0: tables.t0,
        tombstones: TombstonesOut(&ds.tombstones),
        setup_stamps: &ds.setup_stamps,
        past_losses: &ds.past_losses,
        deals: DealsOut(&ds.deals, &tables),
    };
    Ok(serde_json::to_string(&out)?)
}

/// Reads stored text: the compact form, or the readable JSON of any supported schema version
/// (what Kariz stored before this form existed, or an export pasted into storage).
pub fn decode(text: &str) -> Result<Dataset, LoadError> {
    if !is_compact(text) {
        return schema::load_json(text);
    }
    let stored = parse(text)?;
    let (ds, problems) = stored.into_dataset();
    if let Some(first) = problems.first() {
        return Err(LoadError::Invalid(format!(
            "deal {} (row {}): {}",
            first.id, first.row, first.reason
        )));
    }
    schema::check_integrity(&ds)?;
    Ok(ds)
}

/// Reads stored text keeping every record that reads and listing the others (the "repair"
/// offered when stored data is damaged); only text that is not a dataset at all is refused.
pub fn decode_for_repair(text: &str) -> Result<(Dataset, Vec<Skipped>), LoadError> {
    if !is_compact(text) {
        return schema::load_for_import(text);
    }
    let stored = parse(text)?;
    let (mut ds, mut skipped) = stored.into_dataset();
    let deals = std::mem::take(&mut ds.deals);
    for (i, deal) in deals.into_iter().enumerate() {
        match schema::deal_problem(&ds, &deal) {
            Some(reason) => skipped.push(Skipped {
                list: "deals",
                row: i + 1,
                id: deal.id.0,
                reason,
            }),
            None => ds.deals.push(deal),
        }
    }
    super::sort::sort_by(&mut skipped, |a, b| a.row.cmp(&b.row));
    Ok((ds, skipped))
}

fn parse(text: &str) -> Result<In, LoadError> {
    match serde_json::from_str::<In>(text) {
        Ok(stored) => {
            check_versions(stored.store, stored.schema_version)?;
            Ok(stored)
        }
        Err(e) => {
            // A newer encoding may not parse as this one: say "newer" rather than "invalid".
            if let Ok(header) = serde_json::from_str::<Header>(text) {
                check_versions(header.store, header.schema_version)?;
            }
            Err(if e.is_data() {
                LoadError::Invalid(e.to_string())
            } else {
                LoadError::NotJson(e.to_string())
            })
        }
    }
}

fn check_versions(store: u64, schema: u64) -> Result<(), LoadError> {
    let supported = super::model::SCHEMA_VERSION;
    if store > u64::from(STORE_VERSION) || schema > u64::from(supported) {
        return Err(LoadError::TooNew {
            found: schema.max(store),
            supported,
        });
    }
    if store == 0 || schema != u64::from(supported) {
        // Older schemas are only ever stored in the readable form, which migrates them.
        return Err(LoadError::BadVersion(format!(
            "store {store}, schema {schema}"
        )));
    }
    Ok(())
}

#[derive(Deserialize)]
struct Header {
    store: u64,
    schema_version: u64,
}

/// Interned ids: the dataset's own lists first, then any id a deal uses that they lack (an
/// imported deal may name an owner that is not in the list yet), so nothing is lost.
struct Tables<'a> {
    stages: Vec<&'a str>,
    sources: Vec<&'a str>,
    owners: Vec<&'a str>,
    companies: Vec<&'a str>,
    reasons: Vec<&'a str>,
    currencies: Vec<Currency>,
    display: Currency,
    /// Day numbers count from the earliest first contact, timestamps back from the latest edit:
    /// both then take a few digits instead of five and eight.
    day0: i32,
    t0: i64,
    stage_index: HashMap<&'a str, u32>,
    source_index: HashMap<&'a str, u32>,
    owner_index: HashMap<&'a str, u32>,
    company_index: HashMap<&'a str, u32>,
    reason_index: HashMap<&'a str, u32>,
}

fn intern<'a>(list: &mut Vec<&'a str>, index: &mut HashMap<&'a str, u32>, id: &'a str) -> u32 {
    *index.entry(id).or_insert_with(|| {
        list.push(id);
        (list.len() - 1) as u32
    })
}

impl<'a> Tables<'a> {
    fn of(ds: &'a Dataset) -> Tables<'a> {
        let mut t = Tables {
            stages: Vec::new(),
            sources: Vec::new(),
            owners: Vec::new(),
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
            stage_index: HashMap::new(),
            source_index: HashMap::new(),
            owner_index: HashMap::new(),
            company_index: HashMap::new(),
            reason_index: HashMap::new(),
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
        t
    }

    /// 0 for none, else the table position + 1.
    fn optional(index: &HashMap<&str, u32>, id: Option<&str>) -> u32 {
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
    traffic: &'a [TrafficEntry],
    goals: &'a [Goal],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    extra_stages: &'a [&'a str],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    extra_sources: &'a [&'a str],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    extra_owners: &'a [&'a str],
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
    deals: DealsOut<'a>,
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
        // Fields after `updated` are left out from the last one that is not at its default.
        let tail = [
            company != 0,
            reason != 0,
            close.is_some(),
            !d.contact.is_empty(),
            currency != 0,
            !d.notes.is_empty(),
            !d.lost_note.is_empty(),
        ];
        let kept = tail.iter().rposition(|x| *x).map_or(0, |i| i + 1);
        let mut seq = s.serialize_seq(Some(8 + kept))?;
        seq.serialize_element(&pack_id(&d.id.0))?;
        seq.serialize_element(&d.title)?;
        seq.serialize_element(self.events)?;
        seq.serialize_element(&(d.first_contact.days() - t.day0))?;
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
        seq.end()
    }
}

#[derive(Deserialize)]
struct In {
    store: u64,
    schema_version: u64,
    settings: Settings,
    stages: Vec<Stage>,
    sources: Vec<Source>,
    owners: Vec<Owner>,
    #[serde(default)]
    traffic: Vec<TrafficEntry>,
    #[serde(default)]
    goals: Vec<Goal>,
    #[serde(default)]
    extra_stages: Vec<String>,
    #[serde(default)]
    extra_sources: Vec<String>,
    #[serde(default)]
    extra_owners: Vec<String>,
    #[serde(default)]
    currencies: Vec<Currency>,
    #[serde(default)]
    companies: Vec<String>,
    #[serde(default)]
    reasons: Vec<String>,
    #[serde(default)]
    day0: i32,
    #[serde(default)]
    t0: i64,
    #[serde(default)]
    tombstones: Vec<(String, String)>,
    #[serde(default)]
    setup_stamps: SetupStamps,
    #[serde(default)]
    past_losses: Vec<PastLoss>,
    #[serde(default)]
    deals: Vec<DealIn>,
}

/// A stored deal; the positions are those [`DealOut`] writes.
#[derive(Deserialize)]
struct DealIn {
    id: String,
    title: String,
    events: String,
    first: i32,
    #[serde(default)]
    value: i64,
    #[serde(default)]
    source: u32,
    #[serde(default)]
    owner: u32,
    #[serde(default)]
    updated: String,
    #[serde(default)]
    company: u32,
    #[serde(default)]
    reason: u32,
    #[serde(default)]
    close: Option<i32>,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    currency: u32,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    lost_note: String,
}

impl In {
    /// The dataset, and the deals whose fields do not decode (left out and listed).
    fn into_dataset(self) -> (Dataset, Vec<Skipped>) {
        let stage_ids = id_table(
            self.stages.iter().map(|s| &s.id),
            self.extra_stages,
            StageId,
        );
        let source_ids = id_table(
            self.sources.iter().map(|s| &s.id),
            self.extra_sources,
            SourceId,
        );
        let owner_ids = id_table(
            self.owners.iter().map(|o| &o.id),
            self.extra_owners,
            OwnerId,
        );
        let display = self.settings.display_currency;
        let mut skipped = Vec::new();
        let mut deals = Vec::with_capacity(self.deals.len());
        let tables = DecodeTables {
            stages: &stage_ids,
            sources: &source_ids,
            owners: &owner_ids,
            currencies: &self.currencies,
            companies: &self.companies,
            reasons: &self.reasons,
            display,
            day0: self.day0,
            t0: self.t0,
        };
        for (i, d) in self.deals.into_iter().enumerate() {
            let id = unpack_id(&d.id);
            match tables.deal(d, id.clone()) {
                Ok(deal) => deals.push(deal),
                Err(reason) => skipped.push(Skipped {
                    list: "deals",
                    row: i + 1,
                    id,
                    reason,
                }),
            }
        }
        let tombstones = self
            .tombstones
            .into_iter()
            .filter_map(|(id, at)| {
                Some(Tombstone {
                    id: unpack_id(&id),
                    deleted_at: Timestamp(unbase36(&at)?),
                })
            })
            .collect();
        let ds = Dataset {
            format: FORMAT.to_string(),
            schema_version: self.schema_version as u32,
            stages: self.stages,
            sources: self.sources,
            owners: self.owners,
            deals,
            traffic: self.traffic,
            goals: self.goals,
            tombstones,
            settings: self.settings,
            setup_stamps: self.setup_stamps,
            past_losses: self.past_losses,
        };
        (ds, skipped)
    }
}

/// An interned id table as [`Tables::of`] wrote it: the dataset's own ids, then the extras.
fn id_table<'a, I: Clone + 'a>(
    own: impl Iterator<Item = &'a I>,
    extra: Vec<String>,
    wrap: fn(String) -> I,
) -> Vec<I> {
    own.cloned().chain(extra.into_iter().map(wrap)).collect()
}

struct DecodeTables<'a> {
    stages: &'a [StageId],
    sources: &'a [SourceId],
    owners: &'a [OwnerId],
    currencies: &'a [Currency],
    companies: &'a [String],
    reasons: &'a [String],
    display: Currency,
    day0: i32,
    t0: i64,
}

fn unreadable(field: &str) -> RecordProblem {
    RecordProblem::Unreadable(format!("field {field}"))
}

impl DecodeTables<'_> {
    fn deal(&self, d: DealIn, id: String) -> Result<Deal, RecordProblem> {
        let first_contact = Date::from_days(self.day0.saturating_add(d.first));
        let events = decode_events(&d.events, first_contact, self.stages)?;
        let source = at(self.sources, d.source, "source")?;
        let owner = at(self.owners, d.owner, "owner")?;
        let currency = at(self.currencies, d.currency, "currency")?.unwrap_or(self.display);
        let company = at(self.companies, d.company, "company")?.unwrap_or_default();
        let lost_reason = at(self.reasons, d.reason, "lost_reason")?;
        let back = unbase36(&d.updated).ok_or_else(|| unreadable("updated_at"))?;
        let updated_at = Timestamp(self.t0.wrapping_sub(back));
        Ok(Deal {
            id: DealId(id),
            title: d.title,
            company,
            contact: d.contact,
            source,
            owner,
            value: Money {
                minor: d.value,
                currency,
            },
            first_contact,
            expected_close: d.close.map(|days| first_contact.add_days(days)),
            lost_reason,
            lost_note: d.lost_note,
            notes: d.notes,
            events,
            updated_at,
        })
    }
}

/// Entry `index - 1` of a table, `None` for 0, an error naming the field when out of range.
fn at<T: Clone>(table: &[T], index: u32, field: &str) -> Result<Option<T>, RecordProblem> {
    match index {
        0 => Ok(None),
        i => table
            .get(i as usize - 1)
            .cloned()
            .map(Some)
            .ok_or_else(|| unreadable(field)),
    }
}

fn encode_events(deal: &Deal, index: &HashMap<&str, u32>, out: &mut String) {
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

fn decode_events(
    text: &str,
    first: Date,
    stages: &[StageId],
) -> Result<Vec<StageEvent>, RecordProblem> {
    let bad = || unreadable("events");
    let bytes = text.as_bytes();
    let mut events = Vec::with_capacity(bytes.len() / 2);
    let mut date = first;
    let mut i = 0;
    while i < bytes.len() {
        let mut high: u32 = 0;
        while i < bytes.len() && bytes[i].is_ascii_uppercase() {
            high = high
                .checked_mul(26)
                .and_then(|h| h.checked_add(u32::from(bytes[i] - b'A') + 1))
                .ok_or_else(bad)?;
            i += 1;
        }
        let low = match bytes.get(i) {
            Some(c) if c.is_ascii_lowercase() => u32::from(c - b'a'),
            _ => return Err(bad()),
        };
        i += 1;
        let index = high
            .checked_mul(26)
            .and_then(|h| h.checked_add(low))
            .ok_or_else(bad)?;
        let start = i;
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i > start {
            let gap: i32 = text[start..i].parse().map_err(|_| bad())?;
            date = date.add_days(gap);
        }
        let stage = stages
            .get(index as usize)
            .cloned()
            .ok_or_else(|| RecordProblem::UnknownStage(format!("#{}", index + 1)))?;
        events.push(StageEvent { stage, date });
    }
    Ok(events)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn is_b64_uuid(s: &str) -> bool {
    s.len() == 22
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn uuid_value(id: &str) -> Option<u128> {
    let b = id.as_bytes();
    if b.len() != 36 {
        return None;
    }
    let mut v: u128 = 0;
    for (i, c) in b.iter().enumerate() {
        if matches!(i, 8 | 13 | 18 | 23) {
            if *c != b'-' {
                return None;
            }
            continue;
        }
        // Lowercase only: an uppercase UUID must come back exactly as it was written.
        let digit = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => return None,
        };
        v = (v << 4) | u128::from(digit);
    }
    Some(v)
}

/// A canonical lowercase UUID as 22 base64url characters; other ids as they are, with a `'`
/// in front when they could be mistaken for a packed UUID (or start with `'`).
fn pack_id(id: &str) -> Cow<'_, str> {
    if let Some(v) = uuid_value(id) {
        let mut out = String::with_capacity(22);
        for i in 0..21 {
            out.push(char::from(B64[((v >> (122 - 6 * i)) & 63) as usize]));
        }
        out.push(char::from(B64[((v & 3) << 4) as usize]));
        return Cow::Owned(out);
    }
    if id.starts_with('\'') || is_b64_uuid(id) {
        return Cow::Owned(format!("'{id}"));
    }
    Cow::Borrowed(id)
}

fn unpack_id(s: &str) -> String {
    if let Some(raw) = s.strip_prefix('\'') {
        return raw.to_string();
    }
    if !is_b64_uuid(s) {
        return s.to_string();
    }
    let sextet = |c: u8| B64.iter().position(|x| *x == c).unwrap_or(0) as u128;
    let bytes = s.as_bytes();
    let mut v: u128 = 0;
    for c in &bytes[..21] {
        v = (v << 6) | sextet(*c);
    }
    v = (v << 2) | (sextet(bytes[21]) >> 4);
    super::model::uuid_text(v)
}

fn base36(n: i64) -> String {
    let mut digits = Vec::new();
    let mut rest = n.unsigned_abs();
    loop {
        digits.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(rest % 36) as usize]);
        rest /= 36;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        digits.push(b'-');
    }
    digits.iter().rev().map(|b| char::from(*b)).collect()
}

fn unbase36(s: &str) -> Option<i64> {
    if s.is_empty() {
        return Some(0);
    }
    i64::from_str_radix(s, 36).ok()
}

#[cfg(test)]
mod tests;
