//! Edits of a deal's whole stage history, checked event by event before anything changes.

use crate::date::{Date, Timestamp};
use crate::model::*;

/// What is wrong with one event of an edited stage history.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HistoryProblem {
    /// The deal no longer exists.
    #[error("the deal no longer exists")]
    NoSuchDeal,
    /// A deal needs at least one stage event.
    #[error("the history is empty")]
    Empty,
    /// The event names a stage that does not exist.
    #[error("unknown stage")]
    UnknownStage,
    /// The event's date is in the future.
    #[error("the date is in the future")]
    InFuture,
    /// The event is dated before the first contact.
    #[error("the date is before the first contact ({0})")]
    BeforeFirstContact(Date),
    /// The event is dated before the event above it.
    #[error("the date is before the previous event ({0})")]
    OutOfOrder(Date),
    /// The same stage twice in a row.
    #[error("the same stage twice in a row")]
    Repeated,
    /// Won/lost directly after won/lost: a deal has one terminal state at a time.
    #[error("a closed deal must be reopened before it closes again")]
    ClosedTwice,
    /// The history ends lost without a reason.
    #[error("a lost reason is required")]
    ReasonRequired,
}

/// One history validation error: the event's position and the problem.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("event {index}: {problem}")]
pub struct HistoryError {
    /// Position of the event in the edited list.
    pub index: usize,
    /// The problem.
    pub problem: HistoryProblem,
}

impl Dataset {
    /// Replaces a deal's stage history (corrections, past history), all rules checked first.
    ///
    /// `lost` is the reason and note, required when the last event is a lost stage.
    pub fn set_history(
        &mut self,
        id: &DealId,
        events: Vec<StageEvent>,
        lost: (String, String),
        today: Date,
        now: Timestamp,
    ) -> Result<(), Vec<HistoryError>> {
        let Some(index) = self.deal_index(id) else {
            return Err(vec![HistoryError {
                index: 0,
                problem: HistoryProblem::NoSuchDeal,
            }]);
        };
        let first_contact = self.deals[index].first_contact;
        let mut errors = Vec::new();
        let mut fail = |index, problem| errors.push(HistoryError { index, problem });
        if events.is_empty() {
            fail(0, HistoryProblem::Empty);
        }
        let mut previous: Option<(Date, &StageId, StageKind)> = None;
        for (i, event) in events.iter().enumerate() {
            let Some(kind) = self.stage(&event.stage).map(|s| s.kind) else {
                fail(i, HistoryProblem::UnknownStage);
                continue;
            };
            if event.date > today {
                fail(i, HistoryProblem::InFuture);
            } else if event.date < first_contact {
                fail(i, HistoryProblem::BeforeFirstContact(first_contact));
            }
            if let Some((date, stage, previous_kind)) = previous {
                if event.date < date {
                    fail(i, HistoryProblem::OutOfOrder(date));
                }
                if stage == &event.stage {
                    fail(i, HistoryProblem::Repeated);
                } else if previous_kind != StageKind::Open && kind != StageKind::Open {
                    fail(i, HistoryProblem::ClosedTwice);
                }
            }
            previous = Some((event.date, &event.stage, kind));
        }
        let ends_lost = previous.is_some_and(|(.., kind)| kind == StageKind::Lost);
        if ends_lost && lost.0.trim().is_empty() {
            fail(
                events.len().saturating_sub(1),
                HistoryProblem::ReasonRequired,
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // A history that no longer ends lost reopens the deal: keep the reason it had. (One that
        // still ends lost is a correction, and the reason typed with it replaces the old one.)
        if !ends_lost {
            self.keep_lost_reason(index);
        }
        let deal = &mut self.deals[index];
        deal.events = events;
        (deal.lost_reason, deal.lost_note) = if ends_lost {
            (Some(lost.0.trim().to_string()), lost.1.trim().to_string())
        } else {
            (None, String::new())
        };
        deal.updated_at = now;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::fixtures::*;

    fn ev(stage: &str, date: &str) -> StageEvent {
        StageEvent {
            stage: stage.into(),
            date: day(date),
        }
    }

    #[test]
    fn history_edits_are_checked_event_by_event() {
        let (mut ds, id) = with_deal();
        let before = ds.clone();
        let none = (String::new(), String::new());
        let problems = |r: Result<(), Vec<HistoryError>>| -> Vec<(usize, HistoryProblem)> {
            r.unwrap_err()
                .into_iter()
                .map(|e| (e.index, e.problem))
                .collect()
        };
        let today = day(TODAY);
        let bad = vec![
            ev("lead", "2025-05-20"),
            ev("mql", "2025-06-05"),
            ev("mql", "2025-06-04"),
            ev("won", "2025-06-06"),
            ev("lost", "2025-06-07"),
            ev("nope", "2025-06-08"),
            ev("sql", "2025-07-09"),
        ];
        assert_eq!(
            problems(ds.set_history(&id, bad, none.clone(), today, Timestamp(2))),
            vec![
                (0, HistoryProblem::BeforeFirstContact(day("2025-06-01"))),
                (2, HistoryProblem::OutOfOrder(day("2025-06-05"))),
                (2, HistoryProblem::Repeated),
                (4, HistoryProblem::ClosedTwice),
                (5, HistoryProblem::UnknownStage),
                (6, HistoryProblem::InFuture),
            ]
        );
        assert_eq!(
            problems(ds.set_history(&id, vec![], none.clone(), today, Timestamp(2))),
            vec![(0, HistoryProblem::Empty)]
        );
        let lost = vec![ev("lead", "2025-06-01"), ev("lost", "2025-06-09")];
        assert_eq!(
            problems(ds.set_history(&id, lost.clone(), none.clone(), today, Timestamp(2))),
            vec![(1, HistoryProblem::ReasonRequired)]
        );
        assert_eq!(ds, before);
        let reason = ("Timing".to_string(), "next year".to_string());
        ds.set_history(&id, lost, reason, today, Timestamp(3))
            .unwrap();
        let deal = ds.deal(&id).unwrap();
        assert_eq!(deal.lost_reason.as_deref(), Some("Timing"));
        assert_eq!(
            (deal.lost_note.as_str(), deal.updated_at),
            ("next year", Timestamp(3))
        );
        let reopened = vec![
            ev("lead", "2025-06-01"),
            ev("lost", "2025-06-09"),
            ev("sql", "2025-06-10"),
        ];
        ds.set_history(&id, reopened, none, today, Timestamp(4))
            .unwrap();
        assert_eq!(ds.deal(&id).unwrap().lost_reason, None);
    }
}
