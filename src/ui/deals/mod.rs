//! The deal list: filters, sorting by any column, bulk actions, and per-deal stage moves (each
//! move appends a dated stage event).

mod duplicates;
mod rows;

use super::exchange::{CSV_MIME, JSON_MIME};
use super::form::DateField;
use super::widgets::{text_options, Choice, DataTable, Labelled, TextInput};
use super::{
    clock, dispatch,
    filters::{FilterBar, Offered},
};
use super::{offer_download, said};
use crate::domain::command::{Command, CommandError};
use crate::domain::format::csv_out::{deals_csv, deals_file_name};
use crate::domain::format::schema::{export_file_name, try_export_json};
use crate::domain::ops::Move;
use crate::domain::query::{list_deals, ListQuery, SortKey};
use crate::domain::{Dataset, Date, DealId, Language, StageKind};
use crate::i18n::{fmt_int, move_problem, t, tf, tx, Key};
use leptos::prelude::*;
use rows::{column_key, rows, Row, RowProblem, PAGE};
use std::collections::BTreeSet;

/// What the bulk bar is about to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bulk {
    Owner,
    Lost,
}

/// The deal table: filters, sortable columns, selection with bulk actions, per-deal actions.
#[component]
pub(crate) fn DealTable(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    detail: RwSignal<Option<DealId>>,
) -> impl IntoView {
    let dispatch = dispatch();
    let log = crate::ui::work::log_call();
    let query = RwSignal::new(ListQuery {
        descending: true,
        ..ListQuery::default()
    });
    let limit = RwSignal::new(PAGE);
    let move_date = RwSignal::new(clock::today().to_string());
    let error = RwSignal::new(None::<(DealId, RowProblem)>);
    let selected = RwSignal::new(BTreeSet::<DealId>::new());
    let bulk = RwSignal::new(None::<Bulk>);
    let bulk_owner = RwSignal::new(String::new());
    let bulk_reason = RwSignal::new(String::new());
    let bulk_note = RwSignal::new(String::new());
    let bulk_error = RwSignal::new(None::<String>);
    let show_phone = RwSignal::new(false);
    // A new filter or sort starts again at the first page.
    Effect::new(move |_| {
        query.track();
        limit.set(PAGE);
    });
    let listed = Memo::new(move |_| ds.with(|d| rows(d, &query.get(), limit.get(), lang.get())));

    let move_day = move || Date::parse(&move_date.get_untracked()).ok();
    let do_move = move |id: DealId, mv: Move| {
        let Some(date) = move_day() else {
            error.set(Some((id, RowProblem::Date)));
            return;
        };
        match dispatch.run(Command::MoveDeal {
            id: id.clone(),
            mv,
            date,
        }) {
            Ok(()) => error.set(None),
            Err(CommandError::Move(problem)) => error.set(Some((id, RowProblem::Move(problem)))),
            Err(_) => {}
        }
    };
    let delete_ids = move |ids: Vec<DealId>| {
        if dispatch
            .run(Command::DeleteDeals { ids: ids.clone() })
            .is_ok()
        {
            if detail.with_untracked(|open| open.as_ref().is_some_and(|id| ids.contains(id))) {
                detail.set(None);
            }
            selected.update(|s| s.retain(|id| !ids.contains(id)));
        }
    };
    let apply_bulk = move |_| {
        let ids: Vec<DealId> = selected.get_untracked().into_iter().collect();
        let lang = lang.get_untracked();
        match bulk.get_untracked() {
            Some(Bulk::Owner) => {
                let owner = bulk_owner.get_untracked();
                if dispatch.run(Command::AssignOwner { ids, owner }).is_ok() {
                    bulk_error.set(None);
                    bulk.set(None);
                }
            }
            Some(Bulk::Lost) => {
                let Some(date) = move_day() else {
                    bulk_error.set(Some(t(lang, Key::ErrDateFormat).to_string()));
                    return;
                };
                let mv = Move::Lose {
                    reason: bulk_reason.get_untracked(),
                    note: bulk_note.get_untracked(),
                };
                match dispatch.run(Command::MoveDeals { ids, mv, date }) {
                    Ok(()) => {
                        bulk_error.set(None);
                        bulk.set(None);
                    }
                    Err(CommandError::Moves(refused)) => {
                        let names: Vec<String> = ds.with_untracked(|d| {
                            refused
                                .iter()
                                .take(5)
                                .map(|(id, e)| {
                                    let title =
                                        d.deal(id).map_or(id.0.clone(), |x| x.title.clone());
                                    format!("{title}: {}", move_problem(lang, e))
                                })
                                .collect()
                        });
                        bulk_error.set(Some(tf(
                            lang,
                            Key::BulkRefused,
                            &[
                                ("n", &fmt_int(lang, refused.len() as i64)),
                                ("list", &names.join("; ")),
                            ],
                        )));
                    }
                    Err(_) => {}
                }
            }
            None => {}
        }
    };

    let lang_memo = lang;
    let row_view = move |row: Row| {
        let losing = RwSignal::new(false);
        let reason = RwSignal::new(String::new());
        let lang = row.lang;
        let id = row.id.clone();
        let act = move |mv: Move| {
            let id = id.clone();
            move |_| do_move(id.clone(), mv.clone())
        };
        let row_id = row.id.clone();
        let row_error = move || {
            error.with(|e| {
                e.as_ref()
                    .filter(|(id, _)| *id == row_id)
                    .map(|(_, problem)| match problem {
                        RowProblem::Date => t(lang_memo.get(), Key::ErrDateFormat).to_string(),
                        RowProblem::Move(m) => move_problem(lang_memo.get(), m),
                    })
            })
        };
        let (edit_id, delete_id, check_id, toggle_id) = (
            row.id.clone(),
            row.id.clone(),
            row.id.clone(),
            row.id.clone(),
        );
        let confirm_lost = {
            let id = row.id.clone();
            move |_| {
                do_move(id.clone(), Move::lose(&reason.get_untracked()));
                losing.set(false);
            }
        };
        let closed = row.kind != StageKind::Open;
        let (call_id, key_id) = (row.id.clone(), row.id.clone());
        view! {
            <tr
                data-deal=row.id.0.clone()
                class=format!("kind-{:?}", row.kind).to_lowercase()
                on:keydown=move |ev| {
                    if crate::ui::work::shortcut(&ev) == Some('c') {
                        ev.prevent_default();
                        log.open(key_id.clone(), crate::ui::work::LogMode::Log);
                    }
                }
            >
                <td class="select">
                    <input
                        type="checkbox"
                        aria-label=tf(lang, Key::SelectDeal, &[("deal", &row.title)])
                        prop:checked=move || selected.with(|s| s.contains(&check_id))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected
                                .update(|s| {
                                    if on {
                                        s.insert(toggle_id.clone());
                                    } else {
                                        s.remove(&toggle_id);
                                    }
                                });
                        }
                    />
                </td>
                <td class="title">
                    <button
                        type="button"
                        class="link"
                        on:click=move |_| detail.set(Some(edit_id.clone()))
                        data-testid="open-deal"
                    >
                        <strong>{row.title.clone()}</strong>
                    </button>
                </td>
                <td>{row.company.clone()}</td>
                {
                    let phone = row.phone.clone();
                    move || {
                        show_phone
                            .get()
                            .then(|| {
                                view! {
                                    <td class="num" data-testid="phone" dir="ltr">
                                        {phone.clone()}
                                    </td>
                                }
                            })
                    }
                }
                <td>
                    <span class="stage" data-testid="stage">
                        {row.stage.clone()}
                    </span>
                    {row.lost_reason.clone().map(|r| view! { <span class="reason">{r}</span> })}
                </td>
                <td class="num">{row.value.clone()}</td>
                <td data-testid="owner">{row.owner.clone()}</td>
                <td>{row.source.clone()}</td>
                <td data-testid="deal-type">{row.deal_type.clone()}</td>
                <td class="num">{row.first_contact.clone()}</td>
                <td class="num">{row.days_in_stage.clone()}</td>
                <td class="num">{row.expected_close.clone()}</td>
                <td class="actions">
                    <div class="row-actions">
                        {if closed {
                            view! {
                                <button type="button" on:click=act(Move::Reopen)>
                                    {t(lang, Key::Reopen)}
                                </button>
                            }
                                .into_any()
                        } else {
                            view! {
                                <button
                                    type="button"
                                    on:click=act(Move::Back)
                                    aria-label=format!("{}: {}", t(lang, Key::Back), row.title)
                                >
                                    "◀ "
                                    {t(lang, Key::Back)}
                                </button>
                                <button
                                    type="button"
                                    on:click=act(Move::Forward)
                                    data-testid="advance"
                                >
                                    {t(lang, Key::Advance)}
                                    " ▶"
                                </button>
                                <button type="button" on:click=act(Move::Win) data-testid="win">
                                    {t(lang, Key::MarkWon)}
                                </button>
                                <button
                                    type="button"
                                    on:click=move |_| losing.update(|l| *l = !*l)
                                    aria-expanded=move || losing.get().to_string()
                                >
                                    {t(lang, Key::MarkLost)}
                                </button>
                            }
                                .into_any()
                        }}
                        <button
                            type="button"
                            aria-label=tf(lang, Key::LogCallFor, &[("deal", &row.title)])
                            aria-keyshortcuts="C"
                            on:click=move |_| {
                                log.open(call_id.clone(), crate::ui::work::LogMode::Log)
                            }
                            data-testid="row-log-call"
                        >
                            {t(lang, Key::LogCall)}
                        </button>
                        <button
                            type="button"
                            class="danger"
                            on:click=move |_| delete_ids(vec![delete_id.clone()])
                        >
                            {t(lang, Key::Delete)}
                        </button> <Show when=move || losing.get()>
                            <div class="lost-form">
                                <Labelled text=move || t(lang, Key::LostReason)>
                                    <Choice
                                        first="—"
                                        current=reason
                                        set=move |v| reason.set(v)
                                        options=move || {
                                            ds.with(|d| text_options(&d.settings.lost_reasons))
                                        }
                                    />
                                </Labelled>
                                <button type="button" on:click=confirm_lost.clone()>
                                    {t(lang, Key::ConfirmLost)}
                                </button>
                            </div>
                        </Show> <p class="error" role="alert">
                            {row_error}
                        </p>
                    </div>
                </td>
            </tr>
        }
    };

    let header = move |sort: SortKey| {
        let active = move || query.with(|q| q.sort == sort);
        let aria_sort = move || {
            query.with(|q| match (q.sort == sort, q.descending) {
                (false, _) => "none",
                (true, false) => "ascending",
                (true, true) => "descending",
            })
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <button
                    type="button"
                    class="sort"
                    data-testid=format!("sort-{sort:?}").to_lowercase()
                    on:click=move |_| {
                        query
                            .update(|q| {
                                if q.sort == sort {
                                    q.descending = !q.descending;
                                } else {
                                    q.sort = sort;
                                    q.descending = false;
                                }
                            })
                    }
                >
                    {move || t(lang.get(), column_key(sort))}
                    <span aria-hidden="true">
                        {move || {
                            if !active() {
                                ""
                            } else if query.with(|q| q.descending) {
                                " ▼"
                            } else {
                                " ▲"
                            }
                        }}
                    </span>
                </button>
            </th>
        }
    };
    // Exports every deal the filters match (not only the page shown).
    let export_shown = move |json: bool| {
        let today = clock::today();
        ds.with_untracked(|d| {
            let deals = query.with_untracked(|q| list_deals(d, q, today));
            if json {
                let mut part = d.clone();
                part.deals = deals.into_iter().cloned().collect();
                part.traffic.clear();
                part.goals.clear();
                part.tombstones.clear();
                let listed = &part.deals;
                part.past_losses
                    .retain(|p| listed.iter().any(|d| d.id == p.deal));
                match try_export_json(&part, clock::now()) {
                    Ok(text) => offer_download(&text, JSON_MIME, &export_file_name(today)),
                    Err(e) => said(Err(e.into())),
                };
            } else {
                let text = deals_csv(d, deals.into_iter(), lang.get_untracked());
                offer_download(&text, CSV_MIME, &deals_file_name(today));
            }
        });
    };
    let shown_ids =
        move || listed.with(|(rows, _)| rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>());
    let all_shown_selected = move || {
        let ids = shown_ids();
        !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
    };

    view! {
        <section class="deals" aria-labelledby="deals-title">
            <div class="section-head">
                <h2 id="deals-title">
                    {tx(lang, Key::DealsHeading)} " "
                    <span class="count">
                        {move || fmt_int(lang.get(), ds.with(|d| d.deals.len()) as i64)}
                    </span>
                </h2>
                <Labelled text=tx(lang, Key::MoveDate)>
                    <DateField
                        lang=lang
                        value=move_date
                        set=move |v| move_date.set(v)
                        attr:data-testid="move-date"
                        attr:title=tx(lang, Key::MoveDateHelp)
                    />
                </Labelled>
            </div>
            <duplicates::DuplicateReview ds=ds lang=lang detail=detail />
            <p class="muted keys">{tx(lang, Key::LogRowHint)}</p>
            <FilterBar ds=ds lang=lang query=query offers=Offered::DEALS />
            <label class="inline">
                <input
                    type="checkbox"
                    data-testid="show-phone"
                    prop:checked=move || show_phone.get()
                    on:change=move |ev| show_phone.set(event_target_checked(&ev))
                />
                " "
                {tx(lang, Key::ShowPhoneColumn)}
            </label>
            <div class="buttons">
                <button
                    type="button"
                    data-testid="export-shown-csv"
                    on:click=move |_| export_shown(false)
                >
                    {tx(lang, Key::ExportShownCsv)}
                </button>
                <button
                    type="button"
                    data-testid="export-shown-json"
                    on:click=move |_| export_shown(true)
                >
                    {tx(lang, Key::ExportShownJson)}
                </button>
            </div>
            <Show when=move || selected.with(|s| !s.is_empty())>
                <div
                    class="bulk"
                    role="group"
                    aria-label=tx(lang, Key::BulkActions)
                    data-testid="bulk"
                >
                    <strong>
                        {move || tf(
                            lang.get(),
                            Key::SelectedCount,
                            &[("n", &fmt_int(lang.get(), selected.with(|s| s.len()) as i64))],
                        )}
                    </strong>
                    <button
                        type="button"
                        on:click=move |_| bulk.set(Some(Bulk::Owner))
                        aria-pressed=move || (bulk.get() == Some(Bulk::Owner)).to_string()
                    >
                        {tx(lang, Key::BulkOwner)}
                    </button>
                    <button
                        type="button"
                        on:click=move |_| bulk.set(Some(Bulk::Lost))
                        aria-pressed=move || (bulk.get() == Some(Bulk::Lost)).to_string()
                    >
                        {tx(lang, Key::MarkLost)}
                    </button>
                    <button
                        type="button"
                        class="danger"
                        data-testid="bulk-delete"
                        on:click=move |_| delete_ids(selected.get_untracked().into_iter().collect())
                    >
                        {tx(lang, Key::DeleteSelected)}
                    </button>
                    <button
                        type="button"
                        on:click=move |_| {
                            selected.set(BTreeSet::new());
                            bulk.set(None);
                        }
                    >
                        {tx(lang, Key::ClearSelection)}
                    </button>
                    {move || match bulk.get() {
                        Some(Bulk::Owner) => {
                            view! {
                                <Labelled text=tx(lang, Key::FieldOwner)>
                                    <TextInput
                                        value=bulk_owner
                                        set=move |v| bulk_owner.set(v)
                                        attr:list="bulk-owner-options"
                                        attr:data-testid="bulk-owner"
                                    />
                                </Labelled>
                                <datalist id="bulk-owner-options">
                                    {ds
                                        .with(|d| {
                                            d.owners
                                                .iter()
                                                .map(|o| view! { <option value=o.name.clone()></option> })
                                                .collect_view()
                                        })}
                                </datalist>
                                <button
                                    type="button"
                                    class="primary"
                                    data-testid="bulk-apply"
                                    on:click=apply_bulk
                                >
                                    {t(lang.get(), Key::Apply)}
                                </button>
                            }
                                .into_any()
                        }
                        Some(Bulk::Lost) => {
                            view! {
                                <Labelled text=tx(lang, Key::LostReason)>
                                    <Choice
                                        first="—"
                                        current=bulk_reason
                                        set=move |v| bulk_reason.set(v)
                                        options=move || {
                                            ds.with(|d| text_options(&d.settings.lost_reasons))
                                        }
                                        attr:data-testid="bulk-reason"
                                    />
                                </Labelled>
                                <Labelled text=tx(lang, Key::LostNote)>
                                    <TextInput value=bulk_note set=move |v| bulk_note.set(v) />
                                </Labelled>
                                <button
                                    type="button"
                                    class="primary"
                                    data-testid="bulk-apply"
                                    on:click=apply_bulk
                                >
                                    {t(lang.get(), Key::Apply)}
                                </button>
                            }
                                .into_any()
                        }
                        None => ().into_any(),
                    }}
                    <p class="error" role="alert">
                        {move || bulk_error.get()}
                    </p>
                </div>
            </Show>
            <DataTable labelled_by="deals-title">
                <thead>
                    <tr>
                        <th scope="col">
                            <input
                                type="checkbox"
                                aria-label=tx(lang, Key::SelectAllShown)
                                data-testid="select-all"
                                prop:checked=all_shown_selected
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let ids = shown_ids();
                                    selected
                                        .update(|s| {
                                            for id in ids {
                                                if on {
                                                    s.insert(id);
                                                } else {
                                                    s.remove(&id);
                                                }
                                            }
                                        });
                                }
                            />
                        </th>
                        {SortKey::ALL
                            .into_iter()
                            .map(|sort| {
                                view! {
                                    {header(sort)}
                                    {(sort == SortKey::Company)
                                        .then_some({
                                            move || {
                                                show_phone
                                                    .get()
                                                    .then(|| {
                                                        view! { <th scope="col">{tx(lang, Key::FieldPhone)}</th> }
                                                    })
                                            }
                                        })}
                                }
                            })
                            .collect_view()}
                        <th scope="col">{tx(lang, Key::ColActions)}</th>
                    </tr>
                </thead>
                <tbody data-testid="deal-rows">
                    <For
                        each=move || listed.get().0
                        key=|row| (
                            row.id.clone(),
                            row.updated_at,
                            row.lang,
                            row.owner.clone(),
                            row.stage.clone(),
                            row.source.clone(),
                            row.deal_type.clone(),
                        )
                        children=row_view
                    />
                </tbody>
            </DataTable>
            {move || {
                let (shown, total) = listed.with(|(rows, total)| (rows.len(), *total));
                let lang = lang.get();
                if total == 0 {
                    view! { <p class="muted">{t(lang, Key::NoMatches)}</p> }.into_any()
                } else {
                    view! {
                        <p class="muted">
                            {tf(
                                lang,
                                Key::ShowingOf,
                                &[
                                    ("shown", &fmt_int(lang, shown as i64)),
                                    ("total", &fmt_int(lang, total as i64)),
                                ],
                            )} " "
                            {(shown < total)
                                .then(|| {
                                    view! {
                                        <button
                                            type="button"
                                            on:click=move |_| limit.update(|l| *l += PAGE)
                                        >
                                            {tf(
                                                lang,
                                                Key::ShowMore,
                                                &[("n", &fmt_int(lang, PAGE.min(total - shown) as i64))],
                                            )}
                                        </button>
                                    }
                                })}
                        </p>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
