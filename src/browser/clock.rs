//! Browser clock and randomness, kept out of the domain so the domain stays deterministic.

use crate::domain::{Date, DealId, Timestamp};

/// Today's civil date in the user's local time zone.
pub fn today() -> Date {
    local_date(now())
}

/// The local calendar day of an instant.
pub fn local_date(at: Timestamp) -> Date {
    let now = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.0 as f64));
    Date::from_ymd(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_else(|_| Date::from_days((at.0 / 86_400_000) as i32))
}

/// The current instant.
pub fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

/// Minutes since local midnight now (when a lead added now arrived).
pub fn local_minute() -> u16 {
    let now = js_sys::Date::new_0();
    (now.get_hours() * 60 + now.get_minutes()).min(1439) as u16
}

/// A fresh random deal id (UUID v4 from the browser's CSPRNG).
pub fn new_deal_id() -> DealId {
    DealId::from_random(random_bytes())
}

/// A fresh random id for other records.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}-{}", new_deal_id().0)
}

/// A fresh short random id (11 characters) for records stored by the hundred thousand.
pub fn new_short_id() -> String {
    let b = random_bytes();
    crate::domain::sample_calls::short_id(u64::from_le_bytes([
        b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
    ]))
}

fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No Web Crypto (very old or locked-down browser): fall back to Math.random mixed with time.
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = ((js_sys::Math::random() * 256.0) as u8)
                ^ ((js_sys::Date::now() as u64 >> (i % 8)) as u8);
        }
    }
    bytes
}

/// The browser's preferred language, used only for a brand-new dataset.
pub fn browser_language() -> crate::domain::Language {
    let preferred = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    if preferred.to_lowercase().starts_with("fa") {
        crate::domain::Language::Fa
    } else {
        crate::domain::Language::En
    }
}
