//! The loss charts' inputs: lost deals by the stage lost from, stacked by reason, and the top
//! reasons over the period — built from the domain's loss report, no browser in sight.

use crate::chart::lines::{nice_top, Lines};
use crate::chart::stack::{Series, Stack};
use crate::domain::kpi::loss::LossReport;
use crate::domain::{Dataset, Language};
use crate::i18n::{fmt_date, fmt_int, localize_digits, t, tf, Key};
use crate::ui::charts::Drawn;
use crate::ui::dashboard::charts::{heads, money, MAX_SERIES};

/// A reason as the user reads it.
pub(super) fn reason_label(lang: Language, reason: Option<&str>) -> String {
    reason.map_or_else(|| t(lang, Key::NoReason).to_string(), str::to_owned)
}

/// A stage lost from as the user reads it.
pub(super) fn stage_label(ds: &Dataset, lang: Language, stage: Option<&str>) -> String {
    match stage {
        Some(id) => ds
            .stage(&id.into())
            .map_or_else(|| id.to_owned(), |s| s.name.clone()),
        None => t(lang, Key::BeforeAnyStage).to_string(),
    }
}

/// Columns: the stages lost from (funnel order); series: the most frequent reasons, the rest
/// summed as "Other".
pub(super) fn loss_stack_input(
    ds: &Dataset,
    r: &LossReport,
    by_value: bool,
    lang: Language,
) -> Drawn<Stack> {
    let stages: Vec<Option<&str>> = r
        .by_stage
        .iter()
        .map(|g| g.key.as_ref().map(|s| s.as_str()))
        .collect();
    let columns: Vec<String> = stages.iter().map(|s| stage_label(ds, lang, *s)).collect();
    let named = if r.by_reason.len() > MAX_SERIES {
        MAX_SERIES - 1
    } else {
        r.by_reason.len()
    };
    let reasons: Vec<Option<&str>> = r.by_reason[..named]
        .iter()
        .map(|g| g.key.as_deref())
        .collect();
    let rows_n = named + usize::from(r.by_reason.len() > named);
    let mut counts = vec![vec![0u64; columns.len()]; rows_n];
    let mut values = vec![vec![0i64; columns.len()]; rows_n];
    for l in &r.losses {
        let row = reasons
            .iter()
            .position(|x| *x == l.reason.as_deref())
            .unwrap_or(named);
        let column = stages
            .iter()
            .position(|s| *s == l.from.as_ref().map(|f| f.as_str()));
        if let (Some(c), true) = (column, row < rows_n) {
            counts[row][c] += 1;
            values[row][c] += l.value;
        }
    }
    let mut names: Vec<String> = reasons.iter().map(|x| reason_label(lang, *x)).collect();
    if rows_n > named {
        names.push(t(lang, Key::OtherReasons).to_string());
    }
    let mut tips = Vec::new();
    let mut rows = Vec::new();
    for (k, name) in names.iter().enumerate() {
        for (c, column) in columns.iter().enumerate() {
            let (n, v) = (
                fmt_int(lang, counts[k][c] as i64),
                money(ds, lang, values[k][c]),
            );
            tips.push(tf(
                lang,
                Key::StackTip,
                &[
                    ("stage", column),
                    ("group", name),
                    ("count", &n),
                    ("value", &v),
                ],
            ));
            rows.push(vec![column.clone(), name.clone(), n, v]);
        }
    }
    let totals = (0..columns.len())
        .map(|c| {
            if by_value {
                money(ds, lang, values.iter().map(|v| v[c]).sum())
            } else {
                fmt_int(lang, counts.iter().map(|v| v[c]).sum::<u64>() as i64)
            }
        })
        .collect();
    let series = names
        .into_iter()
        .enumerate()
        .map(|(k, name)| Series {
            name,
            values: if by_value {
                values[k].iter().map(|v| *v as f64).collect()
            } else {
                counts[k].iter().map(|v| *v as f64).collect()
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
            &[
                Key::ColLostFrom,
                Key::ColReason,
                Key::ColCount,
                Key::FieldValue,
            ],
        ),
        rows,
    }
}

/// One line per top reason (and "Other") across the period's weeks or months.
pub(super) fn reason_trend_input(r: &LossReport, lang: Language) -> Drawn<Lines> {
    let tr = &r.trend;
    let mut names: Vec<String> = tr
        .reasons
        .iter()
        .map(|x| reason_label(lang, x.as_deref()))
        .collect();
    if tr.counts.len() > tr.reasons.len() {
        names.push(t(lang, Key::OtherReasons).to_string());
    }
    let labels = tr
        .buckets
        .iter()
        .map(|b| {
            let text = crate::i18n::short_date(crate::i18n::calendar(), b.start, tr.weekly);
            localize_digits(lang, &text)
        })
        .collect();
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
            .zip(&tr.counts)
            .map(|(name, row)| format!("{name}: {}", fmt_int(lang, row[i] as i64)))
            .collect();
        tips.push(format!("{range} · {}", parts.join(" · ")));
        let mut row = vec![range];
        row.extend(tr.counts.iter().map(|c| fmt_int(lang, c[i] as i64)));
        rows.push(row);
    }
    let top = nice_top(tr.counts.iter().flatten().copied().max().unwrap_or(0) as f64);
    let mut head = heads(lang, &[Key::Period]);
    head.extend(names.iter().cloned());
    Drawn {
        shape: Lines {
            labels,
            series: names
                .into_iter()
                .zip(&tr.counts)
                .map(|(name, row)| Series {
                    name,
                    values: row.iter().map(|v| *v as f64).collect(),
                })
                .collect(),
            previous: Vec::new(),
            ticks: [0.0, 0.5, 1.0].map(|f| fmt_int(lang, (top * f).round() as i64)),
        },
        tips,
        head,
        rows,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::kpi::loss::loss_report;
    use crate::domain::kpi::{Filter, FunnelMode, Period, Query};
    use crate::domain::sample::sample_dataset;
    use crate::domain::Date;

    fn sample() -> (Dataset, LossReport) {
        let today = Date::parse("2025-06-30").unwrap();
        let ds = sample_dataset(today, Language::En);
        let q = Query {
            period: Period {
                start: today.add_days(-179),
                end: today,
            },
            filter: Filter::default(),
            mode: FunnelMode::Cohort,
            today,
        };
        let r = loss_report(&ds, None, &q);
        (ds, r)
    }

    #[test]
    fn the_stack_holds_every_loss_once() {
        let (ds, r) = sample();
        assert!(r.losses.len() > 10, "the sample loses deals");
        for by_value in [false, true] {
            let d = loss_stack_input(&ds, &r, by_value, Language::En);
            let total: f64 = d.shape.series.iter().flat_map(|s| s.values.iter()).sum();
            let expected = if by_value {
                r.value as f64
            } else {
                r.losses.len() as f64
            };
            assert_eq!(total, expected);
            assert!(d.shape.series.len() <= MAX_SERIES);
            assert_eq!(d.tips.len(), d.shape.series.len() * d.shape.columns.len());
        }
    }

    #[test]
    fn the_trend_has_a_line_per_top_reason_and_a_row_per_bucket() {
        let (_, r) = sample();
        let d = reason_trend_input(&r, Language::Fa);
        assert_eq!(d.shape.series.len(), r.trend.counts.len());
        assert_eq!(d.rows.len(), r.trend.buckets.len());
        let sum: f64 = d.shape.series.iter().flat_map(|s| s.values.iter()).sum();
        assert_eq!(sum, r.losses.len() as f64);
        assert!(
            d.shape.ticks[2].chars().all(|c| !c.is_ascii_digit()),
            "Persian digits"
        );
    }
}
