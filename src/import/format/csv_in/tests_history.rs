//! Long-form stage history (a second file joined by deal id), undated open deals, per-stage
//! coverage and repeat imports, on fixtures in the real exports' formats. Every expected event
//! list below was worked out by hand from the fixture rows.

use super::*;
use crate::command::{Clock, Command};
use crate::format::schema::check_integrity;
use crate::merge::merge;
// The deal-history helpers the single-file tests use.
use super::tests::{fixture, golden, history as events};

fn d(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn table(name: &str) -> Table {
    read_table(&fixture(name)).unwrap()
}

/// Deals file + history file, guessed as the screen guesses, with the user's stage choices.
fn import(
    deals: &str,
    history: &str,
    ds: &Dataset,
    today: &str,
    choices: &[(&str, &str)],
) -> (Converted, HistoryColumns, CsvPlan) {
    let deals = table(deals);
    let hist = table(history);
    let mut plan = CsvPlan::guess(&deals, ds, d(today), Timestamp(1_000));
    let columns = HistoryColumns::guess(&hist);
    plan.add_history_stages(&hist, &columns, ds);
    for (value, stage) in choices {
        plan.stages
            .insert(value.to_string(), StageChoice::Stage(StageId::from(*stage)));
    }
    let history = History::read(&hist, &columns, plan.today);
    let c = convert_tables(&deals, Some(&history), ds, &plan);
    check_integrity(&c.dataset).unwrap();
    (c, columns, plan)
}

fn coverage(c: &Converted) -> Vec<(String, usize, usize)> {
    c.report
        .coverage
        .iter()
        .map(|s| (s.stage.as_str().to_string(), s.dated, s.inferred))
        .collect()
}

#[test]
fn history_columns_are_guessed_from_real_headers() {
    let sf = HistoryColumns::guess(&table("salesforce-opportunity-history.csv"));
    // ID is the history row's own id; CLOSEDATE and SYSTEMMODSTAMP are not the change date.
    assert_eq!(
        (sf.deal, sf.stage, sf.date, sf.field),
        (Some(1), Some(4), Some(3), None)
    );
    assert_eq!(sf.format, Some(DateFormat::Ymd));
    let pd = HistoryColumns::guess(&table("pipedrive-deal-flow.csv"));
    assert_eq!(
        (pd.deal, pd.stage, pd.date, pd.field),
        (Some(0), Some(4), Some(6), Some(2))
    );
    let plain = HistoryColumns::guess(&table("plain-history.csv"));
    assert_eq!(
        (plain.deal, plain.stage, plain.date, plain.field),
        (Some(0), Some(1), Some(2), None)
    );
    assert!(plain.ready());
    for (headers, want) in [
        ("Opportunity ID,To Stage,Edit Date", (0, 1, 2)),
        ("Deal - ID,Deal - Stage,Stage change time", (0, 1, 2)),
        ("شناسه,مرحله,تاریخ", (0, 1, 2)),
        ("Date,Stage,Deal ID", (2, 1, 0)),
    ] {
        let t = read_table(&format!("{headers}\n1,a,2025-01-01\n")).unwrap();
        let g = HistoryColumns::guess(&t);
        assert_eq!(
            (g.deal, g.stage, g.date),
            (Some(want.0), Some(want.1), Some(want.2)),
            "{headers}"
        );
    }
}

#[test]
fn salesforce_opportunities_with_opportunity_history() {
    let ds = Dataset::new(Language::En);
    // The Salesforce default pipeline onto lead / MQL / SQL, as a user maps it.
    let (c, _, plan) = import(
        "salesforce-opportunities.csv",
        "salesforce-opportunity-history.csv",
        &ds,
        "2025-11-27",
        &[
            ("Qualification", "mql"),
            ("Needs Analysis", "sql"),
            ("Proposal/Price Quote", "sql"),
            ("Negotiation/Review", "sql"),
        ],
    );
    assert_eq!(
        plan.stages.get("Prospecting"),
        Some(&StageChoice::Stage("lead".into())),
        "history-only values join the one stage list"
    );
    assert!(plan.stages.contains_key("Needs Analysis"));
    assert!(c.issues.is_empty(), "{:?}", c.issues);
    // Two Qualification rows (an amount change) are one entry; Closed Won on CLOSEDATE.
    assert_eq!(
        events(&c, "Edge upgrade"),
        golden(&[
            ("lead", "2025-01-06"),
            ("mql", "2025-01-20"),
            ("sql", "2025-02-03"),
            ("won", "2025-03-14"),
        ])
    );
    assert_eq!(
        events(&c, "Burlington renewal"),
        golden(&[
            ("lead", "2025-02-03"),
            ("mql", "2025-02-24"),
            ("sql", "2025-04-01"),
        ])
    );
    assert_eq!(
        events(&c, "Grand Hotels kitchen"),
        golden(&[
            ("lead", "2025-02-10"),
            ("mql", "2025-03-05"),
            ("lost", "2025-04-22"),
        ])
    );
    // No history rows: the current stage from its created date, as without a history file.
    assert_eq!(
        events(&c, "United Oil pumps"),
        golden(&[("mql", "2025-10-01")])
    );
    assert_eq!(
        events(&c, "Pyramid install"),
        golden(&[("lead", "2025-11-02")])
    );
    // An open deal's CLOSEDATE is its expected close; a closed deal's, its closing day.
    let burlington = c
        .dataset
        .deals
        .iter()
        .find(|x| x.title == "Burlington renewal");
    assert_eq!(
        burlington.and_then(|x| x.expected_close),
        Some(d("2025-12-20"))
    );
    // The deleted opportunity's two rows are counted, not imported.
    assert_eq!(c.report.history_unmatched, 2);
    assert_eq!(c.report.unmatched_ids, ["0068d00000Opp99"]);
    assert_eq!(c.report.history_joined, 15);
    assert_eq!(
        coverage(&c),
        [
            ("lead".into(), 5, 0),
            ("mql".into(), 3, 1),
            ("sql".into(), 2, 0),
            ("won".into(), 1, 0),
            ("lost".into(), 1, 0),
        ]
    );
}

#[test]
fn pipedrive_deals_with_the_deal_flow_change_log() {
    let ds = Dataset::new(Language::En);
    let (c, columns, _) = import(
        "pipedrive-deals.csv",
        "pipedrive-deal-flow.csv",
        &ds,
        "2025-11-27",
        &[
            ("Qualified", "lead"),
            ("Contact Made", "mql"),
            ("Demo Scheduled", "sql"),
            ("Proposal Made", "sql"),
            ("Negotiations Started", "sql"),
        ],
    );
    assert_eq!(
        columns.field,
        Some(2),
        "a log of every field: stage rows only"
    );
    assert!(c.issues.is_empty(), "{:?}", c.issues);
    // Won on the deals file's won time; the status change rows are not stage changes.
    assert_eq!(
        events(&c, "Big order"),
        golden(&[
            ("lead", "2025-01-05"),
            ("mql", "2025-01-08"),
            ("sql", "2025-01-15"),
            ("won", "2025-02-10"),
        ])
    );
    assert_eq!(
        events(&c, "Small order"),
        golden(&[
            ("lead", "2025-01-07"),
            ("sql", "2025-01-12"),
            ("lost", "2025-01-20"),
        ])
    );
    // The creation is not a change: the first stage on the created date.
    assert_eq!(
        events(&c, "Open order"),
        golden(&[
            ("lead", "2025-03-01"),
            ("mql", "2025-03-04"),
            ("sql", "2025-03-10"),
        ])
    );
    assert_eq!(c.report.history_unmatched, 1);
    assert_eq!(c.report.unmatched_ids, ["20"]);
    assert_eq!(
        coverage(&c),
        [
            ("lead".into(), 3, 0),
            ("mql".into(), 2, 1),
            ("sql".into(), 3, 0),
            ("won".into(), 1, 0),
            ("lost".into(), 1, 0),
        ],
        "Small order jumped from lead to SQL: its MQL is inferred"
    );
}

#[test]
fn a_plain_deal_id_stage_date_sheet() {
    let ds = Dataset::new(Language::En);
    let (c, _, _) = import(
        "plain-deals.csv",
        "plain-history.csv",
        &ds,
        "2025-11-27",
        &[],
    );
    // Won with no closing date in the deals file: the history dates the win.
    assert_eq!(
        events(&c, "Website redesign"),
        golden(&[
            ("lead", "2025-06-02"),
            ("mql", "2025-06-05"),
            ("sql", "2025-06-12"),
            ("won", "2025-07-01"),
        ])
    );
    // The repeated SQL row counts once.
    assert_eq!(
        events(&c, "Support plan"),
        golden(&[
            ("lead", "2025-06-10"),
            ("mql", "2025-06-15"),
            ("sql", "2025-06-20"),
        ])
    );
    assert_eq!(events(&c, "Hosting"), golden(&[("lead", "2025-07-01")]));
    assert_eq!(c.report.unmatched_ids, ["A-9"]);
    assert_eq!(
        c.report.history_issues,
        [RowIssue {
            line: 10,
            column: "date".into(),
            problem: RowProblem::FutureDate("2026-01-01".into()),
        }]
    );
}

#[test]
fn without_the_history_file_a_won_row_without_closing_date_is_still_left_out() {
    let ds = Dataset::new(Language::En);
    let deals = table("plain-deals.csv");
    let plan = CsvPlan::guess(&deals, &ds, d("2025-11-27"), Timestamp(1));
    let c = convert_table(&deals, &ds, &plan);
    assert_eq!(c.issues.len(), 1);
    assert_eq!(c.issues[0].problem, RowProblem::NoCloseDate);
    assert_eq!(c.report.history_unmatched, 0);
}

#[test]
fn undated_open_deals_start_as_the_user_chooses() {
    let ds = Dataset::new(Language::En);
    let t = read_table(
        "Name,Stage,Created\nOld,SQL,2025-03-04\nNew,Lead,2025-09-01\nNo date,MQL,\nNone either,Lead,\n",
    )
    .unwrap();
    let plan = CsvPlan::guess(&t, &ds, d("2025-11-27"), Timestamp(1));
    let c = convert_table(&t, &ds, &plan);
    assert_eq!(c.undated, 2);
    assert_eq!(c.earliest(), Some(d("2025-03-04")));
    let first = |ds: &Dataset, title: &str| {
        ds.deals
            .iter()
            .find(|x| x.title == title)
            .map(|x| (x.first_contact, x.events[0].date))
    };
    let today = c.resolved(Undated::Today);
    assert_eq!(
        first(&today, "No date"),
        Some((d("2025-11-27"), d("2025-11-27")))
    );
    let earliest = c.resolved(Undated::Earliest);
    assert_eq!(
        first(&earliest, "No date"),
        Some((d("2025-03-04"), d("2025-03-04")))
    );
    assert_eq!(
        first(&earliest, "New"),
        Some((d("2025-09-01"), d("2025-09-01")))
    );
    check_integrity(&earliest).unwrap();
    let left = c.resolved(Undated::LeaveOut);
    assert_eq!(left.deals.len(), 2);
    assert_eq!(first(&left, "None either"), None);
}

fn hubspot(name: &str, ds: &Dataset, today: &str, now: i64) -> Converted {
    let t = table(name);
    let plan = CsvPlan::guess(&t, ds, d(today), Timestamp(now));
    convert_table(&t, ds, &plan)
}

#[test]
fn a_repeat_import_updates_in_place_appends_moves_and_reports_deleted_deals() {
    let start = Dataset::new(Language::En);
    let week1 = hubspot("hubspot-week1.csv", &start, "2025-11-20", 1_000);
    assert_eq!(week1.report.updated, 0);
    assert!(week1.report.missing.is_empty());
    let (once, _) = merge(&start, &week1.dataset);
    assert_eq!(once.deals.len(), 5);

    let week2 = hubspot("hubspot-week2.csv", &once, "2025-11-27", 2_000);
    assert_eq!(
        week2.report.updated, 4,
        "1001, 1002, 1004, 1005 matched by Record ID"
    );
    assert_eq!(
        week2.report.missing,
        [(DealId::from("csv-1003"), "Gamma".to_string())],
        "deleted in HubSpot: reported, not deleted"
    );
    let sql = week2
        .report
        .coverage
        .iter()
        .find(|s| s.stage.as_str() == "sql");
    assert_eq!(
        sql.map(|s| (s.dated, s.inferred)),
        Some((1, 2)),
        "Beta's recorded SQL keeps its date; Alpha's move today and Epsilon's skip are inferred"
    );
    let (twice, preview) = merge(&once, &week2.dataset);
    assert_eq!(
        (
            preview.deals.new,
            preview.deals.updated,
            preview.deals.unchanged
        ),
        (1, 3, 1),
        "Zeta new; Alpha, Beta, Delta changed; Epsilon as it was"
    );
    check_integrity(&twice).unwrap();
    let history = |title: &str| -> Vec<(String, String)> {
        twice
            .deals
            .iter()
            .find(|x| x.title == title)
            .unwrap_or_else(|| panic!("no {title}"))
            .events
            .iter()
            .map(|e| (e.stage.as_str().to_string(), e.date.to_string()))
            .collect()
    };
    // Moved on with no date for the move: it entered SQL on the import day.
    assert_eq!(
        history("Alpha"),
        golden(&[("lead", "2025-11-03"), ("sql", "2025-11-27")])
    );
    // Won since: the close date closes it; its created date adds no second lead entry.
    assert_eq!(
        history("Beta"),
        golden(&[("sql", "2025-10-20"), ("won", "2025-11-25")])
    );
    assert_eq!(history("Gamma"), golden(&[("sql", "2025-09-15")]));
    assert_eq!(history("Delta"), golden(&[("lead", "2025-11-10")]));
    assert_eq!(
        history("Epsilon"),
        golden(&[("lead", "2025-08-01"), ("won", "2025-10-30")])
    );
    assert_eq!(history("Zeta"), golden(&[("lead", "2025-11-24")]));
    let delta = twice.deals.iter().find(|x| x.title == "Delta").unwrap();
    assert_eq!(delta.value.minor, 70_000, "updated in place");
    assert_eq!(twice.deals.len(), 6, "nothing doubled, nothing deleted");
    let won = twice
        .deals
        .iter()
        .filter(|x| x.current_stage().is_some_and(|s| s.as_str() == "won"))
        .count();
    assert_eq!(won, 2);

    // The same export a third time changes nothing.
    let again = hubspot("hubspot-week2.csv", &twice, "2025-11-28", 3_000);
    let (thrice, third) = merge(&twice, &again.dataset);
    assert_eq!((third.deals.new, third.deals.updated), (0, 0));
    assert_eq!(thrice, twice);
}

#[test]
fn a_repeat_import_is_undone_in_one_step() {
    let mut ds = Dataset::new(Language::En);
    let clock = |now: i64| Clock {
        today: d("2025-11-27"),
        minute: 600,
        now: Timestamp(now),
    };
    let week1 = hubspot("hubspot-week1.csv", &ds, "2025-11-20", 1_000);
    ds.apply(
        Command::ImportCsv {
            converted: std::sync::Arc::new(week1.dataset),
            file: "week1.csv".into(),
        },
        clock(1_000),
    )
    .unwrap();
    let before = ds.clone();
    let week2 = hubspot("hubspot-week2.csv", &ds, "2025-11-27", 2_000);
    let applied = ds
        .apply(
            Command::ImportCsv {
                converted: std::sync::Arc::new(week2.dataset),
                file: "week2.csv".into(),
            },
            clock(2_000),
        )
        .unwrap();
    assert_eq!(ds.deals.len(), 6);
    ds.apply(applied.undo.unwrap(), clock(3_000)).unwrap();
    let stages = |x: &Dataset| -> Vec<(String, Vec<StageEvent>, i64)> {
        x.deals
            .iter()
            .map(|deal| (deal.id.0.clone(), deal.events.clone(), deal.value.minor))
            .collect()
    };
    assert_eq!(stages(&ds), stages(&before), "back to week 1's deals");
}

#[test]
fn salesforce_long_ids_join_their_short_form() {
    assert_eq!(join_key(" 0068d00000Opp01AAA "), "0068d00000Opp01");
    assert_eq!(join_key("0068d00000Opp01"), "0068d00000Opp01");
    assert_eq!(
        join_key("123456789012345678"),
        "123456789012345678",
        "digits only: not Salesforce"
    );
    let t = read_table("Opportunity ID,Stage,Created\n0068d00000Opp01,Lead,2025-01-01\n").unwrap();
    let h = read_table("OPPORTUNITYID,STAGENAME,CREATEDDATE\n0068d00000Opp01AAA,MQL,2025-01-05\n")
        .unwrap();
    let ds = Dataset::new(Language::En);
    let plan = CsvPlan::guess(&t, &ds, d("2025-11-27"), Timestamp(1));
    let history = History::read(&h, &HistoryColumns::guess(&h), plan.today);
    let c = convert_tables(&t, Some(&history), &ds, &plan);
    assert_eq!(c.report.history_joined, 1);
    assert_eq!(
        c.dataset.deals[0].current_stage().map(StageId::as_str),
        Some("lead"),
        "the deals file's stage is the current one"
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn arb_events() -> impl Strategy<Value = Vec<StageEvent>> {
        proptest::collection::vec((0usize..5, 0i64..60), 0..12).prop_map(|v| {
            let ids = ["lead", "mql", "sql", "won", "lost"];
            v.into_iter()
                .map(|(s, day)| StageEvent {
                    stage: StageId::from(ids[s]),
                    date: Date::from_days(d("2025-01-01").days() + day as i32),
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Tidied events are in date order, never repeat the stage before them, and tidying
        /// again changes nothing.
        #[test]
        fn tidy_sorts_drops_repeats_and_is_idempotent(events in arb_events()) {
            let mut once = events.clone();
            tidy(&mut once);
            prop_assert!(once.windows(2).all(|w| w[0].date <= w[1].date && w[0].stage != w[1].stage));
            let mut twice = once.clone();
            tidy(&mut twice);
            prop_assert_eq!(&once, &twice);
            // Nothing is invented: every kept event was given.
            prop_assert!(once.iter().all(|e| events.contains(e)));
        }

        /// A repeat import never drops a recorded event, ends in the file's stage, and given the
        /// deal's own events back changes nothing (nothing counts twice).
        #[test]
        fn repeat_events_keep_history_and_end_in_the_files_stage(
            old in arb_events(),
            new in arb_events(),
        ) {
            let ds = Dataset::new(Language::En);
            let mut old_events = old;
            tidy(&mut old_events);
            prop_assume!(!old_events.is_empty() && !new.is_empty());
            let deal = Deal {
                events: old_events.clone(),
                ..crate::sample::sample_dataset(d("2025-06-01"), Language::En).deals[0].clone()
            };
            let dated: Vec<StageId> = new.iter().map(|e| e.stage.clone()).collect();
            let merged = repeat_events(&ds, &deal, new.clone(), &dated, d("2025-11-27"));
            prop_assert!(old_events.iter().all(|e| merged.contains(e)));
            prop_assert_eq!(merged.last().map(|e| &e.stage), new.last().map(|e| &e.stage));
            let same = repeat_events(&ds, &deal, old_events.clone(), &dated, d("2025-11-27"));
            prop_assert_eq!(same, old_events);
        }
    }
}

/// Naive twin of the preview's per-stage coverage: on fresh imports (no deal already in Kariz),
/// each stage's dated + inferred count is the number of imported deals, undated ones aside,
/// whose [`reached`](super::joined::reached) list holds it.
#[test]
fn coverage_counts_every_deal_that_reached_each_stage() {
    let ds = Dataset::new(Language::En);
    let today = d("2025-11-27");
    for name in [
        "stage-dates.csv",
        "hubspot-date-entered.csv",
        "hubspot.csv",
        "pipedrive.csv",
        "salesforce.csv",
        "maven-sales-pipeline.csv",
    ] {
        let table = table(name);
        let plan = CsvPlan::guess(&table, &ds, today, Timestamp(1));
        let c = convert_table(&table, &ds, &plan);
        let mut stages_seen = 0;
        for s in &c.report.coverage {
            let naive = c
                .dataset
                .deals
                .iter()
                .filter(|deal| !c.undated_ids.contains(&deal.id))
                .filter(|deal| super::joined::reached(&ds, &deal.events).contains(&s.stage))
                .count();
            assert_eq!(s.dated + s.inferred, naive, "{name}: {}", s.stage.as_str());
            stages_seen += usize::from(naive > 0);
        }
        assert!(stages_seen >= 2, "{name}: {stages_seen} stages reached");
    }
}
