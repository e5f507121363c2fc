//! Settings: the stage list (rename, reorder, add, remove or merge) and each stage's kind.

use crate::domain::command::{Command, CommandError, StageChange};
use crate::domain::setup::SetupError;
use crate::domain::{Dataset, Language, StageId, StageKind};
use crate::i18n::{fmt_int, setup_problem, t, tx, Key};
use crate::ui::dispatch;
use crate::ui::widgets::{head_keys, Choice, DataTable, Labelled, Options, TextInput};
use leptos::prelude::*;

fn kind_key(kind: StageKind) -> Key {
    match kind {
        StageKind::Open => Key::KindOpen,
        StageKind::Won => Key::KindWon,
        StageKind::Lost => Key::KindLost,
    }
}

/// The stage kinds as options, their values the kinds' names in lower case.
fn kind_options(lang: Language) -> Options {
    [StageKind::Open, StageKind::Won, StageKind::Lost]
        .map(|k| {
            (
                format!("{k:?}").to_lowercase(),
                t(lang, kind_key(k)).to_string(),
            )
        })
        .to_vec()
}

/// The stage kind an option value of [`kind_options`] names.
fn kind_of(value: &str) -> StageKind {
    match value {
        "won" => StageKind::Won,
        "lost" => StageKind::Lost,
        _ => StageKind::Open,
    }
}

#[component]
pub(super) fn Stages(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let dispatch = dispatch();
    let error = RwSignal::new(None::<(String, SetupError)>);
    let new_name = RwSignal::new(String::new());
    let new_kind = RwSignal::new(StageKind::Open);
    let apply = move |row: String, change: StageChange| match dispatch.run(Command::Stage(change)) {
        Ok(()) => error.set(None),
        Err(CommandError::Setup(e)) => error.set(Some((row, e))),
        Err(_) => {}
    };
    let rows = Memo::new(move |_| {
        ds.with(|d| {
            let uses = d.stage_use_counts();
            d.stages
                .iter()
                .map(|s| (s.clone(), uses.get(s.id.0.as_str()).copied().unwrap_or(0)))
                .collect::<Vec<_>>()
        })
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (name, kind) = (new_name.get_untracked(), new_kind.get_untracked());
        match dispatch.run(Command::Stage(StageChange::Add { name, kind })) {
            Ok(()) => {
                error.set(None);
                new_name.set(String::new());
            }
            Err(CommandError::Setup(e)) => error.set(Some((String::from("new"), e))),
            Err(_) => {}
        }
    };
    let error_of = move |row: &str| {
        let row = row.to_string();
        move || {
            error.with(|e| {
                e.as_ref()
                    .filter(|(r, _)| *r == row)
                    .map(|(_, e)| setup_problem(lang.get(), e))
            })
        }
    };
    let row_view = move |(stage, uses): (crate::domain::Stage, usize)| {
        let lang = lang.get_untracked();
        let id = stage.id.clone();
        let key = id.0.clone();
        let merge_target = RwSignal::new(String::new());
        // One copyable handle for the row's id, so every handler below can use it.
        let sid = StoredValue::new(id.clone());
        let run = move |change: StageChange| apply(sid.with_value(|i| i.0.clone()), change);
        let act = move |change: fn(StageId) -> StageChange| move |_| run(change(sid.get_value()));
        let kind = stage.kind;
        let others: Vec<(String, String)> = ds.with_untracked(|d| {
            d.stages
                .iter()
                .filter(|s| s.id != id && s.kind == kind)
                .map(|s| (s.id.0.clone(), s.name.clone()))
                .collect()
        });
        let name_label = format!("{}: {}", t(lang, Key::StageName), stage.name);
        view! {
            <tr data-stage-row=key.clone()>
                <td>
                    <input
                        type="text"
                        aria-label=name_label
                        prop:value=stage.name.clone()
                        data-testid="stage-name"
                        on:change=move |ev| run(StageChange::Rename {
                            id: sid.get_value(),
                            name: event_target_value(&ev),
                        })
                    />
                </td>
                <td>
                    <Choice
                        options=kind_options(lang)
                        current=format!("{kind:?}").to_lowercase()
                        attr:aria-label=format!("{}: {}", t(lang, Key::StageKindLabel), stage.name)
                        on:change=move |ev| {
                            let kind = kind_of(&event_target_value(&ev));
                            run(StageChange::SetKind {
                                id: sid.get_value(),
                                kind,
                            })
                        }
                    />
                </td>
                <td>
                    <input
                        type="number"
                        min="0"
                        max="100"
                        class="narrow"
                        aria-label=format!("{}: {}", t(lang, Key::Probability), stage.name)
                        prop:value=stage.probability.to_string()
                        on:change=move |ev| run(StageChange::SetProbability {
                            id: sid.get_value(),
                            percent: event_target_value(&ev),
                        })
                    />
                </td>
                <td class="num">{fmt_int(lang, uses as i64)}</td>
                <td class="actions">
                    <button
                        type="button"
                        aria-label=format!("{}: {}", t(lang, Key::MoveUp), stage.name)
                        on:click=act(|id| StageChange::Reorder {
                            id,
                            step: -1,
                        })
                    >
                        "↑"
                    </button>
                    <button
                        type="button"
                        aria-label=format!("{}: {}", t(lang, Key::MoveDown), stage.name)
                        on:click=act(|id| StageChange::Reorder {
                            id,
                            step: 1,
                        })
                    >
                        "↓"
                    </button>
                    <button
                        type="button"
                        class="danger"
                        on:click=act(|id| StageChange::Remove { id })
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
                                    attr:aria-label=format!(
                                        "{}: {}",
                                        t(lang, Key::MergeInto),
                                        stage.name,
                                    )
                                />
                                <button
                                    type="button"
                                    on:click=move |_| {
                                        run(StageChange::Merge {
                                            from: sid.get_value(),
                                            into: StageId(merge_target.get_untracked()),
                                        })
                                    }
                                >
                                    {t(lang, Key::Merge)}
                                </button>
                            }
                        })}
                    <p class="error" role="alert">
                        {error_of(&key)}
                    </p>
                </td>
            </tr>
        }
    };
    view! {
        <section aria-labelledby="stages-title">
            <h2 id="stages-title">{tx(lang, Key::StagesHeading)}</h2>
            <p class="muted">{tx(lang, Key::StagesHelp)}</p>
            <DataTable labelled_by="stages-title" testid="stage-table">
                {head_keys(
                    lang,
                    &[
                        Key::StageName,
                        Key::StageKindLabel,
                        Key::Probability,
                        Key::ColUses,
                        Key::ColActions,
                    ],
                )}
                <tbody>{move || rows.get().into_iter().map(row_view).collect_view()}</tbody>
            </DataTable>
            <form class="inline" on:submit=add novalidate>
                <Labelled text=tx(lang, Key::NewStage)>
                    <TextInput
                        value=new_name
                        set=move |v| new_name.set(v)
                        attr:data-testid="new-stage"
                    />
                </Labelled>
                <Labelled text=tx(lang, Key::StageKindLabel)>
                    <Choice
                        options=move || kind_options(lang.get())
                        current=move || format!("{:?}", new_kind.get()).to_lowercase()
                        set=move |v: String| new_kind.set(kind_of(&v))
                    />
                </Labelled>
                <button type="submit">{tx(lang, Key::AddStage)}</button>
                <p class="error" role="alert">
                    {error_of("new")}
                </p>
            </form>
        </section>
    }
}
