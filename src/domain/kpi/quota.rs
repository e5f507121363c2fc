//! Quota figures: attainment, coverage, and the leads needed to close the gap.

use super::{Deals, Period, PeriodKpis, Pipeline, Query, Quota, Ratio};
use crate::date::Date;
use crate::model::StageKind;

pub(crate) fn quota(
    p: &Pipeline,
    deals: &Deals,
    q: &Query,
    kpis: &PeriodKpis,
    as_of: Date,
) -> Quota {
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
