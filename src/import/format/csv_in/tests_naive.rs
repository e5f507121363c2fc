//! The CSV reader's fast paths against their naive twins: the plain code they replaced (kept
//! here as written before), compared on generated input, so a speed-up never changes what is
//! imported.

use super::*;
use proptest::prelude::*;

/// The date tokens as first written: a new string per token.
fn naive_tokens(text: &str) -> Vec<String> {
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

fn naive_month(token: &str) -> Option<u32> {
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

fn naive_parse_date(text: &str, format: DateFormat) -> Option<Date> {
    let tokens = naive_tokens(text);
    let [a, b, c] = tokens.as_slice() else {
        return None;
    };
    let num = |t: &str| -> Option<u32> {
        (t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    if let Some(m) = naive_month(a) {
        return Date::from_ymd(year(c)?, m, num(b)?).ok();
    }
    if let Some(m) = naive_month(b) {
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

fn naive_guess<'a>(values: impl Iterator<Item = &'a str>) -> DateGuess {
    let mut read = [0usize; 4];
    for value in values.filter(|v| !v.trim().is_empty()) {
        for (i, format) in DATE_FORMATS.iter().enumerate() {
            read[i] += usize::from(naive_parse_date(value, *format).is_some());
        }
    }
    let best = read.iter().copied().max().unwrap_or(0);
    if best == 0 {
        return DateGuess {
            format: None,
            ambiguous: false,
        };
    }
    let ambiguous = read[1] == best && read[2] == best;
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

/// Date-like text: digits of three systems, month names in any case, separators, times, and
/// letters that lower-case oddly (the Kelvin sign, dotted capital I).
fn date_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[0-9]{1,4}",
        "[۰-۹]{1,4}",
        "[٠-٩]{1,4}",
        "(jan|FEB|Mar|aPr|may|June|july|AUGUST|sep|Oct|nov|dec|Dez|mä|K|İ|é|x|ab)",
        "[/.,: \t-]{1,2}",
        "[a-zA-Z]{1,3}",
        "[٫٬،]",
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Every date text reads to the same date, or to none, as before.
    #[test]
    fn parse_date_is_its_naive_twin(text in date_like()) {
        for format in DATE_FORMATS {
            prop_assert_eq!(parse_date(&text, format), naive_parse_date(&text, format), "{:?} {:?}", text, format);
        }
        let fast: Vec<String> = {
            let t = DateTokens::of(&text);
            t.spans[..t.len].iter().map(|(a, b)| t.text[*a..*b].to_string()).collect()
        };
        prop_assert_eq!(fast, naive_tokens(&text));
        prop_assert_eq!(month_name(&text), naive_month(&text));
        prop_assert_eq!(DateTokens::of(&text).reads(), DATE_FORMATS.map(|f| naive_parse_date(&text, f).is_some()));
    }

    /// A column's format guess is the same as reading every value under every format.
    #[test]
    fn guess_date_format_is_its_naive_twin(
        values in proptest::collection::vec(
            prop_oneof![date_like(), Just(String::new()), Just("3/4/2024".to_string()), Just("13/4/2024".to_string())],
            0..30,
        ),
    ) {
        let fast = guess_date_format(values.iter().map(String::as_str));
        prop_assert_eq!(fast, naive_guess(values.iter().map(String::as_str)));
    }
}
