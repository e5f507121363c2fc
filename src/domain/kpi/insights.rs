//! Plain-language findings: where the funnel narrows against the team's own history, and where
//! deals wait longest (the article: "find the blocks").

use super::matrix::MatrixBy;
use super::{period_kpis, Deals, FunnelMode, Period, PeriodKpis, Pipeline, Query, Ratio};
use super::{DealIndex, Filter};
use crate::model::{DealTypeId, OwnerId, SourceId, StageId};

/// Both sides of a comparison need this many deals before a drop is called a bottleneck.
pub const MIN_SUPPORT: u64 = 5;

/// One finding, with the numbers behind it; the UI words it in the user's language.
#[derive(Clone, Debug, PartialEq)]
pub enum Insight {
    /// The step whose cohort conversion fell most, and significantly, below the same-age cohorts
    /// of the three previous periods.
    Bottleneck {
        /// Earlier stage.
        from: StageId,
        /// Later stage.
        to: StageId,
        /// Step conversion in the period.
        current: f64,
        /// Step conversion of the history cohorts at the same age.
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
    /// One segment's step (a rep's, a source's or a deal type's) that fell significantly below
    /// the same-age cohorts of its own three previous periods while the rest of the team's same
    /// step held.
    SegmentDrop {
        /// The owner, source or type.
        segment: Segment,
        /// Earlier stage.
        from: StageId,
        /// Later stage.
        to: StageId,
        /// The segment's step conversion in the period.
        current: f64,
        /// The segment's step conversion in the history cohorts at the same age.
        history: f64,
        /// The rest of the team's step conversion in the period.
        team: f64,
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

/// A part of the team a drop is found in: the rows of the comparison matrix.
#[derive(Clone, Debug, PartialEq)]
pub enum Segment {
    /// A rep.
    Owner(OwnerId),
    /// A lead source.
    Source(SourceId),
    /// A deal type.
    Type(DealTypeId),
}

impl Segment {
    /// The filter that keeps only this segment's deals, on top of `filter`.
    fn narrow(&self, filter: &Filter) -> Filter {
        let mut f = filter.clone();
        match self {
            Segment::Owner(id) => f.owners = vec![id.clone()],
            Segment::Source(id) => f.sources = vec![id.clone()],
            Segment::Type(id) => f.types = vec![id.clone()],
        }
        f
    }
}

/// Earlier periods of the same length the current cohort is compared with.
pub const HISTORY_PERIODS: i32 = 3;

/// One-sided z a drop must reach to be called a bottleneck when `m` steps are compared: the 5%
/// false-alarm rate of the whole funnel split over its steps (Bonferroni), so a steady team
/// is told of a drop at most one period in twenty.
pub fn alarm_z(m: usize) -> f64 {
    // More than ten steps use ten's (a slightly more lenient test; no pipeline is that long).
    super::stats::critical_z(0.05 / m.clamp(1, 10) as f64)
}

/// One-sided two-proportion z statistic of a fall from `before` to `now` (pooled variance).
pub(crate) fn drop_z(now: Ratio, before: Ratio) -> Option<f64> {
    let (r1, r0) = (now.value()?, before.value()?);
    let pooled = (now.num + before.num) as f64 / (now.den + before.den) as f64;
    let se = (pooled * (1.0 - pooled) * (1.0 / now.den as f64 + 1.0 / before.den as f64)).sqrt();
    (se > 0.0).then(|| (r0 - r1) / se)
}

fn step_ratios(kpis: &PeriodKpis) -> Vec<Ratio> {
    kpis.funnel
        .iter()
        .skip(1)
        .map(|s| s.from_previous.unwrap_or_default())
        .collect()
}

/// Step ratios of the cohorts of the [`HISTORY_PERIODS`] periods before `q.period`, each
/// measured at the same age as the current cohort (as many days after its period's start as
/// today is after the current one's), added up.
fn history_ratios(p: &Pipeline, deals: &Deals, cohort: &Query) -> Vec<Ratio> {
    let period = cohort.period;
    let len = period.days() as i32;
    let age = period.start.days_until(period.end.min(cohort.today));
    let mut total = vec![Ratio::default(); p.steps.len().saturating_sub(1)];
    for j in 1..=HISTORY_PERIODS {
        let start = period.start.add_days(-j * len);
        let then = Query {
            today: start.add_days(age),
            ..cohort.clone()
        };
        let earlier = Period {
            start,
            end: start.add_days(len - 1),
        };
        for (sum, r) in total
            .iter_mut()
            .zip(step_ratios(&period_kpis(p, deals, &then, earlier, false)))
        {
            sum.num += r.num;
            sum.den += r.den;
        }
    }
    total
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
    let supported = |r: &Ratio| r.den >= MIN_SUPPORT;
    if q.period.is_all() {
        let weakest = step_ratios(&now)
            .into_iter()
            .enumerate()
            .filter(|(_, r)| supported(r))
            .filter_map(|(k, r)| r.value().map(|v| (k + 1, v)))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((k, rate)) = weakest {
            let (from, to) = names(k);
            found.push(Insight::WeakestStep { from, to, rate });
        }
    } else {
        let past = history_ratios(p, deals, &cohort);
        let compared: Vec<(usize, Ratio, Ratio)> = step_ratios(&now)
            .into_iter()
            .zip(past)
            .enumerate()
            .filter(|(_, (r, h))| supported(r) && supported(h))
            .map(|(k, (r, h))| (k + 1, r, h))
            .collect();
        let alarm = alarm_z(compared.len());
        let worst = compared
            .iter()
            .filter(|(_, r, h)| drop_z(*r, *h).is_some_and(|z| z >= alarm))
            .filter_map(|(k, r, h)| Some((*k, r.value()?, h.value()?)))
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

/// A segment's step: segment, step, now, history, and the rest of the team's (now, history).
type Candidate = (Segment, usize, Ratio, Ratio, (Ratio, Ratio));

/// [`Insight::SegmentDrop`] for a query, if any owner's (or source's, or type's: `by`) step fell
/// while the rest of the team's held (kept out of the headline report: it walks every segment's
/// history, and only the comparison shows it).
pub fn segment_insight(
    ds: &crate::model::Dataset,
    index: Option<&DealIndex>,
    q: &Query,
    by: MatrixBy,
) -> Option<Insight> {
    let mut owned = None;
    let index = super::usable(ds, index, &mut owned);
    segment_drop(&Pipeline::new(ds), index, q, by)
}

/// The segments of one split, as the filter allows them (`None` when the filter keeps only one:
/// there is nothing to compare it with).
fn segments(p: &Pipeline, f: &Filter, by: MatrixBy) -> Option<Vec<Segment>> {
    fn kept<I: Clone + PartialEq>(all: Vec<I>, chosen: &[I]) -> Option<Vec<I>> {
        (chosen.len() != 1).then(|| {
            all.into_iter()
                .filter(|i| chosen.is_empty() || chosen.contains(i))
                .collect()
        })
    }
    let ds = p.ds;
    Some(match by {
        MatrixBy::Owner => kept(ds.owners.iter().map(|o| o.id.clone()).collect(), &f.owners)?
            .into_iter()
            .map(Segment::Owner)
            .collect(),
        MatrixBy::Source => kept(
            ds.sources.iter().map(|s| s.id.clone()).collect(),
            &f.sources,
        )?
        .into_iter()
        .map(Segment::Source)
        .collect(),
        MatrixBy::Type => kept(
            ds.deal_types.iter().map(|t| t.id.clone()).collect(),
            &f.types,
        )?
        .into_iter()
        .map(Segment::Type)
        .collect(),
    })
}

/// The segment whose step fell most (and significantly, at 5% split over every segment's
/// compared steps) below its own history while the rest of the team's did not fall
/// significantly — the block of one rep (or source, or type) that a team figure hides. `None`
/// for all time, or when the filter keeps one segment of the split.
fn segment_drop(p: &Pipeline, index: &DealIndex, q: &Query, by: MatrixBy) -> Option<Insight> {
    if q.period.is_all() {
        return None;
    }
    let segments = segments(p, &q.filter, by)?;
    let cohort = Query {
        mode: FunnelMode::Cohort,
        ..q.clone()
    };
    let supported = |r: &Ratio| r.den >= MIN_SUPPORT;
    let team = p.select(index, |d| q.filter.admits(d, q.today));
    let team_kpis = period_kpis(p, &team, &cohort, q.period, false);
    let team_now = step_ratios(&team_kpis);
    let team_past = history_ratios(p, &team, &cohort);
    let mut candidates: Vec<Candidate> = Vec::new();
    for segment in segments {
        let mine = Query {
            filter: segment.narrow(&cohort.filter),
            ..cohort.clone()
        };
        let deals = p.select(index, |d| mine.filter.admits(d, q.today));
        let now = step_ratios(&period_kpis(p, &deals, &mine, q.period, false));
        let past = history_ratios(p, &deals, &mine);
        let rest_of =
            |team: Ratio, mine: Ratio| Ratio::new(team.num - mine.num, team.den - mine.den);
        for (k, (r, h)) in now.into_iter().zip(past).enumerate() {
            if supported(&r) && supported(&h) {
                let rest = (rest_of(team_now[k], r), rest_of(team_past[k], h));
                candidates.push((segment.clone(), k, r, h, rest));
            }
        }
    }
    // The rest of the team "held" unless its own fall on that step passes the bottleneck's test.
    let held = |(now, past): (Ratio, Ratio)| {
        !(supported(&now)
            && supported(&past)
            && drop_z(now, past).is_some_and(|z| z >= alarm_z(team_now.len())))
    };
    let alarm = super::stats::critical_z(0.05 / candidates.len().max(1) as f64);
    let (segment, k, r, h, rest) = candidates
        .into_iter()
        .filter(|(_, _, r, h, rest)| held(*rest) && drop_z(*r, *h).is_some_and(|z| z >= alarm))
        .max_by(|a, b| {
            let fall = |c: &Candidate| c.3.value().unwrap_or(0.0) - c.2.value().unwrap_or(0.0);
            fall(a).total_cmp(&fall(b))
        })?;
    Some(Insight::SegmentDrop {
        segment,
        from: team_kpis.funnel[k].stage.clone(),
        to: team_kpis.funnel[k + 1].stage.clone(),
        current: r.value()?,
        history: h.value()?,
        team: rest.0.value()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::kpi::{report, Filter, PeriodPreset};
    use crate::model::{Dataset, Language, StageEvent};

    use crate::rng::Rng;

    /// Per step: its name, the chance to pass it, and the most days it takes (uniform from 1).
    /// MQL → SQL is slow: cohorts of this month have had no time to pass it yet.
    const STEPS: [(&str, f64, u64); 3] = [("mql", 0.6, 5), ("sql", 0.5, 45), ("won", 0.4, 40)];

    /// A year of a steady team (three leads a day) up to `today`; leads first contacted from
    /// `planted` on pass lead → MQL half as often.
    fn steady(rng: &mut Rng, today: Date, planted: Option<Date>) -> Dataset {
        let mut ds = Dataset::new(Language::En);
        for day in -365..=0 {
            let first = today.add_days(day);
            for n in 0..3 {
                let mut events = vec![StageEvent {
                    stage: "lead".into(),
                    date: first,
                }];
                let mut on = first;
                for (k, (stage, pass, days)) in STEPS.iter().enumerate() {
                    let pass = if k == 0 && planted.is_some_and(|p| first >= p) {
                        pass / 2.0
                    } else {
                        *pass
                    };
                    on = on.add_days(1 + rng.below(*days) as i32);
                    let next = if rng.chance(pass) { *stage } else { "lost" };
                    if on > today {
                        break;
                    }
                    events.push(StageEvent {
                        stage: next.into(),
                        date: on,
                    });
                    if next == "lost" {
                        break;
                    }
                }
                let mut deal = crate::kpi::test_deal(&format!("d{day}-{n}"), &[("lead", first)]);
                deal.events = events;
                ds.deals.push(deal);
            }
        }
        ds
    }

    fn bottleneck(ds: &Dataset, today: Date, preset: PeriodPreset) -> Option<(String, String)> {
        let q = Query {
            period: preset.period(today),
            filter: Filter::default(),
            mode: FunnelMode::Cohort,
            today,
        };
        report(ds, &q).insights.into_iter().find_map(|i| match i {
            Insight::Bottleneck { from, to, .. } => Some((from.0, to.0)),
            _ => None,
        })
    }

    #[test]
    fn a_steady_team_with_a_slow_step_is_rarely_told_of_a_drop() {
        // Mid-month: this month's cohort is 20 days old, its history cohorts too.
        let today = Date::parse("2025-06-20").unwrap();
        let mut rng = Rng::new(5);
        let runs = 200;
        let mut alarms = 0;
        for _ in 0..runs {
            let ds = steady(&mut rng, today, None);
            for preset in [PeriodPreset::ThisMonth, PeriodPreset::Last30Days] {
                alarms += u32::from(bottleneck(&ds, today, preset).is_some());
            }
        }
        let rate = f64::from(alarms) / f64::from(2 * runs);
        println!(
            "bottleneck false alarms: {alarms} of {} steady periods",
            2 * runs
        );
        assert!(rate <= 0.05, "false alarms in {rate} of steady periods");
    }

    /// Owners a–e take turns; from `planted` on, owner a's leads pass lead → MQL a third as often.
    fn team_of_five(rng: &mut Rng, today: Date, planted: Option<Date>) -> Dataset {
        let mut ds = steady(rng, today, None);
        for (i, deal) in ds.deals.iter_mut().enumerate() {
            let owner = ["a", "b", "c", "d", "e"][i % 5];
            deal.owner = Some(owner.into());
            let hit = owner == "a"
                && planted.is_some_and(|p| deal.first_contact >= p)
                && deal.events.get(1).is_some_and(|e| e.stage.0 == "mql")
                && !rng.chance(1.0 / 3.0);
            if hit {
                let on = deal.events[1].date;
                deal.events.truncate(1);
                deal.events.push(StageEvent {
                    stage: "lost".into(),
                    date: on,
                });
            }
        }
        ds.owners = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|o| crate::model::Owner {
                id: (*o).into(),
                name: o.to_uppercase(),
            })
            .collect();
        ds
    }

    fn owner_drop_of(ds: &Dataset, today: Date) -> Option<Insight> {
        let q = Query {
            period: PeriodPreset::Last90Days.period(today),
            filter: Filter::default(),
            mode: FunnelMode::Cohort,
            today,
        };
        segment_insight(ds, None, &q, MatrixBy::Owner)
    }

    #[test]
    fn one_reps_drop_is_named_when_the_team_held() {
        let today = Date::parse("2025-06-20").unwrap();
        let mut rng = Rng::new(11);
        let runs = 20;
        let mut named = 0;
        for _ in 0..runs {
            let ds = team_of_five(&mut rng, today, Some(today.add_days(-89)));
            match owner_drop_of(&ds, today) {
                Some(Insight::SegmentDrop {
                    segment: Segment::Owner(owner),
                    from,
                    to,
                    current,
                    history,
                    team,
                }) => {
                    assert!(current < history && team > current);
                    if owner.0 == "a" && from.0 == "lead" && to.0 == "mql" {
                        named += 1;
                    }
                }
                Some(other) => panic!("{other:?}"),
                None => {}
            }
        }
        println!("one rep's planted drop named in {named} of {runs} runs");
        assert!(named * 10 >= runs * 8, "named in {named} of {runs} runs");
    }

    #[test]
    fn a_sources_drop_is_named_when_the_matrix_is_by_source() {
        // The same planted drop, on a lead source instead of a rep.
        let today = Date::parse("2025-06-20").unwrap();
        let mut rng = Rng::new(11);
        let runs = 20;
        let mut named = 0;
        for _ in 0..runs {
            let mut ds = team_of_five(&mut rng, today, Some(today.add_days(-89)));
            for deal in &mut ds.deals {
                deal.source = deal.owner.take().map(|o| o.0.as_str().into());
            }
            ds.sources = std::mem::take(&mut ds.owners)
                .into_iter()
                .map(|o| crate::model::Source {
                    id: o.id.0.as_str().into(),
                    name: o.name,
                })
                .collect();
            let q = Query {
                period: PeriodPreset::Last90Days.period(today),
                filter: Filter::default(),
                mode: FunnelMode::Cohort,
                today,
            };
            // No owners left: nothing to name by owner.
            assert_eq!(segment_insight(&ds, None, &q, MatrixBy::Owner), None);
            if let Some(Insight::SegmentDrop {
                segment: Segment::Source(source),
                from,
                ..
            }) = segment_insight(&ds, None, &q, MatrixBy::Source)
            {
                named += u32::from(source.0 == "a" && from.0 == "lead");
            }
        }
        assert!(named * 10 >= runs * 8, "named in {named} of {runs} runs");
    }

    #[test]
    fn a_steady_team_names_no_rep() {
        let today = Date::parse("2025-06-20").unwrap();
        let mut rng = Rng::new(12);
        let runs = 40;
        let alarms = (0..runs)
            .filter(|_| owner_drop_of(&team_of_five(&mut rng, today, None), today).is_some())
            .count();
        println!("steady teams with a rep named: {alarms} of {runs}");
        assert!(
            alarms * 20 <= runs * 2,
            "a rep named in {alarms} of {runs} steady teams"
        );
    }

    #[test]
    fn a_planted_drop_is_named() {
        let today = Date::parse("2025-06-20").unwrap();
        let mut rng = Rng::new(9);
        let runs = 50;
        let named = (0..runs)
            .filter(|_| {
                let ds = steady(&mut rng, today, Some(Date::parse("2025-05-22").unwrap()));
                bottleneck(&ds, today, PeriodPreset::Last30Days)
                    == Some(("lead".to_string(), "mql".to_string()))
            })
            .count();
        println!("planted lead → MQL drop named in {named} of {runs} runs");
        assert!(named * 10 >= runs * 9, "named in {named} of {runs} runs");
    }
}
