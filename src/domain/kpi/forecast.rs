//! Forecast of wins and revenue over the coming days.
//!
//! Method (documented in the glossary):
//! - An open deal that has waited `s` days since entering its stage s, neither won nor lost,
//!   is won within `h` more days with probability p·(W(s+h) − W(s)) ÷ (1 − p·W(s) − (1−p)·L(s)):
//!   p = P(win | stage), W and L the days from entering the stage to the win (to the loss) over
//!   the team's won (lost) deals. The denominator is the share still open after `s` days, so a
//!   long-stalled deal counts for little.
//! - New leads arrive at the last 90 days' rate; one arriving with `t` days left is won in time
//!   with probability a(t) = P(won within t days of first contact) over ALL leads of the last
//!   365 days old enough to be judged (first contact at least `t` days ago). Leads still open
//!   count as not won, leads too young are left out: neither biases a(t). Past the age of the
//!   30th-oldest lead a(t) stays at its value there.
//! - Deals are independent, so expected counts add up; the 80% range is mean ± 1.2816 σ
//!   (σ² = Σ p(1−p) for open deals, Poisson for new leads plus the uncertainty of the inflow
//!   rate learned from 90 days), never below zero.

use super::{usable, DealIndex, Deals, Pipeline, Query, WinProbability};
use crate::date::Date;
use crate::model::{Dataset, StageKind};

/// Forecast horizons in days.
pub const HORIZONS: [u32; 3] = [30, 60, 90];
/// z-score of the 10th/90th percentile of the normal distribution (an 80% range).
const Z80: f64 = 1.281_551_565_545;
/// Closed deals needed per stage before its own timing is used instead of the whole team's.
pub const MIN_TIMING_SAMPLES: usize = 5;
/// Days of first contacts the new-lead win curve a(t) learns from.
pub const LEAD_HISTORY_DAYS: i64 = 365;
/// Days of first contacts the lead inflow is measured over.
pub const INFLOW_DAYS: i64 = 90;

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
    /// Expected wins from today's open deals, with an 80% range.
    pub open: Estimate,
    /// Expected wins from leads not yet in the pipeline, with an 80% range.
    pub new: Estimate,
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

/// a(t): the share of recent leads won within `t` days of first contact, among those first
/// contacted at least `t` days ago.
struct LeadCurve {
    /// Ages (days since first contact) of every lead of the history, sorted.
    ages: Vec<i64>,
    /// Days from first contact to the first win, for the won ones, sorted.
    won_after: Vec<i64>,
    /// Ages of the won ones, sorted.
    won_ages: Vec<i64>,
}

/// Leads a(t) must be judged on; beyond the age where fewer are that old, a(t) stays at the last
/// well-supported value (wins only accumulate with time, and a year is rarely all there).
pub const MIN_JUDGED_LEADS: usize = 30;

impl LeadCurve {
    fn at(&self, t: i64) -> f64 {
        let count = |v: &[i64], below: i64| v.partition_point(|x| *x < below);
        let oldest = self
            .ages
            .len()
            .saturating_sub(MIN_JUDGED_LEADS.min(self.ages.len()));
        let t = self.ages.get(oldest).map_or(t, |age| t.min(*age));
        let judged = self.ages.len() - count(&self.ages, t);
        if judged == 0 {
            return 0.0;
        }
        // A win d days after contact has age a ≥ d; d ≤ t ≤ a ⟺ d ≤ t, minus those with a < t.
        let won = count(&self.won_after, t + 1) - count(&self.won_ages, t);
        won as f64 / judged as f64
    }
}

/// The forecast for `days` ahead (each a horizon) of the deals `q` selects, as of `q.today`.
pub fn forecast_days(
    ds: &Dataset,
    index: Option<&DealIndex>,
    q: &Query,
    days: &[u32],
) -> Vec<Horizon> {
    let mut owned = None;
    let index = usable(ds, index, &mut owned);
    let p = Pipeline::new(ds);
    let deals = p.select(index, |d| q.filter.admits(d, q.today));
    let probabilities = super::win_probabilities(&p, &deals, q.today);
    forecast(&p, &deals, q.today, &probabilities, days)
}

pub(crate) fn forecast(
    p: &Pipeline,
    deals: &Deals,
    today: Date,
    probabilities: &[WinProbability],
    horizons: &[u32],
) -> Vec<Horizon> {
    let steps = p.steps.len();
    let won_position = steps.saturating_sub(1);
    let facts = || deals.iter().filter_map(|d| d.at(today));
    // Days from first entering each funnel position to the win (the loss), over closed deals.
    let mut to_win: Vec<Vec<i64>> = vec![Vec::new(); steps];
    let mut to_loss: Vec<Vec<i64>> = vec![Vec::new(); steps];
    let mut curve = LeadCurve {
        ages: Vec::new(),
        won_after: Vec::new(),
        won_ages: Vec::new(),
    };
    let (mut won_values, mut recent_leads) = (Vec::new(), 0u64);
    for f in facts() {
        if let Some((kind, closed_on)) = f.closed(p) {
            let delays = if kind == StageKind::Won {
                &mut to_win
            } else {
                &mut to_loss
            };
            for (k, delays) in delays.iter_mut().enumerate() {
                if let Some(entered) = f.first_entry(k).filter(|e| *e <= closed_on) {
                    delays.push(i64::from(entered.days_until(closed_on)));
                }
            }
            if kind == StageKind::Won {
                if let Some(v) = f.amount.filter(|_| today.days_until(closed_on) > -365) {
                    won_values.push(v as f64);
                }
            }
        }
        let age = i64::from(f.first_contact.days_until(today));
        if age < INFLOW_DAYS {
            recent_leads += 1;
        }
        if age < LEAD_HISTORY_DAYS {
            curve.ages.push(age);
            let first_win = (steps > 0 && p.kind(p.steps[won_position]) == StageKind::Won)
                .then(|| f.first_entry(won_position))
                .flatten();
            if let Some(won_on) = first_win {
                curve
                    .won_after
                    .push(i64::from(f.first_contact.days_until(won_on)).max(0));
                curve.won_ages.push(age);
            }
        }
    }
    let sorted = to_win.iter_mut().chain(to_loss.iter_mut()).chain([
        &mut curve.ages,
        &mut curve.won_after,
        &mut curve.won_ages,
    ]);
    for delays in sorted {
        crate::sort::sort_days(delays);
    }
    // Stages with too few closed deals borrow the whole team's timing (from the first stage).
    let timing = |all: &[Vec<i64>], k: usize| -> usize {
        if all[k].len() >= MIN_TIMING_SAMPLES {
            k
        } else {
            0
        }
    };
    let inflow_per_day = recent_leads as f64 / INFLOW_DAYS as f64;
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
    let mut sums = vec![[0.0f64; 4]; horizons.len()];
    for f in facts() {
        let Some((i, _)) = f.current.filter(|(i, _)| p.kind(*i) == StageKind::Open) else {
            continue;
        };
        let Some(k) = p.position[i] else { continue };
        let (win_timing, loss_timing) =
            (&to_win[timing(&to_win, k)], &to_loss[timing(&to_loss, k)]);
        let since = f
            .first_entry(k)
            .map_or(0, |d| i64::from(d.days_until(today).max(0)));
        let p_win = probabilities[i].value;
        let won_by_now = share_within(win_timing, since);
        let still_open =
            1.0 - p_win * won_by_now - (1.0 - p_win) * share_within(loss_timing, since);
        let v = f.amount.unwrap_or(0) as f64;
        for (sum, &h) in sums.iter_mut().zip(horizons) {
            let prob = if still_open > 1e-9 {
                (p_win * (share_within(win_timing, since + i64::from(h)) - won_by_now) / still_open)
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
    horizons
        .iter()
        .zip(sums)
        .map(|(&h, [open_wins, open_var, revenue, revenue_var])| {
            // A lead arriving on day j of the horizon has h − j days left to be won.
            let per_lead: f64 = (0..i64::from(h)).map(|left| curve.at(left)).sum();
            let new_wins = inflow_per_day * per_lead;
            // Poisson for the wins themselves, plus the uncertainty of the inflow rate learned
            // from 90 days of leads (Var λ̂ = λ̂ / 90), which widens longer horizons the most.
            let inflow_var = inflow_per_day / INFLOW_DAYS as f64 * per_lead * per_lead;
            let new_var = new_wins + inflow_var;
            Horizon {
                days: h,
                open: Estimate::from_moments(open_wins, open_var),
                new: Estimate::from_moments(new_wins, new_var),
                wins: Estimate::from_moments(open_wins + new_wins, open_var + new_var),
                revenue: Estimate::from_moments(
                    revenue + new_wins * mean_value,
                    revenue_var + new_wins * mean_square + inflow_var * mean_value * mean_value,
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::kpi::{report, Filter, FunnelMode, Period, Query};
    use crate::model::{Dataset, Deal, Language};

    use crate::rng::Rng;

    const P_WIN: f64 = 0.4;
    /// Days from entering SQL to the win are uniform on 1..=60, so P(within 30) = 0.5.
    const MAX_DAYS: i32 = 60;

    fn deal(id: String, events: Vec<(&str, Date)>) -> Deal {
        crate::kpi::test_deal(&id, &events)
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
            assert_eq!(h.new.mean, 0.0, "no recent leads, no new-lead wins");
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

    /// Leads per day, their lead → customer rate, and the days to a win (to a loss).
    const INFLOW: f64 = 4.0;
    const LEAD_WIN: f64 = 0.2;
    const WIN_DAYS: u64 = 60;
    const LOSS_DAYS: u64 = 30;

    fn poisson(rng: &mut Rng, mean: f64) -> u32 {
        let (limit, mut product, mut n) = ((-mean).exp(), rng.unit(), 0);
        while product > limit {
            product *= rng.unit();
            n += 1;
        }
        n
    }

    /// Two years of leads arriving at [`INFLOW`] a day up to `today` and on for `horizon` days;
    /// each is won with probability [`LEAD_WIN`] after U(1, 60) days, or else lost after U(1, 30).
    /// Returns what is known today and, per horizon, the wins that then really happen from
    /// today's open deals and from leads not yet arrived.
    fn leads_still_arriving(rng: &mut Rng, today: Date) -> (Dataset, Vec<(f64, f64)>) {
        let mut ds = Dataset::new(Language::En);
        let mut outcomes = vec![(0.0, 0.0); HORIZONS.len()];
        let last = *HORIZONS.last().unwrap() as i32;
        for day in -730..=last {
            let first = today.add_days(day);
            for n in 0..poisson(rng, INFLOW) {
                let won = rng.chance(LEAD_WIN);
                let closes = if won {
                    first.add_days(1 + rng.below(WIN_DAYS) as i32)
                } else {
                    first.add_days(1 + rng.below(LOSS_DAYS) as i32)
                };
                if won && closes > today {
                    for (outcome, &h) in outcomes.iter_mut().zip(&HORIZONS) {
                        if closes <= today.add_days(h as i32) {
                            if day <= 0 {
                                outcome.0 += 1.0;
                            } else {
                                outcome.1 += 1.0;
                            }
                        }
                    }
                }
                if day > 0 {
                    continue;
                }
                let mut events = vec![("lead", first)];
                if closes <= today {
                    events.push((if won { "won" } else { "lost" }, closes));
                }
                ds.deals.push(deal(format!("d{day}-{n}"), events));
            }
        }
        (ds, outcomes)
    }

    #[test]
    fn calibrated_with_leads_still_arriving() {
        let today = Date::parse("2025-06-30").unwrap();
        let mut rng = Rng::new(11);
        let runs = 150;
        // Per horizon: Σ forecast and Σ outcome (open, new, total), and runs inside the range.
        let mut forecast_sum = [[0.0f64; 3]; 3];
        let mut truth_sum = [[0.0f64; 3]; 3];
        let mut covered = [[0u32; 3]; 3];
        for _ in 0..runs {
            let (ds, outcomes) = leads_still_arriving(&mut rng, today);
            let horizons = forecast_days(&ds, None, &query(today), &HORIZONS);
            for (k, (h, (open, new))) in horizons.iter().zip(outcomes).enumerate() {
                let parts = [(h.open, open), (h.new, new), (h.wins, open + new)];
                for (j, (estimate, truth)) in parts.into_iter().enumerate() {
                    forecast_sum[k][j] += estimate.mean;
                    truth_sum[k][j] += truth;
                    if (estimate.low..=estimate.high).contains(&truth) {
                        covered[k][j] += 1;
                    }
                }
            }
        }
        for (k, &h) in HORIZONS.iter().enumerate() {
            for (j, part) in ["open deals", "new leads", "total"].iter().enumerate() {
                let (forecast, truth) = (forecast_sum[k][j], truth_sum[k][j]);
                let coverage = f64::from(covered[k][j]) / f64::from(runs);
                // The measured calibration, for closing notes (`cargo test -- --nocapture`).
                println!(
                    "forecast {h} days, {part}: expected {:.1} vs real {:.1} per run, 80% range held {coverage:.2}",
                    forecast / f64::from(runs),
                    truth / f64::from(runs)
                );
                assert!(
                    (forecast - truth).abs() / truth < 0.1,
                    "{h} days, {part}: expected {forecast} vs real {truth}"
                );
                assert!(
                    (0.7..=0.9).contains(&coverage),
                    "{h} days, {part}: the 80% range held the outcome in {coverage} of runs"
                );
            }
        }
    }

    #[test]
    fn new_lead_wins_follow_the_lead_to_customer_rate() {
        // The old rule used only won leads' delays, so a 20% team forecast as if all were won.
        let today = Date::parse("2025-06-30").unwrap();
        let mut rng = Rng::new(3);
        let runs = 20;
        let mean = (0..runs)
            .map(|_| {
                let (ds, _) = leads_still_arriving(&mut rng, today);
                forecast_days(&ds, None, &query(today), &[90])[0].new.mean
            })
            .sum::<f64>()
            / f64::from(runs);
        // λ · p · Σ_{t<90} P(win delay ≤ t) = 4 · 0.2 · (Σ_{t=0}^{59} t/60 + 30) = 4 · 0.2 · 59.5.
        let truth = INFLOW * LEAD_WIN * 59.5;
        assert!((mean - truth).abs() / truth < 0.05, "{mean} vs {truth}");
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
