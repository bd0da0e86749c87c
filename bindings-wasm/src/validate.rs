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
//! Documents are validated where they lie: the text is parsed into a core `Document`, flat
//! buffers reused from call to call, not into a `serde_json::Value` whose every string, array
//! and object is allocated and freed again (which, with WASM's allocator, cost several times the
//! validation). Verdicts and issues are those of the native addon, which validates the value.
//!
//! The path helpers are in every build; the validator only with the `validate` feature (the
//! lean build leaves the JSON Schema engine out).

use crate::to_js;
use edgeward_core::Error as CoreError;
use edgeward_core::validate::{build_path, encode_path_segment};
use wasm_bindgen::prelude::*;

#[cfg(feature = "validate")]
mod validator {
    use crate::to_js;
    use core::cell::RefCell;
    use edgeward_core::Error as CoreError;
    use edgeward_core::validate::{
        Document, DocumentValidator, JsonLimits, ValidationIssue, developer_limits,
        may_hold_unsafe_integers, parse_json, validator_options_from_js, value_limits,
    };
    use serde_json::{Value, json};
    use wasm_bindgen::prelude::*;

    /// A document whose buffers grew beyond this is dropped after use, so that one huge body
    /// does not stay in memory for the life of the validator.
    const RETAINED_DOCUMENT_BYTES: usize = 1 << 20;

    /// The compiled validator behind the JS `Validator` class.
    #[wasm_bindgen]
    pub struct WasmValidator {
        inner: DocumentValidator,
        /// Limits for text `JSON.stringify` made from a native value.
        value_limits: JsonLimits,
        /// The buffers of the last document, reused by the next call.
        document: RefCell<Document>,
    }

    #[wasm_bindgen]
    impl WasmValidator {
        /// Compiles `schema` (`JSON.stringify` of the schema) with `options` (`JSON.stringify`
        /// of the options object).
        #[wasm_bindgen(constructor)]
        pub fn new(schema: &str, options: &str) -> Result<WasmValidator, JsValue> {
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
            let inner = DocumentValidator::new(&schema, &options).map_err(to_js)?;
            Ok(WasmValidator {
                value_limits: value_limits(inner.limits()),
                inner,
                document: RefCell::new(Document::new()),
            })
        }

        /// The draft the schema is interpreted under (`"draft2020-12"`, `"draft7"`, …).
        #[wasm_bindgen(getter)]
        pub fn draft(&self) -> String {
            self.inner.draft().as_str().to_owned()
        }

        /// Whether the value (as UTF-8 `JSON.stringify` text) matches.
        #[wasm_bindgen(js_name = isValidValue)]
        pub fn is_valid_value(&self, text: &[u8]) -> Result<bool, JsValue> {
            self.with_document(|document| {
                document.parse(text, &self.value_limits)?;
                Ok(self.inner.is_valid(document.root()))
            })
        }

        /// Every issue of the value, as a JSON array of `{instancePath, schemaPath, keyword,
        /// message}`.
        #[wasm_bindgen(js_name = errorsValue)]
        pub fn errors_value(&self, text: &[u8]) -> Result<String, JsValue> {
            self.with_document(|document| {
                document.parse(text, &self.value_limits)?;
                Ok(issues_json(&self.inner.errors(document.root())).to_string())
            })
        }

        /// `undefined` when the value matches, else the failure as JSON `{message, errors}`.
        #[wasm_bindgen(js_name = validateValue)]
        pub fn validate_value(&self, text: &[u8]) -> Result<Option<String>, JsValue> {
            self.with_document(|document| {
                document.parse(text, &self.value_limits)?;
                failure_json(self.inner.validate(document.root()))
            })
        }

        /// Parses a body under the limits and validates it. `undefined` when it matches and
        /// holds no integer beyond 2^53; else JSON: `{message, errors}` when it does not match,
        /// or `{bigints: [[pointer, decimal], …]}` for the facade to restore those integers
        /// exactly. Limit and syntax errors throw.
        #[wasm_bindgen(js_name = validateJsonBytes)]
        pub fn validate_json_bytes(&self, text: &[u8]) -> Result<Option<String>, JsValue> {
            self.with_document(|document| {
                if let failed @ Some(_) =
                    failure_json(self.inner.validate_json_into(text, document))?
                {
                    return Ok(failed);
                }
                if !may_hold_unsafe_integers(text) {
                    return Ok(None);
                }
                let found = document.unsafe_integers();
                Ok((!found.is_empty()).then(|| json!({ "bigints": found }).to_string()))
            })
        }
    }

    impl WasmValidator {
        /// Runs `work` on the reused document (a fresh one if a call further up the stack holds
        /// it), and drops the buffers if they grew too large to keep.
        fn with_document<T>(
            &self,
            work: impl FnOnce(&mut Document) -> Result<T, CoreError>,
        ) -> Result<T, JsValue> {
            let Ok(mut document) = self.document.try_borrow_mut() else {
                return work(&mut Document::new()).map_err(to_js);
            };
            let outcome = work(&mut document);
            if document.capacity_bytes() > RETAINED_DOCUMENT_BYTES {
                *document = Document::new();
            }
            outcome.map_err(to_js)
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
    fn failure_json(outcome: Result<(), CoreError>) -> Result<Option<String>, CoreError> {
        let Err(error) = outcome else {
            return Ok(None);
        };
        if let CoreError::ValidationFailed { issues } = &error {
            let failure = json!({"message": error.to_string(), "errors": issues_json(issues)});
            return Ok(Some(failure.to_string()));
        }
        Err(error)
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
/// `LIMIT_EXCEEDED`, `INVALID_JSON`, `SCHEMA_ERROR`, `VALIDATION_INVALID_OPTIONS` or `INVALID_PATH`.
#[wasm_bindgen(js_name = validationInputError)]
pub fn validation_input_error(code: &str, reason: String) -> Result<(), JsValue> {
    let error = match code {
        "LIMIT_EXCEEDED" => CoreError::LimitExceeded { reason },
        "SCHEMA_ERROR" => CoreError::SchemaError { reason },
        "VALIDATION_INVALID_OPTIONS" => CoreError::ValidationInvalidOptions { reason },
        "INVALID_PATH" => CoreError::InvalidPath { reason },
        _ => CoreError::InvalidJson { reason },
    };
    Err(to_js(error))
}
