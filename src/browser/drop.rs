//! Files dropped on the window: handed to the import that reads them, as if picked there.

use wasm_bindgen::JsCast;

/// Which file input takes a dropped file, by its name: a JSON export goes to the team import,
/// a CSV (or TSV/TXT) or a spreadsheet to the CRM/spreadsheet import; `None` for anything else.
pub fn picker_for(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "json" => Some("import"),
        "csv" | "tsv" | "txt" | "xlsx" | "xlsm" | "xls" | "ods" => Some("import-csv"),
        _ => None,
    }
}

/// The dropped files of a drag event, if it carries any.
pub fn dropped_files(ev: &web_sys::DragEvent) -> Option<web_sys::FileList> {
    ev.data_transfer()
        .and_then(|dt| dt.files())
        .filter(|f| f.length() > 0)
}

/// Whether a drag carries files (not text or a link dragged around the page).
pub fn carries_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|dt| {
        dt.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}

/// Gives `files` to the file input with `testid` once its section has rendered and tells it they
/// were picked; an input still missing after six seconds leaves things as they are.
pub fn hand_to_picker(testid: &'static str, files: web_sys::FileList) {
    hand_over(testid, files, 0);
}

/// How many times, 120 ms apart, the picker is looked for: Settings is a section loaded on
/// first use (`ui::sections`), so on a cold start the input appears only once its code is in.
const TRIES: u32 = 50;

fn hand_over(testid: &'static str, files: web_sys::FileList, tried: u32) {
    leptos::prelude::set_timeout(
        move || {
            let input = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector(&format!("[data-testid={testid}]"))
                        .ok()
                        .flatten()
                })
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
            let Some(input) = input else {
                if tried + 1 < TRIES {
                    hand_over(testid, files, tried + 1);
                }
                return;
            };
            input.set_files(Some(&files));
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            if let Ok(change) = web_sys::Event::new_with_event_init_dict("change", &init) {
                let _ = input.dispatch_event(&change);
            }
            if let Some(parent) = input.parent_element() {
                parent.scroll_into_view();
            }
        },
        std::time::Duration::from_millis(120),
    );
}

#[cfg(test)]
mod tests {
    use super::picker_for;

    #[test]
    fn files_go_to_the_import_that_reads_them() {
        assert_eq!(picker_for("kariz-2025-06-30.json"), Some("import"));
        assert_eq!(picker_for("HubSpot Deals.CSV"), Some("import-csv"));
        assert_eq!(picker_for("calls.tsv"), Some("import-csv"));
        assert_eq!(picker_for("Leads.xlsx"), Some("import-csv"));
        assert_eq!(picker_for("leads.ods"), Some("import-csv"));
        assert_eq!(picker_for("photo.png"), None);
        assert_eq!(picker_for("README"), None);
    }
}
