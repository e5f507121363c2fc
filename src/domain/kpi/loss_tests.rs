//! The loss analysis on a hand-worked case: June 2025, today 2025-07-10, weeks from Monday.
//!
//! | deal | rep  | source  | log                                             | value   | reason          |
//! |------|------|---------|-------------------------------------------------|---------|-----------------|
//! | L1   | sara | website | lead 05-10, mql 05-20, lost 06-05               | 500     | Price           |
//! | L2   | sara | phone   | lead 06-01, lost 06-03                          | 300     | Price           |
//! | L3   | reza | website | lead 05-01, mql 05-05, sql 05-15, lost 06-20    | 2000    | Timing          |
//! | L4   | reza | phone   | lead 06-02, mql 06-04, lost 06-10, mql 07-05    | 1000    | (kept) Competitor |
//! | L5   | —    | —       | lead 06-15, lost 06-25                          | 0       | none            |
//! | L6   | reza | website | lead 04-01, lost 05-28 (before the period)      | 1000    | Price           |
//! | L7   | sara | website | lead 06-01, lost 07-02 (after the period)       | 1000    | Price           |
//! | L8   | sara | phone   | lead 06-08, lost 06-12                          | 900 EUR | " Price "       |
//! | W1   | sara | website | lead 05-01, won 06-11 (41 days)                 | 1000    |                 |
//! | W2   | reza | phone   | lead 06-01, won 06-21 (20 days)                 | 1000    |                 |
//! | W3   | reza | website | lead 06-05, mql 06-06, won 06-15 (10 days)      | 1000    |                 |
//!
//! Losses of June: L1, L2, L3, L4 (reopened after June: the kept reason), L5, L8 — 6 deals,
//! 3,800 in USD (L8 is in euros, so 0 in the display currency).

use super::*;
use crate::kpi::{report, test_deal, Filter, FunnelMode};
use crate::model::{DealTypeId, Language, PastLoss, WeekStart};
use crate::money::{Currency, Money};

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn fixture() -> Dataset {
    let mut ds = Dataset::new(Language::En);
    ds.settings.week_start = WeekStart::Monday;
    let deal = |id: &str,
                rep: Option<&str>,
                source: Option<&str>,
                log: &[(&str, &str)],
                value: i64,
                reason: Option<&str>| {
        let log: Vec<(&str, Date)> = log.iter().map(|(s, d)| (*s, day(d))).collect();
        let mut d = test_deal(id, &log);
        d.owner = rep.map(OwnerId::from);
        d.source = source.map(SourceId::from);
        d.value.minor = value;
        d.lost_reason = reason.map(str::to_owned);
        d
    };
    let mut l8 = deal(
        "L8",
        Some("sara"),
        Some("phone"),
        &[("lead", "2025-06-08"), ("lost", "2025-06-12")],
        900,
        Some(" Price "),
    );
    l8.value = Money {
        minor: 900,
        currency: Currency::EUR,
    };
    let mut l1 = deal(
        "L1",
        Some("sara"),
        Some("website"),
        &[
            ("lead", "2025-05-10"),
            ("mql", "2025-05-20"),
            ("lost", "2025-06-05"),
        ],
        500,
        Some("Price"),
    );
    l1.lost_note = "too dear".into();
    ds.deals = vec![
        l1,
        deal(
            "L2",
            Some("sara"),
            Some("phone"),
            &[("lead", "2025-06-01"), ("lost", "2025-06-03")],
            300,
            Some("Price"),
        ),
        deal(
            "L3",
            Some("reza"),
            Some("website"),
            &[
                ("lead", "2025-05-01"),
                ("mql", "2025-05-05"),
                ("sql", "2025-05-15"),
                ("lost", "2025-06-20"),
            ],
            2000,
            Some("Timing"),
        ),
        deal(
            "L4",
            Some("reza"),
            Some("phone"),
            &[
                ("lead", "2025-06-02"),
                ("mql", "2025-06-04"),
                ("lost", "2025-06-10"),
                ("mql", "2025-07-05"),
            ],
            1000,
            None,
        ),
        deal(
            "L5",
            None,
            None,
            &[("lead", "2025-06-15"), ("lost", "2025-06-25")],
            0,
            None,
        ),
        deal(
            "L6",
            Some("reza"),
            Some("website"),
            &[("lead", "2025-04-01"), ("lost", "2025-05-28")],
            1000,
            Some("Price"),
        ),
        deal(
            "L7",
            Some("sara"),
            Some("website"),
            &[("lead", "2025-06-01"), ("lost", "2025-07-02")],
            1000,
            Some("Price"),
        ),
        l8,
        deal(
            "W1",
            Some("sara"),
            Some("website"),
            &[("lead", "2025-05-01"), ("won", "2025-06-11")],
            1000,
            None,
        ),
        deal(
            "W2",
            Some("reza"),
            Some("phone"),
            &[("lead", "2025-06-01"), ("won", "2025-06-21")],
            1000,
            None,
        ),
        deal(
            "W3",
            Some("reza"),
            Some("website"),
            &[
                ("lead", "2025-06-05"),
                ("mql", "2025-06-06"),
                ("won", "2025-06-15"),
            ],
            1000,
            None,
        ),
    ];
    ds.past_losses = vec![PastLoss {
        deal: "L4".into(),
        date: day("2025-06-10"),
        reason: "Competitor".into(),
        note: "went with X".into(),
    }];
    ds
}

fn june(filter: Filter) -> Query {
    Query {
        period: Period {
            start: day("2025-06-01"),
            end: day("2025-06-30"),
        },
        filter,
        mode: FunnelMode::Cohort,
        today: day("2025-07-10"),
    }
}

fn group<K>(key: Option<&str>, count: u64, value: i64, total: u64) -> LossGroup<K>
where
    K: From<&'static str>,
{
    LossGroup {
        key: key.map(|k| K::from(Box::leak(k.to_owned().into_boxed_str()))),
        count,
        value,
        share: Ratio::new(count, total),
    }
}

#[test]
fn losses_of_the_period_newest_first_with_the_recorded_reason() {
    let r = loss_report(&fixture(), None, &june(Filter::default()));
    let ids: Vec<&str> = r.losses.iter().map(|l| l.deal.as_str()).collect();
    assert_eq!(ids, ["L5", "L3", "L8", "L4", "L1", "L2"]);
    assert_eq!(r.value, 3_800);
    let l4 = &r.losses[3];
    assert_eq!(
        l4.reason.as_deref(),
        Some("Competitor"),
        "kept when reopened"
    );
    assert_eq!(l4.note, "went with X");
    assert_eq!(l4.from, Some(StageId::from("mql")));
    assert_eq!(r.losses[2].reason.as_deref(), Some("Price"), "trimmed");
    assert_eq!(r.losses[2].value, 0, "euros are not the display currency");
    assert_eq!(r.losses[4].note, "too dear");
    assert_eq!(r.losses[0].reason, None);
}

#[test]
fn the_lists_add_up_to_the_headline_lost_count() {
    let ds = fixture();
    for filter in [
        Filter::default(),
        Filter {
            owners: vec!["sara".into()],
            ..Filter::default()
        },
        Filter {
            sources: vec!["phone".into()],
            ..Filter::default()
        },
    ] {
        let q = june(filter);
        let headline = report(&ds, &q).current;
        let r = loss_report(&ds, None, &q);
        assert_eq!(r.losses.len() as u64, headline.lost);
        assert_eq!(
            r.by_reason.iter().map(|g| g.count).sum::<u64>(),
            headline.lost
        );
        assert_eq!(r.owners.iter().map(|s| s.won).sum::<u64>(), headline.won);
    }
}

#[test]
fn grouped_by_reason_stage_owner_and_source() {
    let r = loss_report(&fixture(), None, &june(Filter::default()));
    assert_eq!(
        r.by_reason,
        vec![
            group(Some("Price"), 3, 800, 6),
            group(Some("Timing"), 1, 2000, 6),
            group(Some("Competitor"), 1, 1000, 6),
            group(None, 1, 0, 6),
        ]
    );
    assert_eq!(
        r.by_stage,
        vec![
            group(Some("lead"), 3, 300, 6),
            group(Some("mql"), 2, 1500, 6),
            group(Some("sql"), 1, 2000, 6),
        ]
    );
    assert_eq!(
        r.by_owner,
        vec![
            group(Some("sara"), 3, 800, 6),
            group(Some("reza"), 2, 3000, 6),
            group(None, 1, 0, 6),
        ]
    );
    assert_eq!(
        r.by_source,
        vec![
            group(Some("phone"), 3, 1300, 6),
            group(Some("website"), 2, 2500, 6),
            group(None, 1, 0, 6),
        ]
    );
}

/// A segment as (key, won, lost, median cycle, value lost).
type Row<'a> = (Option<&'a str>, u64, u64, Option<f64>, i64);

fn rows<K>(segments: &[Segment<K>], text: fn(&K) -> &str) -> Vec<Row<'_>> {
    segments
        .iter()
        .map(|s| {
            (
                s.key.as_ref().map(text),
                s.won,
                s.lost,
                s.cycle.median,
                s.lost_value,
            )
        })
        .collect()
}

#[test]
fn win_and_loss_by_owner_and_source() {
    let r = loss_report(&fixture(), None, &june(Filter::default()));
    let owners = rows(&r.owners, OwnerId::as_str);
    assert_eq!(
        owners,
        [
            (Some("reza"), 2, 2, Some(15.0), 3000),
            (Some("sara"), 1, 3, Some(41.0), 800),
            (None, 0, 1, None, 0),
        ]
    );
    assert_eq!(r.owners[0].win_rate, Ratio::new(2, 4));
    let sources = rows(&r.sources, SourceId::as_str);
    assert_eq!(
        sources,
        [
            (Some("phone"), 1, 3, Some(20.0), 1300),
            (Some("website"), 2, 2, Some(25.5), 2500),
            (None, 0, 1, None, 0),
        ]
    );
}

#[test]
fn the_top_reasons_week_by_week() {
    let r = loss_report(&fixture(), None, &june(Filter::default()));
    let t = &r.trend;
    assert!(t.weekly);
    assert_eq!(t.buckets.len(), 6, "Sun 1st, four full weeks, Mon 30th");
    assert_eq!(t.buckets[1].start, day("2025-06-02"));
    assert_eq!(
        t.reasons,
        [
            Some("Price".to_owned()),
            Some("Timing".to_owned()),
            Some("Competitor".to_owned()),
            None
        ]
    );
    assert_eq!(
        t.counts,
        [
            vec![0, 2, 1, 0, 0, 0],
            vec![0, 0, 0, 1, 0, 0],
            vec![0, 0, 1, 0, 0, 0],
            vec![0, 0, 0, 0, 1, 0],
        ]
    );
}

#[test]
fn reasons_past_the_top_ones_are_summed_as_other() {
    let mut ds = fixture();
    for (i, reason) in ["A", "B", "C"].iter().enumerate() {
        let mut d = test_deal(
            &format!("X{i}"),
            &[("lead", day("2025-06-01")), ("lost", day("2025-06-16"))],
        );
        d.lost_reason = Some((*reason).to_owned());
        d.value.minor = 0;
        ds.deals.push(d);
    }
    let r = loss_report(&ds, None, &june(Filter::default()));
    assert_eq!(r.trend.reasons.len(), TREND_REASONS);
    assert_eq!(r.trend.counts.len(), TREND_REASONS + 1);
    let total: u64 = r.trend.counts.iter().flatten().sum();
    assert_eq!(total, r.losses.len() as u64);
    // Ties rank by value, then name: the top four are Price, Timing, Competitor and A.
    assert_eq!(r.trend.reasons[3].as_deref(), Some("A"));
    assert_eq!(
        r.trend.counts[TREND_REASONS][3], 2,
        "B and C in the week of the 16th"
    );
    assert_eq!(
        r.trend.counts[TREND_REASONS][4], 1,
        "no reason, on the 25th"
    );
}

#[test]
fn an_earlier_period_sees_the_loss_a_later_reopening_undid() {
    // In July L4 is open again (reopened 07-05); June still counts its loss (above). A July
    // report does not, and L7 (lost 07-02) is July's.
    let mut q = june(Filter::default());
    q.period = Period {
        start: day("2025-07-01"),
        end: day("2025-07-31"),
    };
    let r = loss_report(&fixture(), None, &q);
    let ids: Vec<&str> = r.losses.iter().map(|l| l.deal.as_str()).collect();
    assert_eq!(ids, ["L7"]);
}

#[test]
fn win_and_loss_by_deal_type_and_the_type_filter() {
    // New business: L1, L3, W1; renewal: L2, W2, W3; the rest have no type.
    let mut ds = fixture();
    for d in &mut ds.deals {
        d.deal_type = match d.id.as_str() {
            "L1" | "L3" | "W1" => Some("new-business".into()),
            "L2" | "W2" | "W3" => Some("renewal".into()),
            _ => None,
        };
    }
    let r = loss_report(&ds, None, &june(Filter::default()));
    assert_eq!(
        rows(&r.types, DealTypeId::as_str),
        [
            (Some("new-business"), 1, 2, Some(41.0), 2500),
            (Some("renewal"), 2, 1, Some(15.0), 300),
            (None, 0, 3, None, 1000),
        ]
    );
    assert_eq!(r.types[1].win_rate, Ratio::new(2, 3));
    let renewals = loss_report(
        &ds,
        None,
        &june(Filter {
            types: vec!["renewal".into()],
            ..Filter::default()
        }),
    );
    let ids: Vec<&str> = renewals.losses.iter().map(|l| l.deal.as_str()).collect();
    assert_eq!(ids, ["L2"]);
    assert_eq!(renewals.losses[0].deal_type, Some("renewal".into()));
}
