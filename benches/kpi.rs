//! `cargo bench`: the domain at 1k/10k/100k deals — KPI report (from scratch, and for a new
//! period reusing the deal index as the app does), JSON export/import, CSV parse + convert, and
//! the compact storage encode/decode. Prints the median and fastest of repeated runs.
//!
//! Data: `sample::scaled_dataset`, the demo team's history scaled up (two years, 4–5 stage
//! events per deal on average). `cargo bench --bench kpi -- 10000` runs one size only.

use kariz::domain::duplicates::{find_duplicates, import_duplicates};
use kariz::domain::format::compact;
use kariz::domain::format::csv_in::{convert_table, read_table, CsvPlan};
use kariz::domain::format::csv_out::deals_csv;
use kariz::domain::format::schema::{export_json, load_for_import};
use kariz::domain::kpi::activity::{activity_kpis, call_trend};
use kariz::domain::kpi::{report, report_in, DealIndex, Filter, FunnelMode, PeriodPreset, Query};
use kariz::domain::sample::{scaled_dataset, with_call_history};
use kariz::domain::{Dataset, Date, Language, Timestamp};
use std::hint::black_box;
use std::time::{Duration, Instant};

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
        "{label:<52} median {:>10.3} ms   min {:>10.3} ms   ({runs} runs)",
        ms(samples[runs / 2]),
        ms(samples[0])
    );
}

/// The value of a step that must succeed: a failure ends the benchmark with `what` and the
/// error, instead of being timed as a suspiciously fast run.
fn must<T, E: std::fmt::Debug>(what: &str, result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("benchmark aborted: {what} failed: {e:?}"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn query(preset: PeriodPreset, today: Date) -> Query {
    Query {
        period: preset.period(today),
        filter: Filter::default(),
        mode: FunnelMode::Cohort,
        today,
    }
}

fn kpis(n: usize, runs: usize, ds: &Dataset, today: Date) {
    let q = query(PeriodPreset::Last90Days, today);
    time(&format!("kpi report from scratch, {n} deals"), runs, || {
        black_box(report(black_box(ds), &q));
    });
    time(&format!("kpi deal index build, {n} deals"), runs, || {
        black_box(DealIndex::new(black_box(ds)));
    });
    let index = DealIndex::new(ds);
    let other = query(PeriodPreset::ThisQuarter, today);
    let mut flip = false;
    time(
        &format!("kpi report, new period (index reused), {n} deals"),
        runs,
        || {
            flip = !flip;
            let q = if flip { &q } else { &other };
            black_box(report_in(black_box(ds), Some(&index), q));
        },
    );
}

fn exchange(n: usize, runs: usize, ds: &Dataset, today: Date) {
    let json = export_json(ds, Timestamp(0));
    // What is timed below must really work: the import reads back every deal, none skipped.
    let (imported, skipped) = must("json import", load_for_import(&json));
    assert!(
        skipped.is_empty() && imported.deals == ds.deals,
        "benchmark aborted: json import of {n} deals read {} and skipped {}: {:?}",
        imported.deals.len(),
        skipped.len(),
        skipped.first()
    );
    time(
        &format!("json export, {n} deals ({} kB)", json.len() / 1000),
        runs,
        || {
            black_box(export_json(black_box(ds), Timestamp(0)));
        },
    );
    time(
        &format!("json import (read + check), {n} deals"),
        runs,
        || {
            black_box(must("json import", load_for_import(black_box(&json))));
        },
    );
    let csv = deals_csv(ds, ds.deals.iter(), Language::En);
    let empty = Dataset::new(Language::En);
    let table = must("csv parse", read_table(&csv));
    let plan = CsvPlan::guess(&table, &empty, today, Timestamp(0));
    assert!(
        plan.undecided_dates().is_empty(),
        "benchmark aborted: the csv's date formats were not recognised"
    );
    let converted = convert_table(&table, &empty, &plan);
    assert!(
        converted.issues.is_empty() && converted.dataset.deals.len() == n,
        "benchmark aborted: csv convert made {} of {n} deals; first row left out: {:?}",
        converted.dataset.deals.len(),
        converted.issues.first()
    );
    time(
        &format!(
            "csv parse + guess + convert, {n} rows ({} kB)",
            csv.len() / 1000
        ),
        runs,
        || {
            let table = must("csv parse", read_table(black_box(&csv)));
            let plan = CsvPlan::guess(&table, &empty, today, Timestamp(0));
            black_box(convert_table(&table, &empty, &plan));
        },
    );
    // The deal list's duplicate review runs on every change while it is open; an import's
    // check runs once per preview (the file's deals against the data).
    let none = std::collections::HashSet::new();
    time(&format!("likely duplicates, {n} deals"), runs, || {
        black_box(find_duplicates(black_box(ds), &none));
    });
    time(&format!("import duplicate check, {n} rows"), runs, || {
        black_box(import_duplicates(black_box(ds), &converted.dataset));
    });
}

fn storage(n: usize, runs: usize, ds: &Dataset) {
    let text = compact::encode(ds);
    let chars = text.encode_utf16().count();
    time(
        &format!(
            "store encode, {n} deals ({} k chars, {:.0}/deal)",
            chars / 1000,
            chars as f64 / n as f64
        ),
        runs,
        || {
            black_box(compact::encode(black_box(ds)));
        },
    );
    assert!(
        must("store decode", compact::decode(&text)) == *ds,
        "benchmark aborted: store decode of {n} deals does not give the encoded data back"
    );
    time(&format!("store decode + check, {n} deals"), runs, || {
        black_box(must("store decode", compact::decode(black_box(&text))));
    });
}

/// The telesales KPIs (issue #20: ≤ 30 ms at 100,000 activities in the browser).
fn activities(n: usize, runs: usize, ds: &Dataset, today: Date) {
    let count = n * 10;
    let ds = with_call_history(ds.clone(), today, count);
    assert_eq!(
        ds.activities.len(),
        count,
        "benchmark aborted: too few generated calls"
    );
    let q = query(PeriodPreset::Last90Days, today);
    time(
        &format!("activity kpis, {n} deals + {count} activities"),
        runs,
        || {
            black_box(activity_kpis(black_box(&ds), &q));
        },
    );
    time(
        &format!("call trend, {n} deals + {count} activities"),
        runs,
        || {
            black_box(call_trend(black_box(&ds), &q));
        },
    );
}

fn main() {
    let today = Date::from_ymd(2026, 11, 27).unwrap_or(Date::from_days(20_000));
    let only: Option<usize> = std::env::args().skip(1).find_map(|a| a.parse().ok());
    for (n, runs) in [(1_000, 100), (10_000, 21), (100_000, 5)] {
        if only.is_some_and(|o| o != n) {
            continue;
        }
        let ds = scaled_dataset(today, Language::En, n, 24);
        kpis(n, runs, &ds, today);
        activities(n, runs, &ds, today);
        exchange(n, runs, &ds, today);
        storage(n, runs, &ds);
    }
}
