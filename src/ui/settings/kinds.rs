//! Settings: the team's activity kinds — the five built-ins (rename, hide from the log dialog,
//! reorder) and the kinds the team adds, each based on a built-in's behaviour.

use crate::domain::command::{Command, CommandError};
use crate::domain::kinds::KindChange;
use crate::domain::setup::SetupError;
use crate::domain::{ActivityKind, Dataset, KindId, Language};
use crate::i18n::{fmt_int, kind_label, kind_name, setup_problem, t, tx, Key};
use crate::ui::dispatch;
use crate::ui::widgets::{head_keys, Choice, DataTable, Labelled, TextInput};
use leptos::prelude::*;

/// One row: id, own name (empty: a built-in's), the name shown, its base, hidden, uses.
type Row = (String, String, String, ActivityKind, bool, usize);

#[component]
pub(super) fn KindsEditor(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let dispatch = dispatch();
    let error = RwSignal::new(None::<(String, SetupError)>);
    let new_name = RwSignal::new(String::new());
    let new_base = RwSignal::new(ActivityKind::Call.id().to_string());
    let rows = Memo::new(move |_| {
        let lang = lang.get();
        ds.with(|d| {
            let uses = d.kind_use_counts();
            d.kinds_in_order()
                .into_iter()
                .map(|k| {
                    let shown = kind_label(lang, k);
                    (
                        k.id.0.clone(),
                        k.name.clone(),
                        shown,
                        k.base,
                        k.hidden,
                        uses.get(k.id.as_str()).copied().unwrap_or(0),
                    )
                })
                .collect::<Vec<Row>>()
        })
    });
    let result = move |row: String, change: KindChange| match dispatch.run(Command::Kind(change)) {
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
        let base = ActivityKind::ALL
            .into_iter()
            .find(|k| k.id() == new_base.get_untracked())
            .unwrap_or_default();
        if result(
            "new".into(),
            KindChange::Add {
                name: new_name.get_untracked(),
                base,
            },
        ) {
            new_name.set(String::new());
        }
    };
    let row_view = move |(id, own, shown, base, hidden, uses): Row| {
        let lang = lang.get_untracked();
        let builtin = id == base.id();
        let merge_target = RwSignal::new(String::new());
        // An added kind merges into another of the same behaviour.
        let others: Vec<(String, String)> = rows
            .get_untracked()
            .into_iter()
            .filter(|(other, _, _, b, ..)| *other != id && *b == base)
            .map(|(other, _, n, ..)| (other, n))
            .collect();
        let row_id = StoredValue::new(id.clone());
        let change = move |f: &dyn Fn(KindId) -> KindChange| {
            let id = row_id.get_value();
            result(id.clone(), f(KindId(id)));
        };
        view! {
            <tr data-testid=format!("kind-{id}")>
                <td>
                    <input
                        type="text"
                        aria-label=format!("{}: {}", t(lang, Key::StageName), shown)
                        placeholder=builtin.then(|| kind_name(lang, base))
                        prop:value=own
                        on:change=move |ev| {
                            let name = event_target_value(&ev);
                            change(
                                &|id| KindChange::Rename {
                                    id,
                                    name: name.clone(),
                                },
                            )
                        }
                    />
                </td>
                <td>{kind_name(lang, base)}</td>
                <td>
                    <input
                        type="checkbox"
                        aria-label=format!("{}: {}", t(lang, Key::ColHiddenKind), shown)
                        prop:checked=hidden
                        on:change=move |ev| {
                            let hidden = event_target_checked(&ev);
                            change(&|id| KindChange::Hidden { id, hidden })
                        }
                    />
                </td>
                <td class="num">{fmt_int(lang, uses as i64)}</td>
                <td class="actions">
                    <button
                        type="button"
                        aria-label=format!("{}: {}", t(lang, Key::MoveUp), shown)
                        on:click=move |_| change(&|id| KindChange::Move { id, up: true })
                    >
                        "↑"
                    </button>
                    <button
                        type="button"
                        aria-label=format!("{}: {}", t(lang, Key::MoveDown), shown)
                        on:click=move |_| change(&|id| KindChange::Move { id, up: false })
                    >
                        "↓"
                    </button>
                    {(!builtin)
                        .then(|| {
                            let shown = shown.clone();
                            view! {
                                <button
                                    type="button"
                                    class="danger"
                                    on:click=move |_| change(&|id| KindChange::Remove { id })
                                >
                                    {t(lang, Key::Remove)}
                                </button>
                                <Choice
                                    first=t(lang, Key::MergeInto)
                                    options=others
                                    current=merge_target
                                    set=move |v| merge_target.set(v)
                                    attr:aria-label=format!(
                                        "{}: {}",
                                        t(lang, Key::MergeInto),
                                        shown,
                                    )
                                />
                                <button
                                    type="button"
                                    on:click=move |_| {
                                        let into = KindId(merge_target.get_untracked());
                                        change(
                                            &|from| KindChange::Merge {
                                                from,
                                                into: into.clone(),
                                            },
                                        )
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
    let bases = move || {
        let lang = lang.get();
        ActivityKind::ALL
            .into_iter()
            .map(|k| (k.id().to_string(), kind_name(lang, k).to_string()))
            .collect::<Vec<_>>()
    };
    view! {
        <section aria-labelledby="kinds-title" data-testid="kinds">
            <h2 id="kinds-title">{tx(lang, Key::KindsHeading)}</h2>
            <p class="muted">{tx(lang, Key::KindsHelp)}</p>
            <DataTable labelled_by="kinds-title">
                {head_keys(
                    lang,
                    &[
                        Key::StageName,
                        Key::ColBasedOn,
                        Key::ColHiddenKind,
                        Key::ColUses,
                        Key::ColActions,
                    ],
                )} <tbody>{move || rows.get().into_iter().map(row_view).collect_view()}</tbody>
            </DataTable>
            <form class="inline" on:submit=add novalidate>
                <Labelled text=tx(lang, Key::NewKindName)>
                    <TextInput value=new_name set=move |v| new_name.set(v) />
                </Labelled>
                <Labelled text=tx(lang, Key::ColBasedOn)>
                    <Choice options=bases current=new_base set=move |v| new_base.set(v) />
                </Labelled>
                <button type="submit">{tx(lang, Key::AddKind)}</button>
                <p class="error" role="alert">
                    {error_of("new".into())}
                </p>
            </form>
        </section>
    }
}
