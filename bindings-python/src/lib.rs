//! `edgeward._native`: the Python extension module of edgeward-core.
//!
//! It converts Python values to core types and core errors to the exception classes of
//! `edgeward._errors`, nothing else: every decision is made in the core. The public Python
//! API (`edgeward`) re-exports what is defined here.
//!
//! One module per area of the core, each with a `register` function called below:
//! [`webhook`], [`validate`]. Shared conversions live in [`convert`] (payloads, seconds, the clock) and
//! [`errors`] (core errors to exception classes).

mod cli;
mod convert;
mod credentials;
mod errors;
mod net;
mod ratelimit;
mod redact;
mod validate;
mod webhook;

use pyo3::prelude::*;

/// mimalloc for every allocation of this library (see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The extension module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    webhook::register(m)?;
    validate::register(m)?;
    redact::register(m)?;
    ratelimit::register(m)?;
    credentials::register(m)?;
    m.add_function(wrap_pyfunction!(cli::run_cli, m)?)?;
    net::register(m)?;
    m.add_function(wrap_pyfunction!(errors::error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(errors::error_family, m)?)?;
    m.add_function(wrap_pyfunction!(errors::http_status, m)?)?;
    m.add_function(wrap_pyfunction!(errors::misuse_error, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
