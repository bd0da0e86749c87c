//! The JavaScript-facing layer of edgeward, written once for both JS bindings.
//!
//! `bindings-node` (napi-rs) and `bindings-wasm` (wasm-bindgen) expose the same JS names;
//! each is a thin attribute shim that converts JS values to the plain Rust types taken here
//! and maps [`edgeward_core::Error`] to a JS error. Everything between those two conversions
//! lives in this crate: reading JS-style options (camelCase names, numbers as `f64`),
//! shaping results the way the JS facade (`bindings-node/lib/`) expects them, and the
//! JS-only conveniences. Verdicts stay in `edgeward-core`; this crate decides nothing about
//! webhooks, redaction, schemas, keys or addresses.
//!
//! No `napi` or `wasm-bindgen` type appears here, so the crate builds and tests on the host
//! like any Rust library, and a difference between the Node and WASM builds can only come
//! from the shims' type conversions.
//!
//! | module | JS API (`bindings-node/lib/`) | shims |
//! |---|---|---|
//! | [`webhook`] | `Webhook`, `ReplayGuard` (`webhook.js`) | `webhook.rs` |
//! | [`redact`] | `Redactor` (`redact.js`) | `redact.rs` |
//! | [`validate`] | `Validator`, `encodePathSegment`, `buildPath` (`validate.js`) | `validate.rs` |
//! | [`errors`] | error codes and families, misuse errors (`errors.js`, `webhook.js`) | `lib.rs` |
//!
//! # Adding a JS API
//! A new capability `<topic>` takes four small steps, in this order:
//! 1. **Logic here**, in `bindings-js/src/<topic>.rs`: a struct (`Js<Thing>`) or functions over
//!    plain types only (`f64`, `&str`, `String`, `&[u8]`, `Vec`, `Option`, this crate's own
//!    structs and enums), returning [`Result`]. Read options as JS gives them (camelCase
//!    names, numbers as `f64`) and shape results as the facade wants them (numbers, flat
//!    `Vec<String>`, JSON text); call the core for every decision. Unit tests beside it.
//! 2. **Two shims**, `bindings-node/src/<topic>.rs` (`#[napi]`) and
//!    `bindings-wasm/src/<topic>.rs` (`#[wasm_bindgen]`), one line per method: convert the
//!    arguments, call this crate, `.map_err(to_js)`. Both expose the **same JS names**
//!    (class `js_name`s without a `Native`/`Wasm` prefix, camelCase methods, the same
//!    argument order), so the facade never asks which backend it runs on.
//! 3. **The facade**, `bindings-node/lib/<topic>.js` (`create<Topic>Api(backend, fail)`),
//!    plugged into `bindings-node/lib/api.js`; what it needs from a backend goes into
//!    `BACKEND_NEEDS` of `bindings-node/lib/backends.js`.
//! 4. **The export list**, `bindings-node/lib/exports.js` (say whether the lean
//!    `edgeward/webhooks` entry has it), then `node scripts/entries.mjs` regenerates every
//!    entry; `test/entries.test.mjs` fails until that is done, and until every backend
//!    (native, WASM, lean WASM) provides what the facade needs.

#![forbid(unsafe_code)]

pub mod errors;
pub mod net;
pub mod redact;
pub mod validate;
pub mod webhook;

pub use edgeward_core::Error;

#[cfg(feature = "credentials")]
mod credentials;
#[cfg(feature = "credentials")]
pub mod key_hygiene;
#[cfg(feature = "credentials")]
pub mod oauth;
#[cfg(feature = "credentials")]
pub mod policy;
#[cfg(feature = "credentials")]
pub mod problem;
#[cfg(feature = "credentials")]
pub mod seal;

/// What every function here returns: the shims turn the error into a JS error with `.code`.
pub type Result<T> = std::result::Result<T, Error>;

pub mod ratelimit;
