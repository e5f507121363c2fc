//! Sending a file straight to a messenger or mail app through the system share sheet (Web Share
//! API level 2), and opening files the operating system hands to the installed app (manifest
//! `file_handlers` + the launch queue). Neither API is in every browser, nor in `web_sys`'s
//! stable set, so both are reached through `Reflect` and tested for before use.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// How a share ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shared {
    /// The share sheet took the file.
    Sent,
    /// The user closed the share sheet: nothing to report.
    Cancelled,
}

fn navigator() -> Option<web_sys::Navigator> {
    web_sys::window().map(|w| w.navigator())
}

fn method(target: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .dyn_into::<Function>()
        .ok()
}

fn file(text: &str, mime: &str, name: &str) -> Option<web_sys::File> {
    let parts = Array::of1(&JsValue::from_str(text));
    let options = web_sys::FilePropertyBag::new();
    options.set_type(mime);
    web_sys::File::new_with_str_sequence_and_options(&parts, name, &options).ok()
}

fn share_data(file: &web_sys::File) -> Object {
    let data = Object::new();
    let _ = Reflect::set(&data, &"files".into(), &Array::of1(file));
    data
}

/// Whether this browser can share a file of this type (a phone's or a desktop's share sheet).
pub fn can_share_files(mime: &str) -> bool {
    let (Some(nav), Some(probe)) = (navigator(), file("", mime, "kariz.json")) else {
        return false;
    };
    let nav: JsValue = nav.into();
    let (Some(can_share), Some(_)) = (method(&nav, "canShare"), method(&nav, "share")) else {
        return false;
    };
    can_share
        .call1(&nav, &share_data(&probe))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Shares `text` as a file called `name`; `Err` with the browser's message when it refused
/// (the caller then offers a download instead).
pub async fn share_file(text: &str, mime: &str, name: &str) -> Result<Shared, String> {
    let nav: JsValue = navigator().ok_or("no navigator")?.into();
    let share = method(&nav, "share").ok_or("no share")?;
    let file = file(text, mime, name).ok_or("the browser could not make the file")?;
    let promise = share
        .call1(&nav, &share_data(&file))
        .map_err(|e| super::js_message(&e))?
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| "share did not answer".to_string())?;
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(_) => Ok(Shared::Sent),
        Err(e) => {
            let message = super::js_message(&e);
            if message.starts_with("AbortError") {
                Ok(Shared::Cancelled)
            } else {
                Err(message)
            }
        }
    }
}

/// Hands every file the operating system opens the installed app with ("Open with Kariz") to
/// `open`, as one list; does nothing where there is no launch queue.
pub fn on_launch_files(open: impl Fn(web_sys::FileList) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(queue) = Reflect::get(&window, &"launchQueue".into()) else {
        return;
    };
    let Some(set_consumer) = method(&queue, "setConsumer") else {
        return;
    };
    let open = std::rc::Rc::new(open);
    let consumer =
        wasm_bindgen::closure::Closure::<dyn Fn(JsValue)>::new(move |params: JsValue| {
            let open = open.clone();
            let handles = Reflect::get(&params, &"files".into()).unwrap_or(JsValue::UNDEFINED);
            let handles: Vec<JsValue> = Array::from(&handles).iter().collect();
            wasm_bindgen_futures::spawn_local(async move {
                let Ok(transfer) = web_sys::DataTransfer::new() else {
                    return;
                };
                for handle in handles {
                    let Some(get_file) = method(&handle, "getFile") else {
                        continue;
                    };
                    let Ok(promise) = get_file.call0(&handle) else {
                        continue;
                    };
                    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else {
                        continue;
                    };
                    if let Ok(file) = wasm_bindgen_futures::JsFuture::from(promise).await {
                        if let Ok(file) = file.dyn_into::<web_sys::File>() {
                            let _ = transfer.items().add_with_file(&file);
                        }
                    }
                }
                if let Some(files) = transfer.files().filter(|f| f.length() > 0) {
                    open(files);
                }
            });
        });
    let _ = set_consumer.call1(&queue, consumer.as_ref());
    // The consumer lives as long as the page: the queue may call it again.
    consumer.forget();
}
