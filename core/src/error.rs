//! The one error type of the crate, with stable string codes shared by every runtime.

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
        issues: Vec<crate::validate::ValidationIssue>,
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

    /// Network guards: IP parsing, allowlists, client IP (`NetworkError`).
    Network,
}

impl ErrorFamily {
    /// The family's stable name, as bindings see it.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorFamily::Webhook => "webhook",
            ErrorFamily::Validation => "validation",
            ErrorFamily::Schema => "schema",
            ErrorFamily::Path => "path",
            ErrorFamily::Redaction => "redaction",

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
        // Network guards.
        ErrorCode::InvalidIp,
        ErrorCode::InvalidCidr,
        ErrorCode::NetworkInvalidOptions,
    ];

    /// The stable string code, e.g. `SIGNATURE_MISMATCH`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MissingHeader => "MISSING_HEADER",
            ErrorCode::MalformedHeader => "MALFORMED_HEADER",
            ErrorCode::NoSignatures => "NO_SIGNATURES",
            ErrorCode::TimestampTooOld => "TIMESTAMP_TOO_OLD",
            ErrorCode::TimestampTooNew => "TIMESTAMP_TOO_NEW",
            ErrorCode::SignatureMismatch => "SIGNATURE_MISMATCH",
            ErrorCode::InvalidSecret => "INVALID_SECRET",
            ErrorCode::InvalidPayload => "INVALID_PAYLOAD",
            ErrorCode::InvalidOptions => "INVALID_OPTIONS",
            ErrorCode::Replayed => "REPLAYED",
            ErrorCode::ReplayGuardFull => "REPLAY_GUARD_FULL",
            ErrorCode::ValidationFailed => "VALIDATION_FAILED",
            ErrorCode::LimitExceeded => "LIMIT_EXCEEDED",
            ErrorCode::InvalidJson => "INVALID_JSON",
            ErrorCode::ValidationInvalidOptions => "VALIDATION_INVALID_OPTIONS",
            ErrorCode::SchemaError => "SCHEMA_ERROR",
            ErrorCode::InvalidPath => "INVALID_PATH",
            ErrorCode::RedactionInvalidJson => "REDACTION_INVALID_JSON",
            ErrorCode::RedactionLimitExceeded => "REDACTION_LIMIT_EXCEEDED",
            ErrorCode::RedactionInvalidOptions => "REDACTION_INVALID_OPTIONS",

            ErrorCode::InvalidIp => "INVALID_IP",
            ErrorCode::InvalidCidr => "INVALID_CIDR",
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

            ErrorCode::InvalidIp | ErrorCode::InvalidCidr | ErrorCode::NetworkInvalidOptions => {
                ErrorFamily::Network
            }
        }
    }

    /// Looks a code up by its string form.
    pub fn from_code(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == code)
    }
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

            Error::InvalidIp { .. } => ErrorCode::InvalidIp,
            Error::InvalidCidr { .. } => ErrorCode::InvalidCidr,
            Error::NetworkInvalidOptions { .. } => ErrorCode::NetworkInvalidOptions,
        }
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
            Error::ValidationFailed { issues } => {
                crate::validate::write_validation_failed(f, issues)
            }
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
}
