//! Safe error replies (logic: `edgeward_js::problem`).

use crate::to_js;
use edgeward_js::problem;
use js_sys::Array;
use wasm_bindgen::prelude::*;

/// A safe request id.
#[wasm_bindgen(js_name = requestId)]
pub fn request_id(incoming: Option<String>) -> Result<String, JsValue> {
    problem::request_id(incoming.as_deref()).map_err(to_js)
}

/// `[status, headers, body, log, requestId]` for an error's parts.
#[wasm_bindgen(js_name = safeErrorParts)]
#[allow(clippy::too_many_arguments)]
pub fn safe_error_parts(
    name: String,
    message: String,
    stack: Option<String>,
    causes: Vec<String>,
    status: Option<f64>,
    request_id: Option<String>,
    expose: bool,
) -> Result<Array, JsValue> {
    let (status, headers, body, log, id) =
        problem::safe_error_response(name, message, stack, causes, status, request_id, expose)
            .map_err(to_js)?;
    let list = Array::new();
    for h in headers {
        list.push(&JsValue::from_str(&h));
    }
    let out = Array::new();
    out.push(&JsValue::from(status));
    out.push(&list);
    out.push(&JsValue::from_str(&body));
    out.push(&JsValue::from_str(&log));
    out.push(&JsValue::from_str(&id));
    Ok(out)
}
