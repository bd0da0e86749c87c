//! Core errors as instances of the exception classes of `edgeward._errors`.
//!
//! Every module of the extension raises through [`to_py`], so that each stable error code
//! maps to exactly one Python class whatever part of the core produced it.

use std::borrow::Cow;

use edgeward_core::{Error as CoreError, ErrorCode, ErrorFieldValue};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

/// `edgeward._errors.BY_CODE`: stable code → exception class, imported once.
static BY_CODE: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
/// `edgeward._errors.BY_FAMILY`: family name → base exception class, imported once.
static BY_FAMILY: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
/// `edgeward._errors.EdgewardError`, the root of every edgeward exception.
static BASE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The exception class for `code`: its own class, else its family's, else the root class.
fn error_class<'py>(py: Python<'py>, code: ErrorCode) -> PyResult<Bound<'py, PyAny>> {
    let by_code = BY_CODE.import(py, "edgeward._errors", "BY_CODE")?;
    if let Some(class) = by_code.get_item(code.as_str())? {
        return Ok(class);
    }
    let by_family = BY_FAMILY.import(py, "edgeward._errors", "BY_FAMILY")?;
    if let Some(class) = by_family.get_item(code.family().as_str())? {
        return Ok(class);
    }
    Ok(BASE_ERROR
        .import(py, "edgeward._errors", "EdgewardError")?
        .clone()
        .into_any())
}

/// A core error as an instance of its `edgeward` exception class, with `.code` set and the
/// error's structured facts ([`CoreError::fields`]) as attributes (`age_seconds`, ...).
pub(crate) fn to_py(py: Python<'_>, error: &CoreError) -> PyErr {
    let code = error.code();
    let built = error_class(py, code)
        .and_then(|class| class.call1((error.to_string(), code.as_str())))
        .and_then(|instance| {
            instance.setattr("code", code.as_str())?;
            for field in error.fields() {
                match field.value {
                    ErrorFieldValue::Number(n) => instance.setattr(field.name, n)?,
                    ErrorFieldValue::Name(name) => instance.setattr(field.name, name)?,
                }
            }
            Ok(instance)
        });
    match built {
        Ok(instance) => PyErr::from_value(instance),
        // Only if `edgeward._errors` itself is broken: report that instead.
        Err(import_error) => import_error,
    }
}

/// `WEBHOOK_INVALID_OPTIONS` with `reason`: an argument of a webhook call has the wrong
/// type or value (the same code JavaScript gives for the same misuse).
pub(crate) fn webhook_misuse(py: Python<'_>, reason: String) -> PyErr {
    to_py(py, &CoreError::InvalidOptions { reason })
}

/// The exception for `code` with `reason`, for a misuse the Python layer detects (a wrong
/// argument type): raised as the code's class, like every error of the core.
#[pyfunction]
#[pyo3(name = "_misuse_error")]
pub(crate) fn misuse_error(py: Python<'_>, code: &str, reason: String) -> PyErr {
    let error = ErrorCode::from_code(code)
        .and_then(|code| CoreError::with_reason(code, reason))
        .unwrap_or_else(|| CoreError::InvalidOptions {
            reason: format!("no misuse error has the code {code} (a bug in edgeward)"),
        });
    to_py(py, &error)
}

/// The Python type name of `value`, for messages (`dict`, `int`, …).
pub(crate) fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .and_then(|name| name.to_cow().map(Cow::into_owned))
        .unwrap_or_else(|_| "<unknown>".to_owned())
}

/// Every error code the core can produce, in a stable order.
#[pyfunction]
pub(crate) fn error_codes() -> Vec<&'static str> {
    ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}

/// The family (`"webhook"`, …) of an error code, or `None` for an unknown code.
#[pyfunction]
pub(crate) fn error_family(code: String) -> Option<&'static str> {
    ErrorCode::from_code(&code).map(|c| c.family().as_str())
}

/// The HTTP status a middleware answers with for an error code (500 for an unknown code).
#[pyfunction]
pub(crate) fn http_status(code: &str) -> u16 {
    edgeward_core::http_status(code)
}
