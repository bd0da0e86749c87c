//! Rate limiting: `RateLimiterCore` and the in-memory state, the objects behind `RateLimiter`
//! (the npm package's `lib/ratelimit.js`).
//! A shim over `edgeward_js::ratelimit`: type conversion and error mapping only. The in-memory
//! state is checked through free functions taking it, the same JS names as the Node addon's
//! (where that saves unwrapping a class instance on every check).

use crate::to_js;
use edgeward_js::ratelimit::{MemoryLimiter, Packed, RateLimiterCore as Inner, options_error};
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

/// A limit: parameters, the decision for external stores, response fields (the in-memory
/// state is `rateLimitMemory`).
#[wasm_bindgen]
pub struct RateLimiterCore {
    inner: Inner,
}

#[wasm_bindgen]
impl RateLimiterCore {
    /// `limit` per `periodSeconds`, `burst` at once.
    #[wasm_bindgen(constructor)]
    pub fn new(limit: f64, period_seconds: f64, burst: Option<f64>) -> Result<Self, JsValue> {
        let inner = Inner::new(limit, period_seconds, burst).map_err(to_js)?;
        Ok(RateLimiterCore { inner })
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
}

/// The answer of a check as JS gets it: an allowed one packed into a number, else the reply.
fn answer(packed: Packed) -> JsValue {
    match packed {
        Packed::Allowed(n) => JsValue::from_f64(n),
        Packed::Reply(reply) => js_sys::Float64Array::from(reply.as_slice()).into(),
    }
}

/// A limit's in-memory state: an opaque value for the functions below.
#[wasm_bindgen]
pub struct RateLimitMemory {
    inner: MemoryLimiter,
}

/// The in-memory state for `core`'s limit, at most `maxKeys` keys.
#[wasm_bindgen(js_name = rateLimitMemory)]
pub fn rate_limit_memory(
    core: &RateLimiterCore,
    max_keys: Option<f64>,
) -> Result<RateLimitMemory, JsValue> {
    let inner = MemoryLimiter::new(&core.inner, max_keys).map_err(to_js)?;
    Ok(RateLimitMemory { inner })
}

/// Checks `key` in `memory` at `now` (Unix seconds) for `cost`: an allowed answer packed into
/// one number, else the `CL.THROTTLE` reply (see `edgeward_js::ratelimit`).
#[wasm_bindgen(js_name = rateLimitCheck)]
pub fn rate_limit_check(
    memory: &mut RateLimitMemory,
    key: &str,
    now: f64,
    cost: Option<f64>,
) -> Result<JsValue, JsValue> {
    memory
        .inner
        .check_packed(key, now, cost)
        .map(answer)
        .map_err(to_js)
}

/// `rateLimitCheck(memory, key)` at JavaScript's clock (`Date.now()`) with cost 1, the
/// facade's `check(key)`: by `handle` (the facade's cached handle of the key, `-1`: none) when
/// it finds the key's entry, else by `key`, copied into WASM memory only then (see
/// `edgeward_js::ratelimit`). A negative number is an allowed answer that gave the key a new
/// handle (`rateLimitLastHandle`).
#[wasm_bindgen(js_name = rateLimitCheckNow)]
pub fn rate_limit_check_now(
    memory: &mut RateLimitMemory,
    key: &JsValue,
    handle: f64,
) -> Result<JsValue, JsValue> {
    let read_key = || {
        key.as_string()
            .ok_or_else(|| options_error("key must be a string".to_owned()))
    };
    memory
        .inner
        .check_now_ms(handle, read_key, js_sys::Date::now())
        .map(answer)
        .map_err(to_js)
}

/// The handle the latest `rateLimitCheckNow` by key gave its key (`-1`: none).
#[wasm_bindgen(js_name = rateLimitLastHandle)]
pub fn rate_limit_last_handle(memory: &RateLimitMemory) -> f64 {
    memory.inner.last_handle()
}

/// `[keys held, most keys held, new keys refused because memory was full of live keys]`.
#[wasm_bindgen(js_name = rateLimitMemoryStats)]
pub fn rate_limit_memory_stats(memory: &RateLimitMemory) -> Vec<f64> {
    vec![
        memory.inner.size(),
        memory.inner.max_keys(),
        memory.inner.refused_full(),
    ]
}
