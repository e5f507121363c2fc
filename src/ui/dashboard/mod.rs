//! The dashboard: filters, KPI cards with deltas and definitions, detail tables, charts, glossary.

mod activity;
mod activity_inputs;
mod cards;
mod charts;
mod details;
mod loss;
mod report;
mod views;

pub(crate) use report::ReportPage;

use crate::browser::clock;
use crate::domain::format::csv_out::{safe_cell, to_csv};
use crate::domain::kpi::glossary::{self};
use crate::domain::kpi::leaderboard::leaderboard;
use crate::domain::kpi::{self, FunnelMode, PeriodPreset};
use crate::domain::query::ListQuery;
use crate::domain::view_state::DashboardView;
use crate::domain::{Dataset, Date, Language};
use crate::i18n::{arrow, t, tx, Key};
use crate::ui::filters::{FilterBar, Offered};
use crate::ui::form::DateField;
use crate::ui::sections::{Loaded, Lower};
use crate::ui::widgets::{Choice, Labelled};
use cards::*;
use charts::DashboardCharts;
use details::*;
use leptos::prelude::*;

/// The dashboard's filter choices. The app owns them, so they survive leaving the dashboard and
/// the re-render that a change of language or calendar causes.
#[derive(Clone, Copy)]
pub(crate) struct DashboardChoices {
    preset: RwSignal<Option<PeriodPreset>>,
    custom_from: RwSignal<String>,
    custom_to: RwSignal<String>,
    /// Owner, source and current stage, as the shared filter bar sets them.
    filters: RwSignal<ListQuery>,
    mode: RwSignal<FunnelMode>,
}

impl DashboardChoices {
    /// All time, no filters, cohort funnel; the custom range defaults to this month so far.
    pub(crate) fn new() -> DashboardChoices {
        let today = clock::today();
        DashboardChoices {
            preset: RwSignal::new(Some(PeriodPreset::AllTime)),
            custom_from: RwSignal::new(today.month_start().to_string()),
            custom_to: RwSignal::new(today.to_string()),
            filters: RwSignal::new(ListQuery::default()),
            mode: RwSignal::new(FunnelMode::Cohort),
        }
    }

    /// The choices as a view (what the address and a saved view hold).
    pub(crate) fn view(&self) -> DashboardView {
        DashboardView {
            preset: self.preset.get(),
            from: Date::parse(&self.custom_from.get()).ok(),
            to: Date::parse(&self.custom_to.get()).ok(),
            owners: self.filters.with(|f| f.owners.clone()),
            sources: self.filters.with(|f| f.sources.clone()),
            types: self.filters.with(|f| f.types.clone()),
            stages: self.filters.with(|f| f.stages.clone()),
            mode: self.mode.get(),
        }
    }

    /// Makes `v` the current choices (a link, a reload, an opened saved view).
    pub(crate) fn show(&self, v: DashboardView) {
        self.preset.set(v.preset);
        if let (Some(from), Some(to)) = (v.from, v.to) {
            self.custom_from.set(from.to_string());
            self.custom_to.set(to.to_string());
        }
        self.filters.update(|f| {
            f.owners = v.owners;
            f.sources = v.sources;
            f.types = v.types;
            f.stages = v.stages;
        });
        self.mode.set(v.mode);
    }
}

/// Everything under the KPI cards (the charts, the tables, the leaderboard, the telesales and
/// loss-analysis blocks, the glossary): a chunk of its own (see [`Loaded::show_lower`]), drawn after the
/// cards' first frame anyway, so the first load carries only what paints that frame.
pub(crate) fn lower(l: Lower) -> AnyView {
    let Lower {
        ds,
        lang,
        query,
        report,
        detail,
    } = l;
    let index = super::kpi_index();
    let standings = Memo::new(move |_| {
        super::with_index(index, |ix| {
            query.with(|q| ds.with(|d| leaderboard(d, ix, q)))
        })
    });
    view! {
        <DashboardCharts ds=ds lang=lang report=report query=query />
        {move || report.with(|r| ds.with(|d| details(d, r, lang.get())))}
        {move || standings.with(|rows| ds.with(|d| leaderboard_table(d, rows, lang.get())))}
        <activity::ActivityPanel ds=ds lang=lang query=query />
        <loss::LossPanel ds=ds lang=lang query=query detail=detail />
        <section class="glossary" aria-labelledby="glossary-title">
            <details>
                <summary>
                    <h2 id="glossary-title">{tx(lang, Key::GlossaryHeading)}</h2>
                </summary>
                {move || glossary_list(lang.get(), glossary::KPIS)}
                <h3>{tx(lang, Key::RulesHeading)}</h3>
                {move || glossary_list(lang.get(), glossary::RULES)}
            </details>
        </section>
    }
    .into_any()
}

/// The KPI dashboard with its filters.
#[component]
pub(crate) fn Kpis(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    detail: RwSignal<Option<crate::domain::DealId>>,
) -> impl IntoView {
    let choices = use_context::<DashboardChoices>().unwrap_or_else(DashboardChoices::new);
    let DashboardChoices {
        preset,
        custom_from,
        custom_to,
        filters,
        mode,
    } = choices;

    // A view in the address (a reload, a bookmark, a link from a colleague) wins over the
    // choices kept from before; then every change is written back to the address.
    if crate::browser::address::hash().contains('?') {
        choices.show(report::view_in_address());
    }
    Effect::new(move |_| {
        let query = choices.view().to_query();
        let hash = if query.is_empty() {
            "dashboard".to_string()
        } else {
            format!("dashboard?{query}")
        };
        crate::browser::address::replace_hash(&hash);
    });

    let query = Memo::new(move |_| {
        let calendar = ds.with(|d| d.settings.calendar);
        let today = clock::today();
        // The day the cards are computed for, which a kept first paint is true for.
        crate::browser::first_paint::computed_for(today);
        choices.view().query(today, calendar)
    });
    // The cards paint first; the charts, tables and leaderboard below them follow right after
    // that frame, so opening Kariz on 10,000 deals shows the numbers without waiting for them.
    let rest_shown = RwSignal::new(false);
    request_animation_frame(move || {
        set_timeout(
            move || {
                let _ = rest_shown.try_set(true);
            },
            std::time::Duration::ZERO,
        )
    });
    let index = super::kpi_index();
    let report = Memo::new(move |_| {
        super::with_index(index, |ix| {
            query.with(|q| {
                ds.with(|d| crate::browser::perf::timed("kariz:kpi", || kpi::report_in(d, ix, q)))
            })
        })
    });
    let shown =
        Memo::new(move |_| report.with(|r| ds.with(|d| cards(d, r, mode.get(), lang.get()))));

    // The cards as a table: what the dashboard shows, for a spreadsheet or a report.
    let export_kpis = move |_| {
        let lang = lang.get_untracked();
        let (start, end) = query.with_untracked(|q| (q.period.start, q.period.end));
        let mut rows = vec![[
            Key::KpiColName,
            Key::KpiColValue,
            Key::KpiColDetail,
            Key::KpiColChange,
        ]
        .map(|k| t(lang, k).to_string())
        .to_vec()];
        shown.with_untracked(|cards| {
            for card in cards {
                let name = match &card.step {
                    Some((from, to)) => format!("{} ({from} → {to})", card.title),
                    None => card.title.clone(),
                };
                rows.push(
                    [
                        &name,
                        &card.value,
                        &card.sub,
                        &card.delta.as_ref().map_or(String::new(), |d| d.0.clone()),
                    ]
                    .map(|cell| safe_cell(cell).into_owned())
                    .to_vec(),
                );
            }
        });
        super::offer_download(
            &to_csv(&rows),
            super::exchange::CSV_MIME,
            &format!("kariz-kpis-{start}-{end}.csv"),
        );
    };

    let choose_period = move |value: String| {
        preset.set(
            PeriodPreset::ALL
                .into_iter()
                .find(|p| preset_key(*p).0 == value),
        );
    };
    let periods = move || {
        let lang = lang.get();
        let mut options: Vec<(String, String)> = PeriodPreset::ALL
            .into_iter()
            .map(|p| preset_key(p))
            .map(|(value, key)| (value.to_string(), t(lang, key).to_string()))
            .collect();
        options.push(("custom".into(), t(lang, Key::PresetCustom).into()));
        options
    };
    let period = move || {
        preset
            .get()
            .map_or("custom", |p| preset_key(p).0)
            .to_string()
    };
    let period_controls = move || {
        view! {
            <Labelled text=tx(lang, Key::Period)>
                <Choice
                    options=periods
                    current=period
                    set=choose_period
                    attr:data-testid="period"
                />
            </Labelled>
            <Show when=move || preset.get().is_none()>
                <Labelled text=tx(lang, Key::From)>
                    <DateField
                        lang=lang
                        value=custom_from
                        set=move |v| custom_from.set(v)
                        attr:data-testid="period-from"
                    />
                </Labelled>
                <Labelled text=tx(lang, Key::To)>
                    <DateField
                        lang=lang
                        value=custom_to
                        set=move |v| custom_to.set(v)
                        attr:data-testid="period-to"
                    />
                </Labelled>
            </Show>
        }
    };
    let modes = move || {
        vec![
            ("cohort".into(), t(lang.get(), Key::ModeCohort).into()),
            ("period".into(), t(lang.get(), Key::ModePeriod).into()),
        ]
    };
    let mode_value = move || match mode.get() {
        FunnelMode::Cohort => "cohort".to_string(),
        FunnelMode::Period => "period".to_string(),
    };
    let set_mode = move |v: String| {
        mode.set(if v == "period" {
            FunnelMode::Period
        } else {
            FunnelMode::Cohort
        })
    };

    view! {
        <section class="kpis" aria-labelledby="kpi-title">
            <div class="section-head">
                <h2 id="kpi-title">{tx(lang, Key::KpiHeading)}</h2>
                <a
                    class="button"
                    href=move || report::report_href(&choices.view())
                    data-testid="open-report"
                >
                    {tx(lang, Key::ReportOpen)}
                </a>
                <button type="button" data-testid="export-kpi-csv" on:click=export_kpis>
                    {tx(lang, Key::ExportKpiCsv)}
                </button>
            </div>
            <FilterBar ds=ds lang=lang query=filters offers=Offered::DASHBOARD lead=period_controls>
                <Labelled text=tx(lang, Key::FunnelModeLabel)>
                    <Choice
                        options=modes
                        current=mode_value
                        set=set_mode
                        attr:data-testid="funnel-mode"
                    />
                </Labelled>
            </FilterBar>
            <views::SavedViews ds=ds lang=lang choices=choices />
            <ul class="cards">
                <For each=move || shown.get() key=|c| c.clone() let(card)>
                    <li
                        class="card"
                        tabindex="0"
                        data-kpi=card.id.clone()
                        aria-describedby=format!("def-{}", card.id)
                    >
                        <h3>
                            {match card.step {
                                Some((from, to)) => {
                                    view! {
                                        <bdi>{from}</bdi>
                                        " "
                                        {arrow(lang.get_untracked())}
                                        " "
                                        <bdi>{to}</bdi>
                                    }
                                        .into_any()
                                }
                                None => card.title.into_any(),
                            }}
                        </h3>
                        <p class="value" data-testid=format!("kpi-{}", card.id)>
                            {card.value}
                        </p>
                        <p class="sub">{card.sub}</p>
                        {card
                            .delta
                            .map(|(text, class)| {
                                view! {
                                    <p
                                        class=format!("delta {class}")
                                        data-testid=format!("delta-{}", card.id)
                                    >
                                        {text}
                                    </p>
                                }
                            })}
                        <p class="definition" id=format!("def-{}", card.id) role="tooltip">
                            {card.definition}
                        </p>
                    </li>
                </For>
            </ul>
        </section>
        <Show when=move || {
            rest_shown.get()
        }>
            {use_context::<Loaded>()
                .unwrap_or_else(Loaded::new)
                .show_lower(Lower {
                    ds,
                    lang,
                    query,
                    report,
                    detail,
                })}
        </Show>
    }
}
