//! Golden cases on hand-written call logs (`tests/fixtures/calls/`), worked out row by row in
//! the comments, and properties of re-importing.

use super::*;
use crate::format::csv_in::read_table;
use crate::merge::merge;
use crate::money::{Currency, Money};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/calls/{name}", crate::REPO_ROOT)).unwrap()
}

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn deal(id: &str, phone: &str) -> Deal {
    Deal {
        id: id.into(),
        title: id.to_string(),
        company: String::new(),
        contact: String::new(),
        phone: phone.to_string(),
        email: String::new(),
        source: None,
        owner: None,
        value: Money {
            minor: 0,
            currency: Currency::USD,
        },
        first_contact: day("2025-04-01"),
        expected_close: None,
        lost_reason: None,
        lost_note: String::new(),
        notes: String::new(),
        events: vec![StageEvent {
            stage: "lead".into(),
            date: day("2025-04-01"),
        }],
        arrived: None,
        updated_at: Timestamp(1),
        deal_type: None,
    }
}

/// Two deals whose contacts' numbers the logs call, written as users type them.
fn data(language: Language) -> Dataset {
    let mut ds = Dataset::new(language);
    ds.deals = vec![deal("d1", "0912 123 4567"), deal("d2", "+98 912 765 4321")];
    ds
}

fn table(name: &str) -> Table {
    let table = read_table(&fixture(name)).unwrap();
    if is_headerless_master(&table.headers) {
        with_master_headers(table)
    } else {
        table
    }
}

fn plan(table: &Table, ds: &Dataset) -> CallsPlan {
    CallsPlan::guess(table, ds, day("2025-06-01"), Timestamp(500))
}

fn outcome(ds: &Dataset, id: &ActivityId) -> String {
    let a = ds.activities.iter().find(|a| a.id == *id).unwrap();
    a.outcome.as_ref().unwrap().as_str().to_string()
}

#[test]
fn freepbx_cdr_with_header() {
    // Line 2: 101 → 0912…, answered, billsec 80: deal d1, outbound.
    // Line 3: 101 → +98 912 765 4321, no answer: deal d2.
    // Line 4: 0912 765 4321 → 102, answered, billsec 185: d2, inbound.
    // Line 5: the same uniqueid ringing 103 too, not answered: a second leg, left out.
    // Line 6: 102 → 021 8877 6655 busy; line 7: 102 → 0935 111 2233 answered (25 s);
    //   line 9: 102 → 09351112233 failed: three calls, two numbers no deal has.
    // Line 8: 102 → 101 and line 10: 102 → *97 (voicemail menu): internal.
    // Line 11: billsec "abc": a row problem naming the column.
    let table = table("freepbx-cdr.csv");
    assert!(is_call_log(&table.headers));
    let ds = data(Language::En);
    let plan = plan(&table, &ds);
    assert_eq!(plan.date_format, DateFormat::Ymd);
    assert_eq!(
        plan.owners,
        BTreeMap::from([("101".to_string(), None), ("102".to_string(), None)])
    );
    let p = preview(&table, &ds, &plan);
    assert_eq!(
        p.calls.iter().map(|c| c.call.line).collect::<Vec<_>>(),
        [2, 3, 4, 6, 7, 9]
    );
    assert_eq!(
        (p.matched(), p.unmatched(), p.unmatched_numbers()),
        (3, 3, 2)
    );
    assert_eq!((p.internal, p.repeated, p.already), (2, 1, 0));
    assert_eq!(
        p.issues,
        [CallIssue {
            line: 11,
            column: "billsec".into(),
            problem: CallProblem::BadDuration("abc".into()),
        }]
    );
    assert_eq!(p.people(), [("102".to_string(), 4), ("101".to_string(), 2)]);
    let inbound = &p.calls[2];
    assert_eq!(inbound.call.direction, Direction::Inbound);
    assert_eq!(inbound.call.talk, 185);
    assert_eq!(inbound.call.name, "Reza Karimi");
    assert_eq!(inbound.id.as_str(), "cdr-1746338531.5");
    assert_eq!(inbound.deal, Some("d2".into()));
    assert_eq!(
        p.calls[0].call.at,
        DateTime::new(day("2025-05-04"), 9 * 60 + 15)
    );

    // Sara is 101, Ali 102 in the owner table; unmatched numbers become leads.
    let mut plan = plan;
    plan.owners.insert("101".into(), Some("o1".into()));
    plan.owners.insert("102".into(), Some("o2".into()));
    plan.unmatched = Unmatched::CreateLeads;
    let (add, added) = p.to_dataset(&ds, &plan);
    assert_eq!(added, CallsAdded { calls: 6, leads: 2 });
    let (merged, _) = merge(&ds, &add);
    let lead = merged.deal(&"call-lead-989351112233".into()).unwrap();
    assert_eq!(lead.phone, "0935 111 2233");
    assert_eq!(lead.owner, Some("o2".into()));
    assert_eq!(lead.first_contact, day("2025-05-04"));
    let outcomes: Vec<String> = p.calls.iter().map(|c| outcome(&merged, &c.id)).collect();
    assert_eq!(
        outcomes,
        [
            "connected",
            "no-answer",
            "connected",
            "busy",
            "connected",
            "no-answer"
        ]
    );
    let first = merged
        .activities
        .iter()
        .find(|a| a.id == p.calls[0].id)
        .unwrap();
    assert_eq!(
        (first.seconds, first.owner.clone(), first.deal.clone()),
        (80, Some("o1".into()), Some("d1".into()))
    );

    // The same log again adds nothing: every call is known, and the new leads' numbers match.
    let again = preview(&table, &merged, &plan);
    // (Both legs of line 4's call are known now.)
    assert_eq!((again.calls.len(), again.already), (0, 7));
    assert_eq!(again.to_dataset(&merged, &plan).1, CallsAdded::default());

    // Left out instead: only the matched calls.
    plan.unmatched = Unmatched::LeaveOut;
    assert_eq!(
        p.to_dataset(&ds, &plan).1,
        CallsAdded { calls: 3, leads: 0 }
    );
}

#[test]
fn asterisk_master_csv_without_header() {
    // Master.csv's fixed order (accountcode, src, dst, …, start, answer, end, duration,
    // billsec, disposition, amaflags, uniqueid, userfield); Persian digits in dst, +98 in src.
    let table = table("Master.csv");
    assert_eq!(table.headers[..3], ["accountcode", "src", "dst"]);
    assert_eq!(table.rows[0].line, 1);
    let ds = data(Language::En);
    let plan = plan(&table, &ds);
    let p = preview(&table, &ds, &plan);
    let summary: Vec<_> = p
        .calls
        .iter()
        .map(|c| {
            (
                c.deal.as_ref().map(|d| d.as_str().to_string()),
                c.call.direction,
                c.call.talk,
                c.call.who.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (Some("d1".into()), Direction::Outbound, 120, "101"),
            (Some("d2".into()), Direction::Inbound, 0, "102"),
            (None, Direction::Outbound, 60, "102"),
        ]
    );
    assert_eq!(
        p.calls[0].call.at,
        DateTime::new(day("2025-05-05"), 8 * 60 + 59)
    );
    assert_eq!(p.calls[2].call.key, "+989190000001");
    assert!(p.issues.is_empty());
}

#[test]
fn persian_cloud_export_with_jalali_dates_and_agents() {
    // ۱۴۰۴/۰۲/۱۴ is 2025-05-04. Row 2: outbound to d1's number, 2:05 answered, by سارا. Row 3:
    // inbound from +۹۸… (d2), missed, by رضا. Row 4: outbound, busy, a number no deal has.
    let table = table("cloud-export.csv");
    assert!(is_call_log(&table.headers));
    let mut ds = data(Language::Fa);
    ds.owners = vec![
        Owner {
            id: "sara".into(),
            name: "سارا".into(),
        },
        Owner {
            id: "reza".into(),
            name: "رضا".into(),
        },
    ];
    let plan = plan(&table, &ds);
    assert_eq!(plan.date_format, DateFormat::JalaliYmd);
    assert_eq!(
        plan.owners,
        BTreeMap::from([
            ("سارا".to_string(), Some("sara".into())),
            ("رضا".to_string(), Some("reza".into())),
        ])
    );
    let p = preview(&table, &ds, &plan);
    assert!(p.issues.is_empty(), "{:?}", p.issues);
    let c: Vec<_> = p
        .calls
        .iter()
        .map(|c| (c.deal.clone(), c.call.direction, c.call.talk, c.call.status))
        .collect();
    assert_eq!(
        c,
        [
            (
                Some("d1".into()),
                Direction::Outbound,
                125,
                Status::Answered
            ),
            (Some("d2".into()), Direction::Inbound, 0, Status::NoAnswer),
            (None, Direction::Outbound, 0, Status::Busy),
        ]
    );
    assert_eq!(
        p.calls[0].call.at,
        DateTime::new(day("2025-05-04"), 9 * 60 + 15)
    );
    // No unique id: the id comes from time, number and duration, so a re-import matches it.
    assert!(p.calls[0].id.as_str().starts_with("call-"));
    let (add, _) = p.to_dataset(&ds, &plan);
    let (merged, _) = merge(&ds, &add);
    assert_eq!(merged.activities.len(), 2);
    let missed = merged.activities.iter().find(|a| a.id == p.calls[1].id);
    assert_eq!(missed.and_then(|a| a.owner.clone()), Some("reza".into()));
    let again = preview(&table, &merged, &plan);
    assert_eq!((again.matched(), again.already), (0, 2));
}

#[test]
fn english_cloud_export_keeps_foreign_numbers() {
    let table = table("cloud-export-en.csv");
    let ds = data(Language::En);
    let p = preview(&table, &ds, &plan(&table, &ds));
    assert_eq!(p.calls[0].deal, Some("d1".into()));
    assert_eq!(p.calls[1].call.key, "+442079460958");
    assert_eq!(p.calls[1].call.direction, Direction::Inbound);
}

#[test]
fn a_deal_list_is_not_a_call_log() {
    let headers = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(!is_call_log(&headers(&[
        "Deal name",
        "Stage",
        "Status",
        "Source",
        "Amount"
    ])));
    assert!(!is_headerless_master(&headers(&["calldate", "src", "dst"])));
}

#[test]
fn missing_or_unreadable_times_are_named() {
    let text = "calldate,src,dst,billsec,disposition\n,101,09121234567,5,ANSWERED\n\
                yesterday,101,09121234567,5,ANSWERED\n2025-05-04 10:00,101,Anonymous,0,NO ANSWER\n";
    let table = read_table(text).unwrap();
    let ds = data(Language::En);
    let p = preview(&table, &ds, &plan(&table, &ds));
    let problems: Vec<_> = p
        .issues
        .iter()
        .map(|i| (i.line, i.column.as_str(), i.problem.clone()))
        .collect();
    assert_eq!(
        problems,
        [
            (2, "calldate", CallProblem::NoTime),
            (3, "calldate", CallProblem::BadTime("yesterday".into())),
            (4, "dst", CallProblem::NoNumber("Anonymous".into())),
        ]
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the log, importing it twice adds nothing the second time, and every row is
        /// counted once: a new call, a repeat, an internal call or a problem.
        #[test]
        fn a_log_imported_twice_adds_nothing(
            rows in proptest::collection::vec(
                (0u32..3, 0u32..50, 0usize..4, 0u32..300, 0usize..3, any::<bool>()), 1..40),
            leads in any::<bool>(),
        ) {
            let numbers = ["09121234567", "+989127654321", "۰۹۳۵۱۱۱۲۲۳۳", "102"];
            let dispositions = ["ANSWERED", "NO ANSWER", "BUSY"];
            let mut text = String::from("calldate,src,dst,billsec,disposition,uniqueid\n");
            for (d, m, n, s, disp, with_id) in &rows {
                let id = if *with_id { format!("17463{m}.{d}") } else { String::new() };
                text.push_str(&format!(
                    "2025-05-0{} 10:{m:02},101,{},{s},{},{id}\n",
                    d + 1, numbers[*n], dispositions[*disp]
                ));
            }
            let table = read_table(&text).unwrap();
            let ds = data(Language::En);
            let mut plan = plan(&table, &ds);
            plan.unmatched = if leads { Unmatched::CreateLeads } else { Unmatched::LeaveOut };
            let p = preview(&table, &ds, &plan);
            prop_assert_eq!(
                p.calls.len() + p.repeated + p.internal + p.issues.len() + p.already,
                rows.len()
            );
            let (add, added) = p.to_dataset(&ds, &plan);
            let (merged, _) = merge(&ds, &add);
            prop_assert_eq!(merged.activities.len(), added.calls);
            let again = preview(&table, &merged, &plan);
            let (add2, added2) = again.to_dataset(&merged, &plan);
            prop_assert_eq!(added2.calls, 0);
            let (merged2, _) = merge(&merged, &add2);
            prop_assert_eq!(merged2.activities.len(), merged.activities.len());
            prop_assert_eq!(merged2.deals.len(), merged.deals.len());
        }
    }
}

/// A team that added "VoIP call" (based on Call) can import a phone log as that kind; a kind not
/// based on Call is ignored (the calls stay calls), so the call KPIs count them either way.
#[test]
fn calls_import_as_a_call_like_kind_the_team_added() {
    use crate::kinds::KindChange;
    let table = table("freepbx-cdr.csv");
    let mut ds = data(Language::En);
    for (name, base) in [
        ("VoIP call", ActivityKind::Call),
        ("SMS", ActivityKind::Message),
    ] {
        ds.change_kinds(
            KindChange::Add {
                name: name.into(),
                base,
            },
            Timestamp(1),
        )
        .unwrap();
    }
    let mut plan = plan(&table, &ds);
    let p = preview(&table, &ds, &plan);
    for (kind, expected) in [
        ("voip-call", Some("voip-call")),
        ("sms", None),
        ("call", None),
    ] {
        plan.kind = Some(KindId::from(kind));
        let (calls, _) = p.to_dataset(&ds, &plan);
        assert_eq!(calls.activities.len(), 3, "{kind}");
        assert!(calls
            .activities
            .iter()
            .all(|a| a.kind == ActivityKind::Call
                && a.kind_id.as_ref().map(KindId::as_str) == expected));
    }
}

/// An edit's clock after the sample's own records were dated (its `updated_at`s are real
/// instants), as the command tests keep it.
fn clock(now: i64) -> crate::command::Clock {
    crate::command::Clock {
        today: day("2025-06-30"),
        minute: 9 * 60 + 30,
        now: Timestamp(4_000_000_000_000 + now),
    }
}

fn ids_of(ds: &Dataset) -> Vec<String> {
    let mut ids: Vec<String> = ds.deals.iter().map(|d| d.id.0.clone()).collect();
    ids.sort();
    ids
}

#[test]
fn importing_a_call_log_adds_calls_once_and_undoes() {
    use crate::command::{Command, Notice};
    let mut ds = crate::sample::sample_dataset(day("2025-06-30"), Language::En);
    let phone = ds.deals[0].phone.clone();
    let text = format!(
        "calldate,src,dst,billsec,disposition,uniqueid\n\
         2025-06-02 10:00:00,101,{phone},60,ANSWERED,1.1\n\
         2025-06-02 10:05:00,101,09350000001,0,NO ANSWER,1.2\n\
         2025-06-02 10:09:00,101,09350000001,0,BUSY,1.3\n"
    );
    let table = read_table(&text).unwrap();
    let mut plan = CallsPlan::guess(&table, &ds, day("2025-06-30"), Timestamp(4_000_000_000_050));
    plan.unmatched = Unmatched::CreateLeads;
    let (calls, _) = preview(&table, &ds, &plan).to_dataset(&ds, &plan);
    let before = ds.clone();
    let applied = ds
        .apply(
            Command::ImportCalls {
                calls: Box::new(calls.clone()),
                file: "Master.csv".into(),
            },
            clock(100),
        )
        .unwrap();
    assert_eq!(
        applied.notice,
        Some(Notice::CallsImported {
            calls: 3,
            leads: 1,
            file: "Master.csv".into()
        })
    );
    assert_eq!(ds.activities.len(), before.activities.len() + 3);
    assert_eq!(ds.deals.len(), before.deals.len() + 1);
    // The same records again: nothing new.
    let again = ds
        .clone()
        .apply(
            Command::ImportCalls {
                calls: Box::new(calls),
                file: "Master.csv".into(),
            },
            clock(150),
        )
        .unwrap();
    assert!(matches!(
        again.notice,
        Some(Notice::CallsImported {
            calls: 0,
            leads: 0,
            ..
        })
    ));
    ds.apply(applied.undo.expect("an undo"), clock(200))
        .unwrap();
    assert_eq!(ds.activities.len(), before.activities.len());
    assert_eq!(ids_of(&ds), ids_of(&before));
    // Importing after the undo brings the calls back (a newer edit than their deletion).
    plan.now = Timestamp(4_000_000_000_300);
    let p = preview(&table, &ds, &plan);
    assert_eq!(p.calls.len(), 3);
    let (calls, _) = p.to_dataset(&ds, &plan);
    ds.apply(
        Command::ImportCalls {
            calls: Box::new(calls),
            file: "Master.csv".into(),
        },
        clock(300),
    )
    .unwrap();
    assert_eq!(ds.activities.len(), before.activities.len() + 3);
}
