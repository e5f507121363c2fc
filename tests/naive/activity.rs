//! The activity KPIs the plain way, from the glossary's words: one loop per figure over every
//! activity or deal, no maps shared between figures, nothing from the engine but the data types.

use super::{stats, Stats};
use kariz::domain::date::Date;
use kariz::domain::kpi::Query;
use kariz::domain::model::{Activity, ActivityKind, Dataset, Deal, StageKind};

/// Every activity figure, in plain numbers.
#[derive(Debug, PartialEq, Default)]
pub struct ActivityFigures {
    pub activities: u64,
    pub calls: u64,
    pub connected: u64,
    pub talk: u64,
    pub calls_per_rep_day: Option<f64>,
    pub speed_leads: u64,
    pub speed_uncalled: u64,
    pub speed_untimed: u64,
    pub speed: Stats,
    pub within_five: u64,
    /// Leads within 5 minutes, 1 hour, 1 day, 1 week, later, never contacted.
    pub speed_bins: [u64; 6],
    pub calls_per_won: Stats,
    /// (won, leads) for 0, 1, 2, 3, 4–6, 7+ call attempts.
    pub buckets: Vec<(u64, u64)>,
    pub open: u64,
    pub with_step: u64,
    pub days_overdue: Stats,
    /// (owner, calls, connected, talk, won), by owner id.
    pub reps: Vec<(Option<String>, u64, u64, u64, u64)>,
}

/// The stage a deal is in on `day`: its last event (in log order) dated on or before it.
fn stage_on(deal: &Deal, day: Date) -> Option<String> {
    let mut stage = None;
    for e in &deal.events {
        if e.date > day {
            break;
        }
        stage = Some(e.stage.0.clone());
    }
    stage
}

fn kind_of(ds: &Dataset, stage: &str) -> Option<StageKind> {
    ds.stages.iter().find(|s| s.id.0 == stage).map(|s| s.kind)
}

fn find_deal<'a>(ds: &'a Dataset, id: &str) -> Option<&'a Deal> {
    ds.deals.iter().find(|d| d.id.0 == id)
}

fn is_connected(ds: &Dataset, a: &Activity) -> bool {
    match &a.outcome {
        Some(o) => ds.call_outcomes.iter().any(|x| x.id == *o && x.connected),
        None => false,
    }
}

/// The first day the deal entered a won stage, on or before `today`.
fn first_win(ds: &Dataset, deal: &Deal, today: Date) -> Option<Date> {
    let mut best: Option<Date> = None;
    for e in &deal.events {
        if e.date <= today && kind_of(ds, &e.stage.0) == Some(StageKind::Won) {
            best = Some(match best {
                Some(b) if b <= e.date => b,
                _ => e.date,
            });
        }
    }
    best
}

/// Computes the figures for a query.
pub fn activity(ds: &Dataset, q: &Query) -> ActivityFigures {
    let today = q.today;
    let last = if q.period.end < today {
        q.period.end
    } else {
        today
    };
    let in_period = |day: Date| q.period.start <= day && day <= last;
    let source_ok = |d: &Deal| {
        q.filter.sources.is_empty()
            || d.source
                .as_ref()
                .is_some_and(|s| q.filter.sources.contains(s))
    };
    let stage_ok = |d: &Deal| {
        q.filter.stages.is_empty()
            || stage_on(d, today).is_some_and(|s| q.filter.stages.iter().any(|x| x.0 == s))
    };
    let type_ok = |d: &Deal| {
        q.filter.types.is_empty()
            || d.deal_type
                .as_ref()
                .is_some_and(|t| q.filter.types.contains(t))
    };
    let owner_ok = |o: Option<&kariz::domain::model::OwnerId>| {
        q.filter.owners.is_empty() || o.is_some_and(|o| q.filter.owners.contains(o))
    };
    let activity_counts = |a: &Activity| {
        if !in_period(a.at.date) || !owner_ok(a.owner.as_ref()) {
            return false;
        }
        match &a.deal {
            Some(id) => {
                find_deal(ds, &id.0).is_some_and(|d| source_ok(d) && stage_ok(d) && type_ok(d))
            }
            None => {
                q.filter.sources.is_empty()
                    && q.filter.stages.is_empty()
                    && q.filter.types.is_empty()
            }
        }
    };
    let lead_counts =
        |d: &Deal| source_ok(d) && stage_ok(d) && type_ok(d) && owner_ok(d.owner.as_ref());
    let mut f = ActivityFigures::default();

    let mut rep_days: Vec<(Option<String>, Date)> = Vec::new();
    for a in &ds.activities {
        if !activity_counts(a) {
            continue;
        }
        f.activities += 1;
        if a.kind == ActivityKind::Call {
            f.calls += 1;
            if is_connected(ds, a) {
                f.connected += 1;
                f.talk += u64::from(a.seconds);
            }
            let key = (a.owner.as_ref().map(|o| o.0.clone()), a.at.date);
            if !rep_days.contains(&key) {
                rep_days.push(key);
            }
        }
    }
    f.calls_per_rep_day = if rep_days.is_empty() {
        None
    } else {
        Some(f.calls as f64 / rep_days.len() as f64)
    };

    // Contacts on a deal up to today: every activity but notes.
    let contacts = |d: &Deal| -> Vec<&Activity> {
        ds.activities
            .iter()
            .filter(|a| {
                a.deal.as_ref() == Some(&d.id) && a.kind != ActivityKind::Note && a.at.date <= today
            })
            .collect()
    };
    let calls_until = |d: &Deal, until: Date| -> u64 {
        contacts(d)
            .into_iter()
            .filter(|a| a.kind == ActivityKind::Call && a.at.date <= until)
            .count() as u64
    };

    let mut minutes = Vec::new();
    for d in ds
        .deals
        .iter()
        .filter(|d| lead_counts(d) && in_period(d.first_contact))
    {
        let Some(arrived) = d.arrived else {
            f.speed_untimed += 1;
            continue;
        };
        f.speed_leads += 1;
        let first = contacts(d).into_iter().map(|a| a.at).min();
        match first {
            Some(at) => {
                let m = (at.minutes() - arrived.minutes()).max(0);
                minutes.push(m);
                if m <= 5 {
                    f.within_five += 1;
                }
                let bin = if m <= 5 {
                    0
                } else if m <= 60 {
                    1
                } else if m <= 24 * 60 {
                    2
                } else if m <= 7 * 24 * 60 {
                    3
                } else {
                    4
                };
                f.speed_bins[bin] += 1;
            }
            None => {
                f.speed_uncalled += 1;
                f.speed_bins[5] += 1;
            }
        }
    }
    f.speed = stats(&minutes);

    let mut per_won = Vec::new();
    f.buckets = vec![(0, 0); 6];
    for d in ds.deals.iter().filter(|d| lead_counts(d)) {
        let win = first_win(ds, d, today);
        if let Some(w) = win {
            if in_period(w) {
                per_won.push(calls_until(d, w) as i64);
            }
        }
        if in_period(d.first_contact) {
            let attempts = calls_until(d, win.unwrap_or(today));
            let bucket = match attempts {
                0..=3 => attempts as usize,
                4..=6 => 4,
                _ => 5,
            };
            f.buckets[bucket].1 += 1;
            if win.is_some() {
                f.buckets[bucket].0 += 1;
            }
        }
    }
    f.calls_per_won = stats(&per_won);

    let mut late = Vec::new();
    for d in ds.deals.iter().filter(|d| lead_counts(d)) {
        let open = stage_on(d, last).is_some_and(|s| kind_of(ds, &s) == Some(StageKind::Open));
        if !open || d.first_contact > last {
            continue;
        }
        f.open += 1;
        let steps: Vec<Date> = ds
            .next_steps
            .iter()
            .filter(|s| s.deal == d.id && !s.done)
            .map(|s| s.due)
            .collect();
        if let Some(earliest) = steps.iter().min() {
            f.with_step += 1;
            if *earliest < last {
                late.push(i64::from(earliest.days_until(last)));
            }
        }
    }
    f.days_overdue = stats(&late);

    // Per rep: every owner that made a counted call or won a counted deal in the period.
    let mut owners: Vec<Option<String>> = Vec::new();
    for a in ds
        .activities
        .iter()
        .filter(|a| activity_counts(a) && a.kind == ActivityKind::Call)
    {
        let o = a.owner.as_ref().map(|o| o.0.clone());
        if !owners.contains(&o) {
            owners.push(o);
        }
    }
    for d in ds.deals.iter().filter(|d| lead_counts(d)) {
        if first_win(ds, d, today).is_some_and(in_period) {
            let o = d.owner.as_ref().map(|o| o.0.clone());
            if !owners.contains(&o) {
                owners.push(o);
            }
        }
    }
    owners.sort();
    for o in owners {
        let mine = |owner: Option<&kariz::domain::model::OwnerId>| owner.map(|x| x.0.clone()) == o;
        let (mut calls, mut connected, mut talk, mut won) = (0, 0, 0, 0);
        for a in &ds.activities {
            if activity_counts(a) && a.kind == ActivityKind::Call && mine(a.owner.as_ref()) {
                calls += 1;
                if is_connected(ds, a) {
                    connected += 1;
                    talk += u64::from(a.seconds);
                }
            }
        }
        for d in ds
            .deals
            .iter()
            .filter(|d| lead_counts(d) && mine(d.owner.as_ref()))
        {
            if first_win(ds, d, today).is_some_and(in_period) {
                won += 1;
            }
        }
        f.reps.push((o, calls, connected, talk, won));
    }
    f
}
