//! Rate limiting: `RateLimiterCore`, the object behind `RateLimiter` (the npm package's
//! `lib/ratelimit.js`).
//! A shim over `edgeward_js::ratelimit`: type conversion and error mapping only.

use crate::to_js;
use edgeward_js::ratelimit::{Packed, RateLimiterCore as Inner};
use wasm_bindgen::prelude::*;

/// The Redis Lua script of the core.
#[wasm_bindgen(js_name = rateLimitRedisScript)]
pub fn rate_limit_redis_script() -> String {
    edgeward_js::ratelimit::redis_script().to_owned()
}

/// Throws RATE_LIMIT_INVALID_OPTIONS with `reason`.
#[wasm_bindgen(js_name = rateLimitOptionsError)]
pub fn rate_limit_options_error(reason: String) -> Result<(), JsValue> {
    Err(to_js(edgeward_js::ratelimit::options_error(reason)))
}

/// A limit and its in-memory state.
#[wasm_bindgen]
pub struct RateLimiterCore {
    inner: Inner,
}

#[wasm_bindgen]
impl RateLimiterCore {
    /// `limit` per `periodSeconds`, `burst` at once, at most `maxKeys` keys in memory.
    #[wasm_bindgen(constructor)]
    pub fn new(
        limit: f64,
        period_seconds: f64,
        burst: Option<f64>,
        max_keys: Option<f64>,
    ) -> Result<Self, JsValue> {
        let inner = Inner::new(limit, period_seconds, burst, max_keys).map_err(to_js)?;
        Ok(RateLimiterCore { inner })
    }

    /// Checks `key` in memory: the `CL.THROTTLE` reply.
    #[wasm_bindgen]
    pub fn check(&mut self, key: &str, now: f64, cost: Option<f64>) -> Result<Vec<f64>, JsValue> {
        self.inner.check(key, now, cost).map_err(to_js)
    }

    /// `check` with an allowed answer packed into one number (see `edgeward_js::ratelimit`).
    #[wasm_bindgen(js_name = checkPacked)]
    pub fn check_packed(
        &mut self,
        key: &str,
        now: f64,
        cost: Option<f64>,
    ) -> Result<JsValue, JsValue> {
        match self.inner.check_packed(key, now, cost).map_err(to_js)? {
            Packed::Allowed(n) => Ok(JsValue::from_f64(n)),
            Packed::Reply(reply) => Ok(js_sys::Float64Array::from(reply.as_slice()).into()),
        }
    }

    /// `checkPacked(key)` at JavaScript's clock (`Date.now()`) with cost 1: the facade's
    /// `check(key)`.
    #[wasm_bindgen(js_name = checkNow)]
    pub fn check_now(&mut self, key: &str) -> Result<JsValue, JsValue> {
        match self
            .inner
            .check_now_ms(key, js_sys::Date::now())
            .map_err(to_js)?
        {
            Packed::Allowed(n) => Ok(JsValue::from_f64(n)),
            Packed::Reply(reply) => Ok(js_sys::Float64Array::from(reply.as_slice()).into()),
        }
    }

    /// The pure decision for a stored state (see `edgeward_js::ratelimit`).
    #[wasm_bindgen]
    pub fn decide(
        &self,
        tat: Option<f64>,
        now: f64,
        cost: Option<f64>,
    ) -> Result<Vec<f64>, JsValue> {
        self.inner.decide(tat, now, cost).map_err(to_js)
    }

    /// `[nowMicros (-1: none), cost]`, checked.
    #[wasm_bindgen(js_name = checkArguments)]
    pub fn check_arguments(now: Option<f64>, cost: Option<f64>) -> Result<Vec<f64>, JsValue> {
        Inner::arguments(now, cost).map_err(to_js)
    }

    /// The response fields for a reply, flattened.
    #[wasm_bindgen]
    pub fn headers(&self, reply: &[f64], policy: &str) -> Vec<String> {
        self.inner.headers(reply, policy)
    }

    /// The reply when the store failed, as `onStoreError` says.
    #[wasm_bindgen(js_name = storeFailed)]
    pub fn store_failed(&self, allow: bool) -> Vec<f64> {
        self.inner.store_failed(allow)
    }

    /// Requests per period.
    #[wasm_bindgen(getter)]
    pub fn limit(&self) -> f64 {
        self.inner.limit()
    }

    /// The most at once.
    #[wasm_bindgen(getter)]
    pub fn burst(&self) -> f64 {
        self.inner.burst()
    }

    /// The period in seconds.
    #[wasm_bindgen(getter, js_name = periodSeconds)]
    pub fn period_seconds(&self) -> f64 {
        self.inner.period_seconds()
    }

    /// `period / limit` in microseconds.
    #[wasm_bindgen(getter, js_name = emissionMicros)]
    pub fn emission_micros(&self) -> f64 {
        self.inner.emission_micros()
    }

    /// `emission * burst` in microseconds.
    #[wasm_bindgen(getter, js_name = toleranceMicros)]
    pub fn tolerance_micros(&self) -> f64 {
        self.inner.tolerance_micros()
    }

    /// Keys held in memory.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> f64 {
        self.inner.size()
    }

    /// The most keys held in memory.
    #[wasm_bindgen(getter, js_name = maxKeys)]
    pub fn max_keys(&self) -> f64 {
        self.inner.max_keys()
    }

    /// New keys refused because memory was full of live keys.
    #[wasm_bindgen(getter, js_name = refusedFull)]
    pub fn refused_full(&self) -> f64 {
        self.inner.refused_full()
    }
}
