//! Sentences for typed problems (form fields, stage moves, set-up, loading, saving, CSV rows)
//! and names of CSV fields and date formats.
//!
//! The domain's errors are typed values, not sentences, so each is worded here in the user's
//! language.

use super::strings::plural;
use super::{fmt_date, fmt_int, localize_digits, t, tf, Key, Language};
use crate::domain::command::Notice;
use crate::domain::date::DateError;
use crate::domain::format::calls_in::{CallColumn, CallProblem};
use crate::domain::format::csv_in::{CsvError, DateFormat, Field, RowProblem};
use crate::domain::format::schema::{LoadError, RecordProblem};
use crate::domain::model::Stage;
use crate::domain::money::MoneyError;
use crate::domain::ops::{FieldProblem, HistoryProblem, MoveError};
use crate::domain::setup::SetupError;

/// The message for a form-field problem.
pub fn field_problem(lang: Language, problem: &FieldProblem) -> String {
    match problem {
        FieldProblem::Required => t(lang, Key::ErrRequired).to_string(),
        FieldProblem::Date(DateError::Format(_)) => t(lang, Key::ErrDateFormat).to_string(),
        FieldProblem::Date(DateError::OutOfRange(_)) => t(lang, Key::ErrDateRange).to_string(),
        FieldProblem::Money(e) => money_problem(lang, e),
        FieldProblem::CloseBeforeFirstContact => t(lang, Key::ErrCloseBeforeFirst).to_string(),
        FieldProblem::FirstContactAfterHistory(d) => tf(
            lang,
            Key::ErrFirstAfterHistory,
            &[("date", &fmt_date(lang, *d))],
        ),
        FieldProblem::InFuture => t(lang, Key::ErrInFuture).to_string(),
        FieldProblem::BadPhone => t(lang, Key::ErrBadPhone).to_string(),
        FieldProblem::BadEmail => t(lang, Key::ErrBadEmail).to_string(),
    }
}

/// The message for an amount or count that could not be read.
pub fn money_problem(lang: Language, problem: &MoneyError) -> String {
    match problem {
        MoneyError::Currency(_) => t(lang, Key::ErrCurrency).to_string(),
        MoneyError::NotANumber(_) => t(lang, Key::ErrNumber).to_string(),
        MoneyError::Negative => t(lang, Key::ErrNegative).to_string(),
        MoneyError::TooManyDecimals { currency, digits } => tf(
            lang,
            Key::ErrDecimals,
            &[
                ("currency", currency.code()),
                ("digits", &localize_digits(lang, &digits.to_string())),
            ],
        ),
        MoneyError::TooLarge => t(lang, Key::ErrTooLarge).to_string(),
    }
}

/// The message for a refused stage move.
pub fn move_problem(lang: Language, problem: &MoveError) -> String {
    match problem {
        MoveError::NoSuchDeal => t(lang, Key::ErrNoSuchDeal).to_string(),
        MoveError::Closed => t(lang, Key::ErrClosed).to_string(),
        MoveError::NotClosed => t(lang, Key::ErrNotClosed).to_string(),
        MoveError::AtFirstStage => t(lang, Key::ErrAtFirst).to_string(),
        MoveError::MissingStage(_) => t(lang, Key::ErrMissingStage).to_string(),
        MoveError::BeforeLastEvent(d) => {
            tf(lang, Key::ErrBeforeLast, &[("date", &fmt_date(lang, *d))])
        }
        MoveError::BeforeFirstContact(d) => {
            tf(lang, Key::ErrBeforeFirst, &[("date", &fmt_date(lang, *d))])
        }
        MoveError::InFuture => t(lang, Key::ErrInFuture).to_string(),
        MoveError::ReasonRequired => t(lang, Key::ErrReasonRequired).to_string(),
        MoveError::NoSuchStage => t(lang, Key::ErrNoSuchStage).to_string(),
        MoveError::SameStage => t(lang, Key::ErrSameStage).to_string(),
    }
}

/// The message for one refused event of an edited stage history.
pub fn history_problem(lang: Language, problem: &HistoryProblem) -> String {
    match problem {
        HistoryProblem::NoSuchDeal => t(lang, Key::ErrNoSuchDeal).to_string(),
        HistoryProblem::Empty => t(lang, Key::ErrHistoryEmpty).to_string(),
        HistoryProblem::UnknownStage => t(lang, Key::ErrUnknownStage).to_string(),
        HistoryProblem::InFuture => t(lang, Key::ErrInFuture).to_string(),
        HistoryProblem::BeforeFirstContact(d) => {
            tf(lang, Key::ErrBeforeFirst, &[("date", &fmt_date(lang, *d))])
        }
        HistoryProblem::OutOfOrder(d) => {
            tf(lang, Key::ErrOutOfOrder, &[("date", &fmt_date(lang, *d))])
        }
        HistoryProblem::Repeated => t(lang, Key::ErrRepeated).to_string(),
        HistoryProblem::ClosedTwice => t(lang, Key::ErrClosedTwice).to_string(),
        HistoryProblem::ReasonRequired => t(lang, Key::ErrReasonRequired).to_string(),
    }
}

/// The message for a refused change to stages, sources or owners.
pub fn setup_problem(lang: Language, problem: &SetupError) -> String {
    match problem {
        SetupError::NameRequired => t(lang, Key::ErrNameRequired).to_string(),
        SetupError::NameTaken => t(lang, Key::ErrNameTaken).to_string(),
        SetupError::NotFound => t(lang, Key::ErrNotFound).to_string(),
        SetupError::InUse(n) => tf(lang, Key::ErrInUse, &[("n", &fmt_int(lang, *n as i64))]),
        SetupError::LastOfKind(_) => t(lang, Key::ErrLastOfKind).to_string(),
        SetupError::Qualified => t(lang, Key::ErrQualified).to_string(),
        SetupError::KindMismatch => t(lang, Key::ErrKindMismatch).to_string(),
        SetupError::SameTarget => t(lang, Key::ErrSameTarget).to_string(),
        SetupError::BehaviourMismatch => t(lang, Key::ErrBehaviourMismatch).to_string(),
        SetupError::Builtin => t(lang, Key::ErrBuiltinKind).to_string(),
        SetupError::Probability => t(lang, Key::ErrProbability).to_string(),
    }
}

/// Why a file or stored data could not be read, in the user's language (with the technical
/// detail where there is one).
pub fn load_problem(lang: Language, problem: &LoadError) -> String {
    match problem {
        LoadError::NotJson(detail) => tf(lang, Key::ErrNotJson, &[("detail", detail)]),
        LoadError::NotKariz => t(lang, Key::ErrNotKariz).to_string(),
        LoadError::TooNew { found, supported } => tf(
            lang,
            Key::ErrTooNewFile,
            &[
                ("found", &localize_digits(lang, &found.to_string())),
                ("supported", &localize_digits(lang, &supported.to_string())),
            ],
        ),
        LoadError::BadVersion(v) => tf(lang, Key::ErrBadVersion, &[("version", v)]),
        LoadError::TooLarge { size, limit } => tf(
            lang,
            Key::ErrFileTooLarge,
            &[
                ("size", &megabytes(lang, *size)),
                ("limit", &megabytes(lang, *limit)),
            ],
        ),
        LoadError::Invalid(detail) => tf(lang, Key::ErrInvalidRecords, &[("detail", detail)]),
    }
}

/// Why saving failed, as a sentence (the browser's own message kept as the detail).
pub fn storage_problem(lang: Language, problem: &crate::domain::sync::StorageError) -> String {
    use crate::domain::sync::StorageError;
    match problem {
        StorageError::Unavailable => t(lang, Key::StorageGone).to_string(),
        StorageError::Unreadable(e) => load_problem(lang, e),
        StorageError::Write(detail) => tf(lang, Key::StorageWriteFailed, &[("detail", detail)]),
        StorageError::Revision(detail) => {
            tf(lang, Key::StorageRevisionFailed, &[("detail", detail)])
        }
        StorageError::Encode(e) => tf(
            lang,
            Key::StorageEncodeFailed,
            &[("detail", &e.to_string())],
        ),
    }
}

/// Name of a CSV mapping field; a stage date is named by its stage in `stages`.
pub fn field_name(lang: Language, field: &Field, stages: &[Stage]) -> String {
    if let Field::Entered(id) = field {
        let name = stages
            .iter()
            .find(|s| s.id == *id)
            .map_or(id.as_str(), |s| s.name.as_str());
        return tf(lang, Key::CsvEnteredStage, &[("stage", name)]);
    }
    t(
        lang,
        match field {
            Field::Id => Key::FieldId,
            Field::Title => Key::FieldTitle,
            Field::Company => Key::FieldCompany,
            Field::Contact => Key::FieldContact,
            Field::Phone => Key::FieldPhone,
            Field::Email => Key::FieldEmail,
            Field::Stage => Key::ColStage,
            Field::Status => Key::FieldStatus,
            Field::Value => Key::FieldValue,
            Field::Currency => Key::FieldCurrency,
            Field::Created => Key::FieldCreated,
            Field::ExpectedClose => Key::FieldExpectedClose,
            Field::Closed => Key::FieldClosed,
            Field::Owner => Key::FieldOwner,
            Field::Source => Key::FieldSource,
            Field::Type => Key::FieldType,
            Field::LostReason => Key::LostReason,
            Field::Notes => Key::FieldNotes,
            Field::Entered(_) => Key::CsvEnteredStage,
        },
    )
    .to_string()
}

/// Name of a date format, with an example.
pub fn date_format_name(lang: Language, format: DateFormat) -> &'static str {
    t(
        lang,
        match format {
            DateFormat::Ymd => Key::FormatYmd,
            DateFormat::Mdy => Key::FormatMdy,
            DateFormat::Dmy => Key::FormatDmy,
            DateFormat::JalaliYmd => Key::FormatJalali,
        },
    )
}

/// Why a CSV row is left out.
pub fn row_problem(lang: Language, problem: &RowProblem) -> String {
    let with = |key, value: &str| tf(lang, key, &[("value", value)]);
    match problem {
        RowProblem::NoTitle => t(lang, Key::RowNoTitle).to_string(),
        RowProblem::BadDate(v) => with(Key::RowBadDate, v),
        RowProblem::FutureDate(v) => with(Key::RowFutureDate, v),
        RowProblem::BadAmount(v) => with(Key::RowBadAmount, v),
        RowProblem::BadCurrency(v) => with(Key::RowBadCurrency, v),
        RowProblem::NoCloseDate => t(lang, Key::RowNoCloseDate).to_string(),
        RowProblem::NoCreatedDate => t(lang, Key::RowNoCreatedDate).to_string(),
        RowProblem::ClosedBeforeCreated => t(lang, Key::RowClosedBeforeCreated).to_string(),
        RowProblem::StageLeftOut(v) => with(Key::RowStageLeftOut, v),
        RowProblem::StageDateOutOfOrder(v) => with(Key::RowStageDateOrder, v),
        RowProblem::StageDateConflict(v) => with(Key::RowStageDateConflict, v),
    }
}

/// Bytes as megabytes with one decimal, e.g. "21.0".
fn megabytes(lang: Language, bytes: u64) -> String {
    localize_digits(lang, &format!("{:.1}", bytes as f64 / 1_048_576.0))
}

/// Why a CSV file cannot be read.
pub fn csv_problem(lang: Language, problem: &CsvError) -> String {
    match problem {
        CsvError::TooLarge { size, limit } => tf(
            lang,
            Key::CsvTooLarge,
            &[
                ("size", &megabytes(lang, *size)),
                ("limit", &megabytes(lang, *limit)),
            ],
        ),
        CsvError::TooManyRows { limit } => tf(
            lang,
            Key::CsvTooManyRows,
            &[("limit", &fmt_int(lang, *limit as i64))],
        ),
        CsvError::NoHeader => t(lang, Key::CsvNoHeader).to_string(),
        CsvError::NoRows => t(lang, Key::CsvNoRows).to_string(),
        CsvError::Unreadable => t(lang, Key::CsvUnreadable).to_string(),
        CsvError::Sheet(problem) => {
            use crate::domain::format::sheet::SheetError;
            match problem {
                SheetError::Unreadable(detail) => {
                    tf(lang, Key::SheetUnreadable, &[("detail", detail)])
                }
                SheetError::NoSheets => t(lang, Key::SheetNoSheets).to_string(),
                SheetError::NoSuchSheet(name) => tf(lang, Key::SheetMissing, &[("sheet", name)]),
                SheetError::Reader(detail) => tf(lang, Key::SheetReader, &[("detail", detail)]),
            }
        }
        CsvError::Malformed { line, message } => tf(
            lang,
            Key::CsvMalformed,
            &[("line", &fmt_int(lang, *line as i64)), ("detail", message)],
        ),
    }
}

/// Why a record of an imported Kariz file is left out.
pub fn record_problem(lang: Language, problem: &RecordProblem) -> String {
    match problem {
        RecordProblem::Unreadable(detail) => tf(lang, Key::RecUnreadable, &[("detail", detail)]),
        RecordProblem::NoEvents => t(lang, Key::RecNoEvents).to_string(),
        RecordProblem::UnknownStage(stage) => tf(lang, Key::RecUnknownStage, &[("stage", stage)]),
        RecordProblem::OutOfOrder => t(lang, Key::RecOutOfOrder).to_string(),
    }
}

/// The sentence for what a command did.
pub fn notice(lang: Language, notice: &Notice) -> String {
    let n = |count: &usize| fmt_int(lang, *count as i64);
    match notice {
        Notice::DealAdded => t(lang, Key::DealAdded).to_string(),
        Notice::DealSaved => t(lang, Key::DealSaved).to_string(),
        Notice::MovedTo { deal, stage } => {
            tf(lang, Key::MovedTo, &[("deal", deal), ("stage", stage)])
        }
        Notice::MarkedLost { n: count } => plural(
            lang,
            *count as u64,
            Key::MarkedLostOne,
            Key::MarkedLost,
            &[("n", &n(count))],
        ),
        Notice::HistorySaved => t(lang, Key::HistorySaved).to_string(),
        Notice::OwnerChanged { n: count } => plural(
            lang,
            *count as u64,
            Key::OwnerChangedOne,
            Key::OwnerChanged,
            &[("n", &n(count))],
        ),
        Notice::DealsDeleted { n: count } => plural(
            lang,
            *count as u64,
            Key::DealDeleted,
            Key::DealsDeleted,
            &[("n", &n(count))],
        ),
        Notice::DealsMerged { deal } => tf(lang, Key::DealsMerged, &[("deal", deal)]),
        Notice::GoalSaved => t(lang, Key::GoalSaved).to_string(),
        Notice::GoalDeleted => t(lang, Key::GoalDeleted).to_string(),
        Notice::TrafficSaved => t(lang, Key::TrafficSaved).to_string(),
        Notice::SettingsSaved => t(lang, Key::SettingsSaved).to_string(),
        Notice::SampleLoaded => t(lang, Key::SampleLoaded).to_string(),
        Notice::DataCleared => t(lang, Key::DataCleared).to_string(),
        Notice::FilesMerged {
            n: count,
            duplicates,
        } => {
            let merged = plural(
                lang,
                *count as u64,
                Key::ImportedOne,
                Key::Imported,
                &[("n", &n(count))],
            );
            if *duplicates == 0 {
                merged
            } else {
                let dups = plural(
                    lang,
                    *duplicates as u64,
                    Key::DupAfterMergeOne,
                    Key::DupAfterMerge,
                    &[("n", &n(duplicates))],
                );
                format!("{merged} {dups}")
            }
        }
        Notice::CsvImported { n: count, file } => plural(
            lang,
            *count as u64,
            Key::CsvImportedOne,
            Key::CsvImported,
            &[("n", &n(count)), ("file", file)],
        ),
        Notice::CallsImported { calls, leads, file } => tf(
            lang,
            Key::CallsImported,
            &[("calls", &n(calls)), ("leads", &n(leads)), ("file", file)],
        ),
        Notice::Replaced { file } => tf(lang, Key::Replaced, &[("file", file)]),
        Notice::Undone => t(lang, Key::Undone).to_string(),
        Notice::Repaired => t(lang, Key::Repaired).to_string(),
        Notice::ViewSaved { name } => tf(lang, Key::ViewSaved, &[("name", name)]),
        Notice::ViewDeleted { name } => tf(lang, Key::ViewDeleted, &[("name", name)]),
        work => super::work::work_notice(lang, work).unwrap_or_default(),
    }
}

/// The name of a call log column kind, in the mapping table.
pub fn call_column_name(lang: Language, column: CallColumn) -> &'static str {
    t(
        lang,
        match column {
            CallColumn::Start => Key::CallStart,
            CallColumn::Time => Key::CallTime,
            CallColumn::Caller => Key::CallCaller,
            CallColumn::Callee => Key::CallCallee,
            CallColumn::CallerId => Key::CallCallerId,
            CallColumn::Channel => Key::CallChannel,
            CallColumn::DestinationChannel => Key::CallDstChannel,
            CallColumn::Duration => Key::CallDuration,
            CallColumn::Talk => Key::CallTalk,
            CallColumn::Status => Key::CallStatus,
            CallColumn::UniqueId => Key::CallUniqueId,
            CallColumn::Direction => Key::CallDirection,
            CallColumn::Agent => Key::CallAgent,
        },
    )
}

/// Why a row of a call log was left out.
pub fn call_problem(lang: Language, problem: &CallProblem) -> String {
    match problem {
        CallProblem::NoTime => t(lang, Key::CallNoTime).to_string(),
        CallProblem::BadTime(text) => tf(lang, Key::CallBadTime, &[("text", text)]),
        CallProblem::BadDuration(text) => tf(lang, Key::CallBadDuration, &[("text", text)]),
        CallProblem::NoNumber(text) => tf(lang, Key::CallNoNumber, &[("text", text)]),
    }
}

/// Why two deals look like one lead, as a short phrase.
pub fn dup_reason(lang: Language, reason: crate::domain::duplicates::DupReason) -> &'static str {
    use crate::domain::duplicates::DupReason;
    t(
        lang,
        match reason {
            DupReason::Phone => Key::DupPhone,
            DupReason::Email => Key::DupEmail,
            DupReason::TitleCompany => Key::DupTitleCompany,
        },
    )
}
