//! Stage moves: where a move takes a deal, the date rules, and the lost reasons a move keeps.

use crate::date::{Date, Timestamp};
use crate::model::*;

/// Why a stage move was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    /// No deal has this id.
    #[error("the deal no longer exists")]
    NoSuchDeal,
    /// The deal is won or lost; reopen it first.
    #[error("the deal is closed")]
    Closed,
    /// The deal is open; only closed deals can be reopened.
    #[error("the deal is not closed")]
    NotClosed,
    /// There is no stage before the current one.
    #[error("the deal is already in the first stage")]
    AtFirstStage,
    /// The pipeline has no stage of the needed kind.
    #[error("the pipeline has no {0:?} stage")]
    MissingStage(StageKind),
    /// The move's date is before the deal's last stage event.
    #[error("the date is before the deal's last stage change ({0})")]
    BeforeLastEvent(Date),
    /// The move's date is before first contact.
    #[error("the date is before the first contact ({0})")]
    BeforeFirstContact(Date),
    /// The move's date is in the future.
    #[error("the date is in the future")]
    InFuture,
    /// Marking lost needs a reason.
    #[error("a lost reason is required")]
    ReasonRequired,
    /// The target stage does not exist (any more).
    #[error("the stage no longer exists")]
    NoSuchStage,
    /// The deal is already in the target stage.
    #[error("the deal is already in this stage")]
    SameStage,
}

/// A stage move a user can make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Move {
    /// To the next open stage, or won after the last open stage.
    Forward,
    /// To the previous open stage.
    Back,
    /// To the won stage.
    Win,
    /// To the lost stage, with a reason from the configured list and an optional note.
    Lose {
        /// Why the deal was lost (required).
        reason: String,
        /// Free detail.
        note: String,
    },
    /// From won/lost back to the last open stage the deal was in.
    Reopen,
    /// To a named open or won stage (a drop on the board); a closed deal dropped on an open stage
    /// is reopened there.
    To(StageId),
}

impl Move {
    /// A lost move with a reason and no note.
    pub fn lose(reason: &str) -> Move {
        Move::Lose {
            reason: reason.to_string(),
            note: String::new(),
        }
    }
}

impl Dataset {
    /// The stage a move would take the deal to, or why it cannot.
    pub fn move_target(&self, deal: &Deal, mv: &Move) -> Result<StageId, MoveError> {
        let current = deal.current_stage().and_then(|s| self.stage_index(s));
        let kind = current.map(|i| self.stages[i].kind);
        let closed = matches!(kind, Some(StageKind::Won | StageKind::Lost));
        let open_after = |i: usize| {
            self.stages[i + 1..]
                .iter()
                .find(|s| s.kind == StageKind::Open)
        };
        let stage_of = |k| {
            self.first_stage_of(k)
                .map(|s| s.id.clone())
                .ok_or(MoveError::MissingStage(k))
        };
        match (mv, current) {
            (Move::Reopen, _) if closed => deal
                .events
                .iter()
                .rev()
                .find(|e| {
                    self.stage(&e.stage)
                        .is_some_and(|s| s.kind == StageKind::Open)
                })
                .map(|e| e.stage.clone())
                .map_or_else(|| stage_of(StageKind::Open), Ok),
            (Move::Reopen, _) => Err(MoveError::NotClosed),
            (Move::To(target), _) => {
                let stage = self.stage(target).ok_or(MoveError::NoSuchStage)?;
                if deal.current_stage() == Some(target) {
                    Err(MoveError::SameStage)
                } else if stage.kind == StageKind::Lost {
                    Err(MoveError::ReasonRequired)
                } else if closed && stage.kind != StageKind::Open {
                    Err(MoveError::Closed)
                } else {
                    Ok(target.clone())
                }
            }
            _ if closed => Err(MoveError::Closed),
            (Move::Forward, Some(i)) => match open_after(i) {
                Some(s) => Ok(s.id.clone()),
                None => stage_of(StageKind::Won),
            },
            (Move::Forward, None) => stage_of(StageKind::Open),
            (Move::Back, Some(i)) => self.stages[..i]
                .iter()
                .rev()
                .find(|s| s.kind == StageKind::Open)
                .map(|s| s.id.clone())
                .ok_or(MoveError::AtFirstStage),
            (Move::Back, None) => Err(MoveError::AtFirstStage),
            (Move::Win, _) => stage_of(StageKind::Won),
            (Move::Lose { reason, .. }, _) if reason.trim().is_empty() => {
                Err(MoveError::ReasonRequired)
            }
            (Move::Lose { .. }, _) => stage_of(StageKind::Lost),
        }
    }

    /// Checks a move without making it: the target stage and the date rules.
    pub(super) fn check_move(
        &self,
        index: usize,
        mv: &Move,
        date: Date,
        today: Date,
    ) -> Result<StageId, MoveError> {
        let deal = &self.deals[index];
        let target = self.move_target(deal, mv)?;
        if date > today {
            return Err(MoveError::InFuture);
        }
        if date < deal.first_contact {
            return Err(MoveError::BeforeFirstContact(deal.first_contact));
        }
        if let Some(last) = deal.current_since().filter(|last| date < *last) {
            return Err(MoveError::BeforeLastEvent(last));
        }
        Ok(target)
    }

    pub(super) fn apply_move(
        &mut self,
        index: usize,
        target: StageId,
        mv: Move,
        date: Date,
        now: Timestamp,
    ) {
        self.keep_lost_reason(index);
        let deal = &mut self.deals[index];
        (deal.lost_reason, deal.lost_note) = match mv {
            Move::Lose { reason, note } => {
                (Some(reason.trim().to_string()), note.trim().to_string())
            }
            _ => (None, String::new()),
        };
        deal.events.push(StageEvent {
            stage: target,
            date,
        });
        deal.updated_at = now;
    }

    /// Moves the lost reason and note of a deal that is lost now into [`Dataset::past_losses`],
    /// dated with its lost event, before a change clears them (reopening, a history edit): the
    /// deal's history keeps why it was lost.
    pub(super) fn keep_lost_reason(&mut self, index: usize) {
        let deal = &self.deals[index];
        let (Some(reason), Some(date)) = (deal.lost_reason.clone(), deal.current_since()) else {
            return;
        };
        if self.deal_kind(deal) != Some(StageKind::Lost) {
            return;
        }
        let kept = PastLoss {
            deal: deal.id.clone(),
            date,
            reason,
            note: deal.lost_note.clone(),
        };
        if !self.past_losses.contains(&kept) {
            self.past_losses.push(kept);
        }
    }

    /// The lost reasons `deal` had before it was reopened, oldest first.
    pub fn past_losses_of(&self, deal: &DealId) -> Vec<&PastLoss> {
        let mut out: Vec<&PastLoss> = self
            .past_losses
            .iter()
            .filter(|p| &p.deal == deal)
            .collect();
        crate::sort::sort_by(&mut out, |a, b| a.date.cmp(&b.date));
        out
    }

    /// Moves a deal: appends a dated stage event (history is never rewritten by a move).
    pub fn move_deal(
        &mut self,
        id: &DealId,
        mv: Move,
        date: Date,
        today: Date,
        now: Timestamp,
    ) -> Result<StageId, MoveError> {
        let index = self.deal_index(id).ok_or(MoveError::NoSuchDeal)?;
        let target = self.check_move(index, &mv, date, today)?;
        self.apply_move(index, target.clone(), mv, date, now);
        Ok(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::fixtures::*;

    #[test]
    fn moves_walk_the_pipeline_and_log_dates() {
        let (mut ds, id) = with_deal();
        let today = day(TODAY);
        assert_eq!(
            ds.move_deal(&id, Move::Back, day("2025-06-02"), today, Timestamp(2)),
            Err(MoveError::AtFirstStage)
        );
        assert_eq!(
            ds.move_deal(&id, Move::Forward, day("2025-06-02"), today, Timestamp(2))
                .unwrap()
                .0,
            "mql"
        );
        assert_eq!(
            ds.move_deal(&id, Move::Forward, day("2025-06-01"), today, Timestamp(3)),
            Err(MoveError::BeforeLastEvent(day("2025-06-02")))
        );
        assert_eq!(
            ds.move_deal(&id, Move::Forward, day("2025-07-02"), today, Timestamp(3)),
            Err(MoveError::InFuture)
        );
        assert_eq!(
            ds.move_deal(&id, Move::Forward, day("2025-06-04"), today, Timestamp(3))
                .unwrap()
                .0,
            "sql"
        );
        assert_eq!(
            ds.move_deal(&id, Move::Back, day("2025-06-05"), today, Timestamp(4))
                .unwrap()
                .0,
            "mql"
        );
        assert_eq!(
            ds.move_deal(&id, Move::Forward, day("2025-06-06"), today, Timestamp(5))
                .unwrap()
                .0,
            "sql"
        );
        assert_eq!(
            ds.move_deal(&id, Move::Forward, day("2025-06-10"), today, Timestamp(6))
                .unwrap()
                .0,
            "won"
        );
        assert_eq!(
            ds.move_deal(&id, Move::Forward, day("2025-06-11"), today, Timestamp(7)),
            Err(MoveError::Closed)
        );
        assert_eq!(
            ds.move_deal(&id, Move::Reopen, day("2025-06-12"), today, Timestamp(7))
                .unwrap()
                .0,
            "sql"
        );
        assert_eq!(
            ds.move_deal(&id, Move::lose(" "), day("2025-06-13"), today, Timestamp(8)),
            Err(MoveError::ReasonRequired)
        );
        assert_eq!(
            ds.move_deal(
                &id,
                Move::lose("Price"),
                day("2025-06-13"),
                today,
                Timestamp(8)
            )
            .unwrap()
            .0,
            "lost"
        );
        let deal = ds.deal(&id).unwrap();
        assert_eq!(deal.lost_reason.as_deref(), Some("Price"));
        assert_eq!(deal.events.len(), 8);
        assert_eq!(deal.updated_at, Timestamp(8));
        assert_eq!(
            ds.move_deal(&id, Move::Reopen, day("2025-06-14"), today, Timestamp(9))
                .unwrap()
                .0,
            "sql"
        );
        assert_eq!(ds.deal(&id).unwrap().lost_reason, None);
        assert_eq!(
            ds.move_deal(&id, Move::Reopen, day("2025-06-14"), today, Timestamp(9)),
            Err(MoveError::NotClosed)
        );
        assert_eq!(
            ds.move_deal(
                &"nope".into(),
                Move::Win,
                day("2025-06-14"),
                today,
                Timestamp(9)
            ),
            Err(MoveError::NoSuchDeal)
        );
    }

    #[test]
    fn forward_skips_to_won_after_last_open_stage_and_ignores_stage_names() {
        let (mut ds, id) = with_deal();
        for s in &mut ds.stages {
            s.name = format!("مرحله {}", s.id.0);
        }
        ds.stages.swap(3, 4);
        for date in ["2025-06-02", "2025-06-03", "2025-06-04"] {
            ds.move_deal(&id, Move::Forward, day(date), day(TODAY), Timestamp(2))
                .unwrap();
        }
        assert_eq!(ds.deal_kind(ds.deal(&id).unwrap()), Some(StageKind::Won));
    }

    #[test]
    fn a_drop_moves_to_any_stage_and_reopens_closed_deals() {
        let (mut ds, id) = with_deal();
        let today = day(TODAY);
        let to = |s: &str| Move::To(s.into());
        assert_eq!(
            ds.move_deal(&id, to("lead"), today, today, Timestamp(2)),
            Err(MoveError::SameStage)
        );
        assert_eq!(
            ds.move_deal(&id, to("lost"), today, today, Timestamp(2)),
            Err(MoveError::ReasonRequired)
        );
        assert_eq!(
            ds.move_deal(&id, to("gone"), today, today, Timestamp(2)),
            Err(MoveError::NoSuchStage)
        );
        let d = |s| day(s);
        assert_eq!(
            ds.move_deal(&id, to("sql"), d("2025-06-03"), today, Timestamp(2)),
            Ok("sql".into())
        );
        ds.move_deal(&id, to("won"), d("2025-06-04"), today, Timestamp(3))
            .unwrap();
        assert_eq!(
            ds.move_deal(
                &id,
                Move::lose("Price"),
                d("2025-06-05"),
                today,
                Timestamp(4)
            ),
            Err(MoveError::Closed)
        );
        assert_eq!(
            ds.move_deal(&id, to("mql"), d("2025-06-05"), today, Timestamp(4)),
            Ok("mql".into())
        );
        let stages: Vec<_> = ds
            .deal(&id)
            .unwrap()
            .events
            .iter()
            .map(|e| e.stage.0.as_str())
            .collect();
        assert_eq!(stages, ["lead", "sql", "won", "mql"]);
    }
}
