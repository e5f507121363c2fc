//! Browser tests (headless Chromium through wasm-bindgen-test): storage and the mounted app.
#![cfg(target_arch = "wasm32")]

use kariz::browser::storage::{self, KEY};
use kariz::domain::format::compact::decode as load_json;
use kariz::domain::sync::{Mode, StorageError};
use kariz::domain::{Dataset, Language};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Lets Leptos run its scheduled effects and re-renders.
async fn settle() {
    for _ in 0..8 {
        leptos::task::tick().await;
    }
}

/// Waits for the browser's task queue (hash changes are delivered as tasks, not microtasks).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Resolves at the browser's next animation frame.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits until a save the last change scheduled has surely run. The app saves in a timer task
/// queued from the next animation frame (`App`'s save effect), so after the effects settle, two
/// frames and a timer it has happened. Every "saved" and "not saved" check uses this one wait;
/// `saves_within_the_wait_and_never_over_unreadable_data` shows it is long enough to see a save.
async fn after_a_save_would_have_run() {
    settle().await;
    next_frame().await;
    next_frame().await;
    sleep(20).await;
}

fn find(host: &web_sys::Element, selector: &str) -> web_sys::Element {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn type_into(host: &web_sys::Element, selector: &str, text: &str) {
    let input: web_sys::HtmlInputElement = find(host, selector).dyn_into().unwrap();
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

fn click(host: &web_sys::Element, selector: &str) {
    find(host, selector)
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
}

fn mount() -> (web_sys::Element, impl Drop) {
    // The deal list and add form live in the Deals section.
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("deals")
        .unwrap();
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), kariz::ui::App);
    (host, handle)
}

#[wasm_bindgen_test]
async fn adds_a_deal_through_the_form_and_stores_it() {
    local_storage().clear().unwrap();
    let (host, _handle) = mount();
    settle().await;
    assert!(
        host.text_content().unwrap().contains("Load sample data"),
        "empty state is offered"
    );

    type_into(&host, "#deal-title", "Browser test deal");
    type_into(&host, "#deal-value", "1,234.50");
    type_into(&host, "#deal-currency", "USD");
    type_into(&host, "#deal-owner", "Tester");
    click(&host, "[data-testid=deal-save]");
    after_a_save_would_have_run().await;

    let rows = find(&host, "[data-testid=deal-rows]")
        .text_content()
        .unwrap();
    assert!(rows.contains("Browser test deal"), "row rendered: {rows}");
    assert!(rows.contains("1,234.50 USD"), "value rendered: {rows}");
    let stored = local_storage()
        .get_item(KEY)
        .unwrap()
        .expect("dataset saved");
    let ds = load_json(&stored).unwrap();
    assert_eq!(ds.deals.len(), 1);
    assert_eq!(ds.deals[0].title, "Browser test deal");
    assert_eq!(ds.deals[0].value.minor, 123_450);
    assert_eq!(ds.owner_name(ds.deals[0].owner.as_ref()), "Tester");
    click(&host, "[data-testid=nav-dashboard]");
    sleep(30).await;
    settle().await;
    assert_eq!(
        find(&host, "[data-testid=kpi-open-deals]")
            .text_content()
            .unwrap(),
        "1"
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn invalid_form_shows_field_errors_and_saves_nothing() {
    local_storage().clear().unwrap();
    let (host, _handle) = mount();
    settle().await;
    type_into(&host, "#deal-title", "   ");
    type_into(&host, "#deal-value", "-5");
    click(&host, "[data-testid=deal-save]");
    settle().await;
    assert_eq!(
        find(&host, "#deal-title-error").text_content().unwrap(),
        "This field is required."
    );
    assert_eq!(
        find(&host, "#deal-value-error").text_content().unwrap(),
        "The value cannot be negative."
    );
    assert_eq!(
        find(&host, "#deal-title")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    after_a_save_would_have_run().await;
    assert_eq!(
        local_storage().get_item(KEY).unwrap(),
        None,
        "a rejected form writes nothing"
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn persian_sets_rtl_and_translates() {
    local_storage().clear().unwrap();
    let (host, _handle) = mount();
    settle().await;
    let select: web_sys::HtmlSelectElement =
        find(&host, "[data-testid=language]").dyn_into().unwrap();
    select.set_value("fa");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    settle().await;
    let root = document().document_element().unwrap();
    assert_eq!(root.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(root.get_attribute("lang").as_deref(), Some("fa"));
    assert!(host.text_content().unwrap().contains("بارگذاری دادهٔ نمونه"));
    after_a_save_would_have_run().await;
    let stored = load_json(&local_storage().get_item(KEY).unwrap().unwrap()).unwrap();
    assert_eq!(
        stored.settings.language,
        Language::Fa,
        "the choice is remembered"
    );
    host.remove();
    local_storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn storage_round_trip_and_unreadable_data_is_kept() {
    local_storage().clear().unwrap();
    let fresh = || Dataset::new(Language::En);
    let loaded = storage::load(fresh);
    assert_eq!(loaded.mode, Mode::Persistent);
    assert!(loaded.dataset.deals.is_empty());

    let mut ds = Dataset::new(Language::Fa);
    ds.owners.push(kariz::domain::Owner {
        id: "x".into(),
        name: "سارا".into(),
    });
    storage::save(&ds).unwrap();
    assert_eq!(storage::load(fresh).dataset, ds);

    local_storage()
        .set_item(KEY, "{\"format\": \"kariz\", \"schema_version\": 99}")
        .unwrap();
    let loaded = storage::load(fresh);
    assert!(
        matches!(loaded.mode, Mode::ReadOnly(StorageError::Unreadable(_))),
        "{:?}",
        loaded.mode
    );
    assert_eq!(
        loaded.raw.as_deref(),
        Some("{\"format\": \"kariz\", \"schema_version\": 99}")
    );
    assert_eq!(
        local_storage().get_item(KEY).unwrap().as_deref(),
        loaded.raw.as_deref(),
        "left untouched"
    );
    local_storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn stored_activities_can_be_read_after_the_rest() {
    local_storage().clear().unwrap();
    let mut ds = kariz::domain::sample::sample_dataset(
        kariz::domain::Date::parse("2025-06-30").unwrap(),
        Language::En,
    );
    assert!(!ds.activities.is_empty(), "the sample has its calls");
    ds.activities.truncate(500);
    storage::save(&ds).unwrap();
    let (loaded, deferred) = storage::load_deferred(|| Dataset::new(Language::En));
    assert_eq!(loaded.mode, Mode::Persistent);
    assert!(loaded.dataset.activities.is_empty());
    assert_eq!(deferred.len(), ds.activities.len());
    let mut whole = loaded.dataset;
    whole.activities = deferred.finish().unwrap();
    assert_eq!(whole, ds);
    assert_eq!(storage::load(|| Dataset::new(Language::En)).dataset, ds);
    local_storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn saves_within_the_wait_and_never_over_unreadable_data() {
    // Positive control: with readable storage, the same change is saved within the same wait, so
    // the wait below is long enough to catch a save that should not happen.
    local_storage().clear().unwrap();
    let (host, handle) = mount();
    settle().await;
    click(&host, "[data-testid=load-sample]");
    after_a_save_would_have_run().await;
    assert!(
        local_storage().get_item(KEY).unwrap().is_some(),
        "loading the sample is saved within the wait"
    );
    // The sample's calls are stored in parts beside the main text: read the whole store.
    let saved = storage::load(|| Dataset::new(Language::En));
    assert_eq!(saved.mode, Mode::Persistent);
    assert_eq!(saved.dataset.deals.len(), 320);
    host.remove();
    drop(handle);

    local_storage().set_item(KEY, "not json at all").unwrap();
    let (host, _handle) = mount();
    settle().await;
    assert!(find(&host, "[role=alert]")
        .text_content()
        .unwrap()
        .contains("could not be read"));
    click(&host, "[data-testid=load-sample]");
    after_a_save_would_have_run().await;
    assert!(
        !host.text_content().unwrap().contains("Load sample data"),
        "the sample was loaded, in memory"
    );
    assert_eq!(
        local_storage().get_item(KEY).unwrap().as_deref(),
        Some("not json at all")
    );
    assert_eq!(
        find(&host, "[data-testid=save-status]")
            .text_content()
            .unwrap(),
        "Read-only: not saving"
    );
    host.remove();
    local_storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn dashboard_charts_paint_pixels_at_device_resolution() {
    local_storage().clear().unwrap();
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("dashboard")
        .unwrap();
    let host = document().create_element("div").unwrap();
    host.set_attribute("style", "width: 900px").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let _handle = leptos::mount::mount_to(host.clone().unchecked_into(), kariz::ui::App);
    settle().await;
    click(&host, "[data-testid=load-sample]");
    settle().await;
    // The charts render in the task after the KPI cards' first frame.
    for _ in 0..40 {
        if host
            .query_selector("[data-testid=chart-pipeline] canvas")
            .unwrap()
            .is_some()
        {
            break;
        }
        sleep(50).await;
    }
    sleep(100).await;
    for name in ["funnel", "pipeline"] {
        let canvas: web_sys::HtmlCanvasElement =
            find(&host, &format!("[data-testid=chart-{name}] canvas"))
                .dyn_into()
                .unwrap();
        let dpr = web_sys::window().unwrap().device_pixel_ratio();
        let css = f64::from(canvas.client_width());
        assert!(css > 100.0, "{name} has a width: {css}");
        assert_eq!(
            f64::from(canvas.width()),
            (css * dpr).round(),
            "{name} at device pixels"
        );
        let ctx: web_sys::CanvasRenderingContext2d = canvas
            .get_context("2d")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        let pixels = ctx
            .get_image_data(
                0.0,
                0.0,
                f64::from(canvas.width()),
                f64::from(canvas.height()),
            )
            .unwrap()
            .data();
        let inked = pixels
            .chunks(4)
            .filter(|p| p[3] > 0 && (p[0] < 200 || p[1] < 200 || p[2] < 200))
            .count();
        assert!(inked > 2_000, "{name} painted {inked} dark pixels");
    }
    host.remove();
    local_storage().clear().unwrap();
}
