//! The deal panel's timeline: the next step with "done", then stage changes and activities
//! together, newest first.

use super::{log_call, shortcut, LogMode};
use crate::domain::worklist::{timeline, Moment};
use crate::domain::{Activity, Dataset, DealId, Language};
use crate::i18n::{activity_kind_label, fmt_date, localize_digits, t, tf, tx, Key};
use crate::ui::clock;
use leptos::prelude::*;

/// "3:20" in the user's digits, or nothing for no duration.
pub(super) fn duration(lang: Language, seconds: u32) -> String {
    if seconds == 0 {
        return String::new();
    }
    localize_digits(lang, &crate::domain::ops::duration_text(seconds))
}

/// A local moment as "date HH:MM" in the user's calendar and digits.
pub(super) fn moment(lang: Language, at: crate::domain::DateTime) -> String {
    let time = format!("{:02}:{:02}", at.minute / 60, at.minute % 60);
    format!(
        "{} {}",
        fmt_date(lang, at.date),
        localize_digits(lang, &time)
    )
}

/// One activity in words: kind, outcome, duration and note.
pub(super) fn activity_line(ds: &Dataset, lang: Language, a: &Activity) -> String {
    let mut parts = vec![activity_kind_label(lang, ds, a)];
    if let Some(o) = &a.outcome {
        let name = ds.call_outcomes.iter().find(|x| &x.id == o);
        parts.push(name.map_or_else(|| o.0.clone(), |x| x.name.clone()));
    }
    let d = duration(lang, a.seconds);
    if !d.is_empty() {
        parts.push(d);
    }
    let owner = ds.owner_name(a.owner.as_ref());
    if !owner.is_empty() {
        parts.push(owner.to_string());
    }
    let mut line = parts.join(" · ");
    if !a.note.is_empty() {
        line.push_str(" — ");
        line.push_str(&a.note);
    }
    line
}

/// The timeline of one deal, with its next step and the buttons that log work on it.
#[component]
pub(crate) fn Timeline(ds: ReadSignal<Dataset>, lang: Memo<Language>, id: DealId) -> impl IntoView {
    let log = log_call();
    let step = {
        let id = id.clone();
        Memo::new(move |_| ds.with(|d| d.open_step(&id).cloned()))
    };
    let entries = {
        let id = id.clone();
        move || {
            let lang = lang.get();
            ds.with(|d| {
                timeline(d, &id)
                    .into_iter()
                    .map(|m| match m {
                        Moment::Stage(e) => {
                            let stage = d
                                .stage(&e.stage)
                                .map(|s| s.name.clone())
                                .unwrap_or_default();
                            view! {
                                <li class="moment stage" data-testid="timeline-stage">
                                    <span class="when">{fmt_date(lang, e.date)}</span>
                                    <span>
                                        {tf(lang, Key::TimelineEntered, &[("stage", &stage)])}
                                    </span>
                                </li>
                            }
                            .into_any()
                        }
                        Moment::Activity(a) => view! {
                            <li class="moment activity" data-testid="timeline-activity">
                                <span class="when">{moment(lang, a.at)}</span>
                                <span>{activity_line(d, lang, a)}</span>
                            </li>
                        }
                        .into_any(),
                    })
                    .collect_view()
            })
        }
    };
    let (log_id, done_id, set_id, key_id) = (id.clone(), id.clone(), id.clone(), id.clone());
    let keys = move |ev: leptos::ev::KeyboardEvent| match shortcut(&ev) {
        Some('c') => {
            ev.prevent_default();
            log.open(key_id.clone(), LogMode::Log);
        }
        Some('d') if ds.with_untracked(|d| d.open_step(&key_id).is_some()) => {
            ev.prevent_default();
            log.open(key_id.clone(), LogMode::Complete);
        }
        _ => {}
    };
    view! {
        <section class="work-timeline" aria-labelledby="timeline-title" on:keydown=keys>
            <h2 id="timeline-title">{tx(lang, Key::TimelineHeading)}</h2>
            <div class="next-step-box" data-testid="next-step">
                <h3>{tx(lang, Key::NextStepHeading)}</h3>
                {move || {
                    let lang = lang.get();
                    match step.get() {
                        Some(s) => {
                            let late = s.due < clock::today();
                            view! {
                                <p>
                                    <strong>{s.text.clone()}</strong>
                                    " · "
                                    <span class:bad=late>
                                        {tf(
                                            lang,
                                            Key::StepDueOn,
                                            &[("date", &fmt_date(lang, s.due))],
                                        )} {late.then(|| format!(" ({})", t(lang, Key::Overdue)))}
                                    </span>
                                </p>
                            }
                                .into_any()
                        }
                        None => view! { <p class="muted">{t(lang, Key::NoNextStep)}</p> }.into_any(),
                    }
                }}
                <div class="buttons">
                    <button
                        type="button"
                        class="primary"
                        on:click=move |_| log.open(log_id.clone(), LogMode::Log)
                        data-testid="panel-log-call"
                    >
                        <kbd>"C"</kbd>
                        " "
                        {tx(lang, Key::LogCall)}
                    </button>
                    <Show when=move || step.with(Option::is_some)>
                        <button
                            type="button"
                            on:click={
                                let id = done_id.clone();
                                move |_| log.open(id.clone(), LogMode::Complete)
                            }
                            data-testid="step-done"
                        >
                            <kbd>"D"</kbd>
                            " "
                            {tx(lang, Key::StepDone)}
                        </button>
                    </Show>
                    <button
                        type="button"
                        on:click=move |_| log.open(set_id.clone(), LogMode::Step)
                        data-testid="set-step"
                    >
                        {tx(lang, Key::SetNextStep)}
                    </button>
                </div>
            </div>
            <ol class="moments" data-testid="timeline">
                {entries}
            </ol>
            <p class="muted">
                {move || {
                    let n = ds
                        .with(|d| {
                            d.activities.iter().filter(|a| a.deal.as_ref() == Some(&id)).count()
                        });
                    (n == 0).then(|| t(lang.get(), Key::TimelineEmpty))
                }}
            </p>
        </section>
    }
}
