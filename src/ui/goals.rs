//! Goals: revenue and won-deal targets per month or quarter, for the team or one owner.

use super::{clock, dispatch, table_head};
use crate::domain::command::{Command, CommandError};
use crate::domain::goals::{GoalDraft, GoalError, GoalField, GoalSpan};
use crate::domain::{Dataset, GoalId, Language, Money, OwnerId};
use crate::i18n::{self, field_problem, fmt_int, fmt_money, localize_digits, t, tf, Key};
use leptos::prelude::*;

/// One formatted row of the goal table.
#[derive(Clone, Debug, PartialEq)]
struct GoalRow {
    id: GoalId,
    span: String,
    owner: String,
    revenue: String,
    won_deals: String,
}

fn span_label(lang: Language, start: crate::domain::Date, end: crate::domain::Date) -> String {
    let (year, month) = i18n::calendar().year_month(start);
    let months = start.days_until(end.add_days(1)) > 40;
    let text = if months {
        format!("{year} Q{}", (month - 1) / 3 + 1)
    } else {
        format!("{year}-{month:02}")
    };
    localize_digits(lang, &text)
}

fn goal_rows(ds: &Dataset, lang: Language) -> Vec<GoalRow> {
    let mut goals: Vec<_> = ds.goals.iter().collect();
    crate::domain::sort::sort_by(&mut goals, |a, b| {
        b.start
            .cmp(&a.start)
            .then(a.owner.is_some().cmp(&b.owner.is_some()))
            .then_with(|| a.owner.cmp(&b.owner))
    });
    goals
        .into_iter()
        .map(|g| GoalRow {
            id: g.id.clone(),
            span: span_label(lang, g.start, g.end),
            owner: match &g.owner {
                None => t(lang, Key::Team).to_string(),
                Some(o) => ds.owner_name(Some(o)).to_string(),
            },
            revenue: g
                .revenue
                .map(|m: Money| fmt_money(lang, m))
                .unwrap_or_default(),
            won_deals: g
                .won_deals
                .map(|n| fmt_int(lang, i64::from(n)))
                .unwrap_or_default(),
        })
        .collect()
}

/// The goal form and the table of goals.
#[component]
pub(crate) fn GoalsPanel(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let dispatch = dispatch();
    let (year0, month0) = i18n::calendar().year_month(clock::today());
    let owner = RwSignal::new(String::new());
    let quarterly = RwSignal::new(false);
    let year = RwSignal::new(year0.to_string());
    let month = RwSignal::new(month0);
    let quarter = RwSignal::new((month0 - 1) / 3 + 1);
    let revenue = RwSignal::new(String::new());
    let won = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<GoalError>::new());
    let rows = Memo::new(move |_| ds.with(|d| goal_rows(d, lang.get())));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let year = crate::domain::text::normalize_digits(year.get_untracked().trim())
            .parse::<i32>()
            .unwrap_or(0);
        let span = if quarterly.get_untracked() {
            GoalSpan::Quarter {
                year,
                quarter: quarter.get_untracked(),
            }
        } else {
            GoalSpan::Month {
                year,
                month: month.get_untracked(),
            }
        };
        let draft = GoalDraft {
            owner: Some(owner.get_untracked())
                .filter(|o| !o.is_empty())
                .map(OwnerId),
            span,
            revenue: revenue.get_untracked(),
            won_deals: won.get_untracked(),
        };
        let id = GoalId(clock::new_id("goal"));
        match dispatch.run(Command::SetGoal { id, draft }) {
            Ok(()) => {
                errors.set(Vec::new());
                revenue.set(String::new());
                won.set(String::new());
            }
            Err(CommandError::Goal(e)) => {
                errors.set(e);
                dispatch.say(Key::FixErrors, vec![]);
            }
            Err(_) => {}
        }
    };
    let error_for = move |field: GoalField| {
        move || {
            errors.with(|e| {
                e.iter()
                    .find(|e| e.field == field)
                    .map(|e| field_problem(lang.get(), &e.problem))
            })
        }
    };
    let delete = move |id: GoalId| {
        // A goal already gone (deleted in another tab) needs no word.
        let _ = dispatch.run(Command::DeleteGoal { id });
    };

    view! {
        <section class="goals" aria-labelledby="goals-title">
            <h2 id="goals-title">{move || t(lang.get(), Key::GoalsHeading)}</h2>
            <p class="muted">{move || tf(lang.get(), Key::GoalsHelp, &[("currency", ds.with(|d| d.settings.display_currency).code())])}</p>
            <form on:submit=submit novalidate data-testid="goal-form">
                <div class="grid">
                    <div class="field">
                        <label for="goal-owner">{move || t(lang.get(), Key::GoalFor)}</label>
                        <select id="goal-owner" on:change=move |ev| owner.set(event_target_value(&ev))>
                            <option value="">{move || t(lang.get(), Key::Team)}</option>
                            {move || ds.with(|d| d.owners.iter().map(|o| view! { <option value=o.id.0.clone()>{o.name.clone()}</option> }).collect_view())}
                        </select>
                    </div>
                    <div class="field">
                        <label for="goal-kind">{move || t(lang.get(), Key::GoalSpan)}</label>
                        <select id="goal-kind" on:change=move |ev| quarterly.set(event_target_value(&ev) == "quarter")>
                            <option value="month">{move || t(lang.get(), Key::Month)}</option>
                            <option value="quarter">{move || t(lang.get(), Key::Quarter)}</option>
                        </select>
                    </div>
                    <div class="field" class:invalid=move || error_for(GoalField::Span)().is_some()>
                        <label for="goal-year">{move || t(lang.get(), Key::Year)}</label>
                        <input id="goal-year" type="text" inputmode="numeric" prop:value=move || year.get() on:input=move |ev| year.set(event_target_value(&ev)) aria-describedby="goal-year-error" />
                        <p class="error" id="goal-year-error">{error_for(GoalField::Span)}</p>
                    </div>
                    {move || if quarterly.get() {
                        view! {
                            <div class="field">
                                <label for="goal-quarter">{t(lang.get(), Key::Quarter)}</label>
                                <select id="goal-quarter" on:change=move |ev| quarter.set(event_target_value(&ev).parse().unwrap_or(1))>
                                    {(1..=4u32).map(|q| view! { <option value=q.to_string() selected=quarter.get_untracked() == q>{localize_digits(lang.get_untracked(), &format!("Q{q}"))}</option> }).collect_view()}
                                </select>
                            </div>
                        }.into_any()
                    } else {
                        view! {
                            <div class="field">
                                <label for="goal-month">{t(lang.get(), Key::Month)}</label>
                                <select id="goal-month" on:change=move |ev| month.set(event_target_value(&ev).parse().unwrap_or(1))>
                                    {(1..=12u32).map(|m| view! { <option value=m.to_string() selected=month.get_untracked() == m>{localize_digits(lang.get_untracked(), &format!("{m:02}"))}</option> }).collect_view()}
                                </select>
                            </div>
                        }.into_any()
                    }}
                    <div class="field" class:invalid=move || error_for(GoalField::Revenue)().is_some()>
                        <label for="goal-revenue">{move || tf(lang.get(), Key::GoalRevenue, &[("currency", ds.with(|d| d.settings.display_currency).code())])}</label>
                        <input id="goal-revenue" type="text" inputmode="decimal" prop:value=move || revenue.get() on:input=move |ev| revenue.set(event_target_value(&ev)) aria-describedby="goal-revenue-error" />
                        <p class="error" id="goal-revenue-error">{error_for(GoalField::Revenue)}</p>
                    </div>
                    <div class="field" class:invalid=move || error_for(GoalField::WonDeals)().is_some()>
                        <label for="goal-won">{move || t(lang.get(), Key::GoalWonDeals)}</label>
                        <input id="goal-won" type="text" inputmode="numeric" prop:value=move || won.get() on:input=move |ev| won.set(event_target_value(&ev)) aria-describedby="goal-won-error" />
                        <p class="error" id="goal-won-error">{error_for(GoalField::WonDeals)}</p>
                    </div>
                </div>
                <div class="buttons">
                    <button type="submit" class="primary" data-testid="save-goal">{move || t(lang.get(), Key::SaveGoal)}</button>
                </div>
            </form>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="goals-title">
                <table data-testid="goal-table">
                    {table_head(lang, &[Key::GoalSpan, Key::GoalFor, Key::ColRevenueGoal, Key::GoalWonDeals, Key::ColActions])}
                    <tbody>
                        <For each=move || rows.get() key=|r| (r.id.clone(), r.span.clone(), r.owner.clone(), r.revenue.clone(), r.won_deals.clone()) let:row>
                            {
                                let id = row.id.clone();
                                view! {
                                    <tr>
                                        <td class="num">{row.span.clone()}</td>
                                        <td>{row.owner.clone()}</td>
                                        <td class="num">{row.revenue.clone()}</td>
                                        <td class="num">{row.won_deals.clone()}</td>
                                        <td><button type="button" class="danger" on:click=move |_| delete(id.clone())>{move || t(lang.get(), Key::Delete)}</button></td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || rows.with(|r| r.is_empty())>
                <p class="muted">{move || t(lang.get(), Key::NoGoals)}</p>
            </Show>
        </section>
    }
}
