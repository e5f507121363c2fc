//! The CSV import's mapping step: which column feeds which field, with examples and date formats.

use super::history::HistoryFile;
use crate::domain::format::csv_in::{
    column_date_guess, field_choices, history_stage_values, stage_values, CsvPlan, DateFormat,
    Field, StageChoice, Table, DATE_FORMATS,
};
use crate::domain::{Currency, Dataset, Language, StageId};
use crate::i18n::{date_format_name, field_name, fmt_int, t, tx, Key};
use crate::ui::widgets::{head_keys, stage_options, Choice, DataTable, Field, TextInput};
use leptos::prelude::*;
use std::sync::Arc;

/// Up to three example values of a column, for the mapping table.
pub(super) fn examples(table: &Table, column: usize) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for row in &table.rows {
        let value = row.cells[column].trim();
        if !value.is_empty() && !seen.contains(&value) {
            seen.push(value);
            if seen.len() == 3 {
                break;
            }
        }
    }
    seen.iter()
        .map(|v| v.chars().take(24).collect::<String>())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A date format's option value.
pub(super) fn format_value(format: DateFormat) -> &'static str {
    match format {
        DateFormat::Ymd => "ymd",
        DateFormat::Mdy => "mdy",
        DateFormat::Dmy => "dmy",
        DateFormat::JalaliYmd => "jalali",
    }
}

/// The column mapping, the date formats, the stage values and the default currency.
#[component]
pub(super) fn Mapping(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    table: RwSignal<Option<Arc<Table>>>,
    plan: RwSignal<Option<CsvPlan>>,
    history: RwSignal<Option<HistoryFile>>,
) -> impl IntoView {
    let Some(read) = table.get_untracked() else {
        return ().into_any();
    };
    let choices = Memo::new(move |_| ds.with(field_choices));
    let columns = read
        .headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let read = read.clone();
            let sample = examples(&read, i);
            let label = header.clone();
            // Whether month-first and day-first both read the column: asked only when its
            // format is missing (reading every value again for every column cost as much as
            // the whole guess).
            let ambiguous = move || {
                table.with_untracked(|t| {
                    t.as_ref()
                        .is_some_and(|t| column_date_guess(t, i).ambiguous)
                })
            };
            let field = move || plan.with(|p| p.as_ref().and_then(|p| p.fields[i].clone()));
            let set_field = move |ev| {
                let value = event_target_value(&ev);
                let chosen =
                    choices.with_untracked(|c| c.iter().find(|f| f.key() == value).cloned());
                plan.update(|p| {
                    if let Some(p) = p {
                        // A new stage column brings its own values to map.
                        if chosen
                            .as_ref()
                            .is_some_and(|f| matches!(f, Field::Stage | Field::Status))
                        {
                            p.stages.clear();
                            if let Some(h) = history.get_untracked() {
                                ds.with_untracked(|d| {
                                    p.add_history_stages(&h.table, &h.columns, d)
                                });
                            }
                        }
                        p.map_column(&read, i, chosen);
                    }
                });
            };
            let set_format = move |ev| {
                let value = event_target_value(&ev);
                let chosen = DATE_FORMATS
                    .iter()
                    .find(|f| format_value(**f) == value)
                    .copied();
                plan.update(|p| {
                    if let Some(p) = p {
                        p.formats[i] = chosen;
                    }
                });
            };
            view! {
                <tr>
                    <th scope="row">{header.clone()}</th>
                    <td class="muted">{sample}</td>
                    <td>
                        <Choice
                            lazy=true
                            first=move || t(lang.get(), Key::CsvIgnore).to_string()
                            current=move || field().map(|f| f.key().to_string()).unwrap_or_default()
                            options=move || {
                                ds.with(|d| {
                                    choices
                                        .get()
                                        .into_iter()
                                        .map(|f| (
                                            f.key().to_string(),
                                            field_name(lang.get(), &f, &d.stages).to_string(),
                                        ))
                                        .collect()
                                })
                            }
                            on:change=set_field
                            attr:aria-label=move || {
                                format!("{} – {}", t(lang.get(), Key::CsvField), label)
                            }
                            attr:data-testid=format!("csv-field-{i}")
                        />
                    </td>
                    <td>
                        <Show when=move || field().is_some_and(|f| f.is_date())>
                            <Choice
                                first="—"
                                current=move || {
                                    plan.with(|p| {
                                        p.as_ref()
                                            .and_then(|p| p.formats[i])
                                            .map(format_value)
                                            .unwrap_or_default()
                                            .to_string()
                                    })
                                }
                                options=move || {
                                    DATE_FORMATS
                                        .iter()
                                        .map(|f| (
                                            format_value(*f).to_string(),
                                            date_format_name(lang.get(), *f).to_string(),
                                        ))
                                        .collect()
                                }
                                on:change=set_format
                                attr:aria-label=tx(lang, Key::CsvDateFormat)
                                attr:data-testid=format!("csv-format-{i}")
                            />
                            <p class="error" role="alert">
                                {move || {
                                    plan.with(|p| {
                                            p.as_ref().is_some_and(|p| p.formats[i].is_none())
                                        })
                                        .then(|| t(
                                            lang.get(),
                                            if ambiguous() {
                                                Key::CsvChooseFormat
                                            } else {
                                                Key::CsvNoFormat
                                            },
                                        ))
                                }}
                            </p>
                        </Show>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let values = Memo::new(move |_| {
        let fields = plan.with(|p| p.as_ref().map(|p| p.fields.clone()))?;
        let read = table.get()?;
        let mut values = ds.with(|d| stage_values(&read, &fields, d));
        // The history file's values map through the same list.
        if let Some(h) = history.get() {
            let known = plan.with_untracked(|p| p.as_ref().map(|p| p.stages.clone()));
            let more = ds.with(|d| {
                history_stage_values(&h.table, &h.columns, d, &known.unwrap_or_default())
            });
            for v in more {
                match values.iter_mut().find(|x| x.value == v.value) {
                    Some(x) => x.rows += v.rows,
                    None => values.push(v),
                }
            }
        }
        Some(values)
    });
    // HubSpot's and Salesforce's close date closes won and lost deals: said where it is mapped.
    let close_date_note = move || {
        plan.with(|p| {
            p.as_ref().is_some_and(|p| {
                p.fields.contains(&Some(Field::ExpectedClose))
                    && !p.fields.contains(&Some(Field::Closed))
            })
        })
    };
    let set_currency = move |ev| {
        if let Ok(code) = Currency::parse(&event_target_value(&ev).trim().to_uppercase()) {
            plan.update(|p| {
                if let Some(p) = p {
                    p.currency = code;
                }
            });
        }
    };
    view! {
        <h4>{tx(lang, Key::CsvColumns)}</h4>
        <DataTable label=move || t(lang.get(), Key::CsvColumns).to_string() testid="csv-mapping">
            {head_keys(
                lang,
                &[Key::CsvColumn, Key::CsvExamples, Key::CsvField, Key::CsvDateFormat],
            )}
            <tbody>{columns}</tbody>
        </DataTable>
        <Show when=close_date_note>
            <p class="muted" data-testid="csv-close-date-note">
                {tx(lang, Key::CsvCloseDateNote)}
            </p>
        </Show>
        {move || {
            values
                .get()
                .filter(|v| !v.is_empty())
                .map(|values| {
                    let lang_now = lang.get();
                    let mut options = ds.with(|d| stage_options(d, |_| true));
                    options.push((String::new(), t(lang_now, Key::CsvLeaveOut).to_string()));
                    // The stages, then "leave out" (value "").
                    view! {
                        <h4>{t(lang_now, Key::CsvStages)}</h4>
                        <DataTable label=t(lang_now, Key::CsvStages) testid="csv-stages">
                            {head_keys(
                                lang,
                                &[Key::CsvStageValue, Key::CsvRows, Key::CsvKarizStage],
                            )}
                            <tbody>
                                {values
                                    .into_iter()
                                    .map(|v| {
                                        let value = v.value.clone();
                                        let chosen = plan
                                            .with_untracked(|p| {
                                                p.as_ref().and_then(|p| p.stages.get(&value).cloned())
                                            });
                                        let key = value.clone();
                                        let current = match &chosen {
                                            Some(StageChoice::Stage(id)) => id.0.clone(),
                                            Some(StageChoice::LeaveOut) => String::new(),
                                            None => {
                                                options.first().map(|(v, _)| v.clone()).unwrap_or_default()
                                            }
                                        };
                                        let on_change = move |ev| {
                                            let picked = event_target_value(&ev);
                                            let choice = if picked.is_empty() {
                                                StageChoice::LeaveOut
                                            } else {
                                                StageChoice::Stage(StageId(picked))
                                            };
                                            plan.update(|p| {
                                                if let Some(p) = p {
                                                    p.stages.insert(key.clone(), choice);
                                                }
                                            });
                                        };
                                        // Unmapped values show the first stage, as the browser would.
                                        view! {
                                            <tr>
                                                <th scope="row">{value.clone()}</th>
                                                <td class="num">{fmt_int(lang_now, v.rows as i64)}</td>
                                                <td>
                                                    <Choice
                                                        options=options.clone()
                                                        current=current
                                                        on:change=on_change
                                                        attr:aria-label=format!(
                                                            "{} – {}",
                                                            t(lang_now, Key::CsvKarizStage),
                                                            value,
                                                        )
                                                    />
                                                    {v
                                                        .guess
                                                        .is_none()
                                                        .then(|| {
                                                            view! {
                                                                <span class="muted">
                                                                    " "{t(lang_now, Key::CsvUnmatched)}
                                                                </span>
                                                            }
                                                        })}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </DataTable>
                    }
                })
        }}
        <Field id="csv-currency" label=tx(lang, Key::CsvCurrency)>
            <TextInput
                value=plan
                    .with_untracked(|p| {
                        p.as_ref().map(|p| p.currency.code().to_string()).unwrap_or_default()
                    })
                on:change=set_currency
                attr:size="4"
                attr:maxlength="3"
            />
        </Field>
    }
    .into_any()
}
