//! KPI cards with their definitions, for a chosen period.

use super::clock;
use crate::domain::kpi::{self, Dashboard, PeriodPreset};
use crate::domain::{Dataset, Language, StageId};
use crate::i18n::{fmt_days, fmt_int, fmt_money, fmt_percent, t, tf, Key};
use leptos::prelude::*;

/// What one card shows; built from the KPI results, with all formatting done.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Card {
    id: String,
    title: String,
    /// For funnel steps: the two stage names, isolated so mixed-script names order correctly.
    step: Option<(String, String)>,
    value: String,
    sub: String,
    definition: String,
}

fn stage_name(ds: &Dataset, id: &StageId) -> String {
    ds.stage(id)
        .map_or_else(|| id.0.clone(), |s| s.name.clone())
}

fn cards(ds: &Dataset, kpis: &Dashboard, lang: Language) -> Vec<Card> {
    let mut cards = vec![Card {
        id: "visitor-lead".into(),
        title: t(lang, Key::VisitorToLead).into(),
        step: None,
        value: fmt_percent(lang, kpis.visitor_to_lead.value()),
        sub: tf(
            lang,
            Key::LeadsOfVisitors,
            &[
                ("num", &fmt_int(lang, kpis.leads as i64)),
                ("den", &fmt_int(lang, kpis.visitors as i64)),
            ],
        ),
        definition: t(lang, Key::VisitorToLeadDef).into(),
    }];
    for pair in kpis.funnel.windows(2) {
        let (from, to) = (
            stage_name(ds, &pair[0].stage),
            stage_name(ds, &pair[1].stage),
        );
        let ratio = pair[1].from_previous;
        cards.push(Card {
            id: format!("step-{}-{}", pair[0].stage.0, pair[1].stage.0),
            title: format!("{from} {} {to}", crate::i18n::arrow(lang)),
            step: Some((from.clone(), to.clone())),
            value: fmt_percent(lang, ratio.and_then(|r| r.value())),
            sub: tf(
                lang,
                Key::OfCount,
                &[
                    ("num", &fmt_int(lang, pair[1].reached as i64)),
                    ("den", &fmt_int(lang, pair[0].reached as i64)),
                ],
            ),
            definition: tf(lang, Key::StepDef, &[("from", &from), ("to", &to)]),
        });
    }
    let qualified = stage_name(ds, &ds.settings.qualified_stage);
    let currency = ds.settings.display_currency;
    let mut value = fmt_money(
        lang,
        crate::domain::Money {
            minor: kpi::total_in(&kpis.pipeline_value, currency),
            currency,
        },
    );
    for other in kpis
        .pipeline_value
        .iter()
        .filter(|m| m.currency != currency && m.minor != 0)
    {
        value.push_str(" + ");
        value.push_str(&fmt_money(lang, *other));
    }
    cards.extend([
        Card {
            id: "cycle".into(),
            title: t(lang, Key::CycleLength).into(),
            step: None,
            value: fmt_days(lang, kpis.cycle.mean),
            sub: tf(
                lang,
                Key::CycleSub,
                &[
                    ("median", &fmt_days(lang, kpis.cycle.median)),
                    ("n", &fmt_int(lang, kpis.cycle.n as i64)),
                ],
            ),
            definition: t(lang, Key::CycleDef).into(),
        },
        Card {
            id: "open-deals".into(),
            title: t(lang, Key::OpenDeals).into(),
            step: None,
            value: fmt_int(lang, kpis.open_deals as i64),
            sub: t(lang, Key::OpenDealsSub).into(),
            definition: t(lang, Key::OpenDealsDef).into(),
        },
        Card {
            id: "pipeline-value".into(),
            title: t(lang, Key::PipelineValue).into(),
            step: None,
            value,
            sub: tf(lang, Key::PipelineValueSub, &[("stage", &qualified)]),
            definition: tf(lang, Key::PipelineValueDef, &[("stage", &qualified)]),
        },
    ]);
    cards
}

fn preset_key(preset: PeriodPreset) -> (&'static str, Key) {
    match preset {
        PeriodPreset::AllTime => ("all", Key::PresetAllTime),
        PeriodPreset::ThisMonth => ("this-month", Key::PresetThisMonth),
        PeriodPreset::LastMonth => ("last-month", Key::PresetLastMonth),
        PeriodPreset::ThisQuarter => ("this-quarter", Key::PresetThisQuarter),
        PeriodPreset::ThisYear => ("this-year", Key::PresetThisYear),
        PeriodPreset::Last30Days => ("last-30", Key::PresetLast30),
        PeriodPreset::Last90Days => ("last-90", Key::PresetLast90),
    }
}

/// The KPI section: period picker and one card per KPI.
#[component]
pub(crate) fn Kpis(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let preset = RwSignal::new(PeriodPreset::AllTime);
    let results = Memo::new(move |_| {
        let period = preset.get().period(clock::today());
        ds.with(|d| kpi::dashboard(d, period))
    });
    let shown = Memo::new(move |_| ds.with(|d| results.with(|k| cards(d, k, lang.get()))));
    let choose = move |ev| {
        let value = event_target_value(&ev);
        if let Some(p) = PeriodPreset::ALL
            .into_iter()
            .find(|p| preset_key(*p).0 == value)
        {
            preset.set(p);
        }
    };
    view! {
        <section class="kpis" aria-labelledby="kpi-title">
            <div class="section-head">
                <h2 id="kpi-title">{move || t(lang.get(), Key::KpiHeading)}</h2>
                <label>
                    <span>{move || t(lang.get(), Key::Period)}</span>
                    <select on:change=choose data-testid="period">
                        {move || {
                            let lang = lang.get();
                            PeriodPreset::ALL
                                .into_iter()
                                .map(|p| {
                                    let (value, key) = preset_key(p);
                                    view! { <option value=value selected=move || preset.get() == p>{t(lang, key)}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
            </div>
            <ul class="cards">
                <For each=move || shown.get() key=|c| c.clone() let(card)>
                    <li class="card" tabindex="0" data-kpi=card.id.clone() aria-describedby=format!("def-{}", card.id)>
                        <h3>{match card.step {
                            Some((from, to)) => view! {
                                <bdi>{from}</bdi>" "{crate::i18n::arrow(lang.get_untracked())}" "<bdi>{to}</bdi>
                            }.into_any(),
                            None => card.title.into_any(),
                        }}</h3>
                        <p class="value" data-testid=format!("kpi-{}", card.id)>{card.value}</p>
                        <p class="sub">{card.sub}</p>
                        <p class="definition" id=format!("def-{}", card.id) role="tooltip">{card.definition}</p>
                    </li>
                </For>
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample::sample_dataset;
    use crate::domain::Date;

    #[test]
    fn one_card_per_article_kpi() {
        let today = Date::parse("2025-06-30").unwrap();
        let ds = sample_dataset(today, Language::En);
        let kpis = kpi::dashboard(&ds, PeriodPreset::AllTime.period(today));
        let titles: Vec<String> = cards(&ds, &kpis, Language::En)
            .into_iter()
            .map(|c| c.title)
            .collect();
        assert_eq!(
            titles,
            [
                "Visitor → lead",
                "Lead → MQL",
                "MQL → SQL",
                "SQL → Customer",
                "Sales-cycle length",
                "Deals in the pipeline",
                "Pipeline value"
            ]
        );
        let fa = cards(&ds, &kpis, Language::Fa);
        assert!(fa[0].value.ends_with('٪'), "{}", fa[0].value);
    }
}
