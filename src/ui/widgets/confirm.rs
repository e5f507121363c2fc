//! The confirm step before a destructive action.

/// Asks the user to confirm `message` (the browser's own modal prompt, which every assistive
/// technology reads); false when they decline or the browser cannot ask.
pub(crate) fn confirmed(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}
