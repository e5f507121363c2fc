//! Telesales KPIs: the calls, emails and meetings behind conversion (issue #17).
//!
//! Every figure follows the dashboard's query: activities dated in the period (never after
//! today), the owner filter judging the activity's owner, the source and stage filters the deal
//! it was about. The rules are stated in the glossary (`glossary.rs`, "activity" entries).

use super::stats::{DayStats, Ratio};
use super::{Period, Query};
use crate::domain::date::Date;
use crate::domain::model::*;
use std::collections::{HashMap, HashSet};

/// Call attempts buckets of "conversion by attempts": 0, 1, 2, 3, 4–6, 7 or more.
pub const ATTEMPT_BUCKETS: [(u32, u32); 6] =
    [(0, 0), (1, 1), (2, 2), (3, 3), (4, 6), (7, u32::MAX)];

/// Minutes within which a lead counts as called "at once".
pub const FAST_MINUTES: i64 = 5;

/// How fast new leads got their first contact.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SpeedToLead {
    /// Leads that arrived in the period with a known time.
    pub leads: u64,
    /// Minutes from arrival to the first call, email, meeting or message (called leads only).
    pub minutes: DayStats,
    /// Leads reached within [`FAST_MINUTES`] ÷ all leads (the not-yet-called count as not).
    pub within_five: Ratio,
    /// Leads with no contact yet.
    pub uncalled: u64,
    /// Leads that arrived in the period without a time (left out of the figures above).
    pub untimed: u64,
}

/// Lead→customer conversion for one bucket of call attempts.
#[derive(Clone, Debug, PartialEq)]
pub struct AttemptBucket {
    /// Fewest attempts in the bucket.
    pub from: u32,
    /// Most attempts in the bucket (`u32::MAX` for "or more").
    pub to: u32,
    /// Won leads ÷ leads with that many call attempts.
    pub won: Ratio,
}

/// Next-step discipline on the open pipeline, as of the period's end (or today).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct FollowUp {
    /// Open deals that have an open next step ÷ open deals.
    pub with_step: Ratio,
    /// Open next steps due before the day.
    pub overdue: u64,
    /// Days overdue of those.
    pub days_overdue: DayStats,
}

/// One rep's activity figures.
#[derive(Clone, Debug, PartialEq)]
pub struct RepActivity {
    /// The rep (`None`: activities with no owner).
    pub owner: Option<OwnerId>,
    /// Calls made.
    pub calls: u64,
    /// Connected calls ÷ calls.
    pub connect: Ratio,
    /// Seconds on connected calls.
    pub talk_seconds: u64,
    /// Calls per day on which the rep made at least one call.
    pub calls_per_day: Option<f64>,
    /// Median minutes to the first contact of the rep's new leads.
    pub speed_median: Option<f64>,
    /// Deals of the rep won in the period.
    pub won: u64,
}

/// Every activity KPI of a query.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ActivityKpis {
    /// Calls in the period.
    pub calls: u64,
    /// Connected calls ÷ calls.
    pub connect: Ratio,
    /// Seconds on connected calls.
    pub talk_seconds: u64,
    /// Seconds per connected call.
    pub talk_per_connected: Option<f64>,
    /// Calls per rep per working day (a day on which that rep made at least one call).
    pub calls_per_rep_day: Option<f64>,
    /// All activities (calls, emails, meetings, messages, notes) in the period.
    pub activities: u64,
    /// Speed to lead.
    pub speed: SpeedToLead,
    /// Median calls on a deal up to its win, for deals won in the period.
    pub calls_per_won: DayStats,
    /// Conversion of the period's leads by number of call attempts.
    pub by_attempts: Vec<AttemptBucket>,
    /// Next steps on the open pipeline.
    pub follow_up: FollowUp,
    /// Per rep, busiest first.
    pub reps: Vec<RepActivity>,
}

/// The first day a deal entered a won stage, if it has by `today`.
fn won_on(won_stages: &HashSet<&str>, deal: &Deal, today: Date) -> Option<Date> {
    deal.events
        .iter()
        .filter(|e| e.date <= today && won_stages.contains(e.stage.as_str()))
        .map(|e| e.date)
        .min()
}

fn in_period(p: Period, day: Date) -> bool {
    p.start <= day && day <= p.end
}

/// Computes the activity KPIs for the query's period and filters.
pub fn activity_kpis(ds: &Dataset, q: &Query) -> ActivityKpis {
    let today = q.today;
    let last = q.period.end.min(today);
    let period = Period {
        start: q.period.start,
        end: last,
    };
    let deals: HashMap<&str, &Deal> = ds.deals.iter().map(|d| (d.id.as_str(), d)).collect();
    let deal_passes = |d: &Deal| {
        let source_ok = q.filter.sources.is_empty()
            || d.source
                .as_ref()
                .is_some_and(|s| q.filter.sources.contains(s));
        // The stage the deal is in today, as the dashboard's stage filter judges it (not
        // `Filter::admits`: its owner test is the deal's owner, here the activity's).
        let stage_ok = q.filter.stages.is_empty()
            || super::stage_on(d, today).is_some_and(|s| q.filter.stages.contains(s));
        let type_ok = q.filter.types.is_empty()
            || d.deal_type
                .as_ref()
                .is_some_and(|t| q.filter.types.contains(t));
        source_ok && stage_ok && type_ok
    };
    let connected: HashSet<&str> = ds
        .call_outcomes
        .iter()
        .filter(|o| o.connected)
        .map(|o| o.id.as_str())
        .collect();
    let won_stages: HashSet<&str> = ds
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Won)
        .map(|s| s.id.as_str())
        .collect();
    let owner_passes = |o: Option<&OwnerId>| {
        q.filter.owners.is_empty() || o.is_some_and(|o| q.filter.owners.contains(o))
    };
    let about_passing_deal = |a: &Activity| match a.deal.as_ref() {
        Some(id) => deals.get(id.as_str()).is_some_and(|d| deal_passes(d)),
        // With a source, stage or type filter, an activity about no deal cannot be placed.
        None => {
            q.filter.sources.is_empty() && q.filter.stages.is_empty() && q.filter.types.is_empty()
        }
    };
    let is_connected = |a: &Activity| {
        a.outcome
            .as_ref()
            .is_some_and(|o| connected.contains(o.as_str()))
    };

    // Activities of the period.
    let mut out = ActivityKpis::default();
    let mut reps: HashMap<Option<&OwnerId>, (u64, u64, u64, HashSet<Date>)> = HashMap::new();
    let mut rep_days: HashSet<(Option<&OwnerId>, Date)> = HashSet::new();
    let mut connected_calls = 0u64;
    for a in &ds.activities {
        if !in_period(period, a.at.date)
            || !owner_passes(a.owner.as_ref())
            || !about_passing_deal(a)
        {
            continue;
        }
        out.activities += 1;
        if a.kind != ActivityKind::Call {
            continue;
        }
        out.calls += 1;
        rep_days.insert((a.owner.as_ref(), a.at.date));
        let rep = reps.entry(a.owner.as_ref()).or_default();
        rep.0 += 1;
        rep.3.insert(a.at.date);
        if is_connected(a) {
            connected_calls += 1;
            out.talk_seconds += u64::from(a.seconds);
            rep.1 += 1;
            rep.2 += u64::from(a.seconds);
        }
    }
    out.connect = Ratio::new(connected_calls, out.calls);
    out.talk_per_connected =
        (connected_calls > 0).then(|| out.talk_seconds as f64 / connected_calls as f64);
    out.calls_per_rep_day =
        (!rep_days.is_empty()).then(|| out.calls as f64 / rep_days.len() as f64);

    // Per deal: its contacts and calls in time order (any period: a lead's first call may
    // fall after the period it arrived in).
    let mut contacts: HashMap<&str, Vec<&Activity>> = HashMap::new();
    for a in &ds.activities {
        if let Some(d) = &a.deal {
            if a.kind.is_contact() && a.at.date <= today {
                contacts.entry(d.as_str()).or_default().push(a);
            }
        }
    }
    for list in contacts.values_mut() {
        list.sort_by_key(|a| a.at);
    }
    let lead_passes = |d: &Deal| deal_passes(d) && owner_passes(d.owner.as_ref());

    // Speed to lead.
    let mut minutes = Vec::new();
    let mut rep_minutes: HashMap<Option<&OwnerId>, Vec<i64>> = HashMap::new();
    let mut fast = 0u64;
    for d in ds.deals.iter().filter(|d| lead_passes(d)) {
        if !in_period(period, d.first_contact) {
            continue;
        }
        let Some(arrived) = d.arrived else {
            out.speed.untimed += 1;
            continue;
        };
        out.speed.leads += 1;
        match contacts.get(d.id.as_str()).and_then(|l| l.first()) {
            Some(first) => {
                let m = arrived.minutes_until(first.at).max(0);
                minutes.push(m);
                rep_minutes.entry(d.owner.as_ref()).or_default().push(m);
                if m <= FAST_MINUTES {
                    fast += 1;
                }
            }
            None => out.speed.uncalled += 1,
        }
    }
    out.speed.minutes = DayStats::of(minutes);
    out.speed.within_five = Ratio::new(fast, out.speed.leads);

    // Calls per won deal, conversion by attempts, won per rep.
    let calls_until = |d: &Deal, until: Date| {
        contacts.get(d.id.as_str()).map_or(0, |l| {
            l.iter()
                .filter(|a| a.kind == ActivityKind::Call && a.at.date <= until)
                .count() as u32
        })
    };
    let mut per_won = Vec::new();
    let mut buckets = vec![(0u64, 0u64); ATTEMPT_BUCKETS.len()];
    let mut rep_won: HashMap<Option<&OwnerId>, u64> = HashMap::new();
    for d in ds.deals.iter().filter(|d| lead_passes(d)) {
        let won = won_on(&won_stages, d, today);
        if let Some(day) = won.filter(|day| in_period(period, *day)) {
            per_won.push(i64::from(calls_until(d, day)));
            *rep_won.entry(d.owner.as_ref()).or_default() += 1;
        }
        if in_period(period, d.first_contact) {
            let attempts = calls_until(d, won.unwrap_or(today));
            if let Some(i) = ATTEMPT_BUCKETS
                .iter()
                .position(|(lo, hi)| (*lo..=*hi).contains(&attempts))
            {
                buckets[i].1 += 1;
                buckets[i].0 += u64::from(won.is_some());
            }
        }
    }
    out.calls_per_won = DayStats::of(per_won);
    out.by_attempts = ATTEMPT_BUCKETS
        .iter()
        .zip(buckets)
        .map(|((from, to), (won, leads))| AttemptBucket {
            from: *from,
            to: *to,
            won: Ratio::new(won, leads),
        })
        .collect();

    // Follow-up discipline on the deals open on the last day.
    let open_steps: HashMap<&str, Date> =
        ds.next_steps
            .iter()
            .filter(|s| !s.done)
            .fold(HashMap::new(), |mut m, s| {
                let due = m.entry(s.deal.as_str()).or_insert(s.due);
                *due = (*due).min(s.due);
                m
            });
    let mut open = 0u64;
    let mut with_step = 0u64;
    let mut late = Vec::new();
    for d in ds.deals.iter().filter(|d| lead_passes(d)) {
        let stage = crate::domain::kpi::stage_on(d, last);
        let is_open = stage
            .and_then(|s| ds.stage(s))
            .is_some_and(|s| s.kind == StageKind::Open);
        if !is_open || d.first_contact > last {
            continue;
        }
        open += 1;
        if let Some(due) = open_steps.get(d.id.as_str()) {
            with_step += 1;
            if *due < last {
                late.push(i64::from(due.days_until(last)));
            }
        }
    }
    out.follow_up = FollowUp {
        with_step: Ratio::new(with_step, open),
        overdue: late.len() as u64,
        days_overdue: DayStats::of(late),
    };

    // Per rep, busiest first (ties by id, so the order never depends on hashing).
    let mut owners: Vec<Option<&OwnerId>> = reps.keys().chain(rep_won.keys()).copied().collect();
    owners.sort();
    owners.dedup();
    out.reps = owners
        .into_iter()
        .map(|o| {
            let (calls, conn, talk, days) = reps.get(&o).cloned().unwrap_or_default();
            RepActivity {
                owner: o.cloned(),
                calls,
                connect: Ratio::new(conn, calls),
                talk_seconds: talk,
                calls_per_day: (!days.is_empty()).then(|| calls as f64 / days.len() as f64),
                speed_median: rep_minutes.remove(&o).and_then(|m| DayStats::of(m).median),
                won: rep_won.get(&o).copied().unwrap_or(0),
            }
        })
        .collect();
    out.reps
        .sort_by(|a, b| b.calls.cmp(&a.calls).then_with(|| a.owner.cmp(&b.owner)));
    out
}

#[cfg(test)]
#[path = "activity_tests.rs"]
mod tests;
