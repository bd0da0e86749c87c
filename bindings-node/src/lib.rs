//! Node.js native addon: a thin napi-rs shim over `edgeward-js` (bindings-js), which holds
//! every piece of JS-facing logic. Each function converts JS values, calls that crate and
//! maps core errors to JS errors; the WASM shim (`bindings-wasm`) exposes the same JS names.
//! The public JS API (classes, error classes, option handling) lives in `lib/`.

pub mod cli;
pub mod key_hygiene;
pub mod net;
pub mod oauth;
pub mod policy;
pub mod problem;
pub mod ratelimit;
pub mod redact;
pub mod seal;
pub mod validate;
pub mod webhook;

use edgeward_core::Error as CoreError;
use edgeward_js::errors;
use napi_derive::napi;

/// mimalloc for every allocation of this library (see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A core error as a JS `Error` whose `.code` is the stable code. A napi-rs error carries a
/// code and a message only, so the error's structured facts are kept for `errorFields`
/// (`edgeward_js::errors`), which the facade asks when it rewraps the error.
pub(crate) fn to_js(error: CoreError) -> napi::Error<&'static str> {
    let message = error.to_string();
    edgeward_js::errors::remember(&error, &message);
    napi::Error::new(error.code().as_str(), message)
}

/// The structured facts of the error just thrown with `code` and `message`, as JSON with
/// camelCase names (`{"ageSeconds":4000,"toleranceSeconds":300}`), or `undefined`.
#[napi]
pub fn error_fields(code: String, message: String) -> Option<String> {
    edgeward_js::errors::take_json(&code, &message)
}

/// Throws the core's error of `code` with `reason`: a wrong argument type the facade
/// detected, reported with the family's code like every other misuse.
#[napi]
pub fn misuse_error(code: String, reason: String) -> Result<()> {
    Err(to_js(edgeward_js::errors::misuse(&code, reason)))
}

pub(crate) type Result<T> = std::result::Result<T, napi::Error<&'static str>>;

/// Throws the error for a payload that is neither bytes nor a string.
#[napi]
pub fn payload_error(given: String) -> Result<()> {
    Err(to_js(errors::payload_error(&given)))
}

/// Throws the error for a string payload holding an unpaired UTF-16 surrogate.
#[napi]
pub fn payload_surrogate_error() -> Result<()> {
    Err(to_js(errors::payload_surrogate_error()))
}

/// Throws the error for a secret that is not a string.
#[napi]
pub fn secret_error(given: String) -> Result<()> {
    Err(to_js(errors::secret_error(&given)))
}

/// The family (`"webhook"`, …) of an error code, or `undefined` for unknown codes.
#[napi]
pub fn error_family(code: String) -> Option<&'static str> {
    errors::error_family(&code)
}

/// Every error code the core can produce.
#[napi]
pub fn error_codes() -> Vec<&'static str> {
    errors::error_codes()
}

/// The HTTP status a middleware answers with for an error code (500 for an unknown code).
#[napi]
pub fn http_status(code: String) -> u32 {
    errors::http_status(&code)
}
