//! Plain-language findings: where the funnel narrows against the team's own history, and where
//! deals wait longest (the article: "find the blocks").

use super::{period_kpis, Deals, FunnelMode, Period, PeriodKpis, Pipeline, Query};
use crate::domain::model::StageId;

/// Both sides of a comparison need this many deals before a drop is called a bottleneck.
pub const MIN_SUPPORT: u64 = 5;

/// One finding, with the numbers behind it; the UI words it in the user's language.
#[derive(Clone, Debug, PartialEq)]
pub enum Insight {
    /// The step whose conversion fell most against the trailing history (three previous periods).
    Bottleneck {
        /// Earlier stage.
        from: StageId,
        /// Later stage.
        to: StageId,
        /// Step conversion in the period.
        current: f64,
        /// Step conversion in the trailing history.
        history: f64,
    },
    /// Without history to compare (all time), the step that converts worst.
    WeakestStep {
        /// Earlier stage.
        from: StageId,
        /// Later stage.
        to: StageId,
        /// Its step conversion.
        rate: f64,
    },
    /// The transition with the longest median time in the period.
    Slowest {
        /// Earlier stage.
        from: StageId,
        /// Later stage.
        to: StageId,
        /// Median days.
        median_days: f64,
        /// Deals behind the median.
        n: u64,
    },
}

fn step_rates(kpis: &PeriodKpis) -> impl Iterator<Item = (usize, u64, Option<f64>)> + '_ {
    kpis.funnel.iter().enumerate().skip(1).map(|(k, s)| {
        let r = s.from_previous.unwrap_or_default();
        (k, r.den, r.value())
    })
}

pub(crate) fn find(p: &Pipeline, deals: &Deals, q: &Query, current: &PeriodKpis) -> Vec<Insight> {
    let mut found = Vec::new();
    let names = |k: usize| {
        (
            current.funnel[k - 1].stage.clone(),
            current.funnel[k].stage.clone(),
        )
    };
    // Rates are compared as cohorts whatever the chosen mode: only cohort rates stay within 0–1.
    let cohort = Query {
        mode: FunnelMode::Cohort,
        ..q.clone()
    };
    let now = if q.mode == FunnelMode::Cohort {
        current.clone()
    } else {
        period_kpis(p, deals, &cohort, q.period, false)
    };
    if q.period.is_all() {
        let weakest = step_rates(&now)
            .filter(|(_, den, _)| *den >= MIN_SUPPORT)
            .filter_map(|(k, _, r)| r.map(|r| (k, r)))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((k, rate)) = weakest {
            let (from, to) = names(k);
            found.push(Insight::WeakestStep { from, to, rate });
        }
    } else {
        let len = q.period.days() as i32;
        let history = Period {
            start: q.period.start.add_days(-3 * len),
            end: q.period.start.add_days(-1),
        };
        let past = period_kpis(p, deals, &cohort, history, false);
        let worst = step_rates(&now)
            .zip(step_rates(&past))
            .filter(|((_, den, _), (_, past_den, _))| {
                *den >= MIN_SUPPORT && *past_den >= MIN_SUPPORT
            })
            .filter_map(|((k, _, r), (_, _, h))| Some((k, r?, h?)))
            .filter(|(_, r, h)| r < h)
            .max_by(|a, b| (a.2 - a.1).total_cmp(&(b.2 - b.1)));
        if let Some((k, current, history)) = worst {
            let (from, to) = names(k);
            found.push(Insight::Bottleneck {
                from,
                to,
                current,
                history,
            });
        }
    }
    let slowest = current
        .transitions
        .iter()
        .filter(|t| t.days.n >= MIN_SUPPORT)
        .filter_map(|t| t.days.median.map(|m| (t, m)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((t, median_days)) = slowest {
        found.push(Insight::Slowest {
            from: t.from.clone(),
            to: t.to.clone(),
            median_days,
            n: t.days.n,
        });
    }
    found
}
