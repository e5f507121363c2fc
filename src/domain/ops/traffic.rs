//! Traffic entries: visitors per date range and source, and reading a typed count.

use crate::date::{Date, Timestamp};
use crate::model::*;
use crate::money::MoneyError;

impl Dataset {
    /// Records visitors for a date range and source; replaces an entry for the same range and source.
    pub fn set_traffic(
        &mut self,
        id: TrafficId,
        source: Option<SourceId>,
        start: Date,
        end: Date,
        visitors: u64,
        now: Timestamp,
    ) {
        let (start, end) = if start <= end {
            (start, end)
        } else {
            (end, start)
        };
        if let Some(entry) = self
            .traffic
            .iter_mut()
            .find(|t| t.source == source && t.start == start && t.end == end)
        {
            entry.visitors = visitors;
            entry.updated_at = now;
            return;
        }
        self.traffic.push(TrafficEntry {
            id,
            source,
            start,
            end,
            visitors,
            updated_at: now,
        });
    }

    /// Deletes a traffic entry, leaving a tombstone.
    pub fn delete_traffic(&mut self, id: &TrafficId, now: Timestamp) -> Option<TrafficEntry> {
        let index = self.traffic.iter().position(|t| &t.id == id)?;
        let entry = self.traffic.remove(index);
        self.tombstones.push(Tombstone {
            id: entry.id.0.clone(),
            deleted_at: now,
        });
        Some(entry)
    }
}

/// Reads a visitor count typed by a user ("12,400", "۱۲٬۴۰۰").
pub fn parse_count(text: &str) -> Result<u64, MoneyError> {
    let normal: String = crate::text::normalize_digits(text.trim())
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    if normal.starts_with('-')
        && normal.len() > 1
        && normal[1..].bytes().all(|b| b.is_ascii_digit())
    {
        return Err(MoneyError::Negative);
    }
    if normal.is_empty() || !normal.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MoneyError::NotANumber(text.trim().to_string()));
    }
    normal.parse().map_err(|_| MoneyError::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::fixtures::*;

    #[test]
    fn traffic_replaces_same_range_and_source() {
        let mut ds = Dataset::new(Language::En);
        let (a, b) = (day("2025-03-01"), day("2025-03-31"));
        ds.set_traffic("t1".into(), Some("website".into()), a, b, 100, Timestamp(1));
        ds.set_traffic("t2".into(), Some("website".into()), b, a, 250, Timestamp(2));
        ds.set_traffic("t3".into(), None, a, b, 50, Timestamp(3));
        assert_eq!(ds.traffic.len(), 2);
        assert_eq!(
            (ds.traffic[0].visitors, ds.traffic[0].updated_at),
            (250, Timestamp(2))
        );
        assert!(ds.delete_traffic(&"t1".into(), Timestamp(4)).is_some());
        assert_eq!(ds.traffic.len(), 1);
    }

    #[test]
    fn counts_parse() {
        assert_eq!(parse_count("12,400"), Ok(12_400));
        assert_eq!(parse_count("۱۲٬۴۰۰"), Ok(12_400));
        assert_eq!(parse_count("-4"), Err(MoneyError::Negative));
        assert!(parse_count("").is_err());
        assert!(parse_count("1.5").is_err());
    }
}
