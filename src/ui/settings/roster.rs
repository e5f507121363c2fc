//! Settings: the editable lists of sources, owners and deal types.

use crate::domain::command::{Command, CommandError, RosterChange};
use crate::domain::setup::{Roster, SetupError};
use crate::domain::{Dataset, Language};
use crate::i18n::{fmt_int, setup_problem, t, tx, Key};
use crate::ui::dispatch;
use crate::ui::widgets::{head_keys, Choice, DataTable, Labelled, TextInput};
use leptos::prelude::*;

#[component]
pub(super) fn RosterEditor(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    roster: Roster,
) -> impl IntoView {
    let dispatch = dispatch();
    let error = RwSignal::new(None::<(String, SetupError)>);
    let new_name = RwSignal::new(String::new());
    let (heading, testid) = match roster {
        Roster::Sources => (Key::SourcesHeading, "sources"),
        Roster::Owners => (Key::OwnersHeading, "owners"),
        Roster::Types => (Key::TypesHeading, "deal-types"),
    };
    let title_id = format!("{testid}-title");
    let rows = Memo::new(move |_| {
        ds.with(|d| {
            let counts = d.roster_use_counts(roster);
            d.roster(roster)
                .into_iter()
                .map(|(id, name)| {
                    let uses = counts.get(id.as_str()).copied().unwrap_or(0);
                    (id, name, uses)
                })
                .collect::<Vec<_>>()
        })
    });
    let result = move |row: String, change: RosterChange| match dispatch
        .run(Command::Roster { roster, change })
    {
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
        let name = new_name.get_untracked();
        if result("new".into(), RosterChange::Add { name }) {
            new_name.set(String::new());
        }
    };
    let row_view = move |(id, name, uses): (String, String, usize)| {
        let lang = lang.get_untracked();
        let merge_target = RwSignal::new(String::new());
        let others: Vec<(String, String)> = rows
            .get_untracked()
            .into_iter()
            .filter(|(other, ..)| *other != id)
            .map(|(other, n, _)| (other, n))
            .collect();
        let (a, b, c) = (id.clone(), id.clone(), id.clone());
        view! {
            <tr>
                <td>
                    <input
                        type="text"
                        aria-label=format!("{}: {}", t(lang, Key::StageName), name)
                        prop:value=name.clone()
                        on:change=move |ev| {
                            result(
                                a.clone(),
                                RosterChange::Rename {
                                    id: a.clone(),
                                    name: event_target_value(&ev),
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
                                b.clone(),
                                RosterChange::Remove {
                                    id: b.clone(),
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
                                        let into = merge_target.get_untracked();
                                        result(
                                            c.clone(),
                                            RosterChange::Merge {
                                                from: c.clone(),
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
        <section aria-labelledby=title_id.clone() data-testid=testid>
            <h2 id=title_id.clone()>{move || t(lang.get(), heading)}</h2>
            <DataTable labelled_by=title_id
                .clone()>
                {head_keys(lang, &[Key::StageName, Key::ColUses, Key::ColActions])}
                <tbody>{move || rows.get().into_iter().map(row_view).collect_view()}</tbody>
            </DataTable>
            <form class="inline" on:submit=add novalidate>
                <Labelled text=tx(lang, Key::NewName)>
                    <TextInput value=new_name set=move |v| new_name.set(v) />
                </Labelled>
                <button type="submit">{tx(lang, Key::Add)}</button>
                <p class="error" role="alert">
                    {error_of("new".into())}
                </p>
            </form>
        </section>
    }
}
