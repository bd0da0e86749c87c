//! Rate limiting: `RateLimiterCore` and the in-memory state, the objects behind `RateLimiter`
//! (`lib/ratelimit.js`).
//! A shim over `edgeward_js::ratelimit`: type conversion and error mapping only.
//!
//! The in-memory state is an `External` taken as an argument by free functions, not a class:
//! a class method unwraps `this` (`napi_unwrap`), which costs about as much as the rest of a
//! check by handle together (`bench/node/ratelimit.mjs`).

use crate::{Result, to_js};
use edgeward_js::ratelimit::{MemoryLimiter, Packed, RateLimiterCore as Inner, options_error};
use napi::JsString;
use napi::bindgen_prelude::{Either, External};
use napi_derive::napi;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The Redis Lua script of the core.
#[napi]
pub fn rate_limit_redis_script() -> &'static str {
    edgeward_js::ratelimit::redis_script()
}

/// Throws RATE_LIMIT_INVALID_OPTIONS with `reason`.
#[napi]
pub fn rate_limit_options_error(reason: String) -> Result<()> {
    Err(to_js(edgeward_js::ratelimit::options_error(reason)))
}

/// A limit: parameters, the decision for external stores, response fields (the in-memory
/// state is `rateLimitMemory`).
#[napi]
pub struct RateLimiterCore {
    inner: Inner,
}

#[napi]
impl RateLimiterCore {
    /// `limit` per `periodSeconds`, `burst` at once.
    #[napi(constructor)]
    pub fn new(limit: f64, period_seconds: f64, burst: Option<f64>) -> Result<Self> {
        let inner = Inner::new(limit, period_seconds, burst).map_err(to_js)?;
        Ok(RateLimiterCore { inner })
    }

    /// The pure decision for a stored state (see `edgeward_js::ratelimit`).
    #[napi]
    pub fn decide(&self, tat: Option<f64>, now: f64, cost: Option<f64>) -> Result<Vec<f64>> {
        self.inner.decide(tat, now, cost).map_err(to_js)
    }

    /// `[nowMicros (-1: none), cost]`, checked.
    #[napi]
    pub fn check_arguments(now: Option<f64>, cost: Option<f64>) -> Result<Vec<f64>> {
        Inner::arguments(now, cost).map_err(to_js)
    }

    /// The response fields for a reply, flattened.
    #[napi]
    pub fn headers(&self, reply: Vec<f64>, policy: String) -> Vec<String> {
        self.inner.headers(&reply, &policy)
    }

    /// The reply when the store failed, as `onStoreError` says.
    #[napi]
    pub fn store_failed(&self, allow: bool) -> Vec<f64> {
        self.inner.store_failed(allow)
    }

    /// Requests per period.
    #[napi(getter)]
    pub fn limit(&self) -> f64 {
        self.inner.limit()
    }

    /// The most at once.
    #[napi(getter)]
    pub fn burst(&self) -> f64 {
        self.inner.burst()
    }

    /// The period in seconds.
    #[napi(getter)]
    pub fn period_seconds(&self) -> f64 {
        self.inner.period_seconds()
    }

    /// `period / limit` in microseconds.
    #[napi(getter)]
    pub fn emission_micros(&self) -> f64 {
        self.inner.emission_micros()
    }

    /// `emission * burst` in microseconds.
    #[napi(getter)]
    pub fn tolerance_micros(&self) -> f64 {
        self.inner.tolerance_micros()
    }
}

/// The answer of a check as JS gets it: an allowed one packed into a number, else the reply.
fn answer(packed: Packed) -> Either<f64, Vec<f64>> {
    match packed {
        Packed::Allowed(n) => Either::A(n),
        Packed::Reply(reply) => Either::B(reply),
    }
}

/// The system clock for a check by default (`None`: before 1970, an error in the check). Read
/// here rather than passed from JS: one argument less across Node-API on every check.
fn since_epoch() -> Option<Duration> {
    SystemTime::now().duration_since(UNIX_EPOCH).ok()
}

/// The in-memory state for `core`'s limit, at most `maxKeys` keys: an opaque value for the
/// functions below.
#[napi]
pub fn rate_limit_memory(
    core: &RateLimiterCore,
    max_keys: Option<f64>,
) -> Result<External<MemoryLimiter>> {
    let memory = MemoryLimiter::new(&core.inner, max_keys).map_err(to_js)?;
    Ok(External::new(memory))
}

/// Checks `key` in `memory` at `now` (Unix seconds) for `cost`: an allowed answer packed into
/// one number, else the `CL.THROTTLE` reply (see `edgeward_js::ratelimit`).
#[napi]
pub fn rate_limit_check(
    memory: &mut External<MemoryLimiter>,
    key: String,
    now: f64,
    cost: Option<f64>,
) -> Result<Either<f64, Vec<f64>>> {
    memory
        .check_packed(&key, now, cost)
        .map(answer)
        .map_err(to_js)
}

/// `rateLimitCheck(memory, key)` at the system clock with cost 1, the facade's `check(key)`:
/// by `handle` (the facade's cached handle of the key, `-1`: none) when it finds the key's
/// entry, else by `key`, read from JS only then (see `edgeward_js::ratelimit`). A negative
/// number is an allowed answer that gave the key a new handle (`rateLimitLastHandle`).
#[napi]
pub fn rate_limit_check_now(
    memory: &mut External<MemoryLimiter>,
    key: JsString,
    handle: f64,
) -> Result<Either<f64, Vec<f64>>> {
    let read_key = || {
        key.into_utf8()
            .and_then(|utf8| utf8.into_owned())
            .map_err(|_| options_error("key must be a string".to_owned()))
    };
    memory
        .check_now(handle, read_key, since_epoch())
        .map(answer)
        .map_err(to_js)
}

/// The handle the latest `rateLimitCheckNow` by key gave its key (`-1`: none).
#[napi]
pub fn rate_limit_last_handle(memory: &External<MemoryLimiter>) -> f64 {
    memory.last_handle()
}

/// `[keys held, most keys held, new keys refused because memory was full of live keys]`.
#[napi]
pub fn rate_limit_memory_stats(memory: &External<MemoryLimiter>) -> Vec<f64> {
    vec![memory.size(), memory.max_keys(), memory.refused_full()]
}
