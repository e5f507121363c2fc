//! One row of a call log to one call: time, sides, direction, talk time and outcome.

use super::*;
use crate::format::csv_in::parse_date;
use crate::phone::{is_extension, normalize_phone};
use crate::text::normalize_digits;

/// A call read from a row, before it is matched to a deal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    /// Line in the file.
    pub line: u64,
    /// The phone system's id of the call, if the log has one.
    pub unique_id: Option<String>,
    /// When it started.
    pub at: DateTime,
    /// The customer's number as the log writes it.
    pub number: String,
    /// The same number normalised (the matching key).
    pub key: String,
    /// Which way it went.
    pub direction: Direction,
    /// Seconds from dialling to hang-up.
    pub duration: u32,
    /// Seconds of conversation.
    pub talk: u32,
    /// How it ended, by the phone system's word, normalised ("answered", "no-answer", …).
    pub status: Status,
    /// The extension or agent that made or took it ("" when the log does not say).
    pub who: String,
    /// The caller's name from the caller id, if any.
    pub name: String,
}

/// How a call ended, in the phone systems' common words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Answered: a conversation took place.
    Answered,
    /// Rang out or missed.
    NoAnswer,
    /// The other side was busy.
    Busy,
    /// The call failed or met congestion (no working line, a wrong number).
    Failed,
    /// Reached a voicemail box.
    Voicemail,
    /// The log does not say: answered when there was talk time.
    Unknown,
}

/// A row's result: a call, an internal call (two extensions, not a customer's), or a problem.
pub(super) enum Parsed {
    Call(Call),
    Internal,
}

/// Asterisk's dispositions and the cloud exports' words for them, squashed.
fn status_of(text: &str) -> Status {
    match super::squash(text).as_str() {
        "answered"
        | "answer"
        | "connected"
        | "completed"
        | "success"
        | "پاسخداده"
        | "پاسخدادهشد"
        | "پاسخداد"
        | "موفق" => Status::Answered,
        "noanswer" | "missed" | "unanswered" | "notanswered" | "cancel" | "cancelled"
        | "canceled" | "بیپاسخ" | "پاسخنداد" | "ازدسترفته" => {
            Status::NoAnswer
        }
        "busy" | "مشغول" => Status::Busy,
        "failed" | "congestion" | "chanunavail" | "ناموفق" => Status::Failed,
        "voicemail" | "پیغامگیر" => Status::Voicemail,
        _ => Status::Unknown,
    }
}

/// Whether `text` is a disposition Asterisk writes.
pub(super) fn is_disposition(text: &str) -> bool {
    matches!(
        text.trim(),
        "ANSWERED" | "NO ANSWER" | "BUSY" | "FAILED" | "CONGESTION"
    )
}

/// The minute of the day in a text's `h:mm` or `h:mm:ss` part, if it has one.
fn minute_of(text: &str) -> Option<u16> {
    let text = normalize_digits(text);
    let token = text
        .split(|c: char| c.is_whitespace() || c == 'T')
        .find(|t| t.contains(':'))?;
    let mut parts = token.split(':');
    let h: u16 = parts.next()?.trim().parse().ok()?;
    let m: u16 = parts.next()?.get(..2)?.parse().ok()?;
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// A date and time as call logs write it (`2025-05-04 09:15:02`, `۱۴۰۴/۰۲/۱۴ ۰۹:۱۵`); a
/// date without a time is midnight.
pub(super) fn date_time(text: &str, format: DateFormat) -> Option<DateTime> {
    let text = normalize_digits(text.trim());
    let date = parse_date(&text, format)?;
    Some(DateTime::new(date, minute_of(&text).unwrap_or(0)))
}

/// Seconds from `125`, `125.0`, `2:05` or `0:02:05`.
fn seconds_of(text: &str) -> Option<u32> {
    let text = normalize_digits(text.trim());
    if text.is_empty() {
        return Some(0);
    }
    if text.contains(':') {
        return text.split(':').try_fold(0u32, |total, part| {
            let n: u32 = part.trim().parse().ok()?;
            total.checked_mul(60)?.checked_add(n)
        });
    }
    let whole = text.split(['.', ',']).next()?;
    whole.parse().ok()
}

/// The extension in a channel name: `SIP/101-0000002a`, `PJSIP/101-…`, `Local/101@from-queue`.
fn channel_extension(channel: &str) -> Option<String> {
    let rest = channel.split_once('/')?.1;
    let ext = rest.split(['-', '@', ';', ',']).next()?;
    is_extension(ext).then(|| normalize_digits(ext))
}

/// `"Sara Ahmadi" <09121234567>` → `Sara Ahmadi`; a bare number has no name.
fn caller_name(clid: &str) -> String {
    let name = match clid.split_once('<') {
        Some((name, _)) => name,
        None => clid,
    };
    let name = name.trim().trim_matches('"').trim();
    if normalize_phone(name).is_some() || is_extension(name) {
        String::new()
    } else {
        name.to_string()
    }
}

/// Inbound, outbound or internal from a direction column's word.
fn direction_word(text: &str) -> Option<Option<Direction>> {
    match super::squash(text).as_str() {
        "inbound" | "incoming" | "in" | "received" | "ورودی" | "دریافتی" => {
            Some(Some(Direction::Inbound))
        }
        "outbound" | "outgoing" | "out" | "dialed" | "dialled" | "خروجی" | "ارسالی" => {
            Some(Some(Direction::Outbound))
        }
        "internal" | "local" | "داخلی" => Some(None),
        _ => None,
    }
}

/// A row read under a plan.
pub(super) struct RowReader<'a> {
    plan: &'a CallsPlan,
    headers: &'a [String],
}

impl<'a> RowReader<'a> {
    pub(super) fn new(plan: &'a CallsPlan, headers: &'a [String]) -> RowReader<'a> {
        RowReader { plan, headers }
    }

    fn cell<'r>(&self, row: &'r Row, kind: CallColumn) -> &'r str {
        self.plan
            .column(kind)
            .and_then(|i| row.cells.get(i))
            .map_or("", |c| c.trim())
    }

    fn header(&self, kind: CallColumn) -> String {
        self.plan
            .column(kind)
            .and_then(|i| self.headers.get(i))
            .cloned()
            .unwrap_or_default()
    }

    fn issue(&self, row: &Row, kind: CallColumn, problem: CallProblem) -> CallIssue {
        CallIssue {
            line: row.line,
            column: self.header(kind),
            problem,
        }
    }

    /// The customer's side, the team's side (extension or agent) and the direction.
    fn sides(&self, row: &Row) -> Option<(String, String, Direction)> {
        let caller = self.cell(row, CallColumn::Caller);
        let callee = self.cell(row, CallColumn::Callee);
        let agent = self.cell(row, CallColumn::Agent);
        let ours = |ext: &str| {
            if agent.is_empty() {
                normalize_digits(ext)
            } else {
                agent.to_string()
            }
        };
        if let Some(word) = direction_word(self.cell(row, CallColumn::Direction)) {
            let direction = word?;
            return Some(match direction {
                Direction::Inbound => (caller.to_string(), ours(callee), direction),
                Direction::Outbound => (callee.to_string(), ours(caller), direction),
            });
        }
        match (is_extension(caller), is_extension(callee)) {
            (true, true) => None,
            (true, false) => Some((callee.to_string(), ours(caller), Direction::Outbound)),
            (false, true) => Some((caller.to_string(), ours(callee), Direction::Inbound)),
            (false, false) => {
                // A trunk call whose extension shows only in the channels: the side that
                // rang from an extension's channel dialled out.
                let from = channel_extension(self.cell(row, CallColumn::Channel));
                let to = channel_extension(self.cell(row, CallColumn::DestinationChannel));
                Some(match (from, to) {
                    (Some(ext), _) => (callee.to_string(), ours(&ext), Direction::Outbound),
                    (None, Some(ext)) => (caller.to_string(), ours(&ext), Direction::Inbound),
                    (None, None) => (caller.to_string(), ours(""), Direction::Inbound),
                })
            }
        }
    }

    /// Reads one row.
    pub(super) fn read(&self, row: &Row) -> Result<Parsed, CallIssue> {
        let start = self.cell(row, CallColumn::Start);
        if start.is_empty() {
            return Err(self.issue(row, CallColumn::Start, CallProblem::NoTime));
        }
        let mut at = date_time(start, self.plan.date_format).ok_or_else(|| {
            self.issue(
                row,
                CallColumn::Start,
                CallProblem::BadTime(start.to_string()),
            )
        })?;
        if let Some(minute) = minute_of(self.cell(row, CallColumn::Time)) {
            at = DateTime::new(at.date, minute);
        }
        let seconds = |kind| {
            let text = self.cell(row, kind);
            seconds_of(text)
                .ok_or_else(|| self.issue(row, kind, CallProblem::BadDuration(text.to_string())))
        };
        let duration = seconds(CallColumn::Duration)?;
        let status = status_of(self.cell(row, CallColumn::Status));
        let talk = if self.plan.column(CallColumn::Talk).is_some() {
            seconds(CallColumn::Talk)?
        } else if matches!(status, Status::Answered | Status::Unknown) {
            // Cloud exports give one duration: the conversation's, when there was one.
            duration
        } else {
            0
        };
        let Some((number, who, direction)) = self.sides(row) else {
            return Ok(Parsed::Internal);
        };
        let Some(key) = normalize_phone(&number) else {
            // An extension or a feature code (`*97`, voicemail): the team's own line.
            if is_extension(&number) || number.chars().count() < crate::phone::MIN_DIGITS {
                return Ok(Parsed::Internal);
            }
            let kind = match direction {
                Direction::Inbound => CallColumn::Caller,
                Direction::Outbound => CallColumn::Callee,
            };
            return Err(self.issue(row, kind, CallProblem::NoNumber(number)));
        };
        let unique_id = Some(self.cell(row, CallColumn::UniqueId))
            .filter(|u| !u.is_empty())
            .map(normalize_digits);
        Ok(Parsed::Call(Call {
            line: row.line,
            unique_id,
            at,
            number,
            key,
            direction,
            duration,
            talk,
            status: match status {
                Status::Unknown if talk > 0 => Status::Answered,
                Status::Unknown => Status::NoAnswer,
                s => s,
            },
            who,
            name: caller_name(self.cell(row, CallColumn::CallerId)),
        }))
    }
}
