//! The dashboard's charts: funnel, open pipeline by stage, trend, cycle-length distribution and
//! forecast against the goal, with their controls.

use crate::chart::forecast::{self, Path};
use crate::chart::funnel::{self, Step};
use crate::chart::histogram::{self, Histogram};
use crate::chart::lines::{self, nice_top, Lines};
use crate::chart::stack::{self, Series, Stack};
use crate::domain::kpi::charts::{
    cycle_histogram, forecast_path, funnel_points, pipeline_stack, trend, StackBy,
};
use crate::domain::kpi::{DealIndex, Query, Report};
use crate::domain::{Dataset, Language, Money};
use crate::i18n::{
    fmt_date, fmt_days, fmt_int, fmt_money, fmt_percent, localize_digits, t, tf, Key,
};
use crate::ui::charts::{ChartCanvas, Drawn};
use crate::ui::widgets::{Choice, Labelled};
use crate::ui::{kpi_index, with_index};
use leptos::prelude::*;

/// Series beyond this many are summed into "Other", so colours stay distinguishable.
const MAX_SERIES: usize = 6;

fn money(ds: &Dataset, lang: Language, minor: i64) -> String {
    fmt_money(
        lang,
        Money {
            minor,
            currency: ds.settings.display_currency,
        },
    )
}

fn heads(lang: Language, keys: &[Key]) -> Vec<String> {
    keys.iter().map(|k| t(lang, *k).to_string()).collect()
}

/// The funnel's steps and tips; in value mode visitors (who have no value) are left out.
fn funnel_input(ds: &Dataset, r: &Report, by_value: bool, lang: Language) -> Drawn<Vec<Step>> {
    let mut shape = Vec::new();
    let mut tips = Vec::new();
    let mut rows = Vec::new();
    let points = funnel_points(r);
    // Visitors are often a hundred times the leads; drawn to scale, every stage would be a
    // sliver. Beyond 5× the next step they are cut (and say so) and the stages scale together.
    let leads = points.get(1).map_or(0, |p| p.count);
    for p in points {
        if by_value && p.stage.is_none() {
            continue;
        }
        let label = match &p.stage {
            None => t(lang, Key::Visitors).to_string(),
            Some(id) => ds
                .stage(id)
                .map_or_else(|| id.0.clone(), |s| s.name.clone()),
        };
        let amount = if by_value {
            money(ds, lang, p.value)
        } else {
            fmt_int(lang, p.count as i64)
        };
        let caption = match p.step {
            Some(rate) => tf(
                lang,
                Key::FunnelCaption,
                &[
                    ("amount", &amount),
                    ("step", &fmt_percent(lang, Some(rate))),
                    ("drop", &fmt_percent(lang, Some(1.0 - rate))),
                ],
            ),
            None => amount.clone(),
        };
        tips.push(tf(
            lang,
            Key::FunnelTip,
            &[
                ("label", &label),
                ("count", &fmt_int(lang, p.count as i64)),
                ("value", &money(ds, lang, p.value)),
                ("step", &fmt_percent(lang, p.step)),
                ("drop", &fmt_percent(lang, p.step.map(|s| 1.0 - s))),
            ],
        ));
        rows.push(vec![
            label.clone(),
            fmt_int(lang, p.count as i64),
            money(ds, lang, p.value),
            fmt_percent(lang, p.step),
            fmt_percent(lang, p.step.map(|s| 1.0 - s)),
        ]);
        shape.push(Step {
            label,
            size: if by_value {
                p.value as f64
            } else {
                p.count as f64
            },
            caption,
            highlight: p.bottleneck,
            beyond_scale: p.stage.is_none() && p.count > 5 * leads.max(1),
        });
    }
    Drawn {
        shape,
        tips,
        head: heads(
            lang,
            &[
                Key::ColStage,
                Key::ColCount,
                Key::FieldValue,
                Key::ColStep,
                Key::ColDropOff,
            ],
        ),
        rows,
    }
}

/// The pipeline chart's columns and series (top groups, the rest as "Other") and tips.
fn stack_input(
    ds: &Dataset,
    index: Option<&DealIndex>,
    q: &Query,
    by: StackBy,
    by_value: bool,
    lang: Language,
) -> Drawn<Stack> {
    let data = pipeline_stack(ds, index, q, by);
    let columns: Vec<String> = data
        .stages
        .iter()
        .map(|id| {
            ds.stage(id)
                .map_or_else(|| id.0.clone(), |s| s.name.clone())
        })
        .collect();
    let name = |key: &Option<String>| match (key, by) {
        (None, StackBy::Source) => t(lang, Key::NoSource).to_string(),
        (None, StackBy::Owner) => t(lang, Key::Unassigned).to_string(),
        (Some(id), StackBy::Source) => ds.source_name(Some(&id.as_str().into())).to_string(),
        (Some(id), StackBy::Owner) => ds.owner_name(Some(&id.as_str().into())).to_string(),
    };
    let mut groups: Vec<(String, Vec<u64>, Vec<i64>)> = data
        .groups
        .iter()
        .zip(data.counts.iter().zip(&data.values))
        .map(|(key, (c, v))| (name(key), c.clone(), v.clone()))
        .collect();
    if groups.len() > MAX_SERIES {
        let rest = groups.split_off(MAX_SERIES - 1);
        let mut other = (
            t(lang, Key::Other).to_string(),
            vec![0; columns.len()],
            vec![0; columns.len()],
        );
        for (_, c, v) in rest {
            for k in 0..columns.len() {
                other.1[k] += c[k];
                other.2[k] += v[k];
            }
        }
        groups.push(other);
    }
    let mut tips = Vec::new();
    let mut rows = Vec::new();
    for (group, counts, values) in &groups {
        for (k, column) in columns.iter().enumerate() {
            rows.push(vec![
                column.clone(),
                group.clone(),
                fmt_int(lang, counts[k] as i64),
                money(ds, lang, values[k]),
            ]);
            tips.push(tf(
                lang,
                Key::StackTip,
                &[
                    ("stage", column),
                    ("group", group),
                    ("count", &fmt_int(lang, counts[k] as i64)),
                    ("value", &money(ds, lang, values[k])),
                ],
            ));
        }
    }
    let totals = (0..columns.len())
        .map(|k| {
            if by_value {
                money(ds, lang, groups.iter().map(|g| g.2[k]).sum())
            } else {
                fmt_int(lang, groups.iter().map(|g| g.1[k]).sum::<u64>() as i64)
            }
        })
        .collect();
    let series = groups
        .into_iter()
        .map(|(name, counts, values)| Series {
            name,
            values: if by_value {
                values.iter().map(|v| *v as f64).collect()
            } else {
                counts.iter().map(|c| *c as f64).collect()
            },
        })
        .collect();
    Drawn {
        shape: Stack {
            columns,
            series,
            totals,
        },
        tips,
        head: heads(
            lang,
            &[Key::ColStage, Key::ColGroup, Key::ColCount, Key::FieldValue],
        ),
        rows,
    }
}

/// New leads and stage entries per bucket, the previous period faint, with tips per bucket.
fn trend_input(ds: &Dataset, index: Option<&DealIndex>, q: &Query, lang: Language) -> Drawn<Lines> {
    let tr = trend(ds, index, q);
    let names: Vec<String> = tr
        .stages
        .iter()
        .enumerate()
        .map(|(k, id)| {
            let name = ds
                .stage(id)
                .map_or_else(|| id.0.clone(), |s| s.name.clone());
            if k == 0 {
                tf(lang, Key::NewStage2, &[("stage", &name)])
            } else {
                name
            }
        })
        .collect();
    let labels: Vec<String> = tr
        .buckets
        .iter()
        .map(|b| {
            let text = crate::i18n::short_date(crate::i18n::calendar(), b.start, tr.weekly);
            localize_digits(lang, &text)
        })
        .collect();
    let series = |rows: &[Vec<u64>]| -> Vec<Series> {
        rows.iter()
            .zip(&names)
            .map(|(row, name)| Series {
                name: name.clone(),
                values: row.iter().map(|v| *v as f64).collect(),
            })
            .collect()
    };
    let mut tips = Vec::new();
    let mut rows = Vec::new();
    for (i, bucket) in tr.buckets.iter().enumerate() {
        let range = format!(
            "{} – {}",
            fmt_date(lang, bucket.start),
            fmt_date(lang, bucket.end)
        );
        let parts: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(k, name)| {
                let now = tr.current[k][i];
                match tr.previous.get(k).and_then(|p| p.get(i)) {
                    Some(before) => tf(
                        lang,
                        Key::TrendPart,
                        &[
                            ("name", name),
                            ("n", &fmt_int(lang, now as i64)),
                            ("before", &fmt_int(lang, *before as i64)),
                        ],
                    ),
                    None => format!("{name}: {}", fmt_int(lang, now as i64)),
                }
            })
            .collect();
        tips.push(format!("{range} · {}", parts.join(" · ")));
        let mut row = vec![range];
        row.extend(tr.current.iter().map(|r| fmt_int(lang, r[i] as i64)));
        rows.push(row);
    }
    let lines = Lines {
        labels,
        series: series(&tr.current),
        previous: series(&tr.previous),
        ticks: [0.0, 0.5, 1.0].map(|f| {
            let top = nice_top(
                tr.current
                    .iter()
                    .chain(&tr.previous)
                    .flat_map(|r| r.iter().copied())
                    .max()
                    .unwrap_or(0) as f64,
            );
            fmt_int(lang, (top * f).round() as i64)
        }),
    };
    let mut head = heads(lang, &[Key::Period]);
    head.extend(names.iter().cloned());
    Drawn {
        shape: lines,
        tips,
        head,
        rows,
    }
}

/// The cycle histogram with median and p90 markers, and the per-source comparison line.
fn cycle_input(
    ds: &Dataset,
    index: Option<&DealIndex>,
    q: &Query,
    lang: Language,
) -> (Drawn<Histogram>, String) {
    let h = cycle_histogram(ds, index, q);
    let days = |d: i64| fmt_int(lang, d);
    let labels: Vec<String> = (0..h.counts.len() as i64)
        .map(|i| {
            let (a, b) = (i * h.width, (i + 1) * h.width - 1);
            if a == b {
                days(a)
            } else {
                format!("{}–{}", days(a), days(b))
            }
        })
        .collect();
    let width = h.width as f64;
    let mut markers = Vec::new();
    if let Some(m) = h.stats.median {
        markers.push((
            m / width + 0.5 / width,
            tf(lang, Key::MedianMarker, &[("n", &fmt_days(lang, Some(m)))]),
        ));
    }
    if let Some(p90) = h.stats.p90 {
        markers.push((
            p90 / width + 0.5 / width,
            tf(lang, Key::P90Marker, &[("n", &fmt_days(lang, Some(p90)))]),
        ));
    }
    let tips = labels
        .iter()
        .zip(&h.counts)
        .map(|(label, n)| {
            tf(
                lang,
                Key::BinTip,
                &[("days", label), ("n", &fmt_int(lang, *n as i64))],
            )
        })
        .collect();
    let rows = labels
        .iter()
        .zip(&h.counts)
        .map(|(label, n)| vec![label.clone(), fmt_int(lang, *n as i64)])
        .collect();
    let by_source = h
        .by_source
        .iter()
        .map(|g| {
            let name = match &g.key {
                Some(id) => ds.source_name(Some(id)).to_string(),
                None => t(lang, Key::NoSource).to_string(),
            };
            tf(
                lang,
                Key::SourceCycle,
                &[
                    ("source", &name),
                    ("median", &fmt_days(lang, g.days.median)),
                    ("p90", &fmt_days(lang, g.days.p90)),
                    ("n", &fmt_int(lang, g.days.n as i64)),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let drawn = Drawn {
        shape: Histogram {
            labels,
            counts: h.counts.iter().map(|c| *c as f64).collect(),
            markers,
        },
        tips,
        head: heads(lang, &[Key::ColDays, Key::ColWon]),
        rows,
    };
    (drawn, by_source)
}

/// Won value so far, the expected path with its 80% band, and the goal line.
fn forecast_input(
    ds: &Dataset,
    index: Option<&DealIndex>,
    q: &Query,
    r: &Report,
    lang: Language,
) -> Drawn<Path> {
    let path = forecast_path(ds, index, q, r);
    let at = |d: i64| fmt_date(lang, path.start.add_days(d as i32));
    let mut tips = Vec::new();
    let mut rows = Vec::new();
    if let Some((d, v)) = path.actual.last() {
        tips.push(tf(
            lang,
            Key::ForecastTipActual,
            &[("date", &at(*d)), ("value", &money(ds, lang, *v))],
        ));
        rows.push(vec![at(*d), money(ds, lang, *v), String::new()]);
    }
    if let Some((d, mean, low, high)) = path.projection.last() {
        let range = format!(
            "{} – {}",
            money(ds, lang, low.round() as i64),
            money(ds, lang, high.round() as i64)
        );
        tips.push(tf(
            lang,
            Key::ForecastTipEnd,
            &[
                ("date", &at(*d)),
                ("value", &money(ds, lang, mean.round() as i64)),
                ("range", &range),
            ],
        ));
        rows.push(vec![at(*d), money(ds, lang, mean.round() as i64), range]);
    }
    let goal_label = path
        .goal
        .map(|g| tf(lang, Key::GoalLine, &[("value", &money(ds, lang, g))]))
        .unwrap_or_default();
    if path.goal.is_some() {
        tips.push(goal_label.clone());
        rows.push(vec![
            t(lang, Key::RevenueGoal).to_string(),
            path.goal.map(|g| money(ds, lang, g)).unwrap_or_default(),
            String::new(),
        ]);
    }
    let shape = Path {
        length: path.length as f64,
        actual: path
            .actual
            .iter()
            .map(|(d, v)| (*d as f64, *v as f64))
            .collect(),
        projection: path
            .projection
            .iter()
            .map(|(d, m, l, h)| (*d as f64, *m, *l, *h))
            .collect(),
        goal: path.goal.map(|g| g as f64),
        goal_label,
        ends: [at(0), at(path.length)],
        top_label: String::new(),
    };
    let top_label = money(ds, lang, forecast::top(&shape).round() as i64);
    Drawn {
        shape: Path { top_label, ..shape },
        tips,
        head: heads(lang, &[Key::ColDate, Key::ColRevenue, Key::ColRange]),
        rows,
    }
}

/// A count/value switch.
fn measure_switch(
    lang: Memo<Language>,
    by_value: RwSignal<bool>,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <Labelled text=move || t(lang.get(), Key::ChartMeasure)>
            <Choice
                options=move || {
                    vec![
                        ("count".into(), t(lang.get(), Key::ByCount).into()),
                        ("value".into(), t(lang.get(), Key::ByValue).into()),
                    ]
                }
                current=move || if by_value.get() { "value" } else { "count" }.to_string()
                set=move |v: String| by_value.set(v == "value")
                attr:data-testid=testid
            />
        </Labelled>
    }
}

/// The funnel and pipeline charts for the dashboard's current query.
#[component]
pub(crate) fn DashboardCharts(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    report: Memo<Report>,
    query: Memo<Query>,
) -> impl IntoView {
    let funnel_value = RwSignal::new(false);
    let stack_value = RwSignal::new(false);
    let stack_by = RwSignal::new(StackBy::Source);
    let funnel_data = Memo::new(move |_| {
        report.with(|r| ds.with(|d| funnel_input(d, r, funnel_value.get(), lang.get())))
    });
    let index = kpi_index();
    let stack_data = Memo::new(move |_| {
        let (by, by_value, lang) = (stack_by.get(), stack_value.get(), lang.get());
        with_index(index, |ix| {
            query.with(|q| ds.with(|d| stack_input(d, ix, q, by, by_value, lang)))
        })
    });
    let cycle_all = Memo::new(move |_| {
        let lang = lang.get();
        with_index(index, |ix| {
            query.with(|q| ds.with(|d| cycle_input(d, ix, q, lang)))
        })
    });
    let cycle_data = Memo::new(move |_| cycle_all.with(|c| c.0.clone()));
    let cycle_title = Signal::derive(move || t(lang.get(), Key::CycleChartTitle).to_string());
    let forecast_data = Memo::new(move |_| {
        let lang = lang.get();
        with_index(index, |ix| {
            query.with(|q| report.with(|r| ds.with(|d| forecast_input(d, ix, q, r, lang))))
        })
    });
    let forecast_title = Signal::derive(move || t(lang.get(), Key::ForecastChartTitle).to_string());
    let trend_data = Memo::new(move |_| {
        let lang = lang.get();
        with_index(index, |ix| {
            query.with(|q| ds.with(|d| trend_input(d, ix, q, lang)))
        })
    });
    let trend_title = Signal::derive(move || t(lang.get(), Key::TrendChartTitle).to_string());
    let funnel_title = Signal::derive(move || t(lang.get(), Key::FunnelChartTitle).to_string());
    let stack_title = Signal::derive(move || t(lang.get(), Key::PipelineChartTitle).to_string());
    view! {
        <section class="charts" aria-labelledby="charts-title">
            <h2 id="charts-title" class="visually-hidden">
                {move || t(lang.get(), Key::ChartsHeading)}
            </h2>
            <div class="chart-grid">
                <ChartCanvas
                    name="funnel"
                    lang=lang
                    title=funnel_title
                    input=funnel_data
                    paint=|area, steps, frame| funnel::draw(area, steps, frame)
                    height=260
                    controls=move || measure_switch(lang, funnel_value, "funnel-measure")
                />
                <ChartCanvas
                    name="pipeline"
                    lang=lang
                    title=stack_title
                    input=stack_data
                    paint=stack::draw
                    height=260
                    controls=move || {
                        view! {
                            <Labelled text=move || t(lang.get(), Key::StackByLabel)>
                                <Choice
                                    options=move || {
                                        vec![
                                            ("source".into(), t(lang.get(), Key::FieldSource).into()),
                                            ("owner".into(), t(lang.get(), Key::FieldOwner).into()),
                                        ]
                                    }
                                    current=move || {
                                        if stack_by.get() == StackBy::Owner {
                                            "owner"
                                        } else {
                                            "source"
                                        }
                                            .to_string()
                                    }
                                    set=move |v: String| {
                                        stack_by
                                            .set(
                                                if v == "owner" { StackBy::Owner } else { StackBy::Source },
                                            )
                                    }
                                    attr:data-testid="stack-by"
                                />
                            </Labelled>
                            {measure_switch(lang, stack_value, "stack-measure")}
                        }
                    }
                />
                <ChartCanvas
                    name="trend"
                    lang=lang
                    title=trend_title
                    input=trend_data
                    paint=lines::draw
                    height=260
                />
                <ChartCanvas
                    name="cycle"
                    lang=lang
                    title=cycle_title
                    input=cycle_data
                    paint=histogram::draw
                    height=240
                >
                    <p class="muted" data-testid="cycle-by-source">
                        <strong>{move || t(lang.get(), Key::BySource)}</strong>
                        " "
                        {move || cycle_all.with(|c| c.1.clone())}
                    </p>
                </ChartCanvas>
                <ChartCanvas
                    name="forecast"
                    lang=lang
                    title=forecast_title
                    input=forecast_data
                    paint=forecast::draw
                    height=240
                />
            </div>
        </section>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::kpi::{report, Period};
    use crate::domain::sample::sample_dataset;
    use crate::domain::Date;

    fn setup() -> (Dataset, Query) {
        let today = Date::parse("2025-06-30").unwrap();
        let ds = sample_dataset(today, Language::En);
        let q = Query {
            period: Period::all(),
            filter: Default::default(),
            mode: Default::default(),
            today,
        };
        (ds, q)
    }

    #[test]
    fn funnel_input_labels_steps_and_drops_visitors_in_value_mode() {
        let (ds, q) = setup();
        let r = report(&ds, &q);
        let counts = funnel_input(&ds, &r, false, Language::En);
        assert_eq!(counts.shape[0].label, "Visitors");
        assert_eq!(counts.shape.len(), counts.tips.len());
        assert_eq!(counts.shape[1].label, "Lead");
        assert!(
            counts.shape[2].caption.contains("(−"),
            "{}",
            counts.shape[2].caption
        );
        let values = funnel_input(&ds, &r, true, Language::En);
        assert_eq!(values.shape.len(), counts.shape.len() - 1);
        assert!(values.shape[0].caption.starts_with(&fmt_money(
            Language::En,
            Money {
                minor: values.shape[0].size as i64,
                currency: ds.settings.display_currency
            }
        )));
        let fa = funnel_input(&ds, &r, false, Language::Fa);
        assert!(
            fa.shape[1]
                .caption
                .chars()
                .any(|c| ('۰'..='۹').contains(&c)),
            "Persian digits"
        );
    }

    #[test]
    fn stack_input_caps_series_and_tips_match_segments() {
        let (mut ds, q) = setup();
        // Many sources: the smallest ones fold into "Other".
        for (i, deal) in ds.deals.iter_mut().enumerate() {
            deal.source = Some(format!("s{}", i % 9).as_str().into());
        }
        let drawn = stack_input(
            &ds,
            Some(&DealIndex::new(&ds)),
            &q,
            StackBy::Source,
            false,
            Language::En,
        );
        assert_eq!(drawn.shape.series.len(), MAX_SERIES);
        assert_eq!(drawn.shape.series.last().unwrap().name, "Other");
        assert_eq!(
            drawn.tips.len(),
            drawn.shape.series.len() * drawn.shape.columns.len()
        );
        let total: f64 = drawn.shape.series.iter().flat_map(|s| &s.values).sum();
        let r = report(&ds, &q);
        assert_eq!(total as u64, r.snapshot.open);
    }

    #[test]
    fn cycle_and_forecast_inputs_carry_the_report_numbers() {
        let (ds, q) = setup();
        let r = report(&ds, &q);
        let (cycle, by_source) = cycle_input(&ds, None, &q, Language::En);
        assert_eq!(cycle.shape.markers.len(), 2, "median and p90");
        assert_eq!(cycle.shape.counts.iter().sum::<f64>() as u64, r.current.won);
        assert_eq!(cycle.rows.len(), cycle.shape.labels.len());
        assert!(by_source.contains("Website"), "{by_source}");
        let fc = forecast_input(&ds, Some(&DealIndex::new(&ds)), &q, &r, Language::En);
        assert_eq!(
            fc.shape.actual.last().unwrap().1 as i64,
            r.current.won_value
        );
        assert_eq!(fc.tips.len(), fc.rows.len());
    }
}
