//! # edgeward-core
//!
//! The one implementation behind every edgeward runtime (WebAssembly, Node.js, Python).
//! Pure Rust, no I/O, no clock, no binding types: bindings convert types and map errors.
//!
//! ## Threat model
//! Every byte handed to this crate may come from an attacker: request bodies, headers,
//! timestamps. The crate therefore
//! - never panics and never recurses without a bound on any input (a panic kills a Worker);
//! - does bounded work per call: input sizes and counts have explicit limits with defaults;
//! - compares MACs only in constant time (`subtle`);
//! - keeps secrets out of every error message and `Debug` output, and zeroizes them on drop.
//!
//! The clock is injected (`now` arguments), so verdicts are deterministic and testable.
#![forbid(unsafe_code)]

pub mod error;
mod hex;
pub mod mac;
pub mod net;
pub mod redact;
pub mod secret;
pub mod validate;
pub mod webhook;

pub use error::{Error, ErrorCode, ErrorFamily};
pub use webhook::{
    Headers, ReplayGuard, ReplayKey, ReplayStore, Scheme, SecretFormat, Verified, Webhook,
    WebhookOptions,
};
