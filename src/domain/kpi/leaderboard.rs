//! Per-owner standings for a period, and the stuck limits the board marks cards with.

use super::{period_kpis, quota, snapshot_at, DayStats, DealIndex, Pipeline, Query, Ratio};
use crate::model::{Dataset, OwnerId};

/// One owner's results for the period, computed by the same rules as the dashboard.
#[derive(Clone, Debug, PartialEq)]
pub struct Standing {
    /// The owner (`None`: deals without an owner).
    pub owner: Option<OwnerId>,
    /// Value won in the period (display currency).
    pub won_value: i64,
    /// Deals won in the period.
    pub won: u64,
    /// Won ÷ (won + lost) among deals closed in the period.
    pub win_rate: Ratio,
    /// First contact → won, days, for deals won in the period.
    pub cycle: DayStats,
    /// Attainment of the owner's revenue goal (or won-deals goal without one), if set.
    pub attainment: Option<f64>,
}

/// Standings of every owner with deals (and the unassigned, if any), best won value first.
pub fn leaderboard(ds: &Dataset, index: Option<&DealIndex>, q: &Query) -> Vec<Standing> {
    let mut owned = None;
    let index = super::usable(ds, index, &mut owned);
    let p = Pipeline::new(ds);
    let mut keys: Vec<Option<OwnerId>> = ds.owners.iter().map(|o| Some(o.id.clone())).collect();
    if ds.deals.iter().any(|d| d.owner.is_none()) {
        keys.push(None);
    }
    let mut rows: Vec<Standing> = keys
        .into_iter()
        .map(|owner| {
            let mut mine = q.clone();
            mine.filter.owners = owner.iter().cloned().collect();
            let deals = p.select(index, |d| {
                d.owner == owner && mine.filter.admits(d, q.today)
            });
            let kpis = period_kpis(&p, &deals, &mine, q.period, false);
            let as_of = q.period.end.min(q.today);
            let goal = owner
                .as_ref()
                .map(|_| quota(&p, &deals, &mine, &kpis, as_of));
            Standing {
                won_value: kpis.won_value,
                won: kpis.won,
                win_rate: kpis.win_rate,
                cycle: kpis.cycle,
                attainment: goal.and_then(|g| g.revenue_attainment.or(g.deals_attainment)),
                owner,
            }
        })
        .collect();
    crate::sort::sort_by(&mut rows, |a, b| {
        b.won_value
            .cmp(&a.won_value)
            .then(b.won.cmp(&a.won))
            .then_with(|| a.owner.cmp(&b.owner))
    });
    rows
}

/// Per stage (by pipeline index): days in stage beyond which an open deal counts as stuck, as
/// of `today` (the p90 of deals that moved on; `None` with too few samples).
pub fn stuck_limits(
    ds: &Dataset,
    index: Option<&DealIndex>,
    today: crate::Date,
) -> Vec<Option<f64>> {
    let mut owned = None;
    let index = super::usable(ds, index, &mut owned);
    let p = Pipeline::new(ds);
    let deals = p.select(index, |_| true);
    snapshot_at(&p, &deals, today, true).stuck_limits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::{report, Period};
    use crate::sample::sample_dataset;
    use crate::{Date, Language};

    #[test]
    fn standings_add_up_to_the_team_and_match_owner_filters() {
        let today = Date::parse("2025-06-30").unwrap();
        let ds = sample_dataset(today, Language::En);
        let q = Query {
            period: Period {
                start: Date::parse("2025-04-01").unwrap(),
                end: Date::parse("2025-06-30").unwrap(),
            },
            filter: Default::default(),
            mode: Default::default(),
            today,
        };
        let rows = leaderboard(&ds, None, &q);
        let team = report(&ds, &q);
        assert_eq!(rows.iter().map(|r| r.won).sum::<u64>(), team.current.won);
        assert_eq!(
            rows.iter().map(|r| r.won_value).sum::<i64>(),
            team.current.won_value
        );
        assert!(rows.windows(2).all(|w| w[0].won_value >= w[1].won_value));
        let first = &rows[0];
        let mut mine = q.clone();
        mine.filter.owners = first.owner.iter().cloned().collect();
        let theirs = report(&ds, &mine);
        assert_eq!(first.win_rate, theirs.current.win_rate);
        assert_eq!(first.cycle.median, theirs.current.cycle.median);
        // The sample's owner goals are won-deal counts, so attainment falls back to them.
        let goal = theirs
            .quota
            .revenue_attainment
            .or(theirs.quota.deals_attainment);
        assert!(goal.is_some_and(|g| g > 0.0));
        assert_eq!(first.attainment, goal);
    }

    #[test]
    fn stuck_limits_match_the_dashboard_snapshot() {
        let today = Date::parse("2025-06-30").unwrap();
        let ds = sample_dataset(today, Language::En);
        let q = Query {
            period: Period::all(),
            filter: Default::default(),
            mode: Default::default(),
            today,
        };
        assert_eq!(
            stuck_limits(&ds, None, today),
            report(&ds, &q).snapshot.stuck_limits
        );
    }
}
