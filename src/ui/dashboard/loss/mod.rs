//! The dashboard's "find the blocks" section: why deals are lost (by reason with the deals behind
//! each one a click away, by stage, over time), win and loss per owner and source, and the
//! step-by-step comparison that names each rep's or source's block.

mod inputs;

use super::charts::measure_switch;
use super::details::{insight_text, owner_label, table};
use crate::chart::{lines, stack};
use crate::domain::kpi::insights::segment_insight;
use crate::domain::kpi::loss::{loss_report, LossGroup, LossReport, Segment};
use crate::domain::kpi::matrix::{comparison_matrix, Matrix, MatrixBy, Verdict};
use crate::domain::kpi::Query;
use crate::domain::{Dataset, DealId, DealTypeId, Language, Money};
use crate::i18n::{fmt_date, fmt_days, fmt_int, fmt_money, fmt_percent, t, tf, tx, Key};
use crate::ui::charts::ChartCanvas;
use crate::ui::widgets::{head_text, Choice, DataTable, Labelled};
use crate::ui::{kpi_index, with_index};
use inputs::{loss_stack_input, reason_label, reason_trend_input, stage_label};
use leptos::prelude::*;

/// Losses listed under a reason when it is opened.
const DRILL_ROWS: usize = 20;

fn money(ds: &Dataset, lang: Language, minor: i64) -> String {
    fmt_money(
        lang,
        Money {
            minor,
            currency: ds.settings.display_currency,
        },
    )
}

/// The columns of the reasons table (the last, empty one holds the drill-down button).
pub(super) const REASON_HEAD: [Key; 4] = [
    Key::ColReason,
    Key::ColCount,
    Key::FieldValue,
    Key::ColShare,
];

/// One reason's row: its name, count, value and share of the losses.
pub(super) fn reason_cells(ds: &Dataset, g: &LossGroup<String>, lang: Language) -> [String; 4] {
    [
        reason_label(lang, g.key.as_deref()),
        fmt_int(lang, g.count as i64),
        money(ds, lang, g.value),
        fmt_percent(lang, g.share.value()),
    ]
}

/// The reasons with their count, value and share, each row opening the deals lost for it.
fn reasons_table(
    ds: &Dataset,
    r: &LossReport,
    lang: Language,
    open: RwSignal<Option<Option<String>>>,
) -> impl IntoView {
    let mut head: Vec<String> = REASON_HEAD
        .iter()
        .map(|k| t(lang, *k).to_string())
        .collect();
    head.push(String::new());
    let rows = r
        .by_reason
        .iter()
        .map(|g| {
            let key = g.key.clone();
            let key_for_shown = StoredValue::new(key.clone());
            let shown = move || key_for_shown.with_value(|k| open.with(|o| o.as_ref() == Some(k)));
            let toggle = {
                let key = key.clone();
                move |_| {
                    open.update(|o| {
                        *o = if o.as_ref() == Some(&key) {
                            None
                        } else {
                            Some(key.clone())
                        }
                    })
                }
            };
            let [label, count, value, share] = reason_cells(ds, g, lang);
            view! {
                <tr>
                    <th scope="row">
                        <bdi>{label}</bdi>
                    </th>
                    <td class="num">{count}</td>
                    <td class="num">{value}</td>
                    <td class="num">{share}</td>
                    <td>
                        <button
                            type="button"
                            class="link"
                            aria-expanded=move || shown().to_string()
                            data-testid="loss-drill"
                            on:click=toggle
                        >
                            {move || {
                                t(lang, if shown() { Key::HideLosses } else { Key::ShowLosses })
                            }}
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable label=t(lang, Key::ColReason).to_string() testid="loss-reasons">
            {head_text(head)}
            <tbody>{rows}</tbody>
        </DataTable>
    }
}

/// The most recent losses for one reason, with their notes; a title opens the deal.
fn drill_down(
    ds: &Dataset,
    r: &LossReport,
    lang: Language,
    reason: &Option<String>,
    detail: RwSignal<Option<DealId>>,
) -> impl IntoView {
    let rows = r
        .losses
        .iter()
        .filter(|l| l.reason == *reason)
        .take(DRILL_ROWS)
        .map(|l| {
            let title = ds
                .deal(&l.deal)
                .map_or_else(|| l.deal.0.clone(), |d| d.title.clone());
            let id = l.deal.clone();
            view! {
                <tr>
                    <th scope="row">
                        <button
                            type="button"
                            class="link"
                            on:click=move |_| detail.set(Some(id.clone()))
                        >
                            <bdi>{title}</bdi>
                        </button>
                    </th>
                    <td>{fmt_date(lang, l.date)}</td>
                    <td>{stage_label(ds, lang, l.from.as_ref().map(|s| s.as_str()))}</td>
                    <td>{owner_label(ds, l.owner.as_ref(), lang)}</td>
                    <td class="num">{money(ds, lang, l.value)}</td>
                    <td class="note">
                        <bdi>{l.note.clone()}</bdi>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let head = [
        Key::FieldTitle,
        Key::ColDate,
        Key::ColLostFrom,
        Key::FieldOwner,
        Key::FieldValue,
        Key::ColNote,
    ]
    .iter()
    .map(|k| t(lang, *k).to_string())
    .collect();
    let caption = tf(
        lang,
        Key::LossDrillTitle,
        &[("reason", &reason_label(lang, reason.as_deref()))],
    );
    view! {
        <h3 data-testid="loss-drill-title">{caption.clone()}</h3>
        <DataTable label=caption testid="loss-deals">
            {head_text(head)}
            <tbody>{rows}</tbody>
        </DataTable>
    }
}

fn segment_rows<K>(
    ds: &Dataset,
    lang: Language,
    rows: &[Segment<K>],
    name: impl Fn(Option<&K>) -> String,
) -> Vec<Vec<String>> {
    rows.iter()
        .map(|s| {
            vec![
                name(s.key.as_ref()),
                fmt_int(lang, s.won as i64),
                fmt_int(lang, s.lost as i64),
                fmt_percent(lang, s.win_rate.value()),
                fmt_days(lang, s.cycle.median),
                money(ds, lang, s.lost_value),
            ]
        })
        .collect()
}

fn segments(ds: &Dataset, r: &LossReport, lang: Language) -> impl IntoView {
    let head = [
        Key::ColWon,
        Key::ColLost,
        Key::ColWinRate,
        Key::ColMedianCycle,
        Key::ColLostValue,
    ];
    let owners = segment_rows(ds, lang, &r.owners, |o| owner_label(ds, o, lang));
    let sources = segment_rows(ds, lang, &r.sources, |s| match s {
        Some(s) => ds.source_name(Some(s)).to_string(),
        None => t(lang, Key::NoSource).to_string(),
    });
    let types = segment_rows(ds, lang, &r.types, |k| type_label(ds, k, lang));
    let with_first = |first: Key| {
        let mut keys = vec![first];
        keys.extend(head);
        keys
    };
    view! {
        <h3>{t(lang, Key::SegmentsHeading)}</h3>
        {table(lang, "segments-owner", &with_first(Key::FieldOwner), owners)}
        {table(lang, "segments-source", &with_first(Key::FieldSource), sources)}
        {table(lang, "segments-type", &with_first(Key::FieldType), types)}
    }
}

/// A deal type's name, or "No type".
fn type_label(ds: &Dataset, key: Option<&DealTypeId>, lang: Language) -> String {
    match key {
        Some(k) => ds.deal_type_name(Some(k)).to_string(),
        None => t(lang, Key::NoType).to_string(),
    }
}

/// The comparison as a table: one row per owner, source or deal type, a marked cell per step, its block.
fn matrix_table(ds: &Dataset, m: &Matrix, by: MatrixBy, lang: Language) -> impl IntoView {
    let step_name = |k: usize| {
        let (a, b) = &m.steps[k];
        tf(
            lang,
            Key::StepName,
            &[
                ("from", &stage_label(ds, lang, Some(a.as_str()))),
                ("to", &stage_label(ds, lang, Some(b.as_str()))),
            ],
        )
    };
    let row_name = |key: Option<&String>| match (by, key) {
        (MatrixBy::Owner, k) => owner_label(ds, k.map(|k| k.as_str().into()).as_ref(), lang),
        (MatrixBy::Source, Some(k)) => ds.source_name(Some(&k.as_str().into())).to_string(),
        (MatrixBy::Source, None) => t(lang, Key::NoSource).to_string(),
        (MatrixBy::Type, k) => type_label(ds, k.map(|k| k.as_str().into()).as_ref(), lang),
    };
    let mut head = vec![
        t(
            lang,
            match by {
                MatrixBy::Owner => Key::FieldOwner,
                MatrixBy::Source => Key::FieldSource,
                MatrixBy::Type => Key::FieldType,
            },
        )
        .to_string(),
        t(lang, Key::ColLeads).to_string(),
    ];
    head.extend((0..m.steps.len()).map(step_name));
    head.push(t(lang, Key::MatrixBlock).to_string());
    let rows = m
        .rows
        .iter()
        .map(|row| {
            let name = row_name(row.key.as_ref());
            let cells = row
                .cells
                .iter()
                .map(|c| {
                    let (mark, class, said) = match c.verdict {
                        Verdict::Below => ("▼ ", "cell below", Some(Key::VerdictBelow)),
                        Verdict::Above => ("▲ ", "cell above", Some(Key::VerdictAbove)),
                        Verdict::Few => ("", "cell few", Some(Key::VerdictFew)),
                        Verdict::Level => ("", "cell level", None),
                    };
                    let n = |x: u64| fmt_int(lang, x as i64);
                    let tip = tf(
                        lang,
                        Key::MatrixCellTip,
                        &[
                            ("row", &name),
                            ("rate", &fmt_percent(lang, c.rate.value())),
                            ("num", &n(c.rate.num)),
                            ("den", &n(c.rate.den)),
                            ("rest", &fmt_percent(lang, c.rest.value())),
                            ("rnum", &n(c.rest.num)),
                            ("rden", &n(c.rest.den)),
                        ],
                    );
                    let tip = match said {
                        Some(k) => format!("{tip} — {}", t(lang, k)),
                        None => tip,
                    };
                    view! {
                        <td class=format!("num {class}") title=tip.clone() aria-label=tip>
                            {mark}
                            {fmt_percent(lang, c.rate.value())}
                            <span class="muted">" · " {fmt_days(lang, c.median_days)}</span>
                        </td>
                    }
                })
                .collect_view();
            let block = row
                .block
                .map_or_else(|| t(lang, Key::MatrixNoBlock).to_string(), step_name);
            view! {
                <tr>
                    <th scope="row">
                        <bdi>{name.clone()}</bdi>
                    </th>
                    <td class="num">{fmt_int(lang, row.leads as i64)}</td>
                    {cells}
                    <td data-testid="matrix-block">{block}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable label=t(lang, Key::MatrixHeading).to_string() testid="step-matrix">
            {head_text(head)}
            <tbody>{rows}</tbody>
        </DataTable>
        <p class="muted">{t(lang, Key::MatrixLegend)}</p>
    }
}

/// Loss analysis, win/loss by segment and the step-by-step comparison for the dashboard's query.
#[component]
pub(super) fn LossPanel(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    query: Memo<Query>,
    detail: RwSignal<Option<DealId>>,
) -> impl IntoView {
    let index = kpi_index();
    let report = Memo::new(move |_| {
        with_index(index, |ix| {
            query.with(|q| ds.with(|d| loss_report(d, ix, q)))
        })
    });
    let by = RwSignal::new(MatrixBy::Owner);
    let matrix = Memo::new(move |_| {
        let by = by.get();
        with_index(index, |ix| {
            query.with(|q| ds.with(|d| comparison_matrix(d, ix, q, by)))
        })
    });
    // The drop is looked for in the split the matrix shows, and names its row.
    let segment_drop = Memo::new(move |_| {
        let by = by.get();
        with_index(index, |ix| {
            query.with(|q| ds.with(|d| segment_insight(d, ix, q, by)))
        })
    });
    let open = RwSignal::new(None::<Option<String>>);
    let by_value = RwSignal::new(false);
    let stack_data = Memo::new(move |_| {
        let (by_value, lang) = (by_value.get(), lang.get());
        report.with(|r| ds.with(|d| loss_stack_input(d, r, by_value, lang)))
    });
    let trend_data = Memo::new(move |_| report.with(|r| reason_trend_input(r, lang.get())));
    let stack_title = Signal::derive(move || t(lang.get(), Key::LossStackTitle).to_string());
    let trend_title = Signal::derive(move || t(lang.get(), Key::LossTrendTitle).to_string());
    let has_losses = move || report.with(|r| !r.losses.is_empty());
    view! {
        <section class="loss" aria-labelledby="loss-title" data-testid="loss">
            <h2 id="loss-title">{tx(lang, Key::LossHeading)}</h2>
            {move || {
                let lang = lang.get();
                report
                    .with(|r| {
                        ds.with(|d| {
                            if r.losses.is_empty() {
                                return view! { <p class="muted">{t(lang, Key::LossNone)}</p> }
                                    .into_any();
                            }
                            let summary = tf(
                                lang,
                                Key::LossSummary,
                                &[
                                    ("n", &fmt_int(lang, r.losses.len() as i64)),
                                    ("value", &money(d, lang, r.value)),
                                ],
                            );
                            view! {
                                <p data-testid="loss-summary">{summary}</p>
                                {reasons_table(d, r, lang, open)}
                            }
                                .into_any()
                        })
                    })
            }}
            {move || {
                open.get()
                    .map(|reason| {
                        report.with(|r| ds.with(|d| drill_down(d, r, lang.get(), &reason, detail)))
                    })
            }}
            <Show when=has_losses>
                <div class="chart-grid">
                    <ChartCanvas
                        name="loss-stages"
                        lang=lang
                        title=stack_title
                        input=stack_data
                        paint=stack::draw
                        height=240
                        controls=move || measure_switch(lang, by_value, "loss-measure")
                    />
                    <ChartCanvas
                        name="loss-trend"
                        lang=lang
                        title=trend_title
                        input=trend_data
                        paint=lines::draw
                        height=240
                    />
                </div>
            </Show>
            {move || report.with(|r| ds.with(|d| segments(d, r, lang.get())))}
            <h3>{tx(lang, Key::MatrixHeading)}</h3>
            {move || {
                segment_drop
                    .with(|i| {
                        i.as_ref()
                            .map(|i| {
                                let text = ds.with(|d| insight_text(d, lang.get(), i));
                                view! {
                                    <p class="insight" data-testid="owner-insight">
                                        {text}
                                    </p>
                                }
                            })
                    })
            }}
            <Labelled text=tx(lang, Key::MatrixRows)>
                <Choice
                    options=move || {
                        vec![
                            ("owner".into(), t(lang.get(), Key::FieldOwner).into()),
                            ("source".into(), t(lang.get(), Key::FieldSource).into()),
                            ("type".into(), t(lang.get(), Key::FieldType).into()),
                        ]
                    }
                    current=move || {
                        match by.get() {
                            MatrixBy::Owner => "owner",
                            MatrixBy::Source => "source",
                            MatrixBy::Type => "type",
                        }
                            .to_string()
                    }
                    set=move |v: String| {
                        by.set(
                            match v.as_str() {
                                "source" => MatrixBy::Source,
                                "type" => MatrixBy::Type,
                                _ => MatrixBy::Owner,
                            },
                        )
                    }
                    attr:data-testid="matrix-by"
                />
            </Labelled>
            {move || {
                let by = by.get();
                matrix.with(|m| ds.with(|d| matrix_table(d, m, by, lang.get())))
            }}
        </section>
    }
}
