//! Every visible string and number format, in English and Persian.
//!
//! Strings are declared once in a table with both translations (`strings`), so a missing
//! translation is a compile error rather than a blank label. Numbers and dates are formatted
//! in `format` (Persian digits and separators for Persian), never in stored data. Typed
//! errors become sentences in `messages`. Callers use the re-exports below, not the modules.

mod format;
mod messages;
mod strings;
mod work;

pub use crate::domain::Language;
pub use format::{
    calendar, date_text, display, fmt_date, fmt_date_in, fmt_days, fmt_int, fmt_money,
    fmt_money_in, fmt_one_decimal, fmt_percent, localize_digits, parse_date_in, set_display,
    short_date, Display,
};
pub use messages::{
    call_column_name, call_problem, csv_problem, date_format_name, dup_reason, field_name,
    field_problem, history_problem, load_problem, money_problem, move_problem, notice,
    record_problem, row_problem, setup_problem, storage_problem,
};
pub use strings::{plural, t, tf, tx, Key};
pub use work::{activity_kind_label, activity_problem, direction_name, kind_label, kind_name};

/// The `lang` attribute of the page.
pub fn html_lang(lang: Language) -> &'static str {
    match lang {
        Language::En => "en",
        Language::Fa => "fa",
    }
}

/// The `dir` attribute of the page.
pub fn html_dir(lang: Language) -> &'static str {
    match lang {
        Language::En => "ltr",
        Language::Fa => "rtl",
    }
}

/// Name of a language in that language, for the language menu.
pub fn language_name(lang: Language) -> &'static str {
    match lang {
        Language::En => "English",
        Language::Fa => "فارسی",
    }
}

/// An arrow pointing in the reading direction, for "from → to" labels.
pub fn arrow(lang: Language) -> &'static str {
    match lang {
        Language::En => "→",
        Language::Fa => "←",
    }
}

/// Wraps user text (a stage or owner name) in a Unicode isolate so that, inside a sentence of
/// the other direction, it cannot pull neighbouring arrows and numbers into its own direction.
pub fn isolate(text: &str) -> String {
    format!("\u{2068}{text}\u{2069}")
}

/// "from → to" in the reading direction, with both names isolated.
pub fn step_label(lang: Language, from: &str, to: &str) -> String {
    format!("{} {} {}", isolate(from), arrow(lang), isolate(to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_attributes() {
        assert_eq!(
            (html_lang(Language::Fa), html_dir(Language::Fa)),
            ("fa", "rtl")
        );
        assert_eq!(
            (html_lang(Language::En), html_dir(Language::En)),
            ("en", "ltr")
        );
    }
}
