//! The filter bar shared by the deal list, the board and the dashboard.

use super::form::DateField;
use super::widgets::{stage_options, Choice, Labelled, MultiChoice, Options};
use crate::domain::kpi::Period;
use crate::domain::model::DealTypeId;
use crate::domain::query::{ListQuery, StatusFilter};
use crate::domain::setup::Roster;
use crate::domain::{Dataset, Date, Language, OwnerId, SourceId, StageId};
use crate::i18n::{t, tx, Key};
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

/// One multi-value filter of a [`ListQuery`]: its words and how to read and write its list.
struct ListFilter<T: 'static> {
    label: Key,
    all: Key,
    testid: &'static str,
    get: fn(&ListQuery) -> &Vec<T>,
    put: fn(&mut ListQuery, Vec<T>),
    id: fn(&T) -> &str,
    make: fn(String) -> T,
}

const OWNERS: ListFilter<OwnerId> = ListFilter {
    label: Key::FieldOwner,
    all: Key::AllOwners,
    testid: "filter-owner",
    get: |q| &q.owners,
    put: |q, v| q.owners = v,
    id: OwnerId::as_str,
    make: OwnerId,
};

const SOURCES: ListFilter<SourceId> = ListFilter {
    label: Key::FieldSource,
    all: Key::AllSources,
    testid: "filter-source",
    get: |q| &q.sources,
    put: |q, v| q.sources = v,
    id: SourceId::as_str,
    make: SourceId,
};

const TYPES: ListFilter<DealTypeId> = ListFilter {
    label: Key::FieldType,
    all: Key::AllTypes,
    testid: "filter-type",
    get: |q| &q.types,
    put: |q, v| q.types = v,
    id: DealTypeId::as_str,
    make: DealTypeId,
};

const STAGES: ListFilter<StageId> = ListFilter {
    label: Key::FilterStage,
    all: Key::AllStages,
    testid: "filter-stage",
    get: |q| &q.stages,
    put: |q, v| q.stages = v,
    id: StageId::as_str,
    make: StageId,
};

/// A multi-value filter over `options`, reading and writing `query`.
fn multi<T: Send + Sync + 'static>(
    lang: Memo<Language>,
    f: ListFilter<T>,
    options: impl Fn() -> Options + Send + Sync + 'static,
    query: RwSignal<ListQuery>,
) -> impl IntoView {
    let ListFilter {
        label,
        all,
        testid,
        get,
        put,
        id,
        make,
    } = f;
    view! {
        <MultiChoice
            label=Signal::derive(move || t(lang.get(), label).to_string())
            all=Signal::derive(move || t(lang.get(), all).to_string())
            of=Signal::derive(move || t(lang.get(), Key::ChosenOf).to_string())
            options=Signal::derive(options)
            chosen=Signal::derive(move || {
                query.with(|q| get(q).iter().map(|x| id(x).to_string()).collect())
            })
            set=Callback::new(move |values: Vec<String>| {
                query.update(|q| put(q, values.into_iter().map(make).collect()))
            })
            testid=testid
        />
    }
}

/// Which filters a [`FilterBar`] offers (owner, source and deal type always).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Offered {
    search: bool,
    status: bool,
    stage: bool,
    dates: bool,
}

impl Offered {
    /// The board: search, owner, source and type.
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
    /// The dashboard: owner, source, type and current stage (its period is its own).
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
    let owners = move || ds.with(|d| d.roster(Roster::Owners));
    let sources = move || ds.with(|d| d.roster(Roster::Sources));
    let types = move || ds.with(|d| d.roster(Roster::Types));
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
        <div class="filters" role="group" aria-label=tx(lang, Key::Filters)>
            {lead.run()}
            {offers
                .search
                .then(|| {
                    view! {
                        <Labelled text=tx(lang, Key::Search)>
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
            {multi(lang, OWNERS, owners, query)}
            {multi(lang, SOURCES, sources, query)}
            {multi(lang, TYPES, types, query)}
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
            {offers.stage.then(|| multi(lang, STAGES, stages, query))}
            {offers
                .dates
                .then(|| {
                    view! {
                        <Labelled text=tx(lang, Key::FirstContactFrom)>
                            <DateField
                                lang=lang
                                value=from
                                set=move |v| {
                                    from.set(v);
                                    set_period();
                                }
                            />
                        </Labelled>
                        <Labelled text=tx(lang, Key::To)>
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
