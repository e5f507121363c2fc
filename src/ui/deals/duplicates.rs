//! The deal list's duplicate review: the pairs of deals that look like one lead entered twice
//! (after a team merge, or typed by two reps), each merged in one click or marked "not the
//! same". The finding is `domain::duplicates`.

use super::super::widgets::{head_keys, DataTable};
use crate::browser::storage;
use crate::domain::command::Command;
use crate::domain::duplicates::{find_duplicates, DupPair};
use crate::domain::{Dataset, DealId, Language};
use crate::i18n::{dup_reason, fmt_int, plural, t, tx, Key};
use crate::ui::dispatch;
use leptos::prelude::*;
use std::collections::HashSet;

/// Pairs listed at once: merging them brings the next ones up.
const SHOWN: usize = 50;

fn dismissed() -> HashSet<(DealId, DealId)> {
    storage::not_duplicates()
        .into_iter()
        .map(|(a, b)| (DealId::from(a.as_str()), DealId::from(b.as_str())))
        .collect()
}

/// A banner over the deal list while likely duplicates exist, opening the review table.
#[component]
pub(crate) fn DuplicateReview(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    detail: RwSignal<Option<DealId>>,
) -> impl IntoView {
    let dispatch = dispatch();
    // Bumped when a pair is marked "not the same", which changes no data.
    let judged = RwSignal::new(0u32);
    let pairs = Memo::new(move |_| {
        judged.track();
        let dismissed = dismissed();
        ds.with(|d| find_duplicates(d, &dismissed))
    });
    let title = move |id: &DealId| {
        ds.with_untracked(|d| d.deal(id).map(|x| x.title.clone()))
            .unwrap_or_default()
    };
    let deal_button = move |id: DealId, testid: &'static str| {
        let name = title(&id);
        view! {
            <button
                type="button"
                class="link"
                data-testid=testid
                on:click=move |_| detail.set(Some(id.clone()))
            >
                {name}
            </button>
        }
    };
    let row = move |pair: DupPair| {
        let lang_now = lang.get_untracked();
        let (first, second) = (pair.first.clone(), pair.second.clone());
        let (a, b) = (pair.first.clone(), pair.second.clone());
        view! {
            <tr data-testid="dup-pair">
                <td>{deal_button(pair.first.clone(), "dup-first")}</td>
                <td>{deal_button(pair.second.clone(), "dup-second")}</td>
                <td>{dup_reason(lang_now, pair.reason)}</td>
                <td class="actions">
                    <button
                        type="button"
                        data-testid="dup-merge"
                        title=t(lang_now, Key::DupMergeHelp)
                        on:click=move |_| {
                            let _ = dispatch
                                .run(Command::MergeDeals {
                                    keep: first.clone(),
                                    other: second.clone(),
                                });
                        }
                    >
                        {t(lang_now, Key::DupMerge)}
                    </button>
                    <button
                        type="button"
                        data-testid="dup-not-same"
                        on:click=move |_| {
                            storage::mark_not_duplicates(a.as_str(), b.as_str());
                            judged.update(|n| *n += 1);
                        }
                    >
                        {t(lang_now, Key::DupNotSame)}
                    </button>
                </td>
            </tr>
        }
    };
    view! {
        <Show when=move || pairs.with(|p| !p.is_empty())>
            <div class="banner warn" role="status" data-testid="dup-banner">
                <details>
                    <summary>
                        {move || {
                            let lang = lang.get();
                            let n = pairs.with(Vec::len);
                            plural(
                                lang,
                                n as u64,
                                Key::DupBannerOne,
                                Key::DupBanner,
                                &[("n", &fmt_int(lang, n as i64))],
                            )
                        }} " " <span class="link">{tx(lang, Key::DupReview)}</span>
                    </summary>
                    <p class="muted">{tx(lang, Key::DupMergeHelp)}</p>
                    <DataTable
                        label=Signal::derive(move || t(lang.get(), Key::DupHeading).to_string())
                        testid="dup-table"
                    >
                        {head_keys(
                            lang,
                            &[Key::DupFirst, Key::DupSecond, Key::DupWhy, Key::ColActions],
                        )}
                        <tbody>
                            {move || {
                                lang.track();
                                pairs.get().into_iter().take(SHOWN).map(row).collect_view()
                            }}
                        </tbody>
                    </DataTable>
                </details>
            </div>
        </Show>
    }
}
