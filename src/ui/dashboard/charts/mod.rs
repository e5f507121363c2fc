//! The dashboard's charts: funnel, open pipeline by stage, trend, cycle-length distribution and
//! forecast against the goal, with their controls.

pub(super) mod inputs;

use crate::chart::forecast::{self};
use crate::chart::funnel::{self};
use crate::chart::histogram::{self};
use crate::chart::lines::{self};
use crate::chart::stack::{self};
use crate::domain::kpi::charts::StackBy;
use crate::domain::kpi::{Query, Report};
use crate::domain::{Dataset, Language, Money};
use crate::i18n::{fmt_money, t, tx, Key};
use crate::ui::charts::ChartCanvas;
use crate::ui::widgets::{Choice, Labelled};
use crate::ui::{kpi_index, with_index};
use inputs::{cycle_input, forecast_input, funnel_input, stack_input, trend_input};
use leptos::prelude::*;

/// Series beyond this many are summed into "Other", so colours stay distinguishable.
pub(super) const MAX_SERIES: usize = 6;

pub(super) fn money(ds: &Dataset, lang: Language, minor: i64) -> String {
    fmt_money(
        lang,
        Money {
            minor,
            currency: ds.settings.display_currency,
        },
    )
}

pub(super) fn heads(lang: Language, keys: &[Key]) -> Vec<String> {
    keys.iter().map(|k| t(lang, *k).to_string()).collect()
}

/// A count/value switch.
pub(super) fn measure_switch(
    lang: Memo<Language>,
    by_value: RwSignal<bool>,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <Labelled text=tx(lang, Key::ChartMeasure)>
            <Choice
                options=move || {
                    vec![
                        ("count".into(), t(lang.get(), Key::ByCount).into()),
                        ("value".into(), t(lang.get(), Key::ByValue).into()),
                    ]
                }
                current=move || if by_value.get() { "value" } else { "count" }.to_string()
                set=move |v: String| by_value.set(v == "value")
                attr:data-testid=testid
            />
        </Labelled>
    }
}

/// The funnel and pipeline charts for the dashboard's current query.
#[component]
pub(crate) fn DashboardCharts(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    report: Memo<Report>,
    query: Memo<Query>,
) -> impl IntoView {
    let funnel_value = RwSignal::new(false);
    let stack_value = RwSignal::new(false);
    let stack_by = RwSignal::new(StackBy::Source);
    let funnel_data = Memo::new(move |_| {
        report.with(|r| ds.with(|d| funnel_input(d, r, funnel_value.get(), lang.get())))
    });
    let index = kpi_index();
    let stack_data = Memo::new(move |_| {
        let (by, by_value, lang) = (stack_by.get(), stack_value.get(), lang.get());
        with_index(index, |ix| {
            query.with(|q| ds.with(|d| stack_input(d, ix, q, by, by_value, lang)))
        })
    });
    let cycle_all = Memo::new(move |_| {
        let lang = lang.get();
        with_index(index, |ix| {
            query.with(|q| ds.with(|d| cycle_input(d, ix, q, lang)))
        })
    });
    let cycle_data = Memo::new(move |_| cycle_all.with(|c| c.0.clone()));
    let cycle_title = Signal::derive(move || t(lang.get(), Key::CycleChartTitle).to_string());
    let forecast_data = Memo::new(move |_| {
        let lang = lang.get();
        with_index(index, |ix| {
            query.with(|q| report.with(|r| ds.with(|d| forecast_input(d, ix, q, r, lang))))
        })
    });
    let forecast_title = Signal::derive(move || t(lang.get(), Key::ForecastChartTitle).to_string());
    let trend_data = Memo::new(move |_| {
        let lang = lang.get();
        with_index(index, |ix| {
            query.with(|q| ds.with(|d| trend_input(d, ix, q, lang)))
        })
    });
    let trend_title = Signal::derive(move || t(lang.get(), Key::TrendChartTitle).to_string());
    let funnel_title = Signal::derive(move || t(lang.get(), Key::FunnelChartTitle).to_string());
    let stack_title = Signal::derive(move || t(lang.get(), Key::PipelineChartTitle).to_string());
    view! {
        <section class="charts" aria-labelledby="charts-title">
            <h2 id="charts-title" class="visually-hidden">
                {tx(lang, Key::ChartsHeading)}
            </h2>
            <div class="chart-grid">
                <ChartCanvas
                    name="funnel"
                    lang=lang
                    title=funnel_title
                    input=funnel_data
                    paint=|area, steps, frame| funnel::draw(area, steps, frame)
                    height=260
                    controls=move || measure_switch(lang, funnel_value, "funnel-measure")
                />
                <ChartCanvas
                    name="pipeline"
                    lang=lang
                    title=stack_title
                    input=stack_data
                    paint=stack::draw
                    height=260
                    controls=move || {
                        view! {
                            <Labelled text=tx(lang, Key::StackByLabel)>
                                <Choice
                                    options=move || {
                                        vec![
                                            ("source".into(), t(lang.get(), Key::FieldSource).into()),
                                            ("owner".into(), t(lang.get(), Key::FieldOwner).into()),
                                        ]
                                    }
                                    current=move || {
                                        if stack_by.get() == StackBy::Owner {
                                            "owner"
                                        } else {
                                            "source"
                                        }
                                            .to_string()
                                    }
                                    set=move |v: String| {
                                        stack_by
                                            .set(
                                                if v == "owner" { StackBy::Owner } else { StackBy::Source },
                                            )
                                    }
                                    attr:data-testid="stack-by"
                                />
                            </Labelled>
                            {measure_switch(lang, stack_value, "stack-measure")}
                        }
                    }
                />
                <ChartCanvas
                    name="trend"
                    lang=lang
                    title=trend_title
                    input=trend_data
                    paint=lines::draw
                    height=260
                />
                <ChartCanvas
                    name="cycle"
                    lang=lang
                    title=cycle_title
                    input=cycle_data
                    paint=histogram::draw
                    height=240
                >
                    <p class="muted" data-testid="cycle-by-source">
                        <strong>{tx(lang, Key::BySource)}</strong>
                        " "
                        {move || cycle_all.with(|c| c.1.clone())}
                    </p>
                </ChartCanvas>
                <ChartCanvas
                    name="forecast"
                    lang=lang
                    title=forecast_title
                    input=forecast_data
                    paint=forecast::draw
                    height=240
                />
            </div>
        </section>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::kpi::{report, DealIndex, Period};
    use crate::domain::sample::sample_dataset;
    use crate::domain::Date;

    fn setup() -> (Dataset, Query) {
        let today = Date::parse("2025-06-30").unwrap();
        let ds = sample_dataset(today, Language::En);
        let q = Query {
            period: Period::all(),
            filter: Default::default(),
            mode: Default::default(),
            today,
        };
        (ds, q)
    }

    #[test]
    fn funnel_input_labels_steps_and_drops_visitors_in_value_mode() {
        let (ds, q) = setup();
        let r = report(&ds, &q);
        let counts = funnel_input(&ds, &r, false, Language::En);
        assert_eq!(counts.shape[0].label, "Visitors");
        assert_eq!(counts.shape.len(), counts.tips.len());
        assert_eq!(counts.shape[1].label, "Lead");
        assert!(
            counts.shape[2].caption.contains("(−"),
            "{}",
            counts.shape[2].caption
        );
        let values = funnel_input(&ds, &r, true, Language::En);
        assert_eq!(values.shape.len(), counts.shape.len() - 1);
        assert!(values.shape[0].caption.starts_with(&fmt_money(
            Language::En,
            Money {
                minor: values.shape[0].size as i64,
                currency: ds.settings.display_currency
            }
        )));
        let fa = funnel_input(&ds, &r, false, Language::Fa);
        assert!(
            fa.shape[1]
                .caption
                .chars()
                .any(|c| ('۰'..='۹').contains(&c)),
            "Persian digits"
        );
    }

    #[test]
    fn stack_input_caps_series_and_tips_match_segments() {
        let (mut ds, q) = setup();
        // Many sources: the smallest ones fold into "Other".
        for (i, deal) in ds.deals.iter_mut().enumerate() {
            deal.source = Some(format!("s{}", i % 9).as_str().into());
        }
        let drawn = stack_input(
            &ds,
            Some(&DealIndex::new(&ds)),
            &q,
            StackBy::Source,
            false,
            Language::En,
        );
        assert_eq!(drawn.shape.series.len(), MAX_SERIES);
        assert_eq!(drawn.shape.series.last().unwrap().name, "Other");
        assert_eq!(
            drawn.tips.len(),
            drawn.shape.series.len() * drawn.shape.columns.len()
        );
        let total: f64 = drawn.shape.series.iter().flat_map(|s| &s.values).sum();
        let r = report(&ds, &q);
        assert_eq!(total as u64, r.snapshot.open);
    }

    #[test]
    fn cycle_and_forecast_inputs_carry_the_report_numbers() {
        let (ds, q) = setup();
        let r = report(&ds, &q);
        let (cycle, by_source) = cycle_input(&ds, None, &q, Language::En);
        assert_eq!(cycle.shape.markers.len(), 2, "median and p90");
        assert_eq!(cycle.shape.counts.iter().sum::<f64>() as u64, r.current.won);
        assert_eq!(cycle.rows.len(), cycle.shape.labels.len());
        assert!(by_source.contains("Website"), "{by_source}");
        let fc = forecast_input(&ds, Some(&DealIndex::new(&ds)), &q, &r, Language::En);
        assert_eq!(
            fc.shape.actual.last().unwrap().1 as i64,
            r.current.won_value
        );
        assert_eq!(fc.tips.len(), fc.rows.len());
    }
}
