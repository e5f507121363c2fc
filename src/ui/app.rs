//! The app shell: persistence (`use_persistence`), the banners, the sections.

use super::exchange::export_backup;
use super::persist::use_persistence;
use super::widgets::{Choice, Labelled};
use super::{
    clock,
    dashboard::Kpis,
    dispatch,
    sections::{Loaded, Section, Shell},
    traffic::TrafficPanel,
    Dispatch, Message, Notice,
};
use crate::browser::storage;
use crate::domain::command::{Command, Recovery, SettingChange};
use crate::domain::format::compact;
use crate::domain::sync::{Lost, Mode, StorageError};
use crate::domain::{Dataset, DealId, Language};
use crate::i18n::{self, fmt_int, t, tf, tx, Key};
use leptos::prelude::*;
use std::rc::Rc;

/// How many characters the stored data takes (UTF-16 units), for the storage meter in Settings.
#[derive(Clone, Copy)]
pub struct StoredSize(pub ReadSignal<usize>);

/// The whole Kariz app.
#[component]
pub fn App() -> impl IntoView {
    let (notice, notify) = signal(None::<Notice>);
    let say_lost = move |lost: Lost, lang: Language| {
        let (key, args) = super::persist::lost_notice(lost, lang);
        notify.set(Some(Notice {
            message: Message::Said(key, args),
            undo: None,
        }));
    };
    // Loading, saving and the other tabs: the state machine in `domain::sync` decides.
    let persisted = use_persistence(Rc::new(say_lost));
    let (ds, set_ds) = (persisted.dataset, persisted.set_dataset);
    let (mode, set_mode) = (persisted.mode, persisted.set_mode);
    let (save_error, raw) = (persisted.save_error, persisted.raw);
    let (stored_chars, retry) = (persisted.stored_chars, persisted.retry);
    provide_context(StoredSize(stored_chars));
    let dispatch = Dispatch::new(set_ds, notify);
    provide_context(dispatch);

    let lang = Memo::new(move |_| ds.with(|d| d.settings.language));
    let update_ready = RwSignal::new(false);
    provide_context(super::dashboard::DashboardChoices::new());
    provide_context(super::KpiIndex(Memo::new(move |_| {
        ds.with(|d| {
            crate::browser::perf::timed("kariz:index", || crate::domain::kpi::DealIndex::new(d))
        })
    })));
    let last_export = RwSignal::new(storage::last_export());
    provide_context(super::exchange::LastExport(last_export));
    // The share of the storage budget when it calls for a warning (Settings shows the meter).
    let storage_share = Memo::new(move |_| {
        let c = crate::domain::format::compact::capacity(
            stored_chars.get(),
            ds.with(|d| d.deals.len()),
        );
        c.warn.then_some(c.share)
    });
    let backup_due = Memo::new(move |_| {
        ds.with(|d| crate::domain::backup::backup_due(d, last_export.get(), clock::now()))
    });
    crate::browser::pwa::register(update_ready);
    // Dates are formatted in this calendar; the sections below re-render when it changes.
    let shown_as = Memo::new(move |_| {
        ds.with(|d| i18n::Display {
            calendar: d.settings.calendar,
            rial_unit: d.settings.rial_unit,
        })
    });
    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            // Setting attributes on <html> cannot fail for these names; errors are ignored on purpose.
            let _ = root.set_attribute("lang", i18n::html_lang(lang));
            let _ = root.set_attribute("dir", i18n::html_dir(lang));
        }
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&format!(
                "{} — {}",
                t(lang, Key::AppTitle),
                t(lang, Key::Tagline)
            ));
        }
    });

    let log_request = RwSignal::new(None);
    provide_context(super::work::LogCall(log_request));
    let adding = RwSignal::new(None::<DealId>);
    let detail = RwSignal::new(None::<DealId>);
    let shell = Shell {
        ds,
        lang,
        detail,
        adding,
    };
    let loaded = Loaded::new();
    provide_context(loaded);
    // The other sections' code follows once the first screen is up and the start-up work done.
    set_timeout(
        move || loaded.preload(),
        std::time::Duration::from_millis(1500),
    );
    let has_deals = Memo::new(move |_| ds.with(|d| !d.deals.is_empty()));
    let view = RwSignal::new(View::from_hash(&current_hash()).unwrap_or(View::Dashboard));
    // The hash keeps the section across reloads and makes Back/Forward work.
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        // Other anchors (the skip link) change the hash too; they keep the section.
        if let Some(v) = View::from_hash(&current_hash()) {
            view.set(v);
        }
    });
    on_cleanup(move || listener.remove());

    // A file dropped anywhere on the window starts the import that reads it, in Settings.
    let dragging = RwSignal::new(false);
    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        if crate::browser::drop::carries_files(&ev) {
            ev.prevent_default();
            dragging.set(true);
        }
    });
    let left = window_event_listener(leptos::ev::dragleave, move |ev| {
        // Leaving the window, not moving between elements inside it.
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    // Dropped on the window or opened with the installed app: the import that reads the file.
    let open_files = move |files: web_sys::FileList| {
        let picker = files
            .get(0)
            .and_then(|f| crate::browser::drop::picker_for(&f.name()));
        match picker {
            Some(testid) => {
                view.set(View::Settings);
                crate::browser::address::replace_hash(View::Settings.hash());
                crate::browser::drop::hand_to_picker(testid, files);
            }
            None => dispatch.say(Key::DropUnknown, Vec::new()),
        }
    };
    let dropped = window_event_listener(leptos::ev::drop, move |ev| {
        dragging.set(false);
        let Some(files) = crate::browser::drop::dropped_files(&ev) else {
            return;
        };
        ev.prevent_default();
        open_files(files);
    });
    crate::browser::share::on_launch_files(open_files);
    on_cleanup(move || {
        over.remove();
        left.remove();
        dropped.remove();
    });

    view! {
        <Show when=move || dragging.get()>
            <div class="drop-hint" data-testid="drop-hint" aria-hidden="true">
                {tx(lang, Key::DropHint)}
            </div>
        </Show>
        <a class="skip" href="#main">
            {tx(lang, Key::SkipToContent)}
        </a>
        <header class="top">
            <div class="brand">
                <h1>{tx(lang, Key::AppTitle)}</h1>
                <p class="tagline">{tx(lang, Key::Tagline)}</p>
            </div>
            <SaveStatus lang=lang mode=mode save_error=save_error />
            <LanguagePicker lang=lang />
        </header>
        <nav class="sections" aria-label=tx(lang, Key::NavLabel)>
            {View::ALL
                .into_iter()
                .map(|v| {
                    view! {
                        <a
                            href=format!("#{}", v.hash())
                            aria-current=move || (view.get() == v).then_some("page")
                            data-testid=format!("nav-{}", v.hash())
                        >
                            {move || t(lang.get(), v.label())}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
        <StorageBanner
            ds=ds
            lang=lang
            mode=mode
            set_mode=set_mode
            save_error=save_error
            raw=raw
            retry=retry
        />
        <Show when=move || backup_due.get() && mode.get() == Mode::Persistent>
            <div class="banner warn" role="status" data-testid="backup-reminder">
                <p>
                    {move || tf(
                        lang.get(),
                        Key::BackupReminder,
                        &[
                            (
                                "days",
                                &fmt_int(
                                    lang.get(),
                                    ds.with(|d| d.settings.backup_reminder_days) as i64,
                                ),
                            ),
                        ],
                    )}
                </p>
                <button type="button" class="primary" on:click=move |_| export_backup(ds)>
                    {tx(lang, Key::ExportJson)}
                </button>
            </div>
        </Show>
        <Show when=move || storage_share.get().is_some() && view.get() != View::Settings>
            <div class="banner warn" role="status" data-testid="storage-banner">
                <p>
                    {move || tf(
                        lang.get(),
                        Key::StorageWarn,
                        &[("share", &i18n::fmt_percent(lang.get(), storage_share.get()))],
                    )}
                </p>
                <button type="button" class="primary" on:click=move |_| export_backup(ds)>
                    {tx(lang, Key::ExportJson)}
                </button>
            </div>
        </Show>
        <Show when=move || update_ready.get()>
            <div class="banner update" role="status" data-testid="update-banner">
                <p>{tx(lang, Key::UpdateReady)}</p>
                <button
                    type="button"
                    class="primary"
                    on:click=move |_| crate::browser::pwa::reload_into_update()
                >
                    {tx(lang, Key::UpdateReload)}
                </button>
            </div>
        </Show>
        <main id="main" tabindex="-1">
            <Show when=move || !has_deals.get() && view.get() != View::Settings>
                <EmptyState lang=lang />
            </Show>
            {move || {
                i18n::set_display(shown_as.get());
                let section = view.get();
                match section {
                    View::Dashboard => {
                        // Set before the section renders, so its dates and amounts follow the settings.
                        view! {
                            <Kpis ds=ds lang=lang detail=detail />
                            <TrafficPanel ds=ds lang=lang />
                        }
                            .into_any()
                    }
                    View::Board => loaded.show(Section::Board, shell),
                    View::Deals => loaded.show(Section::Deals, shell),
                    View::Goals => loaded.show(Section::Goals, shell),
                    View::Today => loaded.show(Section::Today, shell),
                    View::Settings => loaded.show(Section::Settings, shell),
                    View::Report => loaded.show(Section::Report, shell),
                }
            }}
        </main>
        {loaded.show_when(Section::DealPanel, shell, move || detail.with(Option::is_some))}
        {loaded.show_when(Section::LogDialog, shell, move || log_request.with(Option::is_some))}
        <NoticeArea lang=lang notice=notice />
        <footer>{tx(lang, Key::Footer)}</footer>
    }
}

/// The sections of the app, one per navigation link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum View {
    Dashboard,
    Today,
    Board,
    Deals,
    Goals,
    Settings,
    /// The printable report of a dashboard view (opened from the dashboard, not in the menu).
    Report,
}

impl View {
    const ALL: [View; 6] = [
        View::Dashboard,
        View::Today,
        View::Board,
        View::Deals,
        View::Goals,
        View::Settings,
    ];

    fn hash(self) -> &'static str {
        match self {
            View::Dashboard => "dashboard",
            View::Today => "today",
            View::Board => "board",
            View::Deals => "deals",
            View::Goals => "goals",
            View::Settings => "settings",
            View::Report => "report",
        }
    }

    fn label(self) -> Key {
        match self {
            View::Dashboard => Key::NavDashboard,
            View::Today => Key::NavToday,
            View::Board => Key::NavBoard,
            View::Deals => Key::NavDeals,
            View::Goals => Key::NavGoals,
            View::Settings => Key::NavSettings,
            View::Report => Key::ReportTitle,
        }
    }

    fn from_hash(hash: &str) -> Option<View> {
        // A section's own state may follow a `?` (the dashboard's view).
        let name = hash
            .trim_start_matches('#')
            .split('?')
            .next()
            .unwrap_or_default();
        View::ALL
            .into_iter()
            .chain([View::Report])
            .find(|v| v.hash() == name)
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

#[component]
fn SaveStatus(
    lang: Memo<Language>,
    mode: ReadSignal<Mode>,
    save_error: ReadSignal<Option<StorageError>>,
) -> impl IntoView {
    let text = move || {
        let key = match (mode.get(), save_error.get()) {
            (Mode::MemoryOnly, _) => Key::MemoryOnly,
            (Mode::ReadOnly(_), _) => Key::ReadOnly,
            (Mode::Persistent, Some(_)) => Key::NotSaved,
            (Mode::Persistent, None) => Key::Saved,
        };
        t(lang.get(), key)
    };
    let ok = move || mode.get() == Mode::Persistent && save_error.get().is_none();
    view! {
        <p class="save-status" class:bad=move || !ok() data-testid="save-status">
            {text}
        </p>
    }
}

#[component]
fn LanguagePicker(lang: Memo<Language>) -> impl IntoView {
    let dispatch = dispatch();
    let change = move |ev| {
        let choice = if event_target_value(&ev) == "fa" {
            Language::Fa
        } else {
            Language::En
        };
        // The calendar and week follow the language (Jalali and Saturday in Persian); both can be
        // changed in Settings afterwards.
        // A refusal is impossible for a language; the page turning is the feedback.
        let _ = dispatch.run(Command::Setting(SettingChange::Language(choice)));
    };
    let options = [Language::En, Language::Fa]
        .map(|l| {
            (
                i18n::html_lang(l).to_string(),
                i18n::language_name(l).to_string(),
            )
        })
        .to_vec();
    view! {
        <Labelled text=tx(lang, Key::Language) class="lang">
            <Choice
                options=options
                current=move || i18n::html_lang(lang.get()).to_string()
                on:change=change
                attr:data-testid="language"
            />
        </Labelled>
    }
}

#[component]
fn StorageBanner(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    mode: ReadSignal<Mode>,
    set_mode: WriteSignal<Mode>,
    save_error: ReadSignal<Option<StorageError>>,
    raw: StoredValue<Option<String>>,
    retry: Callback<()>,
) -> impl IntoView {
    let dispatch = dispatch();
    let start_fresh = move |_| {
        if !super::widgets::confirmed(t(lang.get_untracked(), Key::ConfirmStartFresh)) {
            return;
        }
        // Only once the unreadable data is really gone may this tab save again.
        match storage::discard() {
            Ok(()) => {
                set_mode.set(Mode::Persistent);
                let _ = dispatch.run(Command::Recover {
                    dataset: Box::new(Dataset::new(lang.get_untracked())),
                    how: Recovery::StartedFresh,
                });
            }
            Err(e) => {
                let detail = i18n::storage_problem(lang.get_untracked(), &e);
                dispatch.say(Key::StartFreshFailed, vec![("detail", detail)]);
            }
        }
    };
    // What "repair" would keep: every record that reads, the rest listed (nothing is written
    // until the user chooses).
    let repair = StoredValue::new(raw.with_value(|r| {
        r.as_deref()
            .and_then(|text| compact::decode_for_repair(text, &mut storage::read_part).ok())
    }));
    let do_repair = move |_| {
        let Some((repaired, _)) = repair.get_value() else {
            return;
        };
        // The user was offered the download of the stored text first; this replaces it explicitly.
        set_mode.set(Mode::Persistent);
        let _ = dispatch.run(Command::Recover {
            dataset: Box::new(repaired),
            how: Recovery::Repaired,
        });
    };
    let download_href = move || {
        raw.with_value(|r| {
            r.as_deref().map(|text| {
                format!(
                    "data:application/json;charset=utf-8,{}",
                    js_sys::encode_uri_component(text)
                )
            })
        })
    };
    move || {
        let lang = lang.get();
        match (mode.get(), save_error.get()) {
            (Mode::MemoryOnly, _) => view! {
                <div class="banner warn" role="alert">
                    {t(lang, Key::BannerUnavailable)}
                </div>
            }.into_any(),
            (Mode::ReadOnly(StorageError::Unreadable(crate::domain::format::schema::LoadError::TooNew { .. })), _) => {
                view! {
                    <div class="banner warn" role="alert">
                        {t(lang, Key::BannerTooNew)}
                    </div>
                }.into_any()
            }
            (Mode::ReadOnly(error), _) => view! {
                <div class="banner error" role="alert">
                    <p>{t(lang, Key::BannerCorrupt)}</p>
                    <p class="detail">{error.to_string()}</p>
                    {repair
                        .with_value(|r| {
                            r.as_ref()
                                .map(|(kept, dropped)| {
                                    view! {
                                        <p data-testid="repair-summary">
                                            {tf(
                                                lang,
                                                Key::RepairSummary,
                                                &[
                                                    ("kept", &fmt_int(lang, kept.deals.len() as i64)),
                                                    ("dropped", &fmt_int(lang, dropped.len() as i64)),
                                                ],
                                            )}
                                        </p>
                                        <ul class="detail">
                                            {dropped
                                                .iter()
                                                .take(20)
                                                .map(|s| {
                                                    view! { <li>{super::exchange::left_out(lang, s)}</li> }
                                                })
                                                .collect_view()}
                                        </ul>
                                    }
                                })
                        })}
                    <p class="actions">
                        <a class="button" href=download_href download="kariz-unreadable-data.json">
                            {t(lang, Key::DownloadStored)}
                        </a>
                        {repair
                            .with_value(|r| r.is_some())
                            .then(|| {
                                view! {
                                    <button type="button" data-testid="repair" on:click=do_repair>
                                        {t(lang, Key::Repair)}
                                    </button>
                                }
                            })}
                        <button type="button" on:click=start_fresh>
                            {t(lang, Key::StartFresh)}
                        </button>
                    </p>
                </div>
            }
            .into_any(),
            (Mode::Persistent, Some(error)) => view! {
                <div class="banner error" role="alert" data-testid="save-failed">
                    <p>
                        {t(lang, Key::BannerSaveFailed)} " "
                        <span class="detail">{i18n::storage_problem(lang, &error)}</span>
                    </p>
                    <p class="actions">
                        <button
                            type="button"
                            data-testid="backup-now"
                            on:click=move |_| export_backup(ds)
                        >
                            {t(lang, Key::BackupNow)}
                        </button>
                        <button type="button" on:click=move |_| retry.run(())>
                            {t(lang, Key::RetrySave)}
                        </button>
                    </p>
                </div>
            }
            .into_any(),
            (Mode::Persistent, None) => ().into_any(),
        }
    }
}

#[component]
fn EmptyState(lang: Memo<Language>) -> impl IntoView {
    let dispatch = dispatch();
    // As a new edit, so it beats tombstones a "clear" left for the sample's fixed ids in another
    // tab (see `merge::replace`); the empty data it replaces is its undo.
    let load_sample = move |_| {
        let _ = dispatch.run(Command::LoadSample);
    };
    view! {
        <section class="empty" aria-labelledby="empty-title">
            <h2 id="empty-title">{tx(lang, Key::EmptyTitle)}</h2>
            <p>{tx(lang, Key::EmptyBody)}</p>
            <div class="buttons">
                <button
                    type="button"
                    class="primary"
                    on:click=load_sample
                    data-testid="load-sample"
                >
                    {tx(lang, Key::LoadSample)}
                </button>
                // A team with data starts from its CRM export or spreadsheet: straight to the
                // file dialog of the import, which lives in Settings.
                <a
                    class="button"
                    href="#settings"
                    data-testid="import-from-crm"
                    on:click=move |_| crate::browser::address::pick_file_soon("import-csv")
                >
                    {tx(lang, Key::ImportFromCrm)}
                </a>
            </div>
        </section>
    }
}

#[component]
fn NoticeArea(lang: Memo<Language>, notice: ReadSignal<Option<Notice>>) -> impl IntoView {
    let dispatch = dispatch();
    let undo = move |_| {
        let undo = notice.get_untracked().and_then(|n| n.undo);
        dispatch.hush();
        if let Some(undo) = undo {
            // The undo of a change that happened is always applicable; were it refused, the
            // data simply stays as it is.
            let _ = dispatch.run(undo);
        }
    };
    view! {
        <div class="notice" role="status" aria-live="polite" data-testid="notice">
            {move || {
                notice
                    .get()
                    .map(|n| {
                        view! {
                            <span>
                                {match &n.message {
                                    Message::Done(done) => i18n::notice(lang.get(), done),
                                    Message::Said(key, args) => {
                                        let args: Vec<(&str, &str)> = args
                                            .iter()
                                            .map(|(k, v)| (*k, v.as_str()))
                                            .collect();
                                        i18n::tf(lang.get(), *key, &args)
                                    }
                                }}
                            </span>
                            {n
                                .undo
                                .is_some()
                                .then(|| {
                                    view! {
                                        <button type="button" on:click=undo>
                                            {t(lang.get_untracked(), Key::Undo)}
                                        </button>
                                    }
                                })}
                        }
                    })
            }}
        </div>
    }
}
