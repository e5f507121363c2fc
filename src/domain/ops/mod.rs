//! Changes to a dataset: validated deal edits, stage moves, traffic entries.
//!
//! Every operation checks everything first and changes nothing when it fails, so a rejected form
//! never leaves half-written data behind.

use super::date::{Date, DateError, Timestamp};
use super::model::*;
use super::money::{Currency, Money, MoneyError};

/// A deal as typed into the form: every field still text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DealDraft {
    /// Title (required).
    pub title: String,
    /// Company.
    pub company: String,
    /// Contact person.
    pub contact: String,
    /// Source name; a new name adds a source.
    pub source: String,
    /// Owner name; a new name adds an owner.
    pub owner: String,
    /// Value as typed.
    pub value: String,
    /// Currency code.
    pub currency: String,
    /// First contact date, `YYYY-MM-DD`.
    pub first_contact: String,
    /// Expected close date, `YYYY-MM-DD` or empty.
    pub expected_close: String,
    /// Notes.
    pub notes: String,
}

impl DealDraft {
    /// The draft that edits an existing deal.
    pub fn from_deal(ds: &Dataset, deal: &Deal) -> DealDraft {
        DealDraft {
            title: deal.title.clone(),
            company: deal.company.clone(),
            contact: deal.contact.clone(),
            source: ds.source_name(deal.source.as_ref()).to_string(),
            owner: ds.owner_name(deal.owner.as_ref()).to_string(),
            value: deal.value.currency.plain_amount(deal.value.minor),
            currency: deal.value.currency.to_string(),
            first_contact: deal.first_contact.to_string(),
            expected_close: deal
                .expected_close
                .map(|d| d.to_string())
                .unwrap_or_default(),
            notes: deal.notes.clone(),
        }
    }

    /// An empty draft for a new deal first contacted `today`.
    pub fn new_on(today: Date, currency: Currency) -> DealDraft {
        DealDraft {
            first_contact: today.to_string(),
            currency: currency.to_string(),
            ..DealDraft::default()
        }
    }
}

/// A field of the deal form, so errors can be shown next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DealField {
    /// Title.
    Title,
    /// Value.
    Value,
    /// Currency.
    Currency,
    /// First contact date.
    FirstContact,
    /// Expected close date.
    ExpectedClose,
}

/// What is wrong with a field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FieldProblem {
    /// Empty but required.
    #[error("required")]
    Required,
    /// Not a valid date.
    #[error(transparent)]
    Date(#[from] DateError),
    /// Not a valid amount or currency.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// Expected close is before first contact.
    #[error("the close date is before the first contact")]
    CloseBeforeFirstContact,
    /// First contact is after the first recorded stage event.
    #[error("the first contact is after the deal's first stage event ({0})")]
    FirstContactAfterHistory(Date),
    /// First contact lies in the future.
    #[error("the first contact is in the future")]
    InFuture,
}

/// One validation error: the field and the problem.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field:?}: {problem}")]
pub struct FieldError {
    /// The field.
    pub field: DealField,
    /// The problem.
    pub problem: FieldProblem,
}

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

/// Checks a draft; on success returns the validated value, dates and the cleaned text fields.
struct ValidDraft {
    value: Money,
    first_contact: Date,
    expected_close: Option<Date>,
}

fn validate(
    draft: &DealDraft,
    history_start: Option<Date>,
    today: Date,
) -> Result<ValidDraft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut fail = |field, problem| errors.push(FieldError { field, problem });
    if draft.title.trim().is_empty() {
        fail(DealField::Title, FieldProblem::Required);
    }
    let currency = Currency::parse(&draft.currency)
        .map_err(|e| fail(DealField::Currency, e.into()))
        .ok();
    let value = currency.and_then(|c| {
        c.parse_amount(&draft.value)
            .map(|minor| Money { minor, currency: c })
            .map_err(|e| fail(DealField::Value, e.into()))
            .ok()
    });
    let first_contact = if draft.first_contact.trim().is_empty() {
        fail(DealField::FirstContact, FieldProblem::Required);
        None
    } else {
        match Date::parse(&draft.first_contact) {
            Ok(d) if d > today => {
                fail(DealField::FirstContact, FieldProblem::InFuture);
                None
            }
            Ok(d) => match history_start {
                Some(first_event) if d > first_event => {
                    fail(
                        DealField::FirstContact,
                        FieldProblem::FirstContactAfterHistory(first_event),
                    );
                    None
                }
                _ => Some(d),
            },
            Err(e) => {
                fail(DealField::FirstContact, e.into());
                None
            }
        }
    };
    let expected_close = if draft.expected_close.trim().is_empty() {
        None
    } else {
        match Date::parse(&draft.expected_close) {
            Ok(d) if first_contact.is_some_and(|f| d < f) => {
                fail(
                    DealField::ExpectedClose,
                    FieldProblem::CloseBeforeFirstContact,
                );
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                fail(DealField::ExpectedClose, e.into());
                None
            }
        }
    };
    match (value, first_contact) {
        (Some(value), Some(first_contact)) if errors.is_empty() => Ok(ValidDraft {
            value,
            first_contact,
            expected_close,
        }),
        _ => Err(errors),
    }
}

impl Dataset {
    /// Adds a new deal in the first open stage, entered on its first-contact date.
    pub fn add_deal(
        &mut self,
        id: DealId,
        draft: &DealDraft,
        today: Date,
        now: Timestamp,
    ) -> Result<(), Vec<FieldError>> {
        let valid = validate(draft, None, today)?;
        let Some(entry) = self.first_stage_of(StageKind::Open).map(|s| s.id.clone()) else {
            return Err(vec![]);
        };
        let source = self.source_by_name_or_new(&draft.source);
        let owner = self.owner_by_name_or_new(&draft.owner);
        self.deals.push(Deal {
            id,
            title: draft.title.trim().to_string(),
            company: draft.company.trim().to_string(),
            contact: draft.contact.trim().to_string(),
            source,
            owner,
            value: valid.value,
            first_contact: valid.first_contact,
            expected_close: valid.expected_close,
            lost_reason: None,
            lost_note: String::new(),
            notes: draft.notes.trim().to_string(),
            events: vec![StageEvent {
                stage: entry,
                date: valid.first_contact,
            }],
            updated_at: now,
        });
        Ok(())
    }

    /// Replaces a deal's fields (not its stage history) with a validated draft.
    pub fn update_deal(
        &mut self,
        id: &DealId,
        draft: &DealDraft,
        today: Date,
        now: Timestamp,
    ) -> Result<(), Vec<FieldError>> {
        let Some(index) = self.deal_index(id) else {
            return Err(vec![]);
        };
        let history_start = self.deals[index].events.first().map(|e| e.date);
        let valid = validate(draft, history_start, today)?;
        let source = self.source_by_name_or_new(&draft.source);
        let owner = self.owner_by_name_or_new(&draft.owner);
        let deal = &mut self.deals[index];
        deal.title = draft.title.trim().to_string();
        deal.company = draft.company.trim().to_string();
        deal.contact = draft.contact.trim().to_string();
        deal.source = source;
        deal.owner = owner;
        deal.value = valid.value;
        deal.first_contact = valid.first_contact;
        deal.expected_close = valid.expected_close;
        deal.notes = draft.notes.trim().to_string();
        deal.updated_at = now;
        Ok(())
    }

    /// Deletes a deal and leaves a tombstone; returns the deleted deal (for undo).
    pub fn delete_deal(&mut self, id: &DealId, now: Timestamp) -> Option<Deal> {
        let index = self.deal_index(id)?;
        let deal = self.deals.remove(index);
        self.tombstones.push(Tombstone {
            id: deal.id.0.clone(),
            deleted_at: now,
        });
        Some(deal)
    }

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
    fn check_move(
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

    fn apply_move(&mut self, index: usize, target: StageId, mv: Move, date: Date, now: Timestamp) {
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
    fn keep_lost_reason(&mut self, index: usize) {
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
        super::sort::sort_by(&mut out, |a, b| a.date.cmp(&b.date));
        out
    }

    fn deal_index(&self, id: &DealId) -> Option<usize> {
        self.deals.iter().position(|d| &d.id == id)
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

    /// Makes the same move on several deals, all or nothing: if any deal refuses, nothing changes
    /// and every refusal is returned with its deal.
    pub fn move_deals(
        &mut self,
        ids: &[DealId],
        mv: &Move,
        date: Date,
        today: Date,
        now: Timestamp,
    ) -> Result<usize, Vec<(DealId, MoveError)>> {
        let mut planned = Vec::with_capacity(ids.len());
        let mut refused = Vec::new();
        for id in ids {
            match self
                .deal_index(id)
                .ok_or(MoveError::NoSuchDeal)
                .and_then(|i| self.check_move(i, mv, date, today).map(|t| (i, t)))
            {
                Ok(plan) => planned.push(plan),
                Err(e) => refused.push((id.clone(), e)),
            }
        }
        if !refused.is_empty() {
            return Err(refused);
        }
        let moved = planned.len();
        for (index, target) in planned {
            self.apply_move(index, target, mv.clone(), date, now);
        }
        Ok(moved)
    }

    /// Gives several deals one owner (a new name adds an owner; blank unassigns); returns how
    /// many deals changed.
    pub fn assign_owner(&mut self, ids: &[DealId], owner: &str, now: Timestamp) -> usize {
        let owner = self.owner_by_name_or_new(owner);
        let mut changed = 0;
        for deal in self.deals.iter_mut().filter(|d| ids.contains(&d.id)) {
            if deal.owner != owner {
                deal.owner = owner.clone();
                deal.updated_at = now;
                changed += 1;
            }
        }
        changed
    }

    /// Deletes several deals, leaving tombstones; returns them in their old order, for undo.
    pub fn delete_deals(&mut self, ids: &[DealId], now: Timestamp) -> Vec<Deal> {
        let (gone, kept): (Vec<Deal>, Vec<Deal>) = std::mem::take(&mut self.deals)
            .into_iter()
            .partition(|d| ids.contains(&d.id));
        self.deals = kept;
        self.tombstones.extend(gone.iter().map(|d| Tombstone {
            id: d.id.0.clone(),
            deleted_at: now,
        }));
        gone
    }

    /// Brings deleted deals back (undo) as a new edit made `now`: drops their tombstones and
    /// dates them `now`, so another tab still holding the tombstones keeps them too (an older
    /// `updated_at` would lose to the deletion there and the merge would delete them again). A
    /// deal whose id exists again is left as it is.
    pub fn restore_deals(&mut self, deals: Vec<Deal>, now: Timestamp) {
        for mut deal in deals {
            self.tombstones.retain(|t| t.id != deal.id.0);
            if self.deal_index(&deal.id).is_none() {
                deal.updated_at = now;
                self.deals.push(deal);
            }
        }
    }

    /// Removes every deal, traffic entry and goal (keeping stages, sources, owners and settings);
    /// tombstones keep an old file from bringing them back.
    pub fn clear_records(&mut self, now: Timestamp) {
        let ids: Vec<String> = self
            .deals
            .iter()
            .map(|d| d.id.0.clone())
            .chain(self.traffic.iter().map(|t| t.id.0.clone()))
            .chain(self.goals.iter().map(|g| g.id.0.clone()))
            .collect();
        self.tombstones.extend(ids.into_iter().map(|id| Tombstone {
            id,
            deleted_at: now,
        }));
        self.deals.clear();
        self.traffic.clear();
        self.goals.clear();
        self.past_losses.clear();
    }

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

    /// Records visitors for a date range and source; replaces an entry for the same range and source.
    pub fn set_traffic(
        &mut self,
        id: TrafficId,
        source: Option<SourceId>,
        start: Date,
        end: Date,
        visitors: u64,
        now: Timestamp,
    ) {
        let (start, end) = if start <= end {
            (start, end)
        } else {
            (end, start)
        };
        if let Some(entry) = self
            .traffic
            .iter_mut()
            .find(|t| t.source == source && t.start == start && t.end == end)
        {
            entry.visitors = visitors;
            entry.updated_at = now;
            return;
        }
        self.traffic.push(TrafficEntry {
            id,
            source,
            start,
            end,
            visitors,
            updated_at: now,
        });
    }

    /// Deletes a traffic entry, leaving a tombstone.
    pub fn delete_traffic(&mut self, id: &TrafficId, now: Timestamp) -> Option<TrafficEntry> {
        let index = self.traffic.iter().position(|t| &t.id == id)?;
        let entry = self.traffic.remove(index);
        self.tombstones.push(Tombstone {
            id: entry.id.0.clone(),
            deleted_at: now,
        });
        Some(entry)
    }
}

/// Reads a visitor count typed by a user ("12,400", "۱۲٬۴۰۰").
pub fn parse_count(text: &str) -> Result<u64, MoneyError> {
    let normal: String = super::text::normalize_digits(text.trim())
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    if normal.starts_with('-')
        && normal.len() > 1
        && normal[1..].bytes().all(|b| b.is_ascii_digit())
    {
        return Err(MoneyError::Negative);
    }
    if normal.is_empty() || !normal.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MoneyError::NotANumber(text.trim().to_string()));
    }
    normal.parse().map_err(|_| MoneyError::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn draft(title: &str, value: &str, first: &str, close: &str) -> DealDraft {
        DealDraft {
            title: title.into(),
            value: value.into(),
            currency: "USD".into(),
            first_contact: first.into(),
            expected_close: close.into(),
            owner: "Sara".into(),
            source: "Website".into(),
            ..DealDraft::default()
        }
    }

    const TODAY: &str = "2025-06-30";

    fn with_deal() -> (Dataset, DealId) {
        let mut ds = Dataset::new(Language::En);
        let id = DealId::from("d1");
        ds.add_deal(
            id.clone(),
            &draft("Acme", "1,000", "2025-06-01", ""),
            day(TODAY),
            Timestamp(1),
        )
        .unwrap();
        (ds, id)
    }

    fn field_problems(errors: &[FieldError]) -> Vec<(DealField, FieldProblem)> {
        errors
            .iter()
            .map(|e| (e.field, e.problem.clone()))
            .collect()
    }

    #[test]
    fn new_deal_starts_as_lead_on_first_contact() {
        let (ds, id) = with_deal();
        let deal = ds.deal(&id).unwrap();
        assert_eq!(
            deal.events,
            vec![StageEvent {
                stage: "lead".into(),
                date: day("2025-06-01")
            }]
        );
        assert_eq!(deal.value.minor, 100_000);
        assert_eq!(ds.owner_name(deal.owner.as_ref()), "Sara");
        assert_eq!(deal.source, Some("website".into()));
    }

    #[test]
    fn validation_names_every_bad_field_and_changes_nothing() {
        let (mut ds, _) = with_deal();
        let before = ds.clone();
        let errors = ds
            .add_deal(
                "d2".into(),
                &draft("  ", "-5", "2025-06-10", "2025-06-01"),
                day(TODAY),
                Timestamp(2),
            )
            .unwrap_err();
        assert_eq!(
            field_problems(&errors),
            vec![
                (DealField::Title, FieldProblem::Required),
                (DealField::Value, FieldProblem::Money(MoneyError::Negative)),
                (
                    DealField::ExpectedClose,
                    FieldProblem::CloseBeforeFirstContact
                ),
            ]
        );
        let errors = ds
            .add_deal(
                "d2".into(),
                &draft("X", "1", "", ""),
                day(TODAY),
                Timestamp(2),
            )
            .unwrap_err();
        assert_eq!(
            field_problems(&errors),
            vec![(DealField::FirstContact, FieldProblem::Required)]
        );
        let errors = ds
            .add_deal(
                "d2".into(),
                &draft("X", "1", "2025-07-01", ""),
                day(TODAY),
                Timestamp(2),
            )
            .unwrap_err();
        assert_eq!(
            field_problems(&errors),
            vec![(DealField::FirstContact, FieldProblem::InFuture)]
        );
        let errors = ds
            .add_deal(
                "d2".into(),
                &draft("X", "1", "2025-02-30", ""),
                day(TODAY),
                Timestamp(2),
            )
            .unwrap_err();
        assert!(matches!(
            errors[0].problem,
            FieldProblem::Date(DateError::OutOfRange(_))
        ));
        assert_eq!(ds, before);
    }

    #[test]
    fn edit_cannot_move_first_contact_after_history() {
        let (mut ds, id) = with_deal();
        ds.move_deal(
            &id,
            Move::Forward,
            day("2025-06-05"),
            day(TODAY),
            Timestamp(2),
        )
        .unwrap();
        let errors = ds
            .update_deal(
                &id,
                &draft("Acme", "1", "2025-06-03", ""),
                day(TODAY),
                Timestamp(3),
            )
            .unwrap_err();
        assert_eq!(
            errors[0].problem,
            FieldProblem::FirstContactAfterHistory(day("2025-06-01"))
        );
        ds.update_deal(
            &id,
            &draft("Acme 2", "2", "2025-05-20", ""),
            day(TODAY),
            Timestamp(3),
        )
        .unwrap();
        let deal = ds.deal(&id).unwrap();
        assert_eq!(
            (deal.title.as_str(), deal.value.minor, deal.updated_at),
            ("Acme 2", 200, Timestamp(3))
        );
        assert_eq!(DealDraft::from_deal(&ds, deal).value, "2.00");
    }

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
    fn delete_leaves_tombstone() {
        let (mut ds, id) = with_deal();
        let deal = ds.delete_deal(&id, Timestamp(9)).unwrap();
        assert_eq!(deal.id, id);
        assert!(ds.deals.is_empty());
        assert_eq!(
            ds.tombstones,
            vec![Tombstone {
                id: "d1".into(),
                deleted_at: Timestamp(9)
            }]
        );
        assert_eq!(ds.delete_deal(&id, Timestamp(10)), None);
    }

    #[test]
    fn traffic_replaces_same_range_and_source() {
        let mut ds = Dataset::new(Language::En);
        let (a, b) = (day("2025-03-01"), day("2025-03-31"));
        ds.set_traffic("t1".into(), Some("website".into()), a, b, 100, Timestamp(1));
        ds.set_traffic("t2".into(), Some("website".into()), b, a, 250, Timestamp(2));
        ds.set_traffic("t3".into(), None, a, b, 50, Timestamp(3));
        assert_eq!(ds.traffic.len(), 2);
        assert_eq!(
            (ds.traffic[0].visitors, ds.traffic[0].updated_at),
            (250, Timestamp(2))
        );
        assert!(ds.delete_traffic(&"t1".into(), Timestamp(4)).is_some());
        assert_eq!(ds.traffic.len(), 1);
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

    fn three_deals() -> (Dataset, Vec<DealId>) {
        let (mut ds, id) = with_deal();
        let mut ids = vec![id];
        for n in 2..=3 {
            let id = DealId(format!("d{n}"));
            ds.add_deal(
                id.clone(),
                &draft(&format!("Deal {n}"), "10", "2025-06-02", ""),
                day(TODAY),
                Timestamp(1),
            )
            .unwrap();
            ids.push(id);
        }
        (ds, ids)
    }

    #[test]
    fn bulk_lost_is_all_or_nothing_and_names_each_refusal() {
        let (mut ds, ids) = three_deals();
        let today = day(TODAY);
        ds.move_deal(&ids[1], Move::Win, day("2025-06-03"), today, Timestamp(2))
            .unwrap();
        let before = ds.clone();
        let lose = Move::Lose {
            reason: "Price".into(),
            note: " 20% cheaper elsewhere ".into(),
        };
        assert_eq!(
            ds.move_deals(&ids, &lose, day("2025-06-10"), today, Timestamp(3)),
            Err(vec![(ids[1].clone(), MoveError::Closed)])
        );
        assert_eq!(ds, before);
        let open = [ids[0].clone(), ids[2].clone()];
        assert_eq!(
            ds.move_deals(&open, &lose, day("2025-06-10"), today, Timestamp(3)),
            Ok(2)
        );
        let deal = ds.deal(&ids[2]).unwrap();
        assert_eq!(ds.deal_kind(deal), Some(StageKind::Lost));
        assert_eq!(
            (deal.lost_reason.as_deref(), deal.lost_note.as_str()),
            (Some("Price"), "20% cheaper elsewhere")
        );
    }

    #[test]
    fn bulk_owner_change_and_delete_with_undo() {
        let (mut ds, ids) = three_deals();
        assert_eq!(ds.assign_owner(&ids[..2], "Reza", Timestamp(5)), 2);
        assert_eq!(ds.assign_owner(&ids[..2], "reza", Timestamp(6)), 0);
        let reza = ds.owner_by_name_or_new("Reza");
        assert_eq!(ds.deal(&ids[1]).unwrap().owner, reza);
        assert_eq!(ds.deal(&ids[1]).unwrap().updated_at, Timestamp(5));
        assert_ne!(ds.deal(&ids[2]).unwrap().owner, reza);
        let before = ds.clone();
        let gone = ds.delete_deals(&ids[1..], Timestamp(7));
        assert_eq!(gone.len(), 2);
        assert_eq!(ds.deals.len(), 1);
        assert_eq!(ds.tombstones.len(), 2);
        ds.restore_deals(gone, Timestamp(8));
        assert_eq!(ds.deals.len(), before.deals.len());
        assert!(ds.tombstones.is_empty());
        for deal in &before.deals[1..] {
            let back = ds.deal(&deal.id).unwrap();
            assert_eq!(back.updated_at, Timestamp(8), "an undo is a new edit");
            assert_eq!(
                Deal {
                    updated_at: deal.updated_at,
                    ..back.clone()
                },
                *deal
            );
        }
    }

    #[test]
    fn clearing_leaves_the_setup_and_tombstones() {
        let (mut ds, ids) = three_deals();
        ds.clear_records(Timestamp(9));
        assert!(ds.deals.is_empty());
        assert_eq!(ds.tombstones.len(), ids.len());
        assert_eq!(ds.stages.len(), 5);
        assert!(!ds.owners.is_empty());
    }

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

    #[test]
    fn counts_parse() {
        assert_eq!(parse_count("12,400"), Ok(12_400));
        assert_eq!(parse_count("۱۲٬۴۰۰"), Ok(12_400));
        assert_eq!(parse_count("-4"), Err(MoneyError::Negative));
        assert!(parse_count("").is_err());
        assert!(parse_count("1.5").is_err());
    }
}
