//! Settings: stages (rename, reorder, add, remove or merge), sources and owners, display currency,
//! qualified stage, lost reasons, sample data and clearing everything.

use super::app::StoredSize;
use super::dispatch;
use super::widgets::{
    confirmed, head_keys, stage_options, Choice, DataTable, Field, Labelled, Options, TextInput,
};
use crate::domain::command::{Command, CommandError, RosterChange, SettingChange, StageChange};
use crate::domain::setup::{Roster, SetupError};
use crate::domain::{
    Calendar, Dataset, Language, RialUnit, Settings, StageId, StageKind, WeekStart,
};
use crate::i18n::{fmt_int, fmt_percent, money_problem, setup_problem, t, tf, Key};
use leptos::prelude::*;

/// The settings page.
#[component]
pub(crate) fn SettingsPanel(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    view! {
        <General ds=ds lang=lang />
        <Stages ds=ds lang=lang />
        <RosterEditor ds=ds lang=lang roster=Roster::Sources />
        <RosterEditor ds=ds lang=lang roster=Roster::Owners />
        <super::exchange::Exchange ds=ds lang=lang />
        <DataSection ds=ds lang=lang />
    }
}

/// The calendars offered: value, form value, option text.
const CALENDARS: &[(Calendar, &str, Key)] = &[
    (Calendar::Gregorian, "gregorian", Key::CalendarGregorian),
    (Calendar::Jalali, "jalali", Key::CalendarJalali),
];
/// The week starts offered.
const WEEK_STARTS: &[(WeekStart, &str, Key)] = &[
    (WeekStart::Saturday, "saturday", Key::WeekSaturday),
    (WeekStart::Sunday, "sunday", Key::WeekSunday),
    (WeekStart::Monday, "monday", Key::WeekMonday),
];
/// The ways of showing rials.
const RIAL_UNITS: &[(RialUnit, &str, Key)] = &[
    (RialUnit::Rial, "rial", Key::RialUnitRial),
    (RialUnit::Toman, "toman", Key::RialUnitToman),
];

/// A labelled select for one setting with a few fixed choices; a change is saved and announced.
fn setting_choice<T: Copy + PartialEq + Send + Sync + 'static>(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    id: &'static str,
    label: Key,
    choices: &'static [(T, &'static str, Key)],
    get: fn(&Settings) -> T,
    set: fn(T) -> SettingChange,
) -> impl IntoView {
    let dispatch = dispatch();
    let change = move |ev| {
        let picked = event_target_value(&ev);
        if let Some((value, _, _)) = choices.iter().find(|(_, v, _)| *v == picked) {
            // A choice from a fixed list is never refused.
            let _ = dispatch.run(Command::Setting(set(*value)));
        }
    };
    let current = move || {
        ds.with(|d| choices.iter().find(|(v, ..)| *v == get(&d.settings)))
            .map_or_else(String::new, |(_, form_value, _)| form_value.to_string())
    };
    let options = move || {
        let lang = lang.get();
        choices
            .iter()
            .map(|(_, v, key)| (v.to_string(), t(lang, *key).to_string()))
            .collect()
    };
    view! {
        <Field id=id label=move || t(lang.get(), label)>
            <Choice options=options current=current on:change=change attr:data-testid=id />
        </Field>
    }
}

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
fn General(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let dispatch = dispatch();
    let currency_error = RwSignal::new(None::<String>);
    let set_currency = move |ev| {
        let change = SettingChange::DisplayCurrency(event_target_value(&ev));
        match dispatch.run(Command::Setting(change)) {
            Err(CommandError::Number(e)) => {
                currency_error.set(Some(money_problem(lang.get_untracked(), &e)))
            }
            _ => currency_error.set(None),
        }
    };
    let set_reasons = move |ev| {
        let change = SettingChange::LostReasons(event_target_value(&ev));
        let _ = dispatch.run(Command::Setting(change));
    };
    view! {
        <section aria-labelledby="general-title">
            <h2 id="general-title">{move || t(lang.get(), Key::SettingsHeading)}</h2>
            <div class="grid">
                <Field
                    id="set-currency"
                    label=move || t(lang.get(), Key::DisplayCurrency)
                    error=currency_error
                >
                    <TextInput
                        value=move || ds.with(|d| d.settings.display_currency.to_string())
                        on:change=set_currency
                        attr:list="set-currency-options"
                    />
                    <datalist id="set-currency-options">
                        {["USD", "EUR", "IRR", "AED", "GBP", "TRY"]
                            .map(|c| view! { <option value=c></option> })}
                    </datalist>
                </Field>
                <Field id="set-qualified" label=move || t(lang.get(), Key::QualifiedStage)>
                    <Choice
                        current=move || ds.with(|d| d.settings.qualified_stage.0.clone())
                        options=move || ds.with(|d| stage_options(d, |s| s.kind == StageKind::Open))
                        on:change=move |ev| {
                            let id = StageId(event_target_value(&ev));
                            let _ = dispatch
                                .run(Command::Setting(SettingChange::QualifiedStage(id)));
                        }
                    />
                </Field>
                <Field
                    id="set-reasons"
                    label=move || t(lang.get(), Key::LostReasonsLabel)
                    class="wide"
                >
                    <textarea
                        id="set-reasons"
                        rows="5"
                        prop:value=move || ds.with(|d| d.settings.lost_reasons.join("\n"))
                        on:change=set_reasons
                    ></textarea>
                </Field>
            </div>
            <div class="grid">
                {setting_choice(
                    ds,
                    lang,
                    "set-calendar",
                    Key::CalendarLabel,
                    CALENDARS,
                    |s| s.calendar,
                    SettingChange::Calendar,
                )}
                {setting_choice(
                    ds,
                    lang,
                    "set-week",
                    Key::WeekStartLabel,
                    WEEK_STARTS,
                    |s| s.week_start,
                    SettingChange::WeekStart,
                )}
            </div>
            <div class="grid">
                {setting_choice(
                    ds,
                    lang,
                    "set-rial",
                    Key::RialUnitLabel,
                    RIAL_UNITS,
                    |s| s.rial_unit,
                    SettingChange::RialUnit,
                )}
            </div>
            <p class="muted">{move || t(lang.get(), Key::CalendarHelp)}</p>
        </section>
    }
}

#[component]
fn Stages(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
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
            d.stages
                .iter()
                .map(|s| (s.clone(), d.stage_uses(&s.id)))
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
            <h2 id="stages-title">{move || t(lang.get(), Key::StagesHeading)}</h2>
            <p class="muted">{move || t(lang.get(), Key::StagesHelp)}</p>
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
                <Labelled text=move || t(lang.get(), Key::NewStage)>
                    <TextInput
                        value=new_name
                        set=move |v| new_name.set(v)
                        attr:data-testid="new-stage"
                    />
                </Labelled>
                <Labelled text=move || t(lang.get(), Key::StageKindLabel)>
                    <Choice
                        options=move || kind_options(lang.get())
                        current=move || format!("{:?}", new_kind.get()).to_lowercase()
                        set=move |v: String| new_kind.set(kind_of(&v))
                    />
                </Labelled>
                <button type="submit">{move || t(lang.get(), Key::AddStage)}</button>
                <p class="error" role="alert">
                    {error_of("new")}
                </p>
            </form>
        </section>
    }
}

#[component]
fn RosterEditor(ds: ReadSignal<Dataset>, lang: Memo<Language>, roster: Roster) -> impl IntoView {
    let dispatch = dispatch();
    let error = RwSignal::new(None::<(String, SetupError)>);
    let new_name = RwSignal::new(String::new());
    let (heading, testid) = match roster {
        Roster::Sources => (Key::SourcesHeading, "sources"),
        Roster::Owners => (Key::OwnersHeading, "owners"),
    };
    let title_id = format!("{testid}-title");
    let rows = Memo::new(move |_| {
        ds.with(|d| {
            d.roster(roster)
                .into_iter()
                .map(|(id, name)| {
                    let uses = d.roster_uses(roster, &id);
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
                <Labelled text=move || t(lang.get(), Key::NewName)>
                    <TextInput value=new_name set=move |v| new_name.set(v) />
                </Labelled>
                <button type="submit">{move || t(lang.get(), Key::Add)}</button>
                <p class="error" role="alert">
                    {error_of("new".into())}
                </p>
            </form>
        </section>
    }
}

/// How much of the browser's storage the data takes, and a warning from 80%.
#[component]
fn StorageMeter(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let Some(StoredSize(used)) = use_context::<StoredSize>() else {
        return ().into_any();
    };
    let capacity = Memo::new(move |_| {
        crate::domain::format::compact::capacity(used.get(), ds.with(|d| d.deals.len()))
    });
    view! {
        <div class="storage" data-testid="storage-meter">
            <meter
                min="0"
                max="1"
                low="0.6"
                high=crate::domain::format::compact::WARN_SHARE
                optimum="0"
                value=move || capacity.get().share.min(1.0)
                aria-label=move || t(lang.get(), Key::StorageMeterLabel)
            ></meter>
            <p>
                {move || {
                    let (lang, c) = (lang.get(), capacity.get());
                    tf(
                        lang,
                        Key::StorageUsed,
                        &[
                            ("used", &fmt_int(lang, c.used as i64)),
                            ("budget", &fmt_int(lang, c.budget as i64)),
                            ("share", &fmt_percent(lang, Some(c.share))),
                        ],
                    )
                }} " "
                {move || {
                    capacity
                        .get()
                        .room_for_deals
                        .map(|n| tf(
                            lang.get(),
                            Key::StorageRoom,
                            &[("n", &fmt_int(lang.get(), n as i64))],
                        ))
                }}
            </p>
            {move || {
                capacity
                    .get()
                    .warn
                    .then(|| {
                        view! {
                            <p class="warn" role="status" data-testid="storage-warning">
                                {tf(
                                    lang.get(),
                                    Key::StorageWarn,
                                    &[
                                        (
                                            "share",
                                            &fmt_percent(lang.get(), Some(capacity.get().share)),
                                        ),
                                    ],
                                )}
                            </p>
                        }
                    })
            }}
        </div>
    }
    .into_any()
}

#[component]
fn DataSection(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let dispatch = dispatch();
    let load_sample = move |_| {
        let lang = lang.get_untracked();
        let had_data = ds.with_untracked(|d| !d.deals.is_empty());
        if had_data && !confirmed(t(lang, Key::ConfirmSample)) {
            return;
        }
        // As a new edit (see `merge::replace`): the data it replaces goes in every tab, and the
        // sample's fixed ids beat the tombstones an earlier "clear" left for them.
        let _ = dispatch.run(Command::LoadSample);
    };
    let clear = move |_| {
        let lang = lang.get_untracked();
        if !confirmed(t(lang, Key::ConfirmClear)) {
            return;
        }
        let _ = dispatch.run(Command::ClearRecords);
    };
    view! {
        <section aria-labelledby="data-title">
            <h2 id="data-title">{move || t(lang.get(), Key::DataHeading)}</h2>
            <p class="muted">{move || t(lang.get(), Key::DataHelp)}</p>
            <StorageMeter ds=ds lang=lang />
            <div class="buttons">
                <button type="button" on:click=load_sample data-testid="settings-sample">
                    {move || t(lang.get(), Key::LoadSample)}
                </button>
                <button type="button" class="danger" on:click=clear data-testid="clear-data">
                    {move || t(lang.get(), Key::ClearData)}
                </button>
            </div>
        </section>
    }
}
