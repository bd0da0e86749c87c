//! Redaction: the `Redactor` class of the JS API (`bindings-node/lib/redact.js`), in every
//! build (the lean WASM one too).
//!
//! Values cross as JSON text: the facade turns a JS value into a JSON-safe tree with its own
//! bounded, iterative walker and the core's streaming JSON path redacts the text without
//! recursion, so no input can exhaust the native or WASM stack. Options cross as JSON text
//! with the JS API's camelCase names, renamed here to the core's snake_case names
//! ([`options_from_js`]). Each call answers `[output, reportJson]`; the report is `""`
//! unless `report` is on.

use crate::Result;
use edgeward_core::Error;
use edgeward_core::redact::{CIRCULAR_MARKER, Redactor, RedactorOptions, Report, Value};
use edgeward_core::redact::{options_from_json, report_json};

/// The JS API's option names and the core's: one table for both backends.
const OPTION_NAMES: &[(&str, &str)] = &[
    ("defaultKeys", "default_keys"),
    ("removeKeys", "remove_keys"),
    ("allowKeys", "allow_keys"),
    ("keyMode", "key_mode"),
    ("detectorMode", "detector_mode"),
    ("detectorModes", "detector_modes"),
    ("disabledDetectors", "disabled_detectors"),
    ("customPatterns", "custom_patterns"),
    ("maskKeepLast", "mask_keep_last"),
    ("hashKey", "hash_key"),
    // The facade sends a `hashKey` given as bytes as hex digits under this name.
    ("hashKeyHex", "hash_key_hex"),
    ("hashHexLen", "hash_hex_len"),
    ("maxDepth", "max_depth"),
    ("tooDeepMarker", "too_deep_marker"),
    ("maxBytes", "max_bytes"),
    ("maxFindings", "max_findings"),
    ("invalidNdjsonLine", "invalid_ndjson_line"),
];

/// The same limit on the options' nesting as the core's own reader.
const OPTIONS_MAX_DEPTH: usize = 8;

/// Reads the JS API's redactor options: JSON text with camelCase names (`removeKeys`,
/// `maxDepth`, …). Names without a camelCase form (`keys`, `mode`) are the same in both;
/// an unknown name is passed on for the core to refuse and name.
pub fn options_from_js(text: &str) -> Result<RedactorOptions> {
    let parsed =
        Value::from_json(text, OPTIONS_MAX_DEPTH).map_err(|_| Error::RedactionInvalidOptions {
            reason: "the options are not a JSON object".to_owned(),
        })?;
    let Value::Object(members) = parsed else {
        return options_from_json(text); // the core words the error
    };
    let renamed: Vec<(String, Value)> = members
        .into_iter()
        .map(|(name, value)| {
            let core = OPTION_NAMES
                .iter()
                .find(|(js, _)| *js == name)
                .map_or(name, |(_, core)| (*core).to_owned());
            (core, value)
        })
        .collect();
    options_from_json(&Value::Object(renamed).to_json())
}

/// The compiled redactor behind the JS `Redactor` class.
pub struct JsRedactor {
    inner: Redactor,
    report: bool,
}

impl JsRedactor {
    /// Compiles the rules of `options` (JSON text, camelCase, see [`options_from_js`]).
    pub fn new(options: &str) -> Result<JsRedactor> {
        let options = options_from_js(options)?;
        let report = options.report;
        Ok(JsRedactor {
            inner: Redactor::new(options)?,
            report,
        })
    }

    /// Containers nested deeper than this are replaced by the marker.
    pub fn max_depth(&self) -> usize {
        self.inner.max_depth()
    }

    /// The marker for containers nested too deep.
    pub fn too_deep_marker(&self) -> &str {
        self.inner.too_deep_marker()
    }

    /// What the facade writes for a reference back to a container it is converting (a
    /// cycle): the core's marker, the same in every binding.
    pub fn circular_marker(&self) -> &'static str {
        CIRCULAR_MARKER
    }

    /// JSON text in, `[JSON text, report]` out.
    pub fn json(&self, text: &str) -> Result<Vec<String>> {
        Ok(self.out(self.inner.redact_json(text)?))
    }

    /// One finished JSON log line in, the redacted line out; never fails (a line that cannot
    /// be redacted becomes the core's notice line). No report: it runs inside a logging call.
    pub fn log_line(&self, line: &str) -> String {
        self.inner.redact_log_line(line)
    }

    /// NDJSON in, `[NDJSON, report]` out.
    pub fn ndjson(&self, text: &str) -> Result<Vec<String>> {
        Ok(self.out(self.inner.redact_ndjson(text)?))
    }

    /// Free text in, `[text, report]` out.
    pub fn text(&self, text: &str) -> Result<Vec<String>> {
        Ok(self.out(self.inner.redact_text(text)?))
    }

    /// The answer of every call: the output and the report as JSON (`""` without `report`).
    fn out(&self, (text, report): (String, Report)) -> Vec<String> {
        let report = if self.report {
            report_json(&report)
        } else {
            String::new()
        };
        vec![text, report]
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use edgeward_core::ErrorCode;

    #[test]
    fn camel_case_options_reach_the_core() {
        let options = r#"{"keys":["x"],"removeKeys":["password"],"maxDepth":3,"report":true}"#;
        let r = JsRedactor::new(options).unwrap();
        assert_eq!(r.max_depth(), 3);
        assert_eq!(r.circular_marker(), "[Circular]");
        let [out, report] =
            <[String; 2]>::try_from(r.json(r#"{"x":1,"password":"p"}"#).unwrap()).unwrap();
        // `x` added to the sensitive keys, `password` taken off them.
        assert!(
            !out.contains("\"x\":1") && out.contains("\"password\":\"p\""),
            "{out}"
        );
        assert!(report.contains("redactions"), "{report}");
        // Hex bytes of a key given as bytes.
        let key = "0f".repeat(32);
        let hashed = JsRedactor::new(&format!(r#"{{"hashKeyHex":"{key}","mode":"hash"}}"#));
        assert!(hashed.is_ok(), "{:?}", hashed.err());
        // Without report: an empty report.
        let plain = JsRedactor::new("{}").unwrap();
        assert_eq!(plain.text("nothing here").unwrap()[1], "");
        assert_ne!(plain.log_line("not json"), "not json");
    }

    #[test]
    fn the_core_names_bad_options() {
        for bad in ["[]", "nope", r#"{"maxDepthh":3}"#, r#"{"maxDepth":-1}"#] {
            let err = JsRedactor::new(bad).err().unwrap();
            assert_eq!(err.code(), ErrorCode::RedactionInvalidOptions, "{bad}");
        }
        let err = options_from_js(r#"{"nope":1}"#).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
    }
}
