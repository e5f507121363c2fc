//! `cargo bench`: the domain at 1k/10k/100k deals — KPI report (from scratch, and for a new
//! period reusing the deal index as the app does), JSON export/import, CSV parse + convert, and
//! the compact storage encode/decode. Prints the median and fastest of repeated runs.
//!
//! Data: `sample::scaled_dataset`, the demo team's history scaled up (two years, 4–5 stage
//! events per deal on average). `cargo bench --bench kpi -- 10000` runs one size only; with `csv`
//! only the CSV import's steps (Kariz's export and a Pipedrive-style CRM export).

use kariz::domain::duplicates::{find_duplicates, import_duplicates};
use kariz::domain::format::compact;
use kariz::domain::format::csv_in::{column_date_guess, convert_table, read_table, CsvPlan};
use kariz::domain::format::csv_out::deals_csv;
use kariz::domain::format::schema::{export_json, load_for_import};
use kariz::domain::kpi::activity::{activity_kpis, call_trend};
use kariz::domain::kpi::{report, report_in, DealIndex, Filter, FunnelMode, PeriodPreset, Query};
use kariz::domain::merge::{merge, preview};
use kariz::domain::sample::{scaled_dataset, with_call_history};
use kariz::domain::setup::Roster;
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

/// A Pipedrive-style deals export of `rows` rows, as `tests/bench/browser.mjs` makes it: "Deal - "
/// headers, ISO date-times, organisations, owners, values and a currency, four stages and an
/// open/won/lost status with the won or lost time.
fn crm_csv(rows: usize, today: Date) -> String {
    let stages = ["Lead In", "Qualified", "Demo Scheduled", "Proposal Made"];
    let status = ["open", "open", "won", "lost", "open", "won", "lost"];
    let stamp = |d: Date, i: usize| {
        format!(
            "{d} {:02}:{:02}:{:02}",
            8 + i % 10,
            (i * 17) % 60,
            (i * 31) % 60
        )
    };
    let heads = [
        "ID",
        "Title",
        "Organization",
        "Contact person",
        "Owner",
        "Value",
        "Currency",
        "Stage",
        "Status",
        "Deal created",
        "Expected close date",
        "Won time",
        "Lost time",
        "Source",
    ];
    let mut text = heads.map(|h| format!("Deal - {h}")).join(",");
    for i in 0..rows {
        let created = today.add_days(-(100 + ((i * 37) % 620) as i32));
        let closed = created.add_days(3 + ((i * 11) % 90) as i32);
        let st = status[i % status.len()];
        let stage = if st == "won" {
            stages[3]
        } else {
            stages[(i >> 1) % 4]
        };
        let kind = ["Renewal", "New business", "Upsell"][i % 3];
        text.push_str(&format!(
            "\n{},\"Deal {i} — {kind}\",\"Account {}, Inc.\",Contact {},Owner {},{},USD,{stage},{st},{},{closed},{},{},{}",
            100_000 + i,
            i % 1200,
            i % 5000,
            i % 9,
            500 + (i * 104_729) % 60_000,
            stamp(created, i),
            if st == "won" { stamp(closed, i + 3) } else { String::new() },
            if st == "lost" { stamp(closed, i + 5) } else { String::new() },
            ["Web", "Referral", "Event", "Outbound"][i % 4],
        ));
    }
    text
}

/// The CSV import's steps one by one, as the app runs them (see `src/ui/csv_import`): reading the
/// text, guessing the plan (of which the date formats), converting, the duplicate check and the
/// preview's merge — for Kariz's own export of `ds` and for a CRM export of as many rows.
fn csv_steps(n: usize, runs: usize, ds: &Dataset, today: Date) {
    let empty = Dataset::new(Language::En);
    let files = [
        ("kariz export", deals_csv(ds, ds.deals.iter(), Language::En)),
        ("crm export", crm_csv(n, today)),
    ];
    for (name, csv) in files {
        let table = must("csv parse", read_table(&csv));
        let plan = CsvPlan::guess(&table, &empty, today, Timestamp(0));
        let converted = convert_table(&table, &empty, &plan);
        assert!(
            converted.issues.is_empty() && converted.dataset.deals.len() == n,
            "benchmark aborted: {name}: {} of {n} deals; first row left out: {:?}",
            converted.dataset.deals.len(),
            converted.issues.first()
        );
        let what = format!("{name}, {n} rows ({} kB)", csv.len() / 1000);
        time(&format!("csv read, {what}"), runs, || {
            black_box(must("csv parse", read_table(black_box(&csv))));
        });
        time(&format!("csv guess, {what}"), runs, || {
            black_box(CsvPlan::guess(&table, &empty, today, Timestamp(0)));
        });
        time(
            &format!("… date formats of every column, {what}"),
            runs,
            || {
                for i in 0..table.headers.len() {
                    black_box(column_date_guess(&table, i));
                }
            },
        );
        time(&format!("csv convert, {what}"), runs, || {
            black_box(convert_table(&table, &empty, &plan));
        });
        time(&format!("csv duplicates check, {what}"), runs, || {
            black_box(import_duplicates(&empty, &converted.dataset));
        });
        time(&format!("csv preview counts, {what}"), runs, || {
            black_box(preview(&empty, &converted.dataset));
        });
        time(&format!("csv import merge, {what}"), runs, || {
            black_box(merge(&empty, &converted.dataset));
        });
    }
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
    // What Settings recounts after every data change while it is open.
    time(
        &format!("settings use counts, {n} deals + {count} activities"),
        runs,
        || {
            black_box(ds.outcome_use_counts());
            black_box(ds.kind_use_counts());
            black_box(ds.stage_use_counts());
            for roster in [Roster::Sources, Roster::Owners, Roster::Types] {
                black_box(ds.roster_use_counts(roster));
            }
        },
    );
    time(
        &format!("… the same entry by entry, {n} deals + {count} activities"),
        runs,
        || {
            for o in &ds.call_outcomes {
                black_box(ds.outcome_uses(&o.id));
            }
            for k in &ds.activity_kinds {
                black_box(ds.kind_uses(&k.id));
            }
            for s in &ds.stages {
                black_box(ds.stage_uses(&s.id));
            }
            for roster in [Roster::Sources, Roster::Owners, Roster::Types] {
                for (id, _) in ds.roster(roster) {
                    black_box(ds.roster_uses(roster, &id));
                }
            }
        },
    );
}

/// A save over several keys at `n` deals + 10 × `n` activities (issue #20: no task over 16 ms),
/// as the app runs it: the work done ahead in slices (`prepare`, one task each), then the write's
/// plan (one task) — when nothing the parts hold changed (a setting), and after a logged call.
fn saves(n: usize, runs: usize, ds: &Dataset, today: Date) {
    let count = n * 10;
    let mut ds = with_call_history(ds.clone(), today, count);
    let mut cache = compact::EncodeCache::default();
    let plan = must("save plan", cache.plan(&ds, "0"));
    let parts = plan.parts.len();
    cache.saved(plan);
    let mut save = |label: &str, ds: &Dataset, written: usize, keep: bool| {
        let (mut slices, mut plans, mut counts) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..runs {
            // The plan in one task, as a save that was not prepared ahead makes it.
            let start = Instant::now();
            let plan = must("save plan", cache.plan(black_box(ds), "1"));
            plans.push(start.elapsed());
            drop(plan);
            // The app's way: every step in slices, the write then only writes.
            cache.forget_prepared();
            let mut count = 0;
            loop {
                let start = Instant::now();
                let done = must(
                    "save prepare",
                    cache.prepare_save(black_box(ds), 2_000, "1"),
                );
                slices.push(start.elapsed());
                count += 1;
                if done {
                    break;
                }
            }
            counts.push(count);
            let Some(plan) = cache.take_ready(ds) else {
                panic!("benchmark aborted: nothing planned ahead");
            };
            assert_eq!(
                plan.parts.len(),
                written,
                "benchmark aborted: parts written"
            );
            if keep {
                cache.saved(plan);
            }
        }
        slices.sort();
        plans.sort();
        println!(
            "{label:<52} in one task {:>8.3} ms   sliced: longest {:>8.3} ms, {} slices   ({runs} runs)",
            ms(plans[runs / 2]),
            ms(slices[slices.len() - 1]),
            counts[0]
        );
    };
    save(
        &format!("save, setting changed, {n} deals + {count} activities"),
        &ds,
        0,
        true,
    );
    let mut call = ds.activities[0].clone();
    call.id = kariz::domain::model::ActivityId("bench-call".into());
    ds.activities.push(call);
    // Not kept: every run writes the changed part again.
    save(
        &format!("save, call logged ({parts} parts), {n} deals + {count} acts"),
        &ds,
        1,
        false,
    );
}

fn main() {
    let today = Date::from_ymd(2026, 11, 27).unwrap_or(Date::from_days(20_000));
    let only: Option<usize> = std::env::args().skip(1).find_map(|a| a.parse().ok());
    // `cargo bench --bench kpi -- csv 10000`: the CSV import's steps only.
    let csv_only = std::env::args().any(|a| a == "csv");
    // `cargo bench --bench kpi -- store 10000`: the save's plan only.
    let store_only = std::env::args().any(|a| a == "store");
    // `cargo bench --bench kpi -- report 100000`: the KPI report only (for a profiler).
    let report_only = std::env::args().any(|a| a == "report");
    for (n, runs) in [(1_000, 100), (10_000, 21), (100_000, 5)] {
        if only.is_some_and(|o| o != n) {
            continue;
        }
        let ds = scaled_dataset(today, Language::En, n, 24);
        if csv_only {
            csv_steps(n, runs, &ds, today);
            continue;
        }
        if store_only {
            saves(n, runs, &ds, today);
            continue;
        }
        kpis(n, runs, &ds, today);
        if report_only {
            continue;
        }
        activities(n, runs, &ds, today);
        exchange(n, runs, &ds, today);
        if n <= 10_000 {
            csv_steps(n, runs, &ds, today);
        }
        storage(n, runs, &ds);
        if n == 10_000 {
            saves(n, runs, &ds, today);
        }
    }
}
