//! Rate limiting: `RateLimiterCore`, the object behind `RateLimiter` (`lib/ratelimit.js`).
//! A shim over `edgeward_js::ratelimit`: type conversion and error mapping only.

use crate::{Result, to_js};
use edgeward_js::ratelimit::{Packed, RateLimiterCore as Inner};
use napi::bindgen_prelude::Either;
use napi_derive::napi;
use std::time::{SystemTime, UNIX_EPOCH};

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

/// A limit and its in-memory state.
#[napi]
pub struct RateLimiterCore {
    inner: Inner,
}

#[napi]
impl RateLimiterCore {
    /// `limit` per `periodSeconds`, `burst` at once, at most `maxKeys` keys in memory.
    #[napi(constructor)]
    pub fn new(
        limit: f64,
        period_seconds: f64,
        burst: Option<f64>,
        max_keys: Option<f64>,
    ) -> Result<Self> {
        let inner = Inner::new(limit, period_seconds, burst, max_keys).map_err(to_js)?;
        Ok(RateLimiterCore { inner })
    }

    /// Checks `key` in memory: the `CL.THROTTLE` reply.
    #[napi]
    pub fn check(&mut self, key: String, now: f64, cost: Option<f64>) -> Result<Vec<f64>> {
        self.inner.check(&key, now, cost).map_err(to_js)
    }

    /// `check` with an allowed answer packed into one number (see `edgeward_js::ratelimit`).
    #[napi]
    pub fn check_packed(
        &mut self,
        key: String,
        now: f64,
        cost: Option<f64>,
    ) -> Result<Either<f64, Vec<f64>>> {
        match self.inner.check_packed(&key, now, cost).map_err(to_js)? {
            Packed::Allowed(n) => Ok(Either::A(n)),
            Packed::Reply(reply) => Ok(Either::B(reply)),
        }
    }

    /// `checkPacked(key)` at the system clock with cost 1: the facade's `check(key)`.
    #[napi]
    pub fn check_now(&mut self, key: String) -> Result<Either<f64, Vec<f64>>> {
        let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).ok();
        match self.inner.check_now(&key, since_epoch).map_err(to_js)? {
            Packed::Allowed(n) => Ok(Either::A(n)),
            Packed::Reply(reply) => Ok(Either::B(reply)),
        }
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

    /// Keys held in memory.
    #[napi(getter)]
    pub fn size(&self) -> f64 {
        self.inner.size()
    }

    /// The most keys held in memory.
    #[napi(getter)]
    pub fn max_keys(&self) -> f64 {
        self.inner.max_keys()
    }

    /// New keys refused because memory was full of live keys.
    #[napi(getter)]
    pub fn refused_full(&self) -> f64 {
        self.inner.refused_full()
    }
}
