//! Reporting periods: inclusive day ranges and the presets the dashboard offers.
//!
//! A period is just two civil days, so month and quarter boundaries can come from any calendar
//! (Gregorian now; Jalali months and seasons plug in by producing other boundaries).

use crate::date::Date;
use crate::model::Calendar;

/// An inclusive range of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    /// First day.
    pub start: Date,
    /// Last day (inclusive).
    pub end: Date,
}

/// Period presets offered in the dashboard (a custom range is a plain [`Period`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PeriodPreset {
    /// Everything.
    AllTime,
    /// The calendar month containing today.
    ThisMonth,
    /// The previous calendar month.
    LastMonth,
    /// The calendar quarter containing today.
    ThisQuarter,
    /// The previous calendar quarter.
    LastQuarter,
    /// The calendar year containing today.
    ThisYear,
    /// The 30 days ending today.
    Last30Days,
    /// The 90 days ending today.
    Last90Days,
    /// The 365 days ending today.
    Last365Days,
}

impl PeriodPreset {
    /// All presets in menu order.
    pub const ALL: [PeriodPreset; 9] = [
        PeriodPreset::ThisMonth,
        PeriodPreset::LastMonth,
        PeriodPreset::ThisQuarter,
        PeriodPreset::LastQuarter,
        PeriodPreset::ThisYear,
        PeriodPreset::Last30Days,
        PeriodPreset::Last90Days,
        PeriodPreset::Last365Days,
        PeriodPreset::AllTime,
    ];

    /// The concrete days of this preset, seen from `today`, in the Gregorian calendar.
    pub fn period(self, today: Date) -> Period {
        self.period_in(today, Calendar::Gregorian)
    }

    /// The concrete days of this preset, seen from `today`: months, quarters and years follow
    /// `calendar` (Jalali quarters are the four seasons, starting at Nowruz).
    pub fn period_in(self, today: Date, calendar: Calendar) -> Period {
        let month = calendar.month_of(today);
        let month_start = calendar.month_start(today);
        let quarter_start = calendar.add_months(month_start, -(((month - 1) % 3) as i32));
        let months = |start: Date, n: i32| Period {
            start,
            end: calendar.add_months(start, n).add_days(-1),
        };
        let days = |n: i32| Period {
            start: today.add_days(1 - n),
            end: today,
        };
        match self {
            PeriodPreset::AllTime => Period::all(),
            PeriodPreset::ThisMonth => months(month_start, 1),
            PeriodPreset::LastMonth => months(calendar.add_months(month_start, -1), 1),
            PeriodPreset::ThisQuarter => months(quarter_start, 3),
            PeriodPreset::LastQuarter => months(calendar.add_months(quarter_start, -3), 3),
            PeriodPreset::ThisYear => {
                months(calendar.add_months(month_start, -((month - 1) as i32)), 12)
            }
            PeriodPreset::Last30Days => days(30),
            PeriodPreset::Last90Days => days(90),
            PeriodPreset::Last365Days => days(365),
        }
    }
}

impl Period {
    /// Every day Kariz accepts (years 1900–2200).
    pub fn all() -> Period {
        Period {
            start: Date::from_days(-25_567),
            end: Date::from_days(84_370),
        }
    }

    /// Whether this is the unbounded "all time" period (which has no previous period).
    pub fn is_all(&self) -> bool {
        *self == Period::all()
    }

    /// Whether `date` lies in the period.
    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }

    /// Number of days in the period.
    pub fn days(&self) -> i64 {
        self.start.days_until(self.end) as i64 + 1
    }

    /// Days shared with `[start, end]`.
    pub fn overlap_days(&self, start: Date, end: Date) -> i64 {
        let (from, to) = (self.start.max(start), self.end.min(end));
        if from > to {
            0
        } else {
            from.days_until(to) as i64 + 1
        }
    }

    /// The share of the days `[start, end]` that fall in this period, or `None` when none do;
    /// entries spanning several periods (visitor counts, goals) count pro rata by it.
    pub fn share_of(&self, start: Date, end: Date) -> Option<f64> {
        let span = Period { start, end }.days();
        let overlap = self.overlap_days(start, end);
        (span > 0 && overlap > 0).then(|| overlap as f64 / span as f64)
    }

    /// The period of the same length that ends the day before this one starts.
    pub fn previous(&self) -> Option<Period> {
        if self.is_all() {
            return None;
        }
        let len = self.days() as i32;
        Some(Period {
            start: self.start.add_days(-len),
            end: self.start.add_days(-1),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(p: Period) -> (String, String) {
        (p.start.to_string(), p.end.to_string())
    }

    #[test]
    fn jalali_presets_follow_jalali_months_and_seasons() {
        // 2025-12-27 is 1404/10/06 (Dey, the first month of winter).
        let today = Date::parse("2025-12-27").unwrap();
        let p = |preset: PeriodPreset| span(preset.period_in(today, Calendar::Jalali));
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            p(PeriodPreset::ThisMonth),
            s("2025-12-22", "2026-01-20"),
            "Dey 1–30"
        );
        assert_eq!(
            p(PeriodPreset::LastMonth),
            s("2025-11-22", "2025-12-21"),
            "Azar 1–30"
        );
        assert_eq!(
            p(PeriodPreset::ThisQuarter),
            s("2025-12-22", "2026-03-20"),
            "winter"
        );
        assert_eq!(
            p(PeriodPreset::LastQuarter),
            s("2025-09-23", "2025-12-21"),
            "autumn"
        );
        assert_eq!(
            p(PeriodPreset::ThisYear),
            s("2025-03-21", "2026-03-20"),
            "1404"
        );
        let leap = Date::parse("2025-03-10").unwrap();
        assert_eq!(
            span(PeriodPreset::ThisMonth.period_in(leap, Calendar::Jalali)),
            s("2025-02-19", "2025-03-20"),
            "Esfand 1403 has 30 days"
        );
        assert_eq!(
            PeriodPreset::Last30Days.period_in(today, Calendar::Jalali),
            PeriodPreset::Last30Days.period(today),
            "day counts do not depend on the calendar"
        );
    }

    #[test]
    fn presets_from_a_fixed_day() {
        let today = Date::parse("2025-05-17").unwrap();
        let p = |preset: PeriodPreset| span(preset.period(today));
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(p(PeriodPreset::ThisMonth), s("2025-05-01", "2025-05-31"));
        assert_eq!(p(PeriodPreset::LastMonth), s("2025-04-01", "2025-04-30"));
        assert_eq!(p(PeriodPreset::ThisQuarter), s("2025-04-01", "2025-06-30"));
        assert_eq!(p(PeriodPreset::LastQuarter), s("2025-01-01", "2025-03-31"));
        assert_eq!(p(PeriodPreset::ThisYear), s("2025-01-01", "2025-12-31"));
        assert_eq!(p(PeriodPreset::Last30Days), s("2025-04-18", "2025-05-17"));
        assert_eq!(PeriodPreset::Last90Days.period(today).days(), 90);
        assert_eq!(PeriodPreset::Last365Days.period(today).days(), 365);
        assert!(PeriodPreset::AllTime
            .period(today)
            .contains(Date::parse("1900-01-01").unwrap()));
    }

    #[test]
    fn previous_period_has_the_same_length() {
        let today = Date::parse("2025-03-10").unwrap();
        let march = PeriodPreset::ThisMonth.period(today);
        assert_eq!(
            span(march.previous().unwrap()),
            ("2025-01-29".to_string(), "2025-02-28".to_string())
        );
        let q = PeriodPreset::Last90Days.period(today);
        assert_eq!(q.previous().unwrap().days(), 90);
        assert_eq!(q.previous().unwrap().end.add_days(1), q.start);
        assert_eq!(Period::all().previous(), None);
    }
}
