//! Spreadsheet fixtures made by tests/fixtures/sheets/make.py, read cell by cell.

use crate::format::csv_in::read_table;
use crate::format::sheet::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/sheets/{name}", crate::REPO_ROOT);
    std::fs::read(path).unwrap()
}

#[test]
fn an_excel_export_reads_dates_numbers_and_text_as_a_csv_would_hold_them() {
    let read = sheet_to_csv(&fixture("deals.xlsx"), None).unwrap();
    assert_eq!(read.sheets, ["Deals", "Owners"]);
    assert_eq!(read.sheet, "Deals");
    let table = read_table(&read.csv).unwrap();
    assert_eq!(table.headers[0], "Record ID");
    assert_eq!(table.headers[9], "Phone");
    let cells: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(String::from).collect())
        .collect();
    // The spacing row is gone: four deals.
    assert_eq!(cells.len(), 4);
    assert_eq!(
        cells[0],
        [
            "9001",
            "Acme renewal",
            "Acme",
            "Sara",
            "Website",
            "1200",
            "Closed won",
            "2025-03-02",
            "2025-04-10 15:30",
            "0912 111 2233"
        ]
    );
    assert_eq!(cells[1][5], "800.5");
    assert_eq!(cells[1][8], "2025-03-28");
    assert_eq!(cells[2][5], "");
    assert_eq!(cells[3][0], "9004");
}

#[test]
fn another_sheet_can_be_chosen_and_a_missing_one_is_named() {
    let owners = sheet_to_csv(&fixture("deals.xlsx"), Some("Owners")).unwrap();
    assert_eq!(owners.csv, "Name,Extension\nSara,101\n");
    assert_eq!(
        sheet_to_csv(&fixture("deals.xlsx"), Some("Leads")),
        Err(SheetError::NoSuchSheet("Leads".into()))
    );
}

#[test]
fn an_ods_sheet_keeps_persian_text_and_jalali_dates() {
    let read = sheet_to_csv(&fixture("leads.ods"), None).unwrap();
    assert_eq!(read.sheet, "سرنخ‌ها");
    let table = read_table(&read.csv).unwrap();
    assert_eq!(table.headers[6], "تاریخ ایجاد");
    assert_eq!(table.rows.len(), 2);
    assert_eq!(&table.rows[0].cells[4], "25000000");
    assert_eq!(&table.rows[0].cells[6], "۱۴۰۴/۰۱/۱۵");
    assert_eq!(&table.rows[0].cells[7], "");
    assert_eq!(&table.rows[1].cells[7], "۱۴۰۴/۰۲/۲۰");
    assert_eq!(&table.rows[1].cells[8], "09350001122");
}

#[test]
fn a_file_that_is_not_a_workbook_is_refused_with_a_reason() {
    let err = sheet_to_csv(b"Title,Value\nAcme,1\n", None).unwrap_err();
    assert!(matches!(err, SheetError::Unreadable(_)), "{err:?}");
    assert!(is_spreadsheet("Deals 2025.XLSX"));
    assert!(is_spreadsheet("leads.ods"));
    assert!(!is_spreadsheet("deals.csv"));
}

#[test]
fn the_persian_sheet_imports_every_row_with_its_jalali_dates() {
    use crate::date::{Date, Timestamp};
    use crate::format::csv_in::{convert_table, CsvPlan};
    use crate::model::{Dataset, Language};
    let read = sheet_to_csv(&fixture("leads.ods"), None).unwrap();
    let table = read_table(&read.csv).unwrap();
    let ds = Dataset::new(Language::Fa);
    let today = Date::parse("2025-06-30").unwrap();
    let plan = CsvPlan::guess(&table, &ds, today, Timestamp(1));
    let converted = convert_table(&table, &ds, &plan);
    assert_eq!(converted.issues, Vec::new());
    let dates: Vec<(String, Vec<String>)> = converted
        .dataset
        .deals
        .iter()
        .map(|d| {
            let log = d.events.iter().map(|e| format!("{} {}", e.stage.0, e.date));
            (d.title.clone(), log.collect())
        })
        .collect();
    // ۱۴۰۴/۰۱/۱۵ = 2025-04-04; ۱۴۰۴/۰۲/۰۳ = 2025-04-23; ۱۴۰۴/۰۲/۲۰ = 2025-05-10.
    assert_eq!(
        dates,
        [
            ("خرید عمده".to_string(), vec!["lead 2025-04-04".to_string()]),
            (
                "تمدید قرارداد".to_string(),
                vec!["lead 2025-04-23".to_string(), "won 2025-05-10".to_string()]
            ),
        ]
    );
}

#[test]
fn the_deal_export_as_xlsx_reads_back_cell_for_cell() {
    let csv =
        "\u{feff}Title,Phone,Value,Created,Notes\r\nAcme,0912 111 2233,1200.5,2025-03-02,'=1+1\r\n\
               بیمه,09121112233,300,2025-04-20,\r\n";
    let bytes = csv_to_xlsx(csv, "Deals", true).unwrap();
    let back = sheet_to_csv(&bytes, None).unwrap();
    assert_eq!(back.sheets, ["Deals"]);
    let table = read_table(&back.csv).unwrap();
    let cells: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(String::from).collect())
        .collect();
    // Phone numbers stay text (leading zero); the value is a number, the date a date cell; the
    // CSV's formula guard is off (a text cell is never a formula).
    assert_eq!(
        cells,
        [
            ["Acme", "0912 111 2233", "1200.5", "2025-03-02", "=1+1"],
            ["بیمه", "09121112233", "300", "2025-04-20", ""],
        ]
    );
}
