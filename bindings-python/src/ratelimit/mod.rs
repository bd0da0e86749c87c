//! Rate limiting: `RateLimiterCore` (the limit and its in-memory state) and `RateLimitResult`,
//! under the Python `RateLimiter` (`edgeward/_ratelimit.py`, which adds external stores).
//!
//! Every store answers a `CL.THROTTLE` reply (`[limited, limit, remaining, retry_after (-1:
//! not applicable), reset_after]`, whole seconds), or an allowed check packed into one `int`
//! (`Decision::packed`, the Redis script's common answer); [`RateLimitResult`] is made from
//! either here, so the mapping to the result and its response headers is the core's for every
//! store.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use edgeward_core::Error as CoreError;
use edgeward_core::ratelimit::{
    Decision, Gcra, MemoryRateLimiter, cost_from_f64, micros_from_seconds,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyTuple};

use crate::errors::{to_py, type_name};

/// Registers this module's classes in the extension module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<RateLimiterCore>()?;
    m.add_class::<RateLimitResult>()?;
    m.add_function(wrap_pyfunction!(rate_limit_redis_script, m)?)?;
    Ok(())
}

/// The core's Redis Lua script (the GCRA decision, run atomically next to the key).
#[pyfunction]
fn rate_limit_redis_script() -> &'static str {
    edgeward_core::ratelimit::REDIS_SCRIPT
}

/// A Python `int` or `float` as a number for the core (which checks its range); `None` stays
/// `None`. Anything else is a `TypeError`, as for every other edgeward number.
fn number(value: Option<&Bound<'_, PyAny>>, argument: &str) -> PyResult<Option<f64>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if value.is_instance_of::<PyInt>() || value.is_instance_of::<PyFloat>() {
        // bool is an int subclass: refuse it, `True` is no count.
        if value.is_instance_of::<pyo3::types::PyBool>() {
            return Err(PyTypeError::new_err(format!(
                "`{argument}` must be an int, got bool"
            )));
        }
        // Beyond f64 an int becomes an infinity, which the core refuses as out of range.
        return Ok(Some(value.extract::<f64>().unwrap_or(f64::INFINITY)));
    }
    Err(PyTypeError::new_err(format!(
        "`{argument}` must be a number, got {}",
        type_name(value)
    )))
}

/// The current Unix time with microseconds, from the system clock.
fn now_seconds() -> f64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(since) => since.as_secs_f64(),
        Err(_) => 0.0,
    }
}

fn core_error(py: Python<'_>) -> impl Fn(CoreError) -> PyErr + '_ {
    move |e| to_py(py, &e)
}

/// The outcome of one check.
#[pyclass(frozen, module = "edgeward", name = "RateLimitResult")]
pub(crate) struct RateLimitResult {
    /// Whether the request is allowed.
    #[pyo3(get)]
    allowed: bool,
    /// The most that can be spent at once (the burst).
    #[pyo3(get)]
    limit: u64,
    /// What could still be spent now.
    #[pyo3(get)]
    remaining: u64,
    /// Seconds until a retry can succeed: 0 when allowed, `None` when never (the cost
    /// exceeds the burst).
    #[pyo3(get)]
    retry_after_seconds: Option<u64>,
    /// Seconds until the budget is full again.
    #[pyo3(get)]
    reset_after_seconds: u64,
    /// Whether the store failed and `on_store_error` decided.
    #[pyo3(get)]
    store_error: bool,
    decision: Decision,
    gcra: Gcra,
    policy: String,
}

#[pymethods]
impl RateLimitResult {
    /// The response headers: `RateLimit-Policy`, `RateLimit`, and `Retry-After` when denied.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, value) in self.gcra.headers(&self.decision, &self.policy) {
            dict.set_item(name, value)?;
        }
        Ok(dict)
    }

    fn __bool__(&self) -> bool {
        self.allowed
    }

    fn __repr__(&self) -> String {
        format!(
            "RateLimitResult(allowed={}, limit={}, remaining={}, retry_after_seconds={}, \
             reset_after_seconds={}{})",
            if self.allowed { "True" } else { "False" },
            self.limit,
            self.remaining,
            self.retry_after_seconds
                .map_or_else(|| "None".to_owned(), |s| s.to_string()),
            self.reset_after_seconds,
            if self.store_error {
                ", store_error=True"
            } else {
                ""
            },
        )
    }
}

struct State {
    memory: MemoryRateLimiter,
}

/// A limit and its in-memory state, for one process.
#[pyclass(frozen, module = "edgeward._native", name = "RateLimiterCore")]
pub(crate) struct RateLimiterCore {
    gcra: Gcra,
    policy: String,
    // Held only while the core decides (no Python code runs under it).
    state: Mutex<State>,
}

impl RateLimiterCore {
    fn lock(&self) -> MutexGuard<'_, State> {
        // The core does not panic, so the lock is never poisoned; if it were, each update is
        // a single map operation and the state is consistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn result(&self, decision: Decision, store_error: bool) -> RateLimitResult {
        RateLimitResult {
            allowed: decision.allowed,
            limit: decision.limit,
            remaining: decision.remaining,
            retry_after_seconds: decision.retry_after_seconds(),
            reset_after_seconds: decision.reset_after_seconds(),
            store_error,
            decision,
            gcra: self.gcra,
            policy: self.policy.clone(),
        }
    }
}

#[pymethods]
impl RateLimiterCore {
    #[new]
    #[pyo3(signature = (limit, period_seconds, burst = None, max_keys = None, policy = "default".to_owned()))]
    fn new(
        py: Python<'_>,
        limit: &Bound<'_, PyAny>,
        period_seconds: &Bound<'_, PyAny>,
        burst: Option<&Bound<'_, PyAny>>,
        max_keys: Option<&Bound<'_, PyAny>>,
        policy: String,
    ) -> PyResult<Self> {
        let limit = number(Some(limit), "limit")?.unwrap_or(f64::NAN);
        let period = number(Some(period_seconds), "period_seconds")?.unwrap_or(f64::NAN);
        let gcra = Gcra::new(limit, period, number(burst, "burst")?).map_err(core_error(py))?;
        let memory = MemoryRateLimiter::new(gcra, number(max_keys, "max_keys")?)
            .map_err(|e| match e {
                CoreError::RateLimitInvalidOptions { reason } => {
                    CoreError::RateLimitInvalidOptions {
                        reason: reason.replace("maxKeys", "max_keys"),
                    }
                }
                other => other,
            })
            .map_err(core_error(py))?;
        Ok(RateLimiterCore {
            gcra,
            policy,
            state: Mutex::new(State { memory }),
        })
    }

    /// Checks `key` in memory at `now` (Unix seconds; the system clock when `None`).
    #[pyo3(signature = (key, now = None, cost = None))]
    fn check(
        &self,
        py: Python<'_>,
        key: &str,
        now: Option<&Bound<'_, PyAny>>,
        cost: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<RateLimitResult> {
        let now = number(now, "now")?.unwrap_or_else(now_seconds);
        let now = micros_from_seconds(now).map_err(core_error(py))?;
        let cost = cost_from_f64(number(cost, "cost")?.unwrap_or(1.0)).map_err(core_error(py))?;
        let decision = self.lock().memory.check(key, now, cost);
        Ok(self.result(decision, false))
    }

    /// `(now_micros or -1, cost)`, checked, for an external store.
    #[pyo3(signature = (now = None, cost = None))]
    fn arguments(
        &self,
        py: Python<'_>,
        now: Option<&Bound<'_, PyAny>>,
        cost: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<(i64, u64)> {
        let now = match number(now, "now")? {
            Some(now) => {
                i64::try_from(micros_from_seconds(now).map_err(core_error(py))?).unwrap_or(i64::MAX)
            }
            None => -1,
        };
        let cost = cost_from_f64(number(cost, "cost")?.unwrap_or(1.0)).map_err(core_error(py))?;
        Ok((now, cost))
    }

    /// The result for a store's answer: an allowed check packed into an `int`
    /// ([`Decision::packed`]) or a `CL.THROTTLE` reply of five `int`s. Anything else (a
    /// `bool`, a float, a string, a packed number out of range) is a failed store, decided by
    /// `allow` (`on_store_error`), never read as a budget.
    fn result_from_store(&self, answer: &Bound<'_, PyAny>, allow: bool) -> RateLimitResult {
        let whole = |value: &Bound<'_, PyAny>| {
            (value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>())
                .then(|| value.extract::<i64>().ok())
                .flatten()
        };
        let is_sequence = answer.is_instance_of::<PyList>() || answer.is_instance_of::<PyTuple>();
        let decision = if is_sequence {
            // Five items, each a whole number (checked before iterating: any length may come).
            let items = (answer.len().ok() == Some(5))
                .then(|| answer.try_iter().ok())
                .flatten();
            let reply: Option<Vec<i64>> = items.and_then(|items| {
                items
                    .map(|item| item.ok().as_ref().and_then(whole))
                    .collect()
            });
            reply.map(|reply| Decision::from_cl_throttle_reply(reply.as_slice()))
        } else {
            whole(answer)
                .and_then(|n| u64::try_from(n).ok())
                .and_then(|n| self.gcra.unpack(n))
        };
        match decision {
            Some(decision) => self.result(decision, false),
            None => self.store_failed(allow),
        }
    }

    /// The result when the store failed: denied (retry after one second), or allowed with the
    /// whole budget, as `on_store_error` says.
    fn store_failed(&self, allow: bool) -> RateLimitResult {
        self.result(self.gcra.store_failed(allow), true)
    }

    /// Requests per period.
    #[getter]
    fn limit(&self) -> u64 {
        self.gcra.limit()
    }

    /// The most at once.
    #[getter]
    fn burst(&self) -> u64 {
        self.gcra.burst()
    }

    /// The period in seconds.
    #[getter]
    fn period_seconds(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let micros = self.gcra.period_micros() as f64;
        micros / 1e6
    }

    /// `period / limit` in microseconds (an argument of the Redis script).
    #[getter]
    fn emission_micros(&self) -> u64 {
        self.gcra.emission_micros()
    }

    /// `emission * burst` in microseconds (an argument of the Redis script).
    #[getter]
    fn tolerance_micros(&self) -> u64 {
        self.gcra.tolerance_micros()
    }

    /// Keys held in memory.
    #[getter]
    fn size(&self) -> usize {
        self.lock().memory.len()
    }

    /// The most keys held in memory.
    #[getter]
    fn max_keys(&self) -> usize {
        self.lock().memory.max_keys()
    }

    /// New keys refused because memory was full of live keys.
    #[getter]
    fn refused_full(&self) -> u64 {
        self.lock().memory.refused_full()
    }
}
