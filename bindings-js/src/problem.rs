//! Safe error replies for JS: the facade reads the error's parts; the reply leaves as
//! `[status, headers (flat name/value list), body, log, requestId]`.

use crate::Result;
use edgeward_core::problem::{self, ErrorReport, ResponseOptions};

/// The reply's parts: `[status, [name, value, name, value, ...], body, log, requestId]`.
pub type ResponseTuple = (u32, Vec<String>, String, String, String);

/// A safe request id: `incoming` when safe, else a new random one.
pub fn request_id(incoming: Option<&str>) -> Result<String> {
    problem::request_id(incoming)
}

/// The client reply and the log record for an error's parts.
#[allow(clippy::too_many_arguments)]
pub fn safe_error_response(
    name: String,
    message: String,
    stack: Option<String>,
    causes: Vec<String>,
    status: Option<f64>,
    request_id: Option<String>,
    expose: bool,
) -> Result<ResponseTuple> {
    let status = status
        .filter(|s| s.is_finite() && s.fract() == 0.0 && (0.0..=65535.0).contains(s))
        .and_then(|s| format!("{s}").parse::<u16>().ok());
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
    )?;
    let headers = r.headers.into_iter().flat_map(|(n, v)| [n, v]).collect();
    Ok((u32::from(r.status), headers, r.body, r.log, r.request_id))
}
