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

/// The pieces of a date text: up to three tokens, each a run of digits or of letters (Persian
/// and Arabic-Indic digits read as ASCII ones). Borrows the text when it is ASCII, so reading a
/// date allocates nothing in the common case.
pub(super) struct DateTokens<'a> {
    pub(super) text: std::borrow::Cow<'a, str>,
    pub(super) spans: [(usize, usize); 3],
    pub(super) len: usize,
}

/// The first three runs of one kind (not 0) in a text's `kinds` (offset and kind of each
/// character), as byte spans, and how many there are.
fn split(kinds: impl Iterator<Item = (usize, u8)>, end: usize) -> ([(usize, usize); 3], usize) {
    let mut spans = [(0, 0); 3];
    let mut len = 0;
    // The token being read: where it starts and its kind.
    let mut current: Option<(usize, u8)> = None;
    for (i, kind) in kinds {
        if let Some((start, k)) = current {
            if k != kind {
                spans[len] = (start, i);
                len += 1;
                current = None;
                if len == 3 {
                    return (spans, len);
                }
            }
        }
        if kind != 0 && current.is_none() {
            current = Some((i, kind));
        }
    }
    if let Some((start, _)) = current {
        spans[len] = (start, end);
        len += 1;
    }
    (spans, len)
}

impl<'a> DateTokens<'a> {
    /// Splits `text` into its first three tokens.
    pub(super) fn of(text: &'a str) -> DateTokens<'a> {
        let trimmed = text.trim();
        let text = if trimmed.is_ascii() {
            std::borrow::Cow::Borrowed(trimmed)
        } else {
            std::borrow::Cow::Owned(normalize_digits(trimmed))
        };
        // 1 for a digit, 2 for a letter, 0 for anything else.
        let kinds = text.char_indices().map(|(i, c)| {
            let kind = if c.is_ascii_digit() {
                1
            } else {
                2 * u8::from(c.is_alphabetic())
            };
            (i, kind)
        });
        let (spans, len) = split(kinds, text.len());
        DateTokens { text, spans, len }
    }

    /// The three tokens, when there are three.
    fn three(&self) -> Option<[&str; 3]> {
        (self.len == 3).then(|| self.spans.map(|(from, to)| &self.text[from..to]))
    }
}

/// "Mar", "march", … → 3.
pub(super) fn month_name(token: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if token.is_ascii() {
        // The same as below without lower-casing into a new string.
        let head = token.as_bytes().get(..3)?;
        let position = NAMES
            .iter()
            .position(|n| head.eq_ignore_ascii_case(n.as_bytes()))?;
        return Some(position as u32 + 1);
    }
    let lower = token.to_lowercase();
    if lower.len() < 3 {
        return None;
    }
    let position = NAMES.iter().position(|n| lower.starts_with(n))?;
    Some(position as u32 + 1)
}

/// A year as written: four digits, or two (00–69 → 2000s, 70–99 → 1900s).
pub(super) fn year(token: &str) -> Option<i32> {
    if !matches!(token.len(), 2 | 4) {
        return None;
    }
    let n: i32 = token.parse().ok()?;
    match token.len() {
        4 => Some(n),
        2 if n < 70 => Some(2000 + n),
        2 => Some(1900 + n),
        _ => None,
    }
}

/// A day or month as written: one or two digits.
fn num(token: &str) -> Option<u32> {
    (token.len() <= 2 && token.bytes().all(|b| b.is_ascii_digit()))
        .then(|| token.parse().ok())
        .flatten()
}

/// Reads a date written in `format`. A month written as a name ("5 Mar 2024", "Mar 5, 2024")
/// reads the same under every format. A time after the date is ignored.
pub fn parse_date(text: &str, format: DateFormat) -> Option<Date> {
    DateTokens::of(text).date(format)
}

impl DateTokens<'_> {
    /// Whether the tokens make a date in each of [`DATE_FORMATS`].
    pub(super) fn reads(&self) -> [bool; 4] {
        self.dates().map(|d| d.is_some())
    }

    /// The date the tokens make in each of [`DATE_FORMATS`], trying only the formats that can
    /// read them: a month name reads the same under every format, a year-first date only as
    /// Gregorian or Jalali, the rest only as month- or day-first.
    fn dates(&self) -> [Option<Date>; 4] {
        let Some([a, b, c]) = self.three() else {
            return [None; 4];
        };
        if let Some((m, day)) = month_name(a)
            .map(|m| (m, b))
            .or_else(|| month_name(b).map(|m| (m, a)))
        {
            let read = year(c)
                .zip(num(day))
                .and_then(|(y, d)| Date::checked_ymd(y, m, d));
            return [read; 4];
        }
        if a.len() == 4 && a.bytes().all(|b| b.is_ascii_digit()) {
            let Some((y, (m, d))) = year(a).zip(num(b).zip(num(c))) else {
                return [None; 4];
            };
            [
                Date::checked_ymd(y, m, d),
                None,
                None,
                jalali::checked_jalali(y, m, d),
            ]
        } else {
            let Some((y, (p, q))) = year(c).zip(num(a).zip(num(b))) else {
                return [None; 4];
            };
            [
                None,
                Date::checked_ymd(y, p, q),
                Date::checked_ymd(y, q, p),
                None,
            ]
        }
    }

    /// The date the tokens make in `format` (see [`parse_date`]).
    fn date(&self, format: DateFormat) -> Option<Date> {
        let i = DATE_FORMATS.iter().position(|f| *f == format)?;
        self.dates()[i]
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

/// Whether no format can read `text` as a date, decided from its first token alone without
/// splitting the rest (most columns of a file are not dates): a word that is not a month name
/// ("Deal 12", "Acme, Inc.", "open"), or a number of 3 or more than 4 digits (an id, an
/// amount), which is neither a day, a month nor a year.
fn no_date_from_the_start(text: &str) -> bool {
    // The first letter or digit (Persian and Arabic-Indic digits are digits, not letters).
    let Some(start) = text.find(|c: char| c.is_alphanumeric()) else {
        return false;
    };
    let rest = &text[start..];
    let digit = |c: char| crate::text::ascii_digit(c).is_ascii_digit();
    if rest.starts_with(digit) {
        let digits = rest.chars().take_while(|c| digit(*c)).take(5).count();
        return digits == 3 || digits == 5;
    }
    if !rest.starts_with(char::is_alphabetic) {
        return false;
    }
    let end = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    month_name(&rest[..end]).is_none()
}

/// Guesses how the non-empty `values` of a date column are written.
///
/// Each distinct value is split into tokens once and tried under every format: a CRM export's
/// 8,800 rows hold a few hundred distinct dates, and a lookup costs less than reading one again.
pub fn guess_date_format<'a>(values: impl Iterator<Item = &'a str>) -> DateGuess {
    let mut read = [0usize; 4];
    let mut seen: crate::kpi::FxMap<&str, [bool; 4]> = crate::kpi::FxMap::default();
    // A run of equal values (an empty or constant column, a sorted one) skips even the lookup.
    let mut last: Option<(&str, [bool; 4])> = None;
    for value in values {
        let reads = match last {
            Some((before, reads)) if before == value => reads,
            _ => {
                let reads = *seen.entry(value).or_insert_with(|| {
                    if value.trim().is_empty() || no_date_from_the_start(value) {
                        [false; 4]
                    } else {
                        DateTokens::of(value).reads()
                    }
                });
                last = Some((value, reads));
                reads
            }
        };
        for (n, yes) in read.iter_mut().zip(reads) {
            *n += usize::from(yes);
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
    guess_date_format(values())
}
