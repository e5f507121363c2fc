//! Telesales KPIs: the calls, emails and meetings behind conversion (issue #17).
//!
//! Every figure follows the dashboard's query: activities dated in the period (never after
//! today), the owner filter judging the activity's owner, the source and stage filters the deal
//! it was about. The rules are stated in the glossary (`glossary.rs`, "activity" entries).

use super::index::{BuildFx, DealIndex, FxMap};
use super::stats::{DayStats, Ratio};
use super::{Period, Query};
use crate::date::Date;
use crate::model::*;
use std::collections::{HashMap, HashSet};

/// Call attempts buckets of "conversion by attempts": 0, 1, 2, 3, 4–6, 7 or more.
pub const ATTEMPT_BUCKETS: [(u32, u32); 6] =
    [(0, 0), (1, 1), (2, 2), (3, 3), (4, 6), (7, u32::MAX)];

/// Minutes within which a lead counts as called "at once".
pub const FAST_MINUTES: i64 = 5;

/// Upper bounds (minutes, inclusive) of the speed-to-lead distribution's timed bins: 5 minutes,
/// 1 hour, 1 day, 1 week. Two bins follow them: later, and not contacted yet.
pub const SPEED_BINS: [i64; 4] = [FAST_MINUTES, 60, 24 * 60, 7 * 24 * 60];

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
    /// The timed leads by minutes to the first contact: within each bound of [`SPEED_BINS`],
    /// later, and not contacted yet (the bins add up to `leads`).
    pub bins: [u64; 6],
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
fn in_period(p: Period, day: Date) -> bool {
    p.start <= day && day <= p.end
}

/// What the dashboard's query admits: the period (never after today) and the filters, judged
/// as the activity KPIs judge them.
struct Scope<'a> {
    q: &'a Query,
    period: Period,
    /// Each deal's place in `ds.deals`, by id.
    positions: FxMap<&'a str, usize>,
    /// Whether each deal (by place) passes the source, stage and type filters.
    passes: Vec<bool>,
    connected: HashSet<&'a str>,
}

impl<'a> Scope<'a> {
    fn new(ds: &'a Dataset, q: &'a Query) -> Scope<'a> {
        let mut positions = HashMap::with_capacity_and_hasher(ds.deals.len(), BuildFx::default());
        for (i, d) in ds.deals.iter().enumerate() {
            positions.insert(d.id.as_str(), i);
        }
        let mut scope = Scope {
            q,
            period: Period {
                start: q.period.start,
                end: q.period.end.min(q.today),
            },
            positions,
            passes: Vec::new(),
            connected: ds
                .call_outcomes
                .iter()
                .filter(|o| o.connected)
                .map(|o| o.id.as_str())
                .collect(),
        };
        scope.passes = ds.deals.iter().map(|d| scope.deal_passes(d)).collect();
        scope
    }

    /// The place in `ds.deals` of the deal `a` is about, if it is there.
    fn position(&self, a: &Activity) -> Option<usize> {
        a.deal
            .as_ref()
            .and_then(|id| self.positions.get(id.as_str()).copied())
    }

    fn deal_passes(&self, d: &Deal) -> bool {
        let f = &self.q.filter;
        let source_ok =
            f.sources.is_empty() || d.source.as_ref().is_some_and(|s| f.sources.contains(s));
        // The stage the deal is in today, as the dashboard's stage filter judges it (not
        // `Filter::admits`: its owner test is the deal's owner, here the activity's).
        let stage_ok = f.stages.is_empty()
            || super::stage_on(d, self.q.today).is_some_and(|s| f.stages.contains(s));
        let type_ok =
            f.types.is_empty() || d.deal_type.as_ref().is_some_and(|t| f.types.contains(t));
        source_ok && stage_ok && type_ok
    }

    fn owner_passes(&self, o: Option<&OwnerId>) -> bool {
        self.q.filter.owners.is_empty() || o.is_some_and(|o| self.q.filter.owners.contains(o))
    }

    /// An activity of the period that the filters admit.
    fn admits(&self, a: &Activity) -> bool {
        // The cheap tests first: most activities fall outside the period.
        if !in_period(self.period, a.at.date) || !self.owner_passes(a.owner.as_ref()) {
            return false;
        }
        match a.deal.as_ref() {
            Some(_) => self.position(a).is_some_and(|i| self.passes[i]),
            // With a source, stage or type filter, an activity about no deal cannot be placed.
            None => {
                let f = &self.q.filter;
                f.sources.is_empty() && f.stages.is_empty() && f.types.is_empty()
            }
        }
    }

    fn is_connected(&self, a: &Activity) -> bool {
        a.outcome
            .as_ref()
            .is_some_and(|o| self.connected.contains(o.as_str()))
    }
}

/// Computes the activity KPIs for the query's period and filters.
pub fn activity_kpis(ds: &Dataset, q: &Query) -> ActivityKpis {
    activity_kpis_in(ds, None, q)
}

/// [`activity_kpis`] reading each deal's first win day from `index` (the dashboard's, shared
/// with the other reports) when it fits `ds`, else from one built here.
pub fn activity_kpis_in(ds: &Dataset, index: Option<&DealIndex>, q: &Query) -> ActivityKpis {
    let mut owned = None;
    let index = super::index::usable(ds, index, &mut owned);
    let today = q.today;
    let scope = Scope::new(ds, q);
    let (period, last) = (scope.period, scope.period.end);
    let is_connected = |a: &Activity| scope.is_connected(a);
    // The day each deal was won, if by today; a deal's calls count up to it (or to today).
    let won: Vec<Option<Date>> = (0..ds.deals.len())
        .map(|i| index.first_won(i).filter(|day| *day <= today))
        .collect();

    // One pass over the activities: the period's figures, and per deal (any period: a lead's
    // first call may fall after the period it arrived in) its first contact and its calls up to
    // the day it was won.
    let mut out = ActivityKpis::default();
    let mut reps: HashMap<Option<&OwnerId>, (u64, u64, u64, HashSet<Date>)> = HashMap::new();
    let mut rep_days: HashSet<(Option<&OwnerId>, Date)> = HashSet::new();
    let mut connected_calls = 0u64;
    let mut first_contact: Vec<Option<DateTime>> = vec![None; ds.deals.len()];
    let mut attempts: Vec<u32> = vec![0; ds.deals.len()];
    for a in &ds.activities {
        if a.kind.is_contact() && a.at.date <= today {
            if let Some(i) = scope.position(a) {
                let first = &mut first_contact[i];
                if first.is_none_or(|f| a.at < f) {
                    *first = Some(a.at);
                }
                if a.kind == ActivityKind::Call && a.at.date <= won[i].unwrap_or(today) {
                    attempts[i] += 1;
                }
            }
        }
        if !scope.admits(a) {
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
    let lead_passes = |i: usize| scope.passes[i] && scope.owner_passes(ds.deals[i].owner.as_ref());

    // Speed to lead.
    let mut minutes = Vec::new();
    let mut rep_minutes: HashMap<Option<&OwnerId>, Vec<i64>> = HashMap::new();
    let mut fast = 0u64;
    for (i, d) in ds.deals.iter().enumerate() {
        if !lead_passes(i) || !in_period(period, d.first_contact) {
            continue;
        }
        let Some(arrived) = d.arrived else {
            out.speed.untimed += 1;
            continue;
        };
        out.speed.leads += 1;
        match first_contact[i] {
            Some(first) => {
                let m = arrived.minutes_until(first).max(0);
                minutes.push(m);
                rep_minutes.entry(d.owner.as_ref()).or_default().push(m);
                if m <= FAST_MINUTES {
                    fast += 1;
                }
                let bin = SPEED_BINS.iter().position(|b| m <= *b);
                out.speed.bins[bin.unwrap_or(SPEED_BINS.len())] += 1;
            }
            None => {
                out.speed.uncalled += 1;
                out.speed.bins[SPEED_BINS.len() + 1] += 1;
            }
        }
    }
    out.speed.minutes = DayStats::of(minutes);
    out.speed.within_five = Ratio::new(fast, out.speed.leads);

    // Calls per won deal, conversion by attempts, won per rep.
    let mut per_won = Vec::new();
    let mut buckets = vec![(0u64, 0u64); ATTEMPT_BUCKETS.len()];
    let mut rep_won: HashMap<Option<&OwnerId>, u64> = HashMap::new();
    for (i, d) in ds.deals.iter().enumerate() {
        if !lead_passes(i) {
            continue;
        }
        if won[i].is_some_and(|day| in_period(period, day)) {
            per_won.push(i64::from(attempts[i]));
            *rep_won.entry(d.owner.as_ref()).or_default() += 1;
        }
        if in_period(period, d.first_contact) {
            if let Some(b) = ATTEMPT_BUCKETS
                .iter()
                .position(|(lo, hi)| (*lo..=*hi).contains(&attempts[i]))
            {
                buckets[b].1 += 1;
                buckets[b].0 += u64::from(won[i].is_some());
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
    for (i, d) in ds.deals.iter().enumerate() {
        if !lead_passes(i) {
            continue;
        }
        let stage = crate::kpi::stage_on(d, last);
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

/// How the calls chart cuts its period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    /// One bar a day (periods up to [`DAILY_UP_TO_DAYS`]).
    Day,
    /// One bar a week, from the chosen first weekday (up to the trend chart's 92 days).
    Week,
    /// One bar a month of the chosen calendar.
    Month,
}

/// Periods up to this many days are charted day by day.
pub const DAILY_UP_TO_DAYS: i64 = 31;

/// Calls per bucket of the period, per owner, with the connected calls per bucket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallTrend {
    /// Day, week or month bars.
    pub bucket: Bucket,
    /// The buckets, clipped to the period (for all time: the first call to today).
    pub buckets: Vec<Period>,
    /// Owners (`None`: calls with no owner), most calls first (ties by id).
    pub owners: Vec<Option<OwnerId>>,
    /// `calls[owner][bucket]`.
    pub calls: Vec<Vec<u64>>,
    /// Connected calls per bucket, all owners together.
    pub connected: Vec<u64>,
}

/// The calls of the query's period and filters (the activity KPIs' calls) per bucket and owner:
/// the buckets add up to the calls and connected calls of [`activity_kpis`].
pub fn call_trend(ds: &Dataset, q: &Query) -> CallTrend {
    let scope = Scope::new(ds, q);
    let calls: Vec<&Activity> = ds
        .activities
        .iter()
        .filter(|a| a.kind == ActivityKind::Call && scope.admits(a))
        .collect();
    let period = if q.period.is_all() {
        Period {
            start: calls.iter().map(|a| a.at.date).min().unwrap_or(q.today),
            end: q.today,
        }
    } else {
        scope.period
    };
    let days = period.days();
    let bucket = if days <= DAILY_UP_TO_DAYS {
        Bucket::Day
    } else if days <= super::charts::WEEKLY_UP_TO_DAYS {
        Bucket::Week
    } else {
        Bucket::Month
    };
    let buckets: Vec<Period> = match bucket {
        Bucket::Day => (0..days.max(0))
            .map(|i| {
                let d = period.start.add_days(i as i32);
                Period { start: d, end: d }
            })
            .collect(),
        _ => super::charts::buckets(
            period,
            bucket == Bucket::Week,
            ds.settings.week_start,
            ds.settings.calendar,
        ),
    };
    let mut owners: Vec<Option<OwnerId>> = Vec::new();
    let mut counts: Vec<Vec<u64>> = Vec::new();
    let mut connected = vec![0u64; buckets.len()];
    for a in calls {
        let slot = buckets.partition_point(|b| b.end < a.at.date);
        if slot >= buckets.len() {
            continue;
        }
        let k = match owners.iter().position(|o| o.as_ref() == a.owner.as_ref()) {
            Some(k) => k,
            None => {
                owners.push(a.owner.clone());
                counts.push(vec![0; buckets.len()]);
                owners.len() - 1
            }
        };
        counts[k][slot] += 1;
        if scope.is_connected(a) {
            connected[slot] += 1;
        }
    }
    let mut order: Vec<usize> = (0..owners.len()).collect();
    crate::sort::sort_by(&mut order, |a, b| {
        let total = |k: usize| counts[k].iter().sum::<u64>();
        total(*b)
            .cmp(&total(*a))
            .then_with(|| owners[*a].cmp(&owners[*b]))
    });
    CallTrend {
        bucket,
        buckets,
        owners: order.iter().map(|k| owners[*k].clone()).collect(),
        calls: order.iter().map(|k| counts[*k].clone()).collect(),
        connected,
    }
}

#[cfg(test)]
#[path = "activity_tests.rs"]
mod tests;
