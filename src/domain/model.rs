//! The data model: the contract every part of Kariz and every exported file shares.

use super::date::{Date, Timestamp};
use super::money::{Currency, Money};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod activity;
mod ids;

pub use activity::{
    default_kinds, default_outcomes, Activity, ActivityKind, ActivityKindDef, CallOutcome,
    DateTime, Direction, NextStep, MINUTES_PER_DAY,
};
pub(crate) use ids::uuid_text;
pub use ids::{
    ActivityId, DealId, DealTypeId, GoalId, KindId, OutcomeId, OwnerId, SourceId, StageId, StepId,
    TrafficId, ViewId,
};

/// What reaching a stage means: still open, won (a customer) or lost.
///
/// Won/lost are decided by this kind, never by a stage's name, so pipelines in any language work.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StageKind {
    /// A stage of the open pipeline.
    Open,
    /// The deal became a customer.
    Won,
    /// The deal was lost.
    Lost,
}

/// One stage of the pipeline.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Stage {
    /// Stable id.
    pub id: StageId,
    /// Name shown to the user (user data, in the user's language).
    pub name: String,
    /// Open, won or lost.
    pub kind: StageKind,
    /// Default win probability of a deal in this stage, in percent (0–100).
    pub probability: u8,
}

/// A lead source (channel), e.g. website, telesales, referral.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Source {
    /// Stable id.
    pub id: SourceId,
    /// Name shown to the user.
    pub name: String,
}

/// A deal type (segment), e.g. new business, renewal, upsell: a configurable list like sources.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct DealType {
    /// Stable id.
    pub id: DealTypeId,
    /// Name shown to the user.
    pub name: String,
}

/// A named dashboard view ("Telesales, this quarter"): the period, filters and funnel mode, kept
/// in the address form of [`crate::view_state::DashboardView`] so a view saved by a newer
/// Kariz with more choices still opens here.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct SavedView {
    /// Stable id.
    pub id: ViewId,
    /// Name shown to the user.
    pub name: String,
    /// The view as an address query (`period=last-90&owner=rep-1`).
    pub query: String,
    /// Last change, for merging.
    pub updated_at: Timestamp,
}

/// A sales rep who owns deals.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Owner {
    /// Stable id.
    pub id: OwnerId,
    /// Name shown to the user.
    pub name: String,
}

/// The deal entered `stage` on `date`.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct StageEvent {
    /// The stage entered.
    pub stage: StageId,
    /// The day it was entered.
    pub date: Date,
}

/// A deal (a lead, later an opportunity, finally a customer or lost).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Deal {
    /// Stable id.
    pub id: DealId,
    /// Short name of the deal.
    pub title: String,
    /// Company (account) name.
    #[serde(default)]
    pub company: String,
    /// Contact person.
    #[serde(default)]
    pub contact: String,
    /// The contact's phone number, as typed (call logs match it through
    /// [`normalize_phone`](crate::phone::normalize_phone)).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    /// The contact's email address.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    /// Lead source, if known.
    #[serde(default)]
    pub source: Option<SourceId>,
    /// Owning rep, if assigned.
    #[serde(default)]
    pub owner: Option<OwnerId>,
    /// Deal type (segment), if known (schema 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_type: Option<DealTypeId>,
    /// Estimated or final value.
    pub value: Money,
    /// First contact with the lead: the sales cycle starts here.
    pub first_contact: Date,
    /// When the deal is expected to close.
    #[serde(default)]
    pub expected_close: Option<Date>,
    /// Why it was lost (set when the current stage is a lost stage).
    #[serde(default)]
    pub lost_reason: Option<String>,
    /// Optional detail to the lost reason ("went with X at 20% less").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lost_note: String,
    /// Free notes.
    #[serde(default)]
    pub notes: String,
    /// Every stage the deal entered, oldest first; the last one is the current stage.
    pub events: Vec<StageEvent>,
    /// When the lead arrived, to the minute, when known (added in Kariz, or a file with times):
    /// speed to lead is measured from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrived: Option<DateTime>,
    /// Last change of this record, for merging.
    pub updated_at: Timestamp,
}

impl Deal {
    /// The current stage (the last event), if the log is not empty.
    pub fn current_stage(&self) -> Option<&StageId> {
        self.events.last().map(|e| &e.stage)
    }

    /// The date the deal entered its current stage.
    pub fn current_since(&self) -> Option<Date> {
        self.events.last().map(|e| e.date)
    }
}

/// Visitors counted for a date range (inclusive) and optionally a source.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct TrafficEntry {
    /// Stable id.
    pub id: TrafficId,
    /// The source the visitors came through; `None` means all sources together.
    #[serde(default)]
    pub source: Option<SourceId>,
    /// First day counted.
    pub start: Date,
    /// Last day counted (inclusive).
    pub end: Date,
    /// Number of visitors.
    pub visitors: u64,
    /// Last change, for merging.
    pub updated_at: Timestamp,
}

/// A target for a period (month or quarter, stored as its first and last day), team or owner.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Goal {
    /// Stable id.
    pub id: GoalId,
    /// First day of the period.
    pub start: Date,
    /// Last day of the period (inclusive).
    pub end: Date,
    /// The owner the goal is for; `None` is the whole team.
    #[serde(default)]
    pub owner: Option<OwnerId>,
    /// Revenue target (won value).
    #[serde(default)]
    pub revenue: Option<Money>,
    /// Target number of won deals.
    #[serde(default)]
    pub won_deals: Option<u32>,
    /// Last change, for merging.
    pub updated_at: Timestamp,
}

/// A deleted record, kept so that merging an older file does not bring it back.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Tombstone {
    /// Id of the deleted record.
    pub id: String,
    /// When it was deleted.
    pub deleted_at: Timestamp,
}

/// A lost reason a deal had before it was reopened (or its history was edited to end open), so
/// reopening keeps why it was lost in the deal's history instead of erasing it.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Debug, Serialize, Deserialize)]
pub struct PastLoss {
    /// The deal.
    pub deal: DealId,
    /// The day the deal entered the lost stage.
    pub date: Date,
    /// The reason it was lost.
    pub reason: String,
    /// The detail to the reason.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// When each part of the set-up (stages, sources, owners, the stage order, each setting) last
/// changed, so two tabs or files merge it per record like deals instead of one side winning
/// wholesale. A part with no entry never changed since this was introduced (time 0): older data
/// simply has none.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub struct SetupStamps {
    /// Stage id to its last change.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stages: BTreeMap<String, Timestamp>,
    /// Source id to its last change.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sources: BTreeMap<String, Timestamp>,
    /// Owner id to its last change.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub owners: BTreeMap<String, Timestamp>,
    /// Deal type id to its last change.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub deal_types: BTreeMap<String, Timestamp>,
    /// Call outcome id to its last change.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub outcomes: BTreeMap<String, Timestamp>,
    /// Activity kind id to its last change.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub kinds: BTreeMap<String, Timestamp>,
    /// Last change of the stage order.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub stage_order: Timestamp,
    /// Settings field name (as serialised) to its last change.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, Timestamp>,
}

fn is_zero(t: &Timestamp) -> bool {
    t.0 == 0
}

impl SetupStamps {
    /// Whether nothing was ever stamped (older data, or a set-up never changed).
    pub fn is_empty(&self) -> bool {
        *self == SetupStamps::default()
    }
}

/// Interface language.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English, left to right.
    #[default]
    En,
    /// Persian, right to left.
    Fa,
}

/// Calendar used to show dates and cut reporting periods.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Calendar {
    /// Gregorian calendar.
    #[default]
    Gregorian,
    /// Solar Hijri (Jalali) calendar.
    Jalali,
}

impl Calendar {
    /// The calendar a language's users expect: Jalali in Persian, Gregorian in English.
    pub fn default_for(language: Language) -> Calendar {
        match language {
            Language::En => Calendar::Gregorian,
            Language::Fa => Calendar::Jalali,
        }
    }
}

impl WeekStart {
    /// The week a language's users expect: Saturday in Persian (Iran), Monday (ISO) in English.
    pub fn default_for(language: Language) -> WeekStart {
        match language {
            Language::En => WeekStart::Monday,
            Language::Fa => WeekStart::Saturday,
        }
    }
}

/// How Iranian rial amounts are shown: stored as rials always, shown as rials or tomans (÷ 10).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RialUnit {
    /// Rials, as stored.
    #[default]
    Rial,
    /// Tomans: a display unit of 10 rials, never a stored currency.
    Toman,
}

/// First day of the week for weekly periods.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WeekStart {
    /// Weeks start on Monday (ISO).
    #[default]
    Monday,
    /// Weeks start on Saturday (Iran).
    Saturday,
    /// Weeks start on Sunday.
    Sunday,
}

/// User preferences stored with the data.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Settings {
    /// Interface language.
    pub language: Language,
    /// Currency the dashboard totals are shown in.
    pub display_currency: Currency,
    /// First day of the week.
    #[serde(default)]
    pub week_start: WeekStart,
    /// Calendar for dates and periods.
    #[serde(default)]
    pub calendar: Calendar,
    /// How rial amounts are shown.
    #[serde(default)]
    pub rial_unit: RialUnit,
    /// The first stage counted as "qualified" for pipeline value (the article: qualified leads).
    pub qualified_stage: StageId,
    /// Reasons offered when a deal is marked lost.
    #[serde(default)]
    pub lost_reasons: Vec<String>,
    /// Remind to export after changes have been unexported for this many days (0: never).
    #[serde(default = "default_backup_days")]
    pub backup_reminder_days: u32,
}

/// Safari deletes the storage of a site not visited for 7 days: remind after as many.
fn default_backup_days() -> u32 {
    7
}

/// Name of the file format, so a random JSON file is not mistaken for Kariz data.
pub const FORMAT: &str = "kariz";
/// Current schema version of [`Dataset`].
pub const SCHEMA_VERSION: u32 = 4;

/// Everything Kariz stores; the same shape is exported as the JSON file people share.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Dataset {
    /// Always [`FORMAT`].
    pub format: String,
    /// Schema version the data was written with.
    pub schema_version: u32,
    /// Pipeline stages in order.
    pub stages: Vec<Stage>,
    /// Lead sources.
    pub sources: Vec<Source>,
    /// Sales reps.
    pub owners: Vec<Owner>,
    /// Deal types (segments) (schema 3).
    #[serde(default)]
    pub deal_types: Vec<DealType>,
    /// Deals.
    pub deals: Vec<Deal>,
    /// Visitor counts.
    pub traffic: Vec<TrafficEntry>,
    /// Targets.
    pub goals: Vec<Goal>,
    /// Deleted records.
    #[serde(default)]
    pub tombstones: Vec<Tombstone>,
    /// Preferences.
    pub settings: Settings,
    /// When each part of the set-up last changed (absent in older data).
    #[serde(default, skip_serializing_if = "SetupStamps::is_empty")]
    pub setup_stamps: SetupStamps,
    /// Lost reasons of deals that were reopened since (absent in older data).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub past_losses: Vec<PastLoss>,
    /// Calls, emails, meetings, messages and notes (schema 2).
    #[serde(default)]
    pub activities: Vec<Activity>,
    /// Next steps agreed on deals, open and done (schema 2).
    #[serde(default)]
    pub next_steps: Vec<NextStep>,
    /// The call outcomes the team records, with which count as connected (schema 2).
    #[serde(default = "english_outcomes")]
    pub call_outcomes: Vec<CallOutcome>,
    /// The team's activity kinds: the five built-ins and those it added (schema 4).
    #[serde(default = "default_kinds")]
    pub activity_kinds: Vec<ActivityKindDef>,
    /// Named dashboard views (schema 3).
    #[serde(default)]
    pub views: Vec<SavedView>,
}

fn english_outcomes() -> Vec<CallOutcome> {
    default_outcomes(false)
}

impl Default for Dataset {
    fn default() -> Self {
        Dataset::new(Language::En)
    }
}

impl Dataset {
    /// An empty dataset with the article's default pipeline and sources named in `language`.
    pub fn new(language: Language) -> Dataset {
        let names = |en: &str, fa: &str| -> String {
            match language {
                Language::En => en.to_string(),
                Language::Fa => fa.to_string(),
            }
        };
        let stage = |id: &str, name: String, kind, probability| Stage {
            id: id.into(),
            name,
            kind,
            probability,
        };
        let stages = vec![
            stage("lead", names("Lead", "سرنخ"), StageKind::Open, 5),
            stage("mql", "MQL".to_string(), StageKind::Open, 15),
            stage("sql", "SQL".to_string(), StageKind::Open, 40),
            stage("won", names("Customer", "مشتری"), StageKind::Won, 100),
            stage("lost", names("Lost", "از دست رفته"), StageKind::Lost, 0),
        ];
        let source = |id: &str, name: String| Source {
            id: id.into(),
            name,
        };
        let sources = vec![
            source("website", names("Website", "وب‌سایت")),
            source("phone", names("Telesales", "فروش تلفنی")),
            source("referral", names("Referral", "معرفی")),
            source("ads", names("Ads", "تبلیغات")),
            source("event", names("Event", "رویداد")),
        ];
        let deal_types = default_deal_types(language);
        let lost_reasons = [
            ("Price", "قیمت"),
            ("Competitor", "رقیب"),
            ("No budget", "نبود بودجه"),
            ("No decision", "بی‌تصمیمی"),
            ("Timing", "زمان نامناسب"),
            ("Unresponsive", "پاسخ نداد"),
            ("Poor fit", "تناسب نداشت"),
            ("Other", "سایر"),
        ]
        .iter()
        .map(|(en, fa)| names(en, fa))
        .collect();
        Dataset {
            format: FORMAT.to_string(),
            schema_version: SCHEMA_VERSION,
            stages,
            sources,
            owners: Vec::new(),
            deal_types,
            deals: Vec::new(),
            traffic: Vec::new(),
            goals: Vec::new(),
            tombstones: Vec::new(),
            settings: Settings {
                language,
                display_currency: match language {
                    Language::En => Currency::USD,
                    Language::Fa => Currency::IRR,
                },
                week_start: WeekStart::default_for(language),
                calendar: Calendar::default_for(language),
                rial_unit: RialUnit::Rial,
                qualified_stage: "sql".into(),
                lost_reasons,
                backup_reminder_days: default_backup_days(),
            },
            setup_stamps: SetupStamps::default(),
            past_losses: Vec::new(),
            activities: Vec::new(),
            next_steps: Vec::new(),
            call_outcomes: default_outcomes(language == Language::Fa),
            activity_kinds: default_kinds(),
            views: Vec::new(),
        }
    }

    /// The stage with this id.
    pub fn stage(&self, id: &StageId) -> Option<&Stage> {
        self.stages.iter().find(|s| &s.id == id)
    }

    /// Position of a stage in the pipeline order.
    pub fn stage_index(&self, id: &StageId) -> Option<usize> {
        self.stages.iter().position(|s| &s.id == id)
    }

    /// The first stage of a kind (the won stage, the lost stage, the entry stage).
    pub fn first_stage_of(&self, kind: StageKind) -> Option<&Stage> {
        self.stages.iter().find(|s| s.kind == kind)
    }

    /// The deal with this id.
    pub fn deal(&self, id: &DealId) -> Option<&Deal> {
        self.deals.iter().find(|d| &d.id == id)
    }

    /// Kind of the deal's current stage.
    pub fn deal_kind(&self, deal: &Deal) -> Option<StageKind> {
        deal.current_stage()
            .and_then(|s| self.stage(s))
            .map(|s| s.kind)
    }

    /// Name of a source id, or an empty string.
    pub fn source_name(&self, id: Option<&SourceId>) -> &str {
        id.and_then(|id| self.sources.iter().find(|s| &s.id == id))
            .map_or("", |s| s.name.as_str())
    }

    /// Name of an owner id, or an empty string.
    pub fn owner_name(&self, id: Option<&OwnerId>) -> &str {
        id.and_then(|id| self.owners.iter().find(|o| &o.id == id))
            .map_or("", |o| o.name.as_str())
    }

    /// Finds a source by name (case-insensitive) or adds it; `None` for a blank name.
    pub fn source_by_name_or_new(&mut self, name: &str) -> Option<SourceId> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if let Some(s) = self
            .sources
            .iter()
            .find(|s| s.name.to_lowercase() == name.to_lowercase())
        {
            return Some(s.id.clone());
        }
        let id = SourceId(unique_slug(name, |c| {
            self.sources.iter().any(|s| s.id.0 == c)
        }));
        self.sources.push(Source {
            id: id.clone(),
            name: name.to_string(),
        });
        Some(id)
    }

    /// Name of a deal type id, or an empty string.
    pub fn deal_type_name(&self, id: Option<&DealTypeId>) -> &str {
        id.and_then(|id| self.deal_types.iter().find(|t| &t.id == id))
            .map_or("", |t| t.name.as_str())
    }

    /// Finds a deal type by name (case-insensitive) or adds it; `None` for a blank name.
    pub fn deal_type_by_name_or_new(&mut self, name: &str) -> Option<DealTypeId> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if let Some(t) = self
            .deal_types
            .iter()
            .find(|t| t.name.to_lowercase() == name.to_lowercase())
        {
            return Some(t.id.clone());
        }
        let id = DealTypeId(unique_slug(name, |c| {
            self.deal_types.iter().any(|t| t.id.0 == c)
        }));
        self.deal_types.push(DealType {
            id: id.clone(),
            name: name.to_string(),
        });
        Some(id)
    }

    /// The saved view with this id.
    pub fn view(&self, id: &ViewId) -> Option<&SavedView> {
        self.views.iter().find(|v| &v.id == id)
    }

    /// Finds an owner by name (case-insensitive) or adds it; `None` for a blank name.
    pub fn owner_by_name_or_new(&mut self, name: &str) -> Option<OwnerId> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if let Some(o) = self
            .owners
            .iter()
            .find(|o| o.name.to_lowercase() == name.to_lowercase())
        {
            return Some(o.id.clone());
        }
        let id = OwnerId(unique_slug(name, |c| {
            self.owners.iter().any(|o| o.id.0 == c)
        }));
        self.owners.push(Owner {
            id: id.clone(),
            name: name.to_string(),
        });
        Some(id)
    }
}

/// The deal types a new dataset starts with (new business, renewal, upsell), named in
/// `language`; data from before deal types (schema 2) gets them too when it is read.
pub fn default_deal_types(language: Language) -> Vec<DealType> {
    [
        ("new-business", "New business", "مشتری جدید"),
        ("renewal", "Renewal", "تمدید"),
        ("upsell", "Upsell", "فروش بیشتر"),
    ]
    .iter()
    .map(|(id, en, fa)| DealType {
        id: (*id).into(),
        name: match language {
            Language::En => en.to_string(),
            Language::Fa => fa.to_string(),
        },
    })
    .collect()
}

/// A short id derived from a name ("Sara A." → "sara-a"), suffixed until `taken` says it is free.
pub(crate) fn unique_slug(name: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut base: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                '-'
            }
        })
        .collect();
    base = base
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if base.is_empty() {
        base = "x".to_string();
    }
    let mut candidate = base.clone();
    let mut n = 2;
    while taken(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_pipeline_follows_the_article() {
        let ds = Dataset::new(Language::En);
        let names: Vec<_> = ds.stages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Lead", "MQL", "SQL", "Customer", "Lost"]);
        assert_eq!(ds.first_stage_of(StageKind::Won).unwrap().id.0, "won");
        let fa = Dataset::new(Language::Fa);
        assert_eq!(fa.stages[3].kind, StageKind::Won);
        assert_eq!(fa.settings.display_currency, Currency::IRR);
    }

    #[test]
    fn names_resolve_or_create() {
        let mut ds = Dataset::new(Language::En);
        let a = ds.owner_by_name_or_new(" Sara A. ").unwrap();
        assert_eq!(a.0, "sara-a");
        assert_eq!(ds.owner_by_name_or_new("sara a."), Some(a.clone()));
        let b = ds.owner_by_name_or_new("Sara-A").unwrap();
        assert_eq!(b.0, "sara-a-2");
        assert_eq!(ds.owner_by_name_or_new("  "), None);
        assert_eq!(ds.source_by_name_or_new("website").unwrap().0, "website");
        assert_eq!(ds.source_by_name_or_new("رادیو").unwrap().0, "رادیو");
        assert_eq!(ds.owner_name(Some(&b)), "Sara-A");
    }
}
