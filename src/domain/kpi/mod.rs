//! The KPI engine: every funnel, cycle, pipeline, quota and forecast figure, from the stage-event log.
//!
//! The rules are written once, in [`glossary`], and mirrored in `docs/kpis.md` (a test keeps the
//! two identical). In short: a deal's history is its stage events up to the day a figure is "as
//! of"; events after that day have not happened yet. Everything is plain arithmetic over one pass
//! per deal, so 10,000 deals take a few milliseconds.

pub mod charts;
pub mod forecast;
pub mod glossary;
pub mod insights;
pub mod leaderboard;
pub mod period;
pub mod stats;

pub use period::{Period, PeriodPreset};
pub use stats::{delta, DayStats, Ratio};

use crate::domain::date::Date;
use crate::domain::model::{Dataset, Deal, OwnerId, SourceId, StageId, StageKind};
use crate::domain::money::Currency;
use std::collections::HashMap;

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

/// Cycle statistics for one group (a source, an owner, or everyone).
#[derive(Clone, Debug, PartialEq)]
pub struct GroupStats<K> {
    /// The group (`None`: deals without a source/owner).
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
    pub deal: crate::domain::model::DealId,
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

/// Stage lookups prepared once per computation, so the per-deal work is only lookups.
pub(crate) struct Pipeline<'a> {
    pub ds: &'a Dataset,
    ids: Vec<&'a str>,
    /// Funnel position of every stage by pipeline index (`None` for lost stages).
    pub position: Vec<Option<usize>>,
    /// The funnel: open stages in order, then the first won stage.
    pub steps: Vec<usize>,
    pub qualified: usize,
    pub currency: Currency,
}

impl<'a> Pipeline<'a> {
    pub fn new(ds: &'a Dataset) -> Self {
        let ids = ds.stages.iter().map(|s| s.id.as_str()).collect();
        let mut steps: Vec<usize> = ds
            .stages
            .iter()
            .enumerate()
            .filter(|(_, s)| s.kind == StageKind::Open)
            .map(|(i, _)| i)
            .collect();
        let won_position = steps.len();
        if let Some(won) = ds.stages.iter().position(|s| s.kind == StageKind::Won) {
            steps.push(won);
        }
        let mut open_seen = 0;
        let position = ds
            .stages
            .iter()
            .map(|s| match s.kind {
                StageKind::Open => {
                    open_seen += 1;
                    Some(open_seen - 1)
                }
                StageKind::Won => Some(won_position),
                StageKind::Lost => None,
            })
            .collect();
        // A missing qualified stage is refused on load (`check_integrity`); should one slip
        // through, no deal counts as qualified rather than every open one.
        let qualified = ds
            .stage_index(&ds.settings.qualified_stage)
            .unwrap_or(ds.stages.len());
        Pipeline {
            ds,
            ids,
            position,
            steps,
            qualified,
            currency: ds.settings.display_currency,
        }
    }

    pub fn index(&self, stage: &StageId) -> Option<usize> {
        // Pipelines have a handful of stages: a linear scan beats hashing the id.
        let wanted = stage.as_str().as_bytes();
        // Ids are a few bytes: an inlined byte loop is cheaper than a libc memcmp call per event.
        self.ids
            .iter()
            .position(|id| id.len() == wanted.len() && id.bytes().zip(wanted).all(|(a, b)| a == *b))
    }

    pub fn kind(&self, index: usize) -> StageKind {
        self.ds.stages[index].kind
    }

    /// The deals `keep` admits, as views into `index` (built from this pipeline's dataset).
    pub fn select(&self, index: &'a DealIndex, keep: impl Fn(&Deal) -> bool) -> Deals<'a> {
        let selected = self
            .ds
            .deals
            .iter()
            .enumerate()
            .filter(|(_, d)| keep(d))
            .map(|(i, _)| i as u32)
            .collect();
        Deals {
            ds: self.ds,
            index,
            selected,
        }
    }

    /// The deal's value in the display currency, or `None` for other currencies.
    pub fn value(&self, deal: &Deal) -> Option<i64> {
        (deal.value.currency == self.currency).then_some(deal.value.minor)
    }
}

/// A stage event resolved to a stage index, with the furthest funnel position reached so far.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Event {
    pub date: Date,
    pub stage: usize,
    furthest: usize,
}

#[derive(Clone, Debug, PartialEq)]
struct Row {
    first_contact: Date,
    amount: Option<i64>,
    expected_close: Option<Date>,
    events: std::ops::Range<usize>,
    first_entry: usize,
}

/// Every deal's stage log resolved to stage indices, in contiguous arrays, built once per
/// dataset change: the many "as of" passes of reports, charts and standings then walk memory
/// in order, and a new period or filter reuses this work instead of redoing it.
#[derive(Clone, Debug, PartialEq)]
pub struct DealIndex {
    rows: Vec<Row>,
    events: Vec<Event>,
    first_entry: Vec<Option<Date>>,
    steps: usize,
    revision: u64,
}

/// A fingerprint of everything a [`DealIndex`] is built from, in order: the pipeline, the display
/// currency, and per deal its `updated_at`, first contact, value and log length.
///
/// Every edit stamps the deal's `updated_at` (merging relies on it too), so an edited, added,
/// removed or reordered deal changes the revision; reading one word per field keeps it ~100×
/// cheaper than rebuilding the index.
pub fn revision(ds: &Dataset) -> u64 {
    use std::hash::{Hash, Hasher};
    /// FNV-1a: tiny, and the fingerprint only has to tell versions of one dataset apart.
    struct Fnv(u64);
    impl Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for b in bytes {
                self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
            }
        }
    }
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    for stage in &ds.stages {
        stage.id.as_str().hash(&mut h);
        (stage.kind as u8).hash(&mut h);
    }
    ds.settings.qualified_stage.as_str().hash(&mut h);
    ds.settings.display_currency.hash(&mut h);
    ds.deals.len().hash(&mut h);
    for deal in &ds.deals {
        deal.updated_at.hash(&mut h);
        deal.first_contact.hash(&mut h);
        deal.value.minor.hash(&mut h);
        deal.value.currency.hash(&mut h);
        deal.events.len().hash(&mut h);
    }
    h.finish()
}

impl DealIndex {
    /// Resolves every deal of `ds`.
    pub fn new(ds: &Dataset) -> DealIndex {
        let p = Pipeline::new(ds);
        let steps = p.steps.len();
        let total_events = ds.deals.iter().map(|d| d.events.len()).sum();
        let mut index = DealIndex {
            rows: Vec::with_capacity(ds.deals.len()),
            events: Vec::with_capacity(total_events),
            first_entry: Vec::with_capacity(ds.deals.len() * steps),
            steps,
            revision: revision(ds),
        };
        for deal in &ds.deals {
            // A first contact later than the first logged stage is a typo; the log wins.
            let first_contact = deal
                .events
                .first()
                .map_or(deal.first_contact, |e| e.date.min(deal.first_contact));
            let (ev_start, fe_start) = (index.events.len(), index.first_entry.len());
            index.first_entry.resize(fe_start + steps, None);
            let mut furthest = 0;
            for e in &deal.events {
                let Some(stage) = p.index(&e.stage) else {
                    continue;
                };
                if let Some(pos) = p.position[stage] {
                    furthest = furthest.max(pos);
                    index.first_entry[fe_start + pos].get_or_insert(e.date);
                }
                index.events.push(Event {
                    date: e.date,
                    stage,
                    furthest,
                });
            }
            index.rows.push(Row {
                first_contact,
                amount: p.value(deal),
                expected_close: deal.expected_close,
                events: ev_start..index.events.len(),
                first_entry: fe_start,
            });
        }
        index
    }

    /// Whether this index was built from `ds` as it is now (same [`revision`]); the app rebuilds
    /// it on every dataset change, this guards against pairing a stale one with new data.
    pub fn fits(&self, ds: &Dataset) -> bool {
        self.rows.len() == ds.deals.len() && self.revision == revision(ds)
    }
}

/// `index` when it fits `ds`, else a fresh one kept in `owned`.
pub(crate) fn usable<'i>(
    ds: &Dataset,
    index: Option<&'i DealIndex>,
    owned: &'i mut Option<DealIndex>,
) -> &'i DealIndex {
    match index {
        Some(index) if index.fits(ds) => index,
        _ => owned.insert(DealIndex::new(ds)),
    }
}

/// The deals of one report (those its filter admits), as views into a [`DealIndex`].
pub(crate) struct Deals<'a> {
    ds: &'a Dataset,
    index: &'a DealIndex,
    selected: Vec<u32>,
}

impl Deals<'_> {
    /// Each deal as a cheap view.
    pub fn iter(&self) -> impl Iterator<Item = Prepared<'_>> {
        let index = self.index;
        self.selected.iter().map(move |&i| {
            let row = &index.rows[i as usize];
            Prepared {
                deal: &self.ds.deals[i as usize],
                first_contact: row.first_contact,
                amount: row.amount,
                expected_close: row.expected_close,
                events: &index.events[row.events.clone()],
                first_entry: &index.first_entry[row.first_entry..row.first_entry + index.steps],
            }
        })
    }
}

/// One deal of [`Deals`]: its log resolved to stage indices.
#[derive(Clone, Copy)]
pub(crate) struct Prepared<'p> {
    pub deal: &'p Deal,
    pub first_contact: Date,
    /// Value in the display currency (`None` for other currencies).
    pub amount: Option<i64>,
    /// Copied next to the log so the quota pass never touches the full deal record.
    pub expected_close: Option<Date>,
    events: &'p [Event],
    /// First day the deal entered each funnel position, over its whole log.
    first_entry: &'p [Option<Date>],
}

impl std::ops::Deref for Prepared<'_> {
    type Target = Deal;

    fn deref(&self) -> &Deal {
        self.deal
    }
}

impl<'p> Prepared<'p> {
    /// What the log says as of `as_of`; `None` if the deal did not exist yet.
    pub fn at(&self, as_of: Date) -> Option<Facts<'p>> {
        if self.first_contact > as_of {
            return None;
        }
        let seen = self.events.partition_point(|e| e.date <= as_of);
        let last = seen.checked_sub(1).map(|i| self.events[i]);
        Some(Facts {
            first_contact: self.first_contact,
            amount: self.amount,
            events: &self.events[..seen],
            first_entry_all: self.first_entry,
            as_of,
            furthest: last.map_or(0, |e| e.furthest),
            current: last.map(|e| (e.stage, e.date)),
        })
    }
}

/// One deal's history as of a day (a view into [`Deals`], no allocation).
pub(crate) struct Facts<'p> {
    pub first_contact: Date,
    /// Value in the display currency (`None` for other currencies).
    pub amount: Option<i64>,
    pub events: &'p [Event],
    first_entry_all: &'p [Option<Date>],
    as_of: Date,
    /// Furthest funnel position reached (at least 0: every deal is a lead).
    pub furthest: usize,
    /// Current stage index and the day it was entered.
    pub current: Option<(usize, Date)>,
}

impl Facts<'_> {
    /// First day the deal entered funnel position `k`, if by the as-of day.
    pub fn first_entry(&self, k: usize) -> Option<Date> {
        self.first_entry_all[k].filter(|d| *d <= self.as_of)
    }

    pub(crate) fn closed(&self, p: &Pipeline) -> Option<(StageKind, Date)> {
        self.current
            .map(|(i, d)| (p.kind(i), d))
            .filter(|(k, _)| *k != StageKind::Open)
    }
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

/// KPIs of one period; without `detail` (previous periods, history) the per-step times, the
/// cycle splits and the won+lost cycle are left empty, since only headline deltas use them.
fn period_kpis(p: &Pipeline, deals: &Deals, q: &Query, period: Period, detail: bool) -> PeriodKpis {
    let as_of = period.end.min(q.today);
    let n = p.steps.len();
    let mut counts = vec![0u64; n];
    let mut values = vec![0i64; n];
    let mut transition_days: Vec<Vec<i64>> = vec![Vec::new(); n.saturating_sub(1)];
    let (mut leads, mut won, mut lost, mut won_value) = (0u64, 0u64, 0u64, 0i64);
    let (mut cycle, mut cycle_closed) = (Vec::new(), Vec::new());
    let (mut sized_sum, mut sized_n) = (0i64, 0u64);
    let mut by_source: HashMap<Option<&SourceId>, Vec<i64>> = HashMap::new();
    let mut by_owner: HashMap<Option<&OwnerId>, Vec<i64>> = HashMap::new();

    for deal in deals.iter() {
        let Some(f) = deal.at(as_of) else {
            continue;
        };
        let value = deal.amount.unwrap_or(0);
        if period.contains(f.first_contact) {
            leads += 1;
        }
        match q.mode {
            FunnelMode::Cohort if period.contains(f.first_contact) => {
                for k in 0..=f.furthest.min(n.saturating_sub(1)) {
                    counts[k] += 1;
                    values[k] += value;
                }
            }
            FunnelMode::Cohort => {}
            FunnelMode::Period => {
                // Any entry into a stage during the period counts, not only the first, once per
                // deal; a jump past stages also passes the skipped ones that day (as in cohorts).
                let mut entered = 0u128;
                let mut before: Option<usize> = None;
                for &Event {
                    date,
                    stage: i,
                    furthest,
                } in f.events
                {
                    if period.contains(date) {
                        let passed = before.map_or(0, |b| b + 1)..=furthest;
                        let own = p.position[i];
                        for k in passed.chain(own).filter(|k| *k < n.min(128)) {
                            if entered & (1 << k) == 0 {
                                entered |= 1 << k;
                                counts[k] += 1;
                                values[k] += value;
                            }
                        }
                    }
                    // `furthest` never falls, so only a rise past it passes new stages.
                    if before.is_none_or(|b| furthest > b) {
                        before = Some(furthest);
                    }
                }
            }
        }
        for (k, days) in transition_days.iter_mut().enumerate().filter(|_| detail) {
            if let (Some(a), Some(b)) = (f.first_entry(k), f.first_entry(k + 1)) {
                if period.contains(b) && b >= a {
                    days.push(a.days_until(b) as i64);
                }
            }
        }
        if let Some((kind, closed_on)) = f.closed(p).filter(|(_, d)| period.contains(*d)) {
            let days = f.first_contact.days_until(closed_on) as i64;
            if detail {
                cycle_closed.push(days);
            }
            if kind == StageKind::Won {
                won += 1;
                cycle.push(days);
                if detail {
                    by_source
                        .entry(deal.deal.source.as_ref())
                        .or_default()
                        .push(days);
                    by_owner
                        .entry(deal.deal.owner.as_ref())
                        .or_default()
                        .push(days);
                }
                if let Some(v) = deal.amount {
                    won_value += v;
                    if v > 0 {
                        sized_sum += v;
                        sized_n += 1;
                    }
                }
            } else {
                lost += 1;
            }
        }
    }

    let funnel = (0..n)
        .map(|k| FunnelStep {
            stage: p.ds.stages[p.steps[k]].id.clone(),
            count: counts[k],
            value: values[k],
            from_previous: (k > 0).then(|| Ratio::new(counts[k], counts[k - 1])),
            from_first: Ratio::new(counts[k], counts[0]),
        })
        .collect();
    let transitions = transition_days
        .into_iter()
        .enumerate()
        .map(|(k, days)| Transition {
            from: p.ds.stages[p.steps[k]].id.clone(),
            to: p.ds.stages[p.steps[k + 1]].id.clone(),
            days: DayStats::of(days),
        })
        .collect();
    let visitors = visitors_in(p.ds, period, &q.filter.sources);
    PeriodKpis {
        period,
        visitors,
        leads,
        visitor_to_lead: Ratio::new(leads, visitors),
        funnel,
        transitions,
        cycle: DayStats::of(cycle),
        cycle_by_source: grouped(by_source),
        cycle_by_owner: grouped(by_owner),
        cycle_closed: DayStats::of(cycle_closed),
        won,
        lost,
        win_rate: Ratio::new(won, won + lost),
        won_value,
        avg_deal_size: (sized_n > 0).then(|| sized_sum as f64 / sized_n as f64),
    }
}

pub(crate) fn grouped<K: Clone + Ord>(groups: HashMap<Option<&K>, Vec<i64>>) -> Vec<GroupStats<K>> {
    let mut out: Vec<GroupStats<K>> = groups
        .into_iter()
        .map(|(key, days)| GroupStats {
            key: key.cloned(),
            days: DayStats::of(days),
        })
        .collect();
    crate::domain::sort::sort_by(&mut out, |a, b| a.key.cmp(&b.key));
    out
}

/// Visitors in `period` for the given sources (all entries when empty), pro rata by days, rounded.
pub fn visitors_in(ds: &Dataset, period: Period, sources: &[SourceId]) -> u64 {
    let total: f64 = ds
        .traffic
        .iter()
        .filter(|t| sources.is_empty() || t.source.as_ref().is_some_and(|s| sources.contains(s)))
        .filter_map(|t| {
            period
                .share_of(t.start, t.end)
                .map(|share| t.visitors as f64 * share)
        })
        .sum();
    total.round() as u64
}

/// Closed deals needed before the team's own win rate outweighs a stage's default probability.
pub const PRIOR_WEIGHT: f64 = 10.0;

/// P(win | stage) for every stage index, learned from deals closed by `as_of`.
///
/// For stage s: of the closed deals that passed s, the share won, smoothed toward the stage's
/// default probability: (won + w·prior) ÷ (closed + w) with w = [`PRIOR_WEIGHT`].
pub(crate) fn win_probabilities(p: &Pipeline, deals: &Deals, as_of: Date) -> Vec<WinProbability> {
    let n = p.steps.len();
    let (mut closed, mut won) = (vec![0u64; n], vec![0u64; n]);
    for deal in deals.iter() {
        let Some(f) = deal.at(as_of) else {
            continue;
        };
        let Some((kind, _)) = f.closed(p) else {
            continue;
        };
        for k in 0..=f.furthest.min(n.saturating_sub(1)) {
            closed[k] += 1;
            if kind == StageKind::Won {
                won[k] += 1;
            }
        }
    }
    p.ds.stages
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            let prior = f64::from(stage.probability.min(100)) / 100.0;
            match (stage.kind, p.position[i]) {
                (StageKind::Won, _) => WinProbability {
                    value: 1.0,
                    closed: 0,
                    won: 0,
                    prior: 1.0,
                },
                (StageKind::Lost, _) | (_, None) => WinProbability {
                    value: 0.0,
                    closed: 0,
                    won: 0,
                    prior: 0.0,
                },
                (StageKind::Open, Some(k)) => WinProbability {
                    value: (won[k] as f64 + PRIOR_WEIGHT * prior)
                        / (closed[k] as f64 + PRIOR_WEIGHT),
                    closed: closed[k],
                    won: won[k],
                    prior,
                },
            }
        })
        .collect()
}

/// How many stuck deals a snapshot lists by name.
pub const STUCK_LISTED: usize = 20;

/// Open deals with this many dwell times behind their stage's p90 can be flagged as stuck.
pub const STUCK_MIN_SAMPLES: u64 = 5;

/// The open pipeline as of a day; `detail` adds stuck deals and ages (skipped for the previous
/// period, whose snapshot only feeds the deltas).
fn snapshot(
    p: &Pipeline,
    deals: &Deals,
    as_of: Date,
    probabilities: &[WinProbability],
    detail: bool,
) -> Snapshot {
    let stages = &p.ds.stages;
    let per_stage_guess = if detail {
        deals.selected.len() * deals.index.events.len()
            / deals.index.rows.len().max(1)
            / stages.len().max(1)
    } else {
        0
    };
    let mut dwell: Vec<Vec<i64>> = (0..stages.len())
        .map(|_| Vec::with_capacity(per_stage_guess))
        .collect();
    let mut open: Vec<(usize, &Deal, Option<i64>, i64, i64)> = Vec::new();
    let mut other_currency_deals = 0;
    // One dwell sample per deal and stage (its completed stays added up), so a deal that bounces
    // between two stages does not weigh twice in the stage's p90.
    let mut stay: Vec<Option<i64>> = vec![None; stages.len()];
    for deal in deals.iter() {
        let Some(f) = deal.at(as_of) else {
            continue;
        };
        if detail {
            for pair in f.events.windows(2) {
                let days = pair[0].date.days_until(pair[1].date) as i64;
                *stay[pair[0].stage].get_or_insert(0) += days;
            }
            for (samples, days) in dwell.iter_mut().zip(stay.iter_mut()) {
                if let Some(days) = days.take() {
                    samples.push(days);
                }
            }
        }
        if let Some((i, since)) = f.current.filter(|(i, _)| p.kind(*i) == StageKind::Open) {
            if deal.amount.is_none() {
                other_currency_deals += 1;
            }
            open.push((
                i,
                deal.deal,
                deal.amount,
                since.days_until(as_of) as i64,
                f.first_contact.days_until(as_of) as i64,
            ));
        }
    }
    let limits: Vec<Option<f64>> = dwell
        .into_iter()
        .map(|d| {
            (d.len() as u64 >= STUCK_MIN_SAMPLES)
                .then(|| stats::p90(d))
                .flatten()
        })
        .collect();
    let mut stuck: Vec<StuckDeal> = open
        .iter()
        .filter_map(|(i, deal, _, in_stage, _)| {
            limits[*i]
                .filter(|limit| *in_stage as f64 > *limit)
                .map(|limit| StuckDeal {
                    deal: deal.id.clone(),
                    days: *in_stage,
                    p90: limit,
                })
        })
        .collect();
    let stuck_count = stuck.len() as u64;
    // Only the longest few are listed: select them first, then sort just those.
    let order =
        |a: &StuckDeal, b: &StuckDeal| b.days.cmp(&a.days).then_with(|| a.deal.cmp(&b.deal));
    if stuck.len() > STUCK_LISTED {
        stuck.select_nth_unstable_by(STUCK_LISTED - 1, order);
        stuck.truncate(STUCK_LISTED);
    }
    crate::domain::sort::sort_by(&mut stuck, order);
    let per_stage = stages
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == StageKind::Open)
        .map(|(i, s)| {
            let here: Vec<_> = open.iter().filter(|(j, ..)| *j == i).collect();
            StageSnapshot {
                stage: s.id.clone(),
                count: here.len() as u64,
                value: here.iter().filter_map(|(_, _, amount, ..)| *amount).sum(),
                age: DayStats::of(here.iter().map(|(.., age)| *age).collect()),
                win_probability: probabilities[i],
            }
        })
        .collect();
    let qualified: Vec<_> = open.iter().filter(|(i, ..)| *i >= p.qualified).collect();
    Snapshot {
        as_of,
        open: open.len() as u64,
        qualified: qualified.len() as u64,
        pipeline_value: qualified
            .iter()
            .filter_map(|(_, _, amount, ..)| *amount)
            .sum(),
        weighted_value: qualified
            .iter()
            .filter_map(|(i, _, amount, ..)| amount.map(|v| v as f64 * probabilities[*i].value))
            .sum(),
        other_currency_deals,
        stages: per_stage,
        stuck,
        stuck_count,
        stuck_limits: limits,
        age: DayStats::of(open.iter().map(|(.., age)| *age).collect()),
    }
}

fn snapshot_at(p: &Pipeline, deals: &Deals, as_of: Date, detail: bool) -> Snapshot {
    snapshot(p, deals, as_of, &win_probabilities(p, deals, as_of), detail)
}

/// Sales velocity (Close's definition): qualified open deals × win rate × average deal size ÷
/// average cycle length, in value per day.
fn velocity_of(snapshot: &Snapshot, kpis: &PeriodKpis) -> Option<f64> {
    let (rate, size, cycle) = (
        kpis.win_rate.value()?,
        kpis.avg_deal_size?,
        kpis.cycle.mean?,
    );
    (cycle > 0.0).then(|| snapshot.qualified as f64 * rate * size / cycle)
}

fn quota(p: &Pipeline, deals: &Deals, q: &Query, kpis: &PeriodKpis, as_of: Date) -> Quota {
    let period = q.period;
    let (mut revenue_goal, mut deals_goal) = (None::<f64>, None::<f64>);
    for goal in &p.ds.goals {
        let relevant = match &goal.owner {
            None => q.filter.owners.is_empty(),
            Some(owner) => q.filter.owners.contains(owner),
        };
        let Some(share) = period.share_of(goal.start, goal.end).filter(|_| relevant) else {
            continue;
        };
        if let Some(money) = goal.revenue.filter(|m| m.currency == p.currency) {
            *revenue_goal.get_or_insert(0.0) += money.minor as f64 * share;
        }
        if let Some(n) = goal.won_deals {
            *deals_goal.get_or_insert(0.0) += f64::from(n) * share;
        }
    }
    let revenue_goal = revenue_goal.map(|g| g.round() as i64);
    let remaining = revenue_goal.map(|g| (g - kpis.won_value).max(0));
    let expected_to_close: i64 = deals
        .iter()
        .filter(|d| d.expected_close.is_some_and(|c: Date| c <= period.end))
        .filter_map(|d| d.at(as_of))
        .filter(|f| {
            f.current
                .is_some_and(|(i, _)| p.kind(i) == StageKind::Open && i >= p.qualified)
        })
        .filter_map(|f| f.amount)
        .sum();
    // The lead → customer rate of the trailing year, the steadiest estimate a small team has.
    let year = Period {
        start: as_of.add_days(-364),
        end: as_of,
    };
    let (mut year_leads, mut year_won) = (0u64, 0u64);
    for deal in deals.iter() {
        if let Some(f) = deal.at(as_of).filter(|f| year.contains(f.first_contact)) {
            year_leads += 1;
            if f.closed(p).is_some_and(|(k, _)| k == StageKind::Won) {
                year_won += 1;
            }
        }
    }
    let lead_to_customer = Ratio::new(year_won, year_leads);
    let leads_needed = match (remaining, lead_to_customer.value(), kpis.avg_deal_size) {
        (Some(0), ..) => Some(0),
        (Some(gap), Some(rate), Some(size)) if rate > 0.0 && size > 0.0 => {
            Some((gap as f64 / (rate * size)).ceil() as u64)
        }
        _ => None,
    };
    Quota {
        revenue_goal,
        deals_goal,
        revenue_attainment: revenue_goal
            .filter(|g| *g > 0)
            .map(|g| kpis.won_value as f64 / g as f64),
        deals_attainment: deals_goal.filter(|g| *g > 0.0).map(|g| kpis.won as f64 / g),
        remaining,
        expected_to_close,
        coverage: remaining
            .filter(|r| *r > 0)
            .map(|r| expected_to_close as f64 / r as f64),
        coverage_needed: kpis.win_rate.value().filter(|r| *r > 0.0).map(|r| 1.0 / r),
        lead_to_customer,
        leads_needed,
    }
}

#[cfg(test)]
mod tests;
