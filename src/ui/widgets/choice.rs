//! The choice `<select>` filled from a list.

use super::field::FieldIds;
use leptos::prelude::*;

/// The options of a [`Choice`]: `(value, text)` pairs.
pub(crate) type Options = Vec<(String, String)>;

/// A `<select>` of `(value, text)` options with `current` selected; `first` adds an option with
/// value `""` before them (all, none, the team). Selection is the select's `value` property,
/// not an attribute: once the user has picked an option an attribute no longer moves the
/// choice, and `current` may change from code (opening a saved view). Inside a [`super::Field`] it takes the field's
/// id and error; other attributes (`attr:data-testid`, `attr:aria-label`) land on the `<select>`.
#[component]
pub(crate) fn Choice(
    /// The options; read reactively, so translated texts follow the language.
    #[prop(into)]
    options: Signal<Options>,
    /// The selected value.
    #[prop(into)]
    current: Signal<String>,
    /// Called with the value the user picked (or give `on:change` a handler of the event).
    #[prop(optional, into)]
    set: Option<Callback<String>>,
    /// The text of an option with the empty value, listed first.
    #[prop(optional, into)]
    first: Option<Signal<String>>,
    /// Only the chosen option until the select is focused or pressed: for a table of many
    /// selects (the CSV mapping: 14 selects of 23 options, 85% of its DOM nodes), most never opened.
    #[prop(optional)]
    lazy: bool,
) -> impl IntoView {
    // Focus comes before the list opens, by mouse, touch or keyboard; pressing is there for a
    // select that already had the focus when it was shown.
    let opened = RwSignal::new(!lazy);
    let open = move || {
        if !opened.get_untracked() {
            opened.set(true);
        }
    };
    let field = use_context::<FieldIds>();
    let (id, described, invalid) = FieldIds::attributes(field);
    let select = NodeRef::<leptos::html::Select>::new();
    // One effect per select, after its options are in: an effect per option (a `selected`
    // property each) cost the CSV mapping, 14 selects of 23 fields, 322 effects that all re-ran
    // whenever one column's field changed.
    Effect::new(move |_| {
        options.track();
        // Filling a lazy list reuses the chosen option's element for the first option: choose
        // again once the list is in.
        opened.track();
        if let Some(first) = first {
            first.track();
        }
        let value = current.get();
        if let Some(select) = select.get() {
            select.set_value(&value);
            // A value no option has (a stage deleted meanwhile) shows the first option, as a
            // select with nothing selected does.
            if select.selected_index() < 0 {
                select.set_selected_index(0);
            }
        }
    });
    view! {
        <select
            node_ref=select
            id=id
            aria-describedby=described
            aria-invalid=invalid
            on:change=move |ev| {
                if let Some(set) = set {
                    set.run(event_target_value(&ev))
                }
            }
            on:focus=move |_| open()
            on:pointerdown=move |_| open()
        >
            {move || {
                first.map(|text| text.get()).map(|text| view! { <option value="">{text}</option> })
            }}
            {move || {
                let all = opened.get();
                let chosen = (!all).then(|| current.get());
                options
                    .get()
                    .into_iter()
                    .filter(|(value, _)| chosen.as_ref().is_none_or(|c| c == value))
                    .map(|(value, text)| view! { <option value=value>{text}</option> })
                    .collect_view()
            }}
        </select>
    }
}

/// The stages that pass `keep` as options, in pipeline order.
pub(crate) fn stage_options(
    ds: &crate::domain::Dataset,
    keep: impl Fn(&crate::domain::Stage) -> bool,
) -> Options {
    ds.stages
        .iter()
        .filter(|s| keep(s))
        .map(|s| (s.id.0.clone(), s.name.clone()))
        .collect()
}

/// Texts as options whose values are the texts themselves (lost reasons).
pub(crate) fn text_options(texts: &[String]) -> Options {
    texts.iter().map(|t| (t.clone(), t.clone())).collect()
}
