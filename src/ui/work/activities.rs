//! The activity list: filters (kind, outcome, period; the owner is the Today view's), edit in
//! the log dialog, and bulk delete with undo.

use super::timeline::{duration, moment};
use super::{log_call, LogMode, LogRequest};
use crate::domain::command::Command;
use crate::domain::worklist::{list_activities, ActivityFilter};
use crate::domain::{ActivityId, Dataset, KindId, Language, OutcomeId, OwnerId};
use crate::i18n::{activity_kind_label, fmt_int, kind_label, t, tf, tx, Key};
use crate::ui::widgets::{Choice, DataTable, Labelled};
use crate::ui::{clock, dispatch};
use leptos::prelude::*;
use std::collections::HashSet;

/// Rows shown at first; "show more" adds as many again.
const PAGE: usize = 100;

/// One formatted row.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    id: ActivityId,
    deal: Option<crate::domain::DealId>,
    when: String,
    title: String,
    kind: String,
    outcome: String,
    duration: String,
    owner: String,
    note: String,
}

/// The list with its filters; `owner` is the owner chosen on the page (none: everyone).
#[component]
pub(super) fn ActivityList(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    owner: Memo<Option<OwnerId>>,
) -> impl IntoView {
    let dispatch = dispatch();
    let log = log_call();
    let kind = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    let period = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    let selected = RwSignal::new(HashSet::<ActivityId>::new());
    let filter = Memo::new(move |_| {
        let today = clock::today();
        let from = match period.get().as_str() {
            "today" => Some(today),
            "7" => Some(today.add_days(-6)),
            "30" => Some(today.add_days(-29)),
            _ => None,
        };
        ActivityFilter {
            owner: owner.get(),
            kind: Some(kind.get()).filter(|k| !k.is_empty()).map(KindId),
            outcome: Some(outcome.get()).filter(|o| !o.is_empty()).map(OutcomeId),
            from,
            to: None,
        }
    });
    let lines = Memo::new(move |_| {
        let lang = lang.get();
        let f = filter.get();
        ds.with(|d| {
            list_activities(d, &f)
                .into_iter()
                .map(|a| Line {
                    id: a.id.clone(),
                    deal: a.deal.clone(),
                    when: moment(lang, a.at),
                    title: a
                        .deal
                        .as_ref()
                        .and_then(|id| d.deal(id))
                        .map(|x| x.title.clone())
                        .unwrap_or_default(),
                    kind: activity_kind_label(lang, d, a),
                    outcome: a
                        .outcome
                        .as_ref()
                        .map(|o| {
                            d.call_outcomes
                                .iter()
                                .find(|x| &x.id == o)
                                .map_or_else(|| o.0.clone(), |x| x.name.clone())
                        })
                        .unwrap_or_default(),
                    duration: duration(lang, a.seconds),
                    owner: d.owner_name(a.owner.as_ref()).to_string(),
                    note: a.note.clone(),
                })
                .collect::<Vec<_>>()
        })
    });
    let shown_ids = move || {
        lines.with(|l| {
            l.iter()
                .take(shown.get())
                .map(|x| x.id.clone())
                .collect::<Vec<_>>()
        })
    };
    let all_checked = move || {
        let ids = shown_ids();
        !ids.is_empty() && selected.with(|s| ids.iter().all(|i| s.contains(i)))
    };
    let delete = move |_| {
        let ids: Vec<ActivityId> = selected.with_untracked(|s| s.iter().cloned().collect());
        if ids.is_empty() {
            return;
        }
        // The notice carries the undo: the activities come back as a new edit.
        if dispatch.run(Command::DeleteActivities { ids }).is_ok() {
            selected.set(HashSet::new());
        }
    };
    let row_view = move |line: Line| {
        let lang = lang.get_untracked();
        let (check, toggle) = (line.id.clone(), line.id.clone());
        let edit = line.id.clone();
        let deal = line.deal.clone();
        let what = format!("{} {} {}", line.kind, line.title, line.when);
        view! {
            <tr data-testid="activity-row">
                <td class="select">
                    <input
                        type="checkbox"
                        aria-label=tf(lang, Key::SelectActivity, &[("what", &what)])
                        prop:checked=move || selected.with(|s| s.contains(&check))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected
                                .update(|s| {
                                    if on {
                                        s.insert(toggle.clone());
                                    } else {
                                        s.remove(&toggle);
                                    }
                                });
                        }
                    />
                </td>
                <td class="num">{line.when.clone()}</td>
                <td>{line.title.clone()}</td>
                <td>{line.kind.clone()}</td>
                <td data-testid="activity-outcome">{line.outcome.clone()}</td>
                <td class="num">{line.duration.clone()}</td>
                <td>{line.owner.clone()}</td>
                <td class="note">{line.note.clone()}</td>
                <td class="actions">
                    <button
                        type="button"
                        on:click=move |_| {
                            log.0
                                .set(
                                    Some(LogRequest {
                                        deal: deal.clone(),
                                        mode: LogMode::Edit(edit.clone()),
                                    }),
                                )
                        }
                    >
                        {t(lang, Key::Edit)}
                    </button>
                </td>
            </tr>
        }
    };
    let kinds = move || {
        let lang = lang.get();
        ds.with(|d| {
            d.kinds_in_order()
                .into_iter()
                .map(|k| (k.id.0.clone(), kind_label(lang, k)))
                .collect::<Vec<_>>()
        })
    };
    let periods = move || {
        let lang = lang.get();
        [
            ("today", Key::PeriodToday),
            ("7", Key::PeriodLast7),
            ("30", Key::PeriodLast30),
        ]
        .into_iter()
        .map(|(v, k)| (v.to_string(), t(lang, k).to_string()))
        .collect::<Vec<_>>()
    };
    view! {
        <section class="activity-list" aria-labelledby="activities-title">
            <h3 id="activities-title">
                {tx(lang, Key::ActivitiesHeading)} " "
                <span class="count" data-testid="activities-count">
                    {move || fmt_int(lang.get(), lines.with(Vec::len) as i64)}
                </span>
            </h3>
            <div class="filters">
                <Labelled text=tx(lang, Key::ActKind)>
                    <Choice
                        first=Signal::derive(move || t(lang.get(), Key::AllKinds).to_string())
                        options=kinds
                        current=kind
                        set=move |v| kind.set(v)
                        attr:data-testid="filter-kind"
                    />
                </Labelled>
                <Labelled text=tx(lang, Key::ActOutcome)>
                    <Choice
                        first=Signal::derive(move || t(lang.get(), Key::AllOutcomes).to_string())
                        options=move || {
                            ds.with(|d| {
                                d.call_outcomes
                                    .iter()
                                    .map(|o| (o.id.0.clone(), o.name.clone()))
                                    .collect::<Vec<_>>()
                            })
                        }
                        current=outcome
                        set=move |v| outcome.set(v)
                        attr:data-testid="filter-outcome"
                    />
                </Labelled>
                <Labelled text=tx(lang, Key::Period)>
                    <Choice
                        first=Signal::derive(move || t(lang.get(), Key::PresetAllTime).to_string())
                        options=periods
                        current=period
                        set=move |v| period.set(v)
                        attr:data-testid="filter-period"
                    />
                </Labelled>
                <button
                    type="button"
                    class="danger"
                    disabled=move || selected.with(HashSet::is_empty)
                    on:click=delete
                    data-testid="delete-activities"
                >
                    {move || {
                        tf(
                            lang.get(),
                            Key::DeleteActivities,
                            &[("n", &fmt_int(lang.get(), selected.with(HashSet::len) as i64))],
                        )
                    }}
                </button>
            </div>
            <DataTable labelled_by="activities-title" testid="activity-table">
                <thead>
                    <tr>
                        <th scope="col" class="select">
                            <input
                                type="checkbox"
                                aria-label=tx(lang, Key::SelectAllActivities)
                                prop:checked=all_checked
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
                                data-testid="select-all-activities"
                            />
                        </th>
                        {[
                            Key::ColWhen,
                            Key::ColDeal,
                            Key::ActKind,
                            Key::ActOutcome,
                            Key::ColDuration,
                            Key::ActBy,
                            Key::ActNote,
                            Key::ColActions,
                        ]
                            .into_iter()
                            .map(|k| view! { <th scope="col">{move || t(lang.get(), k)}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        lines
                            .with(|l| {
                                l.iter().take(shown.get()).cloned().map(row_view).collect_view()
                            })
                    }}
                </tbody>
            </DataTable>
            {move || {
                let hidden = lines.with(Vec::len).saturating_sub(shown.get());
                (hidden > 0)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="more"
                                on:click=move |_| shown.update(|s| *s += PAGE)
                            >
                                {tf(
                                    lang.get(),
                                    Key::ShowMore,
                                    &[("n", &fmt_int(lang.get(), hidden.min(PAGE) as i64))],
                                )}
                            </button>
                        }
                    })
            }}
        </section>
    }
}
