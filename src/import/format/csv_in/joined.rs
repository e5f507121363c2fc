//! What a conversion gives, the stage-history file joined to the deals, a repeat import of the
//! same CRM's export, and how much history the file brought (per stage, dated or inferred).

use super::*;

/// What a finished conversion gives: the deals as a dataset to merge, and what was left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Converted {
    /// The current dataset's pipeline and settings with the imported deals and any new owners
    /// and sources; merge it into the current data.
    pub dataset: Dataset,
    /// Rows left out, with the reason.
    pub issues: Vec<RowIssue>,
    /// Open deals with no created date, whose first contact is the import day.
    pub undated: usize,
    /// Owners and sources named in the file that Kariz did not have yet.
    pub new_names: Vec<String>,
    /// The undated open deals (see [`Converted::resolved`]).
    pub undated_ids: Vec<DealId>,
    /// The history join, repeat-import matches and per-stage coverage.
    pub report: JoinReport,
}

/// Share of rows left out above which the preview warns before anything is imported.
pub const LEFT_OUT_WARNING: f64 = 0.05;

impl Converted {
    /// Share of the file's rows left out, 0–1.
    pub fn left_out_share(&self) -> f64 {
        let rows = self.dataset.deals.len() + self.issues.len();
        if rows == 0 {
            0.0
        } else {
            self.issues.len() as f64 / rows as f64
        }
    }

    /// Whether so many rows are left out (over [`LEFT_OUT_WARNING`]) that the mapping is likely
    /// wrong: the preview says so prominently.
    pub fn many_left_out(&self) -> bool {
        self.left_out_share() > LEFT_OUT_WARNING
    }

    /// The file's earliest first contact, undated deals aside.
    pub fn earliest(&self) -> Option<Date> {
        self.dataset
            .deals
            .iter()
            .filter(|d| !self.undated_ids.contains(&d.id))
            .map(|d| d.first_contact)
            .min()
    }

    /// The dataset to merge, with the user's choice for the undated open deals.
    pub fn resolved(&self, choice: Undated) -> Dataset {
        let mut dataset = self.dataset.clone();
        let start = match choice {
            Undated::Today => return dataset,
            Undated::LeaveOut => {
                dataset.deals.retain(|d| !self.undated_ids.contains(&d.id));
                return dataset;
            }
            Undated::Earliest => match self.earliest() {
                Some(date) => date,
                None => return dataset,
            },
        };
        for deal in dataset
            .deals
            .iter_mut()
            .filter(|d| self.undated_ids.contains(&d.id))
        {
            deal.first_contact = start;
            for e in &mut deal.events {
                e.date = start;
            }
        }
        dataset
    }
}

/// What to do with open deals that have no created date (the user chooses; Kariz does not
/// silently start them today, which would put them in this month's funnel).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Undated {
    /// They start on the earliest first contact of the file's other deals.
    Earliest,
    /// They start on the import day.
    Today,
    /// They are not imported.
    LeaveOut,
}

/// Every choice for undated deals, in the order the preview offers them.
pub const UNDATED_CHOICES: [Undated; 3] = [Undated::Earliest, Undated::Today, Undated::LeaveOut];

/// For one stage: how many imported deals the file dates entering it, and how many reached it
/// with a date Kariz inferred (a skipped stage, an open deal's current stage without its own date).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageCoverage {
    /// The stage.
    pub stage: StageId,
    /// Deals with a date for it from the file.
    pub dated: usize,
    /// Deals that reached it without one.
    pub inferred: usize,
}

/// What joining a history file and matching deals already in Kariz found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JoinReport {
    /// Per stage, in pipeline order: dated and inferred entries.
    pub coverage: Vec<StageCoverage>,
    /// Stage changes of the history file joined to a deal of the deals file.
    pub history_joined: usize,
    /// Stage changes whose deal id is not in the deals file (not imported).
    pub history_unmatched: usize,
    /// Up to [`SHOWN_IDS`] of those deal ids, sorted.
    pub unmatched_ids: Vec<String>,
    /// History rows that could not be read.
    pub history_issues: Vec<RowIssue>,
    /// Deals of the file already in Kariz (from an earlier import): updated in place.
    pub updated: usize,
    /// Deals imported earlier from a file with ids that this file, which updates some of them,
    /// no longer has (deleted or moved in the other system): listed, never deleted.
    pub missing: Vec<(DealId, String)>,
}

/// How many unmatched ids the report keeps.
pub const SHOWN_IDS: usize = 20;

/// The converter's state for the history join and repeat imports.
#[derive(Default)]
pub(super) struct Joined<'a> {
    /// The history file, when one is joined.
    pub history: Option<&'a History>,
    /// Per history change: whether its deal is in the deals file.
    pub matched: Vec<bool>,
    /// Per stage, by pipeline index: (dated, inferred) deals.
    pub coverage: Vec<(usize, usize)>,
    /// Deals of the file already in Kariz.
    pub updated: usize,
    /// Open deals without a created date.
    pub undated_ids: Vec<DealId>,
    /// Kariz ids of the file's rows (converted or left out), to tell which earlier deals are
    /// missing.
    pub seen: Vec<String>,
    /// Per stage: whether the row being counted reached it (a buffer kept between rows).
    pub hit: Vec<bool>,
}

/// Whether a deal id is one Kariz made from a row without an id column (`csv-<hash>-<n>`).
fn hashed_id(id: &DealId) -> bool {
    id.as_str()
        .strip_prefix("csv-")
        .and_then(|rest| rest.split_once('-'))
        .is_some_and(|(hash, n)| {
            hash.len() == 16
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
                && n.bytes().all(|b| b.is_ascii_digit())
        })
}

impl Joined<'_> {
    /// The report, once every row is converted.
    pub(super) fn report(&self, ds: &Dataset) -> JoinReport {
        let coverage = ds
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (dated, inferred) = self.coverage.get(i).copied().unwrap_or((0, 0));
                StageCoverage {
                    stage: s.id.clone(),
                    dated,
                    inferred,
                }
            })
            .collect();
        let mut report = JoinReport {
            coverage,
            updated: self.updated,
            ..JoinReport::default()
        };
        if let Some(history) = self.history {
            let mut unmatched: Vec<String> = Vec::new();
            for (i, change) in history.changes.iter().enumerate() {
                if self.matched.get(i).copied().unwrap_or(false) {
                    report.history_joined += 1;
                } else {
                    report.history_unmatched += 1;
                    // The changes are ordered by key: a new id is one unlike the last.
                    if unmatched.last() != Some(&change.key) {
                        unmatched.push(change.key.clone());
                    }
                }
            }
            unmatched.truncate(SHOWN_IDS);
            report.unmatched_ids = unmatched;
            report.history_issues = history.issues.clone();
        }
        if self.updated > 0 {
            let mut seen = self.seen.clone();
            crate::sort::sort_by(&mut seen, |a, b| a.cmp(b));
            report.missing = ds
                .deals
                .iter()
                .filter(|d| d.id.as_str().starts_with("csv-") && !hashed_id(&d.id))
                .filter(|d| {
                    seen.binary_search_by(|s| s.as_str().cmp(d.id.as_str()))
                        .is_err()
                })
                .map(|d| (d.id.clone(), d.title.clone()))
                .collect();
        }
        report
    }
}

impl<'a> Converter<'a> {
    /// Joins a stage-history file: its changes become stage events of the deals with the same id.
    pub fn with_history(mut self, history: &'a History) -> Converter<'a> {
        self.joined.history = Some(history);
        self
    }

    /// Notes a row's id (converted or left out), so its earlier deal is not reported missing.
    pub(super) fn saw(&mut self, row: &Row) {
        if let Some(id) = self.value(row, Field::Id) {
            self.joined.seen.push(format!("csv-{id}"));
            self.joined.seen.push(id.to_string());
        }
    }

    /// The row's events with its history-file changes joined in (and whether any were): the
    /// history and the deals file's own dates, in date order, repeats dropped; the current stage
    /// last (on the last change's date when the history ends elsewhere). `file_dated` gains
    /// the history's stages.
    pub(super) fn join_history(
        &mut self,
        row: &Row,
        events: Vec<StageEvent>,
        file_dated: &mut Vec<StageId>,
        stage: &StageId,
        created: Option<Date>,
    ) -> (Vec<StageEvent>, bool) {
        let Some((range, hist)) = self.history_of(row) else {
            return (events, false);
        };
        if let Some(history) = self.joined.history {
            self.joined.matched.resize(history.len(), false);
        }
        for i in range {
            if let Some(m) = self.joined.matched.get_mut(i) {
                *m = true;
            }
        }
        let Some(first) = hist.iter().map(|e| e.date).min() else {
            return (events, false);
        };
        // The deals file's dated events join the history; its inferred ones give way to it.
        let mut all: Vec<StageEvent> = events
            .into_iter()
            .filter(|e| file_dated.contains(&e.stage))
            .collect();
        if let (Some(start), Some(open)) = (created, &self.first_open) {
            if start <= first && !all.iter().any(|e| e.stage == *open) {
                all.insert(
                    0,
                    StageEvent {
                        stage: open.clone(),
                        date: start,
                    },
                );
            }
        }
        file_dated.extend(hist.iter().map(|e| e.stage.clone()));
        all.extend(hist);
        tidy(&mut all);
        if let Some(last) = all.last().filter(|l| l.stage != *stage).cloned() {
            all.push(StageEvent {
                stage: stage.clone(),
                date: last.date,
            });
        }
        (all, true)
    }

    /// The history file's changes of a row's deal, mapped to stages (left-out values dropped).
    fn history_of(&self, row: &Row) -> Option<(std::ops::Range<usize>, Vec<StageEvent>)> {
        let history = self.joined.history?;
        let range = history.of(&join_key(self.value(row, Field::Id)?));
        let events = history.changes[range.clone()]
            .iter()
            .filter_map(|c| {
                let stage = match self.plan.stages.get(&c.stage) {
                    Some(StageChoice::LeaveOut) => return None,
                    Some(StageChoice::Stage(id)) if self.ds.stage(id).is_some() => id.clone(),
                    _ => self.first_open.clone()?,
                };
                Some(StageEvent {
                    stage,
                    date: c.date,
                })
            })
            .collect();
        (!range.is_empty()).then_some((range, events))
    }

    /// Whether the history file dates the row's deal entering `stage`.
    pub(super) fn history_dates(&self, row: &Row, stage: &StageId) -> bool {
        self.history_of(row)
            .is_some_and(|(_, events)| events.iter().any(|e| e.stage == *stage))
    }

    /// Counts a deal's stages for the preview: every stage it reached (as [`reached`] lists
    /// them), dated when the file dates it. Worked on stage places, once per row, so it
    /// allocates nothing ([`reached`]'s list of ids cost a tenth of converting a row).
    pub(super) fn count_coverage(&mut self, events: &[StageEvent], file_dated: &[StageId]) {
        let stages = &self.ds.stages;
        self.joined.coverage.resize(stages.len(), (0, 0));
        let mut hit = std::mem::take(&mut self.joined.hit);
        hit.clear();
        hit.resize(stages.len(), false);
        // A won deal passed every open stage; open stages keep their pipeline order.
        let last_open = stages.iter().rposition(|s| s.kind == StageKind::Open);
        let mut furthest: Option<usize> = None;
        for e in events {
            let Some(i) = self.ds.stage_index(&e.stage) else {
                continue;
            };
            let reach = match stages[i].kind {
                StageKind::Open => Some(i),
                StageKind::Won => last_open,
                _ => None,
            };
            furthest = furthest.max(reach);
            hit[i] = true;
        }
        if let Some(f) = furthest {
            for (i, s) in stages.iter().enumerate().take(f + 1) {
                hit[i] |= s.kind == StageKind::Open;
            }
        }
        for (i, _) in hit.iter().enumerate().filter(|(_, h)| **h) {
            let entry = &mut self.joined.coverage[i];
            if file_dated.contains(&stages[i].id) {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
        self.joined.hit = hit;
    }
}

/// The stages a deal reached, as the funnel counts them: those of its events, and every open
/// stage before the furthest one reached (a won deal passed them all).
pub(super) fn reached(ds: &Dataset, events: &[StageEvent]) -> Vec<StageId> {
    let open: Vec<&StageId> = ds
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .map(|s| &s.id)
        .collect();
    let mut furthest: Option<usize> = None;
    for e in events {
        let reach = match ds.stage(&e.stage).map(|s| s.kind) {
            Some(StageKind::Open) => open.iter().position(|s| **s == e.stage),
            Some(StageKind::Won) => open.len().checked_sub(1),
            _ => None,
        };
        furthest = furthest.max(reach);
    }
    let mut reached: Vec<StageId> = furthest.map_or(Vec::new(), |f| {
        open[..=f].iter().map(|s| (*s).clone()).collect()
    });
    for e in events {
        if !reached.contains(&e.stage) {
            reached.push(e.stage.clone());
        }
    }
    reached
}

/// A deal already in Kariz, imported again: its recorded events stay, and the file's dated
/// events for stages it had not reached join them (a stage it reached is history Kariz already
/// holds, so nothing counts twice). When the file's current stage differs from where the deal
/// then ends, it enters that stage on the import day (the file does not say when it moved).
pub(super) fn repeat_events(
    ds: &Dataset,
    old: &Deal,
    new: Vec<StageEvent>,
    file_dated: &[StageId],
    today: Date,
) -> Vec<StageEvent> {
    let current = new.last().map(|e| e.stage.clone());
    let known = reached(ds, &old.events);
    let mut all = old.events.clone();
    all.extend(
        new.into_iter()
            .filter(|e| file_dated.contains(&e.stage) && !known.contains(&e.stage)),
    );
    tidy(&mut all);
    if let (Some(current), Some(last)) = (current, all.last().cloned()) {
        if last.stage != current {
            all.push(StageEvent {
                stage: current,
                date: today.max(last.date),
            });
        }
    }
    all
}

/// A won or lost deal without stage dates: the first stage on its created date, its stage on its
/// closing date.
pub(super) fn closed_events(
    first_open: Option<&StageId>,
    stage: &StageId,
    created: Option<Date>,
    end: Option<Date>,
) -> Result<Vec<StageEvent>, (String, RowProblem)> {
    let whole = |p: RowProblem| (String::new(), p);
    let end = end.ok_or(whole(RowProblem::NoCloseDate))?;
    let start = created.ok_or(whole(RowProblem::NoCreatedDate))?;
    if end < start {
        return Err(whole(RowProblem::ClosedBeforeCreated));
    }
    let mut events: Vec<StageEvent> = first_open
        .map(|open| StageEvent {
            stage: open.clone(),
            date: start,
        })
        .into_iter()
        .collect();
    events.push(StageEvent {
        stage: stage.clone(),
        date: end,
    });
    Ok(events)
}

/// Converts a deals table with an optional history file joined (tests, benchmarks; the app
/// converts in slices).
pub fn convert_tables(
    table: &Table,
    history: Option<&History>,
    ds: &Dataset,
    plan: &CsvPlan,
) -> Converted {
    let mut converter = Converter::new(ds, &table.headers, plan);
    if let Some(history) = history {
        converter = converter.with_history(history);
    }
    converter.convert(&table.rows);
    converter.finish()
}
