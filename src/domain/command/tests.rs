use super::*;
use crate::domain::goals::GoalSpan;
use crate::domain::merge::merge_tabs;
use crate::domain::rng::Rng;
use crate::domain::sample::sample_dataset;

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
            converted: Box::new(other.clone()),
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

#[test]
fn importing_a_call_log_adds_calls_once_and_undoes() {
    use crate::domain::format::calls_in::{preview, CallsPlan, Unmatched};
    use crate::domain::format::csv_in::read_table;
    let mut ds = sample();
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
