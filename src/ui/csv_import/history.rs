//! The CSV import's second file (stage history, one row per change) and what the preview says
//! about history: per-stage coverage, joined and unmatched changes, deals updated in place or
//! missing, and the choice for open deals without a created date.

use super::mapping::format_value;
use crate::domain::format::csv_in::{
    Converted, CsvPlan, Field, HistoryColumns, HistoryRole, Table, Undated, DATE_FORMATS,
    HISTORY_ROLES, UNDATED_CHOICES,
};
use crate::domain::{Dataset, Language};
use crate::i18n::{date_format_name, fmt_date, fmt_int, row_problem, t, tf, tx, Key};
use crate::ui::widgets::{head_keys, Choice, DataTable, Labelled};
use leptos::prelude::*;
use std::sync::Arc;

/// A picked stage-history file: its name, its rows and which column holds what.
#[derive(Clone)]
pub(super) struct HistoryFile {
    /// The file's name.
    pub name: String,
    /// Its rows.
    pub table: Arc<Table>,
    /// The columns chosen (first guessed).
    pub columns: HistoryColumns,
}

/// A role's label and its control's test id.
fn role_key(role: HistoryRole) -> (Key, &'static str) {
    match role {
        HistoryRole::Deal => (Key::CsvHistoryDeal, "csv-history-deal"),
        HistoryRole::Stage => (Key::CsvHistoryStage, "csv-history-stage"),
        HistoryRole::Date => (Key::CsvHistoryDate, "csv-history-date"),
        HistoryRole::Field => (Key::CsvHistoryField, "csv-history-field"),
    }
}

/// The history file's columns (deal id, stage, date, field changed) and date format, each
/// changeable; a note when the join cannot work yet.
#[component]
pub(super) fn HistoryColumnsView(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    plan: RwSignal<Option<CsvPlan>>,
    history: RwSignal<Option<HistoryFile>>,
) -> impl IntoView {
    let Some(file) = history.get_untracked() else {
        return ().into_any();
    };
    let headers: Vec<(String, String)> = file
        .table
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| (i.to_string(), h.clone()))
        .collect();
    let update = move |change: &dyn Fn(&mut HistoryFile)| {
        history.update(|h| {
            if let Some(h) = h {
                change(h);
            }
        });
        // New stage values (a new stage column) join the one stage list.
        if let Some(h) = history.get_untracked() {
            plan.update(|p| {
                if let Some(p) = p {
                    ds.with_untracked(|d| p.add_history_stages(&h.table, &h.columns, d));
                }
            });
        }
    };
    let roles = HISTORY_ROLES
        .iter()
        .map(|role| {
            let role = *role;
            let headers = headers.clone();
            let current = move || {
                history.with(|h| {
                    h.as_ref()
                        .and_then(|h| h.columns.get(role))
                        .map(|i| i.to_string())
                        .unwrap_or_default()
                })
            };
            let set = move |value: String| {
                update(&|h: &mut HistoryFile| {
                    let column = value.parse::<usize>().ok();
                    h.columns.set(role, column);
                    if role == HistoryRole::Date {
                        h.columns.format = column.and_then(|i| {
                            crate::domain::format::csv_in::column_date_guess(&h.table, i).format
                        });
                    }
                })
            };
            view! {
                <Labelled text=move || t(lang.get(), role_key(role).0)>
                    <Choice
                        first=move || t(lang.get(), Key::CsvIgnore).to_string()
                        options=headers
                        current=Signal::derive(current)
                        set=set
                        attr:data-testid=role_key(role).1
                    />
                </Labelled>
            }
        })
        .collect_view();
    let set_format = move |value: String| {
        update(&|h: &mut HistoryFile| {
            h.columns.format = DATE_FORMATS
                .iter()
                .find(|f| format_value(**f) == value)
                .copied();
        })
    };
    let no_id = move || {
        plan.with(|p| {
            p.as_ref()
                .is_some_and(|p| !p.fields.contains(&Some(Field::Id)))
        })
    };
    view! {
        <div class="filters" data-testid="csv-history">
            <p>
                <strong>
                    {move || {
                        let lang = lang.get();
                        tf(
                            lang,
                            Key::CsvHistoryFile,
                            &[
                                ("file", &file.name),
                                ("n", &fmt_int(lang, file.table.rows.len() as i64)),
                            ],
                        )
                    }}
                </strong>
            </p>
            {roles}
            <Labelled text=tx(lang, Key::CsvDateFormat)>
                <Choice
                    first="—"
                    current=Signal::derive(move || {
                        history
                            .with(|h| {
                                h.as_ref()
                                    .and_then(|h| h.columns.format)
                                    .map(format_value)
                                    .unwrap_or_default()
                                    .to_string()
                            })
                    })
                    options=Signal::derive(move || {
                        DATE_FORMATS
                            .iter()
                            .map(|f| (
                                format_value(*f).to_string(),
                                date_format_name(lang.get(), *f).to_string(),
                            ))
                            .collect()
                    })
                    set=set_format
                    attr:data-testid="csv-history-format"
                />
            </Labelled>
            <button type="button" on:click=move |_| history.set(None)>
                {tx(lang, Key::CsvHistoryRemove)}
            </button>
            <Show when=move || history.with(|h| h.as_ref().is_some_and(|h| !h.columns.ready()))>
                <p class="error" role="alert">
                    {tx(lang, Key::CsvHistoryNeeds)}
                </p>
            </Show>
            <Show when=no_id>
                <p class="error" role="alert" data-testid="csv-history-no-id">
                    {tx(lang, Key::CsvNoIdColumn)}
                </p>
            </Show>
        </div>
    }
    .into_any()
}

/// The undated open deals' count and the three choices (nothing is preselected: the user picks).
#[component]
pub(super) fn UndatedChoice(
    lang: Language,
    converted: Arc<Converted>,
    choice: RwSignal<Option<Undated>>,
) -> impl IntoView {
    let earliest = converted.earliest();
    let options = UNDATED_CHOICES
        .iter()
        .filter(|c| **c != Undated::Earliest || earliest.is_some())
        .map(|c| {
            let c = *c;
            let testid = match c {
                Undated::Earliest => "csv-undated-earliest",
                Undated::Today => "csv-undated-today",
                Undated::LeaveOut => "csv-undated-leaveout",
            };
            let text = match c {
                Undated::Earliest => tf(
                    lang,
                    Key::UndatedEarliest,
                    &[(
                        "date",
                        &earliest.map(|d| fmt_date(lang, d)).unwrap_or_default(),
                    )],
                ),
                Undated::Today => t(lang, Key::UndatedToday).to_string(),
                Undated::LeaveOut => t(lang, Key::UndatedLeaveOut).to_string(),
            };
            view! {
                <label class="check">
                    <input
                        type="radio"
                        name="csv-undated"
                        checked=move || choice.get() == Some(c)
                        on:change=move |_| choice.set(Some(c))
                        data-testid=testid
                    />
                    {text}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset data-testid="csv-undated">
            <legend>
                {tf(lang, Key::CsvUndated, &[("n", &fmt_int(lang, converted.undated as i64))])}
            </legend>
            {options}
        </fieldset>
    }
}

/// A sentence of the report: shown or not, its text key and placeholders, test id and class.
type Sentence = (
    bool,
    Key,
    Vec<(&'static str, String)>,
    &'static str,
    &'static str,
);

/// Per stage, dated and inferred entries; the history join's counts; deals updated in place and
/// deals missing from the file.
#[component]
pub(super) fn HistoryOutcome(
    lang: Language,
    converted: Arc<Converted>,
    ds: ReadSignal<Dataset>,
) -> impl IntoView {
    let report = &converted.report;
    let list = |names: Vec<String>| names.join(if lang == Language::Fa { "، " } else { ", " });
    let stage_name = move |id: &crate::domain::StageId| {
        ds.with_untracked(|d| d.stage(id).map(|s| s.name.clone()))
            .unwrap_or_else(|| id.0.clone())
    };
    let rows = report
        .coverage
        .iter()
        .filter(|s| s.dated + s.inferred > 0)
        .map(|s| {
            view! {
                <tr>
                    <th scope="row">{stage_name(&s.stage)}</th>
                    <td class="num">{fmt_int(lang, s.dated as i64)}</td>
                    <td class="num">{fmt_int(lang, s.inferred as i64)}</td>
                </tr>
            }
        })
        .collect_view();
    let lang_memo = Memo::new(move |_| lang);
    let n = |n: usize| fmt_int(lang, n as i64);
    // The report's sentences (key, placeholders, test id, class), shown when they count something.
    let sentences: Vec<Sentence> = vec![
        (
            report.history_joined > 0,
            Key::CsvHistoryJoined,
            vec![("n", n(report.history_joined))],
            "csv-history-joined",
            "",
        ),
        (
            report.history_unmatched > 0,
            Key::CsvHistoryUnmatched,
            vec![
                ("n", n(report.history_unmatched)),
                ("ids", list(report.unmatched_ids.clone())),
            ],
            "csv-history-unmatched",
            "",
        ),
        (
            report.updated > 0,
            Key::CsvUpdatedInPlace,
            vec![("n", n(report.updated))],
            "csv-updated",
            "",
        ),
        (
            !report.missing.is_empty(),
            Key::CsvMissing,
            vec![
                ("n", n(report.missing.len())),
                (
                    "names",
                    list(
                        report
                            .missing
                            .iter()
                            .take(20)
                            .map(|(_, title)| title.clone())
                            .collect(),
                    ),
                ),
            ],
            "csv-missing",
            "banner warn",
        ),
    ];
    let sentences = sentences
        .into_iter()
        .filter(|s| s.0)
        .map(|(_, key, args, testid, class)| {
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            view! {
                <p class=class data-testid=testid>
                    {tf(lang, key, &args)}
                </p>
            }
        })
        .collect_view();
    let issues = report
        .history_issues
        .iter()
        .take(20)
        .map(|i| {
            view! {
                <li>
                    {tf(
                        lang,
                        Key::CsvRowIssue,
                        &[
                            ("line", &fmt_int(lang, i.line as i64)),
                            ("column", &format!(" ({})", i.column)),
                            ("problem", &row_problem(lang, &i.problem)),
                        ],
                    )}
                </li>
            }
        })
        .collect_view();
    view! {
        <h4>{t(lang, Key::CsvCoverage)}</h4>
        <DataTable label=t(lang, Key::CsvCoverage) testid="csv-coverage">
            {head_keys(
                lang_memo,
                &[Key::CsvKarizStage, Key::CsvCoverageDated, Key::CsvCoverageInferred],
            )}
            <tbody>{rows}</tbody>
        </DataTable>
        {sentences}
        <div class="error" data-testid="csv-history-issues" hidden=report.history_issues.is_empty()>
            {tf(lang, Key::CsvHistoryBadRows, &[("n", &n(report.history_issues.len()))])}
            <ul>{issues}</ul>
        </div>
    }
}
