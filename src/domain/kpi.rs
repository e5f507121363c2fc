//! The article's KPIs, computed from the stage-event log.
//!
//! Definitions (also shown in the app and in `docs/kpis.md`):
//! - **Funnel (cohort)**: the deals whose first contact falls in the period. A deal *reached*
//!   stage k when its log contains stage k or any later funnel stage, so a deal that skipped a
//!   stage still counts as having passed it. Step rate = reached(k+1) / reached(k).
//! - **Visitor → lead**: leads (deals first contacted in the period) ÷ visitors entered for the
//!   period. A traffic entry that only partly overlaps the period counts pro rata by days.
//! - **Sales-cycle length**: for deals that are won and whose won date is in the period, days from
//!   first contact to the won date; mean and median.
//! - **Open deals** and **pipeline value** are a snapshot of today, not of the period: deals whose
//!   current stage is open; value sums the open deals at or after the qualified stage.

use super::date::Date;
use super::model::{Dataset, Deal, StageId, StageKind};
use super::money::{Currency, Money};

/// An inclusive range of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    /// First day.
    pub start: Date,
    /// Last day (inclusive).
    pub end: Date,
}

/// Period presets offered in the dashboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PeriodPreset {
    /// Everything.
    AllTime,
    /// The calendar month containing today.
    ThisMonth,
    /// The previous calendar month.
    LastMonth,
    /// The calendar quarter containing today.
    ThisQuarter,
    /// The calendar year containing today.
    ThisYear,
    /// The 30 days ending today.
    Last30Days,
    /// The 90 days ending today.
    Last90Days,
}

impl PeriodPreset {
    /// All presets in menu order.
    pub const ALL: [PeriodPreset; 7] = [
        PeriodPreset::AllTime,
        PeriodPreset::ThisMonth,
        PeriodPreset::LastMonth,
        PeriodPreset::ThisQuarter,
        PeriodPreset::ThisYear,
        PeriodPreset::Last30Days,
        PeriodPreset::Last90Days,
    ];

    /// The concrete days of this preset, seen from `today`.
    pub fn period(self, today: Date) -> Period {
        let (year, month, _) = today.ymd();
        let month_start = today.month_start();
        match self {
            PeriodPreset::AllTime => Period {
                start: Date::from_days(i32::MIN / 2),
                end: Date::from_days(i32::MAX / 2),
            },
            PeriodPreset::ThisMonth => Period {
                start: month_start,
                end: today.month_end(),
            },
            PeriodPreset::LastMonth => {
                let start = month_start.add_months(-1);
                Period {
                    start,
                    end: start.month_end(),
                }
            }
            PeriodPreset::ThisQuarter => {
                let start = month_start.add_months(-(((month - 1) % 3) as i32));
                Period {
                    start,
                    end: start.add_months(2).month_end(),
                }
            }
            PeriodPreset::ThisYear => {
                let start = month_start.add_months(-((month - 1) as i32));
                debug_assert_eq!(start.ymd(), (year, 1, 1));
                Period {
                    start,
                    end: start.add_months(11).month_end(),
                }
            }
            PeriodPreset::Last30Days => Period {
                start: today.add_days(-29),
                end: today,
            },
            PeriodPreset::Last90Days => Period {
                start: today.add_days(-89),
                end: today,
            },
        }
    }
}

impl Period {
    /// Whether `date` lies in the period.
    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }

    /// Number of days in the period.
    pub fn days(&self) -> i64 {
        self.start.days_until(self.end) as i64 + 1
    }

    /// Days shared with `[start, end]`.
    pub fn overlap_days(&self, start: Date, end: Date) -> i64 {
        let from = self.start.max(start);
        let to = self.end.min(end);
        if from > to {
            0
        } else {
            from.days_until(to) as i64 + 1
        }
    }
}

/// A ratio kept as its parts, so "n/a" (no denominator) is explicit rather than NaN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ratio {
    /// Numerator.
    pub num: u64,
    /// Denominator.
    pub den: u64,
}

impl Ratio {
    /// The ratio as a fraction, or `None` when the denominator is zero.
    pub fn value(&self) -> Option<f64> {
        (self.den > 0).then(|| self.num as f64 / self.den as f64)
    }
}

/// One step of the funnel.
#[derive(Clone, Debug, PartialEq)]
pub struct FunnelStep {
    /// The stage.
    pub stage: StageId,
    /// Deals of the cohort that reached it.
    pub reached: u64,
    /// Conversion from the previous step (`None` for the first step).
    pub from_previous: Option<Ratio>,
}

/// Summary statistics of durations in days.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DayStats {
    /// Number of durations.
    pub n: u64,
    /// Mean, if any.
    pub mean: Option<f64>,
    /// Median, if any.
    pub median: Option<f64>,
}

impl DayStats {
    /// Statistics of a list of day counts.
    pub fn of(mut days: Vec<i64>) -> DayStats {
        if days.is_empty() {
            return DayStats::default();
        }
        days.sort_unstable();
        let n = days.len();
        let mean = days.iter().sum::<i64>() as f64 / n as f64;
        let median = if n % 2 == 1 {
            days[n / 2] as f64
        } else {
            (days[n / 2 - 1] + days[n / 2]) as f64 / 2.0
        };
        DayStats {
            n: n as u64,
            mean: Some(mean),
            median: Some(median),
        }
    }
}

/// Every KPI the first dashboard shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Dashboard {
    /// Visitors in the period (pro rata for partly overlapping entries), rounded.
    pub visitors: u64,
    /// Deals first contacted in the period.
    pub leads: u64,
    /// Leads ÷ visitors.
    pub visitor_to_lead: Ratio,
    /// Cohort funnel over the open stages and the won stage, in pipeline order.
    pub funnel: Vec<FunnelStep>,
    /// First contact → won, for deals won in the period.
    pub cycle: DayStats,
    /// Deals currently in an open stage.
    pub open_deals: u64,
    /// Value of open deals at or after the qualified stage, per currency (display currency first).
    pub pipeline_value: Vec<Money>,
    /// Deals won in the period.
    pub won_in_period: u64,
}

/// Stage positions prepared once per computation, so the per-deal work is lookups only.
struct FunnelIndex<'a> {
    ds: &'a Dataset,
    /// Funnel position of every stage by pipeline index (`None` for lost stages).
    position: Vec<Option<usize>>,
    /// Stages of the funnel: open stages in order, then the first won stage.
    steps: Vec<StageId>,
}

impl<'a> FunnelIndex<'a> {
    fn new(ds: &'a Dataset) -> Self {
        let mut steps: Vec<StageId> = ds
            .stages
            .iter()
            .filter(|s| s.kind == StageKind::Open)
            .map(|s| s.id.clone())
            .collect();
        let won_position = steps.len();
        if let Some(won) = ds.first_stage_of(StageKind::Won) {
            steps.push(won.id.clone());
        }
        let mut open_seen = 0;
        let position = ds
            .stages
            .iter()
            .map(|s| match s.kind {
                StageKind::Open => {
                    open_seen += 1;
                    Some(open_seen - 1)
                }
                StageKind::Won => Some(won_position),
                StageKind::Lost => None,
            })
            .collect();
        FunnelIndex {
            ds,
            position,
            steps,
        }
    }

    fn position_of(&self, stage: &StageId) -> Option<usize> {
        self.ds.stage_index(stage).and_then(|i| self.position[i])
    }

    /// Furthest funnel step the deal's log reached (lost events do not count).
    fn furthest(&self, deal: &Deal) -> Option<usize> {
        deal.events
            .iter()
            .filter_map(|e| self.position_of(&e.stage))
            .max()
    }
}

/// Computes the dashboard KPIs for `period` as of `today`.
pub fn dashboard(ds: &Dataset, period: Period) -> Dashboard {
    let index = FunnelIndex::new(ds);
    let mut reached = vec![0u64; index.steps.len()];
    let mut leads = 0u64;
    let mut cycle_days = Vec::new();
    let mut open_deals = 0u64;
    let mut pipeline: Vec<Money> = vec![Money {
        minor: 0,
        currency: ds.settings.display_currency,
    }];
    let qualified = ds.stage_index(&ds.settings.qualified_stage).unwrap_or(0);

    for deal in &ds.deals {
        if period.contains(deal.first_contact) {
            leads += 1;
            // Every deal is at least a lead, even if its log starts at a later stage.
            let furthest = index.furthest(deal).unwrap_or(0);
            for count in reached.iter_mut().take(furthest + 1) {
                *count += 1;
            }
        }
        let Some(last) = deal.events.last() else {
            continue;
        };
        let Some(stage_index) = ds.stage_index(&last.stage) else {
            continue;
        };
        match ds.stages[stage_index].kind {
            StageKind::Won if period.contains(last.date) => {
                cycle_days.push(deal.first_contact.days_until(last.date) as i64);
            }
            StageKind::Open => {
                open_deals += 1;
                if stage_index >= qualified {
                    add_money(&mut pipeline, deal.value);
                }
            }
            _ => {}
        }
    }

    let funnel = index
        .steps
        .iter()
        .enumerate()
        .map(|(k, stage)| FunnelStep {
            stage: stage.clone(),
            reached: reached[k],
            from_previous: (k > 0).then(|| Ratio {
                num: reached[k],
                den: reached[k - 1],
            }),
        })
        .collect();
    let visitors = visitors_in(ds, period);
    Dashboard {
        visitors,
        leads,
        visitor_to_lead: Ratio {
            num: leads,
            den: visitors,
        },
        funnel,
        won_in_period: cycle_days.len() as u64,
        cycle: DayStats::of(cycle_days),
        open_deals,
        pipeline_value: pipeline,
    }
}

fn add_money(totals: &mut Vec<Money>, value: Money) {
    match totals.iter_mut().find(|m| m.currency == value.currency) {
        Some(total) => total.minor = total.minor.saturating_add(value.minor),
        None => totals.push(value),
    }
}

/// Visitors in `period`, counting partly overlapping entries pro rata by days, rounded.
pub fn visitors_in(ds: &Dataset, period: Period) -> u64 {
    let total: f64 = ds
        .traffic
        .iter()
        .map(|t| {
            let span = t.start.days_until(t.end) as i64 + 1;
            let overlap = period.overlap_days(t.start, t.end);
            if span <= 0 || overlap == 0 {
                0.0
            } else {
                t.visitors as f64 * overlap as f64 / span as f64
            }
        })
        .sum();
    total.round() as u64
}

/// The display currency's total out of per-currency totals.
pub fn total_in(totals: &[Money], currency: Currency) -> i64 {
    totals
        .iter()
        .find(|m| m.currency == currency)
        .map_or(0, |m| m.minor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Timestamp;
    use crate::domain::model::{Language, StageEvent, TrafficEntry};

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// A deal with the given log, `events` as (stage, date) pairs; first contact = first date.
    fn deal(id: &str, value: i64, source: &str, events: &[(&str, &str)]) -> Deal {
        Deal {
            id: id.into(),
            title: id.into(),
            company: String::new(),
            contact: String::new(),
            source: Some(source.into()),
            owner: None,
            value: Money {
                minor: value,
                currency: Currency::USD,
            },
            first_contact: day(events[0].1),
            expected_close: None,
            lost_reason: None,
            notes: String::new(),
            events: events
                .iter()
                .map(|(s, d)| StageEvent {
                    stage: (*s).into(),
                    date: day(d),
                })
                .collect(),
            updated_at: Timestamp(0),
        }
    }

    /// Hand-computed case: 6 deals in March, 1 in February.
    fn sample() -> Dataset {
        let mut ds = Dataset::new(Language::En);
        ds.deals = vec![
            deal("a", 100, "website", &[("lead", "2025-03-01")]),
            deal(
                "b",
                200,
                "website",
                &[("lead", "2025-03-02"), ("mql", "2025-03-05")],
            ),
            deal(
                "c",
                300,
                "website",
                &[
                    ("lead", "2025-03-03"),
                    ("mql", "2025-03-04"),
                    ("sql", "2025-03-10"),
                ],
            ),
            // Skips MQL: still counts as having passed it.
            deal(
                "d",
                400,
                "phone",
                &[
                    ("lead", "2025-03-04"),
                    ("sql", "2025-03-06"),
                    ("won", "2025-03-24"),
                ],
            ),
            deal(
                "e",
                500,
                "phone",
                &[
                    ("lead", "2025-03-05"),
                    ("mql", "2025-03-06"),
                    ("lost", "2025-03-07"),
                ],
            ),
            deal(
                "f",
                600,
                "phone",
                &[
                    ("lead", "2025-03-10"),
                    ("mql", "2025-03-11"),
                    ("sql", "2025-03-12"),
                    ("won", "2025-03-20"),
                ],
            ),
            deal(
                "g",
                700,
                "phone",
                &[
                    ("lead", "2025-02-10"),
                    ("sql", "2025-02-20"),
                    ("won", "2025-03-02"),
                ],
            ),
        ];
        let traffic = |visitors, start: &str, end: &str| TrafficEntry {
            id: start.into(),
            source: Some("website".into()),
            start: day(start),
            end: day(end),
            visitors,
            updated_at: Timestamp(0),
        };
        ds.traffic = vec![
            traffic(600, "2025-03-01", "2025-03-31"),
            traffic(280, "2025-02-01", "2025-02-28"),
        ];
        ds
    }

    fn march() -> Period {
        Period {
            start: day("2025-03-01"),
            end: day("2025-03-31"),
        }
    }

    #[test]
    fn cohort_funnel_counts_skipped_stages_as_passed() {
        let kpi = dashboard(&sample(), march());
        let reached: Vec<_> = kpi
            .funnel
            .iter()
            .map(|s| (s.stage.0.as_str(), s.reached))
            .collect();
        assert_eq!(reached, [("lead", 6), ("mql", 5), ("sql", 3), ("won", 2)]);
        assert_eq!(kpi.funnel[0].from_previous, None);
        assert_eq!(kpi.funnel[1].from_previous, Some(Ratio { num: 5, den: 6 }));
        assert_eq!(
            kpi.funnel[3].from_previous.unwrap().value(),
            Some(2.0 / 3.0)
        );
    }

    #[test]
    fn visitor_to_lead_uses_period_traffic() {
        let kpi = dashboard(&sample(), march());
        assert_eq!((kpi.leads, kpi.visitors), (6, 600));
        assert_eq!(kpi.visitor_to_lead.value(), Some(0.01));
        // Feb 15 – Mar 14: 14/28 of February's 280 plus 14/31 of March's 600.
        let straddle = Period {
            start: day("2025-02-15"),
            end: day("2025-03-14"),
        };
        assert_eq!(
            visitors_in(&sample(), straddle),
            (140.0f64 + 600.0 * 14.0 / 31.0).round() as u64
        );
        let empty = Period {
            start: day("2024-01-01"),
            end: day("2024-01-31"),
        };
        assert_eq!(dashboard(&sample(), empty).visitor_to_lead.value(), None);
    }

    #[test]
    fn cycle_counts_deals_won_in_the_period() {
        let kpi = dashboard(&sample(), march());
        // d: 03-04 → 03-24 = 20 days; f: 03-10 → 03-20 = 10; g: 02-10 → 03-02 = 20.
        assert_eq!(
            kpi.cycle,
            DayStats {
                n: 3,
                mean: Some(50.0 / 3.0),
                median: Some(20.0)
            }
        );
        assert_eq!(kpi.won_in_period, 3);
    }

    #[test]
    fn open_deals_and_qualified_pipeline_value() {
        let mut ds = sample();
        ds.deals.push(Deal {
            value: Money {
                minor: 5,
                currency: Currency::EUR,
            },
            ..deal(
                "h",
                0,
                "ads",
                &[("lead", "2025-03-01"), ("sql", "2025-03-02")],
            )
        });
        let kpi = dashboard(&ds, march());
        // Open: a (lead), b (mql), c (sql), h (sql, EUR); qualified = sql and later.
        assert_eq!(kpi.open_deals, 4);
        assert_eq!(
            kpi.pipeline_value,
            vec![
                Money {
                    minor: 300,
                    currency: Currency::USD
                },
                Money {
                    minor: 5,
                    currency: Currency::EUR
                }
            ]
        );
        assert_eq!(total_in(&kpi.pipeline_value, Currency::USD), 300);
        ds.settings.qualified_stage = "mql".into();
        assert_eq!(
            total_in(&dashboard(&ds, march()).pipeline_value, Currency::USD),
            500
        );
    }

    #[test]
    fn empty_dataset_has_no_rates() {
        let kpi = dashboard(&Dataset::new(Language::En), march());
        assert!(kpi
            .funnel
            .iter()
            .all(|s| s.reached == 0 && s.from_previous.is_none_or(|r| r.value().is_none())));
        assert_eq!(kpi.cycle.mean, None);
    }

    #[test]
    fn presets() {
        let today = day("2025-05-17");
        let p = |preset: PeriodPreset| {
            let p = preset.period(today);
            (p.start.to_string(), p.end.to_string())
        };
        assert_eq!(
            p(PeriodPreset::ThisMonth),
            ("2025-05-01".into(), "2025-05-31".into())
        );
        assert_eq!(
            p(PeriodPreset::LastMonth),
            ("2025-04-01".into(), "2025-04-30".into())
        );
        assert_eq!(
            p(PeriodPreset::ThisQuarter),
            ("2025-04-01".into(), "2025-06-30".into())
        );
        assert_eq!(
            p(PeriodPreset::ThisYear),
            ("2025-01-01".into(), "2025-12-31".into())
        );
        assert_eq!(
            p(PeriodPreset::Last30Days),
            ("2025-04-18".into(), "2025-05-17".into())
        );
        assert_eq!(PeriodPreset::Last90Days.period(today).days(), 90);
        assert!(PeriodPreset::AllTime
            .period(today)
            .contains(day("1900-01-01")));
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Funnel counts never grow along the funnel, and step rates stay within [0, 1].
        #[test]
        fn funnel_is_monotone(logs in proptest::collection::vec(proptest::collection::vec(0usize..5, 1..6), 0..40)) {
            let stages = ["lead", "mql", "sql", "won", "lost"];
            let mut ds = Dataset::new(Language::En);
            for (i, log) in logs.iter().enumerate() {
                let events: Vec<(&str, String)> = log.iter().enumerate().map(|(k, s)| (stages[*s], format!("2025-03-{:02}", k + 1))).collect();
                let events: Vec<(&str, &str)> = events.iter().map(|(s, d)| (*s, d.as_str())).collect();
                ds.deals.push(deal(&i.to_string(), 1, "web", &events));
            }
            let kpi = dashboard(&ds, march());
            proptest::prop_assert_eq!(kpi.funnel[0].reached, logs.len() as u64);
            for w in kpi.funnel.windows(2) {
                proptest::prop_assert!(w[1].reached <= w[0].reached);
            }
        }
    }
}
