//! The import preview's duplicate step: rows of the file that look like deals Kariz already has
//! (same phone, email, or title and company, under another id), with update / keep both / skip
//! chosen for all of them at once and changeable per row. The rules are `domain::duplicates`.

use super::super::widgets::{head_text, DataTable};
use crate::domain::duplicates::{DupChoice, ImportDup};
use crate::domain::{Dataset, DealId, Language};
use crate::i18n::{dup_reason, fmt_int, plural, t, Key};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Rows listed with their own choice; the rest follow the choice for all.
const SHOWN: usize = 100;

/// The three choices, in the order offered.
const CHOICES: [(DupChoice, Key, &str); 3] = [
    (DupChoice::Update, Key::DupUpdate, "update"),
    (DupChoice::KeepBoth, Key::DupKeepBoth, "keep"),
    (DupChoice::Skip, Key::DupSkip, "skip"),
];

/// What the user chose: one choice for all flagged rows, and the rows chosen otherwise.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct DupChoices {
    /// The choice for every flagged row (`None`: not chosen yet; the import waits).
    pub all: Option<DupChoice>,
    /// Rows chosen one by one.
    pub rows: HashMap<DealId, DupChoice>,
}

impl DupChoices {
    /// The choice for one flagged row.
    pub fn of(&self, id: &DealId) -> DupChoice {
        self.rows.get(id).copied().or(self.all).unwrap_or_default()
    }
}

fn choice_of(value: &str) -> DupChoice {
    CHOICES
        .iter()
        .find(|(_, _, v)| *v == value)
        .map_or(DupChoice::Update, |(c, ..)| *c)
}

/// The flagged rows and the choices.
#[component]
pub(super) fn DupStep(
    lang: Language,
    ds: ReadSignal<Dataset>,
    incoming: Arc<Dataset>,
    dups: Arc<Vec<ImportDup>>,
    choices: RwSignal<DupChoices>,
) -> impl IntoView {
    let n = dups.len();
    let title_in = |d: &Dataset, id: &DealId| d.deal(id).map(|x| x.title.clone());
    let for_all = CHOICES
        .iter()
        .map(|(c, key, value)| {
            let c = *c;
            view! {
                <label class="check">
                    <input
                        type="radio"
                        name="csv-dup-all"
                        checked=move || choices.with(|x| x.all == Some(c))
                        on:change=move |_| {
                            choices
                                .set(DupChoices {
                                    all: Some(c),
                                    rows: HashMap::new(),
                                })
                        }
                        data-testid=format!("csv-dup-all-{value}")
                    />
                    {t(lang, *key)}
                </label>
            }
        })
        .collect_view();
    let rows = dups
        .iter()
        .take(SHOWN)
        .map(|dup| {
            let id = dup.incoming.clone();
            let shown = id.clone();
            let file_title = title_in(&incoming, &dup.incoming).unwrap_or_default();
            let have = ds
                .with_untracked(|d| title_in(d, &dup.existing))
                .unwrap_or_default();
            view! {
                <tr data-testid="csv-dup-row">
                    <td>{file_title}</td>
                    <td>{have}</td>
                    <td>{dup_reason(lang, dup.reason)}</td>
                    <td>
                        <select
                            aria-label=t(lang, Key::DupChoice)
                            data-testid="csv-dup-choice"
                            prop:value=move || {
                                let c = choices.with(|x| x.of(&shown));
                                CHOICES.iter().find(|(x, ..)| *x == c).map_or("", |(.., v)| *v)
                            }
                            on:change=move |ev| {
                                let c = choice_of(&event_target_value(&ev));
                                choices
                                    .update(|x| {
                                        x.rows.insert(id.clone(), c);
                                    });
                            }
                        >
                            {CHOICES
                                .iter()
                                .map(|(_, key, value)| {
                                    view! { <option value=*value>{t(lang, *key)}</option> }
                                })
                                .collect_view()}
                        </select>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <fieldset data-testid="csv-dups">
            <legend>
                {plural(
                    lang,
                    n as u64,
                    Key::DupImportOne,
                    Key::DupImport,
                    &[("n", &fmt_int(lang, n as i64))],
                )}
            </legend>
            <p>{t(lang, Key::DupForAll)} ": " {for_all}</p>
            <DataTable label=t(lang, Key::DupHeading) testid="csv-dup-table">
                {head_text(
                    [Key::DupInFile, Key::DupExisting, Key::DupWhy, Key::DupChoice]
                        .map(|k| t(lang, k).to_string())
                        .into(),
                )}
                <tbody>{rows}</tbody>
            </DataTable>
        </fieldset>
    }
}
