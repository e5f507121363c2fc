//! Likely duplicate deals: the same lead entered twice (by two reps, or once by hand and once by
//! an import), found by the same phone number, the same email address, or the same title at the
//! same company; and the merge of two such deals into one.
//!
//! Only those three keys count: a shared contact name or a shared title alone ("Website lead")
//! is far too common in a telesales team's data to flag anything.

use crate::date::{Date, Timestamp};
use crate::model::{Dataset, Deal, DealId, PastLoss, StageEvent, StageKind};
use crate::phone::normalize_phone;
use crate::text::ascii_digit;
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::Hasher;

/// Why two deals look like one lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DupReason {
    /// The same phone number once normalised (`0912…` = `+98912…` = `۰۹۱۲…`).
    Phone,
    /// The same email address, case aside.
    Email,
    /// The same title at the same company, case, spacing and digit system aside.
    TitleCompany,
}

/// Two deals that look like the same lead; `first` is the older one (the suggested survivor).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DupPair {
    /// The deal that came first (earlier first contact, then id).
    pub first: DealId,
    /// The deal that looks like a second entry of it.
    pub second: DealId,
    /// The strongest key they share.
    pub reason: DupReason,
}

/// What to do with an imported row that looks like a deal Kariz already has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum DupChoice {
    /// The file's row updates the existing deal (its fields where the file has them, its dates
    /// joined to the deal's history).
    #[default]
    Update,
    /// Both are kept: they are different deals.
    KeepBoth,
    /// The row is left out of the import.
    Skip,
}

/// A key: why it matches, and a 64-bit hash of the normalised text (hashing as the text is
/// folded, so ten thousand deals are keyed without building a string per field).
type Key = (DupReason, u64);

/// Appends the normalised text of a title or company to `out`: case, spacing, digit system and
/// the zero-width non-joiner Persian typists use inconsistently do not make two names different.
/// Returns whether the text had any word. Folded into a buffer and hashed once: a hasher fed one
/// `u32` per character cost most of the import's duplicate check in Chromium.
fn fold_into(text: &str, out: &mut String) -> bool {
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars().map(ascii_digit) {
        if c.is_whitespace() || c == '\u{200c}' {
            in_word = false;
            continue;
        }
        if !in_word {
            // One separator between words, however many spaces there were.
            if words > 0 {
                out.push(' ');
            }
            words += 1;
            in_word = true;
        }
        out.extend(c.to_lowercase());
    }
    words > 0
}

fn hash_of(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(text.as_bytes());
    h.finish()
}

/// The keys a deal can be matched by, strongest first.
fn keys(deal: &Deal) -> Vec<Key> {
    typed_keys(&deal.title, &deal.company, &deal.phone, &deal.email)
}

/// [`keys`] of a deal's fields as typed.
fn typed_keys(title: &str, company: &str, phone: &str, email: &str) -> Vec<Key> {
    let mut out = Vec::with_capacity(3);
    if let Some(phone) = normalize_phone(phone) {
        out.push((DupReason::Phone, hash_of(&phone)));
    }
    let email = email.trim();
    if email.contains('@') {
        out.push((DupReason::Email, hash_of(&email.to_lowercase())));
    }
    let mut folded = String::with_capacity(title.len() + company.len() + 1);
    let has_title = fold_into(title, &mut folded);
    let title_end = folded.len();
    if has_title && fold_into(company, &mut folded) {
        let mut h = DefaultHasher::new();
        h.write(&folded.as_bytes()[..title_end]);
        // 0xff is in no UTF-8 text: "a b" + "c" and "a" + "b c" stay apart.
        h.write_u8(0xff);
        h.write(&folded.as_bytes()[title_end..]);
        out.push((DupReason::TitleCompany, h.finish()));
    }
    out
}

/// When a deal was live: from its first contact to the day it closed (`None`: still open).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// The first contact.
    pub first: Date,
    /// The day it was won or lost, if it is closed.
    pub close: Option<Date>,
}

impl Span {
    /// A deal's span under the dataset's stage kinds.
    pub fn of(ds: &Dataset, deal: &Deal) -> Span {
        let closed = deal.events.last().filter(|e| {
            ds.stage(&e.stage)
                .is_some_and(|s| s.kind != StageKind::Open)
        });
        Span {
            first: deal.first_contact,
            close: closed.map(|e| e.date),
        }
    }

    /// Whether two deals were open at the same time: a lead entered twice is. A customer who
    /// buys again after the first deal closed, or next year's renewal with the same title, is
    /// a new deal, not a duplicate.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.close.is_none_or(|c| other.first <= c) && other.close.is_none_or(|c| self.first <= c)
    }
}

/// The deals of a dataset by their keys, for matching new or imported deals against them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DupIndex {
    by_key: HashMap<Key, Vec<(DealId, Span)>>,
}

impl DupIndex {
    /// Indexes every live deal, oldest first under each key.
    pub fn new(ds: &Dataset) -> DupIndex {
        let mut index = DupIndex::default();
        for deal in by_age(&ds.deals) {
            let span = Span::of(ds, deal);
            for key in keys(deal) {
                index
                    .by_key
                    .entry(key)
                    .or_default()
                    .push((deal.id.clone(), span));
            }
        }
        index
    }

    /// The oldest indexed deal that `deal` looks like (other than itself) and that was open at
    /// the same time, with the strongest shared key.
    pub fn find(&self, ds: &Dataset, deal: &Deal) -> Option<(DealId, DupReason)> {
        self.find_keys(keys(deal), Span::of(ds, deal), Some(&deal.id))
    }

    /// The indexed deal a deal form's fields look like (other than the deal being edited); the
    /// form's deal is open from `first`.
    pub fn find_typed(
        &self,
        editing: Option<&DealId>,
        first: Date,
        typed: [&str; 4],
    ) -> Option<(DealId, DupReason)> {
        let [title, company, phone, email] = typed;
        let span = Span { first, close: None };
        self.find_keys(typed_keys(title, company, phone, email), span, editing)
    }

    fn find_keys(
        &self,
        keys: Vec<Key>,
        span: Span,
        own: Option<&DealId>,
    ) -> Option<(DealId, DupReason)> {
        keys.into_iter().find_map(|key| {
            let reason = key.0;
            self.by_key.get(&key)?.iter().find_map(|(id, other)| {
                (Some(id) != own && span.overlaps(other)).then(|| (id.clone(), reason))
            })
        })
    }
}

/// Deals oldest first (first contact, then id), so "first" is stable whatever the stored order.
fn by_age(deals: &[Deal]) -> Vec<&Deal> {
    let mut sorted: Vec<&Deal> = deals.iter().collect();
    sorted.sort_by(|a, b| (a.first_contact, &a.id).cmp(&(b.first_contact, &b.id)));
    sorted
}

/// Every likely duplicate pair among the dataset's deals, oldest pair first: two deals sharing
/// a key that were open at the same time. A lead entered three times gives two pairs, both with
/// the oldest deal first. Pairs in `dismissed` ("not the same", either order) are left out.
pub fn find_duplicates(ds: &Dataset, dismissed: &HashSet<(DealId, DealId)>) -> Vec<DupPair> {
    let mut earlier: HashMap<Key, Vec<(&DealId, Span)>> = HashMap::new();
    let mut pairs: Vec<DupPair> = Vec::new();
    let mut seen: HashSet<(&DealId, &DealId)> = HashSet::new();
    for deal in by_age(&ds.deals) {
        let span = Span::of(ds, deal);
        for key in keys(deal) {
            let reason = key.0;
            let list = earlier.entry(key).or_default();
            let first = list.iter().find(|(_, other)| span.overlaps(other));
            if let Some((first, _)) = first {
                let (a, b) = ((*first).clone(), deal.id.clone());
                let gone = dismissed.contains(&(a.clone(), b.clone()))
                    || dismissed.contains(&(b.clone(), a.clone()));
                if !gone && seen.insert((*first, &deal.id)) {
                    pairs.push(DupPair {
                        first: a,
                        second: b,
                        reason,
                    });
                }
            }
            list.push((&deal.id, span));
        }
    }
    pairs
}

/// An imported deal that looks like one the data already has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportDup {
    /// The deal as the file gives it (its import id).
    pub incoming: DealId,
    /// The deal Kariz has.
    pub existing: DealId,
    /// The strongest key they share.
    pub reason: DupReason,
}

/// The deals of an import (`incoming`, a converted file) that are new to `ds` by id but look
/// like one of its deals. Deals the file already names by id are updates, not duplicates.
pub fn import_duplicates(ds: &Dataset, incoming: &Dataset) -> Vec<ImportDup> {
    let index = DupIndex::new(ds);
    let known: HashSet<&DealId> = ds.deals.iter().map(|d| &d.id).collect();
    incoming
        .deals
        .iter()
        .filter(|d| !known.contains(&d.id))
        .filter_map(|d| {
            index.find(incoming, d).map(|(existing, reason)| ImportDup {
                incoming: d.id.clone(),
                existing,
                reason,
            })
        })
        .collect()
}

/// The import with the user's choice applied to each flagged row: skipped rows are taken out,
/// updating rows become the existing deal combined with the row (the row's fields win where it
/// has them), kept rows stay as they are.
pub fn resolve_import(
    ds: &Dataset,
    mut incoming: Dataset,
    dups: &[ImportDup],
    choice: impl Fn(&DealId) -> DupChoice,
) -> Dataset {
    let plan: HashMap<&DealId, (&DealId, DupChoice)> = dups
        .iter()
        .map(|d| (&d.incoming, (&d.existing, choice(&d.incoming))))
        .collect();
    let mut updated: HashSet<DealId> = HashSet::new();
    let have: HashMap<&DealId, &Deal> = ds.deals.iter().map(|d| (&d.id, d)).collect();
    incoming.deals = std::mem::take(&mut incoming.deals)
        .into_iter()
        .filter_map(|deal| match plan.get(&deal.id) {
            None | Some((_, DupChoice::KeepBoth)) => Some(deal),
            Some((_, DupChoice::Skip)) => None,
            Some((existing, DupChoice::Update)) => {
                // Two rows updating one deal: the first wins, the second is left out rather
                // than silently overwriting it.
                let old = *have.get(existing)?;
                updated
                    .insert(old.id.clone())
                    .then(|| combine(ds, &deal, old, old.id.clone(), deal.updated_at))
            }
        })
        .collect();
    incoming
}

/// One deal from two entries of the same lead: `primary`'s fields where it has them, else
/// `secondary`'s; both stage histories joined in date order; the earlier first contact.
///
/// The joined history keeps the rules of a hand-edited one: no stage twice in a row, and a
/// closed deal is not closed again without reopening (of two closings in a row the later one
/// stands: it is the newer news about the lead).
pub fn combine(ds: &Dataset, primary: &Deal, secondary: &Deal, id: DealId, now: Timestamp) -> Deal {
    let text = |a: &String, b: &String| {
        if a.trim().is_empty() {
            b.clone()
        } else {
            a.clone()
        }
    };
    let mut out = primary.clone();
    out.id = id;
    out.company = text(&primary.company, &secondary.company);
    out.contact = text(&primary.contact, &secondary.contact);
    out.phone = text(&primary.phone, &secondary.phone);
    out.email = text(&primary.email, &secondary.email);
    out.source = primary.source.clone().or_else(|| secondary.source.clone());
    out.owner = primary.owner.clone().or_else(|| secondary.owner.clone());
    out.deal_type = primary
        .deal_type
        .clone()
        .or_else(|| secondary.deal_type.clone());
    if primary.value.minor == 0 {
        out.value = secondary.value;
    }
    out.expected_close = primary.expected_close.or(secondary.expected_close);
    out.first_contact = primary.first_contact.min(secondary.first_contact);
    out.arrived = match (primary.arrived, secondary.arrived) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    out.notes = match (primary.notes.trim(), secondary.notes.trim()) {
        (a, "") => a.to_string(),
        ("", b) => b.to_string(),
        (a, b) if a == b => a.to_string(),
        (a, b) => format!("{a}\n\n{b}"),
    };
    let kind = |e: &StageEvent| ds.stage(&e.stage).map_or(StageKind::Open, |s| s.kind);
    out.events = join_histories(&primary.events, &secondary.events, kind);
    // The lost reason belongs to whichever entry's loss the joined history ends with.
    let last = out.events.last();
    (out.lost_reason, out.lost_note) = if last.is_some_and(|e| kind(e) == StageKind::Lost) {
        let from = [primary, secondary]
            .into_iter()
            .find(|d| d.events.last() == last)
            .unwrap_or(primary);
        (from.lost_reason.clone(), from.lost_note.clone())
    } else {
        (None, String::new())
    };
    out.updated_at = now;
    out
}

/// Both logs in date order (a stage the pipeline puts later goes later on the same day is not
/// known here, so same-day events keep primary-then-secondary order), without a stage twice in a
/// row and without two closings in a row.
fn join_histories(
    primary: &[StageEvent],
    secondary: &[StageEvent],
    kind: impl Fn(&StageEvent) -> StageKind,
) -> Vec<StageEvent> {
    let mut all: Vec<&StageEvent> = primary.iter().chain(secondary).collect();
    // Stable: same-day events keep their log order.
    all.sort_by_key(|e| e.date);
    let mut out: Vec<StageEvent> = Vec::with_capacity(all.len());
    for event in all {
        if out.last().is_some_and(|last| last.stage == event.stage) {
            continue;
        }
        let closing = kind(event) != StageKind::Open;
        if closing && out.last().is_some_and(|last| kind(last) != StageKind::Open) {
            out.pop();
            if out.last().is_some_and(|last| last.stage == event.stage) {
                continue;
            }
        }
        out.push(event.clone());
    }
    out
}

impl Dataset {
    /// Merges `other` into `keep`: one deal with both histories, `other`'s activities, next
    /// steps and past losses moved to it, `other` deleted (with a tombstone, so a tab or file that
    /// still has it does not bring it back). Returns the survivor's title, or `None` (nothing
    /// changed) when either deal is gone or the two are one.
    pub fn merge_deals(&mut self, keep: &DealId, other: &DealId, now: Timestamp) -> Option<String> {
        if keep == other {
            return None;
        }
        let at = |id: &DealId| self.deals.iter().position(|d| &d.id == id);
        let (k, o) = (at(keep)?, at(other)?);
        let merged = combine(self, &self.deals[k], &self.deals[o], keep.clone(), now);
        let title = merged.title.clone();
        self.deals[k] = merged;
        // Moved before the deletion: deleting a deal takes its activities with it.
        for a in self
            .activities
            .iter_mut()
            .filter(|a| a.deal.as_ref() == Some(other))
        {
            a.deal = Some(keep.clone());
            a.updated_at = now;
        }
        // One open next step per deal: the survivor's own stays, the other's is closed.
        let keep_has_step = self.next_steps.iter().any(|s| &s.deal == keep && !s.done);
        for s in self.next_steps.iter_mut().filter(|s| &s.deal == other) {
            s.deal = keep.clone();
            s.done |= keep_has_step;
            s.updated_at = now;
        }
        for p in self.past_losses.iter_mut().filter(|p| &p.deal == other) {
            *p = PastLoss {
                deal: keep.clone(),
                ..p.clone()
            };
        }
        self.delete_deals(std::slice::from_ref(other), now);
        Some(title)
    }
}

#[cfg(test)]
#[path = "duplicates_tests.rs"]
mod tests;
