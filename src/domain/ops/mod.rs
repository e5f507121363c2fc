//! Changes to a dataset: validated deal edits, stage moves, traffic entries.
//!
//! Every operation checks everything first and changes nothing when it fails, so a rejected form
//! never leaves half-written data behind.
//!
//! One file per kind of change: `draft` (the deal form), `moves`, `history` (whole-history
//! edits), `bulk` (many deals at once), `traffic` and `activities` (calls and next steps).

mod activities;
mod bulk;
mod draft;
mod history;
mod moves;
mod traffic;

pub use activities::{
    duration_text, parse_duration, ActivityDraft, ActivityError, ActivityField, ActivityProblem,
    StepDraft, StepsChanged, MAX_SECONDS, MAX_TEXT,
};
pub use bulk::DeletedDeals;
pub use draft::{DealDraft, DealField, FieldError, FieldProblem};
pub use history::{HistoryError, HistoryProblem};
pub use moves::{Move, MoveError};
pub use traffic::parse_count;

use crate::model::{Dataset, DealId};

impl Dataset {
    // Here rather than in one seam: every seam looks a deal up by id.
    fn deal_index(&self, id: &DealId) -> Option<usize> {
        self.deals.iter().position(|d| &d.id == id)
    }
}

/// Shared by the tests of every seam: a dataset with one deal and the form that made it.
#[cfg(test)]
mod fixtures {
    use super::DealDraft;
    use crate::date::{Date, Timestamp};
    use crate::model::*;

    pub(super) fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    pub(super) fn draft(title: &str, value: &str, first: &str, close: &str) -> DealDraft {
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

    pub(super) const TODAY: &str = "2025-06-30";

    pub(super) fn with_deal() -> (Dataset, DealId) {
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
}
