//! Period KPIs: leads, the funnel in either mode, times between stages, cycles, wins and losses.

use super::{
    DayStats, Deals, Event, FunnelMode, FunnelStep, GroupStats, Period, PeriodKpis, Pipeline,
    Query, Ratio, Transition,
};
use crate::model::{Dataset, DealTypeId, OwnerId, SourceId, StageKind};
use std::collections::HashMap;

/// KPIs of one period; without `detail` (previous periods, history) the per-step times, the
/// cycle splits and the won+lost cycle are left empty, since only headline deltas use them.
pub(crate) fn period_kpis(
    p: &Pipeline,
    deals: &Deals,
    q: &Query,
    period: Period,
    detail: bool,
) -> PeriodKpis {
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
    let mut by_type: HashMap<Option<&DealTypeId>, Vec<i64>> = HashMap::new();

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
                    by_type
                        .entry(deal.deal.deal_type.as_ref())
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
        cycle_by_type: grouped(by_type),
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
    crate::sort::sort_by(&mut out, |a, b| a.key.cmp(&b.key));
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
