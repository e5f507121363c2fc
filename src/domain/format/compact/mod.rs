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
mod parts;

pub use decode::{
    decode, decode_deferred, decode_deferred_with, decode_for_repair, decode_keyed, decode_with,
    DeferredActivities,
};
pub use encode::{encode, try_encode, try_encode_with, EncodeCache};
pub use parts::{SavePlan, StoredParts, PART_PREFIX};

/// The `format` of stored text in this form; every encoded store starts with it.
pub const STORE_FORMAT: &str = "kariz-store";
/// Version of this encoding; stored text of a newer one is refused like a newer schema.
pub const STORE_VERSION: u32 = 2;
/// Version of the form over several keys ([`parts`]): the activities under keys of their own.
/// A Kariz that reads only the single text refuses it rather than see no activities.
pub const PARTS_VERSION: u32 = 3;

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
    /// About how many more calls fit, at the measured [`CHARS_PER_ACTIVITY`].
    pub room_for_calls: usize,
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
        room_for_calls: budget.saturating_sub(used) / CHARS_PER_ACTIVITY.max(1),
    }
}

/// Characters a deal takes in the store with a mobile number, everything else in the store
/// (stages, lists, goals, visitors) spread over the deals: measured on 10,000 generated deals
/// over two years; `tests::the_capacity_figures_are_measured` keeps it honest.
pub const CHARS_PER_DEAL: usize = 113;

/// Characters an activity takes in the store: measured on a generated call history (calls with
/// outcomes and durations, the odd email and meeting); kept honest by the same test.
pub const CHARS_PER_ACTIVITY: usize = 30;

/// Characters Chromium allows a site (5 MiB of UTF-16 units); Safari and Firefox allow about
/// half, so [`STORAGE_BUDGET_CHARS`] is what Kariz plans on.
pub const CHROMIUM_CHARS: usize = 5_242_880;

/// The telesales team: 5 reps making 100 calls a working day for a year of 250 working
/// days (125,000 calls), with 10,000 deals.
pub const TEAM: TeamSize = TeamSize {
    reps: 5,
    calls_per_day: 100,
    working_days: 250,
    deals: 10_000,
};

/// A team's year of work, for the capacity figure in Settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TeamSize {
    /// Reps making calls.
    pub reps: usize,
    /// Calls per rep per working day.
    pub calls_per_day: usize,
    /// Working days in the year.
    pub working_days: usize,
    /// Deals in the data.
    pub deals: usize,
}

/// Whether a team's year fits in storage, at the measured characters per deal and activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TeamFit {
    /// Calls in the year.
    pub calls: usize,
    /// Characters the deals and calls need.
    pub needed: usize,
    /// Whether that fits [`STORAGE_BUDGET_CHARS`] (every browser).
    pub fits: bool,
    /// Whether it fits Chromium's larger quota at least.
    pub fits_chromium: bool,
    /// Calls that fit the budget beside the deals.
    pub calls_that_fit: usize,
    /// Working days of the team's calls that fit the budget beside the deals.
    pub days_that_fit: usize,
}

/// How a team's year of deals and calls compares with the storage budget.
pub fn team_fit(team: TeamSize) -> TeamFit {
    let calls = team.reps * team.calls_per_day * team.working_days;
    let deals = team.deals * CHARS_PER_DEAL;
    let needed = deals + calls * CHARS_PER_ACTIVITY;
    let calls_that_fit = STORAGE_BUDGET_CHARS.saturating_sub(deals) / CHARS_PER_ACTIVITY.max(1);
    TeamFit {
        calls,
        needed,
        fits: needed <= STORAGE_BUDGET_CHARS,
        fits_chromium: needed <= CHROMIUM_CHARS,
        calls_that_fit,
        days_that_fit: calls_that_fit / (team.reps * team.calls_per_day).max(1),
    }
}

const PREFIX: &str = "{\"format\":\"kariz-store\"";

/// Whether `text` is in this compact form (rather than the readable JSON older Kariz stored).
pub fn is_compact(text: &str) -> bool {
    text.starts_with(PREFIX)
}

#[cfg(test)]
mod tests;
