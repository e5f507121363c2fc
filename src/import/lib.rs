//! Kariz's importers: deal tables from CSV files and spreadsheets (`format::csv_in`, by step)
//! and phone-system call logs (`format::calls_in`).
//!
//! The crate re-exports the core (`kariz-domain`) whole, so the importers name the core's items
//! by the same `crate::` paths as when they were part of it, and the shell sees one `domain`.
#![warn(missing_docs)]
// A release build aborts on panic, and a panic can lose the data in memory: no unwrap/expect
// outside tests (tests use them to fail loudly).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub use kariz_domain::*;

/// The repository's root, for tests that read its fixtures (this crate lives in src/import).
#[cfg(test)]
const REPO_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// The core's data formats, with the importers beside them.
pub mod format {
    pub use kariz_domain::format::*;

    pub mod calls_in;
    pub mod csv_in;

    #[cfg(test)]
    mod sheet_tests;
}
