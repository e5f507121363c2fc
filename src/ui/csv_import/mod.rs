//! CSV import: pick a file, check the column mapping, date formats and stage values Kariz
//! guessed, read the rows (with a progress bar), see what merging would do, then import
//! (undoable). All the reading and guessing is in `domain::format::csv_in`.

mod calls;
mod duplicates;
mod history;
mod mapping;

use super::exchange::{count_cells, count_head};
use super::widgets::{DataTable, FilePicker};
use super::{clock, dispatch};
use crate::domain::command::Command;
use crate::domain::duplicates::{import_duplicates, resolve_import, ImportDup};
use crate::domain::format::calls_in::{
    is_call_log, is_headerless_master, with_master_headers, CallsPlan,
};
use crate::domain::format::csv_in::{
    Converted, Converter, CsvError, CsvPlan, History, HistoryColumns, Table, TableReader, Undated,
    MAX_CSV_BYTES,
};
use crate::domain::format::sheet::{is_spreadsheet, SheetText};
use crate::domain::merge::{preview, Preview};
use crate::domain::{Dataset, Language};
use crate::i18n::{csv_problem, fmt_int, fmt_percent, plural, row_problem, t, tf, tx, Key};
use duplicates::{DupChoices, DupStep};
use history::{HistoryColumnsView, HistoryFile, HistoryOutcome, UndatedChoice};
use leptos::prelude::*;
use mapping::Mapping;
use std::sync::Arc;

/// Rows read or converted at a time; slices go on within one task until [`BUDGET_MS`] is spent.
const SLICE: usize = 2_000;
/// How long reading or converting runs before it lets the browser paint and handle input: a
/// task under the 50 ms of a "long task". A 10,000-row file is read in one task; letting the
/// browser in after every 2,000 rows cost a timer's 4 ms and more each time, and repainted the
/// progress bar five times.
const BUDGET_MS: f64 = 40.0;

/// Whether a slice started at `started` (`browser::perf::now`) has used its time.
fn spent(started: f64) -> bool {
    crate::browser::perf::now() - started >= BUDGET_MS
}

/// Runs `f` as the app's measure `name` (see `browser::perf`).
fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    crate::browser::perf::timed(name, f)
}

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

/// The rows to merge, as resolved for the preview; compared by identity (a new resolve is a
/// new choice), not record by record.
#[derive(Clone)]
struct Resolved(Arc<Dataset>);

impl PartialEq for Resolved {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Where the import is.
#[derive(Clone)]
enum Step {
    /// Reading or converting: the phase's label and the share done.
    Working(Key, f64),
    /// The file is read: the user checks the mapping.
    Mapping,
    /// The rows are converted: what merging would do (with the undated deals' choice).
    Ready(Arc<Converted>),
    /// The file is a call log: its calls are matched to deals.
    Calls(Arc<Table>),
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
    // The last file's steps go (nothing acts on them while this one is read), but the progress
    // bar waits until a slice runs out of time: a file read in one slice had it drawn for a
    // single frame, one more render and layout of the screen for nothing.
    step.set(None);
    let text = crate::browser::file::text(&file)
        .await
        .ok_or(CsvError::Unreadable)?;
    read_text(text, step).await
}

/// Reads a spreadsheet's sheet (the first, or the one chosen) as CSV text, then as a table;
/// with the workbook's sheets and the one read.
async fn read_sheet(
    file: &web_sys::File,
    chosen: Option<String>,
    step: RwSignal<Option<Step>>,
) -> Result<(Table, Vec<String>, String), CsvError> {
    let size = file.size() as u64;
    if size > MAX_CSV_BYTES {
        return Err(CsvError::TooLarge {
            size,
            limit: MAX_CSV_BYTES,
        });
    }
    step.set(Some(Step::Working(Key::SheetReading, 0.0)));
    let SheetText { sheets, sheet, csv } = crate::browser::sheets::read(file, chosen)
        .await
        .map_err(CsvError::Sheet)?;
    // The sheet's CSV moves into the reader: nothing else reads it (it was copied whole).
    let table = read_text(csv, step).await?;
    Ok((table, sheets, sheet))
}

/// Parses CSV text in slices, reporting progress.
async fn read_text(text: String, step: RwSignal<Option<Step>>) -> Result<Table, CsvError> {
    let mut reader = TableReader::new(text)?;
    let mut started = crate::browser::perf::now();
    while !timed("kariz:csv-read", || reader.read(SLICE))? {
        if spent(started) {
            step.set(Some(Step::Working(Key::CsvReading, reader.progress())));
            next_tick().await;
            started = crate::browser::perf::now();
        }
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
    let calls_plan = RwSignal::new(None::<CallsPlan>);
    let history = RwSignal::new(None::<HistoryFile>);
    let has_history = Memo::new(move |_| history.with(Option::is_some));
    let undated = RwSignal::new(None::<Undated>);
    // A spreadsheet: the file (to read another sheet), its sheets and the one read.
    let workbook = StoredValue::new_local(None::<web_sys::File>);
    let sheets = RwSignal::new(Vec::<String>::new());
    let sheet = RwSignal::new(String::new());
    let dups = RwSignal::new(Arc::new(Vec::<ImportDup>::new()));
    let dup_choices = RwSignal::new(DupChoices::default());
    // The import as it would be merged: the undated deals' and the duplicates' choices applied.
    let to_import = move |converted: &Converted, choice: Undated| {
        timed("kariz:csv-resolve", || {
            let resolved = converted.resolved(choice);
            let flagged = dups.get_untracked();
            dup_choices.with(|c| {
                // Tracked: a change to the data (another tab's) resolves again, so the click
                // merges against the data as it is then, as the preview shows it.
                ds.with(|d| resolve_import(d, resolved, &flagged, |id| c.of(id)))
            })
        })
    };

    // The import as the preview counted it, shared with the "Import" button (resolved once per
    // choice, not again on the click).
    let resolved = Memo::new(move |_| match step.get() {
        Some(Step::Ready(converted)) => {
            let choice = undated.get().unwrap_or(Undated::Today);
            Some(Resolved(Arc::new(to_import(&converted, choice))))
        }
        _ => None,
    });

    // `held`: the resolve the import just merged. Its own change to the data makes the memo
    // stale, and reading the memo here would resolve the import again only to drop it (~4 ms of
    // the click in the bench).
    let reset = move |held: Option<Resolved>| {
        // The file read, the deals converted and the import resolved are tens of thousands of
        // allocations: freed in a task after the next frame, not in the click that imports (the
        // resolved import was freed only when the user left Settings: ~10 ms of that click).
        let held = held.or_else(|| resolved.get_untracked());
        let garbage = (step.get_untracked(), table.get_untracked(), held);
        step.set(None);
        table.set(None);
        plan.set(None);
        calls_plan.set(None);
        history.set(None);
        // Recomputed now (to nothing), so the memo lets go of its share.
        resolved.with_untracked(|_| ());
        request_animation_frame(move || {
            set_timeout(move || drop(garbage), std::time::Duration::ZERO)
        });
    };
    let as_calls = move || {
        let Some(read) = table.get_untracked() else {
            return;
        };
        let guessed =
            ds.with_untracked(|d| CallsPlan::guess(&read, d, clock::today(), clock::now()));
        calls_plan.set(Some(guessed));
        step.set(Some(Step::Calls(read)));
    };
    let as_deals = move || {
        let Some(read) = table.get_untracked() else {
            return;
        };
        let guessed = timed("kariz:csv-guess", || {
            ds.with_untracked(|d| CsvPlan::guess(&read, d, clock::today(), clock::now()))
        });
        plan.set(Some(guessed));
        step.set(Some(Step::Mapping));
    };
    let took = move |read: Result<Table, CsvError>| match read {
        Ok(read) => {
            // Asterisk's Master.csv has no header row: its first record is read as one.
            let read = if is_headerless_master(&read.headers) {
                with_master_headers(read)
            } else {
                read
            };
            let calls = is_call_log(&read.headers);
            table.set(Some(Arc::new(read)));
            if calls {
                as_calls();
            } else {
                as_deals();
            }
        }
        Err(e) => step.set(Some(Step::Failed(e))),
    };
    let open_sheet = move |file: web_sys::File, chosen: Option<String>| {
        leptos::task::spawn_local(async move {
            let read = read_sheet(&file, chosen, step)
                .await
                .map(|(table, names, read)| {
                    sheets.set(names);
                    sheet.set(read);
                    table
                });
            workbook.set_value(Some(file));
            took(read);
        });
    };
    let pick = move |files: Vec<web_sys::File>| {
        let Some(file) = files.into_iter().next() else {
            return;
        };
        file_name.set(file.name());
        sheets.set(Vec::new());
        workbook.set_value(None);
        if is_spreadsheet(&file.name()) {
            open_sheet(file, None);
            return;
        }
        leptos::task::spawn_local(async move {
            took(read_table(file, step).await);
        });
    };
    let pick_history = move |files: Vec<web_sys::File>| {
        let Some(file) = files.into_iter().next() else {
            return;
        };
        let name = file.name();
        leptos::task::spawn_local(async move {
            match read_table(file, step).await {
                Ok(read) => {
                    let columns = HistoryColumns::guess(&read);
                    plan.update(|p| {
                        if let Some(p) = p {
                            ds.with_untracked(|d| p.add_history_stages(&read, &columns, d));
                        }
                    });
                    history.set(Some(HistoryFile {
                        name,
                        table: Arc::new(read),
                        columns,
                    }));
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
        let joined = history
            .get_untracked()
            .map(|h| History::read(&h.table, &h.columns, chosen.today));
        undated.set(None);
        leptos::task::spawn_local(async move {
            let current = ds.get_untracked();
            let mut converter = Converter::new(&current, &read.headers, &chosen);
            if let Some(joined) = &joined {
                converter = converter.with_history(joined);
            }
            let total = read.rows.len().max(1);
            let mut started = crate::browser::perf::now();
            for (i, rows) in read.rows.chunks(SLICE).enumerate() {
                timed("kariz:csv-convert", || converter.convert(rows));
                let done = ((i + 1) * SLICE).min(total);
                if done < total && spent(started) {
                    step.set(Some(Step::Working(
                        Key::CsvChecking,
                        done as f64 / total as f64,
                    )));
                    next_tick().await;
                    started = crate::browser::perf::now();
                }
            }
            let converted = timed("kariz:csv-convert", || converter.finish());
            let found = timed("kariz:csv-dups", || {
                import_duplicates(&current, &converted.dataset)
            });
            dups.set(Arc::new(found));
            dup_choices.set(DupChoices::default());
            step.set(Some(Step::Ready(Arc::new(converted))));
        });
    };
    let import = move |_| {
        let Some(Step::Ready(converted)) = step.get_untracked() else {
            return;
        };
        // Undated deals wait for the user's choice (the preview's resolve took it in).
        if undated.get_untracked().is_none() && converted.undated > 0 {
            return;
        }
        if dup_choices.with_untracked(|c| c.all.is_none()) && !dups.get_untracked().is_empty() {
            return;
        }
        let Some(Resolved(resolved)) = resolved.get_untracked() else {
            return;
        };
        let import = Command::ImportCsv {
            converted: Arc::clone(&resolved),
            file: file_name.get_untracked(),
        };
        if timed("kariz:import", || dispatch.run(import)).is_ok() {
            reset(Some(Resolved(resolved)));
        }
    };

    view! {
        <section aria-labelledby="csv-title" data-testid="csv-import">
            <h3 id="csv-title">{tx(lang, Key::CsvHeading)}</h3>
            <p class="muted">{tx(lang, Key::CsvHelp)}</p>
            <div class="buttons">
                <FilePicker
                    label=tx(lang, Key::ImportCsv)
                    accept=".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods,text/csv"
                    testid="import-csv"
                    on_pick=pick
                />
            </div>
            <details class="rules">
                <summary>{tx(lang, Key::CsvRulesTitle)}</summary>
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
                        <Show when=move || sheets.with(|s| s.len() > 1)>
                            <p>
                                <label>
                                    {tx(lang, Key::SheetChoose)} " "
                                    <select
                                        data-testid="csv-sheet"
                                        prop:value=move || sheet.get()
                                        on:change=move |ev| {
                                            let chosen = event_target_value(&ev);
                                            if let Some(file) = workbook.get_value() {
                                                open_sheet(file, Some(chosen));
                                            }
                                        }
                                    >
                                        {move || {
                                            sheets
                                                .get()
                                                .into_iter()
                                                .map(|s| {
                                                    view! { <option value=s.clone()>{s.clone()}</option> }
                                                })
                                                .collect_view()
                                        }}
                                    </select>
                                </label>
                            </p>
                        </Show>
                        <Mapping ds=ds lang=lang table=table plan=plan history=history />
                        <h4>{tx(lang, Key::CsvAddHistory)}</h4>
                        <Show
                            when=move || has_history.get()
                            fallback=move || {
                                view! {
                                    <p class="muted">{tx(lang, Key::CsvHistoryHelp)}</p>
                                    <div class="buttons">
                                        <FilePicker
                                            label=tx(lang, Key::CsvAddHistory)
                                            accept=".csv,.tsv,.txt,text/csv"
                                            testid="import-csv-history"
                                            on_pick=pick_history
                                        />
                                    </div>
                                }
                            }
                        >
                            <HistoryColumnsView ds=ds lang=lang plan=plan history=history />
                        </Show>
                        <div class="buttons">
                            <button
                                type="button"
                                class="primary"
                                data-testid="csv-check"
                                disabled=move || {
                                    plan
                                        .with(|p| {
                                            p.as_ref().is_none_or(|p| !p.undecided_dates().is_empty())
                                        })
                                        || history
                                            .with(|h| h.as_ref().is_some_and(|h| !h.columns.ready()))
                                }
                                on:click=check
                            >
                                {tx(lang, Key::CsvCheck)}
                            </button>
                            <button
                                type="button"
                                data-testid="csv-as-calls"
                                on:click=move |_| as_calls()
                            >
                                {tx(lang, Key::CallsAsLog)}
                            </button>
                            <button type="button" on:click=move |_| reset(None)>
                                {tx(lang, Key::CancelImport)}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                Some(Step::Calls(read)) => {
                    view! {
                        <calls::CallsStep
                            ds=ds
                            lang=lang
                            table=read
                            plan=calls_plan
                            file=file_name.get_untracked()
                            done=Callback::new(move |_| reset(None))
                            as_deals=Callback::new(move |_| as_deals())
                        />
                    }
                        .into_any()
                }
                Some(Step::Ready(converted)) => {
                    let lang = lang.get();
                    let choice = undated.get();
                    let undated_waits = converted.undated > 0 && choice.is_none();
                    let flagged = dups.get_untracked();
                    let dups_wait = Signal::derive(move || {
                        !flagged.is_empty() && dup_choices.with(|c| c.all.is_none())
                    });
                    let outcome = converted.clone();
                    // Recomputed when a duplicate's choice changes, without re-rendering the
                    // choices themselves (a select keeps its focus).
                    // The choice for undated deals re-renders this step with its counts.
                    view! {
                        {(converted.undated > 0)
                            .then(|| {
                                view! {
                                    <UndatedChoice
                                        lang=lang
                                        converted=converted.clone()
                                        choice=undated
                                    />
                                }
                            })}
                        {(!dups.get_untracked().is_empty())
                            .then(|| {
                                view! {
                                    <DupStep
                                        lang=lang
                                        ds=ds
                                        incoming=Arc::new(converted.dataset.clone())
                                        dups=dups.get_untracked()
                                        choices=dup_choices
                                    />
                                }
                            })}
                        {move || {
                            let counts = timed(
                                "kariz:csv-preview",
                                || {
                                    resolved
                                        .with(|r| {
                                            r.as_ref().map(|r| ds.with_untracked(|d| preview(d, &r.0)))
                                        })
                                        .unwrap_or_default()
                                },
                            );
                            view! { <Outcome lang=lang converted=outcome.clone() preview=counts /> }
                        }}
                        <HistoryOutcome lang=lang converted=converted.clone() ds=ds />
                        {undated_waits
                            .then(|| {
                                view! {
                                    <p class="muted" data-testid="csv-undated-pick">
                                        {t(lang, Key::CsvUndatedPick)}
                                    </p>
                                }
                            })}
                        <Show when=move || dups_wait.get()>
                            <p class="muted" data-testid="csv-dup-pick">
                                {t(lang, Key::DupPick)}
                            </p>
                        </Show>
                        <div class="buttons">
                            <button
                                type="button"
                                class="primary"
                                data-testid="csv-import-deals"
                                disabled=move || {
                                    resolved
                                        .with(|r| r.as_ref().is_none_or(|r| r.0.deals.is_empty()))
                                        || undated_waits || dups_wait.get()
                                }
                                on:click=import
                            >
                                {move || {
                                    let n = resolved
                                        .with(|r| r.as_ref().map_or(0, |r| r.0.deals.len()));
                                    plural(
                                        lang,
                                        n as u64,
                                        Key::CsvImportDealsOne,
                                        Key::CsvImportDeals,
                                        &[("n", &fmt_int(lang, n as i64))],
                                    )
                                }}
                            </button>
                            <button type="button" on:click=move |_| step.set(Some(Step::Mapping))>
                                {t(lang, Key::CsvBack)}
                            </button>
                            <button type="button" on:click=move |_| reset(None)>
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
