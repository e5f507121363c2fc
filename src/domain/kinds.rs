//! The team's editable list of activity kinds (Settings): the five built-ins can be renamed,
//! hidden from the log dialog and reordered; the team adds its own kinds ("WhatsApp", "Site
//! visit"), each based on a built-in whose behaviour it takes (a kind based on Call has an
//! outcome, duration and direction and counts as a call in every KPI). An added kind no
//! activity has can be removed; one in use is refused with the count, or merged into another
//! kind of the same behaviour (its activities follow). Merged between tabs and files per kind
//! like call outcomes (`merge::setup`).

use crate::date::Timestamp;
use crate::model::{unique_slug, ActivityKind, ActivityKindDef, Dataset, KindId};
use crate::setup::SetupError;

/// Whether two names are the same to a person (case and surrounding spaces ignored).
fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// One change to the kind list.
#[derive(Clone, Debug, PartialEq)]
pub enum KindChange {
    /// Adds a kind that behaves like `base`.
    Add {
        /// Its name.
        name: String,
        /// The built-in whose behaviour it takes.
        base: ActivityKind,
    },
    /// Renames a kind (empty puts a built-in back to its name in each language).
    Rename {
        /// The kind.
        id: KindId,
        /// Its new name.
        name: String,
    },
    /// Hides a kind from the log dialog, or shows it again.
    Hidden {
        /// The kind.
        id: KindId,
        /// Whether it is hidden.
        hidden: bool,
    },
    /// Moves a kind one place up or down the list.
    Move {
        /// The kind.
        id: KindId,
        /// Towards the top.
        up: bool,
    },
    /// Removes an added kind no activity has.
    Remove {
        /// The kind.
        id: KindId,
    },
    /// Gives every activity of `from` the kind `into` (same behaviour), and removes `from`.
    Merge {
        /// The added kind that goes.
        from: KindId,
        /// The kind its activities get.
        into: KindId,
    },
}

impl Dataset {
    /// The kind with this id.
    pub fn kind_def(&self, id: &str) -> Option<&ActivityKindDef> {
        self.activity_kinds.iter().find(|k| k.id.as_str() == id)
    }

    /// The kinds in the order the list shows them.
    pub fn kinds_in_order(&self) -> Vec<&ActivityKindDef> {
        let mut out: Vec<&ActivityKindDef> = self.activity_kinds.iter().collect();
        // Equal places (two tabs' reorders crossing) go by id, the same in every tab.
        out.sort_by(|a, b| (a.rank, &a.id).cmp(&(b.rank, &b.id)));
        out
    }

    /// [`Dataset::kind_uses`] of every kind at once, in one pass over the activities.
    pub fn kind_use_counts(&self) -> super::setup::UseCounts<'_> {
        super::setup::count_ids(self.activities.iter().map(|a| a.team_kind()))
    }

    /// How many activities have the kind.
    pub fn kind_uses(&self, id: &KindId) -> usize {
        self.activities
            .iter()
            .filter(|a| a.team_kind() == id.as_str())
            .count()
    }

    fn kind_mut(&mut self, id: &KindId) -> Result<&mut ActivityKindDef, SetupError> {
        self.activity_kinds
            .iter_mut()
            .find(|k| &k.id == id)
            .ok_or(SetupError::NotFound)
    }

    /// The name checked against the other kinds' (a built-in not renamed by its id: `call`).
    fn check_kind_name(&self, id: Option<&KindId>, name: &str) -> Result<String, SetupError> {
        let clean = name.trim();
        if clean.is_empty() {
            return Err(SetupError::NameRequired);
        }
        let taken = self.activity_kinds.iter().any(|k| {
            Some(&k.id) != id
                && (same_name(&k.name, clean)
                    || (k.name.is_empty() && same_name(k.id.as_str(), clean)))
        });
        if taken {
            return Err(SetupError::NameTaken);
        }
        Ok(clean.to_string())
    }

    /// Applies one change to the kind list; returns the activities it changed (a merge).
    pub fn change_kinds(
        &mut self,
        change: KindChange,
        now: Timestamp,
    ) -> Result<usize, SetupError> {
        match change {
            KindChange::Add { name, base } => {
                let name = self.check_kind_name(None, &name)?;
                let id = KindId(unique_slug(&name, |c| {
                    self.activity_kinds.iter().any(|k| k.id.0 == c)
                        || ActivityKind::ALL.iter().any(|b| b.id() == c)
                }));
                let rank = self
                    .activity_kinds
                    .iter()
                    .map(|k| k.rank + 1)
                    .max()
                    .unwrap_or(0);
                self.activity_kinds.push(ActivityKindDef {
                    id,
                    base,
                    name,
                    hidden: false,
                    rank,
                });
                Ok(0)
            }
            KindChange::Rename { id, name } => {
                let builtin = self.kind_mut(&id)?.is_builtin();
                let name = if builtin && name.trim().is_empty() {
                    String::new()
                } else {
                    self.check_kind_name(Some(&id), &name)?
                };
                self.kind_mut(&id)?.name = name;
                Ok(0)
            }
            KindChange::Hidden { id, hidden } => {
                self.kind_mut(&id)?.hidden = hidden;
                Ok(0)
            }
            KindChange::Move { id, up } => {
                self.kind_mut(&id)?;
                // Ranks become 0..n in list order first, so equal ranks (merged lists) move too.
                let order: Vec<KindId> =
                    self.kinds_in_order().iter().map(|k| k.id.clone()).collect();
                let at = order
                    .iter()
                    .position(|k| k == &id)
                    .ok_or(SetupError::NotFound)?;
                let other = match up {
                    true => at.checked_sub(1),
                    false => Some(at + 1).filter(|i| *i < order.len()),
                };
                let Some(other) = other else {
                    return Ok(0);
                };
                let rank_of =
                    |ds: &Dataset, i: usize| ds.kind_def(order[i].as_str()).map(|k| k.rank);
                let (a, b) = (rank_of(self, at), rank_of(self, other));
                if a.is_some() && a != b {
                    // Only the two swap places: the other kinds stay untouched (and unstamped).
                    let (first, second) = (order[at].clone(), order[other].clone());
                    self.kind_mut(&first)?.rank = b.unwrap_or_default();
                    self.kind_mut(&second)?.rank = a.unwrap_or_default();
                } else {
                    for k in self.activity_kinds.iter_mut() {
                        let mut rank = order.iter().position(|x| x == &k.id).unwrap_or(0);
                        if rank == at {
                            rank = other;
                        } else if rank == other {
                            rank = at;
                        }
                        k.rank = rank as u32;
                    }
                }
                Ok(0)
            }
            KindChange::Remove { id } => {
                if self.kind_mut(&id)?.is_builtin() {
                    return Err(SetupError::Builtin);
                }
                match self.kind_uses(&id) {
                    0 => {
                        self.activity_kinds.retain(|k| k.id != id);
                        Ok(0)
                    }
                    n => Err(SetupError::InUse(n)),
                }
            }
            KindChange::Merge { from, into } => {
                if from == into {
                    return Err(SetupError::SameTarget);
                }
                let target = self.kind_mut(&into)?.clone();
                let source = self.kind_mut(&from)?.clone();
                if source.is_builtin() {
                    return Err(SetupError::Builtin);
                }
                if source.base != target.base {
                    return Err(SetupError::BehaviourMismatch);
                }
                let kind_id = (!target.is_builtin()).then(|| target.id.clone());
                let mut changed = 0;
                for a in self
                    .activities
                    .iter_mut()
                    .filter(|a| a.kind_id.as_ref() == Some(&from))
                {
                    a.kind_id = kind_id.clone();
                    a.updated_at = now;
                    changed += 1;
                }
                self.activity_kinds.retain(|k| k.id != from);
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

    fn id(s: &str) -> KindId {
        KindId::from(s)
    }

    fn add(ds: &mut Dataset, name: &str, base: ActivityKind) -> KindId {
        ds.change_kinds(
            KindChange::Add {
                name: name.into(),
                base,
            },
            Timestamp(9),
        )
        .unwrap();
        ds.activity_kinds.last().unwrap().id.clone()
    }

    #[test]
    fn built_ins_are_renamed_hidden_and_moved_but_not_removed() {
        let mut ds = sample();
        let now = Timestamp(9);
        let order = |ds: &Dataset| -> Vec<String> {
            ds.kinds_in_order().iter().map(|k| k.id.0.clone()).collect()
        };
        assert_eq!(order(&ds), ["call", "email", "meeting", "message", "note"]);
        ds.change_kinds(
            KindChange::Rename {
                id: id("call"),
                name: " Phone ".into(),
            },
            now,
        )
        .unwrap();
        assert_eq!(ds.kind_def("call").unwrap().name, "Phone");
        // Empty puts a built-in back to its own name; "email" is taken by the built-in.
        ds.change_kinds(
            KindChange::Rename {
                id: id("call"),
                name: " ".into(),
            },
            now,
        )
        .unwrap();
        assert_eq!(ds.kind_def("call").unwrap().name, "");
        assert_eq!(
            ds.change_kinds(
                KindChange::Add {
                    name: "Email".into(),
                    base: ActivityKind::Email
                },
                now
            ),
            Err(SetupError::NameTaken)
        );
        ds.change_kinds(
            KindChange::Hidden {
                id: id("note"),
                hidden: true,
            },
            now,
        )
        .unwrap();
        assert!(ds.kind_def("note").unwrap().hidden);
        ds.change_kinds(
            KindChange::Move {
                id: id("meeting"),
                up: true,
            },
            now,
        )
        .unwrap();
        ds.change_kinds(
            KindChange::Move {
                id: id("call"),
                up: true,
            },
            now,
        )
        .unwrap();
        assert_eq!(order(&ds), ["call", "meeting", "email", "message", "note"]);
        assert_eq!(
            ds.change_kinds(KindChange::Remove { id: id("email") }, now),
            Err(SetupError::Builtin)
        );
    }

    #[test]
    fn added_kinds_take_their_base_and_merge_only_into_the_same_behaviour() {
        let mut ds = sample();
        let now = Timestamp(10);
        let whatsapp = add(&mut ds, "WhatsApp", ActivityKind::Call);
        let visit = add(&mut ds, "Site visit", ActivityKind::Meeting);
        assert_eq!(whatsapp.as_str(), "whatsapp");
        assert_eq!(ds.kinds_in_order().last().unwrap().id, visit);
        // Two calls become WhatsApp calls: still calls for every KPI.
        let calls: Vec<usize> = (0..ds.activities.len())
            .filter(|i| ds.activities[*i].kind == ActivityKind::Call)
            .take(2)
            .collect();
        for i in &calls {
            ds.activities[*i].kind_id = Some(whatsapp.clone());
        }
        assert_eq!(ds.kind_uses(&whatsapp), 2);
        assert_eq!(
            ds.change_kinds(
                KindChange::Remove {
                    id: whatsapp.clone()
                },
                now
            ),
            Err(SetupError::InUse(2))
        );
        assert_eq!(
            ds.change_kinds(
                KindChange::Merge {
                    from: whatsapp.clone(),
                    into: visit.clone()
                },
                now
            ),
            Err(SetupError::BehaviourMismatch)
        );
        let calls_before = ds.kind_uses(&id("call"));
        assert_eq!(
            ds.change_kinds(
                KindChange::Merge {
                    from: whatsapp.clone(),
                    into: id("call")
                },
                now
            ),
            Ok(2)
        );
        assert_eq!(ds.kind_uses(&id("call")), calls_before + 2);
        assert_eq!(ds.activities[calls[0]].updated_at, now);
        assert!(ds.kind_def("whatsapp").is_none());
        ds.change_kinds(KindChange::Remove { id: visit }, now)
            .unwrap();
        assert_eq!(ds.activity_kinds.len(), 5);
    }
}
