//! The numbers behind the dashboard charts, prepared here so drawing code does no KPI maths.

use super::insights::Insight;
use super::{Period, Pipeline, Query, Report};
use crate::domain::date::Date;
use crate::domain::model::{Dataset, StageId, StageKind, WeekStart};

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
        Insight::Slowest { .. } => None,
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
pub fn pipeline_stack(ds: &Dataset, q: &Query, by: StackBy) -> PipelineStack {
    let p = Pipeline::new(ds);
    let deals = p.prepare(ds.deals.iter().filter(|d| q.filter.admits(d)));
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
    order.sort_by(|a, b| {
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

fn buckets(period: Period, weekly: bool, week: WeekStart) -> Vec<Period> {
    let mut out = Vec::new();
    let mut start = if weekly {
        week_start_of(period.start, week)
    } else {
        period.start.month_start()
    };
    while start <= period.end {
        let next = if weekly {
            start.add_days(7)
        } else {
            start.add_months(1)
        };
        out.push(Period {
            start: start.max(period.start),
            end: next.add_days(-1).min(period.end),
        });
        start = next;
    }
    out
}

/// The trend of the query's period (all time is clipped to the data's first contact and today).
pub fn trend(ds: &Dataset, q: &Query) -> Trend {
    let p = Pipeline::new(ds);
    let deals = p.prepare(ds.deals.iter().filter(|d| q.filter.admits(d)));
    let mut period = Period {
        start: q.period.start,
        end: q.period.end.min(q.today),
    };
    if q.period.is_all() {
        let first = deals
            .iter()
            .map(|d| d.first_contact)
            .min()
            .unwrap_or(q.today);
        period = Period {
            start: first,
            end: q.today,
        };
    }
    let weekly = period.days() <= WEEKLY_UP_TO_DAYS;
    let count = |range: Period| -> Vec<Vec<u64>> {
        let cut = buckets(range, weekly, ds.settings.week_start);
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
        buckets: buckets(period, weekly, ds.settings.week_start),
        stages: p.steps.iter().map(|i| ds.stages[*i].id.clone()).collect(),
        current,
        previous,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kpi::{report, Period};
    use crate::domain::sample::sample_dataset;
    use crate::domain::{Date, Language};

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
        );
        assert_eq!(months.len(), 3);
        assert_eq!(months[0].start, d("2025-01-15"));
    }

    #[test]
    fn trend_counts_match_the_period_funnel() {
        let ds = sample_dataset(Date::parse("2025-06-30").unwrap(), Language::En);
        let mut q = query(&ds);
        q.mode = crate::domain::kpi::FunnelMode::Period;
        let r = report(&ds, &q);
        let tr = trend(&ds, &q);
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
        let long = trend(&ds, &q);
        assert!(!long.weekly);
        assert_eq!(long.buckets.len(), 6);
        assert_eq!(
            long.current[0].iter().sum::<u64>(),
            report(&ds, &q).current.leads
        );
        q.period = Period::all();
        let all = trend(&ds, &q);
        assert!(all.previous.is_empty());
        assert_eq!(all.current[0].iter().sum::<u64>(), ds.deals.len() as u64);
    }

    #[test]
    fn pipeline_stack_adds_up_to_the_snapshot() {
        let ds = sample_dataset(Date::parse("2025-06-30").unwrap(), Language::En);
        let q = query(&ds);
        let r = report(&ds, &q);
        for by in [StackBy::Source, StackBy::Owner] {
            let stack = pipeline_stack(&ds, &q, by);
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
