//! Spreadsheets (`.xlsx`, `.ods`, and old `.xls`) read into CSV text, so a workbook goes through
//! the same mapping, preview and import as a CSV file.
//!
//! Reading is calamine's; this module only turns cells into the text a CSV file would hold:
//! dates (Excel's serial numbers, or ODS's ISO values) as `YYYY-MM-DD` (with ` HH:MM` when the
//! cell has a time of day), whole numbers without `.0`, and text as typed (Jalali dates typed as
//! text stay text and are read by the CSV date rules). The app runs this in a Web Worker
//! (`src/bin/sheets.rs`), so the spreadsheet reader is downloaded only by those who import one.

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use std::io::Cursor;

/// Why a spreadsheet could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum SheetError {
    /// Not a workbook calamine can open (or a damaged one).
    #[error("not a readable spreadsheet: {0}")]
    Unreadable(String),
    /// The workbook has no worksheet.
    #[error("the workbook has no sheets")]
    NoSheets,
    /// The sheet asked for is not in the workbook.
    #[error("the workbook has no sheet named {0}")]
    NoSuchSheet(String),
    /// The spreadsheet reader (a Web Worker) could not be started or did not answer.
    #[error("the spreadsheet reader did not start: {0}")]
    Reader(String),
}

/// One sheet of a workbook as CSV text, with the workbook's sheet names for choosing another.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SheetText {
    /// Every worksheet's name, in workbook order.
    pub sheets: Vec<String>,
    /// The sheet read.
    pub sheet: String,
    /// Its cells as CSV (comma-separated, quoted where needed).
    pub csv: String,
}

/// Whether a file name is a spreadsheet this module reads.
pub fn is_spreadsheet(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".xls", ".ods"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Reads `sheet` (or the first sheet) of a workbook's bytes into CSV text.
pub fn sheet_to_csv(bytes: &[u8], sheet: Option<&str>) -> Result<SheetText, SheetError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| SheetError::Unreadable(e.to_string()))?;
    let sheets = book.sheet_names();
    let name = match sheet {
        Some(name) if sheets.iter().any(|s| s == name) => name.to_string(),
        Some(name) => return Err(SheetError::NoSuchSheet(name.to_string())),
        None => sheets.first().cloned().ok_or(SheetError::NoSheets)?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| SheetError::Unreadable(e.to_string()))?;
    let mut out = csv::Writer::from_writer(Vec::new());
    // Cells left of the range's first used column are empty in every row: the header row keeps
    // its place, so columns stay aligned with what the user sees in the spreadsheet.
    for row in range.rows() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        // Rows of only empty cells are spacing, not records.
        if cells.iter().all(String::is_empty) {
            continue;
        }
        out.write_record(&cells)
            .map_err(|e| SheetError::Unreadable(e.to_string()))?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| SheetError::Unreadable(e.to_string()))?;
    Ok(SheetText {
        sheets,
        sheet: name,
        csv: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

/// A cell as CSV text.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, hh, mm, ..) = dt.to_ymd_hms_milli();
            if hh == 0 && mm == 0 {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}")
            }
        }
        // A duration (a talk time typed as 0:03:20): its seconds.
        Data::DateTime(dt) => number((dt.as_f64() * 86_400.0).round()),
        // ODS dates: `2025-03-31` or `2025-03-31T14:05:00`.
        Data::DateTimeIso(s) => match s.split_once('T') {
            Some((date, time)) if time.starts_with("00:00") => date.to_string(),
            Some((date, time)) => format!("{date} {}", time.get(..5).unwrap_or(time)),
            None => s.clone(),
        },
        Data::DurationIso(s) => s.clone(),
    }
}

/// A CSV export (as `csv_out` writes it: first row the headers) as an `.xlsx` workbook of one
/// sheet: numbers as numbers, `YYYY-MM-DD` as date cells, everything else as text (a text cell
/// cannot be a formula, so `csv_out`'s `'` guard is taken off); bold frozen headers, right to
/// left when `rtl`. Runs in the spreadsheet worker, like reading.
pub fn csv_to_xlsx(csv_text: &str, sheet: &str, rtl: bool) -> Result<Vec<u8>, SheetError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let failed = |e: &dyn std::fmt::Display| SheetError::Unreadable(e.to_string());
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(|e| failed(&e))?;
    ws.set_right_to_left(rtl);
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| failed(&e))?;
        let row = u32::try_from(r).map_err(|e| failed(&e))?;
        for (c, cell) in record.iter().enumerate() {
            let col = u16::try_from(c).map_err(|e| failed(&e))?;
            let cell = crate::format::csv_out::unescape_cell(cell);
            if row == 0 {
                ws.write_string_with_format(row, col, cell, &bold)
            } else if let Some((y, m, d)) = iso_date(cell) {
                let day = ExcelDateTime::from_ymd(y, m, d).map_err(|e| failed(&e))?;
                ws.write_datetime_with_format(row, col, &day, &date)
            } else if let Some(n) = plain_number(cell) {
                ws.write_number(row, col, n)
            } else {
                ws.write_string(row, col, cell)
            }
            .map_err(|e| failed(&e))?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(|e| failed(&e))?;
    ws.autofit();
    book.save_to_buffer().map_err(|e| failed(&e))
}

/// `YYYY-MM-DD` as its parts.
fn iso_date(text: &str) -> Option<(u16, u8, u8)> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Some((
        text.get(..4)?.parse().ok()?,
        text.get(5..7)?.parse().ok()?,
        text.get(8..)?.parse().ok()?,
    ))
}

/// A number written plainly (`1200`, `-3.5`); a leading zero (`0912…`: a phone number, an id)
/// or a `+` keeps the text as text.
fn plain_number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let plain = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !fraction.is_empty()
        && (whole == "0" || !whole.starts_with('0'))
        && whole.len() <= 15;
    plain.then(|| text.parse().ok()).flatten()
}

/// A number as a spreadsheet shows it without formatting: whole numbers without a fraction.
fn number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text that only looks like a number stays text; an impossible date is refused when written.
    #[test]
    fn phone_numbers_stay_text_and_impossible_dates_are_refused() {
        assert_eq!(plain_number("0912"), None);
        assert_eq!(plain_number("+98"), None);
        assert_eq!(plain_number("0.5"), Some(0.5));
        assert_eq!(plain_number("-12"), Some(-12.0));
        assert_eq!(iso_date("2025-13-40"), Some((2025, 13, 40)));
        assert!(csv_to_xlsx("a\n2025-13-40\n", "S", false).is_err());
    }
}
