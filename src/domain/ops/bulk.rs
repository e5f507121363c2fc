//! Operations on many deals at once (the list's selection) and on all records.

use super::{Move, MoveError};
use crate::date::{Date, Timestamp};
use crate::model::*;

/// Deals deleted together with the activities and next steps about them, as they were: what
/// the undo of a delete puts back.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DeletedDeals {
    /// The deals.
    pub deals: Vec<Deal>,
    /// Activities about them.
    pub activities: Vec<Activity>,
    /// Their next steps.
    pub steps: Vec<NextStep>,
}

impl Dataset {
    /// Makes the same move on several deals, all or nothing: if any deal refuses, nothing changes
    /// and every refusal is returned with its deal.
    pub fn move_deals(
        &mut self,
        ids: &[DealId],
        mv: &Move,
        date: Date,
        today: Date,
        now: Timestamp,
    ) -> Result<usize, Vec<(DealId, MoveError)>> {
        let mut planned = Vec::with_capacity(ids.len());
        let mut refused = Vec::new();
        for id in ids {
            match self
                .deal_index(id)
                .ok_or(MoveError::NoSuchDeal)
                .and_then(|i| self.check_move(i, mv, date, today).map(|t| (i, t)))
            {
                Ok(plan) => planned.push(plan),
                Err(e) => refused.push((id.clone(), e)),
            }
        }
        if !refused.is_empty() {
            return Err(refused);
        }
        let moved = planned.len();
        for (index, target) in planned {
            self.apply_move(index, target, mv.clone(), date, now);
        }
        Ok(moved)
    }

    /// Gives several deals one owner (a new name adds an owner; blank unassigns); returns how
    /// many deals changed.
    pub fn assign_owner(&mut self, ids: &[DealId], owner: &str, now: Timestamp) -> usize {
        let owner = self.owner_by_name_or_new(owner);
        let mut changed = 0;
        for deal in self.deals.iter_mut().filter(|d| ids.contains(&d.id)) {
            if deal.owner != owner {
                deal.owner = owner.clone();
                deal.updated_at = now;
                changed += 1;
            }
        }
        changed
    }

    /// Deletes deals with the activities and next steps about them (tombstones keep them
    /// deleted in other tabs and merged files); returns all of it as it was, for undo.
    pub fn delete_deals(&mut self, ids: &[DealId], now: Timestamp) -> DeletedDeals {
        let (gone, kept): (Vec<Deal>, Vec<Deal>) = std::mem::take(&mut self.deals)
            .into_iter()
            .partition(|d| ids.contains(&d.id));
        self.deals = kept;
        let gone_ids: std::collections::HashSet<&DealId> = gone.iter().map(|d| &d.id).collect();
        let (activities, kept): (Vec<Activity>, Vec<Activity>) =
            std::mem::take(&mut self.activities)
                .into_iter()
                .partition(|a| a.deal.as_ref().is_some_and(|d| gone_ids.contains(d)));
        self.activities = kept;
        let (steps, kept): (Vec<NextStep>, Vec<NextStep>) = std::mem::take(&mut self.next_steps)
            .into_iter()
            .partition(|s| gone_ids.contains(&s.deal));
        self.next_steps = kept;
        let dead = gone
            .iter()
            .map(|d| d.id.0.clone())
            .chain(activities.iter().map(|a| a.id.0.clone()))
            .chain(steps.iter().map(|s| s.id.0.clone()));
        self.tombstones.extend(dead.map(|id| Tombstone {
            id,
            deleted_at: now,
        }));
        DeletedDeals {
            deals: gone,
            activities,
            steps,
        }
    }

    /// Brings deleted deals, their activities and next steps back (undo) as a new edit made
    /// `now`: drops their tombstones and dates them `now`, so another tab still holding the
    /// tombstones keeps them too (an older `updated_at` would lose to the deletion there and the
    /// merge would delete them again). A record whose id exists again is left as it is.
    pub fn restore_deals(&mut self, deleted: DeletedDeals, now: Timestamp) {
        for mut deal in deleted.deals {
            self.tombstones.retain(|t| t.id != deal.id.0);
            if self.deal_index(&deal.id).is_none() {
                deal.updated_at = now;
                self.deals.push(deal);
            }
        }
        self.restore_activities(deleted.activities, now);
        for mut step in deleted.steps {
            self.tombstones.retain(|t| t.id != step.id.0);
            if !self.next_steps.iter().any(|s| s.id == step.id) {
                step.updated_at = now;
                self.next_steps.push(step);
            }
        }
    }

    /// Removes every deal, activity, next step, traffic entry, goal and saved view (keeping
    /// stages, sources, owners, deal types and settings); tombstones keep an old file from
    /// bringing them back.
    pub fn clear_records(&mut self, now: Timestamp) {
        let ids: Vec<String> = self
            .deals
            .iter()
            .map(|d| d.id.0.clone())
            .chain(self.traffic.iter().map(|t| t.id.0.clone()))
            .chain(self.goals.iter().map(|g| g.id.0.clone()))
            .chain(self.views.iter().map(|v| v.id.0.clone()))
            .chain(self.activities.iter().map(|a| a.id.0.clone()))
            .chain(self.next_steps.iter().map(|s| s.id.0.clone()))
            .collect();
        self.tombstones.extend(ids.into_iter().map(|id| Tombstone {
            id,
            deleted_at: now,
        }));
        self.deals.clear();
        self.traffic.clear();
        self.goals.clear();
        self.views.clear();
        self.activities.clear();
        self.next_steps.clear();
        self.past_losses.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::fixtures::*;

    fn three_deals() -> (Dataset, Vec<DealId>) {
        let (mut ds, id) = with_deal();
        let mut ids = vec![id];
        for n in 2..=3 {
            let id = DealId(format!("d{n}"));
            ds.add_deal(
                id.clone(),
                &draft(&format!("Deal {n}"), "10", "2025-06-02", ""),
                day(TODAY),
                Timestamp(1),
            )
            .unwrap();
            ids.push(id);
        }
        (ds, ids)
    }

    #[test]
    fn bulk_lost_is_all_or_nothing_and_names_each_refusal() {
        let (mut ds, ids) = three_deals();
        let today = day(TODAY);
        ds.move_deal(&ids[1], Move::Win, day("2025-06-03"), today, Timestamp(2))
            .unwrap();
        let before = ds.clone();
        let lose = Move::Lose {
            reason: "Price".into(),
            note: " 20% cheaper elsewhere ".into(),
        };
        assert_eq!(
            ds.move_deals(&ids, &lose, day("2025-06-10"), today, Timestamp(3)),
            Err(vec![(ids[1].clone(), MoveError::Closed)])
        );
        assert_eq!(ds, before);
        let open = [ids[0].clone(), ids[2].clone()];
        assert_eq!(
            ds.move_deals(&open, &lose, day("2025-06-10"), today, Timestamp(3)),
            Ok(2)
        );
        let deal = ds.deal(&ids[2]).unwrap();
        assert_eq!(ds.deal_kind(deal), Some(StageKind::Lost));
        assert_eq!(
            (deal.lost_reason.as_deref(), deal.lost_note.as_str()),
            (Some("Price"), "20% cheaper elsewhere")
        );
    }

    #[test]
    fn bulk_owner_change_and_delete_with_undo() {
        let (mut ds, ids) = three_deals();
        assert_eq!(ds.assign_owner(&ids[..2], "Reza", Timestamp(5)), 2);
        assert_eq!(ds.assign_owner(&ids[..2], "reza", Timestamp(6)), 0);
        let reza = ds.owner_by_name_or_new("Reza");
        assert_eq!(ds.deal(&ids[1]).unwrap().owner, reza);
        assert_eq!(ds.deal(&ids[1]).unwrap().updated_at, Timestamp(5));
        assert_ne!(ds.deal(&ids[2]).unwrap().owner, reza);
        let before = ds.clone();
        let gone = ds.delete_deals(&ids[1..], Timestamp(7));
        assert_eq!(gone.deals.len(), 2);
        assert_eq!(ds.deals.len(), 1);
        assert_eq!(ds.tombstones.len(), 2);
        ds.restore_deals(gone, Timestamp(8));
        assert_eq!(ds.deals.len(), before.deals.len());
        assert!(ds.tombstones.is_empty());
        for deal in &before.deals[1..] {
            let back = ds.deal(&deal.id).unwrap();
            assert_eq!(back.updated_at, Timestamp(8), "an undo is a new edit");
            assert_eq!(
                Deal {
                    updated_at: deal.updated_at,
                    ..back.clone()
                },
                *deal
            );
        }
    }

    #[test]
    fn clearing_leaves_the_setup_and_tombstones() {
        let (mut ds, ids) = three_deals();
        ds.clear_records(Timestamp(9));
        assert!(ds.deals.is_empty());
        assert_eq!(ds.tombstones.len(), ids.len());
        assert_eq!(ds.stages.len(), 5);
        assert!(!ds.owners.is_empty());
    }
}
