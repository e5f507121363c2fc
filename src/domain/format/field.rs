//! What a column of a deal table holds ([`Field`]): the fields the CSV import maps columns to
//! and the CSV export writes, in one order.

use crate::model::{Dataset, StageId};

/// What a column of the file holds, in Kariz's terms.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Field {
    /// The other system's record id: re-importing the same file updates rather than duplicates.
    Id,
    /// Deal name.
    Title,
    /// Account / organisation.
    Company,
    /// Contact person.
    Contact,
    /// The contact's phone number.
    Phone,
    /// The contact's email address.
    Email,
    /// Pipeline stage.
    Stage,
    /// Open / won / lost status (Pipedrive keeps it apart from the stage).
    Status,
    /// Amount.
    Value,
    /// Currency code of the amount.
    Currency,
    /// Created / first-contact date: the cycle starts here.
    Created,
    /// Expected close date (for won or lost deals, their closing date if there is no other).
    ExpectedClose,
    /// Won or lost date.
    Closed,
    /// Owner / rep.
    Owner,
    /// Lead source.
    Source,
    /// Deal type (segment): new business, renewal, upsell.
    Type,
    /// Lost reason.
    LostReason,
    /// Notes.
    Notes,
    /// The date the deal entered this stage: one column per stage, the wide form of stage
    /// history (HubSpot's "Date entered <stage>", a sheet's "MQL date", "تاریخ SQL").
    Entered(StageId),
}

/// Every field, in the order the mapping screen offers them and Kariz's CSV export writes them.
pub const FIELDS: [Field; 18] = [
    Field::Id,
    Field::Title,
    Field::Company,
    Field::Contact,
    Field::Phone,
    Field::Email,
    Field::Stage,
    Field::Status,
    Field::Value,
    Field::Currency,
    Field::Created,
    Field::ExpectedClose,
    Field::Closed,
    Field::Owner,
    Field::Source,
    Field::Type,
    Field::LostReason,
    Field::Notes,
];

/// Every field a column can be mapped to with `ds`'s stages: the fields, then "entered stage X"
/// for each stage.
pub fn field_choices(ds: &Dataset) -> Vec<Field> {
    FIELDS
        .iter()
        .cloned()
        .chain(ds.stages.iter().map(|s| Field::Entered(s.id.clone())))
        .collect()
}

impl Field {
    /// A stable text key for the field (the mapping screen's option values): "Owner",
    /// "Entered:sql".
    pub fn key(&self) -> String {
        match self {
            Field::Entered(id) => format!("Entered:{}", id.as_str()),
            other => format!("{other:?}"),
        }
    }

    /// Whether the column holds dates.
    pub fn is_date(&self) -> bool {
        matches!(
            self,
            Field::Created | Field::ExpectedClose | Field::Closed | Field::Entered(_)
        )
    }
}
