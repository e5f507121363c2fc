//! The telesales charts' inputs: calls per day, week or month by rep with the connect rate over
//! them, speed to lead in bins, and conversion by call attempts. Every number comes from
//! `kpi::activity`; here it is only labelled, capped and formatted.

use super::charts::{heads, MAX_SERIES};
use super::details::owner_label;
use crate::chart::stack::{Overlay, Series, Stack};
use crate::domain::kpi::activity::{ActivityKpis, AttemptBucket, Bucket, CallTrend};
use crate::domain::kpi::Ratio;
use crate::domain::{Dataset, Language};
use crate::i18n::{fmt_date, fmt_int, fmt_percent, localize_digits, t, tf, Key};
use crate::ui::charts::Drawn;

/// Reps beyond this many are summed into "Other"; one palette colour stays for the rate line.
const MAX_REPS: usize = MAX_SERIES - 1;

/// "3", "4–6" or "7+" in the user's digits.
pub(super) fn attempts_label(lang: Language, b: &AttemptBucket) -> String {
    match (b.from, b.to) {
        (from, to) if from == to => fmt_int(lang, i64::from(from)),
        (from, u32::MAX) => format!("{}+", fmt_int(lang, i64::from(from))),
        (from, to) => format!(
            "{}–{}",
            fmt_int(lang, i64::from(from)),
            fmt_int(lang, i64::from(to))
        ),
    }
}

fn n(lang: Language, x: u64) -> String {
    fmt_int(lang, x as i64)
}

/// Stacked calls per bucket and rep (the smallest reps as "Other"), the connect rate as a line.
pub(super) fn calls_input(ds: &Dataset, tr: &CallTrend, lang: Language) -> Drawn<Stack> {
    let cal = crate::i18n::calendar();
    let columns: Vec<String> = tr
        .buckets
        .iter()
        .map(|b| {
            let text = crate::i18n::short_date(cal, b.start, tr.bucket != Bucket::Month);
            localize_digits(lang, &text)
        })
        .collect();
    let ranges: Vec<String> = tr
        .buckets
        .iter()
        .map(|b| {
            if b.start == b.end {
                fmt_date(lang, b.start)
            } else {
                format!("{} – {}", fmt_date(lang, b.start), fmt_date(lang, b.end))
            }
        })
        .collect();
    let mut reps: Vec<(String, Vec<u64>)> = tr
        .owners
        .iter()
        .zip(&tr.calls)
        .map(|(o, calls)| (owner_label(ds, o.as_ref(), lang), calls.clone()))
        .collect();
    if reps.len() > MAX_REPS {
        let rest = reps.split_off(MAX_REPS - 1);
        let mut other = vec![0u64; tr.buckets.len()];
        for (_, calls) in rest {
            for (o, c) in other.iter_mut().zip(calls) {
                *o += c;
            }
        }
        reps.push((t(lang, Key::Other).to_string(), other));
    }
    let totals: Vec<u64> = (0..tr.buckets.len())
        .map(|i| reps.iter().map(|(_, c)| c[i]).sum())
        .collect();
    let rates: Vec<Ratio> = totals
        .iter()
        .zip(&tr.connected)
        .map(|(all, conn)| Ratio::new(*conn, *all))
        .collect();
    let mut tips = Vec::new();
    for (name, calls) in &reps {
        for (i, range) in ranges.iter().enumerate() {
            tips.push(tf(
                lang,
                Key::CallsTip,
                &[
                    ("period", range),
                    ("owner", name),
                    ("n", &n(lang, calls[i])),
                    ("total", &n(lang, totals[i])),
                    ("rate", &fmt_percent(lang, rates[i].value())),
                ],
            ));
        }
    }
    let rows = ranges
        .iter()
        .enumerate()
        .map(|(i, range)| {
            let mut row = vec![range.clone()];
            row.extend(reps.iter().map(|(_, c)| n(lang, c[i])));
            row.extend([
                n(lang, totals[i]),
                n(lang, rates[i].num),
                fmt_percent(lang, rates[i].value()),
            ]);
            row
        })
        .collect();
    let mut head = heads(lang, &[Key::Period]);
    head.extend(reps.iter().map(|(name, _)| name.clone()));
    head.extend(heads(
        lang,
        &[Key::ColCalls, Key::ConnectedCalls, Key::ColConnectRate],
    ));
    let shape = Stack {
        columns,
        totals: totals.iter().map(|c| n(lang, *c)).collect(),
        series: reps
            .into_iter()
            .map(|(name, calls)| Series {
                name,
                values: calls.iter().map(|c| *c as f64).collect(),
            })
            .collect(),
        line: Some(Overlay {
            name: t(lang, Key::ColConnectRate).to_string(),
            values: rates.iter().map(Ratio::value).collect(),
            ticks: ["0%", "50%", "100%"].map(|s| localize_digits(lang, s)),
        }),
    };
    Drawn {
        shape,
        tips,
        head,
        rows,
    }
}

/// The timed new leads by minutes to their first contact, with each bin's share.
pub(super) fn speed_input(k: &ActivityKpis, lang: Language) -> Drawn<Stack> {
    let labels: Vec<String> = [
        Key::SpeedBin5Min,
        Key::SpeedBinHour,
        Key::SpeedBinDay,
        Key::SpeedBinWeek,
        Key::SpeedBinLater,
        Key::SpeedBinNever,
    ]
    .iter()
    .map(|key| t(lang, *key).to_string())
    .collect();
    let bins = k.speed.bins;
    let share = |x: u64| fmt_percent(lang, Ratio::new(x, k.speed.leads).value());
    let tips = labels
        .iter()
        .zip(bins)
        .map(|(bin, x)| {
            tf(
                lang,
                Key::SpeedTip,
                &[("bin", bin), ("n", &n(lang, x)), ("share", &share(x))],
            )
        })
        .collect();
    let rows = labels
        .iter()
        .zip(bins)
        .map(|(bin, x)| vec![bin.clone(), n(lang, x), share(x)])
        .collect();
    Drawn {
        shape: Stack {
            columns: labels,
            series: vec![Series {
                name: t(lang, Key::ColLeads).to_string(),
                values: bins.iter().map(|x| *x as f64).collect(),
            }],
            totals: bins.iter().map(|x| share(*x)).collect(),
            line: None,
        },
        tips,
        head: heads(lang, &[Key::ColFirstContact, Key::ColLeads, Key::ColShare]),
        rows,
    }
}

/// Leads per number of call attempts, won stacked under not won, the win rate above.
pub(super) fn attempts_input(k: &ActivityKpis, lang: Language) -> Drawn<Stack> {
    let b = &k.by_attempts;
    let columns: Vec<String> = b.iter().map(|x| attempts_label(lang, x)).collect();
    let tip = |x: &AttemptBucket, label: &String| {
        tf(
            lang,
            Key::AttemptsTip,
            &[
                ("attempts", label),
                ("leads", &n(lang, x.won.den)),
                ("won", &n(lang, x.won.num)),
                ("rate", &fmt_percent(lang, x.won.value())),
            ],
        )
    };
    // One tip per segment, series-major: the same words for both parts of a column.
    let tips = (0..2)
        .flat_map(|_| b.iter().zip(&columns).map(|(x, l)| tip(x, l)))
        .collect();
    let rows = b
        .iter()
        .zip(&columns)
        .map(|(x, label)| {
            vec![
                label.clone(),
                n(lang, x.won.den),
                n(lang, x.won.num),
                fmt_percent(lang, x.won.value()),
            ]
        })
        .collect();
    Drawn {
        shape: Stack {
            series: vec![
                Series {
                    name: t(lang, Key::SeriesWon).to_string(),
                    values: b.iter().map(|x| x.won.num as f64).collect(),
                },
                Series {
                    name: t(lang, Key::SeriesNotWon).to_string(),
                    values: b.iter().map(|x| (x.won.den - x.won.num) as f64).collect(),
                },
            ],
            totals: b
                .iter()
                .map(|x| {
                    x.won
                        .value()
                        .map_or_else(String::new, |v| fmt_percent(lang, Some(v)))
                })
                .collect(),
            columns,
            line: None,
        },
        tips,
        head: heads(
            lang,
            &[
                Key::ColAttempts,
                Key::ColLeads,
                Key::ColWon,
                Key::ColWinRate,
            ],
        ),
        rows,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::date::Timestamp;
    use crate::domain::kpi::activity::{activity_kpis, call_trend};
    use crate::domain::kpi::{Period, Query};
    use crate::domain::Date;

    fn setup() -> (Dataset, Query) {
        let today = Date::parse("2025-06-30").unwrap();
        let mut ds = crate::domain::sample::scaled_dataset(today, Language::En, 300, 8);
        crate::domain::sample_calls::add_sample_calls(&mut ds, 7, Timestamp(1), today);
        let q = Query {
            period: Period {
                start: Date::parse("2025-04-01").unwrap(),
                end: today,
            },
            filter: Default::default(),
            mode: Default::default(),
            today,
        };
        (ds, q)
    }

    #[test]
    fn calls_chart_caps_reps_and_its_table_matches_the_kpis() {
        let (mut ds, q) = setup();
        // Seven callers: more than the chart shows one by one.
        for (i, a) in ds.activities.iter_mut().enumerate() {
            a.owner = Some(crate::domain::OwnerId::from(format!("r{}", i % 7).as_str()));
        }
        let tr = call_trend(&ds, &q);
        let k = activity_kpis(&ds, &q);
        assert!(tr.owners.len() > MAX_REPS, "{} reps", tr.owners.len());
        let drawn = calls_input(&ds, &tr, Language::En);
        assert_eq!(drawn.shape.series.len(), MAX_REPS);
        assert_eq!(drawn.shape.series.last().unwrap().name, "Other");
        assert_eq!(
            drawn.tips.len(),
            drawn.shape.series.len() * drawn.shape.columns.len()
        );
        let drawn_calls: f64 = drawn.shape.series.iter().flat_map(|s| &s.values).sum();
        assert_eq!(drawn_calls as u64, k.calls);
        // Table columns: period, the reps, calls, connected, rate.
        let calls_col = 1 + MAX_REPS;
        let sum = |col: usize| -> u64 {
            drawn
                .rows
                .iter()
                .map(|r| r[col].replace(',', "").parse::<u64>().unwrap())
                .sum()
        };
        assert_eq!(sum(calls_col), k.calls);
        assert_eq!(sum(calls_col + 1), k.connect.num);
        assert_eq!(drawn.head.len(), drawn.rows[0].len());
        let line = drawn.shape.line.as_ref().unwrap();
        assert!(line
            .values
            .iter()
            .flatten()
            .all(|v| (0.0..=1.0).contains(v)));
        let fa = calls_input(&ds, &tr, Language::Fa);
        assert!(fa
            .shape
            .totals
            .iter()
            .all(|t| !t.chars().any(|c| c.is_ascii_digit())));
    }

    #[test]
    fn speed_and_attempts_charts_show_the_kpi_numbers() {
        let (ds, q) = setup();
        let k = activity_kpis(&ds, &q);
        let speed = speed_input(&k, Language::En);
        let leads: f64 = speed.shape.series[0].values.iter().sum();
        assert_eq!(leads as u64, k.speed.leads);
        assert_eq!(
            speed.rows[0][1],
            fmt_int(Language::En, k.speed.within_five.num as i64)
        );
        assert_eq!(
            speed.rows[5][1],
            fmt_int(Language::En, k.speed.uncalled as i64)
        );
        assert_eq!(speed.tips.len(), 6);
        let attempts = attempts_input(&k, Language::En);
        assert_eq!(attempts.shape.columns, ["0", "1", "2", "3", "4–6", "7+"]);
        assert_eq!(attempts.tips.len(), 12);
        for (row, b) in attempts.rows.iter().zip(&k.by_attempts) {
            assert_eq!(row[1], fmt_int(Language::En, b.won.den as i64));
            assert_eq!(row[3], fmt_percent(Language::En, b.won.value()));
        }
        let stacked: f64 = attempts.shape.series.iter().flat_map(|s| &s.values).sum();
        assert_eq!(
            stacked as u64,
            k.by_attempts.iter().map(|b| b.won.den).sum::<u64>()
        );
    }
}
