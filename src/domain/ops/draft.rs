//! The deal form: a draft as typed, its validation, and the single-deal edits built on it.

use crate::date::{Date, DateError, Timestamp};
use crate::model::*;
use crate::money::{Currency, Money, MoneyError};

/// A deal as typed into the form: every field still text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DealDraft {
    /// Title (required).
    pub title: String,
    /// Company.
    pub company: String,
    /// Contact person.
    pub contact: String,
    /// The contact's phone number.
    pub phone: String,
    /// The contact's email address.
    pub email: String,
    /// Source name; a new name adds a source.
    pub source: String,
    /// Owner name; a new name adds an owner.
    pub owner: String,
    /// Deal type name; a new name adds a type (blank: none).
    pub deal_type: String,
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
            phone: deal.phone.clone(),
            email: deal.email.clone(),
            source: ds.source_name(deal.source.as_ref()).to_string(),
            owner: ds.owner_name(deal.owner.as_ref()).to_string(),
            deal_type: ds.deal_type_name(deal.deal_type.as_ref()).to_string(),
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
    /// The contact's phone number.
    Phone,
    /// The contact's email address.
    Email,
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
    /// Not a phone number (letters, or too few or too many digits).
    #[error("not a phone number")]
    BadPhone,
    /// Not an email address (no `@` between a name and a domain).
    #[error("not an email address")]
    BadEmail,
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
    let phone = draft.phone.trim();
    if !phone.is_empty() && crate::phone::normalize_phone(phone).is_none() {
        fail(DealField::Phone, FieldProblem::BadPhone);
    }
    if !is_email(draft.email.trim()) {
        fail(DealField::Email, FieldProblem::BadEmail);
    }
    match (value, first_contact) {
        (Some(value), Some(first_contact)) if errors.is_empty() => Ok(ValidDraft {
            value,
            first_contact,
            expected_close,
        }),
        _ => Err(errors),
    }
}

/// Whether `text` is empty or looks like an email address: one `@` with a name before it and a
/// dotted domain after it, no spaces. Deliverability is the mail server's business.
fn is_email(text: &str) -> bool {
    if text.is_empty() {
        return true;
    }
    match text.split_once('@') {
        Some((name, domain)) => {
            !name.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.chars().any(char::is_whitespace)
        }
        None => false,
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
        let deal_type = self.deal_type_by_name_or_new(&draft.deal_type);
        self.deals.push(Deal {
            id,
            title: draft.title.trim().to_string(),
            company: draft.company.trim().to_string(),
            contact: draft.contact.trim().to_string(),
            phone: draft.phone.trim().to_string(),
            email: draft.email.trim().to_string(),
            source,
            owner,
            deal_type,
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
            arrived: None,
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
        let deal_type = self.deal_type_by_name_or_new(&draft.deal_type);
        let deal = &mut self.deals[index];
        deal.title = draft.title.trim().to_string();
        deal.company = draft.company.trim().to_string();
        deal.contact = draft.contact.trim().to_string();
        deal.phone = draft.phone.trim().to_string();
        deal.email = draft.email.trim().to_string();
        deal.source = source;
        deal.owner = owner;
        deal.deal_type = deal_type;
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::fixtures::*;
    use crate::ops::Move;

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
    fn phone_and_email_are_checked_and_kept_as_typed() {
        let (mut ds, id) = with_deal();
        let mut bad = draft("X", "1", "2025-06-01", "");
        bad.phone = "call me".into();
        bad.email = "sara at example.com".into();
        let errors = ds
            .add_deal("d2".into(), &bad, day(TODAY), Timestamp(2))
            .unwrap_err();
        assert_eq!(
            field_problems(&errors),
            vec![
                (DealField::Phone, FieldProblem::BadPhone),
                (DealField::Email, FieldProblem::BadEmail),
            ]
        );
        let mut good = DealDraft::from_deal(&ds, ds.deal(&id).unwrap());
        good.phone = " ۰۹۱۲ ۱۲۳ ۴۵۶۷ ".into();
        good.email = "sara@example.com".into();
        ds.update_deal(&id, &good, day(TODAY), Timestamp(3))
            .unwrap();
        let deal = ds.deal(&id).unwrap();
        assert_eq!(deal.phone, "۰۹۱۲ ۱۲۳ ۴۵۶۷");
        assert_eq!(deal.email, "sara@example.com");
        for bad in ["@example.com", "a@b", "a@b@c.com", "a@.com"] {
            assert!(!is_email(bad), "{bad}");
        }
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
}
