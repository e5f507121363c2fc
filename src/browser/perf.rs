//! User Timing entries, so the benchmark harness (and anyone with the browser's performance
//! panel) can see what loading, saving and the KPI report cost, measured inside the page.

/// Runs `f` and records its duration as a `performance.measure` entry named `name`.
///
/// Without the Performance API (or natively) it just runs `f`.
pub fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let started = begin(name);
    let out = f();
    end(name, started);
    out
}

/// Marks the start of the measure `name` (not generic: one copy in the wasm for every caller).
#[inline(never)]
fn begin(name: &str) -> Option<(web_sys::Performance, String)> {
    let performance = web_sys::window().and_then(|w| w.performance())?;
    let start = format!("{name}:start");
    // A failed mark or measure only loses a benchmark figure, never the work itself.
    performance.mark(&start).ok()?;
    Some((performance, start))
}

/// Records the measure `name` from the mark `begin` made.
#[inline(never)]
fn end(name: &str, started: Option<(web_sys::Performance, String)>) {
    if let Some((performance, start)) = started {
        let _ = performance.measure_with_start_mark(name, &start);
        performance.clear_marks_with_mark_name(&start);
    }
}

/// Milliseconds on the page's clock (`performance.now()`; 0 without the Performance API), to
/// bound how long a sliced job runs before it lets the browser paint.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
