//! Importing deals from CSV files exported by other CRMs (HubSpot, Pipedrive, Salesforce) or
//! kept as spreadsheets.
//!
//! The import has steps the user sees: read the table ([`TableReader`], in slices so a large
//! file shows progress), guess which column holds what ([`guess_fields`]) and how each date
//! column is written ([`guess_date_format`]), map the file's stage values to Kariz stages
//! ([`stage_values`]), then convert rows to deals ([`Converter`], also in slices). Nothing is
//! invented: the rules for missing values are in [`RULES`](crate::i18n) and `docs/import.md`.

use crate::date::{Date, Timestamp};
use crate::jalali;
use crate::model::*;
use crate::money::{Currency, Money};
use crate::text::normalize_digits;
use std::collections::BTreeMap;

/// Largest CSV file Kariz reads; bigger files cannot fit the browser's storage anyway.
pub const MAX_CSV_BYTES: u64 = 20 * 1024 * 1024;
/// Most data rows Kariz reads from one file: five times what fits in the browser's storage.
pub const MAX_CSV_ROWS: usize = 100_000;

/// Why a CSV file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// The file is over [`MAX_CSV_BYTES`].
    #[error("the file has {size} bytes; Kariz imports files up to {limit} bytes")]
    TooLarge {
        /// Size of the file.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// No header row (an empty file).
    #[error("the file is empty: no header row")]
    NoHeader,
    /// A header but no data rows.
    #[error("the file has a header but no rows")]
    NoRows,
    /// The browser could not read the file as text.
    #[error("the file could not be read as text")]
    Unreadable,
    /// A spreadsheet file could not be read.
    #[error("{0}")]
    Sheet(crate::format::sheet::SheetError),
    /// More rows than [`MAX_CSV_ROWS`].
    #[error("the file has more than {limit} rows")]
    TooManyRows {
        /// The limit.
        limit: usize,
    },
    /// The CSV structure is broken at a line.
    #[error("line {line}: {message}")]
    Malformed {
        /// Line number in the file.
        line: u64,
        /// What the reader said.
        message: String,
    },
}

mod amounts;
mod convert;
mod dates;
mod fields;
mod history;
mod joined;
mod stages;
mod table;

pub use crate::format::field::{field_choices, Field, FIELDS};
pub use amounts::*;
pub use convert::*;
pub use dates::*;
pub use fields::*;
pub use history::*;
pub use joined::*;
pub use stages::*;
pub use table::*;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_history;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests_naive;
