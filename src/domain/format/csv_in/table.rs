//! Reading the table: delimiter, header, rows with their line numbers, in slices.

use super::*;

/// One data row and the line it starts on (as a spreadsheet numbers it, the header is line 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Line of the file where the row starts.
    pub line: u64,
    /// Cell texts, as many as the header has columns.
    pub cells: Vec<String>,
}

/// A CSV file read into a header and rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Column names.
    pub headers: Vec<String>,
    /// Data rows (blank rows left out).
    pub rows: Vec<Row>,
}

/// Reads a CSV text in slices, so the page can show progress between them.
pub struct TableReader {
    reader: csv::Reader<std::io::Cursor<Vec<u8>>>,
    total: usize,
    table: Table,
    record: csv::StringRecord,
    /// Byte offset and line number of the last row read, to count lines incrementally.
    counted: (usize, u64),
}

/// The delimiter of the header line: comma, semicolon (spreadsheets in many European locales) or
/// tab, whichever it holds most of.
pub(super) fn delimiter(text: &str) -> u8 {
    let head = text.lines().next().unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (head.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',')
}

impl TableReader {
    /// Starts reading `text` (a leading byte-order mark is dropped) and reads its header.
    pub fn new(text: String) -> Result<TableReader, CsvError> {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let delimiter = delimiter(&text);
        let total = text.len().max(1);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(std::io::Cursor::new(text.into_bytes()));
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| malformed(&e))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        if headers.iter().all(String::is_empty) {
            return Err(CsvError::NoHeader);
        }
        Ok(TableReader {
            reader,
            total,
            table: Table {
                headers,
                rows: Vec::new(),
            },
            record: csv::StringRecord::new(),
            counted: (0, 1),
        })
    }

    /// Reads up to `max_rows` more rows; `Ok(true)` once the file is read to its end.
    pub fn read(&mut self, max_rows: usize) -> Result<bool, CsvError> {
        let width = self.table.headers.len();
        for _ in 0..max_rows {
            let more = self
                .reader
                .read_record(&mut self.record)
                .map_err(|e| malformed(&e))?;
            if !more {
                return Ok(true);
            }
            if self.record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let line = self.line_of_record();
            if self.table.rows.len() >= MAX_CSV_ROWS {
                return Err(CsvError::TooManyRows {
                    limit: MAX_CSV_ROWS,
                });
            }
            let mut cells: Vec<String> = self.record.iter().take(width).map(String::from).collect();
            cells.resize(width, String::new());
            self.table.rows.push(Row { line, cells });
        }
        Ok(false)
    }

    /// The line the last record starts on. Counted from its byte offset rather than taken from
    /// the reader, whose line count skips the line feed of a CRLF header.
    fn line_of_record(&mut self) -> u64 {
        let bytes = self.reader.get_ref().get_ref();
        let start = self
            .record
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(bytes.len().saturating_sub(1));
        let (from, line) = self.counted;
        // A record offset can point at the line feed that ends the previous line; count it.
        let end = (start + 1).max(from).min(bytes.len());
        let line = line
            + bytes[from.min(end)..end]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
        self.counted = (end, line);
        line
    }

    /// Share of the file read so far, 0–1.
    pub fn progress(&self) -> f64 {
        self.reader.position().byte() as f64 / self.total as f64
    }

    /// The table read so far; refuses a file with no data rows.
    pub fn finish(self) -> Result<Table, CsvError> {
        if self.table.rows.is_empty() {
            return Err(CsvError::NoRows);
        }
        Ok(self.table)
    }
}

pub(super) fn malformed(e: &csv::Error) -> CsvError {
    CsvError::Malformed {
        line: e.position().map_or(0, |p| p.line()),
        message: e.to_string(),
    }
}

/// Reads a whole CSV text at once (tests, benchmarks; the app reads in slices).
pub fn read_table(text: &str) -> Result<Table, CsvError> {
    let mut reader = TableReader::new(text.to_string())?;
    while !reader.read(usize::MAX)? {}
    reader.finish()
}
