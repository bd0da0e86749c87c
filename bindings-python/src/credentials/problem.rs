//! The native half of `edgeward.safe_error_response` and `edgeward.request_id`
//! (`_problem.py` reads the exception; the core decides what the client and the log see).

use edgeward_core::problem::{self, ErrorReport, ResponseOptions};
use pyo3::prelude::*;

use crate::errors::to_py;

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(request_id, m)?)?;
    m.add_function(wrap_pyfunction!(_safe_error_response, m)?)?;
    Ok(())
}

/// ``incoming`` when it is a safe request id (1 to 128 of ``A-Z a-z 0-9 . _ : -``), else a new
/// random one.
#[pyfunction]
#[pyo3(signature = (incoming = None))]
fn request_id(py: Python<'_>, incoming: Option<&str>) -> PyResult<String> {
    problem::request_id(incoming).map_err(|e| to_py(py, &e))
}

/// ``(status, headers, body, log, request_id)``.
type ResponseParts = (u16, Vec<(String, String)>, String, String, String);

/// ``(status, headers, body, log, request_id)`` for an error's parts.
#[pyfunction]
#[pyo3(signature = (name, message, stack, causes, status, request_id, expose))]
#[allow(clippy::too_many_arguments)]
fn _safe_error_response(
    py: Python<'_>,
    name: String,
    message: String,
    stack: Option<String>,
    causes: Vec<String>,
    status: Option<u16>,
    request_id: Option<String>,
    expose: bool,
) -> PyResult<ResponseParts> {
    let r = problem::safe_error_response(
        &ErrorReport {
            name,
            message,
            stack,
            causes,
        },
        &ResponseOptions {
            status,
            request_id,
            expose,
        },
    )
    .map_err(|e| to_py(py, &e))?;
    Ok((r.status, r.headers, r.body, r.log, r.request_id))
}
