//! Key hygiene: `classify_key`, `assert_key_for_environment`, `fingerprint`, `mask` and the
//! ring builder behind `KeyRing.from_env`.

use edgeward_core::key_hygiene;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::errors::{to_py, type_name};

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<KeyClass>()?;
    m.add_function(wrap_pyfunction!(classify_key, m)?)?;
    m.add_function(wrap_pyfunction!(assert_key_for_environment, m)?)?;
    m.add_function(wrap_pyfunction!(fingerprint, m)?)?;
    m.add_function(wrap_pyfunction!(mask, m)?)?;
    m.add_function(wrap_pyfunction!(key_ring, m)?)?;
    Ok(())
}

/// What a key is; ``"unknown"`` for an unrecognised key.
#[pyclass(frozen, module = "edgeward")]
pub(crate) struct KeyClass {
    /// For example ``"stripe"``, ``"github"``.
    #[pyo3(get)]
    provider: &'static str,
    /// For example ``"secret key"``.
    #[pyo3(get)]
    kind: &'static str,
    /// ``"live"``, ``"test"`` or ``"unknown"``.
    #[pyo3(get)]
    mode: &'static str,
}

#[pymethods]
impl KeyClass {
    fn __repr__(&self) -> String {
        format!(
            "KeyClass(provider={:?}, kind={:?}, mode={:?})",
            self.provider, self.kind, self.mode
        )
    }
}

fn shape(c: key_hygiene::KeyClass) -> KeyClass {
    KeyClass {
        provider: c.provider,
        kind: c.kind,
        mode: c.mode.as_str(),
    }
}

/// What ``key`` is (never raises for an unknown key).
#[pyfunction]
fn classify_key(key: &str) -> KeyClass {
    shape(key_hygiene::classify_key(key))
}

/// Raises ``KeyWrongEnvironmentError`` for a live key outside production or a test key in
/// production; returns the key's class otherwise.
#[pyfunction]
fn assert_key_for_environment(py: Python<'_>, key: &str, environment: &str) -> PyResult<KeyClass> {
    key_hygiene::assert_key_for_environment(key, environment)
        .map(shape)
        .map_err(|e| to_py(py, &e))
}

/// ``fp_`` and 16 base64url characters of HMAC-SHA256(pepper, key).
#[pyfunction]
fn fingerprint(py: Python<'_>, key: &str, pepper: &Bound<'_, PyAny>) -> PyResult<String> {
    let pepper_bytes: Vec<u8> = if let Ok(text) = pepper.cast::<PyString>() {
        text.to_str()?.as_bytes().to_vec()
    } else if let Ok(bytes) = pepper.cast::<PyBytes>() {
        bytes.as_bytes().to_vec()
    } else {
        return Err(PyTypeError::new_err(format!(
            "pepper must be str or bytes, got {}",
            type_name(pepper)
        )));
    };
    let pepper_bytes = zeroize::Zeroizing::new(pepper_bytes);
    key_hygiene::fingerprint(key, &pepper_bytes).map_err(|e| to_py(py, &e))
}

/// ``key`` as the redactor's mask mode writes it.
#[pyfunction]
fn mask(key: &str) -> String {
    key_hygiene::mask(key)
}

/// The ring's keys from ``values[i]`` of ``names[i]`` (``None`` when unset), new first.
#[pyfunction]
fn key_ring(
    py: Python<'_>,
    names: Vec<String>,
    values: Vec<Option<String>>,
) -> PyResult<Vec<String>> {
    let lookups = names
        .iter()
        .zip(values.iter().chain(std::iter::repeat(&None)))
        .map(|(n, v)| (n.as_str(), v.as_deref()));
    key_hygiene::key_ring(lookups)
        .map(|keys| keys.into_iter().map(str::to_owned).collect())
        .map_err(|e| to_py(py, &e))
}
