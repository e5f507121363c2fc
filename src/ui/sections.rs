//! The sections a user opens less often than the dashboard, each compiled on its own.
//!
//! Built with the `split` feature (as `make build` does, see index.html), every `load_*`
//! function here is a `#[lazy]` split point: wasm-split moves the code only that section reaches
//! into a chunk the page fetches the first time the section is shown, so the first load carries
//! the dashboard and not the settings, import, board or report. Without the feature (native and
//! browser tests) they are plain async functions that resolve at once.
//!
//! A loader returns the section's view function rather than the view: the view is then built
//! synchronously under the section's own reactive owner, exactly as an eagerly compiled section.

use super::{
    board::Board, dashboard::ReportPage, deals::DealTable, form::DealForm, goals::GoalsPanel,
    settings::SettingsPanel, work::TodayView,
};
use crate::domain::{Dataset, DealId, Language};
use leptos::prelude::*;

/// What a section's view reads from the app shell.
#[derive(Clone, Copy)]
pub(crate) struct Shell {
    /// The dataset.
    pub ds: ReadSignal<Dataset>,
    /// The language of the interface.
    pub lang: Memo<Language>,
    /// The deal shown in the deal panel.
    pub detail: RwSignal<Option<DealId>>,
    /// The deal being added in the deal list's form.
    pub adding: RwSignal<Option<DealId>>,
}

/// A section's view, built from the shell.
pub(crate) type SectionView = fn(Shell) -> AnyView;

/// The sections loaded on demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Section {
    /// The board of deals by stage.
    Board,
    /// The deal list with the add form below it.
    Deals,
    /// Quotas and targets.
    Goals,
    /// A rep's calls and follow-ups for today.
    Today,
    /// Settings, with import and export.
    Settings,
    /// The printable report of a dashboard view.
    Report,
}

const COUNT: usize = 6;
const ALL: [Section; COUNT] = [
    Section::Board,
    Section::Deals,
    Section::Goals,
    Section::Today,
    Section::Settings,
    Section::Report,
];

/// The view functions loaded so far, one slot per [`Section`]; lives as long as the app.
#[derive(Clone, Copy)]
pub(crate) struct Loaded {
    views: RwSignal<[Option<SectionView>; COUNT]>,
    asked: StoredValue<[bool; COUNT]>,
}

impl Loaded {
    /// No section loaded yet.
    pub fn new() -> Self {
        Self {
            views: RwSignal::new([None; COUNT]),
            asked: StoredValue::new([false; COUNT]),
        }
    }

    /// The section's view: built once its code is in, with nothing shown until then (a chunk
    /// comes from the service worker's cache in a few milliseconds).
    pub fn show(self, section: Section, shell: Shell) -> AnyView {
        self.fetch(section);
        let slot = section as usize;
        (move || self.views.with(|l| l[slot]).map(|view| view(shell))).into_any()
    }

    /// Loads every section not loaded yet, so the first click on one does not wait (run once
    /// the dashboard is up; the service worker has the chunks, so this is compile work only).
    pub fn preload(self) {
        for section in ALL {
            self.fetch(section);
        }
    }

    fn fetch(self, section: Section) {
        let slot = section as usize;
        let asked = self
            .asked
            .try_update_value(|a| std::mem::replace(&mut a[slot], true));
        if asked == Some(false) {
            leptos::task::spawn_local(async move {
                let view = load(section).await;
                self.views.update(|l| l[slot] = Some(view));
            });
        }
    }
}

async fn load(section: Section) -> SectionView {
    match section {
        Section::Board => load_board().await,
        Section::Deals => load_deals().await,
        Section::Goals => load_goals().await,
        Section::Today => load_today().await,
        Section::Settings => load_settings().await,
        Section::Report => load_report().await,
    }
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn load_board() -> SectionView {
    board as SectionView
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn load_deals() -> SectionView {
    deals as SectionView
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn load_goals() -> SectionView {
    goals as SectionView
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn load_today() -> SectionView {
    today as SectionView
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn load_settings() -> SectionView {
    settings as SectionView
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn load_report() -> SectionView {
    report as SectionView
}

fn board(s: Shell) -> AnyView {
    view! { <Board ds=s.ds lang=s.lang detail=s.detail /> }.into_any()
}

fn deals(s: Shell) -> AnyView {
    view! {
        <DealTable ds=s.ds lang=s.lang detail=s.detail />
        <DealForm ds=s.ds lang=s.lang editing=s.adding prefix="deal" open_deal=s.detail />
    }
    .into_any()
}

fn goals(s: Shell) -> AnyView {
    view! { <GoalsPanel ds=s.ds lang=s.lang /> }.into_any()
}

fn today(s: Shell) -> AnyView {
    view! { <TodayView ds=s.ds lang=s.lang detail=s.detail /> }.into_any()
}

fn settings(s: Shell) -> AnyView {
    view! { <SettingsPanel ds=s.ds lang=s.lang /> }.into_any()
}

fn report(s: Shell) -> AnyView {
    view! { <ReportPage ds=s.ds lang=s.lang /> }.into_any()
}
