//! JSON Schema validation and safe request paths: `Validator`, `encodePathSegment` and
//! `buildPath` in the JS API (`lib/validate.js` of the npm package).
//!
//! Values cross as UTF-8 JSON text, never as converted JS objects: the JS facade serialises a
//! native value with `JSON.stringify` (which refuses cycles and overly deep nesting with a
//! catchable exception) and encodes it with `TextEncoder.encodeInto` (wasm-bindgen would copy a
//! string in one character at a time, in JS); the core's bounded, non-recursive parser reads the
//! text under the validator's limits. Nothing here recurses over a document, so no input can
//! exhaust the WASM stack (a trap there would kill the instance). Results cross as JSON text
//! too (issues, and the places of integers beyond 2^53 in a parsed body), read by the facade
//! with `JSON.parse`. The same surface as the native addon's `NativeValidator`, except that
//! texts arrive as bytes, and `validateJsonString` is `validateJsonBytes` of the encoded text.
//!
//! The validator is the core's `TextValidator`, shared with the native addon: documents are
//! parsed into flat buffers reused from call to call and validated where they lie (a
//! `serde_json::Value` per document, allocated and freed again, cost several times the
//! validation with WASM's allocator).
//!
//! The path helpers are in every build; the validator only with the `validate` feature (the
//! lean build leaves the JSON Schema engine out).

use crate::to_js;
use edgeward_core::request_path::{build_path, encode_path_segment};
use edgeward_core::validate::input_error;
use wasm_bindgen::prelude::*;

#[cfg(feature = "validate")]
mod validator {
    use crate::to_js;
    use edgeward_core::validate::TextValidator;
    use wasm_bindgen::prelude::*;

    /// The compiled validator behind the JS `Validator` class.
    #[wasm_bindgen]
    pub struct WasmValidator {
        inner: TextValidator,
    }

    #[wasm_bindgen]
    impl WasmValidator {
        /// Compiles `schema` (`JSON.stringify` of the schema) with `options` (`JSON.stringify`
        /// of the options object).
        #[wasm_bindgen(constructor)]
        pub fn new(schema: &str, options: &str) -> Result<WasmValidator, JsValue> {
            let inner =
                TextValidator::from_js(schema.as_bytes(), options.as_bytes()).map_err(to_js)?;
            Ok(WasmValidator { inner })
        }

        /// The draft the schema is interpreted under (`"draft2020-12"`, `"draft7"`, …).
        #[wasm_bindgen(getter)]
        pub fn draft(&self) -> String {
            self.inner.draft().as_str().to_owned()
        }

        /// Whether the value (as UTF-8 `JSON.stringify` text) matches.
        #[wasm_bindgen(js_name = isValidValue)]
        pub fn is_valid_value(&self, text: &[u8]) -> Result<bool, JsValue> {
            self.inner.is_valid_value(text).map_err(to_js)
        }

        /// Every issue of the value, as a JSON array of `{instancePath, schemaPath, keyword,
        /// message}`.
        #[wasm_bindgen(js_name = errorsValue)]
        pub fn errors_value(&self, text: &[u8]) -> Result<String, JsValue> {
            self.inner.errors_value(text).map_err(to_js)
        }

        /// `undefined` when the value matches, else the failure as JSON `{message, errors}`.
        #[wasm_bindgen(js_name = validateValue)]
        pub fn validate_value(&self, text: &[u8]) -> Result<Option<String>, JsValue> {
            self.inner.validate_value(text).map_err(to_js)
        }

        /// Parses a body under the limits and validates it. `undefined` when it matches and
        /// holds no integer beyond 2^53; else JSON: `{message, errors}` when it does not match,
        /// or `{bigints: [[pointer, decimal], …]}` for the facade to restore those integers
        /// exactly. Limit and syntax errors throw.
        #[wasm_bindgen(js_name = validateJsonBytes)]
        pub fn validate_json_bytes(&self, text: &[u8]) -> Result<Option<String>, JsValue> {
            self.inner.validate_json(text).map_err(to_js)
        }
    }
}

/// Percent-encodes one URL path segment; refuses `""`, `.` and `..`.
#[wasm_bindgen(js_name = encodePathSegment)]
pub fn encode_segment(segment: &str) -> Result<String, JsValue> {
    encode_path_segment(segment).map_err(to_js)
}

/// Fills a path template; `params` is flat: name, value, name, value, …
#[wasm_bindgen(js_name = buildPath)]
pub fn build_template(template: &str, params: Vec<String>) -> Result<String, JsValue> {
    let pairs: Vec<(&str, &str)> = params
        .chunks_exact(2)
        .filter_map(|pair| match pair {
            [name, value] => Some((name.as_str(), value.as_str())),
            _ => None,
        })
        .collect();
    build_path(template, &pairs).map_err(to_js)
}

/// Throws the core's error for a value the facade could not turn into JSON text: `code` is
/// `VALIDATION_LIMIT_EXCEEDED`, `VALIDATION_INVALID_JSON`, `SCHEMA_INVALID`, `VALIDATION_INVALID_OPTIONS` or `PATH_INVALID`.
#[wasm_bindgen(js_name = validationInputError)]
pub fn validation_input_error(code: &str, reason: String) -> Result<(), JsValue> {
    Err(to_js(input_error(code, reason)))
}
