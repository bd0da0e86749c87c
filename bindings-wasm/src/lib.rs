//! WebAssembly bindings (wasm-bindgen): converts JS values to core types and core errors to
//! JS errors carrying `.code`. The public JS API lives in the npm package's `lib/`.

mod net;
mod redact;
mod validate;
mod webhook;

use edgeward_core::{Error as CoreError, ErrorCode};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

/// A core error as a JS `Error` whose `.code` is the stable code.
pub(crate) fn to_js(error: CoreError) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    // Setting a property on a fresh Error object cannot fail; ignoring keeps this panic-free.
    let _ = Reflect::set(&js, &"code".into(), &error.code().as_str().into());
    js.into()
}

/// Throws the error for a payload that is neither bytes nor a string.
#[wasm_bindgen(js_name = payloadError)]
pub fn payload_error(given: &str) -> Result<(), JsValue> {
    Err(to_js(CoreError::payload_not_raw(given)))
}

/// Throws the error for a string payload holding an unpaired UTF-16 surrogate (it has no
/// UTF-8 form; converting it would hash other bytes than the caller holds).
#[wasm_bindgen(js_name = payloadSurrogateError)]
pub fn payload_surrogate_error() -> Result<(), JsValue> {
    Err(to_js(CoreError::payload_unpaired_surrogate("string")))
}

/// Throws the error for a secret that is not a string.
#[wasm_bindgen(js_name = secretError)]
pub fn secret_error(given: &str) -> Result<(), JsValue> {
    Err(to_js(CoreError::secret_not_text(given)))
}

/// The family (`"webhook"`, …) of an error code, or `undefined` for unknown codes.
#[wasm_bindgen(js_name = errorFamily)]
pub fn error_family(code: &str) -> Option<String> {
    ErrorCode::from_code(code).map(|c| c.family().as_str().to_owned())
}

/// Every error code the core can produce.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect()
}
