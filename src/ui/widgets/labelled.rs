//! A control inside its label, for compact bars (filters, chart switches, bulk actions).

use leptos::prelude::*;

/// A control wrapped in its label: the text above, the control (the children) below.
#[component]
pub(crate) fn Labelled(
    /// The label text.
    #[prop(into)]
    text: ViewFn,
    /// Extra classes for the label (`check` puts a checkbox before its text).
    #[prop(optional)]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <label class=class>
            <span>{move || text.run()}</span>
            {children()}
        </label>
    }
}
