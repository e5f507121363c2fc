//! The file's stage values and the Kariz stages they map to.

use super::*;

/// Whether a stage value says won or lost in any CRM ("Closed Won", "closedlost", "Won", "برنده",
/// "از دست رفته"). Whole words only, so "Winter promo" or "window" say nothing.
pub(super) fn kind_of_value(value: &str) -> Option<StageKind> {
    const WON: [&str; 6] = ["won", "win", "closedwon", "برنده", "موفق", "مشتری"];
    const LOST: [&str; 7] = [
        "lost",
        "loss",
        "lose",
        "closedlost",
        "باخت",
        "ناموفق",
        "ازدسترفته",
    ];
    let lower = normalize_digits(value).to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let squashed = squash(value);
    let says = |list: &[&str]| list.iter().any(|k| words.contains(k) || squashed == *k);
    if says(&LOST) {
        Some(StageKind::Lost)
    } else if says(&WON) {
        Some(StageKind::Won)
    } else {
        None
    }
}

/// Where a stage sits in a lead-to-customer funnel, read from the words CRMs and sheets use for
/// it: 0 lead, 1 marketing qualified, 2 sales qualified, 3 opportunity and later (proposal,
/// negotiation, contract). Specific names are tried before general words, so "Marketing
/// qualified lead" is a step 1 and not a lead.
pub(super) fn funnel_step(text: &str) -> Option<u8> {
    // Whole-name or squashed-phrase markers, most specific first.
    const PHRASES: [(&str, u8); 11] = [
        ("marketingqualified", 1),
        ("contractsent", 3),
        ("proposalsent", 3),
        ("presentationscheduled", 2),
        ("salesqualified", 2),
        ("salesaccepted", 2),
        ("qualifiedtobuy", 2),
        ("decisionmakerboughtin", 3),
        ("appointmentscheduled", 0),
        ("تماساولیه", 0),
        ("واجدشرایط", 2),
    ];
    // Single words; the latest step a name mentions wins ("Qualified lead" is qualified).
    const WORDS: [(&str, u8); 42] = [
        ("mql", 1),
        ("sql", 2),
        ("sal", 2),
        ("opportunity", 3),
        ("opportunities", 3),
        ("proposal", 3),
        ("quote", 3),
        ("quotation", 3),
        ("pricing", 3),
        ("negotiation", 3),
        ("negotiating", 3),
        ("contract", 3),
        ("commit", 3),
        ("qualified", 2),
        ("qualification", 2),
        ("qualify", 2),
        ("engaging", 2),
        ("discovery", 2),
        ("meeting", 2),
        ("demo", 2),
        ("presentation", 2),
        ("interested", 1),
        ("nurture", 1),
        ("nurturing", 1),
        ("lead", 0),
        ("leads", 0),
        ("new", 0),
        ("prospect", 0),
        ("prospects", 0),
        ("prospecting", 0),
        ("inquiry", 0),
        ("enquiry", 0),
        ("contacted", 0),
        ("appointment", 0),
        ("سرنخ", 0),
        ("لید", 0),
        ("جدید", 0),
        ("علاقهمند", 1),
        ("جلسه", 2),
        ("پیشنهاد", 3),
        ("مذاکره", 3),
        ("قرارداد", 3),
    ];
    let squashed = squash(text);
    if let Some((_, step)) = PHRASES.iter().find(|(p, _)| squashed.contains(p)) {
        return Some(*step);
    }
    let lower = normalize_digits(text).to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\u{200c}')
        .map(|w| w.trim_matches('\u{200c}'))
        .filter(|w| !w.is_empty())
        .collect();
    WORDS
        .iter()
        .filter(|(w, _)| words.iter().any(|x| squash(x) == *w))
        .map(|(_, step)| *step)
        .max()
}

/// The names a file may use for Kariz's stages: the stages' own names and ids, and the file's
/// stage values with the stage each was mapped to.
#[derive(Clone, Debug, Default)]
pub struct StageNames {
    known: Vec<(String, StageId)>,
    /// Open stages with their funnel step, in pipeline order.
    steps: Vec<(u8, StageId)>,
    won: Option<StageId>,
    lost: Option<StageId>,
}

impl StageNames {
    /// The names of `ds`'s stages.
    pub fn of(ds: &Dataset) -> StageNames {
        let known = ds
            .stages
            .iter()
            .flat_map(|s| {
                [
                    (squash(&s.name), s.id.clone()),
                    (squash(&s.id.0), s.id.clone()),
                ]
            })
            .collect();
        let steps = ds
            .stages
            .iter()
            .filter(|s| s.kind == StageKind::Open)
            .filter_map(|s| Some((funnel_step(&s.name).or(funnel_step(&s.id.0))?, s.id.clone())))
            .collect();
        StageNames {
            known,
            steps,
            won: ds.first_stage_of(StageKind::Won).map(|s| s.id.clone()),
            lost: ds.first_stage_of(StageKind::Lost).map(|s| s.id.clone()),
        }
    }

    /// Adds the file's stage values and where they were mapped.
    pub fn with_values(mut self, values: &BTreeMap<String, StageChoice>) -> StageNames {
        for (value, choice) in values {
            if let StageChoice::Stage(id) = choice {
                self.known.push((squash(value), id.clone()));
            }
        }
        self
    }

    /// The stage a name means: a stage or file value of that name, else by won/lost words, else
    /// the open stage at the same funnel step or the nearest one before it.
    pub fn resolve(&self, name: &str) -> Option<StageId> {
        let squashed = squash(name);
        if squashed.is_empty() {
            return None;
        }
        if let Some((_, id)) = self.known.iter().find(|(n, _)| *n == squashed) {
            return Some(id.clone());
        }
        match kind_of_value(name) {
            Some(StageKind::Won) => return self.won.clone(),
            Some(StageKind::Lost) => return self.lost.clone(),
            _ => {}
        }
        let step = funnel_step(name)?;
        self.steps
            .iter()
            .filter(|(s, _)| *s <= step)
            .max_by_key(|(s, _)| *s)
            .map(|(_, id)| id.clone())
    }

    /// Like [`resolve`](Self::resolve), but only for a name that is a stage name as a whole
    /// ("MQL", "Won", "Proposal"), not one that merely mentions one ("First lead created").
    pub fn resolve_whole(&self, name: &str) -> Option<StageId> {
        let squashed = squash(name);
        let whole = self.known.iter().any(|(n, _)| *n == squashed)
            || kind_of_value(name).is_some() && !name.trim().contains(char::is_whitespace)
            || funnel_step(name).is_some() && !name.trim().contains(char::is_whitespace)
            || [
                "marketingqualified",
                "salesqualified",
                "marketingqualifiedlead",
                "salesqualifiedlead",
                "closedwon",
                "closedlost",
            ]
            .contains(&squashed.as_str());
        if whole {
            self.resolve(name)
        } else {
            None
        }
    }
}

/// One distinct stage value of the file and the Kariz stage its rows go to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageValue {
    /// The value as written (trimmed).
    pub value: String,
    /// How many rows have it.
    pub rows: usize,
    /// Kariz's guess: a stage of the same name, else by won/lost words, else by the funnel step
    /// its words name (prospecting → the lead stage, engaging or demo → SQL, proposal → the last
    /// open stage up to that step), else `None` (the user must choose; left unchosen, those rows
    /// go to the first open stage).
    pub guess: Option<StageId>,
}
/// The columns the user mapped to `field`.
pub(super) fn columns_of(fields: &[Option<Field>], field: &Field) -> Vec<usize> {
    fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.as_ref() == Some(field))
        .map(|(i, _)| i)
        .collect()
}

/// The columns that decide the stage: the stage columns, or the status columns when there is no
/// stage column (a spreadsheet with one "Status" column of stage names).
pub(super) fn stage_columns(fields: &[Option<Field>]) -> Vec<usize> {
    let stages = columns_of(fields, &Field::Stage);
    if stages.is_empty() {
        columns_of(fields, &Field::Status)
    } else {
        stages
    }
}

/// Distinct stage values of the file with their row counts and Kariz's guess of their stage.
pub fn stage_values(table: &Table, fields: &[Option<Field>], ds: &Dataset) -> Vec<StageValue> {
    let columns = stage_columns(fields);
    // Counted by the borrowed text: a new string per distinct value, not per row.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for row in &table.rows {
        if let Some(v) = first_value(row, &columns) {
            *counts.entry(v).or_default() += 1;
        }
    }
    let names = StageNames::of(ds);
    counts
        .into_iter()
        .map(|(value, rows)| {
            let guess = names.resolve(value);
            StageValue {
                value: value.to_string(),
                rows,
                guess,
            }
        })
        .collect()
}

/// A "Close date" column that is empty on every open deal holds when deals were won or lost, not
/// when they are expected to close (the Maven CRM sample, many sheets): it is then guessed as the
/// won/lost date. HubSpot's and Salesforce's close date, also filled on open deals, stays the
/// expected close date (which closes a won or lost deal when there is no won/lost date).
pub(super) fn close_date_of_closed_deals(
    table: &Table,
    fields: &mut [Option<Field>],
    stages: &BTreeMap<String, StageChoice>,
    ds: &Dataset,
) {
    if fields.contains(&Some(Field::Closed)) {
        return;
    }
    let stage_cols = stage_columns(fields);
    let status_cols = if columns_of(fields, &Field::Stage).is_empty() {
        Vec::new()
    } else {
        columns_of(fields, &Field::Status)
    };
    let closed_row = |row: &Row| {
        let by_status = first_value(row, &status_cols).and_then(kind_of_value);
        let by_stage = first_value(row, &stage_cols).and_then(|v| match stages.get(v) {
            Some(StageChoice::Stage(id)) => ds.stage(id).map(|s| s.kind),
            _ => None,
        });
        by_status.or(by_stage).is_some_and(|k| k != StageKind::Open)
    };
    let close_dates: Vec<usize> = columns_of(fields, &Field::ExpectedClose);
    for i in close_dates {
        let bare = table.headers.get(i).map(|h| {
            let squashed = squash(h);
            ["deal", "opportunity"]
                .iter()
                .find_map(|p| squashed.strip_prefix(p).map(String::from))
                .unwrap_or(squashed)
        });
        if !bare.is_some_and(|b| ["closedate", "closingdate", "dateclosed"].contains(&b.as_str())) {
            continue;
        }
        let filled = || {
            table
                .rows
                .iter()
                .filter(|r| r.cells.get(i).is_some_and(|c| !c.trim().is_empty()))
        };
        if filled().next().is_some() && filled().all(closed_row) {
            fields[i] = Some(Field::Closed);
        }
    }
}

/// The first non-empty cell among `columns`, trimmed and with a spreadsheet's formula escape
/// (see [`unescape_cell`](crate::format::csv_out::unescape_cell)) undone.
pub(super) fn first_value<'a>(row: &'a Row, columns: &[usize]) -> Option<&'a str> {
    columns
        .iter()
        .filter_map(|i| row.cells.get(*i))
        .map(|c| crate::format::csv_out::unescape_cell(c.trim()))
        .find(|c| !c.is_empty())
}
