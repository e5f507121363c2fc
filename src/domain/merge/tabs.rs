//! Several tabs of one browser on the same stored data. Each tab keeps a [`TabBase`]: what it
//! last saw stored (to tell its own unsaved changes from the other tab's) and the set-up as it
//! last stamped it (to date every set-up change, whichever component made it). The sync state
//! machine ([`crate::sync`]) calls [`TabBase::stamp`] after every change,
//! [`TabBase::sync`] when another tab saved and [`TabBase::saved`] after its own save.

use super::setup::{self, Setup};
use crate::date::Timestamp;
use crate::model::*;
use std::collections::BTreeMap;

/// What a tab remembers between saves.
#[derive(Clone, Debug)]
pub struct TabBase {
    /// Deal id → `updated_at` of the version last seen stored.
    deals: BTreeMap<String, Timestamp>,
    /// Each set-up part's time in the version last seen stored ([`setup::parts`]).
    setup: Vec<setup::PartVersion>,
    /// The set-up as last stamped.
    last: Setup,
}

/// The outcome of taking in another tab's save.
#[derive(Clone, Debug, PartialEq)]
pub struct Synced {
    /// The data both tabs should now show: every record's and set-up part's newest version.
    pub dataset: Dataset,
    /// Deals whose unsaved change here lost to a newer one from the other tab.
    pub lost_deals: Vec<DealId>,
    /// How many unsaved set-up changes here (a stage, source, owner, the stage order or a
    /// setting) lost to a newer one from the other tab.
    pub lost_setup: usize,
}

fn deal_versions(ds: &Dataset) -> BTreeMap<String, Timestamp> {
    ds.deals.iter().fold(BTreeMap::new(), |mut m, d| {
        m.insert(d.id.0.clone(), d.updated_at);
        m
    })
}

impl TabBase {
    /// What a tab knows right after loading `ds` (the stored data, or a fresh dataset).
    pub fn new(ds: &Dataset) -> TabBase {
        TabBase {
            deals: deal_versions(ds),
            setup: setup::parts(ds),
            last: Setup::of(ds),
        }
    }

    /// Whether `ds`'s set-up differs from the one last stamped (cheap: no copy).
    pub fn setup_changed(&self, ds: &Dataset) -> bool {
        !self.last.matches(ds)
    }

    /// Dates the set-up changes made since the last call as made `now` (times and tombstones,
    /// see [`setup::stamp_setup`]); returns whether there were any. Deals date themselves.
    pub fn stamp(&mut self, ds: &mut Dataset, now: Timestamp) -> bool {
        if !self.setup_changed(ds) {
            return false;
        }
        setup::stamp_setup(&self.last, ds, now);
        self.last = Setup::of(ds);
        true
    }

    /// Another tab stored `theirs` while this tab holds `ours` (stamped): the merged data (see
    /// [`super::merge_tabs`]) and which of this tab's unsaved changes lost — those that differ
    /// from what this tab last saw stored and did not make it into the result.
    pub fn sync(&mut self, theirs: &Dataset, ours: &Dataset) -> Synced {
        let merged = super::merge_tabs(theirs, ours);
        let lost_deals = ours
            .deals
            .iter()
            .filter(|d| self.deals.get(d.id.as_str()) != Some(&d.updated_at))
            .filter(|d| merged.deal(&d.id) != Some(*d))
            .map(|d| d.id.clone())
            .collect();
        let merged_parts = setup::parts(&merged);
        let find = |list: &[setup::PartVersion], key: &str| {
            list.iter()
                .find(|(k, ..)| k == key)
                .map(|(_, at, text)| (*at, text.clone()))
        };
        let lost_setup = setup::parts(ours)
            .into_iter()
            .filter(|(key, at, _)| {
                at.0 != 0 && find(&self.setup, key).map(|(seen, _)| seen) != Some(*at)
            })
            .filter(|(key, _, text)| {
                find(&merged_parts, key).map(|(_, t)| t).as_ref() != Some(text)
            })
            .count();
        self.deals = deal_versions(theirs);
        self.setup = setup::parts(theirs);
        // The merge's set-up is not a local change: the next stamp must not date it anew.
        self.last = Setup::of(&merged);
        Synced {
            dataset: merged,
            lost_deals,
            lost_setup,
        }
    }

    /// This tab stored `ds`.
    pub fn saved(&mut self, ds: &Dataset) {
        self.deals = deal_versions(ds);
        self.setup = setup::parts(ds);
    }
}
