//! `cargo bench`: full KPI recompute on 1k/10k/100k deals (4–6 stage events each) and the
//! JSON encode/decode used by storage. Prints the median and fastest of repeated runs.

use kariz::domain::kpi::{report, Filter, FunnelMode, PeriodPreset, Query};
use kariz::domain::rng::Rng;
use kariz::domain::schema::{load_json, to_json};
use kariz::domain::{
    Currency, Dataset, Date, Deal, DealId, Language, Money, StageEvent, Timestamp,
};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// `n` deals over two years before `today`, each with 4–6 stage events.
fn dataset(n: usize, today: Date) -> Dataset {
    let mut ds = Dataset::new(Language::En);
    let mut rng = Rng::new(42);
    let sources = ["website", "phone", "referral", "ads", "event"];
    for i in 0..n {
        let first = today.add_days(-(rng.below(730) as i32) - 40);
        let mut date = first;
        let mut events = vec![StageEvent {
            stage: "lead".into(),
            date,
        }];
        let path: &[&str] = match rng.below(4) {
            0 => &["mql", "sql", "won"],
            1 => &["mql", "sql", "lost"],
            2 => &["mql", "sql", "mql", "sql"],
            _ => &["mql", "lost", "sql", "won", "sql"],
        };
        for stage in path {
            date = date.add_days(rng.dwell(6.0));
            events.push(StageEvent {
                stage: (*stage).into(),
                date,
            });
        }
        ds.deals.push(Deal {
            id: DealId(format!("d{i}")),
            title: format!("Deal {i}"),
            company: String::new(),
            contact: String::new(),
            source: Some((*rng.pick(&sources)).into()),
            owner: Some(format!("rep-{}", rng.below(8)).as_str().into()),
            value: Money {
                minor: rng.below(1_000_000) as i64,
                currency: Currency::USD,
            },
            first_contact: first,
            expected_close: Some(date.add_days(30)),
            lost_reason: None,
            lost_note: String::new(),
            notes: String::new(),
            events,
            updated_at: Timestamp(0),
        });
    }
    ds
}

fn time(label: &str, runs: usize, mut f: impl FnMut()) {
    f();
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    samples.sort();
    println!(
        "{label:<40} median {:>10.3} ms   min {:>10.3} ms   ({runs} runs)",
        ms(samples[runs / 2]),
        ms(samples[0])
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let today = Date::from_ymd(2025, 6, 30).unwrap_or(Date::from_days(20_000));
    // `cargo bench --bench kpi -- 10000` runs one size only (handy under a profiler).
    let only: Option<usize> = std::env::args().skip(1).find_map(|a| a.parse().ok());
    for (n, runs) in [(1_000, 200), (10_000, 50), (100_000, 10)] {
        if only.is_some_and(|o| o != n) {
            continue;
        }
        let ds = dataset(n, today);
        let q = Query {
            period: PeriodPreset::Last90Days.period(today),
            filter: Filter::default(),
            mode: FunnelMode::Cohort,
            today,
        };
        time(&format!("kpi report, {n} deals"), runs, || {
            black_box(report(black_box(&ds), &q));
        });
        let json = to_json(&ds);
        time(
            &format!("json encode, {n} deals ({} kB)", json.len() / 1000),
            runs,
            || {
                black_box(to_json(black_box(&ds)));
            },
        );
        time(&format!("json decode+validate, {n} deals"), runs, || {
            black_box(load_json(black_box(&json)).ok());
        });
    }
}
