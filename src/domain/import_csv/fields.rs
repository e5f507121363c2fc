//! Which column holds what: field names and the header aliases of common CRMs.

use super::*;

/// What a column of the file holds, in Kariz's terms.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Field {
    /// The other system's record id: re-importing the same file updates rather than duplicates.
    Id,
    /// Deal name.
    Title,
    /// Account / organisation.
    Company,
    /// Contact person.
    Contact,
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
    /// Lost reason.
    LostReason,
    /// Notes.
    Notes,
}

/// Every field, in the order the mapping screen offers them and Kariz's CSV export writes them.
pub const FIELDS: [Field; 15] = [
    Field::Id,
    Field::Title,
    Field::Company,
    Field::Contact,
    Field::Stage,
    Field::Status,
    Field::Value,
    Field::Currency,
    Field::Created,
    Field::ExpectedClose,
    Field::Closed,
    Field::Owner,
    Field::Source,
    Field::LostReason,
    Field::Notes,
];

impl Field {
    /// Whether the column holds dates.
    pub fn is_date(self) -> bool {
        matches!(self, Field::Created | Field::ExpectedClose | Field::Closed)
    }
}

/// Lower-cases and keeps only letters and digits: "Deal - Close Date" → "dealclosedate".
pub(super) fn squash(text: &str) -> String {
    normalize_digits(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Header names seen in HubSpot, Pipedrive and Salesforce exports, plain spreadsheets, and
/// Kariz's own CSV export (English and Persian), squashed.
pub(super) const ALIASES: &[(Field, &[&str])] = &[
    (
        Field::Id,
        &["id", "recordid", "dealid", "opportunityid", "شناسه"],
    ),
    (
        Field::Title,
        &[
            "title",
            "name",
            "dealname",
            "dealtitle",
            "opportunityname",
            "subject",
            "عنوان",
            "نام",
            "ناممعامله",
            "معامله",
        ],
    ),
    (
        Field::Company,
        &[
            "company",
            "companyname",
            "account",
            "accountname",
            "organization",
            "organisation",
            "organizationname",
            "associatedcompany",
            "client",
            "customer",
            "شرکت",
            "سازمان",
        ],
    ),
    (
        Field::Contact,
        &[
            "contact",
            "contactperson",
            "contactname",
            "person",
            "associatedcontact",
            "primarycontact",
            "مخاطب",
            "شخص",
        ],
    ),
    (
        Field::Stage,
        &["stage", "dealstage", "stagename", "pipelinestage", "مرحله"],
    ),
    (Field::Status, &["status", "dealstatus", "وضعیت"]),
    (
        Field::Value,
        &[
            "value",
            "amount",
            "dealvalue",
            "dealamount",
            "revenue",
            "price",
            "مبلغ",
            "ارزش",
            "ارزشمعامله",
        ],
    ),
    (
        Field::Currency,
        &[
            "currency",
            "currencycode",
            "dealcurrencycode",
            "amountcurrency",
            "opportunitycurrency",
            "valuecurrency",
            "ارز",
            "واحدپول",
        ],
    ),
    (
        Field::Created,
        &[
            "created",
            "createdate",
            "createddate",
            "createdat",
            "createdon",
            "dealcreated",
            "dealcreatedon",
            "addtime",
            "dateadded",
            "engagedate",
            "firstcontact",
            "leaddate",
            "opendate",
            "تاریخایجاد",
            "اولینتماس",
            "تاریخاولینتماس",
        ],
    ),
    (
        Field::ExpectedClose,
        &[
            "closedate",
            "expectedclosedate",
            "expectedclose",
            "expectedclosingdate",
            "بستنموردانتظار",
            "تاریخبستنموردانتظار",
        ],
    ),
    (
        Field::Closed,
        &[
            "closed",
            "closeddate",
            "closedon",
            "wontime",
            "losttime",
            "wondate",
            "lostdate",
            "datewon",
            "datelost",
            "closetime",
            "actualclosedate",
            "تاریخبستهشدن",
            "بستهشده",
        ],
    ),
    (
        Field::Owner,
        &[
            "owner",
            "dealowner",
            "opportunityowner",
            "ownername",
            "assignedto",
            "salesrep",
            "rep",
            "agent",
            "user",
            "مسئول",
            "کارشناس",
            "فروشنده",
        ],
    ),
    (
        Field::Source,
        &[
            "source",
            "leadsource",
            "originalsource",
            "dealsource",
            "channel",
            "منبع",
            "کانال",
        ],
    ),
    (
        Field::LostReason,
        &[
            "lostreason",
            "closedlostreason",
            "lossreason",
            "reasonlost",
            "دلیلازدستدادن",
            "دلیلباخت",
        ],
    ),
    (
        Field::Notes,
        &[
            "notes",
            "note",
            "description",
            "comments",
            "یادداشت",
            "یادداشتها",
            "توضیحات",
        ],
    ),
];

/// Kariz's guess of each column's field from its header; `None` leaves a column out.
///
/// Pipedrive prefixes every header with "Deal - " and Salesforce some with "Opportunity", so a
/// header is also tried without those. A field is guessed for one column only, except the closing
/// date (Pipedrive has "Won time" and "Lost time").
pub fn guess_fields(headers: &[String]) -> Vec<Option<Field>> {
    let mut taken: Vec<Field> = Vec::new();
    headers
        .iter()
        .map(|h| {
            let full = squash(h);
            let bare = ["deal", "opportunity"]
                .iter()
                .find_map(|p| full.strip_prefix(p).filter(|rest| !rest.is_empty()))
                .unwrap_or(&full);
            let field = ALIASES
                .iter()
                .find(|(_, names)| names.contains(&full.as_str()))
                .or_else(|| ALIASES.iter().find(|(_, names)| names.contains(&bare)))
                .map(|(f, _)| *f)
                .filter(|f| *f == Field::Closed || !taken.contains(f))?;
            taken.push(field);
            Some(field)
        })
        .collect()
}
