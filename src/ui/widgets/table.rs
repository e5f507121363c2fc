//! The scrolling data table.

use crate::domain::Language;
use crate::i18n::{t, Key};
use leptos::prelude::*;

/// A table in a region that scrolls sideways on narrow screens; the region is named and can be
/// focused, so keyboard users can scroll it too. The children are its `<thead>` and `<tbody>`.
#[component]
pub(crate) fn DataTable(
    /// The id of the heading that names the table.
    #[prop(optional, into)]
    labelled_by: Option<String>,
    /// The table's name, when no heading names it.
    #[prop(optional, into)]
    label: Option<Signal<String>>,
    /// The `data-testid` of the `<table>`.
    #[prop(optional, into)]
    testid: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <div
            class="table-wrap"
            tabindex="0"
            role="region"
            aria-labelledby=labelled_by
            aria-label=move || label.map(|l| l.get())
        >
            <table data-testid=testid>{children()}</table>
        </div>
    }
}

/// A table head of translated column names that follow the language.
pub(crate) fn head_keys(lang: Memo<Language>, keys: &'static [Key]) -> impl IntoView {
    view! {
        <thead>
            <tr>
                {keys
                    .iter()
                    .map(|k| {
                        let k = *k;
                        view! { <th scope="col">{move || t(lang.get(), k)}</th> }
                    })
                    .collect_view()}
            </tr>
        </thead>
    }
}

/// A table head of column names already in the right language.
pub(crate) fn head_text(names: Vec<String>) -> impl IntoView {
    let cells = names
        .into_iter()
        .map(|name| view! { <th scope="col">{name}</th> })
        .collect_view();
    view! {
        <thead>
            <tr>{cells}</tr>
        </thead>
    }
}
