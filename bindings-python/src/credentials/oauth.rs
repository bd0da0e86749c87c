//! `OAuthState`, `VerifiedState`, PKCE and `needs_refresh`.

use edgeward_core::Error as CoreError;
use edgeward_core::oauth::{self, IssueOptions};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PySequence, PyString};

use crate::convert::{Seconds, unix_seconds_as};
use crate::errors::{to_py, type_name};

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<OAuthState>()?;
    m.add_class::<VerifiedState>()?;
    m.add_function(wrap_pyfunction!(generate_code_verifier, m)?)?;
    m.add_function(wrap_pyfunction!(code_challenge_s256, m)?)?;
    m.add_function(wrap_pyfunction!(code_challenge, m)?)?;
    m.add_function(wrap_pyfunction!(needs_refresh, m)?)?;
    Ok(())
}

fn invalid(reason: String) -> CoreError {
    CoreError::OAuthInvalidOptions { reason }
}

/// A whole number of seconds from an `int` (a `float` must be whole).
fn whole_seconds(py: Python<'_>, value: &Bound<'_, PyAny>, name: &str) -> PyResult<i64> {
    match Seconds::from_py(value, name)? {
        Seconds::Whole(n) => Ok(n),
        Seconds::Fractional(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 => {
            #[allow(clippy::cast_possible_truncation)] // whole and bounded
            Ok(f as i64)
        }
        Seconds::Fractional(_) => Err(to_py(
            py,
            &invalid(format!("`{name}` must be a whole number of seconds")),
        )),
    }
}

/// A new PKCE code verifier of `length` (43 to 128, default 43) characters from the OS CSPRNG.
#[pyfunction]
#[pyo3(signature = (*, length = None))]
fn generate_code_verifier(py: Python<'_>, length: Option<usize>) -> PyResult<String> {
    match length {
        None => oauth::generate_code_verifier(),
        Some(n) => oauth::generate_code_verifier_with_length(n),
    }
    .map_err(|e| to_py(py, &e))
}

/// ``BASE64URL(SHA256(verifier))``; refuses a verifier of the wrong length or charset.
#[pyfunction]
fn code_challenge_s256(py: Python<'_>, verifier: &str) -> PyResult<String> {
    oauth::code_challenge_s256(verifier).map_err(|e| to_py(py, &e))
}

/// The code challenge for ``method``: only ``"S256"`` (``plain`` is refused).
#[pyfunction]
#[pyo3(signature = (verifier, *, method = "S256"))]
fn code_challenge(py: Python<'_>, verifier: &str, method: &str) -> PyResult<String> {
    oauth::code_challenge(verifier, method).map_err(|e| to_py(py, &e))
}

/// Whether a token expiring at ``expires_at`` should be refreshed now.
#[pyfunction]
#[pyo3(signature = (expires_at, *, now = None, skew_seconds = None, issued_at = None))]
fn needs_refresh(
    py: Python<'_>,
    expires_at: &Bound<'_, PyAny>,
    now: Option<&Bound<'_, PyAny>>,
    skew_seconds: Option<&Bound<'_, PyAny>>,
    issued_at: Option<&Bound<'_, PyAny>>,
) -> PyResult<bool> {
    let expires_at = unix_seconds_as(py, Some(expires_at), "expires_at", invalid)?;
    let now = unix_seconds_as(py, now, "now", invalid)?;
    let skew = match skew_seconds {
        Some(s) if !s.is_none() => whole_seconds(py, s, "skew_seconds")?,
        _ => oauth::DEFAULT_REFRESH_SKEW_SECONDS,
    };
    let issued_at = match issued_at {
        Some(t) if !t.is_none() => Some(unix_seconds_as(py, Some(t), "issued_at", invalid)?),
        _ => None,
    };
    oauth::needs_refresh(expires_at, now, skew, issued_at).map_err(|e| to_py(py, &e))
}

/// What a verified state token carried.
#[pyclass(frozen, module = "edgeward")]
pub(crate) struct VerifiedState {
    /// The PKCE verifier, or ``None``.
    #[pyo3(get)]
    verifier: Option<String>,
    /// The return address, or ``None``.
    #[pyo3(get)]
    return_to: Option<String>,
    /// When the token was issued (Unix seconds).
    #[pyo3(get)]
    issued_at: i64,
}

#[pymethods]
impl VerifiedState {
    fn __repr__(&self) -> String {
        format!(
            "VerifiedState(verifier={}, return_to={:?}, issued_at={})",
            if self.verifier.is_some() {
                "<redacted>"
            } else {
                "None"
            },
            self.return_to,
            self.issued_at
        )
    }
}

/// Session-bound, encrypted, expiring OAuth ``state`` tokens carrying the PKCE verifier.
#[pyclass(frozen, module = "edgeward")]
pub(crate) struct OAuthState {
    inner: oauth::OAuthState,
}

#[pymethods]
impl OAuthState {
    #[new]
    #[pyo3(signature = (secrets, *, ttl_seconds = None))]
    fn new(
        py: Python<'_>,
        secrets: &Bound<'_, PyAny>,
        ttl_seconds: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let list: Vec<zeroize::Zeroizing<String>> = if let Ok(text) = secrets.cast::<PyString>() {
            vec![zeroize::Zeroizing::new(text.to_str()?.to_owned())]
        } else if let Ok(sequence) = secrets.cast::<PySequence>() {
            let mut out = Vec::new();
            for item in sequence.try_iter()? {
                let item = item?;
                let text = item.cast::<PyString>().map_err(|_| {
                    PyTypeError::new_err(format!(
                        "each secret must be a str, got {}",
                        type_name(&item)
                    ))
                })?;
                out.push(zeroize::Zeroizing::new(text.to_str()?.to_owned()));
            }
            out
        } else {
            return Err(PyTypeError::new_err(format!(
                "secrets must be a str or a list of str, got {}",
                type_name(secrets)
            )));
        };
        let ttl = match ttl_seconds {
            Some(t) if !t.is_none() => {
                let n = whole_seconds(py, t, "ttl_seconds")?;
                u64::try_from(n).unwrap_or(0)
            }
            _ => oauth::DEFAULT_STATE_TTL_SECONDS,
        };
        let refs: Vec<&str> = list.iter().map(|s| s.as_str()).collect();
        Ok(OAuthState {
            inner: oauth::OAuthState::new(&refs, ttl).map_err(|e| to_py(py, &e))?,
        })
    }

    /// A new state token for ``session``, carrying ``verifier`` and ``return_to``.
    #[pyo3(signature = (*, session, verifier = None, return_to = None, now = None))]
    fn issue(
        &self,
        py: Python<'_>,
        session: &str,
        verifier: Option<&str>,
        return_to: Option<&str>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let now = unix_seconds_as(py, now, "now", invalid)?;
        self.inner
            .issue(
                &IssueOptions {
                    session,
                    verifier,
                    return_to,
                },
                now,
            )
            .map_err(|e| to_py(py, &e))
    }

    /// The content of a valid token for ``session``. With ``replay`` (a callable
    /// ``(key, ttl_seconds) -> seen_before`` that remembers ``key``, or an object with such a
    /// ``seen`` method), a second use raises ``StateReplayedError``.
    #[pyo3(signature = (token, *, session, now = None, replay = None))]
    fn verify(
        &self,
        py: Python<'_>,
        token: &str,
        session: &str,
        now: Option<&Bound<'_, PyAny>>,
        replay: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<VerifiedState> {
        let now = unix_seconds_as(py, now, "now", invalid)?;
        let verified = match replay {
            Some(store) if !store.is_none() => {
                let callable = if store.is_callable() {
                    store.clone()
                } else {
                    store.getattr("seen").map_err(|_| {
                        PyTypeError::new_err(
                            "replay must be a callable (key, ttl_seconds) -> bool or an object with seen()",
                        )
                    })?
                };
                let mut failure: Option<PyErr> = None;
                let result = self.inner.verify_once(token, session, now, |key, ttl| {
                    match callable.call1((key, ttl)).and_then(|seen| seen.is_truthy()) {
                        Ok(seen) => Ok(seen),
                        Err(error) => {
                            failure = Some(error);
                            // The store failed: refuse (fail closed); its exception is raised.
                            Err(CoreError::StateReplayed)
                        }
                    }
                });
                if let Some(error) = failure {
                    return Err(error);
                }
                result
            }
            _ => self.inner.verify(token, session, now),
        }
        .map_err(|e| to_py(py, &e))?;
        Ok(VerifiedState {
            verifier: verified.verifier,
            return_to: verified.return_to,
            issued_at: verified.issued_at,
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "OAuthState(ttl_seconds={}, secrets=<redacted>)",
            self.inner.ttl_seconds()
        )
    }
}
