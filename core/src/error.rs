//! The one error type of the crate, with stable string codes shared by every runtime.
//!
//! # The error contract (every runtime)
//!
//! - **Codes.** Every code starts with one of its family's prefixes, then names the problem
//!   (`WEBHOOK_SIGNATURE_MISMATCH`, `VALIDATION_INVALID_JSON`, `SCHEMA_INVALID`,
//!   `PATH_INVALID`, `REDACTION_LIMIT_EXCEEDED`, `RATE_LIMIT_INVALID_OPTIONS`): the family's
//!   name in capitals, or for a family named after a protocol the subject it covers (OAuth's
//!   `STATE_…` and `PKCE_…`, as RFC 6749 and 7636 name them), see
//!   [`ErrorFamily::code_prefixes`]. So a code names its family and no two families share one. Codes are stable; [`ErrorCode::ALL`] lists them, and a contract
//!   test (`core/tests/error_contract.rs`) checks that the TypeScript unions
//!   (`bindings-node/types/errors.d.ts`) and the Python classes
//!   (`bindings-python/python/edgeward/_errors.py`) hold exactly this set, in the same families.
//! - **Classes.** JavaScript throws one class per [`ErrorFamily`] (`WebhookVerificationError`,
//!   `ValidationError`, `SchemaError`, `PathError`, `RedactionError`, all `EdgewardError`)
//!   with `.code`; Python raises one class per code (the code in CamelCase plus `Error`,
//!   e.g. `WebhookSignatureMismatchError`) under the same family classes.
//! - **Misuse.** A wrong *type* for an argument is reported like a wrong value: with the
//!   family's class and the code of the argument it was given for (the payload
//!   `WEBHOOK_INVALID_PAYLOAD`, a secret `WEBHOOK_INVALID_SECRET`, a validated body
//!   `VALIDATION_INVALID_JSON`, a redacted JSON text `REDACTION_INVALID_JSON`, a schema
//!   `SCHEMA_INVALID`, a path part `PATH_INVALID`, anything else the family's options code:
//!   `WEBHOOK_INVALID_OPTIONS`, `VALIDATION_INVALID_OPTIONS`, `REDACTION_INVALID_OPTIONS`).
//!   Never the language's bare `TypeError`: a JavaScript error cannot be both a `TypeError`
//!   and a `WebhookVerificationError`, and catching the family must catch every failure of
//!   that feature in every runtime. The shared table `tests/vectors/error_misuse.json` is
//!   walked by the Node (both backends) and Python tests.
//! - **Fields.** The facts an error carries that are not secret ([`Error::fields`]) are
//!   properties of the exception: camelCase in JavaScript (`ageSeconds`, `toleranceSeconds`,
//!   `header`), snake_case in Python (`age_seconds`, ...). Free-text reasons stay in the message.

use crate::validation_issue::{ValidationIssue, write_validation_failed};
use core::fmt;

/// Every way an edgeward operation can fail.
///
/// Messages say what went wrong and what to do about it. They never contain a secret,
/// a computed MAC or an expected signature.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The signature header is absent or empty.
    MissingHeader {
        /// The header the scheme expects.
        header: &'static str,
    },
    /// The signature header is present but cannot be parsed, or exceeds a limit.
    MalformedHeader {
        /// What is wrong with it (never includes secret material).
        reason: String,
    },
    /// The header parses but carries no signature of a scheme we verify.
    NoSignatures {
        /// The signature entry that was looked for, e.g. `v1`.
        expected: &'static str,
    },
    /// The timestamp is older than the tolerance allows.
    TimestampTooOld {
        /// Seconds between the timestamp and now.
        age_seconds: u64,
        /// The configured tolerance in seconds.
        tolerance_seconds: u64,
    },
    /// The timestamp lies further in the future than the tolerance allows.
    TimestampTooNew {
        /// Seconds the timestamp lies ahead of now.
        ahead_seconds: u64,
        /// The configured tolerance in seconds.
        tolerance_seconds: u64,
    },
    /// No signature in the header matches any configured secret.
    SignatureMismatch {
        /// How many secrets were tried.
        secrets: usize,
        /// How many signatures the header carried.
        signatures: usize,
    },
    /// A secret given at construction is unusable (empty, too many, wrong form).
    InvalidSecret {
        /// What is wrong with it (never the secret itself).
        reason: String,
    },
    /// The payload is not raw bytes or text.
    InvalidPayload {
        /// What was passed instead, and what to pass.
        reason: String,
    },
    /// An option is out of range (for example a tolerance of zero).
    InvalidOptions {
        /// Which option and why.
        reason: String,
    },
    /// The delivery verified, but was already accepted before: a replay or a duplicate.
    Replayed {
        /// What identified it: `"id"` (the signed delivery id) or `"signature"` (the signed
        /// content, for schemes without an id).
        by: &'static str,
    },
    /// The in-memory replay guard is full of deliveries it must still remember: the delivery
    /// is refused rather than forgetting one (which would let that one be replayed).
    ReplayGuardFull {
        /// The guard's capacity.
        max_entries: usize,
    },
    /// A document does not match the schema; carries every issue found.
    ValidationFailed {
        /// Every issue, in the order the validator reported them.
        issues: Vec<ValidationIssue>,
    },
    /// An input exceeds a configured limit (bytes, nesting depth, string length, keys, items,
    /// number range), detected before any validation.
    LimitExceeded {
        /// Which limit, where, and the option that raises it (never the input itself).
        reason: String,
    },
    /// The input is not well-formed JSON, or repeats an object key.
    InvalidJson {
        /// What is wrong and at which byte offset (never the input itself).
        reason: String,
    },
    /// Validator options are invalid (an unknown option, a limit out of range, an unknown
    /// draft).
    ValidationInvalidOptions {
        /// Which option and why.
        reason: String,
    },
    /// A JSON Schema is itself invalid, or one of its `$ref`s cannot be resolved.
    SchemaError {
        /// Where in the schema, and what is wrong.
        reason: String,
    },
    /// A path segment or path template parameter is unsafe, missing or unexpected.
    InvalidPath {
        /// What is wrong (names the parameter, never echoes its value).
        reason: String,
    },
    /// Text given to the redactor as JSON (or an NDJSON line) is not well-formed JSON.
    RedactionInvalidJson {
        /// What is wrong and at which byte (and line), never the input itself.
        reason: String,
    },
    /// Input to the redactor exceeds a limit (`max_bytes`, or `max_depth` when parsing).
    RedactionLimitExceeded {
        /// Which limit and the option that raises it.
        reason: String,
    },
    /// Redactor options are invalid (a bad path, pattern or limit, a missing hash key).
    RedactionInvalidOptions {
        /// Which option and why (never key material).
        reason: String,
    },

    // Rate limiting (issue #14).
    /// Rate limiter options or a check's arguments are invalid (a zero limit or period, a
    /// burst or cost out of range, a `now` that is not a time).
    RateLimitInvalidOptions {
        /// Which option and why.
        reason: String,
    },
    // --- Credentials (OAuth state and PKCE, sealed tokens, Fernet, keys, policies) ---
    /// An OAuth state token is malformed, or its MAC matches none of the secrets.
    StateInvalid,
    /// An OAuth state token is authentic but older than its time to live.
    StateExpired {
        /// Seconds since the token was issued.
        age_seconds: u64,
        /// The configured time to live in seconds.
        ttl_seconds: u64,
    },
    /// An OAuth state token is authentic but was issued for another session.
    StateSessionMismatch,
    /// An OAuth state token was already used once (single-use with a replay store).
    StateReplayed,
    /// A PKCE code verifier has the wrong length or a character outside RFC 7636's set, or a
    /// method other than `S256` was asked for.
    PkceInvalid {
        /// What is wrong (never the verifier itself).
        reason: String,
    },
    /// Options of the OAuth helpers are invalid (a short secret, a ttl or skew out of range).
    OAuthInvalidOptions {
        /// Which option and why (never key material).
        reason: String,
    },
    /// A sealed token (or a Fernet token) cannot be opened: malformed, tampered, wrong key,
    /// wrong additional data. One code for all, so a failure is no oracle.
    SealInvalid,
    /// A sealed token (or a Fernet token) is authentic but older than the allowed age.
    SealExpired {
        /// Seconds since the token was sealed.
        age_seconds: u64,
        /// The allowed age in seconds.
        max_age_seconds: u64,
    },
    /// A sealing key is unusable (not base64url of the right length, a bad or repeated id).
    SealInvalidKey {
        /// What is wrong (never the key).
        reason: String,
    },
    /// Options of sealing are invalid (a max age out of range, an oversized input).
    SealInvalidOptions {
        /// Which option and why.
        reason: String,
    },
    /// A live key outside production, or a test key in production.
    KeyWrongEnvironment {
        /// What the key is, e.g. `"Stripe secret key (live)"` (never the key).
        kind: String,
        /// The mode of the key, `live` or `test`.
        mode: &'static str,
        /// The environment it was checked for.
        environment: String,
    },
    /// A key ring has no key: every name given is unset or empty.
    KeyRingEmpty {
        /// How many names were looked up.
        names: usize,
    },
    /// An argument of the key helpers is invalid (an unknown environment, an empty pepper).
    KeyInvalidOptions {
        /// Which argument and why (never key material).
        reason: String,
    },
    /// An access policy is invalid (a malformed permission, role or CIDR), refused when built.
    PolicyInvalid {
        /// What is wrong and where.
        reason: String,
    },
    /// The operating system's random number generator failed: nothing random was produced.
    RandomUnavailable,
    // Network guards (`net`): IP parsing, allowlists, client IP.
    /// Text that must be one IP address is not (strict parsing: see `net::parse_ip`).
    InvalidIp {
        /// What is wrong, with the offending text quoted and cut short.
        reason: String,
    },
    /// An allowlist entry is not a CIDR range, an address or a preset name, or host bits are
    /// set without the opt-in, or there are too many entries.
    InvalidCidr {
        /// What is wrong, with the offending text quoted and cut short.
        reason: String,
    },
    /// Options of the network guards are invalid (an unknown header name, a zero limit).
    NetworkInvalidOptions {
        /// Which option and why.
        reason: String,
    },
}

/// One structured fact of an [`Error`] ([`Error::fields`]): never secret material.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorField {
    /// The fact's name in snake_case (`age_seconds`); JavaScript sees it in camelCase.
    pub name: &'static str,
    /// Its value.
    pub value: ErrorFieldValue,
}

/// The value of an [`ErrorField`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorFieldValue {
    /// A count or a number of seconds.
    Number(u64),
    /// A fixed name (a header name, a signature version, `"id"`).
    Name(&'static str),
}

/// The structured facts of one error, at most two: an iterator of [`ErrorField`].
#[derive(Clone, Debug)]
pub struct ErrorFields(core::iter::Flatten<core::array::IntoIter<Option<ErrorField>, 2>>);

impl Iterator for ErrorFields {
    type Item = ErrorField;

    fn next(&mut self) -> Option<ErrorField> {
        self.0.next()
    }
}

/// The stable, machine-readable code of an [`Error`]. Bindings expose it as `.code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// See [`Error::MissingHeader`].
    MissingHeader,
    /// See [`Error::MalformedHeader`].
    MalformedHeader,
    /// See [`Error::NoSignatures`].
    NoSignatures,
    /// See [`Error::TimestampTooOld`].
    TimestampTooOld,
    /// See [`Error::TimestampTooNew`].
    TimestampTooNew,
    /// See [`Error::SignatureMismatch`].
    SignatureMismatch,
    /// See [`Error::InvalidSecret`].
    InvalidSecret,
    /// See [`Error::InvalidPayload`].
    InvalidPayload,
    /// See [`Error::InvalidOptions`].
    InvalidOptions,
    /// See [`Error::Replayed`].
    Replayed,
    /// See [`Error::ReplayGuardFull`].
    ReplayGuardFull,
    /// See [`Error::ValidationFailed`].
    ValidationFailed,
    /// See [`Error::LimitExceeded`].
    LimitExceeded,
    /// See [`Error::InvalidJson`].
    InvalidJson,
    /// See [`Error::ValidationInvalidOptions`].
    ValidationInvalidOptions,
    /// See [`Error::SchemaError`].
    SchemaError,
    /// See [`Error::InvalidPath`].
    InvalidPath,
    /// See [`Error::RedactionInvalidJson`].
    RedactionInvalidJson,
    /// See [`Error::RedactionLimitExceeded`].
    RedactionLimitExceeded,
    /// See [`Error::RedactionInvalidOptions`].
    RedactionInvalidOptions,

    // Rate limiting (issue #14).
    /// See [`Error::RateLimitInvalidOptions`].
    RateLimitInvalidOptions,
    // --- Credentials ---
    /// See [`Error::StateInvalid`].
    StateInvalid,
    /// See [`Error::StateExpired`].
    StateExpired,
    /// See [`Error::StateSessionMismatch`].
    StateSessionMismatch,
    /// See [`Error::StateReplayed`].
    StateReplayed,
    /// See [`Error::PkceInvalid`].
    PkceInvalid,
    /// See [`Error::OAuthInvalidOptions`].
    OAuthInvalidOptions,
    /// See [`Error::SealInvalid`].
    SealInvalid,
    /// See [`Error::SealExpired`].
    SealExpired,
    /// See [`Error::SealInvalidKey`].
    SealInvalidKey,
    /// See [`Error::SealInvalidOptions`].
    SealInvalidOptions,
    /// See [`Error::KeyWrongEnvironment`].
    KeyWrongEnvironment,
    /// See [`Error::KeyRingEmpty`].
    KeyRingEmpty,
    /// See [`Error::KeyInvalidOptions`].
    KeyInvalidOptions,
    /// See [`Error::PolicyInvalid`].
    PolicyInvalid,
    /// See [`Error::RandomUnavailable`].
    RandomUnavailable,
    // Network guards.
    /// See [`Error::InvalidIp`].
    InvalidIp,
    /// See [`Error::InvalidCidr`].
    InvalidCidr,
    /// See [`Error::NetworkInvalidOptions`].
    NetworkInvalidOptions,
}

/// The family an error belongs to; each binding raises one exception class per family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorFamily {
    /// Webhook construction and verification (`WebhookVerificationError`).
    Webhook,
    /// Input limits, JSON parsing and schema validation (`ValidationError`).
    Validation,
    /// An invalid JSON Schema (`SchemaError`).
    Schema,
    /// Unsafe request path segments and templates (`PathError`).
    Path,
    /// Redaction: invalid JSON input, limits, options (`RedactionError`).
    Redaction,

    // Rate limiting (issue #14).
    /// Rate limiting: invalid limiter options or check arguments (`RateLimitError`).
    RateLimit,
    // --- Credentials ---
    /// OAuth state tokens and PKCE (`OAuthError`).
    OAuth,
    /// Sealed tokens and Fernet (`SealError`).
    Seal,
    /// Key hygiene: environments, key rings (`KeyHygieneError`).
    Key,
    /// Access policies (`PolicyError`).
    Policy,
    /// The platform failed (no randomness): the base class `EdgewardError`.
    System,
    /// Network guards: IP parsing, allowlists, client IP (`NetworkError`).
    Network,
}

impl ErrorFamily {
    /// Every family, in a stable order.
    pub const ALL: &'static [ErrorFamily] = &[
        ErrorFamily::Webhook,
        ErrorFamily::Validation,
        ErrorFamily::Schema,
        ErrorFamily::Path,
        ErrorFamily::Redaction,
        ErrorFamily::RateLimit,
        ErrorFamily::OAuth,
        ErrorFamily::Seal,
        ErrorFamily::Key,
        ErrorFamily::Policy,
        ErrorFamily::System,
        ErrorFamily::Network,
    ];

    /// The prefixes of the family's codes: its name in capitals, plus, for a family named
    /// after a protocol, the subjects it covers (OAuth: `STATE_`, `PKCE_`; the platform:
    /// `RANDOM_`). Every code starts with one (a core test checks it).
    pub const fn code_prefixes(self) -> &'static [&'static str] {
        match self {
            ErrorFamily::Webhook => &["WEBHOOK_"],
            ErrorFamily::Validation => &["VALIDATION_"],
            ErrorFamily::Schema => &["SCHEMA_"],
            ErrorFamily::Path => &["PATH_"],
            ErrorFamily::Redaction => &["REDACTION_"],
            ErrorFamily::RateLimit => &["RATE_LIMIT_"],
            ErrorFamily::OAuth => &["OAUTH_", "STATE_", "PKCE_"],
            ErrorFamily::Seal => &["SEAL_"],
            ErrorFamily::Key => &["KEY_"],
            ErrorFamily::Policy => &["POLICY_"],
            ErrorFamily::System => &["SYSTEM_", "RANDOM_"],
            ErrorFamily::Network => &["NETWORK_"],
        }
    }

    /// The family's stable name, as bindings see it.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorFamily::Webhook => "webhook",
            ErrorFamily::Validation => "validation",
            ErrorFamily::Schema => "schema",
            ErrorFamily::Path => "path",
            ErrorFamily::Redaction => "redaction",
            // Rate limiting (issue #14).
            ErrorFamily::RateLimit => "rate_limit",
            ErrorFamily::OAuth => "oauth",
            ErrorFamily::Seal => "seal",
            ErrorFamily::Key => "key",
            ErrorFamily::Policy => "policy",
            ErrorFamily::System => "system",

            ErrorFamily::Network => "network",
        }
    }
}

impl ErrorCode {
    /// Every code, in a stable order (bindings and tests enumerate it).
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::MissingHeader,
        ErrorCode::MalformedHeader,
        ErrorCode::NoSignatures,
        ErrorCode::TimestampTooOld,
        ErrorCode::TimestampTooNew,
        ErrorCode::SignatureMismatch,
        ErrorCode::InvalidSecret,
        ErrorCode::InvalidPayload,
        ErrorCode::InvalidOptions,
        ErrorCode::Replayed,
        ErrorCode::ReplayGuardFull,
        ErrorCode::ValidationFailed,
        ErrorCode::LimitExceeded,
        ErrorCode::InvalidJson,
        ErrorCode::ValidationInvalidOptions,
        ErrorCode::SchemaError,
        ErrorCode::InvalidPath,
        ErrorCode::RedactionInvalidJson,
        ErrorCode::RedactionLimitExceeded,
        ErrorCode::RedactionInvalidOptions,
        // Rate limiting (issue #14).
        ErrorCode::RateLimitInvalidOptions,
        ErrorCode::StateInvalid,
        ErrorCode::StateExpired,
        ErrorCode::StateSessionMismatch,
        ErrorCode::StateReplayed,
        ErrorCode::PkceInvalid,
        ErrorCode::OAuthInvalidOptions,
        ErrorCode::SealInvalid,
        ErrorCode::SealExpired,
        ErrorCode::SealInvalidKey,
        ErrorCode::SealInvalidOptions,
        ErrorCode::KeyWrongEnvironment,
        ErrorCode::KeyRingEmpty,
        ErrorCode::KeyInvalidOptions,
        ErrorCode::PolicyInvalid,
        ErrorCode::RandomUnavailable,
        // Network guards.
        ErrorCode::InvalidIp,
        ErrorCode::InvalidCidr,
        ErrorCode::NetworkInvalidOptions,
    ];

    /// The stable string code, e.g. `WEBHOOK_SIGNATURE_MISMATCH`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MissingHeader => "WEBHOOK_MISSING_HEADER",
            ErrorCode::MalformedHeader => "WEBHOOK_MALFORMED_HEADER",
            ErrorCode::NoSignatures => "WEBHOOK_NO_SIGNATURES",
            ErrorCode::TimestampTooOld => "WEBHOOK_TIMESTAMP_TOO_OLD",
            ErrorCode::TimestampTooNew => "WEBHOOK_TIMESTAMP_TOO_NEW",
            ErrorCode::SignatureMismatch => "WEBHOOK_SIGNATURE_MISMATCH",
            ErrorCode::InvalidSecret => "WEBHOOK_INVALID_SECRET",
            ErrorCode::InvalidPayload => "WEBHOOK_INVALID_PAYLOAD",
            ErrorCode::InvalidOptions => "WEBHOOK_INVALID_OPTIONS",
            ErrorCode::Replayed => "WEBHOOK_REPLAYED",
            ErrorCode::ReplayGuardFull => "WEBHOOK_REPLAY_GUARD_FULL",
            ErrorCode::ValidationFailed => "VALIDATION_FAILED",
            ErrorCode::LimitExceeded => "VALIDATION_LIMIT_EXCEEDED",
            ErrorCode::InvalidJson => "VALIDATION_INVALID_JSON",
            ErrorCode::ValidationInvalidOptions => "VALIDATION_INVALID_OPTIONS",
            ErrorCode::SchemaError => "SCHEMA_INVALID",
            ErrorCode::InvalidPath => "PATH_INVALID",
            ErrorCode::RedactionInvalidJson => "REDACTION_INVALID_JSON",
            ErrorCode::RedactionLimitExceeded => "REDACTION_LIMIT_EXCEEDED",
            ErrorCode::RedactionInvalidOptions => "REDACTION_INVALID_OPTIONS",
            // Rate limiting (issue #14).
            ErrorCode::RateLimitInvalidOptions => "RATE_LIMIT_INVALID_OPTIONS",
            ErrorCode::StateInvalid => "STATE_INVALID",
            ErrorCode::StateExpired => "STATE_EXPIRED",
            ErrorCode::StateSessionMismatch => "STATE_SESSION_MISMATCH",
            ErrorCode::StateReplayed => "STATE_REPLAYED",
            ErrorCode::PkceInvalid => "PKCE_INVALID",
            ErrorCode::OAuthInvalidOptions => "OAUTH_INVALID_OPTIONS",
            ErrorCode::SealInvalid => "SEAL_INVALID",
            ErrorCode::SealExpired => "SEAL_EXPIRED",
            ErrorCode::SealInvalidKey => "SEAL_INVALID_KEY",
            ErrorCode::SealInvalidOptions => "SEAL_INVALID_OPTIONS",
            ErrorCode::KeyWrongEnvironment => "KEY_WRONG_ENVIRONMENT",
            ErrorCode::KeyRingEmpty => "KEY_RING_EMPTY",
            ErrorCode::KeyInvalidOptions => "KEY_INVALID_OPTIONS",
            ErrorCode::PolicyInvalid => "POLICY_INVALID",
            ErrorCode::RandomUnavailable => "RANDOM_UNAVAILABLE",

            ErrorCode::InvalidIp => "NETWORK_INVALID_IP",
            ErrorCode::InvalidCidr => "NETWORK_INVALID_CIDR",
            ErrorCode::NetworkInvalidOptions => "NETWORK_INVALID_OPTIONS",
        }
    }

    /// The family whose exception class carries this code.
    pub const fn family(self) -> ErrorFamily {
        match self {
            ErrorCode::MissingHeader
            | ErrorCode::MalformedHeader
            | ErrorCode::NoSignatures
            | ErrorCode::TimestampTooOld
            | ErrorCode::TimestampTooNew
            | ErrorCode::SignatureMismatch
            | ErrorCode::InvalidSecret
            | ErrorCode::InvalidPayload
            | ErrorCode::InvalidOptions
            | ErrorCode::Replayed
            | ErrorCode::ReplayGuardFull => ErrorFamily::Webhook,
            ErrorCode::ValidationFailed
            | ErrorCode::LimitExceeded
            | ErrorCode::InvalidJson
            | ErrorCode::ValidationInvalidOptions => ErrorFamily::Validation,
            ErrorCode::SchemaError => ErrorFamily::Schema,
            ErrorCode::InvalidPath => ErrorFamily::Path,
            ErrorCode::RedactionInvalidJson
            | ErrorCode::RedactionLimitExceeded
            | ErrorCode::RedactionInvalidOptions => ErrorFamily::Redaction,
            // Rate limiting (issue #14).
            ErrorCode::RateLimitInvalidOptions => ErrorFamily::RateLimit,
            ErrorCode::StateInvalid
            | ErrorCode::StateExpired
            | ErrorCode::StateSessionMismatch
            | ErrorCode::StateReplayed
            | ErrorCode::PkceInvalid
            | ErrorCode::OAuthInvalidOptions => ErrorFamily::OAuth,
            ErrorCode::SealInvalid
            | ErrorCode::SealExpired
            | ErrorCode::SealInvalidKey
            | ErrorCode::SealInvalidOptions => ErrorFamily::Seal,
            ErrorCode::KeyWrongEnvironment
            | ErrorCode::KeyRingEmpty
            | ErrorCode::KeyInvalidOptions => ErrorFamily::Key,
            ErrorCode::PolicyInvalid => ErrorFamily::Policy,
            ErrorCode::RandomUnavailable => ErrorFamily::System,

            ErrorCode::InvalidIp | ErrorCode::InvalidCidr | ErrorCode::NetworkInvalidOptions => {
                ErrorFamily::Network
            }
        }
    }

    /// Looks a code up by its string form.
    pub fn from_code(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == code)
    }

    /// The HTTP status a middleware answers with when an operation fails with this code: the
    /// one table every runtime's middleware reads (`tests/vectors/http_status.json` pins it).
    /// A failure the client caused is a 4xx; a misconfiguration of the server (a bad secret,
    /// options, schema or key) is a 5xx, never blamed on the sender, its details kept out of
    /// the reply.
    ///
    /// - `401`: the delivery is not authentic: no signature header, no signature of the
    ///   scheme, a signature that matches no secret, or a signed timestamp outside the
    ///   tolerance (stale, or from the future: the signature cannot be accepted now). Same for
    ///   a sealed credential that does not open or expired.
    /// - `409`: the delivery is authentic but was accepted before (`WEBHOOK_REPLAYED`): a
    ///   conflict, not a forgery, so monitoring tells a duplicate from an attack; a sender
    ///   treats it as a failure.
    /// - `400`: the request is malformed: a signature header that does not parse, a body that
    ///   is not JSON, an unsafe path, an address that is not one, an OAuth state or PKCE
    ///   verifier that is invalid, expired, replayed or for another session (RFC 6749
    ///   `invalid_request`).
    /// - `413`: an input limit was exceeded (`VALIDATION_LIMIT_EXCEEDED`: size, depth, ...).
    /// - `422`: well-formed JSON that does not match the schema.
    /// - `503`: the replay guard is full (retry later), or the system has no randomness.
    /// - `500`: everything else: the server's configuration or a programming error.
    pub const fn http_status(self) -> u16 {
        match self {
            ErrorCode::MissingHeader
            | ErrorCode::NoSignatures
            | ErrorCode::TimestampTooOld
            | ErrorCode::TimestampTooNew
            | ErrorCode::SignatureMismatch
            | ErrorCode::SealInvalid
            | ErrorCode::SealExpired => 401,
            ErrorCode::Replayed => 409,
            ErrorCode::MalformedHeader
            | ErrorCode::InvalidJson
            | ErrorCode::InvalidPath
            | ErrorCode::InvalidIp
            | ErrorCode::StateInvalid
            | ErrorCode::StateExpired
            | ErrorCode::StateSessionMismatch
            | ErrorCode::StateReplayed
            | ErrorCode::PkceInvalid => 400,
            ErrorCode::LimitExceeded => 413,
            ErrorCode::ValidationFailed => 422,
            ErrorCode::ReplayGuardFull | ErrorCode::RandomUnavailable => 503,
            ErrorCode::InvalidSecret
            | ErrorCode::InvalidPayload
            | ErrorCode::InvalidOptions
            | ErrorCode::ValidationInvalidOptions
            | ErrorCode::SchemaError
            | ErrorCode::RedactionInvalidJson
            | ErrorCode::RedactionLimitExceeded
            | ErrorCode::RedactionInvalidOptions
            | ErrorCode::RateLimitInvalidOptions
            | ErrorCode::OAuthInvalidOptions
            | ErrorCode::SealInvalidKey
            | ErrorCode::SealInvalidOptions
            | ErrorCode::KeyWrongEnvironment
            | ErrorCode::KeyRingEmpty
            | ErrorCode::KeyInvalidOptions
            | ErrorCode::PolicyInvalid
            | ErrorCode::InvalidCidr
            | ErrorCode::NetworkInvalidOptions => 500,
        }
    }
}

/// [`ErrorCode::http_status`] of a code given as text (`"WEBHOOK_SIGNATURE_MISMATCH"`). Any
/// other text (an error that is not edgeward's) is a 500: fail closed, never a 2xx, and never
/// a 4xx that blames the client for the server's failure.
pub fn http_status(code: &str) -> u16 {
    ErrorCode::from_code(code).map_or(500, ErrorCode::http_status)
}

impl Error {
    /// The stable code of this error.
    pub const fn code(&self) -> ErrorCode {
        match self {
            Error::MissingHeader { .. } => ErrorCode::MissingHeader,
            Error::MalformedHeader { .. } => ErrorCode::MalformedHeader,
            Error::NoSignatures { .. } => ErrorCode::NoSignatures,
            Error::TimestampTooOld { .. } => ErrorCode::TimestampTooOld,
            Error::TimestampTooNew { .. } => ErrorCode::TimestampTooNew,
            Error::SignatureMismatch { .. } => ErrorCode::SignatureMismatch,
            Error::InvalidSecret { .. } => ErrorCode::InvalidSecret,
            Error::InvalidPayload { .. } => ErrorCode::InvalidPayload,
            Error::InvalidOptions { .. } => ErrorCode::InvalidOptions,
            Error::Replayed { .. } => ErrorCode::Replayed,
            Error::ReplayGuardFull { .. } => ErrorCode::ReplayGuardFull,
            Error::ValidationFailed { .. } => ErrorCode::ValidationFailed,
            Error::LimitExceeded { .. } => ErrorCode::LimitExceeded,
            Error::InvalidJson { .. } => ErrorCode::InvalidJson,
            Error::ValidationInvalidOptions { .. } => ErrorCode::ValidationInvalidOptions,
            Error::SchemaError { .. } => ErrorCode::SchemaError,
            Error::InvalidPath { .. } => ErrorCode::InvalidPath,
            Error::RedactionInvalidJson { .. } => ErrorCode::RedactionInvalidJson,
            Error::RedactionLimitExceeded { .. } => ErrorCode::RedactionLimitExceeded,
            Error::RedactionInvalidOptions { .. } => ErrorCode::RedactionInvalidOptions,
            // Rate limiting (issue #14).
            Error::RateLimitInvalidOptions { .. } => ErrorCode::RateLimitInvalidOptions,
            Error::StateInvalid => ErrorCode::StateInvalid,
            Error::StateExpired { .. } => ErrorCode::StateExpired,
            Error::StateSessionMismatch => ErrorCode::StateSessionMismatch,
            Error::StateReplayed => ErrorCode::StateReplayed,
            Error::PkceInvalid { .. } => ErrorCode::PkceInvalid,
            Error::OAuthInvalidOptions { .. } => ErrorCode::OAuthInvalidOptions,
            Error::SealInvalid => ErrorCode::SealInvalid,
            Error::SealExpired { .. } => ErrorCode::SealExpired,
            Error::SealInvalidKey { .. } => ErrorCode::SealInvalidKey,
            Error::SealInvalidOptions { .. } => ErrorCode::SealInvalidOptions,
            Error::KeyWrongEnvironment { .. } => ErrorCode::KeyWrongEnvironment,
            Error::KeyRingEmpty { .. } => ErrorCode::KeyRingEmpty,
            Error::KeyInvalidOptions { .. } => ErrorCode::KeyInvalidOptions,
            Error::PolicyInvalid { .. } => ErrorCode::PolicyInvalid,
            Error::RandomUnavailable => ErrorCode::RandomUnavailable,

            Error::InvalidIp { .. } => ErrorCode::InvalidIp,
            Error::InvalidCidr { .. } => ErrorCode::InvalidCidr,
            Error::NetworkInvalidOptions { .. } => ErrorCode::NetworkInvalidOptions,
        }
    }

    /// The structured facts this error carries, for bindings to expose as properties
    /// (`ageSeconds` / `age_seconds`, ...). Only non-secret facts: names, counts and seconds;
    /// free-text reasons stay in the message. Each fact also appears in the message, so two
    /// errors with the same code and message have the same fields.
    pub fn fields(&self) -> ErrorFields {
        let number = |name, value: u64| {
            Some(ErrorField {
                name,
                value: ErrorFieldValue::Number(value),
            })
        };
        let text = |name, value| {
            Some(ErrorField {
                name,
                value: ErrorFieldValue::Name(value),
            })
        };
        let count = |value: usize| u64::try_from(value).unwrap_or(u64::MAX);
        let pair: [Option<ErrorField>; 2] = match self {
            Error::MissingHeader { header } => [text("header", header), None],
            Error::NoSignatures { expected } => [text("expected", expected), None],
            Error::TimestampTooOld {
                age_seconds,
                tolerance_seconds,
            } => [
                number("age_seconds", *age_seconds),
                number("tolerance_seconds", *tolerance_seconds),
            ],
            Error::TimestampTooNew {
                ahead_seconds,
                tolerance_seconds,
            } => [
                number("ahead_seconds", *ahead_seconds),
                number("tolerance_seconds", *tolerance_seconds),
            ],
            Error::SignatureMismatch {
                secrets,
                signatures,
            } => [
                number("secret_count", count(*secrets)),
                number("signature_count", count(*signatures)),
            ],
            Error::Replayed { by } => [text("by", by), None],
            Error::ReplayGuardFull { max_entries } => {
                [number("max_entries", count(*max_entries)), None]
            }
            Error::StateExpired {
                age_seconds,
                ttl_seconds,
            } => [
                number("age_seconds", *age_seconds),
                number("ttl_seconds", *ttl_seconds),
            ],
            Error::SealExpired {
                age_seconds,
                max_age_seconds,
            } => [
                number("age_seconds", *age_seconds),
                number("max_age_seconds", *max_age_seconds),
            ],
            Error::KeyWrongEnvironment { mode, .. } => [text("mode", mode), None],
            Error::KeyRingEmpty { names } => [number("name_count", count(*names)), None],
            _ => [None, None],
        };
        ErrorFields(pair.into_iter().flatten())
    }

    /// The error of `code` with a free-text `reason`, for a binding that detects a misuse of
    /// its own (a wrong argument type) and reports it with the family's code. `None` for the
    /// codes whose errors carry structured facts rather than a reason.
    pub fn with_reason(code: ErrorCode, reason: String) -> Option<Error> {
        Some(match code {
            ErrorCode::MalformedHeader => Error::MalformedHeader { reason },
            ErrorCode::InvalidSecret => Error::InvalidSecret { reason },
            ErrorCode::InvalidPayload => Error::InvalidPayload { reason },
            ErrorCode::InvalidOptions => Error::InvalidOptions { reason },
            ErrorCode::LimitExceeded => Error::LimitExceeded { reason },
            ErrorCode::InvalidJson => Error::InvalidJson { reason },
            ErrorCode::ValidationInvalidOptions => Error::ValidationInvalidOptions { reason },
            ErrorCode::SchemaError => Error::SchemaError { reason },
            ErrorCode::InvalidPath => Error::InvalidPath { reason },
            ErrorCode::RedactionInvalidJson => Error::RedactionInvalidJson { reason },
            ErrorCode::RedactionLimitExceeded => Error::RedactionLimitExceeded { reason },
            ErrorCode::RedactionInvalidOptions => Error::RedactionInvalidOptions { reason },
            ErrorCode::RateLimitInvalidOptions => Error::RateLimitInvalidOptions { reason },
            ErrorCode::PkceInvalid => Error::PkceInvalid { reason },
            ErrorCode::OAuthInvalidOptions => Error::OAuthInvalidOptions { reason },
            ErrorCode::SealInvalidKey => Error::SealInvalidKey { reason },
            ErrorCode::SealInvalidOptions => Error::SealInvalidOptions { reason },
            ErrorCode::KeyInvalidOptions => Error::KeyInvalidOptions { reason },
            ErrorCode::PolicyInvalid => Error::PolicyInvalid { reason },
            ErrorCode::InvalidIp => Error::InvalidIp { reason },
            ErrorCode::InvalidCidr => Error::InvalidCidr { reason },
            ErrorCode::NetworkInvalidOptions => Error::NetworkInvalidOptions { reason },
            _ => return None,
        })
    }

    /// The error a binding raises when the payload is a parsed object rather than the raw body.
    /// `given` names what was passed, in the caller's language (`"object"`, `"dict"`).
    pub fn payload_not_raw(given: &str) -> Error {
        Error::InvalidPayload {
            reason: format!(
                "got a payload of type {given}, not the raw request body: pass the body exactly as \
                 received, as bytes or a string (for example `await request.arrayBuffer()`, \
                 `express.raw()`, or `await request.body()`), before any JSON parsing"
            ),
        }
    }

    /// The error a binding raises when a text payload has no UTF-8 form (a JS string or a
    /// Python `str` holding an unpaired UTF-16 surrogate). Such text cannot be a body as
    /// received; converting it would replace the surrogate and verify other bytes than
    /// the caller holds, so every runtime refuses it. `given` names the type in the
    /// caller's language (`"string"`, `"str"`).
    pub fn payload_unpaired_surrogate(given: &str) -> Error {
        Error::InvalidPayload {
            reason: format!(
                "got a {given} with an unpaired UTF-16 surrogate, which has no UTF-8 form and \
                 so cannot be the body as received: pass the raw body as bytes"
            ),
        }
    }

    /// The error a binding raises when a secret is not a string. `given` names what was
    /// passed, in the caller's language.
    pub fn secret_not_text(given: &str) -> Error {
        Error::InvalidSecret {
            reason: format!(
                "got a secret of type {given}: pass each signing secret as the string the provider \
                 shows"
            ),
        }
    }

    /// The error a binding raises when `now` is not a finite number of seconds.
    pub fn invalid_now() -> Error {
        Error::InvalidOptions {
            reason: "`now` must be a finite number of Unix seconds (or a Date)".to_owned(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::MissingHeader { header } => write!(
                f,
                "the `{header}` header is missing or empty: pass the header value exactly as \
                 received with the request"
            ),
            Error::MalformedHeader { reason } => write!(f, "malformed signature header: {reason}"),
            Error::NoSignatures { expected } => write!(
                f,
                "the signature header carries no `{expected}` signature: check that the \
                 endpoint uses this signing scheme"
            ),
            Error::TimestampTooOld {
                age_seconds,
                tolerance_seconds,
            } => write!(
                f,
                "the timestamp is {age_seconds} s old, over the tolerance of {tolerance_seconds} \
                 s: the delivery may be a replay, or this server's clock is behind"
            ),
            Error::TimestampTooNew {
                ahead_seconds,
                tolerance_seconds,
            } => write!(
                f,
                "the timestamp is {ahead_seconds} s in the future, over the tolerance of \
                 {tolerance_seconds} s: check this server's clock"
            ),
            Error::SignatureMismatch {
                secrets,
                signatures,
            } => write!(
                f,
                "none of the {signatures} signature(s) matches any of the {secrets} secret(s): \
                 make sure you pass the raw request body, unmodified (not parsed and re-serialised \
                 JSON), and the signing secret of this endpoint"
            ),
            Error::InvalidSecret { reason } => write!(f, "invalid secret: {reason}"),
            Error::InvalidPayload { reason } => write!(f, "invalid payload: {reason}"),
            Error::InvalidOptions { reason } => write!(f, "invalid options: {reason}"),
            Error::Replayed { by } => write!(
                f,
                "this delivery was already accepted (same {by}): it is a replay or a duplicate \
                 delivery; do not process it again (answering 2xx stops a provider's retries)"
            ),
            Error::ReplayGuardFull { max_entries } => write!(
                f,
                "the replay guard is full: it holds {max_entries} deliveries that have not \
                 expired, and refuses this one rather than forget any (a forgotten delivery \
                 could be replayed); raise max_entries above your deliveries per retention \
                 window, or use an external store"
            ),
            Error::ValidationFailed { issues } => write_validation_failed(f, issues),
            Error::LimitExceeded { reason } => write!(f, "limit exceeded: {reason}"),
            Error::InvalidJson { reason } => write!(f, "invalid JSON: {reason}"),
            Error::ValidationInvalidOptions { reason } => {
                write!(f, "invalid validator options: {reason}")
            }
            Error::SchemaError { reason } => write!(f, "invalid schema: {reason}"),
            Error::InvalidPath { reason } => write!(f, "unsafe path: {reason}"),
            Error::RedactionInvalidJson { reason } => write!(f, "invalid JSON: {reason}"),
            Error::RedactionLimitExceeded { reason } => {
                write!(f, "redaction limit exceeded: {reason}")
            }
            Error::RedactionInvalidOptions { reason } => {
                write!(f, "invalid redaction options: {reason}")
            }
            // Rate limiting (issue #14).
            Error::RateLimitInvalidOptions { reason } => {
                write!(f, "invalid rate limit options: {reason}")
            }
            Error::StateInvalid => write!(
                f,
                "the OAuth state is invalid (malformed, or signed with none of the secrets): \
                 restart the sign-in"
            ),
            Error::StateExpired {
                age_seconds,
                ttl_seconds,
            } => write!(
                f,
                "the OAuth state was issued {age_seconds} s ago, over its time to live of \
                 {ttl_seconds} s: restart the sign-in"
            ),
            Error::StateSessionMismatch => write!(
                f,
                "the OAuth state was issued for another session: refuse the callback (it may be a \
                 login CSRF or an account takeover attempt)"
            ),
            Error::StateReplayed => write!(
                f,
                "the OAuth state was already used: each state is valid for one callback"
            ),
            Error::PkceInvalid { reason } => write!(f, "invalid PKCE input: {reason}"),
            Error::OAuthInvalidOptions { reason } => write!(f, "invalid OAuth options: {reason}"),
            Error::SealInvalid => write!(
                f,
                "the sealed token cannot be opened: it is malformed, was altered, or was sealed \
                 with another key or other additional data"
            ),
            Error::SealExpired {
                age_seconds,
                max_age_seconds,
            } => write!(
                f,
                "the sealed token is {age_seconds} s old, over the allowed {max_age_seconds} s"
            ),
            Error::SealInvalidKey { reason } => write!(f, "invalid sealing key: {reason}"),
            Error::SealInvalidOptions { reason } => write!(f, "invalid sealing options: {reason}"),
            Error::KeyWrongEnvironment {
                kind,
                mode,
                environment,
            } => write!(
                f,
                "a {kind} ({mode} mode) must not be used in the {environment} environment: use \
                 separate keys per environment"
            ),
            Error::KeyRingEmpty { names } => write!(
                f,
                "the key ring is empty: none of the {names} environment variable(s) is set"
            ),
            Error::KeyInvalidOptions { reason } => write!(f, "invalid key options: {reason}"),
            Error::PolicyInvalid { reason } => write!(f, "invalid access policy: {reason}"),
            Error::RandomUnavailable => write!(
                f,
                "the operating system's random number generator is unavailable"
            ),

            Error::InvalidIp { reason } => write!(f, "invalid IP address: {reason}"),
            Error::InvalidCidr { reason } => write!(f, "invalid IP range: {reason}"),
            Error::NetworkInvalidOptions { reason } => {
                write!(f, "invalid network guard options: {reason}")
            }
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code().as_str(), self)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_code(code.as_str()), Some(*code));
        }
        let mut names: Vec<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ErrorCode::ALL.len());
        assert_eq!(ErrorCode::from_code("NOPE"), None);
    }

    #[test]
    fn every_code_starts_with_its_family_prefix() {
        for code in ErrorCode::ALL {
            let prefixes = code.family().code_prefixes();
            assert!(
                prefixes.iter().any(|p| code.as_str().starts_with(p)),
                "{} does not start with one of {prefixes:?}",
                code.as_str()
            );
        }
        // The family's own name is always a prefix.
        for code in ErrorCode::ALL {
            let own = format!("{}_", code.family().as_str().to_uppercase());
            assert!(code.family().code_prefixes().contains(&own.as_str()));
        }
    }

    #[test]
    fn fields_are_in_the_message_and_named_in_snake_case() {
        let errors = [
            Error::MissingHeader {
                header: "webhook-signature",
            },
            Error::NoSignatures { expected: "v1" },
            Error::TimestampTooOld {
                age_seconds: 4000,
                tolerance_seconds: 300,
            },
            Error::TimestampTooNew {
                ahead_seconds: 901,
                tolerance_seconds: 300,
            },
            Error::SignatureMismatch {
                secrets: 2,
                signatures: 3,
            },
            Error::Replayed { by: "id" },
            Error::ReplayGuardFull {
                max_entries: 10_000,
            },
        ];
        for error in &errors {
            let message = error.to_string();
            let fields: Vec<_> = error.fields().collect();
            assert!(!fields.is_empty(), "{message}");
            for field in fields {
                assert!(
                    field
                        .name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'_')
                );
                let shown = match field.value {
                    ErrorFieldValue::Number(n) => n.to_string(),
                    ErrorFieldValue::Name(name) => name.to_owned(),
                };
                assert!(message.contains(&shown), "{message} lacks {shown}");
            }
        }
        let old: Vec<_> = errors[2].fields().map(|f| (f.name, f.value)).collect();
        assert_eq!(
            old,
            [
                ("age_seconds", ErrorFieldValue::Number(4000)),
                ("tolerance_seconds", ErrorFieldValue::Number(300)),
            ]
        );
        let reason = Error::InvalidOptions {
            reason: "x".to_owned(),
        };
        assert_eq!(reason.fields().count(), 0);
    }

    #[test]
    fn with_reason_builds_the_code_it_is_given() {
        for code in ErrorCode::ALL {
            if let Some(error) = Error::with_reason(*code, "why".to_owned()) {
                assert_eq!(error.code(), *code);
                assert!(error.to_string().contains("why"));
                assert_eq!(error.fields().count(), 0);
            }
        }
        assert!(Error::with_reason(ErrorCode::InvalidOptions, String::new()).is_some());
        assert!(Error::with_reason(ErrorCode::SignatureMismatch, String::new()).is_none());
    }
}
