//! Safe error replies (logic: `edgeward_js::problem`).

use crate::{Result, to_js};
use edgeward_js::problem::{self, ResponseTuple};
use napi_derive::napi;

/// A safe request id.
#[napi]
pub fn request_id(incoming: Option<String>) -> Result<String> {
    problem::request_id(incoming.as_deref()).map_err(to_js)
}

/// `[status, headers, body, log, requestId]` for an error's parts.
#[napi]
#[allow(clippy::too_many_arguments)]
pub fn safe_error_parts(
    name: String,
    message: String,
    stack: Option<String>,
    causes: Vec<String>,
    status: Option<f64>,
    request_id: Option<String>,
    expose: bool,
) -> Result<ResponseTuple> {
    problem::safe_error_response(name, message, stack, causes, status, request_id, expose)
        .map_err(to_js)
}
