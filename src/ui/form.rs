//! The add/edit deal form with validation messages next to each field.

use super::widgets::{problem_of, Field, FieldIds, TextInput};
use super::{clock, dispatch};
use crate::domain::command::{Command, CommandError};
use crate::domain::duplicates::DupIndex;
use crate::domain::ops::{DealDraft, DealField, FieldError};
use crate::domain::{Calendar, Dataset, Date, DealId, Language};
use crate::i18n::{self, dup_reason, t, tf, tx, Key};
use leptos::prelude::*;

fn blank(ds: &Dataset) -> DealDraft {
    DealDraft::new_on(clock::today(), ds.settings.display_currency)
}

/// Form for a new deal, or for the deal in `editing`.
#[component]
pub(crate) fn DealForm(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    editing: RwSignal<Option<DealId>>,
    /// Prefix of element ids, so the add form and the detail panel can both be on the page.
    prefix: &'static str,
    /// The deal panel's deal: the duplicate warning's "Open it" shows the deal it looks like.
    open_deal: RwSignal<Option<DealId>>,
) -> impl IntoView {
    let dispatch = dispatch();
    let draft = RwSignal::new(ds.with_untracked(blank));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    // Memos are lazy: the index is built only once the form holds a phone, email or company.
    let dup_index = Memo::new(move |_| ds.with(DupIndex::new));
    let looks_like = move || {
        let own = editing.get();
        let found = draft.with(|d| {
            let keyed = !d.phone.trim().is_empty()
                || d.email.contains('@')
                || !(d.title.trim().is_empty() || d.company.trim().is_empty());
            keyed.then(|| {
                let first = Date::parse(&d.first_contact).unwrap_or_else(|_| clock::today());
                let typed = [d.title.as_str(), &d.company, &d.phone, &d.email];
                dup_index.with(|i| i.find_typed(own.as_ref(), first, typed))
            })
        });
        found.flatten()
    };

    // Opening a deal for editing fills the form; closing it resets the form.
    Effect::new(move |_| {
        let id = editing.get();
        let next = ds.with_untracked(|d| match id.as_ref().and_then(|id| d.deal(id)) {
            Some(deal) => DealDraft::from_deal(d, deal),
            None => blank(d),
        });
        draft.set(next);
        errors.set(Vec::new());
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let current = draft.get_untracked();
        let editing_id = editing.get_untracked();
        let command = match editing_id.clone() {
            Some(id) => Command::UpdateDeal { id, draft: current },
            None => Command::AddDeal {
                id: clock::new_deal_id(),
                draft: current,
            },
        };
        match dispatch.run(command) {
            Ok(()) => {
                errors.set(Vec::new());
                if editing_id.is_none() {
                    draft.set(ds.with_untracked(blank));
                }
            }
            Err(CommandError::Deal(problems)) => {
                errors.set(problems);
                dispatch.say(Key::FixErrors, vec![]);
            }
            Err(_) => {}
        }
    };

    let error_for =
        move |field: DealField| problem_of(lang, errors, field, |e| (e.field, &e.problem));

    // One labelled input bound to one draft field, with its error message (if validated).
    let input = move |key: Key,
                      name: &'static str,
                      kind: &'static str,
                      field: Option<DealField>,
                      get: fn(&DealDraft) -> &String,
                      set: fn(&mut DealDraft, String)| {
        let list = matches!(name, "source" | "owner" | "deal_type" | "currency")
            .then(|| format!("{prefix}-{name}-options"));
        let label = move || {
            view! {
                {t(lang.get(), key)}
                {(name == "title")
                    .then(|| {
                        view! {
                            <span class="req" aria-hidden="true">
                                " *"
                            </span>
                        }
                    })}
            }
        };
        let value = Signal::derive(move || draft.with(|d| get(d).clone()));
        let typed = move |v: String| draft.update(|d| set(d, v));
        view! {
            <Field
                id=format!("{prefix}-{name}")
                label=label
                error=move || field.and_then(|f| error_for(f)())
            >
                {if kind == "date" {
                    view! { <DateField lang=lang value=value set=typed attr:name=name /> }
                        .into_any()
                } else {
                    view! {
                        <TextInput
                            value=value
                            set=typed
                            attr:name=name
                            attr:list=list
                            attr:required=name == "title"
                        />
                    }
                        .into_any()
                }}
            </Field>
        }
    };

    view! {
        <section class="deal-form" aria-labelledby=format!("{prefix}-form-title")>
            <h2 id=format!(
                "{prefix}-form-title",
            )>
                {move || t(
                    lang.get(),
                    if editing.get().is_some() { Key::EditDeal } else { Key::AddDeal },
                )}
            </h2>
            <form on:submit=submit novalidate data-testid=format!("{prefix}-form")>
                <div class="grid">
                    {input(
                        Key::FieldTitle,
                        "title",
                        "text",
                        Some(DealField::Title),
                        |d| &d.title,
                        |d, v| d.title = v,
                    )}
                    {input(
                        Key::FieldCompany,
                        "company",
                        "text",
                        None,
                        |d| &d.company,
                        |d, v| d.company = v,
                    )}
                    {input(
                        Key::FieldContact,
                        "contact",
                        "text",
                        None,
                        |d| &d.contact,
                        |d, v| d.contact = v,
                    )}
                    {input(
                        Key::FieldPhone,
                        "phone",
                        "tel",
                        Some(DealField::Phone),
                        |d| &d.phone,
                        |d, v| d.phone = v,
                    )}
                    {input(
                        Key::FieldEmail,
                        "email",
                        "email",
                        Some(DealField::Email),
                        |d| &d.email,
                        |d, v| d.email = v,
                    )}
                    {input(
                        Key::FieldSource,
                        "source",
                        "text",
                        None,
                        |d| &d.source,
                        |d, v| d.source = v,
                    )}
                    {input(
                        Key::FieldOwner,
                        "owner",
                        "text",
                        None,
                        |d| &d.owner,
                        |d, v| d.owner = v,
                    )}
                    {input(
                        Key::FieldType,
                        "deal_type",
                        "text",
                        None,
                        |d| &d.deal_type,
                        |d, v| d.deal_type = v,
                    )}
                    {input(
                        Key::FieldValue,
                        "value",
                        "text",
                        Some(DealField::Value),
                        |d| &d.value,
                        |d, v| d.value = v,
                    )}
                    {input(
                        Key::FieldCurrency,
                        "currency",
                        "text",
                        Some(DealField::Currency),
                        |d| &d.currency,
                        |d, v| d.currency = v,
                    )}
                    {input(
                        Key::FieldFirstContact,
                        "first_contact",
                        "date",
                        Some(DealField::FirstContact),
                        |d| &d.first_contact,
                        |d, v| d.first_contact = v,
                    )}
                    {input(
                        Key::FieldExpectedClose,
                        "expected_close",
                        "date",
                        Some(DealField::ExpectedClose),
                        |d| &d.expected_close,
                        |d, v| d.expected_close = v,
                    )}
                    {input(
                        Key::FieldNotes,
                        "notes",
                        "text",
                        None,
                        |d| &d.notes,
                        |d, v| d.notes = v,
                    )}
                </div>
                <datalist id=format!(
                    "{prefix}-source-options",
                )>
                    {move || {
                        ds.with(|d| {
                            d.sources
                                .iter()
                                .map(|s| view! { <option value=s.name.clone()></option> })
                                .collect_view()
                        })
                    }}
                </datalist>
                <datalist id=format!(
                    "{prefix}-owner-options",
                )>
                    {move || {
                        ds.with(|d| {
                            d.owners
                                .iter()
                                .map(|o| view! { <option value=o.name.clone()></option> })
                                .collect_view()
                        })
                    }}
                </datalist>
                <datalist id=format!(
                    "{prefix}-deal_type-options",
                )>
                    {move || {
                        ds.with(|d| {
                            d.deal_types
                                .iter()
                                .map(|k| view! { <option value=k.name.clone()></option> })
                                .collect_view()
                        })
                    }}
                </datalist>
                <datalist id=format!(
                    "{prefix}-currency-options",
                )>
                    {["USD", "EUR", "IRR", "AED", "GBP", "TRY"]
                        .map(|c| view! { <option value=c></option> })}
                </datalist>
                {move || {
                    looks_like()
                        .map(|(id, why)| {
                            let lang = lang.get();
                            let name = ds
                                .with(|d| d.deal(&id).map(|x| x.title.clone()))
                                .unwrap_or_default();
                            view! {
                                <p class="warn" role="status" data-testid=format!("{prefix}-dup")>
                                    {tf(
                                        lang,
                                        Key::DupFormWarn,
                                        &[("deal", &name), ("why", dup_reason(lang, why))],
                                    )}
                                    " "
                                    <button
                                        type="button"
                                        class="link"
                                        data-testid=format!("{prefix}-dup-open")
                                        on:click=move |_| open_deal.set(Some(id.clone()))
                                    >
                                        {t(lang, Key::DupFormOpen)}
                                    </button>
                                </p>
                            }
                        })
                }}
                <div class="buttons">
                    <button type="submit" class="primary" data-testid=format!("{prefix}-save")>
                        {tx(lang, Key::Save)}
                    </button>
                    <Show when=move || editing.get().is_some()>
                        <button type="button" on:click=move |_| editing.set(None)>
                            {tx(lang, Key::Close)}
                        </button>
                    </Show>
                </div>
            </form>
        </section>
    }
}

/// A date input in the calendar dates are shown in: the browser's date picker for Gregorian, a
/// text field taking `1404/10/06` (Persian, Arabic-Indic or Latin digits) for Jalali.
///
/// `value` holds ISO text; what the user typed is passed on as ISO when it is a date, as typed
/// otherwise, so the caller's validation reports it. Inside a [`Field`] it takes the field's id
/// and error; attributes given with `attr:` land on the `<input>`.
#[component]
pub(crate) fn DateField(
    lang: Memo<Language>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] set: Callback<String>,
) -> impl IntoView {
    let calendar = i18n::calendar();
    let jalali = calendar == Calendar::Jalali;
    let shown = move || {
        let text = value.get();
        match Date::parse(&text) {
            Ok(d) if jalali => i18n::localize_digits(lang.get(), &i18n::date_text(calendar, d)),
            _ => text,
        }
    };
    let typed = move |ev| {
        let text = event_target_value(&ev);
        set.run(match i18n::parse_date_in(calendar, &text) {
            Ok(d) => d.to_string(),
            Err(_) => text,
        });
    };
    let (id, described, invalid) = FieldIds::attributes(use_context::<FieldIds>());
    view! {
        <input
            id=id
            aria-describedby=described
            aria-invalid=invalid
            type=if jalali { "text" } else { "date" }
            inputmode=jalali.then_some("numeric")
            dir=jalali.then_some("ltr")
            placeholder=move || jalali.then(|| t(lang.get(), Key::JalaliDateHint))
            prop:value=shown
            on:input=typed
        />
    }
}
