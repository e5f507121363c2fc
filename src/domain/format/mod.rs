//! The data formats, one module each: the readable JSON of exports and imports ([`schema`]),
//! the compact form localStorage holds ([`compact`]), CSV out ([`csv_out`], its columns are
//! [`field`]s), spreadsheets ([`sheet`]) and the HTML report ([`report_html`]). The importers
//! (CSV in, call logs) are the crate `kariz-import`, compiled for speed.

pub mod compact;
pub mod csv_out;
pub mod field;
pub mod report_html;
pub mod schema;
pub mod sheet;
