//! The CSV import's call-log step: the columns, what the log holds (calls matched to deals by
//! phone number, unmatched, already imported), who made the calls (extension or agent → owner),
//! what to do with unmatched numbers, then the import. The reading and matching is in
//! `domain::format::calls_in`.

use super::mapping::examples;
use crate::domain::command::Command;
use crate::domain::format::calls_in::{preview, CallColumn, CallsPlan, Unmatched};
use crate::domain::format::csv_in::Table;
use crate::domain::{ActivityKind, Dataset, KindId, Language, OwnerId};
use crate::i18n::{call_column_name, call_problem, fmt_int, kind_label, t, tf, tx, Key};
use crate::ui::dispatch;
use crate::ui::widgets::{head_keys, Choice, DataTable, Labelled};
use leptos::prelude::*;
use std::sync::Arc;

/// Rows with problems listed by line before "…and n more".
const SHOWN: usize = 20;

/// The call-log step; `done` runs after an import, `as_deals` goes back to the deal import.
#[component]
pub(super) fn CallsStep(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    table: Arc<Table>,
    plan: RwSignal<Option<CallsPlan>>,
    file: String,
    done: Callback<()>,
    as_deals: Callback<()>,
) -> impl IntoView {
    let dispatch = dispatch();
    let read = table.clone();
    // The preview reads every row: only the columns and the date format change it, not the
    // owner table or the unmatched choice.
    let reading =
        Memo::new(move |_| plan.with(|p| p.as_ref().map(|p| (p.columns.clone(), p.date_format))));
    let result = Memo::new(move |_| {
        reading.track();
        plan.with_untracked(|p| {
            p.as_ref()
                .map(|p| ds.with(|d| preview(&read, d, p)))
                .unwrap_or_default()
        })
    });
    let columns = table
        .headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let label = header.clone();
            let set = move |ev| {
                let value = event_target_value(&ev);
                let chosen = CallColumn::ALL.into_iter().find(|c| c.key() == value);
                plan.update(|p| {
                    let Some(p) = p else {
                        return;
                    };
                    // One column per kind: the one chosen last wins.
                    for c in p.columns.iter_mut() {
                        if chosen.is_some() && *c == chosen {
                            *c = None;
                        }
                    }
                    p.columns[i] = chosen;
                });
            };
            view! {
                <tr>
                    <th scope="row">{header.clone()}</th>
                    <td class="muted">{examples(&table, i)}</td>
                    <td>
                        <Choice
                            first=move || t(lang.get(), Key::CsvIgnore).to_string()
                            current=move || {
                                plan.with(|p| {
                                    p.as_ref()
                                        .and_then(|p| p.columns[i])
                                        .map(CallColumn::key)
                                        .unwrap_or_default()
                                })
                            }
                            options=move || {
                                CallColumn::ALL
                                    .into_iter()
                                    .map(|c| (c.key(), call_column_name(lang.get(), c).to_string()))
                                    .collect()
                            }
                            on:change=set
                            attr:aria-label=move || {
                                format!("{} – {}", t(lang.get(), Key::CsvField), label)
                            }
                            attr:data-testid=format!("calls-column-{i}")
                        />
                    </td>
                </tr>
            }
        })
        .collect_view();
    let owners = move || {
        let lang_now = lang.get();
        result
            .get()
            .people()
            .into_iter()
            .map(|(who, n)| {
                let key = who.clone();
                let current = {
                    let key = key.clone();
                    move || {
                        plan.with(|p| {
                            p.as_ref()
                                .and_then(|p| p.owners.get(&key))
                                .cloned()
                                .flatten()
                                .map(|o| o.0)
                                .unwrap_or_default()
                        })
                    }
                };
                let set = move |value: String| {
                    let owner = (!value.is_empty()).then_some(OwnerId(value));
                    plan.update(|p| {
                        if let Some(p) = p {
                            p.owners.insert(key.clone(), owner);
                        }
                    });
                };
                view! {
                    <tr data-testid="calls-owner-row">
                        <th scope="row">{who.clone()}</th>
                        <td>{fmt_int(lang_now, n as i64)}</td>
                        <td>
                            <Choice
                                first=move || t(lang.get(), Key::CallsNoOwner).to_string()
                                current=current
                                options=move || {
                                    ds.with(|d| {
                                        d.owners
                                            .iter()
                                            .map(|o| (o.id.0.clone(), o.name.clone()))
                                            .collect()
                                    })
                                }
                                set=Callback::new(set)
                                attr:aria-label=format!(
                                    "{} – {who}",
                                    t(lang_now, Key::FieldOwner),
                                )
                                attr:data-testid=format!("calls-owner-{who}")
                            />
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let summary = move || {
        let lang = lang.get();
        let p = result.get();
        let rows = [
            (Key::CallsMatched, p.matched(), "calls-matched"),
            (Key::CallsUnmatched, p.unmatched(), "calls-unmatched"),
            (Key::CallsNumbers, p.unmatched_numbers(), "calls-numbers"),
            (Key::CallsAlready, p.already, "calls-already"),
            (Key::CallsInternal, p.internal, "calls-internal"),
            (Key::CallsRepeated, p.repeated, "calls-repeated"),
            (Key::CallsProblems, p.issues.len(), "calls-problems"),
        ];
        rows.into_iter()
            .map(|(key, n, testid)| {
                view! {
                    <tr>
                        <th scope="row">{t(lang, key)}</th>
                        <td data-testid=testid>{fmt_int(lang, n as i64)}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let problems = move || {
        let lang = lang.get();
        let p = result.get();
        (!p.issues.is_empty()).then(|| {
            let more = p.issues.len().saturating_sub(SHOWN);
            view! {
                <ul class="error" data-testid="calls-issues">
                    {p
                        .issues
                        .iter()
                        .take(SHOWN)
                        .map(|i| {
                            let column = if i.column.is_empty() {
                                String::new()
                            } else {
                                format!(" ({})", i.column)
                            };
                            view! {
                                <li>
                                    {tf(
                                        lang,
                                        Key::CsvRowIssue,
                                        &[
                                            ("line", &fmt_int(lang, i.line as i64)),
                                            ("column", &column),
                                            ("problem", &call_problem(lang, &i.problem)),
                                        ],
                                    )}
                                </li>
                            }
                        })
                        .collect_view()}
                    {(more > 0)
                        .then(|| {
                            view! {
                                <li>
                                    {tf(lang, Key::CsvMore, &[("n", &fmt_int(lang, more as i64))])}
                                </li>
                            }
                        })}
                </ul>
            }
        })
    };
    let choose = move |choice: Unmatched| {
        plan.update(|p| {
            if let Some(p) = p {
                p.unmatched = choice;
            }
        })
    };
    // The call-like kinds the calls can be logged as: shown only when the team added one.
    let call_kinds = Memo::new(move |_| {
        let lang = lang.get();
        ds.with(|d| {
            d.kinds_in_order()
                .into_iter()
                .filter(|k| k.base == ActivityKind::Call)
                .map(|k| (k.id.0.clone(), kind_label(lang, k)))
                .collect::<Vec<_>>()
        })
    });
    let kind_choice = move || {
        (call_kinds.with(Vec::len) > 1).then(|| {
            view! {
                <Labelled text=tx(lang, Key::CallsKind)>
                    <Choice
                        options=call_kinds
                        current=move || {
                            plan.with(|p| {
                                p.as_ref()
                                    .and_then(|p| p.kind.as_ref())
                                    .map_or_else(
                                        || ActivityKind::Call.id().to_string(),
                                        |k| k.0.clone(),
                                    )
                            })
                        }
                        set=move |v: String| {
                            plan.update(|p| {
                                if let Some(p) = p {
                                    p.kind = Some(KindId(v));
                                }
                            })
                        }
                        attr:data-testid="calls-kind"
                    />
                </Labelled>
            }
        })
    };
    let to_import = move || {
        let p = result.get();
        match plan.with(|p| p.as_ref().map(|p| p.unmatched)) {
            Some(Unmatched::CreateLeads) => p.calls.len(),
            _ => p.matched(),
        }
    };
    let import = move |_| {
        let Some((calls, _)) = plan.with_untracked(|p| {
            p.as_ref()
                .map(|p| ds.with_untracked(|d| result.with_untracked(|r| r.to_dataset(d, p))))
        }) else {
            return;
        };
        let command = Command::ImportCalls {
            calls: Box::new(calls),
            file: file.clone(),
        };
        if dispatch.run(command).is_ok() {
            done.run(());
        }
    };
    view! {
        <p data-testid="calls-detected">{tx(lang, Key::CallsDetected)}</p>
        <h4>{tx(lang, Key::CsvColumns)}</h4>
        <DataTable label=move || t(lang.get(), Key::CsvColumns).to_string() testid="calls-mapping">
            {head_keys(lang, &[Key::CsvColumn, Key::CsvExamples, Key::CsvField])}
            <tbody>{columns}</tbody>
        </DataTable>
        <DataTable
            label=move || t(lang.get(), Key::CallsSummary).to_string()
            testid="calls-summary"
        >
            <tbody>{summary}</tbody>
        </DataTable>
        {problems}
        <h4>{tx(lang, Key::CallsOwnersHeading)}</h4>
        <DataTable
            label=move || t(lang.get(), Key::CallsOwnersHeading).to_string()
            testid="calls-owners"
        >
            {head_keys(lang, &[Key::CallsWho, Key::CallsCount, Key::FieldOwner])}
            <tbody>{owners}</tbody>
        </DataTable>
        {kind_choice}
        <fieldset data-testid="calls-unmatched-choice">
            <legend>{tx(lang, Key::CallsUnmatchedChoice)}</legend>
            <label>
                <input
                    type="radio"
                    name="calls-unmatched"
                    data-testid="calls-create-leads"
                    prop:checked=move || {
                        plan.with(|p| {
                            p.as_ref().is_some_and(|p| p.unmatched == Unmatched::CreateLeads)
                        })
                    }
                    on:change=move |_| choose(Unmatched::CreateLeads)
                />
                {move || {
                    let lang = lang.get();
                    tf(
                        lang,
                        Key::CallsCreateLeads,
                        &[("n", &fmt_int(lang, result.with(|r| r.unmatched_numbers()) as i64))],
                    )
                }}
            </label>
            <label>
                <input
                    type="radio"
                    name="calls-unmatched"
                    data-testid="calls-leave-out"
                    prop:checked=move || {
                        plan.with(|p| {
                            p.as_ref().is_some_and(|p| p.unmatched == Unmatched::LeaveOut)
                        })
                    }
                    on:change=move |_| choose(Unmatched::LeaveOut)
                />
                {tx(lang, Key::CallsLeaveOut)}
            </label>
        </fieldset>
        <div class="buttons">
            <button
                type="button"
                class="primary"
                data-testid="calls-import"
                disabled=move || to_import() == 0
                on:click=import
            >
                {move || {
                    let lang = lang.get();
                    tf(lang, Key::CallsImport, &[("n", &fmt_int(lang, to_import() as i64))])
                }}
            </button>
            <button type="button" data-testid="calls-as-deals" on:click=move |_| as_deals.run(())>
                {tx(lang, Key::CallsAsDeals)}
            </button>
            <button type="button" on:click=move |_| done.run(())>
                {tx(lang, Key::CancelImport)}
            </button>
        </div>
    }
}
