//! How each command changes the dataset, with the notice it gives and the undo it leaves.

use super::*;
use crate::merge::{merge, replace};
use crate::money::Currency;
use crate::ops::parse_count;
use crate::sample::sample_dataset;
use crate::text::normalize_digits;

/// The most days the backup reminder may wait.
const MAX_REMINDER_DAYS: u32 = 365;

/// Probability given to a stage added in Settings, until the user sets its own.
const NEW_STAGE_PROBABILITY: u8 = 20;

impl Applied {
    pub(super) fn says(notice: Notice) -> Applied {
        Applied {
            notice: Some(notice),
            undo: None,
        }
    }

    pub(super) fn undone_by(mut self, undo: Command) -> Applied {
        self.undo = Some(undo);
        self
    }

    /// Undone by putting the whole dataset back as it was.
    fn undone_by_restoring(self, previous: Dataset) -> Applied {
        self.undone_by(Command::Restore {
            previous: Box::new(previous),
        })
    }
}

impl Dataset {
    /// Applies a command: the dataset changes and the notice and undo come back, or nothing
    /// changes and the error says why.
    pub fn apply(&mut self, command: Command, clock: Clock) -> Result<Applied, CommandError> {
        let Clock { today, minute, now } = clock;
        match command {
            Command::AddDeal { id, draft } => {
                self.add_deal(id.clone(), &draft, today, now)
                    .map_err(CommandError::Deal)?;
                // A lead first contacted today arrived now: speed to lead counts from here. One
                // entered for an earlier day has no known time.
                if let Some(deal) = self.deals.iter_mut().find(|d| d.id == id) {
                    if deal.first_contact == today {
                        deal.arrived = Some(DateTime::new(today, minute));
                    }
                }
                Ok(Applied::says(Notice::DealAdded))
            }
            Command::UpdateDeal { id, draft } => self
                .update_deal(&id, &draft, today, now)
                .map(|()| Applied::says(Notice::DealSaved))
                .map_err(CommandError::Deal),
            Command::MoveDeal { id, mv, date } => {
                let stage = self
                    .move_deal(&id, mv, date, today, now)
                    .map_err(CommandError::Move)?;
                let deal = self.deal(&id).map(|d| d.title.clone()).unwrap_or_default();
                let stage = self
                    .stage(&stage)
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                Ok(Applied::says(Notice::MovedTo { deal, stage }))
            }
            Command::MoveDeals { ids, mv, date } => self
                .move_deals(&ids, &mv, date, today, now)
                .map(|n| Applied::says(Notice::MarkedLost { n }))
                .map_err(CommandError::Moves),
            Command::SetHistory { id, events, lost } => self
                .set_history(&id, events, lost, today, now)
                .map(|()| Applied::says(Notice::HistorySaved))
                .map_err(CommandError::History),
            Command::AssignOwner { ids, owner } => {
                let n = self.assign_owner(&ids, &owner, now);
                Ok(Applied::says(Notice::OwnerChanged { n }))
            }
            Command::DeleteDeals { ids } => {
                let gone = self.delete_deals(&ids, now);
                if gone.deals.is_empty() {
                    return Err(CommandError::Gone);
                }
                let n = gone.deals.len();
                Ok(Applied::says(Notice::DealsDeleted { n })
                    .undone_by(Command::RestoreDeals { deleted: gone }))
            }
            Command::MergeDeals { keep, other } => {
                let previous = self.clone();
                let deal = self
                    .merge_deals(&keep, &other, now)
                    .ok_or(CommandError::Gone)?;
                Ok(Applied::says(Notice::DealsMerged { deal }).undone_by_restoring(previous))
            }
            Command::RestoreDeals { deleted } => {
                self.restore_deals(deleted, now);
                Ok(Applied::says(Notice::Undone))
            }
            Command::SetGoal { id, draft } => self
                .set_goal(id, &draft, now)
                .map(|_| Applied::says(Notice::GoalSaved))
                .map_err(CommandError::Goal),
            Command::DeleteGoal { id } => self
                .delete_goal(&id, now)
                .map(|_| Applied::says(Notice::GoalDeleted))
                .ok_or(CommandError::Gone),
            Command::SetTraffic {
                id,
                source,
                start,
                end,
                visitors,
            } => {
                self.set_traffic(id, source, start, end, visitors, now);
                Ok(Applied::says(Notice::TrafficSaved))
            }
            Command::DeleteTraffic { id } => self
                .delete_traffic(&id, now)
                .map(|_| Applied {
                    notice: None,
                    undo: None,
                })
                .ok_or(CommandError::Gone),
            Command::Setting(change) => self.change_setting(change),
            Command::Stage(change) => self
                .change_stage(change, now)
                .map(|()| Applied::says(Notice::SettingsSaved))
                .map_err(CommandError::Setup),
            Command::Roster { roster, change } => self
                .change_roster(roster, change, now)
                .map(|()| Applied::says(Notice::SettingsSaved))
                .map_err(CommandError::Setup),
            Command::Outcome(change) => self
                .change_outcomes(change, now)
                .map(|_| Applied::says(Notice::SettingsSaved))
                .map_err(CommandError::Setup),
            Command::Kind(change) => self
                .change_kinds(change, now)
                .map(|_| Applied::says(Notice::SettingsSaved))
                .map_err(CommandError::Setup),
            Command::LoadSample => {
                let sample = sample_dataset(today, self.settings.language);
                Ok(self.replace_whole(sample, now, Notice::SampleLoaded))
            }
            Command::ClearRecords => {
                let previous = self.clone();
                self.clear_records(now);
                Ok(Applied::says(Notice::DataCleared).undone_by_restoring(previous))
            }
            Command::MergeFiles { files } => {
                let n = files.len();
                let previous = self.clone();
                for theirs in &files {
                    *self = merge(self, theirs).0;
                }
                let none = std::collections::HashSet::new();
                let pairs = |d: &Dataset| crate::duplicates::find_duplicates(d, &none).len();
                let duplicates = pairs(self).saturating_sub(pairs(&previous));
                Ok(Applied::says(Notice::FilesMerged { n, duplicates })
                    .undone_by_restoring(previous))
            }
            Command::ImportCsv { converted, file } => {
                let n = converted.deals.len();
                // Taken, not cloned: the merge builds the new data from it anyway.
                let previous = std::mem::take(self);
                *self = merge(&previous, &converted).0;
                Ok(Applied::says(Notice::CsvImported { n, file }).undone_by_restoring(previous))
            }
            Command::ImportCalls { calls, file } => {
                let previous = std::mem::take(self);
                *self = merge(&previous, &calls).0;
                // Counted after the merge: a record the data already had (or deleted) is not new.
                let new = |ids: &mut dyn Iterator<Item = &str>, before: &[&str]| {
                    let before: std::collections::HashSet<&str> = before.iter().copied().collect();
                    ids.filter(|id| !before.contains(id)).count()
                };
                let before_deals: Vec<&str> =
                    previous.deals.iter().map(|d| d.id.as_str()).collect();
                let before_calls: Vec<&str> =
                    previous.activities.iter().map(|a| a.id.as_str()).collect();
                let leads = new(&mut self.deals.iter().map(|d| d.id.as_str()), &before_deals);
                let added = new(
                    &mut self.activities.iter().map(|a| a.id.as_str()),
                    &before_calls,
                );
                Ok(Applied::says(Notice::CallsImported {
                    calls: added,
                    leads,
                    file,
                })
                .undone_by_restoring(previous))
            }
            Command::Replace { with, file } => {
                Ok(self.replace_whole(*with, now, Notice::Replaced { file }))
            }
            Command::Restore { previous } => {
                *self = replace(self, *previous, now);
                Ok(Applied::says(Notice::Undone))
            }
            work @ (Command::LogActivity { .. }
            | Command::UpdateActivity { .. }
            | Command::DeleteActivities { .. }
            | Command::RestoreActivities { .. }
            | Command::SetNextStep { .. }
            | Command::CompleteNextStep { .. }) => self.apply_work(work, clock),
            views @ (Command::SaveView { .. }
            | Command::RenameView { .. }
            | Command::DeleteView { .. }
            | Command::RestoreView { .. }) => self.apply_views(views, now),
            Command::Recover { dataset, how } => {
                *self = *dataset;
                Ok(Applied {
                    notice: (how == Recovery::Repaired).then_some(Notice::Repaired),
                    undo: None,
                })
            }
        }
    }

    /// Replaces everything as a new edit: what goes is deleted in every tab, what comes wins.
    fn replace_whole(&mut self, target: Dataset, now: Timestamp, notice: Notice) -> Applied {
        let previous = std::mem::replace(self, Dataset::new(target.settings.language));
        *self = replace(&previous, target, now);
        Applied::says(notice).undone_by_restoring(previous)
    }

    fn change_setting(&mut self, change: SettingChange) -> Result<Applied, CommandError> {
        let settings = &mut self.settings;
        match change {
            SettingChange::Language(language) => {
                settings.language = language;
                settings.calendar = Calendar::default_for(language);
                settings.week_start = WeekStart::default_for(language);
                // The page turns to the new language: that is the notice.
                return Ok(Applied {
                    notice: None,
                    undo: None,
                });
            }
            SettingChange::Calendar(calendar) => settings.calendar = calendar,
            SettingChange::WeekStart(week) => settings.week_start = week,
            SettingChange::RialUnit(unit) => settings.rial_unit = unit,
            SettingChange::DisplayCurrency(text) => {
                settings.display_currency = Currency::parse(&text).map_err(CommandError::Number)?;
            }
            SettingChange::LostReasons(text) => {
                settings.lost_reasons = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(String::from)
                    .collect();
            }
            SettingChange::QualifiedStage(id) => {
                if !self.stages.iter().any(|s| s.id == id) {
                    return Err(CommandError::Gone);
                }
                self.settings.qualified_stage = id;
            }
            SettingChange::BackupReminderDays(text) => {
                let days = parse_count(&text).map_err(CommandError::Number)?;
                settings.backup_reminder_days = u32::try_from(days)
                    .unwrap_or(u32::MAX)
                    .min(MAX_REMINDER_DAYS);
            }
        }
        Ok(Applied::says(Notice::SettingsSaved))
    }

    fn change_stage(&mut self, change: StageChange, now: Timestamp) -> Result<(), SetupError> {
        match change {
            StageChange::Add { name, kind } => self
                .add_stage(&name, kind, NEW_STAGE_PROBABILITY)
                .map(|_| ()),
            StageChange::Rename { id, name } => self.rename_stage(&id, &name),
            StageChange::SetKind { id, kind } => self.set_stage_kind(&id, kind),
            StageChange::SetProbability { id, percent } => {
                let percent = normalize_digits(&percent)
                    .trim()
                    .parse::<u8>()
                    .map_err(|_| SetupError::Probability)?;
                self.set_stage_probability(&id, percent)
            }
            StageChange::Reorder { id, step } => self.move_stage(&id, step),
            StageChange::Remove { id } => self.remove_stage(&id),
            StageChange::Merge { from, into } => self.merge_stage(&from, &into, now).map(|_| ()),
        }
    }

    fn change_roster(
        &mut self,
        roster: Roster,
        change: RosterChange,
        now: Timestamp,
    ) -> Result<(), SetupError> {
        match change {
            RosterChange::Add { name } => self.add_to_roster(roster, &name).map(|_| ()),
            RosterChange::Rename { id, name } => self.rename_in_roster(roster, &id, &name),
            RosterChange::Remove { id } => self.remove_from_roster(roster, &id),
            RosterChange::Merge { from, into } => {
                self.merge_in_roster(roster, &from, &into, now).map(|_| ())
            }
        }
    }
}
