//! The file picker.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A button that opens the browser's file dialog (a label holding a hidden file input, so it
/// keeps the input's keyboard and screen-reader behaviour). The picked files are handed over and
/// the input is emptied, so picking the same file again is seen as a new pick.
#[component]
pub(crate) fn FilePicker(
    /// The button's text.
    #[prop(into)]
    label: ViewFn,
    /// The file types offered (`accept`).
    accept: &'static str,
    /// Whether several files can be picked at once.
    #[prop(optional)]
    multiple: bool,
    /// The input's `data-testid`.
    testid: &'static str,
    /// Called with the picked files (never empty).
    #[prop(into)]
    on_pick: Callback<Vec<web_sys::File>>,
) -> impl IntoView {
    let pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let files: Vec<web_sys::File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        input.set_value("");
        if !files.is_empty() {
            on_pick.run(files);
        }
    };
    view! {
        <label class="button">
            {move || label.run()}
            <input
                type="file"
                accept=accept
                multiple=multiple
                class="visually-hidden"
                on:change=pick
                data-testid=testid
            />
        </label>
    }
}
