//! Kariz: a client-only sales-pipeline and KPI tracker.
//!
//! `domain` is the pure core; `chart` draws on any plotters backend; `storage`, `i18n` and `ui`
//! form the thin browser shell around them.
#![warn(missing_docs)]

pub mod chart;
pub mod domain;
pub mod i18n;
pub mod storage;
pub mod ui;
