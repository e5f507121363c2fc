//! Amounts with thousands separators, decimal commas, currency codes and symbols.

use super::*;

/// Why one value of a row could not be read; the row is left out and listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowProblem {
    /// Nothing names the deal: no name, company, contact or id.
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
    /// A stage date before the date of an earlier stage (or before the created date).
    StageDateOutOfOrder(String),
    /// A stage date the deal's current stage contradicts: a stage it has not reached, or
    /// another closing stage (a won date on a lost deal).
    StageDateConflict(String),
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
        .filter(|m| *m <= crate::money::MAX_MINOR)
        .ok_or_else(bad)?;
    Ok(Money { minor, currency })
}

/// Splits digits with separators into whole and fraction digits. With both '.' and ',' the
/// later one is the decimal mark; with one kind, it is a thousands separator when it occurs
/// more than once or is followed by exactly three digits (unless the currency has three
/// decimals, like the Kuwaiti dinar).
pub(super) fn split_decimal(text: &str, three_places: bool) -> Option<(String, String)> {
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
