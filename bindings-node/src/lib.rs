//! Node.js native addon: converts JS values to core types and core errors to JS errors.
//! The public JS API (classes, error classes, option handling) lives in `lib/`.

pub mod net;
pub mod redact;
pub mod validate;
pub mod webhook;

use edgeward_core::{Error as CoreError, ErrorCode};
use napi_derive::napi;

/// mimalloc for every allocation of this library (see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A core error as a JS `Error` whose `.code` is the stable code.
pub(crate) fn to_js(error: CoreError) -> napi::Error<&'static str> {
    napi::Error::new(error.code().as_str(), error.to_string())
}

pub(crate) type Result<T> = std::result::Result<T, napi::Error<&'static str>>;

/// The error a binding raises when a payload is neither bytes nor a string.
#[napi]
pub fn payload_error(given: String) -> Result<()> {
    Err(to_js(CoreError::payload_not_raw(&given)))
}

/// The error a binding raises when a string payload holds an unpaired UTF-16 surrogate
/// (it has no UTF-8 form; converting it would hash other bytes than the caller holds).
#[napi]
pub fn payload_surrogate_error() -> Result<()> {
    Err(to_js(CoreError::payload_unpaired_surrogate("string")))
}

/// The error a binding raises when a secret is not a string.
#[napi]
pub fn secret_error(given: String) -> Result<()> {
    Err(to_js(CoreError::secret_not_text(&given)))
}

/// The family (`"webhook"`, …) of an error code, or `undefined` for unknown codes.
#[napi]
pub fn error_family(code: String) -> Option<&'static str> {
    ErrorCode::from_code(&code).map(|c| c.family().as_str())
}

/// Every error code the core can produce.
#[napi]
pub fn error_codes() -> Vec<&'static str> {
    ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}
