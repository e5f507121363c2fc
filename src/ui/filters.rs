//! The filter bar shared by the deal list, the board and the dashboard.

use super::form::DateField;
use super::widgets::{stage_options, Choice, Labelled, Options};
use crate::domain::kpi::Period;
use crate::domain::query::{ListQuery, StatusFilter};
use crate::domain::setup::Roster;
use crate::domain::{Dataset, Date, Language, OwnerId, SourceId, StageId};
use crate::i18n::{t, Key};
use leptos::prelude::*;

/// One labelled choice with an "all" option (value "") first.
fn choice(
    lang: Memo<Language>,
    label: Key,
    all: Key,
    testid: &'static str,
    options: impl Fn() -> Options + Send + Sync + 'static,
    current: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <Labelled text=move || t(lang.get(), label)>
            <Choice
                first=move || t(lang.get(), all).to_string()
                options=options
                current=current
                set=set
                attr:data-testid=testid
            />
        </Labelled>
    }
}

/// Which filters a [`FilterBar`] offers (owner and source always).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Offered {
    search: bool,
    status: bool,
    stage: bool,
    dates: bool,
}

impl Offered {
    /// The board: search, owner and source.
    pub(crate) const BOARD: Offered = Offered {
        search: true,
        status: false,
        stage: false,
        dates: false,
    };
    /// The deal list: every filter.
    pub(crate) const DEALS: Offered = Offered {
        search: true,
        status: true,
        stage: true,
        dates: true,
    };
    /// The dashboard: owner, source and current stage (its period is its own).
    pub(crate) const DASHBOARD: Offered = Offered {
        search: false,
        status: false,
        stage: true,
        dates: false,
    };
}

/// The filter bar of the deal list, the board and the dashboard: the filters `offers` names,
/// after `lead` and before the children (a section's own choices, in the same group).
#[component]
pub(crate) fn FilterBar(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    query: RwSignal<ListQuery>,
    offers: Offered,
    /// Controls shown before the filters.
    #[prop(optional, into)]
    lead: ViewFn,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let id_of = |o: Option<&String>| o.cloned().unwrap_or_default();
    let owners = move || ds.with(|d| d.roster(Roster::Owners));
    let sources = move || ds.with(|d| d.roster(Roster::Sources));
    let stages = move || ds.with(|d| stage_options(d, |_| true));
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
            {lead.run()}
            {offers
                .search
                .then(|| {
                    view! {
                        <Labelled text=move || t(lang.get(), Key::Search)>
                            <input
                                type="search"
                                data-testid="search"
                                prop:value=move || query.with(|q| q.search.clone())
                                on:input=move |ev| {
                                    query.update(|q| q.search = event_target_value(&ev))
                                }
                            />
                        </Labelled>
                    }
                })}
            {choice(
                lang,
                Key::FieldOwner,
                Key::AllOwners,
                "filter-owner",
                owners,
                move || query.with(|q| id_of(q.owner.as_ref().map(|o| &o.0))),
                move |v| query.update(|q| q.owner = non_empty(v).map(OwnerId)),
            )}
            {choice(
                lang,
                Key::FieldSource,
                Key::AllSources,
                "filter-source",
                sources,
                move || query.with(|q| id_of(q.source.as_ref().map(|s| &s.0))),
                move |v| query.update(|q| q.source = non_empty(v).map(SourceId)),
            )}
            {offers
                .status
                .then(|| choice(
                    lang,
                    Key::ShowStatus,
                    Key::StatusAll,
                    "filter-status",
                    statuses,
                    status_value,
                    set_status,
                ))}
            {offers
                .stage
                .then(|| choice(
                    lang,
                    Key::FilterStage,
                    Key::AllStages,
                    "filter-stage",
                    stages,
                    move || query.with(|q| id_of(q.stage.as_ref().map(|s| &s.0))),
                    move |v| query.update(|q| q.stage = non_empty(v).map(StageId)),
                ))}
            {offers
                .dates
                .then(|| {
                    view! {
                        <Labelled text=move || t(lang.get(), Key::FirstContactFrom)>
                            <DateField
                                lang=lang
                                value=from
                                set=move |v| {
                                    from.set(v);
                                    set_period();
                                }
                            />
                        </Labelled>
                        <Labelled text=move || t(lang.get(), Key::To)>
                            <DateField
                                lang=lang
                                value=to
                                set=move |v| {
                                    to.set(v);
                                    set_period();
                                }
                            />
                        </Labelled>
                    }
                })}
            {children.map(|c| c())}
        </div>
    }
}
