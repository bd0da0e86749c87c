//! Safe error replies: a generic RFC 9457 problem body for the client, the details for the
//! log only (already redacted), and request ids that are safe to log.
//!
//! ## Threat model
//! - **Information leaks in error replies**: stack traces, internal messages (SQL, file paths,
//!   hostnames) and secrets in a 5xx reply help an attacker. The client body of a 5xx error is
//!   the status's generic title and the request id, nothing else. A 4xx error may show its
//!   message when the caller marked it safe (`expose`), and even then it passes through the
//!   redactor first.
//! - **Secrets in logs**: the log record (message, stack, cause chain) passes through the
//!   redactor before it is returned.
//! - **Log injection through request ids**: an incoming id is kept only when it is short and
//!   of a safe charset (no newline, control character, quote or space); otherwise a new random
//!   id replaces it.

use crate::Error;
use crate::redact::{Redactor, RedactorOptions};
use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::{Map, Value, json};

/// Longest incoming request id kept.
pub const MAX_REQUEST_ID_BYTES: usize = 128;
/// Most causes logged (a cycle or a very deep chain stops there).
pub const MAX_CAUSES: usize = 8;
/// Longest text logged per field, in bytes (longer text is cut).
const MAX_FIELD_BYTES: usize = 16 * 1024;

/// `incoming` when it is a safe request id (1 to 128 characters of `A-Z a-z 0-9 . _ : -`),
/// else a new random one (22 base64url characters, 128 bits).
pub fn request_id(incoming: Option<&str>) -> Result<String, Error> {
    if let Some(id) = incoming {
        let safe = !id.is_empty()
            && id.len() <= MAX_REQUEST_ID_BYTES
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'));
        if safe {
            return Ok(id.to_owned());
        }
    }
    Ok(Base64UrlUnpadded::encode_string(
        &crate::random::bytes::<16>()?,
    ))
}

/// What the caller knows of the error (bindings read it from the language's exception).
#[derive(Clone, Debug, Default)]
pub struct ErrorReport {
    /// The error's class name (`TypeError`, `ValueError`).
    pub name: String,
    /// Its message.
    pub message: String,
    /// Its stack trace or traceback, if any.
    pub stack: Option<String>,
    /// The messages of its causes, outermost first.
    pub causes: Vec<String>,
}

/// Options of [`safe_error_response`].
#[derive(Clone, Debug, Default)]
pub struct ResponseOptions {
    /// The HTTP status (400 to 599; anything else becomes 500).
    pub status: Option<u16>,
    /// The request id, already checked with [`request_id`]; a new one when `None`.
    pub request_id: Option<String>,
    /// Show the (redacted) message to the client: honoured for 4xx only.
    pub expose: bool,
}

/// The reply and the log record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SafeResponse {
    /// The HTTP status.
    pub status: u16,
    /// Response headers (`content-type`, `cache-control`, `x-request-id`).
    pub headers: Vec<(String, String)>,
    /// The RFC 9457 problem JSON for the client.
    pub body: String,
    /// The internal record for the log (JSON), redacted.
    pub log: String,
    /// The request id used.
    pub request_id: String,
}

/// The generic title of an HTTP error status.
fn title(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        410 => "Gone",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ if status < 500 => "Client Error",
        _ => "Internal Server Error",
    }
}

fn redactor() -> Option<&'static Redactor> {
    use std::sync::OnceLock;
    static REDACTOR: OnceLock<Option<Redactor>> = OnceLock::new();
    REDACTOR
        .get_or_init(|| Redactor::new(RedactorOptions::default()).ok())
        .as_ref()
}

/// `text` redacted and cut to a bounded length; fails closed to a marker.
fn clean(text: &str) -> String {
    let mut end = text.len().min(MAX_FIELD_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text.get(..end).unwrap_or("");
    match redactor().map(|r| r.redact_text(cut)) {
        Some(Ok((out, _))) => out,
        _ => crate::redact::DEFAULT_REPLACEMENT.to_owned(),
    }
}

/// The client reply and the log record for `error`.
pub fn safe_error_response(
    error: &ErrorReport,
    options: &ResponseOptions,
) -> Result<SafeResponse, Error> {
    let status = options
        .status
        .filter(|s| (400..=599).contains(s))
        .unwrap_or(500);
    let request_id = match &options.request_id {
        Some(id) => request_id(Some(id))?,
        None => request_id(None)?,
    };
    let mut body = Map::new();
    body.insert("type".into(), json!("about:blank"));
    body.insert("title".into(), json!(title(status)));
    body.insert("status".into(), json!(status));
    if status < 500 && options.expose && !error.message.is_empty() {
        body.insert("detail".into(), json!(clean(&error.message)));
    }
    body.insert("requestId".into(), json!(request_id));
    let causes: Vec<Value> = error
        .causes
        .iter()
        .take(MAX_CAUSES)
        .map(|c| json!(clean(c)))
        .collect();
    let mut log = Map::new();
    log.insert("requestId".into(), json!(request_id));
    log.insert("status".into(), json!(status));
    log.insert("name".into(), json!(clean(&error.name)));
    log.insert("message".into(), json!(clean(&error.message)));
    if let Some(stack) = &error.stack {
        log.insert("stack".into(), json!(clean(stack)));
    }
    if !causes.is_empty() {
        log.insert("causes".into(), Value::Array(causes));
    }
    Ok(SafeResponse {
        status,
        headers: vec![
            ("content-type".into(), "application/problem+json".into()),
            ("cache-control".into(), "no-store".into()),
            ("x-request-id".into(), request_id.clone()),
        ],
        body: Value::Object(body).to_string(),
        log: Value::Object(log).to_string(),
        request_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_hundreds_are_generic_and_logs_redacted() {
        let error = ErrorReport {
            name: "Error".into(),
            message: "db password=hunter2hunter2 at 10.0.0.1 failed".into(),
            stack: Some("Error: x\n    at /srv/app.js:1:1".into()),
            causes: vec!["token sk_live_51H8abcdefghijklmnopqrstuvwxyz".into()],
        };
        let r = safe_error_response(
            &error,
            &ResponseOptions {
                expose: true,
                ..ResponseOptions::default()
            },
        )
        .unwrap_or_else(|_| unreachable!());
        assert_eq!(r.status, 500);
        assert!(!r.body.contains("hunter2"));
        assert!(!r.body.contains("app.js"));
        assert!(r.body.contains("Internal Server Error"));
        assert!(r.log.contains("app.js"));
        assert!(!r.log.contains("sk_live_51H8abcdefghijklmnopqrstuvwxyz"));
        let r = safe_error_response(
            &ErrorReport {
                message: "email is required".into(),
                ..ErrorReport::default()
            },
            &ResponseOptions {
                status: Some(422),
                expose: true,
                request_id: Some("abc-1".into()),
            },
        )
        .unwrap_or_else(|_| unreachable!());
        assert!(r.body.contains("email is required"));
        assert_eq!(r.request_id, "abc-1");
    }

    #[test]
    fn request_ids() {
        assert_eq!(request_id(Some("req-123")).ok(), Some("req-123".to_owned()));
        for bad in ["a\nb", "", "a b", "x\u{7}", &"a".repeat(129)] {
            let id = request_id(Some(bad)).unwrap_or_default();
            assert_ne!(id, bad);
            assert_eq!(id.len(), 22);
        }
    }
}
