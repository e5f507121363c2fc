//! Why deals are lost: the lost deals of a period by reason, by the stage they were lost from, by
//! owner and by source, the trend of the top reasons, and win/loss by segment (owner, source and
//! deal type).
//!
//! A loss of the period is the headline count's: a deal that is lost as of the period's end
//! (or today) and entered that lost stage during the period, so the lists here add up to the
//! "Deals lost" figure. A deal lost and later reopened keeps the reason it was lost for
//! ([`Dataset::past_losses`]), so an earlier period still says why.

use super::charts::{buckets, chart_span, WEEKLY_UP_TO_DAYS};
use super::{DayStats, DealIndex, Period, Pipeline, Query, Ratio};
use crate::date::Date;
use crate::model::{Dataset, Deal, DealId, DealTypeId, OwnerId, SourceId, StageId, StageKind};
use std::collections::HashMap;

/// Top reasons drawn in the trend; the rest are summed as "other".
pub const TREND_REASONS: usize = 4;

/// One lost deal of the period.
#[derive(Clone, Debug, PartialEq)]
pub struct Loss {
    /// The deal.
    pub deal: DealId,
    /// The day it entered the lost stage.
    pub date: Date,
    /// Why, as recorded (`None`: no reason given).
    pub reason: Option<String>,
    /// The note recorded with the loss.
    pub note: String,
    /// The last open stage before the loss (`None`: lost before any open stage).
    pub from: Option<StageId>,
    /// Value in the display currency (0 for other currencies).
    pub value: i64,
    /// The deal's owner.
    pub owner: Option<OwnerId>,
    /// The deal's source.
    pub source: Option<SourceId>,
    /// The deal's type.
    pub deal_type: Option<DealTypeId>,
}

/// Lost deals sharing one key (a reason, a stage, an owner or a source).
#[derive(Clone, Debug, PartialEq)]
pub struct LossGroup<K> {
    /// The key (`None`: no reason, stage, owner or source).
    pub key: Option<K>,
    /// Lost deals.
    pub count: u64,
    /// Their value (display currency, minor units).
    pub value: i64,
    /// Count ÷ all lost deals of the period.
    pub share: Ratio,
}

/// Win/loss of one segment (an owner, a source or a deal type) in the period.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment<K> {
    /// The segment (`None`: deals without an owner/source/type).
    pub key: Option<K>,
    /// Deals won in the period.
    pub won: u64,
    /// Deals lost in the period.
    pub lost: u64,
    /// Won ÷ (won + lost).
    pub win_rate: Ratio,
    /// First contact → won, days, of the deals won.
    pub cycle: DayStats,
    /// Value lost (display currency, minor units).
    pub lost_value: i64,
}

/// Lost deals per bucket (week or month) of the period for the top reasons.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ReasonTrend {
    /// Whether buckets are weeks.
    pub weekly: bool,
    /// The buckets, clipped to the period.
    pub buckets: Vec<Period>,
    /// The top reasons by count (at most [`TREND_REASONS`]; `None`: no reason given).
    pub reasons: Vec<Option<String>>,
    /// `counts[reason][bucket]`; one row more than `reasons` when other reasons exist (their sum).
    pub counts: Vec<Vec<u64>>,
}

/// The whole loss analysis of a query.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LossReport {
    /// Every loss of the period, newest first (ties by deal id).
    pub losses: Vec<Loss>,
    /// Their total value.
    pub value: i64,
    /// By reason, most frequent first.
    pub by_reason: Vec<LossGroup<String>>,
    /// By the stage lost from, in funnel order (then "before any stage").
    pub by_stage: Vec<LossGroup<StageId>>,
    /// By owner, most frequent first.
    pub by_owner: Vec<LossGroup<OwnerId>>,
    /// By source, most frequent first.
    pub by_source: Vec<LossGroup<SourceId>>,
    /// Win/loss per owner, by owner id (unassigned last).
    pub owners: Vec<Segment<OwnerId>>,
    /// Win/loss per source, by source id (no source last).
    pub sources: Vec<Segment<SourceId>>,
    /// Win/loss per deal type, by type id (no type last).
    pub types: Vec<Segment<DealTypeId>>,
    /// The top reasons over the period.
    pub trend: ReasonTrend,
}

/// The reason and note recorded for the loss of `deal` entered on `date`: the deal's own while it
/// is still lost from that day, else the one kept when it was reopened.
fn recorded(ds: &Dataset, deal: &Deal, date: Date) -> (Option<String>, String) {
    let still_lost_then = deal.current_since() == Some(date)
        && deal
            .current_stage()
            .and_then(|s| ds.stage(s))
            .is_some_and(|s| s.kind == StageKind::Lost);
    let (reason, note) = if still_lost_then {
        (deal.lost_reason.as_deref(), deal.lost_note.as_str())
    } else {
        ds.past_losses
            .iter()
            .find(|p| p.deal == deal.id && p.date == date)
            .map_or((None, ""), |p| (Some(p.reason.as_str()), p.note.as_str()))
    };
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    (reason.map(str::to_owned), note.to_owned())
}

/// Computes the loss analysis for the query's period and filters.
pub fn loss_report(ds: &Dataset, index: Option<&DealIndex>, q: &Query) -> LossReport {
    let mut owned = None;
    let index = super::usable(ds, index, &mut owned);
    let p = Pipeline::new(ds);
    let deals = p.select(index, |d| q.filter.admits(d, q.today));
    let as_of = q.period.end.min(q.today);
    let mut losses = Vec::new();
    let mut won: HashMap<WonKey, Vec<i64>> = HashMap::new();
    for deal in deals.iter() {
        let Some(f) = deal.at(as_of) else {
            continue;
        };
        let Some((kind, date)) = f.closed(&p).filter(|(_, d)| q.period.contains(*d)) else {
            continue;
        };
        if kind == StageKind::Won {
            let days = f.first_contact.days_until(date) as i64;
            won.entry((
                deal.deal.owner.as_ref(),
                deal.deal.source.as_ref(),
                deal.deal.deal_type.as_ref(),
            ))
            .or_default()
            .push(days);
            continue;
        }
        let from = f
            .events
            .iter()
            .rev()
            .find(|e| p.kind(e.stage) == StageKind::Open)
            .map(|e| ds.stages[e.stage].id.clone());
        let (reason, note) = recorded(ds, deal.deal, date);
        losses.push(Loss {
            deal: deal.id.clone(),
            date,
            reason,
            note,
            from,
            value: deal.amount.unwrap_or(0),
            owner: deal.owner.clone(),
            source: deal.source.clone(),
            deal_type: deal.deal.deal_type.clone(),
        });
    }
    crate::sort::sort_by(&mut losses, |a, b| {
        b.date.cmp(&a.date).then_with(|| a.deal.cmp(&b.deal))
    });

    let total = losses.len() as u64;
    let by = |key: &dyn Fn(&Loss) -> Option<String>| -> Vec<LossGroup<String>> {
        let mut groups: Vec<LossGroup<String>> = Vec::new();
        for l in &losses {
            let k = key(l);
            match groups.iter_mut().find(|g| g.key == k) {
                Some(g) => {
                    g.count += 1;
                    g.value += l.value;
                }
                None => groups.push(LossGroup {
                    key: k,
                    count: 1,
                    value: l.value,
                    share: Ratio::default(),
                }),
            }
        }
        for g in &mut groups {
            g.share = Ratio::new(g.count, total);
        }
        groups
    };
    let most_first = |mut groups: Vec<LossGroup<String>>| {
        crate::sort::sort_by(&mut groups, |a, b| {
            b.count
                .cmp(&a.count)
                .then(b.value.cmp(&a.value))
                .then_with(|| none_last(&a.key, &b.key))
        });
        groups
    };
    let by_reason = most_first(by(&|l| l.reason.clone()));
    let mut by_stage = by(&|l| l.from.as_ref().map(|s| s.0.clone()));
    let funnel_order = |key: &Option<String>| {
        key.as_ref()
            .and_then(|k| ds.stages.iter().position(|s| s.id.0 == *k))
            .unwrap_or(usize::MAX)
    };
    crate::sort::sort_by(&mut by_stage, |a, b| {
        funnel_order(&a.key).cmp(&funnel_order(&b.key))
    });
    let by_owner = most_first(by(&|l| l.owner.as_ref().map(|o| o.0.clone())));
    let by_source = most_first(by(&|l| l.source.as_ref().map(|s| s.0.clone())));

    let owners = segments(&losses, &won, |l| l.owner.as_ref(), |k| k.0);
    let sources = segments(&losses, &won, |l| l.source.as_ref(), |k| k.1);
    let types = segments(&losses, &won, |l| l.deal_type.as_ref(), |k| k.2);
    let trend = reason_trend(ds, q, &deals, &by_reason, &losses);
    LossReport {
        value: losses.iter().map(|l| l.value).sum(),
        by_reason,
        by_stage: retype(by_stage, StageId),
        by_owner: retype(by_owner, OwnerId),
        by_source: retype(by_source, SourceId),
        owners,
        sources,
        types,
        trend,
        losses,
    }
}

/// Orders keys with "none" after every named key.
fn none_last<K: Ord>(a: &Option<K>, b: &Option<K>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

fn retype<K>(groups: Vec<LossGroup<String>>, wrap: fn(String) -> K) -> Vec<LossGroup<K>> {
    groups
        .into_iter()
        .map(|g| LossGroup {
            key: g.key.map(wrap),
            count: g.count,
            value: g.value,
            share: g.share,
        })
        .collect()
}

type WonKey<'a> = (
    Option<&'a OwnerId>,
    Option<&'a SourceId>,
    Option<&'a DealTypeId>,
);

fn segments<'a, K: Clone + Ord + std::hash::Hash + 'a>(
    losses: &'a [Loss],
    won: &HashMap<WonKey<'a>, Vec<i64>>,
    of_loss: impl Fn(&'a Loss) -> Option<&'a K>,
    of_win: impl Fn(&WonKey<'a>) -> Option<&'a K>,
) -> Vec<Segment<K>> {
    let mut rows: HashMap<Option<&K>, (Vec<i64>, u64, i64)> = HashMap::new();
    for (key, days) in won {
        rows.entry(of_win(key))
            .or_default()
            .0
            .extend_from_slice(days);
    }
    for l in losses {
        let row = rows.entry(of_loss(l)).or_default();
        row.1 += 1;
        row.2 += l.value;
    }
    let mut out: Vec<Segment<K>> = rows
        .into_iter()
        .map(|(key, (days, lost, lost_value))| Segment {
            key: key.cloned(),
            won: days.len() as u64,
            lost,
            win_rate: Ratio::new(days.len() as u64, days.len() as u64 + lost),
            cycle: DayStats::of(days),
            lost_value,
        })
        .collect();
    crate::sort::sort_by(&mut out, |a, b| none_last(&a.key, &b.key));
    out
}

fn reason_trend(
    ds: &Dataset,
    q: &Query,
    deals: &super::Deals,
    by_reason: &[LossGroup<String>],
    losses: &[Loss],
) -> ReasonTrend {
    let span = chart_span(deals, q);
    let period = Period {
        start: span.start,
        end: span.end.min(q.today),
    };
    let weekly = period.days() <= WEEKLY_UP_TO_DAYS;
    let cut = buckets(period, weekly, ds.settings.week_start, ds.settings.calendar);
    let reasons: Vec<Option<String>> = by_reason
        .iter()
        .take(TREND_REASONS)
        .map(|g| g.key.clone())
        .collect();
    let others = by_reason.len() > reasons.len();
    let mut counts = vec![vec![0u64; cut.len()]; reasons.len() + usize::from(others)];
    for l in losses {
        let Some(slot) = Some(cut.partition_point(|b| b.end < l.date)).filter(|i| *i < cut.len())
        else {
            continue;
        };
        let row = reasons
            .iter()
            .position(|r| *r == l.reason)
            .unwrap_or(reasons.len());
        if let Some(row) = counts.get_mut(row) {
            row[slot] += 1;
        }
    }
    ReasonTrend {
        weekly,
        buckets: cut,
        reasons,
        counts,
    }
}

#[cfg(test)]
#[path = "loss_tests.rs"]
mod tests;
