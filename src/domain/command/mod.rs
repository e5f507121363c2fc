//! Every change to a dataset as a value: a [`Command`] applied by [`Dataset::apply`].
//!
//! The UI builds a command from what the user did and hands it to one dispatcher; the domain
//! checks it, changes the dataset (or changes nothing and says why), and returns the notice to
//! show and the command that takes it back. Undo is a command like any other, applied as a new
//! edit dated now, so it wins in every tab (see [`crate::merge::replace`]).
//!
//! Each underlying operation checks everything before it changes anything, so a refused command
//! leaves the dataset exactly as it was (the tests hold every variant to that).

mod apply;
#[cfg(test)]
mod tests;
mod views;
mod work;

use crate::date::{Date, Timestamp};
use crate::goals::{GoalDraft, GoalError};
use crate::model::*;
use crate::money::MoneyError;
use crate::ops::{
    ActivityDraft, ActivityError, DealDraft, FieldError, HistoryError, Move, MoveError, StepDraft,
};
use crate::setup::{Roster, SetupError};

/// When a command is applied: the user's calendar day and the wall-clock instant of the edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    /// The local calendar day (moves and forms refuse dates after it).
    pub today: Date,
    /// Minutes since local midnight (a lead added today arrived now).
    pub minute: u16,
    /// The instant that dates the edit for merging across tabs and files.
    pub now: Timestamp,
}

/// A change a user can make to the dataset.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Adds a deal from the deal form.
    AddDeal {
        /// The new deal's id (made by the caller so it can be referred to afterwards).
        id: DealId,
        /// The form as typed.
        draft: DealDraft,
    },
    /// Saves the deal form over an existing deal.
    UpdateDeal {
        /// The deal edited.
        id: DealId,
        /// The form as typed.
        draft: DealDraft,
    },
    /// Moves one deal to another stage (a new dated event; history is not rewritten).
    MoveDeal {
        /// The deal moved.
        id: DealId,
        /// Where to, with the lost reason when it is lost.
        mv: Move,
        /// The day of the move.
        date: Date,
    },
    /// Moves several deals at once; all or none.
    MoveDeals {
        /// The deals moved.
        ids: Vec<DealId>,
        /// Where to.
        mv: Move,
        /// The day of the move.
        date: Date,
    },
    /// Replaces a deal's whole stage history (the deal panel's history editor).
    SetHistory {
        /// The deal.
        id: DealId,
        /// Its events, in any order.
        events: Vec<StageEvent>,
        /// Lost reason and note, required when the last event is a lost stage.
        lost: (String, String),
    },
    /// Gives several deals one owner.
    AssignOwner {
        /// The deals.
        ids: Vec<DealId>,
        /// The owner's name (added to the roster when new).
        owner: String,
    },
    /// Deletes deals with their activities and next steps (tombstones keep them deleted in other
    /// tabs and merged files).
    DeleteDeals {
        /// The deals.
        ids: Vec<DealId>,
    },
    /// Merges two entries of the same lead into one (histories joined, activities moved, the
    /// other deleted): [`Dataset::merge_deals`].
    MergeDeals {
        /// The deal that stays.
        keep: DealId,
        /// The deal merged into it.
        other: DealId,
    },
    /// Puts deleted deals (with their activities and next steps) back, as a new edit (the undo
    /// of [`Command::DeleteDeals`]).
    RestoreDeals {
        /// The deals, activities and next steps as they were when deleted.
        deleted: crate::ops::DeletedDeals,
    },
    /// Sets a goal (updating the goal of the same owner and span).
    SetGoal {
        /// The id a new goal gets.
        id: GoalId,
        /// The form as typed.
        draft: GoalDraft,
    },
    /// Deletes a goal.
    DeleteGoal {
        /// The goal.
        id: GoalId,
    },
    /// Records visitors for a date range and source.
    SetTraffic {
        /// The id a new entry gets.
        id: TrafficId,
        /// The source, or all sources.
        source: Option<SourceId>,
        /// First day.
        start: Date,
        /// Last day.
        end: Date,
        /// Visitors in the range.
        visitors: u64,
    },
    /// Deletes a traffic entry.
    DeleteTraffic {
        /// The entry.
        id: TrafficId,
    },
    /// Changes one setting.
    Setting(SettingChange),
    /// Changes the stage list.
    Stage(StageChange),
    /// Changes the list of sources or owners.
    Roster {
        /// Which list.
        roster: Roster,
        /// The change.
        change: RosterChange,
    },
    /// Changes the list of call outcomes.
    Outcome(crate::outcomes::OutcomeChange),
    /// Changes the list of activity kinds.
    Kind(crate::kinds::KindChange),
    /// Replaces everything with the sample data (as a new edit that wins in every tab).
    LoadSample,
    /// Deletes every deal, activity, next step, traffic entry, goal and saved view; settings and
    /// lists stay.
    ClearRecords,
    /// Merges shared Kariz files into the data, newer record winning, in file order.
    MergeFiles {
        /// The files' datasets, already read.
        files: Vec<Dataset>,
    },
    /// Merges the deals converted from a CSV file.
    ImportCsv {
        /// The converted file, shared with the preview that showed what it would do.
        converted: std::sync::Arc<Dataset>,
        /// The file's name, for the notice.
        file: String,
    },
    /// Merges the calls (and the leads for unmatched numbers) read from a phone system's call
    /// log: [`CallsPreview::to_dataset`](crate::format::calls_in::CallsPreview::to_dataset).
    ImportCalls {
        /// The new records, with the current set-up.
        calls: Box<Dataset>,
        /// The file's name, for the notice.
        file: String,
    },
    /// Replaces the data with one file's (what it drops is deleted in every tab).
    Replace {
        /// The file's dataset.
        with: Box<Dataset>,
        /// The file's name, for the notice.
        file: String,
    },
    /// Puts the whole dataset back as it was, as a new edit (the undo of whole-data commands).
    Restore {
        /// The dataset before the command being undone.
        previous: Box<Dataset>,
    },
    /// Logs a call or other activity from the log dialog, optionally setting the deal's next
    /// step (which closes the open one).
    LogActivity {
        /// The new activity's id (made by the caller, short: it is stored with every call).
        id: ActivityId,
        /// The dialog as typed.
        draft: ActivityDraft,
        /// The next step to set on the draft's deal, with its new id.
        next: Option<(StepId, StepDraft)>,
    },
    /// Saves the log dialog over an existing activity.
    UpdateActivity {
        /// The activity.
        id: ActivityId,
        /// The dialog as typed.
        draft: ActivityDraft,
    },
    /// Deletes activities (tombstones keep them deleted in other tabs and merged files).
    DeleteActivities {
        /// The activities.
        ids: Vec<ActivityId>,
    },
    /// Puts deleted activities back, as a new edit (the undo of [`Command::DeleteActivities`]).
    RestoreActivities {
        /// The activities as they were when deleted.
        activities: Vec<Activity>,
    },
    /// Sets a deal's next step (closing the open one).
    SetNextStep {
        /// The deal.
        deal: DealId,
        /// The new step's id.
        id: StepId,
        /// The step as typed.
        draft: StepDraft,
    },
    /// Marks a deal's open next step done, optionally logging what was done and setting the
    /// next one.
    CompleteNextStep {
        /// The deal.
        deal: DealId,
        /// The activity that did it, with its new id.
        log: Option<(ActivityId, ActivityDraft)>,
        /// The step after it, with its new id.
        next: Option<(StepId, StepDraft)>,
    },
    /// Saves the dashboard's view under a name (a view of the same name is updated).
    SaveView {
        /// The id a new view gets.
        id: ViewId,
        /// The name as typed.
        name: String,
        /// The view in its address form ([`crate::view_state::DashboardView::to_query`]).
        query: String,
    },
    /// Renames a saved view.
    RenameView {
        /// The view.
        id: ViewId,
        /// Its new name, as typed.
        name: String,
    },
    /// Deletes a saved view (a tombstone keeps it deleted in other tabs and merged files).
    DeleteView {
        /// The view.
        id: ViewId,
    },
    /// Puts a deleted view back, as a new edit (the undo of [`Command::DeleteView`]).
    RestoreView {
        /// The view as it was when deleted.
        view: SavedView,
    },
    /// Takes a dataset as it is, with no merge: only when what is stored could not be read
    /// (a repair keeping the readable records, or starting fresh).
    Recover {
        /// The dataset to keep from now on.
        dataset: Box<Dataset>,
        /// Which of the two it is, for the notice.
        how: Recovery,
    },
}

/// A change to one setting.
#[derive(Clone, Debug, PartialEq)]
pub enum SettingChange {
    /// The interface language; the calendar and week start follow it (both can be changed later).
    Language(Language),
    /// The calendar dates are shown in.
    Calendar(Calendar),
    /// The first day of a week.
    WeekStart(WeekStart),
    /// Whether Iranian amounts are shown in rials or tomans.
    RialUnit(RialUnit),
    /// The currency KPIs are shown in, as typed (an ISO code).
    DisplayCurrency(String),
    /// The lost reasons offered, one per line as typed.
    LostReasons(String),
    /// The stage from which a deal counts as qualified pipeline.
    QualifiedStage(StageId),
    /// Days of unexported changes before the backup reminder, as typed (at most 365).
    BackupReminderDays(String),
}

/// A change to the stage list.
#[derive(Clone, Debug, PartialEq)]
pub enum StageChange {
    /// Adds a stage with the default 20% probability.
    Add {
        /// Its name.
        name: String,
        /// Open, won or lost.
        kind: StageKind,
    },
    /// Renames a stage (deals keep it: history refers to the id).
    Rename {
        /// The stage.
        id: StageId,
        /// Its new name.
        name: String,
    },
    /// Makes a stage open, won or lost.
    SetKind {
        /// The stage.
        id: StageId,
        /// The kind.
        kind: StageKind,
    },
    /// Sets a stage's win probability, as typed (a whole percent, any digits).
    SetProbability {
        /// The stage.
        id: StageId,
        /// The percent as typed.
        percent: String,
    },
    /// Moves a stage up (-1) or down (+1) in the funnel order.
    Reorder {
        /// The stage.
        id: StageId,
        /// The step.
        step: isize,
    },
    /// Removes an unused stage.
    Remove {
        /// The stage.
        id: StageId,
    },
    /// Moves every use of a stage to another of the same kind, then removes it.
    Merge {
        /// The stage that goes.
        from: StageId,
        /// The stage that stays.
        into: StageId,
    },
}

/// A change to the list of sources or owners.
#[derive(Clone, Debug, PartialEq)]
pub enum RosterChange {
    /// Adds a name.
    Add {
        /// The name.
        name: String,
    },
    /// Renames an entry (deals follow).
    Rename {
        /// The entry's id.
        id: String,
        /// Its new name.
        name: String,
    },
    /// Removes an unused entry.
    Remove {
        /// The entry's id.
        id: String,
    },
    /// Moves every use of an entry to another, then removes it.
    Merge {
        /// The entry that goes.
        from: String,
        /// The entry that stays.
        into: String,
    },
}

/// Which recovery from unreadable stored data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recovery {
    /// The readable records were kept.
    Repaired,
    /// Everything was discarded.
    StartedFresh,
}

/// What happened, for the user; worded in their language by the UI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A deal was added.
    DealAdded,
    /// A deal was saved.
    DealSaved,
    /// A deal moved to a stage.
    MovedTo {
        /// The deal's title.
        deal: String,
        /// The stage's name.
        stage: String,
    },
    /// Several deals were marked lost.
    MarkedLost {
        /// How many.
        n: usize,
    },
    /// A deal's history was saved.
    HistorySaved,
    /// Deals changed owner.
    OwnerChanged {
        /// How many.
        n: usize,
    },
    /// Deals were deleted.
    DealsDeleted {
        /// How many.
        n: usize,
    },
    /// Two entries of one lead were merged into one deal.
    DealsMerged {
        /// The surviving deal's title.
        deal: String,
    },
    /// A goal was saved.
    GoalSaved,
    /// A goal was deleted.
    GoalDeleted,
    /// Visitors were recorded.
    TrafficSaved,
    /// A setting, stage or list entry was saved.
    SettingsSaved,
    /// The sample data replaced the data.
    SampleLoaded,
    /// All records were deleted.
    DataCleared,
    /// Files were merged in.
    FilesMerged {
        /// How many files.
        n: usize,
        /// Likely duplicate pairs the merge brought in (the same lead entered by two reps).
        duplicates: usize,
    },
    /// Deals were imported from a CSV file.
    CsvImported {
        /// How many deals the file held.
        n: usize,
        /// The file's name.
        file: String,
    },
    /// Calls were imported from a phone system's call log.
    CallsImported {
        /// Call activities added.
        calls: usize,
        /// Leads created for numbers no deal had.
        leads: usize,
        /// The file's name.
        file: String,
    },
    /// The data was replaced by a file.
    Replaced {
        /// The file's name.
        file: String,
    },
    /// The last change was taken back.
    Undone,
    /// Unreadable stored data was repaired.
    Repaired,
    /// An activity was logged.
    ActivityLogged {
        /// Its kind.
        kind: ActivityKind,
        /// The deal's title (empty when about no deal).
        deal: String,
        /// Whether a next step was set with it.
        step: bool,
    },
    /// An activity was saved.
    ActivitySaved,
    /// Activities were deleted.
    ActivitiesDeleted {
        /// How many.
        n: usize,
    },
    /// Deleted activities were put back.
    ActivitiesRestored {
        /// How many.
        n: usize,
    },
    /// A deal's next step was set.
    StepSet {
        /// The deal's title.
        deal: String,
    },
    /// A deal's next step was marked done.
    StepDone {
        /// The deal's title.
        deal: String,
        /// Whether the next one was set.
        next: bool,
    },
    /// A view was saved (or renamed).
    ViewSaved {
        /// Its name.
        name: String,
    },
    /// A view was deleted.
    ViewDeleted {
        /// Its name.
        name: String,
    },
}

/// What applying a command did, beyond changing the dataset.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    /// What to tell the user (some changes, like picking a language, speak for themselves).
    pub notice: Option<Notice>,
    /// The command that takes this one back, when it is destructive enough to need one.
    pub undo: Option<Command>,
}

/// Why a command was refused; the dataset is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// The deal form has problems (one per field).
    #[error("the deal has {} problem(s)", .0.len())]
    Deal(Vec<FieldError>),
    /// A move was refused.
    #[error("{0}")]
    Move(MoveError),
    /// Some deals of a bulk move were refused (nothing moved).
    #[error("{} deal(s) cannot be moved", .0.len())]
    Moves(Vec<(DealId, MoveError)>),
    /// The history has problems (one per event).
    #[error("the history has {} problem(s)", .0.len())]
    History(Vec<HistoryError>),
    /// The goal form has problems.
    #[error("the goal has {} problem(s)", .0.len())]
    Goal(Vec<GoalError>),
    /// A set-up change (stage, source, owner) was refused.
    #[error("{0}")]
    Setup(SetupError),
    /// An amount, currency or count could not be read.
    #[error("{0}")]
    Number(MoneyError),
    /// The log dialog (activity or next step) has problems, one per field.
    #[error("the activity has {} problem(s)", .0.len())]
    Activity(Vec<ActivityError>),
    /// The records it names are not (or no longer) there.
    #[error("nothing to change: the records are gone")]
    Gone,
}
