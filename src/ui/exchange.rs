//! Export the dataset as a JSON file; import one or several files with a preview, then merge or
//! replace (both undoable).

use super::widgets::{head_text, DataTable, Field, FilePicker, TextInput};
use super::{clock, dispatch, offer_download, said};
use crate::browser::download::{download_bytes, DownloadError};
use crate::domain::command::{Command, SettingChange};
use crate::domain::format::csv_out::{deals_csv, deals_file_name, deals_xlsx_name};
use crate::domain::format::schema::{
    export_file_name, load_for_import, try_export_json, LoadError, Skipped, MAX_IMPORT_BYTES,
};
use crate::domain::merge::{merge, Counts, Preview};
use crate::domain::{Dataset, Language};
use crate::i18n::{fmt_int, load_problem, record_problem, t, tf, tx, Key};
use leptos::prelude::*;

/// Media type of JSON exports.
pub(crate) const JSON_MIME: &str = "application/json;charset=utf-8";
/// Media type of CSV exports.
pub(crate) const CSV_MIME: &str = "text/csv;charset=utf-8";
/// Media type of a shared export: share sheets match plain types, without parameters. (Chrome on
/// Android shares no `.json` file at all — not on its list of shareable types — so there the
/// button is not shown and the export downloads.)
const SHARE_MIME: &str = "application/json";
/// MIME type of an Excel workbook export.
pub(crate) const XLSX_MIME: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// When the data was last exported in full (the backup reminder reads it).
#[derive(Clone, Copy)]
pub(crate) struct LastExport(pub RwSignal<Option<crate::domain::Timestamp>>);

/// Downloads everything as a JSON export and records the time, for the backup reminder — only
/// when the download started: a failed one is announced and the reminder stays.
pub(crate) fn export_backup(ds: ReadSignal<Dataset>) {
    let now = clock::now();
    let started = match ds.with_untracked(|d| try_export_json(d, now)) {
        Ok(text) => offer_download(&text, JSON_MIME, &export_file_name(clock::today())),
        Err(e) => said(Err(e.into())),
    };
    if started {
        exported(now, use_context::<LastExport>());
    }
}

/// Records that the data left the browser (the backup reminder starts again).
fn exported(now: crate::domain::Timestamp, last: Option<LastExport>) {
    // Not recorded (no storage, say): the reminder may come early, which is the safe side.
    let _ = crate::browser::storage::mark_exported(now);
    if let Some(LastExport(last)) = last {
        last.set(Some(now));
    }
}

/// Sends the export to the system share sheet (a messenger, mail); where sharing fails, the
/// file is downloaded instead, so the user always gets it.
fn share_export(ds: ReadSignal<Dataset>) {
    let now = clock::now();
    let name = export_file_name(clock::today());
    let text = match ds.with_untracked(|d| try_export_json(d, now)) {
        Ok(text) => text,
        Err(e) => {
            said(Err(e.into()));
            return;
        }
    };
    let last = use_context::<LastExport>();
    leptos::task::spawn_local(async move {
        use crate::browser::share::{share_file, Shared};
        let sent = match share_file(&text, SHARE_MIME, &name).await {
            Ok(Shared::Sent) => true,
            Ok(Shared::Cancelled) => false,
            Err(_) => offer_download(&text, JSON_MIME, &name),
        };
        if sent {
            exported(now, last);
        }
    });
}

/// One picked file: its name and what reading it gave (the data and the records left out).
type Picked = (String, Result<(Dataset, Vec<Skipped>), LoadError>);

/// Reads every picked file's text (the browser reads asynchronously).
async fn read_files(list: Vec<web_sys::File>) -> Vec<Picked> {
    let mut out = Vec::new();
    for file in list {
        let size = file.size() as u64;
        if size > MAX_IMPORT_BYTES {
            out.push((
                file.name(),
                Err(LoadError::TooLarge {
                    size,
                    limit: MAX_IMPORT_BYTES,
                }),
            ));
            continue;
        }
        let result = match crate::browser::file::text(&file).await {
            Some(text) => load_for_import(&text),
            None => Err(LoadError::NotJson(file.name())),
        };
        out.push((file.name(), result));
    }
    out
}

/// Per file: its name and what merging it would do (and what it leaves out), or why it cannot
/// be read.
type FileOutcome = (String, Result<(Preview, Vec<Skipped>), LoadError>);

/// What merging the files in order would do: the result and each file's outcome.
fn plan(ds: &Dataset, files: &[Picked]) -> (Dataset, Vec<FileOutcome>) {
    let mut acc = ds.clone();
    let rows = files
        .iter()
        .map(|(name, result)| match result {
            Ok((theirs, skipped)) => {
                let (merged, preview) = merge(&acc, theirs);
                acc = merged;
                (name.clone(), Ok((preview, skipped.clone())))
            }
            Err(e) => (name.clone(), Err(e.clone())),
        })
        .collect();
    (acc, rows)
}

/// One left-out record, e.g. "Deals, row 3 (id d-7): missing field `title`".
pub(crate) fn left_out(lang: Language, s: &Skipped) -> String {
    let list = match s.list {
        "deals" => t(lang, Key::KindDeals),
        "traffic" => t(lang, Key::KindTraffic),
        _ => t(lang, Key::KindGoals),
    };
    tf(
        lang,
        Key::LeftOutRecord,
        &[
            ("list", list),
            ("row", &fmt_int(lang, s.row as i64)),
            ("id", &s.id),
            ("reason", &record_problem(lang, &s.reason)),
        ],
    )
}

/// The head of a merge-preview table: `leading` columns, then one per [`Counts`] field.
pub(crate) fn count_head(lang: Language, leading: &[Key]) -> impl IntoView {
    let counts = [
        Key::ColNew,
        Key::ColUpdated,
        Key::ColUnchanged,
        Key::ColConflicting,
        Key::ColDeleted,
    ];
    head_text(
        leading
            .iter()
            .chain(&counts)
            .map(|k| t(lang, *k).to_string())
            .collect(),
    )
}

/// A [`Counts`] as table cells, in [`count_head`]'s order.
pub(crate) fn count_cells(lang: Language, c: &Counts) -> impl IntoView {
    [c.new, c.updated, c.unchanged, c.conflicting, c.deleted]
        .map(|n| view! { <td class="num">{fmt_int(lang, n as i64)}</td> })
}

/// Export button, file picker, preview and the merge/replace choice.
#[component]
pub(crate) fn Exchange(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let dispatch = dispatch();
    let files = RwSignal::new(Vec::<Picked>::new());
    let planned =
        Memo::new(move |_| files.with(|f| (!f.is_empty()).then(|| ds.with(|d| plan(d, f)))));
    let export = move |_| export_backup(ds);
    let export_csv = move |_| {
        let text = ds.with_untracked(|d| deals_csv(d, d.deals.iter(), lang.get_untracked()));
        offer_download(&text, CSV_MIME, &deals_file_name(clock::today()));
    };
    let export_xlsx = move |_| {
        let lang = lang.get_untracked();
        let text = ds.with_untracked(|d| deals_csv(d, d.deals.iter(), lang));
        leptos::task::spawn_local(async move {
            let sheet = t(lang, Key::DealsHeading);
            let made = crate::browser::sheets::xlsx(text, sheet, lang == Language::Fa).await;
            let bytes = made.map_err(|e| DownloadError::Blob(e.to_string()));
            said(
                bytes.and_then(|b| download_bytes(&b, XLSX_MIME, &deals_xlsx_name(clock::today()))),
            );
        });
    };
    let pick = move |list: Vec<web_sys::File>| {
        leptos::task::spawn_local(async move {
            files.set(read_files(list).await);
        });
    };
    let reset = move || files.set(Vec::new());
    let do_merge = move |_| {
        // The preview showed what merging these files in this order does; the command does it.
        let valid: Vec<Dataset> = files.with_untracked(|f| {
            f.iter()
                .filter_map(|(_, r)| r.as_ref().ok().map(|(d, _)| d.clone()))
                .collect()
        });
        if valid.is_empty() {
            return;
        }
        if dispatch.run(Command::MergeFiles { files: valid }).is_ok() {
            reset();
        }
    };
    let do_replace = move |_| {
        let valid: Vec<(String, Dataset)> = files.with_untracked(|f| {
            f.iter()
                .filter_map(|(name, r)| r.as_ref().ok().map(|(d, _)| (name.clone(), d.clone())))
                .collect()
        });
        // Replace is offered for exactly one readable file.
        let Ok([(name, theirs)]) = <[(String, Dataset); 1]>::try_from(valid) else {
            return;
        };
        // As a new edit: the deals it drops are deleted (tombstones) and what it brings is dated
        // now, or another tab would merge the old data straight back.
        let replace = Command::Replace {
            with: Box::new(theirs),
            file: name,
        };
        if dispatch.run(replace).is_ok() {
            reset();
        }
    };
    let single_valid = move || files.with(|f| f.iter().filter(|(_, r)| r.is_ok()).count() == 1);
    let any_valid = move || files.with(|f| f.iter().any(|(_, r)| r.is_ok()));

    view! {
        <section aria-labelledby="exchange-title" data-testid="exchange">
            <h2 id="exchange-title">{tx(lang, Key::ExchangeHeading)}</h2>
            <p class="muted">{tx(lang, Key::ExchangeHelp)}</p>
            <p data-testid="last-export">
                {move || {
                    let lang = lang.get();
                    let last = use_context::<LastExport>().and_then(|LastExport(l)| l.get());
                    match last {
                        Some(at) => {
                            tf(
                                lang,
                                Key::LastExport,
                                &[("date", &crate::i18n::fmt_date(lang, clock::local_date(at)))],
                            )
                        }
                        None => t(lang, Key::NeverExported).to_string(),
                    }
                }}
            </p>
            <Field id="backup-days" label=tx(lang, Key::BackupDaysLabel)>
                <TextInput
                    attr:inputmode="numeric"
                    attr:size="3"
                    attr:data-testid="backup-days"
                    value=move || ds.with(|d| d.settings.backup_reminder_days.to_string())
                    on:change=move |ev| {
                        let _ = dispatch
                            .run(
                                Command::Setting(
                                    SettingChange::BackupReminderDays(event_target_value(&ev)),
                                ),
                            );
                    }
                />
            </Field>
            <div class="buttons">
                <button type="button" on:click=export data-testid="export">
                    {tx(lang, Key::ExportJson)}
                </button>
                {crate::browser::share::can_share_files(SHARE_MIME)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                on:click=move |_| share_export(ds)
                                data-testid="export-share"
                            >
                                {tx(lang, Key::ShareExport)}
                            </button>
                        }
                    })}
                <button type="button" on:click=export_csv data-testid="export-csv">
                    {tx(lang, Key::ExportCsv)}
                </button>
                <button type="button" on:click=export_xlsx data-testid="export-xlsx">
                    {tx(lang, Key::ExportXlsx)}
                </button>
                <FilePicker
                    label=tx(lang, Key::ImportFiles)
                    accept=".json,application/json"
                    multiple=true
                    testid="import"
                    on_pick=pick
                />
            </div>
            {move || {
                planned
                    .get()
                    .map(|(_, rows)| {
                        let lang = lang.get();
                        view! {
                            <h3>{t(lang, Key::ImportPreview)}</h3>
                            <DataTable label=t(lang, Key::ImportPreview) testid="import-preview">
                                {count_head(lang, &[Key::ColFile, Key::ColRecords])}
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .map(|(name, result)| match result {
                                            Ok((p, skipped)) => {
                                                view! {
                                                    <tr>
                                                        <th scope="row" rowspan="3">
                                                            {name}
                                                        </th>
                                                        <td>{t(lang, Key::KindDeals)}</td>
                                                        {count_cells(lang, &p.deals)}
                                                    </tr>
                                                    <tr>
                                                        <td>{t(lang, Key::KindTraffic)}</td>
                                                        {count_cells(lang, &p.traffic)}
                                                    </tr>
                                                    <tr>
                                                        <td>{t(lang, Key::KindGoals)}</td>
                                                        {count_cells(lang, &p.goals)}
                                                    </tr>
                                                    {(!skipped.is_empty())
                                                        .then(|| {
                                                            view! {
                                                                <tr class="invalid">
                                                                    <td colspan="7" class="error" data-testid="left-out">
                                                                        {tf(
                                                                            lang,
                                                                            Key::LeftOut,
                                                                            &[("n", &fmt_int(lang, skipped.len() as i64))],
                                                                        )}
                                                                        <ul>
                                                                            {skipped
                                                                                .iter()
                                                                                .map(|s| view! { <li>{left_out(lang, s)}</li> })
                                                                                .collect_view()}
                                                                        </ul>
                                                                    </td>
                                                                </tr>
                                                            }
                                                        })}
                                                }
                                                    .into_any()
                                            }
                                            Err(e) => {
                                                view! {
                                                    <tr class="invalid">
                                                        <th scope="row">{name}</th>
                                                        <td colspan="6" class="error" role="alert">
                                                            {load_problem(lang, &e)}
                                                        </td>
                                                    </tr>
                                                }
                                                    .into_any()
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </DataTable>
                        }
                    })
            }}
            <Show when=move || !files.with(|f| f.is_empty())>
                <div class="buttons">
                    <button
                        type="button"
                        class="primary"
                        disabled=move || !any_valid()
                        on:click=do_merge
                        data-testid="import-merge"
                    >
                        {tx(lang, Key::MergeImport)}
                    </button>
                    <button
                        type="button"
                        disabled=move || !single_valid()
                        on:click=do_replace
                        data-testid="import-replace"
                    >
                        {tx(lang, Key::ReplaceImport)}
                    </button>
                    <button type="button" on:click=move |_| reset()>
                        {tx(lang, Key::CancelImport)}
                    </button>
                </div>
            </Show>
            <super::csv_import::CsvImport ds=ds lang=lang />
        </section>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::sample::sample_dataset;
    use crate::domain::{Date, Timestamp};

    #[test]
    fn plan_folds_files_in_order_and_reports_each() {
        let ours = Dataset::new(Language::En);
        let rep = sample_dataset(Date::parse("2025-06-30").unwrap(), Language::En);
        let mut other = rep.clone();
        other.deals[0].title = "Changed".into();
        other.deals[0].updated_at = Timestamp(i64::MAX / 2);
        let files = vec![
            ("rep.json".to_string(), Ok((rep.clone(), vec![]))),
            ("broken.json".to_string(), Err(LoadError::NotKariz)),
            ("other.json".to_string(), Ok((other, vec![]))),
        ];
        let (merged, rows) = plan(&ours, &files);
        assert_eq!(merged.deals.len(), rep.deals.len());
        let first = &rows[0].1.as_ref().unwrap().0;
        assert_eq!(first.deals.new, rep.deals.len());
        assert!(rows[1].1.is_err());
        let third = &rows[2].1.as_ref().unwrap().0;
        assert_eq!(
            (third.deals.new, third.deals.updated),
            (0, 1),
            "the second file only updates"
        );
        assert_eq!(merged.deal(&rep.deals[0].id).unwrap().title, "Changed");
    }
}
