//! Settings: the general choices (currency, calendar, week start, rial unit, qualified stage…).

use crate::domain::command::{Command, CommandError, SettingChange};
use crate::domain::{
    Calendar, Dataset, Language, RialUnit, Settings, StageId, StageKind, WeekStart,
};
use crate::i18n::{money_problem, t, tx, Key};
use crate::ui::dispatch;
use crate::ui::widgets::{stage_options, Choice, Field, TextInput};
use leptos::prelude::*;

/// The calendars offered: value, form value, option text.
const CALENDARS: &[(Calendar, &str, Key)] = &[
    (Calendar::Gregorian, "gregorian", Key::CalendarGregorian),
    (Calendar::Jalali, "jalali", Key::CalendarJalali),
];

/// The week starts offered.
const WEEK_STARTS: &[(WeekStart, &str, Key)] = &[
    (WeekStart::Saturday, "saturday", Key::WeekSaturday),
    (WeekStart::Sunday, "sunday", Key::WeekSunday),
    (WeekStart::Monday, "monday", Key::WeekMonday),
];

/// The ways of showing rials.
const RIAL_UNITS: &[(RialUnit, &str, Key)] = &[
    (RialUnit::Rial, "rial", Key::RialUnitRial),
    (RialUnit::Toman, "toman", Key::RialUnitToman),
];

/// A labelled select for one setting with a few fixed choices; a change is saved and announced.
fn setting_choice<T: Copy + PartialEq + Send + Sync + 'static>(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    id: &'static str,
    label: Key,
    choices: &'static [(T, &'static str, Key)],
    get: fn(&Settings) -> T,
    set: fn(T) -> SettingChange,
) -> impl IntoView {
    let dispatch = dispatch();
    let change = move |ev| {
        let picked = event_target_value(&ev);
        if let Some((value, _, _)) = choices.iter().find(|(_, v, _)| *v == picked) {
            // A choice from a fixed list is never refused.
            let _ = dispatch.run(Command::Setting(set(*value)));
        }
    };
    let current = move || {
        ds.with(|d| choices.iter().find(|(v, ..)| *v == get(&d.settings)))
            .map_or_else(String::new, |(_, form_value, _)| form_value.to_string())
    };
    let options = move || {
        let lang = lang.get();
        choices
            .iter()
            .map(|(_, v, key)| (v.to_string(), t(lang, *key).to_string()))
            .collect()
    };
    view! {
        <Field id=id label=move || t(lang.get(), label)>
            <Choice options=options current=current on:change=change attr:data-testid=id />
        </Field>
    }
}

#[component]
pub(super) fn General(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    let dispatch = dispatch();
    let currency_error = RwSignal::new(None::<String>);
    let set_currency = move |ev| {
        let change = SettingChange::DisplayCurrency(event_target_value(&ev));
        match dispatch.run(Command::Setting(change)) {
            Err(CommandError::Number(e)) => {
                currency_error.set(Some(money_problem(lang.get_untracked(), &e)))
            }
            _ => currency_error.set(None),
        }
    };
    let set_reasons = move |ev| {
        let change = SettingChange::LostReasons(event_target_value(&ev));
        let _ = dispatch.run(Command::Setting(change));
    };
    view! {
        <section aria-labelledby="general-title">
            <h2 id="general-title">{tx(lang, Key::SettingsHeading)}</h2>
            <div class="grid">
                <Field id="set-currency" label=tx(lang, Key::DisplayCurrency) error=currency_error>
                    <TextInput
                        value=move || ds.with(|d| d.settings.display_currency.to_string())
                        on:change=set_currency
                        attr:list="set-currency-options"
                    />
                    <datalist id="set-currency-options">
                        {["USD", "EUR", "IRR", "AED", "GBP", "TRY"]
                            .map(|c| view! { <option value=c></option> })}
                    </datalist>
                </Field>
                <Field id="set-qualified" label=tx(lang, Key::QualifiedStage)>
                    <Choice
                        current=move || ds.with(|d| d.settings.qualified_stage.0.clone())
                        options=move || ds.with(|d| stage_options(d, |s| s.kind == StageKind::Open))
                        on:change=move |ev| {
                            let id = StageId(event_target_value(&ev));
                            let _ = dispatch
                                .run(Command::Setting(SettingChange::QualifiedStage(id)));
                        }
                    />
                </Field>
                <Field id="set-reasons" label=tx(lang, Key::LostReasonsLabel) class="wide">
                    <textarea
                        id="set-reasons"
                        rows="5"
                        prop:value=move || ds.with(|d| d.settings.lost_reasons.join("\n"))
                        on:change=set_reasons
                    ></textarea>
                </Field>
            </div>
            <div class="grid">
                {setting_choice(
                    ds,
                    lang,
                    "set-calendar",
                    Key::CalendarLabel,
                    CALENDARS,
                    |s| s.calendar,
                    SettingChange::Calendar,
                )}
                {setting_choice(
                    ds,
                    lang,
                    "set-week",
                    Key::WeekStartLabel,
                    WEEK_STARTS,
                    |s| s.week_start,
                    SettingChange::WeekStart,
                )}
            </div>
            <div class="grid">
                {setting_choice(
                    ds,
                    lang,
                    "set-rial",
                    Key::RialUnitLabel,
                    RIAL_UNITS,
                    |s| s.rial_unit,
                    SettingChange::RialUnit,
                )}
            </div>
            <p class="muted">{tx(lang, Key::CalendarHelp)}</p>
        </section>
    }
}
