//! Duplicate finding and deal merging on hand-made leads.
//!
//! | deal | first contact | title        | company  | phone           | email            |
//! |------|---------------|--------------|----------|-----------------|------------------|
//! | A    | 2025-06-01    | Website lead | Acme     | 0912 123 4567   |                  |
//! | B    | 2025-06-03    | website  LEAD| ACME     |                 |                  |
//! | C    | 2025-06-02    | Call back    |          | +98 912 1234567 | c@x.ir           |
//! | D    | 2025-06-05    | Quote        | Beta     | ۰۲۱-۸۸۷۷۶۶۵۵    | C@X.IR           |
//! | E    | 2025-06-06    | Website lead |          |                 |                  |
//! | F    | 2025-06-07    | Website lead | Gamma    | 021 8877 6655   |                  |
//!
//! A~B (title+company), A~C (phone), C~D (email), D~F (phone). E has a title only: no key.

use super::*;
use crate::date::Date;
use crate::kpi::test_deal;
use crate::model::{Activity, ActivityKind, Direction, Language, NextStep, OwnerId};

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn lead(id: &str, first: &str, title: &str, company: &str, phone: &str, email: &str) -> Deal {
    let mut d = test_deal(id, &[("lead", day(first))]);
    d.title = title.into();
    d.company = company.into();
    d.phone = phone.into();
    d.email = email.into();
    d
}

fn fixture() -> Dataset {
    let mut ds = Dataset::new(Language::En);
    // Stored out of age order on purpose: "first" follows first contact, not storage.
    ds.deals = vec![
        lead("B", "2025-06-03", "website  LEAD", "ACME", "", ""),
        lead(
            "A",
            "2025-06-01",
            "Website lead",
            "Acme",
            "0912 123 4567",
            "",
        ),
        lead(
            "C",
            "2025-06-02",
            "Call back",
            "",
            "+98 912 1234567",
            "c@x.ir",
        ),
        lead("D", "2025-06-05", "Quote", "Beta", "۰۲۱-۸۸۷۷۶۶۵۵", "C@X.IR"),
        lead("E", "2025-06-06", "Website lead", "", "", ""),
        lead(
            "F",
            "2025-06-07",
            "Website lead",
            "Gamma",
            "021 8877 6655",
            "",
        ),
    ];
    ds
}

fn pair(first: &str, second: &str, reason: DupReason) -> DupPair {
    DupPair {
        first: first.into(),
        second: second.into(),
        reason,
    }
}

#[test]
fn finds_each_pair_once_oldest_first() {
    let pairs = find_duplicates(&fixture(), &HashSet::new());
    assert_eq!(
        pairs,
        vec![
            pair("A", "C", DupReason::Phone),
            pair("A", "B", DupReason::TitleCompany),
            pair("C", "D", DupReason::Email),
            pair("D", "F", DupReason::Phone),
        ]
    );
}

#[test]
fn dismissed_pairs_are_left_out_in_either_order() {
    let dismissed: HashSet<(DealId, DealId)> =
        [("C".into(), "A".into()), ("D".into(), "F".into())].into();
    let pairs = find_duplicates(&fixture(), &dismissed);
    assert_eq!(
        pairs,
        vec![
            pair("A", "B", DupReason::TitleCompany),
            pair("C", "D", DupReason::Email)
        ]
    );
}

#[test]
fn a_lead_entered_three_times_pairs_with_the_oldest() {
    let mut ds = Dataset::new(Language::En);
    ds.deals = vec![
        lead("X3", "2025-06-03", "t", "", "09121111111", ""),
        lead("X1", "2025-06-01", "t", "", "+989121111111", ""),
        lead("X2", "2025-06-02", "t", "", "989121111111", ""),
    ];
    let pairs = find_duplicates(&ds, &HashSet::new());
    assert_eq!(
        pairs,
        vec![
            pair("X1", "X2", DupReason::Phone),
            pair("X1", "X3", DupReason::Phone)
        ]
    );
}

#[test]
fn no_keys_no_flags() {
    // Same contact name, same title without a company, extensions and junk phones: not flagged.
    let mut ds = Dataset::new(Language::En);
    let mut a = lead("a", "2025-06-01", "Website lead", "", "101", "not-an-email");
    let mut b = lead("b", "2025-06-02", "Website lead", "", "101", "not-an-email");
    a.contact = "Reza".into();
    b.contact = "Reza".into();
    ds.deals = vec![a, b];
    assert!(find_duplicates(&ds, &HashSet::new()).is_empty());
}

#[test]
fn the_index_answers_for_a_new_deal_but_not_for_itself() {
    let ds = fixture();
    let index = DupIndex::new(&ds);
    let typed = lead("new", "2025-07-01", "Other", "", "۰۹۱۲۱۲۳۴۵۶۷", "");
    assert_eq!(
        index.find(&ds, &typed),
        Some(("A".into(), DupReason::Phone))
    );
    // Editing A itself: its own keys do not flag it, but C's same number does.
    let a = ds.deal(&"A".into()).unwrap().clone();
    assert_eq!(index.find(&ds, &a), Some(("C".into(), DupReason::Phone)));
    let e = ds.deal(&"E".into()).unwrap().clone();
    assert_eq!(index.find(&ds, &e), None);
    // B is editing: it looks like A (the oldest holder of the key).
    let b = ds.deal(&"B".into()).unwrap().clone();
    assert_eq!(
        index.find(&ds, &b),
        Some(("A".into(), DupReason::TitleCompany))
    );
}

fn history(log: &[(&str, &str)]) -> Vec<StageEvent> {
    log.iter()
        .map(|(s, d)| StageEvent {
            stage: (*s).into(),
            date: day(d),
        })
        .collect()
}

#[test]
fn combined_histories_join_in_date_order_without_repeats() {
    let ds = Dataset::new(Language::En);
    let mut a = lead("a", "2025-06-01", "Acme", "", "", "");
    a.events = history(&[("lead", "2025-06-01"), ("mql", "2025-06-03")]);
    let mut b = lead("b", "2025-06-02", "Acme deal", "Acme", "0912", "b@acme.com");
    b.events = history(&[
        ("lead", "2025-06-02"),
        ("mql", "2025-06-04"),
        ("sql", "2025-06-06"),
    ]);
    b.owner = Some(OwnerId::from("reza"));
    b.notes = "asked for a quote".into();
    let now = Timestamp(99);
    let c = combine(&ds, &a, &b, "a".into(), now);
    assert_eq!(
        c.events,
        history(&[
            ("lead", "2025-06-01"),
            ("mql", "2025-06-03"),
            ("sql", "2025-06-06")
        ])
    );
    // Primary's fields win; gaps are filled from the other entry.
    assert_eq!(c.title, "Acme");
    assert_eq!(c.company, "Acme");
    assert_eq!(c.email, "b@acme.com");
    assert_eq!(c.owner, Some(OwnerId::from("reza")));
    assert_eq!(c.notes, "asked for a quote");
    assert_eq!(c.first_contact, day("2025-06-01"));
    assert_eq!(c.updated_at, now);
}

#[test]
fn of_two_closings_in_a_row_the_later_stands_with_its_reason() {
    let ds = Dataset::new(Language::En);
    let mut a = lead("a", "2025-06-01", "t", "", "", "");
    a.events = history(&[("lead", "2025-06-01"), ("lost", "2025-06-05")]);
    a.lost_reason = Some("Price".into());
    let mut b = lead("b", "2025-06-02", "t", "", "", "");
    b.events = history(&[("lead", "2025-06-02"), ("won", "2025-06-09")]);
    let won = combine(&ds, &a, &b, "a".into(), Timestamp(1));
    assert_eq!(
        won.events,
        history(&[("lead", "2025-06-01"), ("won", "2025-06-09")])
    );
    assert_eq!(won.lost_reason, None);

    // The other way round: the later loss stands and brings its reason.
    let mut c = lead("c", "2025-06-02", "t", "", "", "");
    c.events = history(&[("lead", "2025-06-02"), ("won", "2025-06-03")]);
    let lost = combine(&ds, &c, &a, "c".into(), Timestamp(1));
    assert_eq!(
        lost.events,
        history(&[("lead", "2025-06-01"), ("lost", "2025-06-05")])
    );
    assert_eq!(lost.lost_reason.as_deref(), Some("Price"));
    // Both joined histories pass the hand-edit rules.
    for deal in [won, lost] {
        let mut check = ds.clone();
        check.deals = vec![deal.clone()];
        let reason = deal.lost_reason.clone().unwrap_or_default();
        let result = check.set_history(
            &deal.id,
            deal.events.clone(),
            (reason, String::new()),
            day("2025-07-01"),
            Timestamp(2),
        );
        assert_eq!(result, Ok(()));
    }
}

fn call(id: &str, deal: &str) -> Activity {
    Activity {
        id: id.into(),
        kind: ActivityKind::Call,
        kind_id: None,
        at: crate::model::DateTime {
            date: day("2025-06-03"),
            minute: 600,
        },
        owner: None,
        deal: Some(deal.into()),
        seconds: 60,
        outcome: None,
        direction: Direction::Outbound,
        phone: String::new(),
        note: String::new(),
        updated_at: Timestamp(1),
    }
}

fn step(id: &str, deal: &str, done: bool) -> NextStep {
    NextStep {
        id: id.into(),
        deal: deal.into(),
        due: day("2025-06-10"),
        text: String::new(),
        done,
        updated_at: Timestamp(1),
    }
}

#[test]
fn merging_moves_activities_and_steps_and_deletes_the_other() {
    let mut ds = fixture();
    ds.activities = vec![call("k1", "C"), call("k2", "A"), call("k3", "E")];
    ds.next_steps = vec![step("s1", "A", false), step("s2", "C", false)];
    let title = ds.merge_deals(&"A".into(), &"C".into(), Timestamp(50));
    assert_eq!(title.as_deref(), Some("Website lead"));
    assert!(ds.deal(&"C".into()).is_none());
    assert!(ds.tombstones.iter().any(|t| t.id == "C"));
    let on_a: Vec<&str> = ds
        .activities
        .iter()
        .filter(|a| a.deal.as_ref().is_some_and(|d| d.as_str() == "A"))
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(on_a, ["k1", "k2"]);
    // A keeps its own open step; C's is moved and closed (one open step per deal).
    let open: Vec<&str> = ds
        .next_steps
        .iter()
        .filter(|s| s.deal.as_str() == "A" && !s.done)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(open, ["s1"]);
    assert!(ds.next_steps.iter().all(|s| s.deal.as_str() == "A"));
    // C's email came across; A's phone stayed.
    let a = ds.deal(&"A".into()).unwrap();
    assert_eq!(a.email, "c@x.ir");
    assert_eq!(a.phone, "0912 123 4567");
    // Gone or same: nothing changes.
    let before = ds.clone();
    assert_eq!(
        ds.merge_deals(&"A".into(), &"C".into(), Timestamp(60)),
        None
    );
    assert_eq!(
        ds.merge_deals(&"A".into(), &"A".into(), Timestamp(60)),
        None
    );
    assert_eq!(ds, before);
}

#[test]
fn import_choices_update_keep_or_skip() {
    let ds = fixture();
    let mut file = Dataset::new(Language::En);
    let mut update = lead("csv-1", "2025-05-20", "Website lead", "", "09121234567", "");
    update.events = history(&[("lead", "2025-05-20"), ("mql", "2025-06-10")]);
    update.value.minor = 7_000;
    let keep = lead("csv-2", "2025-06-01", "Quote", "Beta", "", "");
    let skip = lead("csv-3", "2025-06-01", "Other", "", "", "c@x.ir");
    let fresh = lead("csv-4", "2025-06-01", "Fresh", "", "", "");
    // Already in Kariz by id: an update, not a duplicate.
    let known = lead(
        "F",
        "2025-06-07",
        "Website lead",
        "Gamma",
        "021 8877 6655",
        "",
    );
    file.deals = vec![update, keep, skip, fresh, known];
    let dups = import_duplicates(&ds, &file);
    assert_eq!(
        dups,
        vec![
            ImportDup {
                incoming: "csv-1".into(),
                existing: "A".into(),
                reason: DupReason::Phone
            },
            ImportDup {
                incoming: "csv-2".into(),
                existing: "D".into(),
                reason: DupReason::TitleCompany
            },
            ImportDup {
                incoming: "csv-3".into(),
                existing: "C".into(),
                reason: DupReason::Email
            },
        ]
    );
    let choice = |id: &DealId| match id.as_str() {
        "csv-1" => DupChoice::Update,
        "csv-2" => DupChoice::KeepBoth,
        _ => DupChoice::Skip,
    };
    let resolved = resolve_import(&ds, file, &dups, choice);
    let ids: Vec<&str> = resolved.deals.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["A", "csv-2", "csv-4", "F"]);
    let a = &resolved.deals[0];
    assert_eq!(a.value.minor, 7_000);
    assert_eq!(a.company, "Acme");
    assert_eq!(a.first_contact, day("2025-05-20"));
    assert_eq!(
        a.events,
        history(&[("lead", "2025-05-20"), ("mql", "2025-06-10")])
    );
}

#[test]
fn two_rows_updating_one_deal_do_not_overwrite_each_other() {
    let ds = fixture();
    let mut file = Dataset::new(Language::En);
    let one = lead("csv-1", "2025-06-01", "x", "", "09121234567", "");
    let two = lead("csv-2", "2025-06-01", "y", "", "+989121234567", "");
    file.deals = vec![one, two];
    let dups = import_duplicates(&ds, &file);
    assert_eq!(dups.len(), 2);
    let resolved = resolve_import(&ds, file, &dups, |_| DupChoice::Update);
    let ids: Vec<&str> = resolved.deals.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["A"]);
    assert_eq!(resolved.deals[0].title, "x");
}

#[test]
fn deals_that_were_never_open_together_are_not_duplicates() {
    // A customer who buys again after the first deal closed, and next year's renewal with the
    // same title, are new deals; a lead typed again while the first is open is a duplicate.
    let mut ds = Dataset::new(Language::En);
    let mut won = lead("won", "2025-01-05", "Renewal", "Acme", "09121112233", "");
    won.events = history(&[("lead", "2025-01-05"), ("won", "2025-02-01")]);
    let renewal = lead("next", "2026-01-04", "Renewal", "Acme", "", "");
    let again = lead("again", "2025-03-01", "Upsell", "", "0912 111 2233", "");
    let same_day = lead("same-day", "2025-02-01", "Other", "", "+989121112233", "");
    ds.deals = vec![won, renewal, again, same_day];
    let pairs = find_duplicates(&ds, &HashSet::new());
    // The lead entered on the day the first deal closed overlaps it; "again" pairs with the
    // open "same-day" (they share the number and are both open).
    assert_eq!(
        pairs,
        vec![
            pair("won", "same-day", DupReason::Phone),
            pair("same-day", "again", DupReason::Phone)
        ]
    );
    let index = DupIndex::new(&ds);
    let typed = |first: &str| index.find_typed(None, day(first), ["x", "", "09121112233", ""]);
    assert_eq!(typed("2025-01-20"), Some(("won".into(), DupReason::Phone)));
    // Typed after "won" closed: the open "same-day" matches.
    assert_eq!(
        typed("2025-06-01"),
        Some(("same-day".into(), DupReason::Phone))
    );
}

#[test]
fn the_sample_has_no_duplicates_to_flag() {
    // A new user's first look at the deal list should not be a false duplicate warning.
    for lang in [Language::En, Language::Fa] {
        let ds = crate::sample::sample_dataset(day("2025-06-30"), lang);
        let pairs = find_duplicates(&ds, &HashSet::new());
        assert_eq!(pairs, Vec::new(), "{}", pairs.len());
    }
}
