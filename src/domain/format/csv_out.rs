//! Deals (and any table of figures) as CSV that opens correctly in Excel and LibreOffice: UTF-8
//! with a byte-order mark, quoted where needed, and no cell a spreadsheet would run as a formula.
//!
//! The deal columns use header names the CSV importer recognises, so an exported file imports
//! back as the same deals.

use super::field::{Field, FIELDS};
use crate::model::*;
use std::borrow::Cow;

/// Columns of a deal export, in order: every field the importer knows.
pub const DEAL_COLUMNS: [Field; 18] = FIELDS;

/// The header of a deal column in a language (names the importer maps back).
pub fn header(field: &Field, lang: Language) -> &'static str {
    let (en, fa) = match field {
        Field::Id => ("ID", "شناسه"),
        Field::Title => ("Title", "عنوان"),
        Field::Company => ("Company", "شرکت"),
        Field::Contact => ("Contact", "مخاطب"),
        Field::Phone => ("Phone", "تلفن"),
        Field::Email => ("Email", "ایمیل"),
        Field::Stage => ("Stage", "مرحله"),
        Field::Status => ("Status", "وضعیت"),
        Field::Value => ("Value", "مبلغ"),
        Field::Currency => ("Currency", "ارز"),
        Field::Created => ("Created", "تاریخ ایجاد"),
        Field::ExpectedClose => ("Expected close", "تاریخ بستن مورد انتظار"),
        Field::Closed => ("Closed", "تاریخ بسته شدن"),
        Field::Owner => ("Owner", "مسئول"),
        Field::Source => ("Source", "منبع"),
        Field::Type => ("Deal type", "نوع معامله"),
        Field::LostReason => ("Lost reason", "دلیل از دست دادن"),
        Field::Notes => ("Notes", "یادداشت"),
        // Not a column of the export (which carries each deal's current stage only).
        Field::Entered(_) => ("Entered stage", "ورود به مرحله"),
    };
    match lang {
        Language::En => en,
        Language::Fa => fa,
    }
}

/// First characters that make a spreadsheet evaluate a cell, and the escape mark itself.
const RISKY: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// A text cell that a spreadsheet will show as text: one starting with `=`, `+`, `-`, `@`, tab
/// or carriage return would be run as a formula (CSV injection), so it gets a leading `'` (and
/// so does one already starting with `'`, so that [`unescape_cell`] gives back the original).
pub fn safe_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(RISKY) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Undoes [`safe_cell`] on import.
pub fn unescape_cell(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(RISKY) => rest,
        _ => text,
    }
}

/// Rows of cells as CSV text with a byte-order mark and CRLF line ends (what Excel writes).
pub fn to_csv(rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::from("\u{feff}".as_bytes()));
    for row in rows {
        // Writing to memory cannot fail; a failure would only shorten the file.
        if writer.write_record(row).is_err() {
            break;
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The deals as CSV, headers in `lang`; text cells made safe with [`safe_cell`].
pub fn deals_csv<'a>(
    ds: &Dataset,
    deals: impl Iterator<Item = &'a Deal>,
    lang: Language,
) -> String {
    let mut rows = vec![DEAL_COLUMNS
        .iter()
        .map(|f| header(f, lang).to_string())
        .collect::<Vec<_>>()];
    for deal in deals {
        let stage = deal.current_stage().and_then(|s| ds.stage(s));
        let kind = stage.map_or(StageKind::Open, |s| s.kind);
        let text = |s: &str| safe_cell(s).into_owned();
        rows.push(
            DEAL_COLUMNS
                .iter()
                .map(|field| match field {
                    Field::Id => text(deal.id.as_str()),
                    Field::Title => text(&deal.title),
                    Field::Company => text(&deal.company),
                    Field::Contact => text(&deal.contact),
                    Field::Phone => text(&deal.phone),
                    Field::Email => text(&deal.email),
                    Field::Stage => text(stage.map_or("", |s| s.name.as_str())),
                    Field::Status => match kind {
                        StageKind::Open => "open",
                        StageKind::Won => "won",
                        StageKind::Lost => "lost",
                    }
                    .to_string(),
                    Field::Value => deal.value.currency.plain_amount(deal.value.minor),
                    Field::Currency => deal.value.currency.code().to_string(),
                    Field::Created => deal.first_contact.to_string(),
                    Field::ExpectedClose => deal
                        .expected_close
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    Field::Closed => match kind {
                        StageKind::Open => String::new(),
                        _ => deal
                            .current_since()
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                    },
                    Field::Owner => text(ds.owner_name(deal.owner.as_ref())),
                    Field::Source => text(ds.source_name(deal.source.as_ref())),
                    Field::Type => text(ds.deal_type_name(deal.deal_type.as_ref())),
                    Field::LostReason => text(deal.lost_reason.as_deref().unwrap_or("")),
                    Field::Notes => text(&deal.notes),
                    Field::Entered(id) => deal
                        .events
                        .iter()
                        .find(|e| e.stage == *id)
                        .map(|e| e.date.to_string())
                        .unwrap_or_default(),
                })
                .collect(),
        );
    }
    to_csv(&rows)
}

/// File name of a deal export made on `today`, e.g. `kariz-deals-2026-11-27.csv`.
pub fn deals_file_name(today: crate::Date) -> String {
    format!("kariz-deals-{today}.csv")
}

/// File name of a deal export as a workbook, e.g. `kariz-deals-2026-11-27.xlsx`.
pub fn deals_xlsx_name(today: crate::Date) -> String {
    format!("kariz-deals-{today}.xlsx")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_restored() {
        for text in [
            "=HYPERLINK(\"x\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'=x",
            "'a",
        ] {
            let safe = safe_cell(text);
            assert!(safe.starts_with('\''), "{text}");
            assert_eq!(unescape_cell(&safe), text);
        }
        assert_eq!(safe_cell("Acme"), "Acme");
        assert_eq!(unescape_cell("Acme"), "Acme");
    }

    #[test]
    fn file_has_a_bom_crlf_and_quotes() {
        let text = to_csv(&[
            vec!["a,b".into(), "say \"hi\"".into()],
            vec!["x".into(), "".into()],
        ]);
        assert_eq!(text, "\u{feff}\"a,b\",\"say \"\"hi\"\"\"\r\nx,\r\n");
    }
}
