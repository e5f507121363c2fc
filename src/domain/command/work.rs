//! The commands of the rep's daily work: logging activities and keeping each deal's next step.

use super::*;

impl Dataset {
    /// Applies an activity or next-step command (the others are answered by `apply`).
    pub(super) fn apply_work(
        &mut self,
        command: Command,
        clock: Clock,
    ) -> Result<Applied, CommandError> {
        let Clock { today, minute, now } = clock;
        let moment = DateTime::new(today, minute);
        let title = |ds: &Dataset, deal: Option<&DealId>| {
            deal.and_then(|d| ds.deal(d))
                .map(|d| d.title.clone())
                .unwrap_or_default()
        };
        match command {
            Command::LogActivity { id, draft, next } => {
                let deal = draft.deal.clone();
                // The behaviour of the kind chosen (an added kind names its base).
                let kind = draft
                    .kind_id
                    .as_ref()
                    .and_then(|k| self.kind_def(k.as_str()))
                    .map_or(draft.kind, |k| k.base);
                let changed = self
                    .log_activity(
                        Some((id, &draft)),
                        deal.as_ref(),
                        false,
                        next.as_ref().map(|(id, s)| (id.clone(), s)),
                        moment,
                        now,
                    )
                    .map_err(CommandError::Activity)?;
                Ok(Applied::says(Notice::ActivityLogged {
                    kind,
                    deal: title(self, deal.as_ref()),
                    step: changed.set,
                }))
            }
            Command::UpdateActivity { id, draft } => self
                .update_activity(&id, &draft, moment, now)
                .map(|()| Applied::says(Notice::ActivitySaved))
                .map_err(CommandError::Activity),
            Command::DeleteActivities { ids } => {
                let gone = self.delete_activities(&ids, now);
                if gone.is_empty() {
                    return Err(CommandError::Gone);
                }
                let n = gone.len();
                Ok(Applied::says(Notice::ActivitiesDeleted { n })
                    .undone_by(Command::RestoreActivities { activities: gone }))
            }
            Command::RestoreActivities { activities } => {
                let n = self.restore_activities(activities, now);
                Ok(Applied::says(Notice::ActivitiesRestored { n }))
            }
            Command::SetNextStep { deal, id, draft } => {
                self.log_activity(None, Some(&deal), false, Some((id, &draft)), moment, now)
                    .map_err(CommandError::Activity)?;
                Ok(Applied::says(Notice::StepSet {
                    deal: title(self, Some(&deal)),
                }))
            }
            Command::CompleteNextStep { deal, log, next } => {
                if self.open_step(&deal).is_none() && log.is_none() && next.is_none() {
                    return Err(CommandError::Gone);
                }
                let changed = self
                    .log_activity(
                        log.as_ref().map(|(id, d)| (id.clone(), d)),
                        Some(&deal),
                        true,
                        next.as_ref().map(|(id, s)| (id.clone(), s)),
                        moment,
                        now,
                    )
                    .map_err(CommandError::Activity)?;
                Ok(Applied::says(Notice::StepDone {
                    deal: title(self, Some(&deal)),
                    next: changed.set,
                }))
            }
            _ => Err(CommandError::Gone),
        }
    }
}
