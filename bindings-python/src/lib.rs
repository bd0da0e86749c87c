//! `edgeward._native`: the Python extension module of edgeward-core.
//!
//! It converts Python values to core types and core errors to the exception classes of
//! `edgeward._errors`, nothing else: every decision about a webhook is made in the core.
//! The public Python API (`edgeward`) re-exports what is defined here.

use std::borrow::Cow;

use edgeward_core::webhook::{tolerance_from_f64, unix_seconds_from_f64};
use edgeward_core::{
    Error as CoreError, ErrorCode, Verified as CoreVerified, Webhook as CoreWebhook, WebhookOptions,
};
use pyo3::exceptions::{PyTypeError, PyUnicodeEncodeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyMemoryView, PySequence, PyString, PyTuple,
    PyType,
};

/// Payloads longer than this are hashed with the interpreter released, so that other Python
/// threads run meanwhile. Below it, releasing and re-acquiring costs more than it frees.
const DETACH_ABOVE_BYTES: usize = 64 * 1024;

/// `edgeward._errors.BY_CODE`: stable code → exception class, imported once.
static BY_CODE: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
/// `edgeward._errors.BY_FAMILY`: family name → base exception class, imported once.
static BY_FAMILY: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
/// `edgeward._errors.EdgewardError`, the root of every edgeward exception.
static BASE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
/// The `time` module; its `time()` is looked up on each use, so that clock fakes apply.
static TIME_MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

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

/// A core error as an instance of its `edgeward` exception class, with `.code` set.
fn to_py(py: Python<'_>, error: &CoreError) -> PyErr {
    let code = error.code();
    let built = error_class(py, code)
        .and_then(|class| class.call1((error.to_string(), code.as_str())))
        .and_then(|instance| {
            instance.setattr("code", code.as_str())?;
            Ok(instance)
        });
    match built {
        Ok(instance) => PyErr::from_value(instance),
        // Only if `edgeward._errors` itself is broken: report that instead.
        Err(import_error) => import_error,
    }
}

/// The Python type name of `value`, for messages (`dict`, `int`, …).
fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .and_then(|name| name.to_cow().map(Cow::into_owned))
        .unwrap_or_else(|_| "<unknown>".to_owned())
}

/// A payload as bytes: borrowed where Python guarantees they cannot change (`bytes`, and the
/// UTF-8 encoding of a `str`), copied where they can (`bytearray`, `memoryview`).
enum Payload<'py> {
    /// An immutable `bytes` object, read in place.
    Shared(Bound<'py, PyBytes>),
    /// A snapshot of a mutable buffer.
    Copied(Vec<u8>),
}

impl<'py> Payload<'py> {
    fn from_py(py: Python<'py>, value: &Bound<'py, PyAny>) -> PyResult<Self> {
        if let Ok(bytes) = value.cast::<PyBytes>() {
            return Ok(Payload::Shared(bytes.clone()));
        }
        if let Ok(text) = value.cast::<PyString>() {
            return match text.encode_utf8() {
                Ok(encoded) => Ok(Payload::Shared(encoded)),
                // A str with unpaired surrogates has no UTF-8 form, so it cannot be the body
                // as received (a framework decoded it with `surrogateescape`).
                Err(err) if err.is_instance_of::<PyUnicodeEncodeError>(py) => Err(to_py(
                    py,
                    &CoreError::payload_not_raw("str with unpaired surrogates (no UTF-8 form)"),
                )),
                Err(err) => Err(err),
            };
        }
        if let Ok(array) = value.cast::<PyByteArray>() {
            // Copied: another thread may resize a bytearray while we hash it.
            return Ok(Payload::Copied(array.to_vec()));
        }
        if value.cast::<PyMemoryView>().is_ok() {
            // The stable ABI of Python 3.9 has no buffer API; `tobytes()` is the contiguous copy.
            let bytes = value.call_method0("tobytes")?.cast_into::<PyBytes>()?;
            return Ok(Payload::Shared(bytes));
        }
        Err(to_py(py, &CoreError::payload_not_raw(&type_name(value))))
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            Payload::Shared(bytes) => bytes.as_bytes(),
            Payload::Copied(bytes) => bytes,
        }
    }
}

/// Runs `work` on `payload`, with the interpreter released when the payload is large.
fn hash_with<T: Send>(py: Python<'_>, payload: &[u8], work: impl FnOnce(&[u8]) -> T + Send) -> T {
    if payload.len() > DETACH_ABOVE_BYTES {
        py.detach(|| work(payload))
    } else {
        work(payload)
    }
}

/// A Python number of seconds, before the core validates it.
enum Seconds {
    Whole(i64),
    Fractional(f64),
}

impl Seconds {
    /// Reads an `int` or a `float`. An `int` beyond 64 bits becomes the nearest float (or an
    /// infinity), which the core then refuses as out of range.
    fn from_py(value: &Bound<'_, PyAny>, argument: &str) -> PyResult<Self> {
        if let Ok(int) = value.cast::<PyInt>() {
            if let Ok(whole) = int.extract::<i64>() {
                return Ok(Seconds::Whole(whole));
            }
            let infinity = if int.lt(0_i32)? {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            };
            return Ok(Seconds::Fractional(
                int.extract::<f64>().unwrap_or(infinity),
            ));
        }
        if let Ok(float) = value.cast::<PyFloat>() {
            return Ok(Seconds::Fractional(float.value()));
        }
        Err(PyTypeError::new_err(format!(
            "`{argument}` must be an int or a float, got {}",
            type_name(value)
        )))
    }

    /// As Unix seconds (a clock reading or a timestamp).
    fn unix(self) -> Result<i64, CoreError> {
        match self {
            Seconds::Whole(whole) => Ok(whole),
            Seconds::Fractional(float) => unix_seconds_from_f64(float),
        }
    }

    /// As a tolerance.
    fn tolerance(self) -> Result<i64, CoreError> {
        match self {
            Seconds::Whole(whole) => Ok(whole),
            Seconds::Fractional(float) => tolerance_from_f64(float),
        }
    }
}

/// Unix seconds from `value`, or from `time.time()` when it is `None`.
fn unix_seconds(py: Python<'_>, value: Option<&Bound<'_, PyAny>>, argument: &str) -> PyResult<i64> {
    let seconds = match value {
        Some(value) if !value.is_none() => Seconds::from_py(value, argument)?,
        _ => {
            let time = TIME_MODULE.get_or_try_init(py, || py.import("time").map(Bound::unbind))?;
            let now = time.bind(py).call_method0("time")?;
            Seconds::from_py(&now, "time.time()")?
        }
    };
    seconds.unix().map_err(|e| to_py(py, &e))
}

/// The UTF-8 bytes of each secret, borrowed from Python `bytes` objects that live only for
/// the duration of `Webhook(...)`. No copy is made on the Rust side; the core keys its HMAC
/// states from these bytes and zeroizes those states when the `Webhook` is dropped.
fn secret_bytes<'py>(
    py: Python<'py>,
    secret: &Bound<'py, PyAny>,
) -> PyResult<Vec<Bound<'py, PyBytes>>> {
    let encode = |item: &Bound<'py, PyAny>| -> PyResult<Bound<'py, PyBytes>> {
        match item.cast::<PyString>() {
            Ok(text) => text.encode_utf8(),
            Err(_) => Err(to_py(py, &CoreError::secret_not_text(&type_name(item)))),
        }
    };
    if secret.is_instance_of::<PyString>() {
        return Ok(vec![encode(secret)?]);
    }
    // bytes and bytearray are sequences (of ints); they are refused as a whole.
    let is_binary = secret.is_instance_of::<PyBytes>() || secret.is_instance_of::<PyByteArray>();
    match secret.cast::<PySequence>() {
        Ok(sequence) if !is_binary => sequence.try_iter()?.map(|item| encode(&item?)).collect(),
        _ => Err(to_py(py, &CoreError::secret_not_text(&type_name(secret)))),
    }
}

/// A webhook receiver (and sender) for one endpoint, holding its signing secret(s).
#[pyclass(frozen, module = "edgeward", name = "Webhook")]
struct Webhook {
    inner: CoreWebhook,
    secret_count: usize,
}

#[pymethods]
impl Webhook {
    #[new]
    #[pyo3(signature = (secret, *, tolerance = None), text_signature = "(secret, *, tolerance=300)")]
    fn new(
        py: Python<'_>,
        secret: &Bound<'_, PyAny>,
        tolerance: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let secrets = secret_bytes(py, secret)?;
        let mut options = WebhookOptions::default();
        if let Some(tolerance) = tolerance.filter(|t| !t.is_none()) {
            options.tolerance_seconds = Seconds::from_py(tolerance, "tolerance")?
                .tolerance()
                .map_err(|e| to_py(py, &e))?;
        }
        let keys: Vec<&[u8]> = secrets.iter().map(|s| s.as_bytes()).collect();
        let inner = CoreWebhook::new(&keys, options).map_err(|e| to_py(py, &e))?;
        Ok(Webhook {
            inner,
            secret_count: secrets.len(),
        })
    }

    /// Verifies a delivery: `payload` is the raw request body, `header` the value of the
    /// `Stripe-Signature` header (`None` when absent), `now` Unix seconds (default: now).
    #[pyo3(signature = (payload, header, *, now = None))]
    fn verify(
        &self,
        py: Python<'_>,
        payload: &Bound<'_, PyAny>,
        header: Option<&Bound<'_, PyString>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Verified> {
        let payload = Payload::from_py(py, payload)?;
        // Lossy: characters without a UTF-8 form can never be part of a valid `t=` or `v1=`
        // entry, so the core refuses or ignores them either way.
        let header = header.map(|h| h.to_string_lossy());
        let now = unix_seconds(py, now, "now")?;
        let inner = &self.inner;
        let header = header.as_deref();
        hash_with(py, payload.as_bytes(), |bytes| {
            inner.verify(bytes, header, now)
        })
        .map(Verified::from)
        .map_err(|e| to_py(py, &e))
    }

    /// Signs `payload` with the first secret at `timestamp` (default: now) and returns the
    /// header value, `t=<timestamp>,v1=<hex>`.
    #[pyo3(signature = (payload, *, timestamp = None))]
    fn sign(
        &self,
        py: Python<'_>,
        payload: &Bound<'_, PyAny>,
        timestamp: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let payload = Payload::from_py(py, payload)?;
        let timestamp = unix_seconds(py, timestamp, "timestamp")?;
        let inner = &self.inner;
        hash_with(py, payload.as_bytes(), |bytes| inner.sign(bytes, timestamp))
            .map_err(|e| to_py(py, &e))
    }

    /// The accepted distance between a delivery's timestamp and now, in seconds.
    #[getter]
    fn tolerance(&self) -> i64 {
        self.inner.options().tolerance_seconds
    }

    fn __repr__(&self) -> String {
        format!(
            "Webhook(<{} secret(s) redacted>, tolerance={})",
            self.secret_count,
            self.inner.options().tolerance_seconds
        )
    }
}

/// A delivery that verified.
#[pyclass(frozen, eq, hash, module = "edgeward", name = "Verified")]
#[derive(PartialEq, Eq, Hash)]
struct Verified {
    /// The signed timestamp, in Unix seconds.
    #[pyo3(get)]
    timestamp: i64,
    /// Index (into the secrets given to `Webhook`) of the secret that matched.
    #[pyo3(get)]
    secret_index: usize,
}

impl From<CoreVerified> for Verified {
    fn from(v: CoreVerified) -> Self {
        Verified {
            timestamp: v.timestamp,
            secret_index: v.secret_index,
        }
    }
}

#[pymethods]
impl Verified {
    #[new]
    #[pyo3(signature = (timestamp, secret_index))]
    fn new(timestamp: i64, secret_index: usize) -> Self {
        Verified {
            timestamp,
            secret_index,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "Verified(timestamp={}, secret_index={})",
            self.timestamp, self.secret_index
        )
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let this = slf.get();
        let args = PyTuple::new(
            slf.py(),
            [
                this.timestamp.into_pyobject(slf.py())?.into_any(),
                this.secret_index.into_pyobject(slf.py())?.into_any(),
            ],
        )?;
        Ok((slf.get_type(), args))
    }
}

/// Every error code the core can produce, in a stable order.
#[pyfunction]
fn error_codes() -> Vec<&'static str> {
    ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}

/// The family (`"webhook"`, …) of an error code, or `None` for an unknown code.
#[pyfunction]
fn error_family(code: String) -> Option<&'static str> {
    ErrorCode::from_code(&code).map(|c| c.family().as_str())
}

/// The extension module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Webhook>()?;
    m.add_class::<Verified>()?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(error_family, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
