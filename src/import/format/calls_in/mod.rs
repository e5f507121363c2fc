//! Importing call logs of phone systems: Asterisk, Issabel and FreePBX call-detail records
//! (CDR, with or without the header row Asterisk's `Master.csv` lacks) and the call exports of
//! cloud phone systems (date, from, to, direction, duration, status, agent).
//!
//! The steps reuse the deal import's table reading ([`TableReader`](super::csv_in::TableReader))
//! and date guessing: [`is_call_log`] tells a call log by its headers, [`CallsPlan::guess`] maps
//! the columns and the extensions or agents to owners, [`preview`] reads every row into a call
//! matched to a deal by its normalised number (see [`crate::phone`]), and
//! [`CallsPreview::to_dataset`] gives the activities (and the leads for unmatched numbers, if the
//! user wants them) to merge. An activity's id comes from the CDR's unique id, or from the
//! call's time, number and duration, so importing the same log again adds nothing.

use super::csv_in::{column_date_guess, Cells, DateFormat, Row, Table};
use crate::date::{Date, Timestamp};
use crate::model::*;
use std::collections::BTreeMap;

mod parse;
mod preview;

pub use preview::*;

/// What a column of a call log holds.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum CallColumn {
    /// When the call started (date and time, or the date when a time column follows).
    Start,
    /// The time of day, in a column of its own.
    Time,
    /// The calling number (CDR `src`, "from").
    Caller,
    /// The called number (CDR `dst`, "to").
    Callee,
    /// Caller id with a name (`"Sara" <0912…>`, CDR `clid`).
    CallerId,
    /// The calling channel (`SIP/101-0000002a`): names the extension when `src` does not.
    Channel,
    /// The called channel.
    DestinationChannel,
    /// Seconds from dialling to hang-up.
    Duration,
    /// Seconds of conversation (CDR `billsec`): the talk time.
    Talk,
    /// How the call ended (`ANSWERED`, `NO ANSWER`, `BUSY`, `FAILED`, "missed").
    Status,
    /// The phone system's id of the call (CDR `uniqueid`).
    UniqueId,
    /// Inbound or outbound.
    Direction,
    /// The rep (cloud exports).
    Agent,
}

impl CallColumn {
    /// Every column kind, in the order the mapping screen offers them.
    pub const ALL: [CallColumn; 13] = [
        CallColumn::Start,
        CallColumn::Time,
        CallColumn::Caller,
        CallColumn::Callee,
        CallColumn::CallerId,
        CallColumn::Channel,
        CallColumn::DestinationChannel,
        CallColumn::Duration,
        CallColumn::Talk,
        CallColumn::Status,
        CallColumn::UniqueId,
        CallColumn::Direction,
        CallColumn::Agent,
    ];

    /// A stable text key (the mapping screen's option values).
    pub fn key(self) -> String {
        format!("{self:?}")
    }
}

/// Header names of CDR tables and cloud exports, squashed (lower case, letters and digits).
const ALIASES: &[(CallColumn, &[&str])] = &[
    (
        CallColumn::Start,
        &[
            "calldate",
            "start",
            "starttime",
            "date",
            "datetime",
            "calltime",
            "callstart",
            "startedat",
            "تاریخ",
            "زمان",
            "تاریختماس",
            "زمانتماس",
        ],
    ),
    (CallColumn::Time, &["time", "ساعت"]),
    (
        CallColumn::Caller,
        &[
            "src",
            "from",
            "caller",
            "callernumber",
            "fromnumber",
            "callfrom",
            "source",
            "از",
            "مبدا",
            "شمارهمبدا",
            "تماسگیرنده",
        ],
    ),
    (
        CallColumn::Callee,
        &[
            "dst",
            "to",
            "destination",
            "callee",
            "tonumber",
            "callto",
            "dialednumber",
            "به",
            "مقصد",
            "شمارهمقصد",
        ],
    ),
    (CallColumn::CallerId, &["clid", "callerid", "callername"]),
    (CallColumn::Channel, &["channel"]),
    (CallColumn::DestinationChannel, &["dstchannel"]),
    (
        CallColumn::Duration,
        &["duration", "totalduration", "مدت", "مدتتماس"],
    ),
    (
        CallColumn::Talk,
        &[
            "billsec",
            "talktime",
            "billableseconds",
            "talkduration",
            "مدتمکالمه",
        ],
    ),
    (
        CallColumn::Status,
        &[
            "disposition",
            "status",
            "callstatus",
            "result",
            "outcome",
            "وضعیت",
            "نتیجه",
        ],
    ),
    (CallColumn::UniqueId, &["uniqueid", "callid", "id", "شناسه"]),
    (
        CallColumn::Direction,
        &["direction", "calltype", "type", "جهت", "نوعتماس"],
    ),
    (
        CallColumn::Agent,
        &[
            "agent",
            "agentname",
            "user",
            "username",
            "operator",
            "extension",
            "کارشناس",
            "اپراتور",
            "داخلی",
        ],
    ),
];

/// The columns of Asterisk's `Master.csv`, which has no header row (`cdr_csv`: the unique id
/// and user field when enabled, then the newer peer account, linked id and sequence).
pub const MASTER_CSV: [&str; 21] = [
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
    "peeraccount",
    "linkedid",
    "sequence",
];

fn squash(text: &str) -> String {
    crate::text::normalize_digits(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The column a header names, if any.
fn column_of(header: &str) -> Option<CallColumn> {
    let key = squash(header);
    ALIASES
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(c, _)| *c)
}

/// Each header's column; a kind is given to its first column only.
pub fn guess_columns(headers: &[String]) -> Vec<Option<CallColumn>> {
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|h| {
            let column = column_of(h).filter(|c| !taken.contains(c))?;
            taken.push(column);
            Some(column)
        })
        .collect()
}

/// Whether a table's header row is a call log's rather than a deal list's: a CDR's own names
/// (`billsec`, `disposition`, `dcontext`), or a caller, a callee and a duration or status.
pub fn is_call_log(headers: &[String]) -> bool {
    let keys: Vec<String> = headers.iter().map(|h| squash(h)).collect();
    let has = |k: &str| keys.iter().any(|x| x == k);
    if has("billsec") || has("disposition") || has("dcontext") {
        return true;
    }
    let columns = guess_columns(headers);
    let with = |c: CallColumn| columns.contains(&Some(c));
    with(CallColumn::Caller)
        && with(CallColumn::Callee)
        && (with(CallColumn::Duration) || with(CallColumn::Talk) || with(CallColumn::Status))
}

/// Whether the "header" read from a file is in fact the first record of a headerless
/// `Master.csv`: its start column reads as a date and time and its disposition is one
/// Asterisk writes.
pub fn is_headerless_master(headers: &[String]) -> bool {
    headers.len() >= 17
        && parse::date_time(&headers[9], DateFormat::Ymd).is_some()
        && parse::is_disposition(&headers[14])
}

/// A headerless `Master.csv` read as a table: the first record back among the rows (line 1)
/// and the column names Asterisk writes in that order.
pub fn with_master_headers(table: Table) -> Table {
    let first = Row {
        line: 1,
        cells: Cells::from(table.headers),
    };
    let width = first.cells.len();
    let headers = (0..width)
        .map(|i| {
            MASTER_CSV
                .get(i)
                .map_or_else(|| format!("column {}", i + 1), |h| (*h).to_string())
        })
        .collect();
    let mut rows = Vec::with_capacity(table.rows.len() + 1);
    rows.push(first);
    rows.extend(table.rows);
    Table { headers, rows }
}

/// What to do with calls to or from numbers no deal has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Unmatched {
    /// Leave them out of the import.
    #[default]
    LeaveOut,
    /// Create one lead per distinct number, with its calls.
    CreateLeads,
}

/// Everything the user decided for a call log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallsPlan {
    /// Per column: what it holds, or `None` to ignore it.
    pub columns: Vec<Option<CallColumn>>,
    /// How the start column writes its dates.
    pub date_format: DateFormat,
    /// Extension or agent name → the owner its calls get (`None`: no owner).
    pub owners: BTreeMap<String, Option<OwnerId>>,
    /// Calls of numbers no deal has.
    pub unmatched: Unmatched,
    /// The change time given to imported records.
    pub now: Timestamp,
    /// The import day: leads created from calls are first contacted no later.
    pub today: Date,
    /// The kind the calls get: an added kind based on Call ("WhatsApp call"), or `None` for
    /// Call itself (a kind not based on Call is ignored: a phone log holds calls).
    pub kind: Option<KindId>,
}

impl CallsPlan {
    /// Kariz's guesses for a call log: the columns from the headers, the date format from the
    /// values, and each extension or agent matched to the owner of the same name.
    pub fn guess(table: &Table, ds: &Dataset, today: Date, now: Timestamp) -> CallsPlan {
        let columns = guess_columns(&table.headers);
        let date_format = columns
            .iter()
            .position(|c| *c == Some(CallColumn::Start))
            .and_then(|i| column_date_guess(table, i).format)
            .unwrap_or(DateFormat::Ymd);
        let mut plan = CallsPlan {
            columns,
            date_format,
            owners: BTreeMap::new(),
            unmatched: Unmatched::LeaveOut,
            now,
            today,
            kind: None,
        };
        let names: Vec<(String, OwnerId)> = ds
            .owners
            .iter()
            .map(|o| (squash(&o.name), o.id.clone()))
            .collect();
        for (who, _) in preview(table, ds, &plan).people() {
            let key = squash(&who);
            let owner = names
                .iter()
                .find(|(name, _)| !key.is_empty() && *name == key)
                .map(|(_, id)| id.clone());
            plan.owners.insert(who, owner);
        }
        plan
    }

    /// The column holding `kind`, if one does.
    pub fn column(&self, kind: CallColumn) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(kind))
    }
}

/// What is wrong with a row of a call log.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CallProblem {
    /// No start column is mapped, or the row's is empty.
    #[error("no call time")]
    NoTime,
    /// The start is not a date and time in the column's format.
    #[error("not a date and time: {0}")]
    BadTime(String),
    /// A duration that is not seconds or h:mm:ss.
    #[error("not a duration: {0}")]
    BadDuration(String),
    /// Neither side of the call is a customer's number.
    #[error("no customer number: {0}")]
    NoNumber(String),
}

/// A row left out of a call import: its line, the column at fault and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallIssue {
    /// Line in the file.
    pub line: u64,
    /// Header of the column at fault.
    pub column: String,
    /// What is wrong.
    pub problem: CallProblem,
}

#[cfg(test)]
mod tests;
