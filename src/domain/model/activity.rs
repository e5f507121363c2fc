//! The work that moves deals: calls, emails, meetings, messages and notes, the call outcomes a
//! team counts as "connected", and the next step agreed on a deal.

use super::{ActivityId, DealId, KindId, OutcomeId, OwnerId, StepId};
use crate::date::{Date, Timestamp};
use serde::{Deserialize, Serialize};

/// A local wall-clock moment at minute resolution: what a rep sees on the clock when calling.
///
/// Kept local rather than as an instant because every activity KPI groups by the rep's working
/// day, and a call made at 18:30 in Tehran belongs to that day wherever the file is opened.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub struct DateTime {
    /// The local day.
    pub date: Date,
    /// Minutes after local midnight, 0..1440.
    pub minute: u16,
}

/// Minutes in a day.
pub const MINUTES_PER_DAY: i64 = 1440;

impl DateTime {
    /// The moment `minute` minutes after midnight of `date` (clamped to the day).
    pub fn new(date: Date, minute: u16) -> DateTime {
        DateTime {
            date,
            minute: minute.min((MINUTES_PER_DAY - 1) as u16),
        }
    }

    /// Minutes since 1970-01-01 00:00 local time: one number to subtract.
    pub fn minutes(self) -> i64 {
        i64::from(self.date.days()) * MINUTES_PER_DAY + i64::from(self.minute)
    }

    /// The moment `minutes` after 1970-01-01 00:00 local time (the inverse of
    /// [`DateTime::minutes`]); `None` past the calendar's range.
    pub fn from_minutes(minutes: i64) -> Option<DateTime> {
        let day = i32::try_from(minutes.div_euclid(MINUTES_PER_DAY)).ok()?;
        Some(DateTime {
            date: Date::from_days(day),
            minute: minutes.rem_euclid(MINUTES_PER_DAY) as u16,
        })
    }

    /// Minutes from `self` to `later` (negative when `later` is earlier).
    pub fn minutes_until(self, later: DateTime) -> i64 {
        later.minutes() - self.minutes()
    }
}

/// What kind of work an activity was.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ActivityKind {
    /// A phone call (the telesales unit of work).
    #[default]
    Call,
    /// An email.
    Email,
    /// A meeting, in person or online.
    Meeting,
    /// A chat or text message.
    Message,
    /// A note with no contact made.
    Note,
}

impl ActivityKind {
    /// Every kind, in the order forms offer them.
    pub const ALL: [ActivityKind; 5] = [
        ActivityKind::Call,
        ActivityKind::Email,
        ActivityKind::Meeting,
        ActivityKind::Message,
        ActivityKind::Note,
    ];

    /// Whether the activity reached the customer (a note does not).
    pub fn is_contact(self) -> bool {
        self != ActivityKind::Note
    }

    /// The id of this built-in kind in the team's kind list (`call`, `email`…).
    pub fn id(self) -> &'static str {
        match self {
            ActivityKind::Call => "call",
            ActivityKind::Email => "email",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Message => "message",
            ActivityKind::Note => "note",
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One kind in the team's editable list: a built-in (its id is its behaviour's, `call`…) or one
/// the team added ("WhatsApp", "Site visit"), which behaves like the built-in it is based on.
///
/// The behaviour decides every KPI: an activity of a kind based on Call *is* a call (counted in
/// calls per rep, connect rate, talk time), one based on Message is not. The base is chosen when
/// the kind is added and never changes, so past activities keep their meaning.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct ActivityKindDef {
    /// Stable id (activities refer to it, so renaming keeps history).
    pub id: KindId,
    /// The built-in behaviour: call-like (outcome, duration, direction), meeting-like (duration),
    /// email, message or note.
    pub base: ActivityKind,
    /// The name shown; empty for a built-in not renamed (its name follows the language).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Left out of the log dialog (its past activities still show and filter).
    #[serde(default, skip_serializing_if = "is_false")]
    pub hidden: bool,
    /// Position in the list (lower first); a number rather than the list order so that two
    /// tabs' reorders merge per kind.
    #[serde(default)]
    pub rank: u32,
}

impl ActivityKindDef {
    /// Whether this is one of the five built-in kinds.
    pub fn is_builtin(&self) -> bool {
        self.id.as_str() == self.base.id()
    }
}

/// The five built-in kinds, in the order forms offered them before the list was editable.
pub fn default_kinds() -> Vec<ActivityKindDef> {
    ActivityKind::ALL
        .iter()
        .enumerate()
        .map(|(i, k)| ActivityKindDef {
            id: KindId::from(k.id()),
            base: *k,
            name: String::new(),
            hidden: false,
            rank: i as u32,
        })
        .collect()
}

/// Which way a call or message went.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The rep reached out.
    #[default]
    Outbound,
    /// The customer reached the rep.
    Inbound,
}

/// One outcome a call can have, in the team's editable list.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct CallOutcome {
    /// Stable id (activities refer to it, so renaming keeps history).
    pub id: OutcomeId,
    /// The name shown.
    pub name: String,
    /// Whether a call with this outcome reached a person (counts in the connect rate).
    pub connected: bool,
}

/// The default outcome list: what phone systems and telesales teams record.
pub fn default_outcomes(persian: bool) -> Vec<CallOutcome> {
    let outcome = |id: &str, en: &str, fa: &str, connected| CallOutcome {
        id: OutcomeId::from(id),
        name: if persian { fa } else { en }.to_string(),
        connected,
    };
    vec![
        outcome("connected", "Connected", "پاسخ داد", true),
        outcome("no-answer", "No answer", "پاسخ نداد", false),
        outcome("busy", "Busy", "مشغول", false),
        outcome("voicemail", "Voicemail", "پیغام‌گیر", false),
        outcome("wrong-number", "Wrong number", "شمارهٔ اشتباه", false),
    ]
}

/// A call, email, meeting, message or note, optionally about a deal.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Activity {
    /// Stable id.
    pub id: ActivityId,
    /// What kind of work: the behaviour (a kind the team added is stored as its base).
    #[serde(default)]
    pub kind: ActivityKind,
    /// The team's kind when it is one the team added (`None`: the built-in `kind` itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind_id: Option<KindId>,
    /// When it happened (local time).
    pub at: DateTime,
    /// Who did it.
    #[serde(default)]
    pub owner: Option<OwnerId>,
    /// The deal it was about, if any (a call log may hold calls to numbers with no deal).
    #[serde(default)]
    pub deal: Option<DealId>,
    /// Length in seconds (calls and meetings; 0 when unknown or not reached).
    #[serde(default)]
    pub seconds: u32,
    /// How a call ended (an id in the outcome list).
    #[serde(default)]
    pub outcome: Option<OutcomeId>,
    /// Which way it went.
    #[serde(default)]
    pub direction: Direction,
    /// The other party's number, as dialled.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    /// A short note.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Last change of this record, for merging.
    pub updated_at: Timestamp,
}

impl Activity {
    /// The id of its kind in the team's list: the added kind, or the built-in's.
    pub fn team_kind(&self) -> &str {
        self.kind_id.as_ref().map_or(self.kind.id(), KindId::as_str)
    }
}

/// A next step agreed on a deal: what is to be done, by when. A deal's open step is the one
/// its rep works from; completed steps stay as its history.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct NextStep {
    /// Stable id.
    pub id: StepId,
    /// The deal.
    pub deal: DealId,
    /// The day it is due.
    pub due: Date,
    /// What is to be done, by whom.
    #[serde(default)]
    pub text: String,
    /// Whether it was done (or dropped).
    #[serde(default)]
    pub done: bool,
    /// Last change of this record, for merging.
    pub updated_at: Timestamp,
}
