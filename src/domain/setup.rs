//! Changing the pipeline's setup: stages, sources and owners, without breaking history.
//!
//! Events, deals, traffic and goals refer to stages, sources and owners by id, so renaming never
//! touches them; removing something in use is refused, and merging rewrites the references.

use super::date::Timestamp;
use super::model::*;

/// Why a setup change was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    /// The name is blank.
    #[error("a name is required")]
    NameRequired,
    /// Another entry already has this name.
    #[error("the name is already used")]
    NameTaken,
    /// The id does not exist (any more).
    #[error("it no longer exists")]
    NotFound,
    /// Records still refer to it: merge it into another instead.
    #[error("{0} records use it; merge it into another instead")]
    InUse(usize),
    /// The pipeline needs at least one stage of this kind.
    #[error("the pipeline needs a {0:?} stage")]
    LastOfKind(StageKind),
    /// It is the stage pipeline value counts from; choose another first.
    #[error("it is the qualified stage")]
    Qualified,
    /// Stages can only be merged into a stage of the same kind.
    #[error("stages of different kinds cannot be merged")]
    KindMismatch,
    /// Merging into itself.
    #[error("cannot merge into itself")]
    SameTarget,
    /// Activity kinds can only be merged into a kind with the same behaviour.
    #[error("activity kinds of different behaviour cannot be merged")]
    BehaviourMismatch,
    /// A built-in activity kind cannot be removed (hide it instead).
    #[error("a built-in kind cannot be removed")]
    Builtin,
    /// Win probability above 100%.
    #[error("the probability must be between 0 and 100")]
    Probability,
}

/// The name lists deals refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Roster {
    /// Lead sources.
    Sources,
    /// Owners (sales reps).
    Owners,
    /// Deal types (segments).
    Types,
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

impl Dataset {
    fn check_stage_name(&self, name: &str, except: Option<&StageId>) -> Result<String, SetupError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(SetupError::NameRequired);
        }
        if self
            .stages
            .iter()
            .any(|s| Some(&s.id) != except && same_name(&s.name, name))
        {
            return Err(SetupError::NameTaken);
        }
        Ok(name.to_string())
    }

    /// How many deals have this stage anywhere in their history.
    pub fn stage_uses(&self, id: &StageId) -> usize {
        self.deals
            .iter()
            .filter(|d| d.events.iter().any(|e| &e.stage == id))
            .count()
    }

    /// Adds a stage; an open stage goes after the last open stage, others at the end.
    pub fn add_stage(
        &mut self,
        name: &str,
        kind: StageKind,
        probability: u8,
    ) -> Result<StageId, SetupError> {
        let name = self.check_stage_name(name, None)?;
        if probability > 100 {
            return Err(SetupError::Probability);
        }
        let id = StageId(unique_slug(&name, |c| {
            self.stages.iter().any(|s| s.id.0 == c)
        }));
        let at = match kind {
            StageKind::Open => self
                .stages
                .iter()
                .rposition(|s| s.kind == StageKind::Open)
                .map_or(0, |i| i + 1),
            _ => self.stages.len(),
        };
        self.stages.insert(
            at,
            Stage {
                id: id.clone(),
                name,
                kind,
                probability,
            },
        );
        Ok(id)
    }

    /// Renames a stage; history refers to its id, so nothing else changes.
    pub fn rename_stage(&mut self, id: &StageId, name: &str) -> Result<(), SetupError> {
        let name = self.check_stage_name(name, Some(id))?;
        let stage = self
            .stages
            .iter_mut()
            .find(|s| &s.id == id)
            .ok_or(SetupError::NotFound)?;
        stage.name = name;
        Ok(())
    }

    /// Sets a stage's default win probability (percent).
    pub fn set_stage_probability(&mut self, id: &StageId, percent: u8) -> Result<(), SetupError> {
        if percent > 100 {
            return Err(SetupError::Probability);
        }
        let stage = self
            .stages
            .iter_mut()
            .find(|s| &s.id == id)
            .ok_or(SetupError::NotFound)?;
        stage.probability = percent;
        Ok(())
    }

    /// Changes a stage's kind; refused for a stage in use (it would rewrite what history means)
    /// and for the last stage of its kind.
    pub fn set_stage_kind(&mut self, id: &StageId, kind: StageKind) -> Result<(), SetupError> {
        let index = self.stage_index(id).ok_or(SetupError::NotFound)?;
        let old = self.stages[index].kind;
        if old == kind {
            return Ok(());
        }
        self.check_removable(index)?;
        self.stages[index].kind = kind;
        Ok(())
    }

    /// Moves a stage one place up (`-1`) or down (`1`) in the pipeline order.
    pub fn move_stage(&mut self, id: &StageId, step: isize) -> Result<(), SetupError> {
        let index = self.stage_index(id).ok_or(SetupError::NotFound)?;
        let target = index
            .checked_add_signed(step)
            .filter(|t| *t < self.stages.len())
            .ok_or(SetupError::NotFound)?;
        self.stages.swap(index, target);
        Ok(())
    }

    fn check_removable(&self, index: usize) -> Result<(), SetupError> {
        let stage = &self.stages[index];
        let uses = self.stage_uses(&stage.id);
        if uses > 0 {
            return Err(SetupError::InUse(uses));
        }
        if !self
            .stages
            .iter()
            .any(|s| s.kind == stage.kind && s.id != stage.id)
        {
            return Err(SetupError::LastOfKind(stage.kind));
        }
        if self.settings.qualified_stage == stage.id {
            return Err(SetupError::Qualified);
        }
        Ok(())
    }

    /// Removes a stage no deal ever entered.
    pub fn remove_stage(&mut self, id: &StageId) -> Result<(), SetupError> {
        let index = self.stage_index(id).ok_or(SetupError::NotFound)?;
        self.check_removable(index)?;
        self.stages.remove(index);
        Ok(())
    }

    /// Merges stage `from` into `into` (same kind): every event of `from` now names `into`,
    /// repeated consecutive events collapse, and `from` is removed. Returns the deals changed.
    pub fn merge_stage(
        &mut self,
        from: &StageId,
        into: &StageId,
        now: Timestamp,
    ) -> Result<usize, SetupError> {
        if from == into {
            return Err(SetupError::SameTarget);
        }
        let (a, b) = (
            self.stage(from).ok_or(SetupError::NotFound)?,
            self.stage(into).ok_or(SetupError::NotFound)?,
        );
        if a.kind != b.kind {
            return Err(SetupError::KindMismatch);
        }
        let mut changed = 0;
        for deal in &mut self.deals {
            if !deal.events.iter().any(|e| &e.stage == from) {
                continue;
            }
            for event in &mut deal.events {
                if &event.stage == from {
                    event.stage = into.clone();
                }
            }
            // The earlier entry of a run is the real one: the deal was in the stage since then.
            deal.events
                .dedup_by(|later, earlier| later.stage == earlier.stage);
            deal.updated_at = now;
            changed += 1;
        }
        if &self.settings.qualified_stage == from {
            self.settings.qualified_stage = into.clone();
        }
        self.stages.retain(|s| &s.id != from);
        Ok(changed)
    }

    /// Names in a roster, as (id, name) pairs.
    pub fn roster(&self, roster: Roster) -> Vec<(String, String)> {
        match roster {
            Roster::Sources => self
                .sources
                .iter()
                .map(|s| (s.id.0.clone(), s.name.clone()))
                .collect(),
            Roster::Owners => self
                .owners
                .iter()
                .map(|o| (o.id.0.clone(), o.name.clone()))
                .collect(),
            Roster::Types => self
                .deal_types
                .iter()
                .map(|t| (t.id.0.clone(), t.name.clone()))
                .collect(),
        }
    }

    fn roster_names(&mut self, roster: Roster) -> Vec<(&str, &mut String)> {
        match roster {
            Roster::Sources => self
                .sources
                .iter_mut()
                .map(|s| (s.id.0.as_str(), &mut s.name))
                .collect(),
            Roster::Owners => self
                .owners
                .iter_mut()
                .map(|o| (o.id.0.as_str(), &mut o.name))
                .collect(),
            Roster::Types => self
                .deal_types
                .iter_mut()
                .map(|t| (t.id.0.as_str(), &mut t.name))
                .collect(),
        }
    }

    /// Adds a name to a roster; returns its new id.
    pub fn add_to_roster(&mut self, roster: Roster, name: &str) -> Result<String, SetupError> {
        let clean = name.trim();
        if clean.is_empty() {
            return Err(SetupError::NameRequired);
        }
        if self.roster(roster).iter().any(|(_, n)| same_name(n, clean)) {
            return Err(SetupError::NameTaken);
        }
        Ok(match roster {
            Roster::Sources => self.source_by_name_or_new(clean).map(|s| s.0),
            Roster::Owners => self.owner_by_name_or_new(clean).map(|o| o.0),
            Roster::Types => self.deal_type_by_name_or_new(clean).map(|t| t.0),
        }
        .unwrap_or_default())
    }

    /// Renames a source or owner.
    pub fn rename_in_roster(
        &mut self,
        roster: Roster,
        id: &str,
        name: &str,
    ) -> Result<(), SetupError> {
        let clean = name.trim();
        if clean.is_empty() {
            return Err(SetupError::NameRequired);
        }
        if self
            .roster(roster)
            .iter()
            .any(|(other, n)| other != id && same_name(n, clean))
        {
            return Err(SetupError::NameTaken);
        }
        let mut names = self.roster_names(roster);
        let (_, slot) = names
            .iter_mut()
            .find(|(other, _)| *other == id)
            .ok_or(SetupError::NotFound)?;
        **slot = clean.to_string();
        Ok(())
    }

    /// [`Dataset::roster_uses`] of every entry of `roster` at once, in one pass over the records
    /// (Settings lists them all after every change; asking entry by entry scanned every deal
    /// once per owner, source and type). Unused entries are absent.
    pub fn roster_use_counts(&self, roster: Roster) -> UseCounts<'_> {
        match roster {
            Roster::Sources => count_ids(
                self.deals
                    .iter()
                    .filter_map(|d| d.source.as_ref().map(|s| s.0.as_str()))
                    .chain(
                        self.traffic
                            .iter()
                            .filter_map(|t| t.source.as_ref().map(|s| s.0.as_str())),
                    ),
            ),
            Roster::Owners => count_ids(
                self.deals
                    .iter()
                    .filter_map(|d| d.owner.as_ref().map(|o| o.0.as_str()))
                    .chain(
                        self.goals
                            .iter()
                            .filter_map(|g| g.owner.as_ref().map(|o| o.0.as_str())),
                    ),
            ),
            Roster::Types => count_ids(
                self.deals
                    .iter()
                    .filter_map(|d| d.deal_type.as_ref().map(|t| t.0.as_str())),
            ),
        }
    }

    /// [`Dataset::stage_uses`] of every stage at once, in one pass over the deals (a deal counts
    /// once per stage however often its history went back to it).
    pub fn stage_use_counts(&self) -> UseCounts<'_> {
        count_ids(self.deals.iter().flat_map(|d| {
            let mut distinct: Vec<&str> = Vec::with_capacity(d.events.len());
            for e in &d.events {
                if !distinct.contains(&e.stage.0.as_str()) {
                    distinct.push(e.stage.0.as_str());
                }
            }
            distinct
        }))
    }

    /// How many deals, traffic entries and goals refer to a source or owner.
    pub fn roster_uses(&self, roster: Roster, id: &str) -> usize {
        match roster {
            Roster::Sources => {
                let is = |s: &Option<SourceId>| s.as_ref().is_some_and(|s| s.0 == id);
                self.deals.iter().filter(|d| is(&d.source)).count()
                    + self.traffic.iter().filter(|t| is(&t.source)).count()
            }
            Roster::Owners => {
                let is = |o: &Option<OwnerId>| o.as_ref().is_some_and(|o| o.0 == id);
                self.deals.iter().filter(|d| is(&d.owner)).count()
                    + self.goals.iter().filter(|g| is(&g.owner)).count()
            }
            Roster::Types => self
                .deals
                .iter()
                .filter(|d| d.deal_type.as_ref().is_some_and(|t| t.0 == id))
                .count(),
        }
    }

    /// Removes an unused source or owner.
    pub fn remove_from_roster(&mut self, roster: Roster, id: &str) -> Result<(), SetupError> {
        let uses = self.roster_uses(roster, id);
        if uses > 0 {
            return Err(SetupError::InUse(uses));
        }
        let before = self.roster(roster).len();
        match roster {
            Roster::Sources => self.sources.retain(|s| s.id.0 != id),
            Roster::Owners => self.owners.retain(|o| o.id.0 != id),
            Roster::Types => self.deal_types.retain(|t| t.id.0 != id),
        }
        if self.roster(roster).len() == before {
            return Err(SetupError::NotFound);
        }
        Ok(())
    }

    /// Points every reference of `from` at `into` and removes `from`; returns the records changed.
    pub fn merge_in_roster(
        &mut self,
        roster: Roster,
        from: &str,
        into: &str,
        now: Timestamp,
    ) -> Result<usize, SetupError> {
        if from == into {
            return Err(SetupError::SameTarget);
        }
        let ids = self.roster(roster);
        if !ids.iter().any(|(id, _)| id == from) || !ids.iter().any(|(id, _)| id == into) {
            return Err(SetupError::NotFound);
        }
        let mut changed = 0;
        match roster {
            Roster::Sources => {
                let (from, into) = (SourceId(from.into()), Some(SourceId(into.into())));
                for deal in self
                    .deals
                    .iter_mut()
                    .filter(|d| d.source.as_ref() == Some(&from))
                {
                    deal.source = into.clone();
                    deal.updated_at = now;
                    changed += 1;
                }
                for entry in self
                    .traffic
                    .iter_mut()
                    .filter(|t| t.source.as_ref() == Some(&from))
                {
                    entry.source = into.clone();
                    entry.updated_at = now;
                    changed += 1;
                }
                self.sources.retain(|s| s.id != from);
            }
            Roster::Owners => {
                let (from, into) = (OwnerId(from.into()), Some(OwnerId(into.into())));
                for deal in self
                    .deals
                    .iter_mut()
                    .filter(|d| d.owner.as_ref() == Some(&from))
                {
                    deal.owner = into.clone();
                    deal.updated_at = now;
                    changed += 1;
                }
                for goal in self
                    .goals
                    .iter_mut()
                    .filter(|g| g.owner.as_ref() == Some(&from))
                {
                    goal.owner = into.clone();
                    goal.updated_at = now;
                    changed += 1;
                }
                self.owners.retain(|o| o.id != from);
            }
            Roster::Types => {
                let (from, into) = (DealTypeId(from.into()), Some(DealTypeId(into.into())));
                for deal in self
                    .deals
                    .iter_mut()
                    .filter(|d| d.deal_type.as_ref() == Some(&from))
                {
                    deal.deal_type = into.clone();
                    deal.updated_at = now;
                    changed += 1;
                }
                self.deal_types.retain(|t| t.id != from);
            }
        }
        Ok(changed)
    }
}

/// How often each id occurs: Settings' "used by N" counts of every entry of a list in one pass.
/// Hashed with [`Fx`](crate::kpi::index::BuildFx) (SipHash cost ~9 ms per 100,000
/// activities in Chromium), and a run of one id is counted without hashing.
pub(crate) fn count_ids<'a>(ids: impl Iterator<Item = &'a str>) -> UseCounts<'a> {
    let mut counts = UseCounts::default();
    let mut run: Option<(&str, usize)> = None;
    for id in ids {
        match &mut run {
            Some((last, n)) if *last == id => *n += 1,
            _ => {
                if let Some((last, n)) = run.replace((id, 1)) {
                    *counts.entry(last).or_insert(0) += n;
                }
            }
        }
    }
    if let Some((last, n)) = run {
        *counts.entry(last).or_insert(0) += n;
    }
    counts
}

/// Uses per id, from [`count_ids`].
pub type UseCounts<'a> = crate::kpi::index::FxMap<&'a str, usize>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::{self, Period, Query};
    use crate::sample::sample_dataset;
    use crate::Date;

    fn sample() -> Dataset {
        sample_dataset(Date::parse("2025-06-30").unwrap(), Language::En)
    }

    fn march_report(ds: &Dataset) -> kpi::Report {
        kpi::report(
            ds,
            &Query {
                period: Period::all(),
                filter: Default::default(),
                mode: Default::default(),
                today: Date::parse("2025-06-30").unwrap(),
            },
        )
    }

    #[test]
    fn renaming_a_stage_keeps_history_and_kpis() {
        let mut ds = sample();
        let before = march_report(&ds);
        let events_before: Vec<_> = ds.deals.iter().map(|d| d.events.clone()).collect();
        ds.rename_stage(&"sql".into(), " Qualified opportunity ")
            .unwrap();
        assert_eq!(
            ds.stage(&"sql".into()).unwrap().name,
            "Qualified opportunity"
        );
        let events_after: Vec<_> = ds.deals.iter().map(|d| d.events.clone()).collect();
        assert_eq!(events_before, events_after);
        assert_eq!(march_report(&ds), before);
        assert_eq!(
            ds.rename_stage(&"mql".into(), "lead"),
            Err(SetupError::NameTaken)
        );
        assert_eq!(
            ds.rename_stage(&"mql".into(), " "),
            Err(SetupError::NameRequired)
        );
    }

    #[test]
    fn stages_in_use_cannot_vanish_but_can_merge() {
        let mut ds = sample();
        let uses = ds.stage_uses(&"mql".into());
        assert!(uses > 0);
        assert_eq!(ds.remove_stage(&"mql".into()), Err(SetupError::InUse(uses)));
        assert_eq!(
            ds.set_stage_kind(&"mql".into(), StageKind::Lost),
            Err(SetupError::InUse(uses))
        );
        assert_eq!(
            ds.merge_stage(&"mql".into(), &"won".into(), Timestamp(1)),
            Err(SetupError::KindMismatch)
        );
        let deals = ds.deals.len();
        assert_eq!(
            ds.merge_stage(&"mql".into(), &"lead".into(), Timestamp(1)),
            Ok(uses)
        );
        assert!(ds.stage(&"mql".into()).is_none());
        assert_eq!(ds.deals.len(), deals);
        for deal in &ds.deals {
            assert!(deal.events.windows(2).all(|w| w[0].stage != w[1].stage));
            assert!(deal.events.iter().all(|e| ds.stage(&e.stage).is_some()));
        }
        crate::format::schema::check_integrity(&ds).unwrap();
    }

    #[test]
    fn stage_add_order_and_guards() {
        let mut ds = Dataset::new(Language::En);
        let id = ds.add_stage("Proposal", StageKind::Open, 60).unwrap();
        assert_eq!(ds.stage_index(&id), Some(3));
        ds.move_stage(&id, -1).unwrap();
        assert_eq!(ds.stage_index(&id), Some(2));
        assert_eq!(ds.move_stage(&"lead".into(), -1), Err(SetupError::NotFound));
        assert_eq!(
            ds.add_stage("x", StageKind::Open, 101),
            Err(SetupError::Probability)
        );
        assert_eq!(
            ds.remove_stage(&"won".into()),
            Err(SetupError::LastOfKind(StageKind::Won))
        );
        assert_eq!(ds.remove_stage(&"sql".into()), Err(SetupError::Qualified));
        ds.set_stage_probability(&id, 55).unwrap();
        ds.set_stage_kind(&id, StageKind::Won).unwrap();
        ds.remove_stage(&id).unwrap();
        assert_eq!(ds.stages.len(), 5);
    }

    #[test]
    fn rosters_rename_refuse_and_merge() {
        let mut ds = sample();
        let rep = ds.owners[0].id.0.clone();
        let other = ds.owners[1].id.0.clone();
        ds.rename_in_roster(Roster::Owners, &rep, "Sara Ahmadi")
            .unwrap();
        assert_eq!(ds.owners[0].name, "Sara Ahmadi");
        let uses = ds.roster_uses(Roster::Owners, &rep);
        assert!(uses > 0);
        assert_eq!(
            ds.remove_from_roster(Roster::Owners, &rep),
            Err(SetupError::InUse(uses))
        );
        let total = ds.deals.len();
        assert_eq!(
            ds.merge_in_roster(Roster::Owners, &rep, &other, Timestamp(3)),
            Ok(uses)
        );
        assert!(ds.roster_uses(Roster::Owners, &other) > uses);
        assert_eq!(ds.deals.len(), total);
        let id = ds.add_to_roster(Roster::Sources, "Radio").unwrap();
        assert_eq!(
            ds.add_to_roster(Roster::Sources, "radio"),
            Err(SetupError::NameTaken)
        );
        ds.remove_from_roster(Roster::Sources, &id).unwrap();
        let web_uses = ds.roster_uses(Roster::Sources, "website");
        assert_eq!(
            ds.merge_in_roster(Roster::Sources, "website", "ads", Timestamp(4)),
            Ok(web_uses)
        );
        crate::format::schema::check_integrity(&ds).unwrap();
    }

    #[test]
    fn use_counts_in_one_pass_are_the_per_entry_counts() {
        let mut ds = sample();
        // An entry nobody uses, and a deal with no owner, source or type.
        let radio = ds.add_to_roster(Roster::Sources, "Radio").unwrap();
        ds.deals[0].owner = None;
        ds.deals[0].source = None;
        ds.deals[1].deal_type = None;
        for roster in [Roster::Sources, Roster::Owners, Roster::Types] {
            let counts = ds.roster_use_counts(roster);
            for (id, _) in ds.roster(roster) {
                let one = ds.roster_uses(roster, &id);
                assert_eq!(counts.get(id.as_str()).copied().unwrap_or(0), one, "{id}");
            }
        }
        assert!(!ds
            .roster_use_counts(Roster::Sources)
            .contains_key(radio.as_str()));
        assert!(ds.roster_use_counts(Roster::Owners).values().sum::<usize>() > 0);
    }

    #[test]
    fn stage_outcome_and_kind_counts_in_one_pass_are_the_per_entry_counts() {
        let mut ds = crate::sample::sample_dataset(
            crate::Date::from_ymd(2025, 6, 30).unwrap(),
            crate::Language::En,
        );
        assert!(!ds.activities.is_empty(), "the sample logs calls");
        // A deal that went back to a stage it had left counts once for it.
        let mut back = ds.deals[0].events[0].clone();
        back.date = ds.deals[0].events.last().map_or(back.date, |e| e.date);
        ds.deals[0].events.push(back);
        let stages = ds.stage_use_counts();
        for stage in &ds.stages {
            let one = ds.stage_uses(&stage.id);
            assert_eq!(stages.get(stage.id.as_str()).copied().unwrap_or(0), one);
        }
        let outcomes = ds.outcome_use_counts();
        for o in &ds.call_outcomes {
            let one = ds.outcome_uses(&o.id);
            assert_eq!(outcomes.get(o.id.as_str()).copied().unwrap_or(0), one);
        }
        let kinds = ds.kind_use_counts();
        for k in &ds.activity_kinds {
            assert_eq!(
                kinds.get(k.id.as_str()).copied().unwrap_or(0),
                ds.kind_uses(&k.id)
            );
        }
        assert!(outcomes.values().sum::<usize>() > 0 && kinds.values().sum::<usize>() > 0);
    }
}
