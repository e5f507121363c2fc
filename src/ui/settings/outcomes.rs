//! Settings: the editable list of call outcomes, each with its "connected" flag.

use crate::domain::command::{Command, CommandError};
use crate::domain::outcomes::OutcomeChange;
use crate::domain::setup::SetupError;
use crate::domain::{Dataset, Language, OutcomeId};
use crate::i18n::{fmt_int, setup_problem, t, tx, Key};
use crate::ui::dispatch;
use crate::ui::widgets::{head_keys, Choice, DataTable, Labelled, TextInput};
use leptos::prelude::*;

/// One row: the outcome's id, name, flag and how many calls have it.
type Row = (String, String, bool, usize);

#[component]
pub(super) fn OutcomesEditor(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let dispatch = dispatch();
    let error = RwSignal::new(None::<(String, SetupError)>);
    let new_name = RwSignal::new(String::new());
    let new_connected = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        ds.with(|d| {
            let uses = d.outcome_use_counts();
            d.call_outcomes
                .iter()
                .map(|o| {
                    (
                        o.id.0.clone(),
                        o.name.clone(),
                        o.connected,
                        uses.get(o.id.0.as_str()).copied().unwrap_or(0),
                    )
                })
                .collect::<Vec<Row>>()
        })
    });
    let result =
        move |row: String, change: OutcomeChange| match dispatch.run(Command::Outcome(change)) {
            Ok(()) => {
                error.set(None);
                true
            }
            Err(CommandError::Setup(e)) => {
                error.set(Some((row, e)));
                false
            }
            Err(_) => false,
        };
    let error_of = move |row: String| {
        move || {
            error.with(|e| {
                e.as_ref()
                    .filter(|(r, _)| *r == row)
                    .map(|(_, e)| setup_problem(lang.get(), e))
            })
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let change = OutcomeChange::Add {
            name: new_name.get_untracked(),
            connected: new_connected.get_untracked(),
        };
        if result("new".into(), change) {
            new_name.set(String::new());
            new_connected.set(false);
        }
    };
    let row_view = move |(id, name, connected, uses): Row| {
        let lang = lang.get_untracked();
        let merge_target = RwSignal::new(String::new());
        let others: Vec<(String, String)> = rows
            .get_untracked()
            .into_iter()
            .filter(|(other, ..)| *other != id)
            .map(|(other, n, ..)| (other, n))
            .collect();
        let oid = OutcomeId::from(id.as_str());
        let (a, b, c, d) = (oid.clone(), oid.clone(), oid.clone(), oid);
        let key = id.clone();
        let (ka, kb, kc, kd) = (key.clone(), key.clone(), key.clone(), key);
        view! {
            <tr data-testid=format!("outcome-{id}")>
                <td>
                    <input
                        type="text"
                        aria-label=format!("{}: {}", t(lang, Key::StageName), name)
                        prop:value=name.clone()
                        on:change=move |ev| {
                            result(
                                ka.clone(),
                                OutcomeChange::Rename {
                                    id: a.clone(),
                                    name: event_target_value(&ev),
                                },
                            );
                        }
                    />
                </td>
                <td>
                    <input
                        type="checkbox"
                        aria-label=format!("{}: {}", t(lang, Key::ColConnectedFlag), name)
                        data-testid="outcome-connected"
                        prop:checked=connected
                        on:change=move |ev| {
                            result(
                                kb.clone(),
                                OutcomeChange::Connected {
                                    id: b.clone(),
                                    connected: event_target_checked(&ev),
                                },
                            );
                        }
                    />
                </td>
                <td class="num">{fmt_int(lang, uses as i64)}</td>
                <td class="actions">
                    <button
                        type="button"
                        class="danger"
                        on:click=move |_| {
                            result(
                                kc.clone(),
                                OutcomeChange::Remove {
                                    id: c.clone(),
                                },
                            );
                        }
                    >
                        {t(lang, Key::Remove)}
                    </button>
                    {(!others.is_empty())
                        .then(|| {
                            view! {
                                <Choice
                                    first=t(lang, Key::MergeInto)
                                    options=others
                                    current=merge_target
                                    set=move |v| merge_target.set(v)
                                    attr:aria-label=format!("{}: {}", t(lang, Key::MergeInto), name)
                                />
                                <button
                                    type="button"
                                    on:click=move |_| {
                                        let into = OutcomeId::from(
                                            merge_target.get_untracked().as_str(),
                                        );
                                        result(
                                            kd.clone(),
                                            OutcomeChange::Merge {
                                                from: d.clone(),
                                                into,
                                            },
                                        );
                                    }
                                >
                                    {t(lang, Key::Merge)}
                                </button>
                            }
                        })}
                    <p class="error" role="alert">
                        {error_of(id.clone())}
                    </p>
                </td>
            </tr>
        }
    };
    view! {
        <section aria-labelledby="outcomes-title" data-testid="outcomes">
            <h2 id="outcomes-title">{tx(lang, Key::OutcomesHeading)}</h2>
            <p class="muted">{tx(lang, Key::OutcomesHelp)}</p>
            <DataTable labelled_by="outcomes-title">
                {head_keys(
                    lang,
                    &[Key::StageName, Key::ColConnectedFlag, Key::ColUses, Key::ColActions],
                )} <tbody>{move || rows.get().into_iter().map(row_view).collect_view()}</tbody>
            </DataTable>
            <form class="inline" on:submit=add novalidate>
                <Labelled text=tx(lang, Key::NewName)>
                    <TextInput value=new_name set=move |v| new_name.set(v) />
                </Labelled>
                <label>
                    <input
                        type="checkbox"
                        data-testid="new-outcome-connected"
                        prop:checked=move || new_connected.get()
                        on:change=move |ev| new_connected.set(event_target_checked(&ev))
                    />
                    " "
                    {tx(lang, Key::ColConnectedFlag)}
                </label>
                <button type="submit">{tx(lang, Key::Add)}</button>
                <p class="error" role="alert">
                    {error_of("new".into())}
                </p>
            </form>
        </section>
    }
}
