//! The service worker (`pwa/sw.js`): registered at start so the app shell is cached for offline
//! use; when a newer deployment has installed beside the running one, the page says so and
//! reloads into it only when the user chooses.

use leptos::prelude::*;
use wasm_bindgen::{prelude::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

/// The page's service-worker container, where the browser offers one (secure contexts only).
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker"))
        .ok()?
        .then(|| navigator.service_worker())
}

async fn registration(promise: js_sys::Promise) -> Option<ServiceWorkerRegistration> {
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

/// Registers `sw.js`; `update_ready` becomes true when a newer version waits to take over.
pub(crate) fn register(update_ready: RwSignal<bool>) {
    let Some(sw) = container() else { return };
    // Without a controller this is the first install, not an update.
    let controlled = move || container().and_then(|c| c.controller()).is_some();
    let promise = sw.register("sw.js");
    leptos::task::spawn_local(async move {
        let Some(reg) = registration(promise).await else {
            return;
        };
        if reg.waiting().is_some() && controlled() {
            update_ready.set(true);
        }
        let watched = reg.clone();
        let on_found = Closure::<dyn FnMut()>::new(move || {
            let Some(worker) = watched.installing() else {
                return;
            };
            let seen = worker.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                if seen.state() == ServiceWorkerState::Installed && controlled() {
                    update_ready.set(true);
                }
            });
            worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            // Lives as long as the worker it watches.
            on_state.forget();
        });
        reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
    });
}

/// Activates the waiting version and reloads the page into it once it has taken over.
pub(crate) fn reload_into_update() {
    let reload = || {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    let Some(sw) = container() else {
        reload();
        return;
    };
    let on_change = Closure::<dyn FnMut()>::new(reload);
    sw.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
    leptos::task::spawn_local(async move {
        let waiting = registration(sw.get_registration())
            .await
            .and_then(|r| r.waiting());
        match waiting {
            Some(worker) => {
                let _ = worker.post_message(&JsValue::from_str("skip-waiting"));
            }
            None => reload(),
        }
    });
}
