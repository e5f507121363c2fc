//! Kariz (temporary stub while the shell is written).
#![warn(missing_docs)]
pub mod domain;
