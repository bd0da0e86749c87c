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
use edgeward_core::request_path::{build_path, encode_path_segment};
use edgeward_core::validate::{TextValidator, input_error};
use napi_derive::napi;

/// The compiled validator behind the JS `Validator` class.
#[napi]
pub struct NativeValidator {
    inner: TextValidator,
}

#[napi]
impl NativeValidator {
    /// Compiles `schema` (`JSON.stringify` of the schema) with `options` (`JSON.stringify` of
    /// the options object).
    #[napi(constructor)]
    pub fn new(schema: String, options: String) -> Result<Self> {
        let inner = TextValidator::from_js(schema.as_bytes(), options.as_bytes()).map_err(to_js)?;
        Ok(NativeValidator { inner })
    }

    /// The draft the schema is interpreted under (`"draft2020-12"`, `"draft7"`, …).
    #[napi(getter)]
    pub fn draft(&self) -> &'static str {
        self.inner.draft().as_str()
    }

    /// Whether the value (as `JSON.stringify` text) matches.
    #[napi]
    pub fn is_valid_value(&self, text: String) -> Result<bool> {
        self.inner.is_valid_value(text.as_bytes()).map_err(to_js)
    }

    /// Every issue of the value, as a JSON array of `{instancePath, schemaPath, keyword,
    /// message}`.
    #[napi]
    pub fn errors_value(&self, text: String) -> Result<String> {
        self.inner.errors_value(text.as_bytes()).map_err(to_js)
    }

    /// `null` when the value matches, else the failure as JSON `{message, errors}`.
    #[napi]
    pub fn validate_value(&self, text: String) -> Result<Option<String>> {
        self.inner.validate_value(text.as_bytes()).map_err(to_js)
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
        self.inner.validate_json(text).map_err(to_js)
    }
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
/// `VALIDATION_LIMIT_EXCEEDED`, `VALIDATION_INVALID_JSON`, `SCHEMA_INVALID`, `VALIDATION_INVALID_OPTIONS` or `PATH_INVALID`.
#[napi]
pub fn validation_input_error(code: String, reason: String) -> Result<()> {
    Err(to_js(input_error(&code, reason)))
}
