//! Which column holds what: field names and the header aliases of common CRMs.

use super::*;

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
        &[
            "id",
            "recordid",
            "dealid",
            "opportunityid",
            "opportunitynumber",
            "dealnumber",
            "شناسه",
            "شمارهفاکتور",
            "شمارهقرارداد",
            "کدپروژه",
            "کدمعامله",
        ],
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
            "topic",
            "opportunity",
            "leadname",
            "موضوع",
            "عنوانمعامله",
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
            "potentialcustomer",
            "نامشرکت",
            "نامخریدار",
            "خریدار",
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
            "personname",
            "relatedcontacts",
            "ناممشتری",
            "نامشخص",
            "firstname",
            "fullname",
        ],
    ),
    (
        Field::Phone,
        &[
            "phone",
            "phonenumber",
            "mobile",
            "mobilephone",
            "mobilenumber",
            "cellphone",
            "tel",
            "telephone",
            "contactphone",
            "personphone",
            "تلفن",
            "موبایل",
            "شمارهتلفن",
            "شمارهموبایل",
            "تلفنهمراه",
            "همراه",
        ],
    ),
    (
        Field::Email,
        &[
            "email",
            "emailaddress",
            "mail",
            "contactemail",
            "personemail",
            "ایمیل",
            "پستالکترونیک",
            "رایانامه",
        ],
    ),
    (
        Field::Stage,
        &[
            "stage",
            "dealstage",
            "stagename",
            "pipelinestage",
            "pipelinestagename",
            "salesstage",
            "lifecyclestage",
            "statuslabel",
            "مرحله",
            "مرحلهفروش",
        ],
    ),
    (
        Field::Status,
        &[
            "status",
            "dealstatus",
            "statustype",
            "result",
            "outcome",
            "وضعیت",
            "leadstatus",
        ],
    ),
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
            "closevalue",
            "opportunityvalue",
            "opportunityamount",
            "estrevenue",
            "estimatedrevenue",
            "expectedrevenue",
            "مبلغقرارداد",
            "مبلغمعامله",
            "نرخفروش",
            "قیمتفروش",
            "مبلغفروش",
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
            "createdtime",
            "datecreated",
            "creationdate",
            "تاریخثبت",
            "تاریخشروع",
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
            // "Close date" in Persian: the expected close of an open deal, the day a closed one
            // closed (read as the English "close date" is).
            "تاریخبستن",
            "closingdate",
            "expectedclosing",
            "estclosedate",
            "estimatedclosedate",
            "dateclosed",
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
            "closetime",
            "actualclosedate",
            "تاریخبستهشدن",
            "بستهشده",
            "dealclosedon",
            "datewon",
            "تاریخفروش",
            "closedat",
            "wonat",
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
            "salesagent",
            "salesperson",
            "salesman",
            "salesowner",
            "accountowner",
            "contactowner",
            "leadowner",
            "assignee",
            "assigneeemail",
            "username",
            "کارشناسان",
            "کارشناسفروش",
            "پرسنلفروش",
            "نامپرسنلفروش",
            "مسئولفروش",
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
            "customersource",
            "sourcecampaign",
            "campaignsource",
        ],
    ),
    (
        Field::Type,
        &[
            "type",
            "dealtype",
            "typeofdeal",
            "opportunitytype",
            "segment",
            "dealsegment",
            "نوع",
            "نوعمعامله",
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
            "lossreasonname",
            "lostreasonname",
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
            "details",
            "notecontent",
        ],
    ),
];

/// Headers a user maps to a field only when no column has a clearer name for it: a sheet's lone
/// "Date", a "Product" column in a file without deal names.
const WEAK: &[(Field, &[&str])] = &[
    (Field::Created, &["date", "تاریخ"]),
    (Field::Title, &["product", "محصول"]),
    (Field::Company, &["متقاضی"]),
];

/// The header squashed, and again without the "Deal - " / "Opportunity" prefixes Pipedrive and
/// Salesforce put on it (once or twice: Pipedrive writes "Deal - Deal created").
fn header_forms(header: &str) -> (String, String) {
    let full = squash(header);
    let mut bare = full.as_str();
    for _ in 0..2 {
        if let Some(rest) = ["deal", "opportunity"]
            .iter()
            .find_map(|p| bare.strip_prefix(p).filter(|rest| !rest.is_empty()))
        {
            bare = rest;
        }
    }
    let bare = bare.to_string();
    (full, bare)
}

/// The field a header names in `aliases`, trying the whole header, then without its prefixes,
/// then without a trailing "name" or "label" ("source_name", "stage_label").
fn alias_of(aliases: &[(Field, &[&str])], full: &str, bare: &str) -> Option<Field> {
    let plain = ["name", "label"]
        .iter()
        .find_map(|s| bare.strip_suffix(s).filter(|rest| !rest.is_empty()))
        .unwrap_or(bare);
    [full, bare, plain]
        .iter()
        .find_map(|form| aliases.iter().find(|(_, names)| names.contains(form)))
        .map(|(f, _)| f.clone())
}

/// A weak hint from how a header ends: "Implementation pipeline stage" is a stage, "Project
/// name" a deal name (dates and durations aside: "Date entered current stage" and "Elapsed days
/// in sales stage" are not stages).
fn hint_by_ending(full: &str) -> Option<Field> {
    const NOT: [&str; 6] = ["date", "time", "days", "duration", "count", "تاریخ"];
    if NOT.iter().any(|d| full.contains(d)) {
        return None;
    }
    if full.ends_with("stage") {
        Some(Field::Stage)
    } else if full.ends_with("name")
        && !["lastname", "surname", "middlename", "nickname"]
            .iter()
            .any(|n| full.ends_with(n))
    {
        Some(Field::Title)
    } else {
        None
    }
}

/// An amount by its last word ("OCH Revenue", "Opportunity Amount USD", "مبلغ ناخالص (ریال)"),
/// ignoring currency words after it.
fn looks_like_amount(header: &str) -> bool {
    const CURRENCY: [&str; 8] = ["usd", "eur", "gbp", "irr", "fx", "ریال", "تومان", "rial"];
    let lower = normalize_digits(header).to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !CURRENCY.contains(w))
        .collect();
    let first_fa = words.first().is_some_and(|w| *w == "مبلغ");
    first_fa
        || words
            .last()
            .is_some_and(|w| ["amount", "revenue", "value", "مبلغ"].contains(w))
}

/// The stage a column of stage dates is for: HubSpot's `Date entered "Closed Won (Sales
/// Pipeline)"` and "Became a Customer Date", "Entered MQL", "SQL entered", "ورود به مذاکره"
/// name it plainly; "MQL date", "Date won", "تاریخ SQL" only when the rest is a stage name as a
/// whole (so "Invoice date" or "First lead created date" are not stage dates). "Date exited …"
/// and "Time in …" columns are not entry dates.
pub(super) fn entered_stage(header: &str, names: &StageNames) -> Option<StageId> {
    let mut text = normalize_digits(header)
        .to_lowercase()
        .replace(['"', '\'', '“', '”'], " ");
    // HubSpot appends the pipeline in parentheses.
    if let Some(open) = text.rfind('(') {
        if text.trim_end().ends_with(')') && open > 0 {
            text.truncate(open);
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = text.as_str();
    if [
        "date exited",
        "exited",
        "time in",
        "latest time",
        "cumulative time",
        "تاریخ خروج",
    ]
    .iter()
    .any(|p| text.starts_with(p))
    {
        return None;
    }
    const PLAIN_PREFIXES: [&str; 6] = [
        "date entered ",
        "entered ",
        "date moved to ",
        "moved to ",
        "تاریخ ورود به ",
        "ورود به ",
    ];
    for prefix in PLAIN_PREFIXES {
        if let Some(rest) = text.strip_prefix(prefix) {
            return names.resolve(rest);
        }
    }
    for prefix in ["became a ", "became an "] {
        if let Some(rest) = text.strip_prefix(prefix) {
            let rest = rest.strip_suffix(" date").unwrap_or(rest);
            return names.resolve(rest);
        }
    }
    for suffix in [" entered", " entry date", " entered date", " stage date"] {
        if let Some(rest) = text.strip_suffix(suffix) {
            return names.resolve(rest);
        }
    }
    let whole = [" date", " time", " on", " at"]
        .iter()
        .find_map(|s| text.strip_suffix(s))
        .or_else(|| {
            ["date ", "تاریخ "]
                .iter()
                .find_map(|p| text.strip_prefix(p))
        })?;
    names.resolve_whole(whole)
}

/// Kariz's guess of each column's field from its header; `None` leaves a column out.
///
/// Pipedrive prefixes every header with "Deal - " and Salesforce some with "Opportunity", so a
/// header is also tried without those. A field is guessed for one column only, except the closing
/// date (Pipedrive has "Won time" and "Lost time") and the stage dates (several of a file's
/// stages may be one Kariz stage). Stage date columns are named by `ds`'s stages.
pub fn guess_fields(headers: &[String], ds: &Dataset) -> Vec<Option<Field>> {
    guess_fields_named(headers, &StageNames::of(ds))
}

/// [`guess_fields`] with the file's stage values known too ("Demo date" in a file whose stage
/// column says "Demo").
pub(super) fn guess_fields_named(headers: &[String], names: &StageNames) -> Vec<Option<Field>> {
    let forms: Vec<(String, String)> = headers.iter().map(|h| header_forms(h)).collect();
    let mut guesses: Vec<Option<Field>> = vec![None; headers.len()];
    let repeatable = |f: &Field| matches!(f, Field::Closed | Field::Entered(_));
    let take = |guesses: &mut Vec<Option<Field>>, i: usize, field: Field| {
        let taken = guesses.iter().any(|g| g.as_ref() == Some(&field));
        if guesses[i].is_none() && (repeatable(&field) || !taken) {
            guesses[i] = Some(field);
        }
    };
    // Clear names first, in column order; then stage dates; then the weaker hints, for the
    // fields no column claimed.
    for (i, (full, bare)) in forms.iter().enumerate() {
        if let Some(field) = alias_of(ALIASES, full, bare) {
            take(&mut guesses, i, field);
        }
    }
    for (i, header) in headers.iter().enumerate() {
        let aliased = alias_of(ALIASES, &forms[i].0, &forms[i].1).is_some();
        if !aliased {
            if let Some(stage) = entered_stage(header, names) {
                take(&mut guesses, i, Field::Entered(stage));
            }
        }
    }
    for (i, (full, bare)) in forms.iter().enumerate() {
        if guesses[i].is_some() || alias_of(ALIASES, full, bare).is_some() {
            continue;
        }
        if let Some(field) = alias_of(WEAK, full, bare) {
            take(&mut guesses, i, field);
        } else if looks_like_amount(&headers[i]) && !full.contains("currency") {
            take(&mut guesses, i, Field::Value);
        } else if let Some(field) = hint_by_ending(full) {
            take(&mut guesses, i, field);
        }
    }
    guesses
}
