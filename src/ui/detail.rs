//! The deal panel: every field editable, and the stage history as an editable timeline.

use super::form::DateField;
use super::widgets::{stage_options, text_options, Choice, Field, Modal};
use super::{clock, dispatch, form::DealForm};
use crate::domain::command::{Command, CommandError};
use crate::domain::ops::{HistoryError, HistoryProblem};
use crate::domain::{Dataset, Date, DealId, Language, StageEvent, StageId, StageKind};
use crate::i18n::{fmt_date, fmt_int, history_problem, t, tf, tx, Key};
use leptos::prelude::*;

/// One row of the timeline as typed: the stage id and the date text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Row {
    key: u32,
    stage: String,
    date: String,
}

/// The modal deal panel; open while `detail` holds a deal id.
#[component]
pub(crate) fn DealDetail(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    detail: RwSignal<Option<DealId>>,
) -> impl IntoView {
    let open = Signal::derive(move || detail.with(|d| d.is_some()));
    view! {
        <Modal
            open=open
            on_close=move |_| detail.set(None)
            labelled_by="edit-form-title"
            class="deal-detail"
            testid="deal-detail"
        >
            <Show when=move || open.get()>
                <DealForm ds=ds lang=lang editing=detail prefix="edit" open_deal=detail />
                {move || {
                    detail
                        .get()
                        .map(|id| {
                            view! {
                                <Contact ds=ds lang=lang id=id.clone() />
                                <super::work::Timeline ds=ds lang=lang id=id.clone() />
                                <History ds=ds lang=lang id=id />
                            }
                        })
                }}
            </Show>
        </Modal>
    }
}

/// The deal's phone and email as links (call from a phone, write from the mail app), above the
/// timeline; nothing while the deal has neither.
#[component]
fn Contact(ds: ReadSignal<Dataset>, lang: Memo<Language>, id: DealId) -> impl IntoView {
    let contact = Memo::new(move |_| {
        ds.with(|d| {
            d.deal(&id)
                .map(|deal| (deal.phone.trim().to_string(), deal.email.trim().to_string()))
                .unwrap_or_default()
        })
    });
    move || {
        let (phone, email) = contact.get();
        let lang = lang.get();
        (!phone.is_empty() || !email.is_empty()).then(|| {
            let tel =
                crate::domain::phone::normalize_phone(&phone).unwrap_or_else(|| phone.clone());
            view! {
                <p class="contact" data-testid="deal-contact">
                    {(!phone.is_empty())
                        .then(|| {
                            view! {
                                <span>
                                    {t(lang, Key::FieldPhone)} ": "
                                    <a href=format!("tel:{tel}") dir="ltr" data-testid="deal-phone">
                                        {phone.clone()}
                                    </a>
                                </span>
                            }
                        })}
                    " "
                    {(!email.is_empty())
                        .then(|| {
                            view! {
                                <span>
                                    {t(lang, Key::FieldEmail)} ": "
                                    <a
                                        href=format!("mailto:{email}")
                                        dir="ltr"
                                        data-testid="deal-email"
                                    >
                                        {email.clone()}
                                    </a>
                                </span>
                            }
                        })}
                </p>
            }
        })
    }
}

/// The editable stage timeline of one deal, with the lost reason when it ends lost.
#[component]
fn History(ds: ReadSignal<Dataset>, lang: Memo<Language>, id: DealId) -> impl IntoView {
    let dispatch = dispatch();
    let next_key = StoredValue::new(0u32);
    let fresh_key = move || {
        next_key.update_value(|k| *k += 1);
        next_key.get_value()
    };
    let (initial, first_contact, reason0, note0) = ds.with_untracked(|d| {
        d.deal(&id)
            .map_or((Vec::new(), None, String::new(), String::new()), |deal| {
                (
                    deal.events.clone(),
                    Some(deal.first_contact),
                    deal.lost_reason.clone().unwrap_or_default(),
                    deal.lost_note.clone(),
                )
            })
    });
    let rows = RwSignal::new(
        initial
            .iter()
            .map(|e| Row {
                key: fresh_key(),
                stage: e.stage.0.clone(),
                date: e.date.to_string(),
            })
            .collect::<Vec<_>>(),
    );
    let reason = RwSignal::new(reason0);
    let note = RwSignal::new(note0);
    let errors = RwSignal::new(Vec::<HistoryError>::new());
    let bad_dates = RwSignal::new(Vec::<u32>::new());
    let ends_lost = move || {
        rows.with(|r| {
            r.last()
                .and_then(|row| ds.with(|d| d.stage(&StageId(row.stage.clone())).map(|s| s.kind)))
        }) == Some(StageKind::Lost)
    };

    let save = {
        let id = id.clone();
        // (the timeline's list of earlier losses keeps `id`)
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let typed = rows.get_untracked();
            let unreadable: Vec<u32> = typed
                .iter()
                .filter(|r| Date::parse(&r.date).is_err())
                .map(|r| r.key)
                .collect();
            bad_dates.set(unreadable.clone());
            if !unreadable.is_empty() {
                errors.set(Vec::new());
                dispatch.say(Key::FixErrors, vec![]);
                return;
            }
            let events: Vec<StageEvent> = typed
                .iter()
                .filter_map(|r| {
                    Date::parse(&r.date).ok().map(|date| StageEvent {
                        stage: StageId(r.stage.clone()),
                        date,
                    })
                })
                .collect();
            let lost = (reason.get_untracked(), note.get_untracked());
            match dispatch.run(Command::SetHistory {
                id: id.clone(),
                events,
                lost,
            }) {
                Ok(()) => errors.set(Vec::new()),
                Err(CommandError::History(problems)) => {
                    errors.set(problems);
                    dispatch.say(Key::FixErrors, vec![]);
                }
                Err(_) => {}
            }
        }
    };
    let add = move |_| {
        let today = clock::today().to_string();
        let stage = ds.with_untracked(|d| {
            d.stages
                .iter()
                .find(|s| s.kind == StageKind::Open)
                .map(|s| s.id.0.clone())
                .unwrap_or_default()
        });
        rows.update(|r| {
            r.push(Row {
                key: fresh_key(),
                stage,
                date: today,
            })
        });
    };

    let row_view = move |(index, row): (usize, Row)| {
        let key = row.key;
        let message = move || {
            let lang = lang.get();
            let mut text: Vec<String> = errors.with(|errs| {
                errs.iter()
                    .filter(|e| e.index == index && e.problem != HistoryProblem::ReasonRequired)
                    .map(|e| history_problem(lang, &e.problem))
                    .collect()
            });
            if bad_dates.with(|b| b.contains(&key)) {
                text.push(t(lang, Key::ErrDateFormat).to_string());
            }
            text.join(" ")
        };
        let stage_id = format!("event-{key}-stage");
        let date_id = format!("event-{key}-date");
        let error_id = format!("event-{key}-error");
        let invalid = move || !message().is_empty();
        // Days spent in this stage: until the next event, or until today for the current one.
        let dwell = move || {
            rows.with(|r| {
                let here = r.iter().position(|x| x.key == key)?;
                let start = Date::parse(&r[here].date).ok()?;
                let end = match r.get(here + 1) {
                    Some(next) => Date::parse(&next.date).ok()?,
                    None => clock::today(),
                };
                let days = start.days_until(end);
                (days >= 0).then(|| {
                    tf(
                        lang.get(),
                        Key::DaysInStage,
                        &[("n", &fmt_int(lang.get(), days.into()))],
                    )
                })
            })
        };
        view! {
            <li class="event" class:invalid=invalid data-testid="history-event">
                <span class="dot" aria-hidden="true"></span>
                <label for=stage_id.clone() class="visually-hidden">
                    {move || tf(
                        lang.get(),
                        Key::EventStage,
                        &[("n", &fmt_int(lang.get(), index as i64 + 1))],
                    )}
                </label>
                <Choice
                    options=move || ds.with(|d| stage_options(d, |_| true))
                    current=row.stage.clone()
                    set=move |v: String| {
                        rows.update(|r| {
                            if let Some(x) = r.iter_mut().find(|x| x.key == key) {
                                x.stage = v;
                            }
                        })
                    }
                    attr:id=stage_id
                    attr:aria-describedby=error_id.clone()
                />
                <label for=date_id.clone() class="visually-hidden">
                    {move || tf(
                        lang.get(),
                        Key::EventDate,
                        &[("n", &fmt_int(lang.get(), index as i64 + 1))],
                    )}
                </label>
                <DateField
                    lang=lang
                    value=row.date.clone()
                    set=move |v: String| {
                        rows.update(|r| {
                            if let Some(x) = r.iter_mut().find(|x| x.key == key) {
                                x.date = v;
                            }
                        })
                    }
                    attr:id=date_id
                    attr:aria-invalid=move || invalid().to_string()
                    attr:aria-describedby=error_id.clone()
                />
                <button
                    type="button"
                    class="danger"
                    aria-label=move || tf(
                        lang.get(),
                        Key::RemoveEvent,
                        &[("n", &fmt_int(lang.get(), index as i64 + 1))],
                    )
                    on:click=move |_| rows.update(|r| r.retain(|x| x.key != key))
                >
                    "✕"
                </button>
                <span class="dwell">{dwell}</span>
                <p class="error" id=error_id>
                    {message}
                </p>
            </li>
        }
    };

    // Why the deal was lost before it was reopened: reopening keeps these (`Dataset::past_losses`).
    let past_losses = move || {
        let lang = lang.get();
        ds.with(|d| {
            d.past_losses_of(&id)
                .into_iter()
                .map(|p| {
                    let mut text = tf(
                        lang,
                        Key::PastLoss,
                        &[("date", &fmt_date(lang, p.date)), ("reason", &p.reason)],
                    );
                    if !p.note.is_empty() {
                        text.push_str(" — ");
                        text.push_str(&p.note);
                    }
                    view! { <li>{text}</li> }
                })
                .collect_view()
        })
    };
    let numbered = move || {
        rows.get()
            .into_iter()
            .enumerate()
            .collect::<Vec<(usize, Row)>>()
    };
    view! {
        <section class="history" aria-labelledby="history-title">
            <h2 id="history-title">{tx(lang, Key::HistoryHeading)}</h2>
            <p class="muted">
                {move || {
                    first_contact
                        .map(|d| tf(
                            lang.get(),
                            Key::HistoryHelp,
                            &[("date", &fmt_date(lang.get(), d))],
                        ))
                }}
            </p>
            <form on:submit=save novalidate data-testid="history-form">
                <ol class="timeline">
                    <For each=numbered key=|pair| (pair.0, pair.1.key) children=row_view />
                </ol>
                <ul class="past-losses" data-testid="past-losses">
                    {past_losses}
                </ul>
                <p class="error" role="alert">
                    {move || {
                        errors
                            .with(|e| {
                                e.iter()
                                    .find(|e| e.problem == HistoryProblem::Empty)
                                    .map(|e| history_problem(lang.get(), &e.problem))
                            })
                    }}
                </p>
                <Show when=ends_lost>
                    <div class="grid">
                        <Field
                            id="history-reason"
                            label=tx(lang, Key::LostReason)
                            error=move || {
                                errors
                                    .with(|e| {
                                        e.iter()
                                            .any(|e| e.problem == HistoryProblem::ReasonRequired)
                                            .then(|| history_problem(
                                                lang.get(),
                                                &HistoryProblem::ReasonRequired,
                                            ))
                                    })
                            }
                        >
                            <Choice
                                first="—"
                                current=reason
                                set=move |v| reason.set(v)
                                options=move || {
                                    ds.with(|d| {
                                        let mut reasons = d.settings.lost_reasons.clone();
                                        let current = reason.get_untracked();
                                        if !current.is_empty() && !reasons.contains(&current) {
                                            reasons.push(current);
                                        }
                                        text_options(&reasons)
                                    })
                                }
                            />
                        </Field>
                        <Field id="history-note" label=tx(lang, Key::LostNote) bind=note />
                    </div>
                </Show>
                <div class="buttons">
                    <button type="button" on:click=add data-testid="add-event">
                        {tx(lang, Key::AddEvent)}
                    </button>
                    <button type="submit" class="primary" data-testid="save-history">
                        {tx(lang, Key::SaveHistory)}
                    </button>
                </div>
            </form>
        </section>
    }
}
