//! Dates as CRMs and spreadsheets write them, Gregorian or Jalali, and guessing a column's format.

use super::*;

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
pub(super) fn date_tokens(text: &str) -> Vec<String> {
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
pub(super) fn month_name(token: &str) -> Option<u32> {
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
pub(super) fn year(token: &str) -> Option<i32> {
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
