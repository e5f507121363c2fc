//! The step-by-step comparison: one row per owner, source or deal type, one column per funnel step, each
//! cell the row's cohort conversion against the rest of the team's, tested for significance so
//! that a rep with three deals is never called a block.

use super::insights::{drop_z, MIN_SUPPORT};
use super::stats::critical_z;
use super::{period_kpis, DealIndex, FunnelMode, Pipeline, Query, Ratio};
use crate::model::{Dataset, Deal, StageId};

/// The false-alarm rate of one direction over the whole table.
pub const ALPHA: f64 = 0.05;

/// What the rows are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatrixBy {
    /// One row per owner (and one for deals without an owner).
    Owner,
    /// One row per lead source (and one for deals without a source).
    Source,
    /// One row per deal type (and one for deals without a type).
    Type,
}

/// How a cell compares with the rest of the team.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Significantly lower.
    Below,
    /// No significant difference.
    Level,
    /// Significantly higher.
    Above,
    /// Fewer than [`MIN_SUPPORT`] deals at the step on one side: not judged.
    Few,
}

/// One row's figures at one funnel step.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// The row's step conversion (cohort of the period).
    pub rate: Ratio,
    /// The same step for every other deal of the report.
    pub rest: Ratio,
    /// Median days between the two stages, transitions completed in the period.
    pub median_days: Option<f64>,
    /// One-sided z of the row falling below the rest (negative: above it).
    pub z: Option<f64>,
    /// The judgement.
    pub verdict: Verdict,
}

/// One owner, source or deal type across the funnel.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixRow {
    /// The owner, source or type id (`None`: deals without one).
    pub key: Option<String>,
    /// Leads of the period in this row.
    pub leads: u64,
    /// One cell per step.
    pub cells: Vec<Cell>,
    /// The row's block: the step significantly below the rest with the largest z.
    pub block: Option<usize>,
}

/// The comparison of a query's period.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    /// The funnel's steps (earlier stage, later stage).
    pub steps: Vec<(StageId, StageId)>,
    /// The whole report's step conversion.
    pub team: Vec<Ratio>,
    /// Rows with at least one lead in the period, most leads first.
    pub rows: Vec<MatrixRow>,
}

fn key_of(by: MatrixBy, deal: &Deal) -> Option<&str> {
    match by {
        MatrixBy::Owner => deal.owner.as_ref().map(|o| o.as_str()),
        MatrixBy::Source => deal.source.as_ref().map(|s| s.as_str()),
        MatrixBy::Type => deal.deal_type.as_ref().map(|t| t.as_str()),
    }
}

fn steps_of(funnel: &[super::FunnelStep]) -> Vec<Ratio> {
    funnel
        .iter()
        .skip(1)
        .map(|s| s.from_previous.unwrap_or_default())
        .collect()
}

/// Compares every owner's (or source's, or type's) funnel with the rest of the report's deals.
pub fn comparison_matrix(
    ds: &Dataset,
    index: Option<&DealIndex>,
    q: &Query,
    by: MatrixBy,
) -> Matrix {
    let mut owned = None;
    let index = super::usable(ds, index, &mut owned);
    let p = Pipeline::new(ds);
    // Rates are compared as cohorts whatever the chosen mode: only cohort rates stay within 0–1.
    let q = Query {
        mode: FunnelMode::Cohort,
        ..q.clone()
    };
    let all = p.select(index, |d| q.filter.admits(d, q.today));
    let team_kpis = period_kpis(&p, &all, &q, q.period, false);
    let team = steps_of(&team_kpis.funnel);
    let steps: Vec<(StageId, StageId)> = team_kpis
        .funnel
        .windows(2)
        .map(|w| (w[0].stage.clone(), w[1].stage.clone()))
        .collect();

    let mut keys: Vec<Option<&str>> = Vec::new();
    for d in &ds.deals {
        let k = key_of(by, d);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let mut rows: Vec<MatrixRow> = keys
        .into_iter()
        .filter_map(|key| {
            let mine = p.select(index, |d| {
                key_of(by, d) == key && q.filter.admits(d, q.today)
            });
            let kpis = period_kpis(&p, &mine, &q, q.period, true);
            (kpis.leads > 0).then(|| {
                let cells: Vec<Cell> = steps_of(&kpis.funnel)
                    .into_iter()
                    .zip(&team)
                    .zip(&kpis.transitions)
                    .map(|((rate, all), t)| {
                        let rest = Ratio::new(all.num - rate.num, all.den - rate.den);
                        let z = drop_z(rate, rest);
                        let verdict = if rate.den < MIN_SUPPORT || rest.den < MIN_SUPPORT {
                            Verdict::Few
                        } else {
                            Verdict::Level
                        };
                        Cell {
                            rate,
                            rest,
                            median_days: t.days.median,
                            z,
                            verdict,
                        }
                    })
                    .collect();
                MatrixRow {
                    key: key.map(str::to_owned),
                    leads: kpis.leads,
                    cells,
                    block: None,
                }
            })
        })
        .collect();
    // A manager reads the whole table at once: the 5% false-alarm rate is for the table, split
    // over every cell that has the evidence to be judged (Bonferroni), one direction at a time.
    let judged = rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| c.verdict != Verdict::Few)
        .count();
    let threshold = critical_z(ALPHA / judged.max(1) as f64);
    for row in &mut rows {
        for c in &mut row.cells {
            c.verdict = match c.z {
                _ if c.verdict == Verdict::Few => Verdict::Few,
                Some(z) if z >= threshold => Verdict::Below,
                Some(z) if -z >= threshold => Verdict::Above,
                _ => Verdict::Level,
            };
        }
        row.block = row
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.verdict == Verdict::Below)
            .max_by(|a, b| a.1.z.unwrap_or(0.0).total_cmp(&b.1.z.unwrap_or(0.0)))
            .map(|(k, _)| k);
    }
    crate::sort::sort_by(&mut rows, |a, b| {
        b.leads.cmp(&a.leads).then_with(|| a.key.cmp(&b.key))
    });
    Matrix { steps, team, rows }
}

#[cfg(test)]
#[path = "matrix_tests.rs"]
mod tests;
