//! Rate limiting for JS: the object behind `RateLimiter` (`bindings-node/lib/ratelimit.js`).
//!
//! Results cross as a `CL.THROTTLE` reply, `[limited, limit, remaining, retryAfter (-1: not
//! applicable), resetAfter]` in whole seconds, the same five numbers the Redis Lua script and
//! the Durable Object answer, so the facade shapes every store's answer in one place. An array
//! of numbers is the cheapest result to build across Node-API and wasm-bindgen.

use crate::Result;
use core::time::Duration;
use edgeward_core::ratelimit::{
    Decision, Gcra, MemoryRateLimiter, cost_from_f64, micros_from_duration, micros_from_seconds,
};

/// The Redis Lua script of the core (`edgeward_core::ratelimit::REDIS_SCRIPT`).
pub fn redis_script() -> &'static str {
    edgeward_core::ratelimit::REDIS_SCRIPT
}

/// The error for invalid rate limiter options found by the JS facade (a wrong type).
pub fn options_error(reason: String) -> crate::Error {
    crate::Error::RateLimitInvalidOptions { reason }
}

/// A limit and its in-memory state (used when no external store is given).
#[derive(Debug)]
pub struct RateLimiterCore {
    gcra: Gcra,
    memory: MemoryRateLimiter,
}

/// A check's answer: an allowed one packed into a number, or the reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Packed {
    /// `remaining * 2^22 + resetAfterSeconds` of an allowed check.
    Allowed(f64),
    /// The `CL.THROTTLE` reply.
    Reply(Vec<f64>),
}

/// JS `undefined`/`null` cost means one request.
fn cost_of(cost: Option<f64>) -> Result<u64> {
    cost.map_or(Ok(1), cost_from_f64)
}

/// A u64 as a JS number (exact: every value here is below 2^53).
#[allow(clippy::cast_precision_loss)]
fn number(n: u64) -> f64 {
    n as f64
}

/// An allowed decision packed into one number ([`Decision::packed`]) when it fits; otherwise
/// the reply.
fn packed(decision: &Decision) -> Packed {
    match decision.packed() {
        Some(n) => Packed::Allowed(number(n)),
        None => Packed::Reply(reply(decision)),
    }
}

fn reply(decision: &Decision) -> Vec<f64> {
    #[allow(clippy::cast_precision_loss)]
    decision
        .cl_throttle_reply()
        .iter()
        .map(|n| *n as f64)
        .collect()
}

impl RateLimiterCore {
    /// `limit` per `period_seconds`, `burst` at once (default `limit`), at most `max_keys`
    /// keys in memory.
    pub fn new(
        limit: f64,
        period_seconds: f64,
        burst: Option<f64>,
        max_keys: Option<f64>,
    ) -> Result<Self> {
        let gcra = Gcra::new(limit, period_seconds, burst)?;
        let memory = MemoryRateLimiter::new(gcra, max_keys)?;
        Ok(RateLimiterCore { gcra, memory })
    }

    /// Checks `key` in memory at `now` (Unix seconds) for `cost` (default 1).
    pub fn check(&mut self, key: &str, now: f64, cost: Option<f64>) -> Result<Vec<f64>> {
        let now = micros_from_seconds(now)?;
        Ok(reply(&self.memory.check(key, now, cost_of(cost)?)))
    }

    /// [`RateLimiterCore::check`], with an allowed answer packed into one number,
    /// `remaining * 2^22 + resetAfter` (exact below 2^53), when it fits; otherwise the reply.
    /// One number is the cheapest value to create across Node-API (an array of five costs
    /// about five times as much as the whole decision).
    pub fn check_packed(&mut self, key: &str, now: f64, cost: Option<f64>) -> Result<Packed> {
        let now = micros_from_seconds(now)?;
        Ok(packed(&self.memory.check(key, now, cost_of(cost)?)))
    }

    /// `check(key)` without options, the common call, at the binding's clock reading: the
    /// time since the Unix epoch (`None`: the clock reads before 1970, an error). The Node
    /// addon reads the system clock itself, which saves passing `Date.now()` and two
    /// `undefined` arguments across Node-API on every check.
    ///
    /// The reading counts in whole milliseconds, as `Date.now()` does: a check at the default
    /// clock then never lands a fraction of a millisecond after a `now: Date.now() / 1000` check
    /// made just after it, and the WASM build (whose clock is `Date.now()`) decides the same.
    pub fn check_now(&mut self, key: &str, since_epoch: Option<Duration>) -> Result<Packed> {
        let since_epoch = since_epoch
            .ok_or_else(|| options_error("the system clock reads a time before 1970".to_owned()))?;
        let sub_millis = Duration::from_nanos(u64::from(since_epoch.subsec_nanos() % 1_000_000));
        let whole_millis = since_epoch.saturating_sub(sub_millis);
        let now = micros_from_duration(whole_millis)?;
        Ok(packed(&self.memory.check(key, now, 1)))
    }

    /// `check(key)` without options at `now_ms`, JS `Date.now()` (the WASM build, whose
    /// clock is JavaScript's).
    pub fn check_now_ms(&mut self, key: &str, now_ms: f64) -> Result<Packed> {
        self.check_packed(key, now_ms / 1000.0, None)
    }

    /// The pure decision for an external store's state: `tat` is the stored theoretical
    /// arrival time in microseconds (`None` for a fresh key). Answers the reply followed by
    /// the state to store (`-1`: leave it unchanged) and its time to live in milliseconds.
    pub fn decide(&self, tat: Option<f64>, now: f64, cost: Option<f64>) -> Result<Vec<f64>> {
        let now = micros_from_seconds(now)?;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let tat = tat.filter(|t| t.is_finite() && *t >= 0.0).map(|t| t as u64);
        let decision = self.gcra.decide(tat, now, cost_of(cost)?);
        let mut out = reply(&decision);
        match decision.new_tat {
            Some(new_tat) => {
                out.push(number(new_tat));
                out.push(number(decision.reset_after_micros.div_ceil(1000)));
            }
            None => out.extend([-1.0, -1.0]),
        }
        Ok(out)
    }

    /// Validates a check's `now` and `cost` for an external store: `[nowMicros, cost]`.
    pub fn arguments(now: Option<f64>, cost: Option<f64>) -> Result<Vec<f64>> {
        let now = match now {
            Some(now) => number(micros_from_seconds(now)?),
            None => -1.0,
        };
        Ok(vec![now, number(cost_of(cost)?)])
    }

    /// The response fields for a reply, flattened `[name, value, …]`.
    pub fn headers(&self, reply: &[f64], policy: &str) -> Vec<String> {
        let field = |i: usize| reply.get(i).copied().unwrap_or(0.0);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = |v: f64| {
            if v.is_finite() && v >= 0.0 {
                v as u64
            } else {
                0
            }
        };
        let retry = field(3);
        let decision = Decision {
            allowed: field(0) == 0.0,
            limit: whole(field(1)),
            remaining: whole(field(2)),
            retry_after_micros: (retry >= 0.0).then(|| whole(retry).saturating_mul(1_000_000)),
            reset_after_micros: whole(field(4)).saturating_mul(1_000_000),
            new_tat: None,
        };
        self.gcra
            .headers(&decision, policy)
            .into_iter()
            .flat_map(|(name, value)| [name.to_owned(), value])
            .collect()
    }

    /// The reply when the store failed, as `onStoreError` says (`allow` or deny).
    pub fn store_failed(&self, allow: bool) -> Vec<f64> {
        reply(&self.gcra.store_failed(allow))
    }

    /// Requests per period.
    pub fn limit(&self) -> f64 {
        number(self.gcra.limit())
    }

    /// The most at once.
    pub fn burst(&self) -> f64 {
        number(self.gcra.burst())
    }

    /// The period in seconds.
    pub fn period_seconds(&self) -> f64 {
        number(self.gcra.period_micros()) / 1e6
    }

    /// `period / limit` in microseconds (an argument of the Redis script).
    pub fn emission_micros(&self) -> f64 {
        number(self.gcra.emission_micros())
    }

    /// `emission * burst` in microseconds (an argument of the Redis script).
    pub fn tolerance_micros(&self) -> f64 {
        number(self.gcra.tolerance_micros())
    }

    /// Keys held in memory.
    pub fn size(&self) -> f64 {
        number(u64::try_from(self.memory.len()).unwrap_or(u64::MAX))
    }

    /// The most keys held in memory.
    pub fn max_keys(&self) -> f64 {
        number(u64::try_from(self.memory.max_keys()).unwrap_or(u64::MAX))
    }

    /// New keys refused because memory was full of live keys.
    pub fn refused_full(&self) -> f64 {
        number(self.memory.refused_full())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn limiter() -> RateLimiterCore {
        RateLimiterCore::new(3.0, 60.0, None, Some(10.0)).unwrap()
    }

    #[test]
    fn check_now_is_check_packed_at_the_given_time_with_cost_one() {
        let (mut now, mut packed) = (limiter(), limiter());
        // Sub-millisecond parts are dropped, as `Date.now()` drops them.
        let since_epoch = Duration::from_micros(1_700_000_000_250_999);
        for _ in 0..4 {
            assert_eq!(
                now.check_now("k", Some(since_epoch)).unwrap(),
                packed.check_packed("k", 1_700_000_000.25, None).unwrap()
            );
        }
        assert!(matches!(
            now.check_now("k", Some(since_epoch)),
            Ok(Packed::Reply(_))
        ));
        let mut ms = limiter();
        assert_eq!(
            ms.check_now_ms("k", 1_700_000_000_250.0).unwrap(),
            limiter().check_packed("k", 1_700_000_000.25, None).unwrap()
        );
    }

    #[test]
    fn the_clock_counts_whole_milliseconds_as_date_now_does() {
        // Two at once, one per minute: a check at the default clock 0.999 ms into a millisecond
        // and one at `Date.now() / 1000` of that millisecond are one instant, so the third
        // check is the one denied.
        let mut l = RateLimiterCore::new(1.0, 60.0, Some(2.0), None).unwrap();
        let clock = Some(Duration::from_micros(1_700_000_000_000_999));
        assert!(matches!(l.check_now("k", clock), Ok(Packed::Allowed(_))));
        assert!(matches!(
            l.check_packed("k", 1_700_000_000.0, None),
            Ok(Packed::Allowed(_))
        ));
        assert!(matches!(l.check_now("k", clock), Ok(Packed::Reply(_))));
    }

    #[test]
    fn a_clock_before_1970_or_past_2255_is_an_error_never_a_decision() {
        let mut l = limiter();
        for since_epoch in [None, Some(Duration::MAX)] {
            let error = l.check_now("k", since_epoch).unwrap_err();
            assert_eq!(error.code().as_str(), "RATE_LIMIT_INVALID_OPTIONS");
        }
        assert_eq!(l.size(), 0.0);
        assert!(l.check_now_ms("k", f64::NAN).is_err());
    }
}
