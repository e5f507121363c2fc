//! The deal list with stage moves (each move appends a dated stage event).

use super::{clock, store, Notice};
use crate::domain::ops::{Move, MoveError};
use crate::domain::query::{filter_deals, StatusFilter};
use crate::domain::{Dataset, Date, DealId, Language, StageKind, Timestamp};
use crate::i18n::{fmt_date, fmt_int, fmt_money, move_problem, t, tf, Key};
use leptos::prelude::*;

/// Rows rendered at first; "show more" adds this many again.
const PAGE: usize = 50;

/// Why the last action on a row failed; translated when shown.
#[derive(Clone, Debug, PartialEq)]
enum RowProblem {
    /// The move date field does not hold a date.
    Date,
    /// The domain refused the move.
    Move(MoveError),
}

/// One formatted row of the table.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: DealId,
    updated_at: Timestamp,
    lang: Language,
    title: String,
    company: String,
    stage: String,
    kind: StageKind,
    value: String,
    owner: String,
    source: String,
    first_contact: String,
    lost_reason: Option<String>,
}

fn rows(
    ds: &Dataset,
    search: &str,
    status: StatusFilter,
    limit: usize,
    lang: Language,
) -> (Vec<Row>, usize) {
    let deals = filter_deals(ds, search, status);
    let total = deals.len();
    let rows = deals
        .into_iter()
        .take(limit)
        .map(|d| {
            let stage = d.current_stage().and_then(|s| ds.stage(s));
            Row {
                id: d.id.clone(),
                updated_at: d.updated_at,
                lang,
                title: d.title.clone(),
                company: d.company.clone(),
                stage: stage.map_or_else(String::new, |s| s.name.clone()),
                kind: stage.map_or(StageKind::Open, |s| s.kind),
                value: fmt_money(lang, d.value),
                owner: ds.owner_name(d.owner.as_ref()).to_string(),
                source: ds.source_name(d.source.as_ref()).to_string(),
                first_contact: fmt_date(lang, d.first_contact),
                lost_reason: d.lost_reason.clone(),
            }
        })
        .collect();
    (rows, total)
}

/// The deal table: search, status filter, move date and per-deal actions.
#[component]
pub(crate) fn DealTable(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    editing: RwSignal<Option<DealId>>,
) -> impl IntoView {
    let store = store();
    let search = RwSignal::new(String::new());
    let status = RwSignal::new(StatusFilter::All);
    let limit = RwSignal::new(PAGE);
    let move_date = RwSignal::new(clock::today().to_string());
    let error = RwSignal::new(None::<(DealId, RowProblem)>);
    let listed = Memo::new(move |_| {
        ds.with(|d| rows(d, &search.get(), status.get(), limit.get(), lang.get()))
    });

    let do_move = move |id: DealId, title: String, mv: Move| {
        let date = match Date::parse(&move_date.get_untracked()) {
            Ok(date) => date,
            Err(_) => {
                error.set(Some((id, RowProblem::Date)));
                return;
            }
        };
        let (today, now) = (clock::today(), clock::now());
        match store.apply(|d| {
            d.move_deal(&id, mv, date, today, now)
                .map(|stage| d.stage(&stage).map(|s| s.name.clone()))
        }) {
            Some(Ok(stage)) => {
                error.set(None);
                store.say(
                    Key::MovedTo,
                    vec![("deal", title), ("stage", stage.unwrap_or_default())],
                );
            }
            Some(Err(problem)) => error.set(Some((id, RowProblem::Move(problem)))),
            None => {}
        }
    };
    let delete = move |id: DealId| {
        if let Some(Ok(deal)) = store.apply(|d| {
            d.delete_deal(&id, clock::now())
                .ok_or(MoveError::NoSuchDeal)
        }) {
            if editing.get_untracked().as_ref() == Some(&deal.id) {
                editing.set(None);
            }
            store.notify.set(Some(Notice {
                key: Key::DealDeleted,
                args: vec![],
                undo: Some(deal),
            }));
        }
    };

    let status_options = [
        ("all", StatusFilter::All, Key::StatusAll),
        ("open", StatusFilter::Open, Key::StatusOpen),
        ("won", StatusFilter::Won, Key::StatusWon),
        ("lost", StatusFilter::Lost, Key::StatusLost),
    ];

    let lang_memo = lang;
    let row_view = move |row: Row| {
        let losing = RwSignal::new(false);
        let reason = RwSignal::new(String::new());
        let lang = row.lang;
        let (id, title) = (row.id.clone(), row.title.clone());
        let act = move |mv: Move| {
            let (id, title) = (id.clone(), title.clone());
            move |_| do_move(id.clone(), title.clone(), mv.clone())
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
        let (edit_id, delete_id) = (row.id.clone(), row.id.clone());
        let confirm_lost = {
            let (id, title) = (row.id.clone(), row.title.clone());
            move |_| {
                do_move(
                    id.clone(),
                    title.clone(),
                    Move::lose(&reason.get_untracked()),
                );
                losing.set(false);
            }
        };
        let closed = row.kind != StageKind::Open;
        let reasons = ds.with_untracked(|d| d.settings.lost_reasons.clone());
        view! {
            <tr data-deal=row.id.0.clone() class=format!("kind-{:?}", row.kind).to_lowercase()>
                <td class="title">
                    <strong>{row.title.clone()}</strong>
                    <span class="company">{row.company.clone()}</span>
                </td>
                <td>
                    <span class="stage" data-testid="stage">{row.stage.clone()}</span>
                    {row.lost_reason.clone().map(|r| view! { <span class="reason">{r}</span> })}
                </td>
                <td class="num">{row.value.clone()}</td>
                <td>{row.owner.clone()}</td>
                <td>{row.source.clone()}</td>
                <td class="num">{row.first_contact.clone()}</td>
                <td class="actions">
                    {if closed {
                        view! { <button type="button" on:click=act(Move::Reopen)>{t(lang, Key::Reopen)}</button> }.into_any()
                    } else {
                        view! {
                            <button type="button" on:click=act(Move::Back) aria-label=format!("{}: {}", t(lang, Key::Back), row.title)>"◀ "{t(lang, Key::Back)}</button>
                            <button type="button" on:click=act(Move::Forward) data-testid="advance">{t(lang, Key::Advance)}" ▶"</button>
                            <button type="button" on:click=act(Move::Win) data-testid="win">{t(lang, Key::MarkWon)}</button>
                            <button type="button" on:click=move |_| losing.update(|l| *l = !*l) aria-expanded=move || losing.get().to_string()>{t(lang, Key::MarkLost)}</button>
                        }
                        .into_any()
                    }}
                    <button type="button" on:click=move |_| editing.set(Some(edit_id.clone()))>{t(lang, Key::Edit)}</button>
                    <button type="button" class="danger" on:click=move |_| delete(delete_id.clone())>{t(lang, Key::Delete)}</button>
                    <Show when=move || losing.get()>
                        <div class="lost-form">
                            <label>
                                <span>{t(lang, Key::LostReason)}</span>
                                <select on:change=move |ev| reason.set(event_target_value(&ev))>
                                    <option value="">"—"</option>
                                    {reasons.iter().map(|r| view! { <option value=r.clone()>{r.clone()}</option> }).collect_view()}
                                </select>
                            </label>
                            <button type="button" on:click=confirm_lost.clone()>{t(lang, Key::ConfirmLost)}</button>
                        </div>
                    </Show>
                    <p class="error" role="alert">{row_error}</p>
                </td>
            </tr>
        }
    };

    view! {
        <section class="deals" aria-labelledby="deals-title">
            <div class="section-head">
                <h2 id="deals-title">
                    {move || t(lang.get(), Key::DealsHeading)} " "
                    <span class="count">{move || fmt_int(lang.get(), ds.with(|d| d.deals.len()) as i64)}</span>
                </h2>
                <label>
                    <span>{move || t(lang.get(), Key::Search)}</span>
                    <input type="search" prop:value=move || search.get() on:input=move |ev| { search.set(event_target_value(&ev)); limit.set(PAGE); } />
                </label>
                <label>
                    <span>{move || t(lang.get(), Key::ShowStatus)}</span>
                    <select on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if let Some((_, s, _)) = status_options.iter().find(|(v, _, _)| *v == value) {
                            status.set(*s);
                            limit.set(PAGE);
                        }
                    }>
                        {move || status_options.iter().map(|(value, s, key)| {
                            let s = *s;
                            view! { <option value=*value selected=move || status.get() == s>{t(lang.get(), *key)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{move || t(lang.get(), Key::MoveDate)}</span>
                    <input type="date" data-testid="move-date" prop:value=move || move_date.get() on:input=move |ev| move_date.set(event_target_value(&ev)) title=move || t(lang.get(), Key::MoveDateHelp) />
                </label>
            </div>
            <div class="table-wrap">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{move || t(lang.get(), Key::ColTitle)}</th>
                            <th scope="col">{move || t(lang.get(), Key::ColStage)}</th>
                            <th scope="col">{move || t(lang.get(), Key::FieldValue)}</th>
                            <th scope="col">{move || t(lang.get(), Key::FieldOwner)}</th>
                            <th scope="col">{move || t(lang.get(), Key::FieldSource)}</th>
                            <th scope="col">{move || t(lang.get(), Key::FieldFirstContact)}</th>
                            <th scope="col">{move || t(lang.get(), Key::ColActions)}</th>
                        </tr>
                    </thead>
                    <tbody data-testid="deal-rows">
                        <For each=move || listed.get().0 key=|row| (row.id.clone(), row.updated_at, row.lang) children=row_view />
                    </tbody>
                </table>
            </div>
            {move || {
                let (shown, total) = listed.with(|(rows, total)| (rows.len(), *total));
                let lang = lang.get();
                if total == 0 {
                    view! { <p class="muted">{t(lang, Key::NoMatches)}</p> }.into_any()
                } else {
                    view! {
                        <p class="muted">
                            {tf(lang, Key::ShowingOf, &[("shown", &fmt_int(lang, shown as i64)), ("total", &fmt_int(lang, total as i64))])}
                            " "
                            {(shown < total).then(|| view! {
                                <button type="button" on:click=move |_| limit.update(|l| *l += PAGE)>
                                    {tf(lang, Key::ShowMore, &[("n", &fmt_int(lang, PAGE.min(total - shown) as i64))])}
                                </button>
                            })}
                        </p>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
