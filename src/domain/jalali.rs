//! The Solar Hijri (Jalali) calendar at the edges: reading and showing dates, cutting periods.
//!
//! Dates stay Gregorian day numbers everywhere inside Kariz; this module only converts. The
//! arithmetic comes from the `jalali-rs` crate (small, no dependencies), guarded here because it
//! indexes arrays with its arguments; a native test checks it against ICU4X's `icu_calendar` for
//! every day of 1300–1500 AP.

use super::date::{Date, DateError, MAX_YEAR, MIN_YEAR};

/// Jalali year, month (1–12) and day of a date.
pub fn to_jalali(date: Date) -> (i32, u32, u32) {
    let (y, m, d) = date.ymd();
    jalali_rs::gregorian_to_jalali(y, m as usize, d as i32)
}

/// Days in a Jalali month: 31 for months 1–6, 30 for 7–11, 29 or 30 for Esfand.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1..=6 => 31,
        7..=11 => 30,
        _ if is_leap(year) => 30,
        _ => 29,
    }
}

/// Whether a Jalali year has 366 days (Esfand 30 exists).
pub fn is_leap(year: i32) -> bool {
    // The 1st of Farvardin of the next year is 366 days after this year's when it is leap.
    let (Ok(start), Ok(next)) = (first_day(year), first_day(year + 1)) else {
        return false;
    };
    start.days_until(next) == 366
}

fn first_day(year: i32) -> Result<Date, DateError> {
    let (gy, gm, gd) = jalali_rs::jalali_to_gregorian(year, 1, 1);
    Date::from_ymd(gy, gm, gd)
}

/// The date of a Jalali year, month and day, checked against the calendar.
pub fn from_jalali(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
    checked_jalali(year, month, day)
        .ok_or_else(|| DateError::OutOfRange(format!("{year:04}/{month:02}/{day:02}")))
}

/// [`from_jalali`] without the error's text, for readers that try many readings of a value.
pub fn checked_jalali(year: i32, month: u32, day: u32) -> Option<Date> {
    // Years Kariz accepts in Gregorian (1900–2200) are 1278–1579 AP.
    if !(MIN_YEAR - 622..=MAX_YEAR - 621).contains(&year)
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
    {
        return None;
    }
    let (gy, gm, gd) = jalali_rs::jalali_to_gregorian(year, month as usize, day as i32);
    Date::checked_ymd(gy, gm, gd)
}

/// The first day of the Jalali month containing `date`.
pub fn month_start(date: Date) -> Date {
    let (_, _, d) = to_jalali(date);
    date.add_days(1 - d as i32)
}

/// The first day of the Jalali month `n` months after the month containing `date`.
pub fn add_months(date: Date, n: i32) -> Date {
    let (y, m, _) = to_jalali(date);
    let index = y * 12 + (m as i32 - 1) + n;
    from_jalali(index.div_euclid(12), (index.rem_euclid(12) + 1) as u32, 1).unwrap_or(date)
}

impl super::model::Calendar {
    /// The first day of the month (of this calendar) containing `date`.
    pub fn month_start(self, date: Date) -> Date {
        match self {
            super::model::Calendar::Gregorian => date.month_start(),
            super::model::Calendar::Jalali => month_start(date),
        }
    }

    /// The first day of the month `n` months after the month containing `date`.
    pub fn add_months(self, date: Date, n: i32) -> Date {
        match self {
            super::model::Calendar::Gregorian => date.add_months(n),
            super::model::Calendar::Jalali => add_months(date, n),
        }
    }

    /// The month number (1–12) of `date` in this calendar.
    pub fn month_of(self, date: Date) -> u32 {
        self.year_month(date).1
    }

    /// The year and month (1–12) of `date` in this calendar.
    pub fn year_month(self, date: Date) -> (i32, u32) {
        let (y, m, _) = self.ymd(date);
        (y, m)
    }

    /// The date of a year, month and day of this calendar, checked against it.
    pub fn date(self, year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        match self {
            super::model::Calendar::Gregorian => Date::from_ymd(year, month, day),
            super::model::Calendar::Jalali => from_jalali(year, month, day),
        }
    }

    /// Year, month (1–12) and day of `date` in this calendar.
    pub fn ymd(self, date: Date) -> (i32, u32, u32) {
        match self {
            super::model::Calendar::Gregorian => date.ymd(),
            super::model::Calendar::Jalali => to_jalali(date),
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn g(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn known_dates() {
        assert_eq!(from_jalali(1403, 1, 1), Ok(g("2024-03-20")));
        assert_eq!(from_jalali(1348, 10, 11), Ok(g("1970-01-01")));
        assert_eq!(from_jalali(1404, 10, 6), Ok(g("2025-12-27")));
        assert_eq!(to_jalali(g("2025-12-27")), (1404, 10, 6));
        assert!(is_leap(1403), "1403 has an Esfand 30");
        assert!(!is_leap(1404));
        assert!(from_jalali(1404, 12, 30).is_err());
        assert!(from_jalali(1404, 7, 31).is_err());
        assert!(from_jalali(1404, 13, 1).is_err());
        assert!(from_jalali(1404, 0, 1).is_err());
    }

    #[test]
    fn month_arithmetic() {
        assert_eq!(month_start(g("2025-12-27")), g("2025-12-22"));
        assert_eq!(
            add_months(g("2025-12-27"), 3),
            from_jalali(1405, 1, 1).unwrap()
        );
        assert_eq!(
            add_months(g("2025-12-27"), -10),
            from_jalali(1403, 12, 1).unwrap()
        );
    }

    /// Every day of 1300–1500 AP agrees with ICU4X, both ways.
    #[test]
    fn agrees_with_icu_for_1300_to_1500() {
        use icu_calendar::cal::Persian;
        let mut day = from_jalali(1300, 1, 1).unwrap();
        let end = from_jalali(1501, 1, 1).unwrap();
        let mut checked = 0;
        while day < end {
            let (y, m, d) = day.ymd();
            let iso = icu_calendar::Date::try_new_iso(y, m as u8, d as u8).unwrap();
            let persian = iso.to_calendar(Persian);
            let expected = (
                persian.era_year().year,
                u32::from(persian.month().ordinal),
                u32::from(persian.day_of_month().0),
            );
            assert_eq!(to_jalali(day), expected, "{day}");
            assert_eq!(from_jalali(expected.0, expected.1, expected.2), Ok(day));
            day = day.add_days(1);
            checked += 1;
        }
        assert_eq!(checked, 73_414, "201 years of days");
    }
}
