//! JSON Schema validation and safe request paths: `Validator`, `encodePathSegment` and
//! `buildPath` in the JS API (`lib/validate.js`).
//!
//! Values cross as JSON text, never as converted JS objects: the JS facade serialises a native
//! value with `JSON.stringify` (which refuses cycles and overly deep nesting with a catchable
//! exception), and the core's bounded, non-recursive parser reads the text under the
//! validator's limits. Nothing here recurses over a document, so no input can overflow the
//! native stack. Results cross as JSON text too (issues, and the places of integers beyond
//! 2^53 in a parsed body), which the facade reads with `JSON.parse`.

use crate::{Result, to_js};
use edgeward_core::Error as CoreError;
use edgeward_core::validate::{
    JsonLimits, ValidationIssue, Validator, build_path, developer_limits, encode_path_segment,
    may_hold_unsafe_integers, parse_json, unsafe_integers, validator_options_from_js, value_limits,
};
use napi_derive::napi;
use serde_json::{Value, json};

/// The compiled validator behind the JS `Validator` class.
#[napi]
pub struct NativeValidator {
    inner: Validator,
    /// Limits for text `JSON.stringify` made from a native value.
    value_limits: JsonLimits,
}

#[napi]
impl NativeValidator {
    /// Compiles `schema` (`JSON.stringify` of the schema) with `options` (`JSON.stringify` of
    /// the options object).
    #[napi(constructor)]
    pub fn new(schema: String, options: String) -> Result<Self> {
        let options = parse_json(options.as_bytes(), &developer_limits())
            .map_err(|e| {
                to_js(CoreError::ValidationInvalidOptions {
                    reason: format!("the options are not JSON: {e}"),
                })
            })
            .and_then(|o| validator_options_from_js(&o).map_err(to_js))?;
        let schema = parse_json(schema.as_bytes(), &developer_limits()).map_err(|e| {
            to_js(CoreError::SchemaError {
                reason: format!("the schema is not JSON: {e}"),
            })
        })?;
        let inner = Validator::new(&schema, &options).map_err(to_js)?;
        Ok(NativeValidator {
            value_limits: value_limits(inner.limits()),
            inner,
        })
    }

    /// The draft the schema is interpreted under (`"draft2020-12"`, `"draft7"`, …).
    #[napi(getter)]
    pub fn draft(&self) -> &'static str {
        self.inner.draft().as_str()
    }

    /// Whether the value (as `JSON.stringify` text) matches.
    #[napi]
    pub fn is_valid_value(&self, text: String) -> Result<bool> {
        let value = self.value(&text)?;
        Ok(self.inner.is_valid(&value))
    }

    /// Every issue of the value, as a JSON array of `{instancePath, schemaPath, keyword,
    /// message}`.
    #[napi]
    pub fn errors_value(&self, text: String) -> Result<String> {
        let value = self.value(&text)?;
        Ok(issues_json(&self.inner.errors(&value)).to_string())
    }

    /// `null` when the value matches, else the failure as JSON `{message, errors}`.
    #[napi]
    pub fn validate_value(&self, text: String) -> Result<Option<String>> {
        let value = self.value(&text)?;
        failure_json(self.inner.validate(&value)).map_err(to_js)
    }

    /// Parses and validates a body given as a string; see [`NativeValidator::validate_json_bytes`].
    #[napi]
    pub fn validate_json_string(&self, text: String) -> Result<Option<String>> {
        self.validate_json_bytes(text.as_bytes())
    }

    /// Parses a body under the limits and validates it. `null` when it matches and holds no
    /// integer beyond 2^53; else JSON: `{message, errors}` when it does not match, or
    /// `{bigints: [[pointer, decimal], …]}` for the facade to restore those integers exactly.
    /// Limit and syntax errors throw.
    #[napi]
    pub fn validate_json_bytes(&self, text: &[u8]) -> Result<Option<String>> {
        let value = match self.inner.validate_json(text) {
            Ok(value) => value,
            Err(error) => return failure_json(Err(error)).map_err(to_js),
        };
        Ok(bigints_json(text, &value))
    }
}

impl NativeValidator {
    fn value(&self, text: &str) -> Result<Value> {
        parse_json(text.as_bytes(), &self.value_limits).map_err(to_js)
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
fn failure_json(
    outcome: std::result::Result<(), CoreError>,
) -> std::result::Result<Option<String>, CoreError> {
    let Err(error) = outcome else {
        return Ok(None);
    };
    if let CoreError::ValidationFailed { issues } = &error {
        let failure = json!({"message": error.to_string(), "errors": issues_json(issues)});
        return Ok(Some(failure.to_string()));
    }
    Err(error)
}

fn bigints_json(text: &[u8], value: &Value) -> Option<String> {
    if !may_hold_unsafe_integers(text) {
        return None;
    }
    let found = unsafe_integers(value);
    if found.is_empty() {
        return None;
    }
    Some(json!({ "bigints": found }).to_string())
}

/// Percent-encodes one URL path segment; refuses `""`, `.` and `..`.
#[napi(js_name = "encodePathSegment")]
pub fn encode_segment(segment: String) -> Result<String> {
    encode_path_segment(&segment).map_err(to_js)
}

/// Fills a path template; `params` is flat: name, value, name, value, …
#[napi(js_name = "buildPath")]
pub fn build_template(template: String, params: Vec<String>) -> Result<String> {
    let pairs: Vec<(&str, &str)> = params
        .chunks_exact(2)
        .filter_map(|pair| match pair {
            [name, value] => Some((name.as_str(), value.as_str())),
            _ => None,
        })
        .collect();
    build_path(&template, &pairs).map_err(to_js)
}

/// Throws the core's error for a value the facade could not turn into JSON text: `code` is
/// `LIMIT_EXCEEDED`, `INVALID_JSON`, `SCHEMA_ERROR`, `VALIDATION_INVALID_OPTIONS` or `INVALID_PATH`.
#[napi]
pub fn validation_input_error(code: String, reason: String) -> Result<()> {
    Err(to_js(input_error(&code, reason)))
}

fn input_error(code: &str, reason: String) -> CoreError {
    match code {
        "LIMIT_EXCEEDED" => CoreError::LimitExceeded { reason },
        "SCHEMA_ERROR" => CoreError::SchemaError { reason },
        "VALIDATION_INVALID_OPTIONS" => CoreError::ValidationInvalidOptions { reason },
        "INVALID_PATH" => CoreError::InvalidPath { reason },
        _ => CoreError::InvalidJson { reason },
    }
}
