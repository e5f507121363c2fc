//! Civil dates and instants.
//!
//! Deals are about calendar days ("first contact on 3 March"), not instants, so a [`Date`] carries
//! no time zone and cannot drift when a file travels between time zones. It is a day number, which
//! makes day arithmetic exact and cheap; it serialises as `YYYY-MM-DD` so exported files stay
//! readable. [`Timestamp`] is the one instant in the model (`updated_at`, for merging).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Why a text could not be read as a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text is not of the form `YYYY-MM-DD`.
    #[error("expected a date as YYYY-MM-DD, got {0:?}")]
    Format(String),
    /// The parts are numbers but not a real day (e.g. 2025-02-30).
    #[error("{0:?} is not a day of the calendar")]
    OutOfRange(String),
}

/// A calendar day in the proleptic Gregorian calendar, as days since 1970-01-01.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date(i32);

/// Smallest year accepted from user input; older dates are typos, not sales history.
pub const MIN_YEAR: i32 = 1900;
/// Largest year accepted from user input.
pub const MAX_YEAR: i32 = 2200;

impl Date {
    /// The date with the given day number (days since 1970-01-01).
    pub const fn from_days(days: i32) -> Date {
        Date(days)
    }

    /// Days since 1970-01-01 (negative before).
    pub const fn days(self) -> i32 {
        self.0
    }

    /// The date for a year, month (1–12) and day (1–31), checked against the calendar.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        Date::checked_ymd(year, month, day)
            .ok_or_else(|| DateError::OutOfRange(format!("{year:04}-{month:02}-{day:02}")))
    }

    /// [`from_ymd`](Date::from_ymd) without the error's text, for readers that try many
    /// readings of a value (a CSV column's date format guess).
    pub fn checked_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
        {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// Year, month (1–12) and day of month.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// The date `n` days later (earlier when negative).
    pub const fn add_days(self, n: i32) -> Date {
        Date(self.0 + n)
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub const fn days_until(self, later: Date) -> i32 {
        later.0 - self.0
    }

    /// The first day of this date's month.
    pub fn month_start(self) -> Date {
        let (y, m, _) = self.ymd();
        Date(days_from_civil(y, m, 1))
    }

    /// The last day of this date's month.
    pub fn month_end(self) -> Date {
        let (y, m, _) = self.ymd();
        Date(days_from_civil(y, m, days_in_month(y, m)))
    }

    /// The first day of the month `n` months after this date's month.
    pub fn add_months(self, n: i32) -> Date {
        let (y, m, _) = self.ymd();
        let index = y * 12 + (m as i32 - 1) + n;
        Date(days_from_civil(
            index.div_euclid(12),
            (index.rem_euclid(12) + 1) as u32,
            1,
        ))
    }

    /// Reads `YYYY-MM-DD`; surrounding spaces and Persian/Arabic-Indic digits are accepted.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let normal = super::text::normalize_digits(text.trim());
        let mut parts = normal.splitn(3, '-');
        let mut next = |max_len: usize| -> Option<u32> {
            let part = parts.next()?;
            if part.is_empty() || part.len() > max_len || !part.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            part.parse().ok()
        };
        match (next(4), next(2), next(2)) {
            (Some(y), Some(m), Some(d)) => Date::from_ymd(y as i32, m, d)
                .map_err(|_| DateError::OutOfRange(text.trim().to_string())),
            _ => Err(DateError::Format(text.trim().to_string())),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Whether `year` is a Gregorian leap year.
pub const fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month (1–12) of a year.
pub const fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's era-based conversion: exact for every day, no loops, no tables.
const fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + if m <= 2 { 1 } else { 0 }, m, d)
}

/// An instant as milliseconds since the Unix epoch (UTC); used only for `updated_at`.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_days() {
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::from_ymd(2000, 3, 1).unwrap().days(), 11_017);
        assert_eq!(
            Date::from_ymd(2024, 2, 29).unwrap().to_string(),
            "2024-02-29"
        );
        assert_eq!(Date::from_days(19_000).to_string(), "2022-01-08");
    }

    #[test]
    fn rejects_impossible_days() {
        assert!(Date::from_ymd(2023, 2, 29).is_err());
        assert!(Date::from_ymd(2024, 13, 1).is_err());
        assert!(Date::from_ymd(2024, 4, 31).is_err());
        assert!(matches!(
            Date::parse("2024-4-5x"),
            Err(DateError::Format(_))
        ));
        assert!(matches!(
            Date::parse("2024-02-30"),
            Err(DateError::OutOfRange(_))
        ));
        assert!(matches!(Date::parse(""), Err(DateError::Format(_))));
    }

    #[test]
    fn parses_persian_digits() {
        assert_eq!(
            Date::parse(" ۲۰۲۵-۰۳-۲۱ ").unwrap(),
            Date::from_ymd(2025, 3, 21).unwrap()
        );
    }

    #[test]
    fn month_arithmetic() {
        let d = Date::from_ymd(2024, 1, 31).unwrap();
        assert_eq!(d.month_start().to_string(), "2024-01-01");
        assert_eq!(d.month_end().to_string(), "2024-01-31");
        assert_eq!(d.add_months(1).month_end().to_string(), "2024-02-29");
        assert_eq!(d.add_months(-1).to_string(), "2023-12-01");
        assert_eq!(d.add_months(11).to_string(), "2024-12-01");
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn day_number_round_trips(days in -25_567i32..84_000) {
            let d = Date::from_days(days);
            let (y, m, dd) = d.ymd();
            proptest::prop_assert_eq!(Date::from_ymd(y, m, dd).unwrap(), d);
            proptest::prop_assert_eq!(Date::parse(&d.to_string()).unwrap(), d);
            proptest::prop_assert_eq!(d.add_days(1).ymd() > d.ymd(), true);
        }
    }
}
