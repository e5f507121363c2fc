//! Rows to deals: the plan the user confirmed, applied in slices.

use super::*;
// The converter's lookups, one per row and field, are Fx-hashed: SipHash's DoS resistance
// buys nothing on the user's own file, and cost a tenth of converting.
use crate::kpi::FxMap as Map;

/// Where one stage value's rows go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StageChoice {
    /// Into this stage.
    Stage(StageId),
    /// Left out of the import.
    LeaveOut,
}

/// Everything the user decided on the mapping screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvPlan {
    /// Per column: the field it holds, or `None` to ignore it.
    pub fields: Vec<Option<Field>>,
    /// Per column: how its dates are written (only read for date fields).
    pub formats: Vec<Option<DateFormat>>,
    /// Per stage value: where its rows go; values not listed go to the first open stage.
    pub stages: BTreeMap<String, StageChoice>,
    /// Currency of amounts that name none.
    pub currency: Currency,
    /// The import day: the first contact of open deals with no created date; later dates are
    /// refused.
    pub today: Date,
    /// Change time given to imported deals.
    pub now: Timestamp,
}

impl CsvPlan {
    /// Kariz's guesses for a table: fields from the header, date formats from the values, stage
    /// values by name or won/lost words.
    pub fn guess(table: &Table, ds: &Dataset, today: Date, now: Timestamp) -> CsvPlan {
        let names = StageNames::of(ds);
        let first = guess_fields_named(&table.headers, &names);
        let stages: BTreeMap<String, StageChoice> = stage_values(table, &first, ds)
            .into_iter()
            .filter_map(|v| Some((v.value, StageChoice::Stage(v.guess?))))
            .collect();
        // Again with the file's own stage names known: "Demo date" next to a stage "Demo".
        let mut fields = guess_fields_named(&table.headers, &names.with_values(&stages));
        close_date_of_closed_deals(table, &mut fields, &stages, ds);
        // Only date columns: reading every value of every text column cost most of the guess.
        // A column mapped to a date later gets its format then (`CsvPlan::map_column`).
        let formats = fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                f.as_ref()
                    .filter(|f| f.is_date())
                    .and_then(|_| column_date_guess(table, i).format)
            })
            .collect();
        CsvPlan {
            fields,
            formats,
            stages,
            currency: ds.settings.display_currency,
            today,
            now,
        }
    }

    /// Maps column `i` of `table` to `field` (`None`: ignored); a date field whose format is
    /// not chosen yet gets the one its values read in.
    pub fn map_column(&mut self, table: &Table, i: usize, field: Option<Field>) {
        let Some(slot) = self.fields.get_mut(i) else {
            return;
        };
        let date = field.as_ref().is_some_and(Field::is_date);
        *slot = field;
        if date && self.formats.get(i).is_some_and(Option::is_none) {
            self.formats[i] = column_date_guess(table, i).format;
        }
    }

    /// Date columns whose format is not chosen yet (the user must choose before importing).
    pub fn undecided_dates(&self) -> Vec<usize> {
        self.fields
            .iter()
            .enumerate()
            .filter(|(i, f)| f.as_ref().is_some_and(Field::is_date) && self.formats[*i].is_none())
            .map(|(i, _)| i)
            .collect()
    }
}

/// One dated stage of a row: the stage, its place in the pipeline, the date, and the column and
/// text it came from (for a row problem; named only when one is reported).
struct Dated<'r> {
    stage: StageId,
    index: usize,
    date: Date,
    column: usize,
    text: &'r str,
}

/// Turns rows into deals, in slices (see [`Converter::convert`]).
pub struct Converter<'a> {
    pub(super) plan: &'a CsvPlan,
    pub(super) ds: &'a Dataset,
    headers: &'a [String],
    /// The columns of each of [`FIELDS`], by its place there.
    columns: Vec<Vec<usize>>,
    stage_columns: Vec<usize>,
    /// Whether a column is mapped to the stage (then a won/lost status overrides it).
    has_stage_column: bool,
    /// `ds`'s deals by id (the place of the first of an id), so a row finds its deal without a
    /// scan.
    existing: Map<&'a str, usize>,
    /// Owner, source and type names as written, with the id each one's squashed key gave:
    /// a name seen before is not squashed again.
    owners_written: Map<String, OwnerId>,
    sources_written: Map<String, SourceId>,
    types_written: Map<String, DealTypeId>,
    /// The won/lost reading of the first status values seen (a status column has a few).
    status_kinds: Vec<(String, Option<StageKind>)>,
    pub(super) first_open: Option<StageId>,
    owners: Map<String, OwnerId>,
    sources: Map<String, SourceId>,
    types: Map<String, DealTypeId>,
    new_owners: Vec<(OwnerId, String)>,
    new_sources: Vec<(SourceId, String)>,
    new_types: Vec<(DealTypeId, String)>,
    seen_keys: Map<u64, u32>,
    deals: Vec<Deal>,
    issues: Vec<RowIssue>,
    undated: usize,
    /// The joined stage-history file and what it did (see `repeat.rs`).
    pub(super) joined: Joined<'a>,
}

/// The place of `field` in [`FIELDS`] (stage dates have none).
fn field_slot(field: &Field) -> Option<usize> {
    Some(match field {
        Field::Id => 0,
        Field::Title => 1,
        Field::Company => 2,
        Field::Contact => 3,
        Field::Phone => 4,
        Field::Email => 5,
        Field::Stage => 6,
        Field::Status => 7,
        Field::Value => 8,
        Field::Currency => 9,
        Field::Created => 10,
        Field::ExpectedClose => 11,
        Field::Closed => 12,
        Field::Owner => 13,
        Field::Source => 14,
        Field::Type => 15,
        Field::LostReason => 16,
        Field::Notes => 17,
        Field::Entered(_) => return None,
    })
}

/// FNV-1a: a stable hash (unlike `DefaultHasher`, the same in every build) for deal ids.
pub(crate) fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0x1f]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// `prefix` and `key` as 16 hex digits (`format!("{prefix}{key:016x}")` without `format!`, whose
/// machinery, once per imported row or call, was a tenth of converting in Chromium).
pub(crate) fn hashed_id(prefix: &str, key: u64) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(prefix.len() + 16 + 11);
    id.push_str(prefix);
    for shift in (0..16).rev() {
        id.push(char::from(HEX[((key >> (shift * 4)) & 0xf) as usize]));
    }
    id
}

/// The id of the `n`th row with hash `key` in a file without ids: `csv-{key:016x}-{n}`.
pub(crate) fn row_id(key: u64, n: u32) -> String {
    let mut id = hashed_id("csv-", key);
    id.push('-');
    let digits = id.len();
    let mut rest = n;
    loop {
        id.insert(digits, char::from(b'0' + (rest % 10) as u8));
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    id
}

impl<'a> Converter<'a> {
    /// A converter for `table`'s rows under `plan`, adding to `ds`.
    pub fn new(ds: &'a Dataset, headers: &'a [String], plan: &'a CsvPlan) -> Converter<'a> {
        let columns = FIELDS.iter().map(|f| columns_of(&plan.fields, f)).collect();
        let mut existing = Map::with_capacity_and_hasher(ds.deals.len(), Default::default());
        for (i, deal) in ds.deals.iter().enumerate() {
            existing.entry(deal.id.0.as_str()).or_insert(i);
        }
        Converter {
            plan,
            ds,
            headers,
            columns,
            stage_columns: stage_columns(&plan.fields),
            has_stage_column: plan.fields.contains(&Some(Field::Stage)),
            existing,
            owners_written: Map::default(),
            sources_written: Map::default(),
            types_written: Map::default(),
            status_kinds: Vec::new(),
            first_open: ds.first_stage_of(StageKind::Open).map(|s| s.id.clone()),
            owners: ds
                .owners
                .iter()
                .map(|o| (squash(&o.name), o.id.clone()))
                .collect(),
            sources: ds
                .sources
                .iter()
                .map(|s| (squash(&s.name), s.id.clone()))
                .collect(),
            types: ds
                .deal_types
                .iter()
                .map(|t| (squash(&t.name), t.id.clone()))
                .collect(),
            new_owners: Vec::new(),
            new_sources: Vec::new(),
            new_types: Vec::new(),
            seen_keys: Map::default(),
            deals: Vec::new(),
            issues: Vec::new(),
            undated: 0,
            joined: Joined::default(),
        }
    }

    /// Converts a slice of rows (call it slice after slice, in file order).
    pub fn convert(&mut self, rows: &[Row]) {
        for row in rows {
            match self.deal(row) {
                Ok(deal) => self.deals.push(deal),
                Err((column, problem)) => {
                    self.saw(row);
                    self.issues.push(RowIssue {
                        line: row.line,
                        column,
                        problem,
                    })
                }
            }
        }
    }

    /// The columns mapped to `field` (none for a stage date field: see `stage_dates`).
    fn columns(&self, field: &Field) -> &[usize] {
        field_slot(field)
            .and_then(|i| self.columns.get(i))
            .map_or(&[][..], Vec::as_slice)
    }

    /// `ds`'s deal with this id, if any (as `Dataset::deal`, without the scan).
    fn existing(&self, id: &str) -> Option<&'a Deal> {
        let ds: &'a Dataset = self.ds;
        self.existing.get(id).and_then(|i| ds.deals.get(*i))
    }

    pub(super) fn value<'r>(&self, row: &'r Row, field: Field) -> Option<&'r str> {
        first_value(row, self.columns(&field))
    }

    fn column_name(&self, row: &Row, field: Field) -> String {
        let columns = self.columns(&field);
        let used = columns
            .iter()
            .find(|i| row.cells.get(**i).is_some_and(|c| !c.trim().is_empty()))
            .or(columns.first());
        used.and_then(|i| self.headers.get(*i))
            .cloned()
            .unwrap_or_default()
    }

    /// The date in column `i` of a row, if any; `future_ok` for dates that may lie ahead.
    fn cell_date<'r>(
        &self,
        row: &'r Row,
        i: usize,
        future_ok: bool,
    ) -> Result<Option<(Date, &'r str)>, (String, RowProblem)> {
        let Some(text) = row.cells.get(i).map(|c| c.trim()).filter(|c| !c.is_empty()) else {
            return Ok(None);
        };
        let format = self.plan.formats.get(i).copied().flatten();
        let date = format
            .and_then(|f| parse_date(text, f))
            .ok_or_else(|| (self.header(i), RowProblem::BadDate(text.to_string())))?;
        if date > self.plan.today && !future_ok {
            return Err((self.header(i), RowProblem::FutureDate(text.to_string())));
        }
        Ok(Some((date, text)))
    }

    /// The name of column `i`, for a row problem.
    fn header(&self, i: usize) -> String {
        self.headers.get(i).cloned().unwrap_or_default()
    }

    fn date(&self, row: &Row, field: Field) -> Result<Option<Date>, (String, RowProblem)> {
        // An expected close date may lie ahead; what already happened may not.
        let future_ok = field == Field::ExpectedClose;
        let columns = self.columns(&field);
        for i in columns {
            if let Some((date, _)) = self.cell_date(row, *i, future_ok)? {
                return Ok(Some(date));
            }
        }
        Ok(None)
    }

    /// The row's stage dates (columns mapped to "entered stage X"), one per stage (its earliest),
    /// in pipeline order; a date before the date of an earlier stage is a row problem.
    fn stage_dates<'r>(&self, row: &'r Row) -> Result<Vec<Dated<'r>>, (String, RowProblem)> {
        let mut dated: Vec<Dated> = Vec::new();
        for (i, field) in self.plan.fields.iter().enumerate() {
            let Some(Field::Entered(stage)) = field else {
                continue;
            };
            let Some(index) = self.ds.stage_index(stage) else {
                continue;
            };
            let Some((date, text)) = self.cell_date(row, i, false)? else {
                continue;
            };
            match dated.iter_mut().find(|d| d.stage == *stage) {
                Some(d) if d.date <= date => {}
                Some(d) => {
                    *d = Dated {
                        stage: stage.clone(),
                        index,
                        date,
                        column: i,
                        text,
                    }
                }
                None => dated.push(Dated {
                    stage: stage.clone(),
                    index,
                    date,
                    column: i,
                    text,
                }),
            }
        }
        dated.sort_by_key(|d| d.index);
        let mut latest: Option<Date> = None;
        for d in &dated {
            if latest.is_some_and(|l| d.date < l) {
                return Err((
                    self.header(d.column),
                    RowProblem::StageDateOutOfOrder(d.text.to_string()),
                ));
            }
            latest = Some(d.date);
        }
        Ok(dated)
    }

    /// Stage events from the row's stage dates, ending in `stage` (the deal's current stage);
    /// `created` is the first stage's date unless a column dates that stage itself.
    fn events_from_dates(
        &self,
        row: &Row,
        dated: Vec<Dated>,
        stage: &StageId,
        kind: StageKind,
        created: Option<Date>,
    ) -> Result<Vec<StageEvent>, (String, RowProblem)> {
        let whole = |p: RowProblem| (String::new(), p);
        let current = self.ds.stage_index(stage).unwrap_or(0);
        // A stage the deal has not reached (by the stage column), or another closing stage.
        if let Some(d) = dated.iter().find(|d| {
            let closing = self
                .ds
                .stage(&d.stage)
                .is_some_and(|s| s.kind != StageKind::Open);
            d.stage != *stage && (closing || (kind == StageKind::Open && d.index > current))
        }) {
            return Err((
                self.header(d.column),
                RowProblem::StageDateConflict(d.text.to_string()),
            ));
        }
        let mut events: Vec<StageEvent> = Vec::new();
        let first_dated = dated.first().map(|d| d.stage.clone());
        if let (Some(start), Some(open)) = (created, &self.first_open) {
            if first_dated.as_ref() != Some(open) {
                if let Some(first) = dated.first().filter(|d| d.date < start) {
                    return Err((
                        self.header(first.column),
                        RowProblem::StageDateOutOfOrder(first.text.to_string()),
                    ));
                }
                events.push(StageEvent {
                    stage: open.clone(),
                    date: start,
                });
            }
        }
        let own = dated.iter().find(|d| d.stage == *stage).map(|d| d.date);
        events.extend(
            dated
                .iter()
                .filter(|d| d.stage != *stage)
                .map(|d| StageEvent {
                    stage: d.stage.clone(),
                    date: d.date,
                }),
        );
        let last = events.last().map(|e| e.date);
        let entered = match (kind, own) {
            (_, Some(date)) => date,
            // An open deal whose own stage has no date entered it no earlier than its last dated
            // stage: that day, as a deal without history enters its stage on its created date.
            (StageKind::Open, None) => last.ok_or(whole(RowProblem::NoCreatedDate))?,
            _ => {
                let end = self
                    .date(row, Field::Closed)?
                    .or(self.date(row, Field::ExpectedClose)?)
                    .ok_or(whole(RowProblem::NoCloseDate))?;
                if last.is_some_and(|l| end < l) {
                    return Err(whole(RowProblem::ClosedBeforeCreated));
                }
                end
            }
        };
        if kind != StageKind::Open && events.is_empty() {
            return Err(whole(RowProblem::NoCreatedDate));
        }
        if last.is_some_and(|l| entered < l) {
            return Err(whole(RowProblem::ClosedBeforeCreated));
        }
        events.push(StageEvent {
            stage: stage.clone(),
            date: entered,
        });
        Ok(events)
    }

    /// The id of the owner, source or type `name` (as written) means: by its squashed key, a
    /// new one (listed in `added`) when the key is new. `names` are the names as written seen
    /// so far, then the squashed keys.
    fn name_id<T: Clone>(
        names: (&mut Map<String, T>, &mut Map<String, T>),
        added: &mut Vec<(T, String)>,
        name: &str,
        make: impl Fn(&str) -> T,
    ) -> T {
        let (written, keys) = names;
        if let Some(id) = written.get(name) {
            return id.clone();
        }
        let key = squash(name);
        let id = match keys.get(&key) {
            Some(id) => id.clone(),
            None => {
                let id = make(&key);
                keys.insert(key, id.clone());
                added.push((id.clone(), name.to_string()));
                id
            }
        };
        written.insert(name.to_string(), id.clone());
        id
    }

    fn deal(&mut self, row: &Row) -> Result<Deal, (String, RowProblem)> {
        let whole = |p: RowProblem| (String::new(), p);
        // A name is nice to have, not a reason to drop a deal: CRMs leave it (and the company)
        // empty on many open deals, so the contact or the file's own id names it instead.
        const NAMED_BY: [Field; 4] = [Field::Title, Field::Company, Field::Contact, Field::Id];
        let title = NAMED_BY
            .iter()
            .find_map(|field| first_value(row, self.columns(field)))
            .ok_or(whole(RowProblem::NoTitle))?
            .to_string();
        let dated = self.stage_dates(row)?;
        let stage_text = first_value(row, &self.stage_columns);
        let mut stage = match stage_text.and_then(|v| self.plan.stages.get(v)) {
            Some(StageChoice::LeaveOut) => {
                return Err(whole(RowProblem::StageLeftOut(
                    stage_text.unwrap_or_default().to_string(),
                )))
            }
            Some(StageChoice::Stage(id)) if self.ds.stage(id).is_some() => Some(id.clone()),
            _ => None,
        };
        // Without a stage in the row, the deal is in its last dated stage.
        if stage_text.is_none() {
            stage = stage.or_else(|| dated.last().map(|d| d.stage.clone()));
        }
        // Pipedrive: a won/lost status overrides the stage the deal was in.
        if self.has_stage_column {
            let kind = self.value(row, Field::Status).and_then(|v| {
                if let Some((_, kind)) = self.status_kinds.iter().find(|(s, _)| s == v) {
                    return *kind;
                }
                let kind = kind_of_value(v);
                if self.status_kinds.len() < 16 {
                    self.status_kinds.push((v.to_string(), kind));
                }
                kind
            });
            if let Some(stage_of_kind) = kind.and_then(|k| self.ds.first_stage_of(k)) {
                stage = Some(stage_of_kind.id.clone());
            }
        }
        let stage = stage
            .or_else(|| self.first_open.clone())
            .ok_or(whole(RowProblem::NoTitle))?;
        let kind = self.ds.stage(&stage).map_or(StageKind::Open, |s| s.kind);

        let value = match self.value(row, Field::Value) {
            Some(text) => {
                let currency = match self.value(row, Field::Currency) {
                    Some(code) => Currency::parse(&code.to_uppercase()).map_err(|_| {
                        (
                            self.column_name(row, Field::Currency),
                            RowProblem::BadCurrency(code.to_string()),
                        )
                    })?,
                    None => self.plan.currency,
                };
                parse_amount(text, currency)
                    .map_err(|p| (self.column_name(row, Field::Value), p))?
            }
            None => Money {
                minor: 0,
                currency: self.plan.currency,
            },
        };
        let created = self.date(row, Field::Created)?;
        let expected = self.date(row, Field::ExpectedClose)?;
        let closed = self.date(row, Field::Closed)?;
        // The stages the file itself dates (the rest of the events are inferred).
        let mut file_dated: Vec<StageId> = dated.iter().map(|d| d.stage.clone()).collect();
        file_dated.extend(created.and(self.first_open.clone()));
        if kind != StageKind::Open {
            file_dated.push(stage.clone());
        }
        let mut undated = false;
        let events = match kind {
            _ if !dated.is_empty() => self.events_from_dates(row, dated, &stage, kind, created)?,
            StageKind::Open => {
                let first = created.unwrap_or(self.plan.today);
                undated = created.is_none();
                vec![StageEvent {
                    stage: stage.clone(),
                    date: first,
                }]
            }
            // Without a closing or created date, a history file that dates the closing stage
            // still gives the deal its events.
            _ => match closed_events(
                self.first_open.as_ref(),
                &stage,
                created,
                closed.or(expected),
            ) {
                Err((_, RowProblem::NoCloseDate | RowProblem::NoCreatedDate))
                    if self.history_dates(row, &stage) =>
                {
                    Vec::new()
                }
                other => other?,
            },
        };
        let (events, joined) = self.join_history(row, events, &mut file_dated, &stage, created);
        undated &= !joined;

        let owner = self.value(row, Field::Owner).map(|name| {
            let names = (&mut self.owners_written, &mut self.owners);
            Self::name_id(names, &mut self.new_owners, name, |k| {
                OwnerId(format!("owner-{k}"))
            })
        });
        let source = self.value(row, Field::Source).map(|name| {
            let names = (&mut self.sources_written, &mut self.sources);
            Self::name_id(names, &mut self.new_sources, name, |k| {
                SourceId(format!("source-{k}"))
            })
        });
        let deal_type = self.value(row, Field::Type).map(|name| {
            let names = (&mut self.types_written, &mut self.types);
            Self::name_id(names, &mut self.new_types, name, |k| {
                DealTypeId(format!("type-{k}"))
            })
        });

        let company = self.value(row, Field::Company).unwrap_or("").to_string();
        let id = match self.value(row, Field::Id) {
            // A Kariz export names its own ids: they update the same deals.
            Some(id) if self.existing(id).is_some() => DealId::from(id),
            // Not `format!`: see `hashed_id`.
            Some(id) => DealId(["csv-", id].concat()),
            None => {
                // No id column: the same row imported again gets the same id (and merges as
                // unchanged), and identical rows in one file stay apart by their occurrence.
                let created_text = self.value(row, Field::Created).unwrap_or("");
                let key = fnv(&[&title, &company, created_text]);
                let n = self.seen_keys.entry(key).or_insert(0);
                *n += 1;
                DealId(row_id(key, *n))
            }
        };
        self.joined.seen.push(id.0.clone());
        let events = match self.existing(&id.0) {
            // A repeat import: the deal's recorded history stays and the file's dates join it.
            Some(old) => {
                undated = false;
                self.joined.updated += 1;
                let events = repeat_events(self.ds, old, events, &file_dated, self.plan.today);
                // Stages Kariz had recorded keep their dates: not inferred by this import.
                file_dated.extend(old.events.iter().map(|e| e.stage.clone()));
                events
            }
            None => events,
        };
        self.undated += usize::from(undated);
        if undated {
            self.joined.undated_ids.push(id.clone());
        }
        // An undated deal's start is the user's choice (or it is left out): not in the table.
        if !undated {
            self.count_coverage(&events, &file_dated);
        }
        let first_contact = events[0].date;
        let mut deal = Deal {
            id,
            title,
            company,
            contact: self.value(row, Field::Contact).unwrap_or("").to_string(),
            phone: self.value(row, Field::Phone).unwrap_or("").to_string(),
            email: self.value(row, Field::Email).unwrap_or("").to_string(),
            source,
            owner,
            value,
            first_contact,
            // For a closed deal, a close-date column is its closing date unless there is also a
            // won/lost date column (Kariz's own export has both).
            expected_close: if kind == StageKind::Open || closed.is_some() {
                expected
            } else {
                None
            },
            lost_reason: (kind == StageKind::Lost)
                .then(|| self.value(row, Field::LostReason).map(String::from))
                .flatten(),
            lost_note: String::new(),
            notes: self.value(row, Field::Notes).unwrap_or("").to_string(),
            events,
            arrived: None,
            updated_at: self.plan.now,
            deal_type,
        };
        // Re-importing an unchanged row keeps the stored change time, so it merges as unchanged.
        if let Some(existing) = self.existing(&deal.id.0) {
            let mut same = deal.clone();
            same.updated_at = existing.updated_at;
            if &same == existing {
                deal.updated_at = existing.updated_at;
            }
        }
        Ok(deal)
    }

    /// The deals converted so far, as a dataset to merge, and what was left out.
    pub fn finish(self) -> Converted {
        let report = self.joined.report(self.ds);
        let mut dataset = self.ds.clone();
        dataset.deals = self.deals;
        dataset.traffic.clear();
        dataset.goals.clear();
        dataset.tombstones.clear();
        let new_names = self
            .new_owners
            .iter()
            .map(|(_, name)| name.clone())
            .chain(self.new_sources.iter().map(|(_, name)| name.clone()))
            .chain(self.new_types.iter().map(|(_, name)| name.clone()))
            .collect();
        dataset.owners.extend(
            self.new_owners
                .into_iter()
                .map(|(id, name)| Owner { id, name }),
        );
        dataset.sources.extend(
            self.new_sources
                .into_iter()
                .map(|(id, name)| Source { id, name }),
        );
        dataset.deal_types.extend(
            self.new_types
                .into_iter()
                .map(|(id, name)| DealType { id, name }),
        );
        Converted {
            dataset,
            issues: self.issues,
            undated: self.undated,
            new_names,
            undated_ids: self.joined.undated_ids,
            report,
        }
    }
}

/// Converts a whole table at once (tests, benchmarks; the app converts in slices).
pub fn convert_table(table: &Table, ds: &Dataset, plan: &CsvPlan) -> Converted {
    let mut converter = Converter::new(ds, &table.headers, plan);
    converter.convert(&table.rows);
    converter.finish()
}
