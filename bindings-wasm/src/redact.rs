//! Redaction: the `Redactor` class of the JS API (`lib/redact.js` of the npm package), in
//! every build (the lean one too).
//!
//! Values cross as JSON text: the JS facade turns a native value into a JSON-safe tree with
//! its own bounded, iterative walker and the core's streaming JSON path redacts the text
//! without recursion, so no input can exhaust the WASM stack. Options cross as JSON text in
//! snake_case. Each call returns `[output, reportJson]`; the report is `""` unless `report`
//! is on. The same surface as the native addon's `NativeRedactor`.

use crate::to_js;
use edgeward_core::redact::{Redactor, Report};
use edgeward_core::redact::{options_from_json, report_json};
use wasm_bindgen::prelude::*;

/// The compiled redactor behind the JS `Redactor` class.
#[wasm_bindgen]
pub struct WasmRedactor {
    inner: Redactor,
    report: bool,
}

#[wasm_bindgen]
impl WasmRedactor {
    /// Compiles the rules of `options` (JSON text, snake_case).
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str) -> Result<WasmRedactor, JsValue> {
        let options = options_from_json(options).map_err(to_js)?;
        let report = options.report;
        let inner = Redactor::new(options).map_err(to_js)?;
        Ok(WasmRedactor { inner, report })
    }

    /// Containers nested deeper than this are replaced by the marker.
    #[wasm_bindgen(getter, js_name = maxDepth)]
    pub fn max_depth(&self) -> u32 {
        u32::try_from(self.inner.max_depth()).unwrap_or(u32::MAX)
    }

    /// The marker for containers nested too deep.
    #[wasm_bindgen(getter, js_name = tooDeepMarker)]
    pub fn too_deep_marker(&self) -> String {
        self.inner.too_deep_marker().to_owned()
    }

    /// JSON text in, `[JSON text, report]` out.
    pub fn json(&self, text: &str) -> Result<Vec<String>, JsValue> {
        Ok(self.out(self.inner.redact_json(text).map_err(to_js)?))
    }

    /// One finished JSON log line in, the redacted line out; never throws (a line that cannot
    /// be redacted becomes the core's notice line). No report: it runs inside a logging call.
    #[wasm_bindgen(js_name = logLine)]
    pub fn log_line(&self, line: &str) -> String {
        self.inner.redact_log_line(line)
    }

    /// NDJSON in, `[NDJSON, report]` out.
    pub fn ndjson(&self, text: &str) -> Result<Vec<String>, JsValue> {
        Ok(self.out(self.inner.redact_ndjson(text).map_err(to_js)?))
    }

    /// Free text in, `[text, report]` out.
    pub fn text(&self, text: &str) -> Result<Vec<String>, JsValue> {
        Ok(self.out(self.inner.redact_text(text).map_err(to_js)?))
    }
}

impl WasmRedactor {
    fn out(&self, (text, report): (String, Report)) -> Vec<String> {
        let report = if self.report {
            report_json(&report)
        } else {
            String::new()
        };
        vec![text, report]
    }
}
