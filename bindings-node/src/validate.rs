//! `Validator`, `encodePathSegment` and `buildPath` of the JS API: attribute shims over
//! `edgeward_js::validate`. Texts arrive as strings (Node-API copies them as UTF-8 at native
//! speed; the WASM shim takes bytes instead, see there).

use crate::{Result, to_js};
use edgeward_js::validate::{self, TextValidator};
use napi_derive::napi;

/// The compiled validator behind the JS `Validator` class.
#[napi(js_name = "Validator")]
pub struct NativeValidator {
    inner: TextValidator,
}

#[napi]
impl NativeValidator {
    /// Compiles `schema` with `options` (both `JSON.stringify` text).
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

    /// Every issue of the value, as JSON text.
    #[napi]
    pub fn errors_value(&self, text: String) -> Result<String> {
        self.inner.errors_value(text.as_bytes()).map_err(to_js)
    }

    /// `null` when the value matches, else the failure as JSON `{message, errors}`.
    #[napi]
    pub fn validate_value(&self, text: String) -> Result<Option<String>> {
        self.inner.validate_value(text.as_bytes()).map_err(to_js)
    }

    /// Parses and validates a body given as a string; see `validate_json_bytes`.
    #[napi]
    pub fn validate_json_string(&self, text: String) -> Result<Option<String>> {
        self.validate_json_bytes(text.as_bytes())
    }

    /// Parses a body under the limits and validates it; see `TextValidator::validate_json`.
    #[napi]
    pub fn validate_json_bytes(&self, text: &[u8]) -> Result<Option<String>> {
        self.inner.validate_json(text).map_err(to_js)
    }
}

/// Percent-encodes one URL path segment; refuses `""`, `.` and `..`.
#[napi]
pub fn encode_path_segment(segment: String) -> Result<String> {
    validate::encode_path_segment(&segment).map_err(to_js)
}

/// Fills a path template; `params` is flat: name, value, name, value, …
#[napi]
pub fn build_path(template: String, params: Vec<String>) -> Result<String> {
    validate::build_path(&template, &params).map_err(to_js)
}

/// Throws the core's error for a value the facade could not turn into JSON text.
#[napi]
pub fn validation_input_error(code: String, reason: String) -> Result<()> {
    Err(to_js(validate::input_error(&code, reason)))
}
