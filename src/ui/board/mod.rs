//! The pipeline board: a column per stage; cards are dragged with the mouse or a finger, or moved
//! from the keyboard through a small dialog.

mod dialog;

use super::form::DateField;
use super::widgets::Labelled;
use super::{
    clock, dispatch,
    filters::{FilterBar, Offered},
};
use crate::domain::command::{Command, CommandError};
use crate::domain::kpi::leaderboard::stuck_limits;
use crate::domain::ops::{Move, MoveError};
use crate::domain::query::{board, ListQuery};
use crate::domain::{Dataset, Date, DealId, Language, StageId, StageKind, Timestamp};
use crate::i18n::{fmt_int, fmt_money, move_problem, t, tf, tx, Key};
use dialog::MoveDialog;
use leptos::prelude::*;
use std::collections::HashMap;
use wasm_bindgen::JsCast;

/// Cards rendered per column at first; "show more" adds as many again.
const PER_COLUMN: usize = 30;

#[derive(Clone, Debug, PartialEq)]
struct CardView {
    id: DealId,
    updated_at: Timestamp,
    stage: StageId,
    title: String,
    company: String,
    value: String,
    owner: String,
    days: String,
    stuck: bool,
    lang: Language,
}

#[derive(Clone, Debug, PartialEq)]
struct ColumnView {
    stage: StageId,
    name: String,
    kind: StageKind,
    count: usize,
    stuck: usize,
    value: String,
    cards: Vec<CardView>,
}

/// A card being dragged: where the pointer started, how far it went, which column it is over.
#[derive(Clone, Debug, PartialEq)]
struct Drag {
    id: DealId,
    title: String,
    from: StageId,
    start: (f64, f64),
    offset: (f64, f64),
    active: bool,
    over: Option<StageId>,
}

/// A move waiting for the dialog: the deal, and the stage chosen so far.
#[derive(Clone, Debug, PartialEq)]
struct Pending {
    id: DealId,
    title: String,
    from: StageId,
    to: String,
}

/// The stage column under a viewport point, from its `data-stage` attribute.
fn stage_at(x: f64, y: f64) -> Option<StageId> {
    let element = web_sys::window()?
        .document()?
        .element_from_point(x as f32, y as f32)?;
    let column = element.closest("[data-stage]").ok()??;
    column.get_attribute("data-stage").map(StageId)
}

fn columns(
    ds: &Dataset,
    q: &ListQuery,
    limits: &[Option<f64>],
    shown: &HashMap<StageId, usize>,
    show_closed: bool,
    lang: Language,
) -> Vec<ColumnView> {
    let today = clock::today();
    board(ds, q, today, limits)
        .into_iter()
        .map(|column| {
            let open = column.stage.kind == StageKind::Open;
            let limit = if open || show_closed {
                shown.get(&column.stage.id).copied().unwrap_or(PER_COLUMN)
            } else {
                0
            };
            ColumnView {
                stage: column.stage.id.clone(),
                name: column.stage.name.clone(),
                kind: column.stage.kind,
                count: column.deals.len(),
                stuck: column.stuck,
                value: fmt_money(
                    lang,
                    crate::domain::Money {
                        minor: column.value,
                        currency: ds.settings.display_currency,
                    },
                ),
                cards: column
                    .deals
                    .iter()
                    .take(limit)
                    .map(|card| CardView {
                        id: card.deal.id.clone(),
                        updated_at: card.deal.updated_at,
                        stage: column.stage.id.clone(),
                        title: card.deal.title.clone(),
                        company: card.deal.company.clone(),
                        value: fmt_money(lang, card.deal.value),
                        owner: ds.owner_name(card.deal.owner.as_ref()).to_string(),
                        days: tf(
                            lang,
                            Key::DaysInStage,
                            &[("n", &fmt_int(lang, card.days_in_stage))],
                        ),
                        stuck: card.stuck,
                        lang,
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The board with its filters, move date and move dialog.
#[component]
pub(crate) fn Board(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    detail: RwSignal<Option<DealId>>,
) -> impl IntoView {
    let dispatch = dispatch();
    let query = RwSignal::new(ListQuery::default());
    let show_closed = RwSignal::new(false);
    let shown = RwSignal::new(HashMap::<StageId, usize>::new());
    let move_date = RwSignal::new(clock::today().to_string());
    let problem = RwSignal::new(None::<MoveError>);
    let bad_date = RwSignal::new(false);
    let drag = RwSignal::new(None::<Drag>);
    let pending = RwSignal::new(None::<Pending>);
    let log = super::work::log_call();
    let index = super::kpi_index();
    let limits = Memo::new(move |_| {
        super::with_index(index, |ix| {
            ds.with(|d| {
                crate::browser::perf::timed("kariz:stuck", || stuck_limits(d, ix, clock::today()))
            })
        })
    });
    let view_columns = Memo::new(move |_| {
        ds.with(|d| {
            limits.with(|l| {
                shown.with(|s| {
                    let (q, closed, lang) = (query.get(), show_closed.get(), lang.get());
                    crate::browser::perf::timed("kariz:board", || {
                        columns(d, &q, l, s, closed, lang)
                    })
                })
            })
        })
    });

    let run = move |id: DealId, mv: Move, date: Date| match dispatch.run(Command::MoveDeal {
        id,
        mv,
        date,
    }) {
        Ok(()) => {
            problem.set(None);
            true
        }
        Err(CommandError::Move(e)) => {
            problem.set(Some(e));
            false
        }
        Err(_) => false,
    };
    let board_date = move || {
        let date = Date::parse(&move_date.get_untracked()).ok();
        bad_date.set(date.is_none());
        date
    };
    let drop_on = move |d: Drag, target: StageId| {
        let lost = ds.with_untracked(|x| x.stage(&target).map(|s| s.kind)) == Some(StageKind::Lost);
        if lost {
            // Lost needs a reason: the dialog asks for it.
            pending.set(Some(Pending {
                id: d.id,
                title: d.title,
                from: d.from,
                to: target.0,
            }));
        } else if let Some(date) = board_date() {
            run(d.id, Move::To(target), date);
        }
    };

    let move_listener = window_event_listener(leptos::ev::pointermove, move |ev| {
        if drag.with_untracked(|d| d.is_none()) {
            return;
        }
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        drag.update(|d| {
            if let Some(d) = d {
                d.offset = (x - d.start.0, y - d.start.1);
                if !d.active && d.offset.0.hypot(d.offset.1) > 6.0 {
                    d.active = true;
                }
                if d.active {
                    d.over = stage_at(x, y);
                }
            }
        });
    });
    let up_listener = window_event_listener(leptos::ev::pointerup, move |ev| {
        let Some(mut d) = drag.get_untracked() else {
            return;
        };
        drag.set(None);
        if !d.active {
            return;
        }
        d.over = stage_at(f64::from(ev.client_x()), f64::from(ev.client_y()));
        if let Some(target) = d.over.clone().filter(|t| *t != d.from) {
            drop_on(d, target);
        }
    });
    let cancel_listener = window_event_listener(leptos::ev::pointercancel, move |_| {
        drag.set(None);
    });
    on_cleanup(move || {
        move_listener.remove();
        up_listener.remove();
        cancel_listener.remove();
    });

    let start_drag = move |ev: leptos::ev::PointerEvent, card: &CardView| {
        let target = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let on = |selector: &str| {
            target
                .as_ref()
                .and_then(|t| t.closest(selector).ok().flatten())
                .is_some()
        };
        // The Move button keeps its click (a title click opens the deal unless the pointer moved);
        // touch and pen drag from the grip so the page still scrolls.
        if ev.button() != 0
            || on(".card-move")
            || on(".card-call")
            || (ev.pointer_type() != "mouse" && !on(".grip"))
        {
            return;
        }
        drag.set(Some(Drag {
            id: card.id.clone(),
            title: card.title.clone(),
            from: card.stage.clone(),
            start: (f64::from(ev.client_x()), f64::from(ev.client_y())),
            offset: (0.0, 0.0),
            active: false,
            over: None,
        }));
    };

    let card_view = move |card: CardView| {
        let lang = card.lang;
        let id = card.id.clone();
        let dragging = {
            let id = id.clone();
            Memo::new(move |_| {
                drag.with(|d| {
                    d.as_ref()
                        .filter(|d| d.active && d.id == id)
                        .map(|d| d.offset)
                })
            })
        };
        let open_id = id.clone();
        let (call_id, key_id) = (id.clone(), id.clone());
        let pick = card.clone();
        let move_card = card.clone();
        view! {
            <li
                class="deal-card"
                class:stuck=card.stuck
                class:dragging=move || dragging.get().is_some()
                data-deal=id.0.clone()
                style:transform=move || {
                    dragging.get().map(|(x, y)| format!("translate({x}px, {y}px)"))
                }
                on:pointerdown=move |ev| start_drag(ev, &pick)
                on:keydown=move |ev| {
                    if super::work::shortcut(&ev) == Some('c') {
                        ev.prevent_default();
                        log.open(key_id.clone(), super::work::LogMode::Log);
                    }
                }
            >
                <span class="grip" aria-hidden="true">
                    "⠿"
                </span>
                <button
                    type="button"
                    class="link card-title"
                    on:click=move |_| detail.set(Some(open_id.clone()))
                >
                    {card.title.clone()}
                </button>
                <span class="company">{card.company.clone()}</span>
                <span class="meta">
                    <span class="value">{card.value.clone()}</span>
                    <span class="owner">{card.owner.clone()}</span>
                </span>
                <span class="foot">
                    <span class="age">
                        {card.days.clone()}
                        {card
                            .stuck
                            .then(|| {
                                view! {
                                    " · "
                                    <strong class="stuck-badge">{t(lang, Key::Stuck)}</strong>
                                }
                            })}
                    </span>
                    <button
                        type="button"
                        class="card-move"
                        aria-label=tf(lang, Key::MoveDeal, &[("deal", &card.title)])
                        on:click=move |_| {
                            pending
                                .set(
                                    Some(Pending {
                                        id: move_card.id.clone(),
                                        title: move_card.title.clone(),
                                        from: move_card.stage.clone(),
                                        to: String::new(),
                                    }),
                                )
                        }
                    >
                        {t(lang, Key::MoveEllipsis)}
                    </button>
                    <button
                        type="button"
                        class="card-call"
                        aria-label=tf(lang, Key::LogCallFor, &[("deal", &card.title)])
                        aria-keyshortcuts="C"
                        on:click=move |_| log.open(call_id.clone(), super::work::LogMode::Log)
                        data-testid="card-log-call"
                    >
                        {t(lang, Key::LogCall)}
                    </button>
                </span>
            </li>
        }
    };

    let column_view = move |column: ColumnView| {
        let stage = column.stage.clone();
        let over = {
            let stage = stage.clone();
            move || drag.with(|d| d.as_ref().is_some_and(|d| d.over.as_ref() == Some(&stage)))
        };
        let collapsed = column.kind != StageKind::Open && !show_closed.get_untracked();
        let heading_id = format!("column-{}", column.stage.0);
        let hidden = column.count.saturating_sub(column.cards.len());
        let more_stage = stage.clone();
        let lang = lang.get_untracked();
        view! {
            <section
                class="column"
                class:closed=column.kind != StageKind::Open
                class:collapsed=collapsed
                class:drop-target=over
                data-stage=column.stage.0.clone()
                aria-labelledby=heading_id.clone()
            >
                <h3 id=heading_id
                    .clone()>
                    {column.name.clone()} " " <span class="count" data-testid="column-count">
                        {fmt_int(lang, column.count as i64)}
                    </span>
                </h3>
                <p class="column-value">
                    {column.value.clone()}
                    {(column.stuck > 0)
                        .then(|| {
                            view! {
                                " · "
                                <span class="stuck-badge">
                                    {tf(
                                        lang,
                                        Key::StuckCount,
                                        &[("n", &fmt_int(lang, column.stuck as i64))],
                                    )}
                                </span>
                            }
                        })}
                </p>
                <ul>
                    <For
                        each=move || column.cards.clone()
                        key=|c| (c.id.clone(), c.updated_at, c.lang)
                        children=card_view
                    />
                </ul>
                {(hidden > 0 && !collapsed)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="more"
                                on:click=move |_| {
                                    shown
                                        .update(|s| {
                                            *s.entry(more_stage.clone()).or_insert(PER_COLUMN)
                                                += PER_COLUMN;
                                        })
                                }
                            >
                                {tf(
                                    lang,
                                    Key::ShowMore,
                                    &[("n", &fmt_int(lang, hidden.min(PER_COLUMN) as i64))],
                                )}
                            </button>
                        }
                    })}
            </section>
        }
    };

    view! {
        <section class="board-panel" aria-labelledby="board-title">
            <div class="section-head">
                <h2 id="board-title">{tx(lang, Key::BoardHeading)}</h2>
                <Labelled text=tx(lang, Key::MoveDate)>
                    <DateField
                        lang=lang
                        value=move_date
                        set=move |v| move_date.set(v)
                        attr:data-testid="board-move-date"
                    />
                </Labelled>
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || show_closed.get()
                        on:change=move |ev| show_closed.set(event_target_checked(&ev))
                    />
                    <span>{tx(lang, Key::ShowClosed)}</span>
                </label>
            </div>
            <FilterBar ds=ds lang=lang query=query offers=Offered::BOARD />
            <p class="muted">{tx(lang, Key::BoardHelp)} " " {tx(lang, Key::LogCardHint)}</p>
            <p class="error" role="alert" data-testid="board-error">
                {move || bad_date.get().then(|| t(lang.get(), Key::ErrDateFormat).to_string())}
                {move || problem.get().map(|p| move_problem(lang.get(), &p))}
            </p>
            <div
                class="board"
                tabindex="0"
                role="region"
                aria-label=tx(lang, Key::BoardHeading)
                data-testid="board"
                style:grid-template-columns=move || {
                    let (open, closed) = view_columns
                        .with(|c| {
                            let open = c.iter().filter(|c| c.kind == StageKind::Open).count();
                            (open, c.len() - open)
                        });
                    if show_closed.get() {
                        format!("repeat({}, minmax(220px, 1fr))", open + closed)
                    } else {
                        format!(
                            "repeat({open}, minmax(220px, 1fr)) repeat({closed}, minmax(110px, 0.5fr))",
                        )
                    }
                }
            >
                {move || view_columns.get().into_iter().map(column_view).collect_view()}
            </div>
        </section>
        <MoveDialog ds=ds lang=lang pending=pending move_date=move_date run=run />
    }
}
