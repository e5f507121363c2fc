//! A realistic, deterministic demo dataset: six months of a small telesales team.
//!
//! The same `today` and language always give the same data, so tests can rely on it and the
//! demo always ends "now" for a new user.

use super::date::{Date, Timestamp};
use super::model::*;
use super::money::{Currency, Money};
use super::rng::Rng;
use std::collections::HashMap;

/// Per source: share of leads, lead→MQL, MQL→SQL, SQL→won probabilities, typical value.
struct SourceProfile {
    id: &'static str,
    weight: u64,
    to_mql: f64,
    to_sql: f64,
    to_won: f64,
    value: i64,
}

const PROFILES: [SourceProfile; 5] = [
    SourceProfile {
        id: "website",
        weight: 38,
        to_mql: 0.55,
        to_sql: 0.45,
        to_won: 0.35,
        value: 4_000,
    },
    SourceProfile {
        id: "phone",
        weight: 27,
        to_mql: 0.65,
        to_sql: 0.5,
        to_won: 0.4,
        value: 3_000,
    },
    SourceProfile {
        id: "referral",
        weight: 14,
        to_mql: 0.8,
        to_sql: 0.65,
        to_won: 0.55,
        value: 6_500,
    },
    SourceProfile {
        id: "ads",
        weight: 15,
        to_mql: 0.4,
        to_sql: 0.35,
        to_won: 0.25,
        value: 2_500,
    },
    SourceProfile {
        id: "event",
        weight: 6,
        to_mql: 0.7,
        to_sql: 0.5,
        to_won: 0.45,
        value: 8_000,
    },
];

const OWNERS_EN: [&str; 4] = [
    "Sara Ahmadi",
    "Reza Karimi",
    "Maryam Hosseini",
    "Ali Rezaei",
];
const OWNERS_FA: [&str; 4] = ["سارا احمدی", "رضا کریمی", "مریم حسینی", "علی رضایی"];
const COMPANIES_EN: [&str; 12] = [
    "Acme Trading",
    "Pars Logistics",
    "Nova Dental",
    "Kavir Foods",
    "Blue Tile Co",
    "Arya Insurance",
    "Sepid Pharma",
    "Delta Motors",
    "Golestan Hotels",
    "Zagros Textiles",
    "Tabriz Carpets",
    "Caspian Fisheries",
];
const COMPANIES_FA: [&str; 12] = [
    "بازرگانی اکمه",
    "لجستیک پارس",
    "دندانپزشکی نوا",
    "غذایی کویر",
    "کاشی آبی",
    "بیمه آریا",
    "داروسازی سپید",
    "دلتا موتور",
    "هتل‌های گلستان",
    "نساجی زاگرس",
    "فرش تبریز",
    "شیلات خزر",
];
const PRODUCTS_EN: [&str; 6] = [
    "call-centre plan",
    "telesales campaign",
    "CRM setup",
    "support line",
    "survey project",
    "lead list",
];
const PRODUCTS_FA: [&str; 6] = [
    "طرح مرکز تماس",
    "کمپین فروش تلفنی",
    "راه‌اندازی CRM",
    "خط پشتیبانی",
    "پروژه نظرسنجی",
    "فهرست سرنخ",
];

/// Number of deals generated.
pub const SAMPLE_DEALS: usize = 320;
/// Months of history generated (ending with the month of `today`).
pub const SAMPLE_MONTHS: i32 = 6;

/// The demo dataset as of `today`, with names in `language`.
pub fn sample_dataset(today: Date, language: Language) -> Dataset {
    let mut ds = generate(today, language, SAMPLE_DEALS, SAMPLE_MONTHS);
    // The demo's leads arrive in office hours and are called as a telesales team would, so the
    // activity KPIs have something to show one click after opening the app.
    let mut rng = Rng::new(0x6b61_7269_7a00_0002);
    for deal in &mut ds.deals {
        let minute = super::sample_calls::office_minute(&mut rng);
        deal.arrived = Some(DateTime::new(deal.first_contact, minute));
    }
    let now = Timestamp(today.days() as i64 * 86_400_000);
    super::sample_calls::add_sample_calls(&mut ds, 0x6b61_7269_7a00_0003, now, today);
    add_loss_notes(&mut ds, language, 0x6b61_7269_7a00_0004);
    ds
}

/// What a rep writes when marking a deal lost, by the default reasons' order.
const LOSS_NOTES: [[&str; 2]; 8] = [
    [
        "Asked for 20% off; we could not go below 10%",
        "۲۰٪ تخفیف خواست؛ بیش از ۱۰٪ نمی‌شد",
    ],
    [
        "Signed with a competitor after a demo",
        "بعد از دمو با رقیب قرارداد بست",
    ],
    ["Budget frozen until next year", "بودجه تا سال بعد بسته شد"],
    [
        "Manager never made a call on it",
        "مدیرشان هیچ‌وقت تصمیم نگرفت",
    ],
    [
        "Revisit after the new fiscal year",
        "بعد از سال مالی جدید دوباره تماس",
    ],
    ["No answer after five calls", "پس از پنج تماس پاسخی نداد"],
    [
        "Needs features we do not have",
        "امکاناتی می‌خواهد که نداریم",
    ],
    ["Closed the business line", "آن بخش کسب‌وکار را بستند"],
];

/// Notes on most sample losses, from their own random stream so the deals stay as generated.
fn add_loss_notes(ds: &mut Dataset, language: Language, seed: u64) {
    let mut rng = Rng::new(seed);
    let reasons = ds.settings.lost_reasons.clone();
    for deal in &mut ds.deals {
        let Some(k) = deal
            .lost_reason
            .as_ref()
            .and_then(|r| reasons.iter().position(|x| x == r))
        else {
            continue;
        };
        if rng.chance(0.8) {
            deal.lost_note = LOSS_NOTES[k % LOSS_NOTES.len()][language as usize].to_string();
        }
    }
}

/// The same kind of team history with `deals` deals over `months` months ending with `today`'s
/// month: what the benchmarks and size measurements run on (10,000 deals over two years is a
/// busy telesales team).
pub fn scaled_dataset(today: Date, language: Language, deals: usize, months: i32) -> Dataset {
    generate(today, language, deals, months.max(1))
}

/// `ds` with a generated call history of exactly `activities` activities (the sample team's
/// calling pattern, run again with new seeds until there are enough): the benchmarks' "10,000
/// deals + 100,000 activities".
pub fn with_call_history(mut ds: Dataset, today: Date, activities: usize) -> Dataset {
    let now = Timestamp(today.days() as i64 * 86_400_000);
    let mut rng = Rng::new(0x6b61_7269_7a00_0005);
    for deal in &mut ds.deals {
        if deal.arrived.is_none() {
            let minute = super::sample_calls::office_minute(&mut rng);
            deal.arrived = Some(DateTime::new(deal.first_contact, minute));
        }
    }
    let mut seed = 0x6b61_7269_7a00_0006;
    while ds.activities.len() < activities {
        let before = ds.activities.len();
        super::sample_calls::add_sample_calls(&mut ds, seed, now, today);
        if ds.activities.len() == before {
            break;
        }
        seed += 1;
    }
    ds.activities.truncate(activities);
    ds
}

fn generate(today: Date, language: Language, deals: usize, months: i32) -> Dataset {
    let mut ds = Dataset::new(language);
    let mut rng = Rng::new(0x6b61_7269_7a00_0001);
    let fa = language == Language::Fa;
    let currency = ds.settings.display_currency;
    // A rial figure is about 100,000 times the dollar figure; both are then given in minor units.
    let scale = if currency == Currency::IRR {
        100_000
    } else {
        100
    };
    let now = Timestamp(today.days() as i64 * 86_400_000);
    let start = today.month_start().add_months(-(months - 1));
    let span = start.days_until(today) as u64 + 1;

    ds.owners = (if fa { OWNERS_FA } else { OWNERS_EN })
        .iter()
        .enumerate()
        .map(|(i, name)| Owner {
            id: OwnerId(format!("rep-{}", i + 1)),
            name: name.to_string(),
        })
        .collect();
    let reasons = ds.settings.lost_reasons.clone();
    let total_weight: u64 = PROFILES.iter().map(|p| p.weight).sum();

    let mut titles: HashMap<String, u32> = HashMap::new();
    for n in 0..deals {
        let mut roll = rng.below(total_weight);
        let profile = PROFILES
            .iter()
            .find(|p| {
                let hit = roll < p.weight;
                roll = roll.saturating_sub(p.weight);
                hit
            })
            .unwrap_or(&PROFILES[0]);
        // More leads in later months: the team is growing.
        let offset = ((rng.unit().sqrt()) * span as f64) as i32;
        let first = start.add_days(offset.min(span as i32 - 1));
        let owner_index = rng.below(ds.owners.len() as u64) as usize;
        // Some reps convert better than others, so the per-owner split tells a story.
        let skill = [1.1, 0.95, 1.0, 0.8][owner_index];
        // The planted block: the third rep qualifies MQLs to SQL far less often than the team, so
        // the step-by-step comparison and its insight have a real finding to show.
        let qualifies = if owner_index == 2 { 0.45 } else { 1.0 };
        let mut events = vec![StageEvent {
            stage: "lead".into(),
            date: first,
        }];
        let mut date = first;
        let mut lost = None;
        let steps = [
            ("mql", profile.to_mql, 4.0),
            ("sql", profile.to_sql * qualifies, 6.0),
            ("won", profile.to_won * skill, 12.0),
        ];
        for (stage, p, mean_days) in steps {
            let next = date.add_days(rng.dwell(mean_days));
            if next > today {
                break;
            }
            date = next;
            if rng.chance(p) {
                // A few telesales leads are qualified on the first call and skip MQL.
                if stage == "mql" && profile.id == "phone" && rng.chance(0.15) {
                    continue;
                }
                events.push(StageEvent {
                    stage: stage.into(),
                    date,
                });
            } else {
                if rng.chance(0.7) {
                    lost = Some(rng.pick(&reasons).clone());
                    events.push(StageEvent {
                        stage: "lost".into(),
                        date,
                    });
                }
                break;
            }
        }
        let value = (profile.value as f64 * (0.4 + 1.2 * rng.unit())).round() as i64 / 10 * 10;
        let company = *rng.pick(if fa { &COMPANIES_FA } else { &COMPANIES_EN });
        let product = *rng.pick(if fa { &PRODUCTS_FA } else { &PRODUCTS_EN });
        let mut id_bytes = [0u8; 16];
        id_bytes[..8].copy_from_slice(&rng.next_u64().to_le_bytes());
        id_bytes[8..].copy_from_slice(&rng.next_u64().to_le_bytes());
        let open = lost.is_none() && events.last().is_some_and(|e| e.stage.0 != "won");
        ds.deals.push(Deal {
            id: DealId::from_random(id_bytes),
            title: numbered(&mut titles, format!("{company} — {product}"), fa),
            company: company.to_string(),
            contact: String::new(),
            phone: sample_phone(n),
            email: String::new(),
            source: Some(profile.id.into()),
            owner: Some(ds.owners[owner_index].id.clone()),
            value: Money {
                minor: value * scale,
                currency,
            },
            first_contact: first,
            expected_close: open.then(|| date.add_days(14 + rng.below(45) as i32)),
            lost_reason: lost,
            lost_note: String::new(),
            notes: String::new(),
            events,
            arrived: None,
            updated_at: Timestamp(now.0 - n as i64),
            deal_type: None,
        });
    }

    // Visitors and goals grow with the team, so rates stay as realistic as in the demo.
    let density = (deals as f64 / months as f64) / (SAMPLE_DEALS as f64 / SAMPLE_MONTHS as f64);
    for m in 0..months {
        let month = start.add_months(m);
        let end = month.month_end().min(today);
        let growth = 1.0 + m as f64 * 0.08;
        for (source, base) in [("website", 9_000.0), ("ads", 3_500.0)] {
            let visitors = (base * density * growth * (0.85 + 0.3 * rng.unit())).round() as u64;
            ds.traffic.push(TrafficEntry {
                id: TrafficId(format!("sample-{source}-{month}")),
                source: Some(source.into()),
                start: month,
                end,
                visitors,
                updated_at: now,
            });
        }
        let month_end = month.month_end();
        ds.goals.push(Goal {
            id: GoalId(format!("sample-team-{month}")),
            start: month,
            end: month_end,
            owner: None,
            revenue: Some(Money {
                minor: (60_000.0 * density) as i64 * scale,
                currency,
            }),
            won_deals: Some((14.0 * density).round() as u32),
            updated_at: now,
        });
        for owner in &ds.owners {
            ds.goals.push(Goal {
                id: GoalId(format!("sample-{}-{month}", owner.id.0)),
                start: month,
                end: month_end,
                owner: Some(owner.id.clone()),
                revenue: None,
                won_deals: Some((4.0 * density).round() as u32),
                updated_at: now,
            });
        }
    }
    add_deal_types(&mut ds, 0x6b61_7269_7a00_0005);
    ds
}

/// A deal title the sample has not used yet: a company's second deal for the same product is
/// "… (2)", as a team keeping leads in a spreadsheet would write it (so the sample shows no
/// false duplicate warnings). Uses no randomness: the generated history is unchanged.
fn numbered(seen: &mut HashMap<String, u32>, title: String, fa: bool) -> String {
    let n = seen.entry(title.clone()).or_insert(0);
    *n += 1;
    match *n {
        1 => title,
        n if fa => {
            let digits: String = (n.to_string().chars())
                .filter_map(|c| char::from_u32('۰' as u32 + c.to_digit(10)?))
                .collect();
            format!("{title} ({digits})")
        }
        n => format!("{title} ({n})"),
    }
}

/// Deal types for every generated deal, from their own random stream so the generated history
/// (and every figure the sample showed before types) stays the same: about 60% new business,
/// with renewals more common among the won and new business among the lost, so win/loss by type
/// has a story to tell.
fn add_deal_types(ds: &mut Dataset, seed: u64) {
    let mut rng = Rng::new(seed);
    let ids: Vec<DealTypeId> = ds.deal_types.iter().map(|t| t.id.clone()).collect();
    if ids.len() < 3 {
        return;
    }
    for i in 0..ds.deals.len() {
        // Per mille of new business and renewal; upsell takes the rest.
        let (new_business, renewal) = match ds.deal_kind(&ds.deals[i]) {
            Some(StageKind::Won) => (480, 340),
            Some(StageKind::Lost) => (700, 150),
            _ => (600, 250),
        };
        let roll = rng.below(1000);
        let k = if roll < new_business {
            0
        } else if roll < new_business + renewal {
            1
        } else {
            2
        };
        ds.deals[i].deal_type = Some(ids[k].clone());
    }
}

/// The sample's `n`th lead's mobile number: distinct for every `n` below 9 million (7,919 is
/// prime to 9,000,000), derived from `n` alone so the generated history stays the same and
/// tests can name the numbers without the dataset.
pub fn sample_phone(n: usize) -> String {
    format!("0912{:07}", 1_000_000 + (n as u64 * 7_919) % 9_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::schema::check_integrity;
    use crate::kpi::{report, Filter, FunnelMode, PeriodPreset, Query};

    fn today() -> Date {
        Date::parse("2025-06-30").unwrap()
    }

    #[test]
    fn the_planted_block_is_found_and_losses_have_notes() {
        use crate::kpi::matrix::{comparison_matrix, MatrixBy, Verdict};
        let ds = sample_dataset(today(), Language::En);
        for preset in [PeriodPreset::ThisQuarter, PeriodPreset::Last365Days] {
            let q = Query {
                period: preset.period(today()),
                filter: Filter::default(),
                mode: FunnelMode::Cohort,
                today: today(),
            };
            let m = comparison_matrix(&ds, None, &q, MatrixBy::Owner);
            let blocked: Vec<(Option<&str>, Option<usize>)> = m
                .rows
                .iter()
                .filter(|r| r.block.is_some())
                .map(|r| (r.key.as_deref(), r.block))
                .collect();
            assert_eq!(
                blocked,
                [(Some("rep-3"), Some(1))],
                "{preset:?}: MQL → SQL of rep 3"
            );
            assert!(
                m.rows
                    .iter()
                    .all(|r| r.cells[1].verdict != Verdict::Below
                        || r.key.as_deref() == Some("rep-3"))
            );
        }
        let lost: Vec<&Deal> = ds
            .deals
            .iter()
            .filter(|d| d.lost_reason.is_some())
            .collect();
        let noted = lost.iter().filter(|d| !d.lost_note.is_empty()).count();
        assert!(
            noted * 10 > lost.len() * 6,
            "{noted} of {} losses have a note",
            lost.len()
        );
    }

    #[test]
    fn every_deal_has_a_type_most_of_them_new_business() {
        use crate::kpi::loss::loss_report;
        let ds = sample_dataset(today(), Language::En);
        assert!(ds.deals.iter().all(|d| d.deal_type.is_some()));
        let share = |id: &str| {
            ds.deals
                .iter()
                .filter(|d| d.deal_type.as_ref().is_some_and(|t| t.0 == id))
                .count() as f64
                / ds.deals.len() as f64
        };
        let (new, renewal, upsell) = (share("new-business"), share("renewal"), share("upsell"));
        assert!((0.5..0.7).contains(&new), "new business {new:.2}");
        assert!(
            renewal > upsell && upsell > 0.08,
            "{renewal:.2} {upsell:.2}"
        );
        // Renewals are won more often than new business: the segments have a story.
        let q = Query {
            period: PeriodPreset::Last365Days.period(today()),
            filter: Filter::default(),
            mode: FunnelMode::Cohort,
            today: today(),
        };
        let r = loss_report(&ds, None, &q);
        let rate = |id: &str| {
            r.types
                .iter()
                .find(|s| s.key.as_ref().is_some_and(|k| k.0 == id))
                .and_then(|s| s.win_rate.value())
                .unwrap_or(0.0)
        };
        assert!(rate("renewal") > rate("new-business"));
    }

    #[test]
    fn sample_calls_are_in_office_hours_and_not_after_today() {
        let ds = sample_dataset(today(), Language::En);
        assert!(
            ds.activities.len() > 1000,
            "{} activities",
            ds.activities.len()
        );
        for a in &ds.activities {
            assert!(a.at.date <= today(), "{:?} after today", a.at);
            assert!(
                (9 * 60..18 * 60).contains(&a.at.minute),
                "{:?} out of hours",
                a.at
            );
        }
    }

    #[test]
    fn deterministic_and_valid() {
        let a = sample_dataset(today(), Language::En);
        assert_eq!(a, sample_dataset(today(), Language::En));
        assert_eq!(a.deals.len(), SAMPLE_DEALS);
        check_integrity(&a).unwrap();
        assert!(a.deals.iter().all(|d| d
            .events
            .iter()
            .all(|e| e.date <= today() && e.date >= d.first_contact)));
        let ids: std::collections::HashSet<_> = a.deals.iter().map(|d| &d.id).collect();
        assert_eq!(ids.len(), SAMPLE_DEALS);
        check_integrity(&sample_dataset(today(), Language::Fa)).unwrap();
    }

    #[test]
    fn looks_like_a_living_pipeline() {
        let ds = sample_dataset(today(), Language::En);
        let q = Query {
            period: PeriodPreset::AllTime.period(today()),
            filter: Filter::default(),
            mode: FunnelMode::Cohort,
            today: today(),
        };
        let r = report(&ds, &q);
        let kpi = &r.current;
        let reached: Vec<u64> = kpi.funnel.iter().map(|s| s.count).collect();
        assert_eq!(reached[0], SAMPLE_DEALS as u64);
        assert!(reached.windows(2).all(|w| w[1] < w[0]), "{reached:?}");
        assert!(reached[3] > 20, "enough customers: {reached:?}");
        assert!(r.snapshot.open > 20 && kpi.cycle.n > 20);
        let rate = kpi.visitor_to_lead.value().unwrap();
        assert!((0.002..0.02).contains(&rate), "visitor→lead {rate}");
        assert_eq!(ds.goals.len(), SAMPLE_MONTHS as usize * 5);
        let lost = ds.deals.iter().filter(|d| d.lost_reason.is_some()).count();
        assert!(lost > 30, "lost deals with reasons: {lost}");
    }
}
