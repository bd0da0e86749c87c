//! Human-readable messages for validation issues.
//!
//! ## Threat model
//! The document being validated may carry secrets (a card number in the wrong field, a token
//! where an email belongs), and messages end up in logs and HTTP responses. So by default a
//! message describes the rule that failed using only the schema (which the developer wrote),
//! never the offending value — nor an offending object key, which an attacker also chooses.
//! Values are included only when the caller opts in, and then truncated.
//!
//! Our own wording (rather than the `jsonschema` crate's `Display`) keeps that guarantee
//! independent of upstream changes, and identical in every runtime.

#[cfg(feature = "validate")]
use core::fmt::{self, Write};
#[cfg(feature = "validate")]
use jsonschema::ValidationError;
#[cfg(feature = "validate")]
use jsonschema::error::{TypeKind, ValidationErrorKind};
#[cfg(feature = "validate")]
use serde_json::Value;

/// How many bytes of a value (or of a schema constant) a message may quote.
const QUOTE_LIMIT: usize = 120;

#[cfg(feature = "validate")]
/// The message for one validation error.
pub(crate) fn describe(error: &ValidationError<'_>, include_values: bool) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_rule(&mut out, error, include_values);
    if include_values && quotes_instance(error.kind()) {
        out.push_str(" (got ");
        out.push_str(&truncated(error.instance()));
        out.push(')');
    }
    out
}

#[cfg(feature = "validate")]
/// Whether appending the instance adds anything (kinds that already list names do not).
fn quotes_instance(kind: &ValidationErrorKind) -> bool {
    !matches!(
        kind,
        ValidationErrorKind::AdditionalProperties { .. }
            | ValidationErrorKind::UnevaluatedProperties { .. }
            | ValidationErrorKind::PropertyNames { .. }
            | ValidationErrorKind::Required { .. }
            | ValidationErrorKind::Referencing(_)
    )
}

#[cfg(feature = "validate")]
fn plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

#[cfg(feature = "validate")]
fn write_rule(out: &mut String, error: &ValidationError<'_>, include_values: bool) -> fmt::Result {
    match error.kind() {
        ValidationErrorKind::Type { kind } => {
            out.write_str("must be of type ")?;
            match kind {
                TypeKind::Single(t) => write!(out, "\"{t}\""),
                TypeKind::Multiple(set) => {
                    for (i, t) in set.iter().enumerate() {
                        if i > 0 {
                            out.write_str(" or ")?;
                        }
                        write!(out, "\"{t}\"")?;
                    }
                    Ok(())
                }
            }
        }
        ValidationErrorKind::Format { format } => {
            write!(out, "must be a valid {}", quoted(format))
        }
        ValidationErrorKind::Minimum { limit } => write!(out, "must be at least {limit}"),
        ValidationErrorKind::Maximum { limit } => write!(out, "must be at most {limit}"),
        ValidationErrorKind::ExclusiveMinimum { limit } => {
            write!(out, "must be greater than {limit}")
        }
        ValidationErrorKind::ExclusiveMaximum { limit } => {
            write!(out, "must be less than {limit}")
        }
        ValidationErrorKind::MultipleOf { multiple_of } => {
            write!(out, "must be a multiple of {multiple_of}")
        }
        ValidationErrorKind::MinLength { limit } => write!(
            out,
            "must be at least {limit} {} long",
            plural(*limit, "character", "characters")
        ),
        ValidationErrorKind::MaxLength { limit } => write!(
            out,
            "must be at most {limit} {} long",
            plural(*limit, "character", "characters")
        ),
        ValidationErrorKind::MinItems { limit } => write!(
            out,
            "must have at least {limit} {}",
            plural(*limit, "item", "items")
        ),
        ValidationErrorKind::MaxItems { limit } => write!(
            out,
            "must have at most {limit} {}",
            plural(*limit, "item", "items")
        ),
        ValidationErrorKind::MinProperties { limit } => write!(
            out,
            "must have at least {limit} {}",
            plural(*limit, "property", "properties")
        ),
        ValidationErrorKind::MaxProperties { limit } => write!(
            out,
            "must have at most {limit} {}",
            plural(*limit, "property", "properties")
        ),
        ValidationErrorKind::Required { property } => {
            write!(
                out,
                "must have the required property {}",
                truncated(property)
            )
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            write_unexpected(out, unexpected, "additionalProperties", include_values)
        }
        ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            write_unexpected(out, unexpected, "unevaluatedProperties", include_values)
        }
        ValidationErrorKind::AdditionalItems { limit } => write!(
            out,
            "must have at most {limit} {} (additionalItems)",
            plural(*limit as u64, "item", "items")
        ),
        ValidationErrorKind::UnevaluatedItems { unexpected } => write!(
            out,
            "has {} {} not allowed by unevaluatedItems",
            unexpected.len(),
            plural(unexpected.len() as u64, "item", "items")
        ),
        ValidationErrorKind::PropertyNames { error: inner } => {
            if include_values {
                write!(
                    out,
                    "property name {} is invalid: ",
                    truncated(inner.instance())
                )?;
            } else {
                out.write_str("has an invalid property name: ")?;
            }
            // The inner error describes the name; its own value is the name, already handled.
            write_rule(out, inner, false)
        }
        ValidationErrorKind::Constant { expected_value } => {
            write!(out, "must be equal to {}", truncated(expected_value))
        }
        ValidationErrorKind::Enum { options } => {
            write!(out, "must be one of {}", truncated(options))
        }
        ValidationErrorKind::AnyOf { .. } => {
            out.write_str("must match at least one of the schemas in anyOf")
        }
        ValidationErrorKind::OneOfNotValid { .. } => {
            out.write_str("must match exactly one of the schemas in oneOf, but matches none")
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => out
            .write_str("must match exactly one of the schemas in oneOf, but matches more than one"),
        ValidationErrorKind::Not { .. } => out.write_str("must not match the schema in not"),
        ValidationErrorKind::Contains => out
            .write_str("must contain the required number of items matching the schema in contains"),
        ValidationErrorKind::UniqueItems => out.write_str("must not contain duplicate items"),
        ValidationErrorKind::FalseSchema => {
            out.write_str("is not allowed here (the schema is `false`)")
        }
        ValidationErrorKind::Pattern { pattern } => {
            write!(out, "must match the pattern {}", quoted(pattern))
        }
        ValidationErrorKind::BacktrackLimitExceeded { .. }
        | ValidationErrorKind::RegexEngineFailure { .. } => {
            out.write_str("could not be checked against the pattern (regex engine limit)")
        }
        ValidationErrorKind::ContentEncoding { content_encoding } => {
            write!(out, "must be encoded as {}", quoted(content_encoding))
        }
        ValidationErrorKind::ContentMediaType { content_media_type } => {
            write!(
                out,
                "must be a valid {} document",
                quoted(content_media_type)
            )
        }
        ValidationErrorKind::FromUtf8 { .. } => {
            out.write_str("must decode to valid UTF-8 (contentEncoding)")
        }
        ValidationErrorKind::Referencing(e) => write!(out, "cannot resolve a reference: {e}"),
        ValidationErrorKind::Custom { message, .. } => out.write_str(message),
    }
}

#[cfg(feature = "validate")]
fn write_unexpected(
    out: &mut String,
    unexpected: &[String],
    keyword: &str,
    include_values: bool,
) -> fmt::Result {
    let n = unexpected.len() as u64;
    if include_values {
        write!(out, "{} ", plural(n, "property", "properties"))?;
        for (i, name) in unexpected.iter().take(10).enumerate() {
            if i > 0 {
                out.write_str(", ")?;
            }
            out.write_str(&quoted(name))?;
        }
        if unexpected.len() > 10 {
            write!(out, " and {} more", unexpected.len() - 10)?;
        }
        write!(out, " {} not allowed by {keyword}", plural(n, "is", "are"))
    } else {
        write!(
            out,
            "has {n} {} not allowed by {keyword}",
            plural(n, "property", "properties")
        )
    }
}

/// A string as a JSON string literal, truncated.
pub(crate) fn quoted(s: &str) -> String {
    // Escape only a prefix: the input may be a megabyte long.
    let prefix = s.get(..floor_boundary(s, QUOTE_LIMIT)).unwrap_or_default();
    let json = serde_json::to_string(prefix).unwrap_or_else(|_| "\"\"".to_owned());
    if prefix.len() == s.len() && json.len() <= QUOTE_LIMIT {
        return json;
    }
    let cut = floor_boundary(&json, QUOTE_LIMIT);
    format!("{}…", json.get(..cut).unwrap_or_default())
}

#[cfg(feature = "validate")]
/// A JSON value as compact JSON, truncated, without serialising more than the limit.
pub(crate) fn truncated(value: &Value) -> String {
    let mut out = String::new();
    let complete = write!(
        Bounded {
            out: &mut out,
            room: QUOTE_LIMIT,
        },
        "{value}"
    )
    .is_ok();
    if complete { out } else { out + "…" }
}

/// The largest character boundary of `s` at or below `at`.
fn floor_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    let mut cut = at;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    cut
}

#[cfg(feature = "validate")]
/// A writer that keeps the first `room` bytes (on a character boundary) and then fails.
struct Bounded<'a> {
    out: &'a mut String,
    room: usize,
}

#[cfg(feature = "validate")]
impl Write for Bounded<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if s.len() <= self.room {
            self.out.push_str(s);
            self.room -= s.len();
            return Ok(());
        }
        let cut = floor_boundary(s, self.room);
        self.out.push_str(s.get(..cut).unwrap_or_default());
        self.room = 0;
        Err(fmt::Error)
    }
}

#[cfg(all(test, feature = "validate"))]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn truncation_is_bounded_and_char_safe() {
        let long = "é".repeat(500);
        let q = quoted(&long);
        assert!(q.len() <= QUOTE_LIMIT + "…".len(), "{}", q.len());
        assert!(q.ends_with('…'));
        let v = truncated(&json!({"a": long}));
        assert!(v.len() <= QUOTE_LIMIT + "…".len());
        assert_eq!(truncated(&json!([1, "x"])), r#"[1,"x"]"#);
        assert_eq!(quoted("a\"b"), r#""a\"b""#);
    }
}
