//! The compact form of the dataset kept in the browser's storage.
//!
//! Browsers give a page about 5 M UTF-16 characters of localStorage (plan on 2.5 M to be safe in
//! every browser). The readable export JSON spends ~420 characters on a deal; this form spends
//! ~110, so a team's 20,000 deals fit. Exports and imports stay the readable, versioned JSON of
//! [`super::schema`]; only what localStorage holds is compact, and it carries its own version.
//!
//! How: a deal is a positional array with trailing defaults left out; stage, source, owner and
//! currency are indexes into tables written once; dates are day numbers, stage events a short
//! string of stage letters and day offsets (`"ab3c12"`: stage 0 on the first-contact day, stage 1
//! three days later, stage 2 twelve days after that); UUIDs are 22 base64 characters;
//! timestamps are base-36.
//!
//! `encode` writes this form, `decode` reads it (and the readable JSON), `pack` holds the short
//! text forms of ids and numbers both of them share.

mod activities;
mod decode;
mod encode;
mod pack;

pub use decode::{decode, decode_for_repair};
pub use encode::{encode, try_encode};

/// The `format` of stored text in this form; every encoded store starts with it.
pub const STORE_FORMAT: &str = "kariz-store";
/// Version of this encoding; stored text of a newer one is refused like a newer schema.
pub const STORE_VERSION: u32 = 2;

/// Characters of storage Kariz plans on: Chromium allows 5,242,880 UTF-16 characters per site,
/// Safari and Firefox 5 MB, which is about 2.5 M characters — the budget that holds everywhere.
pub const STORAGE_BUDGET_CHARS: usize = 2_500_000;

/// Share of the budget at which the app warns that storage is filling up.
pub const WARN_SHARE: f64 = 0.8;

/// How full storage is, for the meter in Settings and the warning banner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Capacity {
    /// Characters stored now.
    pub used: usize,
    /// The budget ([`STORAGE_BUDGET_CHARS`]).
    pub budget: usize,
    /// `used / budget` (may pass 1 in browsers that allow more).
    pub share: f64,
    /// Whether the share reached [`WARN_SHARE`].
    pub warn: bool,
    /// About how many more deals fit, at this data's characters per deal (none without deals).
    pub room_for_deals: Option<usize>,
}

/// How full storage is with `used` characters holding `deals` deals.
pub fn capacity(used: usize, deals: usize) -> Capacity {
    let budget = STORAGE_BUDGET_CHARS;
    let share = used as f64 / budget as f64;
    let room_for_deals = (deals > 0).then(|| {
        let per_deal = (used as f64 / deals as f64).max(1.0);
        (budget.saturating_sub(used) as f64 / per_deal) as usize
    });
    Capacity {
        used,
        budget,
        share,
        warn: share >= WARN_SHARE,
        room_for_deals,
    }
}

const PREFIX: &str = "{\"format\":\"kariz-store\"";

/// Whether `text` is in this compact form (rather than the readable JSON older Kariz stored).
pub fn is_compact(text: &str) -> bool {
    text.starts_with(PREFIX)
}

#[cfg(test)]
mod tests;
