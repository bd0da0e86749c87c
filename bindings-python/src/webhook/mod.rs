//! `Webhook`, `Verified` and `ReplayGuard`: webhook verification and signing for every
//! scheme of the core (`stripe`, `standard`, `github`, `slack`, `shopify`).
//!
//! The scheme is chosen by the receiver at construction, never guessed from a request.
//! Headers are read from the caller's header object by the names the core's scheme asks for
//! ([`headers`]); verification, signing and the replay key are the core's.

mod headers;
mod replay;

use std::str::FromStr;

use edgeward_core::validate::JsonLimits;
use edgeward_core::{
    Error as CoreError, Scheme, SecretFormat, Verified as CoreVerified, Webhook as CoreWebhook,
    WebhookOptions,
};
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyInt, PySequence, PyString, PyTuple, PyType,
};

use crate::convert::{Payload, Seconds, hash_with, unix_seconds};
use crate::errors::{to_py, type_name, webhook_misuse};
use crate::validate::{decoded, validate_event};
use headers::{Headers, with_occurrences};
use replay::Replay;
pub(crate) use replay::ReplayGuard;

/// Registers this module's classes in the extension module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Webhook>()?;
    m.add_class::<Verified>()?;
    m.add_class::<VerifiedEvent>()?;
    m.add_class::<ReplayGuard>()?;
    Ok(())
}

/// Each secret as a `str` whose UTF-8 form was checked, read in place (no copy is made on the
/// Rust side, nor a `bytes` copy on the Python side); the core keys its HMAC states from these
/// bytes and zeroizes those states when the `Webhook` is dropped.
fn secret_texts<'py>(
    py: Python<'py>,
    secret: &Bound<'py, PyAny>,
) -> PyResult<Vec<Bound<'py, PyString>>> {
    let checked = |item: &Bound<'py, PyAny>| -> PyResult<Bound<'py, PyString>> {
        match item.cast::<PyString>() {
            Ok(text) => text.to_str().map(|_| text.clone()),
            Err(_) => Err(to_py(py, &CoreError::secret_not_text(&type_name(item)))),
        }
    };
    if secret.is_instance_of::<PyString>() {
        return Ok(vec![checked(secret)?]);
    }
    // bytes and bytearray are sequences (of ints); they are refused as a whole.
    let is_binary = secret.is_instance_of::<PyBytes>() || secret.is_instance_of::<PyByteArray>();
    match secret.cast::<PySequence>() {
        Ok(sequence) if !is_binary => sequence.try_iter()?.map(|item| checked(&item?)).collect(),
        _ => Err(to_py(py, &CoreError::secret_not_text(&type_name(secret)))),
    }
}

/// An optional `str` argument, lossily (characters without a UTF-8 form become U+FFFD, which
/// the core then refuses wherever it matters).
fn text_argument(value: Option<&Bound<'_, PyAny>>, argument: &str) -> PyResult<Option<String>> {
    match value.filter(|v| !v.is_none()) {
        None => Ok(None),
        Some(value) => match value.cast::<PyString>() {
            Ok(text) => Ok(Some(text.to_string_lossy().into_owned())),
            Err(_) => Err(webhook_misuse(
                value.py(),
                format!("`{argument}` must be a str, got {}", type_name(value)),
            )),
        },
    }
}

/// `scheme`'s header names as interned Python strings.
fn interned_names(py: Python<'_>, names: &[&str]) -> Vec<Py<PyString>> {
    names
        .iter()
        .map(|name| PyString::intern(py, name).unbind())
        .collect()
}

fn scheme_from_name(py: Python<'_>, name: &str) -> PyResult<Scheme> {
    Scheme::from_str(name).map_err(|e| to_py(py, &e))
}

fn secret_format_from_name(py: Python<'_>, name: &str) -> PyResult<SecretFormat> {
    SecretFormat::from_str(name).map_err(|e| to_py(py, &e))
}

/// A webhook receiver (and sender) for one endpoint, holding its signing secret(s).
#[pyclass(frozen, module = "edgeward", name = "Webhook")]
struct Webhook {
    inner: CoreWebhook,
    secret_count: usize,
    replay: Option<Replay>,
    /// The scheme's header names as interned Python strings, for fast key comparison.
    header_names: Vec<Py<PyString>>,
    /// The scheme's event header names (`Scheme::event_header_names`), interned likewise.
    event_header_names: Vec<Py<PyString>>,
}

impl Webhook {
    /// Verifies `payload` against `headers` as `verify` does, recording it in the replay
    /// guard or store, if any.
    fn verified(
        &self,
        py: Python<'_>,
        payload: &Payload<'_>,
        headers: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<CoreVerified> {
        let options = self.inner.options();
        let headers = Headers::read(headers, options.scheme.header_names(), &self.header_names)?;
        let now = unix_seconds(py, now, "now")?;
        let inner = &self.inner;
        let body = payload.as_bytes();
        // Header texts are borrowed out of their Python objects here, with the interpreter
        // attached: only plain `&str` cross into a detached computation.
        let verified = match &headers {
            Headers::Absent => hash_with(py, body, |bytes| inner.verify(bytes, None, now)),
            Headers::Signature(value) => {
                let value = value.as_str();
                hash_with(py, body, |bytes| inner.verify(bytes, Some(value), now))
            }
            Headers::Values { values, count } => {
                let values = values.get(..*count).unwrap_or_default();
                with_occurrences(values, |lists| {
                    hash_with(py, body, |bytes| {
                        inner.verify_occurrences(bytes, lists, now)
                    })
                })
            }
        }
        .map_err(|e| to_py(py, &e))?;
        // Only now that the signature verified may the delivery be recorded.
        if let Some(replay) = &self.replay {
            replay.check(py, &verified, now)?;
        }
        Ok(verified)
    }

    /// Signs with the first secret; the pairs the core returns.
    fn signed_headers(
        &self,
        py: Python<'_>,
        payload: &Bound<'_, PyAny>,
        timestamp: Option<&Bound<'_, PyAny>>,
        id: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<(&'static str, String)>> {
        let payload = Payload::from_py(payload)?;
        let timestamp = unix_seconds(py, timestamp, "timestamp")?;
        let id = text_argument(id, "id")?;
        let inner = &self.inner;
        let id = id.as_deref();
        hash_with(py, payload.as_bytes(), |bytes| {
            inner.sign_headers(bytes, timestamp, id)
        })
        .map_err(|e| to_py(py, &e))
    }
}

#[pymethods]
impl Webhook {
    #[new]
    #[pyo3(
        signature = (secrets, *, scheme = None, tolerance = None, retention = None, replay_guard = None, secret_format = None),
        text_signature = "(secrets, *, scheme='stripe', tolerance=300, retention=604800, replay_guard=None, secret_format='provider')"
    )]
    fn new(
        py: Python<'_>,
        secrets: &Bound<'_, PyAny>,
        scheme: Option<&Bound<'_, PyAny>>,
        tolerance: Option<&Bound<'_, PyAny>>,
        retention: Option<&Bound<'_, PyAny>>,
        replay_guard: Option<&Bound<'_, PyAny>>,
        secret_format: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let secrets = secret_texts(py, secrets)?;
        let mut options = WebhookOptions::default();
        if let Some(name) = text_argument(scheme, "scheme")? {
            options.scheme = scheme_from_name(py, &name)?;
        }
        if let Some(tolerance) = tolerance.filter(|t| !t.is_none()) {
            options.tolerance_seconds = Seconds::from_py(tolerance, "tolerance")?
                .tolerance()
                .map_err(|e| to_py(py, &e))?;
        }
        if let Some(retention) = retention.filter(|r| !r.is_none()) {
            options.replay_retention_seconds = Seconds::from_py(retention, "retention")?
                .retention()
                .map_err(|e| to_py(py, &e))?;
        }
        if let Some(name) = text_argument(secret_format, "secret_format")? {
            options.secret_format = secret_format_from_name(py, &name)?;
        }
        let replay = match replay_guard.filter(|r| !r.is_none()) {
            Some(value) => Some(Replay::from_py(value)?),
            None => None,
        };
        let keys: Vec<&[u8]> = secrets
            .iter()
            .map(|s| s.to_str().map(str::as_bytes))
            .collect::<PyResult<_>>()?;
        let inner = CoreWebhook::new(&keys, options).map_err(|e| to_py(py, &e))?;
        let header_names = interned_names(py, inner.scheme().header_names());
        let event_header_names = interned_names(py, inner.scheme().event_header_names());
        Ok(Webhook {
            inner,
            secret_count: secrets.len(),
            replay,
            header_names,
            event_header_names,
        })
    }

    /// Verifies a delivery: `payload` is the raw request body, `headers` the request's headers
    /// (or the signature header's value), `now` Unix seconds (default: now).
    #[pyo3(signature = (payload, headers, *, now = None))]
    fn verify(
        &self,
        py: Python<'_>,
        payload: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Verified> {
        let payload = Payload::from_py(payload)?;
        self.verified(py, &payload, headers, now)
            .map(Verified::from)
    }

    /// `verify`, then the body parsed as JSON under the validator's limits (`max_bytes`
    /// raises the 1 MiB size limit) and named by the scheme's rule (the core's
    /// `edgeward_core::webhook::event`); with `schema` (a `Validator`, or a JSON Schema
    /// compiled for the call), validated. A body that is not JSON raises
    /// `ValidationInvalidJsonError`, one too large or too deep `ValidationLimitExceededError`, a
    /// mismatch `ValidationFailedError`; verification errors are `verify`'s.
    #[pyo3(signature = (payload, headers, *, now = None, schema = None, max_bytes = None))]
    fn verify_event(
        &self,
        py: Python<'_>,
        payload: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        schema: Option<&Bound<'_, PyAny>>,
        max_bytes: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<VerifiedEvent> {
        let payload = Payload::from_py(payload)?;
        let mut limits = JsonLimits::default();
        if let Some(max) = max_bytes.filter(|m| !m.is_none()) {
            limits.max_bytes = match max.cast::<PyInt>().ok().and_then(|n| n.extract().ok()) {
                Some(n) if n > 0 && !max.is_instance_of::<PyBool>() => n,
                _ => {
                    return Err(webhook_misuse(
                        py,
                        format!(
                            "`max_bytes` must be a positive int (bytes), got {}",
                            type_name(max)
                        ),
                    ));
                }
            };
        }
        let verified = self.verified(py, &payload, headers, now)?;
        let bytes = payload.as_bytes();
        let inner = &self.inner;
        let id = verified.id.as_deref();
        let schema = schema.filter(|s| !s.is_none());
        // The core checks the body and names it without building it (`read_event_names`);
        // only a schema needs the core's value (`read_event`). The user's value is
        // `json`'s, read once below.
        let read = |lists: &[&[&str]]| -> Result<Named, CoreError> {
            if schema.is_some() {
                let event = inner.read_event(bytes, lists, id, &limits)?;
                Ok(Named {
                    event_type: event.event_type,
                    id: event.id,
                    inner_type: event.inner_type,
                    value: Some(event.value),
                })
            } else {
                let names = inner.read_event_names(bytes, lists, id, &limits)?;
                Ok(Named {
                    event_type: names.event_type,
                    id: names.id,
                    inner_type: names.inner_type,
                    value: None,
                })
            }
        };
        let names = match Headers::read(
            headers,
            inner.scheme().event_header_names(),
            &self.event_header_names,
        )? {
            Headers::Values { values, count } => {
                let values = values.get(..count).unwrap_or_default();
                with_occurrences(values, read)
            }
            // A bare signature value (or None): no event header.
            Headers::Absent | Headers::Signature(_) => {
                let none: Vec<&[&str]> = vec![&[]; inner.scheme().event_header_names().len()];
                read(&none)
            }
        }
        .map_err(|e| to_py(py, &e))?;
        if let (Some(schema), Some(value)) = (schema, &names.value) {
            validate_event(py, schema, value)?;
        }
        // The core accepted the text: `json`'s decoder reads the same value, ints exact.
        let event = decoded(py, &payload, bytes)?;
        Ok(VerifiedEvent {
            event: event.unbind(),
            timestamp: verified.signed_timestamp(),
            secret_index: verified.secret_index,
            id: names.id,
            event_type: names.event_type,
            inner_type: names.inner_type,
        })
    }

    /// Signs `payload` with the first secret: the `stripe-signature` value for `stripe`, a
    /// dict of header name to value for the other schemes.
    #[pyo3(signature = (payload, *, timestamp = None, id = None))]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        payload: &Bound<'py, PyAny>,
        timestamp: Option<&Bound<'py, PyAny>>,
        id: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let headers = self.signed_headers(py, payload, timestamp, id)?;
        if self.inner.scheme() == Scheme::Stripe {
            let signature = Scheme::Stripe.signature_header();
            if let Some((_, value)) = headers.into_iter().find(|(name, _)| *name == signature) {
                return Ok(PyString::new(py, &value).into_any());
            }
            return Err(to_py(
                py,
                &CoreError::InvalidOptions {
                    reason: "the stripe scheme produced no signature header (a bug in \
                             edgeward: please report it)"
                        .to_owned(),
                },
            ));
        }
        Ok(headers_dict(py, headers)?.into_any())
    }

    /// Signs `payload` with the first secret and returns every header a sender sets, as a
    /// dict of lowercase header name to value, for every scheme.
    #[pyo3(signature = (payload, *, timestamp = None, id = None))]
    fn sign_headers<'py>(
        &self,
        py: Python<'py>,
        payload: &Bound<'py, PyAny>,
        timestamp: Option<&Bound<'py, PyAny>>,
        id: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let headers = self.signed_headers(py, payload, timestamp, id)?;
        headers_dict(py, headers)
    }

    /// The accepted distance between a delivery's timestamp and now, in seconds.
    #[getter]
    fn tolerance(&self) -> i64 {
        self.inner.options().tolerance_seconds
    }

    /// How long deliveries of schemes without a timestamp are remembered, in seconds.
    #[getter]
    fn retention(&self) -> i64 {
        self.inner.options().replay_retention_seconds
    }

    /// The scheme's name.
    #[getter]
    fn scheme(&self) -> &'static str {
        self.inner.scheme().as_str()
    }

    /// The header names this scheme reads (lowercase).
    #[getter]
    fn header_names(&self) -> Vec<&'static str> {
        self.inner.scheme().header_names().to_vec()
    }

    /// The replay guard or store given at construction, or `None`.
    #[getter]
    fn replay_guard<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyAny>> {
        self.replay.as_ref().map(|replay| replay.object(py))
    }

    fn __repr__(&self) -> String {
        let options = self.inner.options();
        let scheme = match options.scheme {
            Scheme::Stripe => String::new(),
            other => format!("scheme='{other}', "),
        };
        format!(
            "Webhook(<{} secret(s) redacted>, {scheme}tolerance={})",
            self.secret_count, options.tolerance_seconds
        )
    }
}

fn headers_dict<'py>(
    py: Python<'py>,
    headers: Vec<(&'static str, String)>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, value) in headers {
        dict.set_item(name, value)?;
    }
    Ok(dict)
}

/// A delivery that verified.
#[pyclass(frozen, eq, hash, module = "edgeward", name = "Verified")]
#[derive(PartialEq, Eq, Hash)]
struct Verified {
    /// The signed timestamp, in Unix seconds; `None` for schemes without one.
    #[pyo3(get)]
    timestamp: Option<i64>,
    /// Index (into the secrets given to `Webhook`) of the secret that matched.
    #[pyo3(get)]
    secret_index: usize,
    /// The signed delivery id (`standard`); `None` for schemes without one.
    #[pyo3(get)]
    id: Option<String>,
    scheme: Scheme,
}

impl From<CoreVerified> for Verified {
    fn from(v: CoreVerified) -> Self {
        Verified {
            timestamp: v.signed_timestamp(),
            secret_index: v.secret_index,
            id: v.id,
            scheme: v.scheme,
        }
    }
}

#[pymethods]
impl Verified {
    #[new]
    #[pyo3(
        signature = (timestamp, secret_index, id = None, scheme = None),
        text_signature = "(timestamp, secret_index, id=None, scheme='stripe')"
    )]
    fn new(
        py: Python<'_>,
        timestamp: Option<i64>,
        secret_index: usize,
        id: Option<String>,
        scheme: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let scheme = match text_argument(scheme, "scheme")? {
            Some(name) => scheme_from_name(py, &name)?,
            None => Scheme::Stripe,
        };
        Ok(Verified {
            timestamp,
            secret_index,
            id,
            scheme,
        })
    }

    /// The scheme the delivery verified under.
    #[getter]
    fn scheme(&self) -> &'static str {
        self.scheme.as_str()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let timestamp = match self.timestamp {
            Some(t) => t.to_string(),
            None => "None".to_owned(),
        };
        let mut shown = format!(
            "Verified(timestamp={timestamp}, secret_index={}",
            self.secret_index
        );
        // Defaults are left out, as the constructor fills them in.
        if let Some(id) = &self.id {
            let id = PyString::new(py, id).repr()?;
            shown.push_str(&format!(", id={}", id.to_string_lossy()));
        }
        if self.scheme != Scheme::Stripe {
            shown.push_str(&format!(", scheme='{}'", self.scheme));
        }
        shown.push(')');
        Ok(shown)
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let this = slf.get();
        let args = PyTuple::new(
            py,
            [
                this.timestamp.into_pyobject(py)?.into_any(),
                this.secret_index.into_pyobject(py)?.into_any(),
                this.id.as_deref().into_pyobject(py)?.into_any(),
                this.scheme.as_str().into_pyobject(py)?.into_any(),
            ],
        )?;
        Ok((slf.get_type(), args))
    }
}

/// What `verify_event` read from the core: the names, and the core's value when a schema
/// needs it.
struct Named {
    event_type: Option<String>,
    id: Option<String>,
    inner_type: Option<String>,
    value: Option<serde_json::Value>,
}

/// A verified delivery with its body parsed as JSON and the provider's names for it (see
/// `Webhook.verify_event`).
#[pyclass(frozen, module = "edgeward", name = "VerifiedEvent")]
struct VerifiedEvent {
    /// The body, parsed (as `json.loads` reads it; ints exact).
    #[pyo3(get)]
    event: Py<PyAny>,
    /// The signed timestamp, in Unix seconds; `None` for schemes without one.
    #[pyo3(get)]
    timestamp: Option<i64>,
    /// Index (into the secrets given to `Webhook`) of the secret that matched.
    #[pyo3(get)]
    secret_index: usize,
    /// The delivery id (the scheme's rule), or `None`.
    #[pyo3(get)]
    id: Option<String>,
    /// The provider's event name (the scheme's rule), or `None`.
    #[pyo3(get, name = "type")]
    event_type: Option<String>,
    /// Slack: the inner event's name of an `event_callback`; otherwise `None`.
    #[pyo3(get)]
    inner_type: Option<String>,
}

#[pymethods]
impl VerifiedEvent {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let text = |value: &Option<String>| -> PyResult<String> {
            match value {
                Some(v) => Ok(PyString::new(py, v).repr()?.to_string_lossy().into_owned()),
                None => Ok("None".to_owned()),
            }
        };
        let timestamp = self
            .timestamp
            .map_or_else(|| "None".to_owned(), |t| t.to_string());
        // The event itself is left out: it is the sender's data, and may be large.
        Ok(format!(
            "VerifiedEvent(type={}, id={}, timestamp={timestamp}, secret_index={})",
            text(&self.event_type)?,
            text(&self.id)?,
            self.secret_index
        ))
    }
}
