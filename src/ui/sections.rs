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
    board::Board, dashboard::lower, dashboard::ReportPage, deals::DealTable, detail::DealDetail,
    form::DealForm, goals::GoalsPanel, settings::SettingsPanel, work::LogDialog, work::TodayView,
};
use crate::domain::kpi::{Query, Report};
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

/// What the dashboard's blocks under its cards read: the shell's signals and the dashboard's query.
#[derive(Clone, Copy)]
pub(crate) struct Lower {
    /// The dataset.
    pub ds: ReadSignal<Dataset>,
    /// The language of the interface.
    pub lang: Memo<Language>,
    /// The dashboard's period and filters.
    pub query: Memo<Query>,
    /// The KPI report of that query (the cards' own).
    pub report: Memo<Report>,
    /// The deal shown in the deal panel (a lost deal opens from the loss tables).
    pub detail: RwSignal<Option<DealId>>,
}

/// The view of the dashboard's blocks under its cards.
type LowerView = fn(Lower) -> AnyView;

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
    /// The deal panel (form, contact, timeline, history), opened from any deal.
    DealPanel,
    /// The dialog that logs a call or another activity.
    LogDialog,
}

const COUNT: usize = 8;
const ALL: [Section; COUNT] = [
    Section::Board,
    Section::Deals,
    Section::Goals,
    Section::Today,
    Section::Settings,
    Section::Report,
    Section::DealPanel,
    Section::LogDialog,
];

/// The view functions loaded so far, one slot per [`Section`]; lives as long as the app.
#[derive(Clone, Copy)]
pub(crate) struct Loaded {
    // One signal per section: a section loading must not redraw another that is open (a
    // shared array would rebuild Settings, mid-import, when the preload brings the board in).
    views: [RwSignal<Option<SectionView>>; COUNT],
    asked: StoredValue<[bool; COUNT]>,
    lower: RwSignal<Option<LowerView>>,
    lower_asked: StoredValue<bool>,
}

impl Loaded {
    /// No section loaded yet.
    pub fn new() -> Self {
        Self {
            views: std::array::from_fn(|_| RwSignal::new(None)),
            asked: StoredValue::new([false; COUNT]),
            lower: RwSignal::new(None),
            lower_asked: StoredValue::new(false),
        }
    }

    /// The section's view: built once its code is in, with nothing shown until then (a chunk
    /// comes from the service worker's cache in a few milliseconds).
    pub fn show(self, section: Section, shell: Shell) -> AnyView {
        self.fetch(section);
        let slot = section as usize;
        (move || self.views[slot].get().map(|view| view(shell))).into_any()
    }

    /// A dialog's view, loaded the first time `wanted` is true (or by [`Loaded::preload`]) and
    /// kept from then on: the dialog itself opens and closes with its own signal.
    pub fn show_when(
        self,
        section: Section,
        shell: Shell,
        wanted: impl Fn() -> bool + 'static,
    ) -> AnyView {
        Effect::new(move |_| {
            if wanted() {
                self.fetch(section);
            }
        });
        let slot = section as usize;
        (move || self.views[slot].get().map(|view| view(shell))).into_any()
    }

    /// The dashboard's blocks under its cards (charts, tables, telesales, loss analysis), shown
    /// once their code is in (the dashboard asks for them right after its cards' first frame).
    pub fn show_lower(self, lower: Lower) -> AnyView {
        self.fetch_lower();
        (move || self.lower.get().map(|view| view(lower))).into_any()
    }

    /// Loads every section not loaded yet, so the first click on one does not wait (run once
    /// the dashboard is up; the service worker has the chunks, so this is compile work only).
    pub fn preload(self) {
        for section in ALL {
            self.fetch(section);
        }
        self.fetch_lower();
    }

    fn fetch_lower(self) {
        let asked = self
            .lower_asked
            .try_update_value(|a| std::mem::replace(a, true));
        fill_once(asked, self.lower, load_lower);
    }

    fn fetch(self, section: Section) {
        let slot = section as usize;
        let asked = self
            .asked
            .try_update_value(|a| std::mem::replace(&mut a[slot], true));
        fill_once(asked, self.views[slot], move || load(section));
    }
}

/// Loads a view's code into `slot` when `asked` (the flag before it was set) says nobody asked
/// for it yet; `None` is an app already gone.
fn fill_once<V: Send + Sync + 'static, F: std::future::Future<Output = V> + 'static>(
    asked: Option<bool>,
    slot: RwSignal<Option<V>>,
    load: impl FnOnce() -> F,
) {
    // The loader runs only for the first ask, as it did inline: no split-point future is made
    // for a view already loaded or loading.
    if asked == Some(false) {
        let load = load();
        leptos::task::spawn_local(async move {
            let view = load.await;
            slot.set(Some(view));
        });
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
        Section::DealPanel => load_deal_panel().await,
        Section::LogDialog => load_log_dialog().await,
    }
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn load_lower() -> LowerView {
    lower as LowerView
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

#[cfg_attr(feature = "split", leptos::lazy)]
async fn load_deal_panel() -> SectionView {
    deal_panel as SectionView
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn load_log_dialog() -> SectionView {
    log_dialog as SectionView
}

fn deal_panel(s: Shell) -> AnyView {
    view! { <DealDetail ds=s.ds lang=s.lang detail=s.detail /> }.into_any()
}

fn log_dialog(s: Shell) -> AnyView {
    view! { <LogDialog ds=s.ds lang=s.lang /> }.into_any()
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
