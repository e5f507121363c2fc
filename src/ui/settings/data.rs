//! Settings: storage use, sample data and clearing everything.

use crate::domain::command::Command;
use crate::domain::{Dataset, Language};
use crate::i18n::{fmt_int, fmt_percent, t, tf, tx, Key};
use crate::ui::app::StoredSize;
use crate::ui::dispatch;
use crate::ui::widgets::confirmed;
use leptos::prelude::*;

/// How much of the browser's storage the data takes, and a warning from 80%.
#[component]
fn StorageMeter(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let Some(StoredSize(used)) = use_context::<StoredSize>() else {
        return ().into_any();
    };
    let capacity = Memo::new(move |_| {
        crate::domain::format::compact::capacity(used.get(), ds.with(|d| d.deals.len()))
    });
    view! {
        <div class="storage" data-testid="storage-meter">
            <meter
                min="0"
                max="1"
                low="0.6"
                high=crate::domain::format::compact::WARN_SHARE
                optimum="0"
                value=move || capacity.get().share.min(1.0)
                aria-label=tx(lang, Key::StorageMeterLabel)
            ></meter>
            <p>
                {move || {
                    let (lang, c) = (lang.get(), capacity.get());
                    tf(
                        lang,
                        Key::StorageUsed,
                        &[
                            ("used", &fmt_int(lang, c.used as i64)),
                            ("budget", &fmt_int(lang, c.budget as i64)),
                            ("share", &fmt_percent(lang, Some(c.share))),
                        ],
                    )
                }} " "
                {move || {
                    capacity
                        .get()
                        .room_for_deals
                        .map(|n| tf(
                            lang.get(),
                            Key::StorageRoom,
                            &[("n", &fmt_int(lang.get(), n as i64))],
                        ))
                }} " "
                {move || {
                    tf(
                        lang.get(),
                        Key::StorageRoomCalls,
                        &[("n", &fmt_int(lang.get(), capacity.get().room_for_calls as i64))],
                    )
                }}
            </p>
            {move || {
                capacity
                    .get()
                    .warn
                    .then(|| {
                        view! {
                            <p class="warn" role="status" data-testid="storage-warning">
                                {tf(
                                    lang.get(),
                                    Key::StorageWarn,
                                    &[
                                        (
                                            "share",
                                            &fmt_percent(lang.get(), Some(capacity.get().share)),
                                        ),
                                    ],
                                )}
                            </p>
                        }
                    })
            }}
        </div>
    }
    .into_any()
}

/// Whether the telesales team (5 reps, 100 calls a day, a year, 10,000 deals) fits, at
/// the measured characters per deal and per call.
fn team_capacity(lang: Language) -> impl IntoView {
    use crate::domain::format::compact::{
        team_fit, CHARS_PER_ACTIVITY, CHARS_PER_DEAL, CHROMIUM_CHARS, STORAGE_BUDGET_CHARS, TEAM,
    };
    let n = |x: usize| fmt_int(lang, x as i64);
    let fit = team_fit(TEAM);
    let figure = tf(
        lang,
        Key::TeamCapacity,
        &[
            ("deal", &n(CHARS_PER_DEAL)),
            ("call", &n(CHARS_PER_ACTIVITY)),
            ("reps", &n(TEAM.reps)),
            ("per_day", &n(TEAM.calls_per_day)),
            ("calls", &n(fit.calls)),
            ("deals", &n(TEAM.deals)),
            ("needed", &n(fit.needed)),
        ],
    );
    let sizes = [
        ("chromium", n(CHROMIUM_CHARS)),
        ("budget", n(STORAGE_BUDGET_CHARS)),
        ("days", n(fit.days_that_fit)),
    ];
    let sizes: Vec<(&str, &str)> = sizes.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let verdict = if fit.fits {
        t(lang, Key::TeamFitsAll).to_string()
    } else if fit.fits_chromium {
        tf(lang, Key::TeamFitsChromium, &sizes)
    } else {
        tf(lang, Key::TeamFitsNone, &sizes)
    };
    view! {
        <p class="muted" data-testid="team-capacity">
            {figure}
            " "
            {verdict}
        </p>
    }
}

#[component]
pub(super) fn DataSection(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let dispatch = dispatch();
    let load_sample = move |_| {
        let lang = lang.get_untracked();
        let had_data = ds.with_untracked(|d| !d.deals.is_empty());
        if had_data && !confirmed(t(lang, Key::ConfirmSample)) {
            return;
        }
        // As a new edit (see `merge::replace`): the data it replaces goes in every tab, and the
        // sample's fixed ids beat the tombstones an earlier "clear" left for them.
        let _ = dispatch.run(Command::LoadSample);
    };
    let clear = move |_| {
        let lang = lang.get_untracked();
        if !confirmed(t(lang, Key::ConfirmClear)) {
            return;
        }
        let _ = dispatch.run(Command::ClearRecords);
    };
    view! {
        <section aria-labelledby="data-title">
            <h2 id="data-title">{tx(lang, Key::DataHeading)}</h2>
            <p class="muted">{tx(lang, Key::DataHelp)}</p>
            <StorageMeter ds=ds lang=lang />
            {move || team_capacity(lang.get())}
            <div class="buttons">
                <button type="button" on:click=load_sample data-testid="settings-sample">
                    {tx(lang, Key::LoadSample)}
                </button>
                <button type="button" class="danger" on:click=clear data-testid="clear-data">
                    {tx(lang, Key::ClearData)}
                </button>
            </div>
        </section>
    }
}
