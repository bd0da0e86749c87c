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
//! ## Examples
//!
//! Verify a webhook delivery (the raw body, the request's headers, the current time), and
//! refuse its replay:
//!
//! ```
//! use edgeward_core::{ErrorCode, ReplayGuard, Scheme, Webhook, WebhookOptions};
//!
//! let options = WebhookOptions { scheme: Scheme::Standard, ..WebhookOptions::default() };
//! let webhook = Webhook::new(&["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], options)?;
//! let body = br#"{"type":"invoice.paid"}"#;
//! let now = 1_700_000_000;
//! // What a sender sets; a receiver gets these from the request.
//! let headers = webhook.sign_headers(body, now, Some("msg_1"))?;
//!
//! let verified = webhook.verify_headers(body, headers.as_slice(), now)?;
//! assert_eq!(verified.secret_index, 0);
//!
//! let mut guard = ReplayGuard::default();
//! guard.check(&verified, now)?;
//! let again = webhook.verify_headers(body, headers.as_slice(), now + 5)?;
//! assert_eq!(guard.check(&again, now + 5).unwrap_err().code(), ErrorCode::Replayed);
//! # Ok::<(), edgeward_core::Error>(())
//! ```
//!
//! Redact secrets from a log line before it is written:
//!
//! ```
//! use edgeward_core::redact::{Redactor, RedactorOptions};
//!
//! let redactor = Redactor::new(RedactorOptions::default())?;
//! let (line, report) =
//!     redactor.redact_json(r#"{"user":"ada","authorization":"Bearer eyJhbGciOi.eyJzdWIi.c2ln"}"#)?;
//! assert!(!line.contains("eyJhbGciOi"));
//! assert!(line.contains("ada"));
//! assert_eq!(report.redactions, 1);
//! # Ok::<(), edgeward_core::Error>(())
//! ```
//!
//! Validate an untrusted JSON body: parsed under limits (size, depth, duplicate keys), then
//! checked against a JSON Schema (feature `validate`, on by default):
//!
//! ```
//! # #[cfg(feature = "validate")] {
//! use edgeward_core::ErrorCode;
//! use edgeward_core::validate::{Validator, ValidatorOptions};
//!
//! let schema = serde_json::json!({"type": "object", "required": ["amount"]});
//! let payment = Validator::new(&schema, &ValidatorOptions::default())?;
//! assert!(payment.validate_json(br#"{"amount": 5}"#).is_ok());
//! let refused = payment.validate_json(br#"{"amount": 5, "amount": 6}"#).unwrap_err();
//! assert_eq!(refused.code(), ErrorCode::InvalidJson); // duplicate keys are refused
//! # }
//! # Ok::<(), edgeward_core::Error>(())
//! ```
//!
//! Build a request path from untrusted parameters (each one percent-encoded, so a parameter
//! cannot add a path segment or a query):
//!
//! ```
//! use edgeward_core::request_path::build_path;
//!
//! let path = build_path("/customers/{id}/events", &[("id", "../admin?x=1")])?;
//! assert_eq!(path, "/customers/..%2Fadmin%3Fx%3D1/events");
//! # Ok::<(), edgeward_core::Error>(())
//! ```
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
//! - [`ratelimit`]: GCRA rate limiting as a pure decision, and a bounded in-memory limiter.
//! - Credentials (feature `credentials`): [`oauth`] (state and PKCE), [`seal`] and [`fernet`]
//!   (sealed tokens), [`key_hygiene`], [`policy`] (least privilege), [`problem`] (safe error
//!   replies).
//! - [`random`]: the OS's randomness, the only source in the crate (credentials' keys and
//!   nonces, the rate limiter's hash keys).
//! - The JSON lexical grammar (`json_lexer`) is shared by the redactor's scanner and the
//!   validator's parser.
#![forbid(unsafe_code)]

pub mod error;
#[cfg(feature = "credentials")]
pub mod fernet;
mod hex;
mod json_lexer;
#[cfg(feature = "credentials")]
pub mod key_hygiene;
pub mod mac;
pub mod net;
#[cfg(feature = "credentials")]
pub mod oauth;
#[cfg(feature = "credentials")]
pub mod policy;
#[cfg(feature = "credentials")]
pub mod problem;
pub mod random;
pub mod ratelimit;
pub mod redact;
pub mod request_path;
#[cfg(feature = "credentials")]
pub mod seal;
pub mod secret;
pub mod validate;
mod validation_issue;
pub mod webhook;

pub use error::{
    Error, ErrorCode, ErrorFamily, ErrorField, ErrorFieldValue, ErrorFields, http_status,
};
pub use webhook::{
    Headers, ReplayGuard, ReplayKey, ReplayStore, Scheme, SecretFormat, Verified, Webhook,
    WebhookOptions,
};
