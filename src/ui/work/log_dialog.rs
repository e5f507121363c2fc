//! The log dialog: a call in two keystrokes (the outcome's number, then Enter), with duration,
//! note and the next step for the rep who wants them.

use super::{LogCall, LogMode, LogRequest};
use crate::domain::command::{Command, CommandError};
use crate::domain::ops::{duration_text, ActivityDraft, ActivityError, ActivityField, StepDraft};
use crate::domain::text::normalize_digits;
use crate::domain::{
    ActivityId, ActivityKind, Dataset, Date, DateTime, Direction, KindId, Language, OutcomeId,
    OwnerId, StepId,
};
use crate::i18n::{
    activity_problem, direction_name, fmt_date, fmt_int, kind_label, localize_digits, t, tf, tx,
    Key,
};
use crate::ui::form::DateField;
use crate::ui::widgets::{Choice, Field, Modal};
use crate::ui::{clock, dispatch};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The kind choice's value for "nothing to log" (completing a step without an activity).
const NOTHING: &str = "";

/// The behaviour of the kind chosen (its id in the team's list).
fn kind_of(ds: &Dataset, value: &str) -> Option<ActivityKind> {
    ds.kind_def(value).map(|k| k.base)
}

/// Reads `HH:MM` (any digits) as minutes after midnight.
fn parse_time(text: &str) -> Option<u16> {
    let text = normalize_digits(text.trim());
    let (h, m) = text.split_once(':')?;
    let (h, m): (u16, u16) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// The dialog as typed.
#[derive(Clone, Copy)]
struct Typed {
    kind: RwSignal<String>,
    outcome: RwSignal<String>,
    duration: RwSignal<String>,
    note: RwSignal<String>,
    direction: RwSignal<String>,
    owner: RwSignal<String>,
    day: RwSignal<String>,
    time: RwSignal<String>,
    due: RwSignal<String>,
    step: RwSignal<String>,
    complete: RwSignal<bool>,
}

impl Typed {
    fn new() -> Typed {
        Typed {
            kind: RwSignal::new("call".to_string()),
            outcome: RwSignal::new(String::new()),
            duration: RwSignal::new(String::new()),
            note: RwSignal::new(String::new()),
            direction: RwSignal::new(String::new()),
            owner: RwSignal::new(String::new()),
            day: RwSignal::new(String::new()),
            time: RwSignal::new(String::new()),
            due: RwSignal::new(String::new()),
            step: RwSignal::new(String::new()),
            complete: RwSignal::new(false),
        }
    }

    /// Fills the fields for a request: an activity's own values when editing, else a fresh
    /// outbound call by the deal's owner.
    fn reset(self, ds: &Dataset, req: &LogRequest) {
        let deal = req.deal.as_ref().and_then(|d| ds.deal(d));
        let edited = match &req.mode {
            LogMode::Edit(id) => ds.activities.iter().find(|a| &a.id == id),
            _ => None,
        };
        let kind = match (&req.mode, edited) {
            (_, Some(a)) => a.team_kind(),
            (LogMode::Step, _) => NOTHING,
            _ => "call",
        };
        self.kind.set(kind.to_string());
        self.outcome.set(
            edited
                .and_then(|a| a.outcome.clone())
                .map(|o| o.0)
                .unwrap_or_default(),
        );
        self.duration
            .set(edited.map(|a| duration_text(a.seconds)).unwrap_or_default());
        self.note
            .set(edited.map(|a| a.note.clone()).unwrap_or_default());
        let inbound = edited.is_some_and(|a| a.direction == Direction::Inbound);
        self.direction
            .set(if inbound { "in" } else { "out" }.to_string());
        let owner = edited
            .map(|a| a.owner.clone())
            .unwrap_or_else(|| deal.and_then(|d| d.owner.clone()));
        self.owner.set(owner.map(|o| o.0).unwrap_or_default());
        let at = edited.map_or_else(
            || DateTime::new(clock::today(), clock::local_minute()),
            |a| a.at,
        );
        self.day.set(at.date.to_string());
        self.time
            .set(format!("{:02}:{:02}", at.minute / 60, at.minute % 60));
        self.due.set(String::new());
        self.step.set(String::new());
        // Logging a call on a deal whose step is due: the call was most likely that step.
        let due_now = deal
            .and_then(|d| ds.open_step(&d.id))
            .is_some_and(|s| s.due <= clock::today());
        self.complete
            .set(req.mode == LogMode::Complete || (req.mode == LogMode::Log && due_now));
    }
}

/// The app's one log dialog, opened through [`LogCall`].
#[component]
pub(crate) fn LogDialog(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let dispatch = dispatch();
    let request = expect_context::<LogCall>().0;
    let typed = Typed::new();
    let errors = RwSignal::new(Vec::<ActivityError>::new());
    let bad_day = RwSignal::new(false);
    let bad_time = RwSignal::new(false);
    let mode = move || request.with(|r| r.as_ref().map(|r| r.mode.clone()));
    let editing = move || matches!(mode(), Some(LogMode::Edit(_)));
    let step_only = move || mode() == Some(LogMode::Step);
    let outcomes = Memo::new(move |_| {
        ds.with(|d| {
            d.call_outcomes
                .iter()
                .map(|o| (o.id.0.clone(), o.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let base = move || typed.kind.with(|k| ds.with(|d| kind_of(d, k)));
    let is_call = move || base() == Some(ActivityKind::Call);
    let timed = move || matches!(base(), Some(ActivityKind::Call | ActivityKind::Meeting));
    let logs = move || typed.kind.with(|k| !k.is_empty());
    let deal_title = move || {
        request.with(|r| {
            r.as_ref()
                .and_then(|r| r.deal.as_ref())
                .and_then(|id| ds.with(|d| d.deal(id).map(|d| d.title.clone())))
                .unwrap_or_default()
        })
    };
    let open_step = move || {
        request.with(|r| {
            r.as_ref()
                .and_then(|r| r.deal.as_ref())
                .and_then(|id| ds.with(|d| d.open_step(id).map(|s| (s.text.clone(), s.due))))
        })
    };
    let problem = move |field: ActivityField| {
        move || {
            errors.with(|e| {
                e.iter().find(|e| e.field == field).map(|e| {
                    let n = if field == ActivityField::Outcome {
                        outcomes.with(Vec::len).min(9)
                    } else {
                        0
                    };
                    activity_problem(lang.get(), &e.problem, n)
                })
            })
        }
    };

    let save = move || {
        let Some(req) = request.get_untracked() else {
            return;
        };
        let kind_id = typed.kind.get_untracked();
        // A kind removed meanwhile goes to the check, which names it on the kind field.
        let kind = (!kind_id.is_empty()).then(|| {
            ds.with_untracked(|d| kind_of(d, &kind_id))
                .unwrap_or_default()
        });
        let at = if matches!(req.mode, LogMode::Edit(_)) {
            let day = Date::parse(&typed.day.get_untracked()).ok();
            let minute = parse_time(&typed.time.get_untracked());
            bad_day.set(day.is_none());
            bad_time.set(minute.is_none());
            match (day, minute) {
                (Some(d), Some(m)) => Some(DateTime::new(d, m)),
                _ => return,
            }
        } else {
            None
        };
        let owner = typed.owner.get_untracked();
        let outcome = typed.outcome.get_untracked();
        let draft = kind.map(|kind| ActivityDraft {
            kind,
            kind_id: Some(KindId(kind_id)),
            deal: req.deal.clone(),
            owner: (!owner.is_empty()).then_some(OwnerId(owner)),
            outcome: (!outcome.is_empty()).then_some(OutcomeId(outcome)),
            direction: if typed.direction.get_untracked() == "in" {
                Direction::Inbound
            } else {
                Direction::Outbound
            },
            duration: typed.duration.get_untracked(),
            note: typed.note.get_untracked(),
            at,
        });
        let (due, text) = (typed.due.get_untracked(), typed.step.get_untracked());
        let next = (!due.trim().is_empty() || !text.trim().is_empty() || req.mode == LogMode::Step)
            .then(|| (StepId(clock::new_short_id()), StepDraft { due, text }));
        let new_id = || ActivityId(clock::new_short_id());
        let complete = typed.complete.get_untracked();
        let command = match (req.mode, req.deal) {
            (LogMode::Edit(id), _) => match draft {
                Some(draft) => Command::UpdateActivity { id, draft },
                None => return,
            },
            (LogMode::Step, Some(deal)) => match next {
                Some((id, draft)) => Command::SetNextStep { deal, id, draft },
                None => return,
            },
            (LogMode::Complete | LogMode::Log, Some(deal))
                if complete && ds.with_untracked(|d| d.open_step(&deal).is_some()) =>
            {
                Command::CompleteNextStep {
                    deal,
                    log: draft.map(|d| (new_id(), d)),
                    next,
                }
            }
            (_, _) => match draft {
                Some(draft) => Command::LogActivity {
                    id: new_id(),
                    draft,
                    next,
                },
                None => return,
            },
        };
        match dispatch.run(command) {
            Ok(()) => {
                errors.set(Vec::new());
                request.set(None);
            }
            Err(CommandError::Activity(problems)) => errors.set(problems),
            Err(_) => {
                errors.set(Vec::new());
                request.set(None);
            }
        }
    };
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let kind_of_input = target.get_attribute("type").unwrap_or_default();
        let tag = target.tag_name();
        let choosing = tag == "INPUT" && matches!(kind_of_input.as_str(), "radio" | "checkbox");
        let typing = !choosing && matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA");
        let code = ev.code();
        // The outcome by its number, from anywhere but a text field.
        let digit = code
            .strip_prefix("Digit")
            .or_else(|| code.strip_prefix("Numpad"))
            .and_then(|d| d.parse::<usize>().ok());
        if let Some(n) = digit.filter(|n| *n >= 1 && !typing) {
            if is_call() {
                if let Some((id, _)) = outcomes.with(|o| o.get(n - 1).cloned()) {
                    ev.prevent_default();
                    typed.outcome.set(id);
                }
            }
        } else if ev.key() == "Enter" && choosing {
            // Enter saves from the outcome choice too, not only from a text field.
            ev.prevent_default();
            save();
        }
    };
    let reset = move |_| {
        errors.set(Vec::new());
        bad_day.set(false);
        bad_time.set(false);
        if let Some(req) = request.get_untracked() {
            ds.with_untracked(|d| typed.reset(d, &req));
        }
        // The outcome first: its number is the first keystroke (the fields render a frame later).
        request_animation_frame(|| {
            let first = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector(".log-dialog input[name=log-outcome]:checked, .log-dialog input[name=log-outcome]")
                        .ok()
                        .flatten()
                })
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(el) = first {
                // Focus fails only on a detached element; the dialog then keeps its own focus.
                let _ = el.focus();
            }
        });
    };
    let title = move || {
        let lang = lang.get();
        let deal = deal_title();
        match mode() {
            Some(LogMode::Edit(_)) => t(lang, Key::EditActivity).to_string(),
            Some(LogMode::Complete) => tf(lang, Key::CompleteStepFor, &[("deal", &deal)]),
            Some(LogMode::Step) => format!("{}: {deal}", t(lang, Key::SetNextStep)),
            _ if is_call() => tf(lang, Key::LogCallFor, &[("deal", &deal)]),
            _ => tf(lang, Key::LogActivityFor, &[("deal", &deal)]),
        }
    };
    let kind_options = move || {
        let lang = lang.get();
        // Completing a step may log nothing (the step was done elsewhere).
        let nothing =
            (mode() == Some(LogMode::Complete)).then(|| (NOTHING.to_string(), "—".to_string()));
        nothing
            .into_iter()
            .chain(ds.with(|d| {
                // Hidden kinds are left out, except the one an edited activity has.
                let current = typed.kind.get();
                d.kinds_in_order()
                    .into_iter()
                    .filter(|k| !k.hidden || k.id.0 == current)
                    .map(|k| (k.id.0.clone(), kind_label(lang, k)))
                    .collect::<Vec<_>>()
            }))
            .collect::<Vec<_>>()
    };
    let outcome_view = move || {
        let lang = lang.get();
        outcomes
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, (id, name))| {
                let value = id.clone();
                let checked = move || typed.outcome.with(|o| *o == id);
                let key = (i < 9).then(|| localize_digits(lang, &(i + 1).to_string()));
                view! {
                    <label class="outcome" data-testid="log-outcome">
                        <input
                            type="radio"
                            name="log-outcome"
                            value=value.clone()
                            prop:checked=checked
                            on:change=move |_| typed.outcome.set(value.clone())
                        />
                        {key.map(|k| view! { <kbd>{k}</kbd> })}
                        <span>{name}</span>
                    </label>
                }
            })
            .collect_view()
    };
    let direction_options = move || {
        let lang = lang.get();
        vec![
            (
                "out".to_string(),
                direction_name(lang, Direction::Outbound).to_string(),
            ),
            (
                "in".to_string(),
                direction_name(lang, Direction::Inbound).to_string(),
            ),
        ]
    };
    view! {
        <Modal
            open=move || request.with(|r| r.is_some())
            on_open=reset
            on_close=move |_| request.set(None)
            labelled_by="log-title"
            class="log-dialog"
            testid="log-dialog"
        >
            <form
                on:submit=move |ev| {
                    ev.prevent_default();
                    save();
                }
                on:keydown=keys
                novalidate
            >
                <h2 id="log-title">{title}</h2>
                <Show when=move || !step_only()>
                    <Show when=is_call>
                        <fieldset
                            class="outcomes"
                            aria-describedby="log-outcome-error"
                            data-testid="log-outcomes"
                        >
                            <legend>{tx(lang, Key::ActOutcome)}</legend>
                            {outcome_view}
                            <p class="error" id="log-outcome-error">
                                {problem(ActivityField::Outcome)}
                            </p>
                        </fieldset>
                    </Show>
                    <div class="grid">
                        <Field
                            id="log-kind"
                            label=tx(lang, Key::ActKind)
                            error=Signal::derive(problem(ActivityField::Kind))
                        >
                            <Choice
                                options=kind_options
                                current=typed.kind
                                set=move |v| typed.kind.set(v)
                                attr:data-testid="log-kind"
                            />
                        </Field>
                        <Show when=timed>
                            <Field
                                id="log-duration"
                                label=tx(lang, Key::ActDuration)
                                error=Signal::derive(problem(ActivityField::Duration))
                                bind=typed.duration
                                inputmode="decimal"
                            />
                        </Show>
                        <Show when=logs>
                            <Field id="log-direction" label=tx(lang, Key::ActDirection)>
                                <Choice
                                    options=direction_options
                                    current=typed.direction
                                    set=move |v| typed.direction.set(v)
                                />
                            </Field>
                            <Field
                                id="log-owner"
                                label=tx(lang, Key::ActBy)
                                error=Signal::derive(problem(ActivityField::Owner))
                            >
                                <Choice
                                    first="—"
                                    options=move || {
                                        ds.with(|d| {
                                            d.owners
                                                .iter()
                                                .map(|o| (o.id.0.clone(), o.name.clone()))
                                                .collect::<Vec<_>>()
                                        })
                                    }
                                    current=typed.owner
                                    set=move |v| typed.owner.set(v)
                                />
                            </Field>
                            <Field
                                id="log-note"
                                class="wide"
                                label=tx(lang, Key::ActNote)
                                error=Signal::derive(problem(ActivityField::Note))
                                bind=typed.note
                            />
                        </Show>
                        <Show when=editing>
                            <Field
                                id="log-day"
                                label=tx(lang, Key::ActDay)
                                error=Signal::derive(move || {
                                    bad_day
                                        .get()
                                        .then(|| t(lang.get(), Key::ErrDateFormat).to_string())
                                        .or_else(problem(ActivityField::When))
                                })
                            >
                                <DateField
                                    lang=lang
                                    value=typed.day
                                    set=move |v| typed.day.set(v)
                                />
                            </Field>
                            <Field
                                id="log-time"
                                label=tx(lang, Key::ActTime)
                                error=Signal::derive(move || {
                                    bad_time
                                        .get()
                                        .then(|| t(lang.get(), Key::ActErrTime).to_string())
                                })
                                bind=typed.time
                                inputmode="numeric"
                            />
                        </Show>
                    </div>
                </Show>
                <Show when=move || {
                    !editing()
                }>
                    {move || {
                        open_step()
                            .map(|(text, due)| {
                                view! {
                                    <label class="check step-done">
                                        <input
                                            type="checkbox"
                                            prop:checked=move || typed.complete.get()
                                            on:change=move |ev| {
                                                typed.complete.set(event_target_checked(&ev))
                                            }
                                            data-testid="log-complete"
                                        />
                                        <span>
                                            {tx(lang, Key::StepMarkDone)} " — "
                                            {tf(
                                                lang.get_untracked(),
                                                Key::StepCurrent,
                                                &[
                                                    ("text", &text),
                                                    ("date", &fmt_date(lang.get_untracked(), due)),
                                                ],
                                            )}
                                        </span>
                                    </label>
                                }
                            })
                    }} <div class="grid next-step">
                        <Field
                            id="log-due"
                            label=tx(lang, Key::StepDue)
                            error=Signal::derive(problem(ActivityField::StepDue))
                        >
                            <DateField
                                lang=lang
                                value=typed.due
                                set=move |v| typed.due.set(v)
                                attr:data-testid="log-due"
                            />
                        </Field>
                        <Field
                            id="log-step"
                            label=tx(lang, Key::StepText)
                            error=Signal::derive(problem(ActivityField::StepText))
                            bind=typed.step
                        />
                    </div> <Show when=move || !step_only()>
                        <p class="muted">{tx(lang, Key::StepLeaveEmpty)}</p>
                    </Show>
                </Show>
                <p class="error" role="alert">
                    {problem(ActivityField::Deal)}
                </p>
                <div class="buttons">
                    <button type="submit" class="primary" data-testid="log-save">
                        {tx(lang, Key::LogSave)}
                    </button>
                    <button type="button" on:click=move |_| request.set(None)>
                        {tx(lang, Key::Cancel)}
                    </button>
                </div>
                <p class="muted keys">
                    {move || {
                        tf(
                            lang.get(),
                            Key::LogKeysHint,
                            &[("n", &fmt_int(lang.get(), outcomes.with(Vec::len).min(9) as i64))],
                        )
                    }}
                </p>
            </form>
        </Modal>
    }
}
