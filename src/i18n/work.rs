//! Words of the rep's daily work: activity kinds and directions, the notices of logging, and
//! the problems of the log dialog.

use super::{fmt_int, plural, t, tf, Key, Language};
use crate::domain::command::Notice;
use crate::domain::model::{Activity, ActivityKind, ActivityKindDef, Dataset, Direction};
use crate::domain::ops::{ActivityProblem, MAX_SECONDS, MAX_TEXT};

/// The name of an activity kind.
pub fn kind_name(lang: Language, kind: ActivityKind) -> &'static str {
    t(
        lang,
        match kind {
            ActivityKind::Call => Key::KindCall,
            ActivityKind::Email => Key::KindEmail,
            ActivityKind::Meeting => Key::KindMeeting,
            ActivityKind::Message => Key::KindMessage,
            ActivityKind::Note => Key::KindNote,
        },
    )
}

/// The name of a kind in the team's list: its own name, or a built-in's in `lang`.
pub fn kind_label(lang: Language, def: &ActivityKindDef) -> String {
    if def.name.is_empty() {
        kind_name(lang, def.base).to_string()
    } else {
        def.name.clone()
    }
}

/// The name of an activity's kind in the team's list (a kind removed since: its base's name).
pub fn activity_kind_label(lang: Language, ds: &Dataset, a: &Activity) -> String {
    ds.kind_def(a.team_kind()).map_or_else(
        || kind_name(lang, a.kind).to_string(),
        |def| kind_label(lang, def),
    )
}

/// The name of a call direction.
pub fn direction_name(lang: Language, direction: Direction) -> &'static str {
    t(
        lang,
        match direction {
            Direction::Outbound => Key::DirOutbound,
            Direction::Inbound => Key::DirInbound,
        },
    )
}

/// The message for a problem of the log dialog; `outcomes` is how many outcomes the keys pick.
pub fn activity_problem(lang: Language, problem: &ActivityProblem, outcomes: usize) -> String {
    match problem {
        ActivityProblem::Required if outcomes > 0 => tf(
            lang,
            Key::ActErrOutcome,
            &[("n", &fmt_int(lang, outcomes as i64))],
        ),
        ActivityProblem::Required => t(lang, Key::ActErrRequired).to_string(),
        ActivityProblem::Unknown => t(lang, Key::ActErrUnknown).to_string(),
        ActivityProblem::BadDuration => t(lang, Key::ActErrDuration).to_string(),
        ActivityProblem::TooLong => tf(
            lang,
            Key::ActErrTooLong,
            &[("n", &fmt_int(lang, i64::from(MAX_SECONDS / 3600)))],
        ),
        ActivityProblem::TooMuchText => tf(
            lang,
            Key::ActErrTooMuchText,
            &[("n", &fmt_int(lang, MAX_TEXT as i64))],
        ),
        ActivityProblem::BadDate => t(lang, Key::ErrDateFormat).to_string(),
        ActivityProblem::Future => t(lang, Key::ActErrFuture).to_string(),
    }
}

/// The notice of an activity or next-step command; `None` for the other commands.
pub(super) fn work_notice(lang: Language, notice: &Notice) -> Option<String> {
    let n = |count: &usize| fmt_int(lang, *count as i64);
    Some(match notice {
        Notice::ActivityLogged { kind, deal, step } => {
            let kind = kind_name(lang, *kind);
            match (deal.is_empty(), step) {
                (true, _) => tf(lang, Key::ActivityLogged, &[("kind", kind)]),
                (false, false) => tf(
                    lang,
                    Key::ActivityLoggedFor,
                    &[("kind", kind), ("deal", &super::isolate(deal))],
                ),
                (false, true) => tf(
                    lang,
                    Key::ActivityLoggedStep,
                    &[("kind", kind), ("deal", &super::isolate(deal))],
                ),
            }
        }
        Notice::ActivitySaved => t(lang, Key::ActivitySaved).to_string(),
        Notice::ActivitiesDeleted { n: count } => plural(
            lang,
            *count as u64,
            Key::ActivityDeleted,
            Key::ActivitiesDeleted,
            &[("n", &n(count))],
        ),
        Notice::ActivitiesRestored { n: count } => {
            tf(lang, Key::ActivitiesRestored, &[("n", &n(count))])
        }
        Notice::StepSet { deal } => tf(lang, Key::StepSetFor, &[("deal", &super::isolate(deal))]),
        Notice::StepDone { deal, next } => tf(
            lang,
            if *next {
                Key::StepDoneNext
            } else {
                Key::StepDoneFor
            },
            &[("deal", &super::isolate(deal))],
        ),
        _ => return None,
    })
}
