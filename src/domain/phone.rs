//! Phone numbers as one comparable form, so a call log's `+98 912…` finds the deal typed as
//! `۰۹۱۲…`.
//!
//! Kariz's users are mostly in Iran, so a number without a country code is read as Iranian: a
//! leading trunk `0` (mobile `0912…`, landline with area code `021…`) becomes `+98`. Numbers with
//! another country code (`+44…`, `0044…`) keep it. The result is E.164-like: `+` and digits.

use crate::text::normalize_digits;

/// Iran's country calling code, the default for numbers written without one.
const HOME_COUNTRY: &str = "98";

/// Fewest digits of a subscriber number with its area or mobile code: anything shorter is an
/// internal extension or a service code, never a customer.
pub const MIN_DIGITS: usize = 7;

/// Most digits E.164 allows.
const MAX_DIGITS: usize = 15;

/// The comparable form of a number (`+989121234567`), or `None` when the text is not a phone
/// number a customer could have (letters, too few or too many digits).
///
/// Persian and Arabic-Indic digits, spaces, dashes, dots, slashes and parentheses are ignored;
/// `00` and `+` start an international number; `0…` (and a bare 10-digit `9…` mobile, and `98`
/// followed by ten digits) are Iranian.
pub fn normalize_phone(text: &str) -> Option<String> {
    let text = normalize_digits(text);
    let text = text.trim();
    let mut digits = String::with_capacity(text.len());
    let mut plus = false;
    for (i, c) in text.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => plus = true,
            ' ' | '-' | '.' | '/' | '(' | ')' | '\u{200c}' | '\u{a0}' => {}
            _ => return None,
        }
    }
    let international = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if let Some(national) = digits.strip_prefix('0') {
        format!("{HOME_COUNTRY}{national}")
    } else if digits.len() == 12 && digits.starts_with(HOME_COUNTRY) {
        digits
    } else if digits.len() == 10 && digits.starts_with('9') {
        format!("{HOME_COUNTRY}{digits}")
    } else {
        // A local number without area code, or a foreign one without its `+`: kept as written.
        return (MIN_DIGITS..=MAX_DIGITS)
            .contains(&digits.len())
            .then_some(digits);
    };
    // `+98 0912…`: the trunk zero written after the country code. An Iranian number never
    // starts with 0 after it, so every such zero goes; stripping only one would change the
    // result on a second pass (`+98 00…`).
    let international = match international.strip_prefix(HOME_COUNTRY) {
        Some(rest) if rest.starts_with('0') => {
            format!("{HOME_COUNTRY}{}", rest.trim_start_matches('0'))
        }
        _ => international,
    };
    (MIN_DIGITS..=MAX_DIGITS)
        .contains(&international.len())
        .then(|| format!("+{international}"))
}

/// Whether `text` looks like an internal extension (2–6 digits, Persian digits allowed): the
/// side of a call that is the team's own phone.
pub fn is_extension(text: &str) -> bool {
    let text = normalize_digits(text);
    let text = text.trim();
    (2..MIN_DIGITS).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn iranian_forms_are_one_number() {
        for form in [
            "09121234567",
            "+989121234567",
            "989121234567",
            "00989121234567",
            "9121234567",
            "۰۹۱۲۱۲۳۴۵۶۷",
            "٠٩١٢١٢٣٤٥٦٧",
            "0912 123 4567",
            "0912-123-45-67",
            "+98 (912) 123 4567",
            "+98 0912 123 4567",
            "+۹۸۹۱۲۱۲۳۴۵۶۷",
        ] {
            assert_eq!(
                normalize_phone(form).as_deref(),
                Some("+989121234567"),
                "{form}"
            );
        }
    }

    #[test]
    fn landlines_keep_their_area_code() {
        assert_eq!(
            normalize_phone("021-88776655").as_deref(),
            Some("+982188776655")
        );
        assert_eq!(
            normalize_phone("+98 21 8877 6655").as_deref(),
            Some("+982188776655")
        );
        assert_eq!(
            normalize_phone("۰۲۱ ۸۸۷۷ ۶۶۵۵").as_deref(),
            Some("+982188776655")
        );
        // Without the area code it stays as written: which city is not known.
        assert_eq!(normalize_phone("88776655").as_deref(), Some("88776655"));
    }

    #[test]
    fn foreign_numbers_keep_their_country() {
        assert_eq!(
            normalize_phone("+44 20 7946 0958").as_deref(),
            Some("+442079460958")
        );
        assert_eq!(
            normalize_phone("0044 20 7946 0958").as_deref(),
            Some("+442079460958")
        );
        assert_eq!(
            normalize_phone("+1 (415) 555-0134").as_deref(),
            Some("+14155550134")
        );
    }

    #[test]
    fn what_is_not_a_customer_number() {
        for text in [
            "",
            "101",
            "۱۰۱",
            "Anonymous",
            "+98",
            "12-34",
            "0912x1234567",
            // The country code and nothing but zeros: found by the idempotence property.
            "۹8۰00۰۰۰۰۰0۰",
        ] {
            assert_eq!(normalize_phone(text), None, "{text}");
        }
        assert_eq!(normalize_phone("+1234567890123456"), None);
        assert!(is_extension("101"));
        assert!(is_extension("۲۰۳"));
        assert!(!is_extension("09121234567"));
        assert!(!is_extension("1"));
    }

    fn persian(text: &str) -> String {
        text.chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32('۰' as u32 + d).unwrap_or(c),
                None => c,
            })
            .collect()
    }

    proptest! {
        #[test]
        fn every_written_form_of_a_mobile_is_equal(
            rest in "[0-9]{9}",
            form in 0usize..6,
            fa in any::<bool>(),
            split in 1usize..9,
            sep in prop::sample::select(vec!["", " ", "-", " - "]),
        ) {
            let national = format!("9{rest}");
            let (a, b) = national.split_at(split);
            let spaced = format!("{a}{sep}{b}");
            let written = match form {
                0 => format!("0{spaced}"),
                1 => format!("+98{spaced}"),
                2 => format!("98{spaced}"),
                3 => format!("0098{spaced}"),
                4 => format!("+98 0{spaced}"),
                _ => spaced.clone(),
            };
            let written = if fa { persian(&written) } else { written };
            prop_assert_eq!(normalize_phone(&written), Some(format!("+98{national}")));
        }

        #[test]
        fn normalising_twice_changes_nothing(text in "[+]?[0-9۰-۹ -]{0,18}") {
            if let Some(once) = normalize_phone(&text) {
                prop_assert_eq!(normalize_phone(&once), Some(once.clone()));
            }
        }

        #[test]
        fn landlines_with_area_code_are_equal(area in "[1-8][0-9]", number in "[2-9][0-9]{7}") {
            let national = format!("0{area}{number}");
            let international = format!("+98 {area} {number}");
            prop_assert_eq!(normalize_phone(&national), normalize_phone(&international));
        }
    }
}
