//! Spreadsheets are read in a Web Worker (`src/bin/sheets.rs`, built by Trunk as
//! `sheets_loader.js` + `sheets.js` + `sheets_bg.wasm`), so the spreadsheet reader's code is downloaded only when a user imports a
//! spreadsheet, and a big workbook never freezes the page.
//!
//! The exchange: the worker says `"ready"` once its wasm is loaded (messages sent before that
//! would be lost), the page sends `[bytes, sheet name or null]`, the worker answers with the
//! JSON of `Result<SheetText, SheetError>` and is then terminated.

use crate::domain::format::sheet::{sheet_to_csv, SheetError, SheetText};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The loader Trunk writes for the worker (workers are not hashed: the page names them).
const WORKER_URL: &str = "./sheets_loader.js";

/// The worker's side: answers every request with the sheet's CSV text (runs in the worker).
pub fn serve() {
    let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else {
        return;
    };
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let request = js_sys::Array::from(&ev.data());
            let bytes = js_sys::Uint8Array::new(&request.get(0)).to_vec();
            let sheet = request.get(1).as_string();
            let answer = sheet_to_csv(&bytes, sheet.as_deref());
            let json = serde_json::to_string(&answer).unwrap_or_else(|e| {
                format!(
                    r#"{{"Err":{{"Unreadable":"{}"}}}}"#,
                    e.to_string().replace('"', "'")
                )
            });
            let _ = reply_to.post_message(&JsValue::from_str(&json));
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

/// Reads `sheet` (or the first sheet) of a picked spreadsheet file in the worker.
pub async fn read(file: &web_sys::File, sheet: Option<String>) -> Result<SheetText, SheetError> {
    let failed = |e: &JsValue| SheetError::Reader(super::js_message(e));
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| failed(&e))?;
    let bytes = js_sys::Uint8Array::new(&buffer);
    let worker = web_sys::Worker::new(WORKER_URL).map_err(|e| failed(&e))?;
    let talk = worker.clone();
    // Kept until the answer is in, then dropped with the terminated worker.
    let mut handlers = None;
    let answer = js_sys::Promise::new(&mut |resolve, reject| {
        let (talk, reject_on_error) = (talk.clone(), reject.clone());
        let request =
            js_sys::Array::of2(&bytes, &sheet.clone().map_or(JsValue::NULL, JsValue::from));
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let data = ev.data();
                if data.as_string().as_deref() == Some("ready") {
                    if let Err(e) = talk.post_message(&request) {
                        let _ = reject.call1(&JsValue::NULL, &e);
                    }
                } else {
                    let _ = resolve.call1(&JsValue::NULL, &data);
                }
            });
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_ev: web_sys::Event| {
            let _ = reject_on_error.call1(&JsValue::NULL, &JsValue::from_str("the worker failed"));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        handlers = Some((on_message, on_error));
    });
    let reply = wasm_bindgen_futures::JsFuture::from(answer).await;
    worker.terminate();
    drop(handlers);
    let json = reply
        .map_err(|e| failed(&e))?
        .as_string()
        .unwrap_or_default();
    serde_json::from_str::<Result<SheetText, SheetError>>(&json)
        .map_err(|e| SheetError::Reader(e.to_string()))?
}
