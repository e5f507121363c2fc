//! Importing deals from CSV files exported by other CRMs (HubSpot, Pipedrive, Salesforce) or
//! kept as spreadsheets.
//!
//! The import has steps the user sees: read the table ([`TableReader`], in slices so a large
//! file shows progress), guess which column holds what ([`guess_fields`]) and how each date
//! column is written ([`guess_date_format`]), map the file's stage values to Kariz stages
//! ([`stage_values`]), then convert rows to deals ([`Converter`], also in slices). Nothing is
//! invented: the rules for missing values are in [`RULES`](crate::i18n) and `docs/import.md`.

use super::date::{Date, Timestamp};
use super::jalali;
use super::model::*;
use super::money::{Currency, Money};
use super::text::normalize_digits;
use std::collections::{BTreeMap, HashMap};

/// Largest CSV file Kariz reads; bigger files cannot fit the browser's storage anyway.
pub const MAX_CSV_BYTES: u64 = 20 * 1024 * 1024;
/// Most data rows Kariz reads from one file: five times what fits in the browser's storage.
pub const MAX_CSV_ROWS: usize = 100_000;

/// Why a CSV file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// The file is over [`MAX_CSV_BYTES`].
    #[error("the file has {size} bytes; Kariz imports files up to {limit} bytes")]
    TooLarge {
        /// Size of the file.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// No header row (an empty file).
    #[error("the file is empty: no header row")]
    NoHeader,
    /// A header but no data rows.
    #[error("the file has a header but no rows")]
    NoRows,
    /// The browser could not read the file as text.
    #[error("the file could not be read as text")]
    Unreadable,
    /// More rows than [`MAX_CSV_ROWS`].
    #[error("the file has more than {limit} rows")]
    TooManyRows {
        /// The limit.
        limit: usize,
    },
    /// The CSV structure is broken at a line.
    #[error("line {line}: {message}")]
    Malformed {
        /// Line number in the file.
        line: u64,
        /// What the reader said.
        message: String,
    },
}

/// One data row and the line it starts on (as a spreadsheet numbers it, the header is line 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Line of the file where the row starts.
    pub line: u64,
    /// Cell texts, as many as the header has columns.
    pub cells: Vec<String>,
}

/// A CSV file read into a header and rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Column names.
    pub headers: Vec<String>,
    /// Data rows (blank rows left out).
    pub rows: Vec<Row>,
}

/// Reads a CSV text in slices, so the page can show progress between them.
pub struct TableReader {
    reader: csv::Reader<std::io::Cursor<Vec<u8>>>,
    total: usize,
    table: Table,
    record: csv::StringRecord,
    /// Byte offset and line number of the last row read, to count lines incrementally.
    counted: (usize, u64),
}

/// The delimiter of the header line: comma, semicolon (spreadsheets in many European locales) or
/// tab, whichever it holds most of.
fn delimiter(text: &str) -> u8 {
    let head = text.lines().next().unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (head.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',')
}

impl TableReader {
    /// Starts reading `text` (a leading byte-order mark is dropped) and reads its header.
    pub fn new(text: String) -> Result<TableReader, CsvError> {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let delimiter = delimiter(&text);
        let total = text.len().max(1);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(std::io::Cursor::new(text.into_bytes()));
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| malformed(&e))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        if headers.iter().all(String::is_empty) {
            return Err(CsvError::NoHeader);
        }
        Ok(TableReader {
            reader,
            total,
            table: Table {
                headers,
                rows: Vec::new(),
            },
            record: csv::StringRecord::new(),
            counted: (0, 1),
        })
    }

    /// Reads up to `max_rows` more rows; `Ok(true)` once the file is read to its end.
    pub fn read(&mut self, max_rows: usize) -> Result<bool, CsvError> {
        let width = self.table.headers.len();
        for _ in 0..max_rows {
            let more = self
                .reader
                .read_record(&mut self.record)
                .map_err(|e| malformed(&e))?;
            if !more {
                return Ok(true);
            }
            if self.record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let line = self.line_of_record();
            if self.table.rows.len() >= MAX_CSV_ROWS {
                return Err(CsvError::TooManyRows {
                    limit: MAX_CSV_ROWS,
                });
            }
            let mut cells: Vec<String> = self.record.iter().take(width).map(String::from).collect();
            cells.resize(width, String::new());
            self.table.rows.push(Row { line, cells });
        }
        Ok(false)
    }

    /// The line the last record starts on. Counted from its byte offset rather than taken from
    /// the reader, whose line count skips the line feed of a CRLF header.
    fn line_of_record(&mut self) -> u64 {
        let bytes = self.reader.get_ref().get_ref();
        let start = self
            .record
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(bytes.len().saturating_sub(1));
        let (from, line) = self.counted;
        // A record offset can point at the line feed that ends the previous line; count it.
        let end = (start + 1).max(from).min(bytes.len());
        let line = line
            + bytes[from.min(end)..end]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
        self.counted = (end, line);
        line
    }

    /// Share of the file read so far, 0–1.
    pub fn progress(&self) -> f64 {
        self.reader.position().byte() as f64 / self.total as f64
    }

    /// The table read so far; refuses a file with no data rows.
    pub fn finish(self) -> Result<Table, CsvError> {
        if self.table.rows.is_empty() {
            return Err(CsvError::NoRows);
        }
        Ok(self.table)
    }
}

fn malformed(e: &csv::Error) -> CsvError {
    CsvError::Malformed {
        line: e.position().map_or(0, |p| p.line()),
        message: e.to_string(),
    }
}

/// Reads a whole CSV text at once (tests, benchmarks; the app reads in slices).
pub fn read_table(text: &str) -> Result<Table, CsvError> {
    let mut reader = TableReader::new(text.to_string())?;
    while !reader.read(usize::MAX)? {}
    reader.finish()
}

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
fn squash(text: &str) -> String {
    normalize_digits(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Header names seen in HubSpot, Pipedrive and Salesforce exports, plain spreadsheets, and
/// Kariz's own CSV export (English and Persian), squashed.
const ALIASES: &[(Field, &[&str])] = &[
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

/// How a date column is written.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum DateFormat {
    /// Year first, Gregorian: 2024-03-05, 2024/03/05 (ISO).
    Ymd,
    /// Year first, Jalali: 1403/01/15 (also with Persian or Arabic-Indic digits).
    JalaliYmd,
    /// Month first: 3/5/2024, 03/05/24 (US).
    Mdy,
    /// Day first: 5/3/2024, 05.03.24.
    Dmy,
}

/// Every date format, in the order the mapping screen offers them.
pub const DATE_FORMATS: [DateFormat; 4] = [
    DateFormat::Ymd,
    DateFormat::Mdy,
    DateFormat::Dmy,
    DateFormat::JalaliYmd,
];

/// The pieces of a date text: up to three tokens, each digits or letters.
fn date_tokens(text: &str) -> Vec<String> {
    let normal = normalize_digits(text.trim());
    let mut tokens: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut kind = 0u8;
    for c in normal.chars() {
        let k = if c.is_ascii_digit() {
            1
        } else if c.is_alphabetic() {
            2
        } else {
            0
        };
        if k != kind && !current.is_empty() {
            tokens.push(std::mem::take(&mut current));
            if tokens.len() == 3 {
                return tokens;
            }
        }
        kind = k;
        if k != 0 {
            current.push(c);
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens.truncate(3);
    tokens
}

/// "Mar", "march", … → 3.
fn month_name(token: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = token.to_lowercase();
    if lower.len() < 3 {
        return None;
    }
    let position = NAMES.iter().position(|n| lower.starts_with(n))?;
    Some(position as u32 + 1)
}

/// A year as written: four digits, or two (00–69 → 2000s, 70–99 → 1900s).
fn year(token: &str) -> Option<i32> {
    let n: i32 = token.parse().ok()?;
    match token.len() {
        4 => Some(n),
        2 if n < 70 => Some(2000 + n),
        2 => Some(1900 + n),
        _ => None,
    }
}

/// Reads a date written in `format`. A month written as a name ("5 Mar 2024", "Mar 5, 2024")
/// reads the same under every format. A time after the date is ignored.
pub fn parse_date(text: &str, format: DateFormat) -> Option<Date> {
    let tokens = date_tokens(text);
    let [a, b, c] = tokens.as_slice() else {
        return None;
    };
    let num = |t: &str| -> Option<u32> {
        (t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    if let Some(m) = month_name(a) {
        return Date::from_ymd(year(c)?, m, num(b)?).ok();
    }
    if let Some(m) = month_name(b) {
        return Date::from_ymd(year(c)?, m, num(a)?).ok();
    }
    let year_first = a.len() == 4 && a.bytes().all(|b| b.is_ascii_digit());
    match format {
        DateFormat::Ymd if year_first => Date::from_ymd(year(a)?, num(b)?, num(c)?).ok(),
        DateFormat::JalaliYmd if year_first => jalali::from_jalali(year(a)?, num(b)?, num(c)?).ok(),
        DateFormat::Mdy if !year_first => Date::from_ymd(year(c)?, num(a)?, num(b)?).ok(),
        DateFormat::Dmy if !year_first => Date::from_ymd(year(c)?, num(b)?, num(a)?).ok(),
        _ => None,
    }
}

/// What Kariz could tell about a date column.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DateGuess {
    /// The format that reads the most values, if one reads any.
    pub format: Option<DateFormat>,
    /// Month-first and day-first read every value alike: the user must choose.
    pub ambiguous: bool,
}

/// Guesses how the non-empty `values` of a date column are written.
pub fn guess_date_format<'a>(values: impl Iterator<Item = &'a str>) -> DateGuess {
    let mut read = [0usize; 4];
    for value in values.filter(|v| !v.trim().is_empty()) {
        for (i, format) in DATE_FORMATS.iter().enumerate() {
            read[i] += usize::from(parse_date(value, *format).is_some());
        }
    }
    let best = read.iter().copied().max().unwrap_or(0);
    if best == 0 {
        return DateGuess {
            format: None,
            ambiguous: false,
        };
    }
    let (mdy, dmy) = (read[1], read[2]);
    let ambiguous = mdy == best && dmy == best;
    let format = DATE_FORMATS
        .iter()
        .zip(read)
        .find(|(_, n)| *n == best)
        .map(|(f, _)| *f);
    DateGuess {
        format: if ambiguous { None } else { format },
        ambiguous,
    }
}

/// The date format of a table's column; an empty column reads under any format (ISO is
/// chosen), so the user is never asked about it.
pub fn column_date_guess(table: &Table, column: usize) -> DateGuess {
    let values = || table.rows.iter().filter_map(|r| r.cells.get(column));
    if values().all(|v| v.trim().is_empty()) {
        return DateGuess {
            format: Some(DateFormat::Ymd),
            ambiguous: false,
        };
    }
    guess_date_format(values().map(String::as_str))
}

/// Why one value of a row could not be read; the row is left out and listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowProblem {
    /// Neither a deal name nor a company.
    NoTitle,
    /// The date is not written in the column's format (or is not a real day).
    BadDate(String),
    /// A date after the import day.
    FutureDate(String),
    /// Not an amount.
    BadAmount(String),
    /// A currency code Kariz does not know.
    BadCurrency(String),
    /// Won or lost, but no closing date (Kariz does not guess when revenue happened).
    NoCloseDate,
    /// Won or lost, but no created date to start the sales cycle from.
    NoCreatedDate,
    /// The closing date is before the created date.
    ClosedBeforeCreated,
    /// The user chose to leave out rows with this stage value.
    StageLeftOut(String),
}

/// A row left out of the import: its line, the column at fault and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowIssue {
    /// Line in the file.
    pub line: u64,
    /// Header of the column at fault ("" for the row as a whole).
    pub column: String,
    /// What is wrong.
    pub problem: RowProblem,
}

/// Reads an amount as spreadsheets and CRMs write it: thousands separators ("1,234.50",
/// "1.234,50", "1 234", "۱۲٬۳۴۵"), currency symbols or codes ("$", "€", "USD", "ریال"). Returns
/// the amount in minor units and the currency the text names, if any. A toman amount becomes
/// rials (× 10): toman is a way of showing rials, never a stored currency.
pub fn parse_amount(text: &str, default: Currency) -> Result<Money, RowProblem> {
    let bad = || RowProblem::BadAmount(text.trim().to_string());
    let normal = normalize_digits(text.trim());
    let lower = normal.to_lowercase();
    let mut factor = 1i64;
    let mut named: Option<Currency> = None;
    for (marks, code) in [
        (&["تومان", "toman"][..], "IRR"),
        (&["ریال", "﷼", "rial"][..], "IRR"),
        (&["$"][..], "USD"),
        (&["€"][..], "EUR"),
        (&["£"][..], "GBP"),
    ] {
        if marks.iter().any(|m| lower.contains(m)) {
            named = Currency::parse(code).ok();
            factor = if marks[0] == "تومان" { 10 } else { 1 };
            break;
        }
    }
    let letters: String = normal.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    if named.is_none() && letters.len() == 3 {
        named = Some(Currency::parse(&letters.to_uppercase()).map_err(|_| bad())?);
    }
    if normal.contains('-') || normal.contains('(') {
        return Err(bad());
    }
    let kept: String = normal
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    if !kept.bytes().any(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let currency = named.unwrap_or(default);
    let places = currency.minor_digits();
    let (whole, frac) = split_decimal(&kept, places == 3).ok_or_else(bad)?;
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    // Round extra decimals half up: computed CRM fields carry more than the currency has.
    let mut frac_digits: Vec<u8> = frac.bytes().map(|b| b - b'0').collect();
    let round_up = frac_digits.get(places as usize).is_some_and(|d| *d >= 5);
    frac_digits.resize(places as usize, 0);
    let frac_value = frac_digits
        .iter()
        .fold(0i64, |acc, d| acc * 10 + i64::from(*d));
    let minor = whole
        .checked_mul(10i64.pow(places))
        .and_then(|w| w.checked_add(frac_value + i64::from(round_up)))
        .and_then(|m| m.checked_mul(factor))
        .filter(|m| *m <= super::money::MAX_MINOR)
        .ok_or_else(bad)?;
    Ok(Money { minor, currency })
}

/// Splits digits with separators into whole and fraction digits. With both '.' and ',' the
/// later one is the decimal mark; with one kind, it is a thousands separator when it occurs
/// more than once or is followed by exactly three digits (unless the currency has three
/// decimals, like the Kuwaiti dinar).
fn split_decimal(text: &str, three_places: bool) -> Option<(String, String)> {
    let last_dot = text.rfind('.');
    let last_comma = text.rfind(',');
    let decimal = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(d.max(c)),
        (Some(p), None) | (None, Some(p)) => {
            let mark = text.as_bytes()[p];
            let count = text.bytes().filter(|b| *b == mark).count();
            (count == 1 && (text.len() - p - 1 != 3 || three_places)).then_some(p)
        }
        (None, None) => None,
    };
    let (whole, frac) = match decimal {
        Some(p) => (&text[..p], &text[p + 1..]),
        None => (text, ""),
    };
    if frac.contains(['.', ','])
        || decimal.is_some_and(|p| whole.contains(char::from(text.as_bytes()[p])))
    {
        return None;
    }
    let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
    Some((whole, frac.to_string()))
}

/// Whether a stage value says won or lost in any CRM ("Closed Won", "closedlost", "Won", "برنده",
/// "از دست رفته"). Whole words only, so "Winter promo" or "window" say nothing.
fn kind_of_value(value: &str) -> Option<StageKind> {
    const WON: [&str; 6] = ["won", "win", "closedwon", "برنده", "موفق", "مشتری"];
    const LOST: [&str; 7] = [
        "lost",
        "loss",
        "lose",
        "closedlost",
        "باخت",
        "ناموفق",
        "ازدسترفته",
    ];
    let lower = normalize_digits(value).to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let squashed = squash(value);
    let says = |list: &[&str]| list.iter().any(|k| words.contains(k) || squashed == *k);
    if says(&LOST) {
        Some(StageKind::Lost)
    } else if says(&WON) {
        Some(StageKind::Won)
    } else {
        None
    }
}

/// One distinct stage value of the file and the Kariz stage its rows go to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageValue {
    /// The value as written (trimmed).
    pub value: String,
    /// How many rows have it.
    pub rows: usize,
    /// Kariz's guess: a stage of the same name, else by won/lost words, else `None` (the user
    /// must choose; left unchosen, those rows go to the first open stage).
    pub guess: Option<StageId>,
}

/// The columns the user mapped to `field`.
fn columns_of(fields: &[Option<Field>], field: Field) -> Vec<usize> {
    fields
        .iter()
        .enumerate()
        .filter(|(_, f)| **f == Some(field))
        .map(|(i, _)| i)
        .collect()
}

/// The columns that decide the stage: the stage columns, or the status columns when there is no
/// stage column (a spreadsheet with one "Status" column of stage names).
fn stage_columns(fields: &[Option<Field>]) -> Vec<usize> {
    let stages = columns_of(fields, Field::Stage);
    if stages.is_empty() {
        columns_of(fields, Field::Status)
    } else {
        stages
    }
}

/// Distinct stage values of the file with their row counts and Kariz's guess of their stage.
pub fn stage_values(table: &Table, fields: &[Option<Field>], ds: &Dataset) -> Vec<StageValue> {
    let columns = stage_columns(fields);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for row in &table.rows {
        if let Some(v) = first_value(row, &columns) {
            *counts.entry(v.to_string()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(value, rows)| {
            let squashed = squash(&value);
            let guess = ds
                .stages
                .iter()
                .find(|s| squash(&s.name) == squashed || squash(&s.id.0) == squashed)
                .or_else(|| kind_of_value(&value).and_then(|k| ds.first_stage_of(k)))
                .map(|s| s.id.clone());
            StageValue { value, rows, guess }
        })
        .collect()
}

/// The first non-empty cell among `columns`, trimmed and with a spreadsheet's formula escape
/// (see [`unescape_cell`](super::export_csv::unescape_cell)) undone.
fn first_value<'a>(row: &'a Row, columns: &[usize]) -> Option<&'a str> {
    columns
        .iter()
        .filter_map(|i| row.cells.get(*i))
        .map(|c| super::export_csv::unescape_cell(c.trim()))
        .find(|c| !c.is_empty())
}

/// Where one stage value's rows go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StageChoice {
    /// Into this stage.
    Stage(StageId),
    /// Left out of the import.
    LeaveOut,
}

/// Everything the user decided on the mapping screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvPlan {
    /// Per column: the field it holds, or `None` to ignore it.
    pub fields: Vec<Option<Field>>,
    /// Per column: how its dates are written (only read for date fields).
    pub formats: Vec<Option<DateFormat>>,
    /// Per stage value: where its rows go; values not listed go to the first open stage.
    pub stages: BTreeMap<String, StageChoice>,
    /// Currency of amounts that name none.
    pub currency: Currency,
    /// The import day: the first contact of open deals with no created date; later dates are
    /// refused.
    pub today: Date,
    /// Change time given to imported deals.
    pub now: Timestamp,
}

impl CsvPlan {
    /// Kariz's guesses for a table: fields from the header, date formats from the values, stage
    /// values by name or won/lost words.
    pub fn guess(table: &Table, ds: &Dataset, today: Date, now: Timestamp) -> CsvPlan {
        let fields = guess_fields(&table.headers);
        let formats = (0..table.headers.len())
            .map(|i| column_date_guess(table, i).format)
            .collect();
        let stages = stage_values(table, &fields, ds)
            .into_iter()
            .filter_map(|v| Some((v.value, StageChoice::Stage(v.guess?))))
            .fold(BTreeMap::new(), |mut m, (k, v)| {
                m.insert(k, v);
                m
            });
        CsvPlan {
            fields,
            formats,
            stages,
            currency: ds.settings.display_currency,
            today,
            now,
        }
    }

    /// Date columns whose format is not chosen yet (the user must choose before importing).
    pub fn undecided_dates(&self) -> Vec<usize> {
        self.fields
            .iter()
            .enumerate()
            .filter(|(i, f)| f.is_some_and(Field::is_date) && self.formats[*i].is_none())
            .map(|(i, _)| i)
            .collect()
    }
}

/// What a finished conversion gives: the deals as a dataset to merge, and what was left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Converted {
    /// The current dataset's pipeline and settings with the imported deals and any new owners
    /// and sources; merge it into the current data.
    pub dataset: Dataset,
    /// Rows left out, with the reason.
    pub issues: Vec<RowIssue>,
    /// Open deals with no created date, whose first contact is the import day.
    pub undated: usize,
    /// Owners and sources named in the file that Kariz did not have yet.
    pub new_names: Vec<String>,
}

/// Turns rows into deals, in slices (see [`Converter::convert`]).
pub struct Converter<'a> {
    plan: &'a CsvPlan,
    ds: &'a Dataset,
    headers: &'a [String],
    columns: HashMap<Field, Vec<usize>>,
    stage_columns: Vec<usize>,
    first_open: Option<StageId>,
    owners: HashMap<String, OwnerId>,
    sources: HashMap<String, SourceId>,
    new_owners: Vec<(OwnerId, String)>,
    new_sources: Vec<(SourceId, String)>,
    seen_keys: HashMap<u64, u32>,
    deals: Vec<Deal>,
    issues: Vec<RowIssue>,
    undated: usize,
}

/// FNV-1a: a stable hash (unlike `DefaultHasher`, the same in every build) for deal ids.
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0x1f]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

impl<'a> Converter<'a> {
    /// A converter for `table`'s rows under `plan`, adding to `ds`.
    pub fn new(ds: &'a Dataset, headers: &'a [String], plan: &'a CsvPlan) -> Converter<'a> {
        let columns = FIELDS
            .iter()
            .map(|f| (*f, columns_of(&plan.fields, *f)))
            .collect();
        Converter {
            plan,
            ds,
            headers,
            columns,
            stage_columns: stage_columns(&plan.fields),
            first_open: ds.first_stage_of(StageKind::Open).map(|s| s.id.clone()),
            owners: ds
                .owners
                .iter()
                .map(|o| (squash(&o.name), o.id.clone()))
                .collect(),
            sources: ds
                .sources
                .iter()
                .map(|s| (squash(&s.name), s.id.clone()))
                .collect(),
            new_owners: Vec::new(),
            new_sources: Vec::new(),
            seen_keys: HashMap::new(),
            deals: Vec::new(),
            issues: Vec::new(),
            undated: 0,
        }
    }

    /// Converts a slice of rows (call it slice after slice, in file order).
    pub fn convert(&mut self, rows: &[Row]) {
        for row in rows {
            match self.deal(row) {
                Ok(deal) => self.deals.push(deal),
                Err((column, problem)) => self.issues.push(RowIssue {
                    line: row.line,
                    column,
                    problem,
                }),
            }
        }
    }

    fn value<'r>(&self, row: &'r Row, field: Field) -> Option<&'r str> {
        first_value(row, self.columns.get(&field)?)
    }

    fn column_name(&self, row: &Row, field: Field) -> String {
        let columns = self.columns.get(&field).map_or(&[][..], Vec::as_slice);
        let used = columns
            .iter()
            .find(|i| row.cells.get(**i).is_some_and(|c| !c.trim().is_empty()))
            .or(columns.first());
        used.and_then(|i| self.headers.get(*i))
            .cloned()
            .unwrap_or_default()
    }

    fn date(&self, row: &Row, field: Field) -> Result<Option<Date>, (String, RowProblem)> {
        // An expected close date may lie ahead; what already happened may not.
        let future_ok = field == Field::ExpectedClose;
        let columns = self.columns.get(&field).map_or(&[][..], Vec::as_slice);
        for i in columns {
            let Some(text) = row
                .cells
                .get(*i)
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
            else {
                continue;
            };
            let header = self.headers.get(*i).cloned().unwrap_or_default();
            let format = self.plan.formats.get(*i).copied().flatten();
            let date = format
                .and_then(|f| parse_date(text, f))
                .ok_or_else(|| (header.clone(), RowProblem::BadDate(text.to_string())))?;
            if date > self.plan.today && !future_ok {
                return Err((header, RowProblem::FutureDate(text.to_string())));
            }
            return Ok(Some(date));
        }
        Ok(None)
    }

    fn name_id<T: Clone>(
        names: &mut HashMap<String, T>,
        added: &mut Vec<(T, String)>,
        name: &str,
        make: impl Fn(&str) -> T,
    ) -> T {
        let key = squash(name);
        if let Some(id) = names.get(&key) {
            return id.clone();
        }
        let id = make(&key);
        names.insert(key, id.clone());
        added.push((id.clone(), name.to_string()));
        id
    }

    fn deal(&mut self, row: &Row) -> Result<Deal, (String, RowProblem)> {
        let whole = |p: RowProblem| (String::new(), p);
        let title = self
            .value(row, Field::Title)
            .or(self.value(row, Field::Company))
            .ok_or(whole(RowProblem::NoTitle))?
            .to_string();
        let stage_text = first_value(row, &self.stage_columns);
        let mut stage = match stage_text.and_then(|v| self.plan.stages.get(v)) {
            Some(StageChoice::LeaveOut) => {
                return Err(whole(RowProblem::StageLeftOut(
                    stage_text.unwrap_or_default().to_string(),
                )))
            }
            Some(StageChoice::Stage(id)) if self.ds.stage(id).is_some() => Some(id.clone()),
            _ => None,
        };
        // Pipedrive: a won/lost status overrides the stage the deal was in.
        if !columns_of(&self.plan.fields, Field::Stage).is_empty() {
            let kind = self.value(row, Field::Status).and_then(kind_of_value);
            if let Some(stage_of_kind) = kind.and_then(|k| self.ds.first_stage_of(k)) {
                stage = Some(stage_of_kind.id.clone());
            }
        }
        let stage = stage
            .or_else(|| self.first_open.clone())
            .ok_or(whole(RowProblem::NoTitle))?;
        let kind = self.ds.stage(&stage).map_or(StageKind::Open, |s| s.kind);

        let value = match self.value(row, Field::Value) {
            Some(text) => {
                let currency = match self.value(row, Field::Currency) {
                    Some(code) => Currency::parse(&code.to_uppercase()).map_err(|_| {
                        (
                            self.column_name(row, Field::Currency),
                            RowProblem::BadCurrency(code.to_string()),
                        )
                    })?,
                    None => self.plan.currency,
                };
                parse_amount(text, currency)
                    .map_err(|p| (self.column_name(row, Field::Value), p))?
            }
            None => Money {
                minor: 0,
                currency: self.plan.currency,
            },
        };
        let created = self.date(row, Field::Created)?;
        let expected = self.date(row, Field::ExpectedClose)?;
        let closed = self.date(row, Field::Closed)?;
        let events = match kind {
            StageKind::Open => {
                let first = created.unwrap_or(self.plan.today);
                self.undated += usize::from(created.is_none());
                vec![StageEvent { stage, date: first }]
            }
            _ => {
                let end = closed.or(expected).ok_or(whole(RowProblem::NoCloseDate))?;
                let start = created.ok_or(whole(RowProblem::NoCreatedDate))?;
                if end < start {
                    return Err(whole(RowProblem::ClosedBeforeCreated));
                }
                let mut events = Vec::new();
                if let Some(open) = &self.first_open {
                    events.push(StageEvent {
                        stage: open.clone(),
                        date: start,
                    });
                }
                events.push(StageEvent { stage, date: end });
                events
            }
        };
        let first_contact = events[0].date;

        let owner = self.value(row, Field::Owner).map(|name| {
            Self::name_id(&mut self.owners, &mut self.new_owners, name, |k| {
                OwnerId(format!("owner-{k}"))
            })
        });
        let source = self.value(row, Field::Source).map(|name| {
            Self::name_id(&mut self.sources, &mut self.new_sources, name, |k| {
                SourceId(format!("source-{k}"))
            })
        });

        let company = self.value(row, Field::Company).unwrap_or("").to_string();
        let id = match self.value(row, Field::Id) {
            // A Kariz export names its own ids: they update the same deals.
            Some(id) if self.ds.deal(&DealId::from(id)).is_some() => DealId::from(id),
            Some(id) => DealId(format!("csv-{id}")),
            None => {
                // No id column: the same row imported again gets the same id (and merges as
                // unchanged), and identical rows in one file stay apart by their occurrence.
                let created_text = self.value(row, Field::Created).unwrap_or("");
                let key = fnv(&[&title, &company, created_text]);
                let n = self.seen_keys.entry(key).or_insert(0);
                *n += 1;
                DealId(format!("csv-{key:016x}-{n}"))
            }
        };
        let mut deal = Deal {
            id,
            title,
            company,
            contact: self.value(row, Field::Contact).unwrap_or("").to_string(),
            source,
            owner,
            value,
            first_contact,
            // For a closed deal, a close-date column is its closing date unless there is also a
            // won/lost date column (Kariz's own export has both).
            expected_close: if kind == StageKind::Open || closed.is_some() {
                expected
            } else {
                None
            },
            lost_reason: (kind == StageKind::Lost)
                .then(|| self.value(row, Field::LostReason).map(String::from))
                .flatten(),
            lost_note: String::new(),
            notes: self.value(row, Field::Notes).unwrap_or("").to_string(),
            events,
            updated_at: self.plan.now,
        };
        // Re-importing an unchanged row keeps the stored change time, so it merges as unchanged.
        if let Some(existing) = self.ds.deal(&deal.id) {
            let mut same = deal.clone();
            same.updated_at = existing.updated_at;
            if &same == existing {
                deal.updated_at = existing.updated_at;
            }
        }
        Ok(deal)
    }

    /// The deals converted so far, as a dataset to merge, and what was left out.
    pub fn finish(self) -> Converted {
        let mut dataset = self.ds.clone();
        dataset.deals = self.deals;
        dataset.traffic.clear();
        dataset.goals.clear();
        dataset.tombstones.clear();
        let new_names = self
            .new_owners
            .iter()
            .map(|(_, name)| name.clone())
            .chain(self.new_sources.iter().map(|(_, name)| name.clone()))
            .collect();
        dataset.owners.extend(
            self.new_owners
                .into_iter()
                .map(|(id, name)| Owner { id, name }),
        );
        dataset.sources.extend(
            self.new_sources
                .into_iter()
                .map(|(id, name)| Source { id, name }),
        );
        Converted {
            dataset,
            issues: self.issues,
            undated: self.undated,
            new_names,
        }
    }
}

/// Converts a whole table at once (tests, benchmarks; the app converts in slices).
pub fn convert_table(table: &Table, ds: &Dataset, plan: &CsvPlan) -> Converted {
    let mut converter = Converter::new(ds, &table.headers, plan);
    converter.convert(&table.rows);
    converter.finish()
}

#[cfg(test)]
mod tests;
