//! The calls of a log matched to deals, what importing them would add, and the dataset to
//! merge.

use super::parse::{Parsed, RowReader};
use super::*;
use crate::format::csv_in::{fnv, hashed_id};
use crate::phone::normalize_phone;
use std::collections::{HashMap, HashSet};

pub use super::parse::{Call, Status};

/// A call of the log and the deal its number belongs to, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchedCall {
    /// The call.
    pub call: Call,
    /// The activity id it gets (the same on every import of the same log).
    pub id: ActivityId,
    /// The deal whose contact has the number.
    pub deal: Option<DealId>,
}

/// What a call log would add: the calls new to the data, matched or not, and what was left out.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CallsPreview {
    /// The calls not imported yet, in file order.
    pub calls: Vec<MatchedCall>,
    /// Calls already in the data: importing again adds nothing.
    pub already: usize,
    /// Calls between two extensions.
    pub internal: usize,
    /// Rows the log repeats (a CDR writes one row per leg of a forwarded call).
    pub repeated: usize,
    /// Rows that are not calls, with the reason.
    pub issues: Vec<CallIssue>,
}

impl CallsPreview {
    /// New calls whose number a deal has.
    pub fn matched(&self) -> usize {
        self.calls.iter().filter(|c| c.deal.is_some()).count()
    }

    /// New calls whose number no deal has.
    pub fn unmatched(&self) -> usize {
        self.calls.len() - self.matched()
    }

    /// Distinct numbers among the unmatched calls: the leads "create leads" would add.
    pub fn unmatched_numbers(&self) -> usize {
        self.calls
            .iter()
            .filter(|c| c.deal.is_none())
            .map(|c| c.call.key.as_str())
            .collect::<HashSet<_>>()
            .len()
    }

    /// Calls per extension or agent name, for the owner table (most calls first).
    pub fn people(&self) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for c in &self.calls {
            *counts.entry(c.call.who.as_str()).or_default() += 1;
        }
        let mut list: Vec<(String, usize)> = counts
            .into_iter()
            .map(|(w, n)| (w.to_string(), n))
            .collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        list
    }
}

/// The activity id of a call: from the phone system's unique id, or from its time, number and
/// duration when the log has none.
fn activity_id(call: &Call) -> ActivityId {
    match &call.unique_id {
        Some(u) => ActivityId(format!("cdr-{u}")),
        None => {
            let at = call.at.minutes().to_string();
            let duration = call.duration.max(call.talk).to_string();
            ActivityId(hashed_id("call-", fnv(&[&at, &call.key, &duration])))
        }
    }
}

/// Deals by their contact's normalised phone; when several share a number, an open deal wins
/// over a closed one and a newer over an older.
fn deals_by_phone(ds: &Dataset) -> HashMap<String, DealId> {
    let open = |d: &Deal| {
        d.current_stage()
            .and_then(|s| ds.stage(s))
            .is_some_and(|s| s.kind == StageKind::Open)
    };
    let mut best: HashMap<String, &Deal> = HashMap::new();
    for deal in &ds.deals {
        let Some(key) = normalize_phone(&deal.phone) else {
            continue;
        };
        let better = best
            .get(&key)
            .is_none_or(|b| (open(deal), deal.first_contact) > (open(b), b.first_contact));
        if better {
            best.insert(key, deal);
        }
    }
    best.into_iter().map(|(k, d)| (k, d.id.clone())).collect()
}

/// Reads every row of a call log under `plan` and matches the calls to `ds`'s deals.
pub fn preview(table: &Table, ds: &Dataset, plan: &CallsPlan) -> CallsPreview {
    let reader = RowReader::new(plan, &table.headers);
    let phones = deals_by_phone(ds);
    // A deleted call is not "known": importing the log again (after undoing an import, say)
    // brings it back, as a newer edit than its deletion.
    let known: HashSet<&str> = ds.activities.iter().map(|a| a.id.as_str()).collect();
    let mut out = CallsPreview::default();
    let mut at_index: HashMap<ActivityId, usize> = HashMap::new();
    for row in &table.rows {
        let call = match reader.read(row) {
            Ok(Parsed::Call(call)) => call,
            Ok(Parsed::Internal) => {
                out.internal += 1;
                continue;
            }
            Err(issue) => {
                out.issues.push(issue);
                continue;
            }
        };
        let id = activity_id(&call);
        if known.contains(id.as_str()) {
            out.already += 1;
            continue;
        }
        if let Some(&i) = at_index.get(&id) {
            // One call, several legs: keep the leg that was answered (the longest talk).
            out.repeated += 1;
            if call.talk > out.calls[i].call.talk {
                out.calls[i].call = call;
            }
            continue;
        }
        at_index.insert(id.clone(), out.calls.len());
        let deal = phones.get(&call.key).cloned();
        out.calls.push(MatchedCall { call, id, deal });
    }
    out
}

/// The outcome in `outcomes` for a status: the list's own outcome of that id, else the first
/// one counted as connected (answered) or not (the rest).
fn outcome_for(status: Status, outcomes: &[CallOutcome]) -> Option<OutcomeId> {
    let id = match status {
        Status::Answered => "connected",
        Status::Busy => "busy",
        Status::Voicemail => "voicemail",
        Status::NoAnswer | Status::Failed | Status::Unknown => "no-answer",
    };
    let connected = status == Status::Answered;
    outcomes
        .iter()
        .find(|o| o.id.as_str() == id && o.connected == connected)
        .or_else(|| outcomes.iter().find(|o| o.connected == connected))
        .map(|o| o.id.clone())
}

/// What an import adds, for the notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct CallsAdded {
    /// Call activities.
    pub calls: usize,
    /// Leads created for unmatched numbers.
    pub leads: usize,
}

impl CallsPreview {
    /// The activities (and leads, when the plan creates them) as a dataset to merge into `ds`:
    /// `ds`'s set-up with only the new records.
    pub fn to_dataset(&self, ds: &Dataset, plan: &CallsPlan) -> (Dataset, CallsAdded) {
        let mut out = ds.clone();
        out.deals.clear();
        out.activities.clear();
        out.traffic.clear();
        out.goals.clear();
        out.tombstones.clear();
        out.next_steps.clear();
        out.past_losses.clear();
        let first_open = ds.first_stage_of(StageKind::Open).map(|s| s.id.clone());
        let owner_of = |who: &str| plan.owners.get(who).cloned().flatten();
        let currency = ds.settings.display_currency;
        let mut leads: HashMap<&str, usize> = HashMap::new();
        // Only an added kind based on Call: a phone log holds calls, whatever the list says.
        let kind_id = plan
            .kind
            .as_ref()
            .and_then(|k| ds.kind_def(k.as_str()))
            .filter(|k| k.base == ActivityKind::Call && !k.is_builtin())
            .map(|k| k.id.clone());
        for c in &self.calls {
            let deal = match (&c.deal, plan.unmatched, &first_open) {
                (Some(deal), _, _) => deal.clone(),
                (None, Unmatched::CreateLeads, Some(stage)) => {
                    if let Some(&i) = leads.get(c.call.key.as_str()) {
                        // The lead starts on its earliest call, wherever the log lists it.
                        let lead: &mut Deal = &mut out.deals[i];
                        if c.call.at.date < lead.first_contact {
                            lead.first_contact = c.call.at.date;
                            lead.events[0].date = c.call.at.date;
                        }
                        lead.id.clone()
                    } else {
                        let lead = lead_from(c, stage, owner_of(&c.call.who), currency, plan);
                        let id = lead.id.clone();
                        leads.insert(c.call.key.as_str(), out.deals.len());
                        out.deals.push(lead);
                        id
                    }
                }
                _ => continue,
            };
            out.activities.push(Activity {
                id: c.id.clone(),
                kind: ActivityKind::Call,
                kind_id: kind_id.clone(),
                at: c.call.at,
                owner: owner_of(&c.call.who),
                deal: Some(deal),
                seconds: c.call.talk,
                outcome: outcome_for(c.call.status, &ds.call_outcomes),
                direction: c.call.direction,
                phone: c.call.number.clone(),
                note: String::new(),
                updated_at: plan.now,
            });
        }
        let added = CallsAdded {
            calls: out.activities.len(),
            leads: out.deals.len(),
        };
        (out, added)
    }
}

/// A new lead for a number no deal has, from its first call in the log, in the first open stage
/// on the day of the call.
fn lead_from(
    c: &MatchedCall,
    stage: &StageId,
    owner: Option<OwnerId>,
    currency: crate::money::Currency,
    plan: &CallsPlan,
) -> Deal {
    let first = c.call.at.date.min(plan.today);
    let name = if c.call.direction == Direction::Inbound {
        c.call.name.clone()
    } else {
        String::new()
    };
    Deal {
        id: DealId(format!("call-lead-{}", c.call.key.trim_start_matches('+'))),
        title: if name.is_empty() {
            c.call.number.clone()
        } else {
            name.clone()
        },
        company: String::new(),
        contact: name,
        phone: c.call.number.clone(),
        email: String::new(),
        source: None,
        owner,
        value: crate::money::Money { minor: 0, currency },
        first_contact: first,
        expected_close: None,
        lost_reason: None,
        lost_note: String::new(),
        notes: String::new(),
        events: vec![StageEvent {
            stage: stage.clone(),
            date: first,
        }],
        arrived: None,
        updated_at: plan.now,
        deal_type: None,
    }
}
