//! A second file of stage changes (long form), joined to the deals file by deal id:
//! Salesforce's opportunity history, Pipedrive's deal flow, a plain `deal id, stage, date` sheet.

use super::*;

/// What a column of a stage-history file holds.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum HistoryRole {
    /// The deal's id, as in the deals file's id column.
    Deal,
    /// The stage the deal entered.
    Stage,
    /// When it entered it.
    Date,
    /// Which field changed (a change log of every field): only rows naming the stage are read.
    Field,
}

/// Every role, in the order the mapping screen lists them.
pub const HISTORY_ROLES: [HistoryRole; 4] = [
    HistoryRole::Deal,
    HistoryRole::Stage,
    HistoryRole::Date,
    HistoryRole::Field,
];

/// Header names per role, most specific first, squashed. Salesforce's OpportunityHistory has
/// `Id` (the history row's own id), `OpportunityId`, `StageName`, `CreatedDate` (when the stage
/// was set) and also `CloseDate`, `Amount`: only the first three are read.
const HISTORY_ALIASES: &[(HistoryRole, &[&str])] = &[
    (
        HistoryRole::Deal,
        &[
            "opportunityid",
            "dealid",
            "recordid",
            "dealrecordid",
            "associateddealid",
            "opportunity",
            "شناسهمعامله",
            "شناسه",
            "id",
        ],
    ),
    (
        HistoryRole::Stage,
        &[
            "tostage",
            "newstage",
            "stagename",
            "stage",
            "dealstage",
            "tostagename",
            "newvalue",
            "tovalue",
            "مرحله",
            "مرحلهجدید",
        ],
    ),
    (
        HistoryRole::Date,
        &[
            "createddate",
            "stagechangedate",
            "stagechangetime",
            "changedate",
            "changetime",
            "dateentered",
            "entereddate",
            "enteredon",
            "editdate",
            "logtime",
            "timestamp",
            "changed",
            "date",
            "updatetime",
            "تاریخ",
            "تاریختغییر",
        ],
    ),
    (
        HistoryRole::Field,
        &[
            "field",
            "fieldkey",
            "fieldname",
            "fieldevent",
            "changedfield",
        ],
    ),
];

/// Which column of a history file holds what, and how its dates are written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryColumns {
    /// The deal id column.
    pub deal: Option<usize>,
    /// The stage column.
    pub stage: Option<usize>,
    /// The date column.
    pub date: Option<usize>,
    /// A "which field changed" column, when the file logs every field.
    pub field: Option<usize>,
    /// How the date column is written (`None`: the user must choose).
    pub format: Option<DateFormat>,
}

impl HistoryColumns {
    /// Kariz's guess for a history file: each role's most specific header, one column per role;
    /// the date format from the values.
    pub fn guess(table: &Table) -> HistoryColumns {
        let squashed: Vec<String> = table.headers.iter().map(|h| squash(h)).collect();
        let mut taken: Vec<usize> = Vec::new();
        let mut columns = HistoryColumns::default();
        for (role, aliases) in HISTORY_ALIASES {
            let found = aliases.iter().find_map(|alias| {
                squashed.iter().enumerate().find_map(|(i, h)| {
                    let named = h == alias
                        // Pipedrive's "Deal - ID", Salesforce's "Opportunity: Stage".
                        || ["deal", "opportunity"]
                            .iter()
                            .any(|p| h.strip_prefix(p) == Some(alias));
                    (named && !taken.contains(&i)).then_some(i)
                })
            });
            if let Some(i) = found {
                taken.push(i);
                columns.set(*role, Some(i));
            }
        }
        columns.format = columns
            .date
            .and_then(|i| column_date_guess(table, i).format);
        columns
    }

    /// The column of a role.
    pub fn get(&self, role: HistoryRole) -> Option<usize> {
        match role {
            HistoryRole::Deal => self.deal,
            HistoryRole::Stage => self.stage,
            HistoryRole::Date => self.date,
            HistoryRole::Field => self.field,
        }
    }

    /// Sets the column of a role.
    pub fn set(&mut self, role: HistoryRole, column: Option<usize>) {
        match role {
            HistoryRole::Deal => self.deal = column,
            HistoryRole::Stage => self.stage = column,
            HistoryRole::Date => self.date = column,
            HistoryRole::Field => self.field = column,
        }
    }

    /// Whether the deal, stage and date columns are chosen and the dates' format known.
    pub fn ready(&self) -> bool {
        self.deal.is_some() && self.stage.is_some() && self.date.is_some() && self.format.is_some()
    }

    /// Whether a row is a stage change (in a log of every field, its field names the stage).
    fn is_stage_row(&self, row: &Row) -> bool {
        self.field.is_none_or(|i| {
            row.cells
                .get(i)
                .is_some_and(|c| squash(c).contains("stage") || c.contains("مرحله"))
        })
    }
}

/// The key a deal id is joined on: trimmed; a Salesforce 18-character id becomes its
/// 15-character form, so a report's short ids meet the data export's long ones.
pub(super) fn join_key(id: &str) -> String {
    let id = id.trim();
    let salesforce_long = id.len() == 18
        && id.bytes().all(|b| b.is_ascii_alphanumeric())
        && id.bytes().any(|b| b.is_ascii_alphabetic());
    if salesforce_long {
        id[..15].to_string()
    } else {
        id.to_string()
    }
}

/// One stage change of the history file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Change {
    /// The deal's join key ([`join_key`]).
    pub key: String,
    /// When.
    pub date: Date,
    /// The stage value as written.
    pub stage: String,
    /// Line in the history file.
    pub line: u64,
}

/// A history file read for joining: its changes per deal id, and the rows left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// The changes ordered by join key, in file order within a deal (a sorted list, not a
    /// map: one less map type compiled into the app).
    pub(super) changes: Vec<Change>,
    /// Rows that could not be read (a bad or future date), with the reason.
    pub issues: Vec<RowIssue>,
    /// Rows that are changes of other fields (in a log of every field), skipped.
    pub other_fields: usize,
}

impl History {
    /// Reads `table`'s stage changes under `columns`; `today` bounds the dates.
    pub fn read(table: &Table, columns: &HistoryColumns, today: Date) -> History {
        let mut history = History::default();
        let (Some(deal), Some(stage), Some(date), Some(format)) =
            (columns.deal, columns.stage, columns.date, columns.format)
        else {
            return history;
        };
        let header = |i: usize| table.headers.get(i).cloned().unwrap_or_default();
        for row in &table.rows {
            if !columns.is_stage_row(row) {
                history.other_fields += 1;
                continue;
            }
            let (Some(id), Some(stage_text)) =
                (first_value(row, &[deal]), first_value(row, &[stage]))
            else {
                continue;
            };
            let text = first_value(row, &[date]).unwrap_or("");
            let problem = match parse_date(text, format) {
                Some(d) if d > today => Some(RowProblem::FutureDate(text.to_string())),
                Some(d) => {
                    history.changes.push(Change {
                        key: join_key(id),
                        date: d,
                        stage: stage_text.to_string(),
                        line: row.line,
                    });
                    None
                }
                None => Some(RowProblem::BadDate(text.to_string())),
            };
            if let Some(problem) = problem {
                history.issues.push(RowIssue {
                    line: row.line,
                    column: header(date),
                    problem,
                });
            }
        }
        crate::sort::sort_by(&mut history.changes, |a, b| a.key.cmp(&b.key));
        history
    }

    /// The positions in [`History::changes`] of one deal's changes.
    pub(super) fn of(&self, key: &str) -> std::ops::Range<usize> {
        let start = self.changes.partition_point(|c| c.key.as_str() < key);
        let len = self.changes[start..].partition_point(|c| c.key == key);
        start..start + len
    }

    /// Stage changes read, across all deals.
    pub fn len(&self) -> usize {
        self.changes.len()
    }

    /// Whether no stage change was read.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// The distinct stage values of a history file, counted, with Kariz's guess (as for the deals
/// file's stage column); `known` are the deals file's values already mapped.
pub fn history_stage_values(
    table: &Table,
    columns: &HistoryColumns,
    ds: &Dataset,
    known: &BTreeMap<String, StageChoice>,
) -> Vec<StageValue> {
    let Some(stage) = columns.stage else {
        return Vec::new();
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for row in table.rows.iter().filter(|r| columns.is_stage_row(r)) {
        if let Some(v) = first_value(row, &[stage]) {
            *counts.entry(v.to_string()).or_default() += 1;
        }
    }
    let names = StageNames::of(ds).with_values(known);
    counts
        .into_iter()
        .map(|(value, rows)| {
            let guess = names.resolve(&value);
            StageValue { value, rows, guess }
        })
        .collect()
}

impl CsvPlan {
    /// Adds a history file's stage values to the stage mapping (values the deals file has
    /// already keep their choice), so both files' stages map through one list.
    pub fn add_history_stages(&mut self, table: &Table, columns: &HistoryColumns, ds: &Dataset) {
        for value in history_stage_values(table, columns, ds, &self.stages) {
            if let (false, Some(stage)) = (self.stages.contains_key(&value.value), value.guess) {
                self.stages.insert(value.value, StageChoice::Stage(stage));
            }
        }
    }
}

/// Orders a deal's stage events by date (the earlier-listed first on a tie) and drops an event
/// that repeats the stage before it or an identical earlier one: a CRM writes a history row for
/// every change of amount or close date, with the stage unchanged.
pub(super) fn tidy(events: &mut Vec<StageEvent>) {
    // The app's one compiled stable sort (a `sort_by_key` here would add another copy).
    crate::sort::sort_by(events, |a, b| a.date.cmp(&b.date));
    let mut kept: Vec<StageEvent> = Vec::with_capacity(events.len());
    for e in events.drain(..) {
        if kept.last().is_none_or(|l| l.stage != e.stage) && !kept.contains(&e) {
            kept.push(e);
        }
    }
    *events = kept;
}
