//! The data formats, one module each: the readable JSON of exports and imports ([`schema`]),
//! the compact form localStorage holds ([`compact`]), CSV in ([`csv_in`], by step) and CSV out
//! ([`csv_out`]) and the HTML report ([`report_html`]).

pub mod calls_in;
pub mod compact;
pub mod csv_in;
pub mod csv_out;
pub mod report_html;
pub mod schema;
pub mod sheet;
