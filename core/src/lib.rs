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
//!
//! ## Layout
//! - [`error`]: the one error type and its stable codes; depends on nothing else here
//!   (the payload of `VALIDATION_FAILED`, [`validate::ValidationIssue`], has its own module so
//!   that errors and validation do not depend on each other).
//! - [`webhook`]: signature verification and signing, one table of schemes.
//! - [`mac`] (keyed HMAC states) and [`secret`] (zeroized secret bytes): used by webhooks and
//!   by the redactor's keyed hash.
//! - [`redact`]: the redactor; its value detectors live one file each in
//!   `redact/detectors/`, listed once in a registry.
//! - [`validate`]: JSON Schema validation of untrusted JSON under limits.
//! - [`request_path`]: safe request paths from untrusted values (percent-encoding, templates).
//! - The JSON lexical grammar (`json_lexer`) is shared by the redactor's scanner and the
//!   validator's parser.
#![forbid(unsafe_code)]

pub mod error;
mod hex;
mod json_lexer;
pub mod mac;
pub mod redact;
pub mod request_path;
pub mod secret;
pub mod validate;
mod validation_issue;
pub mod webhook;

pub use error::{Error, ErrorCode, ErrorFamily};
pub use webhook::{
    Headers, ReplayGuard, ReplayKey, ReplayStore, Scheme, SecretFormat, Verified, Webhook,
    WebhookOptions,
};
