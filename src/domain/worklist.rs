//! What a rep works from: the Today list (next steps due, deals with none, leads not called
//! yet), a deal's timeline (stage changes and activities together) and the filtered activity
//! list. Pure reads of the dataset; the UI only formats them.

use crate::date::Date;
use crate::model::*;
use std::collections::HashSet;

/// One deal on the Today list, with its open next step when it has one.
#[derive(Clone, Debug, PartialEq)]
pub struct TodayRow<'a> {
    /// The deal.
    pub deal: &'a Deal,
    /// Its open next step.
    pub step: Option<&'a NextStep>,
}

/// The Today list of one owner (or everyone): each open deal appears at most once.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Today<'a> {
    /// Open next steps due before today, most overdue first.
    pub overdue: Vec<TodayRow<'a>>,
    /// Open next steps due today.
    pub due: Vec<TodayRow<'a>>,
    /// Leads in the first stage that no call has reached yet, newest first (speed to lead).
    pub uncalled: Vec<TodayRow<'a>>,
    /// Other open deals with no next step, longest untouched first.
    pub no_step: Vec<TodayRow<'a>>,
}

/// Whether a deal is open (its current stage is an open stage).
fn is_open(ds: &Dataset, deal: &Deal) -> bool {
    deal.current_stage()
        .and_then(|s| ds.stage(s))
        .is_some_and(|s| s.kind == StageKind::Open)
}

/// The Today list as of `today`, for `owner`'s deals (`None`: everyone's).
pub fn today_list<'a>(ds: &'a Dataset, owner: Option<&OwnerId>, today: Date) -> Today<'a> {
    let called: HashSet<&DealId> = ds
        .activities
        .iter()
        .filter(|a| a.kind == ActivityKind::Call)
        .filter_map(|a| a.deal.as_ref())
        .collect();
    let entry = ds.stages.first().map(|s| &s.id);
    let mut out = Today::default();
    for deal in &ds.deals {
        if owner.is_some_and(|o| deal.owner.as_ref() != Some(o)) || !is_open(ds, deal) {
            continue;
        }
        let step = ds.open_step(&deal.id);
        let row = TodayRow { deal, step };
        match step {
            Some(s) if s.due < today => out.overdue.push(row),
            Some(s) if s.due == today => out.due.push(row),
            Some(_) => {}
            None if deal.current_stage() == entry && !called.contains(&deal.id) => {
                out.uncalled.push(row)
            }
            None => out.no_step.push(row),
        }
    }
    let due = |r: &TodayRow| r.step.map(|s| s.due);
    out.overdue
        .sort_by(|a, b| due(a).cmp(&due(b)).then(a.deal.title.cmp(&b.deal.title)));
    out.due.sort_by(|a, b| a.deal.title.cmp(&b.deal.title));
    let arrival = |d: &Deal| d.arrived.unwrap_or(DateTime::new(d.first_contact, 0));
    out.uncalled.sort_by(|a, b| {
        arrival(b.deal)
            .cmp(&arrival(a.deal))
            .then(a.deal.id.cmp(&b.deal.id))
    });
    out.no_step.sort_by(|a, b| {
        a.deal
            .current_since()
            .cmp(&b.deal.current_since())
            .then(a.deal.id.cmp(&b.deal.id))
    });
    out
}

/// One entry of a deal's timeline.
#[derive(Clone, Debug, PartialEq)]
pub enum Moment<'a> {
    /// The deal entered a stage on a day.
    Stage(&'a StageEvent),
    /// A call, email, meeting, message or note.
    Activity(&'a Activity),
}

impl Moment<'_> {
    /// When it happened; a stage change has only a day and sorts at its start.
    pub fn at(&self) -> DateTime {
        match self {
            Moment::Stage(e) => DateTime::new(e.date, 0),
            Moment::Activity(a) => a.at,
        }
    }
}

/// A deal's stage changes and activities together, newest first.
pub fn timeline<'a>(ds: &'a Dataset, deal: &DealId) -> Vec<Moment<'a>> {
    let mut out: Vec<Moment> = ds
        .deal(deal)
        .map(|d| d.events.iter().map(Moment::Stage).collect())
        .unwrap_or_default();
    out.extend(
        ds.activities
            .iter()
            .filter(|a| a.deal.as_ref() == Some(deal))
            .map(Moment::Activity),
    );
    // Stable: of two stage events on one day the later one (in the log) stays above.
    out.reverse();
    out.sort_by_key(|m| std::cmp::Reverse(m.at()));
    out
}

/// The filters of the activity list; `None` admits everything.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ActivityFilter {
    /// Who did it.
    pub owner: Option<OwnerId>,
    /// What kind, by its id in the team's list (an added kind, or a built-in without the
    /// added kinds based on it).
    pub kind: Option<KindId>,
    /// How a call ended.
    pub outcome: Option<OutcomeId>,
    /// First day shown.
    pub from: Option<Date>,
    /// Last day shown.
    pub to: Option<Date>,
}

impl ActivityFilter {
    /// Whether an activity passes every filter.
    pub fn admits(&self, a: &Activity) -> bool {
        self.owner
            .as_ref()
            .is_none_or(|o| a.owner.as_ref() == Some(o))
            && self
                .kind
                .as_ref()
                .is_none_or(|k| a.team_kind() == k.as_str())
            && self
                .outcome
                .as_ref()
                .is_none_or(|o| a.outcome.as_ref() == Some(o))
            && self.from.is_none_or(|d| a.at.date >= d)
            && self.to.is_none_or(|d| a.at.date <= d)
    }
}

/// The activities passing `filter`, newest first (ties by id, so the order is stable).
pub fn list_activities<'a>(ds: &'a Dataset, filter: &ActivityFilter) -> Vec<&'a Activity> {
    let mut out: Vec<&Activity> = ds.activities.iter().filter(|a| filter.admits(a)).collect();
    out.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
    out
}
