//! The Today view (`#today`): what one rep (or the team) has to do today, each row loggable in
//! place, and the activity list beside it.

use super::activities::ActivityList;
use super::{log_call, shortcut, LogMode};
use crate::browser::storage;
use crate::domain::worklist::{today_list, TodayRow};
use crate::domain::{Dataset, DealId, Language, OwnerId};
use crate::i18n::{fmt_date, fmt_int, t, tf, tx, Key};
use crate::ui::clock;
use crate::ui::widgets::{Choice, DataTable, Labelled};
use leptos::prelude::*;

/// Rows shown per list at first; "show more" adds as many again.
const PER_LIST: usize = 25;

/// One formatted row of a Today list.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    id: DealId,
    title: String,
    company: String,
    owner: String,
    step: String,
    due: String,
    late: bool,
    has_step: bool,
}

fn lines(ds: &Dataset, rows: &[TodayRow], lang: Language, today: crate::domain::Date) -> Vec<Line> {
    rows.iter()
        .map(|r| {
            let late_days = r.step.map_or(0, |s| s.due.days_until(today));
            let due = r.step.map_or_else(String::new, |s| {
                let mut text = fmt_date(lang, s.due);
                if late_days > 0 {
                    text.push_str(" · ");
                    text.push_str(&tf(
                        lang,
                        Key::DaysLate,
                        &[("n", &fmt_int(lang, late_days.into()))],
                    ));
                }
                text
            });
            Line {
                id: r.deal.id.clone(),
                title: r.deal.title.clone(),
                company: r.deal.company.clone(),
                owner: ds.owner_name(r.deal.owner.as_ref()).to_string(),
                step: r.step.map(|s| s.text.clone()).unwrap_or_default(),
                due,
                late: late_days > 0,
                has_step: r.step.is_some(),
            }
        })
        .collect()
}

/// Which list of the view is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Work,
    Activities,
}

/// The Today view: the owner choice (remembered in this browser), the work lists and the
/// activity list.
#[component]
pub(crate) fn TodayView(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    detail: RwSignal<Option<DealId>>,
) -> impl IntoView {
    let owner = RwSignal::new(storage::today_owner());
    let tab = RwSignal::new(Tab::Work);
    // A remembered owner who has left the roster shows everyone's work.
    let chosen = Memo::new(move |_| {
        let o = owner.get();
        ds.with(|d| d.owners.iter().any(|x| x.id.0 == o))
            .then_some(OwnerId(o))
    });
    let lists = Memo::new(move |_| {
        let lang = lang.get();
        let today = clock::today();
        let who = chosen.get();
        ds.with(|d| {
            let l = today_list(d, who.as_ref(), today);
            [
                (
                    Key::TodayOverdue,
                    "today-overdue",
                    lines(d, &l.overdue, lang, today),
                ),
                (Key::TodayDue, "today-due", lines(d, &l.due, lang, today)),
                (
                    Key::TodayUncalled,
                    "today-uncalled",
                    lines(d, &l.uncalled, lang, today),
                ),
                (
                    Key::TodayNoStep,
                    "today-no-step",
                    lines(d, &l.no_step, lang, today),
                ),
            ]
        })
    });
    let tab_button = move |which: Tab, key: Key, testid: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                aria-selected=move || (tab.get() == which).to_string()
                class:current=move || tab.get() == which
                on:click=move |_| tab.set(which)
                data-testid=testid
            >
                {move || t(lang.get(), key)}
            </button>
        }
    };
    view! {
        <section class="today-panel" aria-labelledby="today-title">
            <div class="section-head">
                <h2 id="today-title">{tx(lang, Key::TodayHeading)}</h2>
                <Labelled text=tx(lang, Key::TodayOwner)>
                    <Choice
                        first=Signal::derive(move || t(lang.get(), Key::AllOwners).to_string())
                        options=move || {
                            ds.with(|d| {
                                d.owners
                                    .iter()
                                    .map(|o| (o.id.0.clone(), o.name.clone()))
                                    .collect::<Vec<_>>()
                            })
                        }
                        current=move || chosen.get().map(|o| o.0).unwrap_or_default()
                        set=move |v: String| {
                            storage::set_today_owner(&v);
                            owner.set(v);
                        }
                        attr:data-testid="today-owner"
                    />
                </Labelled>
            </div>
            <div class="tabs" role="tablist">
                {tab_button(Tab::Work, Key::TodayTabWork, "tab-work")}
                {tab_button(Tab::Activities, Key::TodayTabActivities, "tab-activities")}
            </div>
            {move || match tab.get() {
                Tab::Work => {
                    view! {
                        <p class="muted keys">{tx(lang, Key::TodayHint)}</p>
                        {move || {
                            lists
                                .get()
                                .into_iter()
                                .map(|(key, testid, rows)| {
                                    view! {
                                        <WorkList
                                            lang=lang
                                            detail=detail
                                            key=key
                                            testid=testid
                                            rows=rows
                                        />
                                    }
                                })
                                .collect_view()
                        }}
                    }
                        .into_any()
                }
                Tab::Activities => {
                    view! { <ActivityList ds=ds lang=lang owner=chosen /> }.into_any()
                }
            }}
        </section>
    }
}

/// One list of the Today view; each row takes `C` (log a call) and `D` (next step done).
#[component]
fn WorkList(
    lang: Memo<Language>,
    detail: RwSignal<Option<DealId>>,
    key: Key,
    testid: &'static str,
    rows: Vec<Line>,
) -> impl IntoView {
    let log = log_call();
    let shown = RwSignal::new(PER_LIST);
    let total = rows.len();
    let heading = format!("{testid}-title");
    let table_heading = heading.clone();
    let lang_now = lang.get_untracked();
    // The step columns only where a row has a step (new leads and deals without one never do).
    let steps = rows.iter().any(|l| l.has_step);
    let row_view = move |line: Line| {
        let (open_id, call_id, done_id, key_id) = (
            line.id.clone(),
            line.id.clone(),
            line.id.clone(),
            line.id.clone(),
        );
        let has_step = line.has_step;
        let keys = move |ev: leptos::ev::KeyboardEvent| match shortcut(&ev) {
            Some('c') => {
                ev.prevent_default();
                log.open(key_id.clone(), LogMode::Log);
            }
            Some('d') if has_step => {
                ev.prevent_default();
                log.open(key_id.clone(), LogMode::Complete);
            }
            _ => {}
        };
        view! {
            <tr tabindex="0" on:keydown=keys data-deal=line.id.0.clone() data-testid="today-row">
                <td>
                    <button
                        type="button"
                        class="link"
                        on:click=move |_| detail.set(Some(open_id.clone()))
                    >
                        <strong>{line.title.clone()}</strong>
                    </button>
                    <span class="company">{line.company.clone()}</span>
                    // On phones the step columns give way and the step shows here instead.
                    {steps
                        .then(|| {
                            view! {
                                <span class="step-inline" class:bad=line.late>
                                    {line.step.clone()}
                                    " · "
                                    {line.due.clone()}
                                </span>
                            }
                        })}
                </td>
                <td>{line.owner.clone()}</td>
                {steps
                    .then(|| {
                        view! {
                            <td class="step">{line.step.clone()}</td>
                            <td class="num step" class:bad=line.late>
                                {line.due.clone()}
                            </td>
                        }
                    })}
                <td class="actions">
                    <div class="row-actions">
                        <button
                            type="button"
                            aria-label=tf(lang_now, Key::LogCallFor, &[("deal", &line.title)])
                            on:click=move |_| log.open(call_id.clone(), LogMode::Log)
                            data-testid="row-log-call"
                        >
                            <kbd>"C"</kbd>
                            " "
                            {t(lang_now, Key::LogCall)}
                        </button>
                        {has_step
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        on:click=move |_| {
                                            log.open(done_id.clone(), LogMode::Complete)
                                        }
                                        data-testid="row-step-done"
                                    >
                                        <kbd>"D"</kbd>
                                        " "
                                        {t(lang_now, Key::StepDone)}
                                    </button>
                                }
                            })}
                    </div>
                </td>
            </tr>
        }
    };
    let rows = StoredValue::new(rows);
    view! {
        <section class="work-list" aria-labelledby=heading.clone() data-testid=testid>
            <h3 id=heading
                .clone()>
                {t(lang_now, key)} " " <span class="count">{fmt_int(lang_now, total as i64)}</span>
            </h3>
            {if total == 0 {
                view! { <p class="muted">{t(lang_now, Key::TodayNothing)}</p> }.into_any()
            } else {
                view! {
                    <DataTable labelled_by=table_heading.clone()>
                        <thead>
                            <tr>
                                <th scope="col">{t(lang_now, Key::ColDeal)}</th>
                                <th scope="col">{t(lang_now, Key::FieldOwner)}</th>
                                {steps
                                    .then(|| {
                                        view! {
                                            <th scope="col" class="step">
                                                {t(lang_now, Key::StepText)}
                                            </th>
                                            <th scope="col" class="step">
                                                {t(lang_now, Key::StepDue)}
                                            </th>
                                        }
                                    })}
                                <th scope="col">{t(lang_now, Key::ColActions)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                rows.with_value(|r| {
                                    r.iter().take(shown.get()).cloned().map(row_view).collect_view()
                                })
                            }}
                        </tbody>
                    </DataTable>
                    {move || {
                        let hidden = total.saturating_sub(shown.get());
                        (hidden > 0)
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="more"
                                        on:click=move |_| shown.update(|s| *s += PER_LIST)
                                    >
                                        {tf(
                                            lang_now,
                                            Key::ShowMore,
                                            &[("n", &fmt_int(lang_now, hidden.min(PER_LIST) as i64))],
                                        )}
                                    </button>
                                }
                            })
                    }}
                }
                    .into_any()
            }}
        </section>
    }
}
