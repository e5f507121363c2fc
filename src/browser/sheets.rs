//! Spreadsheets are read (and the `.xlsx` export written) in a Web Worker (`src/bin/sheets.rs`,
//! built by Trunk as `sheets_loader.js` + `sheets.js` + `sheets_bg.wasm`), so the spreadsheet
//! code is downloaded only when a user imports or exports a spreadsheet, and a big workbook
//! never freezes the page.
//!
//! The exchange: the worker says `"ready"` once its wasm is loaded (messages sent before that
//! would be lost), the page sends one request and the worker answers it and is terminated:
//! - `["read", bytes, sheet name or null]`: the JSON of `Result<SheetText, SheetError>`;
//! - `["xlsx", csv text, sheet name, right to left]`: the workbook's bytes, or the JSON of the
//!   `SheetError` it hit.

use crate::domain::format::sheet::{csv_to_xlsx, sheet_to_csv, SheetError, SheetText};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The loader Trunk writes for the worker (workers are not hashed: the page names them).
const WORKER_URL: &str = "./sheets_loader.js";

/// A value as JSON for the page (serialising these types cannot fail; if it did, the page reads
/// a reader error).
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| r#"{"Err":{"Reader":"encoding"}}"#.into())
}

/// One request, answered (runs in the worker).
fn answer(request: &js_sys::Array) -> JsValue {
    match request.get(0).as_string().as_deref() {
        Some("xlsx") => {
            let csv = request.get(1).as_string().unwrap_or_default();
            let sheet = request.get(2).as_string().unwrap_or_default();
            match csv_to_xlsx(&csv, &sheet, request.get(3).is_truthy()) {
                Ok(bytes) => js_sys::Uint8Array::from(bytes.as_slice()).into(),
                Err(e) => JsValue::from_str(&json(&e)),
            }
        }
        _ => {
            let bytes = js_sys::Uint8Array::new(&request.get(1)).to_vec();
            let sheet = request.get(2).as_string();
            JsValue::from_str(&json(&sheet_to_csv(&bytes, sheet.as_deref())))
        }
    }
}

/// The worker's side: answers every request (runs in the worker).
pub fn serve() {
    let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else {
        return;
    };
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let _ = reply_to.post_message(&answer(&js_sys::Array::from(&ev.data())));
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

/// Reads `sheet` (or the first sheet) of a picked spreadsheet file in the worker.
pub async fn read(file: &web_sys::File, sheet: Option<String>) -> Result<SheetText, SheetError> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| SheetError::Reader(super::js_message(&e)))?;
    let bytes = js_sys::Uint8Array::new(&buffer);
    let sheet = sheet.map_or(JsValue::NULL, JsValue::from);
    let request = js_sys::Array::of3(&"read".into(), &bytes, &sheet);
    let json = ask(request).await?.as_string().unwrap_or_default();
    serde_json::from_str::<Result<SheetText, SheetError>>(&json)
        .map_err(|e| SheetError::Reader(e.to_string()))?
}

/// Writes a CSV export as an `.xlsx` workbook in the worker.
pub async fn xlsx(csv: String, sheet: &str, rtl: bool) -> Result<Vec<u8>, SheetError> {
    let request = js_sys::Array::of4(
        &"xlsx".into(),
        &csv.into(),
        &sheet.into(),
        &JsValue::from_bool(rtl),
    );
    let reply = ask(request).await?;
    match reply.as_string() {
        Some(json) => Err(serde_json::from_str::<SheetError>(&json)
            .unwrap_or_else(|e| SheetError::Reader(e.to_string()))),
        None => Ok(js_sys::Uint8Array::new(&reply).to_vec()),
    }
}

/// Starts the worker, sends `request` once it is ready, and returns its one answer.
async fn ask(request: js_sys::Array) -> Result<JsValue, SheetError> {
    let failed = |e: &JsValue| SheetError::Reader(super::js_message(e));
    let worker = web_sys::Worker::new(WORKER_URL).map_err(|e| failed(&e))?;
    let talk = worker.clone();
    // Kept until the answer is in, then dropped with the terminated worker.
    let mut handlers = None;
    let answer = js_sys::Promise::new(&mut |resolve, reject| {
        let (talk, reject_on_error, request) = (talk.clone(), reject.clone(), request.clone());
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
    reply.map_err(|e| failed(&e))
}
