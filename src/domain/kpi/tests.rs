//! Golden, rule and property tests of the KPI engine.
//!
//! `tests/fixtures/golden.json`: 11 deals, today = 2025-04-15, period = March 2025 (as of 03-31),
//! previous period = 2025-01-29 … 02-28. Values in USD cents unless noted.
//!
//! | deal | src/owner | value | log | notes |
//! |---|---|---|---|---|
//! | A | website/sara | 1000 | lead 03-01, mql 03-03, sql 03-08, won 03-18 | cycle 17 |
//! | B | website/sara | 2000 | lead 03-02, mql 03-04, lost 03-10 | closed cycle 8 |
//! | C | phone/reza | 500 | lead 03-05, sql 03-06, won 03-25 | skipped MQL; cycle 20 |
//! | D | phone/reza | 0 | lead 03-10, mql 03-12 | zero value; 19 days in MQL |
//! | E | referral/sara | 3000 | lead 03-15, mql 03-20, sql 03-28 | expected close 03-30 |
//! | F | website/reza | 1500 | lead 02-10, mql 02-15, sql 02-20, won 03-05 | Feb lead, won in March; cycle 23 |
//! | G | website/sara | 800 | lead 02-05, mql 02-06, lost 02-20 | previous period |
//! | H | phone/reza | 1200 | lead 03-20, mql 03-22, sql 03-26, mql 03-27 | moved back |
//! | I | ads/sara | 400 | lead 03-12, mql 03-14, sql 03-16, won 03-20, sql 03-24 | reopened |
//! | J | website/sara | 700 | lead 03-29, mql 04-20 | future-dated MQL |
//! | K | phone/reza | 900 EUR | lead 03-08, mql 03-09, sql 03-11, won 03-21 | other currency; cycle 13 |
//!
//! Worked out by hand:
//! - Leads (first contact in March): A B C D E H I J K = 9. Visitors: website 3100 + ads 600 × 16/30
//!   (03-16…03-31 of a 30-day entry) = 320 → 3420. Visitor → lead = 9/3420.
//! - Cohort funnel (furthest stage reached as of 03-31): lead 9; MQL 8 (all but J, whose MQL is in
//!   the future); SQL 6 (A C E H I K — C skipped MQL, H moved back, I reopened); won 4 (A C I K).
//!   Step rates 8/9, 6/8, 4/6. Values: lead 8800, MQL 8100, SQL 6100, won 1900 (K is EUR).
//! - Transitions completed in March: lead→MQL A2 B2 D2 E5 H2 I2 K1 → n 7, mean 16/7, median 2,
//!   p90 5; MQL→SQL A5 E8 H4 I2 K2 → n 5, mean 4.2, median 4, p90 8; SQL→won A10 C19 I4 K10 F13 →
//!   n 5, mean 11.2, median 10, p90 19.
//! - Closed in March: won A C F K, lost B (I is open again). Win rate 4/5. Cycle [17 20 23 13]:
//!   mean 18.25, median 18.5, p90 23. Won+lost [17 8 20 23 13]: mean 16.2, median 17, p90 23.
//!   By source: website (A17, F23) mean 20; phone (C20, K13) mean 16.5. By owner: sara 17;
//!   reza (C20 F23 K13) median 20.
//! - Won value A+C+F = 3000; average deal size 1000.
//! - Snapshot 03-31: open D E H I J = 5; qualified (SQL) E I = 2, value 3400. Per stage: lead J
//!   (700), MQL D H (1200), SQL E I (3400). Ages 21 16 11 19 2: mean 13.8, median 16.
//! - Win probabilities from closed deals A B C F G K: lead (4 + 0.5)/(6 + 10) = 0.28125; MQL
//!   (4 + 1.5)/16 = 0.34375; SQL (4 + 4)/(4 + 10) = 4/7. Weighted = 700·0.28125 + 1200·0.34375 +
//!   3400·4/7 = 2552.23… dollars.
//! - Stuck: MQL dwell times 5 6 8 5 14 4 2 2 → p90 14; D has been in MQL 19 days → stuck.
//! - Velocity = 2 × 0.8 × 1000 ÷ 18.25 dollars per day.
//! - Quota (team goal 5000, 4 deals): attainment 0.6 and 1.0; remaining 2000; expected to close by
//!   03-31: E 3000 → coverage 1.5; needed 1/0.8 = 1.25; lead → customer over the trailing year
//!   4/11; leads needed ⌈2000 / (4/11 × 1000)⌉ = 6.
//! - Previous period: leads F G = 2, visitors 2800; funnel 2, 2, 1, 0 (F's win is after 02-28);
//!   lost G → win rate 0/1.
//! - Insights: history (3 × 31 days before March) has only 2 leads → no bottleneck; slowest step
//!   with ≥ 5 deals is SQL → won, median 10 days.

use super::*;
use crate::date::Timestamp;
use crate::format::schema::load_json;

const GOLDEN: &str = include_str!("../../../tests/fixtures/golden.json");

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn golden() -> Dataset {
    load_json(GOLDEN).unwrap()
}

fn march() -> Query {
    Query {
        period: Period {
            start: day("2025-03-01"),
            end: day("2025-03-31"),
        },
        filter: Filter::default(),
        mode: FunnelMode::Cohort,
        today: day("2025-04-15"),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

fn stats(n: u64, mean: f64, median: f64, p90: f64) -> DayStats {
    DayStats {
        n,
        mean: Some(mean),
        median: Some(median),
        p90: Some(p90),
    }
}

/// The app builds one index per dataset change and reuses it for every period and filter: the
/// answers must be those of a fresh computation, and a stale index must never be used.
#[test]
fn one_index_serves_every_period_and_filter() {
    let today = day("2026-11-27");
    let ds = crate::sample::sample_dataset(today, crate::Language::En);
    let index = DealIndex::new(&ds);
    for preset in [
        PeriodPreset::Last30Days,
        PeriodPreset::Last90Days,
        PeriodPreset::ThisYear,
    ] {
        for filter in [
            Filter::default(),
            Filter {
                sources: vec!["phone".into()],
                ..Filter::default()
            },
        ] {
            let q = Query {
                period: preset.period(today),
                filter,
                mode: FunnelMode::Cohort,
                today,
            };
            assert_eq!(report_in(&ds, Some(&index), &q), report(&ds, &q));
            assert_eq!(
                leaderboard::leaderboard(&ds, Some(&index), &q),
                leaderboard::leaderboard(&ds, None, &q)
            );
        }
    }
    let mut fewer = ds.clone();
    fewer.deals.truncate(10);
    let q = Query {
        period: PeriodPreset::Last90Days.period(today),
        filter: Filter::default(),
        mode: FunnelMode::Cohort,
        today,
    };
    assert!(!index.fits(&fewer));
    assert_eq!(report_in(&fewer, Some(&index), &q), report(&fewer, &q));
    // Same size, one deal edited (every edit stamps updated_at): the old index is stale too.
    let mut edited = ds.clone();
    edited.deals[0].events.truncate(1);
    edited.deals[0].updated_at = Timestamp(edited.deals[0].updated_at.0 + 1);
    assert!(index.fits(&ds) && !index.fits(&edited));
    assert_eq!(report_in(&edited, Some(&index), &q), report(&edited, &q));
}

/// A pipeline lead → MQL → SQL → won/lost with USD 10.00 deals, each given as its log.
fn mini(deals: &[(&str, &[(&str, &str)])]) -> Dataset {
    let mut ds = Dataset::new(crate::model::Language::En);
    for (id, log) in deals {
        let log: Vec<(&str, Date)> = log.iter().map(|(s, d)| (*s, day(d))).collect();
        ds.deals.push(test_deal(id, &log));
    }
    ds
}

fn month(start: &str, end: &str, mode: FunnelMode) -> Query {
    Query {
        period: Period {
            start: day(start),
            end: day(end),
        },
        filter: Filter::default(),
        mode,
        today: day("2025-04-15"),
    }
}

#[test]
fn rules_a_reopened_win_stays_a_win_of_its_period() {
    // W: won in January, reopened in February, won again in March. S: won and reopened within
    // January, so January's period funnel saw it enter "won" but it is not won at January's end.
    let ds = mini(&[
        (
            "W",
            &[
                ("lead", "2025-01-05"),
                ("won", "2025-01-20"),
                ("sql", "2025-02-10"),
                ("won", "2025-03-05"),
            ],
        ),
        (
            "S",
            &[
                ("lead", "2025-01-06"),
                ("won", "2025-01-10"),
                ("sql", "2025-01-15"),
            ],
        ),
    ]);
    for mode in [FunnelMode::Cohort, FunnelMode::Period] {
        let jan = report(&ds, &month("2025-01-01", "2025-01-31", mode)).current;
        let feb = report(&ds, &month("2025-02-01", "2025-02-28", mode)).current;
        let mar = report(&ds, &month("2025-03-01", "2025-03-31", mode)).current;
        assert_eq!((jan.won, feb.won, mar.won), (1, 0, 1), "{mode:?}");
        assert_eq!(jan.cycle.mean, Some(15.0), "W: 01-05 → 01-20");
        assert_eq!(mar.cycle.mean, Some(59.0), "W: 01-05 → 03-05");
        let customers = |k: &PeriodKpis| k.funnel[3].count;
        match mode {
            // Both reached "won" by January's end, and the cohort keeps the stages reached.
            FunnelMode::Cohort => assert_eq!(customers(&jan), 2),
            // Entries into "won" in each month: W and S in January, W again in March.
            FunnelMode::Period => {
                assert_eq!(
                    (customers(&jan), customers(&feb), customers(&mar)),
                    (2, 0, 1)
                );
            }
        }
    }
}

#[test]
fn rules_the_stage_filter_reads_the_stage_today() {
    // J's MQL is dated 04-20, after today (04-15): today J is still a lead.
    let mut q = march();
    q.filter.stages = vec!["lead".into()];
    assert_eq!(report(&golden(), &q).current.leads, 1, "J only");
    q.filter.stages = vec!["mql".into()];
    let r = report(&golden(), &q);
    assert_eq!((r.current.leads, r.snapshot.open), (2, 2), "D and H, not J");
}

#[test]
fn rules_stuck_counts_each_deal_once_per_stage() {
    // Five deals stayed 10…50 days in SQL; B bounced SQL ↔ MQL with ten one-day SQL stays (10 in
    // all); O has been in SQL for 45 days. Per-stay samples would give p90 = 40 and call O stuck;
    // one sample per deal: 10 10 20 30 40 50 → p90 (6th of 6) = 50, O is not stuck.
    let mut deals: Vec<(String, Vec<(String, String)>)> = [10, 20, 30, 40, 50]
        .iter()
        .map(|d| {
            let won = day("2025-01-01").add_days(*d).to_string();
            (
                format!("S{d}"),
                vec![
                    ("lead".into(), "2024-12-20".into()),
                    ("sql".into(), "2025-01-01".into()),
                    ("won".into(), won),
                ],
            )
        })
        .collect();
    let mut bounce = vec![("lead".to_string(), "2024-12-01".to_string())];
    for k in 0..10 {
        let sql = day("2025-01-01").add_days(2 * k);
        bounce.push(("sql".into(), sql.to_string()));
        bounce.push(("mql".into(), sql.add_days(1).to_string()));
    }
    deals.push(("B".into(), bounce));
    deals.push((
        "O".into(),
        vec![
            ("lead".into(), "2025-02-01".into()),
            ("sql".into(), "2025-03-01".into()),
        ],
    ));
    let logs: Vec<Vec<(&str, &str)>> = deals
        .iter()
        .map(|(_, log)| log.iter().map(|(s, d)| (s.as_str(), d.as_str())).collect())
        .collect();
    let spec: Vec<(&str, &[(&str, &str)])> = deals
        .iter()
        .zip(&logs)
        .map(|((id, _), log)| (id.as_str(), log.as_slice()))
        .collect();
    let ds = mini(&spec);
    let mut q = month("2025-04-01", "2025-04-30", FunnelMode::Cohort);
    q.today = day("2025-04-15");
    let s = report(&ds, &q).snapshot;
    let sql = ds.stage_index(&"sql".into()).unwrap();
    assert_eq!(s.stuck_limits[sql], Some(50.0));
    assert_eq!(s.stuck_count, 0, "45 days ≤ 50");
}

#[test]
fn rules_velocity_is_na_when_the_mean_cycle_is_zero() {
    // Won on its first day: a cycle of 0 days gives no rate per day.
    let ds = mini(&[
        ("A", &[("lead", "2025-03-10"), ("won", "2025-03-10")]),
        ("B", &[("lead", "2025-03-11"), ("sql", "2025-03-12")]),
    ]);
    let r = report(&ds, &month("2025-03-01", "2025-03-31", FunnelMode::Cohort));
    assert_eq!((r.current.cycle.mean, r.snapshot.qualified), (Some(0.0), 1));
    assert_eq!(r.velocity, None);
}

#[test]
fn rules_a_missing_qualified_stage_qualifies_no_deal() {
    let mut ds = golden();
    ds.settings.qualified_stage = "gone".into();
    let s = report(&ds, &march()).snapshot;
    assert_eq!((s.open, s.qualified, s.pipeline_value), (5, 0, 0));
    assert_eq!(s.weighted_value, 0.0);
}

#[test]
fn golden_funnel_and_visitors() {
    let r = report(&golden(), &march());
    let c = &r.current;
    assert_eq!((c.leads, c.visitors), (9, 3420));
    assert_eq!(c.visitor_to_lead, Ratio::new(9, 3420));
    let counts: Vec<_> = c
        .funnel
        .iter()
        .map(|s| (s.stage.as_str(), s.count, s.value))
        .collect();
    assert_eq!(
        counts,
        [
            ("lead", 9, 880_000),
            ("mql", 8, 810_000),
            ("sql", 6, 610_000),
            ("won", 4, 190_000)
        ]
    );
    let steps: Vec<_> = c.funnel.iter().map(|s| s.from_previous).collect();
    assert_eq!(
        steps,
        [
            None,
            Some(Ratio::new(8, 9)),
            Some(Ratio::new(6, 8)),
            Some(Ratio::new(4, 6))
        ]
    );
    assert_eq!(c.funnel[3].from_first, Ratio::new(4, 9));
}

#[test]
fn golden_transitions_and_cycles() {
    let c = report(&golden(), &march()).current;
    let t: Vec<_> = c
        .transitions
        .iter()
        .map(|t| (t.from.as_str(), t.to.as_str(), t.days.clone()))
        .collect();
    assert_eq!(t[0].0, "lead");
    assert_eq!(t[0].2.n, 7);
    assert!(close(t[0].2.mean.unwrap(), 16.0 / 7.0));
    assert_eq!((t[0].2.median, t[0].2.p90), (Some(2.0), Some(5.0)));
    assert_eq!(t[1].2, stats(5, 4.2, 4.0, 8.0));
    assert_eq!((t[2].0, t[2].1), ("sql", "won"));
    assert_eq!(t[2].2, stats(5, 11.2, 10.0, 19.0));

    assert_eq!((c.won, c.lost, c.win_rate), (4, 1, Ratio::new(4, 5)));
    assert_eq!(c.cycle, stats(4, 18.25, 18.5, 23.0));
    assert_eq!(c.cycle_closed, stats(5, 16.2, 17.0, 23.0));
    let by_source: Vec<_> = c
        .cycle_by_source
        .iter()
        .map(|g| (g.key.as_ref().map(|k| k.as_str()), g.days.n, g.days.mean))
        .collect();
    assert_eq!(
        by_source,
        [
            (Some("phone"), 2, Some(16.5)),
            (Some("website"), 2, Some(20.0))
        ]
    );
    let reza = c
        .cycle_by_owner
        .iter()
        .find(|g| g.key.as_ref().is_some_and(|k| k.as_str() == "reza"))
        .unwrap();
    assert_eq!((reza.days.n, reza.days.median), (3, Some(20.0)));
    // Typed by source (phone deals renewals, website deals new business), the cycle by type
    // is the cycle by source under the types' ids.
    let mut typed = golden();
    for d in &mut typed.deals {
        d.deal_type = d.source.as_ref().map(|s| {
            if s.as_str() == "phone" {
                "renewal".into()
            } else {
                "new-business".into()
            }
        });
    }
    let typed = report(&typed, &march());
    let by_type: Vec<_> = typed
        .current
        .cycle_by_type
        .iter()
        .map(|g| (g.key.as_ref().map(|k| k.as_str()), g.days.n, g.days.mean))
        .collect();
    assert_eq!(
        by_type,
        [
            (Some("new-business"), 2, Some(20.0)),
            (Some("renewal"), 2, Some(16.5))
        ]
    );
    assert!(c.cycle_by_type.iter().all(|g| g.key.is_none()));
    assert_eq!(c.won_value, 300_000);
    assert_eq!(c.avg_deal_size, Some(100_000.0));
}

#[test]
fn golden_snapshot_probabilities_and_stuck() {
    let r = report(&golden(), &march());
    let s = &r.snapshot;
    assert_eq!(s.as_of, day("2025-03-31"));
    assert_eq!((s.open, s.qualified, s.pipeline_value), (5, 2, 340_000));
    let per_stage: Vec<_> = s
        .stages
        .iter()
        .map(|x| (x.stage.as_str(), x.count, x.value))
        .collect();
    assert_eq!(
        per_stage,
        [
            ("lead", 1, 70_000),
            ("mql", 2, 120_000),
            ("sql", 2, 340_000)
        ]
    );
    assert_eq!(
        (s.age.n, s.age.mean, s.age.median),
        (5, Some(13.8), Some(16.0))
    );
    let probs: Vec<f64> = s.stages.iter().map(|x| x.win_probability.value).collect();
    assert!(
        close(probs[0], 0.28125) && close(probs[1], 0.34375) && close(probs[2], 4.0 / 7.0),
        "{probs:?}"
    );
    assert_eq!(
        (
            s.stages[2].win_probability.closed,
            s.stages[2].win_probability.won
        ),
        (4, 4)
    );
    // Over the deals of the pipeline value (E and I, at or beyond SQL), never above it.
    assert!(close(s.weighted_value, 340_000.0 * 4.0 / 7.0));
    assert!(s.weighted_value <= s.pipeline_value as f64);
    assert_eq!(
        s.stuck,
        vec![StuckDeal {
            deal: "D".into(),
            days: 19,
            p90: 14.0
        }]
    );
    assert_eq!(s.stuck_count, 1);
    let mql = golden().stage_index(&"mql".into()).unwrap();
    assert_eq!(s.stuck_limits[mql], Some(14.0));
    assert!(close(r.velocity.unwrap(), 2.0 * 0.8 * 100_000.0 / 18.25));
}

#[test]
fn golden_quota() {
    let q = report(&golden(), &march()).quota;
    assert_eq!((q.revenue_goal, q.deals_goal), (Some(500_000), Some(4.0)));
    assert_eq!(
        (q.revenue_attainment, q.deals_attainment),
        (Some(0.6), Some(1.0))
    );
    assert_eq!(
        (q.remaining, q.expected_to_close, q.coverage),
        (Some(200_000), 300_000, Some(1.5))
    );
    assert_eq!(q.coverage_needed, Some(1.25));
    assert_eq!(
        (q.lead_to_customer, q.leads_needed),
        (Ratio::new(4, 11), Some(6))
    );
    // With Sara as the owner filter her own goal applies (2 deals), not the team's.
    let mut sara = march();
    sara.filter.owners = vec!["sara".into()];
    let q = report(&golden(), &sara).quota;
    assert_eq!((q.revenue_goal, q.deals_goal), (None, Some(2.0)));
}

#[test]
fn golden_previous_period_and_deltas() {
    let r = report(&golden(), &march());
    let p = r.previous.as_ref().unwrap();
    assert_eq!(
        p.period,
        Period {
            start: day("2025-01-29"),
            end: day("2025-02-28")
        }
    );
    assert_eq!((p.leads, p.visitors), (2, 2800));
    assert_eq!(
        p.funnel.iter().map(|s| s.count).collect::<Vec<_>>(),
        [2, 2, 1, 0]
    );
    assert_eq!((p.won, p.lost, p.win_rate.value()), (0, 1, Some(0.0)));
    let change = delta(r.current.visitor_to_lead.value(), p.visitor_to_lead.value()).unwrap();
    assert!(close(
        change,
        (9.0 / 3420.0 - 2.0 / 2800.0) / (2.0 / 2800.0)
    ));
    assert_eq!(
        delta(r.current.win_rate.value(), p.win_rate.value()),
        None,
        "previous 0 → n/a"
    );
}

#[test]
fn golden_insights() {
    let r = report(&golden(), &march());
    assert_eq!(
        r.insights,
        vec![insights::Insight::Slowest {
            from: "sql".into(),
            to: "won".into(),
            median_days: 10.0,
            n: 5
        }]
    );
}

#[test]
fn golden_period_mode_and_filters() {
    let mut q = march();
    q.mode = FunnelMode::Period;
    let c = report(&golden(), &q).current;
    // MQL: A B D E H I K entered it in March, and C passed it on its jump lead → SQL (03-06).
    assert_eq!(
        c.funnel.iter().map(|s| s.count).collect::<Vec<_>>(),
        [9, 8, 6, 5]
    );

    let mut web = march();
    web.filter.sources = vec!["website".into()];
    let c = report(&golden(), &web).current;
    assert_eq!((c.leads, c.visitors), (3, 3100));
    assert_eq!(
        (c.won, c.win_rate, c.won_value),
        (2, Ratio::new(2, 3), 250_000)
    );
}

#[test]
fn rules_future_events_are_ignored_until_they_happen() {
    let ds = golden();
    let mut later = march();
    later.period = Period {
        start: day("2025-03-01"),
        end: day("2025-04-30"),
    };
    later.today = day("2025-04-25");
    let mql = report(&ds, &later).current.funnel[1].count;
    assert_eq!(mql, 9, "J's MQL on 04-20 counts once it has happened");
}

#[test]
fn all_time_has_no_previous_period_and_finds_the_weakest_step() {
    let mut q = march();
    q.period = Period::all();
    let r = report(&golden(), &q);
    assert!(r.previous.is_none());
    assert!(matches!(
        r.insights[0],
        insights::Insight::WeakestStep { .. }
    ));
}

#[test]
fn empty_data_gives_na_not_nan() {
    let r = report(&Dataset::new(crate::model::Language::En), &march());
    assert_eq!(r.current.visitor_to_lead.value(), None);
    assert_eq!(r.current.win_rate.value(), None);
    assert_eq!(
        (r.current.cycle.mean, r.current.avg_deal_size, r.velocity),
        (None, None, None)
    );
    assert!(r
        .current
        .funnel
        .iter()
        .skip(1)
        .all(|s| s.from_previous.unwrap().value().is_none()));
    assert_eq!(r.quota.leads_needed, None);
    assert!(r.insights.is_empty());
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;

    use crate::model::StageEvent;
    use crate::money::Money;
    use proptest::prelude::*;

    /// Random deals: a stage path over lead/mql/sql/won/lost with increasing dates in 2025.
    fn deals() -> impl Strategy<Value = Vec<Deal>> {
        let deal = (
            0i32..120,
            proptest::collection::vec((0usize..5, 0i32..15), 0..5),
            0i64..5_000,
            0usize..3,
            0usize..2,
        );
        proptest::collection::vec(deal, 0..30).prop_map(|raw| {
            let stages = ["lead", "mql", "sql", "won", "lost"];
            raw.into_iter()
                .enumerate()
                .map(|(i, (start, path, value, source, owner))| {
                    let mut date = day("2025-01-01").add_days(start);
                    let mut events = vec![StageEvent {
                        stage: "lead".into(),
                        date,
                    }];
                    for (s, gap) in path {
                        date = date.add_days(gap);
                        events.push(StageEvent {
                            stage: stages[s].into(),
                            date,
                        });
                    }
                    Deal {
                        id: format!("d{i}").as_str().into(),
                        title: String::new(),
                        company: String::new(),
                        contact: String::new(),
                        phone: String::new(),
                        email: String::new(),
                        source: Some(["website", "phone", "ads"][source].into()),
                        owner: Some(["sara", "reza"][owner].into()),
                        value: Money {
                            minor: value,
                            currency: crate::money::Currency::USD,
                        },
                        first_contact: events[0].date,
                        expected_close: None,
                        lost_reason: None,
                        lost_note: String::new(),
                        notes: String::new(),
                        events,
                        arrived: None,
                        updated_at: Timestamp(0),
                        deal_type: None,
                    }
                })
                .collect()
        })
    }

    fn with(deals: Vec<Deal>) -> Dataset {
        let mut ds = Dataset::new(crate::model::Language::En);
        ds.deals = deals;
        ds
    }

    fn q() -> Query {
        Query {
            period: Period {
                start: day("2025-02-01"),
                end: day("2025-03-31"),
            },
            filter: Filter::default(),
            mode: FunnelMode::Cohort,
            today: day("2025-06-30"),
        }
    }

    proptest! {
        #[test]
        fn rates_are_fractions_and_the_cohort_funnel_never_widens(deals in deals()) {
            let r = report(&with(deals.clone()), &q());
            for w in r.current.funnel.windows(2) {
                prop_assert!(w[1].count <= w[0].count);
            }
            let c = &r.current;
            for ratio in c.funnel.iter().filter_map(|s| s.from_previous).chain([c.win_rate, r.quota.lead_to_customer]) {
                if let Some(v) = ratio.value() {
                    prop_assert!((0.0..=1.0).contains(&v));
                }
            }
            for s in &r.snapshot.stages {
                prop_assert!((0.0..=1.0).contains(&s.win_probability.value));
            }
            // Seen from today, the open deals can at most all be won.
            let now = Query { period: Period { start: q().today.add_days(-29), end: q().today }, ..q() };
            let open_today = report(&with(deals.clone()), &now).snapshot.open as f64;
            prop_assert!(r.snapshot.weighted_value <= r.snapshot.pipeline_value as f64 + 1e-6);
            for h in &r.forecast {
                prop_assert!(h.wins.low <= h.wins.mean && h.wins.mean <= h.wins.high);
                prop_assert!(h.open.mean <= open_today + 1e-9);
            }
        }

        #[test]
        fn deal_order_does_not_matter(deals in deals()) {
            let forward = report(&with(deals.clone()), &q());
            let mut reversed = deals;
            reversed.reverse();
            let backward = report(&with(reversed), &q());
            prop_assert_eq!(forward.current.funnel, backward.current.funnel);
            prop_assert_eq!(forward.current.cycle, backward.current.cycle);
            prop_assert_eq!(forward.current.cycle_by_owner, backward.current.cycle_by_owner);
            prop_assert_eq!(forward.snapshot.stuck, backward.snapshot.stuck);
            prop_assert_eq!(forward.snapshot.stuck_count, backward.snapshot.stuck_count);
            prop_assert_eq!(forward.quota, backward.quota);
        }

        #[test]
        fn a_deal_outside_the_period_changes_no_period_kpi(deals in deals(), offset in 0i32..200) {
            let before = report(&with(deals.clone()), &q()).current;
            let mut more = deals;
            let date = day("2025-04-01").add_days(offset);
            let mut extra = more.first().cloned().unwrap_or_else(|| with(vec![]).deals.first().cloned().unwrap_or(Deal {
                id: "x".into(), title: String::new(), company: String::new(), contact: String::new(), phone: String::new(), email: String::new(), source: None, owner: None,
                value: Money { minor: 1, currency: crate::money::Currency::USD }, first_contact: date, expected_close: None,
                lost_reason: None, lost_note: String::new(), notes: String::new(), events: vec![], arrived: None, updated_at: Timestamp(0),
                deal_type: None,
            }));
            extra.id = "outside".into();
            extra.first_contact = date;
            extra.events = vec![StageEvent { stage: "lead".into(), date }, StageEvent { stage: "won".into(), date: date.add_days(3) }];
            more.push(extra);
            let after = report(&with(more), &q()).current;
            prop_assert_eq!(before, after);
        }
    }
}
