//! `Redactor` of the JS API, in every build (the lean one too): an attribute shim over
//! `edgeward_js::redact`.

use crate::to_js;
use edgeward_js::redact::JsRedactor;
use wasm_bindgen::prelude::*;

/// The compiled redactor behind the JS `Redactor` class.
#[wasm_bindgen(js_name = Redactor)]
pub struct WasmRedactor {
    inner: JsRedactor,
}

#[wasm_bindgen(js_class = Redactor)]
impl WasmRedactor {
    /// Compiles the rules of `options` (JSON text, camelCase).
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str) -> Result<WasmRedactor, JsValue> {
        let inner = JsRedactor::new(options).map_err(to_js)?;
        Ok(WasmRedactor { inner })
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

    /// What the facade writes for a reference back to a container (a cycle).
    #[wasm_bindgen(getter, js_name = circularMarker)]
    pub fn circular_marker(&self) -> String {
        self.inner.circular_marker().to_owned()
    }

    /// JSON text in, `[JSON text, report]` out.
    pub fn json(&self, text: &str) -> Result<Vec<String>, JsValue> {
        self.inner.json(text).map_err(to_js)
    }

    /// One finished JSON log line in, the redacted line out; never throws.
    #[wasm_bindgen(js_name = logLine)]
    pub fn log_line(&self, line: &str) -> String {
        self.inner.log_line(line)
    }

    /// NDJSON in, `[NDJSON, report]` out.
    pub fn ndjson(&self, text: &str) -> Result<Vec<String>, JsValue> {
        self.inner.ndjson(text).map_err(to_js)
    }

    /// Free text in, `[text, report]` out.
    pub fn text(&self, text: &str) -> Result<Vec<String>, JsValue> {
        self.inner.text(text).map_err(to_js)
    }
}
