//! The filter bar shared by the deal list and the board.

use super::form::DateField;
use crate::domain::kpi::Period;
use crate::domain::query::{ListQuery, StatusFilter};
use crate::domain::{Dataset, Date, Language, OwnerId, SourceId, StageId};
use crate::i18n::{t, Key};
use leptos::prelude::*;

/// One `<select>` whose options are (value, label) pairs plus an "all" option with value "".
fn choice(
    lang: Memo<Language>,
    label: Key,
    all: Key,
    testid: &'static str,
    options: impl Fn() -> Vec<(String, String)> + Send + Sync + 'static,
    current: impl Fn() -> String + Send + Sync + Copy + 'static,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <label>
            <span>{move || t(lang.get(), label)}</span>
            <select data-testid=testid on:change=move |ev| set(event_target_value(&ev))>
                <option value="" selected=move || current().is_empty()>{move || t(lang.get(), all)}</option>
                {move || options().into_iter().map(|(value, name)| {
                    let selected = value == current();
                    view! { <option value=value selected=selected>{name}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// Search, owner and source filters; `full` adds status, current stage and first-contact dates.
#[component]
pub(crate) fn FilterBar(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    query: RwSignal<ListQuery>,
    full: bool,
) -> impl IntoView {
    let id_of = |o: Option<&String>| o.cloned().unwrap_or_default();
    let owners = move || {
        ds.with(|d| {
            d.owners
                .iter()
                .map(|o| (o.id.0.clone(), o.name.clone()))
                .collect()
        })
    };
    let sources = move || {
        ds.with(|d| {
            d.sources
                .iter()
                .map(|s| (s.id.0.clone(), s.name.clone()))
                .collect()
        })
    };
    let stages = move || {
        ds.with(|d| {
            d.stages
                .iter()
                .map(|s| (s.id.0.clone(), s.name.clone()))
                .collect()
        })
    };
    let statuses = move || {
        let lang = lang.get();
        [
            ("open", Key::StatusOpen),
            ("won", Key::StatusWon),
            ("lost", Key::StatusLost),
        ]
        .into_iter()
        .map(|(v, k)| (v.to_string(), t(lang, k).to_string()))
        .collect()
    };
    let status_value = move || {
        match query.with(|q| q.status) {
            StatusFilter::All => "",
            StatusFilter::Open => "open",
            StatusFilter::Won => "won",
            StatusFilter::Lost => "lost",
        }
        .to_string()
    };
    let set_status = move |v: String| {
        query.update(|q| {
            q.status = match v.as_str() {
                "open" => StatusFilter::Open,
                "won" => StatusFilter::Won,
                "lost" => StatusFilter::Lost,
                _ => StatusFilter::All,
            }
        })
    };
    let non_empty = |v: String| Some(v).filter(|v| !v.is_empty());
    // The period filter is on first contact; an unreadable or half-filled range means no filter.
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let set_period = move || {
        let (a, b) = (
            Date::parse(&from.get_untracked()),
            Date::parse(&to.get_untracked()),
        );
        let period = match (a, b) {
            (Ok(start), Ok(end)) if start <= end => Some(Period { start, end }),
            (Ok(start), Err(_)) if to.get_untracked().is_empty() => Some(Period {
                start,
                end: Date::from_days(i32::MAX / 2),
            }),
            (Err(_), Ok(end)) if from.get_untracked().is_empty() => Some(Period {
                start: Date::from_days(i32::MIN / 2),
                end,
            }),
            _ => None,
        };
        query.update(|q| q.period = period);
    };
    view! {
        <div class="filters" role="group" aria-label=move || t(lang.get(), Key::Filters)>
            <label>
                <span>{move || t(lang.get(), Key::Search)}</span>
                <input type="search" data-testid="search" prop:value=move || query.with(|q| q.search.clone()) on:input=move |ev| query.update(|q| q.search = event_target_value(&ev)) />
            </label>
            {choice(lang, Key::FieldOwner, Key::AllOwners, "filter-owner", owners, move || query.with(|q| id_of(q.owner.as_ref().map(|o| &o.0))), move |v| query.update(|q| q.owner = non_empty(v).map(OwnerId)))}
            {choice(lang, Key::FieldSource, Key::AllSources, "filter-source", sources, move || query.with(|q| id_of(q.source.as_ref().map(|s| &s.0))), move |v| query.update(|q| q.source = non_empty(v).map(SourceId)))}
            {full.then(|| view! {
                {choice(lang, Key::ShowStatus, Key::StatusAll, "filter-status", statuses, status_value, set_status)}
                {choice(lang, Key::FilterStage, Key::AllStages, "filter-stage", stages, move || query.with(|q| id_of(q.stage.as_ref().map(|s| &s.0))), move |v| query.update(|q| q.stage = non_empty(v).map(StageId)))}
                <label>
                    <span>{move || t(lang.get(), Key::FirstContactFrom)}</span>
                    <DateField lang=lang value=from set=move |v| { from.set(v); set_period(); } />
                </label>
                <label>
                    <span>{move || t(lang.get(), Key::To)}</span>
                    <DateField lang=lang value=to set=move |v| { to.set(v); set_period(); } />
                </label>
            })}
        </div>
    }
}
