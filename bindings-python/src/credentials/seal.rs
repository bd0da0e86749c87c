//! `Sealer` and `Fernet`.

use edgeward_core::Error as CoreError;
use edgeward_core::fernet;
use edgeward_core::seal;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PySequence, PyString, PyTuple};
use zeroize::Zeroizing;

use crate::convert::{Payload, Seconds, unix_seconds_as};
use crate::errors::{to_py, type_name};

/// A misuse of the sealing helpers' arguments (`SEAL_INVALID_OPTIONS`).
fn seal_invalid(reason: String) -> CoreError {
    CoreError::SealInvalidOptions { reason }
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Sealer>()?;
    m.add_class::<Fernet>()?;
    Ok(())
}

fn wrong_type(what: &'static str) -> impl Fn(&str) -> CoreError {
    move |given| CoreError::SealInvalidOptions {
        reason: format!("{what} must be bytes or str, got {given}"),
    }
}

/// `bytes`, `bytearray`, `memoryview` or `str` (UTF-8) as bytes.
fn data<'py>(value: &Bound<'py, PyAny>, what: &'static str) -> PyResult<Payload<'py>> {
    if !(value.is_instance_of::<PyString>()
        || value.is_instance_of::<PyBytes>()
        || value.is_instance_of::<pyo3::types::PyByteArray>()
        || value.is_instance_of::<pyo3::types::PyMemoryView>())
    {
        return Err(PyTypeError::new_err(format!(
            "{what} must be bytes or str, got {}",
            type_name(value)
        )));
    }
    Payload::read(
        value,
        || CoreError::SealInvalidOptions {
            reason: format!("{what} holds an unpaired surrogate, which has no UTF-8 form"),
        },
        wrong_type(what),
    )
}

/// A token as text: `str`, or ASCII `bytes` (as `cryptography` returns them).
fn token_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_str()?.to_owned());
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        // Not UTF-8: not a token; the core refuses the replacement characters.
        return Ok(String::from_utf8_lossy(bytes.as_bytes()).into_owned());
    }
    Err(PyTypeError::new_err(format!(
        "token must be str or bytes, got {}",
        type_name(value)
    )))
}

fn optional_seconds(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
    name: &str,
) -> PyResult<Option<u64>> {
    match value {
        Some(v) if !v.is_none() => match Seconds::from_py(v, name)? {
            Seconds::Whole(n) if n >= 0 => Ok(Some(n.unsigned_abs())),
            _ => Err(to_py(
                py,
                &CoreError::SealInvalidOptions {
                    reason: format!("`{name}` must be a whole, non-negative number of seconds"),
                },
            )),
        },
        _ => Ok(None),
    }
}

/// AES-256-GCM sealed tokens: the first key seals, every key opens.
#[pyclass(frozen, module = "edgeward")]
pub(crate) struct Sealer {
    inner: seal::Sealer,
}

#[pymethods]
impl Sealer {
    /// ``keys``: a list of ``{"id": ..., "key": ...}`` dicts or ``(id, key)`` pairs, each key
    /// base64url of 32 random bytes.
    #[new]
    fn new(py: Python<'_>, keys: &Bound<'_, PyAny>) -> PyResult<Self> {
        let usage = || {
            PyTypeError::new_err(
                "keys must be a list of {\"id\": str, \"key\": str} or (id, key) pairs",
            )
        };
        if keys.is_instance_of::<PyString>() {
            return Err(usage());
        }
        let sequence = keys.cast::<PySequence>().map_err(|_| usage())?;
        let mut pairs: Vec<(String, Zeroizing<String>)> = Vec::new();
        for item in sequence.try_iter()? {
            let item = item?;
            let (id, key) = if let Ok(dict) = item.cast::<PyDict>() {
                (
                    dict.get_item("id")?.ok_or_else(usage)?,
                    dict.get_item("key")?.ok_or_else(usage)?,
                )
            } else if let Ok(tuple) = item.cast::<PyTuple>() {
                if tuple.len() != 2 {
                    return Err(usage());
                }
                (tuple.get_item(0)?, tuple.get_item(1)?)
            } else {
                return Err(usage());
            };
            let id: String = id.extract().map_err(|_| usage())?;
            let key = Zeroizing::new(key.extract::<String>().map_err(|_| usage())?);
            pairs.push((id, key));
        }
        let refs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(i, k)| (i.as_str(), k.as_str()))
            .collect();
        Ok(Sealer {
            inner: seal::Sealer::new(&refs).map_err(|e| to_py(py, &e))?,
        })
    }

    /// The id of the key that seals.
    #[getter]
    fn key_id(&self) -> String {
        self.inner.current_key_id().to_owned()
    }

    /// A URL-safe token of ``plaintext`` (bytes or str), bound to ``aad`` if given.
    #[pyo3(signature = (plaintext, *, aad = None, now = None))]
    fn seal(
        &self,
        py: Python<'_>,
        plaintext: &Bound<'_, PyAny>,
        aad: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let now = unix_seconds_as(py, now, "now", seal_invalid)?;
        let plaintext = data(plaintext, "plaintext")?;
        let aad = match aad {
            Some(a) if !a.is_none() => Some(data(a, "aad")?),
            _ => None,
        };
        let aad_bytes = aad.as_ref().map_or(&[][..], Payload::as_bytes);
        self.inner
            .seal(plaintext.as_bytes(), aad_bytes, now)
            .map_err(|e| to_py(py, &e))
    }

    /// The bytes sealed in ``token``; refuses one older than ``max_age_seconds``.
    #[pyo3(signature = (token, *, aad = None, max_age_seconds = None, now = None))]
    fn open<'py>(
        &self,
        py: Python<'py>,
        token: &Bound<'_, PyAny>,
        aad: Option<&Bound<'_, PyAny>>,
        max_age_seconds: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let opened = self.open_bytes(py, token, aad, max_age_seconds, now)?;
        Ok(PyBytes::new(py, &opened))
    }

    /// The text sealed in ``token``.
    #[pyo3(signature = (token, *, aad = None, max_age_seconds = None, now = None))]
    fn open_text(
        &self,
        py: Python<'_>,
        token: &Bound<'_, PyAny>,
        aad: Option<&Bound<'_, PyAny>>,
        max_age_seconds: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let opened = self.open_bytes(py, token, aad, max_age_seconds, now)?;
        String::from_utf8(opened.to_vec()).map_err(|_| {
            PyTypeError::new_err("the opened plaintext is not UTF-8 text: use open() for bytes")
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "Sealer(key_id={:?}, keys=<redacted>)",
            self.inner.current_key_id()
        )
    }
}

impl Sealer {
    fn open_bytes(
        &self,
        py: Python<'_>,
        token: &Bound<'_, PyAny>,
        aad: Option<&Bound<'_, PyAny>>,
        max_age_seconds: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Zeroizing<Vec<u8>>> {
        let now = unix_seconds_as(py, now, "now", seal_invalid)?;
        let token = token_text(token)?;
        let max_age = optional_seconds(py, max_age_seconds, "max_age_seconds")?;
        let aad = match aad {
            Some(a) if !a.is_none() => Some(data(a, "aad")?),
            _ => None,
        };
        let aad_bytes = aad.as_ref().map_or(&[][..], Payload::as_bytes);
        self.inner
            .open(&token, aad_bytes, max_age, now)
            .map(Zeroizing::new)
            .map_err(|e| to_py(py, &e))
    }
}

/// Fernet tokens, compatible with ``cryptography.fernet`` in both directions.
#[pyclass(frozen, module = "edgeward")]
pub(crate) struct Fernet {
    inner: fernet::Fernet,
}

#[pymethods]
impl Fernet {
    /// ``key``: base64url of 32 bytes, ``str`` or ``bytes`` (as ``Fernet.generate_key()``).
    #[new]
    fn new(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Self> {
        let key = Zeroizing::new(token_text(key)?);
        Ok(Fernet {
            inner: fernet::Fernet::new(&key).map_err(|e| to_py(py, &e))?,
        })
    }

    /// A new random key (base64url of 32 bytes).
    #[staticmethod]
    fn generate_key(py: Python<'_>) -> PyResult<String> {
        fernet::Fernet::generate_key().map_err(|e| to_py(py, &e))
    }

    /// A Fernet token of ``data`` (bytes or str).
    #[pyo3(signature = (data, *, now = None))]
    fn encrypt(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let now = unix_seconds_as(py, now, "now", seal_invalid)?;
        let plaintext = self::data(data, "data")?;
        self.inner
            .encrypt(plaintext.as_bytes(), now)
            .map_err(|e| to_py(py, &e))
    }

    /// The bytes in ``token``; refuses one older than ``ttl_seconds``.
    #[pyo3(signature = (token, *, ttl_seconds = None, now = None))]
    fn decrypt<'py>(
        &self,
        py: Python<'py>,
        token: &Bound<'_, PyAny>,
        ttl_seconds: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let now = unix_seconds_as(py, now, "now", seal_invalid)?;
        let token = token_text(token)?;
        let ttl = optional_seconds(py, ttl_seconds, "ttl_seconds")?;
        let opened = Zeroizing::new(
            self.inner
                .decrypt(&token, ttl, now)
                .map_err(|e| to_py(py, &e))?,
        );
        Ok(PyBytes::new(py, &opened))
    }

    fn __repr__(&self) -> &'static str {
        "Fernet(<key redacted>)"
    }
}
