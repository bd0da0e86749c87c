//! Replay protection: the in-process `ReplayGuard`, and external stores given as any object
//! with a `seen(key, ttl)` method.
//!
//! A delivery reaches the store only after its signature verified, so forged traffic cannot
//! fill it. The key, its window and the policy when full are the core's
//! (`edgeward_core::webhook::replay`); this module only holds the guard behind a lock and
//! calls external stores.

use std::sync::{Mutex, MutexGuard, PoisonError};

use edgeward_core::webhook::{DEFAULT_REPLAY_MAX_ENTRIES, MAX_REPLAY_MAX_ENTRIES};
use edgeward_core::{Error as CoreError, ReplayGuard as CoreReplayGuard, Verified};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt};

use crate::errors::{to_py, type_name, webhook_misuse};

/// A bounded in-memory store of deliveries already accepted, for one process.
#[pyclass(frozen, module = "edgeward", name = "ReplayGuard")]
pub(crate) struct ReplayGuard {
    // Held only while the core runs (no Python code runs under it), so it never waits on
    // the interpreter and cannot deadlock with it.
    inner: Mutex<CoreReplayGuard>,
}

impl ReplayGuard {
    fn lock(&self) -> MutexGuard<'_, CoreReplayGuard> {
        // The core does not panic, so the lock is never poisoned; if it were, the guard's
        // state is still consistent (every update is a single map operation pair).
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[pymethods]
impl ReplayGuard {
    #[new]
    #[pyo3(signature = (max_entries = None), text_signature = "(max_entries=10000)")]
    fn new(py: Python<'_>, max_entries: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let max_entries = match max_entries.filter(|m| !m.is_none()) {
            None => DEFAULT_REPLAY_MAX_ENTRIES,
            Some(value) => {
                let Ok(int) = value.cast::<PyInt>() else {
                    return Err(webhook_misuse(
                        py,
                        format!("`max_entries` must be an int, got {}", type_name(value)),
                    ));
                };
                match int.extract::<usize>() {
                    Ok(count) => count,
                    // Negative, or beyond any memory: the same error the core gives.
                    Err(_) => {
                        let error = CoreError::InvalidOptions {
                            reason: format!(
                                "max_entries must be between 1 and {MAX_REPLAY_MAX_ENTRIES}, \
                                 got {}",
                                if int.lt(0_i32)? {
                                    "a negative number"
                                } else {
                                    "more"
                                }
                            ),
                        };
                        return Err(to_py(py, &error));
                    }
                }
            }
        };
        let inner = CoreReplayGuard::new(max_entries).map_err(|e| to_py(py, &e))?;
        Ok(ReplayGuard {
            inner: Mutex::new(inner),
        })
    }

    /// The most deliveries remembered at once.
    #[getter]
    fn max_entries(&self) -> usize {
        self.lock().max_entries()
    }

    /// How many deliveries were refused with `WEBHOOK_REPLAY_GUARD_FULL` (the guard never evicts).
    /// Non-zero means `max_entries` is below the peak number of deliveries per window.
    #[getter]
    fn refused_full(&self) -> u64 {
        self.lock().refused_full()
    }

    fn __len__(&self) -> usize {
        self.lock().len()
    }

    fn __repr__(&self) -> String {
        let guard = self.lock();
        format!(
            "ReplayGuard(max_entries={}, entries={}, refused_full={})",
            guard.max_entries(),
            guard.len(),
            guard.refused_full()
        )
    }
}

/// Where a `Webhook` records verified deliveries.
pub(super) enum Replay {
    /// The in-process guard.
    Guard(Py<ReplayGuard>),
    /// An object with `seen(key: str, ttl: int) -> bool`.
    Store(Py<PyAny>),
}

impl Replay {
    /// Reads the `replay_guard` argument: a `ReplayGuard`, or an object with a callable
    /// `seen` attribute.
    pub(super) fn from_py(value: &Bound<'_, PyAny>) -> PyResult<Self> {
        if let Ok(guard) = value.cast::<ReplayGuard>() {
            return Ok(Replay::Guard(guard.clone().unbind()));
        }
        match value.getattr("seen") {
            Ok(seen) if seen.is_callable() => Ok(Replay::Store(value.clone().unbind())),
            _ => Err(webhook_misuse(
                value.py(),
                format!(
                    "`replay_guard` must be an edgeward.ReplayGuard or a store with a \
                 `seen(key: str, ttl: int) -> bool` method, got {}",
                    type_name(value)
                ),
            )),
        }
    }

    /// The object given at construction.
    pub(super) fn object<'py>(&self, py: Python<'py>) -> Bound<'py, PyAny> {
        match self {
            Replay::Guard(guard) => guard.bind(py).clone().into_any(),
            Replay::Store(store) => store.bind(py).clone(),
        }
    }

    /// Records `verified`, raising `WebhookReplayedError` if it was seen before. An external store's
    /// exception propagates: the delivery is then not accepted (fail closed).
    pub(super) fn check(&self, py: Python<'_>, verified: &Verified, now: i64) -> PyResult<()> {
        match self {
            Replay::Guard(guard) => guard
                .get()
                .lock()
                .check(verified, now)
                .map_err(|e| to_py(py, &e)),
            Replay::Store(store) => {
                let key = verified.replay_key().to_string();
                let ttl = verified.replay_ttl_seconds(now);
                let answer = store
                    .bind(py)
                    .call_method1(pyo3::intern!(py, "seen"), (key, ttl))?;
                // Strictly a bool: a store that forgets to return (None) or returns Redis'
                // raw `SET NX` reply (None when the key existed) must not pass as "not seen".
                let Ok(seen) = answer.cast::<PyBool>() else {
                    return Err(webhook_misuse(
                        py,
                        format!(
                            "the replay store's seen() must return a bool (True when the key was \
                         already stored), got {}",
                            type_name(&answer)
                        ),
                    ));
                };
                if seen.is_true() {
                    Err(to_py(py, &verified.replay_error()))
                } else {
                    Ok(())
                }
            }
        }
    }
}
