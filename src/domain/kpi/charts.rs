//! The numbers behind the dashboard charts, prepared here so drawing code does no KPI maths.

use super::insights::Insight;
use super::{DayStats, DealIndex, Deals, GroupStats, Period, Pipeline, Query, Report};
use crate::date::Date;
use crate::model::SourceId;
use crate::model::{Calendar, Dataset, StageId, StageKind, WeekStart};
use std::collections::HashMap;

/// One step of the funnel chart: visitors (no stage) or a stage of the funnel.
#[derive(Clone, Debug, PartialEq)]
pub struct FunnelPoint {
    /// The stage, or `None` for visitors.
    pub stage: Option<StageId>,
    /// Deals (or visitors) that reached the step.
    pub count: u64,
    /// Their value in the display currency (0 for visitors).
    pub value: i64,
    /// Conversion from the step before (visitors → leads for the first stage).
    pub step: Option<f64>,
    /// The step the insights call the bottleneck (or weakest step).
    pub bottleneck: bool,
}

/// The funnel of a report: visitors, then each funnel stage, with the bottleneck marked.
pub fn funnel_points(r: &Report) -> Vec<FunnelPoint> {
    let weak: Option<&StageId> = r.insights.iter().find_map(|i| match i {
        Insight::Bottleneck { to, .. } | Insight::WeakestStep { to, .. } => Some(to),
        Insight::Slowest { .. } | Insight::SegmentDrop { .. } => None,
    });
    let c = &r.current;
    let mut points = vec![FunnelPoint {
        stage: None,
        count: c.visitors,
        value: 0,
        step: None,
        bottleneck: false,
    }];
    points.extend(c.funnel.iter().enumerate().map(|(k, s)| FunnelPoint {
        stage: Some(s.stage.clone()),
        count: s.count,
        value: s.value,
        step: if k == 0 {
            c.visitor_to_lead.value()
        } else {
            s.from_previous.and_then(|r| r.value())
        },
        bottleneck: weak == Some(&s.stage),
    }));
    points
}

/// Open deals per stage, split by a grouping (source or owner), as of the report's snapshot day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PipelineStack {
    /// Open stages in pipeline order.
    pub stages: Vec<StageId>,
    /// Group ids (`None`: deals without a source/owner), largest total count first.
    pub groups: Vec<Option<String>>,
    /// `counts[group][stage]`.
    pub counts: Vec<Vec<u64>>,
    /// `values[group][stage]`, display currency.
    pub values: Vec<Vec<i64>>,
}

/// What the pipeline chart stacks by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum StackBy {
    /// Lead source.
    #[default]
    Source,
    /// Owner.
    Owner,
}

/// The open pipeline as of the query's period end (or today), per open stage and group.
pub fn pipeline_stack(
    ds: &Dataset,
    index: Option<&DealIndex>,
    q: &Query,
    by: StackBy,
) -> PipelineStack {
    let mut owned = None;
    let index = super::usable(ds, index, &mut owned);
    let p = Pipeline::new(ds);
    let deals = p.select(index, |d| q.filter.admits(d, q.today));
    let as_of = q.period.end.min(q.today);
    let open: Vec<usize> = (0..ds.stages.len())
        .filter(|i| p.kind(*i) == StageKind::Open)
        .collect();
    let mut groups: Vec<Option<String>> = Vec::new();
    let mut counts: Vec<Vec<u64>> = Vec::new();
    let mut values: Vec<Vec<i64>> = Vec::new();
    for deal in deals.iter() {
        let Some((stage, _)) = deal.at(as_of).and_then(|f| f.current) else {
            continue;
        };
        let Some(column) = open.iter().position(|i| *i == stage) else {
            continue;
        };
        let key = match by {
            StackBy::Source => deal.source.as_ref().map(|s| s.0.clone()),
            StackBy::Owner => deal.owner.as_ref().map(|o| o.0.clone()),
        };
        let g = match groups.iter().position(|k| *k == key) {
            Some(g) => g,
            None => {
                groups.push(key);
                counts.push(vec![0; open.len()]);
                values.push(vec![0; open.len()]);
                groups.len() - 1
            }
        };
        counts[g][column] += 1;
        values[g][column] += deal.amount.unwrap_or(0);
    }
    let mut order: Vec<usize> = (0..groups.len()).collect();
    crate::sort::sort_by(&mut order, |a, b| {
        let total = |g: usize| counts[g].iter().sum::<u64>();
        total(*b)
            .cmp(&total(*a))
            .then_with(|| groups[*a].cmp(&groups[*b]))
    });
    PipelineStack {
        stages: open.iter().map(|i| ds.stages[*i].id.clone()).collect(),
        groups: order.iter().map(|g| groups[*g].clone()).collect(),
        counts: order.iter().map(|g| counts[*g].clone()).collect(),
        values: order.iter().map(|g| values[*g].clone()).collect(),
    }
}

/// New leads and stage entries per week or month across the period, against the previous period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trend {
    /// Whether buckets are weeks (short periods) or months.
    pub weekly: bool,
    /// The buckets, clipped to the period.
    pub buckets: Vec<Period>,
    /// Funnel stages: the open stages in order, then the won stage.
    pub stages: Vec<StageId>,
    /// `current[stage][bucket]`: deals entering the stage in the bucket (the first stage counts
    /// new leads by first contact).
    pub current: Vec<Vec<u64>>,
    /// The same for the previous period of equal length, bucket by bucket (empty without one).
    pub previous: Vec<Vec<u64>>,
}

/// Periods up to this many days are shown by week, longer ones by month.
pub const WEEKLY_UP_TO_DAYS: i64 = 92;

fn week_start_of(day: Date, first: WeekStart) -> Date {
    // Day 0 (1970-01-01) was a Thursday; count weekdays from Monday = 0.
    let weekday = (day.days() + 3).rem_euclid(7);
    let first = match first {
        WeekStart::Monday => 0,
        WeekStart::Saturday => 5,
        WeekStart::Sunday => 6,
    };
    day.add_days(-(weekday - first).rem_euclid(7))
}

pub(crate) fn buckets(
    period: Period,
    weekly: bool,
    week: WeekStart,
    calendar: Calendar,
) -> Vec<Period> {
    let mut out = Vec::new();
    let mut start = if weekly {
        week_start_of(period.start, week)
    } else {
        calendar.month_start(period.start)
    };
    while start <= period.end {
        let next = if weekly {
            start.add_days(7)
        } else {
            calendar.add_months(start, 1)
        };
        out.push(Period {
            start: start.max(period.start),
            end: next.add_days(-1).min(period.end),
        });
        start = next;
    }
    out
}

/// The days a time chart spans: the query's period, or for all time the first contact of the
/// filtered deals to today (an unbounded axis cannot be drawn).
pub(crate) fn chart_span(deals: &Deals, q: &Query) -> Period {
    if !q.period.is_all() {
        return q.period;
    }
    let first = deals
        .iter()
        .map(|d| d.first_contact)
        .min()
        .unwrap_or(q.today);
    Period {
        start: first,
        end: q.today,
    }
}

/// The trend of the query's period (all time is clipped to the data's first contact and today).
pub fn trend(ds: &Dataset, index: Option<&DealIndex>, q: &Query) -> Trend {
    let mut owned = None;
    let index = super::usable(ds, index, &mut owned);
    let p = Pipeline::new(ds);
    let deals = p.select(index, |d| q.filter.admits(d, q.today));
    let span = chart_span(&deals, q);
    let period = Period {
        start: span.start,
        end: span.end.min(q.today),
    };
    let weekly = period.days() <= WEEKLY_UP_TO_DAYS;
    let count = |range: Period| -> Vec<Vec<u64>> {
        let cut = buckets(range, weekly, ds.settings.week_start, ds.settings.calendar);
        let mut counts = vec![vec![0u64; cut.len()]; p.steps.len()];
        let slot = |day: Date| {
            range
                .contains(day)
                .then(|| cut.partition_point(|b| b.end < day))
                .filter(|i| *i < cut.len())
        };
        for deal in deals.iter() {
            let Some(f) = deal.at(range.end) else {
                continue;
            };
            for (k, row) in counts.iter_mut().enumerate() {
                let day = if k == 0 {
                    Some(f.first_contact)
                } else {
                    f.first_entry(k)
                };
                if let Some(i) = day.and_then(slot) {
                    row[i] += 1;
                }
            }
        }
        counts
    };
    let current = count(period);
    let previous = if q.period.is_all() {
        Vec::new()
    } else {
        period.previous().map(count).unwrap_or_default()
    };
    Trend {
        weekly,
        buckets: buckets(period, weekly, ds.settings.week_start, ds.settings.calendar),
        stages: p.steps.iter().map(|i| ds.stages[*i].id.clone()).collect(),
        current,
        previous,
    }
}

/// Sales-cycle lengths (first contact → won) of the deals won in the period, in bins.
#[derive(Clone, Debug, PartialEq)]
pub struct CycleHistogram {
    /// Days per bin.
    pub width: i64,
    /// Deals per bin; bin `i` covers `[i·width, (i+1)·width)` days.
    pub counts: Vec<u64>,
    /// Median and p90 of the same deals (the dashboard's cycle figures).
    pub stats: DayStats,
    /// Per source, most deals first.
    pub by_source: Vec<GroupStats<SourceId>>,
}

/// Bin widths tried in order; the first giving at most [`MAX_BINS`] bins is used.
const BIN_WIDTHS: [i64; 9] = [1, 2, 7, 14, 30, 60, 90, 180, 365];
/// Most bins a histogram shows.
pub const MAX_BINS: i64 = 16;

/// The cycle-length distribution of the query's period.
pub fn cycle_histogram(ds: &Dataset, index: Option<&DealIndex>, q: &Query) -> CycleHistogram {
    let mut owned = None;
    let index = super::usable(ds, index, &mut owned);
    let p = Pipeline::new(ds);
    let deals = p.select(index, |d| q.filter.admits(d, q.today));
    let as_of = q.period.end.min(q.today);
    let mut days = Vec::new();
    let mut by_source: HashMap<Option<&SourceId>, Vec<i64>> = HashMap::new();
    for deal in deals.iter() {
        let Some(f) = deal.at(as_of) else {
            continue;
        };
        if let Some((StageKind::Won, closed_on)) =
            f.closed(&p).filter(|(_, d)| q.period.contains(*d))
        {
            let n = i64::from(f.first_contact.days_until(closed_on));
            days.push(n);
            by_source
                .entry(deal.deal.source.as_ref())
                .or_default()
                .push(n);
        }
    }
    let longest = days.iter().copied().max().unwrap_or(0);
    let width = BIN_WIDTHS
        .into_iter()
        .find(|w| longest / w < MAX_BINS)
        .unwrap_or(365);
    let mut counts = vec![0u64; (longest / width + 1) as usize];
    for d in &days {
        counts[(d.max(&0) / width) as usize] += 1;
    }
    let mut by_source = super::grouped(by_source);
    crate::sort::sort_by(&mut by_source, |a, b| {
        b.days.n.cmp(&a.days.n).then_with(|| a.key.cmp(&b.key))
    });
    CycleHistogram {
        width,
        counts,
        stats: DayStats::of(days),
        by_source,
    }
}

/// Won value over the period: what is in, what the forecast expects by the period end, the goal.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastPath {
    /// First day of the period drawn (x = 0).
    pub start: Date,
    /// Days in the period (x runs from 0 to this).
    pub length: i64,
    /// Cumulative won value at each day a deal was won, from (0, 0) to the as-of day.
    pub actual: Vec<(i64, i64)>,
    /// From the as-of day to the period end: (day, expected, 10th, 90th percentile) cumulative.
    pub projection: Vec<(i64, f64, f64, f64)>,
    /// The revenue goal for the period, pro rata (display currency).
    pub goal: Option<i64>,
}

/// The forecast-versus-quota path of a report (no projection for periods already over).
pub fn forecast_path(
    ds: &Dataset,
    index: Option<&DealIndex>,
    q: &Query,
    r: &Report,
) -> ForecastPath {
    let mut owned = None;
    let index = super::usable(ds, index, &mut owned);
    let p = Pipeline::new(ds);
    let deals = p.select(index, |d| q.filter.admits(d, q.today));
    let period = chart_span(&deals, q);
    let as_of = period.end.min(q.today);
    let day = |d: Date| i64::from(period.start.days_until(d));
    let mut wins: Vec<(i64, i64)> = deals
        .iter()
        .filter_map(|deal| {
            let f = deal.at(as_of)?;
            match f.closed(&p) {
                Some((StageKind::Won, on)) if period.contains(on) => {
                    Some((day(on), deal.amount.unwrap_or(0)))
                }
                _ => None,
            }
        })
        .collect();
    crate::sort::sort_by(&mut wins, Ord::cmp);
    let mut actual = vec![(0, 0)];
    let mut total = 0;
    for (d, v) in wins {
        total += v;
        match actual.last_mut() {
            Some(last) if last.0 == d => last.1 = total,
            _ => actual.push((d, total)),
        }
    }
    if actual.last().is_some_and(|l| l.0 < day(as_of)) {
        actual.push((day(as_of), total));
    }
    let length = day(period.end);
    let mut projection = Vec::new();
    if as_of < period.end && q.today < period.end {
        let base = total as f64;
        projection.push((day(as_of), base, base, base));
        // The path is forecast at weekly points and at the period end itself, so it reaches the
        // end of any period (a year too), not only the report's 30/60/90-day horizons.
        let left = i64::from(as_of.days_until(period.end));
        let mut days: Vec<u32> = (1..)
            .map(|w| w * 7)
            .take_while(|d| i64::from(*d) < left)
            .collect();
        days.push(u32::try_from(left).unwrap_or(u32::MAX));
        // The deals are already selected here: forecast them directly rather than through
        // `forecast_days`, which would check the index and select them again.
        let probabilities = super::win_probabilities(&p, &deals, q.today);
        let horizons = super::forecast::forecast(&p, &deals, q.today, &probabilities, &days);
        for h in horizons {
            projection.push((
                day(as_of) + i64::from(h.days),
                base + h.revenue.mean,
                base + h.revenue.low,
                base + h.revenue.high,
            ));
        }
    }
    ForecastPath {
        start: period.start,
        length,
        actual,
        projection,
        goal: r.quota.revenue_goal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::{report, Period};
    use crate::sample::sample_dataset;
    use crate::{Date, Language};

    fn query(ds: &Dataset) -> Query {
        let today = Date::parse("2025-06-30").unwrap();
        let _ = ds;
        Query {
            period: Period {
                start: Date::parse("2025-04-01").unwrap(),
                end: today,
            },
            filter: Default::default(),
            mode: Default::default(),
            today,
        }
    }

    #[test]
    fn funnel_points_follow_the_report() {
        let ds = sample_dataset(Date::parse("2025-06-30").unwrap(), Language::En);
        let q = query(&ds);
        let r = report(&ds, &q);
        let points = funnel_points(&r);
        assert_eq!(points.len(), r.current.funnel.len() + 1);
        assert_eq!(points[0].count, r.current.visitors);
        assert_eq!(points[1].step, r.current.visitor_to_lead.value());
        assert_eq!(points[2].count, r.current.funnel[1].count);
        assert!(points.iter().filter(|p| p.bottleneck).count() <= 1);
        let flagged = r
            .insights
            .iter()
            .any(|i| matches!(i, Insight::Bottleneck { .. } | Insight::WeakestStep { .. }));
        assert_eq!(points.iter().any(|p| p.bottleneck), flagged);
    }

    #[test]
    fn cycle_histogram_matches_the_dashboard_cycle() {
        let ds = sample_dataset(Date::parse("2025-06-30").unwrap(), Language::En);
        let q = query(&ds);
        let r = report(&ds, &q);
        let h = cycle_histogram(&ds, None, &q);
        assert_eq!(h.counts.iter().sum::<u64>(), r.current.won);
        assert_eq!(h.stats.median, r.current.cycle.median);
        assert_eq!(h.stats.p90, r.current.cycle.p90);
        assert!(h.counts.len() as i64 <= MAX_BINS);
        assert_eq!(
            h.by_source.iter().map(|g| g.days.n).sum::<u64>(),
            r.current.won
        );
    }

    #[test]
    fn forecast_path_adds_wins_and_projects_to_the_period_end() {
        let today = Date::parse("2025-06-15").unwrap();
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
        let r = report(&ds, &q);
        let path = forecast_path(&ds, None, &q, &r);
        assert_eq!(path.length, 90);
        assert_eq!(path.actual.last().unwrap().1, r.current.won_value);
        assert!(path
            .actual
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1));
        let (first, last) = (path.projection[0], *path.projection.last().unwrap());
        assert_eq!(first.0, 75);
        assert_eq!(last.0, 90, "projection reaches the period end");
        // The end point is the forecast for the 15 days left, on top of what is won.
        let left = super::super::forecast::forecast_days(&ds, None, &q, &[15]);
        let expected = r.current.won_value as f64 + left[0].revenue.mean;
        assert!((last.1 - expected).abs() < 1.0, "{} vs {expected}", last.1);
        assert!(
            path.projection.windows(2).all(|w| w[0].1 <= w[1].1),
            "the expected path never falls"
        );
        assert!(last.2 <= last.1 && last.1 <= last.3);
        assert_eq!(path.goal, r.quota.revenue_goal);
        let past = Query {
            today: Date::parse("2025-07-20").unwrap(),
            ..q
        };
        let r = report(&ds, &past);
        assert!(forecast_path(&ds, None, &past, &r).projection.is_empty());
    }

    #[test]
    fn forecast_path_reaches_the_end_of_a_year() {
        let today = Date::parse("2025-06-15").unwrap();
        let ds = sample_dataset(today, Language::En);
        let q = Query {
            period: Period {
                start: Date::parse("2025-01-01").unwrap(),
                end: Date::parse("2025-12-31").unwrap(),
            },
            filter: Default::default(),
            mode: Default::default(),
            today,
        };
        let r = report(&ds, &q);
        let path = forecast_path(&ds, None, &q, &r);
        let last = *path.projection.last().unwrap();
        assert_eq!(
            last.0, path.length,
            "199 days left, far past the 90-day horizon"
        );
        assert!(last.1 > path.projection[path.projection.len() - 2].1);
    }

    #[test]
    fn weeks_start_on_the_chosen_day() {
        let d = |s| Date::parse(s).unwrap();
        // 2025-06-30 is a Monday.
        assert_eq!(
            week_start_of(d("2025-06-30"), WeekStart::Monday),
            d("2025-06-30")
        );
        assert_eq!(
            week_start_of(d("2025-07-04"), WeekStart::Monday),
            d("2025-06-30")
        );
        assert_eq!(
            week_start_of(d("2025-07-04"), WeekStart::Saturday),
            d("2025-06-28")
        );
        assert_eq!(
            week_start_of(d("2025-07-04"), WeekStart::Sunday),
            d("2025-06-29")
        );
        let cut = buckets(
            Period {
                start: d("2025-07-02"),
                end: d("2025-07-20"),
            },
            true,
            WeekStart::Monday,
            Calendar::Gregorian,
        );
        assert_eq!(cut.len(), 3);
        assert_eq!(
            (cut[0].start, cut[0].end),
            (d("2025-07-02"), d("2025-07-06"))
        );
        assert_eq!(
            (cut[2].start, cut[2].end),
            (d("2025-07-14"), d("2025-07-20"))
        );
        let months = buckets(
            Period {
                start: d("2025-01-15"),
                end: d("2025-03-31"),
            },
            false,
            WeekStart::Monday,
            Calendar::Gregorian,
        );
        assert_eq!(months.len(), 3);
        assert_eq!(months[0].start, d("2025-01-15"));
        // Jalali months: 1403/10/26 – 1404/01/11 touches Dey, Bahman, Esfand and Farvardin.
        let jalali = buckets(
            Period {
                start: d("2025-01-15"),
                end: d("2025-03-31"),
            },
            false,
            WeekStart::Saturday,
            Calendar::Jalali,
        );
        let starts: Vec<String> = jalali.iter().map(|p| p.start.to_string()).collect();
        assert_eq!(
            starts,
            ["2025-01-15", "2025-01-20", "2025-02-19", "2025-03-21"]
        );
    }

    #[test]
    fn trend_counts_match_the_period_funnel() {
        let ds = sample_dataset(Date::parse("2025-06-30").unwrap(), Language::En);
        let mut q = query(&ds);
        q.mode = crate::kpi::FunnelMode::Period;
        let r = report(&ds, &q);
        let tr = trend(&ds, None, &q);
        assert!(tr.weekly, "a quarter is shown by week");
        // 2025-04-01 is a Tuesday: a partial first week, 12 full weeks, and Monday 30 June.
        assert_eq!(tr.buckets.len(), 14);
        assert_eq!(tr.current.len(), tr.stages.len());
        let leads: u64 = tr.current[0].iter().sum();
        assert_eq!(leads, r.current.leads);
        // Period-mode funnel counts each deal once per stage entered in the period; the trend
        // counts first entries, which can only be fewer.
        for (k, step) in r.current.funnel.iter().enumerate().skip(1) {
            assert!(tr.current[k].iter().sum::<u64>() <= step.count, "stage {k}");
        }
        assert_eq!(tr.previous.len(), tr.stages.len());
        assert_eq!(tr.previous[0].len(), 14);
        q.period = Period {
            start: Date::parse("2025-01-01").unwrap(),
            end: Date::parse("2025-06-30").unwrap(),
        };
        let long = trend(&ds, None, &q);
        assert!(!long.weekly);
        assert_eq!(long.buckets.len(), 6);
        assert_eq!(
            long.current[0].iter().sum::<u64>(),
            report(&ds, &q).current.leads
        );
        q.period = Period::all();
        let all = trend(&ds, None, &q);
        assert!(all.previous.is_empty());
        assert_eq!(all.current[0].iter().sum::<u64>(), ds.deals.len() as u64);
    }

    #[test]
    fn pipeline_stack_adds_up_to_the_snapshot() {
        let ds = sample_dataset(Date::parse("2025-06-30").unwrap(), Language::En);
        let q = query(&ds);
        let r = report(&ds, &q);
        for by in [StackBy::Source, StackBy::Owner] {
            let stack = pipeline_stack(&ds, None, &q, by);
            assert_eq!(stack.stages.len(), r.snapshot.stages.len());
            for (k, s) in r.snapshot.stages.iter().enumerate() {
                assert_eq!(stack.stages[k], s.stage);
                assert_eq!(stack.counts.iter().map(|g| g[k]).sum::<u64>(), s.count);
                assert_eq!(stack.values.iter().map(|g| g[k]).sum::<i64>(), s.value);
            }
            let totals: Vec<u64> = stack.counts.iter().map(|g| g.iter().sum()).collect();
            assert!(totals.windows(2).all(|w| w[0] >= w[1]));
        }
    }
}
