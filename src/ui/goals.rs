//! Goals: revenue and won-deal targets per month or quarter, for the team or one owner.

use super::widgets::{head_keys, problem_of, Choice, DataTable, Field};
use super::{clock, dispatch};
use crate::domain::command::{Command, CommandError};
use crate::domain::goals::{GoalDraft, GoalError, GoalField, GoalSpan};
use crate::domain::setup::Roster;
use crate::domain::{Dataset, GoalId, Language, Money, OwnerId};
use crate::i18n::{self, fmt_int, fmt_money, localize_digits, t, tf, tx, Key};
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
    let error_for =
        move |field: GoalField| problem_of(lang, errors, field, |e| (e.field, &e.problem));
    let delete = move |id: GoalId| {
        // A goal already gone (deleted in another tab) needs no word.
        let _ = dispatch.run(Command::DeleteGoal { id });
    };

    view! {
        <section class="goals" aria-labelledby="goals-title">
            <h2 id="goals-title">{tx(lang, Key::GoalsHeading)}</h2>
            <p class="muted">
                {move || tf(
                    lang.get(),
                    Key::GoalsHelp,
                    &[("currency", ds.with(|d| d.settings.display_currency).code())],
                )}
            </p>
            <form on:submit=submit novalidate data-testid="goal-form">
                <div class="grid">
                    <Field id="goal-owner" label=tx(lang, Key::GoalFor)>
                        <Choice
                            first=move || t(lang.get(), Key::Team).to_string()
                            current=owner
                            set=move |v| owner.set(v)
                            options=move || ds.with(|d| d.roster(Roster::Owners))
                        />
                    </Field>
                    <Field id="goal-kind" label=tx(lang, Key::GoalSpan)>
                        <Choice
                            current=move || {
                                if quarterly.get() { "quarter" } else { "month" }.to_string()
                            }
                            set=move |v: String| quarterly.set(v == "quarter")
                            options=move || {
                                vec![
                                    ("month".into(), t(lang.get(), Key::Month).into()),
                                    ("quarter".into(), t(lang.get(), Key::Quarter).into()),
                                ]
                            }
                        />
                    </Field>
                    <Field
                        id="goal-year"
                        label=tx(lang, Key::Year)
                        error=error_for(GoalField::Span)
                        bind=year
                        inputmode="numeric"
                    />
                    {move || {
                        let quarterly = quarterly.get();
                        let (id, key, count, part) = if quarterly {
                            ("goal-quarter", Key::Quarter, 4, quarter)
                        } else {
                            ("goal-month", Key::Month, 12, month)
                        };
                        let name = move |i: u32| {
                            if quarterly { format!("Q{i}") } else { format!("{i:02}") }
                        };
                        // A quarter (Q1–Q4) or a month (01–12) of the year.
                        view! {
                            <Field id=id label=move || t(lang.get(), key)>
                                <Choice
                                    current=move || part.get().to_string()
                                    set=move |v: String| part.set(v.parse().unwrap_or(1))
                                    options=move || {
                                        (1..=count)
                                            .map(|i| (
                                                i.to_string(),
                                                localize_digits(lang.get(), &name(i)),
                                            ))
                                            .collect()
                                    }
                                />
                            </Field>
                        }
                    }}
                    <Field
                        id="goal-revenue"
                        label=move || tf(
                            lang.get(),
                            Key::GoalRevenue,
                            &[("currency", ds.with(|d| d.settings.display_currency).code())],
                        )
                        error=error_for(GoalField::Revenue)
                        bind=revenue
                        inputmode="decimal"
                    />
                    <Field
                        id="goal-won"
                        label=tx(lang, Key::GoalWonDeals)
                        error=error_for(GoalField::WonDeals)
                        bind=won
                        inputmode="numeric"
                    />
                </div>
                <div class="buttons">
                    <button type="submit" class="primary" data-testid="save-goal">
                        {tx(lang, Key::SaveGoal)}
                    </button>
                </div>
            </form>
            <DataTable labelled_by="goals-title" testid="goal-table">
                {head_keys(
                    lang,
                    &[
                        Key::GoalSpan,
                        Key::GoalFor,
                        Key::ColRevenueGoal,
                        Key::GoalWonDeals,
                        Key::ColActions,
                    ],
                )}
                <tbody>
                    <For
                        each=move || rows.get()
                        key=|r| (
                            r.id.clone(),
                            r.span.clone(),
                            r.owner.clone(),
                            r.revenue.clone(),
                            r.won_deals.clone(),
                        )
                        let:row
                    >
                        {
                            let id = row.id.clone();
                            view! {
                                <tr>
                                    <td class="num">{row.span.clone()}</td>
                                    <td>{row.owner.clone()}</td>
                                    <td class="num">{row.revenue.clone()}</td>
                                    <td class="num">{row.won_deals.clone()}</td>
                                    <td>
                                        <button
                                            type="button"
                                            class="danger"
                                            on:click=move |_| delete(id.clone())
                                        >
                                            {tx(lang, Key::Delete)}
                                        </button>
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </DataTable>
            <Show when=move || rows.with(|r| r.is_empty())>
                <p class="muted">{tx(lang, Key::NoGoals)}</p>
            </Show>
        </section>
    }
}
