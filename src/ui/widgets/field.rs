//! A labelled form field with its error message.

use leptos::prelude::*;

/// The ids a [`Field`] gives its control, shared through context so [`TextInput`],
/// [`super::Choice`] and `DateField` tie themselves to the label and the error.
#[derive(Clone)]
pub(crate) struct FieldIds {
    /// The control's id (the label's `for`).
    pub id: String,
    /// The error message's id (the control's `aria-describedby`).
    pub error_id: String,
    /// Whether the field has an error (the control's `aria-invalid`).
    pub invalid: Signal<bool>,
}

impl FieldIds {
    /// The control's `id`, `aria-describedby` and `aria-invalid`, when inside a field.
    pub(crate) fn attributes(
        field: Option<FieldIds>,
    ) -> (
        Option<String>,
        Option<String>,
        impl Fn() -> Option<&'static str> + Clone,
    ) {
        let invalid = field.as_ref().map(|f| f.invalid);
        (
            field.as_ref().map(|f| f.id.clone()),
            field.map(|f| f.error_id),
            move || invalid.map(|i| if i.get() { "true" } else { "false" }),
        )
    }
}

/// A label tied to its control (the children, or a [`TextInput`] bound to `bind`) and the
/// control's error message below it: an error marks the field and the control invalid and is
/// read out with the control.
#[component]
pub(crate) fn Field(
    /// The control's id; the error's id is `{id}-error`.
    #[prop(into)]
    id: String,
    /// The label's content.
    #[prop(into)]
    label: ViewFn,
    /// The error message, if any.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// Extra classes (`wide` spans the grid).
    #[prop(optional)]
    class: &'static str,
    /// Without children: the text of the [`TextInput`] the field holds, read and written.
    #[prop(optional)]
    bind: Option<RwSignal<String>>,
    /// The [`TextInput`]'s `type` (`text` unless given) and keyboard (`numeric`, `decimal`).
    #[prop(optional)]
    kind: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let invalid = Signal::derive(move || error.with(|e| e.as_ref().is_some_and(|e| !e.is_empty())));
    let ids = FieldIds {
        id: id.clone(),
        error_id: error_id.clone(),
        invalid,
    };
    // A component has no owner of its own: the ids go in a child owner, so they reach this
    // field's control and nothing after it.
    let owner = Owner::new();
    let control = owner.with(move || {
        provide_context(ids);
        match (children, bind) {
            (Some(control), _) => control().into_any(),
            (None, Some(bind)) => view! {
                <TextInput
                    kind=kind.unwrap_or("text")
                    value=bind
                    set=move |v| bind.set(v)
                    attr:inputmode=inputmode
                />
            }
            .into_any(),
            (None, None) => ().into_any(),
        }
    });
    view! {
        <div class=format!("field {class}") class:invalid=move || invalid.get()>
            <label for=id>{move || label.run()}</label>
            {leptos::tachys::reactive_graph::OwnedView::new_with_owner(control, owner)}
            <p class="error" id=error_id>
                {move || error.get()}
            </p>
        </div>
    }
}

/// A text input bound to `value`; inside a [`Field`] it takes the field's id and error. Other
/// attributes (`attr:type`, `attr:inputmode`, `attr:data-testid`) land on the `<input>`.
#[component]
pub(crate) fn TextInput(
    /// The text shown.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the text on every keystroke (on change only, with `on_change`); or give
    /// `on:change` a handler of the event.
    #[prop(optional, into)]
    set: Option<Callback<String>>,
    /// Report only committed changes (blur or Enter), not every keystroke.
    #[prop(optional)]
    on_change: bool,
    /// The input's `type`: `text` unless given.
    #[prop(optional)]
    kind: Option<&'static str>,
) -> impl IntoView {
    let (id, described, invalid) = FieldIds::attributes(use_context::<FieldIds>());
    view! {
        <input
            id=id
            type=kind.unwrap_or("text")
            aria-describedby=described
            aria-invalid=invalid
            prop:value=move || value.get()
            on:input=move |ev| {
                if let Some(set) = set.filter(|_| !on_change) {
                    set.run(event_target_value(&ev))
                }
            }
            on:change=move |ev| {
                if let Some(set) = set.filter(|_| on_change) {
                    set.run(event_target_value(&ev))
                }
            }
        />
    }
}

/// The message for `field` among a form's `errors` (`parts` gives each error's field and
/// problem), translated, for a [`Field`]'s `error`.
pub(crate) fn problem_of<F, E>(
    lang: Memo<crate::domain::Language>,
    errors: RwSignal<Vec<E>>,
    field: F,
    parts: fn(&E) -> (F, &crate::domain::ops::FieldProblem),
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static
where
    F: PartialEq + Copy + Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    move || {
        errors.with(|errs| {
            errs.iter()
                .map(parts)
                .find(|(f, _)| *f == field)
                .map(|(_, problem)| crate::i18n::field_problem(lang.get(), problem))
        })
    }
}
