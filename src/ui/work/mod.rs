//! The rep's daily work: the log dialog (one for the whole app, opened from the board card, the
//! deal list row, the deal panel and the Today list), the deal's timeline, the Today view and
//! the activity list.

mod activities;
mod log_dialog;
mod timeline;
mod today;

pub(crate) use log_dialog::LogDialog;
pub(crate) use timeline::Timeline;
pub(crate) use today::TodayView;

use crate::domain::{ActivityId, DealId};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the log dialog is asked to do.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum LogMode {
    /// Log a call (or other activity), optionally with the next step.
    Log,
    /// Mark the deal's next step done, optionally logging what was done and setting the next.
    Complete,
    /// Set the deal's next step only.
    Step,
    /// Edit a logged activity.
    Edit(ActivityId),
}

/// The log dialog's request: the deal and what to do.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LogRequest {
    /// The deal (none for an activity about no deal, when editing one).
    pub deal: Option<DealId>,
    /// What to do.
    pub mode: LogMode,
}

/// The app's one log dialog, shared through context: setting it opens the dialog.
#[derive(Clone, Copy)]
pub(crate) struct LogCall(pub RwSignal<Option<LogRequest>>);

impl LogCall {
    /// Opens the dialog for a deal.
    pub(crate) fn open(self, deal: DealId, mode: LogMode) {
        self.0.set(Some(LogRequest {
            deal: Some(deal),
            mode,
        }));
    }
}

/// The log dialog's handle from context (the App provides it).
pub(crate) fn log_call() -> LogCall {
    expect_context::<LogCall>()
}

/// The single-key shortcut of a row or card: `c` (log a call) or `d` (next step done), by
/// physical key so a Persian keyboard layout works too; none while typing in a field or with
/// a modifier held.
pub(crate) fn shortcut(ev: &leptos::ev::KeyboardEvent) -> Option<char> {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.repeat() {
        return None;
    }
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let typing = match target.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => !matches!(
            target.get_attribute("type").as_deref(),
            Some("checkbox" | "radio" | "button")
        ),
        _ => false,
    };
    if typing {
        return None;
    }
    match ev.code().as_str() {
        "KeyC" => Some('c'),
        "KeyD" => Some('d'),
        _ => None,
    }
}
