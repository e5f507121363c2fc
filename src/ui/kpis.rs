//! The dashboard: filters, KPI cards with deltas and definitions, detail tables, glossary.

use super::clock;
use super::dashboard_charts::DashboardCharts;
use super::form::DateField;
use crate::domain::export_csv::{safe_cell, to_csv};
use crate::domain::kpi::glossary::{self, Entry};
use crate::domain::kpi::insights::Insight;
use crate::domain::kpi::leaderboard::{leaderboard, Standing};
use crate::domain::kpi::{
    self, delta, DayStats, Filter, FunnelMode, Period, PeriodPreset, Query, Ratio, Report,
};
use crate::domain::{Dataset, Date, Language, Money, StageId};
use crate::i18n::{
    arrow, fmt_date, fmt_days, fmt_int, fmt_money, fmt_percent, isolate, localize_digits,
    step_label, t, tf, Key,
};
use leptos::prelude::*;

/// Whether a rise of the figure is good news (for colouring deltas).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Better {
    Higher,
    Lower,
}

/// What one card shows, with all formatting done.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Card {
    id: String,
    title: String,
    /// For funnel steps: the two stage names, isolated so mixed-script names order correctly.
    step: Option<(String, String)>,
    value: String,
    sub: String,
    /// Change against the previous period: text and "better"/"worse"/"same" class.
    delta: Option<(String, &'static str)>,
    definition: &'static str,
}

fn stage_name(ds: &Dataset, id: &StageId) -> String {
    ds.stage(id)
        .map_or_else(|| id.0.clone(), |s| s.name.clone())
}

fn money(ds: &Dataset, lang: Language, minor: f64) -> String {
    fmt_money(
        lang,
        Money {
            minor: minor.round() as i64,
            currency: ds.settings.display_currency,
        },
    )
}

fn glossary_text(id: &str, lang: Language) -> &'static str {
    glossary::entry(id).map_or("", |e| e.text(lang))
}

/// The delta line of a card: n/a without a previous period value, coloured by direction.
fn delta_text(
    lang: Language,
    has_previous: bool,
    now: Option<f64>,
    before: Option<f64>,
    better: Better,
) -> Option<(String, &'static str)> {
    if !has_previous {
        return None;
    }
    let Some(change) = delta(now, before) else {
        return Some((
            tf(
                lang,
                Key::VsPrevious,
                &[("change", t(lang, Key::NotAvailable))],
            ),
            "same",
        ));
    };
    let sign = if change > 0.0005 {
        "+"
    } else if change < -0.0005 {
        "−"
    } else {
        "±"
    };
    let class = match (change.partial_cmp(&0.0), better) {
        (Some(std::cmp::Ordering::Greater), Better::Higher)
        | (Some(std::cmp::Ordering::Less), Better::Lower) => "better",
        (Some(std::cmp::Ordering::Equal), _) | (None, _) => "same",
        _ => "worse",
    };
    let text = format!("{sign}{}", fmt_percent(lang, Some(change.abs())));
    Some((tf(lang, Key::VsPrevious, &[("change", &text)]), class))
}

fn cards(ds: &Dataset, r: &Report, mode: FunnelMode, lang: Language) -> Vec<Card> {
    let (c, p) = (&r.current, r.previous.as_ref());
    let has_prev = p.is_some();
    let d = |now: Option<f64>, before: Option<Option<f64>>, better| {
        delta_text(lang, has_prev, now, before.flatten(), better)
    };
    let int = |n: u64| fmt_int(lang, n as i64);
    let entry = |id: &str| glossary_text(id, lang);
    let mut cards = vec![Card {
        id: "visitor-lead".into(),
        title: glossary::entry("visitor-lead")
            .map_or("", |e| e.name(lang))
            .into(),
        step: None,
        value: fmt_percent(lang, c.visitor_to_lead.value()),
        sub: tf(
            lang,
            Key::LeadsOfVisitors,
            &[("num", &int(c.leads)), ("den", &int(c.visitors))],
        ),
        delta: d(
            c.visitor_to_lead.value(),
            p.map(|p| p.visitor_to_lead.value()),
            Better::Higher,
        ),
        definition: entry("visitor-lead"),
    }];
    for (k, pair) in c.funnel.windows(2).enumerate() {
        let (from, to) = (
            stage_name(ds, &pair[0].stage),
            stage_name(ds, &pair[1].stage),
        );
        let ratio = pair[1].from_previous.unwrap_or_default();
        let before = p
            .and_then(|p| p.funnel.get(k + 1))
            .map(|s| s.from_previous.and_then(|r| r.value()));
        cards.push(Card {
            id: format!("step-{}-{}", pair[0].stage.0, pair[1].stage.0),
            title: format!("{from} {} {to}", arrow(lang)),
            step: Some((from, to)),
            value: fmt_percent(lang, ratio.value()),
            sub: tf(
                lang,
                Key::OfCount,
                &[("num", &int(ratio.num)), ("den", &int(ratio.den))],
            ),
            delta: d(ratio.value(), before, Better::Higher),
            definition: entry(if mode == FunnelMode::Cohort {
                "step"
            } else {
                "step-period"
            }),
        });
    }
    let named = |id: &str| glossary::entry(id).map_or(String::new(), |e| e.name(lang).to_string());
    let snap = &r.snapshot;
    let prev_snap = r.previous_snapshot.as_ref();
    let qualified = stage_name(ds, &ds.settings.qualified_stage);
    let (attainment, goal_sub) = match (r.quota.revenue_goal, r.quota.deals_goal) {
        (Some(goal), _) => (
            r.quota.revenue_attainment,
            tf(
                lang,
                Key::OfGoal,
                &[
                    ("value", &money(ds, lang, c.won_value as f64)),
                    ("goal", &money(ds, lang, goal as f64)),
                ],
            ),
        ),
        (None, Some(goal)) => (
            r.quota.deals_attainment,
            tf(
                lang,
                Key::OfGoal,
                &[
                    ("value", &int(c.won)),
                    ("goal", &localize_digits(lang, &format!("{goal:.0}"))),
                ],
            ),
        ),
        (None, None) => (None, t(lang, Key::NoGoal).to_string()),
    };
    cards.extend([
        Card {
            id: "win-rate".into(),
            title: named("win-rate"),
            step: None,
            value: fmt_percent(lang, c.win_rate.value()),
            sub: tf(
                lang,
                Key::WonOfClosed,
                &[("num", &int(c.won)), ("den", &int(c.won + c.lost))],
            ),
            delta: d(
                c.win_rate.value(),
                p.map(|p| p.win_rate.value()),
                Better::Higher,
            ),
            definition: entry("win-rate"),
        },
        Card {
            id: "cycle".into(),
            title: named("cycle"),
            step: None,
            value: fmt_days(lang, c.cycle.mean),
            sub: tf(
                lang,
                Key::CycleSub,
                &[
                    ("median", &fmt_days(lang, c.cycle.median)),
                    ("n", &int(c.cycle.n)),
                ],
            ),
            delta: d(c.cycle.mean, p.map(|p| p.cycle.mean), Better::Lower),
            definition: entry("cycle"),
        },
        Card {
            id: "avg-deal-size".into(),
            title: named("avg-deal-size"),
            step: None,
            value: c.avg_deal_size.map_or_else(
                || t(lang, Key::NotAvailable).to_string(),
                |v| money(ds, lang, v),
            ),
            sub: tf(lang, Key::WonDealsSub, &[("n", &int(c.won))]),
            delta: d(c.avg_deal_size, p.map(|p| p.avg_deal_size), Better::Higher),
            definition: entry("avg-deal-size"),
        },
        Card {
            id: "open-deals".into(),
            title: named("open-deals"),
            step: None,
            value: int(snap.open),
            sub: tf(
                lang,
                Key::OpenDealsSub,
                &[("date", &fmt_date(lang, snap.as_of))],
            ),
            delta: d(
                Some(snap.open as f64),
                prev_snap.map(|s| Some(s.open as f64)),
                Better::Higher,
            ),
            definition: entry("open-deals"),
        },
        Card {
            id: "pipeline-value".into(),
            title: named("pipeline-value"),
            step: None,
            value: money(ds, lang, snap.pipeline_value as f64),
            sub: tf(lang, Key::PipelineValueSub, &[("stage", &qualified)]),
            delta: d(
                Some(snap.pipeline_value as f64),
                prev_snap.map(|s| Some(s.pipeline_value as f64)),
                Better::Higher,
            ),
            definition: entry("pipeline-value"),
        },
        Card {
            id: "weighted-pipeline".into(),
            title: named("weighted-pipeline"),
            step: None,
            value: money(ds, lang, snap.weighted_value),
            sub: t(lang, Key::ProbabilityWeighted).into(),
            delta: d(
                Some(snap.weighted_value),
                prev_snap.map(|s| Some(s.weighted_value)),
                Better::Higher,
            ),
            definition: entry("weighted-pipeline"),
        },
        Card {
            id: "velocity".into(),
            title: named("velocity"),
            step: None,
            value: r.velocity.map_or_else(
                || t(lang, Key::NotAvailable).to_string(),
                |v| tf(lang, Key::PerDay, &[("value", &money(ds, lang, v))]),
            ),
            sub: tf(lang, Key::OpenQualifiedSub, &[("n", &int(snap.qualified))]),
            delta: d(r.velocity, p.map(|_| r.previous_velocity), Better::Higher),
            definition: entry("velocity"),
        },
        Card {
            id: "attainment".into(),
            title: named("attainment"),
            step: None,
            value: fmt_percent(lang, attainment),
            sub: goal_sub,
            delta: None,
            definition: entry("attainment"),
        },
    ]);
    cards
}

fn preset_key(preset: PeriodPreset) -> (&'static str, Key) {
    match preset {
        PeriodPreset::AllTime => ("all", Key::PresetAllTime),
        PeriodPreset::ThisMonth => ("this-month", Key::PresetThisMonth),
        PeriodPreset::LastMonth => ("last-month", Key::PresetLastMonth),
        PeriodPreset::ThisQuarter => ("this-quarter", Key::PresetThisQuarter),
        PeriodPreset::LastQuarter => ("last-quarter", Key::PresetLastQuarter),
        PeriodPreset::ThisYear => ("this-year", Key::PresetThisYear),
        PeriodPreset::Last30Days => ("last-30", Key::PresetLast30),
        PeriodPreset::Last90Days => ("last-90", Key::PresetLast90),
        PeriodPreset::Last365Days => ("last-365", Key::PresetLast365),
    }
}

/// Text of a [`DayStats`] cell.
fn day_cells(lang: Language, s: &DayStats) -> [String; 4] {
    [
        fmt_int(lang, s.n as i64),
        fmt_days(lang, s.median),
        fmt_days(lang, s.mean),
        fmt_days(lang, s.p90),
    ]
}

fn pct(lang: Language, r: Option<Ratio>) -> String {
    fmt_percent(lang, r.and_then(|r| r.value()))
}

/// A plain table: header keys and rows of text cells (first cell is the row header).
fn table(
    lang: Language,
    testid: &'static str,
    head: &[Key],
    rows: Vec<Vec<String>>,
) -> impl IntoView {
    let head: Vec<&'static str> = head.iter().map(|k| t(lang, *k)).collect();
    let label = head.first().copied().unwrap_or_default();
    // Wide tables scroll sideways on phones, so the scroll region must be reachable by keyboard.
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=label>
            <table data-testid=testid>
                <thead><tr>{head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let mut cells = row.into_iter();
                        let first = cells.next().unwrap_or_default();
                        view! {
                            <tr>
                                <th scope="row"><bdi>{first}</bdi></th>
                                {cells.map(|c| view! { <td class="num">{c}</td> }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn insight_text(ds: &Dataset, lang: Language, insight: &Insight) -> String {
    let names = |from: &StageId, to: &StageId| {
        (isolate(&stage_name(ds, from)), isolate(&stage_name(ds, to)))
    };
    match insight {
        Insight::Bottleneck {
            from,
            to,
            current,
            history,
        } => {
            let (from, to) = names(from, to);
            tf(
                lang,
                Key::InsightBottleneck,
                &[
                    ("from", &from),
                    ("to", &to),
                    ("current", &fmt_percent(lang, Some(*current))),
                    ("history", &fmt_percent(lang, Some(*history))),
                ],
            )
        }
        Insight::WeakestStep { from, to, rate } => {
            let (from, to) = names(from, to);
            tf(
                lang,
                Key::InsightWeakest,
                &[
                    ("from", &from),
                    ("to", &to),
                    ("rate", &fmt_percent(lang, Some(*rate))),
                ],
            )
        }
        Insight::Slowest {
            from,
            to,
            median_days,
            n,
        } => {
            let (from, to) = names(from, to);
            tf(
                lang,
                Key::InsightSlowest,
                &[
                    ("from", &from),
                    ("to", &to),
                    ("days", &fmt_days(lang, Some(*median_days))),
                    ("n", &fmt_int(lang, *n as i64)),
                ],
            )
        }
    }
}

/// Every row of the detail tables, formatted; built in one place from the report.
fn details(ds: &Dataset, r: &Report, lang: Language) -> impl IntoView {
    let c = &r.current;
    let money_of = |minor: i64| money(ds, lang, minor as f64);
    let funnel_rows = c
        .funnel
        .iter()
        .map(|s| {
            vec![
                stage_name(ds, &s.stage),
                fmt_int(lang, s.count as i64),
                money_of(s.value),
                pct(lang, s.from_previous),
                pct(lang, Some(s.from_first)),
            ]
        })
        .collect();
    let transition_rows = c
        .transitions
        .iter()
        .map(|tr| {
            let mut row = vec![step_label(
                lang,
                &stage_name(ds, &tr.from),
                &stage_name(ds, &tr.to),
            )];
            row.extend(day_cells(lang, &tr.days));
            row
        })
        .collect();
    let mut cycle_rows = Vec::new();
    let mut push_cycle = |label: String, s: &DayStats| {
        let mut row = vec![label];
        row.extend(day_cells(lang, s));
        cycle_rows.push(row);
    };
    push_cycle(t(lang, Key::GroupWon).into(), &c.cycle);
    push_cycle(t(lang, Key::GroupClosed).into(), &c.cycle_closed);
    for g in &c.cycle_by_source {
        let name = g
            .key
            .as_ref()
            .map_or(t(lang, Key::GroupNone), |k| ds.source_name(Some(k)));
        push_cycle(format!("{}: {name}", t(lang, Key::FieldSource)), &g.days);
    }
    for g in &c.cycle_by_owner {
        let name = g
            .key
            .as_ref()
            .map_or(t(lang, Key::GroupNone), |k| ds.owner_name(Some(k)));
        push_cycle(format!("{}: {name}", t(lang, Key::FieldOwner)), &g.days);
    }
    let pipeline_rows = r
        .snapshot
        .stages
        .iter()
        .map(|s| {
            let w = s.win_probability;
            vec![
                stage_name(ds, &s.stage),
                fmt_int(lang, s.count as i64),
                money_of(s.value),
                fmt_days(lang, s.age.median),
                tf(
                    lang,
                    Key::WinProbFrom,
                    &[
                        ("p", &fmt_percent(lang, Some(w.value))),
                        ("won", &fmt_int(lang, w.won as i64)),
                        ("n", &fmt_int(lang, w.closed as i64)),
                    ],
                ),
            ]
        })
        .collect();
    let range = |e: kpi::forecast::Estimate, f: &dyn Fn(f64) -> String| {
        tf(
            lang,
            Key::Range,
            &[
                ("mean", &f(e.mean)),
                ("low", &f(e.low)),
                ("high", &f(e.high)),
            ],
        )
    };
    let one = |v: f64| localize_digits(lang, &format!("{v:.1}"));
    let forecast_rows = r
        .forecast
        .iter()
        .map(|h| {
            vec![
                tf(lang, Key::Days, &[("n", &fmt_int(lang, h.days as i64))]),
                range(h.wins, &one),
                range(h.revenue, &|v| money(ds, lang, v)),
                one(h.open.mean),
                one(h.new.mean),
            ]
        })
        .collect();
    let q = &r.quota;
    let na = || t(lang, Key::NotAvailable).to_string();
    let quota_rows = vec![
        vec![
            t(lang, Key::RevenueGoal).into(),
            q.revenue_goal.map_or_else(na, money_of),
            fmt_percent(lang, q.revenue_attainment),
        ],
        vec![
            t(lang, Key::DealsGoal).into(),
            q.deals_goal
                .map_or_else(na, |g| localize_digits(lang, &format!("{g:.1}"))),
            fmt_percent(lang, q.deals_attainment),
        ],
        vec![
            t(lang, Key::Remaining).into(),
            q.remaining.map_or_else(na, money_of),
            String::new(),
        ],
        vec![
            t(lang, Key::ExpectedToClose).into(),
            money_of(q.expected_to_close),
            String::new(),
        ],
        vec![
            t(lang, Key::Coverage).into(),
            q.coverage
                .map_or_else(na, |v| localize_digits(lang, &format!("{v:.2}×"))),
            q.coverage_needed
                .map_or_else(na, |v| localize_digits(lang, &format!("{v:.2}×"))),
        ],
        vec![
            t(lang, Key::LeadToCustomer).into(),
            pct(lang, Some(q.lead_to_customer)),
            String::new(),
        ],
        vec![
            glossary::entry("leads-needed")
                .map_or("", |e| e.name(lang))
                .into(),
            q.leads_needed.map_or_else(na, |n| fmt_int(lang, n as i64)),
            String::new(),
        ],
    ];
    let stuck: Vec<String> = r
        .snapshot
        .stuck
        .iter()
        .take(20)
        .filter_map(|s| {
            let deal = ds.deal(&s.deal)?;
            let stage = deal
                .current_stage()
                .map(|id| stage_name(ds, id))
                .unwrap_or_default();
            Some(format!(
                "{} — {}",
                deal.title,
                tf(
                    lang,
                    Key::StuckLine,
                    &[
                        ("days", &fmt_days(lang, Some(s.days as f64))),
                        ("stage", &stage),
                        ("p90", &fmt_days(lang, Some(s.p90))),
                    ]
                )
            ))
        })
        .collect();
    let mut insights: Vec<String> = r
        .insights
        .iter()
        .map(|i| insight_text(ds, lang, i))
        .collect();
    if r.snapshot.stuck_count > 0 {
        insights.push(tf(
            lang,
            Key::InsightStuck,
            &[("n", &fmt_int(lang, r.snapshot.stuck_count as i64))],
        ));
    }
    let day_head = [Key::ColN, Key::ColMedian, Key::ColMean, Key::ColP90];
    let with_first = |first: Key| std::iter::once(first).chain(day_head).collect::<Vec<_>>();
    view! {
        <section class="insights" aria-labelledby="insights-title" data-testid="insights">
            <h2 id="insights-title">{t(lang, Key::InsightsHeading)}</h2>
            {if insights.is_empty() {
                view! { <p class="muted">{t(lang, Key::NoInsights)}</p> }.into_any()
            } else {
                view! { <ul>{insights.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }.into_any()
            }}
        </section>
        <div class="detail-grid">
            <section aria-labelledby="funnel-title">
                <h2 id="funnel-title">{t(lang, Key::FunnelHeading)}</h2>
                {table(lang, "funnel-table", &[Key::ColStage, Key::ColCount, Key::FieldValue, Key::ColStep, Key::ColCumulative], funnel_rows)}
            </section>
            <section aria-labelledby="transitions-title">
                <h2 id="transitions-title">{glossary::entry("transition-time").map_or("", |e| e.name(lang))}</h2>
                {table(lang, "transition-table", &with_first(Key::ColStep), transition_rows)}
            </section>
            <section aria-labelledby="cycle-title">
                <h2 id="cycle-title">{t(lang, Key::CycleHeading)}</h2>
                {table(lang, "cycle-table", &with_first(Key::ColGroup), cycle_rows)}
            </section>
            <section aria-labelledby="pipeline-title">
                <h2 id="pipeline-title">{tf(lang, Key::PipelineHeading, &[("date", &fmt_date(lang, r.snapshot.as_of))])}</h2>
                {table(lang, "pipeline-table", &[Key::ColStage, Key::ColCount, Key::FieldValue, Key::ColAge, Key::ColWinProb], pipeline_rows)}
                <h3>{t(lang, Key::StuckHeading)}</h3>
                {if stuck.is_empty() {
                    view! { <p class="muted">{t(lang, Key::NoStuck)}</p> }.into_any()
                } else {
                    view! { <ul class="stuck" data-testid="stuck">{stuck.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul> }.into_any()
                }}
            </section>
            <section aria-labelledby="quota-title">
                <h2 id="quota-title">{t(lang, Key::QuotaHeading)}</h2>
                {table(lang, "quota-table", &[Key::QuotaHeading, Key::FieldValue, Key::ColAttainment], quota_rows)}
            </section>
            <section aria-labelledby="forecast-title">
                <h2 id="forecast-title">{t(lang, Key::ForecastHeading)}</h2>
                {table(lang, "forecast-table", &[Key::ColHorizon, Key::ColWins, Key::ColRevenue, Key::ColFromOpen, Key::ColFromNew], forecast_rows)}
            </section>
        </div>
    }
}

fn glossary_list(lang: Language, entries: &'static [Entry]) -> impl IntoView {
    view! {
        <dl>
            {entries.iter().map(|e| view! {
                <dt id=format!("glossary-{}", e.id)>{e.name(lang)}</dt>
                <dd>{e.text(lang)}</dd>
            }).collect_view()}
        </dl>
    }
}

/// Per-owner results for the period: won value and deals, win rate, median cycle, goal attainment.
fn leaderboard_table(ds: &Dataset, rows: &[Standing], lang: Language) -> impl IntoView {
    let rows = rows
        .iter()
        .map(|s| {
            vec![
                match &s.owner {
                    Some(o) => ds.owner_name(Some(o)).to_string(),
                    None => t(lang, Key::Unassigned).to_string(),
                },
                money(ds, lang, s.won_value as f64),
                fmt_int(lang, s.won as i64),
                fmt_percent(lang, s.win_rate.value()),
                fmt_days(lang, s.cycle.median),
                fmt_percent(lang, s.attainment),
            ]
        })
        .collect();
    view! {
        <section aria-labelledby="leaderboard-title">
            <h2 id="leaderboard-title">{t(lang, Key::LeaderboardHeading)}</h2>
            {table(lang, "leaderboard-table", &[Key::FieldOwner, Key::ColWonValue, Key::ColWon, Key::ColWinRate, Key::ColCycleMedian, Key::ColAttainment], rows)}
        </section>
    }
}

/// The dashboard's filter choices. The app owns them, so they survive leaving the dashboard and
/// the re-render that a change of language or calendar causes.
#[derive(Clone, Copy)]
pub(crate) struct DashboardChoices {
    preset: RwSignal<Option<PeriodPreset>>,
    custom_from: RwSignal<String>,
    custom_to: RwSignal<String>,
    source: RwSignal<String>,
    owner: RwSignal<String>,
    stage: RwSignal<String>,
    mode: RwSignal<FunnelMode>,
}

impl DashboardChoices {
    /// All time, no filters, cohort funnel; the custom range defaults to this month so far.
    pub(crate) fn new() -> DashboardChoices {
        let today = clock::today();
        DashboardChoices {
            preset: RwSignal::new(Some(PeriodPreset::AllTime)),
            custom_from: RwSignal::new(today.month_start().to_string()),
            custom_to: RwSignal::new(today.to_string()),
            source: RwSignal::new(String::new()),
            owner: RwSignal::new(String::new()),
            stage: RwSignal::new(String::new()),
            mode: RwSignal::new(FunnelMode::Cohort),
        }
    }
}

/// The KPI dashboard with its filters.
#[component]
pub(crate) fn Kpis(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let DashboardChoices {
        preset,
        custom_from,
        custom_to,
        source,
        owner,
        stage,
        mode,
    } = use_context::<DashboardChoices>().unwrap_or_else(DashboardChoices::new);

    let query = Memo::new(move |_| {
        let today = clock::today();
        let period = match preset.get() {
            Some(p) => p.period_in(today, ds.with(|d| d.settings.calendar)),
            None => {
                let from = Date::parse(&custom_from.get()).unwrap_or(today);
                let to = Date::parse(&custom_to.get()).unwrap_or(today);
                Period {
                    start: from.min(to),
                    end: from.max(to),
                }
            }
        };
        fn one<T: for<'a> From<&'a str>>(s: String) -> Vec<T> {
            if s.is_empty() {
                Vec::new()
            } else {
                vec![T::from(s.as_str())]
            }
        }
        Query {
            period,
            filter: Filter {
                sources: one(source.get()),
                owners: one(owner.get()),
                stages: one(stage.get()),
            },
            mode: mode.get(),
            today,
        }
    });
    // The cards paint first; the charts, tables and leaderboard below them follow right after
    // that frame, so opening Kariz on 10,000 deals shows the numbers without waiting for them.
    let rest_shown = RwSignal::new(false);
    request_animation_frame(move || {
        set_timeout(
            move || {
                let _ = rest_shown.try_set(true);
            },
            std::time::Duration::ZERO,
        )
    });
    let index = super::kpi_index();
    let report = Memo::new(move |_| {
        super::with_index(index, |ix| {
            query
                .with(|q| ds.with(|d| crate::perf::timed("kariz:kpi", || kpi::report_in(d, ix, q))))
        })
    });
    let standings = Memo::new(move |_| {
        super::with_index(index, |ix| {
            query.with(|q| ds.with(|d| leaderboard(d, ix, q)))
        })
    });
    let shown =
        Memo::new(move |_| report.with(|r| ds.with(|d| cards(d, r, mode.get(), lang.get()))));

    // The cards as a table: what the dashboard shows, for a spreadsheet or a report.
    let export_kpis = move |_| {
        let lang = lang.get_untracked();
        let (start, end) = query.with_untracked(|q| (q.period.start, q.period.end));
        let mut rows = vec![[
            Key::KpiColName,
            Key::KpiColValue,
            Key::KpiColDetail,
            Key::KpiColChange,
        ]
        .map(|k| t(lang, k).to_string())
        .to_vec()];
        shown.with_untracked(|cards| {
            for card in cards {
                let name = match &card.step {
                    Some((from, to)) => format!("{} ({from} → {to})", card.title),
                    None => card.title.clone(),
                };
                rows.push(
                    [
                        &name,
                        &card.value,
                        &card.sub,
                        &card.delta.as_ref().map_or(String::new(), |d| d.0.clone()),
                    ]
                    .map(|cell| safe_cell(cell).into_owned())
                    .to_vec(),
                );
            }
        });
        super::offer_download(
            &to_csv(&rows),
            super::exchange::CSV_MIME,
            &format!("kariz-kpis-{start}-{end}.csv"),
        );
    };

    let choose_period = move |ev| {
        let value = event_target_value(&ev);
        preset.set(
            PeriodPreset::ALL
                .into_iter()
                .find(|p| preset_key(*p).0 == value),
        );
    };
    let option_list = move |selected: RwSignal<String>, all: Key, items: Vec<(String, String)>| {
        let lang = lang.get();
        view! {
            <option value="" selected=move || selected.get().is_empty()>{t(lang, all)}</option>
            {items.into_iter().map(|(id, name)| {
                let current = id.clone();
                view! { <option value=id selected=move || selected.get() == current>{name}</option> }
            }).collect_view()}
        }
    };

    view! {
        <section class="kpis" aria-labelledby="kpi-title">
            <div class="section-head">
                <h2 id="kpi-title">{move || t(lang.get(), Key::KpiHeading)}</h2>
                <button type="button" data-testid="export-kpi-csv" on:click=export_kpis>{move || t(lang.get(), Key::ExportKpiCsv)}</button>
            </div>
            <div class="filters" role="group" aria-label=move || t(lang.get(), Key::KpiHeading)>
                <label>
                    <span>{move || t(lang.get(), Key::Period)}</span>
                    <select on:change=choose_period data-testid="period">
                        {move || {
                            let lang = lang.get();
                            view! {
                                {PeriodPreset::ALL.into_iter().map(|p| {
                                    let (value, key) = preset_key(p);
                                    view! { <option value=value selected=move || preset.get() == Some(p)>{t(lang, key)}</option> }
                                }).collect_view()}
                                <option value="custom" selected=move || preset.get().is_none()>{t(lang, Key::PresetCustom)}</option>
                            }
                        }}
                    </select>
                </label>
                <Show when=move || preset.get().is_none()>
                    <label>
                        <span>{move || t(lang.get(), Key::From)}</span>
                        <DateField lang=lang value=custom_from set=move |v| custom_from.set(v) attr:data-testid="period-from" />
                    </label>
                    <label>
                        <span>{move || t(lang.get(), Key::To)}</span>
                        <DateField lang=lang value=custom_to set=move |v| custom_to.set(v) attr:data-testid="period-to" />
                    </label>
                </Show>
                <label>
                    <span>{move || t(lang.get(), Key::FieldSource)}</span>
                    <select data-testid="filter-source" on:change=move |ev| source.set(event_target_value(&ev))>
                        {move || option_list(source, Key::AllSources, ds.with(|d| d.sources.iter().map(|s| (s.id.0.clone(), s.name.clone())).collect()))}
                    </select>
                </label>
                <label>
                    <span>{move || t(lang.get(), Key::FieldOwner)}</span>
                    <select data-testid="filter-owner" on:change=move |ev| owner.set(event_target_value(&ev))>
                        {move || option_list(owner, Key::AllOwners, ds.with(|d| d.owners.iter().map(|o| (o.id.0.clone(), o.name.clone())).collect()))}
                    </select>
                </label>
                <label>
                    <span>{move || t(lang.get(), Key::FilterStage)}</span>
                    <select data-testid="filter-stage" on:change=move |ev| stage.set(event_target_value(&ev))>
                        {move || option_list(stage, Key::AllStages, ds.with(|d| d.stages.iter().map(|s| (s.id.0.clone(), s.name.clone())).collect()))}
                    </select>
                </label>
                <label>
                    <span>{move || t(lang.get(), Key::FunnelModeLabel)}</span>
                    <select data-testid="funnel-mode" on:change=move |ev| mode.set(if event_target_value(&ev) == "period" { FunnelMode::Period } else { FunnelMode::Cohort })>
                        <option value="cohort" selected=move || mode.get() == FunnelMode::Cohort>{move || t(lang.get(), Key::ModeCohort)}</option>
                        <option value="period" selected=move || mode.get() == FunnelMode::Period>{move || t(lang.get(), Key::ModePeriod)}</option>
                    </select>
                </label>
            </div>
            <ul class="cards">
                <For each=move || shown.get() key=|c| c.clone() let(card)>
                    <li class="card" tabindex="0" data-kpi=card.id.clone() aria-describedby=format!("def-{}", card.id)>
                        <h3>{match card.step {
                            Some((from, to)) => view! {
                                <bdi>{from}</bdi>" "{arrow(lang.get_untracked())}" "<bdi>{to}</bdi>
                            }.into_any(),
                            None => card.title.into_any(),
                        }}</h3>
                        <p class="value" data-testid=format!("kpi-{}", card.id)>{card.value}</p>
                        <p class="sub">{card.sub}</p>
                        {card.delta.map(|(text, class)| view! { <p class=format!("delta {class}") data-testid=format!("delta-{}", card.id)>{text}</p> })}
                        <p class="definition" id=format!("def-{}", card.id) role="tooltip">{card.definition}</p>
                    </li>
                </For>
            </ul>
        </section>
        <Show when=move || rest_shown.get()>
            <DashboardCharts ds=ds lang=lang report=report query=query />
            {move || report.with(|r| ds.with(|d| details(d, r, lang.get())))}
            {move || standings.with(|rows| ds.with(|d| leaderboard_table(d, rows, lang.get())))}
        </Show>
        <section class="glossary" aria-labelledby="glossary-title">
            <details>
                <summary><h2 id="glossary-title">{move || t(lang.get(), Key::GlossaryHeading)}</h2></summary>
                {move || glossary_list(lang.get(), glossary::KPIS)}
                <h3>{move || t(lang.get(), Key::RulesHeading)}</h3>
                {move || glossary_list(lang.get(), glossary::RULES)}
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample::sample_dataset;

    #[test]
    fn one_card_per_kpi_with_deltas() {
        let today = Date::parse("2025-06-30").unwrap();
        let ds = sample_dataset(today, Language::En);
        let q = Query {
            period: PeriodPreset::LastQuarter.period(today),
            filter: Filter::default(),
            mode: FunnelMode::Cohort,
            today,
        };
        let r = kpi::report(&ds, &q);
        let got = cards(&ds, &r, FunnelMode::Cohort, Language::En);
        let titles: Vec<&str> = got.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Visitor → lead",
                "Lead → MQL",
                "MQL → SQL",
                "SQL → Customer",
                "Win rate",
                "Sales-cycle length",
                "Average deal size",
                "Deals in the pipeline",
                "Pipeline value",
                "Weighted pipeline",
                "Sales velocity",
                "Quota attainment",
            ]
        );
        assert!(got.iter().all(|c| !c.definition.is_empty()));
        assert!(got[0]
            .delta
            .as_ref()
            .is_some_and(|(text, _)| text.ends_with("vs previous period")));
        let fa = cards(&ds, &r, FunnelMode::Cohort, Language::Fa);
        assert!(fa[0].value.ends_with('٪'), "{}", fa[0].value);
        assert_eq!(fa[1].title, "Lead ← MQL");
    }

    #[test]
    fn deltas_colour_by_direction_and_say_na() {
        let up = delta_text(Language::En, true, Some(12.0), Some(10.0), Better::Higher).unwrap();
        assert_eq!(up, ("+20.0% vs previous period".to_string(), "better"));
        let slower = delta_text(Language::En, true, Some(12.0), Some(10.0), Better::Lower).unwrap();
        assert_eq!(slower.1, "worse");
        let na = delta_text(Language::En, true, Some(1.0), Some(0.0), Better::Higher).unwrap();
        assert_eq!(na.0, "n/a vs previous period");
        assert_eq!(
            delta_text(Language::En, false, Some(1.0), Some(2.0), Better::Higher),
            None
        );
    }
}
