//! WebAssembly bindings: a thin wasm-bindgen shim over `edgeward-js` (bindings-js), which
//! holds every piece of JS-facing logic. Each function converts JS values, calls that crate
//! and maps core errors to JS errors carrying `.code`; the native addon (`bindings-node`)
//! exposes the same JS names. The public JS API lives in the npm package's `lib/`.

#[cfg(feature = "credentials")]
mod key_hygiene;
mod net;
#[cfg(feature = "credentials")]
mod oauth;
#[cfg(feature = "credentials")]
mod policy;
#[cfg(feature = "credentials")]
mod problem;
mod ratelimit;
mod redact;
#[cfg(feature = "credentials")]
mod seal;
mod validate;
mod webhook;

use edgeward_core::Error as CoreError;
use edgeward_js::errors;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

/// A core error as a JS `Error` whose `.code` is the stable code. Its structured facts are
/// kept for `errorFields` (`edgeward_js::errors`), as in the napi-rs addon, so the facade
/// has one way to read them.
pub(crate) fn to_js(error: CoreError) -> JsValue {
    let message = error.to_string();
    edgeward_js::errors::remember(&error, &message);
    let js = js_sys::Error::new(&message);
    // Setting a property on a fresh Error object cannot fail; ignoring keeps this panic-free.
    let _ = Reflect::set(&js, &"code".into(), &error.code().as_str().into());
    js.into()
}

/// The structured facts of the error just thrown with `code` and `message`, as JSON with
/// camelCase names (`{"ageSeconds":4000,"toleranceSeconds":300}`), or `undefined`.
#[wasm_bindgen(js_name = errorFields)]
pub fn error_fields(code: &str, message: &str) -> Option<String> {
    edgeward_js::errors::take_json(code, message)
}

/// Throws the core's error of `code` with `reason`: a wrong argument type the facade
/// detected, reported with the family's code like every other misuse.
#[wasm_bindgen(js_name = misuseError)]
pub fn misuse_error(code: &str, reason: String) -> Result<(), JsValue> {
    Err(to_js(edgeward_js::errors::misuse(code, reason)))
}

/// Throws the error for a payload that is neither bytes nor a string.
#[wasm_bindgen(js_name = payloadError)]
pub fn payload_error(given: &str) -> Result<(), JsValue> {
    Err(to_js(errors::payload_error(given)))
}

/// Throws the error for a string payload holding an unpaired UTF-16 surrogate.
#[wasm_bindgen(js_name = payloadSurrogateError)]
pub fn payload_surrogate_error() -> Result<(), JsValue> {
    Err(to_js(errors::payload_surrogate_error()))
}

/// Throws the error for a secret that is not a string.
#[wasm_bindgen(js_name = secretError)]
pub fn secret_error(given: &str) -> Result<(), JsValue> {
    Err(to_js(errors::secret_error(given)))
}

/// The family (`"webhook"`, …) of an error code, or `undefined` for unknown codes.
#[wasm_bindgen(js_name = errorFamily)]
pub fn error_family(code: &str) -> Option<String> {
    errors::error_family(code).map(str::to_owned)
}

/// Every error code the core can produce.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    errors::error_codes()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The HTTP status a middleware answers with for an error code (500 for an unknown code).
#[wasm_bindgen(js_name = httpStatus)]
pub fn http_status(code: &str) -> u32 {
    errors::http_status(code)
}
