//! Credentials: `OAuthState` and PKCE ([`oauth`]), `Sealer` and `Fernet` ([`seal`]). Every
//! verdict is the core's; this module converts Python values.

mod keys;
mod oauth;
mod policy;
mod problem;
mod seal;

use pyo3::prelude::*;

/// Registers this module's classes and functions in the extension module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    keys::register(m)?;
    oauth::register(m)?;
    policy::register(m)?;
    problem::register(m)?;
    seal::register(m)
}
