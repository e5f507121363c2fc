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
    /// To the lost stage, with a reason.
    Lose(String),
    /// From won/lost back to the last open stage the deal was in.
    Reopen,
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
        let Some(index) = self.deals.iter().position(|d| &d.id == id) else {
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
        let index = self.deals.iter().position(|d| &d.id == id)?;
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
        match (mv, kind, current) {
            (Move::Reopen, Some(StageKind::Won | StageKind::Lost), _) => deal
                .events
                .iter()
                .rev()
                .find(|e| {
                    self.stage(&e.stage)
                        .is_some_and(|s| s.kind == StageKind::Open)
                })
                .map(|e| e.stage.clone())
                .map_or_else(|| stage_of(StageKind::Open), Ok),
            (Move::Reopen, _, _) => Err(MoveError::NotClosed),
            (_, Some(StageKind::Won | StageKind::Lost), _) => Err(MoveError::Closed),
            (Move::Forward, _, Some(i)) => match open_after(i) {
                Some(s) => Ok(s.id.clone()),
                None => stage_of(StageKind::Won),
            },
            (Move::Forward, _, None) => stage_of(StageKind::Open),
            (Move::Back, _, Some(i)) => self.stages[..i]
                .iter()
                .rev()
                .find(|s| s.kind == StageKind::Open)
                .map(|s| s.id.clone())
                .ok_or(MoveError::AtFirstStage),
            (Move::Back, _, None) => Err(MoveError::AtFirstStage),
            (Move::Win, _, _) => stage_of(StageKind::Won),
            (Move::Lose(reason), _, _) if reason.trim().is_empty() => {
                Err(MoveError::ReasonRequired)
            }
            (Move::Lose(_), _, _) => stage_of(StageKind::Lost),
        }
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
        let index = self
            .deals
            .iter()
            .position(|d| &d.id == id)
            .ok_or(MoveError::NoSuchDeal)?;
        let deal = &self.deals[index];
        let target = self.move_target(deal, &mv)?;
        if date > today {
            return Err(MoveError::InFuture);
        }
        if date < deal.first_contact {
            return Err(MoveError::BeforeFirstContact(deal.first_contact));
        }
        if let Some(last) = deal.current_since().filter(|last| date < *last) {
            return Err(MoveError::BeforeLastEvent(last));
        }
        let deal = &mut self.deals[index];
        deal.lost_reason = match mv {
            Move::Lose(reason) => Some(reason.trim().to_string()),
            _ => None,
        };
        deal.events.push(StageEvent {
            stage: target.clone(),
            date,
        });
        deal.updated_at = now;
        Ok(target)
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
            ds.move_deal(
                &id,
                Move::Lose(" ".into()),
                day("2025-06-13"),
                today,
                Timestamp(8)
            ),
            Err(MoveError::ReasonRequired)
        );
        assert_eq!(
            ds.move_deal(
                &id,
                Move::Lose("Price".into()),
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
    fn counts_parse() {
        assert_eq!(parse_count("12,400"), Ok(12_400));
        assert_eq!(parse_count("۱۲٬۴۰۰"), Ok(12_400));
        assert_eq!(parse_count("-4"), Err(MoneyError::Negative));
        assert!(parse_count("").is_err());
        assert!(parse_count("1.5").is_err());
    }
}
