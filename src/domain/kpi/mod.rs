//! The KPI engine: every funnel, cycle, pipeline, quota and forecast figure, from the stage-event log.
//!
//! The rules are written once, in [`glossary`], and mirrored in `docs/kpis.md` (a test keeps the
//! two identical). In short: a deal's history is its stage events up to the day a figure is "as
//! of"; events after that day have not happened yet. Everything is plain arithmetic over one pass
//! per deal, so 10,000 deals take a few milliseconds.

pub mod activity;
pub mod charts;
pub mod forecast;
pub mod glossary;
pub mod insights;
pub mod leaderboard;
pub mod loss;
pub mod matrix;
pub mod period;
pub mod stats;

pub use period::{Period, PeriodPreset};
pub use stats::{delta, DayStats, Ratio};

mod funnel;
pub(crate) mod index;
mod quota;
mod snapshot;

pub use funnel::visitors_in;
pub(crate) use funnel::{grouped, period_kpis};
pub use index::{revision, BuildFx, DealIndex, Fx, FxMap};
pub(crate) use index::{usable, Deals, Event, Pipeline};
pub(crate) use quota::quota;
pub(crate) use snapshot::{snapshot, snapshot_at, velocity_of, win_probabilities};
pub use snapshot::{PRIOR_WEIGHT, STUCK_LISTED, STUCK_MIN_SAMPLES};

use crate::date::Date;
use crate::model::{Dataset, Deal, DealTypeId, OwnerId, SourceId, StageId};

/// How the funnel counts deals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum FunnelMode {
    /// Deals first contacted in the period, by the furthest stage they reached.
    #[default]
    Cohort,
    /// Deals that entered each stage during the period, in any order.
    Period,
}

/// Which deals the KPIs consider; empty lists mean "all".
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Filter {
    /// Lead sources to include.
    pub sources: Vec<SourceId>,
    /// Owners to include.
    pub owners: Vec<OwnerId>,
    /// Current stages to include.
    pub stages: Vec<StageId>,
    /// Deal types (segments) to include.
    pub types: Vec<DealTypeId>,
}

impl Filter {
    /// Whether `deal` passes; the stage filter judges the stage the deal is in on `today`, so a
    /// future-dated event does not move a deal into a stage it has not reached.
    pub(crate) fn admits(&self, deal: &Deal, today: Date) -> bool {
        fn in_list<T: PartialEq>(list: &[T], item: Option<&T>) -> bool {
            list.is_empty() || item.is_some_and(|i| list.contains(i))
        }
        in_list(&self.sources, deal.source.as_ref())
            && in_list(&self.owners, deal.owner.as_ref())
            && in_list(&self.types, deal.deal_type.as_ref())
            && (self.stages.is_empty() || in_list(&self.stages, stage_on(deal, today)))
    }
}

/// The stage `deal` was in on `day` (events dated later have not happened yet).
pub fn stage_on(deal: &Deal, day: Date) -> Option<&StageId> {
    deal.events
        .iter()
        .take_while(|e| e.date <= day)
        .last()
        .map(|e| &e.stage)
}

/// What to compute: a period, filters, a funnel mode, and today's date.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Query {
    /// The reporting period.
    pub period: Period,
    /// Which deals count.
    pub filter: Filter,
    /// Cohort or period funnel.
    pub mode: FunnelMode,
    /// Today (events after today are ignored, and snapshots never look past it).
    pub today: Date,
}

/// One step of the funnel.
#[derive(Clone, Debug, PartialEq)]
pub struct FunnelStep {
    /// The stage.
    pub stage: StageId,
    /// Deals counted at this step.
    pub count: u64,
    /// Their value in the display currency (minor units).
    pub value: i64,
    /// Conversion from the previous step (`None` for the first step).
    pub from_previous: Option<Ratio>,
    /// Conversion from the first step.
    pub from_first: Ratio,
}

/// Days between first entering one funnel stage and first entering the next.
#[derive(Clone, Debug, PartialEq)]
pub struct Transition {
    /// The earlier stage.
    pub from: StageId,
    /// The later stage.
    pub to: StageId,
    /// Durations of transitions completed in the period.
    pub days: DayStats,
}

/// Cycle statistics for one group (a source, an owner, a deal type, or everyone).
#[derive(Clone, Debug, PartialEq)]
pub struct GroupStats<K> {
    /// The group (`None`: deals without a source/owner/type).
    pub key: Option<K>,
    /// Their statistics.
    pub days: DayStats,
}

/// KPIs that belong to a period.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodKpis {
    /// The period.
    pub period: Period,
    /// Visitors entered for the period (pro rata), rounded.
    pub visitors: u64,
    /// Deals first contacted in the period.
    pub leads: u64,
    /// Leads ÷ visitors.
    pub visitor_to_lead: Ratio,
    /// The funnel in the chosen mode.
    pub funnel: Vec<FunnelStep>,
    /// Time between consecutive funnel stages.
    pub transitions: Vec<Transition>,
    /// First contact → won, for deals won in the period.
    pub cycle: DayStats,
    /// The cycle split by source.
    pub cycle_by_source: Vec<GroupStats<SourceId>>,
    /// The cycle split by owner.
    pub cycle_by_owner: Vec<GroupStats<OwnerId>>,
    /// The cycle split by deal type.
    pub cycle_by_type: Vec<GroupStats<DealTypeId>>,
    /// First contact → won or lost, for deals closed in the period (the labelled variant).
    pub cycle_closed: DayStats,
    /// Deals won in the period.
    pub won: u64,
    /// Deals lost in the period.
    pub lost: u64,
    /// Won ÷ (won + lost) among deals closed in the period.
    pub win_rate: Ratio,
    /// Value won in the period (display currency, minor units).
    pub won_value: i64,
    /// Mean value of deals won in the period with a non-zero value in the display currency.
    pub avg_deal_size: Option<f64>,
}

/// Open deals in one stage at the snapshot day.
#[derive(Clone, Debug, PartialEq)]
pub struct StageSnapshot {
    /// The stage.
    pub stage: StageId,
    /// Open deals in it.
    pub count: u64,
    /// Their value (display currency, minor units).
    pub value: i64,
    /// Days since first contact, over these deals.
    pub age: DayStats,
    /// P(win | stage) used for the weighted pipeline.
    pub win_probability: WinProbability,
}

/// A learned stage win probability and what it rests on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WinProbability {
    /// The probability used (0–1).
    pub value: f64,
    /// Closed deals that passed the stage.
    pub closed: u64,
    /// Of those, won.
    pub won: u64,
    /// The stage's default probability the estimate is smoothed toward.
    pub prior: f64,
}

/// An open deal that has been in its stage longer than most deals that moved on.
#[derive(Clone, Debug, PartialEq)]
pub struct StuckDeal {
    /// The deal.
    pub deal: crate::model::DealId,
    /// Days in its current stage.
    pub days: i64,
    /// The stage's p90 dwell time it exceeds.
    pub p90: f64,
}

/// The open pipeline as of one day.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// The day (the period's end, or today if earlier).
    pub as_of: Date,
    /// Open deals.
    pub open: u64,
    /// Open deals at or beyond the qualified stage.
    pub qualified: u64,
    /// Value of open deals at or beyond the qualified stage (display currency).
    pub pipeline_value: i64,
    /// Σ value × P(win | stage) over the deals of `pipeline_value`, so never above it.
    pub weighted_value: f64,
    /// Open deals in other currencies, left out of values (never converted).
    pub other_currency_deals: u64,
    /// Per open stage, in pipeline order.
    pub stages: Vec<StageSnapshot>,
    /// The longest-stuck deals (at most [`STUCK_LISTED`]), longest first, ties by deal id.
    pub stuck: Vec<StuckDeal>,
    /// How many open deals are stuck.
    pub stuck_count: u64,
    /// Per stage index: the dwell time beyond which an open deal is stuck (`None`: too little
    /// history), so any view (e.g. the board) can flag a deal without a list lookup.
    pub stuck_limits: Vec<Option<f64>>,
    /// Days since first contact over all open deals.
    pub age: DayStats,
}

/// Quota (goal) figures for the period.
#[derive(Clone, Debug, PartialEq)]
pub struct Quota {
    /// Revenue target for the period (display currency, minor units, pro rata), if any goal sets one.
    pub revenue_goal: Option<i64>,
    /// Won-deal target for the period (pro rata), if any.
    pub deals_goal: Option<f64>,
    /// Won value ÷ revenue goal.
    pub revenue_attainment: Option<f64>,
    /// Won deals ÷ deal goal.
    pub deals_attainment: Option<f64>,
    /// Revenue still to win (never negative).
    pub remaining: Option<i64>,
    /// Open qualified value expected to close by the period's end.
    pub expected_to_close: i64,
    /// Expected-to-close value ÷ remaining quota.
    pub coverage: Option<f64>,
    /// Coverage needed at the current win rate (1 ÷ win rate).
    pub coverage_needed: Option<f64>,
    /// Lead → customer rate of the trailing 365 days.
    pub lead_to_customer: Ratio,
    /// New leads needed to close the remaining gap at that rate and the average deal size.
    pub leads_needed: Option<u64>,
}

/// Everything the dashboard shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// KPIs of the selected period.
    pub current: PeriodKpis,
    /// The same KPIs for the previous period of the same length (for deltas).
    pub previous: Option<PeriodKpis>,
    /// Open pipeline at the end of the period (or today).
    pub snapshot: Snapshot,
    /// Open pipeline at the end of the previous period.
    pub previous_snapshot: Option<Snapshot>,
    /// Sales velocity: value per day (display currency minor units).
    pub velocity: Option<f64>,
    /// Sales velocity of the previous period.
    pub previous_velocity: Option<f64>,
    /// Quota figures.
    pub quota: Quota,
    /// Expected wins and revenue for the next 30/60/90 days.
    pub forecast: Vec<forecast::Horizon>,
    /// Plain-language findings.
    pub insights: Vec<insights::Insight>,
}

/// Computes every KPI for a query.
pub fn report(ds: &Dataset, q: &Query) -> Report {
    report_in(ds, None, q)
}

/// [`report`] reusing the dataset's [`DealIndex`] (rebuilt here when missing or stale).
pub fn report_in(ds: &Dataset, index: Option<&DealIndex>, q: &Query) -> Report {
    let mut owned = None;
    let index = usable(ds, index, &mut owned);
    let p = Pipeline::new(ds);
    let deals = p.select(index, |d| q.filter.admits(d, q.today));
    let current = period_kpis(&p, &deals, q, q.period, true);
    let previous = q
        .period
        .previous()
        .map(|prev| period_kpis(&p, &deals, q, prev, false));
    let as_of = q.period.end.min(q.today);
    let probabilities_today = win_probabilities(&p, &deals, q.today);
    let snapshot = if as_of == q.today {
        snapshot(&p, &deals, as_of, &probabilities_today, true)
    } else {
        snapshot_at(&p, &deals, as_of, true)
    };
    let velocity = velocity_of(&snapshot, &current);
    let previous_snapshot = previous.as_ref().map(|prev| {
        let as_of = prev.period.end.min(q.today);
        snapshot_at(&p, &deals, as_of, false)
    });
    let previous_velocity = match (&previous_snapshot, &previous) {
        (Some(s), Some(k)) => velocity_of(s, k),
        _ => None,
    };
    let quota = quota(&p, &deals, q, &current, as_of);
    let forecast = forecast::forecast(
        &p,
        &deals,
        q.today,
        &probabilities_today,
        &forecast::HORIZONS,
    );
    let insights = insights::find(&p, &deals, q, &current);
    Report {
        current,
        previous,
        snapshot,
        previous_snapshot,
        velocity,
        previous_velocity,
        quota,
        forecast,
        insights,
    }
}

/// A USD 10.00 deal with this stage log (its first event is the first contact), for the
/// engine's tests and simulations.
#[cfg(test)]
pub(crate) fn test_deal(id: &str, log: &[(&str, Date)]) -> Deal {
    Deal {
        id: id.into(),
        title: id.to_string(),
        company: String::new(),
        contact: String::new(),
        phone: String::new(),
        email: String::new(),
        source: None,
        owner: None,
        value: crate::money::Money {
            minor: 1_000,
            currency: crate::money::Currency::USD,
        },
        first_contact: log[0].1,
        expected_close: None,
        lost_reason: None,
        lost_note: String::new(),
        notes: String::new(),
        events: log
            .iter()
            .map(|(stage, date)| crate::model::StageEvent {
                stage: (*stage).into(),
                date: *date,
            })
            .collect(),
        arrived: None,
        updated_at: crate::date::Timestamp(0),
        deal_type: None,
    }
}

#[cfg(test)]
mod tests;
