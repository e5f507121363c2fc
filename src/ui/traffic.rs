//! Visitor counts per month and source, the denominator of visitor → lead.

use super::widgets::{head_keys, Choice, DataTable, Field};
use super::{clock, dispatch};
use crate::domain::command::Command;
use crate::domain::money::MoneyError;
use crate::domain::ops::parse_count;
use crate::domain::setup::Roster;
use crate::domain::{Dataset, Date, Language, SourceId, TrafficId};
use crate::i18n::{fmt_date, fmt_int, money_problem, t, tx, Key};
use leptos::prelude::*;

/// Why the visitor form was refused; translated when shown.
#[derive(Clone, Debug, PartialEq)]
enum TrafficProblem {
    /// No month chosen.
    Month,
    /// The count is not a non-negative whole number.
    Count(MoneyError),
}

/// Entry form and list of visitor counts.
#[component]
pub(crate) fn TrafficPanel(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let dispatch = dispatch();
    let month = RwSignal::new(clock::today().to_string()[..7].to_string());
    let source = RwSignal::new(String::from("website"));
    let visitors = RwSignal::new(String::new());
    let error = RwSignal::new(None::<TrafficProblem>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(start) = Date::parse(&format!("{}-01", month.get_untracked())) else {
            error.set(Some(TrafficProblem::Month));
            return;
        };
        let count = match parse_count(&visitors.get_untracked()) {
            Ok(count) => count,
            Err(problem) => {
                error.set(Some(TrafficProblem::Count(problem)));
                return;
            }
        };
        let source_id = Some(source.get_untracked())
            .filter(|s| !s.is_empty())
            .map(SourceId);
        let id = TrafficId(clock::new_id("t"));
        if dispatch
            .run(Command::SetTraffic {
                id,
                source: source_id,
                start,
                end: start.month_end(),
                visitors: count,
            })
            .is_ok()
        {
            error.set(None);
            visitors.set(String::new());
        }
    };

    let entries = Memo::new(move |_| {
        ds.with(|d| {
            let mut list: Vec<(TrafficId, Date, Date, String, u64)> = d
                .traffic
                .iter()
                .map(|e| {
                    let source = match &e.source {
                        Some(_) => d.source_name(e.source.as_ref()).to_string(),
                        None => String::new(),
                    };
                    (e.id.clone(), e.start, e.end, source, e.visitors)
                })
                .collect();
            crate::domain::sort::sort_by(&mut list, |a, b| {
                b.1.cmp(&a.1).then_with(|| a.3.cmp(&b.3))
            });
            list
        })
    });

    view! {
        <section class="traffic" aria-labelledby="traffic-title">
            <h2 id="traffic-title">{tx(lang, Key::TrafficHeading)}</h2>
            <p class="muted">{tx(lang, Key::TrafficHelp)}</p>
            <form on:submit=submit novalidate data-testid="traffic-form">
                <div class="grid">
                    <Field id="traffic-month" label=tx(lang, Key::Month) bind=month kind="month" />
                    <Field id="traffic-source" label=tx(lang, Key::FieldSource)>
                        <Choice
                            first=move || t(lang.get(), Key::AllSources).to_string()
                            current=source
                            set=move |v| source.set(v)
                            options=move || ds.with(|d| d.roster(Roster::Sources))
                        />
                    </Field>
                    <Field
                        id="traffic-visitors"
                        label=tx(lang, Key::Visitors)
                        bind=visitors
                        inputmode="numeric"
                        error=move || {
                            error
                                .get()
                                .map(|problem| match problem {
                                    TrafficProblem::Month => {
                                        t(lang.get(), Key::ErrMonth).to_string()
                                    }
                                    TrafficProblem::Count(e) => money_problem(lang.get(), &e),
                                })
                        }
                    />
                </div>
                <div class="buttons">
                    <button type="submit" class="primary" data-testid="save-traffic">
                        {tx(lang, Key::SaveVisitors)}
                    </button>
                </div>
            </form>
            {move || {
                let lang_memo = lang;
                let lang = lang.get();
                let list = entries.get();
                if list.is_empty() {
                    return view! { <p class="muted">{t(lang, Key::NoTraffic)}</p> }.into_any();
                }
                view! {
                    <DataTable labelled_by="traffic-title" testid="traffic-rows">
                        {head_keys(
                            lang_memo,
                            &[Key::ColPeriod, Key::FieldSource, Key::Visitors, Key::ColActions],
                        )}
                        <tbody>
                            {list
                                .into_iter()
                                .map(|(id, start, end, source, count)| {
                                    let source = if source.is_empty() {
                                        t(lang, Key::AllSources).to_string()
                                    } else {
                                        source
                                    };
                                    view! {
                                        <tr>
                                            <td class="num">
                                                {fmt_date(lang, start)} " – " {fmt_date(lang, end)}
                                            </td>
                                            <td>{source}</td>
                                            <td class="num">{fmt_int(lang, count as i64)}</td>
                                            <td>
                                                <button
                                                    type="button"
                                                    class="danger"
                                                    on:click=move |_| {
                                                        let _ = dispatch
                                                            .run(Command::DeleteTraffic {
                                                                id: id.clone(),
                                                            });
                                                    }
                                                >
                                                    {t(lang, Key::Delete)}
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </DataTable>
                }
                    .into_any()
            }}
        </section>
    }
}
