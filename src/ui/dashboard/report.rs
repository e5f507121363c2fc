//! The report page (`#report?…`, the dashboard's view in the address): the view's KPI cards with
//! their deltas, the charts as images, the findings, the leaderboard and the loss reasons, laid
//! out for A4 by `domain::format::report_html`, with "Print / save as PDF" and the same report as
//! one self-contained HTML file. Every number comes from the dashboard's own functions.

use super::activity_inputs::{attempts_input, calls_input, speed_input};
use super::cards::{cards, money, stage_name};
use super::charts::heads;
use super::charts::inputs::{cycle_input, forecast_input, funnel_input, stack_input, trend_input};
use super::details::{insight_lines, insight_text, leaderboard_rows, preset_key, LEADERBOARD_HEAD};
use super::loss::{reason_cells, REASON_HEAD};
use crate::chart::{forecast, funnel, histogram, lines, stack};
use crate::domain::format::report_html::{self, Block, ReportCard, ReportDoc, Section};
use crate::domain::kpi::activity::{activity_kpis, call_trend};
use crate::domain::kpi::charts::StackBy;
use crate::domain::kpi::insights::segment_insight;
use crate::domain::kpi::leaderboard::leaderboard;
use crate::domain::kpi::loss::loss_report;
use crate::domain::kpi::matrix::MatrixBy;
use crate::domain::kpi::{self, DealIndex, FunnelMode, PeriodPreset, Query};
use crate::domain::view_state::DashboardView;
use crate::domain::{Dataset, Language};
use crate::i18n::{self, fmt_date, fmt_int, t, tf, tx, Key};
use crate::ui::charts::{chart_png, Drawn, Painter};
use crate::ui::{clock, kpi_index, with_index};
use leptos::prelude::*;

/// Width of the charts' images in CSS pixels: the text width of an A4 page.
const CHART_WIDTH: u32 = 700;

/// Draws a chart as a PNG data URL (a canvas in the browser; nothing in native tests).
pub(super) trait DrawPng {
    /// `drawn`'s shape painted `height` CSS pixels high, or `None`.
    fn png<T>(&self, paint: Painter<T>, drawn: &Drawn<T>, height: u32) -> Option<String>;
}

/// Draws on a canvas of its own, mirrored for right-to-left.
struct OnCanvas {
    rtl: bool,
}

impl DrawPng for OnCanvas {
    fn png<T>(&self, paint: Painter<T>, drawn: &Drawn<T>, height: u32) -> Option<String> {
        chart_png(paint, &drawn.shape, CHART_WIDTH, height, self.rtl)
    }
}

fn join(lang: Language, names: Vec<String>) -> String {
    names.join(if lang == Language::Fa { "، " } else { ", " })
}

/// The lines under the title: the period, each filter in words, the funnel mode, the date.
fn lines_of(ds: &Dataset, v: &DashboardView, q: &Query, lang: Language) -> Vec<String> {
    let field = |field: Key, values: String| {
        tf(
            lang,
            Key::ReportFilter,
            &[("field", t(lang, field)), ("values", &values)],
        )
    };
    let mut lines = vec![match v.preset {
        Some(PeriodPreset::AllTime) => field(Key::Period, t(lang, Key::PresetAllTime).into()),
        p => tf(
            lang,
            Key::ReportPeriod,
            &[
                (
                    "name",
                    t(lang, p.map_or(Key::PresetCustom, |p| preset_key(p).1)),
                ),
                ("from", &fmt_date(lang, q.period.start)),
                ("to", &fmt_date(lang, q.period.end)),
            ],
        ),
    }];
    let filters: [(Key, Vec<String>); 4] = [
        (
            Key::FieldOwner,
            v.owners
                .iter()
                .map(|o| ds.owner_name(Some(o)).to_string())
                .collect(),
        ),
        (
            Key::FieldSource,
            v.sources
                .iter()
                .map(|s| ds.source_name(Some(s)).to_string())
                .collect(),
        ),
        (
            Key::FieldType,
            v.types
                .iter()
                .map(|k| ds.deal_type_name(Some(k)).to_string())
                .collect(),
        ),
        (
            Key::FilterStage,
            v.stages.iter().map(|s| stage_name(ds, s)).collect(),
        ),
    ];
    let before = lines.len();
    for (key, names) in filters {
        if !names.is_empty() {
            lines.push(field(key, join(lang, names)));
        }
    }
    if lines.len() == before {
        lines.push(t(lang, Key::ReportNoFilters).into());
    }
    let mode = match q.mode {
        FunnelMode::Cohort => Key::ModeCohort,
        FunnelMode::Period => Key::ModePeriod,
    };
    lines.push(field(Key::FunnelModeLabel, t(lang, mode).into()));
    lines.push(tf(
        lang,
        Key::ReportMade,
        &[("date", &fmt_date(lang, q.today))],
    ));
    lines
}

/// A chart block: its title and image.
fn chart<T, D: DrawPng>(
    draw: &D,
    name: &'static str,
    title: Key,
    lang: Language,
    paint: Painter<T>,
    drawn: &Drawn<T>,
    height: u32,
) -> Block {
    Block::Chart {
        name,
        title: t(lang, title).into(),
        png: draw.png(paint, drawn, height),
    }
}

/// The whole report of view `v` (asking `q`) in `lang`, charts drawn by `draw`.
pub(super) fn report_doc<D: DrawPng>(
    ds: &Dataset,
    ix: Option<&DealIndex>,
    v: &DashboardView,
    q: &Query,
    lang: Language,
    draw: &D,
) -> ReportDoc {
    let r = kpi::report_in(ds, ix, q);
    let kpi_cards = cards(ds, &r, q.mode, lang)
        .into_iter()
        .map(|c| ReportCard {
            id: c.id,
            title: c.title,
            value: c.value,
            sub: c.sub,
            delta: c.delta,
        })
        .collect();
    // The rep whose step fell first (as the loss panel finds it by owner), then the team's.
    let mut insights: Vec<String> = segment_insight(ds, ix, q, MatrixBy::Owner)
        .iter()
        .map(|i| insight_text(ds, lang, i))
        .collect();
    insights.extend(insight_lines(ds, &r, lang));
    let mut sections = vec![
        Section {
            heading: t(lang, Key::KpiHeading).into(),
            new_page: false,
            blocks: vec![Block::Cards(kpi_cards)],
        },
        Section {
            heading: t(lang, Key::InsightsHeading).into(),
            new_page: false,
            blocks: vec![if insights.is_empty() {
                Block::Text(t(lang, Key::NoInsights).into())
            } else {
                Block::List(insights)
            }],
        },
        Section {
            heading: t(lang, Key::ChartsHeading).into(),
            new_page: true,
            blocks: vec![
                chart(
                    draw,
                    "funnel",
                    Key::FunnelChartTitle,
                    lang,
                    |a, s, f| funnel::draw(a, s, f),
                    &funnel_input(ds, &r, false, lang),
                    260,
                ),
                chart(
                    draw,
                    "pipeline",
                    Key::PipelineChartTitle,
                    lang,
                    stack::draw,
                    &stack_input(ds, ix, q, StackBy::Source, false, lang),
                    260,
                ),
                chart(
                    draw,
                    "trend",
                    Key::TrendChartTitle,
                    lang,
                    lines::draw,
                    &trend_input(ds, ix, q, lang),
                    260,
                ),
                chart(
                    draw,
                    "cycle",
                    Key::CycleChartTitle,
                    lang,
                    histogram::draw,
                    &cycle_input(ds, ix, q, lang).0,
                    240,
                ),
                chart(
                    draw,
                    "forecast",
                    Key::ForecastChartTitle,
                    lang,
                    forecast::draw,
                    &forecast_input(ds, ix, q, &r, lang),
                    240,
                ),
            ],
        },
    ];
    let activity = activity_kpis(ds, q);
    if activity.activities > 0 || activity.speed.leads > 0 {
        sections.push(Section {
            heading: t(lang, Key::ActivityHeading).into(),
            new_page: true,
            blocks: vec![
                chart(
                    draw,
                    "calls",
                    Key::CallsChartTitle,
                    lang,
                    stack::draw,
                    &calls_input(ds, &call_trend(ds, q), lang),
                    260,
                ),
                chart(
                    draw,
                    "speed",
                    Key::SpeedChartTitle,
                    lang,
                    stack::draw,
                    &speed_input(&activity, lang),
                    240,
                ),
                chart(
                    draw,
                    "attempts",
                    Key::AttemptsChartTitle,
                    lang,
                    stack::draw,
                    &attempts_input(&activity, lang),
                    240,
                ),
            ],
        });
    }
    sections.push(Section {
        heading: t(lang, Key::LeaderboardHeading).into(),
        new_page: true,
        blocks: vec![Block::Table {
            name: "leaderboard",
            head: heads(lang, &LEADERBOARD_HEAD),
            rows: leaderboard_rows(ds, &leaderboard(ds, ix, q), lang),
        }],
    });
    let losses = loss_report(ds, ix, q);
    let loss_blocks = if losses.losses.is_empty() {
        vec![Block::Text(t(lang, Key::LossNone).into())]
    } else {
        vec![
            Block::Text(tf(
                lang,
                Key::LossSummary,
                &[
                    ("n", &fmt_int(lang, losses.losses.len() as i64)),
                    ("value", &money(ds, lang, losses.value as f64)),
                ],
            )),
            Block::Table {
                name: "loss-reasons",
                head: heads(lang, &REASON_HEAD),
                rows: losses
                    .by_reason
                    .iter()
                    .map(|g| reason_cells(ds, g, lang).to_vec())
                    .collect(),
            },
        ]
    };
    sections.push(Section {
        heading: t(lang, Key::LossHeading).into(),
        new_page: false,
        blocks: loss_blocks,
    });
    ReportDoc {
        lang: i18n::html_lang(lang),
        dir: i18n::html_dir(lang),
        title: t(lang, Key::ReportTitle).into(),
        lines: lines_of(ds, v, q, lang),
        sections,
    }
}

/// The view a `#report?…` or `#dashboard?…` address asks for.
pub(crate) fn view_in_address() -> DashboardView {
    let hash = crate::browser::address::hash();
    DashboardView::parse(hash.split_once('?').map_or("", |(_, q)| q))
}

/// The address of the report of `view`.
pub(crate) fn report_href(view: &DashboardView) -> String {
    match view.to_query() {
        q if q.is_empty() => "#report".to_string(),
        q => format!("#report?{q}"),
    }
}

/// The report page of the view in the address.
#[component]
pub(crate) fn ReportPage(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let wanted = StoredValue::new(view_in_address());
    let query = Memo::new(move |_| {
        let calendar = ds.with(|d| d.settings.calendar);
        wanted.with_value(|v| v.query(clock::today(), calendar))
    });
    // Persian chart text needs the page's Persian font in the images: draw again once it is in.
    let fonts_in = RwSignal::new(0u32);
    Effect::new(move |_| {
        if lang.get() == Language::Fa {
            crate::browser::fonts::when_loaded("16px Vazirmatn", move || {
                fonts_in.try_update(|n| *n += 1);
            });
        }
    });
    let index = kpi_index();
    let doc = Memo::new(move |_| {
        fonts_in.track();
        let lang = lang.get();
        let draw = OnCanvas {
            rtl: lang == Language::Fa,
        };
        with_index(index, |ix| {
            query.with(|q| ds.with(|d| wanted.with_value(|v| report_doc(d, ix, v, q, lang, &draw))))
        })
    });
    let back = wanted.with_value(|v| match v.to_query() {
        q if q.is_empty() => "#dashboard".to_string(),
        q => format!("#dashboard?{q}"),
    });
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            // A refused print dialog leaves the page as it is; there is nothing to undo.
            let _ = w.print();
        }
    };
    let export = move |_| {
        let (start, end) = query.with_untracked(|q| (q.period.start, q.period.end));
        let html = doc.with_untracked(report_html::page);
        crate::ui::offer_download(
            &html,
            "text/html;charset=utf-8",
            &format!("kariz-report-{start}-{end}.html"),
        );
    };
    view! {
        <div class="report-tools" role="toolbar" aria-label=tx(lang, Key::ReportTools)>
            <a class="button" href=back data-testid="report-back">
                {tx(lang, Key::ReportBack)}
            </a>
            <button type="button" class="primary" data-testid="report-print" on:click=print>
                {tx(lang, Key::ReportPrint)}
            </button>
            <button type="button" data-testid="report-html" on:click=export>
                {tx(lang, Key::ReportExportHtml)}
            </button>
        </div>
        <div
            class="report-sheet"
            data-testid="report"
            inner_html=move || doc.with(report_html::body)
        ></div>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::sample::sample_dataset;
    use crate::domain::{Date, OwnerId};

    /// Draws nothing: native tests have no canvas.
    struct NoDraw;

    impl DrawPng for NoDraw {
        fn png<T>(&self, _: Painter<T>, _: &Drawn<T>, _: u32) -> Option<String> {
            None
        }
    }

    #[test]
    fn the_report_shows_the_dashboard_cards_and_escapes_names() {
        let today = Date::parse("2025-06-30").unwrap();
        let mut ds = sample_dataset(today, Language::En);
        let rep = OwnerId::from("rep-1");
        for o in ds.owners.iter_mut().filter(|o| o.id == rep) {
            o.name = "<b>Sara</b> & Co".into();
        }
        let view = DashboardView {
            preset: Some(PeriodPreset::Last365Days),
            owners: vec![rep.clone()],
            ..DashboardView::default()
        };
        let q = view.query(today, ds.settings.calendar);
        let doc = report_doc(&ds, None, &view, &q, Language::En, &NoDraw);
        let shown = cards(&ds, &kpi::report(&ds, &q), q.mode, Language::En);
        let Block::Cards(got) = &doc.sections[0].blocks[0] else {
            panic!("cards first");
        };
        assert_eq!(got.len(), shown.len());
        for (a, b) in got.iter().zip(&shown) {
            assert_eq!((&a.id, &a.value, &a.delta), (&b.id, &b.value, &b.delta));
        }
        assert!(
            doc.lines[0].starts_with("Period: Last 365 days, "),
            "{:?}",
            doc.lines
        );
        assert_eq!(doc.lines[1], "Owner: <b>Sara</b> & Co");
        let charts = doc.sections.iter().flat_map(|s| &s.blocks);
        let charts = charts.filter(|b| matches!(b, Block::Chart { .. }));
        assert_eq!(charts.count(), 8, "five charts and three telesales charts");
        let html = report_html::page(&doc);
        assert!(!html.contains("<script") && !html.contains("<b>Sara"));
        assert!(html.contains("Owner: &lt;b&gt;Sara&lt;/b&gt; &amp; Co"));
        assert!(html.contains("<th scope=\"row\"><bdi>&lt;b&gt;Sara&lt;/b&gt; &amp; Co</bdi></th>"));
        let fa = report_doc(&ds, None, &view, &q, Language::Fa, &NoDraw);
        assert_eq!((fa.lang, fa.dir), ("fa", "rtl"));
        assert!(
            fa.lines[0].chars().any(|c| ('۰'..='۹').contains(&c)),
            "{}",
            fa.lines[0]
        );
    }
}
