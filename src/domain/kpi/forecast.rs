//! Forecast of wins and revenue for the next 30, 60 and 90 days.
//!
//! Method (documented in the glossary): each open deal in stage s closes as won within the
//! horizon H with probability P(win | s) × P(won within H | won, passed s), both learned from the
//! team's closed deals, conditioned on the days the deal has already waited in s without closing
//! (so a long-stalled deal counts for little). New leads arrive at the rate of the last 90 days and win
//! within the days left in the horizon as often as last year's leads did. Deals are independent,
//! so the expected counts add up, and the 80% range is the normal approximation mean ± 1.2816 σ
//! (σ² = Σ p(1−p) for open deals, Poisson for new leads), never below zero.

use super::{Deals, Pipeline, WinProbability};
use crate::domain::date::Date;
use crate::domain::model::StageKind;

/// Forecast horizons in days.
pub const HORIZONS: [u32; 3] = [30, 60, 90];
/// z-score of the 10th/90th percentile of the normal distribution (an 80% range).
const Z80: f64 = 1.281_551_565_545;
/// Won deals needed per stage before its own timing is used instead of the whole team's.
const MIN_TIMING_SAMPLES: usize = 5;

/// An expected value with its 80% range.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Estimate {
    /// Expected value.
    pub mean: f64,
    /// 10th percentile (approximate, never below zero).
    pub low: f64,
    /// 90th percentile (approximate).
    pub high: f64,
}

impl Estimate {
    fn from_moments(mean: f64, variance: f64) -> Estimate {
        let sd = variance.max(0.0).sqrt();
        Estimate {
            mean,
            low: (mean - Z80 * sd).max(0.0),
            high: mean + Z80 * sd,
        }
    }
}

/// The forecast for one horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct Horizon {
    /// Days ahead.
    pub days: u32,
    /// Expected wins from today's open deals.
    pub open_wins: f64,
    /// Expected wins from leads not yet in the pipeline.
    pub new_wins: f64,
    /// Total expected wins with an 80% range.
    pub wins: Estimate,
    /// Total expected revenue (display currency minor units) with an 80% range.
    pub revenue: Estimate,
}

/// Share of `delays` (sorted) at most `days`.
fn share_within(delays: &[i64], days: i64) -> f64 {
    if delays.is_empty() {
        return 0.0;
    }
    delays.partition_point(|d| *d <= days) as f64 / delays.len() as f64
}

pub(crate) fn forecast(
    p: &Pipeline,
    deals: &Deals,
    today: Date,
    probabilities: &[WinProbability],
) -> Vec<Horizon> {
    let steps = p.steps.len();
    let facts = || deals.iter().filter_map(|d| d.at(today));
    // Days from first entering each funnel position to the win, over won deals.
    let mut to_win: Vec<Vec<i64>> = vec![Vec::new(); steps];
    let mut lead_delays = Vec::new();
    let (mut won_values, mut recent_leads, mut year_leads) = (Vec::new(), 0u64, 0u64);
    for f in facts() {
        let won_on = f
            .current
            .filter(|(i, _)| p.kind(*i) == StageKind::Won)
            .map(|(_, d)| d);
        if let Some(won_on) = won_on {
            for (k, delays) in to_win.iter_mut().enumerate() {
                if let Some(entered) = f.first_entry(k).filter(|e| *e <= won_on) {
                    delays.push(entered.days_until(won_on) as i64);
                }
            }
            if let Some(v) = f.amount.filter(|_| today.days_until(won_on) > -365) {
                won_values.push(v as f64);
            }
        }
        let age = f.first_contact.days_until(today);
        if age < 90 {
            recent_leads += 1;
        }
        if age < 365 {
            year_leads += 1;
            if let Some(won_on) = won_on {
                lead_delays.push(f.first_contact.days_until(won_on) as i64);
            }
        }
    }
    for delays in to_win.iter_mut().chain(std::iter::once(&mut lead_delays)) {
        crate::domain::sort::sort_by(delays, Ord::cmp);
    }
    // Stages with too few wins borrow the whole team's timing (from the first stage).
    let team_timing: &[i64] = to_win.first().map_or(&[], |v| v.as_slice());
    let inflow_per_day = recent_leads as f64 / 90.0;
    let (mean_value, mean_square) = if won_values.is_empty() {
        (0.0, 0.0)
    } else {
        let n = won_values.len() as f64;
        (
            won_values.iter().sum::<f64>() / n,
            won_values.iter().map(|v| v * v).sum::<f64>() / n,
        )
    };

    // One pass over the open deals accumulates all horizons: [wins, wins_var, revenue, revenue_var].
    let mut sums = [[0.0f64; 4]; HORIZONS.len()];
    for f in facts() {
        let Some((i, _)) = f.current.filter(|(i, _)| p.kind(*i) == StageKind::Open) else {
            continue;
        };
        let Some(k) = p.position[i] else { continue };
        let timing = if to_win[k].len() >= MIN_TIMING_SAMPLES {
            &to_win[k]
        } else {
            team_timing
        };
        // A deal still open after `since` days in its stage: P(won within h more days | not won
        // yet) = p·(F(since + h) − F(since)) ÷ (1 − p·F(since)), F the time-to-win distribution.
        let since = f
            .first_entry(k)
            .map_or(0, |d| d.days_until(today).max(0) as i64);
        let p_win = probabilities[i].value;
        let f_since = share_within(timing, since);
        let survivors = 1.0 - p_win * f_since;
        let v = f.amount.unwrap_or(0) as f64;
        for (sum, &h) in sums.iter_mut().zip(&HORIZONS) {
            let prob = if survivors > 0.0 {
                (p_win * (share_within(timing, since + h as i64) - f_since) / survivors)
                    .clamp(0.0, 1.0)
            } else {
                0.0
            };
            sum[0] += prob;
            sum[1] += prob * (1.0 - prob);
            sum[2] += prob * v;
            sum[3] += prob * (1.0 - prob) * v * v;
        }
    }
    HORIZONS
        .iter()
        .zip(sums)
        .map(|(&h, [open_wins, wins_var, revenue, revenue_var])| {
            // A lead arriving on day t of the horizon has h − t days left to be won.
            let per_lead: f64 = (1..=h as i64)
                .map(|left| share_within(&lead_delays, left))
                .sum();
            let new_wins = if year_leads == 0 {
                0.0
            } else {
                inflow_per_day * per_lead
            };
            Horizon {
                days: h,
                open_wins,
                new_wins,
                wins: Estimate::from_moments(open_wins + new_wins, wins_var + new_wins),
                revenue: Estimate::from_moments(
                    revenue + new_wins * mean_value,
                    revenue_var + new_wins * mean_square,
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Timestamp;
    use crate::domain::kpi::{report, Filter, FunnelMode, Period, Query};
    use crate::domain::model::{Dataset, Deal, Language, StageEvent};
    use crate::domain::money::{Currency, Money};
    use crate::domain::rng::Rng;

    const P_WIN: f64 = 0.4;
    /// Days from entering SQL to the win are uniform on 1..=60, so P(within 30) = 0.5.
    const MAX_DAYS: i32 = 60;

    fn deal(id: String, events: Vec<(&str, Date)>) -> Deal {
        Deal {
            id: id.as_str().into(),
            title: id,
            company: String::new(),
            contact: String::new(),
            source: None,
            owner: None,
            value: Money {
                minor: 1_000,
                currency: Currency::USD,
            },
            first_contact: events[0].1,
            expected_close: None,
            lost_reason: None,
            lost_note: String::new(),
            notes: String::new(),
            events: events
                .into_iter()
                .map(|(s, d)| StageEvent {
                    stage: s.into(),
                    date: d,
                })
                .collect(),
            updated_at: Timestamp(0),
        }
    }

    /// A team whose SQLs are won with probability 0.4 after U(1, 60) days; `open` fresh SQLs today.
    fn synthetic(rng: &mut Rng, history: usize, open: usize, today: Date) -> Dataset {
        let mut ds = Dataset::new(Language::En);
        for i in 0..history {
            let first = today.add_days(-400 + rng.below(150) as i32);
            let sql = first.add_days(5);
            let end = if rng.chance(P_WIN) { "won" } else { "lost" };
            let closed = sql.add_days(1 + rng.below(MAX_DAYS as u64) as i32);
            ds.deals.push(deal(
                format!("h{i}"),
                vec![("lead", first), ("sql", sql), (end, closed)],
            ));
        }
        for i in 0..open {
            ds.deals.push(deal(
                format!("o{i}"),
                vec![("lead", today.add_days(-120)), ("sql", today)],
            ));
        }
        ds
    }

    fn query(today: Date) -> Query {
        Query {
            period: Period {
                start: today.add_days(-29),
                end: today,
            },
            filter: Filter::default(),
            mode: FunnelMode::Cohort,
            today,
        }
    }

    #[test]
    fn calibrated_on_a_pipeline_with_known_rates() {
        let today = Date::parse("2025-06-30").unwrap();
        let mut rng = Rng::new(7);
        let ds = synthetic(&mut rng, 3_000, 200, today);
        let forecast = report(&ds, &query(today)).forecast;
        // True expectations: 200 × 0.4 × P(T ≤ h) with P = 0.5, 1.0, 1.0 for 30, 60, 90 days.
        for (h, truth) in forecast.iter().zip([40.0, 80.0, 80.0]) {
            assert!(
                (h.wins.mean - truth).abs() / truth < 0.1,
                "{} days: {} vs {truth}",
                h.days,
                h.wins.mean
            );
            assert_eq!(h.new_wins, 0.0, "no recent leads, no new-lead wins");
            assert!(h.wins.low < h.wins.mean && h.wins.mean < h.wins.high);
        }
        // The 80% range of the 30-day forecast holds the simulated outcome about 80% of the time.
        let h30 = forecast[0].wins;
        let trials = 400;
        let inside = (0..trials)
            .filter(|_| {
                let wins = (0..200)
                    .filter(|_| rng.chance(P_WIN) && rng.below(MAX_DAYS as u64) < 30)
                    .count() as f64;
                (h30.low..=h30.high).contains(&wins)
            })
            .count();
        let coverage = inside as f64 / trials as f64;
        assert!(
            (0.7..=0.9).contains(&coverage),
            "80% range covered {coverage}"
        );
    }

    #[test]
    fn no_history_means_no_forecast_not_nonsense() {
        let today = Date::parse("2025-06-30").unwrap();
        let mut ds = Dataset::new(Language::En);
        ds.deals.push(deal("x".into(), vec![("lead", today)]));
        for h in report(&ds, &query(today)).forecast {
            assert!(h.wins.mean.is_finite() && h.revenue.mean.is_finite());
            assert_eq!(h.wins.mean, 0.0);
        }
    }
}
