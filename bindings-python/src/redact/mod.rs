//! `_Redactor`: the compiled redactor behind `edgeward.Redactor` (`edgeward/_redaction.py`).
//!
//! Options cross as JSON text (snake_case, as in `tests/redact/corpus.json`). Native values
//! are converted to the core's value tree by [`values`] (bounded depth, cycles, size) and
//! back; text inputs go to the core's streaming JSON and text paths. Large text inputs are
//! redacted with the interpreter released.

mod values;

use edgeward_core::Error as CoreError;
use edgeward_core::redact::{Redactor, Report};
use pyo3::prelude::*;

use crate::errors::to_py;
use edgeward_core::redact::{options_from_json, report_json};

/// Inputs longer than this are redacted with the interpreter released.
const DETACH_ABOVE_BYTES: usize = 64 * 1024;

/// Registers the class in the extension module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeRedactor>()
}

/// Rules compiled once; every call returns `(output, report JSON or None)`.
#[pyclass(frozen, module = "edgeward._native", name = "_Redactor")]
struct NativeRedactor {
    inner: Redactor,
    report: bool,
}

impl NativeRedactor {
    fn run(
        &self,
        py: Python<'_>,
        text: &str,
        work: impl Fn(&Redactor, &str) -> Result<(String, Report), CoreError> + Send + Sync,
    ) -> PyResult<(String, Option<String>)> {
        let inner = &self.inner;
        let outcome = if text.len() > DETACH_ABOVE_BYTES {
            py.detach(|| work(inner, text))
        } else {
            work(inner, text)
        };
        let (out, report) = outcome.map_err(|e| to_py(py, &e))?;
        Ok((out, self.report.then(|| report_json(&report))))
    }
}

#[pymethods]
impl NativeRedactor {
    #[new]
    fn new(py: Python<'_>, options: &str) -> PyResult<Self> {
        let options = options_from_json(options).map_err(|e| to_py(py, &e))?;
        let report = options.report;
        let inner = Redactor::new(options).map_err(|e| to_py(py, &e))?;
        Ok(NativeRedactor { inner, report })
    }

    /// Containers nested deeper than this are replaced by the marker.
    #[getter]
    fn max_depth(&self) -> usize {
        self.inner.max_depth()
    }

    /// The marker for containers nested too deep.
    #[getter]
    fn too_deep_marker(&self) -> &str {
        self.inner.too_deep_marker()
    }

    /// A Python value in, `(redacted copy, report)` out; `expand` gives the plain form of
    /// objects that are not JSON types (see [`values`]).
    fn value<'py>(
        &self,
        py: Python<'py>,
        value: &Bound<'py, PyAny>,
        expand: &Bound<'py, PyAny>,
    ) -> PyResult<(Bound<'py, PyAny>, Option<String>)> {
        let tree = values::ToValue::new(&self.inner, expand).convert(value)?;
        let (out, report) = self.inner.redact_value(tree);
        Ok((
            values::to_python(py, out, Some(value))?,
            self.report.then(|| report_json(&report)),
        ))
    }

    /// The fields of a log record (a dict) in, a redacted copy out (no report): string
    /// fields no rule selects are redacted as free text (`Redactor::redact_log_fields`).
    fn fields<'py>(
        &self,
        py: Python<'py>,
        value: &Bound<'py, PyAny>,
        expand: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let tree = values::ToValue::new(&self.inner, expand).convert(value)?;
        values::to_python(py, self.inner.redact_log_fields(tree), Some(value))
    }

    /// JSON text in, `(JSON text, report)` out.
    fn json(&self, py: Python<'_>, text: &str) -> PyResult<(String, Option<String>)> {
        self.run(py, text, Redactor::redact_json)
    }

    /// NDJSON in, `(NDJSON, report)` out.
    fn ndjson(&self, py: Python<'_>, text: &str) -> PyResult<(String, Option<String>)> {
        self.run(py, text, Redactor::redact_ndjson)
    }

    /// Free text in, `(text, report)` out.
    fn text(&self, py: Python<'_>, text: &str) -> PyResult<(String, Option<String>)> {
        self.run(py, text, Redactor::redact_text)
    }
}
