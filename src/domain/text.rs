//! Text helpers shared by parsing code.

/// Replaces Persian (۰–۹) and Arabic-Indic (٠–٩) digits and separators with their ASCII forms.
///
/// Persian keyboards type these digits, so every numeric or date input goes through here.
pub fn normalize_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '٫' => '.',
            '٬' | '،' => ',',
            _ => ascii_digit(c),
        })
        .collect()
}

/// A Persian (۰–۹) or Arabic-Indic (٠–٩) digit as its ASCII form; any other character as it is.
pub fn ascii_digit(c: char) -> char {
    match c {
        '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
        '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_all_digit_systems() {
        assert_eq!(normalize_digits("۱۲۳٬۴۵۶٫۷"), "123,456.7");
        assert_eq!(normalize_digits("٠١٢٣٤٥٦٧٨٩"), "0123456789");
        assert_eq!(normalize_digits("abc 42"), "abc 42");
    }
}
