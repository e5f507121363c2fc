//! The KPI cards: value, detail line, change against the previous period, definition.

use crate::domain::kpi::glossary::{Better, KpiId};
use crate::domain::kpi::{delta, FunnelMode, Report};
use crate::domain::{Dataset, Language, Money, StageId};
use crate::i18n::{
    arrow, fmt_date, fmt_days, fmt_int, fmt_money, fmt_percent, localize_digits, t, tf, Key,
};

/// What one card shows, with all formatting done.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct Card {
    pub(super) id: String,
    pub(super) title: String,
    /// For funnel steps: the two stage names, isolated so mixed-script names order correctly.
    pub(super) step: Option<(String, String)>,
    pub(super) value: String,
    pub(super) sub: String,
    /// Change against the previous period: text and "better"/"worse"/"same" class.
    pub(super) delta: Option<(String, &'static str)>,
    pub(super) definition: &'static str,
}

pub(super) fn stage_name(ds: &Dataset, id: &StageId) -> String {
    ds.stage(id)
        .map_or_else(|| id.0.clone(), |s| s.name.clone())
}

pub(super) fn money(ds: &Dataset, lang: Language, minor: f64) -> String {
    fmt_money(
        lang,
        Money {
            minor: minor.round() as i64,
            currency: ds.settings.display_currency,
        },
    )
}

/// The delta line of a card: n/a without a previous period value, coloured by direction.
pub(super) fn delta_text(
    lang: Language,
    has_previous: bool,
    now: Option<f64>,
    before: Option<f64>,
    better: Better,
) -> Option<(String, &'static str)> {
    if !has_previous {
        return None;
    }
    let Some(change) = delta(now, before) else {
        return Some((
            tf(
                lang,
                Key::VsPrevious,
                &[("change", t(lang, Key::NotAvailable))],
            ),
            "same",
        ));
    };
    let sign = if change > 0.0005 {
        "+"
    } else if change < -0.0005 {
        "−"
    } else {
        "±"
    };
    let class = match (change.partial_cmp(&0.0), better) {
        (Some(std::cmp::Ordering::Greater), Better::Higher)
        | (Some(std::cmp::Ordering::Less), Better::Lower) => "better",
        (Some(std::cmp::Ordering::Equal), _) | (None, _) | (_, Better::Neither) => "same",
        _ => "worse",
    };
    let text = format!("{sign}{}", fmt_percent(lang, Some(change.abs())));
    Some((tf(lang, Key::VsPrevious, &[("change", &text)]), class))
}

pub(super) fn cards(ds: &Dataset, r: &Report, mode: FunnelMode, lang: Language) -> Vec<Card> {
    let (c, p) = (&r.current, r.previous.as_ref());
    let has_prev = p.is_some();
    let d = |now: Option<f64>, before: Option<Option<f64>>, better| {
        delta_text(lang, has_prev, now, before.flatten(), better)
    };
    let int = |n: u64| fmt_int(lang, n as i64);
    let mut cards = vec![Card {
        id: KpiId::VisitorLead.id().into(),
        title: KpiId::VisitorLead.entry().name(lang).into(),
        step: None,
        value: fmt_percent(lang, c.visitor_to_lead.value()),
        sub: tf(
            lang,
            Key::LeadsOfVisitors,
            &[("num", &int(c.leads)), ("den", &int(c.visitors))],
        ),
        delta: d(
            c.visitor_to_lead.value(),
            p.map(|p| p.visitor_to_lead.value()),
            KpiId::VisitorLead.better(),
        ),
        definition: KpiId::VisitorLead.entry().text(lang),
    }];
    for (k, pair) in c.funnel.windows(2).enumerate() {
        let (from, to) = (
            stage_name(ds, &pair[0].stage),
            stage_name(ds, &pair[1].stage),
        );
        let ratio = pair[1].from_previous.unwrap_or_default();
        let before = p
            .and_then(|p| p.funnel.get(k + 1))
            .map(|s| s.from_previous.and_then(|r| r.value()));
        let step = match mode {
            FunnelMode::Cohort => KpiId::Step,
            FunnelMode::Period => KpiId::StepPeriod,
        };
        cards.push(Card {
            id: format!("step-{}-{}", pair[0].stage.0, pair[1].stage.0),
            title: format!("{from} {} {to}", arrow(lang)),
            step: Some((from, to)),
            value: fmt_percent(lang, ratio.value()),
            sub: tf(
                lang,
                Key::OfCount,
                &[("num", &int(ratio.num)), ("den", &int(ratio.den))],
            ),
            delta: d(ratio.value(), before, step.better()),
            definition: step.entry().text(lang),
        });
    }
    let snap = &r.snapshot;
    let prev_snap = r.previous_snapshot.as_ref();
    let qualified = stage_name(ds, &ds.settings.qualified_stage);
    let (attainment, goal_sub) = match (r.quota.revenue_goal, r.quota.deals_goal) {
        (Some(goal), _) => (
            r.quota.revenue_attainment,
            tf(
                lang,
                Key::OfGoal,
                &[
                    ("value", &money(ds, lang, c.won_value as f64)),
                    ("goal", &money(ds, lang, goal as f64)),
                ],
            ),
        ),
        (None, Some(goal)) => (
            r.quota.deals_attainment,
            tf(
                lang,
                Key::OfGoal,
                &[
                    ("value", &int(c.won)),
                    ("goal", &localize_digits(lang, &format!("{goal:.0}"))),
                ],
            ),
        ),
        (None, None) => (None, t(lang, Key::NoGoal).to_string()),
    };
    cards.extend([
        Card {
            id: KpiId::WinRate.id().into(),
            title: KpiId::WinRate.entry().name(lang).into(),
            step: None,
            value: fmt_percent(lang, c.win_rate.value()),
            sub: tf(
                lang,
                Key::WonOfClosed,
                &[("num", &int(c.won)), ("den", &int(c.won + c.lost))],
            ),
            delta: d(
                c.win_rate.value(),
                p.map(|p| p.win_rate.value()),
                KpiId::WinRate.better(),
            ),
            definition: KpiId::WinRate.entry().text(lang),
        },
        Card {
            id: KpiId::Cycle.id().into(),
            title: KpiId::Cycle.entry().name(lang).into(),
            step: None,
            value: fmt_days(lang, c.cycle.mean),
            sub: tf(
                lang,
                Key::CycleSub,
                &[
                    ("median", &fmt_days(lang, c.cycle.median)),
                    ("n", &int(c.cycle.n)),
                ],
            ),
            delta: d(c.cycle.mean, p.map(|p| p.cycle.mean), KpiId::Cycle.better()),
            definition: KpiId::Cycle.entry().text(lang),
        },
        Card {
            id: KpiId::AvgDealSize.id().into(),
            title: KpiId::AvgDealSize.entry().name(lang).into(),
            step: None,
            value: c.avg_deal_size.map_or_else(
                || t(lang, Key::NotAvailable).to_string(),
                |v| money(ds, lang, v),
            ),
            sub: tf(lang, Key::WonDealsSub, &[("n", &int(c.won))]),
            delta: d(
                c.avg_deal_size,
                p.map(|p| p.avg_deal_size),
                KpiId::AvgDealSize.better(),
            ),
            definition: KpiId::AvgDealSize.entry().text(lang),
        },
        Card {
            id: KpiId::OpenDeals.id().into(),
            title: KpiId::OpenDeals.entry().name(lang).into(),
            step: None,
            value: int(snap.open),
            sub: tf(
                lang,
                Key::OpenDealsSub,
                &[("date", &fmt_date(lang, snap.as_of))],
            ),
            delta: d(
                Some(snap.open as f64),
                prev_snap.map(|s| Some(s.open as f64)),
                KpiId::OpenDeals.better(),
            ),
            definition: KpiId::OpenDeals.entry().text(lang),
        },
        Card {
            id: KpiId::PipelineValue.id().into(),
            title: KpiId::PipelineValue.entry().name(lang).into(),
            step: None,
            value: money(ds, lang, snap.pipeline_value as f64),
            sub: tf(lang, Key::PipelineValueSub, &[("stage", &qualified)]),
            delta: d(
                Some(snap.pipeline_value as f64),
                prev_snap.map(|s| Some(s.pipeline_value as f64)),
                KpiId::PipelineValue.better(),
            ),
            definition: KpiId::PipelineValue.entry().text(lang),
        },
        Card {
            id: KpiId::WeightedPipeline.id().into(),
            title: KpiId::WeightedPipeline.entry().name(lang).into(),
            step: None,
            value: money(ds, lang, snap.weighted_value),
            sub: t(lang, Key::ProbabilityWeighted).into(),
            delta: d(
                Some(snap.weighted_value),
                prev_snap.map(|s| Some(s.weighted_value)),
                KpiId::WeightedPipeline.better(),
            ),
            definition: KpiId::WeightedPipeline.entry().text(lang),
        },
        Card {
            id: KpiId::Velocity.id().into(),
            title: KpiId::Velocity.entry().name(lang).into(),
            step: None,
            value: r.velocity.map_or_else(
                || t(lang, Key::NotAvailable).to_string(),
                |v| tf(lang, Key::PerDay, &[("value", &money(ds, lang, v))]),
            ),
            sub: tf(lang, Key::OpenQualifiedSub, &[("n", &int(snap.qualified))]),
            delta: d(
                r.velocity,
                p.map(|_| r.previous_velocity),
                KpiId::Velocity.better(),
            ),
            definition: KpiId::Velocity.entry().text(lang),
        },
        Card {
            id: KpiId::Attainment.id().into(),
            title: KpiId::Attainment.entry().name(lang).into(),
            step: None,
            value: fmt_percent(lang, attainment),
            sub: goal_sub,
            delta: None,
            definition: KpiId::Attainment.entry().text(lang),
        },
    ]);
    cards
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kpi::{self, Filter, PeriodPreset, Query};
    use crate::domain::sample::sample_dataset;
    use crate::domain::Date;

    #[test]
    fn one_card_per_kpi_with_deltas() {
        let today = Date::parse("2025-06-30").unwrap();
        let ds = sample_dataset(today, Language::En);
        let q = Query {
            period: PeriodPreset::LastQuarter.period(today),
            filter: Filter::default(),
            mode: FunnelMode::Cohort,
            today,
        };
        let r = kpi::report(&ds, &q);
        let got = cards(&ds, &r, FunnelMode::Cohort, Language::En);
        let titles: Vec<&str> = got.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Visitor → lead",
                "Lead → MQL",
                "MQL → SQL",
                "SQL → Customer",
                "Win rate",
                "Sales-cycle length",
                "Average deal size",
                "Deals in the pipeline",
                "Pipeline value",
                "Weighted pipeline",
                "Sales velocity",
                "Quota attainment",
            ]
        );
        assert!(got.iter().all(|c| !c.definition.is_empty()));
        assert!(got[0]
            .delta
            .as_ref()
            .is_some_and(|(text, _)| text.ends_with("vs previous period")));
        let fa = cards(&ds, &r, FunnelMode::Cohort, Language::Fa);
        assert!(fa[0].value.ends_with('٪'), "{}", fa[0].value);
        assert_eq!(fa[1].title, "Lead ← MQL");
    }

    #[test]
    fn deltas_colour_by_direction_and_say_na() {
        let up = delta_text(Language::En, true, Some(12.0), Some(10.0), Better::Higher).unwrap();
        assert_eq!(up, ("+20.0% vs previous period".to_string(), "better"));
        let slower = delta_text(Language::En, true, Some(12.0), Some(10.0), Better::Lower).unwrap();
        assert_eq!(slower.1, "worse");
        let neutral = delta_text(Language::En, true, Some(12.0), Some(10.0), Better::Neither);
        assert_eq!(neutral.unwrap().1, "same");
        assert_eq!(KpiId::Cycle.better(), Better::Lower);
        assert_eq!(KpiId::WinRate.better(), Better::Higher);
        let na = delta_text(Language::En, true, Some(1.0), Some(0.0), Better::Higher).unwrap();
        assert_eq!(na.0, "n/a vs previous period");
        assert_eq!(
            delta_text(Language::En, false, Some(1.0), Some(2.0), Better::Higher),
            None
        );
    }
}
