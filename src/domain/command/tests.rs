use super::*;
use crate::goals::GoalSpan;
use crate::merge::merge_tabs;
use crate::rng::Rng;
use crate::sample::sample_dataset;

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// Edits made after the sample's own records were dated (its `updated_at`s are real instants).
fn clock(now: i64) -> Clock {
    Clock {
        today: day("2025-06-30"),
        minute: 9 * 60 + 30,
        now: Timestamp(4_000_000_000_000 + now),
    }
}

fn sample() -> Dataset {
    sample_dataset(day("2025-06-30"), Language::En)
}

fn draft(title: &str) -> DealDraft {
    DealDraft {
        title: title.into(),
        value: "1,000".into(),
        currency: "USD".into(),
        first_contact: "2025-06-01".into(),
        owner: "Sara".into(),
        source: "Website".into(),
        ..DealDraft::default()
    }
}

fn ids_of(ds: &Dataset) -> Vec<String> {
    let mut ids: Vec<String> = ds.deals.iter().map(|d| d.id.0.clone()).collect();
    ids.sort();
    ids
}

fn open_stage(ds: &Dataset, n: usize) -> StageId {
    let open: Vec<&Stage> = ds
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .collect();
    open[n % open.len()].id.clone()
}

#[test]
fn add_move_and_save_say_what_happened() {
    let mut ds = Dataset::new(Language::En);
    let id = DealId::from("n1");
    let added = ds
        .apply(
            Command::AddDeal {
                id: id.clone(),
                draft: draft("Acme"),
            },
            clock(1),
        )
        .unwrap();
    assert_eq!(added.notice, Some(Notice::DealAdded));
    assert_eq!(added.undo, None);
    // First contacted on 06-01, not today: its arrival time is unknown.
    assert_eq!(ds.deal(&id).unwrap().arrived, None);
    let today = DealDraft {
        first_contact: "2025-06-30".into(),
        ..draft("New lead")
    };
    let fresh = DealId::from("n2");
    ds.apply(
        Command::AddDeal {
            id: fresh.clone(),
            draft: today,
        },
        clock(1),
    )
    .unwrap();
    assert_eq!(
        ds.deal(&fresh).unwrap().arrived,
        Some(DateTime::new(day("2025-06-30"), 570))
    );
    let to = open_stage(&ds, 1);
    let moved = ds
        .apply(
            Command::MoveDeal {
                id: id.clone(),
                mv: Move::To(to.clone()),
                date: day("2025-06-10"),
            },
            clock(2),
        )
        .unwrap();
    let stage = ds.stage(&to).unwrap().name.clone();
    assert_eq!(
        moved.notice,
        Some(Notice::MovedTo {
            deal: "Acme".into(),
            stage
        })
    );
    assert_eq!(ds.deal(&id).unwrap().updated_at, clock(2).now);
}

/// Every refused command leaves the dataset exactly as it was.
#[test]
fn refused_commands_change_nothing() {
    let base = sample();
    let deal = base.deals[0].id.clone();
    let refused = vec![
        Command::AddDeal {
            id: DealId::from("x"),
            draft: DealDraft::default(),
        },
        Command::UpdateDeal {
            id: deal.clone(),
            draft: DealDraft {
                value: "-5".into(),
                ..draft("Bad")
            },
        },
        Command::MoveDeal {
            id: deal.clone(),
            mv: Move::To(open_stage(&base, 0)),
            date: day("2030-01-01"),
        },
        Command::MoveDeal {
            id: DealId::from("missing"),
            mv: Move::To(open_stage(&base, 0)),
            date: day("2025-06-01"),
        },
        Command::SetHistory {
            id: deal.clone(),
            events: vec![],
            lost: (String::new(), String::new()),
        },
        Command::DeleteDeals {
            ids: vec![DealId::from("missing")],
        },
        Command::DeleteGoal {
            id: GoalId("missing".into()),
        },
        Command::DeleteTraffic {
            id: TrafficId("missing".into()),
        },
        Command::SetGoal {
            id: GoalId("g".into()),
            draft: GoalDraft {
                owner: None,
                span: GoalSpan::Month {
                    year: 2025,
                    month: 6,
                },
                revenue: String::new(),
                won_deals: String::new(),
            },
        },
        Command::Setting(SettingChange::DisplayCurrency("not money".into())),
        Command::Setting(SettingChange::BackupReminderDays("soon".into())),
        Command::Setting(SettingChange::QualifiedStage(StageId("missing".into()))),
        Command::Stage(StageChange::Add {
            name: String::new(),
            kind: StageKind::Open,
        }),
        Command::Stage(StageChange::SetProbability {
            id: open_stage(&base, 0),
            percent: "150".into(),
        }),
        Command::Stage(StageChange::Remove {
            id: open_stage(&base, 0),
        }),
        Command::Roster {
            roster: Roster::Owners,
            change: RosterChange::Add { name: "  ".into() },
        },
        Command::Roster {
            roster: Roster::Types,
            change: RosterChange::Add {
                name: " renewal ".into(),
            },
        },
        Command::SaveView {
            id: ViewId::from("v"),
            name: " ".into(),
            query: "period=last-90".into(),
        },
        Command::RenameView {
            id: ViewId::from("nope"),
            name: "Named".into(),
        },
        Command::DeleteView {
            id: ViewId::from("nope"),
        },
    ];
    for command in refused {
        let mut ds = base.clone();
        let shown = format!("{command:?}");
        assert!(ds.apply(command, clock(9)).is_err(), "{shown} was refused");
        assert!(ds == base, "{shown} changed nothing");
    }
}

#[test]
fn settings_are_read_and_checked_by_the_domain() {
    let mut ds = sample();
    let c = clock(5);
    ds.apply(
        Command::Setting(SettingChange::DisplayCurrency("eur".into())),
        c,
    )
    .unwrap();
    assert_eq!(ds.settings.display_currency.code(), "EUR");
    ds.apply(
        Command::Setting(SettingChange::BackupReminderDays("۱۰۰۰".into())),
        c,
    )
    .unwrap();
    assert_eq!(
        ds.settings.backup_reminder_days, 365,
        "Persian digits, capped"
    );
    ds.apply(
        Command::Setting(SettingChange::LostReasons(" Price \n\n Timing ".into())),
        c,
    )
    .unwrap();
    assert_eq!(ds.settings.lost_reasons, ["Price", "Timing"]);
    let quiet = ds
        .apply(Command::Setting(SettingChange::Language(Language::Fa)), c)
        .unwrap();
    assert_eq!(quiet.notice, None);
    assert_eq!(ds.settings.calendar, Calendar::default_for(Language::Fa));
    let id = open_stage(&ds, 1);
    ds.apply(
        Command::Stage(StageChange::SetProbability {
            id: id.clone(),
            percent: "۴۵".into(),
        }),
        c,
    )
    .unwrap();
    assert_eq!(ds.stage(&id).unwrap().probability, 45);
}

/// The loss case of the issue: undo of a bulk delete with a second tab that already holds the
/// tombstones. The undo is a new edit, so the restored deals win the merge in both tabs.
#[test]
fn undo_of_a_delete_wins_in_the_other_tab() {
    let mut a = sample();
    let ids: Vec<DealId> = a.deals.iter().take(25).map(|d| d.id.clone()).collect();
    let applied = a
        .apply(Command::DeleteDeals { ids: ids.clone() }, clock(1_000))
        .unwrap();
    assert_eq!(applied.notice, Some(Notice::DealsDeleted { n: 25 }));
    // The other tab takes the deletion in.
    let b = merge_tabs(&sample(), &a);
    assert_eq!(b.deals.len(), sample().deals.len() - 25);
    let undone = a.apply(applied.undo.unwrap(), clock(2_000)).unwrap();
    assert_eq!(undone.notice, Some(Notice::Undone));
    assert_eq!(ids_of(&a), ids_of(&sample()));
    // Both directions of the next merge keep the restored deals.
    assert_eq!(ids_of(&merge_tabs(&b, &a)), ids_of(&sample()));
    assert_eq!(ids_of(&merge_tabs(&a, &b)), ids_of(&sample()));
}

/// Whole-data commands (sample, clear, file merge, CSV import, replace) all leave an undo that
/// puts the data back, and that undo also wins over a tab that took the change in.
#[test]
fn whole_data_commands_undo_in_every_tab() {
    let mut small = Dataset::new(Language::En);
    small
        .apply(
            Command::AddDeal {
                id: DealId::from("mine"),
                draft: draft("Mine"),
            },
            clock(10),
        )
        .unwrap();
    let mut other = Dataset::new(Language::En);
    other
        .apply(
            Command::AddDeal {
                id: DealId::from("theirs"),
                draft: draft("Theirs"),
            },
            clock(11),
        )
        .unwrap();
    let commands = vec![
        Command::LoadSample,
        Command::ClearRecords,
        Command::MergeFiles {
            files: vec![other.clone(), sample()],
        },
        Command::ImportCsv {
            converted: std::sync::Arc::new(other.clone()),
            file: "leads.csv".into(),
        },
        Command::Replace {
            with: Box::new(other.clone()),
            file: "team.json".into(),
        },
    ];
    for command in commands {
        let shown = format!("{command:?}").chars().take(40).collect::<String>();
        let mut a = small.clone();
        let applied = a.apply(command, clock(100)).unwrap();
        assert!(a != small, "{shown} changed the data");
        let b = merge_tabs(&small, &a);
        assert_eq!(ids_of(&b), ids_of(&a), "{shown}: the other tab follows");
        a.apply(applied.undo.expect("an undo"), clock(200)).unwrap();
        assert_eq!(ids_of(&a), ["mine"], "{shown}: undo puts the data back");
        assert_eq!(
            ids_of(&merge_tabs(&b, &a)),
            ["mine"],
            "{shown}: and wins in the other tab"
        );
    }
}

/// Random sequences of commands, good and bad: a refused command never changes anything, and
/// every undo offered takes the deal list back to what it was before its command.
#[test]
fn random_command_sequences_keep_their_promises() {
    for seed in 0..60u64 {
        let mut rng = Rng::new(seed);
        let mut ds = sample();
        let mut now = 10_000;
        for _ in 0..40 {
            now += 1;
            let before = ds.clone();
            let pick = |rng: &mut Rng, ds: &Dataset| -> DealId {
                if ds.deals.is_empty() || rng.below(10) == 0 {
                    DealId::from("nope")
                } else {
                    ds.deals[rng.below(ds.deals.len() as u64) as usize]
                        .id
                        .clone()
                }
            };
            let command = match rng.below(6) {
                0 => Command::AddDeal {
                    id: DealId(format!("r{now}")),
                    draft: if rng.below(3) == 0 {
                        DealDraft::default()
                    } else {
                        draft("Random")
                    },
                },
                1 => Command::DeleteDeals {
                    ids: (0..1 + rng.below(5)).map(|_| pick(&mut rng, &ds)).collect(),
                },
                2 => Command::MoveDeal {
                    id: pick(&mut rng, &ds),
                    mv: Move::To(open_stage(&ds, rng.below(3) as usize)),
                    date: day(if rng.below(2) == 0 {
                        "2025-06-29"
                    } else {
                        "2031-01-01"
                    }),
                },
                3 => Command::ClearRecords,
                4 => Command::Stage(StageChange::Remove {
                    id: open_stage(&ds, rng.below(3) as usize),
                }),
                _ => Command::AssignOwner {
                    ids: vec![pick(&mut rng, &ds)],
                    owner: "Reza".into(),
                },
            };
            match ds.apply(command, clock(now)) {
                Err(_) => assert!(ds == before, "seed {seed}: a refusal changed nothing"),
                Ok(Applied {
                    undo: Some(undo), ..
                }) => {
                    let mut undone = ds.clone();
                    now += 1;
                    undone.apply(undo, clock(now)).unwrap();
                    assert_eq!(ids_of(&undone), ids_of(&before), "seed {seed}: undo");
                }
                Ok(_) => {}
            }
        }
    }
}

// ---- Activities and next steps (the rep's daily work) ----

use crate::ops::{ActivityDraft, ActivityField, ActivityProblem, StepDraft};
use crate::worklist::{list_activities, timeline, today_list, ActivityFilter, Moment};

/// A dataset with one open deal "Acme" (first contact 06-01, owner Sara) and no activity.
fn one_deal() -> (Dataset, DealId) {
    let mut ds = Dataset::new(Language::En);
    let id = DealId::from("d1");
    ds.apply(
        Command::AddDeal {
            id: id.clone(),
            draft: draft("Acme"),
        },
        clock(1),
    )
    .unwrap();
    (ds, id)
}

fn call(deal: &DealId, outcome: &str, duration: &str) -> ActivityDraft {
    ActivityDraft {
        kind: ActivityKind::Call,
        deal: Some(deal.clone()),
        owner: Some(OwnerId::from("sara")),
        outcome: Some(OutcomeId::from(outcome)),
        duration: duration.into(),
        note: " asked for a quote ".into(),
        ..ActivityDraft::default()
    }
}

/// A kind the team added ("WhatsApp", based on Call) is logged like a call, counts as one, and
/// filters apart from the built-in calls; removing it is refused with the count, merging it
/// into Call keeps the calls.
#[test]
fn an_added_kind_logs_like_its_base_and_filters_by_itself() {
    use crate::kinds::KindChange;
    use crate::setup::SetupError;
    let (mut ds, deal) = one_deal();
    ds.apply(
        Command::Kind(KindChange::Add {
            name: "WhatsApp".into(),
            base: ActivityKind::Call,
        }),
        clock(2),
    )
    .unwrap();
    let whatsapp = KindId::from("whatsapp");
    // The draft's `kind` is stale (Email): the chosen kind's base decides.
    let draft = ActivityDraft {
        kind: ActivityKind::Email,
        kind_id: Some(whatsapp.clone()),
        ..call(&deal, "connected", "2")
    };
    let applied = ds
        .apply(
            Command::LogActivity {
                id: ActivityId::from("w1"),
                draft,
                next: None,
            },
            clock(3),
        )
        .unwrap();
    assert!(matches!(
        applied.notice,
        Some(Notice::ActivityLogged {
            kind: ActivityKind::Call,
            ..
        })
    ));
    let a = &ds.activities[0];
    assert_eq!(
        (a.kind, a.team_kind(), a.seconds),
        (ActivityKind::Call, "whatsapp", 120)
    );
    // Built-in calls come too, in the other filter.
    ds.apply(
        Command::LogActivity {
            id: ActivityId::from("c1"),
            draft: call(&deal, "busy", ""),
            next: None,
        },
        clock(4),
    )
    .unwrap();
    let only = |k: &str| ActivityFilter {
        kind: Some(KindId::from(k)),
        ..ActivityFilter::default()
    };
    let ids = |ds: &Dataset, f: &ActivityFilter| -> Vec<String> {
        list_activities(ds, f)
            .iter()
            .map(|a| a.id.0.clone())
            .collect()
    };
    assert_eq!(ids(&ds, &only("whatsapp")), ["w1"]);
    assert_eq!(ids(&ds, &only("call")), ["c1"]);
    // An unknown kind is refused on its field.
    let gone = ActivityDraft {
        kind_id: Some(KindId::from("fax")),
        ..call(&deal, "connected", "")
    };
    let refused = ds.apply(
        Command::LogActivity {
            id: ActivityId::from("x"),
            draft: gone,
            next: None,
        },
        clock(5),
    );
    assert!(
        matches!(&refused, Err(CommandError::Activity(e)) if e.iter().any(|p| p.field == ActivityField::Kind)),
        "{refused:?}"
    );
    assert_eq!(
        ds.apply(
            Command::Kind(KindChange::Remove {
                id: whatsapp.clone()
            }),
            clock(6)
        )
        .map(|_| ()),
        Err(CommandError::Setup(SetupError::InUse(1)))
    );
    ds.apply(
        Command::Kind(KindChange::Merge {
            from: whatsapp,
            into: KindId::from("call"),
        }),
        clock(7),
    )
    .unwrap();
    assert_eq!(ids(&ds, &only("call")).len(), 2);
}

fn step(due: &str, text: &str) -> StepDraft {
    StepDraft {
        due: due.into(),
        text: text.into(),
    }
}

#[test]
fn logging_a_call_records_it_now_with_the_next_step() {
    let (mut ds, deal) = one_deal();
    let applied = ds
        .apply(
            Command::LogActivity {
                id: ActivityId::from("a1"),
                draft: call(&deal, "connected", "3:20"),
                next: Some((StepId::from("s1"), step("2025-07-02", "Send the quote"))),
            },
            clock(10),
        )
        .unwrap();
    assert_eq!(
        applied.notice,
        Some(Notice::ActivityLogged {
            kind: ActivityKind::Call,
            deal: "Acme".into(),
            step: true
        })
    );
    assert_eq!(applied.undo, None);
    let a = &ds.activities[0];
    // Logged at the clock's moment: 2025-06-30 09:30; 3 min 20 s; the note trimmed.
    assert_eq!(a.at, DateTime::new(day("2025-06-30"), 570));
    assert_eq!(a.seconds, 200);
    assert_eq!(a.note, "asked for a quote");
    assert_eq!(a.updated_at, clock(10).now);
    let s = ds.open_step(&deal).unwrap();
    assert_eq!(
        (s.id.as_str(), s.due, s.text.as_str()),
        ("s1", day("2025-07-02"), "Send the quote")
    );

    // A second step replaces the first: one open step per deal, the old one kept as done.
    ds.apply(
        Command::SetNextStep {
            deal: deal.clone(),
            id: StepId::from("s2"),
            draft: step("2025-06-20", "Call back"),
        },
        clock(11),
    )
    .unwrap();
    assert_eq!(ds.next_steps.len(), 2);
    assert!(ds.next_steps[0].done && !ds.next_steps[1].done);
    assert_eq!(ds.next_steps[0].updated_at, clock(11).now);
    assert_eq!(ds.open_step(&deal).unwrap().id.as_str(), "s2");

    // Completing it with the call that did it, and no step after: none open.
    let done = ds
        .apply(
            Command::CompleteNextStep {
                deal: deal.clone(),
                log: Some((ActivityId::from("a2"), call(&deal, "no-answer", ""))),
                next: None,
            },
            clock(12),
        )
        .unwrap();
    assert_eq!(
        done.notice,
        Some(Notice::StepDone {
            deal: "Acme".into(),
            next: false
        })
    );
    assert_eq!(ds.open_step(&deal), None);
    assert_eq!(ds.activities.len(), 2);
    // Nothing left to complete and nothing to log: refused.
    assert_eq!(
        ds.apply(
            Command::CompleteNextStep {
                deal: deal.clone(),
                log: None,
                next: None
            },
            clock(13)
        ),
        Err(CommandError::Gone)
    );
}

#[test]
fn the_log_dialog_is_checked_field_by_field() {
    let (base, deal) = one_deal();
    let refused = |draft: ActivityDraft, next: Option<StepDraft>| {
        let mut ds = base.clone();
        let result = ds.apply(
            Command::LogActivity {
                id: ActivityId::from("x"),
                draft,
                next: next.map(|s| (StepId::from("s"), s)),
            },
            clock(5),
        );
        assert!(ds == base, "a refused log changes nothing");
        match result {
            Err(CommandError::Activity(e)) => e
                .into_iter()
                .map(|e| (e.field, e.problem))
                .collect::<Vec<_>>(),
            other => panic!("expected activity errors, got {other:?}"),
        }
    };
    use ActivityField as F;
    use ActivityProblem as P;
    assert_eq!(
        refused(
            ActivityDraft {
                outcome: None,
                ..call(&deal, "", "5")
            },
            None
        ),
        [(F::Outcome, P::Required)]
    );
    assert_eq!(
        refused(call(&deal, "hung-up", "abc"), Some(step("31/12", ""))),
        [
            (F::Outcome, P::Unknown),
            (F::Duration, P::BadDuration),
            (F::StepDue, P::BadDate)
        ]
    );
    assert_eq!(
        refused(call(&deal, "busy", "13:00:00"), None),
        [(F::Duration, P::BadDuration)]
    );
    assert_eq!(
        refused(call(&deal, "busy", "721"), None),
        [(F::Duration, P::TooLong)]
    );
    assert_eq!(
        refused(
            ActivityDraft {
                at: Some(DateTime::new(day("2025-06-30"), 571)),
                ..call(&deal, "busy", "")
            },
            Some(step("", "x"))
        ),
        [(F::When, P::Future), (F::StepDue, P::Required)]
    );
    assert_eq!(
        refused(
            ActivityDraft {
                deal: Some(DealId::from("gone")),
                owner: Some(OwnerId::from("nobody")),
                ..call(&deal, "busy", "")
            },
            None
        ),
        [(F::Deal, P::Unknown), (F::Owner, P::Unknown)]
    );
    // A note about no deal cannot carry a next step.
    assert_eq!(
        refused(
            ActivityDraft {
                kind: ActivityKind::Note,
                deal: None,
                ..ActivityDraft::default()
            },
            Some(step("2025-07-01", ""))
        ),
        [(F::Deal, P::Unknown)]
    );
}

#[test]
fn durations_read_minutes_seconds_and_persian_digits() {
    use crate::ops::{duration_text, parse_duration};
    assert_eq!(parse_duration(""), Ok(0));
    assert_eq!(parse_duration("5"), Ok(300));
    assert_eq!(parse_duration("1.5"), Ok(90));
    assert_eq!(parse_duration("۲٫۵"), Ok(150));
    assert_eq!(parse_duration("۳:۰۵"), Ok(185));
    assert_eq!(parse_duration("0:59"), Ok(59));
    assert_eq!(parse_duration("1:60"), Err(ActivityProblem::BadDuration));
    assert_eq!(parse_duration("-1"), Err(ActivityProblem::BadDuration));
    assert_eq!(parse_duration("720"), Ok(43_200));
    assert_eq!(duration_text(185), "3:05");
    assert_eq!(parse_duration(&duration_text(185)), Ok(185));
    assert_eq!(duration_text(0), "");
}

#[test]
fn editing_keeps_the_time_and_an_email_keeps_no_duration_or_outcome() {
    let (mut ds, deal) = one_deal();
    let id = ActivityId::from("a1");
    ds.apply(
        Command::LogActivity {
            id: id.clone(),
            draft: call(&deal, "busy", "1"),
            next: None,
        },
        clock(1),
    )
    .unwrap();
    let at = ds.activities[0].at;
    let saved = ds
        .apply(
            Command::UpdateActivity {
                id: id.clone(),
                draft: ActivityDraft {
                    kind: ActivityKind::Email,
                    ..call(&deal, "busy", "9")
                },
            },
            clock(2),
        )
        .unwrap();
    assert_eq!(saved.notice, Some(Notice::ActivitySaved));
    let a = &ds.activities[0];
    assert_eq!(
        (a.kind, a.at, a.seconds, a.outcome.clone()),
        (ActivityKind::Email, at, 0, None)
    );
    assert_eq!(
        ds.apply(
            Command::UpdateActivity {
                id: ActivityId::from("gone"),
                draft: call(&deal, "busy", "")
            },
            clock(3)
        )
        .map(|_| ()),
        Err(CommandError::Activity(vec![crate::ops::ActivityError {
            field: ActivityField::Deal,
            problem: ActivityProblem::Unknown
        }]))
    );
}

/// Bulk delete leaves an undo that restores the activities as a new edit, which wins over a
/// tab that already took the deletion in.
#[test]
fn deleting_activities_undoes_in_every_tab() {
    let (mut a, deal) = one_deal();
    for (i, outcome) in ["connected", "busy", "no-answer"].iter().enumerate() {
        a.apply(
            Command::LogActivity {
                id: ActivityId(format!("a{i}")),
                draft: call(&deal, outcome, "1"),
                next: None,
            },
            clock(10 + i as i64),
        )
        .unwrap();
    }
    let before = a.clone();
    let ids = vec![ActivityId::from("a0"), ActivityId::from("a2")];
    let applied = a
        .apply(Command::DeleteActivities { ids: ids.clone() }, clock(100))
        .unwrap();
    assert_eq!(applied.notice, Some(Notice::ActivitiesDeleted { n: 2 }));
    assert_eq!(a.activities.len(), 1);
    assert_eq!(a.tombstones.len(), 2);
    let other = merge_tabs(&before, &a);
    assert_eq!(
        other.activities.len(),
        1,
        "the other tab takes the deletion in"
    );
    let undone = a.apply(applied.undo.unwrap(), clock(200)).unwrap();
    assert_eq!(undone.notice, Some(Notice::ActivitiesRestored { n: 2 }));
    assert!(a.tombstones.is_empty());
    let sorted = |ds: &Dataset| {
        let mut v: Vec<(String, Option<OutcomeId>, u32)> = ds
            .activities
            .iter()
            .map(|x| (x.id.0.clone(), x.outcome.clone(), x.seconds))
            .collect();
        v.sort();
        v
    };
    assert_eq!(sorted(&a), sorted(&before));
    assert_eq!(sorted(&merge_tabs(&other, &a)), sorted(&before));
    assert_eq!(sorted(&merge_tabs(&a, &other)), sorted(&before));
    // Deleting what is gone is refused.
    assert_eq!(
        a.apply(
            Command::DeleteActivities {
                ids: vec![ActivityId::from("nope")]
            },
            clock(300)
        ),
        Err(CommandError::Gone)
    );
}

#[test]
fn today_timeline_and_activity_list_read_the_work() {
    let mut ds = Dataset::new(Language::En);
    let add = |ds: &mut Dataset, id: &str, owner: &str, first: &str| {
        ds.apply(
            Command::AddDeal {
                id: DealId::from(id),
                draft: DealDraft {
                    first_contact: first.into(),
                    owner: owner.into(),
                    ..draft(id)
                },
            },
            clock(1),
        )
        .unwrap();
    };
    // late: step due 06-28; due: step due today; fresh/old: leads never called; quiet: called,
    // no step; future: step due 07-05 (not listed); closed: won (not listed).
    for (id, owner, first) in [
        ("late", "Sara", "2025-06-01"),
        ("due", "Reza", "2025-06-02"),
        ("fresh", "Sara", "2025-06-30"),
        ("old", "Sara", "2025-06-10"),
        ("quiet", "Sara", "2025-06-05"),
        ("future", "Sara", "2025-06-05"),
        ("closed", "Sara", "2025-06-05"),
    ] {
        add(&mut ds, id, owner, first);
    }
    let won = ds.first_stage_of(StageKind::Won).unwrap().id.clone();
    ds.apply(
        Command::MoveDeal {
            id: DealId::from("closed"),
            mv: Move::To(won),
            date: day("2025-06-20"),
        },
        clock(2),
    )
    .unwrap();
    for (deal, due) in [
        ("late", "2025-06-28"),
        ("due", "2025-06-30"),
        ("future", "2025-07-05"),
    ] {
        ds.apply(
            Command::SetNextStep {
                deal: DealId::from(deal),
                id: StepId(format!("s-{deal}")),
                draft: step(due, "call"),
            },
            clock(3),
        )
        .unwrap();
    }
    let quiet = DealId::from("quiet");
    ds.apply(
        Command::LogActivity {
            id: ActivityId::from("q1"),
            draft: ActivityDraft {
                at: Some(DateTime::new(day("2025-06-06"), 600)),
                ..call(&quiet, "busy", "")
            },
            next: None,
        },
        clock(4),
    )
    .unwrap();
    ds.apply(
        Command::LogActivity {
            id: ActivityId::from("q2"),
            draft: ActivityDraft {
                kind: ActivityKind::Email,
                at: Some(DateTime::new(day("2025-06-06"), 540)),
                ..call(&quiet, "", "")
            },
            next: None,
        },
        clock(5),
    )
    .unwrap();
    let names = |rows: &[crate::worklist::TodayRow]| {
        rows.iter()
            .map(|r| r.deal.title.clone())
            .collect::<Vec<_>>()
    };
    let t = today_list(&ds, None, day("2025-06-30"));
    assert_eq!(names(&t.overdue), ["late"]);
    assert_eq!(names(&t.due), ["due"]);
    // Newest lead first: "fresh" arrived today.
    assert_eq!(names(&t.uncalled), ["fresh", "old"]);
    assert_eq!(names(&t.no_step), ["quiet"]);
    let sara = ds
        .owners
        .iter()
        .find(|o| o.name == "Sara")
        .unwrap()
        .id
        .clone();
    let t = today_list(&ds, Some(&sara), day("2025-06-30"));
    assert!(t.due.is_empty() && t.overdue.len() == 1);

    // The timeline: the call at 10:00, the email at 09:00, then the stage event of 06-05.
    let line = timeline(&ds, &quiet);
    let shape: Vec<String> = line
        .iter()
        .map(|m| match m {
            Moment::Stage(e) => format!("stage {}", e.date),
            Moment::Activity(a) => a.id.0.clone(),
        })
        .collect();
    assert_eq!(shape, ["q1", "q2", "stage 2025-06-05"]);

    let all = list_activities(&ds, &ActivityFilter::default());
    assert_eq!(
        all.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["q1", "q2"]
    );
    let calls = ActivityFilter {
        kind: Some(KindId::from("call")),
        outcome: Some(OutcomeId::from("busy")),
        owner: Some(sara),
        from: Some(day("2025-06-06")),
        to: Some(day("2025-06-06")),
    };
    assert_eq!(list_activities(&ds, &calls).len(), 1);
    let later = ActivityFilter {
        from: Some(day("2025-06-07")),
        ..ActivityFilter::default()
    };
    assert!(list_activities(&ds, &later).is_empty());
}

#[test]
fn a_deal_type_is_set_in_the_form_and_new_names_join_the_list() {
    let mut ds = sample();
    let id = DealId::from("typed");
    ds.apply(
        Command::AddDeal {
            id: id.clone(),
            draft: DealDraft {
                deal_type: " RENEWAL ".into(),
                ..draft("Typed")
            },
        },
        clock(1),
    )
    .unwrap();
    assert_eq!(ds.deal(&id).unwrap().deal_type, Some("renewal".into()));
    let mut edited = DealDraft::from_deal(&ds, ds.deal(&id).unwrap());
    assert_eq!(edited.deal_type, "Renewal");
    edited.deal_type = "Partner resale".into();
    ds.apply(
        Command::UpdateDeal {
            id: id.clone(),
            draft: edited.clone(),
        },
        clock(2),
    )
    .unwrap();
    assert_eq!(
        ds.deal_type_name(ds.deal(&id).unwrap().deal_type.as_ref()),
        "Partner resale"
    );
    assert_eq!(ds.deal_types.len(), 4);
    edited.deal_type = String::new();
    ds.apply(
        Command::UpdateDeal {
            id: id.clone(),
            draft: edited,
        },
        clock(3),
    )
    .unwrap();
    assert_eq!(ds.deal(&id).unwrap().deal_type, None);
    // The list is edited like sources: a used type cannot be removed, only merged away.
    let used = ds.roster_uses(Roster::Types, "renewal");
    assert!(used > 0);
    assert_eq!(
        ds.apply(
            Command::Roster {
                roster: Roster::Types,
                change: RosterChange::Remove {
                    id: "renewal".into()
                },
            },
            clock(4)
        ),
        Err(CommandError::Setup(SetupError::InUse(used)))
    );
    ds.apply(
        Command::Roster {
            roster: Roster::Types,
            change: RosterChange::Merge {
                from: "renewal".into(),
                into: "upsell".into(),
            },
        },
        clock(5),
    )
    .unwrap();
    assert_eq!(ds.roster_uses(Roster::Types, "renewal"), 0);
    assert!(!ds.deal_types.iter().any(|t| t.id.0 == "renewal"));
}

#[test]
fn saved_views_save_rename_delete_and_undo_in_every_tab() {
    let mut a = sample();
    let applied = a
        .apply(
            Command::SaveView {
                id: ViewId::from("v1"),
                name: " Telesales, this quarter ".into(),
                query: "period=this-quarter&source=phone".into(),
            },
            clock(1),
        )
        .unwrap();
    assert_eq!(
        applied.notice,
        Some(Notice::ViewSaved {
            name: "Telesales, this quarter".into()
        })
    );
    // Saving under the same name again updates that view.
    a.apply(
        Command::SaveView {
            id: ViewId::from("v2"),
            name: "telesales, THIS quarter".into(),
            query: "period=this-quarter&source=phone&type=renewal".into(),
        },
        clock(2),
    )
    .unwrap();
    assert_eq!(a.views.len(), 1);
    assert_eq!(a.views[0].id, ViewId::from("v1"));
    assert!(a.views[0].query.ends_with("type=renewal"));
    a.apply(
        Command::SaveView {
            id: ViewId::from("v3"),
            name: "Reza".into(),
            query: "owner=rep-2".into(),
        },
        clock(3),
    )
    .unwrap();
    assert_eq!(
        a.apply(
            Command::RenameView {
                id: ViewId::from("v3"),
                name: "Telesales, this quarter".into(),
            },
            clock(4)
        ),
        Err(CommandError::Setup(SetupError::NameTaken))
    );
    a.apply(
        Command::RenameView {
            id: ViewId::from("v3"),
            name: "Reza's deals".into(),
        },
        clock(5),
    )
    .unwrap();
    assert_eq!(a.view(&ViewId::from("v3")).unwrap().name, "Reza's deals");
    let before = a.clone();
    let deleted = a
        .apply(
            Command::DeleteView {
                id: ViewId::from("v1"),
            },
            clock(6),
        )
        .unwrap();
    assert_eq!(a.views.len(), 1);
    let other = merge_tabs(&before, &a);
    assert!(
        other.view(&ViewId::from("v1")).is_none(),
        "deleted in the other tab too"
    );
    a.apply(deleted.undo.unwrap(), clock(7)).unwrap();
    assert!(a.view(&ViewId::from("v1")).is_some());
    assert!(merge_tabs(&other, &a).view(&ViewId::from("v1")).is_some());
    assert!(merge_tabs(&a, &other).view(&ViewId::from("v1")).is_some());
    // Clearing the records clears the views; undo brings them back.
    let cleared = a.apply(Command::ClearRecords, clock(8)).unwrap();
    assert!(a.views.is_empty());
    a.apply(cleared.undo.unwrap(), clock(9)).unwrap();
    assert_eq!(a.views.len(), 2);
}

/// The team-merge case of issue #18: the same lead entered by two reps comes together in the
/// manager's merge, is flagged, and is merged in one command that another tab and undo respect.
#[test]
fn a_lead_entered_by_two_reps_is_flagged_after_the_merge_and_merged_once() {
    let base = Dataset::new(Language::En);
    let rep = |id: &str, owner: &str, phone: &str, c: i64| {
        let mut ds = base.clone();
        let mut d = draft("Kian Co");
        d.owner = owner.into();
        d.phone = phone.into();
        ds.apply(
            Command::AddDeal {
                id: id.into(),
                draft: d,
            },
            clock(c),
        )
        .unwrap();
        ds
    };
    let sara = rep("s1", "Sara", "0912 345 6789", 1);
    let reza = rep("r1", "Reza", "+98 912 3456789", 2);
    let mut manager = base.clone();
    let merged = manager
        .apply(
            Command::MergeFiles {
                files: vec![sara, reza],
            },
            clock(3),
        )
        .unwrap();
    assert_eq!(
        merged.notice,
        Some(Notice::FilesMerged {
            n: 2,
            duplicates: 1
        })
    );
    let none = std::collections::HashSet::new();
    let pairs = crate::duplicates::find_duplicates(&manager, &none);
    assert_eq!(pairs.len(), 1);
    let (keep, other) = (pairs[0].first.clone(), pairs[0].second.clone());
    let other_tab = manager.clone();
    let applied = manager
        .apply(
            Command::MergeDeals {
                keep: keep.clone(),
                other: other.clone(),
            },
            clock(4),
        )
        .unwrap();
    assert_eq!(
        applied.notice,
        Some(Notice::DealsMerged {
            deal: "Kian Co".into()
        })
    );
    assert_eq!(ids_of(&manager), std::slice::from_ref(&keep.0));
    assert!(crate::duplicates::find_duplicates(&manager, &none).is_empty());
    // The other tab takes the merge in: the merged-away deal does not come back.
    assert_eq!(
        ids_of(&merge_tabs(&other_tab, &manager)),
        std::slice::from_ref(&keep.0)
    );
    // Merging again (the other deal is gone) is refused without a change.
    let before = manager.clone();
    let again = Command::MergeDeals {
        keep: keep.clone(),
        other: other.clone(),
    };
    assert_eq!(manager.apply(again, clock(5)), Err(CommandError::Gone));
    assert_eq!(manager, before);
    // Undo brings both entries back.
    manager.apply(applied.undo.unwrap(), clock(6)).unwrap();
    let mut both = vec![keep.0.clone(), other.0.clone()];
    both.sort();
    assert_eq!(ids_of(&manager), both);
}

/// Deleting a deal takes the calls and next steps about it along (no orphans in the activity
/// list, the Today view or the KPIs), in this tab and the next; undo brings all of it back, and
/// clearing all data leaves no activity behind either.
#[test]
fn deleting_deals_takes_their_activities_and_next_steps_and_undo_restores_them() {
    let mut before = sample();
    let id = before
        .activities
        .iter()
        .find_map(|a| a.deal.clone())
        .expect("the sample has calls on deals");
    before.next_steps.push(NextStep {
        id: StepId::from("step-x"),
        deal: id.clone(),
        due: day("2025-07-02"),
        text: "Call back".into(),
        done: false,
        updated_at: Timestamp(1),
    });
    let about = |ds: &Dataset| {
        (
            ds.activities
                .iter()
                .filter(|a| a.deal.as_ref() == Some(&id))
                .count(),
            ds.next_steps.iter().filter(|s| s.deal == id).count(),
        )
    };
    let (calls, steps) = about(&before);
    assert!(calls > 0 && steps > 0, "{calls} calls, {steps} steps");
    let mut a = before.clone();
    let applied = a
        .apply(
            Command::DeleteDeals {
                ids: vec![id.clone()],
            },
            clock(1_000),
        )
        .unwrap();
    assert_eq!(about(&a), (0, 0));
    assert_eq!(a.activities.len(), before.activities.len() - calls);
    let orphans = |ds: &Dataset| {
        ds.activities
            .iter()
            .filter_map(|x| x.deal.as_ref())
            .chain(ds.next_steps.iter().map(|s| &s.deal))
            .filter(|d| ds.deal(d).is_none())
            .count()
    };
    assert_eq!(orphans(&a), 0);
    // The other tab takes the deletion in, activities and steps too.
    let b = merge_tabs(&before, &a);
    assert_eq!(about(&b), (0, 0));
    assert_eq!(orphans(&b), 0);
    a.apply(applied.undo.unwrap(), clock(2_000)).unwrap();
    assert_eq!(about(&a), (calls, steps), "undo restores them");
    assert_eq!(about(&merge_tabs(&b, &a)), (calls, steps));
    assert_eq!(about(&merge_tabs(&a, &b)), (calls, steps));
    let mut c = before.clone();
    let cleared = c.apply(Command::ClearRecords, clock(3_000)).unwrap();
    assert!(c.activities.is_empty() && c.next_steps.is_empty());
    assert!(merge_tabs(&before, &c).activities.is_empty());
    c.apply(cleared.undo.unwrap(), clock(4_000)).unwrap();
    assert_eq!(c.activities.len(), before.activities.len());
}
