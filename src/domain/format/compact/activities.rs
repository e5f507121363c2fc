//! Activities in the compact form: one column per field, so a call costs about 30 characters.
//!
//! A year of calls of a team of five (100 a day each, ~120,000) must fit beside 10,000 deals in
//! the 2.5 M-character budget. As positional arrays like deals a call took ~60 characters; in
//! columns, times become small deltas from the previous activity, kind and outcome one letter
//! each, owner and deal table positions, and phone numbers and notes (rare once a call is
//! matched to its deal) sparse lists.

use super::pack::{base36, pack_id, unbase36, unpack_id};
use crate::date::Timestamp;
use crate::format::schema::LoadError;
use crate::model::{
    Activity, ActivityId, ActivityKind, ActivityKindDef, CallOutcome, DateTime, DealId, Direction,
    KindId, OutcomeId, OwnerId,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Letters for small numbers (kind with direction, outcome position): one character each.
const LETTERS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The activity columns as stored.
#[derive(Serialize, Deserialize, Default, Debug, PartialEq)]
pub(super) struct Columns {
    /// Ids, packed like deal ids.
    ids: Vec<String>,
    /// Minutes since 1970 local time, each as the difference from the previous (base36, `,`).
    at: String,
    /// Change times in ms, each as the difference from the previous (base36, `,`).
    updated: String,
    /// One letter each: kind × 2 + direction, the built-ins first (0..10), then the added kinds
    /// by their position in the kind list (10 + position × 2 + direction).
    kind: String,
    /// One letter each: 0 for none, else the outcome's position + 1.
    outcome: String,
    /// Owner table position + 1, 0 for none (base36, `,`).
    owner: String,
    /// Deal position + 1 in the stored deal list, 0 for none (base36, `,`).
    deal: String,
    /// Seconds (base36, `,`).
    seconds: String,
    /// (row, number) for the activities that keep a number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    phones: Vec<(u32, String)>,
    /// (row, note) for the activities with a note.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<(u32, String)>,
    /// (row, deal id) for activities about a deal that is not in the list (deleted since).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    other_deals: Vec<(u32, String)>,
    /// (row, outcome id) for outcomes not in the outcome list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    other_outcomes: Vec<(u32, String)>,
    /// (row, kind id) for added kinds not in the kind list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    other_kinds: Vec<(u32, String)>,
}

impl Columns {
    /// How many activities the columns hold.
    pub(super) fn len(&self) -> usize {
        self.ids.len()
    }
}

/// Where the ids an activity refers to sit in the stored tables.
pub(super) struct Positions<'a> {
    /// Owner id → table position.
    pub owners: &'a super::encode::Index<'a>,
    /// Deal id → position in the deal list.
    pub deals: super::encode::Index<'a>,
    /// The outcome list.
    pub outcomes: &'a [CallOutcome],
    /// The kind list.
    pub kinds: &'a [ActivityKindDef],
}

fn kind_number(kind: ActivityKind, direction: Direction) -> usize {
    let k = ActivityKind::ALL
        .iter()
        .position(|x| *x == kind)
        .unwrap_or(0);
    k * 2 + usize::from(direction == Direction::Inbound)
}

/// Built-in kinds with a direction: the letters below this are theirs.
const BUILT_IN_LETTERS: usize = 2 * ActivityKind::ALL.len();

/// The kind letter of an activity: its built-in kind, or its added kind's place in the list
/// (one whose place does not fit in a letter, is not in the list or has another behaviour is
/// written as its built-in kind, its id kept aside in `other`).
fn kind_letter(
    a: &Activity,
    kinds: &[ActivityKindDef],
    row: u32,
    other: &mut Vec<(u32, String)>,
) -> usize {
    let direction = usize::from(a.direction == Direction::Inbound);
    let Some(id) = &a.kind_id else {
        return kind_number(a.kind, a.direction);
    };
    match kinds.iter().position(|k| &k.id == id && k.base == a.kind) {
        Some(i) if BUILT_IN_LETTERS + i * 2 + 1 < LETTERS.len() => {
            BUILT_IN_LETTERS + i * 2 + direction
        }
        _ => {
            other.push((row, id.0.clone()));
            kind_number(a.kind, a.direction)
        }
    }
}

fn push_number(out: &mut String, n: i64) {
    if !out.is_empty() {
        out.push(',');
    }
    // Writing to a String cannot fail.
    let _ = write!(out, "{}", base36(n));
}

/// Writes the activities in columns.
pub(super) fn encode(activities: &[Activity], at: &Positions<'_>) -> Columns {
    let mut c = Columns::default();
    let (mut last_at, mut last_updated) = (0i64, 0i64);
    for (row, a) in activities.iter().enumerate() {
        let row = row as u32;
        c.ids.push(pack_id(&a.id.0).into_owned());
        push_number(&mut c.at, a.at.minutes() - last_at);
        last_at = a.at.minutes();
        push_number(&mut c.updated, a.updated_at.0 - last_updated);
        last_updated = a.updated_at.0;
        c.kind.push(char::from(
            LETTERS[kind_letter(a, at.kinds, row, &mut c.other_kinds)],
        ));
        let outcome =
            a.outcome
                .as_ref()
                .map_or(0, |o| match at.outcomes.iter().position(|x| &x.id == o) {
                    Some(i) if i + 1 < LETTERS.len() => i + 1,
                    _ => {
                        c.other_outcomes.push((row, o.0.clone()));
                        0
                    }
                });
        c.outcome.push(char::from(LETTERS[outcome]));
        let owner = a
            .owner
            .as_ref()
            .and_then(|o| at.owners.get(o.as_str()))
            .map_or(0, |i| i + 1);
        push_number(&mut c.owner, i64::from(owner));
        let deal = a
            .deal
            .as_ref()
            .map_or(0, |d| match at.deals.get(d.as_str()) {
                Some(i) => i + 1,
                None => {
                    c.other_deals.push((row, d.0.clone()));
                    0
                }
            });
        push_number(&mut c.deal, i64::from(deal));
        push_number(&mut c.seconds, i64::from(a.seconds));
        if !a.phone.is_empty() {
            c.phones.push((row, a.phone.clone()));
        }
        if !a.note.is_empty() {
            c.notes.push((row, a.note.clone()));
        }
    }
    c
}

fn bad(column: &str) -> LoadError {
    LoadError::Invalid(format!("activities: column {column} does not read"))
}

/// One base36 number per activity, or the column's name in the error.
fn numbers(text: &str, n: usize, column: &str) -> Result<Vec<i64>, LoadError> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let out: Vec<i64> = text
        .split(',')
        .map(unbase36)
        .collect::<Option<_>>()
        .ok_or_else(|| bad(column))?;
    if out.len() == n {
        Ok(out)
    } else {
        Err(bad(column))
    }
}

fn letters(text: &str, n: usize, column: &str) -> Result<Vec<usize>, LoadError> {
    let out: Vec<usize> = text
        .bytes()
        .map(|b| LETTERS.iter().position(|x| *x == b))
        .collect::<Option<_>>()
        .ok_or_else(|| bad(column))?;
    if out.len() == n {
        Ok(out)
    } else {
        Err(bad(column))
    }
}

/// Reads the columns back; `owners` and `deals` are the decoded tables in stored order.
pub(super) fn decode(
    c: Columns,
    owners: &[OwnerId],
    deals: &[DealId],
    outcomes: &[CallOutcome],
    kind_list: &[ActivityKindDef],
) -> Result<Vec<Activity>, LoadError> {
    let n = c.ids.len();
    let at = numbers(&c.at, n, "at")?;
    let updated = numbers(&c.updated, n, "updated")?;
    let kinds = letters(&c.kind, n, "kind")?;
    let outcome = letters(&c.outcome, n, "outcome")?;
    let mut other_kinds: HashMap<u32, String> = c.other_kinds.into_iter().collect();
    let owner = numbers(&c.owner, n, "owner")?;
    let deal = numbers(&c.deal, n, "deal")?;
    let seconds = numbers(&c.seconds, n, "seconds")?;
    let sparse = |list: Vec<(u32, String)>| -> HashMap<u32, String> { list.into_iter().collect() };
    let (mut phones, mut notes) = (sparse(c.phones), sparse(c.notes));
    let (mut other_deals, mut other_outcomes) = (sparse(c.other_deals), sparse(c.other_outcomes));
    let pick = |table_len: usize, i: i64, column: &str| -> Result<Option<usize>, LoadError> {
        match usize::try_from(i) {
            Ok(0) => Ok(None),
            Ok(p) if p <= table_len => Ok(Some(p - 1)),
            _ => Err(bad(column)),
        }
    };
    let (mut minutes, mut ms) = (0i64, 0i64);
    let mut out = Vec::with_capacity(n);
    for (row, id) in c.ids.into_iter().enumerate() {
        let key = row as u32;
        minutes += at[row];
        ms += updated[row];
        let letter = kinds[row];
        let (kind, kind_id) = if letter < BUILT_IN_LETTERS {
            let kind = ActivityKind::ALL[letter / 2];
            (kind, other_kinds.remove(&key).map(KindId))
        } else {
            let def = kind_list
                .get((letter - BUILT_IN_LETTERS) / 2)
                .ok_or_else(|| bad("kind"))?;
            (def.base, Some(def.id.clone()))
        };
        let outcome = match pick(outcomes.len(), outcome[row] as i64, "outcome")? {
            Some(p) => Some(outcomes[p].id.clone()),
            None => other_outcomes.remove(&key).map(OutcomeId),
        };
        let deal = match pick(deals.len(), deal[row], "deal")? {
            Some(p) => Some(deals[p].clone()),
            None => other_deals.remove(&key).map(DealId),
        };
        out.push(Activity {
            id: ActivityId(unpack_id(&id)),
            kind,
            kind_id,
            at: DateTime::from_minutes(minutes).ok_or_else(|| bad("at"))?,
            owner: pick(owners.len(), owner[row], "owner")?.map(|p| owners[p].clone()),
            deal,
            seconds: u32::try_from(seconds[row]).map_err(|_| bad("seconds"))?,
            outcome,
            direction: if kinds[row] % 2 == 1 {
                Direction::Inbound
            } else {
                Direction::Outbound
            },
            phone: phones.remove(&key).unwrap_or_default(),
            note: notes.remove(&key).unwrap_or_default(),
            updated_at: Timestamp(ms),
        });
    }
    Ok(out)
}
