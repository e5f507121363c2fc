//! Logging the work on deals: activities (calls with their outcome, emails, meetings, messages,
//! notes) and the deal's next step, as typed in the log dialog.
//!
//! A deal has at most one open next step: setting a new one closes the one before, so the
//! rep always works from one date per deal. Completed steps stay as the deal's history.

use crate::date::{Date, Timestamp};
use crate::model::*;
use crate::text::normalize_digits;

/// The longest duration accepted (a call or meeting of more than a working day is a typo).
pub const MAX_SECONDS: u32 = 12 * 60 * 60;

/// The longest note or next-step text kept, in characters (a note, not a document: it is
/// stored with every activity).
pub const MAX_TEXT: usize = 500;

/// An activity as typed in the log dialog.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ActivityDraft {
    /// Call, email, meeting, message or note.
    pub kind: ActivityKind,
    /// The kind in the team's list, when chosen from it: its base replaces `kind`.
    pub kind_id: Option<KindId>,
    /// The deal it is about.
    pub deal: Option<DealId>,
    /// Who did it (an owner id from the roster).
    pub owner: Option<OwnerId>,
    /// How a call ended (required for calls).
    pub outcome: Option<OutcomeId>,
    /// Outbound or inbound.
    pub direction: Direction,
    /// The duration as typed: minutes (`5`, `1.5`) or minutes and seconds (`3:20`); empty is 0.
    pub duration: String,
    /// A short note.
    pub note: String,
    /// When it happened; `None` is now (the usual case: logged as the call ends).
    pub at: Option<DateTime>,
}

/// A next step as typed: the due day (ISO text, as the date field gives it) and what to do.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct StepDraft {
    /// The day it is due.
    pub due: String,
    /// What is to be done, by whom.
    pub text: String,
}

/// The field of the log dialog a problem is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActivityField {
    /// The kind.
    Kind,
    /// The deal.
    Deal,
    /// Who did it.
    Owner,
    /// The call outcome.
    Outcome,
    /// The duration.
    Duration,
    /// The note.
    Note,
    /// When it happened.
    When,
    /// The next step's due day.
    StepDue,
    /// The next step's text.
    StepText,
}

/// What is wrong with a field of the log dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActivityProblem {
    /// The field must be filled.
    Required,
    /// The record it names is not (or no longer) there.
    Unknown,
    /// The duration is not minutes or minutes:seconds.
    BadDuration,
    /// The duration is longer than [`MAX_SECONDS`].
    TooLong,
    /// The text is longer than [`MAX_TEXT`] characters.
    TooMuchText,
    /// The date is not a date.
    BadDate,
    /// The moment is after now.
    Future,
}

/// One problem of the log dialog: which field and what.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field:?}: {problem:?}")]
pub struct ActivityError {
    /// The field.
    pub field: ActivityField,
    /// The problem.
    pub problem: ActivityProblem,
}

fn problem(field: ActivityField, problem: ActivityProblem) -> ActivityError {
    ActivityError { field, problem }
}

/// Reads a duration typed as minutes (`5`, `1.5`, Persian digits too) or `minutes:seconds`
/// (`3:20`); empty is 0 seconds.
pub fn parse_duration(text: &str) -> Result<u32, ActivityProblem> {
    let text = normalize_digits(text.trim()).replace(['٫', '/'], ".");
    if text.is_empty() {
        return Ok(0);
    }
    let seconds = match text.split_once(':') {
        Some((m, s)) => {
            let m: u64 = m.trim().parse().map_err(|_| ActivityProblem::BadDuration)?;
            let s: u64 = s.trim().parse().map_err(|_| ActivityProblem::BadDuration)?;
            if s >= 60 {
                return Err(ActivityProblem::BadDuration);
            }
            m.saturating_mul(60).saturating_add(s)
        }
        None => {
            let m: f64 = text.parse().map_err(|_| ActivityProblem::BadDuration)?;
            if !m.is_finite() || m < 0.0 {
                return Err(ActivityProblem::BadDuration);
            }
            (m * 60.0).round().min(f64::from(u32::MAX)) as u64
        }
    };
    if seconds > u64::from(MAX_SECONDS) {
        return Err(ActivityProblem::TooLong);
    }
    Ok(seconds as u32)
}

/// A duration in the form [`parse_duration`] reads back (`3:20`), for editing.
pub fn duration_text(seconds: u32) -> String {
    if seconds == 0 {
        String::new()
    } else {
        format!("{}:{:02}", seconds / 60, seconds % 60)
    }
}

/// What logging did to the deal's next steps, for the notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct StepsChanged {
    /// Open steps closed.
    pub completed: usize,
    /// Whether a new step was set.
    pub set: bool,
}

impl Dataset {
    /// The deal's open next step (the earliest due, should older data hold several).
    pub fn open_step(&self, deal: &DealId) -> Option<&NextStep> {
        self.next_steps
            .iter()
            .filter(|s| !s.done && &s.deal == deal)
            .min_by_key(|s| (s.due, s.id.clone()))
    }

    /// Checks a draft against the dataset and builds the activity it describes.
    fn build_activity(
        &self,
        id: ActivityId,
        draft: &ActivityDraft,
        now: DateTime,
        stamp: Timestamp,
    ) -> Result<Activity, Vec<ActivityError>> {
        use ActivityField as F;
        use ActivityProblem as P;
        let mut errors = Vec::new();
        if let Some(deal) = &draft.deal {
            if self.deal(deal).is_none() {
                errors.push(problem(F::Deal, P::Unknown));
            }
        }
        if let Some(owner) = &draft.owner {
            if !self.owners.iter().any(|o| &o.id == owner) {
                errors.push(problem(F::Owner, P::Unknown));
            }
        }
        let (kind, kind_id) = match &draft.kind_id {
            None => (draft.kind, None),
            Some(k) => match self.kind_def(k.as_str()) {
                Some(def) if def.is_builtin() => (def.base, None),
                Some(def) => (def.base, Some(def.id.clone())),
                None => {
                    errors.push(problem(F::Kind, P::Unknown));
                    (draft.kind, None)
                }
            },
        };
        let call = kind == ActivityKind::Call;
        let outcome = if call { draft.outcome.clone() } else { None };
        match &outcome {
            None if call => errors.push(problem(F::Outcome, P::Required)),
            Some(o) if !self.call_outcomes.iter().any(|x| &x.id == o) => {
                errors.push(problem(F::Outcome, P::Unknown));
            }
            _ => {}
        }
        let timed = matches!(kind, ActivityKind::Call | ActivityKind::Meeting);
        let seconds = if timed {
            parse_duration(&draft.duration).unwrap_or_else(|p| {
                errors.push(problem(F::Duration, p));
                0
            })
        } else {
            0
        };
        let note = draft.note.trim().to_string();
        if note.chars().count() > MAX_TEXT {
            errors.push(problem(F::Note, P::TooMuchText));
        }
        let at = draft.at.unwrap_or(now);
        if at > now {
            errors.push(problem(F::When, P::Future));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Activity {
            id,
            kind,
            kind_id,
            at,
            owner: draft.owner.clone(),
            deal: draft.deal.clone(),
            seconds,
            outcome,
            direction: draft.direction,
            phone: String::new(),
            note,
            updated_at: stamp,
        })
    }

    /// Checks a next-step draft: its due day and text.
    fn check_step(draft: &StepDraft) -> Result<(Date, String), Vec<ActivityError>> {
        use ActivityField as F;
        use ActivityProblem as P;
        let mut errors = Vec::new();
        let due = match draft.due.trim() {
            "" => {
                errors.push(problem(F::StepDue, P::Required));
                None
            }
            text => Date::parse(&normalize_digits(text))
                .map_err(|_| errors.push(problem(F::StepDue, P::BadDate)))
                .ok(),
        };
        let text = draft.text.trim().to_string();
        if text.chars().count() > MAX_TEXT {
            errors.push(problem(F::StepText, P::TooMuchText));
        }
        match due {
            Some(due) if errors.is_empty() => Ok((due, text)),
            _ => Err(errors),
        }
    }

    /// Logs an activity, optionally closing the deal's open next step and setting a new one:
    /// all checked first, nothing changed on a problem.
    pub fn log_activity(
        &mut self,
        log: Option<(ActivityId, &ActivityDraft)>,
        deal: Option<&DealId>,
        complete: bool,
        next: Option<(StepId, &StepDraft)>,
        now: DateTime,
        stamp: Timestamp,
    ) -> Result<StepsChanged, Vec<ActivityError>> {
        let deal = deal.or_else(|| log.as_ref().and_then(|(_, d)| d.deal.as_ref()));
        let mut errors = Vec::new();
        let activity = match log {
            Some((id, draft)) => self
                .build_activity(id, draft, now, stamp)
                .map_err(|e| errors.extend(e))
                .ok(),
            None => None,
        };
        let step = match next {
            Some((id, draft)) => Self::check_step(draft)
                .map_err(|e| errors.extend(e))
                .ok()
                .map(|s| (id, s)),
            None => None,
        };
        if (complete || step.is_some()) && deal.is_none_or(|d| self.deal(d).is_none()) {
            errors.push(problem(ActivityField::Deal, ActivityProblem::Unknown));
        }
        if !errors.is_empty() {
            errors.dedup();
            return Err(errors);
        }
        let mut changed = StepsChanged::default();
        if let Some(activity) = activity {
            self.activities.push(activity);
        }
        if let Some(deal) = deal.cloned() {
            // A new step replaces the open one: one date per deal to work from.
            if complete || step.is_some() {
                for s in self
                    .next_steps
                    .iter_mut()
                    .filter(|s| !s.done && s.deal == deal)
                {
                    s.done = true;
                    s.updated_at = stamp;
                    changed.completed += 1;
                }
            }
            if let Some((id, (due, text))) = step {
                self.next_steps.push(NextStep {
                    id,
                    deal,
                    due,
                    text,
                    done: false,
                    updated_at: stamp,
                });
                changed.set = true;
            }
        }
        Ok(changed)
    }

    /// Saves the log dialog over an existing activity (its id and phone number stay).
    pub fn update_activity(
        &mut self,
        id: &ActivityId,
        draft: &ActivityDraft,
        now: DateTime,
        stamp: Timestamp,
    ) -> Result<(), Vec<ActivityError>> {
        let Some(at) = self.activities.iter().position(|a| &a.id == id) else {
            return Err(vec![problem(ActivityField::Deal, ActivityProblem::Unknown)]);
        };
        let old = &self.activities[at];
        let draft = ActivityDraft {
            at: draft.at.or(Some(old.at)),
            ..draft.clone()
        };
        let mut new = self.build_activity(id.clone(), &draft, now, stamp)?;
        new.phone = old.phone.clone();
        self.activities[at] = new;
        Ok(())
    }

    /// Deletes activities (tombstones keep them deleted elsewhere); returns them as they were.
    pub fn delete_activities(&mut self, ids: &[ActivityId], now: Timestamp) -> Vec<Activity> {
        let (gone, kept): (Vec<Activity>, Vec<Activity>) = std::mem::take(&mut self.activities)
            .into_iter()
            .partition(|a| ids.contains(&a.id));
        self.activities = kept;
        self.tombstones.extend(gone.iter().map(|a| Tombstone {
            id: a.id.0.clone(),
            deleted_at: now,
        }));
        gone
    }

    /// Brings deleted activities back as a new edit made `now` (see `restore_deals`: dated now
    /// so a tab still holding the tombstones keeps them too); an id that exists again is left.
    pub fn restore_activities(&mut self, activities: Vec<Activity>, now: Timestamp) -> usize {
        let mut n = 0;
        for mut a in activities {
            self.tombstones.retain(|t| t.id != a.id.0);
            if !self.activities.iter().any(|x| x.id == a.id) {
                a.updated_at = now;
                self.activities.push(a);
                n += 1;
            }
        }
        n
    }
}
