//! The validator behind the JS `Validator` class: everything crosses as JSON text.
//!
//! Both JavaScript bindings (the native addon and WASM) hand over the schema and options as
//! `JSON.stringify` text, values as `JSON.stringify` text and bodies as raw text, and read
//! results as JSON text (issues, and the places of integers beyond 2^53). One implementation
//! serves both, so the two backends cannot drift: same parser, same limits, same messages.
//!
//! Texts are parsed by the bounded parser into a flat [`Document`] that is reused from call to
//! call (no allocation per value), and validated where they lie.
//!
//! ## Threat model
//! The value and body texts are an attacker's: they are parsed under the validator's limits
//! before anything else looks at them. The schema and options are the developer's and are
//! parsed under [`developer_limits`] (depth-bounded).

use core::cell::RefCell;

use serde_json::{Value, json};

use edgeward_core::Error;
use edgeward_core::validate::{
    Document, DocumentValidator, Draft, JsonLimits, ValidationIssue, developer_limits,
    may_hold_unsafe_integers, parse_json, value_limits,
};

use super::options::validator_options_from_js;

/// A document's buffers above this size are dropped after the call, so that one huge body
/// does not stay in memory for the life of the validator.
const RETAINED_DOCUMENT_BYTES: usize = 1 << 20;

/// A compiled schema for values and bodies given as JSON text, with a reused document.
///
/// Not `Sync`: one per thread (JavaScript calls it from one). The methods are `#[inline]` so
/// that they, and the validator code they instantiate, are compiled outside the core with the
/// bindings' optimisation level: the WASM build optimises the validator for size and only the
/// core's parser for speed (see the workspace `Cargo.toml`).
pub struct TextValidator {
    inner: DocumentValidator,
    /// Limits for text `JSON.stringify` made from a native value.
    value_limits: JsonLimits,
    /// The buffers of the last document, reused by the next call.
    document: RefCell<Document>,
}

impl TextValidator {
    /// Compiles `schema` (`JSON.stringify` of the schema) with `options` (`JSON.stringify` of
    /// the JavaScript options object, see [`validator_options_from_js`]).
    #[inline]
    pub fn from_js(schema: &[u8], options: &[u8]) -> Result<Self, Error> {
        let options = parse_json(options, &developer_limits())
            .map_err(|e| Error::ValidationInvalidOptions {
                reason: format!("the options are not JSON: {e}"),
            })
            .and_then(|o| validator_options_from_js(&o))?;
        let schema = parse_json(schema, &developer_limits()).map_err(|e| Error::SchemaError {
            reason: format!("the schema is not JSON: {e}"),
        })?;
        let inner = DocumentValidator::new(&schema, &options)?;
        Ok(TextValidator {
            value_limits: value_limits(inner.limits()),
            inner,
            document: RefCell::new(Document::new()),
        })
    }

    /// The draft the schema is interpreted under.
    #[inline]
    pub fn draft(&self) -> Draft {
        self.inner.draft()
    }

    /// Whether the value (as `JSON.stringify` text) matches.
    #[inline]
    pub fn is_valid_value(&self, text: &[u8]) -> Result<bool, Error> {
        self.with_document(|document| {
            document.parse(text, &self.value_limits)?;
            Ok(self.inner.is_valid(document.root()))
        })
    }

    /// Every issue of the value, as a JSON array of `{instancePath, schemaPath, keyword,
    /// message}`.
    #[inline]
    pub fn errors_value(&self, text: &[u8]) -> Result<String, Error> {
        self.with_document(|document| {
            document.parse(text, &self.value_limits)?;
            Ok(issues_json(&self.inner.errors(document.root())).to_string())
        })
    }

    /// `None` when the value matches, else the failure as JSON `{message, errors}`.
    #[inline]
    pub fn validate_value(&self, text: &[u8]) -> Result<Option<String>, Error> {
        self.with_document(|document| {
            document.parse(text, &self.value_limits)?;
            failure_json(self.inner.validate(document.root()))
        })
    }

    /// Parses a body under the limits and validates it. `None` when it matches and holds no
    /// integer beyond 2^53; else JSON: `{message, errors}` when it does not match, or
    /// `{bigints: [[pointer, decimal], …]}` for the caller to restore those integers exactly.
    /// Limit and syntax errors are errors.
    #[inline]
    pub fn validate_json(&self, text: &[u8]) -> Result<Option<String>, Error> {
        self.with_document(|document| {
            if let failed @ Some(_) = failure_json(self.inner.validate_json_into(text, document))? {
                return Ok(failed);
            }
            if !may_hold_unsafe_integers(text) {
                return Ok(None);
            }
            let found = document.unsafe_integers();
            Ok((!found.is_empty()).then(|| json!({ "bigints": found }).to_string()))
        })
    }

    /// Runs `work` on the reused document (a fresh one if a call further up the stack holds
    /// it), and drops the buffers if they grew too large to keep.
    fn with_document<T>(
        &self,
        work: impl FnOnce(&mut Document) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let Ok(mut document) = self.document.try_borrow_mut() else {
            return work(&mut Document::new());
        };
        let outcome = work(&mut document);
        if document.capacity_bytes() > RETAINED_DOCUMENT_BYTES {
            *document = Document::new();
        }
        outcome
    }
}

fn issues_json(issues: &[ValidationIssue]) -> Value {
    Value::Array(
        issues
            .iter()
            .map(|issue| {
                json!({
                    "instancePath": issue.instance_path,
                    "schemaPath": issue.schema_path,
                    "keyword": issue.keyword,
                    "message": issue.message,
                })
            })
            .collect(),
    )
}

/// `Ok(None)` for a match, `Ok(Some({message, errors}))` for a failed validation; other
/// errors pass through.
fn failure_json(outcome: Result<(), Error>) -> Result<Option<String>, Error> {
    let Err(error) = outcome else {
        return Ok(None);
    };
    if let Error::ValidationFailed { issues } = &error {
        let failure = json!({"message": error.to_string(), "errors": issues_json(issues)});
        return Ok(Some(failure.to_string()));
    }
    Err(error)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_json_text() {
        let v = TextValidator::from_js(br#"{"type":"object","required":["a"]}"#, b"{}").unwrap();
        assert_eq!(v.draft(), Draft::Draft202012);
        assert!(v.is_valid_value(br#"{"a":1}"#).unwrap());
        assert!(!v.is_valid_value(b"{}").unwrap());
        let errors: Value = serde_json::from_str(&v.errors_value(b"{}").unwrap()).unwrap();
        assert_eq!(errors[0]["keyword"], "required");
        assert_eq!(v.validate_value(br#"{"a":1}"#).unwrap(), None);
        let failure: Value =
            serde_json::from_str(&v.validate_value(b"{}").unwrap().unwrap()).unwrap();
        assert_eq!(failure["errors"][0]["instancePath"], "");
        let big: Value = serde_json::from_str(
            &v.validate_json(br#"{"a":9007199254740993}"#)
                .unwrap()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(big, json!({"bigints": [["/a", "9007199254740993"]]}));
        assert!(matches!(
            v.validate_json(b"{\"a\":1,\"a\":2}"),
            Err(Error::InvalidJson { .. })
        ));
    }

    #[test]
    fn refuses_bad_schema_and_options_text() {
        assert!(matches!(
            TextValidator::from_js(b"{", b"{}"),
            Err(Error::SchemaError { .. })
        ));
        assert!(matches!(
            TextValidator::from_js(b"{}", b"{\"nope\":1}"),
            Err(Error::ValidationInvalidOptions { .. })
        ));
    }
}
