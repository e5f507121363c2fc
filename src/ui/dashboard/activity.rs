//! The dashboard's telesales section: the activity KPIs of the same period and filters, per rep,
//! its charts (calls and connect rate, speed to lead, conversion by call attempts) and tables.
//! Hidden while there is no activity to report.

use super::activity_inputs::{attempts_input, attempts_label, calls_input, speed_input};
use super::details::{owner_label, table};
use crate::chart::stack;
use crate::domain::kpi::activity::{activity_kpis_in, call_trend, ActivityKpis};
use crate::domain::kpi::glossary::KpiId;
use crate::domain::kpi::Query;
use crate::domain::{Dataset, Language};
use crate::i18n::{fmt_int, fmt_one_decimal, fmt_percent, t, tf, tx, Key};
use crate::ui::charts::ChartCanvas;
use leptos::prelude::*;

/// A number with one decimal in the user's digits, or "n/a".
fn minutes(lang: Language, x: Option<f64>) -> String {
    match x {
        Some(_) => tf(lang, Key::Minutes, &[("n", &fmt_one_decimal(lang, x))]),
        None => t(lang, Key::NotAvailable).to_string(),
    }
}

/// One tile: the KPI's glossary name and definition, its value and a line under it.
fn tile(lang: Language, kpi: KpiId, value: String, sub: String) -> impl IntoView {
    let entry = kpi.entry();
    let id = entry.id;
    view! {
        <li class="card" aria-describedby=format!("def-{id}")>
            <h3>{entry.name(lang)}</h3>
            <p class="value" data-testid=format!("kpi-{id}")>
                {value}
            </p>
            <p class="sub">{sub}</p>
            <p class="definition" id=format!("def-{id}") role="tooltip">
                {entry.text(lang)}
            </p>
        </li>
    }
}

/// The tiles; the next-step tile only once the team records next steps (until then it would
/// only ever say 0%).
fn tiles(lang: Language, k: &ActivityKpis, steps: bool) -> impl IntoView {
    let n = |x: u64| fmt_int(lang, x as i64);
    let talk_minutes = fmt_int(lang, (k.talk_seconds / 60) as i64);
    let won: u64 = k.calls_per_won.n;
    view! {
        <ul class="cards" data-testid="activity-cards">
            {tile(
                lang,
                KpiId::CallsPerRepDay,
                fmt_one_decimal(lang, k.calls_per_rep_day),
                tf(
                    lang,
                    Key::ActivityCallsSub,
                    &[("n", &n(k.calls)), ("connected", &n(k.connect.num))],
                ),
            )}
            {tile(
                lang,
                KpiId::ConnectRate,
                fmt_percent(lang, k.connect.value()),
                tf(
                    lang,
                    Key::ActivityCallsSub,
                    &[("n", &n(k.calls)), ("connected", &n(k.connect.num))],
                ),
            )}
            {tile(
                lang,
                KpiId::TalkTime,
                minutes(lang, k.talk_per_connected.map(|s| s / 60.0)),
                tf(lang, Key::ActivityTalkSub, &[("minutes", &talk_minutes)]),
            )}
            {tile(
                lang,
                KpiId::SpeedToLead,
                minutes(lang, k.speed.minutes.median),
                tf(
                    lang,
                    Key::ActivitySpeedSub,
                    &[
                        ("fast", &fmt_percent(lang, k.speed.within_five.value())),
                        ("uncalled", &n(k.speed.uncalled)),
                    ],
                ),
            )}
            {tile(
                lang,
                KpiId::CallsPerWon,
                fmt_one_decimal(lang, k.calls_per_won.median),
                tf(lang, Key::ActivityWonSub, &[("n", &n(won))]),
            )}
            {steps
                .then(|| tile(
                    lang,
                    KpiId::FollowUp,
                    fmt_percent(lang, k.follow_up.with_step.value()),
                    tf(lang, Key::ActivityFollowSub, &[("overdue", &n(k.follow_up.overdue))]),
                ))}
        </ul>
    }
}

/// The per-rep table and the conversion-by-attempts table.
fn tables(ds: &Dataset, k: &ActivityKpis, lang: Language) -> impl IntoView {
    let reps = k
        .reps
        .iter()
        .map(|r| {
            vec![
                owner_label(ds, r.owner.as_ref(), lang),
                fmt_int(lang, r.calls as i64),
                fmt_one_decimal(lang, r.calls_per_day),
                fmt_percent(lang, r.connect.value()),
                fmt_int(lang, (r.talk_seconds / 60) as i64),
                minutes(lang, r.speed_median),
                fmt_int(lang, r.won as i64),
            ]
        })
        .collect();
    let attempts = k
        .by_attempts
        .iter()
        .map(|b| {
            vec![
                attempts_label(lang, b),
                fmt_int(lang, b.won.den as i64),
                fmt_int(lang, b.won.num as i64),
                fmt_percent(lang, b.won.value()),
            ]
        })
        .collect();
    view! {
        {table(
            lang,
            "activity-reps",
            &[
                Key::FieldOwner,
                Key::ColCalls,
                Key::ColCallsPerDay,
                Key::ColConnectRate,
                Key::ColTalkMinutes,
                Key::ColSpeed,
                Key::ColWon,
            ],
            reps,
        )}
        {table(
            lang,
            "activity-attempts",
            &[Key::ColAttempts, Key::ColLeads, Key::ColWon, Key::ColWinRate],
            attempts,
        )}
    }
}

/// The telesales section for the dashboard's query: tiles, the three charts, the tables.
#[component]
pub(super) fn ActivityPanel(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    query: Memo<Query>,
) -> impl IntoView {
    let index = crate::ui::kpi_index();
    let kpis = Memo::new(move |_| {
        query.with(|q| ds.with(|d| crate::ui::with_index(index, |ix| activity_kpis_in(d, ix, q))))
    });
    let shown = Memo::new(move |_| kpis.with(|k| k.activities > 0 || k.speed.leads > 0));
    let trend = Memo::new(move |_| query.with(|q| ds.with(|d| call_trend(d, q))));
    let calls_data =
        Memo::new(move |_| trend.with(|tr| ds.with(|d| calls_input(d, tr, lang.get()))));
    let speed_data = Memo::new(move |_| kpis.with(|k| speed_input(k, lang.get())));
    let attempts_data = Memo::new(move |_| kpis.with(|k| attempts_input(k, lang.get())));
    let calls_title = Signal::derive(move || t(lang.get(), Key::CallsChartTitle).to_string());
    let speed_title = Signal::derive(move || t(lang.get(), Key::SpeedChartTitle).to_string());
    let attempts_title = Signal::derive(move || t(lang.get(), Key::AttemptsChartTitle).to_string());
    view! {
        <Show when=move || shown.get()>
            <section class="activity" aria-labelledby="activity-title" data-testid="activity">
                <h2 id="activity-title">{tx(lang, Key::ActivityHeading)}</h2>
                {move || {
                    let lang = lang.get();
                    let steps = ds.with(|d| !d.next_steps.is_empty());
                    kpis.with(|k| tiles(lang, k, steps))
                }}
                <div class="chart-grid">
                    <ChartCanvas
                        name="calls"
                        lang=lang
                        title=calls_title
                        input=calls_data
                        paint=stack::draw
                        height=260
                    />
                    <ChartCanvas
                        name="speed"
                        lang=lang
                        title=speed_title
                        input=speed_data
                        paint=stack::draw
                        height=240
                    />
                    <ChartCanvas
                        name="attempts"
                        lang=lang
                        title=attempts_title
                        input=attempts_data
                        paint=stack::draw
                        height=240
                    />
                </div>
                {move || {
                    let lang = lang.get();
                    kpis.with(|k| ds.with(|d| tables(d, k, lang)))
                }}
            </section>
        </Show>
    }
}
