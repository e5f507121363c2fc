//! Settings: stages (rename, reorder, add, remove or merge), sources and owners, call outcomes,
//! display currency, qualified stage, lost reasons, sample data and clearing everything.

mod data;
mod general;
mod kinds;
mod outcomes;
mod roster;
mod stages;

use crate::domain::setup::Roster;
use crate::domain::{Dataset, Language};
use data::DataSection;
use general::General;
use kinds::KindsEditor;
use leptos::prelude::*;
use outcomes::OutcomesEditor;
use roster::RosterEditor;
use stages::Stages;

/// The settings page.
#[component]
pub(crate) fn SettingsPanel(ds: ReadSignal<Dataset>, lang: Memo<Language>) -> impl IntoView {
    view! {
        <General ds=ds lang=lang />
        <Stages ds=ds lang=lang />
        <RosterEditor ds=ds lang=lang roster=Roster::Sources />
        <RosterEditor ds=ds lang=lang roster=Roster::Owners />
        <RosterEditor ds=ds lang=lang roster=Roster::Types />
        <OutcomesEditor ds=ds lang=lang />
        <KindsEditor ds=ds lang=lang />
        <super::exchange::Exchange ds=ds lang=lang />
        <DataSection ds=ds lang=lang />
    }
}
