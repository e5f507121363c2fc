use super::*;
use crate::format::schema::check_integrity;
use crate::merge::merge;

fn d(text: &str) -> Date {
    Date::parse(text).unwrap()
}

pub(super) fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/csv/{name}", crate::REPO_ROOT)).unwrap()
}

fn base() -> Dataset {
    Dataset::new(Language::En)
}

fn plan_for(table: &Table, ds: &Dataset) -> CsvPlan {
    CsvPlan::guess(table, ds, d("2025-11-27"), Timestamp(1_000))
}

fn deal<'a>(c: &'a Converted, title: &str) -> &'a Deal {
    c.dataset
        .deals
        .iter()
        .find(|x| x.title == title)
        .unwrap_or_else(|| panic!("no deal {title}"))
}

fn stage_of(deal: &Deal) -> &str {
    deal.current_stage().unwrap().as_str()
}

fn usd(minor: i64) -> Money {
    Money {
        minor,
        currency: Currency::parse("USD").unwrap(),
    }
}

#[test]
fn hubspot_export_maps_headers_us_dates_and_internal_stage_ids() {
    let table = read_table(&fixture("hubspot.csv")).unwrap();
    assert_eq!(table.headers[0], "Record ID", "the BOM is dropped");
    assert_eq!(table.rows.len(), 5, "the trailing blank line is not a row");
    let ds = base();
    let plan = plan_for(&table, &ds);
    use Field::*;
    assert_eq!(
        plan.fields,
        [
            Some(Id),
            Some(Title),
            Some(Stage),
            Some(Value),
            Some(ExpectedClose),
            Some(Created),
            Some(Owner),
            Some(Source),
            Some(Company),
            Some(LostReason),
            None
        ]
    );
    assert_eq!(
        plan.formats[5],
        Some(DateFormat::Mdy),
        "13/45 does not make it D/M"
    );
    assert_eq!(plan.formats[4], Some(DateFormat::Mdy));
    let c = convert_table(&table, &ds, &plan);
    let acme = deal(&c, "Acme, Inc. renewal");
    assert_eq!(acme.id.as_str(), "csv-9001");
    assert_eq!(acme.company, "Acme, Inc.", "quoted comma kept");
    assert_eq!(acme.value, usd(1_250_000));
    assert_eq!(stage_of(acme), "won", "closedwon → the won stage by kind");
    assert_eq!(acme.first_contact, d("2025-02-03"));
    assert_eq!(acme.events[1].date, d("2025-03-28"), "close date closes it");
    let initech = deal(&c, "Initech trial");
    assert_eq!(stage_of(initech), "lost");
    assert_eq!(initech.lost_reason.as_deref(), Some("Too expensive"));
    assert_eq!(initech.value, usd(230_050));
    let globex = deal(&c, "Globex phones");
    assert_eq!(
        stage_of(globex),
        "lead",
        "an unknown open stage goes to the first stage"
    );
    assert_eq!(globex.expected_close, Some(d("2025-07-15")));
    let umbrella = deal(&c, "Umbrella (no amount)");
    assert_eq!(umbrella.value.minor, 0, "no amount is zero, not guessed");
    assert_eq!(
        umbrella.first_contact,
        d("2025-11-27"),
        "no date: the import day"
    );
    assert_eq!(
        (umbrella.owner.clone(), umbrella.source.clone()),
        (None, None)
    );
    assert_eq!(c.undated, 1);
    assert_eq!(
        c.issues,
        [RowIssue {
            line: 6,
            column: "Create Date".into(),
            problem: RowProblem::BadDate("13/45/2025".into())
        }]
    );
    let mut names = c.new_names.clone();
    names.sort();
    assert_eq!(
        names,
        [
            "Organic Search",
            "Paid Search",
            "Referrals",
            "Reza Karimi",
            "Sara Ahmadi"
        ]
    );
    check_integrity(&c.dataset).unwrap();
}

#[test]
fn pipedrive_status_overrides_stage_and_won_lost_times_close() {
    let table = read_table(&fixture("pipedrive.csv")).unwrap();
    let ds = base();
    let plan = plan_for(&table, &ds);
    assert_eq!(plan.fields[7], Some(Field::Status));
    assert_eq!(plan.fields[11], Some(Field::Closed));
    assert_eq!(
        plan.fields[12],
        Some(Field::Closed),
        "won and lost time both close"
    );
    assert_eq!(plan.formats[9], Some(DateFormat::Ymd));
    let c = convert_table(&table, &ds, &plan);
    let big = deal(&c, "Big order");
    assert_eq!(stage_of(big), "won");
    assert_eq!(
        big.value,
        Money {
            minor: 123_450,
            currency: Currency::parse("EUR").unwrap()
        },
        "1.234,50 is European notation"
    );
    assert_eq!(big.events[1].date, d("2025-02-10"));
    let small = deal(&c, "Small order");
    assert_eq!(stage_of(small), "lost");
    assert_eq!(
        small.events[1].date,
        d("2025-01-20"),
        "the lost time column"
    );
    assert_eq!(small.lost_reason.as_deref(), Some("No budget"));
    assert_eq!(
        stage_of(deal(&c, "Open one")),
        "sql",
        "“Qualified” is a sales-qualified stage"
    );
    assert_eq!(c.issues.len(), 1);
    assert_eq!(c.issues[0].column, "Deal - Currency");
    assert_eq!(
        c.issues[0].problem,
        RowProblem::BadCurrency("Dollar".into())
    );
}

#[test]
fn salesforce_day_first_dates_and_pound_amounts() {
    let table = read_table(&fixture("salesforce.csv")).unwrap();
    let ds = base();
    let plan = plan_for(&table, &ds);
    assert_eq!(plan.fields[4], Some(Field::Currency));
    assert_eq!(
        plan.formats[6],
        Some(DateFormat::Dmy),
        "15/03 can only be day-first"
    );
    let c = convert_table(&table, &ds, &plan);
    assert!(c.issues.is_empty(), "{:?}", c.issues);
    let edge = deal(&c, "Edge upgrade");
    assert_eq!(edge.value.minor, 2_500_000);
    assert_eq!(edge.value.currency.code(), "GBP");
    assert_eq!(edge.first_contact, d("2025-01-20"));
    assert_eq!(stage_of(deal(&c, "Pyramid")), "lost");
    assert_eq!(
        deal(&c, "Pyramid").lost_reason,
        None,
        "no reason column: none"
    );
}

#[test]
fn persian_sheet_with_jalali_dates_persian_digits_and_toman() {
    let table = read_table(&fixture("sheet-fa.csv")).unwrap();
    assert_eq!(table.headers.len(), 8, "semicolons detected");
    let ds = Dataset::new(Language::Fa);
    let plan = plan_for(&table, &ds);
    assert_eq!(plan.formats[4], Some(DateFormat::JalaliYmd));
    assert_eq!(plan.fields[6], Some(Field::Owner));
    let c = convert_table(&table, &ds, &plan);
    let support = deal(&c, "قرارداد پشتیبانی");
    assert_eq!(support.value.currency.code(), "IRR");
    assert_eq!(support.value.minor, 125_000_000, "toman × 10 = rials");
    assert_eq!(stage_of(support), "won");
    assert_eq!(support.first_contact, d("2025-01-24"), "1403/11/05");
    assert_eq!(
        support.events[1].date,
        d("2025-03-20"),
        "1403/12/30, a leap day"
    );
    let phone = deal(&c, "خرید تلفن");
    assert_eq!(phone.value.minor, 5_000_000);
    assert_eq!(phone.first_contact, d("2025-04-04"), "1404/01/15");
    assert_eq!(
        c.issues,
        [RowIssue {
            line: 4,
            column: String::new(),
            problem: RowProblem::NoTitle
        }]
    );
}

#[test]
fn ambiguous_dates_ask_the_user_and_then_read_their_way() {
    let table = read_table(&fixture("ambiguous.csv")).unwrap();
    let ds = base();
    let mut plan = plan_for(&table, &ds);
    assert_eq!(
        plan.fields[1],
        Some(Field::Status),
        "a lone status column is the stage"
    );
    assert_eq!(plan.undecided_dates(), [3]);
    plan.formats[3] = Some(DateFormat::Dmy);
    let c = convert_table(&table, &ds, &plan);
    assert_eq!(deal(&c, "One").first_contact, d("2025-02-01"));
    assert_eq!(c.dataset.deals.len(), 1);
    assert_eq!(
        c.issues[0].problem,
        RowProblem::NoCloseDate,
        "a won deal with no closing date is left out, not dated today"
    );
    plan.formats[3] = Some(DateFormat::Mdy);
    let c = convert_table(&table, &ds, &plan);
    assert_eq!(deal(&c, "One").first_contact, d("2025-01-02"));
}

#[test]
fn only_date_columns_are_read_for_a_format_until_another_is_mapped_to_a_date() {
    let text =
        "Deal,Note,Created,Closed\nOne,2025-03-04,2025-01-02,\nTwo,note,2025-01-05,03/04/2025\n";
    let table = read_table(text).unwrap();
    let mut plan = plan_for(&table, &base());
    assert_eq!(plan.fields[2], Some(Field::Created));
    assert_eq!(
        plan.formats,
        [None, None, Some(DateFormat::Ymd), None],
        "the note column's dates are not read while it is a note; 03/04 is ambiguous"
    );
    assert_eq!(plan.undecided_dates(), [3]);
    // The user says the "Note" column holds the created date after all.
    plan.map_column(&table, 2, None);
    plan.map_column(&table, 1, Some(Field::Created));
    assert_eq!(plan.fields[1], Some(Field::Created));
    assert_eq!(plan.formats[1], Some(DateFormat::Ymd));
    // A format already chosen stays; a text field takes none.
    plan.formats[1] = Some(DateFormat::Dmy);
    plan.map_column(&table, 1, Some(Field::ExpectedClose));
    assert_eq!(plan.formats[1], Some(DateFormat::Dmy));
    plan.map_column(&table, 0, Some(Field::Notes));
    assert_eq!(plan.formats[0], None);
    plan.map_column(&table, 9, Some(Field::Created));
    assert_eq!(
        plan.fields.len(),
        4,
        "a column the table lacks changes nothing"
    );
}

#[test]
fn stage_values_are_listed_with_counts_and_can_be_left_out() {
    let table = read_table(&fixture("hubspot.csv")).unwrap();
    let ds = base();
    let mut plan = plan_for(&table, &ds);
    let values = stage_values(&table, &plan.fields, &ds);
    let listed: Vec<(&str, usize, Option<&str>)> = values
        .iter()
        .map(|v| {
            (
                v.value.as_str(),
                v.rows,
                v.guess.as_ref().map(StageId::as_str),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("appointmentscheduled", 1, Some("lead")),
            ("closedlost", 1, Some("lost")),
            ("closedwon", 1, Some("won")),
            ("contractsent", 1, Some("sql")),
            ("qualifiedtobuy", 1, Some("sql")),
        ]
    );
    plan.stages.insert(
        "appointmentscheduled".into(),
        StageChoice::Stage("sql".into()),
    );
    plan.stages
        .insert("qualifiedtobuy".into(), StageChoice::LeaveOut);
    let c = convert_table(&table, &ds, &plan);
    assert_eq!(stage_of(deal(&c, "Globex phones")), "sql");
    assert!(c
        .issues
        .iter()
        .any(|i| i.problem == RowProblem::StageLeftOut("qualifiedtobuy".into())));
}

#[test]
fn reimporting_the_same_file_changes_nothing() {
    let table = read_table(&fixture("sheet-fa.csv")).unwrap();
    let ds = Dataset::new(Language::Fa);
    let plan = plan_for(&table, &ds);
    let (once, first) = merge(&ds, &convert_table(&table, &ds, &plan).dataset);
    assert_eq!(first.deals.new, 2);
    let later = CsvPlan {
        now: Timestamp(99_999),
        ..plan
    };
    let (twice, second) = merge(&once, &convert_table(&table, &once, &later).dataset);
    assert_eq!((second.deals.new, second.deals.unchanged), (0, 2));
    assert_eq!(once, twice);
}

#[test]
fn won_and_lost_words_are_whole_words() {
    use StageKind::*;
    for (value, kind) in [
        ("Closed Won", Some(Won)),
        ("closedwon", Some(Won)),
        ("closedlost", Some(Lost)),
        ("LOST", Some(Lost)),
        ("از دست رفته", Some(Lost)),
        ("برنده", Some(Won)),
        ("Winter promo", None),
        ("javascript:window.open()", None),
        ("Closing soon", None),
        ("Appointment scheduled", None),
    ] {
        assert_eq!(kind_of_value(value), kind, "{value}");
    }
}

#[test]
fn amounts_in_the_notations_people_type() {
    let usd_ = Currency::parse("USD").unwrap();
    let irr = Currency::parse("IRR").unwrap();
    let minor = |t: &str, c| parse_amount(t, c).map(|m| m.minor);
    assert_eq!(minor("1,234.56", usd_), Ok(123_456));
    assert_eq!(minor("1.234,56", usd_), Ok(123_456));
    assert_eq!(minor("1 234,5", usd_), Ok(123_450));
    assert_eq!(
        minor("1,234", usd_),
        Ok(123_400),
        "one separator + 3 digits groups"
    );
    assert_eq!(minor("1,5", usd_), Ok(150));
    assert_eq!(minor("12.3456", usd_), Ok(1_235), "rounded half up");
    assert_eq!(
        minor("$ 99", irr),
        Ok(9_900),
        "the symbol names the currency"
    );
    assert_eq!(
        parse_amount("USD 5", irr).map(|m| m.currency.code().to_string()),
        Ok("USD".into())
    );
    assert_eq!(minor("۱۲٬۳۴۵", irr), Ok(12_345));
    assert_eq!(minor("۱۰ تومان", irr), Ok(100));
    assert!(minor("-5", usd_).is_err());
    assert!(minor("(5)", usd_).is_err());
    assert!(minor("abc", usd_).is_err());
    assert!(minor("1.2.3,4,5", usd_).is_err());
    assert!(minor("99999999999999999999", usd_).is_err());
}

#[test]
fn dates_in_the_notations_people_type() {
    use DateFormat::*;
    let cases = [
        ("2024-03-05", Ymd, "2024-03-05"),
        ("2024/3/5 14:00", Ymd, "2024-03-05"),
        ("2024-03-05T14:22:00Z", Ymd, "2024-03-05"),
        ("3/5/2024", Mdy, "2024-03-05"),
        ("3/5/24", Mdy, "2024-03-05"),
        ("05.03.2024", Dmy, "2024-03-05"),
        ("5-Mar-24", Mdy, "2024-03-05"),
        ("Mar 5, 2024", Dmy, "2024-03-05"),
        ("۱۴۰۳/۱۲/۱۵", JalaliYmd, "2025-03-05"),
        ("١٤٠٣-١٢-١٥", JalaliYmd, "2025-03-05"),
        ("5/3/99", Dmy, "1999-03-05"),
    ];
    for (text, format, want) in cases {
        assert_eq!(parse_date(text, format), Some(d(want)), "{text}");
    }
    assert_eq!(parse_date("2024-03-05", Mdy), None);
    assert_eq!(
        parse_date("1403/12/15", Ymd),
        None,
        "1403 is not a Gregorian year Kariz takes"
    );
    assert_eq!(parse_date("2/30/2024", Mdy), None);
    assert_eq!(parse_date("soon", Ymd), None);
    let guess = guess_date_format(["01/02/2025", "03/04/2025", ""].into_iter());
    assert!(guess.ambiguous && guess.format.is_none());
    let guess = guess_date_format(["01/02/2025", "25/04/2025"].into_iter());
    assert_eq!(guess.format, Some(Dmy));
}

#[test]
fn broken_files_are_refused_with_a_reason() {
    assert_eq!(read_table(""), Err(CsvError::NoHeader));
    assert_eq!(read_table("Name,Value\n\n ,\n"), Err(CsvError::NoRows));
    let big = CsvError::TooLarge {
        size: MAX_CSV_BYTES + 1,
        limit: MAX_CSV_BYTES,
    };
    assert!(big.to_string().contains("20971520"));
    let many = format!("Name\n{}", "x\n".repeat(MAX_CSV_ROWS + 1));
    assert_eq!(
        read_table(&many),
        Err(CsvError::TooManyRows {
            limit: MAX_CSV_ROWS
        })
    );
    let ragged = read_table("a,b,c\n1\n1,2,3,4\n").unwrap();
    assert_eq!(ragged.rows[0].cells, ["1", "", ""], "short rows are padded");
    assert_eq!(
        ragged.rows[1].cells.len(),
        3,
        "long rows are cut to the header"
    );
}

#[test]
fn row_ids_are_written_as_format_would() {
    for (key, n) in [
        (0, 1),
        (0xdead_beef, 10),
        (u64::MAX, u32::MAX),
        (0x0123_4567_89ab_cdef, 907),
    ] {
        assert_eq!(row_id(key, n), format!("csv-{key:016x}-{n}"));
        assert_eq!(hashed_id("call-", key), format!("call-{key:016x}"));
    }
}

#[test]
fn reading_in_slices_reports_progress_and_gives_the_same_table() {
    let mut text = String::from("Name,Value\n");
    for i in 0..1000 {
        text.push_str(&format!("Deal {i},{i}\n"));
    }
    let mut reader = TableReader::new(text.clone()).unwrap();
    let mut seen = vec![reader.progress()];
    while !reader.read(100).unwrap() {
        seen.push(reader.progress());
    }
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(seen.len() >= 10);
    assert_eq!(reader.finish().unwrap(), read_table(&text).unwrap());
}

/// The table as a `StringRecord` reader reads the text `from_utf8_lossy` makes of `bytes`
/// (byte-order mark dropped, delimiter of the first line, blank rows left out, short rows
/// padded); `None` when it has no header, no rows, or is malformed.
#[cfg(not(target_arch = "wasm32"))]
fn naive_read(bytes: &[u8]) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let head = text.lines().next().unwrap_or("");
    let count = |d: char| head.chars().filter(|c| *c == d).count();
    let delimiter = [',', ';', '\t']
        .into_iter()
        .max_by_key(|d| (count(*d), *d == ','))
        .unwrap_or(',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .ok()?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headers.iter().all(String::is_empty) {
        return None;
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.ok()?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut cells: Vec<String> = record
            .iter()
            .take(headers.len())
            .map(str::to_string)
            .collect();
        cells.resize(headers.len(), String::new());
        rows.push(cells);
    }
    (!rows.is_empty()).then_some((headers, rows))
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// A row's cells in one buffer give back every cell as pushed (empty ones, multi-byte
        /// text), in order, and nothing past the last.
        #[test]
        fn cells_give_back_what_was_pushed(texts in proptest::collection::vec(".{0,8}", 0..12)) {
            let cells = Cells::from(texts.clone());
            prop_assert_eq!(cells.len(), texts.len());
            prop_assert_eq!(cells.is_empty(), texts.is_empty());
            prop_assert_eq!(cells.iter().collect::<Vec<_>>(), texts.iter().map(String::as_str).collect::<Vec<_>>());
            for (i, text) in texts.iter().enumerate() {
                prop_assert_eq!(cells.get(i), Some(text.as_str()));
                prop_assert_eq!(&cells[i], text.as_str());
            }
            prop_assert_eq!(cells.get(texts.len()), None);
        }

        /// Any text (bytes read as a browser reads a file: invalid UTF-8 as U+FFFD) reads as a
        /// plain `StringRecord` reader of it does: the same headers and cells, around
        /// delimiters, quotes, line ends, multi-byte characters and a byte-order mark.
        #[test]
        fn text_reads_as_its_naive_twin(
            bom in any::<bool>(),
            parts in proptest::collection::vec(prop_oneof![
                Just(b",".to_vec()), Just(b";".to_vec()), Just(b"\"".to_vec()),
                Just(b"\n".to_vec()), Just(b"\r\n".to_vec()), Just(b" ".to_vec()),
                Just("ا".as_bytes().to_vec()), Just("€".as_bytes().to_vec()),
                Just("\u{a0}".as_bytes().to_vec()),
                (b'a'..=b'c').prop_map(|b| vec![b]), (0x80u8..=0xff).prop_map(|b| vec![b]),
            ], 0..120),
        ) {
            let mut bytes = if bom { b"\xef\xbb\xbf".to_vec() } else { Vec::new() };
            bytes.extend(parts.concat());
            let naive = naive_read(&bytes);
            let read = TableReader::new(String::from_utf8_lossy(&bytes).into_owned()).and_then(|mut r| {
                while !r.read(7)? {}
                r.finish()
            });
            match (read, naive) {
                (Ok(table), Some((headers, rows))) => {
                    prop_assert_eq!(table.headers, headers);
                    let cells: Vec<Vec<String>> = table.rows.iter()
                        .map(|r| r.cells.iter().map(str::to_string).collect()).collect();
                    prop_assert_eq!(cells, rows);
                }
                (Err(_), None) => {}
                (read, naive) => prop_assert!(false, "reader {:?}, naive {:?}", read, naive),
            }
        }

        /// Arbitrary bytes (as text) never panic the reader, the guesses or the conversion.
        #[test]
        fn any_text_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            if let Ok(table) = read_table(&text) {
                let ds = base();
                let plan = plan_for(&table, &ds);
                let c = convert_table(&table, &ds, &plan);
                prop_assert_eq!(c.dataset.deals.len() + c.issues.len(), table.rows.len());
            }
        }

        /// CSV-shaped input with every field guessed: every row is a deal or a listed issue,
        /// and the result is always valid data.
        #[test]
        fn csv_rows_become_deals_or_issues(
            rows in proptest::collection::vec(
                (".{0,12}", "[0-9.,$ ]{0,10}", "[0-9/.-]{0,12}", "(won|lost|lead|x)?"), 0..40),
        ) {
            let mut text = String::from("Title,Amount,Created,Stage\n");
            for (title, amount, created, stage) in &rows {
                let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
                text.push_str(&format!("{},{},{},{}\n", quote(title), quote(amount), quote(created), stage));
            }
            if let Ok(table) = read_table(&text) {
                let ds = base();
                let plan = plan_for(&table, &ds);
                let c = convert_table(&table, &ds, &plan);
                prop_assert_eq!(c.dataset.deals.len() + c.issues.len(), table.rows.len());
                prop_assert!(check_integrity(&c.dataset).is_ok());
                prop_assert!(c.dataset.deals.iter().all(|x| x.first_contact <= d("2025-11-27")));
            }
        }

        /// Exporting deals to CSV and importing the file into the same data changes nothing:
        /// every deal comes back unchanged (title, company, notes with commas, quotes, new lines,
        /// formula-like text, amounts, currencies, stages, dates, owners, sources, lost reasons).
        #[test]
        fn export_then_import_is_the_identity(
            deals in proptest::collection::vec(
                ("[^\\s][^\r\n]{0,10}[^\\s]", "[=+@a-z, \"]{0,8}", "(|[a-z]{1,3}\n[a-z]{1,3})",
                 0i64..10_000_000, 0usize..4, 0i32..300, 0i32..60, proptest::option::of(0usize..2),
                 prop_oneof![Just("USD"), Just("IRR"), Just("KWD")],
                 "(|\\+98 912 [0-9]{3} [0-9]{4}|۰۹۱۲[۰-۹]{7}|-021-[0-9]{8})", "(|[a-z]{1,5}@[a-z]{1,5}\\.com)"),
                1..12),
        ) {
            let mut ds = base();
            let today = d("2025-11-27");
            for (i, (title, company, notes, minor, stage, age, span, owner, currency, phone, email)) in deals.iter().enumerate() {
                let stage_id = ["lead", "sql", "won", "lost"][*stage];
                let created = today.add_days(-age - span);
                let mut events = vec![StageEvent { stage: stage_id.into(), date: created }];
                if *stage >= 2 {
                    events.insert(0, StageEvent { stage: "lead".into(), date: created });
                    events[1].date = created.add_days(*span);
                }
                ds.deals.push(Deal {
                    id: DealId(format!("d-{i}")),
                    title: title.clone(),
                    company: company.trim().to_string(),
                    contact: String::new(),
                    phone: phone.clone(),
                    email: email.clone(),
                    source: owner.map(|_| SourceId::from("website")),
                    owner: None,
                    value: Money { minor: *minor, currency: Currency::parse(currency).unwrap() },
                    first_contact: created,
                    expected_close: (*stage == 1).then(|| today.add_days(30)),
                    lost_reason: (*stage == 3).then(|| "Price".to_string()),
                    lost_note: String::new(),
                    notes: notes.clone(),
                    events,
                    arrived: None,
                    updated_at: Timestamp(7),
                    deal_type: (*stage % 2 == 0).then(|| DealTypeId::from("renewal")),
                });
            }
            ds.deals.sort_by(|a, b| a.id.cmp(&b.id));
            for lang in [Language::En, Language::Fa] {
                let text = crate::format::csv_out::deals_csv(&ds, ds.deals.iter(), lang);
                let table = read_table(&text).unwrap();
                let plan = CsvPlan::guess(&table, &ds, today, Timestamp(99));
                prop_assert!(plan.undecided_dates().is_empty());
                let c = convert_table(&table, &ds, &plan);
                prop_assert!(c.issues.is_empty(), "{:?}", c.issues);
                prop_assert!(c.new_names.is_empty());
                let (merged, preview) = merge(&ds, &c.dataset);
                prop_assert_eq!(preview.deals.unchanged, ds.deals.len());
                prop_assert_eq!(&merged.deals, &ds.deals);
            }
        }

        /// Any date written ISO, US, European or Jalali reads back as itself.
        #[test]
        fn written_dates_read_back(days in 0i32..60_000) {
            let date = Date::from_days(days - 20_000);
            if let Ok(date) = Date::from_ymd(date.ymd().0, date.ymd().1, date.ymd().2) {
                let (y, m, dd) = date.ymd();
                let (jy, jm, jd) = crate::jalali::to_jalali(date);
                prop_assert_eq!(parse_date(&format!("{y}-{m:02}-{dd:02}"), DateFormat::Ymd), Some(date));
                prop_assert_eq!(parse_date(&format!("{m}/{dd}/{y}"), DateFormat::Mdy), Some(date));
                prop_assert_eq!(parse_date(&format!("{dd}.{m}.{y}"), DateFormat::Dmy), Some(date));
                prop_assert_eq!(parse_date(&format!("{jy}/{jm}/{jd}"), DateFormat::JalaliYmd), Some(date));
            }
        }
    }
}

#[test]
fn a_deal_without_name_or_company_is_named_by_its_contact_or_id_not_left_out() {
    // As in real CRM exports: many open deals have an id and an agent but no name or account.
    let csv = "Opportunity ID,Deal name,Account,Contact,Stage,Created\n\
               OPP-1,,,,Lead,2025-03-01\n\
               OPP-2,,,Sara Ahmadi,Lead,2025-03-02\n\
               ,,,,Lead,2025-03-03\n";
    let table = read_table(csv).unwrap();
    let ds = base();
    let plan = plan_for(&table, &ds);
    let c = convert_table(&table, &ds, &plan);
    assert_eq!(deal(&c, "OPP-1").company, "");
    assert_eq!(deal(&c, "Sara Ahmadi").contact, "Sara Ahmadi");
    assert_eq!(
        c.issues,
        [RowIssue {
            line: 4,
            column: String::new(),
            problem: RowProblem::NoTitle
        }],
        "only the row that nothing names is left out"
    );
}

/// The key a fixture uses for a guess: "owner", "expected_close", "ignore", …
fn guess_key(field: &Option<Field>) -> String {
    let Some(field) = field else {
        return "ignore".into();
    };
    if let Field::Entered(stage) = field {
        return format!("entered:{}", stage.as_str());
    }
    let name = format!("{field:?}");
    let mut key = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            key.push('_');
        }
        key.extend(c.to_lowercase());
    }
    key
}

/// The datasets of a header fixture: source, then (header, expected fields) per column.
fn header_fixture(name: &str) -> Vec<(String, Vec<(String, String)>)> {
    let text = fixture(name);
    let mut datasets: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(source) = line.strip_prefix("@ ") {
            datasets.push((source.to_string(), Vec::new()));
        } else {
            let (header, expected) = line.split_once('\t').expect("header<TAB>field");
            datasets
                .last_mut()
                .expect("a dataset")
                .1
                .push((header.to_string(), expected.to_string()));
        }
    }
    datasets
}

/// Columns guessed as the fixture expects: (right, total, right among mapped, mapped), and the
/// misses.
fn measure(datasets: &[(String, Vec<(String, String)>)]) -> ([usize; 4], Vec<String>) {
    let ds = base();
    let mut counts = [0usize; 4];
    let mut misses = Vec::new();
    for (source, columns) in datasets {
        let headers: Vec<String> = columns.iter().map(|(h, _)| h.clone()).collect();
        let guesses = guess_fields(&headers, &ds);
        for ((header, expected), guess) in columns.iter().zip(&guesses) {
            let got = guess_key(guess);
            let maps = expected != "ignore";
            let right = expected.split('|').any(|e| e == got);
            counts[0] += usize::from(right);
            counts[1] += 1;
            counts[2] += usize::from(right && maps);
            counts[3] += usize::from(maps);
            if !right {
                misses.push(format!("{source}: {header} → {got} (want {expected})"));
            }
        }
    }
    (counts, misses)
}

#[test]
fn field_guessing_is_measured_on_real_headers() {
    let tuned = header_fixture("crm-headers.txt");
    let held_out = header_fixture("crm-headers-holdout.txt");
    let pct = |a: usize, b: usize| a as f64 / b as f64 * 100.0;
    for (name, set) in [("tuned-on", &tuned), ("held-out", &held_out)] {
        let ([right, total, mapped_right, mapped], misses) = measure(set);
        println!(
            "field guessing, {name} set: {right} of {total} columns ({:.1}%) in {} header rows; \
             of the {mapped} a user maps to a field: {mapped_right} ({:.1}%)",
            pct(right, total),
            set.len(),
            pct(mapped_right, mapped)
        );
        for miss in &misses {
            println!("  miss: {miss}");
        }
    }
    let all: Vec<_> = tuned.iter().chain(&held_out).cloned().collect();
    let ([right, total, ..], _) = measure(&all);
    let share = right as f64 / total as f64;
    println!(
        "field guessing, all: {right} of {total} ({:.1}%)",
        share * 100.0
    );
    assert!(all.len() >= 30, "at least 30 header rows");
    assert!(share >= 0.9, "share {share:.3} under 0.9");
}

#[test]
fn maven_crm_sample_imports_every_row_mapped_as_a_user_would() {
    // 200 real rows (every 44th) of Maven Analytics' "CRM Sales Opportunities" sales_pipeline.csv:
    // open deals without an account, Prospecting rows without any date, values only on closed
    // deals, and a close_date that is the day a deal was won or lost.
    let text = fixture("maven-sales-pipeline.csv");
    let table = read_table(&text).unwrap();
    assert_eq!(table.rows.len(), 200);
    let ds = base();
    let plan = plan_for(&table, &ds);
    use Field::*;
    assert_eq!(
        plan.fields,
        [
            Some(Id),
            Some(Owner),
            Some(Title),
            Some(Company),
            Some(Stage),
            Some(Created),
            Some(Closed),
            Some(Value)
        ],
        "close_date is empty on every open deal: it is the won/lost date"
    );
    let c = convert_table(&table, &ds, &plan);
    assert!(c.issues.is_empty(), "no row left out: {:?}", c.issues);
    assert_eq!(c.dataset.deals.len(), 200);
    check_integrity(&c.dataset).unwrap();
    let mut by_stage: BTreeMap<(String, String), usize> = BTreeMap::new();
    for row in &table.rows {
        let cells: Vec<&str> = row.cells.iter().collect();
        let deal = c
            .dataset
            .deals
            .iter()
            .find(|x| x.id.as_str() == format!("csv-{}", cells[0]))
            .unwrap_or_else(|| panic!("no deal for {}", cells[0]));
        let stage = stage_of(deal).to_string();
        *by_stage
            .entry((cells[4].to_string(), stage.clone()))
            .or_default() += 1;
        assert_eq!(
            deal.owner.as_ref().map(|o| o.as_str().to_string()),
            Some(format!("owner-{}", squash(cells[1])))
        );
        assert_eq!(deal.company, cells[3]);
        if cells[4] == "Won" || cells[4] == "Lost" {
            assert_eq!(deal.first_contact, d(cells[5]), "{}", cells[0]);
            assert_eq!(
                deal.events.last().unwrap().date,
                d(cells[6]),
                "{}: closes on close_date",
                cells[0]
            );
            assert_eq!(deal.expected_close, None);
            assert_eq!(deal.value.minor, cells[7].parse::<i64>().unwrap() * 100);
        } else {
            assert_eq!(deal.value.minor, 0, "open deals have no value in this file");
        }
        if cells[3].is_empty() {
            assert_eq!(deal.title, cells[2], "named by the product, not left out");
        }
    }
    let mapped: Vec<((&str, &str), usize)> = by_stage
        .iter()
        .map(|((from, to), n)| ((from.as_str(), to.as_str()), *n))
        .collect();
    assert_eq!(
        mapped,
        [
            (("Engaging", "sql"), 34),
            (("Lost", "lost"), 53),
            (("Prospecting", "lead"), 11),
            (("Won", "won"), 102)
        ],
        "prospecting is a lead; engaging (a rep working the account) is sales-qualified"
    );
    assert_eq!(c.undated, 11, "Prospecting rows have no engage date");
}

/// Times a whole Maven file natively: `KARIZ_MAVEN=/path/sales_pipeline.csv cargo test --release
/// maven_full_file -- --ignored --nocapture`.
#[test]
#[ignore]
fn maven_full_file_timing() {
    let Ok(path) = std::env::var("KARIZ_MAVEN") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let start = std::time::Instant::now();
    let table = read_table(&text).unwrap();
    let ds = base();
    let plan = plan_for(&table, &ds);
    let c = convert_table(&table, &ds, &plan);
    let (merged, _) = merge(&ds, &c.dataset);
    let took = start.elapsed();
    println!(
        "{} rows → {} deals, {} left out, {} undated; read+guess+convert+merge {:?}",
        table.rows.len(),
        merged.deals.len(),
        c.issues.len(),
        c.undated,
        took
    );
}

/// The stages and dates of a deal's events, for golden comparisons.
pub(super) fn history(c: &Converted, title: &str) -> Vec<(String, String)> {
    deal(c, title)
        .events
        .iter()
        .map(|e| (e.stage.as_str().to_string(), e.date.to_string()))
        .collect()
}

/// Expected `(stage, date)` pairs as [`history`] returns them.
pub(super) fn golden(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(s, d)| (s.to_string(), d.to_string()))
        .collect()
}

#[test]
fn sheet_stage_date_columns_become_stage_events_in_date_order() {
    let table = read_table(&fixture("stage-dates.csv")).unwrap();
    let ds = base();
    let plan = plan_for(&table, &ds);
    use Field::*;
    assert_eq!(
        plan.fields,
        [
            Some(Title),
            Some(Company),
            Some(Stage),
            Some(Created),
            Some(Entered("mql".into())),
            Some(Entered("sql".into())),
            Some(Entered("won".into())),
            Some(Entered("lost".into())),
            Some(Value)
        ]
    );
    let c = convert_table(&table, &ds, &plan);
    check_integrity(&c.dataset).unwrap();
    assert_eq!(
        history(&c, "Full path"),
        golden(&[
            ("lead", "2025-01-02"),
            ("mql", "2025-01-05"),
            ("sql", "2025-01-10"),
            ("won", "2025-02-01")
        ])
    );
    assert_eq!(
        history(&c, "Still SQL"),
        golden(&[
            ("lead", "2025-01-03"),
            ("mql", "2025-01-06"),
            ("sql", "2025-01-12")
        ])
    );
    assert_eq!(
        history(&c, "No history"),
        golden(&[("mql", "2025-01-04")]),
        "no stage dates: as before, the deal enters its stage on its created date"
    );
    assert_eq!(
        history(&c, "Lost after MQL"),
        golden(&[
            ("lead", "2025-01-05"),
            ("mql", "2025-01-07"),
            ("lost", "2025-01-20")
        ])
    );
    assert_eq!(
        history(&c, "No stage cell"),
        golden(&[
            ("lead", "2025-01-06"),
            ("mql", "2025-01-08"),
            ("sql", "2025-01-09")
        ]),
        "an empty stage cell: the last dated stage"
    );
    let issue = |line: u64, column: &str, problem: RowProblem| RowIssue {
        line,
        column: column.into(),
        problem,
    };
    assert_eq!(
        c.issues,
        [
            issue(
                7,
                "SQL date",
                RowProblem::StageDateOutOfOrder("2025-01-05".into())
            ),
            issue(8, "SQL date", RowProblem::FutureDate("2099-05-01".into())),
            issue(
                9,
                "Won date",
                RowProblem::StageDateConflict("2025-02-01".into())
            ),
            issue(
                10,
                "SQL date",
                RowProblem::StageDateConflict("2025-01-04".into())
            ),
            issue(
                11,
                "MQL date",
                RowProblem::StageDateOutOfOrder("2025-01-03".into())
            ),
        ]
    );
}

#[test]
fn hubspot_date_entered_columns_give_each_deal_its_history() {
    let table = read_table(&fixture("hubspot-date-entered.csv")).unwrap();
    let ds = base();
    let plan = plan_for(&table, &ds);
    use Field::*;
    assert_eq!(
        plan.fields,
        [
            Some(Id),
            Some(Title),
            Some(Stage),
            Some(Created),
            Some(ExpectedClose),
            Some(Entered("lead".into())),
            None,
            Some(Entered("sql".into())),
            Some(Entered("sql".into())),
            Some(Entered("won".into())),
            Some(Entered("lost".into()))
        ],
        "open deals have a close date: it stays the expected close; exit dates are left out"
    );
    let c = convert_table(&table, &ds, &plan);
    assert!(c.issues.is_empty(), "{:?}", c.issues);
    check_integrity(&c.dataset).unwrap();
    assert_eq!(
        history(&c, "Won deal"),
        golden(&[
            ("lead", "2025-03-01"),
            ("sql", "2025-03-05"),
            ("won", "2025-04-02")
        ]),
        "two HubSpot stages in Kariz's SQL: the earlier date"
    );
    assert_eq!(
        history(&c, "Lost deal"),
        golden(&[
            ("lead", "2025-03-02"),
            ("sql", "2025-03-04"),
            ("lost", "2025-04-10")
        ])
    );
    let open = deal(&c, "Open deal");
    assert_eq!(
        history(&c, "Open deal"),
        golden(&[("lead", "2025-03-03"), ("sql", "2025-03-08")])
    );
    assert_eq!(open.expected_close, Some(d("2025-12-31")));
    assert_eq!(
        history(&c, "Created only"),
        golden(&[("lead", "2025-03-04")])
    );
}

#[test]
fn persian_sheet_stage_dates_in_jalali() {
    let table = read_table(&fixture("stage-dates-fa.csv")).unwrap();
    let ds = Dataset::new(Language::Fa);
    let plan = plan_for(&table, &ds);
    assert_eq!(plan.fields[3], Some(Field::Entered("mql".into())));
    assert_eq!(plan.fields[4], Some(Field::Entered("sql".into())));
    assert_eq!(
        plan.fields[5],
        Some(Field::Entered("won".into())),
        "“مشتری” is the won stage's name"
    );
    let c = convert_table(&table, &ds, &plan);
    assert!(c.issues.is_empty(), "{:?}", c.issues);
    // 1404/01/01 is 2025-03-21; Farvardin and Ordibehesht have 31 days.
    assert_eq!(
        history(&c, "قرارداد سالانه"),
        golden(&[
            ("lead", "2025-03-30"),
            ("mql", "2025-04-04"),
            ("sql", "2025-04-21"),
            ("won", "2025-05-22")
        ])
    );
    assert_eq!(
        history(&c, "تمدید"),
        golden(&[("lead", "2025-04-25"), ("sql", "2025-05-10")])
    );
}

#[test]
fn more_than_five_percent_left_out_is_flagged() {
    let table = read_table(&fixture("stage-dates.csv")).unwrap();
    let ds = base();
    let c = convert_table(&table, &ds, &plan_for(&table, &ds));
    assert_eq!(c.left_out_share(), 0.5);
    assert!(c.many_left_out());
    let table = read_table(&fixture("maven-sales-pipeline.csv")).unwrap();
    let c = convert_table(&table, &ds, &plan_for(&table, &ds));
    assert_eq!(c.left_out_share(), 0.0);
    assert!(!c.many_left_out());
    // 1 of 20 rows is exactly 5%: not over the line.
    let mut text = String::from("Name,Stage,Created\n");
    for i in 0..19 {
        text.push_str(&format!("Deal {i},Lead,2025-01-01\n"));
    }
    text.push_str(",Lead,2025-01-01\n");
    let table = read_table(&text).unwrap();
    let c = convert_table(&table, &ds, &plan_for(&table, &ds));
    assert_eq!(c.issues.len(), 1);
    assert!(!c.many_left_out());
}

#[test]
fn phone_and_email_columns_are_guessed_in_english_and_persian() {
    let ds = base();
    for headers in [
        ["Deal name", "Mobile Phone", "E-mail"],
        ["عنوان", "شماره موبایل", "ایمیل"],
        ["Title", "Tel", "Email address"],
        ["عنوان", "تلفن همراه", "پست الکترونیک"],
    ] {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        assert_eq!(
            guess_fields(&headers, &ds),
            [Some(Field::Title), Some(Field::Phone), Some(Field::Email)],
            "{headers:?}"
        );
    }
}

#[test]
fn a_deal_type_column_is_guessed_and_new_types_are_created() {
    let csv = "Deal name,Deal Type,Stage,Created\n\
               A,Renewal,Lead,2025-03-01\n\
               B,Partner resale,Lead,2025-03-02\n\
               C,partner  RESALE,Lead,2025-03-03\n\
               D,,Lead,2025-03-04\n";
    let table = read_table(csv).unwrap();
    let ds = base();
    let plan = plan_for(&table, &ds);
    assert_eq!(plan.fields[1], Some(Field::Type));
    let c = convert_table(&table, &ds, &plan);
    assert!(c.issues.is_empty(), "{:?}", c.issues);
    let kind = |title: &str| deal(&c, title).deal_type.clone();
    assert_eq!(
        kind("A"),
        Some("renewal".into()),
        "an existing type by name"
    );
    assert_eq!(kind("B"), Some("type-partnerresale".into()));
    assert_eq!(kind("C"), kind("B"), "the same name, however written");
    assert_eq!(kind("D"), None);
    assert_eq!(c.new_names, ["Partner resale"]);
    assert_eq!(
        c.dataset.deal_type_name(kind("B").as_ref()),
        "Partner resale"
    );
    // Persian headers: "نوع معامله".
    let fa = guess_fields(&["عنوان".into(), "نوع معامله".into(), "نوع".into()], &ds);
    assert_eq!(fa[1], Some(Field::Type));
    assert_eq!(fa[2], None, "one column per field");
}

/// Kariz's own CSV export (csv_out) is read back column for column, in both languages.
#[test]
fn headers_in_both_languages_map_back_to_their_fields() {
    for lang in [Language::En, Language::Fa] {
        let headers: Vec<String> = crate::format::csv_out::DEAL_COLUMNS
            .iter()
            .map(|f| crate::format::csv_out::header(f, lang).to_string())
            .collect();
        let guessed: Vec<Option<Field>> = guess_fields(&headers, &Dataset::new(lang));
        assert_eq!(
            guessed,
            crate::format::csv_out::DEAL_COLUMNS.map(Some),
            "{lang:?}"
        );
    }
}
