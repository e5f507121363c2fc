//! Kariz: a client-only sales-pipeline and KPI tracker.
//!
//! `domain` is the pure core; `storage`, `i18n` and `ui` form the thin browser shell around it.
#![warn(missing_docs)]

pub mod domain;
pub mod i18n;
pub mod storage;
pub mod ui;
