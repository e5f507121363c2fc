//! Selecting deals for the list: search text and status filter.

use super::model::{Dataset, Deal, StageKind};

/// Which deals the list shows by status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum StatusFilter {
    /// Every deal.
    #[default]
    All,
    /// Deals in an open stage.
    Open,
    /// Won deals.
    Won,
    /// Lost deals.
    Lost,
}

/// Deals matching `search` (title, company, contact, owner or source; case-insensitive) and
/// `status`, newest first contact first, ties by title.
pub fn filter_deals<'a>(ds: &'a Dataset, search: &str, status: StatusFilter) -> Vec<&'a Deal> {
    let needle = search.trim().to_lowercase();
    let mut deals: Vec<&Deal> = ds
        .deals
        .iter()
        .filter(|d| match status {
            StatusFilter::All => true,
            StatusFilter::Open => ds.deal_kind(d) == Some(StageKind::Open),
            StatusFilter::Won => ds.deal_kind(d) == Some(StageKind::Won),
            StatusFilter::Lost => ds.deal_kind(d) == Some(StageKind::Lost),
        })
        .filter(|d| {
            needle.is_empty()
                || [
                    d.title.as_str(),
                    &d.company,
                    &d.contact,
                    ds.owner_name(d.owner.as_ref()),
                    ds.source_name(d.source.as_ref()),
                ]
                .iter()
                .any(|field| field.to_lowercase().contains(&needle))
        })
        .collect();
    deals.sort_by(|a, b| {
        b.first_contact
            .cmp(&a.first_contact)
            .then_with(|| a.title.cmp(&b.title))
    });
    deals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Date;
    use crate::domain::model::Language;
    use crate::domain::sample::sample_dataset;

    #[test]
    fn filters_by_status_and_text() {
        let ds = sample_dataset(Date::parse("2025-06-30").unwrap(), Language::En);
        let all = filter_deals(&ds, "", StatusFilter::All);
        assert_eq!(all.len(), ds.deals.len());
        assert!(all
            .windows(2)
            .all(|w| w[0].first_contact >= w[1].first_contact));
        let split: usize = [StatusFilter::Open, StatusFilter::Won, StatusFilter::Lost]
            .iter()
            .map(|s| filter_deals(&ds, "", *s).len())
            .sum();
        assert_eq!(split, ds.deals.len());
        let acme = filter_deals(&ds, "  ACME ", StatusFilter::All);
        assert!(!acme.is_empty() && acme.iter().all(|d| d.company == "Acme Trading"));
        let sara = filter_deals(&ds, "sara", StatusFilter::Won);
        assert!(!sara.is_empty() && sara.iter().all(|d| d.owner.as_ref().unwrap().0 == "rep-1"));
        assert!(filter_deals(&ds, "zzzz", StatusFilter::All).is_empty());
    }
}
