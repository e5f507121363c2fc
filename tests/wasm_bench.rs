//! KPI recompute, the readable JSON and the compact storage form timed in headless Chromium
//! (wasm-bindgen-test), on the same generated team history as the native benchmark.
//!
//! Not a correctness test: `node tests/bench/browser.mjs` (`make bench`) runs it in the release
//! profile — the wasm the app ships — and reads the `BENCH …` lines it prints. 100,000 deals do
//! not fit in localStorage, so this is the only way to time them in the browser. By hand:
//!
//! ```sh
//! WASM_BINDGEN_TEST_TIMEOUT=900 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   CHROMEDRIVER=/usr/bin/chromedriver \
//!   cargo test --release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture
//! ```
#![cfg(target_arch = "wasm32")]

use kariz::domain::format::compact;
use kariz::domain::format::schema::{load_json, to_json};
use kariz::domain::kpi::activity::{activity_kpis_in, call_trend};
use kariz::domain::kpi::{report, report_in, DealIndex, Filter, FunnelMode, PeriodPreset, Query};
use kariz::domain::sample::{scaled_dataset, with_call_history};
use kariz::domain::{Dataset, Date, Language};
use std::hint::black_box;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen]
extern "C" {
    // Bound here rather than through web-sys, so this file does not depend on the crate's
    // web-sys features; `Date.now()` would round the 10,000-deal figures to whole milliseconds.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Months of history: two years, as in the storage-size measurements.
const MONTHS: i32 = 24;

/// A fixed day, so every run (and the native benchmark) computes the same periods.
fn today() -> Date {
    Date::from_ymd(2025, 6, 30).unwrap()
}

fn query(today: Date) -> Query {
    Query {
        period: PeriodPreset::Last90Days.period(today),
        filter: Filter::default(),
        mode: FunnelMode::Cohort,
        today,
    }
}

/// Runs `f` once to warm up (first-touch allocation, lazily built tables), then `runs` times,
/// and prints one line that `tests/bench/browser.mjs` parses.
fn bench(name: &str, runs: usize, mut f: impl FnMut()) {
    f();
    let mut samples: Vec<f64> = (0..runs)
        .map(|_| {
            let start = performance_now();
            f();
            performance_now() - start
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    // Upper median for even counts, like the native benchmark.
    console_log!(
        "BENCH {name} median_ms={:.3} min_ms={:.3} max_ms={:.3} runs={runs}",
        samples[runs / 2],
        samples[0],
        samples[runs - 1],
    );
}

fn generated(n: usize) -> Dataset {
    let start = performance_now();
    let ds = scaled_dataset(today(), Language::En, n, MONTHS);
    assert_eq!(ds.deals.len(), n);
    console_log!(
        "BENCH generate_{n} median_ms={:.3} min_ms={0:.3} max_ms={0:.3} runs=1",
        performance_now() - start
    );
    ds
}

#[wasm_bindgen_test]
fn kpi_report_10000() {
    kpi(10_000, 15);
}

/// The KPI report on `n` generated deals from scratch (after a data change), then as a period
/// or filter change costs in the app, which keeps the deal index until the data changes: the
/// index build on its own, then the report with the index reused.
fn kpi(n: usize, runs: usize) {
    let ds = generated(n);
    let q = query(today());
    bench(&format!("kpi_report_{n}"), runs, || {
        black_box(report(black_box(&ds), &q));
    });
    bench(&format!("kpi_index_{n}"), runs, || {
        black_box(DealIndex::new(black_box(&ds)));
    });
    let index = DealIndex::new(&ds);
    bench(&format!("kpi_report_reused_{n}"), runs, || {
        black_box(report_in(black_box(&ds), Some(&index), &q));
    });
}

#[wasm_bindgen_test]
fn kpi_report_100000() {
    kpi(100_000, 5);
}

#[wasm_bindgen_test]
fn json_10000() {
    let ds = generated(10_000);
    let json = to_json(&ds);
    console_log!("BENCH json_chars_10000 value={}", json.chars().count());
    bench("json_encode_10000", 15, || {
        black_box(to_json(black_box(&ds)));
    });
    bench("json_decode_10000", 15, || {
        assert!(load_json(black_box(&json)).is_ok());
    });
}

#[wasm_bindgen_test]
fn store_10000() {
    let ds = generated(10_000);
    let text = compact::encode(&ds);
    // localStorage counts UTF-16 code units.
    console_log!(
        "BENCH store_chars_10000 value={}",
        text.encode_utf16().count()
    );
    bench("store_encode_10000", 15, || {
        black_box(compact::encode(black_box(&ds)));
    });
    bench("store_decode_10000", 15, || {
        assert!(compact::decode(black_box(&text)).is_ok());
    });
}

/// The telesales KPIs and the calls chart's input on 10,000 deals with 100,000 activities
/// (issue #20: ≤ 30 ms), with the dashboard's deal index reused as the app does.
#[wasm_bindgen_test]
fn activity_100000() {
    let ds = with_call_history(generated(10_000), today(), 100_000);
    assert_eq!(ds.activities.len(), 100_000);
    let q = query(today());
    let index = DealIndex::new(&ds);
    bench("activity_kpis_100000", 15, || {
        black_box(activity_kpis_in(black_box(&ds), Some(&index), &q));
    });
    bench("call_trend_100000", 15, || {
        black_box(call_trend(black_box(&ds), &q));
    });
}
