//! The editable list of call outcomes (Settings): add, rename, mark as connected or not, remove
//! when no call has it, or merge it into another (its calls follow). Merged between tabs and
//! files per outcome like stages, sources and owners (`merge::setup`).

use crate::date::Timestamp;
use crate::model::{unique_slug, CallOutcome, Dataset, OutcomeId};
use crate::setup::SetupError;

/// Whether two names are the same to a person (case and surrounding spaces ignored).
fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// One change to the outcome list.
#[derive(Clone, Debug, PartialEq)]
pub enum OutcomeChange {
    /// Adds an outcome.
    Add {
        /// Its name.
        name: String,
        /// Whether a call with it reached a person.
        connected: bool,
    },
    /// Renames an outcome (its calls keep it: they refer to the id).
    Rename {
        /// The outcome.
        id: OutcomeId,
        /// Its new name.
        name: String,
    },
    /// Marks an outcome as connected or not (the connect rate follows, past calls too).
    Connected {
        /// The outcome.
        id: OutcomeId,
        /// Whether a call with it reached a person.
        connected: bool,
    },
    /// Removes an outcome no call has.
    Remove {
        /// The outcome.
        id: OutcomeId,
    },
    /// Gives every call with `from` the outcome `into`, and removes `from`.
    Merge {
        /// The outcome that goes.
        from: OutcomeId,
        /// The outcome its calls get.
        into: OutcomeId,
    },
}

impl Dataset {
    /// [`Dataset::outcome_uses`] of every outcome at once, in one pass over the activities.
    pub fn outcome_use_counts(&self) -> super::setup::UseCounts<'_> {
        super::setup::count_ids(
            self.activities
                .iter()
                .filter_map(|a| a.outcome.as_ref().map(|o| o.0.as_str())),
        )
    }

    /// How many activities have the outcome.
    pub fn outcome_uses(&self, id: &OutcomeId) -> usize {
        self.activities
            .iter()
            .filter(|a| a.outcome.as_ref() == Some(id))
            .count()
    }

    fn outcome_mut(&mut self, id: &OutcomeId) -> Result<&mut CallOutcome, SetupError> {
        self.call_outcomes
            .iter_mut()
            .find(|o| &o.id == id)
            .ok_or(SetupError::NotFound)
    }

    fn check_outcome_name(&self, id: Option<&OutcomeId>, name: &str) -> Result<String, SetupError> {
        let clean = name.trim();
        if clean.is_empty() {
            return Err(SetupError::NameRequired);
        }
        if self
            .call_outcomes
            .iter()
            .any(|o| Some(&o.id) != id && same_name(&o.name, clean))
        {
            return Err(SetupError::NameTaken);
        }
        Ok(clean.to_string())
    }

    /// Applies one change to the outcome list; returns the calls it changed (a merge).
    pub fn change_outcomes(
        &mut self,
        change: OutcomeChange,
        now: Timestamp,
    ) -> Result<usize, SetupError> {
        match change {
            OutcomeChange::Add { name, connected } => {
                let name = self.check_outcome_name(None, &name)?;
                let id = OutcomeId(unique_slug(&name, |c| {
                    self.call_outcomes.iter().any(|o| o.id.0 == c)
                }));
                self.call_outcomes.push(CallOutcome {
                    id,
                    name,
                    connected,
                });
                Ok(0)
            }
            OutcomeChange::Rename { id, name } => {
                let name = self.check_outcome_name(Some(&id), &name)?;
                self.outcome_mut(&id)?.name = name;
                Ok(0)
            }
            OutcomeChange::Connected { id, connected } => {
                self.outcome_mut(&id)?.connected = connected;
                Ok(0)
            }
            OutcomeChange::Remove { id } => {
                self.outcome_mut(&id)?;
                match self.outcome_uses(&id) {
                    0 => {
                        self.call_outcomes.retain(|o| o.id != id);
                        Ok(0)
                    }
                    n => Err(SetupError::InUse(n)),
                }
            }
            OutcomeChange::Merge { from, into } => {
                if from == into {
                    return Err(SetupError::SameTarget);
                }
                self.outcome_mut(&into)?;
                self.outcome_mut(&from)?;
                let mut changed = 0;
                for a in self
                    .activities
                    .iter_mut()
                    .filter(|a| a.outcome.as_ref() == Some(&from))
                {
                    a.outcome = Some(into.clone());
                    a.updated_at = now;
                    changed += 1;
                }
                self.call_outcomes.retain(|o| o.id != from);
                Ok(changed)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::model::Language;
    use crate::sample::sample_dataset;

    fn sample() -> Dataset {
        sample_dataset(Date::parse("2025-06-30").unwrap(), Language::En)
    }

    fn id(s: &str) -> OutcomeId {
        OutcomeId::from(s)
    }

    #[test]
    fn add_rename_flag_remove_and_merge() {
        let mut ds = sample();
        let now = Timestamp(9);
        let n = ds.call_outcomes.len();
        ds.change_outcomes(
            OutcomeChange::Add {
                name: " Call back later ".into(),
                connected: true,
            },
            now,
        )
        .unwrap();
        let added = ds.call_outcomes.last().unwrap().clone();
        assert_eq!(ds.call_outcomes.len(), n + 1);
        assert_eq!(
            (added.name.as_str(), added.connected),
            ("Call back later", true)
        );
        let taken = ds.change_outcomes(
            OutcomeChange::Add {
                name: "busy".into(),
                connected: false,
            },
            now,
        );
        assert_eq!(taken, Err(SetupError::NameTaken));
        ds.change_outcomes(
            OutcomeChange::Rename {
                id: added.id.clone(),
                name: "Asked to call back".into(),
            },
            now,
        )
        .unwrap();
        ds.change_outcomes(
            OutcomeChange::Connected {
                id: added.id.clone(),
                connected: false,
            },
            now,
        )
        .unwrap();
        let edited = ds.call_outcomes.last().unwrap();
        assert_eq!(
            (edited.name.as_str(), edited.connected),
            ("Asked to call back", false)
        );
        // An unused outcome goes; a used one is refused with its count, or merged.
        ds.change_outcomes(OutcomeChange::Remove { id: added.id }, now)
            .unwrap();
        let busy = ds.outcome_uses(&id("busy"));
        assert!(busy > 0, "the sample has busy calls");
        assert_eq!(
            ds.change_outcomes(OutcomeChange::Remove { id: id("busy") }, now),
            Err(SetupError::InUse(busy))
        );
        let no_answer = ds.outcome_uses(&id("no-answer"));
        assert_eq!(
            ds.change_outcomes(
                OutcomeChange::Merge {
                    from: id("busy"),
                    into: id("no-answer"),
                },
                now,
            ),
            Ok(busy)
        );
        assert_eq!(ds.outcome_uses(&id("no-answer")), busy + no_answer);
        assert!(ds.call_outcomes.iter().all(|o| o.id != id("busy")));
        assert_eq!(
            ds.change_outcomes(OutcomeChange::Remove { id: id("busy") }, now),
            Err(SetupError::NotFound)
        );
    }
}
