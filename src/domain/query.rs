//! Selecting deals for the list and the board: search, filters, sorting, board columns.

use super::date::Date;
use super::kpi::Period;
use super::model::{Dataset, Deal, DealTypeId, OwnerId, SourceId, Stage, StageId, StageKind};

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

/// A column the deal list can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum SortKey {
    /// Deal title.
    Title,
    /// Company.
    Company,
    /// Current stage, in pipeline order.
    Stage,
    /// Value (minor units; deals in other currencies sort by their own amount).
    Value,
    /// Owner name.
    Owner,
    /// Source name.
    Source,
    /// Deal type name.
    Type,
    /// First contact date.
    #[default]
    FirstContact,
    /// Days in the current stage.
    DaysInStage,
    /// Expected close date (deals without one last).
    ExpectedClose,
}

impl SortKey {
    /// Every sortable column, in table order.
    pub const ALL: [SortKey; 10] = [
        SortKey::Title,
        SortKey::Company,
        SortKey::Stage,
        SortKey::Value,
        SortKey::Owner,
        SortKey::Source,
        SortKey::Type,
        SortKey::FirstContact,
        SortKey::DaysInStage,
        SortKey::ExpectedClose,
    ];
}

/// What the deal list (and, without status and sort, the board) shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct ListQuery {
    /// Text searched in title, company, contact, owner, source, type and email
    /// (case-insensitive), and in the phone number by its digits (any written form).
    pub search: String,
    /// Open, won, lost or all.
    pub status: StatusFilter,
    /// Only deals currently in one of these stages (empty: any).
    pub stages: Vec<StageId>,
    /// Only deals from one of these sources (empty: any).
    pub sources: Vec<SourceId>,
    /// Only deals of one of these owners (empty: any).
    pub owners: Vec<OwnerId>,
    /// Only deals of one of these types (empty: any).
    pub types: Vec<DealTypeId>,
    /// Only deals first contacted in this period.
    pub period: Option<Period>,
    /// Sort column.
    pub sort: SortKey,
    /// Largest / latest / Z first.
    pub descending: bool,
}

impl ListQuery {
    /// Whether a deal passes every filter (not the sort).
    pub fn admits(&self, ds: &Dataset, deal: &Deal, needle: &str) -> bool {
        let status_ok = match self.status {
            StatusFilter::All => true,
            StatusFilter::Open => ds.deal_kind(deal) == Some(StageKind::Open),
            StatusFilter::Won => ds.deal_kind(deal) == Some(StageKind::Won),
            StatusFilter::Lost => ds.deal_kind(deal) == Some(StageKind::Lost),
        };
        fn one_of<T: PartialEq>(list: &[T], item: Option<&T>) -> bool {
            list.is_empty() || item.is_some_and(|i| list.contains(i))
        }
        status_ok
            && one_of(&self.stages, deal.current_stage())
            && one_of(&self.sources, deal.source.as_ref())
            && one_of(&self.owners, deal.owner.as_ref())
            && one_of(&self.types, deal.deal_type.as_ref())
            && self.period.is_none_or(|p| p.contains(deal.first_contact))
            && (needle.is_empty()
                || [
                    deal.title.as_str(),
                    &deal.company,
                    &deal.contact,
                    ds.owner_name(deal.owner.as_ref()),
                    ds.source_name(deal.source.as_ref()),
                    ds.deal_type_name(deal.deal_type.as_ref()),
                    &deal.email,
                ]
                .iter()
                .any(|field| field.to_lowercase().contains(needle))
                || phone_matches(&deal.phone, needle))
    }
}

/// Whether a search for `needle` finds the phone number `phone`: at least four digits (Persian
/// digits too) found in the number's comparable form, with the trunk zeros dropped, so `0912 123`,
/// `+98912123`, `98912123` and `۰۹۱۲۱۲۳` all find `+98 912 123 4567`.
pub fn phone_matches(phone: &str, needle: &str) -> bool {
    if phone.is_empty() {
        return false;
    }
    let digits = |s: &str| -> String {
        crate::text::normalize_digits(s)
            .chars()
            .filter(char::is_ascii_digit)
            .collect()
    };
    let wanted = digits(needle);
    let wanted = wanted.trim_start_matches('0');
    // Only a needle that is a number (digits and the usual separators) searches numbers.
    let numeric = crate::text::normalize_digits(needle)
        .chars()
        .all(|c| c.is_ascii_digit() || " +-.()/".contains(c));
    if !numeric || wanted.len() < 4 {
        return false;
    }
    let stored = crate::phone::normalize_phone(phone).unwrap_or_else(|| phone.to_string());
    digits(&stored).contains(wanted)
}

/// Deals passing the query's filters, sorted by its column; ties by title then id, so the order
/// is stable. `today` is needed for days in stage.
pub fn list_deals<'a>(ds: &'a Dataset, q: &ListQuery, today: Date) -> Vec<&'a Deal> {
    let needle = q.search.trim().to_lowercase();
    let mut deals: Vec<&Deal> = ds
        .deals
        .iter()
        .filter(|d| q.admits(ds, d, &needle))
        .collect();
    // Ties keep title order, so equal keys do not shuffle between renders.
    super::sort::sort_by(&mut deals, |a, b| {
        a.title.cmp(&b.title).then_with(|| a.id.cmp(&b.id))
    });
    let desc = q.descending;
    let text = |s: &str| s.to_lowercase();
    match q.sort {
        SortKey::Title => sort_with(&mut deals, desc, |d| text(&d.title)),
        SortKey::Company => sort_with(&mut deals, desc, |d| text(&d.company)),
        SortKey::Owner => sort_with(&mut deals, desc, |d| text(ds.owner_name(d.owner.as_ref()))),
        SortKey::Source => sort_with(&mut deals, desc, |d| {
            text(ds.source_name(d.source.as_ref()))
        }),
        SortKey::Type => sort_with(&mut deals, desc, |d| {
            text(ds.deal_type_name(d.deal_type.as_ref()))
        }),
        SortKey::Stage => sort_with(&mut deals, desc, |d| {
            d.current_stage().and_then(|s| ds.stage_index(s))
        }),
        SortKey::Value => sort_with(&mut deals, desc, |d| d.value.minor),
        SortKey::FirstContact => sort_with(&mut deals, desc, |d| d.first_contact),
        SortKey::DaysInStage => sort_with(&mut deals, desc, |d| {
            d.current_since().map_or(0, |since| since.days_until(today))
        }),
        // Deals without a date stay last in both directions.
        SortKey::ExpectedClose => sort_with(&mut deals, false, |d| {
            let day = d.expected_close.map(|c| c.days());
            (day.is_none(), day.map(|n| if desc { -n } else { n }))
        }),
    }
    deals
}

/// Stable sort by a key computed once per deal (lowercasing inside a comparator would allocate
/// n log n strings at 10,000 deals).
fn sort_with<K: Ord>(deals: &mut Vec<&Deal>, descending: bool, key: impl Fn(&Deal) -> K) {
    let mut keyed: Vec<(K, &Deal)> = deals.iter().map(|d| (key(d), *d)).collect();
    super::sort::sort_by(&mut keyed, |a, b| {
        let order = a.0.cmp(&b.0);
        if descending {
            order.reverse()
        } else {
            order
        }
    });
    *deals = keyed.into_iter().map(|(_, d)| d).collect();
}

/// One column of the board: an open stage (or the won/lost stages) with its deals.
#[derive(Clone, Debug, PartialEq)]
pub struct Column<'a> {
    /// The stage.
    pub stage: &'a Stage,
    /// Deals in it, most recently moved first (so a card that was just dropped is on top).
    pub deals: Vec<BoardCard<'a>>,
    /// Sum of the values in the display currency.
    pub value: i64,
    /// How many of its deals are stuck.
    pub stuck: usize,
}

/// A deal on the board with what its card shows beyond the deal itself.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardCard<'a> {
    /// The deal.
    pub deal: &'a Deal,
    /// Days since it entered its current stage.
    pub days_in_stage: i64,
    /// Longer in its stage than the stage's stuck limit.
    pub stuck: bool,
}

/// The board: a column per stage in pipeline order, with the deals passing the query's filters
/// (its status and sort are ignored); `stuck_limits` are per stage index, from the KPI engine.
pub fn board<'a>(
    ds: &'a Dataset,
    q: &ListQuery,
    today: Date,
    stuck_limits: &[Option<f64>],
) -> Vec<Column<'a>> {
    let needle = q.search.trim().to_lowercase();
    let filters = ListQuery {
        status: StatusFilter::All,
        ..q.clone()
    };
    let mut columns: Vec<Column> = ds
        .stages
        .iter()
        .map(|stage| Column {
            stage,
            deals: Vec::new(),
            value: 0,
            stuck: 0,
        })
        .collect();
    for deal in ds.deals.iter().filter(|d| filters.admits(ds, d, &needle)) {
        let Some(i) = deal.current_stage().and_then(|s| ds.stage_index(s)) else {
            continue;
        };
        let days = deal
            .current_since()
            .map_or(0, |since| i64::from(since.days_until(today)));
        let limit = stuck_limits.get(i).copied().flatten();
        let column = &mut columns[i];
        if deal.value.currency == ds.settings.display_currency {
            column.value += deal.value.minor;
        }
        let stuck = column.stage.kind == StageKind::Open && limit.is_some_and(|l| days as f64 > l);
        column.stuck += usize::from(stuck);
        column.deals.push(BoardCard {
            deal,
            days_in_stage: days,
            stuck,
        });
    }
    for column in &mut columns {
        super::sort::sort_by(&mut column.deals, |a, b| {
            a.days_in_stage
                .cmp(&b.days_in_stage)
                .then_with(|| a.deal.title.cmp(&b.deal.title))
                .then_with(|| a.deal.id.cmp(&b.deal.id))
        });
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::model::Language;
    use crate::sample::sample_dataset;

    #[test]
    fn filters_by_status_and_text() {
        let today = Date::parse("2025-06-30").unwrap();
        let ds = sample_dataset(today, Language::En);
        // Newest first contact first, as the list opens.
        let filter_deals = |search: &str, status| {
            let q = ListQuery {
                search: search.to_string(),
                status,
                descending: true,
                ..ListQuery::default()
            };
            list_deals(&ds, &q, today)
        };
        let all = filter_deals("", StatusFilter::All);
        assert_eq!(all.len(), ds.deals.len());
        assert!(all
            .windows(2)
            .all(|w| w[0].first_contact >= w[1].first_contact));
        let split: usize = [StatusFilter::Open, StatusFilter::Won, StatusFilter::Lost]
            .iter()
            .map(|s| filter_deals("", *s).len())
            .sum();
        assert_eq!(split, ds.deals.len());
        let acme = filter_deals("  ACME ", StatusFilter::All);
        assert!(!acme.is_empty() && acme.iter().all(|d| d.company == "Acme Trading"));
        let sara = filter_deals("sara", StatusFilter::Won);
        assert!(!sara.is_empty() && sara.iter().all(|d| d.owner.as_ref().unwrap().0 == "rep-1"));
        assert!(filter_deals("zzzz", StatusFilter::All).is_empty());
    }

    #[test]
    fn search_finds_a_phone_in_any_written_form_and_an_email() {
        assert!(phone_matches("+98 912 123 4567", "0912 123"));
        assert!(phone_matches("09121234567", "+98912123"));
        assert!(phone_matches("0912-123-4567", "۰۹۱۲۱۲۳۴۵۶۷"));
        assert!(phone_matches("0912 123 4567", "98912123"));
        assert!(!phone_matches("0912 123 4567", "912"), "too few digits");
        assert!(!phone_matches("", "0912"));
        assert!(
            !phone_matches("0912 123 4567", "Acme 0912"),
            "words search the text"
        );
        let today = Date::parse("2025-06-30").unwrap();
        let mut ds = sample_dataset(today, Language::En);
        ds.deals[3].phone = "0935 555 0101".into();
        ds.deals[4].email = "Buyer@Example.ir".into();
        let found = |search: &str| -> Vec<crate::DealId> {
            let q = ListQuery {
                search: search.to_string(),
                ..ListQuery::default()
            };
            list_deals(&ds, &q, today)
                .iter()
                .map(|d| d.id.clone())
                .collect()
        };
        assert_eq!(found("+98 935 555 0101"), [ds.deals[3].id.clone()]);
        assert_eq!(found("۰۹۳۵۵۵۵"), [ds.deals[3].id.clone()]);
        assert_eq!(found("buyer@example"), [ds.deals[4].id.clone()]);
    }

    #[test]
    fn list_sorts_by_every_column_both_ways_and_filters() {
        let today = Date::parse("2025-06-30").unwrap();
        let ds = sample_dataset(today, Language::En);
        for sort in SortKey::ALL {
            for descending in [false, true] {
                let q = ListQuery {
                    sort,
                    descending,
                    ..ListQuery::default()
                };
                let deals = list_deals(&ds, &q, today);
                assert_eq!(deals.len(), ds.deals.len());
                let key = |d: &Deal| -> (i64, String) {
                    match sort {
                        SortKey::Title => (0, d.title.to_lowercase()),
                        SortKey::Company => (0, d.company.to_lowercase()),
                        SortKey::Owner => (0, ds.owner_name(d.owner.as_ref()).to_lowercase()),
                        SortKey::Source => (0, ds.source_name(d.source.as_ref()).to_lowercase()),
                        SortKey::Type => {
                            (0, ds.deal_type_name(d.deal_type.as_ref()).to_lowercase())
                        }
                        SortKey::Stage => (
                            ds.stage_index(d.current_stage().unwrap()).unwrap() as i64,
                            String::new(),
                        ),
                        SortKey::Value => (d.value.minor, String::new()),
                        SortKey::FirstContact => (d.first_contact.days().into(), String::new()),
                        SortKey::DaysInStage => (
                            d.current_since().unwrap().days_until(today).into(),
                            String::new(),
                        ),
                        SortKey::ExpectedClose => (
                            d.expected_close.map_or(i64::MAX, |c| c.days().into()),
                            String::new(),
                        ),
                    }
                };
                for w in deals.windows(2) {
                    let (a, b) = (key(w[0]), key(w[1]));
                    let undated = sort == SortKey::ExpectedClose && b.0 == i64::MAX;
                    assert!(
                        if descending && !undated {
                            a >= b
                        } else {
                            a <= b
                        },
                        "{sort:?} desc={descending}: {a:?} then {b:?}"
                    );
                }
            }
        }
        let rep = ds.owners[0].id.clone();
        let q = ListQuery {
            owners: vec![rep.clone()],
            stages: vec!["sql".into()],
            sources: vec!["phone".into()],
            period: Some(Period {
                start: Date::parse("2025-01-01").unwrap(),
                end: today,
            }),
            ..ListQuery::default()
        };
        let some = list_deals(&ds, &q, today);
        assert!(!some.is_empty());
        assert!(some.iter().all(|d| d.owner.as_ref() == Some(&rep)
            && d.current_stage().unwrap().0 == "sql"
            && d.source.as_ref().unwrap().0 == "phone"
            && d.first_contact.ymd().0 == 2025));
        let expected = ds.deals.iter().filter(|d| q.admits(&ds, d, "")).count();
        assert_eq!(some.len(), expected);
    }

    #[test]
    fn board_puts_every_deal_in_its_stage_column_latest_move_first() {
        let today = Date::parse("2025-06-30").unwrap();
        let ds = sample_dataset(today, Language::En);
        let limits = vec![Some(10.0); ds.stages.len()];
        let columns = board(&ds, &ListQuery::default(), today, &limits);
        assert_eq!(columns.len(), ds.stages.len());
        assert_eq!(
            columns.iter().map(|c| c.deals.len()).sum::<usize>(),
            ds.deals.len()
        );
        for c in &columns {
            assert!(c
                .deals
                .iter()
                .all(|card| card.deal.current_stage() == Some(&c.stage.id)));
            assert!(c
                .deals
                .windows(2)
                .all(|w| w[0].days_in_stage <= w[1].days_in_stage));
            assert_eq!(c.stuck, c.deals.iter().filter(|d| d.stuck).count());
            for card in &c.deals {
                assert_eq!(
                    card.stuck,
                    c.stage.kind == StageKind::Open && card.days_in_stage > 10
                );
            }
        }
        let lead = &columns[0];
        assert_eq!(
            lead.value,
            lead.deals.iter().map(|c| c.deal.value.minor).sum::<i64>()
        );
        let rep = ds.owners[1].id.clone();
        let mine = board(
            &ds,
            &ListQuery {
                owners: vec![rep.clone()],
                ..ListQuery::default()
            },
            today,
            &limits,
        );
        assert!(mine
            .iter()
            .flat_map(|c| &c.deals)
            .all(|c| c.deal.owner.as_ref() == Some(&rep)));
    }
}
