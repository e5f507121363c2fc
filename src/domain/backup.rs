//! When to remind the user to export a backup: the data lives only in this browser, and Safari
//! deletes the storage of sites not visited for 7 days.

use super::date::Timestamp;
use super::model::Dataset;

const DAY_MS: i64 = 86_400_000;

/// The oldest change not yet in an export (`None` when everything is exported).
pub fn oldest_unexported(ds: &Dataset, last_export: Option<Timestamp>) -> Option<Timestamp> {
    let after = last_export.unwrap_or(Timestamp(i64::MIN));
    ds.deals
        .iter()
        .map(|d| d.updated_at)
        .chain(ds.traffic.iter().map(|t| t.updated_at))
        .chain(ds.goals.iter().map(|g| g.updated_at))
        .chain(ds.tombstones.iter().map(|t| t.deleted_at))
        .filter(|t| *t > after)
        .min()
}

/// Whether to remind: some change has gone unexported for the configured number of days.
pub fn backup_due(ds: &Dataset, last_export: Option<Timestamp>, now: Timestamp) -> bool {
    let days = i64::from(ds.settings.backup_reminder_days);
    days > 0
        && oldest_unexported(ds, last_export)
            .is_some_and(|oldest| now.0.saturating_sub(oldest.0) >= days * DAY_MS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::sample_dataset;
    use crate::{Date, Language};

    #[test]
    fn reminds_after_days_of_unexported_changes_only() {
        let mut ds = sample_dataset(Date::parse("2025-06-30").unwrap(), Language::En);
        for (i, d) in ds.deals.iter_mut().enumerate() {
            d.updated_at = Timestamp(1_000 * DAY_MS + i as i64);
        }
        let changed = Timestamp(1_000 * DAY_MS);
        let later = |days: i64| Timestamp(changed.0 + days * DAY_MS);
        assert!(!backup_due(&ds, None, later(6)), "6 days: not yet");
        assert!(
            backup_due(&ds, None, later(7)),
            "never exported, 7 days of changes"
        );
        assert!(
            !backup_due(&ds, Some(later(1)), later(30)),
            "exported after the last change"
        );
        ds.deals[0].updated_at = later(20);
        assert!(!backup_due(&ds, Some(later(1)), later(26)));
        assert!(backup_due(&ds, Some(later(1)), later(27)));
        ds.settings.backup_reminder_days = 0;
        assert!(!backup_due(&ds, None, later(365)), "0 turns it off");
        let empty = Dataset::new(Language::En);
        assert!(!backup_due(&empty, None, later(365)), "nothing to lose");
    }
}
