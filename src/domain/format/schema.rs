//! Reading stored or exported JSON: format check, version check, migrations, integrity.
//!
//! Each stage has its own error so the user is told exactly why a file was refused.

use crate::date::{Date, Timestamp};
use crate::model::{Dataset, Deal, StageKind, FORMAT, SCHEMA_VERSION};
use serde_json::Value;

/// Why a JSON text could not be read as a Kariz dataset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// Not JSON at all.
    #[error("not valid JSON: {0}")]
    NotJson(String),
    /// JSON, but not a Kariz file.
    #[error("not a Kariz file (no \"format\": \"kariz\")")]
    NotKariz,
    /// Written by a newer Kariz; refused rather than downgraded.
    #[error("written by a newer Kariz (schema {found}); this app reads up to schema {supported}")]
    TooNew {
        /// Version in the data.
        found: u64,
        /// Newest version this app reads.
        supported: u32,
    },
    /// A version number Kariz never wrote.
    #[error("unknown schema version {0}")]
    BadVersion(String),
    /// The records do not match the schema.
    #[error("invalid data: {0}")]
    Invalid(String),
    /// A file over [`MAX_IMPORT_BYTES`], refused before it is read.
    #[error("the file has {size} bytes; Kariz imports files up to {limit} bytes")]
    TooLarge {
        /// Size of the file.
        size: u64,
        /// The limit.
        limit: u64,
    },
}

/// Largest JSON file Kariz imports: four times what the browser's storage holds.
pub const MAX_IMPORT_BYTES: u64 = 20 * 1024 * 1024;

/// Migrations from version `i + 1` to `i + 2`.
///
/// Each entry rewrites the JSON of one version into the next, so old files stay readable forever.
const MIGRATIONS: &[fn(Value) -> Value] = &[v1_to_v2, v2_to_v3, v3_to_v4];

/// Schema 2 adds activities, next steps and the call outcome list (named in the data's
/// language, as a new dataset's would be).
fn v1_to_v2(mut value: Value) -> Value {
    let persian = value.pointer("/settings/language").and_then(Value::as_str) == Some("fa");
    if let Some(object) = value.as_object_mut() {
        object
            .entry("activities")
            .or_insert_with(|| Value::Array(Vec::new()));
        object
            .entry("next_steps")
            .or_insert_with(|| Value::Array(Vec::new()));
        object.entry("call_outcomes").or_insert_with(|| {
            serde_json::to_value(crate::model::default_outcomes(persian))
                .unwrap_or(Value::Array(Vec::new()))
        });
    }
    value
}

/// Schema 3 adds deal types (the default list, named in the data's language; deals have none
/// yet) and named saved views (none).
fn v2_to_v3(mut value: Value) -> Value {
    let persian = value.pointer("/settings/language").and_then(Value::as_str) == Some("fa");
    if let Some(object) = value.as_object_mut() {
        object.entry("deal_types").or_insert_with(|| {
            serde_json::to_value(default_types(persian)).unwrap_or(Value::Array(Vec::new()))
        });
        object
            .entry("views")
            .or_insert_with(|| Value::Array(Vec::new()));
    }
    value
}

/// Schema 4 adds the team's activity kind list: the five built-ins, as before.
fn v3_to_v4(mut value: Value) -> Value {
    if let Some(object) = value.as_object_mut() {
        object.entry("activity_kinds").or_insert_with(|| {
            serde_json::to_value(crate::model::default_kinds()).unwrap_or(Value::Array(Vec::new()))
        });
    }
    value
}

/// The default deal types in Persian or English.
pub(crate) fn default_types(persian: bool) -> Vec<crate::model::DealType> {
    crate::model::default_deal_types(if persian {
        crate::model::Language::Fa
    } else {
        crate::model::Language::En
    })
}

/// Reads a dataset from JSON text of any supported version.
pub fn load_json(text: &str) -> Result<Dataset, LoadError> {
    if let Some(ds) = current_and_valid(text) {
        return Ok(ds);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| LoadError::NotJson(e.to_string()))?;
    load_value(value)
}

/// The fast path for the common case, a valid file of the current version: parsed straight into
/// the typed model (about twice as fast as through `serde_json::Value`). Anything else — older,
/// newer, not Kariz, invalid records — returns `None` and takes the step-by-step path, which
/// says exactly what is wrong.
fn current_and_valid(text: &str) -> Option<Dataset> {
    let ds: Dataset = serde_json::from_str(text).ok()?;
    (ds.format == FORMAT && ds.schema_version == SCHEMA_VERSION && check_integrity(&ds).is_ok())
        .then_some(ds)
}

/// Checks the format and version of parsed JSON and migrates it to the current schema.
fn upgrade(mut value: Value) -> Result<Value, LoadError> {
    if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(LoadError::NotKariz);
    }
    let version = match value.get("schema_version") {
        Some(Value::Number(n)) => n
            .as_u64()
            .filter(|v| *v >= 1)
            .ok_or_else(|| LoadError::BadVersion(n.to_string()))?,
        other => {
            return Err(LoadError::BadVersion(
                other.map_or("missing".to_string(), |v| v.to_string()),
            ))
        }
    };
    if version > SCHEMA_VERSION as u64 {
        return Err(LoadError::TooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    for migrate in &MIGRATIONS[(version - 1) as usize..] {
        value = migrate(value);
    }
    if let Some(object) = value.as_object_mut() {
        object.insert("schema_version".into(), SCHEMA_VERSION.into());
    }
    Ok(value)
}

/// Reads a dataset from parsed JSON of any supported version, migrating older versions.
pub fn load_value(value: Value) -> Result<Dataset, LoadError> {
    let value = upgrade(value)?;
    let dataset: Dataset = from_value(value).map_err(LoadError::Invalid)?;
    check_integrity(&dataset)?;
    Ok(dataset)
}

/// A record an import leaves out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Which list it was in: `deals`, `traffic` or `goals`.
    pub list: &'static str,
    /// Its position in that list (from 1, as people count rows).
    pub row: usize,
    /// Its id, if it had one.
    pub id: String,
    /// What is wrong.
    pub reason: RecordProblem,
}

/// Why one record of a file is left out of an import.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordProblem {
    /// It does not match the schema (serde's message names the field).
    #[error("unreadable record: {0}")]
    Unreadable(String),
    /// A deal with no stage events.
    #[error("it has no stage events")]
    NoEvents,
    /// A deal event names a stage the file does not have.
    #[error("it refers to unknown stage {0}")]
    UnknownStage(String),
    /// A deal's events go back in time.
    #[error("its stage events are out of date order")]
    OutOfOrder,
}

/// Reads a file for import: like [`load_json`], but a deal, visitor count or goal that is
/// invalid is left out and listed, so one bad record does not refuse a whole file. Only a broken
/// file (not JSON, not Kariz, too new, unreadable stages or settings) is refused.
pub fn load_for_import(text: &str) -> Result<(Dataset, Vec<Skipped>), LoadError> {
    if let Some(ds) = current_and_valid(text) {
        return Ok((ds, Vec::new()));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| LoadError::NotJson(e.to_string()))?;
    let mut value = upgrade(value)?;
    let mut skipped = Vec::new();
    // A list that is missing or not a list is a broken file, never "no records": read as empty,
    // a replace would wipe the user's data.
    let take = |list: &'static str, value: &mut Value, required: bool| {
        let items = match value.get_mut(list).map(Value::take) {
            Some(Value::Array(items)) => items,
            None if !required => Vec::new(),
            None => {
                return Err(LoadError::Invalid(format!(
                    "the file has no \"{list}\" list"
                )))
            }
            Some(_) => return Err(LoadError::Invalid(format!("\"{list}\" is not a list"))),
        };
        if let Some(object) = value.as_object_mut() {
            object.insert(list.into(), Value::Array(Vec::new()));
        }
        Ok(items)
    };
    let deals = take("deals", &mut value, true)?;
    let traffic = take("traffic", &mut value, false)?;
    let goals = take("goals", &mut value, false)?;
    let mut ds: Dataset = from_value(value).map_err(LoadError::Invalid)?;
    if ds.first_stage_of(StageKind::Open).is_none() {
        return Err(LoadError::Invalid("the pipeline has no open stage".into()));
    }
    fn each<T: serde::de::DeserializeOwned>(
        list: &'static str,
        items: Vec<Value>,
        skipped: &mut Vec<Skipped>,
    ) -> Vec<(usize, T)> {
        items
            .into_iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let id = item
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                from_value(item)
                    .map_err(|e| {
                        skipped.push(Skipped {
                            list,
                            row: i + 1,
                            id,
                            reason: RecordProblem::Unreadable(e),
                        })
                    })
                    .ok()
                    .map(|record| (i + 1, record))
            })
            .collect()
    }
    let read: Vec<(usize, Deal)> = each("deals", deals, &mut skipped);
    for (row, deal) in read {
        match deal_problem(&ds, &deal) {
            Some(reason) => skipped.push(Skipped {
                list: "deals",
                row,
                id: deal.id.0.clone(),
                reason,
            }),
            None => ds.deals.push(deal),
        }
    }
    ds.traffic = each("traffic", traffic, &mut skipped)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    ds.goals = each("goals", goals, &mut skipped)
        .into_iter()
        .map(|(_, g)| g)
        .collect();
    crate::sort::sort_by(&mut skipped, |a, b| (a.list, a.row).cmp(&(b.list, b.row)));
    Ok((ds, skipped))
}

/// `serde_json::from_value` through text: the model's `Deserialize` impls are then compiled for
/// one deserializer only (`from_str`), not also for `Value` (size: the wasm carries one copy).
/// The message leaves out serde_json's " at line L column C" (positions in re-serialised text).
fn from_value<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_str(&value.to_string()).map_err(|e| {
        let m = e.to_string();
        match m.rfind(" at line ") {
            Some(i) => m[..i].to_string(),
            None => m,
        }
    })
}

/// What makes a deal unusable with these stages, if anything.
pub(crate) fn deal_problem(ds: &Dataset, deal: &Deal) -> Option<RecordProblem> {
    if deal.events.is_empty() {
        return Some(RecordProblem::NoEvents);
    }
    if let Some(e) = deal.events.iter().find(|e| ds.stage(&e.stage).is_none()) {
        return Some(RecordProblem::UnknownStage(e.stage.0.clone()));
    }
    if deal.events.windows(2).any(|w| w[1].date < w[0].date) {
        return Some(RecordProblem::OutOfOrder);
    }
    None
}

/// Why data could not be written as text. Plain structs with string keys always serialise, so
/// this is not expected; it is still an error rather than an empty text that could be saved over
/// the data or downloaded as a "backup".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// serde_json refused; its message.
    #[error("the data could not be written as JSON: {0}")]
    Json(String),
}

impl From<serde_json::Error> for EncodeError {
    fn from(e: serde_json::Error) -> Self {
        EncodeError::Json(e.to_string())
    }
}

/// Serialises a dataset as compact JSON.
pub fn try_to_json(ds: &Dataset) -> Result<String, EncodeError> {
    Ok(serde_json::to_string(ds)?)
}

/// [`try_to_json`] for benchmarks and tests, where a failure is impossible in practice and an
/// empty text is harmless; the app writes and downloads only through the `try_` forms.
pub fn to_json(ds: &Dataset) -> String {
    try_to_json(ds).unwrap_or_default()
}

/// Version of the app that writes exports (the file says which app made it).
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The exported file: the dataset with a header saying which app wrote it and when.
///
/// Readers ignore the extra header fields, so an export loads like stored data.
pub fn try_export_json(ds: &Dataset, exported_at: Timestamp) -> Result<String, EncodeError> {
    // Through compact text rather than `to_value`: the model's `Serialize` impls are then compiled
    // for one serializer only (size). Same output: `Value` keeps keys sorted either way.
    let mut value: Value = serde_json::from_str(&try_to_json(ds)?)?;
    if let Some(object) = value.as_object_mut() {
        object.insert("app_version".into(), APP_VERSION.into());
        object.insert("exported_at".into(), exported_at.0.into());
    }
    // Pretty-printed: people open exports in editors and diff them.
    Ok(serde_json::to_string_pretty(&value)?)
}

/// [`try_export_json`] for benchmarks and tests (see [`to_json`]).
pub fn export_json(ds: &Dataset, exported_at: Timestamp) -> String {
    try_export_json(ds, exported_at).unwrap_or_default()
}

/// File name of an export made on `today`, e.g. `kariz-2026-11-27.json`.
pub fn export_file_name(today: Date) -> String {
    format!("kariz-{today}.json")
}

/// Checks references the type system cannot: every event names a known stage, logs are not
/// empty, dates in a log never go backwards, the qualified stage is an open stage.
pub fn check_integrity(ds: &Dataset) -> Result<(), LoadError> {
    let mut problems = Vec::new();
    if ds.first_stage_of(StageKind::Open).is_none() {
        problems.push("the pipeline has no open stage".to_string());
    }
    // Pipeline value, coverage and velocity start at this stage; guessing one would count every
    // open deal as qualified (or none).
    let qualified = &ds.settings.qualified_stage;
    match ds.stage(qualified).map(|s| s.kind) {
        Some(StageKind::Open) => {}
        Some(_) => problems.push(format!(
            "the qualified stage {:?} (settings) is not an open stage",
            qualified.as_str()
        )),
        None => problems.push(format!(
            "the qualified stage {:?} (settings) is not a stage of the pipeline",
            qualified.as_str()
        )),
    }
    for deal in &ds.deals {
        if let Some(reason) = deal_problem(ds, deal) {
            problems.push(format!("deal {}: {reason}", deal.id.0));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(LoadError::Invalid(problems.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;

    const V1_FIXTURE: &str = include_str!("../../../tests/fixtures/dataset-v1.json");

    #[test]
    fn frozen_v1_fixture_still_loads() {
        let ds = load_json(V1_FIXTURE).unwrap();
        assert_eq!(ds.schema_version, SCHEMA_VERSION);
        assert_eq!(ds.deals.len(), 2);
        assert_eq!(ds.deals[0].title, "Acme phones");
        assert_eq!(ds.deals[0].value.minor, 1_250_000);
        assert_eq!(ds.deals[1].events.len(), 4);
        assert_eq!(ds.deals[1].lost_reason, None);
        assert_eq!(ds.traffic[0].visitors, 12_400);
        assert_eq!(ds.goals[0].won_deals, Some(10));
        assert_eq!(ds.settings.language, Language::Fa);
        // Schema 2: no activities yet, and the outcome list in the data's language.
        assert!(ds.activities.is_empty() && ds.next_steps.is_empty());
        let names: Vec<&str> = ds.call_outcomes.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names[0], "پاسخ داد");
        assert_eq!(ds.call_outcomes.iter().filter(|o| o.connected).count(), 1);
    }

    #[test]
    fn frozen_v2_fixture_still_loads() {
        // Frozen: a schema 2 export (before deal types and saved views), four of the sample's
        // Persian deals with their calls and next steps.
        let ds = load_json(include_str!("../../../tests/fixtures/dataset-v2.json")).unwrap();
        assert_eq!(ds.schema_version, SCHEMA_VERSION);
        assert_eq!(ds.deals.len(), 4);
        assert!(ds.deals.iter().all(|d| d.deal_type.is_none()));
        assert!(!ds.activities.is_empty() && ds.views.is_empty());
        // Schema 3: the default deal types, named in the data's language.
        let names: Vec<&str> = ds.deal_types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["مشتری جدید", "تمدید", "فروش بیشتر"]);
        let (imported, skipped) =
            load_for_import(include_str!("../../../tests/fixtures/dataset-v2.json")).unwrap();
        assert!(skipped.is_empty());
        assert_eq!(imported, ds);
    }

    #[test]
    fn serde_round_trip() {
        let ds = crate::sample::sample_dataset(
            crate::date::Date::parse("2025-06-30").unwrap(),
            Language::En,
        );
        let text = to_json(&ds);
        assert_eq!(load_json(&text).unwrap(), ds);
    }

    #[test]
    fn a_missing_or_closed_qualified_stage_is_refused_by_name() {
        let gone = V1_FIXTURE.replace(
            "\"qualified_stage\": \"sql\"",
            "\"qualified_stage\": \"gone\"",
        );
        assert_ne!(gone, V1_FIXTURE, "the fixture names its qualified stage");
        match load_json(&gone) {
            Err(LoadError::Invalid(why)) => {
                assert!(why.contains("qualified stage \"gone\""), "{why}")
            }
            other => panic!("{other:?}"),
        }
        let won = V1_FIXTURE.replace(
            "\"qualified_stage\": \"sql\"",
            "\"qualified_stage\": \"won\"",
        );
        assert!(
            matches!(load_json(&won), Err(LoadError::Invalid(why)) if why.contains("not an open stage"))
        );
    }

    #[test]
    fn a_file_without_its_deals_list_is_refused_not_read_as_empty() {
        let renamed = V1_FIXTURE.replace("\"deals\"", "\"dealz\"");
        let mut value: Value = serde_json::from_str(V1_FIXTURE).unwrap();
        value["deals"] = Value::from("none");
        let not_list = value.to_string();
        for text in [&renamed, &not_list] {
            assert!(
                matches!(load_for_import(text), Err(LoadError::Invalid(why)) if why.contains("\"deals\"")),
                "{:?}",
                load_for_import(text).map(|(ds, _)| ds.deals.len())
            );
        }
    }

    #[test]
    fn each_stage_has_its_own_error() {
        assert!(matches!(load_json("{nope"), Err(LoadError::NotJson(_))));
        assert_eq!(load_json("{\"deals\": []}"), Err(LoadError::NotKariz));
        assert_eq!(load_json("[1]"), Err(LoadError::NotKariz));
        let newer = V1_FIXTURE.replace(
            "\"schema_version\": 1",
            &format!("\"schema_version\": {}", SCHEMA_VERSION + 1),
        );
        assert_eq!(
            load_json(&newer),
            Err(LoadError::TooNew {
                found: u64::from(SCHEMA_VERSION + 1),
                supported: SCHEMA_VERSION
            })
        );
        let zero = V1_FIXTURE.replace("\"schema_version\": 1", "\"schema_version\": 0");
        assert!(matches!(load_json(&zero), Err(LoadError::BadVersion(_))));
        let bad_date = V1_FIXTURE.replace("2025-03-02", "2025-02-30");
        assert!(
            matches!(load_json(&bad_date), Err(LoadError::Invalid(m)) if m.contains("2025-02-30"))
        );
        let bad_stage = V1_FIXTURE.replace("\"stage\": \"mql\"", "\"stage\": \"ghost\"");
        assert!(matches!(load_json(&bad_stage), Err(LoadError::Invalid(m)) if m.contains("ghost")));
    }

    #[test]
    fn deeply_nested_json_is_refused_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(matches!(load_for_import(&deep), Err(LoadError::NotJson(_))));
        let deep_object = format!(
            "{{\"format\":\"kariz\",\"x\":{}1{}}}",
            "{\"a\":".repeat(50_000),
            "}".repeat(50_000)
        );
        assert!(matches!(
            load_json(&deep_object),
            Err(LoadError::NotJson(_))
        ));
    }

    #[test]
    fn exports_carry_a_header_and_load_back_unchanged() {
        let ds =
            crate::sample::sample_dataset(Date::parse("2025-06-30").unwrap(), crate::Language::En);
        let text = export_json(&ds, Timestamp(1_751_000_000_000));
        let head: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(head["format"], "kariz");
        assert_eq!(head["schema_version"], SCHEMA_VERSION);
        assert_eq!(head["app_version"], APP_VERSION);
        assert_eq!(head["exported_at"], 1_751_000_000_000i64);
        assert_eq!(load_json(&text).unwrap(), ds);
        assert_eq!(
            export_file_name(Date::parse("2026-11-27").unwrap()),
            "kariz-2026-11-27.json"
        );
    }

    #[test]
    fn imports_leave_out_bad_records_and_say_which_and_why() {
        let ds =
            crate::sample::sample_dataset(Date::parse("2025-06-30").unwrap(), crate::Language::En);
        let mut value: Value = serde_json::from_str(&export_json(&ds, Timestamp(1))).unwrap();
        value["deals"][2].as_object_mut().unwrap().remove("title");
        value["deals"][5]["events"][0]["stage"] = "nowhere".into();
        value["goals"][0]["start"] = "2025-13-45".into();
        let (read, skipped) = load_for_import(&value.to_string()).unwrap();
        assert_eq!(read.deals.len(), ds.deals.len() - 2);
        assert_eq!(read.goals.len(), ds.goals.len() - 1);
        let lists: Vec<(&str, usize)> = skipped.iter().map(|s| (s.list, s.row)).collect();
        assert_eq!(lists, [("deals", 3), ("deals", 6), ("goals", 1)]);
        assert!(
            matches!(&skipped[0].reason, RecordProblem::Unreadable(m) if m.contains("title")),
            "{}",
            skipped[0].reason
        );
        assert_eq!(skipped[0].id, ds.deals[2].id.0);
        assert_eq!(
            skipped[1].reason,
            RecordProblem::UnknownStage("nowhere".into())
        );
        check_integrity(&read).unwrap();
        assert!(matches!(load_for_import("{}"), Err(LoadError::NotKariz)));
        value["stages"] = Value::Array(vec![]);
        assert!(matches!(
            load_for_import(&value.to_string()),
            Err(LoadError::Invalid(_))
        ));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use crate::sample::sample_dataset;
        use proptest::prelude::*;

        fn sample() -> Dataset {
            sample_dataset(Date::parse("2025-06-30").unwrap(), crate::Language::Fa)
        }

        /// The sample's export, made once: the damage test only needs its text.
        fn exported() -> &'static str {
            static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
            TEXT.get_or_init(|| export_json(&sample(), Timestamp(5)))
        }

        proptest! {
            // Each case reads a whole 320-deal export: 48 cases keep the suite fast in debug builds.
            #![proptest_config(ProptestConfig::with_cases(48))]

            /// Arbitrary bytes never panic the importer.
            #[test]
            fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
                let _ = load_for_import(&String::from_utf8_lossy(&bytes));
                let _ = load_json(&String::from_utf8_lossy(&bytes));
            }

            /// A real export with a slice overwritten never panics the importer, and whatever
            /// it accepts is valid data.
            #[test]
            fn damaged_exports_never_panic(at in 0usize..100_000, len in 0usize..40, junk in ".{0,20}") {
                let text = exported();
                let start = text.char_indices().map(|(i, _)| i).find(|i| *i >= at % text.len()).unwrap_or(0);
                let end = text[start..].char_indices().map(|(i, _)| start + i).nth(len).unwrap_or(text.len());
                let damaged = format!("{}{}{}", &text[..start], junk, &text[end..]);
                if let Ok((ds, _)) = load_for_import(&damaged) {
                    prop_assert!(check_integrity(&ds).is_ok());
                }
            }

            /// Export then import is the identity, whatever the deals hold.
            #[test]
            fn export_then_import_is_the_identity(
                edits in proptest::collection::vec((0usize..320, "\\PC{0,16}", 0i64..1_000_000_000, any::<i64>()), 0..20),
            ) {
                let mut ds = sample();
                for (i, title, minor, at) in edits {
                    let deal = &mut ds.deals[i % 320];
                    deal.title = title.clone();
                    deal.notes = format!("{title}\n\"{title}\"");
                    deal.value.minor = minor;
                    deal.updated_at = Timestamp(at);
                }
                let (back, skipped) = load_for_import(&export_json(&ds, Timestamp(1))).unwrap();
                prop_assert!(skipped.is_empty());
                prop_assert_eq!(back, ds);
            }
        }
    }
}
