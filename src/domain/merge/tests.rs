use super::*;
use crate::date::Date;
use crate::format::schema::check_integrity;
use crate::sample::sample_dataset;

fn base() -> Dataset {
    sample_dataset(Date::parse("2025-06-30").unwrap(), Language::En)
}

#[test]
fn newer_wins_deletions_stick_and_the_preview_says_so() {
    let ours = base();
    let mut theirs = ours.clone();
    theirs.deals[0].title = "Renamed later".into();
    theirs.deals[0].updated_at = Timestamp(i64::MAX / 2);
    theirs.deals[1].title = "Older edit".into();
    theirs.deals[1].updated_at = Timestamp(0);
    let gone = theirs.deals[2].id.clone();
    let mut ours = ours;
    ours.delete_deal(&gone, Timestamp(i64::MAX / 4)).unwrap();
    let mut fresh = theirs.deals[3].clone();
    fresh.id = "from-rep-5".into();
    theirs.deals.push(fresh);
    let (merged, preview) = merge(&ours, &theirs);
    assert_eq!(
        preview.deals,
        Counts {
            new: 1,
            updated: 1,
            unchanged: theirs.deals.len() - 4,
            conflicting: 1,
            deleted: 1
        }
    );
    assert_eq!(
        merged.deal(&theirs.deals[0].id).unwrap().title,
        "Renamed later"
    );
    assert_ne!(
        merged.deal(&theirs.deals[1].id).unwrap().title,
        "Older edit"
    );
    assert!(
        merged.deal(&gone).is_none(),
        "a deleted deal does not come back"
    );
    assert!(merged.deal(&"from-rep-5".into()).is_some());
    check_integrity(&merged).unwrap();
}

#[test]
fn unknown_stages_sources_and_owners_come_along() {
    let ours = Dataset::new(Language::En);
    let mut theirs = base();
    theirs.add_stage("Proposal", StageKind::Open, 60).unwrap();
    let (merged, _) = merge(&ours, &theirs);
    assert!(merged.stage(&"proposal".into()).is_some());
    assert_eq!(
        merged.stage_index(&"proposal".into()),
        Some(3),
        "before the closed stages"
    );
    assert_eq!(merged.owners.len(), theirs.owners.len());
    assert_eq!(merged.deals.len(), theirs.deals.len());
    check_integrity(&merged).unwrap();
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// The record part of a dataset, order-free: what order-independence is about.
    fn records(ds: &Dataset) -> (Vec<Deal>, Vec<TrafficEntry>, Vec<Goal>, Vec<Tombstone>) {
        let mut d = ds.deals.clone();
        d.sort_by(|a, b| a.id.cmp(&b.id));
        let mut t = ds.traffic.clone();
        t.sort_by(|a, b| a.id.cmp(&b.id));
        let mut g = ds.goals.clone();
        g.sort_by(|a, b| a.id.cmp(&b.id));
        let mut x = ds.tombstones.clone();
        x.sort_by(|a, b| a.id.cmp(&b.id));
        (d, t, g, x)
    }

    /// The set-up, with sources and owners order-free (they are listed in merge order).
    fn setup(ds: &Dataset) -> (Vec<Stage>, Vec<Source>, Vec<Owner>, Settings, SetupStamps) {
        let mut sources = ds.sources.clone();
        sources.sort_by(|a, b| a.id.cmp(&b.id));
        let mut owners = ds.owners.clone();
        owners.sort_by(|a, b| a.id.cmp(&b.id));
        (
            ds.stages.clone(),
            sources,
            owners,
            ds.settings.clone(),
            ds.setup_stamps.clone(),
        )
    }

    /// A replica: the sample with some deals edited at some times, some deleted, and some
    /// set-up changes (stamped as the app stamps them).
    fn replica(seed: &[(usize, i64, u8)]) -> Dataset {
        let mut ds = base();
        for (i, at, what) in seed {
            let n = ds.deals.len();
            if n == 0 {
                break;
            }
            let k = i % n;
            let before = Setup::of(&ds);
            match what % 7 {
                3 => {
                    let id = ds.stages[i % ds.stages.len()].id.clone();
                    let _ = ds.rename_stage(&id, &format!("stage {at}"));
                }
                4 => ds.settings.backup_reminder_days = (*at % 30) as u32,
                5 => {
                    let name = format!("Extra {}", i % 3);
                    let id = StageId(format!("extra-{}", i % 3));
                    if ds.stage(&id).is_some() {
                        let _ = ds.remove_stage(&id);
                    } else {
                        let _ = ds.add_stage(&name, StageKind::Open, 10);
                    }
                }
                6 => {
                    let id = ds.stages[i % ds.stages.len()].id.clone();
                    let _ = ds.move_stage(&id, if i % 2 == 0 { 1 } else { -1 });
                }
                _ => {}
            }
            stamp_setup(&before, &mut ds, Timestamp(*at));
            match what % 7 {
                0 => {
                    let id = ds.deals[k].id.clone();
                    ds.delete_deal(&id, Timestamp(*at));
                }
                1 => {
                    ds.deals[k].title = format!("edit {at}");
                    ds.deals[k].updated_at = Timestamp(*at);
                }
                2 => {
                    ds.deals[k].notes = format!("note {at}");
                    ds.deals[k].updated_at = Timestamp(*at);
                }
                _ => {}
            }
        }
        ds
    }

    fn edits() -> impl Strategy<Value = Vec<(usize, i64, u8)>> {
        prop::collection::vec((0usize..400, 1i64..1_000_000_000_000_000, 0u8..7), 0..12)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn merging_is_order_independent_and_idempotent(a in edits(), b in edits(), c in edits()) {
            let (a, b, c) = (replica(&a), replica(&b), replica(&c));
            let ab = merge(&a, &b).0;
            let ba = merge(&b, &a).0;
            prop_assert_eq!(records(&ab), records(&ba));
            // Tabs merge settings too; every part goes to its newest version whatever the order.
            let (tab_ab, tab_ba) = (merge_tabs(&a, &b), merge_tabs(&b, &a));
            prop_assert_eq!(setup(&tab_ab), setup(&tab_ba));
            prop_assert_eq!(setup(&merge_tabs(&tab_ab, &b)), setup(&tab_ab));
            // Grouping does not matter either, except where stages added in different replicas
            // land relative to each other (each merge places the ones it meets; two tabs still
            // converge, by the two properties above).
            let tab_ab_c = merge_tabs(&tab_ab, &c);
            let by_id = |ds: &Dataset| {
                let mut s = setup(ds);
                s.0.sort_by(|x, y| x.id.cmp(&y.id));
                s
            };
            prop_assert_eq!(by_id(&tab_ab_c), by_id(&merge_tabs(&a, &merge_tabs(&b, &c))));
            prop_assert!(check_integrity(&tab_ab_c).is_ok());
            let ab_c = merge(&ab, &c).0;
            let a_bc = merge(&a, &merge(&b, &c).0).0;
            prop_assert_eq!(records(&ab_c), records(&a_bc));
            let twice = merge(&ab, &b).0;
            prop_assert_eq!(records(&twice), records(&ab));
            let (_, again) = merge(&ab, &ab);
            // The counting-only preview says what the merge says, deletions and conflicts too.
            for (x, y) in [(&a, &b), (&ab, &c), (&ab, &b), (&ab, &ab), (&c, &ab)] {
                prop_assert_eq!(preview(x, y), merge(x, y).1);
            }
            prop_assert_eq!(again.deals.new + again.deals.updated + again.deals.conflicting, 0);
            prop_assert!(check_integrity(&ab_c).is_ok());
        }
    }
}

/// Two (or more) tabs of one browser, driven through `TabBase` directly (`domain/sync/tests.rs`
/// drives the whole state machine the app uses the same way): every local change is stamped at once; a save first merges what another tab stored since this tab
/// last looked; hearing another tab's save merges it and, when the result differs from what is
/// stored, saves the result back.
mod two_tabs {
    use super::*;
    use crate::merge::{replace, TabBase};

    /// localStorage: the stored data and a revision every save bumps.
    #[derive(Default)]
    struct Storage {
        stored: Option<Dataset>,
        rev: u64,
    }

    struct Tab {
        ds: Dataset,
        base: TabBase,
        seen: u64,
        /// The save of the last change failed (a full disk, as the E2E test simulates).
        blocked: bool,
        /// Unsaved-change losses reported to the user: (deals, set-up parts).
        told: (usize, usize),
    }

    impl Tab {
        fn open(storage: &Storage) -> Tab {
            let ds = storage
                .stored
                .clone()
                .unwrap_or_else(|| Dataset::new(Language::En));
            Tab {
                base: TabBase::new(&ds),
                ds,
                seen: storage.rev,
                blocked: false,
                told: (0, 0),
            }
        }

        /// A local change at `now`, then its save.
        fn edit(&mut self, storage: &mut Storage, now: i64, change: impl FnOnce(&mut Dataset)) {
            change(&mut self.ds);
            self.base.stamp(&mut self.ds, Timestamp(now));
            self.save(storage);
        }

        fn take(&mut self, theirs: &Dataset) -> bool {
            let synced = self.base.sync(theirs, &self.ds);
            self.told.0 += synced.lost_deals.len();
            self.told.1 += synced.lost_setup;
            let changed = synced.dataset != self.ds;
            self.ds = synced.dataset;
            changed
        }

        fn save(&mut self, storage: &mut Storage) {
            if self.blocked {
                return;
            }
            if storage.rev != self.seen {
                if let Some(theirs) = storage.stored.clone() {
                    self.take(&theirs);
                }
            }
            storage.stored = Some(self.ds.clone());
            storage.rev += 1;
            self.seen = storage.rev;
            self.base.saved(&self.ds);
        }

        /// The storage event of another tab's save; true when this tab saved in turn.
        fn hear(&mut self, storage: &mut Storage) -> bool {
            let Some(theirs) = storage.stored.clone() else {
                return false;
            };
            if self.seen == storage.rev {
                return false;
            }
            self.seen = storage.rev;
            if self.take(&theirs) && self.ds != theirs && !self.blocked {
                self.save(storage);
                return true;
            }
            false
        }
    }

    /// Lets the tabs exchange storage events until nobody saves any more.
    fn settle(storage: &mut Storage, tabs: &mut [&mut Tab]) {
        for _ in 0..10 {
            let mut saved = false;
            for tab in tabs.iter_mut() {
                saved |= tab.hear(storage);
            }
            if !saved {
                return;
            }
        }
        panic!("the tabs keep saving back and forth");
    }

    /// Storage holding the sample, a tab A that loaded it and a tab B opened afterwards.
    fn sample_in_two_tabs() -> (Storage, Tab, Tab) {
        let mut storage = Storage::default();
        let mut a = Tab::open(&storage);
        let t0 = T0;
        a.edit(&mut storage, t0, |ds| {
            *ds = replace(ds, base(), Timestamp(t0))
        });
        let b = Tab::open(&storage);
        (storage, a, b)
    }

    /// A time after everything in the sample.
    const T0: i64 = 1_900_000_000_000;

    fn acme(ds: &Dataset) -> Vec<DealId> {
        ds.deals
            .iter()
            .filter(|d| d.company.contains("Acme") || d.title.contains("Acme"))
            .map(|d| d.id.clone())
            .collect()
    }

    fn titles(ds: &Dataset) -> Vec<String> {
        let mut t: Vec<String> = ds.deals.iter().map(|d| d.id.0.clone()).collect();
        t.sort();
        t
    }

    /// Everything the user sees, in a fixed order (the merge may reorder records).
    fn shown(ds: &Dataset) -> (Vec<Deal>, Vec<Stage>, Vec<Source>, Vec<Owner>, Settings) {
        let mut deals = ds.deals.clone();
        deals.sort_by(|a, b| a.id.cmp(&b.id));
        (
            deals,
            ds.stages.clone(),
            ds.sources.clone(),
            ds.owners.clone(),
            ds.settings.clone(),
        )
    }

    fn all_agree(storage: &Storage, tabs: &[&Tab]) {
        let stored = storage.stored.as_ref().unwrap();
        let fresh = Tab::open(storage);
        for tab in tabs {
            assert_eq!(shown(&tab.ds), shown(stored), "a tab differs from storage");
        }
        assert_eq!(shown(&fresh.ds), shown(stored));
        check_integrity(stored).unwrap();
    }

    #[test]
    fn undoing_a_bulk_delete_restores_the_deals_in_every_tab() {
        let (mut storage, mut a, mut b) = sample_in_two_tabs();
        let n = a.ds.deals.len();
        let ids = acme(&a.ds);
        assert!(ids.len() >= 5, "the sample has Acme deals: {}", ids.len());
        let mut gone = Default::default();
        a.edit(&mut storage, T0 + 10, |ds| {
            gone = ds.delete_deals(&ids, Timestamp(T0 + 10))
        });
        settle(&mut storage, &mut [&mut a, &mut b]);
        assert_eq!(b.ds.deals.len(), n - ids.len());
        a.edit(&mut storage, T0 + 20, |ds| {
            ds.restore_deals(gone, Timestamp(T0 + 20))
        });
        settle(&mut storage, &mut [&mut a, &mut b]);
        assert_eq!(a.ds.deals.len(), n, "the undoing tab keeps them");
        assert_eq!(b.ds.deals.len(), n, "the other tab gets them back");
        all_agree(&storage, &[&a, &b]);
        assert_eq!(
            (a.told, b.told),
            ((0, 0), (0, 0)),
            "nothing lost, nothing said"
        );
    }

    #[test]
    fn undoing_clear_everything_restores_it_in_every_tab() {
        let (mut storage, mut a, mut b) = sample_in_two_tabs();
        let before = a.ds.clone();
        a.edit(&mut storage, T0 + 10, |ds| {
            ds.clear_records(Timestamp(T0 + 10))
        });
        settle(&mut storage, &mut [&mut a, &mut b]);
        assert!(b.ds.deals.is_empty());
        let cleared = a.ds.clone();
        a.edit(&mut storage, T0 + 20, |ds| {
            *ds = replace(&cleared, before.clone(), Timestamp(T0 + 20))
        });
        settle(&mut storage, &mut [&mut a, &mut b]);
        assert_eq!(titles(&b.ds), titles(&before));
        assert_eq!(b.ds.goals.len(), before.goals.len());
        assert_eq!(b.ds.traffic.len(), before.traffic.len());
        all_agree(&storage, &[&a, &b]);
    }

    #[test]
    fn replace_on_import_wins_in_every_tab_and_its_undo_too() {
        let (mut storage, mut a, mut b) = sample_in_two_tabs();
        let before = a.ds.clone();
        // A file with a tenth of the deals, one of them in an older version than ours.
        let mut file = base();
        file.deals.truncate(32);
        file.deals[0].title = "Older title from the file".into();
        file.deals[0].updated_at = Timestamp(1);
        a.edit(&mut storage, T0 + 10, |ds| {
            *ds = replace(ds, file.clone(), Timestamp(T0 + 10))
        });
        settle(&mut storage, &mut [&mut a, &mut b]);
        assert_eq!(
            b.ds.deals.len(),
            32,
            "the other tab does not merge the old deals back"
        );
        assert_eq!(
            b.ds.deal(&file.deals[0].id).unwrap().title,
            "Older title from the file"
        );
        all_agree(&storage, &[&a, &b]);
        let replaced = a.ds.clone();
        a.edit(&mut storage, T0 + 20, |ds| {
            *ds = replace(&replaced, before.clone(), Timestamp(T0 + 20))
        });
        settle(&mut storage, &mut [&mut a, &mut b]);
        assert_eq!(titles(&b.ds), titles(&before));
        assert_eq!(
            b.ds.deal(&file.deals[0].id).unwrap().title,
            before.deals[0].title
        );
        all_agree(&storage, &[&a, &b]);
    }

    #[test]
    fn loading_the_sample_wins_in_every_tab_even_after_clearing_it() {
        let (mut storage, mut a, mut b) = sample_in_two_tabs();
        // The sample's ids are fixed, so clearing leaves tombstones for the very deals a second
        // "load sample" brings: they must still arrive everywhere.
        a.edit(&mut storage, T0 + 10, |ds| {
            ds.clear_records(Timestamp(T0 + 10))
        });
        settle(&mut storage, &mut [&mut a, &mut b]);
        b.edit(&mut storage, T0 + 20, |ds| {
            *ds = replace(ds, base(), Timestamp(T0 + 20))
        });
        settle(&mut storage, &mut [&mut a, &mut b]);
        assert_eq!(a.ds.deals.len(), base().deals.len());
        all_agree(&storage, &[&a, &b]);
        // Sample over other data: the other data goes in every tab, not only in this one.
        a.edit(&mut storage, T0 + 30, |ds| {
            ds.clear_records(Timestamp(T0 + 30));
            ds.add_stage("Demo", StageKind::Open, 30).unwrap();
        });
        settle(&mut storage, &mut [&mut a, &mut b]);
        let mut mine = base();
        mine.deals.truncate(3);
        for d in &mut mine.deals {
            d.id = DealId(format!("mine-{}", d.id.0));
        }
        a.edit(&mut storage, T0 + 40, |ds| {
            *ds = replace(ds, mine.clone(), Timestamp(T0 + 40))
        });
        settle(&mut storage, &mut [&mut a, &mut b]);
        b.edit(&mut storage, T0 + 50, |ds| {
            *ds = replace(ds, base(), Timestamp(T0 + 50))
        });
        settle(&mut storage, &mut [&mut a, &mut b]);
        assert_eq!(titles(&a.ds), titles(&base()));
        assert!(a.ds.stage(&"demo".into()).is_none());
        all_agree(&storage, &[&a, &b]);
    }

    #[test]
    fn settings_merge_per_field_and_a_lost_one_is_reported() {
        let (mut storage, mut a, mut b) = sample_in_two_tabs();
        // A changes the calendar while its saves fail; B changes the currency and the reminder.
        a.blocked = true;
        a.edit(&mut storage, T0 + 10, |ds| {
            ds.settings.calendar = Calendar::Jalali;
            ds.settings.backup_reminder_days = 3;
        });
        b.edit(&mut storage, T0 + 20, |ds| {
            ds.settings.display_currency = crate::Currency::EUR;
            ds.settings.backup_reminder_days = 14;
        });
        a.hear(&mut storage);
        assert_eq!(
            a.ds.settings.calendar,
            Calendar::Jalali,
            "the unsaved change stays"
        );
        assert_eq!(a.ds.settings.display_currency, crate::Currency::EUR);
        assert_eq!(
            a.ds.settings.backup_reminder_days, 14,
            "the newer change wins"
        );
        assert_eq!(a.told, (0, 1), "and the tab whose change lost is told");
        a.blocked = false;
        a.save(&mut storage);
        settle(&mut storage, &mut [&mut a, &mut b]);
        assert_eq!(b.ds.settings.calendar, Calendar::Jalali);
        assert_eq!(b.told, (0, 0));
        all_agree(&storage, &[&a, &b]);
    }

    #[test]
    fn a_stage_removed_in_one_tab_stays_removed_and_edits_elsewhere_survive() {
        let (mut storage, mut a, mut b) = sample_in_two_tabs();
        a.edit(&mut storage, T0 + 5, |ds| {
            ds.add_stage("Proposal", StageKind::Open, 60).unwrap();
            ds.add_to_roster(crate::setup::Roster::Sources, "Radio")
                .unwrap();
        });
        settle(&mut storage, &mut [&mut a, &mut b]);
        assert!(b.ds.stage(&"proposal".into()).is_some());
        // B renames MQL and removes the unused source without saving; A removes the stage.
        b.blocked = true;
        b.edit(&mut storage, T0 + 10, |ds| {
            ds.rename_stage(&"mql".into(), "Marketing qualified")
                .unwrap();
            ds.remove_from_roster(crate::setup::Roster::Sources, "radio")
                .unwrap();
        });
        a.edit(&mut storage, T0 + 20, |ds| {
            ds.remove_stage(&"proposal".into()).unwrap()
        });
        b.hear(&mut storage);
        assert!(
            b.ds.stage(&"proposal".into()).is_none(),
            "gone in B at once"
        );
        b.blocked = false;
        b.save(&mut storage);
        settle(&mut storage, &mut [&mut a, &mut b]);
        for tab in [&a, &b] {
            assert!(
                tab.ds.stage(&"proposal".into()).is_none(),
                "and it stays gone"
            );
            assert_eq!(
                tab.ds.stage(&"mql".into()).unwrap().name,
                "Marketing qualified"
            );
            assert!(!tab.ds.sources.iter().any(|s| s.id.0 == "radio"));
        }
        assert_eq!((a.told, b.told), ((0, 0), (0, 0)));
        all_agree(&storage, &[&a, &b]);
        // Reordering in one tab while the other adds a stage: both land.
        b.blocked = true;
        b.edit(&mut storage, T0 + 30, |ds| {
            ds.add_stage("Demo", StageKind::Open, 50).unwrap();
        });
        a.edit(&mut storage, T0 + 40, |ds| {
            ds.move_stage(&"sql".into(), -1).unwrap()
        });
        b.hear(&mut storage);
        b.blocked = false;
        b.save(&mut storage);
        settle(&mut storage, &mut [&mut a, &mut b]);
        let order: Vec<&str> = b.ds.stages.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(order, ["lead", "sql", "mql", "demo", "won", "lost"]);
        all_agree(&storage, &[&a, &b]);
    }

    #[test]
    fn outcome_edits_merge_per_outcome_between_tabs() {
        use crate::outcomes::OutcomeChange;
        let (mut storage, mut a, mut b) = sample_in_two_tabs();
        let id = |s: &str| OutcomeId::from(s);
        a.edit(&mut storage, T0 + 5, |ds| {
            ds.change_outcomes(
                OutcomeChange::Add {
                    name: "Call back".into(),
                    connected: true,
                },
                Timestamp(T0 + 5),
            )
            .unwrap();
        });
        settle(&mut storage, &mut [&mut a, &mut b]);
        assert!(b.ds.call_outcomes.iter().any(|o| o.id == id("call-back")));
        // B marks voicemail connected and removes the new outcome without saving; A renames
        // busy. Both land, and the removed outcome stays removed.
        b.blocked = true;
        b.edit(&mut storage, T0 + 10, |ds| {
            for change in [
                OutcomeChange::Connected {
                    id: id("voicemail"),
                    connected: true,
                },
                OutcomeChange::Remove {
                    id: id("call-back"),
                },
            ] {
                ds.change_outcomes(change, Timestamp(T0 + 10)).unwrap();
            }
        });
        a.edit(&mut storage, T0 + 20, |ds| {
            ds.change_outcomes(
                OutcomeChange::Rename {
                    id: id("busy"),
                    name: "Line busy".into(),
                },
                Timestamp(T0 + 20),
            )
            .unwrap();
        });
        b.hear(&mut storage);
        b.blocked = false;
        b.save(&mut storage);
        settle(&mut storage, &mut [&mut a, &mut b]);
        for tab in [&a, &b] {
            let o = |s: &str| tab.ds.call_outcomes.iter().find(|o| o.id == id(s)).cloned();
            assert_eq!(o("busy").unwrap().name, "Line busy");
            assert!(o("voicemail").unwrap().connected);
            assert!(o("call-back").is_none(), "removed stays removed");
        }
        assert_eq!((a.told, b.told), ((0, 0), (0, 0)));
        all_agree(&storage, &[&a, &b]);
    }

    #[test]
    fn kind_edits_merge_per_kind_between_tabs() {
        use crate::kinds::KindChange;
        let (mut storage, mut a, mut b) = sample_in_two_tabs();
        let id = |s: &str| KindId::from(s);
        a.edit(&mut storage, T0 + 5, |ds| {
            for (name, base) in [
                ("WhatsApp", ActivityKind::Message),
                ("Fax", ActivityKind::Email),
            ] {
                ds.change_kinds(
                    KindChange::Add {
                        name: name.into(),
                        base,
                    },
                    Timestamp(T0 + 5),
                )
                .unwrap();
            }
        });
        settle(&mut storage, &mut [&mut a, &mut b]);
        assert!(b.ds.kind_def("whatsapp").is_some());
        // B hides Note, moves WhatsApp up twice and removes Fax without saving; A renames Call
        // and adds "Site visit". Everything lands, in B's order, and Fax stays removed.
        b.blocked = true;
        b.edit(&mut storage, T0 + 10, |ds| {
            let mut changes = vec![
                KindChange::Hidden {
                    id: id("note"),
                    hidden: true,
                },
                KindChange::Remove { id: id("fax") },
            ];
            changes.extend((0..2).map(|_| KindChange::Move {
                id: id("whatsapp"),
                up: true,
            }));
            for change in changes {
                ds.change_kinds(change, Timestamp(T0 + 10)).unwrap();
            }
        });
        a.edit(&mut storage, T0 + 20, |ds| {
            for change in [
                KindChange::Rename {
                    id: id("call"),
                    name: "Phone".into(),
                },
                KindChange::Add {
                    name: "Site visit".into(),
                    base: ActivityKind::Meeting,
                },
            ] {
                ds.change_kinds(change, Timestamp(T0 + 20)).unwrap();
            }
        });
        b.hear(&mut storage);
        b.blocked = false;
        b.save(&mut storage);
        settle(&mut storage, &mut [&mut a, &mut b]);
        for tab in [&a, &b] {
            let order: Vec<&str> = tab
                .ds
                .kinds_in_order()
                .iter()
                .map(|k| k.id.as_str())
                .collect();
            assert_eq!(
                order,
                [
                    "call",
                    "email",
                    "meeting",
                    "whatsapp",
                    "message",
                    "note",
                    "site-visit"
                ]
            );
            assert_eq!(tab.ds.kind_def("call").unwrap().name, "Phone");
            assert!(tab.ds.kind_def("note").unwrap().hidden);
            assert!(tab.ds.kind_def("fax").is_none(), "removed stays removed");
        }
        all_agree(&storage, &[&a, &b]);
    }

    #[test]
    fn a_stage_removed_while_the_other_tab_moves_a_deal_into_it_stays() {
        let (mut storage, mut a, mut b) = sample_in_two_tabs();
        a.edit(&mut storage, T0 + 5, |ds| {
            ds.add_stage("Proposal", StageKind::Open, 60).unwrap();
        });
        settle(&mut storage, &mut [&mut a, &mut b]);
        let open =
            b.ds.deals
                .iter()
                .find(|d| b.ds.deal_kind(d) == Some(StageKind::Open))
                .map(|d| d.id.clone())
                .unwrap();
        let today = Date::parse("2025-06-30").unwrap();
        b.blocked = true;
        b.edit(&mut storage, T0 + 10, |ds| {
            ds.move_deal(
                &open,
                crate::ops::Move::To("proposal".into()),
                today,
                today,
                Timestamp(T0 + 10),
            )
            .unwrap();
        });
        a.edit(&mut storage, T0 + 20, |ds| {
            ds.remove_stage(&"proposal".into()).unwrap()
        });
        b.hear(&mut storage);
        b.blocked = false;
        b.save(&mut storage);
        settle(&mut storage, &mut [&mut a, &mut b]);
        assert!(a.ds.stage(&"proposal".into()).is_some(), "a deal is in it");
        all_agree(&storage, &[&a, &b]);
    }

    #[test]
    fn other_tabs_changes_arrive_and_only_unsaved_losers_are_reported() {
        let stored = base();
        let (x, y) = (stored.deals[0].id.clone(), stored.deals[1].id.clone());
        let t0 = stored.deals.iter().map(|d| d.updated_at.0).max().unwrap();
        let mut tab = TabBase::new(&stored);
        // This tab: an unsaved edit to x and one to y.
        let mut ours = stored.clone();
        ours.deals[0].title = "ours x".into();
        ours.deals[0].updated_at = Timestamp(t0 + 10);
        ours.deals[1].title = "ours y".into();
        ours.deals[1].updated_at = Timestamp(t0 + 30);
        // The other tab: a newer edit to x, an older one to y, a new deal, a new setting.
        let mut theirs = stored.clone();
        theirs.deals[0].title = "theirs x".into();
        theirs.deals[0].updated_at = Timestamp(t0 + 20);
        theirs.deals[1].title = "theirs y".into();
        theirs.deals[1].updated_at = Timestamp(t0 + 15);
        let mut extra = stored.deals[2].clone();
        extra.id = DealId::from("from-the-other-tab");
        theirs.deals.push(extra);
        let before = Setup::of(&theirs);
        theirs.settings.backup_reminder_days = 3;
        stamp_setup(&before, &mut theirs, Timestamp(t0 + 15));
        let synced = tab.sync(&theirs, &ours);
        let merged = &synced.dataset;
        assert_eq!(merged.deal(&x).unwrap().title, "theirs x", "newer wins");
        assert_eq!(
            merged.deal(&y).unwrap().title,
            "ours y",
            "newer wins, either way"
        );
        assert!(merged.deal(&DealId::from("from-the-other-tab")).is_some());
        assert_eq!(merged.settings.backup_reminder_days, 3, "their settings");
        assert_eq!(
            synced.lost_deals,
            [x],
            "only the unsaved edit that lost is reported"
        );
        assert_eq!(synced.lost_setup, 0);
        // A tab with no local changes just takes theirs, and nothing is reported.
        let mut fresh = TabBase::new(&stored);
        let same = fresh.sync(&theirs, &stored);
        assert!(same.lost_deals.is_empty());
        assert_eq!(same.dataset.deal(&y).unwrap().title, "theirs y");
    }
}

#[test]
fn older_stored_data_without_stamps_merges_as_before() {
    // Neither side has set-up times (data stored before they existed): ours is kept, theirs'
    // new parts come along — and a stamped change beats an unstamped one.
    let ours = base();
    let mut theirs = base();
    theirs.stages[1].name = "Renamed, not stamped".into();
    theirs.settings.backup_reminder_days = 2;
    theirs.add_stage("Extra", StageKind::Open, 20).unwrap();
    let (merged, _) = merge(&ours, &theirs);
    assert_eq!(merged.stages[1].name, ours.stages[1].name);
    assert!(merged.stage(&"extra".into()).is_some());
    assert_eq!(merged.settings, ours.settings);
    let before = Setup::of(&theirs);
    theirs.stages[1].name = "Renamed and stamped".into();
    stamp_setup(&before, &mut theirs, Timestamp(5));
    assert_eq!(
        merge(&ours, &theirs).0.stages[1].name,
        "Renamed and stamped"
    );
    // Tabs decide even unstamped differences by content, the same whichever tab merges.
    assert_eq!(
        merge_tabs(&ours, &theirs).settings,
        merge_tabs(&theirs, &ours).settings
    );
}

#[test]
fn reopening_keeps_the_lost_reason_and_it_merges_once() {
    use crate::ops::Move;
    let mut ds = base();
    let today = Date::parse("2025-06-30").unwrap();
    let id = ds
        .deals
        .iter()
        .find(|d| ds.deal_kind(d) == Some(StageKind::Lost) && d.lost_reason.is_some())
        .map(|d| d.id.clone())
        .unwrap();
    let deal = ds.deal(&id).unwrap().clone();
    ds.move_deal(&id, Move::Reopen, today, today, Timestamp(9))
        .unwrap();
    assert_eq!(ds.deal(&id).unwrap().lost_reason, None);
    let kept = ds.past_losses_of(&id);
    assert_eq!(kept.len(), 1);
    assert_eq!(Some(kept[0].reason.clone()), deal.lost_reason);
    assert_eq!(kept[0].note, deal.lost_note);
    assert_eq!(Some(kept[0].date), deal.current_since());
    let other = base();
    let (merged, _) = merge(&ds, &other);
    assert_eq!(merged.past_losses, ds.past_losses);
    let (twice, _) = merge(&merged, &ds);
    assert_eq!(twice.past_losses.len(), 1);
    // Stored and exported forms keep it; older data without it still loads.
    let text = crate::format::compact::encode(&ds);
    assert_eq!(crate::format::compact::decode(&text).unwrap(), ds);
    let json = crate::format::schema::to_json(&ds);
    assert_eq!(crate::format::schema::load_json(&json).unwrap(), ds);
    // Deleting the deal for good drops it on the next merge.
    let mut gone = ds.clone();
    gone.delete_deal(&id, Timestamp(i64::MAX / 2));
    assert!(merge(&gone, &other).0.past_losses.is_empty());
}

#[test]
fn stamps_survive_storage_and_export_and_old_forms_load_without_them() {
    let mut ds = base();
    let before = Setup::of(&ds);
    ds.rename_stage(&"sql".into(), "Sales qualified").unwrap();
    ds.remove_from_roster(crate::setup::Roster::Sources, "event")
        .ok();
    ds.settings.calendar = Calendar::Jalali;
    assert!(stamp_setup(&before, &mut ds, Timestamp(77)));
    assert_eq!(ds.setup_stamps.stages.get("sql"), Some(&Timestamp(77)));
    assert_eq!(
        ds.setup_stamps.settings.get("calendar"),
        Some(&Timestamp(77))
    );
    let text = crate::format::compact::encode(&ds);
    assert_eq!(crate::format::compact::decode(&text).unwrap(), ds);
    let json = crate::format::schema::to_json(&ds);
    assert_eq!(crate::format::schema::load_json(&json).unwrap(), ds);
    // Data without the new fields (what older Kariz stored) reads with none.
    let plain = crate::format::compact::encode(&base());
    assert!(!plain.contains("setup_stamps") && !plain.contains("past_losses"));
    assert!(crate::format::compact::decode(&plain)
        .unwrap()
        .setup_stamps
        .is_empty());
}

/// Activities and next steps merge like deals: by id, newer edit winning, tombstones sticking;
/// a merge with itself changes nothing, and the merged set does not depend on the order.
#[test]
fn activities_merge_by_id_idempotent_and_order_independent() {
    let mut a = base();
    a.activities.clear();
    crate::sample_calls::add_sample_calls(
        &mut a,
        1,
        Timestamp(100),
        crate::date::Date::from_days(40_000),
    );
    assert!(a.activities.len() > 100);
    let mut b = a.clone();
    // Each side logs calls of its own, edits one, and b deletes one.
    let mut rng = crate::rng::Rng::new(9);
    let mut mine = a.activities[0].clone();
    mine.id = crate::sample_calls::short_activity_id(&mut rng);
    a.activities.push(mine);
    let mut theirs = b.activities[1].clone();
    theirs.id = crate::sample_calls::short_activity_id(&mut rng);
    b.activities.push(theirs);
    b.activities[2].note = "newer note".into();
    b.activities[2].updated_at = Timestamp(200);
    let gone = b.activities.remove(3);
    b.tombstones.push(Tombstone {
        id: gone.id.0.clone(),
        deleted_at: Timestamp(300),
    });
    b.next_steps.push(NextStep {
        id: StepId::from("s1"),
        deal: b.deals[0].id.clone(),
        due: b.deals[0].first_contact,
        text: "send the offer".into(),
        done: false,
        updated_at: Timestamp(400),
    });
    let ab = merge_tabs(&a, &b);
    let ba = merge_tabs(&b, &a);
    let ids = |ds: &Dataset| {
        let mut v: Vec<String> = ds.activities.iter().map(|x| x.id.0.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&ab), ids(&ba));
    assert_eq!(ab.activities.len(), a.activities.len() + 1 - 1);
    assert!(!ids(&ab).contains(&gone.id.0), "the deletion sticks");
    let edited = ab
        .activities
        .iter()
        .find(|x| x.id == a.activities[2].id)
        .unwrap();
    assert_eq!(edited.note, "newer note");
    assert_eq!(ab.next_steps.len(), 1);
    assert_eq!(merge_tabs(&ab, &ab), ab);
    assert_eq!(merge(&ab, &ab).0, ab);
    assert_eq!(merge(&a, &b).1.activities.new, 1);
}

#[test]
fn deal_types_and_saved_views_merge_per_record() {
    use crate::setup::Roster;
    let view = |id: &str, query: &str, at: i64| SavedView {
        id: id.into(),
        name: format!("View {id}"),
        query: query.into(),
        updated_at: Timestamp(at),
    };
    let start = base();
    let mut a = start.clone();
    let before = Setup::of(&a);
    a.add_to_roster(Roster::Types, "Partner").unwrap();
    a.rename_in_roster(Roster::Types, "upsell", "Cross-sell")
        .unwrap();
    assert!(stamp_setup(&before, &mut a, Timestamp(10)));
    a.views.push(view("v-a", "type=partner", 10));
    let mut b = start.clone();
    let before = Setup::of(&b);
    b.rename_in_roster(Roster::Types, "renewal", "Renewal (annual)")
        .unwrap();
    assert!(stamp_setup(&before, &mut b, Timestamp(20)));
    b.views.push(view("v-b", "owner=rep-2", 20));
    let names = |ds: &Dataset| {
        let mut n: Vec<String> = ds.deal_types.iter().map(|t| t.name.clone()).collect();
        n.sort();
        n
    };
    let views = |ds: &Dataset| {
        let mut v: Vec<String> = ds.views.iter().map(|v| v.id.0.clone()).collect();
        v.sort();
        v
    };
    let (ab, ba) = (merge_tabs(&a, &b), merge_tabs(&b, &a));
    for merged in [&ab, &ba] {
        assert_eq!(
            names(merged),
            ["Cross-sell", "New business", "Partner", "Renewal (annual)"]
        );
        assert_eq!(views(merged), ["v-a", "v-b"]);
    }
    // Removing an unused type leaves a tombstone: the other side's copy does not bring it back.
    let before = Setup::of(&a);
    a.remove_from_roster(Roster::Types, "partner").unwrap();
    stamp_setup(&before, &mut a, Timestamp(30));
    assert!(a.tombstones.iter().any(|t| t.id == "type:partner"));
    assert!(!names(&merge_tabs(&ab, &a)).contains(&"Partner".to_string()));
    assert!(!names(&merge_tabs(&a, &ab)).contains(&"Partner".to_string()));
    // A newer edit of a view wins; a file's new view is counted.
    let mut edited = b.clone();
    edited.views[0].query = "owner=rep-3".into();
    edited.views[0].updated_at = Timestamp(40);
    let (merged, preview) = merge(&ab, &edited);
    assert_eq!(merged.view(&"v-b".into()).unwrap().query, "owner=rep-3");
    assert_eq!(preview.views.updated, 1);
    let (_, preview) = merge(&start, &b);
    assert_eq!(preview.views.new, 1);
}

/// A tombstone whose record is alive in the merged data (edited after the deletion, so the edit
/// won) is dropped; one whose record stays deleted is kept.
#[test]
fn tombstones_of_records_alive_after_the_merge_are_dropped() {
    let mut ours = base();
    let mut theirs = ours.clone();
    let restored = ours.deals[0].id.clone();
    let gone = ours.deals[1].id.clone();
    theirs.delete_deal(&restored, Timestamp(10)).unwrap();
    theirs.delete_deal(&gone, Timestamp(i64::MAX / 2)).unwrap();
    ours.deals[0].title = "Edited after the other side deleted it".into();
    ours.deals[0].updated_at = Timestamp(i64::MAX / 4);
    let (merged, _) = merge(&ours, &theirs);
    assert!(merged.deals.iter().any(|d| d.id == restored));
    assert!(!merged.deals.iter().any(|d| d.id == gone));
    let dead: Vec<&str> = merged.tombstones.iter().map(|t| t.id.as_str()).collect();
    assert!(!dead.contains(&restored.0.as_str()), "{dead:?}");
    assert!(dead.contains(&gone.0.as_str()), "{dead:?}");
}
