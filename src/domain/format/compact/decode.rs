//! Reading stored text: the compact form back into a dataset, or the readable JSON.

use super::activities;
use super::encode::ARRIVAL_CODES;
use super::is_compact;
use super::pack::{unbase36, unpack_codes, unpack_id};
use super::parts;
use crate::date::{Date, Timestamp};
use crate::format::schema::{self, LoadError, RecordProblem, Skipped};
use crate::model::{
    default_deal_types, default_kinds, default_outcomes, ActivityKindDef, CallOutcome, Dataset,
    DateTime, Deal, DealId, DealType, DealTypeId, Goal, NextStep, Owner, OwnerId, PastLoss,
    SavedView, Settings, SetupStamps, Source, SourceId, Stage, StageEvent, StageId, Tombstone,
    TrafficEntry, FORMAT, MINUTES_PER_DAY,
};
use crate::money::{Currency, Money};
use serde::Deserialize;

/// Reads stored text: the compact form, or the readable JSON of any supported schema version
/// (what Kariz stored before this form existed, or an export pasted into storage).
pub fn decode(text: &str) -> Result<Dataset, LoadError> {
    decode_with(text, &mut |_| None)
}

/// [`decode`] of a main text whose activities may be in parts: `read` gives a part's text by key.
pub fn decode_with(
    text: &str,
    read: &mut dyn FnMut(&str) -> Option<String>,
) -> Result<Dataset, LoadError> {
    decode_keyed(text, read).map(|(ds, _)| ds)
}

/// [`decode_with`], with what the parts are for the next save to reuse.
pub fn decode_keyed(
    text: &str,
    read: &mut dyn FnMut(&str) -> Option<String>,
) -> Result<(Dataset, parts::StoredParts), LoadError> {
    if !is_compact(text) {
        return Ok((schema::load_json(text)?, parts::StoredParts::default()));
    }
    let stored = parse(text)?;
    let (mut ds, problems, deferred) = stored.into_dataset_deferred(read)?;
    // Activities before the deals' problems, as [`In::into_dataset`] reads them.
    let (list, stored) = deferred.finish_parts()?;
    ds.activities = list;
    if let Some(first) = problems.first() {
        return Err(LoadError::Invalid(format!(
            "deal {} (row {}): {}",
            first.id, first.row, first.reason
        )));
    }
    schema::check_integrity(&ds)?;
    Ok((ds, stored))
}

/// Reads stored text keeping every record that reads and listing the others (the "repair"
/// offered when stored data is damaged); only text that is not a dataset at all is refused.
pub fn decode_for_repair(
    text: &str,
    read: &mut dyn FnMut(&str) -> Option<String>,
) -> Result<(Dataset, Vec<Skipped>), LoadError> {
    if !is_compact(text) {
        return schema::load_for_import(text);
    }
    let stored = parse(text)?;
    let (mut ds, mut skipped) = stored.into_dataset(read)?;
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
    crate::sort::sort_by(&mut skipped, |a, b| a.row.cmp(&b.row));
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
    let supported = crate::model::SCHEMA_VERSION;
    if store > u64::from(super::PARTS_VERSION) || schema > u64::from(supported) {
        return Err(LoadError::TooNew {
            found: schema.max(store),
            supported,
        });
    }
    if store == 0 || schema < 2 {
        // Schema 1 was only ever stored in the readable form, which migrates it; schema 2 stores
        // read as schema 3 without deal types or views (see `In::into_dataset`).
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

#[derive(Deserialize)]
struct In {
    store: u64,
    schema_version: u64,
    settings: Settings,
    stages: Vec<Stage>,
    sources: Vec<Source>,
    owners: Vec<Owner>,
    /// Absent in schema 2 stores and when it is the default list (which is then given).
    #[serde(default)]
    deal_types: Option<Vec<DealType>>,
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
    extra_types: Vec<String>,
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
    // Absent in stores written before activities (store version 1).
    #[serde(default = "english_outcomes")]
    call_outcomes: Vec<CallOutcome>,
    // Absent when it is the five built-ins (and in stores before the kind list).
    #[serde(default = "default_kinds")]
    activity_kinds: Vec<ActivityKindDef>,
    #[serde(default)]
    next_steps: Vec<NextStep>,
    #[serde(default)]
    activities: activities::Columns,
    /// Store version 3: the keys the activities are under, with how many each holds.
    #[serde(default)]
    activity_parts: Vec<(String, usize)>,
    #[serde(default)]
    deal_slots: Option<String>,
    #[serde(default)]
    gone_slots: Vec<(u32, String)>,
    /// Each deal's phone and email, in deal order (stores before them have none).
    #[serde(default)]
    phones: Vec<String>,
    #[serde(default)]
    emails: Vec<String>,
    /// Each deal's type code, packed, in deal order (stores before deal types have none).
    #[serde(default)]
    types: String,
    #[serde(default)]
    views: Vec<SavedView>,
    // Always written (even empty): a store without it is damaged, never "no deals", or the
    // next save would write the empty list over what could still be repaired by hand.
    deals: Vec<DealIn>,
}

/// A stored deal; the positions are those `encode`'s `DealOut` writes.
#[derive(Deserialize)]
struct DealIn {
    id: String,
    title: String,
    events: String,
    first: i64,
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
    #[serde(default)]
    arrived: Option<i64>,
}

fn english_outcomes() -> Vec<CallOutcome> {
    default_outcomes(false)
}

impl In {
    /// The dataset, and the deals whose fields do not decode (left out and listed); activities
    /// that do not decode make the whole store unreadable (their columns stand or fall together).
    fn into_dataset(
        self,
        read: &mut dyn FnMut(&str) -> Option<String>,
    ) -> Result<(Dataset, Vec<Skipped>), LoadError> {
        let (mut ds, skipped, deferred) = self.into_dataset_deferred(read)?;
        ds.activities = deferred.finish()?;
        Ok((ds, skipped))
    }

    /// [`In::into_dataset`] with the activities left in their columns, to be read later.
    fn into_dataset_deferred(
        self,
        read: &mut dyn FnMut(&str) -> Option<String>,
    ) -> Result<(Dataset, Vec<Skipped>, DeferredActivities), LoadError> {
        let mut part_texts = Vec::with_capacity(self.activity_parts.len());
        for (key, rows) in &self.activity_parts {
            let text = read(key)
                .ok_or_else(|| LoadError::Invalid(format!("activities part {key} is missing")))?;
            part_texts.push((key.clone(), *rows, text));
        }
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
        // Absent: the default list of the data's language (stores of schema 2 had none, later
        // ones leave the default out).
        let deal_types = self
            .deal_types
            .unwrap_or_else(|| default_deal_types(self.settings.language));
        let type_ids = id_table(
            deal_types.iter().map(|t| &t.id),
            self.extra_types,
            DealTypeId,
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
            version: self.store,
        };
        let mut stored_ids = Vec::with_capacity(self.deals.len());
        let mut phones = self.phones.into_iter();
        let mut emails = self.emails.into_iter();
        // A broken column leaves every deal's type unread (where each code is, is lost with it).
        let types = unpack_codes(&self.types, type_ids.len() as u32 + 1, self.deals.len());
        let mut types = types.as_ref().map(|t| t.iter());
        for (i, d) in self.deals.into_iter().enumerate() {
            let id = unpack_id(&d.id);
            stored_ids.push(DealId(id.clone()));
            let (phone, email) = (phones.next(), emails.next());
            let deal_type = match types.as_mut() {
                Some(codes) => at(&type_ids, codes.next().copied().unwrap_or(0), "deal_type"),
                None => Err(unreadable("deal_type")),
            };
            match tables
                .deal(d, id.clone())
                .and_then(|deal| Ok((deal, deal_type?)))
            {
                Ok((mut deal, deal_type)) => {
                    deal.phone = phone.unwrap_or_default();
                    deal.email = email.unwrap_or_default();
                    deal.deal_type = deal_type;
                    deals.push(deal)
                }
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
            // A schema 2 store reads as schema 3 (the next save writes it so).
            schema_version: crate::model::SCHEMA_VERSION,
            stages: self.stages,
            sources: self.sources,
            owners: self.owners,
            deal_types,
            deals,
            traffic: self.traffic,
            goals: self.goals,
            tombstones,
            settings: self.settings,
            setup_stamps: self.setup_stamps,
            past_losses: self.past_losses,
            activities: Vec::new(),
            next_steps: self.next_steps,
            call_outcomes: self.call_outcomes,
            activity_kinds: self.activity_kinds,
            views: self.views,
        };
        let slots = if part_texts.is_empty() {
            Vec::new()
        } else {
            parts::slot_table(&stored_ids, self.deal_slots.as_deref(), &self.gone_slots)?
        };
        let deferred = DeferredActivities {
            columns: self.activities,
            owners: owner_ids,
            deals: stored_ids,
            outcomes: ds.call_outcomes.clone(),
            kinds: ds.activity_kinds.clone(),
            parts: part_texts,
            slots,
        };
        Ok((ds, skipped, deferred))
    }
}

/// A store's activities still in their columns, with the tables they refer to: read after the
/// rest ([`decode_deferred`]), so the first screen, which does not show them, comes sooner.
#[derive(Debug, Default)]
pub struct DeferredActivities {
    columns: activities::Columns,
    owners: Vec<OwnerId>,
    deals: Vec<DealId>,
    outcomes: Vec<CallOutcome>,
    kinds: Vec<ActivityKindDef>,
    /// Store version 3: each part's key, count and text, in order.
    parts: Vec<(String, usize, String)>,
    /// The deal ids the parts' deal numbers point at, by slot.
    slots: Vec<Option<DealId>>,
}

impl DeferredActivities {
    /// How many activities the columns hold.
    pub fn len(&self) -> usize {
        self.columns.len() + self.parts.iter().map(|p| p.1).sum::<usize>()
    }

    /// Characters (UTF-16 units) the parts' texts take in storage.
    pub fn part_chars(&self) -> usize {
        self.parts
            .iter()
            .map(|p| crate::sync::utf16_len(&p.2))
            .sum()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The activities; an error makes the whole store unreadable, as [`decode`] would have.
    pub fn finish(self) -> Result<Vec<crate::model::Activity>, LoadError> {
        self.finish_parts().map(|(list, _)| list)
    }

    /// [`DeferredActivities::finish`], with what the parts are for the next save to reuse.
    pub fn finish_parts(
        self,
    ) -> Result<(Vec<crate::model::Activity>, parts::StoredParts), LoadError> {
        if !self.parts.is_empty() {
            return parts::decode_parts(
                self.parts,
                &self.owners,
                &self.slots,
                &self.outcomes,
                &self.kinds,
            );
        }
        if self.columns.len() == 0 {
            return Ok((Vec::new(), parts::StoredParts::default()));
        }
        let list = activities::decode(
            self.columns,
            &self.owners,
            &self.deals,
            &self.outcomes,
            &self.kinds,
        )?;
        Ok((list, parts::StoredParts::default()))
    }
}

/// [`decode`] leaving the activities of a compact store in their columns: the dataset comes
/// back without them, and [`DeferredActivities::finish`] reads them (every check of [`decode`]
/// on the rest is done here). Readable JSON comes back whole, with nothing deferred.
pub fn decode_deferred(text: &str) -> Result<(Dataset, DeferredActivities), LoadError> {
    decode_deferred_with(text, &mut |_| None)
}

/// [`decode_deferred`] of a main text whose activities may be in parts: `read` gives a part's
/// text by key (read now, decoded in [`DeferredActivities::finish`]).
pub fn decode_deferred_with(
    text: &str,
    read: &mut dyn FnMut(&str) -> Option<String>,
) -> Result<(Dataset, DeferredActivities), LoadError> {
    if !is_compact(text) {
        return Ok((schema::load_json(text)?, DeferredActivities::default()));
    }
    let stored = parse(text)?;
    let (ds, problems, deferred) = stored.into_dataset_deferred(read)?;
    if let Some(first) = problems.first() {
        return Err(LoadError::Invalid(format!(
            "deal {} (row {}): {}",
            first.id, first.row, first.reason
        )));
    }
    schema::check_integrity(&ds)?;
    Ok((ds, deferred))
}

/// An interned id table as `encode`'s `Tables::of` wrote it: the dataset's own ids, then the
/// extras.
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
    version: u64,
}

/// The moment `minutes` after midnight of `day` (the stored form of a deal's arrival).
fn arrival(day: Date, minutes: i64) -> Option<DateTime> {
    DateTime::from_minutes(
        i64::from(day.days())
            .checked_mul(MINUTES_PER_DAY)?
            .checked_add(minutes)?,
    )
}

fn unreadable(field: &str) -> RecordProblem {
    RecordProblem::Unreadable(format!("field {field}"))
}

impl DecodeTables<'_> {
    fn deal(&self, d: DealIn, id: String) -> Result<Deal, RecordProblem> {
        // Store version 1 kept the plain day; version 2 adds the arrival minute (see `encode`).
        let (day, code) = if self.version >= 2 {
            (
                d.first.div_euclid(ARRIVAL_CODES),
                d.first.rem_euclid(ARRIVAL_CODES),
            )
        } else {
            (d.first, 0)
        };
        let day = i32::try_from(day).map_err(|_| unreadable("first_contact"))?;
        let first_contact = Date::from_days(self.day0.saturating_add(day));
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
            phone: String::new(),
            email: String::new(),
            source,
            owner,
            deal_type: None,
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
            arrived: match (code, d.arrived) {
                (0, None) => None,
                (0, Some(m)) => {
                    Some(arrival(first_contact, m).ok_or_else(|| unreadable("arrived"))?)
                }
                (code, _) => Some(DateTime::new(first_contact, (code - 1) as u16)),
            },
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

/// One letter code from `bytes` at `i` (moved past it); `None` when it is not one.
fn read_letters(bytes: &[u8], i: &mut usize) -> Option<u32> {
    let mut high: u32 = 0;
    while *i < bytes.len() && bytes[*i].is_ascii_uppercase() {
        high = high
            .checked_mul(26)?
            .checked_add(u32::from(bytes[*i] - b'A') + 1)?;
        *i += 1;
    }
    let low = match bytes.get(*i) {
        Some(c) if c.is_ascii_lowercase() => u32::from(c - b'a'),
        _ => {
            // Past the bad byte, so reading goes on (and stops) rather than looping.
            *i = bytes.len();
            return None;
        }
    };
    *i += 1;
    high.checked_mul(26)?.checked_add(low)
}

pub(super) fn decode_events(
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
        let index = read_letters(bytes, &mut i).ok_or_else(bad)?;
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
