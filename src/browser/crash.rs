//! What a panic shows. Release builds abort on panic (`panic = "abort"`): the wasm instance is
//! dead right after the panic hook returns and the browser only reports "unreachable". So the
//! hook does its work first — logs the message with `console.error`, then puts a banner on the
//! page with plain DOM calls, and a link to a backup of the stored data as a Blob URL — all of
//! which keep working after the instance is gone.

use crate::domain::format::{compact, schema};
use crate::domain::Language;
use crate::i18n::{t, Key};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Id of the banner element (shown once, however many panics follow).
pub const BANNER_ID: &str = "kariz-crash";

/// Installs the panic hook; called once before the app mounts.
pub fn install() {
    std::panic::set_hook(Box::new(|info| report(&info.to_string())));
}

/// Logs `message` and shows the "something went wrong — download a backup" banner. Each step
/// is independent of the next, so the message is logged even if the page cannot be changed.
pub fn report(message: &str) {
    console_error(&format!("Kariz stopped: {message}"));
    // A cached first paint still shown would look like a working page that ignores every click.
    super::first_paint::remove();
    let _ = show_banner();
}

/// Triggers a real panic. Exported so the end-to-end test can check what a panic in the release
/// build shows; it stops only this tab's app and touches no data.
#[wasm_bindgen]
pub fn kariz_test_panic() {
    panic!("test panic requested from the page");
}

fn show_banner() -> Option<()> {
    let document = web_sys::window()?.document()?;
    if document.get_element_by_id(BANNER_ID).is_some() {
        return Some(());
    }
    // The language the page was showing (the app keeps <html lang> in step).
    let lang = match document
        .document_element()?
        .get_attribute("lang")
        .as_deref()
    {
        Some("fa") => Language::Fa,
        _ => Language::En,
    };
    let banner = document.create_element("div").ok()?;
    banner.set_id(BANNER_ID);
    banner.set_class_name("banner error crash");
    banner.set_attribute("role", "alert").ok()?;
    banner.set_attribute("data-testid", "crash-banner").ok()?;
    let text = document.create_element("p").ok()?;
    text.set_text_content(Some(t(lang, Key::CrashBanner)));
    banner.append_child(&text).ok()?;
    document.body()?.prepend_with_node_1(&banner).ok()?;
    // The link comes last: making it runs more code (reading and converting the stored data),
    // and the banner must be up even if that fails.
    match backup_url() {
        Some(url) => {
            let link = document
                .create_element("a")
                .ok()?
                .dyn_into::<web_sys::HtmlAnchorElement>()
                .ok()?;
            link.set_href(&url);
            link.set_download(&schema::export_file_name(super::clock::today()));
            link.set_class_name("button");
            link.set_attribute("data-testid", "crash-backup").ok()?;
            link.set_text_content(Some(t(lang, Key::CrashBackup)));
            let actions = document.create_element("p").ok()?;
            actions.set_class_name("actions");
            actions.append_child(&link).ok()?;
            banner.append_child(&actions).ok()?;
        }
        None => text.set_text_content(Some(t(lang, Key::CrashBannerNoData))),
    }
    Some(())
}

/// A Blob URL of the stored data as a readable export (what "Import JSON" takes), or its main
/// text as stored when it does not read; `None` when nothing is stored.
fn backup_url() -> Option<String> {
    use crate::browser::storage;
    let raw = storage::read_raw()?;
    let text = compact::decode_with(&raw, &mut storage::read_part)
        .ok()
        .and_then(|ds| schema::try_export_json(&ds, super::clock::now()).ok())
        .unwrap_or(raw);
    let parts = js_sys::Array::of1(&JsValue::from_str(&text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}
