//! Redaction: the `Redactor` class of the JS API (`lib/redact.js`).
//!
//! Values cross as JSON text, never as converted JS objects: the JS facade turns a native
//! value into a JSON-safe tree with its own bounded, iterative walker (cycles, depth, Date,
//! BigInt, Buffer, Map, Set, Error…), serialises it, and the core's streaming JSON path
//! redacts the text without recursion. Options cross as JSON text in snake_case.
//! Each call returns `[output, reportJson]`; the report is `""` unless `report` is on.

use crate::{Result, to_js};
use edgeward_core::redact::{Redactor, Report};
use edgeward_core::redact::{options_from_json, report_json};
use napi_derive::napi;

/// The compiled redactor behind the JS `Redactor` class.
#[napi]
pub struct NativeRedactor {
    inner: Redactor,
    report: bool,
}

#[napi]
impl NativeRedactor {
    /// Compiles the rules of `options` (JSON text, snake_case).
    #[napi(constructor)]
    pub fn new(options: String) -> Result<Self> {
        let options = options_from_json(&options).map_err(to_js)?;
        let report = options.report;
        let inner = Redactor::new(options).map_err(to_js)?;
        Ok(NativeRedactor { inner, report })
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

    /// JSON text in, `[JSON text, report]` out.
    #[napi]
    pub fn json(&self, text: String) -> Result<Vec<String>> {
        self.out(self.inner.redact_json(&text).map_err(to_js)?)
    }

    /// One finished JSON log line in, the redacted line out; never throws (a line that cannot
    /// be redacted becomes the core's notice line). No report: it runs inside a logging call.
    #[napi]
    pub fn log_line(&self, line: String) -> String {
        self.inner.redact_log_line(&line)
    }

    /// NDJSON in, `[NDJSON, report]` out.
    #[napi]
    pub fn ndjson(&self, text: String) -> Result<Vec<String>> {
        self.out(self.inner.redact_ndjson(&text).map_err(to_js)?)
    }

    /// Free text in, `[text, report]` out.
    #[napi]
    pub fn text(&self, text: String) -> Result<Vec<String>> {
        self.out(self.inner.redact_text(&text).map_err(to_js)?)
    }
}

impl NativeRedactor {
    fn out(&self, (text, report): (String, Report)) -> Result<Vec<String>> {
        let report = if self.report {
            report_json(&report)
        } else {
            String::new()
        };
        Ok(vec![text, report])
    }
}
