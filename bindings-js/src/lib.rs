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

#![forbid(unsafe_code)]

pub mod net;

pub use edgeward_core::Error;

/// What every function here returns: the shims turn the error into a JS error with `.code`.
pub type Result<T> = std::result::Result<T, Error>;
