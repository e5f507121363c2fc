//! A deliberately naive second implementation of every headline KPI, for `tests/differential.rs`.
//!
//! It reads the [`Dataset`] directly and follows the glossary's words (and the counting rules of
//! the differential-test issue) in the plainest way: straight loops over deals and their events,
//! `Vec`s and a sort, no index and nothing shared with the engine beyond the data types and day
//! arithmetic. Most figures re-walk a deal's whole log; that is the point: slow but obviously
//! right, so that when it and the engine disagree, one of the two has a bug worth finding.

use kariz::domain::date::Date;
use kariz::domain::kpi::{FunnelMode, Period, Query};
use kariz::domain::model::{Dataset, Deal, StageEvent, StageKind};

pub mod activity;
pub mod loss;

/// The glossary's "10": closed deals a stage needs before its own history outweighs its default.
const PRIOR_WEIGHT: f64 = 10.0;

/// The glossary's "at least 5": dwell samples a stage needs before a deal in it can be stuck.
const STUCK_MIN_SAMPLES: usize = 5;

/// Count, mean, median and 90th percentile (nearest rank) of day counts.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Stats {
    /// How many values.
    pub n: u64,
    /// Their mean (`None` when there are none).
    pub mean: Option<f64>,
    /// Their median: the middle value, or the mean of the two middle values.
    pub median: Option<f64>,
    /// The smallest value with at least 90% of the values at or below it.
    pub p90: Option<f64>,
}

/// [`Stats`] of a list of day counts, by sorting a copy.
pub fn stats(days: &[i64]) -> Stats {
    let mut sorted = days.to_vec();
    sorted.sort();
    let n = sorted.len();
    if n == 0 {
        return Stats::default();
    }
    let mut total = 0i64;
    for d in &sorted {
        total += d;
    }
    let median = if n % 2 == 1 {
        sorted[n / 2] as f64
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0
    };
    Stats {
        n: n as u64,
        mean: Some(total as f64 / n as f64),
        median: Some(median),
        p90: Some(sorted[nearest_rank_90(n) - 1] as f64),
    }
}

/// The 1-based rank of the 90th percentile among `n` sorted values: the smallest rank r with
/// r ÷ n ≥ 90%, counted up one by one rather than computed.
fn nearest_rank_90(n: usize) -> usize {
    let mut rank = 1;
    while rank * 10 < n * 9 {
        rank += 1;
    }
    rank
}

/// `num ÷ den`, or `None` (n/a) when there is nothing to divide by.
pub fn rate(num: u64, den: u64) -> Option<f64> {
    if den == 0 {
        None
    } else {
        Some(num as f64 / den as f64)
    }
}

/// Figures of one period.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodFigures {
    /// Visitors entered for the period, pro rata by days, rounded.
    pub visitors: u64,
    /// Deals first contacted in the period (and by its as-of day).
    pub leads: u64,
    /// Leads ÷ visitors.
    pub visitor_to_lead: Option<f64>,
    /// Deals counted at each funnel step, in the query's mode.
    pub funnel_count: Vec<u64>,
    /// Their display-currency value per step.
    pub funnel_value: Vec<i64>,
    /// Step k ÷ step k−1 (`None` for the first step and for n/a).
    pub from_previous: Vec<Option<f64>>,
    /// Step k ÷ step 0.
    pub from_first: Vec<Option<f64>>,
    /// Days from first entering step k to first entering step k+1, completed in the period.
    pub transitions: Vec<Stats>,
    /// Deals won in the period.
    pub won: u64,
    /// Deals lost in the period.
    pub lost: u64,
    /// Won ÷ (won + lost).
    pub win_rate: Option<f64>,
    /// Display-currency value won.
    pub won_value: i64,
    /// Mean display-currency value of won deals worth more than zero.
    pub avg_deal_size: Option<f64>,
    /// First contact → win, for the wins of the period.
    pub cycle: Stats,
    /// First contact → win or loss, for the closes of the period.
    pub cycle_closed: Stats,
}

/// The open pipeline as of one day.
#[derive(Clone, Debug, PartialEq)]
pub struct SnapshotFigures {
    /// The day.
    pub as_of: Date,
    /// Open deals.
    pub open: u64,
    /// Open deals at or beyond the qualified stage.
    pub qualified: u64,
    /// Their display-currency value.
    pub pipeline_value: i64,
    /// Σ value × P(win | stage) over the same deals.
    pub weighted_value: f64,
    /// Open deals in another currency.
    pub other_currency_deals: u64,
    /// Per open stage, in pipeline order: (open deals in it, their value, P(win | stage)).
    pub stages: Vec<(u64, i64, f64)>,
    /// Open deals in their current stage for longer than the stage's p90 dwell time.
    pub stuck_count: u64,
}

/// Quota figures.
#[derive(Clone, Debug, PartialEq)]
pub struct QuotaFigures {
    /// Revenue goal for the period (display currency, pro rata, rounded).
    pub revenue_goal: Option<i64>,
    /// Won-deal goal for the period (pro rata).
    pub deals_goal: Option<f64>,
    /// Won value ÷ revenue goal.
    pub revenue_attainment: Option<f64>,
    /// Won deals ÷ deal goal.
    pub deals_attainment: Option<f64>,
    /// Revenue still to win, never below zero.
    pub remaining: Option<i64>,
    /// Open qualified value expected to close by the period's end.
    pub expected_to_close: i64,
    /// Expected to close ÷ remaining.
    pub coverage: Option<f64>,
    /// 1 ÷ win rate.
    pub coverage_needed: Option<f64>,
    /// Won ÷ leads over the trailing 365 days.
    pub lead_to_customer: Option<f64>,
    /// Leads needed to close the gap.
    pub leads_needed: Option<u64>,
}

/// Everything the differential test compares.
#[derive(Clone, Debug, PartialEq)]
pub struct NaiveReport {
    /// The selected period.
    pub current: PeriodFigures,
    /// The previous period of the same length (none for all time).
    pub previous: Option<PeriodFigures>,
    /// The pipeline at the selected period's end (or today).
    pub snapshot: SnapshotFigures,
    /// The pipeline at the previous period's end (or today).
    pub previous_snapshot: Option<SnapshotFigures>,
    /// Sales velocity of the selected period.
    pub velocity: Option<f64>,
    /// Sales velocity of the previous period.
    pub previous_velocity: Option<f64>,
    /// Quota figures of the selected period.
    pub quota: QuotaFigures,
}

/// Computes every compared figure for `q`, the slow way.
pub fn report(ds: &Dataset, q: &Query) -> NaiveReport {
    let mut deals: Vec<&Deal> = Vec::new();
    for deal in &ds.deals {
        if admitted(deal, q) {
            deals.push(deal);
        }
    }
    let current = period_figures(ds, &deals, q, q.period);
    let as_of = earlier(q.period.end, q.today);
    let snapshot = snapshot_at(ds, &deals, as_of);
    let velocity = velocity_of(&snapshot, &current);
    let quota = quota(ds, &deals, q, &current, as_of);

    let (mut previous, mut previous_snapshot, mut previous_velocity) = (None, None, None);
    if q.period != Period::all() {
        let length = q.period.start.days_until(q.period.end) + 1;
        let before = Period {
            start: q.period.start.add_days(-length),
            end: q.period.start.add_days(-1),
        };
        let figures = period_figures(ds, &deals, q, before);
        let snap = snapshot_at(ds, &deals, earlier(before.end, q.today));
        previous_velocity = velocity_of(&snap, &figures);
        previous = Some(figures);
        previous_snapshot = Some(snap);
    }
    NaiveReport {
        current,
        previous,
        snapshot,
        previous_snapshot,
        velocity,
        previous_velocity,
        quota,
    }
}

fn earlier(a: Date, b: Date) -> Date {
    if a < b {
        a
    } else {
        b
    }
}

fn in_period(period: Period, day: Date) -> bool {
    period.start <= day && day <= period.end
}

/// Whether the query's filters keep this deal: by its source, owner, type, and its stage as of today
/// (a stage it will only enter after today is not its stage yet).
fn admitted(deal: &Deal, q: &Query) -> bool {
    let f = &q.filter;
    if !f.sources.is_empty() {
        match &deal.source {
            Some(source) if f.sources.contains(source) => {}
            _ => return false,
        }
    }
    if !f.owners.is_empty() {
        match &deal.owner {
            Some(owner) if f.owners.contains(owner) => {}
            _ => return false,
        }
    }
    if !f.types.is_empty() {
        match &deal.deal_type {
            Some(kind) if f.types.contains(kind) => {}
            _ => return false,
        }
    }
    if !f.stages.is_empty() {
        match events_by(deal, q.today).last().map(|e| &e.stage) {
            Some(stage) if f.stages.contains(stage) => {}
            _ => return false,
        }
    }
    true
}

/// Pipeline index of a stage id.
fn stage_index(ds: &Dataset, event: &StageEvent) -> Option<usize> {
    for (i, stage) in ds.stages.iter().enumerate() {
        if stage.id == event.stage {
            return Some(i);
        }
    }
    None
}

/// The funnel: the open stages in pipeline order, then the first won stage (as pipeline indices).
fn funnel(ds: &Dataset) -> Vec<usize> {
    let mut steps = Vec::new();
    for (i, stage) in ds.stages.iter().enumerate() {
        if stage.kind == StageKind::Open {
            steps.push(i);
        }
    }
    for (i, stage) in ds.stages.iter().enumerate() {
        if stage.kind == StageKind::Won {
            steps.push(i);
            break;
        }
    }
    steps
}

/// The funnel step a stage belongs to: its place among the open stages, the step after all of
/// them for a won stage, none for a lost stage.
fn funnel_position(ds: &Dataset, stage: usize) -> Option<usize> {
    let mut opens_before = 0;
    for s in &ds.stages[..stage] {
        if s.kind == StageKind::Open {
            opens_before += 1;
        }
    }
    match ds.stages[stage].kind {
        StageKind::Open => Some(opens_before),
        StageKind::Won => Some(
            ds.stages
                .iter()
                .filter(|s| s.kind == StageKind::Open)
                .count(),
        ),
        StageKind::Lost => None,
    }
}

/// The event's funnel position, if its stage has one.
fn event_position(ds: &Dataset, event: &StageEvent) -> Option<usize> {
    stage_index(ds, event).and_then(|i| funnel_position(ds, i))
}

/// When the cycle starts: the recorded first contact, or the first logged stage if that is
/// earlier (the log is the evidence).
fn first_contact(deal: &Deal) -> Date {
    match deal.events.first() {
        Some(e) if e.date < deal.first_contact => e.date,
        _ => deal.first_contact,
    }
}

/// The deal's stage events that have happened by `day`.
fn events_by(deal: &Deal, day: Date) -> Vec<&StageEvent> {
    let mut seen = Vec::new();
    for e in &deal.events {
        if e.date <= day {
            seen.push(e);
        }
    }
    seen
}

/// Whether the deal existed (had been first contacted) by `day`.
fn known_by(deal: &Deal, day: Date) -> bool {
    first_contact(deal) <= day
}

/// The furthest funnel position the deal reached by `day` (0: every deal is at least a lead).
fn furthest(ds: &Dataset, deal: &Deal, day: Date) -> usize {
    let mut furthest = 0;
    for e in events_by(deal, day) {
        if let Some(pos) = event_position(ds, e) {
            if pos > furthest {
                furthest = pos;
            }
        }
    }
    furthest
}

/// The deal's stage as of `day` (pipeline index) and the day the event that put it there happened.
fn current(ds: &Dataset, deal: &Deal, day: Date) -> Option<(usize, Date)> {
    let seen = events_by(deal, day);
    let last = seen.last()?;
    Some((stage_index(ds, last)?, last.date))
}

/// Won or lost as of `day`, and the day it entered that stage; `None` while open.
fn closed(ds: &Dataset, deal: &Deal, day: Date) -> Option<(StageKind, Date)> {
    let (stage, since) = current(ds, deal, day)?;
    match ds.stages[stage].kind {
        StageKind::Open => None,
        kind => Some((kind, since)),
    }
}

/// The deal's value in the display currency; `None` for any other currency.
fn amount(ds: &Dataset, deal: &Deal) -> Option<i64> {
    if deal.value.currency == ds.settings.display_currency {
        Some(deal.value.minor)
    } else {
        None
    }
}

/// Days of `[start, end]` that fall in `period`.
fn overlap(period: Period, start: Date, end: Date) -> i32 {
    let from = if period.start > start {
        period.start
    } else {
        start
    };
    let to = earlier(period.end, end);
    if from > to {
        0
    } else {
        from.days_until(to) + 1
    }
}

/// The share of `[start, end]` inside `period`, when there is any.
fn share(period: Period, start: Date, end: Date) -> Option<f64> {
    let span = start.days_until(end) + 1;
    let shared = overlap(period, start, end);
    if span > 0 && shared > 0 {
        Some(shared as f64 / span as f64)
    } else {
        None
    }
}

fn period_figures(ds: &Dataset, deals: &[&Deal], q: &Query, period: Period) -> PeriodFigures {
    let as_of = earlier(period.end, q.today);
    let steps = funnel(ds);
    let n = steps.len();

    let mut visitors = 0.0;
    for t in &ds.traffic {
        if !q.filter.sources.is_empty() {
            match &t.source {
                Some(source) if q.filter.sources.contains(source) => {}
                _ => continue,
            }
        }
        if let Some(part) = share(period, t.start, t.end) {
            visitors += t.visitors as f64 * part;
        }
    }
    let visitors = visitors.round() as u64;

    let mut leads = 0;
    for deal in deals {
        let fc = first_contact(deal);
        if in_period(period, fc) && fc <= as_of {
            leads += 1;
        }
    }

    let mut funnel_count = vec![0u64; n];
    let mut funnel_value = vec![0i64; n];
    for deal in deals {
        let entered = match q.mode {
            FunnelMode::Cohort => cohort_steps(ds, deal, period, as_of, n),
            FunnelMode::Period => period_steps(ds, deal, period, as_of, n),
        };
        for k in 0..n {
            if entered[k] {
                funnel_count[k] += 1;
                funnel_value[k] += amount(ds, deal).unwrap_or(0);
            }
        }
    }
    let mut from_previous = Vec::new();
    let mut from_first = Vec::new();
    for k in 0..n {
        from_previous.push(if k == 0 {
            None
        } else {
            rate(funnel_count[k], funnel_count[k - 1])
        });
        from_first.push(rate(funnel_count[k], funnel_count[0]));
    }

    let mut transitions = Vec::new();
    for k in 0..n.saturating_sub(1) {
        let mut days = Vec::new();
        for deal in deals {
            let a = first_entry(ds, deal, k, as_of);
            let b = first_entry(ds, deal, k + 1, as_of);
            if let (Some(a), Some(b)) = (a, b) {
                // Entering the later step before the earlier one is no completed step.
                if in_period(period, b) && b >= a {
                    days.push(a.days_until(b) as i64);
                }
            }
        }
        transitions.push(stats(&days));
    }

    let (mut won, mut lost, mut won_value) = (0, 0, 0);
    let (mut cycle, mut cycle_closed, mut sized) = (Vec::new(), Vec::new(), Vec::new());
    for deal in deals {
        let Some((kind, on)) = closed(ds, deal, as_of) else {
            continue;
        };
        if !in_period(period, on) {
            continue;
        }
        let days = first_contact(deal).days_until(on) as i64;
        cycle_closed.push(days);
        if kind == StageKind::Won {
            won += 1;
            cycle.push(days);
            if let Some(v) = amount(ds, deal) {
                won_value += v;
                if v > 0 {
                    sized.push(v);
                }
            }
        } else {
            lost += 1;
        }
    }
    let avg_deal_size = if sized.is_empty() {
        None
    } else {
        Some(sized.iter().sum::<i64>() as f64 / sized.len() as f64)
    };

    PeriodFigures {
        visitors,
        leads,
        visitor_to_lead: rate(leads, visitors),
        funnel_count,
        funnel_value,
        from_previous,
        from_first,
        transitions,
        won,
        lost,
        win_rate: rate(won, won + lost),
        won_value,
        avg_deal_size,
        cycle: stats(&cycle),
        cycle_closed: stats(&cycle_closed),
    }
}

/// Cohort mode: a lead of the period counts at every step up to the furthest it reached.
fn cohort_steps(ds: &Dataset, deal: &Deal, period: Period, as_of: Date, n: usize) -> Vec<bool> {
    let fc = first_contact(deal);
    let mut steps = vec![false; n];
    if in_period(period, fc) && fc <= as_of {
        let furthest = furthest(ds, deal, as_of);
        for (k, step) in steps.iter_mut().enumerate() {
            *step = k <= furthest;
        }
    }
    steps
}

/// Period mode: every event in the period enters its own step, and one that raises the deal's
/// furthest step also enters the steps it skipped on the way. The first event raises from
/// nothing to at least the first step, whatever its stage: as in the cohort funnel, every deal is
/// a lead from its first event on, even one whose first event is a lost stage.
fn period_steps(ds: &Dataset, deal: &Deal, period: Period, as_of: Date, n: usize) -> Vec<bool> {
    let mut steps = vec![false; n];
    let mut furthest: Option<usize> = None;
    for e in events_by(deal, as_of) {
        let own = event_position(ds, e);
        let before = furthest;
        let after = before.unwrap_or(0).max(own.unwrap_or(0));
        if in_period(period, e.date) {
            if let Some(k) = own {
                steps[k] = true;
            }
            let first_new = match before {
                None => 0,
                Some(f) => f + 1,
            };
            for step in steps.iter_mut().take(after + 1).skip(first_new) {
                *step = true;
            }
        }
        furthest = Some(after);
    }
    steps
}

/// The first day the deal entered funnel step `k`, by `day`.
fn first_entry(ds: &Dataset, deal: &Deal, k: usize, day: Date) -> Option<Date> {
    for e in events_by(deal, day) {
        if event_position(ds, e) == Some(k) {
            return Some(e.date);
        }
    }
    None
}

/// P(win | stage) for each stage (pipeline order), from the deals closed by `day`.
fn win_probabilities(ds: &Dataset, deals: &[&Deal], day: Date) -> Vec<f64> {
    let mut out = Vec::new();
    for (i, stage) in ds.stages.iter().enumerate() {
        let probability = match (stage.kind, funnel_position(ds, i)) {
            (StageKind::Open, Some(k)) => {
                let (mut closed_n, mut won_n) = (0.0, 0.0);
                for deal in deals {
                    if let Some((kind, _)) = closed(ds, deal, day) {
                        if furthest(ds, deal, day) >= k {
                            closed_n += 1.0;
                            if kind == StageKind::Won {
                                won_n += 1.0;
                            }
                        }
                    }
                }
                let prior = f64::from(stage.probability.min(100)) / 100.0;
                (won_n + PRIOR_WEIGHT * prior) / (closed_n + PRIOR_WEIGHT)
            }
            (StageKind::Won, _) => 1.0,
            _ => 0.0,
        };
        out.push(probability);
    }
    out
}

/// The pipeline index of the qualified stage; past the last stage (nothing qualifies) if the
/// setting names none, which valid data never does.
fn qualified_index(ds: &Dataset) -> usize {
    for (i, stage) in ds.stages.iter().enumerate() {
        if stage.id == ds.settings.qualified_stage {
            return i;
        }
    }
    ds.stages.len()
}

fn snapshot_at(ds: &Dataset, deals: &[&Deal], as_of: Date) -> SnapshotFigures {
    let probabilities = win_probabilities(ds, deals, as_of);
    let qualified_at = qualified_index(ds);

    // Each deal gives a stage at most one dwell sample: its completed stays there, added up.
    let mut samples: Vec<Vec<i64>> = vec![Vec::new(); ds.stages.len()];
    for deal in deals {
        let seen = events_by(deal, as_of);
        let mut total: Vec<Option<i64>> = vec![None; ds.stages.len()];
        for i in 0..seen.len().saturating_sub(1) {
            if let Some(stage) = stage_index(ds, seen[i]) {
                let days = seen[i].date.days_until(seen[i + 1].date) as i64;
                total[stage] = Some(total[stage].unwrap_or(0) + days);
            }
        }
        for (stage, days) in total.into_iter().enumerate() {
            if let Some(days) = days {
                samples[stage].push(days);
            }
        }
    }
    let mut limits: Vec<Option<f64>> = Vec::new();
    for days in &samples {
        limits.push(if days.len() >= STUCK_MIN_SAMPLES {
            stats(days).p90
        } else {
            None
        });
    }

    let mut s = SnapshotFigures {
        as_of,
        open: 0,
        qualified: 0,
        pipeline_value: 0,
        weighted_value: 0.0,
        other_currency_deals: 0,
        stages: Vec::new(),
        stuck_count: 0,
    };
    let mut per_stage = vec![(0u64, 0i64); ds.stages.len()];
    for deal in deals {
        if !known_by(deal, as_of) {
            continue;
        }
        let Some((stage, since)) = current(ds, deal, as_of) else {
            continue;
        };
        if ds.stages[stage].kind != StageKind::Open {
            continue;
        }
        s.open += 1;
        per_stage[stage].0 += 1;
        match amount(ds, deal) {
            Some(v) => per_stage[stage].1 += v,
            None => s.other_currency_deals += 1,
        }
        if stage >= qualified_at {
            s.qualified += 1;
            if let Some(v) = amount(ds, deal) {
                s.pipeline_value += v;
                s.weighted_value += v as f64 * probabilities[stage];
            }
        }
        if let Some(limit) = limits[stage] {
            if since.days_until(as_of) as f64 > limit {
                s.stuck_count += 1;
            }
        }
    }
    for (i, stage) in ds.stages.iter().enumerate() {
        if stage.kind == StageKind::Open {
            s.stages
                .push((per_stage[i].0, per_stage[i].1, probabilities[i]));
        }
    }
    s
}

/// Qualified open deals × win rate × average deal size ÷ mean cycle; n/a when any is missing or
/// the cycle is zero days.
fn velocity_of(snapshot: &SnapshotFigures, kpis: &PeriodFigures) -> Option<f64> {
    let rate = kpis.win_rate?;
    let size = kpis.avg_deal_size?;
    let cycle = kpis.cycle.mean?;
    if cycle > 0.0 {
        Some(snapshot.qualified as f64 * rate * size / cycle)
    } else {
        None
    }
}

fn quota(
    ds: &Dataset,
    deals: &[&Deal],
    q: &Query,
    kpis: &PeriodFigures,
    as_of: Date,
) -> QuotaFigures {
    let period = q.period;
    let (mut revenue, mut count): (Option<f64>, Option<f64>) = (None, None);
    for goal in &ds.goals {
        // With an owner filter those owners' goals count, otherwise the team's.
        let relevant = match &goal.owner {
            None => q.filter.owners.is_empty(),
            Some(owner) => q.filter.owners.contains(owner),
        };
        if !relevant {
            continue;
        }
        let Some(part) = share(period, goal.start, goal.end) else {
            continue;
        };
        if let Some(money) = goal.revenue {
            if money.currency == ds.settings.display_currency {
                revenue = Some(revenue.unwrap_or(0.0) + money.minor as f64 * part);
            }
        }
        if let Some(n) = goal.won_deals {
            count = Some(count.unwrap_or(0.0) + f64::from(n) * part);
        }
    }
    let revenue_goal = revenue.map(|g| g.round() as i64);
    let remaining = revenue_goal.map(|g| {
        if g > kpis.won_value {
            g - kpis.won_value
        } else {
            0
        }
    });

    let qualified_at = qualified_index(ds);
    let mut expected_to_close = 0;
    for deal in deals {
        let due = matches!(deal.expected_close, Some(c) if c <= period.end);
        if !due || !known_by(deal, as_of) {
            continue;
        }
        if let Some((stage, _)) = current(ds, deal, as_of) {
            if ds.stages[stage].kind == StageKind::Open && stage >= qualified_at {
                expected_to_close += amount(ds, deal).unwrap_or(0);
            }
        }
    }

    let year = Period {
        start: as_of.add_days(-364),
        end: as_of,
    };
    let (mut year_leads, mut year_won) = (0, 0);
    for deal in deals {
        if known_by(deal, as_of) && in_period(year, first_contact(deal)) {
            year_leads += 1;
            if matches!(closed(ds, deal, as_of), Some((StageKind::Won, _))) {
                year_won += 1;
            }
        }
    }
    let lead_to_customer = rate(year_won, year_leads);
    let leads_needed = match (remaining, lead_to_customer, kpis.avg_deal_size) {
        (Some(0), _, _) => Some(0),
        (Some(gap), Some(r), Some(size)) if r > 0.0 && size > 0.0 => {
            Some((gap as f64 / (r * size)).ceil() as u64)
        }
        _ => None,
    };

    QuotaFigures {
        revenue_goal,
        deals_goal: count,
        revenue_attainment: match revenue_goal {
            Some(g) if g > 0 => Some(kpis.won_value as f64 / g as f64),
            _ => None,
        },
        deals_attainment: match count {
            Some(g) if g > 0.0 => Some(kpis.won as f64 / g),
            _ => None,
        },
        remaining,
        expected_to_close,
        coverage: match remaining {
            Some(r) if r > 0 => Some(expected_to_close as f64 / r as f64),
            _ => None,
        },
        coverage_needed: match kpis.win_rate {
            Some(r) if r > 0.0 => Some(1.0 / r),
            _ => None,
        },
        lead_to_customer,
        leads_needed,
    }
}
