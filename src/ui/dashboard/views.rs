//! Named saved views on the dashboard: the period, filters and funnel mode saved under a name
//! in the dataset (so they travel with exports and merges), opened, renamed or deleted here.

use super::DashboardChoices;
use crate::browser::clock;
use crate::domain::command::{Command, CommandError};
use crate::domain::setup::SetupError;
use crate::domain::view_state::DashboardView;
use crate::domain::{Dataset, Language, ViewId};
use crate::i18n::{setup_problem, t, tf, tx, Key};
use crate::ui::dispatch;
use crate::ui::widgets::Field;
use leptos::prelude::*;

/// The saved views: one button per view to open it, a form to save the current view, and a
/// list to rename or delete them.
#[component]
pub(super) fn SavedViews(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    choices: DashboardChoices,
) -> impl IntoView {
    let dispatch = dispatch();
    let name = RwSignal::new(String::new());
    // The row the last refusal was for ("new" for the save form) and why.
    let error = RwSignal::new(None::<(String, SetupError)>);
    let views = Memo::new(move |_| {
        ds.with(|d| {
            let mut v: Vec<(ViewId, String, String)> = d
                .views
                .iter()
                .map(|v| (v.id.clone(), v.name.clone(), v.query.clone()))
                .collect();
            crate::domain::sort::sort_by(&mut v, |a, b| {
                a.1.to_lowercase()
                    .cmp(&b.1.to_lowercase())
                    .then(a.0.cmp(&b.0))
            });
            v
        })
    });
    let result = move |row: String, command: Command| match dispatch.run(command) {
        Ok(()) => {
            error.set(None);
            true
        }
        Err(CommandError::Setup(e)) => {
            error.set(Some((row, e)));
            false
        }
        // Gone meanwhile (deleted in another tab): nothing to say.
        Err(_) => false,
    };
    let error_of = move |row: String| {
        move || {
            error.with(|e| {
                e.as_ref()
                    .filter(|(r, _)| *r == row)
                    .map(|(_, e)| setup_problem(lang.get(), e))
            })
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let query = untrack(|| choices.view()).to_query();
        let command = Command::SaveView {
            id: ViewId(clock::new_id("view")),
            name: name.get_untracked(),
            query,
        };
        if result("new".into(), command) {
            name.set(String::new());
        }
    };
    let chip = move |(_, view_name, query): (ViewId, String, String)| {
        let open = move |_| {
            error.set(None);
            choices.show(DashboardView::parse(&query));
        };
        view! {
            <li data-testid="saved-view">
                <button type="button" class="link" data-testid="open-view" on:click=open>
                    <bdi>{view_name}</bdi>
                </button>
            </li>
        }
    };
    let manage_row = move |(id, view_name, _): (ViewId, String, String)| {
        let (rename_id, delete_id) = (id.clone(), id.clone());
        let lang_now = lang.get_untracked();
        view! {
            <li data-testid="manage-view">
                <input
                    type="text"
                    data-testid="rename-view"
                    aria-label=tf(lang_now, Key::RenameView, &[("name", &view_name)])
                    prop:value=view_name.clone()
                    on:change=move |ev| {
                        result(
                            rename_id.0.clone(),
                            Command::RenameView {
                                id: rename_id.clone(),
                                name: event_target_value(&ev),
                            },
                        );
                    }
                />
                <button
                    type="button"
                    class="danger"
                    data-testid="delete-view"
                    aria-label=tf(lang_now, Key::DeleteViewNamed, &[("name", &view_name)])
                    on:click=move |_| {
                        result(
                            delete_id.0.clone(),
                            Command::DeleteView {
                                id: delete_id.clone(),
                            },
                        );
                    }
                >
                    {t(lang_now, Key::DeleteView)}
                </button>
                <p class="error" role="alert">
                    {error_of(id.0.clone())}
                </p>
            </li>
        }
    };
    view! {
        <section class="saved-views" aria-labelledby="saved-views-title" data-testid="saved-views">
            <h3 id="saved-views-title">{tx(lang, Key::SavedViewsHeading)}</h3>
            <Show when=move || views.with(Vec::is_empty)>
                <p class="muted">{tx(lang, Key::NoSavedViews)}</p>
            </Show>
            <ul class="view-list">{move || views.get().into_iter().map(chip).collect_view()}</ul>
            // Outside the list's re-render, so it stays open while views are renamed.
            <Show when=move || !views.with(Vec::is_empty)>
                <details class="manage-views">
                    <summary>{tx(lang, Key::ManageViews)}</summary>
                    <ul>{move || views.get().into_iter().map(manage_row).collect_view()}</ul>
                </details>
            </Show>
            <form class="save-view" on:submit=save novalidate data-testid="save-view-form">
                <Field
                    id="view-name"
                    label=tx(lang, Key::ViewName)
                    error=Signal::derive(error_of("new".into()))
                    bind=name
                />
                <button type="submit" data-testid="save-view">
                    {tx(lang, Key::SaveView)}
                </button>
            </form>
        </section>
    }
}
