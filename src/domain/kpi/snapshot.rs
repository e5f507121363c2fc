//! The open pipeline as of a day: per-stage counts and values, learned win probabilities, stuck deals, velocity.

use super::{
    stats, DayStats, Deals, PeriodKpis, Pipeline, Snapshot, StageSnapshot, StuckDeal,
    WinProbability,
};
use crate::date::Date;
use crate::model::{Deal, StageKind};

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
pub(crate) fn snapshot(
    p: &Pipeline,
    deals: &Deals,
    as_of: Date,
    probabilities: &[WinProbability],
    detail: bool,
) -> Snapshot {
    let stages = &p.ds.stages;
    let per_stage_guess = if detail {
        deals.expected_events() / stages.len().max(1)
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
    crate::sort::sort_by(&mut stuck, order);
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

pub(crate) fn snapshot_at(p: &Pipeline, deals: &Deals, as_of: Date, detail: bool) -> Snapshot {
    snapshot(p, deals, as_of, &win_probabilities(p, deals, as_of), detail)
}

/// Sales velocity (Close's definition): qualified open deals × win rate × average deal size ÷
/// average cycle length, in value per day.
pub(crate) fn velocity_of(snapshot: &Snapshot, kpis: &PeriodKpis) -> Option<f64> {
    let (rate, size, cycle) = (
        kpis.win_rate.value()?,
        kpis.avg_deal_size?,
        kpis.cycle.mean?,
    );
    (cycle > 0.0).then(|| snapshot.qualified as f64 * rate * size / cycle)
}
