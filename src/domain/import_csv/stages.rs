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

/// One distinct stage value of the file and the Kariz stage its rows go to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageValue {
    /// The value as written (trimmed).
    pub value: String,
    /// How many rows have it.
    pub rows: usize,
    /// Kariz's guess: a stage of the same name, else by won/lost words, else `None` (the user
    /// must choose; left unchosen, those rows go to the first open stage).
    pub guess: Option<StageId>,
}

/// The columns the user mapped to `field`.
pub(super) fn columns_of(fields: &[Option<Field>], field: Field) -> Vec<usize> {
    fields
        .iter()
        .enumerate()
        .filter(|(_, f)| **f == Some(field))
        .map(|(i, _)| i)
        .collect()
}

/// The columns that decide the stage: the stage columns, or the status columns when there is no
/// stage column (a spreadsheet with one "Status" column of stage names).
pub(super) fn stage_columns(fields: &[Option<Field>]) -> Vec<usize> {
    let stages = columns_of(fields, Field::Stage);
    if stages.is_empty() {
        columns_of(fields, Field::Status)
    } else {
        stages
    }
}

/// Distinct stage values of the file with their row counts and Kariz's guess of their stage.
pub fn stage_values(table: &Table, fields: &[Option<Field>], ds: &Dataset) -> Vec<StageValue> {
    let columns = stage_columns(fields);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for row in &table.rows {
        if let Some(v) = first_value(row, &columns) {
            *counts.entry(v.to_string()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(value, rows)| {
            let squashed = squash(&value);
            let guess = ds
                .stages
                .iter()
                .find(|s| squash(&s.name) == squashed || squash(&s.id.0) == squashed)
                .or_else(|| kind_of_value(&value).and_then(|k| ds.first_stage_of(k)))
                .map(|s| s.id.clone());
            StageValue { value, rows, guess }
        })
        .collect()
}

/// The first non-empty cell among `columns`, trimmed and with a spreadsheet's formula escape
/// (see [`unescape_cell`](crate::domain::export_csv::unescape_cell)) undone.
pub(super) fn first_value<'a>(row: &'a Row, columns: &[usize]) -> Option<&'a str> {
    columns
        .iter()
        .filter_map(|i| row.cells.get(*i))
        .map(|c| crate::domain::export_csv::unescape_cell(c.trim()))
        .find(|c| !c.is_empty())
}
