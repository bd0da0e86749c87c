//! `Validator`, `encodePathSegment` and `buildPath` of the JS API: attribute shims over
//! `edgeward_js::validate`. Texts arrive as UTF-8 bytes: wasm-bindgen would copy a string
//! into WASM memory one character at a time, in JS, while the facade's
//! `TextEncoder.encodeInto` a reused buffer is native; so the validator's text methods take
//! bytes here (strings in the native addon), and `validateJsonString` is the facade's
//! `validateJsonBytes` of the encoded text.
//!
//! The path helpers are in every build; the validator only with the `validate` feature (the
//! lean build leaves the JSON Schema engine out).

use crate::to_js;
use edgeward_js::validate;
use wasm_bindgen::prelude::*;

#[cfg(feature = "validate")]
mod validator {
    use crate::to_js;
    use edgeward_js::validate::TextValidator;
    use wasm_bindgen::prelude::*;

    /// The compiled validator behind the JS `Validator` class.
    #[wasm_bindgen(js_name = Validator)]
    pub struct WasmValidator {
        inner: TextValidator,
    }

    #[wasm_bindgen(js_class = Validator)]
    impl WasmValidator {
        /// Compiles `schema` with `options` (both `JSON.stringify` text).
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

        /// Every issue of the value, as JSON text.
        #[wasm_bindgen(js_name = errorsValue)]
        pub fn errors_value(&self, text: &[u8]) -> Result<String, JsValue> {
            self.inner.errors_value(text).map_err(to_js)
        }

        /// `undefined` when the value matches, else the failure as JSON `{message, errors}`.
        #[wasm_bindgen(js_name = validateValue)]
        pub fn validate_value(&self, text: &[u8]) -> Result<Option<String>, JsValue> {
            self.inner.validate_value(text).map_err(to_js)
        }

        /// Parses a body under the limits and validates it; see
        /// `TextValidator::validate_json`.
        #[wasm_bindgen(js_name = validateJsonBytes)]
        pub fn validate_json_bytes(&self, text: &[u8]) -> Result<Option<String>, JsValue> {
            self.inner.validate_json(text).map_err(to_js)
        }
    }
}

/// Percent-encodes one URL path segment; refuses `""`, `.` and `..`.
#[wasm_bindgen(js_name = encodePathSegment)]
pub fn encode_path_segment(segment: &str) -> Result<String, JsValue> {
    validate::encode_path_segment(segment).map_err(to_js)
}

/// Fills a path template; `params` is flat: name, value, name, value, …
#[wasm_bindgen(js_name = buildPath)]
pub fn build_path(template: &str, params: Vec<String>) -> Result<String, JsValue> {
    validate::build_path(template, &params).map_err(to_js)
}

/// Throws the core's error for a value the facade could not turn into JSON text.
#[wasm_bindgen(js_name = validationInputError)]
pub fn validation_input_error(code: &str, reason: String) -> Result<(), JsValue> {
    Err(to_js(validate::input_error(code, reason)))
}
