//! Numbers, percentages, amounts and dates for display, with Persian digits for Persian.
//!
//! Only display goes through here, never stored data, so a saved file reads the same whatever
//! the language or calendar was.

use super::{t, tf, Key, Language};
use crate::domain::date::{Date, DateError};
use crate::domain::money::Money;
use crate::domain::{Calendar, RialUnit};

/// Replaces ASCII digits and separators with Persian ones when the language is Persian.
pub fn localize_digits(lang: Language, text: &str) -> String {
    match lang {
        Language::En => text.to_string(),
        Language::Fa => text
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32('۰' as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
                ',' => '٬',
                '.' => '٫',
                '%' => '٪',
                _ => c,
            })
            .collect(),
    }
}

/// Groups the digits of an unsigned decimal string in threes ("1234567" → "1,234,567").
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An integer with thousands separators, in the language's digits.
pub fn fmt_int(lang: Language, n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    localize_digits(
        lang,
        &format!("{sign}{}", group(&n.unsigned_abs().to_string())),
    )
}

/// A fraction as a percentage with one decimal, or "n/a".
pub fn fmt_percent(lang: Language, fraction: Option<f64>) -> String {
    match fraction {
        Some(f) if f.is_finite() => localize_digits(lang, &format!("{:.1}%", f * 100.0)),
        _ => t(lang, Key::NotAvailable).to_string(),
    }
}

/// A number with one decimal (calls per day, minutes), or "n/a".
pub fn fmt_one_decimal(lang: Language, x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() => localize_digits(lang, &format!("{v:.1}")),
        _ => t(lang, Key::NotAvailable).to_string(),
    }
}

/// A number of days with at most one decimal, or "n/a".
pub fn fmt_days(lang: Language, days: Option<f64>) -> String {
    match days {
        Some(d) if d.is_finite() => {
            let text = if (d - d.round()).abs() < 0.05 {
                format!("{:.0}", d)
            } else {
                format!("{:.1}", d)
            };
            tf(lang, Key::Days, &[("n", &localize_digits(lang, &text))])
        }
        _ => t(lang, Key::NotAvailable).to_string(),
    }
}

/// An amount with grouping, its currency's decimals and the currency code.
pub fn fmt_money(lang: Language, money: Money) -> String {
    fmt_money_in(lang, display().rial_unit, money)
}

/// An amount for display, with rials shown as tomans (÷ 10) when `rial_unit` says so.
pub fn fmt_money_in(lang: Language, rial_unit: RialUnit, money: Money) -> String {
    let toman = rial_unit == RialUnit::Toman && money.currency == crate::domain::Currency::IRR;
    let plain = if toman {
        let sign = if money.minor < 0 { "-" } else { "" };
        let abs = money.minor.unsigned_abs();
        format!("{sign}{}.{}", abs / 10, abs % 10)
    } else {
        money.currency.plain_amount(money.minor)
    };
    let (sign, plain) = plain
        .strip_prefix('-')
        .map_or(("", plain.as_str()), |rest| ("-", rest));
    let (whole, frac) = plain
        .split_once('.')
        .map_or((plain, None), |(w, f)| (w, Some(f)));
    let mut text = format!("{sign}{}", group(whole));
    if let Some(frac) = frac.filter(|f| f.bytes().any(|b| b != b'0')) {
        text.push('.');
        text.push_str(frac);
    }
    let unit = if toman {
        t(lang, Key::Toman).to_string()
    } else {
        money.currency.to_string()
    };
    format!("{} {unit}", localize_digits(lang, &text))
}

/// How dates and rial amounts are shown: the user's settings, read by the formatters here.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Display {
    /// Calendar of dates.
    pub calendar: Calendar,
    /// Rials or tomans.
    pub rial_unit: RialUnit,
}

thread_local! {
    /// The app sets it from the settings and re-renders the page when it changes, so every date
    /// and amount on screen follows without each caller passing it.
    static DISPLAY: std::cell::Cell<Display> = const {
        std::cell::Cell::new(Display { calendar: Calendar::Gregorian, rial_unit: RialUnit::Rial })
    };
}

/// Sets how dates and rial amounts are shown.
pub fn set_display(display: Display) {
    DISPLAY.with(|d| d.set(display));
}

/// How dates and rial amounts are shown.
pub fn display() -> Display {
    DISPLAY.with(|d| d.get())
}

/// The calendar [`fmt_date`] shows dates in.
pub fn calendar() -> Calendar {
    display().calendar
}

/// A date for display in the chosen calendar (see [`set_display`]).
pub fn fmt_date(lang: Language, date: Date) -> String {
    fmt_date_in(lang, calendar(), date)
}

/// A date for display: `2025-12-27` (Gregorian) or `1404/10/06` (Jalali), digits in `lang`.
pub fn fmt_date_in(lang: Language, calendar: Calendar, date: Date) -> String {
    let text = date_text(calendar, date);
    match lang {
        Language::En => text,
        // Left-to-right isolate: year-month-day keeps its order inside right-to-left text.
        Language::Fa => format!("\u{2066}{}\u{2069}", localize_digits(lang, &text)),
    }
}

/// A date as typed in date fields: ISO for Gregorian, `YYYY/MM/DD` for Jalali (Latin digits).
pub fn date_text(calendar: Calendar, date: Date) -> String {
    match calendar {
        Calendar::Gregorian => date.to_string(),
        Calendar::Jalali => {
            let (y, m, d) = calendar.ymd(date);
            format!("{y:04}/{m:02}/{d:02}")
        }
    }
}

/// A chart-axis date: month and day (`11-22`, Jalali `09/01`) or year and month (`2025-11`,
/// Jalali `1404/09`).
pub fn short_date(calendar: Calendar, date: Date, with_day: bool) -> String {
    let (y, m, d) = calendar.ymd(date);
    // Jalali dates use "/" as everywhere in Kariz; Gregorian keeps ISO's "-".
    let sep = match calendar {
        Calendar::Gregorian => '-',
        Calendar::Jalali => '/',
    };
    if with_day {
        format!("{m:02}{sep}{d:02}")
    } else {
        format!("{y}{sep}{m:02}")
    }
}

/// Reads a date typed in `calendar` (Persian or Arabic-Indic digits allowed; `-` or `/`).
pub fn parse_date_in(calendar: Calendar, text: &str) -> Result<Date, DateError> {
    use crate::domain::format::csv_in::{parse_date, DateFormat};
    match calendar {
        Calendar::Gregorian => Date::parse(text),
        Calendar::Jalali => parse_date(text, DateFormat::JalaliYmd)
            .ok_or_else(|| DateError::Format(text.trim().to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;

    #[test]
    fn numbers_in_both_languages() {
        assert_eq!(fmt_int(Language::En, 1_234_567), "1,234,567");
        assert_eq!(fmt_int(Language::Fa, 12_345), "۱۲٬۳۴۵");
        assert_eq!(fmt_int(Language::En, -999), "-999");
        assert_eq!(fmt_percent(Language::En, Some(0.1234)), "12.3%");
        assert_eq!(fmt_percent(Language::Fa, Some(0.5)), "۵۰٫۰٪");
        assert_eq!(fmt_percent(Language::En, None), "n/a");
        assert_eq!(fmt_percent(Language::En, Some(f64::NAN)), "n/a");
        assert_eq!(fmt_days(Language::En, Some(12.0)), "12 days");
        assert_eq!(fmt_days(Language::En, Some(12.25)), "12.2 days");
        assert_eq!(
            fmt_money(
                Language::En,
                Money {
                    minor: 123_456_789,
                    currency: Currency::USD
                }
            ),
            "1,234,567.89 USD"
        );
        assert_eq!(
            fmt_money(
                Language::En,
                Money {
                    minor: 500,
                    currency: Currency::USD
                }
            ),
            "5 USD"
        );
        assert_eq!(
            fmt_money(
                Language::Fa,
                Money {
                    minor: 90_000_000,
                    currency: Currency::IRR
                }
            ),
            "۹۰٬۰۰۰٬۰۰۰ IRR"
        );
        assert_eq!(
            tf(Language::En, Key::OfCount, &[("num", "3"), ("den", "4")]),
            "3 of 4"
        );
    }

    #[test]
    fn rials_show_as_tomans_only_when_chosen() {
        let irr = |minor| Money {
            minor,
            currency: Currency::IRR,
        };
        assert_eq!(
            fmt_money_in(Language::Fa, RialUnit::Toman, irr(125_000_000)),
            "۱۲٬۵۰۰٬۰۰۰ تومان"
        );
        assert_eq!(
            fmt_money_in(Language::En, RialUnit::Toman, irr(125)),
            "12.5 toman"
        );
        assert_eq!(
            fmt_money_in(Language::Fa, RialUnit::Rial, irr(125_000_000)),
            "۱۲۵٬۰۰۰٬۰۰۰ IRR"
        );
        let usd = Money {
            minor: 123_456,
            currency: Currency::USD,
        };
        assert_eq!(
            fmt_money_in(Language::Fa, RialUnit::Toman, usd),
            "۱٬۲۳۴٫۵۶ USD"
        );
    }

    #[test]
    fn dates_in_both_calendars_and_languages() {
        let day = Date::parse("2025-12-27").unwrap();
        assert_eq!(
            fmt_date_in(Language::En, Calendar::Gregorian, day),
            "2025-12-27"
        );
        assert_eq!(
            fmt_date_in(Language::En, Calendar::Jalali, day),
            "1404/10/06"
        );
        assert_eq!(
            fmt_date_in(Language::Fa, Calendar::Jalali, day),
            "\u{2066}۱۴۰۴/۱۰/۰۶\u{2069}"
        );
        assert_eq!(parse_date_in(Calendar::Jalali, "۱۴۰۴/۱۰/۰۶"), Ok(day));
        assert_eq!(parse_date_in(Calendar::Jalali, "1404-10-06"), Ok(day));
        assert!(
            parse_date_in(Calendar::Jalali, "1404/12/30").is_err(),
            "1404 is not leap"
        );
        assert_eq!(parse_date_in(Calendar::Gregorian, "۲۰۲۵-۱۲-۲۷"), Ok(day));
        assert_eq!(short_date(Calendar::Jalali, day, true), "10/06");
        assert_eq!(short_date(Calendar::Jalali, day, false), "1404/10");
        assert_eq!(short_date(Calendar::Gregorian, day, true), "12-27");
        assert_eq!(
            parse_date_in(Calendar::Jalali, &date_text(Calendar::Jalali, day)),
            Ok(day)
        );
    }
}
