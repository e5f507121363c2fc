//! The comparison matrix on a hand-worked team, June 2025 (today 2025-07-10). Every deal's lead
//! day is in June's first ten days; MQL comes 3 days later, SQL 7 after that, the win 5 after.
//!
//! | row  | leads | MQL | SQL | won |
//! |------|-------|-----|-----|-----|
//! | sara | 20    | 12  | 8   | 4   |
//! | reza | 20    | 12  | 2   | 1   |
//! | ali  | 3     | 0   | 0   | 0   |
//! | none | 1     | 0   | 0   | 0   |
//! | team | 44    | 24  | 10  | 5   |
//!
//! Reza's MQL → SQL is 2/12 against the rest's 8/12: pooled 10/24, standard error
//! √(10/24 · 14/24 · (1/12 + 1/12)) = 0.20127, z = 0.5 / 0.20127 = 2.484. Four cells have 5 deals
//! a side (lead → MQL and MQL → SQL of Sara and Reza), so the 5% is split four ways:
//! Φ⁻¹(1 − 0.0125) = 2.241 ≤ 2.484: below, and his block. Sara's is the mirror image: above. Lead → MQL is
//! 12/20 against 12/24 for both (z = −0.663): level. SQL → won has 2 deals on one side: not
//! judged. Ali's three leads are never judged.

use super::*;
use crate::date::Date;
use crate::kpi::{test_deal, Filter, Period};
use crate::model::{Language, OwnerId};

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn team() -> Dataset {
    let mut ds = Dataset::new(Language::En);
    let mut n = 0;
    let mut add = |owner: Option<&str>, leads: usize, mql: usize, sql: usize, won: usize| {
        for i in 0..leads {
            let lead = day("2025-06-01").add_days((i % 10) as i32);
            let mut log = vec![("lead", lead)];
            if i < mql {
                log.push(("mql", lead.add_days(3)));
            }
            if i < sql {
                log.push(("sql", lead.add_days(10)));
            }
            if i < won {
                log.push(("won", lead.add_days(15)));
            }
            let mut d = test_deal(&format!("D{n}"), &log);
            n += 1;
            d.owner = owner.map(OwnerId::from);
            ds.deals.push(d);
        }
    };
    add(Some("sara"), 20, 12, 8, 4);
    add(Some("reza"), 20, 12, 2, 1);
    add(Some("ali"), 3, 0, 0, 0);
    add(None, 1, 0, 0, 0);
    ds
}

fn june() -> Query {
    Query {
        period: Period {
            start: day("2025-06-01"),
            end: day("2025-06-30"),
        },
        filter: Filter::default(),
        mode: FunnelMode::Period,
        today: day("2025-07-10"),
    }
}

fn verdicts(row: &MatrixRow) -> Vec<Verdict> {
    row.cells.iter().map(|c| c.verdict).collect()
}

#[test]
fn the_rep_whose_step_falls_significantly_below_the_rest_has_a_block_there() {
    let m = comparison_matrix(&team(), None, &june(), MatrixBy::Owner);
    assert_eq!(
        m.steps,
        [
            ("lead".into(), "mql".into()),
            ("mql".into(), "sql".into()),
            ("sql".into(), "won".into())
        ]
    );
    assert_eq!(
        m.team,
        [Ratio::new(24, 44), Ratio::new(10, 24), Ratio::new(5, 10)]
    );
    let keys: Vec<Option<&str>> = m.rows.iter().map(|r| r.key.as_deref()).collect();
    assert_eq!(keys, [Some("reza"), Some("sara"), Some("ali"), None]);

    let reza = &m.rows[0];
    assert_eq!(
        verdicts(reza),
        [Verdict::Level, Verdict::Below, Verdict::Few]
    );
    assert_eq!(reza.block, Some(1));
    assert_eq!(reza.cells[1].rate, Ratio::new(2, 12));
    assert_eq!(reza.cells[1].rest, Ratio::new(8, 12));
    assert!((reza.cells[1].z.unwrap() - 2.4842).abs() < 1e-3);
    assert!((reza.cells[0].z.unwrap() + 0.6633).abs() < 1e-3);
    let days: Vec<Option<f64>> = reza.cells.iter().map(|c| c.median_days).collect();
    assert_eq!(days, [Some(3.0), Some(7.0), Some(5.0)]);

    let sara = &m.rows[1];
    assert_eq!(
        verdicts(sara),
        [Verdict::Level, Verdict::Above, Verdict::Few]
    );
    assert_eq!(sara.block, None);
    assert_eq!(
        verdicts(&m.rows[2]),
        [Verdict::Few; 3],
        "three leads are never judged"
    );
    assert_eq!(m.rows[2].block, None);
}

#[test]
fn rows_add_up_to_the_team_at_every_step() {
    let m = comparison_matrix(&team(), None, &june(), MatrixBy::Owner);
    for (k, team) in m.team.iter().enumerate() {
        let num: u64 = m.rows.iter().map(|r| r.cells[k].rate.num).sum();
        let den: u64 = m.rows.iter().map(|r| r.cells[k].rate.den).sum();
        assert_eq!(Ratio::new(num, den), *team);
        for r in &m.rows {
            assert_eq!(r.cells[k].rest.den + r.cells[k].rate.den, team.den);
        }
    }
}

#[test]
fn a_small_gap_on_many_deals_is_not_a_block() {
    let mut ds = Dataset::new(Language::En);
    // 11/20 against 12/20 at MQL → SQL: far from significant.
    for (owner, mql) in [("a", 11), ("b", 12)] {
        for i in 0..20 {
            let lead = day("2025-06-02");
            let mut log = vec![("lead", lead), ("mql", lead.add_days(1))];
            if i < mql {
                log.push(("sql", lead.add_days(2)));
            }
            let mut d = test_deal(&format!("{owner}{i}"), &log);
            d.owner = Some(OwnerId::from(owner));
            ds.deals.push(d);
        }
    }
    let m = comparison_matrix(&ds, None, &june(), MatrixBy::Owner);
    assert!(m.rows.iter().all(|r| r.block.is_none()));
    assert_eq!(m.rows[0].cells[1].verdict, Verdict::Level);
}

#[test]
fn by_source_groups_by_the_deal_source() {
    let mut ds = team();
    for d in &mut ds.deals {
        d.source = d.owner.as_ref().map(|o| o.0.as_str().into());
    }
    let m = comparison_matrix(&ds, None, &june(), MatrixBy::Source);
    assert_eq!(m.rows[0].key.as_deref(), Some("reza"));
    assert_eq!(m.rows[0].block, Some(1));
}

#[test]
fn by_type_groups_by_the_deal_type() {
    // Each rep's deals as one type: the table is the same, its rows named by type.
    let mut ds = team();
    for d in &mut ds.deals {
        d.deal_type = d
            .owner
            .as_ref()
            .map(|o| format!("type-{}", o.0).as_str().into());
    }
    let by_owner = comparison_matrix(&ds, None, &june(), MatrixBy::Owner);
    let m = comparison_matrix(&ds, None, &june(), MatrixBy::Type);
    assert_eq!(m.rows[0].key.as_deref(), Some("type-reza"));
    assert_eq!(m.rows[0].block, Some(1));
    let keys = |m: &Matrix| -> Vec<Option<String>> {
        m.rows
            .iter()
            .map(|r| r.key.as_ref().map(|k| k.replace("type-", "")))
            .collect()
    };
    assert_eq!(keys(&m), keys(&by_owner));
    assert_eq!(m.team, by_owner.team);
}
