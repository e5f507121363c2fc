//! Several values from a list: a disclosure whose summary names the choice ("All owners", "Sara,
//! Reza", "3 of 5") and opens onto one checkbox per option, so filters can take two owners or
//! three sources without a tall list box in the bar.

use super::Options;
use leptos::prelude::*;

/// What the closed control says: `all` for none chosen, the names for one or two, else a count.
fn summary(all: &str, options: &Options, chosen: &[String], of: &str) -> String {
    let names: Vec<&str> = options
        .iter()
        .filter(|(v, _)| chosen.contains(v))
        .map(|(_, text)| text.as_str())
        .collect();
    match names.len() {
        0 => all.to_string(),
        1 | 2 => names.join(", "),
        n => of
            .replace("{n}", &n.to_string())
            .replace("{total}", &options.len().to_string()),
    }
}

/// A multi-value choice with its label; an empty choice means "all".
#[component]
pub(crate) fn MultiChoice(
    /// The label text.
    #[prop(into)]
    label: Signal<String>,
    /// Shown when nothing is chosen ("All owners").
    #[prop(into)]
    all: Signal<String>,
    /// "{n} of {total}" in the user's language (digits are localised by the caller's text).
    #[prop(into)]
    of: Signal<String>,
    /// The `(value, text)` options.
    options: Signal<Options>,
    /// The chosen values.
    chosen: Signal<Vec<String>>,
    /// Called with the new list of chosen values.
    set: Callback<Vec<String>>,
    /// Test id of the control.
    testid: &'static str,
) -> impl IntoView {
    let toggle = move |value: String, on: bool| {
        let mut now = chosen.get_untracked();
        now.retain(|v| *v != value);
        if on {
            now.push(value);
        }
        // Keep the options' order, so the same choice always reads and links the same.
        let order = options.get_untracked();
        now.sort_by_key(|v| order.iter().position(|(o, _)| o == v));
        set.run(now);
    };
    // Like a select: a press outside or Escape closes the panel (Escape returns to the summary).
    let root = NodeRef::<leptos::html::Details>::new();
    let outside = window_event_listener(leptos::ev::pointerdown, move |ev| {
        use wasm_bindgen::JsCast;
        let Some(details) = root.get_untracked() else {
            return;
        };
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        if !details.contains(target.as_ref()) {
            let _ = details.remove_attribute("open");
        }
    });
    on_cleanup(move || outside.remove());
    let escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            if let Some(details) = root.get_untracked() {
                if details.has_attribute("open") {
                    ev.prevent_default();
                    let _ = details.remove_attribute("open");
                    if let Ok(Some(summary)) = details.query_selector("summary") {
                        use wasm_bindgen::JsCast;
                        if let Ok(summary) = summary.dyn_into::<web_sys::HtmlElement>() {
                            let _ = summary.focus();
                        }
                    }
                }
            }
        }
    };
    view! {
        <div class="multi-choice">
            <span class="multi-label">{move || label.get()}</span>
            <details data-testid=testid node_ref=root on:keydown=escape>
                <summary>
                    {move || {
                        options.with(|o| chosen.with(|c| summary(&all.get(), o, c, &of.get())))
                    }}
                </summary>
                <div class="multi-options" role="group" aria-label=move || label.get()>
                    <For
                        each=move || options.get()
                        key=|(value, text)| (value.clone(), text.clone())
                        children=move |(value, text)| {
                            let checked = {
                                let value = value.clone();
                                move || chosen.with(|c| c.contains(&value))
                            };
                            let v = value.clone();
                            view! {
                                <label class="check">
                                    <input
                                        type="checkbox"
                                        value=value
                                        prop:checked=checked
                                        on:change=move |ev| toggle(
                                            v.clone(),
                                            event_target_checked(&ev),
                                        )
                                    />
                                    <span>{text}</span>
                                </label>
                            }
                        }
                    />
                </div>
            </details>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn the_summary_names_one_or_two_and_counts_more() {
        let options: Vec<(String, String)> = ["a", "b", "c"]
            .iter()
            .map(|v| (v.to_string(), v.to_uppercase()))
            .collect();
        let pick = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(summary("All", &options, &[], "{n} of {total}"), "All");
        assert_eq!(
            summary("All", &options, &pick(&["b"]), "{n} of {total}"),
            "B"
        );
        assert_eq!(
            summary("All", &options, &pick(&["c", "a"]), "{n} of {total}"),
            "A, C"
        );
        assert_eq!(
            summary("All", &options, &pick(&["a", "b", "c"]), "{n} of {total}"),
            "3 of 3"
        );
        assert_eq!(
            summary("All", &options, &pick(&["gone"]), "{n} of {total}"),
            "All",
            "unknown ids"
        );
    }
}
