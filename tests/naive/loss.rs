//! The loss analysis and the step-by-step comparison the plain way, from the glossary's words:
//! one loop over every deal per figure, nothing from the engine but the data types.

use super::{
    admitted, closed, cohort_steps, events_by, first_contact, funnel, in_period, stage_index,
    stats, Stats,
};
use kariz::domain::date::Date;
use kariz::domain::kpi::Query;
use kariz::domain::model::{Dataset, Deal, StageKind};

/// One lost deal: id, day, reason, the stage lost from, value.
pub type NaiveLoss = (String, Date, Option<String>, Option<String>, i64);

/// The loss figures in plain numbers.
#[derive(Debug, PartialEq, Default)]
pub struct LossFigures {
    /// Every loss, newest first, then by id.
    pub losses: Vec<NaiveLoss>,
    /// (reason, count, value), by reason.
    pub by_reason: Vec<(Option<String>, u64, i64)>,
    /// (owner, won, lost, cycle of the won), by owner.
    pub owners: Vec<(Option<String>, u64, u64, Stats)>,
}

fn as_of(q: &Query) -> Date {
    if q.period.end < q.today {
        q.period.end
    } else {
        q.today
    }
}

/// The reason the deal was lost for on `date`: its own while its log still ends in that loss,
/// else the one kept when it was reopened.
fn reason(ds: &Dataset, deal: &Deal, date: Date) -> Option<String> {
    let mut found: Option<String> = None;
    let last = deal.events.last();
    let own = match last {
        Some(e) => {
            e.date == date
                && ds
                    .stages
                    .iter()
                    .any(|s| s.id == e.stage && s.kind == StageKind::Lost)
        }
        None => false,
    };
    if own {
        found = deal.lost_reason.clone();
    } else {
        for p in &ds.past_losses {
            if p.deal == deal.id && p.date == date {
                found = Some(p.reason.clone());
                break;
            }
        }
    }
    match found {
        Some(r) if !r.trim().is_empty() => Some(r.trim().to_string()),
        _ => None,
    }
}

/// Losses, reasons and win/loss per owner of the query's period.
pub fn losses(ds: &Dataset, q: &Query) -> LossFigures {
    let day = as_of(q);
    let mut out = LossFigures::default();
    let mut owners: Vec<(Option<String>, u64, u64, Vec<i64>)> = Vec::new();
    for deal in &ds.deals {
        if !admitted(deal, q) || first_contact(deal) > day {
            continue;
        }
        let Some((kind, date)) = closed(ds, deal, day) else {
            continue;
        };
        if !in_period(q.period, date) {
            continue;
        }
        let owner = deal.owner.as_ref().map(|o| o.0.clone());
        let row = match owners.iter().position(|r| r.0 == owner) {
            Some(i) => i,
            None => {
                owners.push((owner, 0, 0, Vec::new()));
                owners.len() - 1
            }
        };
        if kind == StageKind::Won {
            owners[row].1 += 1;
            owners[row]
                .3
                .push(first_contact(deal).days_until(date) as i64);
            continue;
        }
        owners[row].2 += 1;
        let mut from = None;
        for e in events_by(deal, day) {
            if let Some(i) = stage_index(ds, e) {
                if ds.stages[i].kind == StageKind::Open {
                    from = Some(e.stage.0.clone());
                }
            }
        }
        let value = if deal.value.currency == ds.settings.display_currency {
            deal.value.minor
        } else {
            0
        };
        out.losses
            .push((deal.id.0.clone(), date, reason(ds, deal, date), from, value));
    }
    out.losses
        .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for l in &out.losses {
        match out.by_reason.iter_mut().find(|r| r.0 == l.2) {
            Some(r) => {
                r.1 += 1;
                r.2 += l.4;
            }
            None => out.by_reason.push((l.2.clone(), 1, l.4)),
        }
    }
    out.by_reason.sort();
    owners.sort_by(|a, b| a.0.cmp(&b.0));
    out.owners = owners
        .into_iter()
        .map(|(o, won, lost, days)| (o, won, lost, stats(&days)))
        .collect();
    out
}

/// One owner's row of the comparison: (owner, leads, per step (reached next, reached this)).
pub type MatrixRow = (Option<String>, u64, Vec<(u64, u64)>);

/// Cohort step counts per owner with leads in the period, by owner.
pub fn matrix(ds: &Dataset, q: &Query) -> Vec<MatrixRow> {
    let day = as_of(q);
    let n = funnel(ds).len();
    let mut rows: Vec<(Option<String>, Vec<u64>)> = Vec::new();
    for deal in &ds.deals {
        if !admitted(deal, q) {
            continue;
        }
        let steps = cohort_steps(ds, deal, q.period, day, n);
        if !steps.first().copied().unwrap_or(false) {
            continue;
        }
        let owner = deal.owner.as_ref().map(|o| o.0.clone());
        let i = match rows.iter().position(|r| r.0 == owner) {
            Some(i) => i,
            None => {
                rows.push((owner, vec![0; n]));
                rows.len() - 1
            }
        };
        for (k, reached) in steps.iter().enumerate() {
            if *reached {
                rows[i].1[k] += 1;
            }
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows.into_iter()
        .map(|(owner, counts)| {
            let steps = (1..n).map(|k| (counts[k], counts[k - 1])).collect();
            (owner, counts[0], steps)
        })
        .collect()
}

/// Φ⁻¹(1 − 0.05/m): the z whose upper tail is 5% split m ways, by bisection on the normal
/// tail integrated with Simpson's rule (nothing shared with the engine's approximation).
pub fn z_needed(m: usize) -> f64 {
    let target = 0.05 / m.max(1) as f64;
    let tail = |z: f64| {
        // ∫ from z to z + 12 of the standard normal density.
        let steps = 4000;
        let h = 12.0 / steps as f64;
        let f = |x: f64| (-x * x / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
        let mut sum = f(z) + f(z + 12.0);
        for i in 1..steps {
            let x = z + i as f64 * h;
            sum += if i % 2 == 1 { 4.0 } else { 2.0 } * f(x);
        }
        sum * h / 3.0
    };
    let (mut lo, mut hi) = (0.0, 8.0);
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if tail(mid) > target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo + hi) / 2.0
}

/// Whether `row` (num, den) is significantly below `rest` by a one-sided pooled two-proportion
/// z-test at `z_needed`, with at least `min` deals on each side.
pub fn below(row: (u64, u64), rest: (u64, u64), z_needed: f64, min: u64) -> bool {
    if row.1 < min || rest.1 < min {
        return false;
    }
    let p1 = row.0 as f64 / row.1 as f64;
    let p0 = rest.0 as f64 / rest.1 as f64;
    let pooled = (row.0 + rest.0) as f64 / (row.1 + rest.1) as f64;
    let se = (pooled * (1.0 - pooled) * (1.0 / row.1 as f64 + 1.0 / rest.1 as f64)).sqrt();
    se > 0.0 && (p0 - p1) / se >= z_needed
}
