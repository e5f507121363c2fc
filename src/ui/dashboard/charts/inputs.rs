//! The dashboard charts' inputs: each chart's data built from the dataset and report.

use super::{heads, money, MAX_SERIES};
use crate::chart::forecast::{self, Path};
use crate::chart::funnel::Step;
use crate::chart::histogram::Histogram;
use crate::chart::lines::{nice_top, Lines};
use crate::chart::stack::{Series, Stack};
use crate::domain::kpi::charts::{
    cycle_histogram, forecast_path, funnel_points, pipeline_stack, trend, StackBy,
};
use crate::domain::kpi::{DealIndex, Query, Report};
use crate::domain::{Dataset, Language};
use crate::i18n::{fmt_date, fmt_days, fmt_int, fmt_percent, localize_digits, t, tf, Key};
use crate::ui::charts::Drawn;

/// The funnel's steps and tips; in value mode visitors (who have no value) are left out.
pub(in crate::ui::dashboard) fn funnel_input(
    ds: &Dataset,
    r: &Report,
    by_value: bool,
    lang: Language,
) -> Drawn<Vec<Step>> {
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
pub(in crate::ui::dashboard) fn stack_input(
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
            line: None,
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
pub(in crate::ui::dashboard) fn trend_input(
    ds: &Dataset,
    index: Option<&DealIndex>,
    q: &Query,
    lang: Language,
) -> Drawn<Lines> {
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
pub(in crate::ui::dashboard) fn cycle_input(
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
pub(in crate::ui::dashboard) fn forecast_input(
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
