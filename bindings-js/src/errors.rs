//! The structured facts of a core error ([`Error::fields`]) for JavaScript, the same way on
//! both JS backends.
//!
//! A napi-rs error carries a code and a message only, so a shim cannot attach properties
//! while it throws. Instead each shim's `to_js` calls [`remember`], and the JS facade's
//! `translateError` asks for [`take_json`] (exposed as `errorFields(code, message)`) when it
//! rewraps the error as its family's class, setting the fields as properties (`ageSeconds`,
//! `toleranceSeconds`, `header`, ...). The WASM shim does the same, so the facade has one
//! path for both.
//!
//! Also here: the errors the facade raises for misuse it detects in JS values (a payload that
//! is neither bytes nor a string, a secret that is not a string), and the codes' families.
//!
//! Only the most recent error with fields is kept, per thread (a JS isolate runs on one
//! thread). It is handed out only to an error with the same code and message: every field
//! appears in the message, so an error that never reached `translateError` (caught inside
//! the facade, say) cannot lend its facts to another one. Fields are never secret: names,
//! counts and seconds.

use std::cell::RefCell;
use std::fmt::Write as _;

use edgeward_core::{Error, ErrorCode, ErrorFieldValue};

/// The most recent error with fields on this thread.
struct Remembered {
    code: &'static str,
    message: String,
    /// The fields as a JSON object with camelCase names.
    json: String,
}

thread_local! {
    static LAST: RefCell<Option<Remembered>> = const { RefCell::new(None) };
}

/// `age_seconds` → `ageSeconds`. Field names are ASCII (a core test checks it), so ASCII case
/// mapping suffices, and keeps Unicode case tables out of the lean WASM build.
pub fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` as a JSON string literal.
fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The fields of `error` as a JSON object with camelCase names (`{"ageSeconds":4000,...}`),
/// or `None` when it has none. Numbers are whole and far below 2^53 in practice; JS reads
/// them as numbers.
pub fn fields_json(error: &Error) -> Option<String> {
    let mut fields = error.fields().peekable();
    fields.peek()?;
    let mut json = String::from("{");
    for (i, field) in fields.enumerate() {
        if i > 0 {
            json.push(',');
        }
        push_json_string(&mut json, &camel_case(field.name));
        json.push(':');
        match field.value {
            ErrorFieldValue::Number(n) => {
                let _ = write!(json, "{n}");
            }
            ErrorFieldValue::Name(name) => push_json_string(&mut json, name),
        }
    }
    json.push('}');
    Some(json)
}

/// Keeps `error`'s fields for the facade, if it has any; `message` is the text the shim
/// throws (`error.to_string()`).
pub fn remember(error: &Error, message: &str) {
    if let Some(json) = fields_json(error) {
        let remembered = Remembered {
            code: error.code().as_str(),
            message: message.to_owned(),
            json,
        };
        LAST.with(|last| *last.borrow_mut() = Some(remembered));
    }
}

/// The fields (JSON, camelCase) of the most recent error with fields, if it has this `code`
/// and `message`; they are handed out once.
pub fn take_json(code: &str, message: &str) -> Option<String> {
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        let matches = last
            .as_ref()
            .is_some_and(|r| r.code == code && r.message == message);
        if matches {
            last.take().map(|r| r.json)
        } else {
            None
        }
    })
}

/// The core's error of `code` with `reason`, for a misuse the JS facade detects (a wrong
/// argument type): thrown with the family's class and code like every other error. An
/// unknown or fact-carrying code is a bug in the facade, reported as `WEBHOOK_INVALID_OPTIONS`
/// naming it rather than dropped.
pub fn misuse(code: &str, reason: String) -> Error {
    ErrorCode::from_code(code)
        .and_then(|known| Error::with_reason(known, reason))
        .unwrap_or_else(|| Error::InvalidOptions {
            reason: format!("no misuse error has the code {code} (a bug in edgeward)"),
        })
}

/// `WEBHOOK_INVALID_PAYLOAD` for a payload that is neither bytes nor a string (`given` describes it).
pub fn payload_error(given: &str) -> Error {
    Error::payload_not_raw(given)
}

/// `WEBHOOK_INVALID_PAYLOAD` for a string payload holding an unpaired UTF-16 surrogate: it has no
/// UTF-8 form, and converting it would hash other bytes than the caller holds.
pub fn payload_surrogate_error() -> Error {
    Error::payload_unpaired_surrogate("string")
}

/// `WEBHOOK_INVALID_SECRET` for a secret that is not a string (`given` describes it).
pub fn secret_error(given: &str) -> Error {
    Error::secret_not_text(given)
}

/// The family (`"webhook"`, …) of an error code, or `None` for unknown codes.
pub fn error_family(code: &str) -> Option<&'static str> {
    ErrorCode::from_code(code).map(|c| c.family().as_str())
}

/// Every error code the core can produce.
pub fn error_codes() -> Vec<&'static str> {
    ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}

/// The HTTP status a middleware answers with for an error code (500 for an unknown code).
pub fn http_status(code: &str) -> u32 {
    u32::from(edgeward_core::http_status(code))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names_are_camel_case() {
        assert_eq!(camel_case("age_seconds"), "ageSeconds");
        assert_eq!(camel_case("max_entries"), "maxEntries");
        assert_eq!(camel_case("header"), "header");
    }

    #[test]
    fn fields_are_handed_out_once_and_only_to_the_same_error() {
        let old = Error::TimestampTooOld {
            age_seconds: 4000,
            tolerance_seconds: 300,
        };
        let message = old.to_string();
        remember(&old, &message);
        assert_eq!(take_json("WEBHOOK_SIGNATURE_MISMATCH", &message), None);
        assert_eq!(take_json(old.code().as_str(), "another message"), None);
        assert_eq!(
            take_json(old.code().as_str(), &message).as_deref(),
            Some(r#"{"ageSeconds":4000,"toleranceSeconds":300}"#)
        );
        assert_eq!(take_json(old.code().as_str(), &message), None);
    }

    #[test]
    fn errors_without_fields_leave_nothing() {
        let missing = Error::MissingHeader {
            header: "stripe-signature",
        };
        remember(&missing, &missing.to_string());
        let options = Error::InvalidOptions {
            reason: "x".to_owned(),
        };
        remember(&options, &options.to_string());
        assert_eq!(fields_json(&options), None);
        assert_eq!(
            take_json(missing.code().as_str(), &missing.to_string()).as_deref(),
            Some(r#"{"header":"stripe-signature"}"#)
        );
    }

    #[test]
    fn misuse_builds_the_code_asked_for() {
        let error = misuse(
            "REDACTION_INVALID_OPTIONS",
            "redactText expects a string".to_owned(),
        );
        assert_eq!(error.code(), ErrorCode::RedactionInvalidOptions);
        assert!(error.to_string().contains("redactText expects a string"));
        assert_eq!(
            misuse("NOPE", String::new()).code(),
            ErrorCode::InvalidOptions
        );
    }

    #[test]
    fn names_are_escaped() {
        let mut out = String::new();
        push_json_string(&mut out, "a\"b\\c\n");
        assert_eq!(out, r#""a\"b\\c\u000a""#);
    }

    #[test]
    fn codes_and_families() {
        let codes = error_codes();
        assert!(codes.contains(&"WEBHOOK_INVALID_PAYLOAD"));
        assert!(codes.iter().all(|c| error_family(c).is_some()));
        assert_eq!(error_family("NOPE"), None);
        assert_eq!(
            payload_error("number").code().as_str(),
            "WEBHOOK_INVALID_PAYLOAD"
        );
        assert_eq!(
            payload_surrogate_error().code().as_str(),
            "WEBHOOK_INVALID_PAYLOAD"
        );
        assert_eq!(
            secret_error("number").code().as_str(),
            "WEBHOOK_INVALID_SECRET"
        );
    }
}
