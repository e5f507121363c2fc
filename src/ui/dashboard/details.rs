//! The dashboard's detail tables, plain-language findings, glossary and leaderboard.

use super::cards::*;
use crate::domain::kpi::glossary::{Entry, KpiId};
use crate::domain::kpi::insights::{Insight, Segment};
use crate::domain::kpi::leaderboard::Standing;
use crate::domain::kpi::{self, DayStats, PeriodPreset, Ratio, Report};
use crate::domain::{Dataset, Language, StageId};
use crate::i18n::{
    fmt_date, fmt_days, fmt_int, fmt_percent, isolate, localize_digits, step_label, t, tf, Key,
};
use crate::ui::widgets::{head_text, DataTable};
use leptos::prelude::*;

pub(super) fn preset_key(preset: PeriodPreset) -> (&'static str, Key) {
    let key = match preset {
        PeriodPreset::AllTime => Key::PresetAllTime,
        PeriodPreset::ThisMonth => Key::PresetThisMonth,
        PeriodPreset::LastMonth => Key::PresetLastMonth,
        PeriodPreset::ThisQuarter => Key::PresetThisQuarter,
        PeriodPreset::LastQuarter => Key::PresetLastQuarter,
        PeriodPreset::ThisYear => Key::PresetThisYear,
        PeriodPreset::Last30Days => Key::PresetLast30,
        PeriodPreset::Last90Days => Key::PresetLast90,
        PeriodPreset::Last365Days => Key::PresetLast365,
    };
    (crate::domain::view_state::preset_slug(preset), key)
}

/// Text of a [`DayStats`] cell.
pub(super) fn day_cells(lang: Language, s: &DayStats) -> [String; 4] {
    [
        fmt_int(lang, s.n as i64),
        fmt_days(lang, s.median),
        fmt_days(lang, s.mean),
        fmt_days(lang, s.p90),
    ]
}

pub(super) fn pct(lang: Language, r: Option<Ratio>) -> String {
    fmt_percent(lang, r.and_then(|r| r.value()))
}

/// A plain table: header keys and rows of text cells (first cell is the row header).
pub(super) fn table(
    lang: Language,
    testid: &'static str,
    head: &[Key],
    rows: Vec<Vec<String>>,
) -> impl IntoView {
    let head: Vec<String> = head.iter().map(|k| t(lang, *k).to_string()).collect();
    let label = head.first().cloned().unwrap_or_default();
    view! {
        <DataTable label=label testid=testid>
            {head_text(head)}
            <tbody>
                {rows
                    .into_iter()
                    .map(|row| {
                        let mut cells = row.into_iter();
                        let first = cells.next().unwrap_or_default();
                        view! {
                            <tr>
                                <th scope="row">
                                    <bdi>{first}</bdi>
                                </th>
                                {cells.map(|c| view! { <td class="num">{c}</td> }).collect_view()}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </DataTable>
    }
}

pub(super) fn insight_text(ds: &Dataset, lang: Language, insight: &Insight) -> String {
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
        Insight::SegmentDrop {
            segment,
            from,
            to,
            current,
            history,
            team,
        } => {
            let (from, to) = names(from, to);
            let (key, who) = match segment {
                Segment::Owner(id) => (Key::InsightOwnerDrop, ds.owner_name(Some(id))),
                Segment::Source(id) => (Key::InsightSourceDrop, ds.source_name(Some(id))),
                Segment::Type(id) => (Key::InsightTypeDrop, ds.deal_type_name(Some(id))),
            };
            tf(
                lang,
                key,
                &[
                    ("owner", &isolate(who)),
                    ("from", &from),
                    ("to", &to),
                    ("current", &fmt_percent(lang, Some(*current))),
                    ("history", &fmt_percent(lang, Some(*history))),
                    ("team", &fmt_percent(lang, Some(*team))),
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

/// The findings in words: bottleneck, weakest and slowest step, stuck deals.
pub(super) fn insight_lines(ds: &Dataset, r: &Report, lang: Language) -> Vec<String> {
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
    insights
}

/// Every row of the detail tables, formatted; built in one place from the report.
pub(super) fn details(ds: &Dataset, r: &Report, lang: Language) -> impl IntoView {
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
    for g in &c.cycle_by_type {
        let name = g
            .key
            .as_ref()
            .map_or(t(lang, Key::GroupNone), |k| ds.deal_type_name(Some(k)));
        push_cycle(format!("{}: {name}", t(lang, Key::FieldType)), &g.days);
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
            KpiId::LeadsNeeded.entry().name(lang).into(),
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
    let insights = insight_lines(ds, r, lang);
    let day_head = [Key::ColN, Key::ColMedian, Key::ColMean, Key::ColP90];
    let with_first = |first: Key| std::iter::once(first).chain(day_head).collect::<Vec<_>>();
    view! {
        <section class="insights" aria-labelledby="insights-title" data-testid="insights">
            <h2 id="insights-title">{t(lang, Key::InsightsHeading)}</h2>
            {if insights.is_empty() {
                view! { <p class="muted">{t(lang, Key::NoInsights)}</p> }.into_any()
            } else {
                view! {
                    <ul>{insights.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                }
                    .into_any()
            }}
        </section>
        <div class="detail-grid">
            <section aria-labelledby="funnel-title">
                <h2 id="funnel-title">{t(lang, Key::FunnelHeading)}</h2>
                {table(
                    lang,
                    "funnel-table",
                    &[
                        Key::ColStage,
                        Key::ColCount,
                        Key::FieldValue,
                        Key::ColStep,
                        Key::ColCumulative,
                    ],
                    funnel_rows,
                )}
            </section>
            <section aria-labelledby="transitions-title">
                <h2 id="transitions-title">{KpiId::TransitionTime.entry().name(lang)}</h2>
                {table(lang, "transition-table", &with_first(Key::ColStep), transition_rows)}
            </section>
            <section aria-labelledby="cycle-title">
                <h2 id="cycle-title">{t(lang, Key::CycleHeading)}</h2>
                {table(lang, "cycle-table", &with_first(Key::ColGroup), cycle_rows)}
            </section>
            <section aria-labelledby="pipeline-title">
                <h2 id="pipeline-title">
                    {tf(lang, Key::PipelineHeading, &[("date", &fmt_date(lang, r.snapshot.as_of))])}
                </h2>
                {table(
                    lang,
                    "pipeline-table",
                    &[Key::ColStage, Key::ColCount, Key::FieldValue, Key::ColAge, Key::ColWinProb],
                    pipeline_rows,
                )}
                <h3>{t(lang, Key::StuckHeading)}</h3>
                {if stuck.is_empty() {
                    view! { <p class="muted">{t(lang, Key::NoStuck)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="stuck" data-testid="stuck">
                            {stuck.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </section>
            <section aria-labelledby="quota-title">
                <h2 id="quota-title">{t(lang, Key::QuotaHeading)}</h2>
                {table(
                    lang,
                    "quota-table",
                    &[Key::QuotaHeading, Key::FieldValue, Key::ColAttainment],
                    quota_rows,
                )}
            </section>
            <section aria-labelledby="forecast-title">
                <h2 id="forecast-title">{t(lang, Key::ForecastHeading)}</h2>
                {table(
                    lang,
                    "forecast-table",
                    &[
                        Key::ColHorizon,
                        Key::ColWins,
                        Key::ColRevenue,
                        Key::ColFromOpen,
                        Key::ColFromNew,
                    ],
                    forecast_rows,
                )}
            </section>
        </div>
    }
}

pub(super) fn glossary_list(lang: Language, entries: &'static [Entry]) -> impl IntoView {
    view! {
        <dl>
            {entries
                .iter()
                .map(|e| {
                    view! {
                        <dt id=format!("glossary-{}", e.id)>{e.name(lang)}</dt>
                        <dd>{e.text(lang)}</dd>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// A rep's name in a table row, or "Unassigned".
pub(super) fn owner_label(
    ds: &Dataset,
    owner: Option<&crate::domain::OwnerId>,
    lang: Language,
) -> String {
    match owner {
        Some(o) => ds.owner_name(Some(o)).to_string(),
        None => t(lang, Key::Unassigned).to_string(),
    }
}

/// The leaderboard's column headings.
pub(super) const LEADERBOARD_HEAD: [Key; 6] = [
    Key::FieldOwner,
    Key::ColWonValue,
    Key::ColWon,
    Key::ColWinRate,
    Key::ColCycleMedian,
    Key::ColAttainment,
];

/// The leaderboard's rows, formatted.
pub(super) fn leaderboard_rows(
    ds: &Dataset,
    rows: &[Standing],
    lang: Language,
) -> Vec<Vec<String>> {
    rows.iter()
        .map(|s| {
            vec![
                owner_label(ds, s.owner.as_ref(), lang),
                money(ds, lang, s.won_value as f64),
                fmt_int(lang, s.won as i64),
                fmt_percent(lang, s.win_rate.value()),
                fmt_days(lang, s.cycle.median),
                fmt_percent(lang, s.attainment),
            ]
        })
        .collect()
}

/// Per-owner results for the period: won value and deals, win rate, median cycle, goal attainment.
pub(super) fn leaderboard_table(ds: &Dataset, rows: &[Standing], lang: Language) -> impl IntoView {
    view! {
        <section aria-labelledby="leaderboard-title">
            <h2 id="leaderboard-title">{t(lang, Key::LeaderboardHeading)}</h2>
            {table(lang, "leaderboard-table", &LEADERBOARD_HEAD, leaderboard_rows(ds, rows, lang))}
        </section>
    }
}
