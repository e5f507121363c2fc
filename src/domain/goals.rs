//! Setting targets: revenue and/or won deals per month or quarter, for the team or one owner.

use super::date::{Date, Timestamp};
use super::model::*;
use super::money::{Currency, Money};
use super::ops::{parse_count, FieldProblem};

/// The calendar span a goal covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GoalSpan {
    /// One month (1–12).
    Month {
        /// Year.
        year: i32,
        /// Month, 1–12.
        month: u32,
    },
    /// One quarter (1–4).
    Quarter {
        /// Year.
        year: i32,
        /// Quarter, 1–4.
        quarter: u32,
    },
}

impl GoalSpan {
    /// First and last day of the span in the Gregorian calendar, or `None` for an impossible
    /// month/quarter.
    pub fn days(self) -> Option<(Date, Date)> {
        self.days_in(Calendar::Gregorian)
    }

    /// First and last day of the span in `calendar` (Jalali quarters are the seasons), or `None`
    /// for an impossible month/quarter or a year outside 1900–2200 (1278–1579 AP).
    pub fn days_in(self, calendar: Calendar) -> Option<(Date, Date)> {
        let (year, first_month, months) = match self {
            GoalSpan::Month { year, month } if (1..=12).contains(&month) => (year, month, 1),
            GoalSpan::Quarter { year, quarter } if (1..=4).contains(&quarter) => {
                (year, (quarter - 1) * 3 + 1, 3)
            }
            _ => return None,
        };
        let start = calendar.date(year, first_month, 1).ok()?;
        let end = calendar.add_months(start, months).add_days(-1);
        Some((start, end))
    }

    /// The month containing `day`, in `calendar`.
    pub fn month_of(day: Date, calendar: Calendar) -> GoalSpan {
        let (year, month) = calendar.year_month(day);
        GoalSpan::Month { year, month }
    }
}

/// Which input of the goal form a problem belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GoalField {
    /// The month or quarter.
    Span,
    /// The revenue target.
    Revenue,
    /// The won-deals target.
    WonDeals,
}

/// One goal-form error.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field:?}: {problem}")]
pub struct GoalError {
    /// The field.
    pub field: GoalField,
    /// The problem.
    pub problem: FieldProblem,
}

/// A goal as typed into the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalDraft {
    /// The owner, or `None` for the team.
    pub owner: Option<OwnerId>,
    /// Month or quarter.
    pub span: GoalSpan,
    /// Revenue target as typed (may be empty).
    pub revenue: String,
    /// Won-deals target as typed (may be empty).
    pub won_deals: String,
}

impl Dataset {
    /// Sets a goal; a goal for the same owner and span is updated in place (keeping its id).
    ///
    /// At least one of revenue and won deals is required; revenue is in the display currency.
    pub fn set_goal(
        &mut self,
        id: GoalId,
        draft: &GoalDraft,
        now: Timestamp,
    ) -> Result<GoalId, Vec<GoalError>> {
        let mut errors = Vec::new();
        let currency: Currency = self.settings.display_currency;
        let span = draft.span.days_in(self.settings.calendar);
        if span.is_none() {
            errors.push(GoalError {
                field: GoalField::Span,
                problem: FieldProblem::Required,
            });
        }
        let revenue = Some(draft.revenue.trim())
            .filter(|t| !t.is_empty())
            .and_then(|t| match currency.parse_amount(t) {
                Ok(minor) => Some(Money { minor, currency }),
                Err(e) => {
                    errors.push(GoalError {
                        field: GoalField::Revenue,
                        problem: e.into(),
                    });
                    None
                }
            });
        let won_deals = Some(draft.won_deals.trim())
            .filter(|t| !t.is_empty())
            .and_then(|t| match parse_count(t).map(u32::try_from) {
                Ok(Ok(n)) => Some(n),
                Ok(Err(_)) => {
                    errors.push(GoalError {
                        field: GoalField::WonDeals,
                        problem: super::money::MoneyError::TooLarge.into(),
                    });
                    None
                }
                Err(e) => {
                    errors.push(GoalError {
                        field: GoalField::WonDeals,
                        problem: e.into(),
                    });
                    None
                }
            });
        if errors.is_empty() && revenue.is_none() && won_deals.is_none() {
            errors.push(GoalError {
                field: GoalField::Revenue,
                problem: FieldProblem::Required,
            });
        }
        let Some((start, end)) = span.filter(|_| errors.is_empty()) else {
            return Err(errors);
        };
        if let Some(goal) = self
            .goals
            .iter_mut()
            .find(|g| g.owner == draft.owner && g.start == start && g.end == end)
        {
            goal.revenue = revenue;
            goal.won_deals = won_deals;
            goal.updated_at = now;
            return Ok(goal.id.clone());
        }
        self.goals.push(Goal {
            id: id.clone(),
            start,
            end,
            owner: draft.owner.clone(),
            revenue,
            won_deals,
            updated_at: now,
        });
        Ok(id)
    }

    /// Deletes a goal, leaving a tombstone; returns it for undo.
    pub fn delete_goal(&mut self, id: &GoalId, now: Timestamp) -> Option<Goal> {
        let index = self.goals.iter().position(|g| &g.id == id)?;
        let goal = self.goals.remove(index);
        self.tombstones.push(Tombstone {
            id: goal.id.0.clone(),
            deleted_at: now,
        });
        Some(goal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::MoneyError;

    fn draft(owner: Option<&str>, span: GoalSpan, revenue: &str, won: &str) -> GoalDraft {
        GoalDraft {
            owner: owner.map(OwnerId::from),
            span,
            revenue: revenue.into(),
            won_deals: won.into(),
        }
    }

    #[test]
    fn spans_cover_whole_months_and_quarters() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(
            GoalSpan::Month {
                year: 2024,
                month: 2
            }
            .days(),
            Some((d("2024-02-01"), d("2024-02-29")))
        );
        assert_eq!(
            GoalSpan::Quarter {
                year: 2025,
                quarter: 4
            }
            .days(),
            Some((d("2025-10-01"), d("2025-12-31")))
        );
        assert_eq!(
            GoalSpan::Quarter {
                year: 2025,
                quarter: 5
            }
            .days(),
            None
        );
        assert_eq!(
            GoalSpan::month_of(d("2025-06-30"), Calendar::Gregorian),
            GoalSpan::Month {
                year: 2025,
                month: 6
            }
        );
    }

    #[test]
    fn jalali_goals_cover_jalali_months_and_seasons() {
        let d = |s| Date::parse(s).unwrap();
        let esfand = GoalSpan::Month {
            year: 1403,
            month: 12,
        };
        assert_eq!(
            esfand.days_in(Calendar::Jalali),
            Some((d("2025-02-19"), d("2025-03-20"))),
            "Esfand 1403 has 30 days"
        );
        let winter = GoalSpan::Quarter {
            year: 1404,
            quarter: 4,
        };
        assert_eq!(
            winter.days_in(Calendar::Jalali),
            Some((d("2025-12-22"), d("2026-03-20")))
        );
        assert_eq!(
            GoalSpan::month_of(d("2025-12-27"), Calendar::Jalali),
            GoalSpan::Month {
                year: 1404,
                month: 10
            }
        );
        assert_eq!(
            GoalSpan::Month {
                year: 2025,
                month: 1
            }
            .days_in(Calendar::Jalali),
            None,
            "2025 is not a Jalali year Kariz takes"
        );
        let mut ds = Dataset::new(Language::Fa);
        assert_eq!(ds.settings.calendar, Calendar::Jalali);
        let draft = GoalDraft {
            owner: None,
            span: esfand,
            revenue: "۱۰۰۰".into(),
            won_deals: String::new(),
        };
        ds.set_goal(GoalId::from("g"), &draft, Timestamp(1))
            .unwrap();
        assert_eq!(
            (ds.goals[0].start, ds.goals[0].end),
            (d("2025-02-19"), d("2025-03-20"))
        );
    }

    #[test]
    fn goals_validate_and_update_in_place() {
        let mut ds = Dataset::new(Language::En);
        let june = GoalSpan::Month {
            year: 2025,
            month: 6,
        };
        let errs = ds
            .set_goal("g1".into(), &draft(None, june, "", ""), Timestamp(1))
            .unwrap_err();
        assert_eq!(errs[0].field, GoalField::Revenue);
        assert_eq!(errs[0].problem, FieldProblem::Required);
        let errs = ds
            .set_goal("g1".into(), &draft(None, june, "-5", "x"), Timestamp(1))
            .unwrap_err();
        assert_eq!(
            errs.iter().map(|e| e.field).collect::<Vec<_>>(),
            [GoalField::Revenue, GoalField::WonDeals]
        );
        assert!(matches!(
            errs[0].problem,
            FieldProblem::Money(MoneyError::Negative)
        ));
        assert!(ds.goals.is_empty());
        let id = ds
            .set_goal("g1".into(), &draft(None, june, "50,000", ""), Timestamp(2))
            .unwrap();
        let again = ds
            .set_goal("g2".into(), &draft(None, june, "", "۱۲"), Timestamp(3))
            .unwrap();
        assert_eq!(id, again);
        assert_eq!(ds.goals.len(), 1);
        assert_eq!(
            (ds.goals[0].revenue, ds.goals[0].won_deals),
            (None, Some(12))
        );
        ds.set_goal(
            "g3".into(),
            &draft(Some("rep-1"), june, "10000", ""),
            Timestamp(4),
        )
        .unwrap();
        assert_eq!(ds.goals.len(), 2);
        assert_eq!(ds.goals[1].revenue.unwrap().minor, 1_000_000);
        assert!(ds.delete_goal(&"g3".into(), Timestamp(5)).is_some());
        assert_eq!(ds.tombstones.len(), 1);
    }
}
