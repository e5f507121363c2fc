//! The deal list's rows: what one formatted row holds and how a page of them is built.

use crate::domain::ops::MoveError;
use crate::domain::query::{list_deals, ListQuery, SortKey};
use crate::domain::{Dataset, DealId, Language, StageKind, Timestamp};
use crate::i18n::{fmt_date, fmt_int, fmt_money, Key};
use crate::ui::clock;

/// Rows rendered at first; "show more" adds this many again.
pub(super) const PAGE: usize = 50;

/// Why the last action on a row failed; translated when shown.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum RowProblem {
    /// The move date field does not hold a date.
    Date,
    /// The domain refused the move.
    Move(MoveError),
}

/// One formatted row of the table.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Row {
    pub(super) id: DealId,
    pub(super) updated_at: Timestamp,
    pub(super) lang: Language,
    pub(super) title: String,
    pub(super) company: String,
    pub(super) phone: String,
    pub(super) stage: String,
    pub(super) kind: StageKind,
    pub(super) value: String,
    pub(super) owner: String,
    pub(super) source: String,
    pub(super) deal_type: String,
    pub(super) first_contact: String,
    pub(super) days_in_stage: String,
    pub(super) expected_close: String,
    pub(super) lost_reason: Option<String>,
}

pub(super) fn rows(ds: &Dataset, q: &ListQuery, limit: usize, lang: Language) -> (Vec<Row>, usize) {
    let today = clock::today();
    let deals = list_deals(ds, q, today);
    let total = deals.len();
    let rows = deals
        .into_iter()
        .take(limit)
        .map(|d| {
            let stage = d.current_stage().and_then(|s| ds.stage(s));
            Row {
                id: d.id.clone(),
                updated_at: d.updated_at,
                lang,
                title: d.title.clone(),
                company: d.company.clone(),
                phone: d.phone.clone(),
                stage: stage.map_or_else(String::new, |s| s.name.clone()),
                kind: stage.map_or(StageKind::Open, |s| s.kind),
                value: fmt_money(lang, d.value),
                owner: ds.owner_name(d.owner.as_ref()).to_string(),
                source: ds.source_name(d.source.as_ref()).to_string(),
                deal_type: ds.deal_type_name(d.deal_type.as_ref()).to_string(),
                first_contact: fmt_date(lang, d.first_contact),
                days_in_stage: d
                    .current_since()
                    .map(|since| fmt_int(lang, since.days_until(today).into()))
                    .unwrap_or_default(),
                expected_close: d
                    .expected_close
                    .map(|c| fmt_date(lang, c))
                    .unwrap_or_default(),
                lost_reason: d.lost_reason.clone(),
            }
        })
        .collect();
    (rows, total)
}

pub(super) fn column_key(sort: SortKey) -> Key {
    match sort {
        SortKey::Title => Key::ColTitle,
        SortKey::Company => Key::FieldCompany,
        SortKey::Stage => Key::ColStage,
        SortKey::Value => Key::FieldValue,
        SortKey::Owner => Key::FieldOwner,
        SortKey::Source => Key::FieldSource,
        SortKey::Type => Key::FieldType,
        SortKey::FirstContact => Key::FieldFirstContact,
        SortKey::DaysInStage => Key::ColDaysInStage,
        SortKey::ExpectedClose => Key::FieldExpectedClose,
    }
}
