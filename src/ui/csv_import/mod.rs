//! CSV import: pick a file, check the column mapping, date formats and stage values Kariz
//! guessed, read the rows (with a progress bar), see what merging would do, then import
//! (undoable). All the reading and guessing is in `domain::format::csv_in`.

use super::exchange::{count_cells, count_head};
use super::widgets::{head_keys, stage_options, Choice, DataTable, Field, FilePicker, TextInput};
use super::{clock, dispatch};
use crate::domain::command::Command;
use crate::domain::format::csv_in::{
    column_date_guess, field_choices, stage_values, Converted, Converter, CsvError, CsvPlan,
    DateFormat, Field, StageChoice, Table, TableReader, DATE_FORMATS, MAX_CSV_BYTES,
};
use crate::domain::merge::{merge, Preview};
use crate::domain::{Currency, Dataset, Language, StageId};
use crate::i18n::{
    csv_problem, date_format_name, field_name, fmt_int, fmt_percent, row_problem, t, tf, Key,
};
use leptos::prelude::*;
use std::sync::Arc;

/// Rows read or converted between two paints: small enough to keep the page responsive.
const SLICE: usize = 2_000;

/// Lets the browser paint and handle input before the next slice.
async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .ok()
        });
        if scheduled.is_none() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Where the import is.
#[derive(Clone)]
enum Step {
    /// Reading or converting: the phase's label and the share done.
    Working(Key, f64),
    /// The file is read: the user checks the mapping.
    Mapping,
    /// The rows are converted: what merging would do.
    Ready(Arc<Converted>, Preview),
    /// The file cannot be read.
    Failed(CsvError),
}

/// Reads a file's text in slices, reporting progress.
async fn read_table(file: web_sys::File, step: RwSignal<Option<Step>>) -> Result<Table, CsvError> {
    let size = file.size() as u64;
    if size > MAX_CSV_BYTES {
        return Err(CsvError::TooLarge {
            size,
            limit: MAX_CSV_BYTES,
        });
    }
    step.set(Some(Step::Working(Key::CsvReading, 0.0)));
    let text = crate::browser::file::text(&file)
        .await
        .ok_or(CsvError::Unreadable)?;
    let mut reader = TableReader::new(text)?;
    while !reader.read(SLICE)? {
        step.set(Some(Step::Working(Key::CsvReading, reader.progress())));
        next_tick().await;
    }
    reader.finish()
}

/// The CSV import section of the exchange panel.
#[component]
pub(crate) fn CsvImport(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let dispatch = dispatch();
    let step = RwSignal::new(None::<Step>);
    let table = RwSignal::new(None::<Arc<Table>>);
    let plan = RwSignal::new(None::<CsvPlan>);
    let file_name = RwSignal::new(String::new());

    let reset = move || {
        step.set(None);
        table.set(None);
        plan.set(None);
    };
    let pick = move |files: Vec<web_sys::File>| {
        let Some(file) = files.into_iter().next() else {
            return;
        };
        file_name.set(file.name());
        leptos::task::spawn_local(async move {
            match read_table(file, step).await {
                Ok(read) => {
                    let guessed = ds
                        .with_untracked(|d| CsvPlan::guess(&read, d, clock::today(), clock::now()));
                    table.set(Some(Arc::new(read)));
                    plan.set(Some(guessed));
                    step.set(Some(Step::Mapping));
                }
                Err(e) => step.set(Some(Step::Failed(e))),
            }
        });
    };
    let check = move |_| {
        let (Some(read), Some(chosen)) = (table.get_untracked(), plan.get_untracked()) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let current = ds.get_untracked();
            let mut converter = Converter::new(&current, &read.headers, &chosen);
            let total = read.rows.len().max(1);
            for (i, rows) in read.rows.chunks(SLICE).enumerate() {
                converter.convert(rows);
                let done = ((i + 1) * SLICE).min(total) as f64 / total as f64;
                step.set(Some(Step::Working(Key::CsvChecking, done)));
                next_tick().await;
            }
            let converted = converter.finish();
            let (_, preview) = merge(&current, &converted.dataset);
            step.set(Some(Step::Ready(Arc::new(converted), preview)));
        });
    };
    let import = move |_| {
        let Some(Step::Ready(converted, _)) = step.get_untracked() else {
            return;
        };
        let import = Command::ImportCsv {
            converted: Box::new(converted.dataset.clone()),
            file: file_name.get_untracked(),
        };
        if dispatch.run(import).is_ok() {
            reset();
        }
    };

    view! {
        <section aria-labelledby="csv-title" data-testid="csv-import">
            <h3 id="csv-title">{move || t(lang.get(), Key::CsvHeading)}</h3>
            <p class="muted">{move || t(lang.get(), Key::CsvHelp)}</p>
            <div class="buttons">
                <FilePicker
                    label=move || t(lang.get(), Key::ImportCsv)
                    accept=".csv,.tsv,.txt,text/csv"
                    testid="import-csv"
                    on_pick=pick
                />
            </div>
            <details class="rules">
                <summary>{move || t(lang.get(), Key::CsvRulesTitle)}</summary>
                <ul>
                    {move || {
                        t(lang.get(), Key::CsvRules)
                            .split('|')
                            .map(|r| view! { <li>{r.to_string()}</li> })
                            .collect_view()
                    }}
                </ul>
            </details>
            {move || match step.get() {
                None => ().into_any(),
                Some(Step::Working(key, share)) => {
                    let lang = lang.get();
                    view! {
                        <p>
                            <label for="csv-progress">{t(lang, key)}</label>
                            <progress
                                id="csv-progress"
                                max="1"
                                value=share
                                data-testid="csv-progress"
                            ></progress>
                        </p>
                    }
                        .into_any()
                }
                Some(Step::Failed(e)) => {
                    view! {
                        <p class="error" role="alert" data-testid="csv-error">
                            {csv_problem(lang.get(), &e)}
                        </p>
                    }
                        .into_any()
                }
                Some(Step::Mapping) => {
                    view! {
                        <Mapping ds=ds lang=lang table=table plan=plan />
                        <div class="buttons">
                            <button
                                type="button"
                                class="primary"
                                data-testid="csv-check"
                                disabled=move || {
                                    plan.with(|p| {
                                        p.as_ref().is_none_or(|p| !p.undecided_dates().is_empty())
                                    })
                                }
                                on:click=check
                            >
                                {move || t(lang.get(), Key::CsvCheck)}
                            </button>
                            <button type="button" on:click=move |_| reset()>
                                {move || t(lang.get(), Key::CancelImport)}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                Some(Step::Ready(converted, preview)) => {
                    let lang = lang.get();
                    view! {
                        <Outcome lang=lang converted=converted.clone() preview=preview />
                        <div class="buttons">
                            <button
                                type="button"
                                class="primary"
                                data-testid="csv-import-deals"
                                disabled=converted.dataset.deals.is_empty()
                                on:click=import
                            >
                                {tf(
                                    lang,
                                    Key::CsvImportDeals,
                                    &[("n", &fmt_int(lang, converted.dataset.deals.len() as i64))],
                                )}
                            </button>
                            <button type="button" on:click=move |_| step.set(Some(Step::Mapping))>
                                {t(lang, Key::CsvBack)}
                            </button>
                            <button type="button" on:click=move |_| reset()>
                                {t(lang, Key::CancelImport)}
                            </button>
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// Up to three example values of a column, for the mapping table.
fn examples(table: &Table, column: usize) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for row in &table.rows {
        let value = row.cells[column].trim();
        if !value.is_empty() && !seen.contains(&value) {
            seen.push(value);
            if seen.len() == 3 {
                break;
            }
        }
    }
    seen.iter()
        .map(|v| v.chars().take(24).collect::<String>())
        .collect::<Vec<_>>()
        .join(" · ")
}

fn format_value(format: DateFormat) -> &'static str {
    match format {
        DateFormat::Ymd => "ymd",
        DateFormat::Mdy => "mdy",
        DateFormat::Dmy => "dmy",
        DateFormat::JalaliYmd => "jalali",
    }
}

/// The column mapping, the date formats, the stage values and the default currency.
#[component]
fn Mapping(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    table: RwSignal<Option<Arc<Table>>>,
    plan: RwSignal<Option<CsvPlan>>,
) -> impl IntoView {
    let Some(read) = table.get_untracked() else {
        return ().into_any();
    };
    let choices = Memo::new(move |_| ds.with(field_choices));
    let columns = read
        .headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let read = read.clone();
            let sample = examples(&read, i);
            let ambiguous = column_date_guess(&read, i).ambiguous;
            let label = header.clone();
            let field = move || plan.with(|p| p.as_ref().and_then(|p| p.fields[i].clone()));
            let set_field = move |ev| {
                let value = event_target_value(&ev);
                let chosen =
                    choices.with_untracked(|c| c.iter().find(|f| f.key() == value).cloned());
                let guess = column_date_guess(&read, i);
                plan.update(|p| {
                    if let Some(p) = p {
                        // A new stage column brings its own values to map.
                        if chosen
                            .as_ref()
                            .is_some_and(|f| matches!(f, Field::Stage | Field::Status))
                        {
                            p.stages.clear();
                        }
                        p.fields[i] = chosen;
                        if p.formats[i].is_none() {
                            p.formats[i] = guess.format;
                        }
                    }
                });
            };
            let set_format = move |ev| {
                let value = event_target_value(&ev);
                let chosen = DATE_FORMATS
                    .iter()
                    .find(|f| format_value(**f) == value)
                    .copied();
                plan.update(|p| {
                    if let Some(p) = p {
                        p.formats[i] = chosen;
                    }
                });
            };
            view! {
                <tr>
                    <th scope="row">{header.clone()}</th>
                    <td class="muted">{sample}</td>
                    <td>
                        <Choice
                            first=move || t(lang.get(), Key::CsvIgnore).to_string()
                            current=move || field().map(|f| f.key().to_string()).unwrap_or_default()
                            options=move || {
                                ds.with(|d| {
                                    choices
                                        .get()
                                        .into_iter()
                                        .map(|f| (
                                            f.key().to_string(),
                                            field_name(lang.get(), &f, &d.stages).to_string(),
                                        ))
                                        .collect()
                                })
                            }
                            on:change=set_field
                            attr:aria-label=move || {
                                format!("{} – {}", t(lang.get(), Key::CsvField), label)
                            }
                            attr:data-testid=format!("csv-field-{i}")
                        />
                    </td>
                    <td>
                        <Show when=move || field().is_some_and(|f| f.is_date())>
                            <Choice
                                first="—"
                                current=move || {
                                    plan.with(|p| {
                                        p.as_ref()
                                            .and_then(|p| p.formats[i])
                                            .map(format_value)
                                            .unwrap_or_default()
                                            .to_string()
                                    })
                                }
                                options=move || {
                                    DATE_FORMATS
                                        .iter()
                                        .map(|f| (
                                            format_value(*f).to_string(),
                                            date_format_name(lang.get(), *f).to_string(),
                                        ))
                                        .collect()
                                }
                                on:change=set_format
                                attr:aria-label=move || t(lang.get(), Key::CsvDateFormat)
                                attr:data-testid=format!("csv-format-{i}")
                            />
                            <p class="error" role="alert">
                                {move || {
                                    plan.with(|p| {
                                            p.as_ref().is_some_and(|p| p.formats[i].is_none())
                                        })
                                        .then(|| t(
                                            lang.get(),
                                            if ambiguous {
                                                Key::CsvChooseFormat
                                            } else {
                                                Key::CsvNoFormat
                                            },
                                        ))
                                }}
                            </p>
                        </Show>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let values = Memo::new(move |_| {
        let fields = plan.with(|p| p.as_ref().map(|p| p.fields.clone()))?;
        let read = table.get()?;
        Some(ds.with(|d| stage_values(&read, &fields, d)))
    });
    let set_currency = move |ev| {
        if let Ok(code) = Currency::parse(&event_target_value(&ev).trim().to_uppercase()) {
            plan.update(|p| {
                if let Some(p) = p {
                    p.currency = code;
                }
            });
        }
    };
    view! {
        <h4>{move || t(lang.get(), Key::CsvColumns)}</h4>
        <DataTable label=move || t(lang.get(), Key::CsvColumns).to_string() testid="csv-mapping">
            {head_keys(
                lang,
                &[Key::CsvColumn, Key::CsvExamples, Key::CsvField, Key::CsvDateFormat],
            )}
            <tbody>{columns}</tbody>
        </DataTable>
        {move || {
            values
                .get()
                .filter(|v| !v.is_empty())
                .map(|values| {
                    let lang_now = lang.get();
                    let mut options = ds.with(|d| stage_options(d, |_| true));
                    options.push((String::new(), t(lang_now, Key::CsvLeaveOut).to_string()));
                    // The stages, then "leave out" (value "").
                    view! {
                        <h4>{t(lang_now, Key::CsvStages)}</h4>
                        <DataTable label=t(lang_now, Key::CsvStages) testid="csv-stages">
                            {head_keys(
                                lang,
                                &[Key::CsvStageValue, Key::CsvRows, Key::CsvKarizStage],
                            )}
                            <tbody>
                                {values
                                    .into_iter()
                                    .map(|v| {
                                        let value = v.value.clone();
                                        let chosen = plan
                                            .with_untracked(|p| {
                                                p.as_ref().and_then(|p| p.stages.get(&value).cloned())
                                            });
                                        let key = value.clone();
                                        let current = match &chosen {
                                            Some(StageChoice::Stage(id)) => id.0.clone(),
                                            Some(StageChoice::LeaveOut) => String::new(),
                                            None => {
                                                options.first().map(|(v, _)| v.clone()).unwrap_or_default()
                                            }
                                        };
                                        let on_change = move |ev| {
                                            let picked = event_target_value(&ev);
                                            let choice = if picked.is_empty() {
                                                StageChoice::LeaveOut
                                            } else {
                                                StageChoice::Stage(StageId(picked))
                                            };
                                            plan.update(|p| {
                                                if let Some(p) = p {
                                                    p.stages.insert(key.clone(), choice);
                                                }
                                            });
                                        };
                                        // Unmapped values show the first stage, as the browser would.
                                        view! {
                                            <tr>
                                                <th scope="row">{value.clone()}</th>
                                                <td class="num">{fmt_int(lang_now, v.rows as i64)}</td>
                                                <td>
                                                    <Choice
                                                        options=options.clone()
                                                        current=current
                                                        on:change=on_change
                                                        attr:aria-label=format!(
                                                            "{} – {}",
                                                            t(lang_now, Key::CsvKarizStage),
                                                            value,
                                                        )
                                                    />
                                                    {v
                                                        .guess
                                                        .is_none()
                                                        .then(|| {
                                                            view! {
                                                                <span class="muted">
                                                                    " "{t(lang_now, Key::CsvUnmatched)}
                                                                </span>
                                                            }
                                                        })}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </DataTable>
                    }
                })
        }}
        <Field id="csv-currency" label=move || t(lang.get(), Key::CsvCurrency)>
            <TextInput
                value=plan
                    .with_untracked(|p| {
                        p.as_ref().map(|p| p.currency.code().to_string()).unwrap_or_default()
                    })
                on:change=set_currency
                attr:size="4"
                attr:maxlength="3"
            />
        </Field>
    }
    .into_any()
}

/// What the converted rows would do: counts, undated deals, new names and rows left out.
#[component]
fn Outcome(lang: Language, converted: Arc<Converted>, preview: Preview) -> impl IntoView {
    const SHOWN: usize = 100;
    let issues = &converted.issues;
    let rows = converted.dataset.deals.len() + issues.len();
    view! {
        {converted
            .many_left_out()
            .then(|| {
                view! {
                    <div class="banner warn" role="alert" data-testid="csv-many-left-out">
                        <p>
                            <strong>
                                {tf(
                                    lang,
                                    Key::CsvManyLeftOut,
                                    &[
                                        ("n", &fmt_int(lang, issues.len() as i64)),
                                        ("total", &fmt_int(lang, rows as i64)),
                                        (
                                            "share",
                                            &fmt_percent(lang, Some(converted.left_out_share())),
                                        ),
                                    ],
                                )}
                            </strong>
                        </p>
                    </div>
                }
            })}
        <DataTable label=t(lang, Key::ImportPreview) testid="csv-preview">
            {count_head(lang, &[])}
            <tbody>
                <tr>{count_cells(lang, &preview.deals)}</tr>
            </tbody>
        </DataTable>
        {(converted.undated > 0)
            .then(|| {
                view! {
                    <p data-testid="csv-undated">
                        {tf(
                            lang,
                            Key::CsvUndated,
                            &[("n", &fmt_int(lang, converted.undated as i64))],
                        )}
                    </p>
                }
            })}
        {(!converted.new_names.is_empty())
            .then(|| {
                view! {
                    <p>
                        {tf(
                            lang,
                            Key::CsvNewNames,
                            &[
                                (
                                    "names",
                                    &converted
                                        .new_names
                                        .join(if lang == Language::Fa { "، " } else { ", " }),
                                ),
                            ],
                        )}
                    </p>
                }
            })}
        {(!issues.is_empty())
            .then(|| {
                view! {
                    <div class="error" data-testid="csv-left-out">
                        {tf(lang, Key::CsvLeftOut, &[("n", &fmt_int(lang, issues.len() as i64))])}
                        <ul>
                            {issues
                                .iter()
                                .take(SHOWN)
                                .map(|i| {
                                    let column = if i.column.is_empty() {
                                        String::new()
                                    } else {
                                        format!(" ({})", i.column)
                                    };
                                    view! {
                                        <li>
                                            {tf(
                                                lang,
                                                Key::CsvRowIssue,
                                                &[
                                                    ("line", &fmt_int(lang, i.line as i64)),
                                                    ("column", &column),
                                                    ("problem", &row_problem(lang, &i.problem)),
                                                ],
                                            )}
                                        </li>
                                    }
                                })
                                .collect_view()}
                            {(issues.len() > SHOWN)
                                .then(|| {
                                    view! {
                                        <li>
                                            {tf(
                                                lang,
                                                Key::CsvMore,
                                                &[("n", &fmt_int(lang, (issues.len() - SHOWN) as i64))],
                                            )}
                                        </li>
                                    }
                                })}
                        </ul>
                    </div>
                }
            })}
    }
}
