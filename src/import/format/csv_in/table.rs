//! Reading the table: delimiter, header, rows with their line numbers, in slices.

use super::*;

/// One data row and the line it starts on (as a spreadsheet numbers it, the header is line 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Line of the file where the row starts.
    pub line: u64,
    /// Cell texts, as many as the header has columns.
    pub cells: Cells,
}

/// A row's cell texts in one buffer. A `String` per cell cost two allocations of every three
/// made reading a CRM export (14 columns, 8,800 rows: about half of `kariz:csv-read` in
/// Chromium went to the allocator), and as many frees when the table was dropped.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Cells {
    text: String,
    /// Where each cell ends in `text` (the next starts there).
    ends: Vec<u32>,
}

impl Cells {
    /// No cells, room for `n` of them holding `bytes` of text in all.
    pub fn with_capacity(n: usize, bytes: usize) -> Cells {
        Cells {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(n),
        }
    }

    /// Adds a cell after the last.
    pub fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        // A row over 4 GB is refused far earlier (MAX_CSV_BYTES); saturate rather than wrap.
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    /// Cell `i`'s text, if the row has that many cells.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1] as usize,
        };
        self.text.get(start..end)
    }

    /// How many cells the row has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the row has no cells.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cells' texts in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

impl std::ops::Index<usize> for Cells {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        // Out of range panics, as a Vec's index does: callers index only columns they checked.
        let Some(cell) = self.get(i) else {
            panic!("cell {i} of a row of {} cells", self.len())
        };
        cell
    }
}

impl<S: AsRef<str>> FromIterator<S> for Cells {
    fn from_iter<I: IntoIterator<Item = S>>(cells: I) -> Cells {
        let mut row = Cells::default();
        for cell in cells {
            row.push(cell.as_ref());
        }
        row
    }
}

impl From<Vec<String>> for Cells {
    fn from(cells: Vec<String>) -> Cells {
        cells.iter().collect()
    }
}

impl std::fmt::Debug for Cells {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<const N: usize> PartialEq<[&str; N]> for Cells {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.len() == N && self.iter().zip(other).all(|(a, b)| a == *b)
    }
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
            let bytes = self.record.as_slice().len();
            let mut cells = Cells::with_capacity(width, bytes);
            for cell in self.record.iter().take(width) {
                cells.push(cell);
            }
            while cells.len() < width {
                cells.push("");
            }
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
