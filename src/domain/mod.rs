//! The pure core of Kariz: data model, validation, stage moves, KPI maths, schema handling.
//!
//! Nothing here touches the browser, so all of it is tested natively in milliseconds.
#![warn(missing_docs)]
// A release build aborts on panic, and a panic can lose the data in memory: no unwrap/expect
// outside tests (tests use them to fail loudly).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

/// The repository's root, for tests that read its fixtures and docs (this crate lives in src/domain).
#[cfg(test)]
const REPO_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

pub mod backup;
pub mod command;
pub mod date;
pub mod duplicates;
pub mod first_paint;
pub mod format;
pub mod goals;
pub mod jalali;
pub mod kinds;
pub mod kpi;
pub mod merge;
pub mod model;
pub mod money;
pub mod ops;
pub mod outcomes;
pub mod phone;
pub mod query;
pub mod rng;
pub mod sample;
pub mod sample_calls;
pub mod setup;
pub mod sort;
pub mod sync;
pub mod text;
pub mod view_state;
pub mod worklist;

pub use date::{Date, Timestamp};
pub use model::*;
pub use money::{Currency, Money};
