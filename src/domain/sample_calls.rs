//! A realistic call history for a dataset's deals: what a telesales team's phone log looks like.
//!
//! Each lead is first called minutes to a day after it arrives (most within the hour), called
//! again until someone answers (about a third of attempts connect), and followed up every few
//! days while the deal is open. Deterministic for a seed, like the sample deals.

use super::date::{Date, Timestamp};
use super::model::*;
use super::rng::Rng;

/// Share of call attempts that reach a person.
const CONNECT_RATE: f64 = 0.35;
/// Attempts on a lead before the rep gives up on reaching it.
const MAX_ATTEMPTS: u32 = 6;

/// An activity id of 11 base36 characters (~57 bits): short in storage, unique in practice.
pub fn short_activity_id(rng: &mut Rng) -> ActivityId {
    ActivityId(short_id(rng.next_u64()))
}

/// 11 base36 characters from the top 57 bits of `bits`: the short id of records stored by the
/// hundred thousand (activities, next steps); the browser feeds it from its CSPRNG.
pub fn short_id(bits: u64) -> String {
    let mut n = bits >> 7;
    let mut id = String::with_capacity(11);
    for _ in 0..11 {
        id.push(char::from(
            b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize],
        ));
        n /= 36;
    }
    id
}

/// `at` (minutes since 1970) if it falls in office hours, else a minute in the first hour of the
/// next working morning: reps do not call at night.
fn in_office(at: i64, rng: &mut Rng) -> i64 {
    let (day, minute) = (
        at.div_euclid(MINUTES_PER_DAY),
        at.rem_euclid(MINUTES_PER_DAY),
    );
    match minute {
        m if m < 9 * 60 => day * MINUTES_PER_DAY + 9 * 60 + rng.below(60) as i64,
        m if m >= 18 * 60 => (day + 1) * MINUTES_PER_DAY + 9 * 60 + rng.below(60) as i64,
        _ => at,
    }
}

/// A working-hours minute (09:00–17:59).
pub(super) fn office_minute(rng: &mut Rng) -> u16 {
    (9 * 60 + rng.below(9 * 60)) as u16
}

/// Adds calls (and the odd email and meeting) for every deal; returns how many were added.
pub fn add_sample_calls(ds: &mut Dataset, seed: u64, updated_at: Timestamp, today: Date) -> usize {
    let mut rng = Rng::new(seed);
    let connected: Vec<OutcomeId> = ds
        .call_outcomes
        .iter()
        .filter(|o| o.connected)
        .map(|o| o.id.clone())
        .collect();
    let missed: Vec<OutcomeId> = ds
        .call_outcomes
        .iter()
        .filter(|o| !o.connected)
        .map(|o| o.id.clone())
        .collect();
    let (Some(_), Some(_)) = (connected.first(), missed.first()) else {
        return 0;
    };
    // Nothing after today: the sample is a history, not a schedule.
    let last_minute = (i64::from(today.days()) + 1) * MINUTES_PER_DAY - 1;
    let mut out = Vec::new();
    for deal in &ds.deals {
        let end = deal
            .events
            .last()
            .map_or(deal.first_contact, |e| e.date)
            .max(deal.first_contact);
        let start = deal
            .arrived
            .unwrap_or_else(|| DateTime::new(deal.first_contact, office_minute(&mut rng)));
        // Speed to lead: half within 15 minutes, most within the day, some the next day.
        let lag = match rng.below(10) {
            0..=4 => rng.below(15),
            5..=7 => 15 + rng.below(180),
            _ => 24 * 60 + rng.below(600),
        } as i64;
        let mut at = in_office(start.minutes() + lag, &mut rng);
        let mut call = |rng: &mut Rng, at: i64, kind: ActivityKind| {
            let reached = kind != ActivityKind::Call || rng.chance(CONNECT_RATE);
            let seconds = match (kind, reached) {
                (ActivityKind::Call, true) => 60 + rng.below(840) as u32,
                (ActivityKind::Call, false) => rng.below(30) as u32,
                (ActivityKind::Meeting, _) => 1800 + rng.below(1800) as u32,
                _ => 0,
            };
            let outcome = (kind == ActivityKind::Call).then(|| {
                if reached {
                    rng.pick(&connected).clone()
                } else {
                    rng.pick(&missed).clone()
                }
            });
            // Minutes since 1970 stay inside the calendar for any sample date.
            let Some(when) = DateTime::from_minutes(at) else {
                return reached;
            };
            out.push(Activity {
                id: short_activity_id(rng),
                kind,
                kind_id: None,
                at: when,
                owner: deal.owner.clone(),
                deal: Some(deal.id.clone()),
                seconds,
                outcome,
                direction: Direction::Outbound,
                phone: String::new(),
                note: String::new(),
                updated_at,
            });
            reached
        };
        // Attempts until someone answers.
        for _ in 0..MAX_ATTEMPTS {
            if at > last_minute || call(&mut rng, at, ActivityKind::Call) {
                break;
            }
            at = in_office(
                at + MINUTES_PER_DAY / 2 + rng.below(MINUTES_PER_DAY as u64 * 2) as i64,
                &mut rng,
            );
        }
        // Follow-ups while the deal is open: every two to six days.
        let last = (end.days() as i64 * MINUTES_PER_DAY + 17 * 60).min(last_minute);
        at = in_office(at + MINUTES_PER_DAY * 2, &mut rng);
        while at < last {
            let kind = match rng.below(10) {
                0 => ActivityKind::Email,
                1 => ActivityKind::Meeting,
                _ => ActivityKind::Call,
            };
            call(&mut rng, at, kind);
            at = in_office(at + MINUTES_PER_DAY * (2 + rng.below(5) as i64), &mut rng);
        }
    }
    let n = out.len();
    ds.activities.extend(out);
    n
}
