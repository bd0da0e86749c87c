//! `Redactor` of the JS API: an attribute shim over `edgeward_js::redact`.

use crate::{Result, to_js};
use edgeward_js::redact::JsRedactor;
use napi_derive::napi;

/// The compiled redactor behind the JS `Redactor` class.
#[napi(js_name = "Redactor")]
pub struct NativeRedactor {
    inner: JsRedactor,
}

#[napi]
impl NativeRedactor {
    /// Compiles the rules of `options` (JSON text, camelCase).
    #[napi(constructor)]
    pub fn new(options: String) -> Result<Self> {
        let inner = JsRedactor::new(&options).map_err(to_js)?;
        Ok(NativeRedactor { inner })
    }

    /// Containers nested deeper than this are replaced by the marker.
    #[napi(getter)]
    pub fn max_depth(&self) -> u32 {
        u32::try_from(self.inner.max_depth()).unwrap_or(u32::MAX)
    }

    /// The marker for containers nested too deep.
    #[napi(getter)]
    pub fn too_deep_marker(&self) -> String {
        self.inner.too_deep_marker().to_owned()
    }

    /// What the facade writes for a reference back to a container (a cycle).
    #[napi(getter)]
    pub fn circular_marker(&self) -> &'static str {
        self.inner.circular_marker()
    }

    /// JSON text in, `[JSON text, report]` out.
    #[napi]
    pub fn json(&self, text: String) -> Result<Vec<String>> {
        self.inner.json(&text).map_err(to_js)
    }

    /// One finished JSON log line in, the redacted line out; never throws.
    #[napi]
    pub fn log_line(&self, line: String) -> String {
        self.inner.log_line(&line)
    }

    /// NDJSON in, `[NDJSON, report]` out.
    #[napi]
    pub fn ndjson(&self, text: String) -> Result<Vec<String>> {
        self.inner.ndjson(&text).map_err(to_js)
    }

    /// Free text in, `[text, report]` out.
    #[napi]
    pub fn text(&self, text: String) -> Result<Vec<String>> {
        self.inner.text(&text).map_err(to_js)
    }
}
