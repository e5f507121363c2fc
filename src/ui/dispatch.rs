//! The one door through which the UI changes data (see [`Dispatch`]).
//!
//! In its own module so that the dataset's write half stays private to it: a component cannot
//! reach past [`Dispatch::run`] to write the dataset.

use super::clock;
use crate::domain::command::{Clock, Command, CommandError};
use crate::domain::Dataset;
use leptos::prelude::*;

/// The one way the UI changes data: a [`Command`] goes in, its notice (with its undo) comes out.
///
/// The dataset's write half is private here, so no component can change data any other way;
/// the persistence effect saves whatever a command changed.
#[derive(Clone, Copy)]
pub(crate) struct Dispatch {
    set: WriteSignal<Dataset>,
    notify: WriteSignal<Option<Notice>>,
}

/// A short message announced in a live region, optionally with an undo.
///
/// It keeps what happened rather than text, so switching language re-translates it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Notice {
    /// The message.
    pub message: Message,
    /// The command that takes the change back.
    pub undo: Option<Command>,
}

/// What a notice says.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Message {
    /// A command's outcome, worded by [`crate::i18n::notice`].
    Done(crate::domain::command::Notice),
    /// A sentence of the interface with its placeholders' values.
    Said(crate::i18n::Key, Vec<(&'static str, String)>),
}

impl Dispatch {
    /// The dispatcher over the app's dataset signal.
    pub(crate) fn new(set: WriteSignal<Dataset>, notify: WriteSignal<Option<Notice>>) -> Self {
        Dispatch { set, notify }
    }

    /// Applies a command as of now; subscribers (and the save) only see successful ones, and its
    /// notice is announced with its undo.
    pub fn run(&self, command: Command) -> Result<(), CommandError> {
        let clock = Clock {
            today: clock::today(),
            minute: clock::local_minute(),
            now: clock::now(),
        };
        let result = self
            .set
            .try_maybe_update(|ds| {
                let result = ds.apply(command, clock);
                (result.is_ok(), result)
            })
            .unwrap_or(Err(CommandError::Gone))?;
        if let Some(notice) = result.notice {
            self.notify.set(Some(Notice {
                message: Message::Done(notice),
                undo: result.undo,
            }));
        }
        Ok(())
    }

    /// Announces a message.
    pub fn say(&self, key: crate::i18n::Key, args: Vec<(&'static str, String)>) {
        self.notify.set(Some(Notice {
            message: Message::Said(key, args),
            undo: None,
        }));
    }

    /// Takes the notice away (its undo was used or it is no longer true).
    pub fn hush(&self) {
        self.notify.set(None);
    }
}

/// The dispatcher from context.
pub(crate) fn dispatch() -> Dispatch {
    expect_context::<Dispatch>()
}
