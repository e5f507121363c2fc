//! Kariz: a client-only sales-pipeline and KPI tracker.
//!
//! `domain` is the pure core; `chart` draws on any plotters backend; `browser` (every call that
//! reaches the browser), `i18n` and `ui` form the thin shell around them.
#![warn(missing_docs)]
// A release build aborts on panic, and a panic can lose the data in memory: no unwrap/expect
// outside tests (tests use them to fail loudly).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod browser;
pub mod chart;
pub use kariz_import as domain;
pub mod i18n;
pub mod ui;
