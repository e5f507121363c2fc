//! The activity KPIs on a hand-worked case. The fixture (June 2025, today 2025-06-30):
//!
//! | deal | rep  | source  | first contact / arrived | stages                 | next step     |
//! |------|------|---------|-------------------------|------------------------|---------------|
//! | D1   | Sara | website | 06-02 09:00             | lead 06-02, won 06-20  |               |
//! | D2   | Sara | phone   | 06-03 10:00             | lead 06-03             | due 06-25     |
//! | D3   | Reza | website | 06-05 (no time)         | lead 06-05             |               |
//! | D4   | Reza | phone   | 06-10 14:00             | lead 06-10             | due 07-02     |
//! | D5   | Reza | phone   | 05-20 09:00             | lead 05-20, lost 06-15 |               |
//!
//! | act | deal | rep  | when        | kind  | outcome      | s   |
//! |-----|------|------|-------------|-------|--------------|-----|
//! | A1  | D1   | Sara | 06-02 09:03 | call  | connected    | 300 |
//! | A2  | D1   | Sara | 06-10 11:00 | call  | no answer    | 20  |
//! | A3  | D1   | Sara | 06-12 11:00 | call  | connected    | 600 |
//! | A4  | D1   | Sara | 06-15 10:00 | email |              |     |
//! | A5  | D1   | Sara | 06-25 10:00 | call  | connected    | 100 |
//! | A6  | D2   | Sara | 06-03 10:30 | call  | busy         | 0   |
//! | A7  | D2   | Sara | 06-03 15:00 | call  | connected    | 200 |
//! | A8  | D3   | Reza | 06-05 12:00 | call  | voicemail    | 15  |
//! | A9  | D5   | Reza | 06-01 09:00 | call  | connected    | 120 |
//! | A10 | —    | Reza | 06-01 16:00 | call  | wrong number | 5   |
//! | A11 | D1   | Sara | 06-02 08:00 | note  |              |     |
//! | A12 | D2   | Sara | 07-01 10:00 | call  | connected    | 60  |  (after today: ignored)

use super::*;
use crate::date::Timestamp;
use crate::kpi::{test_deal, Filter, FunnelMode};

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn at(d: &str, hh: u16, mm: u16) -> DateTime {
    DateTime::new(day(d), hh * 60 + mm)
}

fn fixture() -> Dataset {
    let mut ds = Dataset::new(Language::En);
    let deal =
        |id: &str, rep: &str, source: &str, arrived: Option<DateTime>, log: &[(&str, &str)]| {
            let log: Vec<(&str, Date)> = log.iter().map(|(s, d)| (*s, day(d))).collect();
            let mut d = test_deal(id, &log);
            d.owner = Some(OwnerId::from(rep));
            d.source = Some(SourceId::from(source));
            d.arrived = arrived;
            d
        };
    ds.deals = vec![
        deal(
            "D1",
            "sara",
            "website",
            Some(at("2025-06-02", 9, 0)),
            &[("lead", "2025-06-02"), ("won", "2025-06-20")],
        ),
        deal(
            "D2",
            "sara",
            "phone",
            Some(at("2025-06-03", 10, 0)),
            &[("lead", "2025-06-03")],
        ),
        deal("D3", "reza", "website", None, &[("lead", "2025-06-05")]),
        deal(
            "D4",
            "reza",
            "phone",
            Some(at("2025-06-10", 14, 0)),
            &[("lead", "2025-06-10")],
        ),
        deal(
            "D5",
            "reza",
            "phone",
            Some(at("2025-05-20", 9, 0)),
            &[("lead", "2025-05-20"), ("lost", "2025-06-15")],
        ),
    ];
    let act = |id: &str,
               deal: Option<&str>,
               rep: &str,
               when: DateTime,
               kind,
               outcome: Option<&str>,
               seconds| Activity {
        id: ActivityId::from(id),
        kind,
        kind_id: None,
        at: when,
        owner: Some(OwnerId::from(rep)),
        deal: deal.map(DealId::from),
        seconds,
        outcome: outcome.map(OutcomeId::from),
        direction: Direction::Outbound,
        phone: String::new(),
        note: String::new(),
        updated_at: Timestamp(1),
    };
    use ActivityKind::{Call, Email, Note};
    ds.activities = vec![
        act(
            "A1",
            Some("D1"),
            "sara",
            at("2025-06-02", 9, 3),
            Call,
            Some("connected"),
            300,
        ),
        act(
            "A2",
            Some("D1"),
            "sara",
            at("2025-06-10", 11, 0),
            Call,
            Some("no-answer"),
            20,
        ),
        act(
            "A3",
            Some("D1"),
            "sara",
            at("2025-06-12", 11, 0),
            Call,
            Some("connected"),
            600,
        ),
        act(
            "A4",
            Some("D1"),
            "sara",
            at("2025-06-15", 10, 0),
            Email,
            None,
            0,
        ),
        act(
            "A5",
            Some("D1"),
            "sara",
            at("2025-06-25", 10, 0),
            Call,
            Some("connected"),
            100,
        ),
        act(
            "A6",
            Some("D2"),
            "sara",
            at("2025-06-03", 10, 30),
            Call,
            Some("busy"),
            0,
        ),
        act(
            "A7",
            Some("D2"),
            "sara",
            at("2025-06-03", 15, 0),
            Call,
            Some("connected"),
            200,
        ),
        act(
            "A8",
            Some("D3"),
            "reza",
            at("2025-06-05", 12, 0),
            Call,
            Some("voicemail"),
            15,
        ),
        act(
            "A9",
            Some("D5"),
            "reza",
            at("2025-06-01", 9, 0),
            Call,
            Some("connected"),
            120,
        ),
        act(
            "A10",
            None,
            "reza",
            at("2025-06-01", 16, 0),
            Call,
            Some("wrong-number"),
            5,
        ),
        act(
            "A11",
            Some("D1"),
            "sara",
            at("2025-06-02", 8, 0),
            Note,
            None,
            0,
        ),
        act(
            "A12",
            Some("D2"),
            "sara",
            at("2025-07-01", 10, 0),
            Call,
            Some("connected"),
            60,
        ),
    ];
    let step = |id: &str, deal: &str, due: &str| NextStep {
        id: StepId::from(id),
        deal: DealId::from(deal),
        due: day(due),
        text: String::new(),
        done: false,
        updated_at: Timestamp(1),
    };
    ds.next_steps = vec![
        step("s2", "D2", "2025-06-25"),
        step("s4", "D4", "2025-07-02"),
    ];
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
        today: day("2025-06-30"),
    }
}

#[test]
fn hand_worked_june() {
    let k = activity_kpis(&fixture(), &june(Filter::default()));
    // A1–A11 (A12 is after today); calls A1–A3, A5–A10; connected A1, A3, A5, A7, A9.
    assert_eq!(k.activities, 11);
    assert_eq!(k.calls, 9);
    assert_eq!(k.connect, Ratio::new(5, 9));
    assert_eq!(k.talk_seconds, 300 + 600 + 100 + 200 + 120);
    assert_eq!(k.talk_per_connected, Some(264.0));
    // Sara called on 5 days (06-02, 06-03, 06-10, 06-12, 06-25), Reza on 2 (06-01, 06-05).
    assert_eq!(k.calls_per_rep_day, Some(9.0 / 7.0));
    // June leads: D1 (3 min: the 08:00 note is no contact), D2 (30 min), D4 (not called),
    // D3 has no time.
    assert_eq!(k.speed.leads, 3);
    assert_eq!(k.speed.untimed, 1);
    assert_eq!(k.speed.uncalled, 1);
    assert_eq!(k.speed.minutes.median, Some(16.5));
    assert_eq!(k.speed.minutes.p90, Some(30.0));
    assert_eq!(k.speed.within_five, Ratio::new(1, 3));
    // D1 won on 06-20 after 3 calls (the email and the call after the win do not count).
    assert_eq!(k.calls_per_won.median, Some(3.0));
    let buckets: Vec<(u32, Ratio)> = k.by_attempts.iter().map(|b| (b.from, b.won)).collect();
    assert_eq!(
        buckets,
        [
            (0, Ratio::new(0, 1)),
            (1, Ratio::new(0, 1)),
            (2, Ratio::new(0, 1)),
            (3, Ratio::new(1, 1)),
            (4, Ratio::new(0, 0)),
            (7, Ratio::new(0, 0)),
        ]
    );
    // Open on 06-30: D2, D3, D4; D2 and D4 have a step, D2's is 5 days overdue.
    assert_eq!(k.follow_up.with_step, Ratio::new(2, 3));
    assert_eq!(k.follow_up.overdue, 1);
    assert_eq!(k.follow_up.days_overdue.median, Some(5.0));
    let sara = &k.reps[0];
    assert_eq!(sara.owner, Some(OwnerId::from("sara")));
    assert_eq!(
        (sara.calls, sara.connect, sara.talk_seconds),
        (6, Ratio::new(4, 6), 1200)
    );
    assert_eq!(sara.calls_per_day, Some(6.0 / 5.0));
    assert_eq!((sara.speed_median, sara.won), (Some(16.5), 1));
    let reza = &k.reps[1];
    assert_eq!(
        (reza.calls, reza.connect, reza.talk_seconds),
        (3, Ratio::new(1, 3), 120)
    );
    assert_eq!(
        (reza.calls_per_day, reza.speed_median, reza.won),
        (Some(1.5), None, 0)
    );
}

#[test]
fn filters_follow_the_dashboard() {
    let ds = fixture();
    let reza = activity_kpis(
        &ds,
        &june(Filter {
            owners: vec![OwnerId::from("reza")],
            ..Filter::default()
        }),
    );
    assert_eq!((reza.activities, reza.calls), (3, 3));
    assert_eq!(
        (reza.speed.leads, reza.speed.uncalled, reza.speed.untimed),
        (1, 1, 1)
    );
    let website = activity_kpis(
        &ds,
        &june(Filter {
            sources: vec![SourceId::from("website")],
            ..Filter::default()
        }),
    );
    // D1's six activities and D3's call; the call about no deal cannot be placed.
    assert_eq!(website.activities, 7);
    assert_eq!(website.calls, 5);
}

#[test]
fn rates_stay_in_range_and_order_does_not_matter() {
    let mut ds = crate::sample::scaled_dataset(day("2025-06-30"), Language::En, 400, 6);
    crate::sample_calls::add_sample_calls(&mut ds, 3, Timestamp(1), Date::from_days(40_000));
    let q = june(Filter::default());
    let k = activity_kpis(&ds, &q);
    assert!(k.calls > 100, "{} calls", k.calls);
    for r in [k.connect, k.speed.within_five, k.follow_up.with_step]
        .into_iter()
        .chain(k.by_attempts.iter().map(|b| b.won))
    {
        assert!(r.num <= r.den, "{r:?}");
    }
    ds.activities.reverse();
    ds.deals.reverse();
    assert_eq!(activity_kpis(&ds, &q), k);
}

#[test]
fn speed_bins_add_up_to_the_timed_leads() {
    let k = activity_kpis(&fixture(), &june(Filter::default()));
    // D1 at 3 minutes, D2 at 30 minutes, D4 not called (D3 has no time).
    assert_eq!(k.speed.bins, [1, 1, 0, 0, 0, 1]);
    assert_eq!(k.speed.bins.iter().sum::<u64>(), k.speed.leads);
    assert_eq!(k.speed.bins[0], k.speed.within_five.num);
    assert_eq!(k.speed.bins[5], k.speed.uncalled);
}

#[test]
fn call_trend_by_day_in_june() {
    let tr = call_trend(&fixture(), &june(Filter::default()));
    assert_eq!(tr.bucket, Bucket::Day);
    assert_eq!(tr.buckets.len(), 30);
    assert_eq!(tr.buckets[24].start, day("2025-06-25"));
    assert_eq!(
        tr.owners,
        [Some(OwnerId::from("sara")), Some(OwnerId::from("reza"))]
    );
    let mut sara = vec![0u64; 30];
    // 06-02 A1, 06-03 A6 A7, 06-10 A2, 06-12 A3, 06-25 A5.
    for (i, n) in [(1, 1), (2, 2), (9, 1), (11, 1), (24, 1)] {
        sara[i] = n;
    }
    let mut reza = vec![0u64; 30];
    // 06-01 A9 A10, 06-05 A8.
    reza[0] = 2;
    reza[4] = 1;
    assert_eq!(tr.calls, [sara, reza]);
    let mut connected = vec![0u64; 30];
    // A9 06-01, A1 06-02, A7 06-03, A3 06-12, A5 06-25.
    for i in [0, 1, 2, 11, 24] {
        connected[i] = 1;
    }
    assert_eq!(tr.connected, connected);
}

#[test]
fn call_trend_by_week_adds_up_to_the_kpis() {
    let q = Query {
        period: Period {
            start: day("2025-05-01"),
            end: day("2025-06-30"),
        },
        ..june(Filter::default())
    };
    let tr = call_trend(&fixture(), &q);
    // Weeks from Monday: 05-01–05-04, then 05-05 … 06-23, and 06-30 alone.
    assert_eq!(tr.bucket, Bucket::Week);
    assert_eq!(tr.buckets.len(), 10);
    assert_eq!(tr.buckets[5].start, day("2025-06-02"));
    assert_eq!(
        tr.calls,
        [
            vec![0, 0, 0, 0, 0, 3, 2, 0, 1, 0],
            vec![0, 0, 0, 0, 2, 1, 0, 0, 0, 0]
        ]
    );
    assert_eq!(tr.connected, [0, 0, 0, 0, 1, 2, 1, 0, 1, 0]);
    let k = activity_kpis(&fixture(), &q);
    assert_eq!(tr.calls.iter().flatten().sum::<u64>(), k.calls);
    assert_eq!(tr.connected.iter().sum::<u64>(), k.connect.num);
    // The owner filter keeps Reza's calls only; all time runs from the first call to today.
    let reza = call_trend(
        &fixture(),
        &Query {
            period: Period::all(),
            ..june(Filter {
                owners: vec![OwnerId::from("reza")],
                ..Filter::default()
            })
        },
    );
    assert_eq!(reza.owners, [Some(OwnerId::from("reza"))]);
    assert_eq!(reza.bucket, Bucket::Day);
    assert_eq!(reza.buckets[0].start, day("2025-06-01"));
    assert_eq!(reza.calls[0].iter().sum::<u64>(), 3);
}
