//! Python values to core inputs: raw payloads, numbers of seconds, the clock.
//!
//! Shared by every module of the extension; nothing here decides anything about a webhook.

use edgeward_core::Error as CoreError;
use edgeward_core::webhook::{retention_from_f64, tolerance_from_f64, unix_seconds_from_f64};
use pyo3::exceptions::PyUnicodeEncodeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyCFunction, PyFloat, PyInt, PyMemoryView, PyString};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::errors::{to_py, type_name, webhook_misuse};

/// Payloads longer than this are hashed with the interpreter released, so that other Python
/// threads run meanwhile. Below it, releasing and re-acquiring costs more than it frees.
const DETACH_ABOVE_BYTES: usize = 64 * 1024;

/// The `time` module; its `time` attribute is looked up on each use, so that clock fakes
/// apply.
static TIME_MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
/// The interpreter's built-in `time.time`, once seen (see [`clock_now`]).
static BUILTIN_TIME: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A payload as bytes: borrowed where Python guarantees they cannot change (`bytes`, and the
/// UTF-8 form of a `str`, which CPython caches in the object), copied where they can
/// (`bytearray`, `memoryview`).
pub(crate) enum Payload<'py> {
    /// An immutable `bytes` object, read in place.
    Shared(Bound<'py, PyBytes>),
    /// An immutable `str` whose UTF-8 form was checked to exist.
    Text(Bound<'py, PyString>),
    /// A snapshot of a mutable buffer.
    Copied(Vec<u8>),
}

impl<'py> Payload<'py> {
    /// Reads a webhook payload: `bytes`, `bytearray`, `memoryview` or `str` (its UTF-8 bytes).
    pub(crate) fn from_py(value: &Bound<'py, PyAny>) -> PyResult<Self> {
        Self::read(
            value,
            // A str with unpaired surrogates has no UTF-8 form, so it cannot be the body as
            // received (a framework decoded it with `surrogateescape`); JS refuses such a
            // string with the same error.
            || CoreError::payload_unpaired_surrogate("str"),
            CoreError::payload_not_raw,
        )
    }

    /// Reads a raw body; `surrogates` and `wrong_type` say what the caller refuses.
    pub(crate) fn read(
        value: &Bound<'py, PyAny>,
        surrogates: impl FnOnce() -> CoreError,
        wrong_type: impl FnOnce(&str) -> CoreError,
    ) -> PyResult<Self> {
        let py = value.py();
        if let Ok(bytes) = value.cast::<PyBytes>() {
            return Ok(Payload::Shared(bytes.clone()));
        }
        if let Ok(text) = value.cast::<PyString>() {
            return match text.to_str() {
                Ok(_) => Ok(Payload::Text(text.clone())),
                Err(err) if err.is_instance_of::<PyUnicodeEncodeError>(py) => {
                    Err(to_py(py, &surrogates()))
                }
                Err(err) => Err(err),
            };
        }
        if let Ok(array) = value.cast::<PyByteArray>() {
            // Copied: another thread may resize a bytearray while we hash it.
            return Ok(Payload::Copied(array.to_vec()));
        }
        if value.cast::<PyMemoryView>().is_ok() {
            // The stable ABI before Python 3.11 has no buffer API; `tobytes()` is the
            // contiguous copy.
            // A released view raises ValueError here: say what it is, in the caller's family.
            let bytes = value
                .call_method0("tobytes")
                .map_err(|_| to_py(py, &wrong_type("released memoryview")))?
                .cast_into::<PyBytes>()?;
            return Ok(Payload::Shared(bytes));
        }
        Err(to_py(py, &wrong_type(&type_name(value))))
    }

    /// The payload's bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Payload::Shared(bytes) => bytes.as_bytes(),
            // Cannot fail: checked in `from_py`, and the UTF-8 form is cached.
            Payload::Text(text) => text.to_str().map(str::as_bytes).unwrap_or_default(),
            Payload::Copied(bytes) => bytes,
        }
    }
}

/// Runs `work` on `payload`, with the interpreter released when the payload is large.
pub(crate) fn hash_with<T: Send>(
    py: Python<'_>,
    payload: &[u8],
    work: impl FnOnce(&[u8]) -> T + Send,
) -> T {
    if payload.len() > DETACH_ABOVE_BYTES {
        py.detach(|| work(payload))
    } else {
        work(payload)
    }
}

/// A Python number of seconds, before the core validates it.
pub(crate) enum Seconds {
    Whole(i64),
    Fractional(f64),
}

impl Seconds {
    /// Reads an `int` or a `float`. An `int` beyond 64 bits becomes the nearest float (or an
    /// infinity), which the core then refuses as out of range.
    pub(crate) fn from_py(value: &Bound<'_, PyAny>, argument: &str) -> PyResult<Self> {
        match Seconds::read(value)? {
            Some(seconds) => Ok(seconds),
            None => Err(webhook_misuse(
                value.py(),
                format!(
                    "`{argument}` must be an int or a float, got {}",
                    type_name(value)
                ),
            )),
        }
    }

    /// An `int` or a `float`, or `None` for any other type.
    fn read(value: &Bound<'_, PyAny>) -> PyResult<Option<Self>> {
        if let Ok(int) = value.cast::<PyInt>() {
            if let Ok(whole) = int.extract::<i64>() {
                return Ok(Some(Seconds::Whole(whole)));
            }
            let infinity = if int.lt(0_i32)? {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            };
            return Ok(Some(Seconds::Fractional(
                int.extract::<f64>().unwrap_or(infinity),
            )));
        }
        if let Ok(float) = value.cast::<PyFloat>() {
            return Ok(Some(Seconds::Fractional(float.value())));
        }
        Ok(None)
    }

    /// As Unix seconds (a clock reading or a timestamp).
    pub(crate) fn unix(self) -> Result<i64, CoreError> {
        match self {
            Seconds::Whole(whole) => Ok(whole),
            Seconds::Fractional(float) => unix_seconds_from_f64(float),
        }
    }

    /// As a tolerance.
    pub(crate) fn tolerance(self) -> Result<i64, CoreError> {
        match self {
            Seconds::Whole(whole) => Ok(whole),
            Seconds::Fractional(float) => tolerance_from_f64(float),
        }
    }

    /// As a replay retention.
    pub(crate) fn retention(self) -> Result<i64, CoreError> {
        match self {
            Seconds::Whole(whole) => Ok(whole),
            Seconds::Fractional(float) => retention_from_f64(float),
        }
    }
}

/// Unix seconds from `value`, or from `time.time()` when it is `None`.
pub(crate) fn unix_seconds(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
    argument: &str,
) -> PyResult<i64> {
    let seconds = match value {
        Some(value) if !value.is_none() => Seconds::from_py(value, argument)?,
        _ => clock_now(py)?,
    };
    seconds.unix().map_err(|e| to_py(py, &e))
}

/// As [`unix_seconds`], for the helpers of another family (OAuth state, sealed tokens): a
/// wrong type or an out-of-range number is that family's misuse (`invalid` builds it, e.g.
/// `OAUTH_INVALID_OPTIONS`), the code the JS binding gives for the same call.
pub(crate) fn unix_seconds_as(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
    argument: &str,
    invalid: impl Fn(String) -> CoreError,
) -> PyResult<i64> {
    let seconds = match value {
        Some(value) if !value.is_none() => Seconds::read(value)?.ok_or_else(|| {
            to_py(
                py,
                &invalid(format!(
                    "`{argument}` must be an int or a float of Unix seconds, got {}",
                    type_name(value)
                )),
            )
        })?,
        _ => clock_now(py)?,
    };
    seconds.unix().map_err(|_| {
        to_py(
            py,
            &invalid(format!(
                "`{argument}` must be a finite number of Unix seconds"
            )),
        )
    })
}

/// The current time as `time.time()` gives it. While `time.time` is still the interpreter's
/// own built-in, the clock it reads (the system's real-time clock) is read here directly,
/// saving a call into Python; a replacement (a test's clock fake, freezegun) is called.
fn clock_now(py: Python<'_>) -> PyResult<Seconds> {
    let module = TIME_MODULE
        .get_or_try_init(py, || py.import("time").map(Bound::unbind))?
        .bind(py);
    let current = module.getattr(pyo3::intern!(py, "time"))?;
    let builtin = match BUILTIN_TIME.get(py) {
        Some(builtin) => current.is(builtin),
        None if is_builtin_time(module, &current)? => {
            // Another thread may have stored the same built-in first: either is it.
            let _ = BUILTIN_TIME.set(py, current.clone().unbind());
            true
        }
        None => false,
    };
    if builtin {
        return Ok(match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(since) => Seconds::Whole(i64::try_from(since.as_secs()).unwrap_or(i64::MAX)),
            // A clock set before 1970: `time.time()` is negative then, and so is this.
            Err(before) => Seconds::Fractional(-before.duration().as_secs_f64()),
        });
    }
    Seconds::from_py(&current.call0()?, "time.time()")
}

/// Whether `candidate` is the `time` module's own built-in `time` function.
fn is_builtin_time(module: &Bound<'_, PyModule>, candidate: &Bound<'_, PyAny>) -> PyResult<bool> {
    if !candidate.is_instance_of::<PyCFunction>() {
        return Ok(false);
    }
    let bound_to_module = candidate
        .getattr(pyo3::intern!(module.py(), "__self__"))?
        .is(module);
    let named_time = candidate
        .getattr(pyo3::intern!(module.py(), "__name__"))?
        .eq("time")?;
    Ok(bound_to_module && named_time)
}
