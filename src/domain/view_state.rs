//! A dashboard view as an address carries it, so a view survives a reload, can be bookmarked and
//! can be sent to a colleague who has the same data:
//! `period=last-90&owner=rep-1,rep-2&source=website&type=renewal&stage=sql&mode=period` (a custom range is
//! `period=custom&from=2025-01-01&to=2025-03-31`). Reading is forgiving: an unknown key or an
//! unreadable value is skipped, never an error, since a link may come from a newer Kariz.

use crate::date::Date;
use crate::kpi::{Filter, FunnelMode, Period, PeriodPreset, Query};
use crate::model::{Calendar, DealTypeId, OwnerId, SourceId, StageId};

/// Everything the dashboard's choices hold.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DashboardView {
    /// A named period, or `None` for the custom range.
    pub preset: Option<PeriodPreset>,
    /// Custom range start.
    pub from: Option<Date>,
    /// Custom range end.
    pub to: Option<Date>,
    /// Owners (empty: all).
    pub owners: Vec<OwnerId>,
    /// Sources (empty: all).
    pub sources: Vec<SourceId>,
    /// Deal types (empty: all).
    pub types: Vec<DealTypeId>,
    /// Current stages (empty: all).
    pub stages: Vec<StageId>,
    /// The funnel mode.
    pub mode: FunnelMode,
}

/// The address name of a period preset.
pub fn preset_slug(preset: PeriodPreset) -> &'static str {
    match preset {
        PeriodPreset::AllTime => "all",
        PeriodPreset::ThisMonth => "this-month",
        PeriodPreset::LastMonth => "last-month",
        PeriodPreset::ThisQuarter => "this-quarter",
        PeriodPreset::LastQuarter => "last-quarter",
        PeriodPreset::ThisYear => "this-year",
        PeriodPreset::Last30Days => "last-30",
        PeriodPreset::Last90Days => "last-90",
        PeriodPreset::Last365Days => "last-365",
    }
}

/// The preset an address name stands for.
pub fn preset_from_slug(slug: &str) -> Option<PeriodPreset> {
    PeriodPreset::ALL
        .into_iter()
        .find(|p| preset_slug(*p) == slug)
}

/// Percent-encodes everything but unreserved characters, so any id survives the address.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Undoes [`encode`] (and `+` as a space, as forms write it); `None` for broken escapes.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn list<T>(value: &str, make: fn(String) -> T) -> Vec<T> {
    value
        .split(',')
        .filter_map(decode)
        .filter(|v| !v.is_empty())
        .map(make)
        .collect()
}

impl DashboardView {
    /// The KPI query this view asks for on `today` (periods in `calendar`); a custom range's
    /// missing end is today, and its ends are put in order.
    pub fn query(&self, today: Date, calendar: Calendar) -> Query {
        let period = match self.preset {
            Some(p) => p.period_in(today, calendar),
            None => {
                let (from, to) = (self.from.unwrap_or(today), self.to.unwrap_or(today));
                Period {
                    start: from.min(to),
                    end: from.max(to),
                }
            }
        };
        Query {
            period,
            filter: Filter {
                sources: self.sources.clone(),
                owners: self.owners.clone(),
                stages: self.stages.clone(),
                types: self.types.clone(),
            },
            mode: self.mode,
            today,
        }
    }

    /// The address form (without `?`); choices at their defaults are left out.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        match self.preset {
            Some(PeriodPreset::AllTime) => {}
            Some(p) => parts.push(format!("period={}", preset_slug(p))),
            None => {
                parts.push("period=custom".to_string());
                if let Some(d) = self.from {
                    parts.push(format!("from={d}"));
                }
                if let Some(d) = self.to {
                    parts.push(format!("to={d}"));
                }
            }
        }
        let mut ids = |key: &str, values: Vec<&str>| {
            if !values.is_empty() {
                let values: Vec<String> = values.into_iter().map(encode).collect();
                parts.push(format!("{key}={}", values.join(",")));
            }
        };
        ids("owner", self.owners.iter().map(OwnerId::as_str).collect());
        ids(
            "source",
            self.sources.iter().map(SourceId::as_str).collect(),
        );
        ids("type", self.types.iter().map(DealTypeId::as_str).collect());
        ids("stage", self.stages.iter().map(StageId::as_str).collect());
        if self.mode == FunnelMode::Period {
            parts.push("mode=period".to_string());
        }
        parts.join("&")
    }

    /// Reads an address's query (with or without `?`); what cannot be read keeps its default.
    pub fn parse(query: &str) -> DashboardView {
        let mut view = DashboardView {
            preset: Some(PeriodPreset::AllTime),
            ..DashboardView::default()
        };
        for pair in query.trim_start_matches('?').split('&') {
            let Some((key, value)) = pair.split_once('=') else {
                continue;
            };
            match key {
                "period" if value == "custom" => view.preset = None,
                "period" => {
                    if let Some(p) = preset_from_slug(value) {
                        view.preset = Some(p);
                    }
                }
                "from" => view.from = Date::parse(value).ok(),
                "to" => view.to = Date::parse(value).ok(),
                "owner" => view.owners = list(value, OwnerId),
                "source" => view.sources = list(value, SourceId),
                "type" => view.types = list(value, DealTypeId),
                "stage" => view.stages = list(value, StageId),
                "mode" if value == "period" => view.mode = FunnelMode::Period,
                "mode" => view.mode = FunnelMode::Cohort,
                _ => {}
            }
        }
        view
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_reads_back_as_written() {
        let view = DashboardView {
            preset: None,
            from: Date::parse("2025-01-01").ok(),
            to: Date::parse("2025-03-31").ok(),
            owners: vec!["rep-1".into(), "rep 2,ö&=".into()],
            sources: vec!["website".into()],
            types: vec!["renewal".into(), "upsell".into()],
            stages: vec![],
            mode: FunnelMode::Period,
        };
        let text = view.to_query();
        assert_eq!(
            text,
            "period=custom&from=2025-01-01&to=2025-03-31&owner=rep-1,rep%202%2C%C3%B6%26%3D&source=website&type=renewal,upsell&mode=period"
        );
        assert_eq!(DashboardView::parse(&text), view);
        assert_eq!(DashboardView::parse(&format!("?{text}")), view);
    }

    #[test]
    fn the_default_view_is_an_empty_address() {
        let all = DashboardView::parse("");
        assert_eq!(all.preset, Some(PeriodPreset::AllTime));
        assert_eq!(all.to_query(), "");
        for p in PeriodPreset::ALL {
            let v = DashboardView {
                preset: Some(p),
                ..all.clone()
            };
            assert_eq!(DashboardView::parse(&v.to_query()), v);
        }
    }

    #[test]
    fn a_view_asks_its_query() {
        let today = Date::parse("2025-06-30").unwrap();
        let mut v = DashboardView::parse("period=custom&from=2025-05-31&to=2025-05-01&owner=a");
        let q = v.query(today, Calendar::Gregorian);
        assert_eq!(
            (q.period.start, q.period.end, q.today),
            (
                Date::parse("2025-05-01").unwrap(),
                Date::parse("2025-05-31").unwrap(),
                today
            )
        );
        assert_eq!(q.filter.owners, vec![OwnerId::from("a")]);
        v.to = None;
        assert_eq!(
            v.query(today, Calendar::Gregorian).period.end,
            today,
            "a missing end is today"
        );
        let month =
            DashboardView::parse("period=this-month&mode=period").query(today, Calendar::Gregorian);
        assert_eq!(
            (month.period.start, month.mode),
            (Date::parse("2025-06-01").unwrap(), FunnelMode::Period)
        );
    }

    #[test]
    fn unreadable_parts_are_skipped() {
        let v = DashboardView::parse(
            "period=next-decade&owner=a,%zz,,b&from=yesterday&x=1&mode&stage=",
        );
        assert_eq!(v.preset, Some(PeriodPreset::AllTime));
        assert_eq!(v.owners, vec![OwnerId::from("a"), OwnerId::from("b")]);
        assert_eq!((v.from, v.stages.len()), (None, 0));
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_ids_round_trip(owners in proptest::collection::vec("\\PC{1,12}", 0..4)) {
            let view = DashboardView {
                preset: Some(PeriodPreset::Last90Days),
                owners: owners.iter().map(|o| OwnerId(o.clone())).collect(),
                ..DashboardView::default()
            };
            proptest::prop_assert_eq!(DashboardView::parse(&view.to_query()), view);
        }
    }
}
