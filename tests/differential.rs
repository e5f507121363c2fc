#![cfg(not(target_arch = "wasm32"))]
//! Differential test: the KPI engine against a deliberately naive twin (`tests/naive/`).
//!
//! Thousands of random datasets (skipped stages, moves backwards, reopened deals, events after
//! today, another currency, zero values, odd pipelines, empty periods, all time, filters, goals,
//! traffic) go through both, in both funnel modes, and every headline figure of the period, the
//! previous period, both snapshots, velocity and quota must agree (floats to 1e-9 relative).
//! A disagreement is a bug on one side; the side at fault is decided against the glossary and the
//! counting rules. A naive-side bug is fixed there; an engine bug is kept here as an ignored
//! `#[test]` with the smallest dataset that shows it.
//!
//! Every run draws new datasets (`PROPTEST_RNG_SEED=n` repeats one); a failure is shrunk and
//! printed one line per deal. `KARIZ_DIFF_CASES=30000 cargo test --locked --test differential --
//! --nocapture` searches longer (about a minute in a debug build).

mod naive;

use kariz::domain::date::{Date, Timestamp};
use kariz::domain::kpi::{report, DayStats, Filter, FunnelMode, Period, PeriodKpis, Query, Ratio};
use kariz::domain::kpi::{Quota, Snapshot};
use kariz::domain::model::{
    Dataset, Deal, Goal, Language, Stage, StageEvent, StageKind, TrafficEntry,
};
use kariz::domain::money::{Currency, Money};
use naive::{NaiveReport, PeriodFigures, QuotaFigures, SnapshotFigures, Stats};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::fmt;

/// Random datasets compared per run (each in both funnel modes); `KARIZ_DIFF_CASES` raises it.
const CASES: u32 = 2_000;

const SOURCES: [&str; 3] = ["web", "phone", "ads"];
const OWNERS: [&str; 2] = ["sara", "reza"];
const TYPES: [&str; 2] = ["new-business", "renewal"];

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

/// The first day random data is spread from.
fn base() -> Date {
    day("2024-10-01")
}

/// A dataset and the query to run on it (the funnel mode is set by the test).
#[derive(Clone)]
struct Case {
    ds: Dataset,
    q: Query,
}

/// One line per stage, deal, traffic entry and goal, so a shrunk failure reads like a fixture.
impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ds = &self.ds;
        let stages: Vec<String> = ds
            .stages
            .iter()
            .map(|s| format!("{}:{:?}:{}%", s.id.as_str(), s.kind, s.probability))
            .collect();
        writeln!(
            f,
            "stages [{}], qualified {}",
            stages.join(" "),
            ds.settings.qualified_stage.as_str()
        )?;
        let list = |ids: Vec<&str>| ids.join(",");
        let q = &self.q;
        writeln!(
            f,
            "today {}, period {}..{}, filter sources [{}] owners [{}] stages [{}]",
            q.today,
            q.period.start,
            q.period.end,
            list(q.filter.sources.iter().map(|s| s.as_str()).collect()),
            list(q.filter.owners.iter().map(|s| s.as_str()).collect()),
            list(q.filter.stages.iter().map(|s| s.as_str()).collect()),
        )?;
        for d in &ds.deals {
            let events: Vec<String> = d
                .events
                .iter()
                .map(|e| format!("{} {}", e.stage.as_str(), e.date))
                .collect();
            writeln!(
                f,
                "  {} {:?}/{:?} {} {} first {} close {:?}: {}",
                d.id.as_str(),
                d.source.as_ref().map(|s| s.as_str()),
                d.owner.as_ref().map(|s| s.as_str()),
                d.value.minor,
                d.value.currency,
                d.first_contact,
                d.expected_close.map(|c| c.to_string()),
                events.join(", ")
            )?;
        }
        for t in &ds.traffic {
            writeln!(
                f,
                "  traffic {:?} {}..{} {}",
                t.source.as_ref().map(|s| s.as_str()),
                t.start,
                t.end,
                t.visitors
            )?;
        }
        for g in &ds.goals {
            writeln!(
                f,
                "  goal {:?} {}..{} revenue {:?} deals {:?}",
                g.owner.as_ref().map(|s| s.as_str()),
                g.start,
                g.end,
                g.revenue.map(|m| format!("{} {}", m.minor, m.currency)),
                g.won_deals
            )?;
        }
        Ok(())
    }
}

/// A stage with this id and kind.
fn stage(id: &str, kind: StageKind, probability: u8) -> Stage {
    Stage {
        id: id.into(),
        name: id.to_string(),
        kind,
        probability,
    }
}

/// A deal with a log of `(stage, day)` events, in USD unless changed.
fn deal(id: &str, value: i64, first_contact: &str, log: &[(&str, &str)]) -> Deal {
    Deal {
        id: id.into(),
        title: id.to_string(),
        company: String::new(),
        contact: String::new(),
        phone: String::new(),
        email: String::new(),
        source: None,
        owner: None,
        value: Money {
            minor: value,
            currency: Currency::USD,
        },
        first_contact: day(first_contact),
        expected_close: None,
        lost_reason: None,
        lost_note: String::new(),
        notes: String::new(),
        events: log
            .iter()
            .map(|(stage, date)| StageEvent {
                stage: (*stage).into(),
                date: day(date),
            })
            .collect(),
        arrived: None,
        updated_at: Timestamp(0),
        deal_type: None,
    }
}

/// An empty dataset with these stages (USD display currency).
fn dataset(stages: Vec<Stage>, qualified: &str) -> Dataset {
    let mut ds = Dataset::new(Language::En);
    ds.stages = stages;
    ds.settings.qualified_stage = qualified.into();
    ds.settings.display_currency = Currency::USD;
    ds
}

/// Open stages `o0…`, a won and a lost stage, the latter two at `won_slot`/`lost_slot` in the
/// order (past the end: last), so some pipelines put won or lost between open stages; with fewer
/// than three open stages sometimes a second lost stage ("disqualified") at `lost2_slot`.
fn pipeline(
    opens: usize,
    won_slot: usize,
    lost_slot: usize,
    lost2_slot: Option<usize>,
    probabilities: [u8; 3],
) -> Vec<Stage> {
    let mut stages: Vec<Stage> = (0..opens)
        .map(|i| stage(&format!("o{i}"), StageKind::Open, probabilities[i]))
        .collect();
    stages.insert(
        won_slot.min(stages.len()),
        stage("won", StageKind::Won, 100),
    );
    stages.insert(
        lost_slot.min(stages.len()),
        stage("lost", StageKind::Lost, 0),
    );
    if let Some(slot) = lost2_slot.filter(|_| opens < 3) {
        stages.insert(slot.min(stages.len()), stage("lost2", StageKind::Lost, 0));
    }
    stages
}

/// One random deal: (source, owner, value, currency, first contact, first event's shift from it,
/// moves, expected close). A move is (kind, stage, gap): kind < 3 steps to the next stage in the
/// pipeline order, otherwise to any stage, which makes skips, moves back and reopenings.
type RawDeal = (
    usize,
    usize,
    i64,
    u8,
    i32,
    i32,
    Vec<(u8, usize, i32)>,
    Option<i32>,
);

fn raw_deal() -> impl Strategy<Value = RawDeal> {
    (
        0usize..4,
        0usize..3,
        prop_oneof![1 => Just(0i64), 4 => 1i64..500_000],
        0u8..6,
        // Mostly within the months around today; some long before, for the trailing year's edge.
        prop_oneof![5 => 0i32..240, 1 => -500i32..0],
        prop_oneof![4 => Just(0i32), 1 => -6i32..=6],
        proptest::collection::vec((0u8..5, 0usize..5, 0i32..25), 1..7),
        proptest::option::of(0i32..300),
    )
}

fn build_deal(i: usize, stages: &[Stage], raw: RawDeal) -> Deal {
    let (source, owner, value, currency, first, shift, moves, close) = raw;
    let mut date = base().add_days(first + shift);
    let mut at: Option<usize> = None;
    let mut events = Vec::new();
    for (n, (kind, any, gap)) in moves.into_iter().enumerate() {
        if n > 0 {
            date = date.add_days(gap);
        }
        let next = if kind < 3 {
            at.map_or(0, |i| (i + 1) % stages.len())
        } else {
            any % stages.len()
        };
        at = Some(next);
        events.push(StageEvent {
            stage: stages[next].id.clone(),
            date,
        });
    }
    Deal {
        source: SOURCES.get(source).map(|s| (*s).into()),
        owner: OWNERS.get(owner).map(|s| (*s).into()),
        value: Money {
            minor: value,
            currency: if currency == 0 {
                Currency::EUR
            } else {
                Currency::USD
            },
        },
        first_contact: base().add_days(first),
        expected_close: close.map(|c| base().add_days(c)),
        events,
        // Two types and none, spread over sources and owners without a random stream of its own.
        deal_type: TYPES.get((source + 2 * owner + i) % 3).map(|t| (*t).into()),
        ..deal(&format!("d{i}"), 0, "2024-10-01", &[])
    }
}

/// A period of kind 0–5: all time, a calendar month, a span of days (both mostly up to today,
/// sometimes a little past it), a long-gone span, a span after all the data, the last days up to
/// today.
fn period(kind: u8, offset: i32, length: i32, today: Date) -> Period {
    let span = |start: Date| Period {
        start,
        end: start.add_days(length - 1),
    };
    let recent = today.add_days(20 - offset % 200);
    match kind {
        0 => Period::all(),
        1 => Period {
            start: recent.month_start(),
            end: recent.month_end(),
        },
        2 => span(recent.add_days(-length / 2)),
        3 => span(day("2023-01-01").add_days(offset % 100)),
        4 => span(day("2026-01-01").add_days(offset % 100)),
        _ => Period {
            start: today.add_days(1 - length),
            end: today,
        },
    }
}

/// Mostly periods with data in them; some long gone or yet to come (empty).
fn period_kind() -> impl Strategy<Value = u8> {
    prop_oneof![2 => Just(0u8), 3 => Just(1), 3 => Just(2), 1 => Just(3), 1 => Just(4), 2 => Just(5)]
}

/// Mostly nothing (no filter), sometimes a non-empty subset of `n` items as a bit mask.
fn mask(n: u32) -> impl Strategy<Value = u32> {
    prop_oneof![4 => Just(0u32), 1 => 1u32..(1 << n)]
}

fn pick<T: Clone>(items: &[T], mask: u32) -> Vec<T> {
    items
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, item)| item.clone())
        .collect()
}

fn random_cases() -> impl Strategy<Value = Case> {
    let stages = (
        1usize..=3,
        0usize..6,
        0usize..6,
        proptest::option::weighted(0.25, 0usize..6),
        [0u8..=100, 0u8..=100, 0u8..=100],
        0usize..3,
    );
    let goal = (
        0i32..9,
        any::<bool>(),
        0usize..4,
        proptest::option::of((0u8..4, 0i64..2_000_000)),
        proptest::option::of(0u32..8),
    );
    let traffic = (0i32..270, 0i32..60, 0usize..4, 0u64..5_000);
    (
        stages,
        proptest::collection::vec(raw_deal(), 0..=40),
        60i32..260,
        (period_kind(), 0i32..300, 1i32..100),
        (mask(3), mask(2), mask(5), mask(2)),
        proptest::collection::vec(goal, 0..4),
        proptest::collection::vec(traffic, 0..4),
    )
        .prop_map(
            |(stages, deals, today, period_kind, masks, goals, traffic)| {
                let (opens, won_slot, lost_slot, lost2_slot, probabilities, qualified) = stages;
                let stages = pipeline(opens, won_slot, lost_slot, lost2_slot, probabilities);
                let qualified = format!("o{}", qualified % opens);
                let mut ds = dataset(stages, &qualified);
                ds.deals = deals
                    .into_iter()
                    .enumerate()
                    .map(|(i, raw)| build_deal(i, &ds.stages, raw))
                    .collect();
                ds.goals = goals
                    .into_iter()
                    .enumerate()
                    .map(|(i, (month, quarter, owner, revenue, won_deals))| {
                        let start = base().add_months(month);
                        Goal {
                            id: format!("g{i}").as_str().into(),
                            start,
                            end: start.add_months(if quarter { 3 } else { 1 }).add_days(-1),
                            owner: OWNERS.get(owner).map(|o| (*o).into()),
                            revenue: revenue.map(|(currency, minor)| Money {
                                minor,
                                currency: if currency == 0 {
                                    Currency::EUR
                                } else {
                                    Currency::USD
                                },
                            }),
                            won_deals,
                            updated_at: Timestamp(0),
                        }
                    })
                    .collect();
                ds.traffic = traffic
                    .into_iter()
                    .enumerate()
                    .map(|(i, (start, length, source, visitors))| TrafficEntry {
                        id: format!("t{i}").as_str().into(),
                        source: SOURCES.get(source).map(|s| (*s).into()),
                        start: base().add_days(start),
                        end: base().add_days(start + length),
                        visitors,
                        updated_at: Timestamp(0),
                    })
                    .collect();
                let today = base().add_days(today);
                let (kind, offset, length) = period_kind;
                let stage_ids: Vec<_> = ds.stages.iter().map(|s| s.id.clone()).collect();
                let q = Query {
                    period: period(kind, offset, length, today),
                    filter: Filter {
                        sources: pick(&SOURCES.map(|s| s.into()), masks.0),
                        owners: pick(&OWNERS.map(|o| o.into()), masks.1),
                        stages: pick(&stage_ids, masks.2),
                        types: pick(&TYPES.map(|t| t.into()), masks.3),
                    },
                    mode: FunnelMode::Cohort,
                    today,
                };
                Case { ds, q }
            },
        )
}

/// Disagreements found so far, one line each.
#[derive(Default)]
struct Diffs(Vec<String>);

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

impl Diffs {
    fn eq<T: PartialEq + fmt::Debug>(&mut self, what: &str, engine: T, naive: T) {
        if engine != naive {
            self.0
                .push(format!("{what}: engine {engine:?}, naive {naive:?}"));
        }
    }

    fn num(&mut self, what: &str, engine: f64, naive: f64) {
        if !close(engine, naive) {
            self.0
                .push(format!("{what}: engine {engine:?}, naive {naive:?}"));
        }
    }

    fn opt(&mut self, what: &str, engine: Option<f64>, naive: Option<f64>) {
        match (engine, naive) {
            (Some(e), Some(n)) => self.num(what, e, n),
            (None, None) => {}
            _ => self
                .0
                .push(format!("{what}: engine {engine:?}, naive {naive:?}")),
        }
    }

    fn ratio(&mut self, what: &str, engine: Ratio, naive: Option<f64>) {
        self.opt(what, engine.value(), naive);
    }

    fn stats(&mut self, what: &str, engine: &DayStats, naive: &Stats) {
        self.eq(&format!("{what}.n"), engine.n, naive.n);
        self.opt(&format!("{what}.mean"), engine.mean, naive.mean);
        self.opt(&format!("{what}.median"), engine.median, naive.median);
        self.opt(&format!("{what}.p90"), engine.p90, naive.p90);
    }

    /// Figures of one period; `detail`: the current period, whose transitions and won+lost cycle
    /// the engine fills in (for the previous period it leaves them empty).
    fn period(&mut self, at: &str, e: &PeriodKpis, n: &PeriodFigures, detail: bool) {
        self.eq(&format!("{at}.leads"), e.leads, n.leads);
        self.eq(&format!("{at}.visitors"), e.visitors, n.visitors);
        self.ratio(
            &format!("{at}.visitor_to_lead"),
            e.visitor_to_lead,
            n.visitor_to_lead,
        );
        self.eq(
            &format!("{at}.funnel.len"),
            e.funnel.len(),
            n.funnel_count.len(),
        );
        for (k, step) in e.funnel.iter().enumerate().take(n.funnel_count.len()) {
            let s = format!("{at}.funnel[{k} {}]", step.stage.as_str());
            self.eq(&format!("{s}.count"), step.count, n.funnel_count[k]);
            self.eq(&format!("{s}.value"), step.value, n.funnel_value[k]);
            self.opt(
                &format!("{s}.from_previous"),
                step.from_previous.and_then(|r| r.value()),
                n.from_previous[k],
            );
            if k == 0 && step.from_previous.is_some() {
                self.0.push(format!("{s}: the first step has a rate"));
            }
            self.ratio(&format!("{s}.from_first"), step.from_first, n.from_first[k]);
        }
        if detail {
            self.eq(
                &format!("{at}.transitions.len"),
                e.transitions.len(),
                n.transitions.len(),
            );
            for (k, t) in e.transitions.iter().enumerate().take(n.transitions.len()) {
                let s = format!("{at}.transition[{}→{}]", t.from.as_str(), t.to.as_str());
                self.stats(&s, &t.days, &n.transitions[k]);
            }
            self.stats(
                &format!("{at}.cycle_closed"),
                &e.cycle_closed,
                &n.cycle_closed,
            );
        }
        self.eq(&format!("{at}.won"), e.won, n.won);
        self.eq(&format!("{at}.lost"), e.lost, n.lost);
        self.ratio(&format!("{at}.win_rate"), e.win_rate, n.win_rate);
        self.eq(&format!("{at}.won_value"), e.won_value, n.won_value);
        self.opt(
            &format!("{at}.avg_deal_size"),
            e.avg_deal_size,
            n.avg_deal_size,
        );
        self.stats(&format!("{at}.cycle"), &e.cycle, &n.cycle);
    }

    /// A snapshot; `detail`: the current one (the engine flags stuck deals only there).
    fn snapshot(&mut self, at: &str, e: &Snapshot, n: &SnapshotFigures, detail: bool) {
        self.eq(&format!("{at}.as_of"), e.as_of, n.as_of);
        self.eq(&format!("{at}.open"), e.open, n.open);
        self.eq(&format!("{at}.qualified"), e.qualified, n.qualified);
        self.eq(
            &format!("{at}.pipeline_value"),
            e.pipeline_value,
            n.pipeline_value,
        );
        self.num(
            &format!("{at}.weighted_value"),
            e.weighted_value,
            n.weighted_value,
        );
        // P(win | stage) ≤ 1 over the same deals: never more than the pipeline itself.
        if e.weighted_value > e.pipeline_value as f64 * (1.0 + 1e-9) {
            self.0.push(format!(
                "{at}: weighted value {} > pipeline value {}",
                e.weighted_value, e.pipeline_value
            ));
        }
        self.eq(
            &format!("{at}.other_currency_deals"),
            e.other_currency_deals,
            n.other_currency_deals,
        );
        self.eq(&format!("{at}.stages.len"), e.stages.len(), n.stages.len());
        for (s, (count, value, probability)) in e.stages.iter().zip(&n.stages) {
            let name = format!("{at}.stage[{}]", s.stage.as_str());
            self.eq(&format!("{name}.count"), s.count, *count);
            self.eq(&format!("{name}.value"), s.value, *value);
            self.num(
                &format!("{name}.win_probability"),
                s.win_probability.value,
                *probability,
            );
        }
        if detail {
            self.eq(&format!("{at}.stuck_count"), e.stuck_count, n.stuck_count);
        }
    }

    fn quota(&mut self, e: &Quota, n: &QuotaFigures) {
        self.eq("quota.revenue_goal", e.revenue_goal, n.revenue_goal);
        self.opt("quota.deals_goal", e.deals_goal, n.deals_goal);
        self.opt(
            "quota.revenue_attainment",
            e.revenue_attainment,
            n.revenue_attainment,
        );
        self.opt(
            "quota.deals_attainment",
            e.deals_attainment,
            n.deals_attainment,
        );
        self.eq("quota.remaining", e.remaining, n.remaining);
        self.eq(
            "quota.expected_to_close",
            e.expected_to_close,
            n.expected_to_close,
        );
        self.opt("quota.coverage", e.coverage, n.coverage);
        self.opt(
            "quota.coverage_needed",
            e.coverage_needed,
            n.coverage_needed,
        );
        self.ratio(
            "quota.lead_to_customer",
            e.lead_to_customer,
            n.lead_to_customer,
        );
        self.eq("quota.leads_needed", e.leads_needed, n.leads_needed);
    }
}

/// Every disagreement between the engine and the naive twin on one query.
fn differences(ds: &Dataset, q: &Query) -> Vec<String> {
    let e = report(ds, q);
    let n: NaiveReport = naive::report(ds, q);
    let mut d = Diffs::default();
    d.period("current", &e.current, &n.current, true);
    match (&e.previous, &n.previous) {
        (Some(ep), Some(np)) => d.period("previous", ep, np, false),
        (None, None) => {}
        (ep, np) => d.0.push(format!(
            "previous period: engine {:?}, naive {:?}",
            ep.as_ref().map(|p| p.period),
            np.is_some()
        )),
    }
    d.snapshot("snapshot", &e.snapshot, &n.snapshot, true);
    match (&e.previous_snapshot, &n.previous_snapshot) {
        (Some(es), Some(ns)) => d.snapshot("previous_snapshot", es, ns, false),
        (None, None) => {}
        _ => d.0.push("previous snapshot on one side only".to_string()),
    }
    d.opt("velocity", e.velocity, n.velocity);
    d.opt(
        "previous_velocity",
        e.previous_velocity,
        n.previous_velocity,
    );
    d.quota(&e.quota, &n.quota);
    d.0
}

/// Both funnel modes of one case; `Err` lists every disagreement.
fn agree(case: &Case) -> Result<(), String> {
    let mut all = Vec::new();
    for mode in [FunnelMode::Cohort, FunnelMode::Period] {
        let q = Query {
            mode,
            ..case.q.clone()
        };
        for diff in differences(&case.ds, &q) {
            all.push(format!("{mode:?}: {diff}"));
        }
    }
    if all.is_empty() {
        Ok(())
    } else {
        Err(all.join("\n"))
    }
}

#[test]
fn engine_agrees_with_the_naive_twin_on_random_datasets() {
    let cases = std::env::var("KARIZ_DIFF_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(CASES)
        .max(CASES);
    let config = Config {
        cases,
        // Failures are kept as plain tests in this file, not in a regressions directory.
        failure_persistence: None,
        ..Config::default()
    };
    let started = std::time::Instant::now();
    let compared = std::cell::Cell::new(0u32);
    let result = TestRunner::new(config).run(&random_cases(), |case| {
        kariz::domain::format::schema::check_integrity(&case.ds)
            .map_err(|e| TestCaseError::fail(format!("generated invalid data: {e}")))?;
        agree(&case).map_err(TestCaseError::fail)?;
        compared.set(compared.get() + 1);
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    println!(
        "engine and naive twin agree on {} random datasets × 2 funnel modes in {:.1} s",
        compared.get(),
        started.elapsed().as_secs_f64()
    );
    assert!(compared.get() >= cases);
}

/// The hand-worked fixture of the engine's golden tests, under several periods and filters.
#[test]
fn engine_agrees_with_the_naive_twin_on_the_golden_fixture() {
    let text = include_str!("fixtures/golden.json");
    let ds = kariz::domain::format::schema::load_json(text).unwrap();
    let today = day("2025-04-15");
    let periods = [
        (day("2025-03-01"), day("2025-03-31")),
        (day("2025-02-01"), day("2025-04-30")),
        (day("2025-04-01"), day("2025-04-30")),
    ];
    let filters = [
        Filter::default(),
        Filter {
            sources: vec!["website".into()],
            ..Filter::default()
        },
        Filter {
            owners: vec!["sara".into()],
            ..Filter::default()
        },
        Filter {
            stages: vec!["lead".into(), "sql".into()],
            ..Filter::default()
        },
    ];
    let mut all = vec![Period::all()];
    all.extend(periods.iter().map(|(start, end)| Period {
        start: *start,
        end: *end,
    }));
    for period in all {
        for filter in &filters {
            let case = Case {
                ds: ds.clone(),
                q: Query {
                    period,
                    filter: filter.clone(),
                    mode: FunnelMode::Cohort,
                    today,
                },
            };
            if let Err(diffs) = agree(&case) {
                panic!("{case:?}\n{diffs}");
            }
        }
    }
}

/// The demo dataset (a realistic team history) under every period preset.
#[test]
fn engine_agrees_with_the_naive_twin_on_the_sample_dataset() {
    let today = day("2026-11-27");
    let ds = kariz::domain::sample::sample_dataset(today, Language::En);
    for preset in kariz::domain::kpi::PeriodPreset::ALL {
        let case = Case {
            ds: ds.clone(),
            q: Query {
                period: preset.period(today),
                filter: Filter::default(),
                mode: FunnelMode::Cohort,
                today,
            },
        };
        if let Err(diffs) = agree(&case) {
            panic!("{preset:?}:\n{diffs}");
        }
    }
}

/// The naive twin's own statistics, by hand (so a shared misunderstanding cannot hide there).
#[test]
fn naive_statistics_by_hand() {
    let s = naive::stats(&[10, 2, 4, 8, 6, 12, 14, 16, 18, 20]);
    assert_eq!(
        (s.n, s.mean, s.median, s.p90),
        (10, Some(11.0), Some(11.0), Some(18.0))
    );
    assert_eq!(naive::stats(&(1..=11).collect::<Vec<_>>()).p90, Some(10.0));
    assert_eq!(naive::stats(&[5]).p90, Some(5.0));
    assert_eq!(naive::stats(&[]), Stats::default());
    assert_eq!(naive::rate(1, 0), None);
}

/// Rules 2, 4, 5 and 6 on one small hand-worked dataset, so the naive side is checked against
/// numbers worked out by hand, not only against the engine.
#[test]
fn naive_twin_follows_the_new_rules_by_hand() {
    let mut ds = dataset(
        vec![
            stage("lead", StageKind::Open, 10),
            stage("mql", StageKind::Open, 20),
            stage("sql", StageKind::Open, 50),
            stage("won", StageKind::Won, 100),
            stage("lost", StageKind::Lost, 0),
        ],
        "sql",
    );
    ds.deals = vec![
        // Skips MQL in the period: enters lead, MQL and SQL (rule 2).
        deal(
            "a",
            100,
            "2025-03-02",
            &[("lead", "2025-03-02"), ("sql", "2025-03-05")],
        ),
        // Qualified before the period, back to lead, then straight to won: enters lead again, and
        // won (raised from SQL: nothing skipped).
        deal(
            "b",
            200,
            "2025-02-01",
            &[
                ("lead", "2025-02-01"),
                ("sql", "2025-02-10"),
                ("lead", "2025-03-03"),
                ("won", "2025-03-20"),
            ],
        ),
        // First event is SQL: covers lead, MQL and SQL; its future MQL does not count (rule 4).
        deal(
            "c",
            300,
            "2025-03-10",
            &[("sql", "2025-03-10"), ("mql", "2025-05-01")],
        ),
        // Open, not qualified: no part of the weighted pipeline (rule 5).
        deal("d", 1000, "2025-03-25", &[("lead", "2025-03-25")]),
        // Lost on first contact: a lead of the period all the same, in both funnels.
        deal("e", 50, "2025-03-05", &[("lost", "2025-03-05")]),
    ];
    let q = Query {
        period: Period {
            start: day("2025-03-01"),
            end: day("2025-03-31"),
        },
        filter: Filter::default(),
        mode: FunnelMode::Period,
        today: day("2025-04-15"),
    };
    let r = naive::report(&ds, &q);
    assert_eq!(r.current.funnel_count, [5, 2, 2, 1]);
    // By its stage today (SQL) c is kept by an SQL filter, though its last event is MQL.
    let sql = Query {
        filter: Filter {
            stages: vec!["sql".into()],
            ..Filter::default()
        },
        ..q.clone()
    };
    assert_eq!(naive::report(&ds, &sql).current.funnel_count, [2, 2, 2, 0]);
    // Open at 03-31: a (SQL), c (SQL), d (lead); a and c qualified. Closed: b won, having reached won (3):
    // P(SQL) = (1 + 10·0.5) ÷ (1 + 10) = 6/11.
    let s = &r.snapshot;
    assert_eq!((s.open, s.qualified, s.pipeline_value), (3, 2, 400));
    assert!(close(s.weighted_value, 400.0 * 6.0 / 11.0));

    // Rule 6: p1 left lead twice (1 + 10 days: one sample of 11), p2…p5 once (2…5 days):
    // samples 2 3 4 5 11, p90 = 11. s (11 days in lead) is not past it, t (16 days) is.
    let mut log = vec![deal(
        "p1",
        0,
        "2025-03-01",
        &[
            ("lead", "2025-03-01"),
            ("mql", "2025-03-02"),
            ("lead", "2025-03-02"),
            ("mql", "2025-03-12"),
        ],
    )];
    for (id, mql) in [
        ("p2", "2025-03-03"),
        ("p3", "2025-03-04"),
        ("p4", "2025-03-05"),
        ("p5", "2025-03-06"),
    ] {
        log.push(deal(
            id,
            0,
            "2025-03-01",
            &[("lead", "2025-03-01"), ("mql", mql)],
        ));
    }
    log.push(deal("s", 0, "2025-03-20", &[("lead", "2025-03-20")]));
    log.push(deal("t", 0, "2025-03-15", &[("lead", "2025-03-15")]));
    ds.deals = log;
    assert_eq!(naive::report(&ds, &q).snapshot.stuck_count, 1);
}

/// A random activity: deal (index, or none), owner, day after [`base`], minute, kind, outcome
/// (5: one not in the list, 6: none), seconds.
type RawActivity = (Option<usize>, usize, i32, u16, usize, usize, u32);

/// The random cases with a call history, arrival times and next steps added.
fn cases_with_activities() -> impl Strategy<Value = Case> {
    (
        random_cases(),
        proptest::collection::vec(
            (
                proptest::option::weighted(0.85, 0usize..40),
                0usize..3,
                0i32..280,
                // Often in the first minutes of a day, so 5-minute edges come up.
                prop_oneof![0u16..12, 0u16..1440],
                0usize..5,
                0usize..7,
                0u32..900,
            ),
            0..60,
        ),
        proptest::collection::vec(
            proptest::option::weighted(0.7, prop_oneof![0u16..8, 0u16..1440]),
            40,
        ),
        proptest::collection::vec((0usize..40, 0i32..280, any::<bool>()), 0..12),
    )
        .prop_map(
            |(mut case, raw, arrivals, steps): (Case, Vec<RawActivity>, _, _)| {
                use kariz::domain::model::{
                    Activity, ActivityId, ActivityKind, DateTime, Direction, NextStep, OutcomeId,
                    StepId,
                };
                let n = case.ds.deals.len();
                for (deal, minute) in case.ds.deals.iter_mut().zip(arrivals) {
                    deal.arrived = minute.map(|m| DateTime::new(deal.first_contact, m));
                }
                let outcomes: Vec<OutcomeId> =
                    case.ds.call_outcomes.iter().map(|o| o.id.clone()).collect();
                case.ds.activities = raw
                    .into_iter()
                    .enumerate()
                    .map(
                        |(i, (deal, owner, offset, minute, kind, outcome, seconds))| {
                            let deal = deal.filter(|_| n > 0).map(|d| &case.ds.deals[d % n]);
                            // A third of a deal's activities fall on its first days (speed to lead).
                            let day = match deal {
                                Some(d) if offset < 90 => d.first_contact.add_days(offset % 3),
                                _ => base().add_days(offset),
                            };
                            Activity {
                                id: ActivityId(format!("a{i}")),
                                kind: ActivityKind::ALL[kind],
                                kind_id: None,
                                at: DateTime::new(day, minute),
                                owner: OWNERS.get(owner).map(|o| (*o).into()),
                                deal: deal.map(|d| d.id.clone()),
                                seconds,
                                outcome: match outcome {
                                    5 => Some(OutcomeId::from("retired")),
                                    6 => None,
                                    k => outcomes.get(k).cloned(),
                                },
                                direction: Direction::Outbound,
                                phone: String::new(),
                                note: String::new(),
                                updated_at: Timestamp(0),
                            }
                        },
                    )
                    .collect();
                case.ds.next_steps = if n == 0 {
                    Vec::new()
                } else {
                    steps
                        .into_iter()
                        .enumerate()
                        .map(|(i, (deal, due, done))| NextStep {
                            id: StepId(format!("s{i}")),
                            deal: case.ds.deals[deal % n].id.clone(),
                            due: base().add_days(due),
                            text: String::new(),
                            done,
                            updated_at: Timestamp(0),
                        })
                        .collect()
                };
                case
            },
        )
}

fn activity_differences(ds: &Dataset, q: &Query) -> Vec<String> {
    let e = kariz::domain::kpi::activity::activity_kpis(ds, q);
    let n = naive::activity::activity(ds, q);
    let mut d = Diffs::default();
    d.eq("activities", e.activities, n.activities);
    d.eq("calls", e.calls, n.calls);
    d.eq("connected", e.connect.num, n.connected);
    d.eq("talk", e.talk_seconds, n.talk);
    d.opt(
        "calls per rep day",
        e.calls_per_rep_day,
        n.calls_per_rep_day,
    );
    d.eq(
        "speed leads/uncalled/untimed",
        (e.speed.leads, e.speed.uncalled, e.speed.untimed),
        (n.speed_leads, n.speed_uncalled, n.speed_untimed),
    );
    d.stats("speed minutes", &e.speed.minutes, &n.speed);
    d.eq("within five", e.speed.within_five.num, n.within_five);
    d.eq("speed bins", e.speed.bins, n.speed_bins);
    d.stats("calls per won", &e.calls_per_won, &n.calls_per_won);
    let buckets: Vec<(u64, u64)> = e
        .by_attempts
        .iter()
        .map(|b| (b.won.num, b.won.den))
        .collect();
    d.eq("attempt buckets", buckets, n.buckets);
    d.eq(
        "open / with step",
        (e.follow_up.with_step.den, e.follow_up.with_step.num),
        (n.open, n.with_step),
    );
    d.stats("days overdue", &e.follow_up.days_overdue, &n.days_overdue);
    let mut reps: Vec<(Option<String>, u64, u64, u64, u64)> = e
        .reps
        .iter()
        .map(|r| {
            let owner = r.owner.as_ref().map(|o| o.as_str().to_string());
            (owner, r.calls, r.connect.num, r.talk_seconds, r.won)
        })
        .collect();
    reps.sort();
    d.eq("reps", reps, n.reps);
    d.0
}

/// The activity KPIs against the naive twin on random datasets with a call history.
#[test]
fn activity_kpis_agree_with_the_naive_twin() {
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    };
    let result = TestRunner::new(config).run(&cases_with_activities(), |case| {
        let diffs = activity_differences(&case.ds, &case.q);
        if diffs.is_empty() {
            Ok(())
        } else {
            Err(TestCaseError::fail(diffs.join("\n")))
        }
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}

/// The random cases with lost reasons (some blank) on lost deals and kept reasons for losses
/// that were reopened.
fn cases_with_losses() -> impl Strategy<Value = Case> {
    (random_cases(), proptest::collection::vec(0usize..5, 40)).prop_map(|(mut case, picks)| {
        const REASONS: [&str; 4] = ["Price", "Timing", " Price ", ""];
        let lost: Vec<_> = case
            .ds
            .stages
            .iter()
            .filter(|s| s.kind == StageKind::Lost)
            .map(|s| s.id.clone())
            .collect();
        let mut kept = Vec::new();
        for (deal, pick) in case.ds.deals.iter_mut().zip(picks) {
            let reason = REASONS.get(pick).map(|r| r.to_string());
            let n = deal.events.len();
            for (i, e) in deal.events.iter().enumerate() {
                if !lost.contains(&e.stage) {
                    continue;
                }
                if i + 1 == n {
                    deal.lost_reason = reason.clone();
                } else if let Some(r) = &reason {
                    kept.push(kariz::domain::model::PastLoss {
                        deal: deal.id.clone(),
                        date: e.date,
                        reason: r.clone(),
                        note: String::new(),
                    });
                }
            }
        }
        case.ds.past_losses = kept;
        case
    })
}

fn loss_differences(ds: &Dataset, q: &Query) -> Vec<String> {
    use kariz::domain::kpi::loss::loss_report;
    use kariz::domain::kpi::matrix::{comparison_matrix, MatrixBy, Verdict};
    let e = loss_report(ds, None, q);
    let n = naive::loss::losses(ds, q);
    let mut d = Diffs::default();
    let losses: Vec<naive::loss::NaiveLoss> = e
        .losses
        .iter()
        .map(|l| {
            let from = l.from.as_ref().map(|s| s.0.clone());
            (l.deal.0.clone(), l.date, l.reason.clone(), from, l.value)
        })
        .collect();
    d.eq("losses", losses, n.losses);
    let mut by_reason: Vec<(Option<String>, u64, i64)> = e
        .by_reason
        .iter()
        .map(|g| (g.key.clone(), g.count, g.value))
        .collect();
    by_reason.sort();
    d.eq("by reason", by_reason, n.by_reason);
    let owners: Vec<(Option<String>, u64, u64)> = e
        .owners
        .iter()
        .map(|s| (s.key.as_ref().map(|k| k.0.clone()), s.won, s.lost))
        .collect();
    let naive_owners: Vec<(Option<String>, u64, u64)> =
        n.owners.iter().map(|o| (o.0.clone(), o.1, o.2)).collect();
    let mut owners_sorted = owners.clone();
    owners_sorted.sort();
    d.eq("owners", owners_sorted, naive_owners);
    let mut segments: Vec<_> = e.owners.iter().collect();
    segments.sort_by(|a, b| a.key.cmp(&b.key));
    for (es, ns) in segments.into_iter().zip(&n.owners) {
        d.stats("owner cycle", &es.cycle, &ns.3);
    }

    let m = comparison_matrix(ds, None, q, MatrixBy::Owner);
    let mut rows: Vec<naive::loss::MatrixRow> = m
        .rows
        .iter()
        .map(|r| {
            let cells = r.cells.iter().map(|c| (c.rate.num, c.rate.den)).collect();
            (r.key.clone(), r.leads, cells)
        })
        .collect();
    rows.sort();
    let naive_rows = naive::loss::matrix(ds, q);
    d.eq("matrix rows", rows, naive_rows.clone());
    let team: Vec<(u64, u64)> = (0..m.steps.len())
        .map(|k| {
            naive_rows
                .iter()
                .fold((0, 0), |t, r| (t.0 + r.2[k].0, t.1 + r.2[k].1))
        })
        .collect();
    let mut judged = 0;
    for r in &naive_rows {
        for (k, cell) in r.2.iter().enumerate() {
            if cell.1 >= 5 && team[k].1 - cell.1 >= 5 {
                judged += 1;
            }
        }
    }
    let z = naive::loss::z_needed(judged);
    for r in &m.rows {
        for (k, c) in r.cells.iter().enumerate() {
            let rest = (team[k].0 - c.rate.num, team[k].1 - c.rate.den);
            let naive_below = naive::loss::below((c.rate.num, c.rate.den), rest, z, 5);
            d.eq(
                "matrix verdict below",
                c.verdict == Verdict::Below,
                naive_below,
            );
        }
    }
    d.0
}

/// The loss analysis and the comparison matrix against the naive twin on random datasets.
#[test]
fn loss_analysis_agrees_with_the_naive_twin() {
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    };
    let result = TestRunner::new(config).run(&cases_with_losses(), |case| {
        let diffs = loss_differences(&case.ds, &case.q);
        if diffs.is_empty() {
            Ok(())
        } else {
            Err(TestCaseError::fail(diffs.join("\n")))
        }
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}
