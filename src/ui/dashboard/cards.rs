//! The KPI cards: value, detail line, change against the previous period, definition.

use crate::domain::kpi::glossary::{self};
use crate::domain::kpi::{delta, FunnelMode, Report};
use crate::domain::{Dataset, Language, Money, StageId};
use crate::i18n::{
    arrow, fmt_date, fmt_days, fmt_int, fmt_money, fmt_percent, localize_digits, t, tf, Key,
};

/// Whether a rise of the figure is good news (for colouring deltas).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Better {
    Higher,
    Lower,
}

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

pub(super) fn glossary_text(id: &str, lang: Language) -> &'static str {
    glossary::entry(id).map_or("", |e| e.text(lang))
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
        (Some(std::cmp::Ordering::Equal), _) | (None, _) => "same",
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
    let entry = |id: &str| glossary_text(id, lang);
    let mut cards = vec![Card {
        id: "visitor-lead".into(),
        title: glossary::entry("visitor-lead")
            .map_or("", |e| e.name(lang))
            .into(),
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
            Better::Higher,
        ),
        definition: entry("visitor-lead"),
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
            delta: d(ratio.value(), before, Better::Higher),
            definition: entry(if mode == FunnelMode::Cohort {
                "step"
            } else {
                "step-period"
            }),
        });
    }
    let named = |id: &str| glossary::entry(id).map_or(String::new(), |e| e.name(lang).to_string());
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
            id: "win-rate".into(),
            title: named("win-rate"),
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
                Better::Higher,
            ),
            definition: entry("win-rate"),
        },
        Card {
            id: "cycle".into(),
            title: named("cycle"),
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
            delta: d(c.cycle.mean, p.map(|p| p.cycle.mean), Better::Lower),
            definition: entry("cycle"),
        },
        Card {
            id: "avg-deal-size".into(),
            title: named("avg-deal-size"),
            step: None,
            value: c.avg_deal_size.map_or_else(
                || t(lang, Key::NotAvailable).to_string(),
                |v| money(ds, lang, v),
            ),
            sub: tf(lang, Key::WonDealsSub, &[("n", &int(c.won))]),
            delta: d(c.avg_deal_size, p.map(|p| p.avg_deal_size), Better::Higher),
            definition: entry("avg-deal-size"),
        },
        Card {
            id: "open-deals".into(),
            title: named("open-deals"),
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
                Better::Higher,
            ),
            definition: entry("open-deals"),
        },
        Card {
            id: "pipeline-value".into(),
            title: named("pipeline-value"),
            step: None,
            value: money(ds, lang, snap.pipeline_value as f64),
            sub: tf(lang, Key::PipelineValueSub, &[("stage", &qualified)]),
            delta: d(
                Some(snap.pipeline_value as f64),
                prev_snap.map(|s| Some(s.pipeline_value as f64)),
                Better::Higher,
            ),
            definition: entry("pipeline-value"),
        },
        Card {
            id: "weighted-pipeline".into(),
            title: named("weighted-pipeline"),
            step: None,
            value: money(ds, lang, snap.weighted_value),
            sub: t(lang, Key::ProbabilityWeighted).into(),
            delta: d(
                Some(snap.weighted_value),
                prev_snap.map(|s| Some(s.weighted_value)),
                Better::Higher,
            ),
            definition: entry("weighted-pipeline"),
        },
        Card {
            id: "velocity".into(),
            title: named("velocity"),
            step: None,
            value: r.velocity.map_or_else(
                || t(lang, Key::NotAvailable).to_string(),
                |v| tf(lang, Key::PerDay, &[("value", &money(ds, lang, v))]),
            ),
            sub: tf(lang, Key::OpenQualifiedSub, &[("n", &int(snap.qualified))]),
            delta: d(r.velocity, p.map(|_| r.previous_velocity), Better::Higher),
            definition: entry("velocity"),
        },
        Card {
            id: "attainment".into(),
            title: named("attainment"),
            step: None,
            value: fmt_percent(lang, attainment),
            sub: goal_sub,
            delta: None,
            definition: entry("attainment"),
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
        let na = delta_text(Language::En, true, Some(1.0), Some(0.0), Better::Higher).unwrap();
        assert_eq!(na.0, "n/a vs previous period");
        assert_eq!(
            delta_text(Language::En, false, Some(1.0), Some(2.0), Better::Higher),
            None
        );
    }
}
