//! Rate limiting for JS: the object behind `RateLimiter` (`bindings-node/lib/ratelimit.js`).
//!
//! Results cross as a `CL.THROTTLE` reply, `[limited, limit, remaining, retryAfter (-1: not
//! applicable), resetAfter]` in whole seconds, the same five numbers the Redis Lua script and
//! the Durable Object answer, so the facade shapes every store's answer in one place. An array
//! of numbers is the cheapest result to build across Node-API and wasm-bindgen.
//!
//! ## Handles
//! Passing the key is most of a check's cost across Node-API (reading a JS string into Rust
//! costs more than the whole decision), so the facade checks a key it has seen by its handle
//! ([`edgeward_core::ratelimit::Handle`]) packed into one number: `generation * 2^24 + slot`,
//! exact below 2^53. The core checks the handle's generation, so a stale or forged number
//! finds its own entry or nothing, never another key's state; nothing is decided in JS, which
//! only keeps a bounded key → number cache and goes back to the key when told
//! [`STALE_HANDLE`].

use crate::Result;
use core::time::Duration;
use edgeward_core::ratelimit::{
    Decision, Gcra, Handle, MemoryRateLimiter, cost_from_f64, micros_from_duration,
    micros_from_seconds,
};

/// The Redis Lua script of the core (`edgeward_core::ratelimit::REDIS_SCRIPT`).
pub fn redis_script() -> &'static str {
    edgeward_core::ratelimit::REDIS_SCRIPT
}

/// The error for invalid rate limiter options found by the JS facade (a wrong type).
pub fn options_error(reason: String) -> crate::Error {
    crate::Error::RateLimitInvalidOptions { reason }
}

/// A limit: its parameters, the pure decision for external stores, and the response fields.
#[derive(Debug)]
pub struct RateLimiterCore {
    gcra: Gcra,
}

/// A limit's in-memory state (used when no external store is given). Separate from
/// [`RateLimiterCore`] so that the Node addon can hand it to JS as an `External` that its
/// per-check functions take as an argument: a class method pays for unwrapping `this`
/// (`napi_unwrap`, about half the Node-API cost of a check), an `External` argument does not.
#[derive(Debug)]
pub struct MemoryLimiter {
    memory: MemoryRateLimiter,
    /// The packed handle of the key of the latest [`MemoryLimiter::check_now`] (`-1`: none).
    last_handle: f64,
}

/// The answer of [`MemoryLimiter::check_handle_now`] (as a number) for a handle that finds
/// no entry: nothing was checked, check by key.
pub const STALE_HANDLE: f64 = -1.0;

/// Bits of a packed handle's slot: slots stay below [`edgeward_core::ratelimit::MAX_MAX_KEYS`],
/// which is below 2^24.
const SLOT_BITS: u32 = 24;
/// Generations below 2^29 pack exactly (29 + 24 = 53 bits). A slot reused more often than
/// that (2^28 keys through it) issues no handle: its keys are checked by key, as correctly.
const GENERATION_LIMIT: u64 = 1 << 29;

/// `handle` packed into one number, `generation * 2^24 + slot`, or `-1` when it does not fit
/// (or there is none).
fn packed_handle(handle: Option<Handle>) -> f64 {
    match handle {
        Some(h) if h.slot() < (1 << SLOT_BITS) && h.generation() < GENERATION_LIMIT => {
            number((h.generation() << SLOT_BITS) | u64::from(h.slot()))
        }
        _ => -1.0,
    }
}

/// The handle packed in `n`; `None` when `n` is not a packed handle at all (any other number
/// is a handle that finds nothing unless the core issued it).
fn unpacked_handle(n: f64) -> Option<Handle> {
    #[allow(clippy::cast_precision_loss)]
    let in_range = n >= 0.0 && n < (1u64 << 53) as f64 && n.fract() == 0.0;
    if !in_range {
        return None;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let bits = n as u64; // exact: a whole number in [0, 2^53)
    let slot = u32::try_from(bits & ((1 << SLOT_BITS) - 1)).ok()?;
    Some(Handle::from_parts(slot, bits >> SLOT_BITS))
}

/// Microseconds since the epoch of a clock reading, counted in whole milliseconds (see
/// [`MemoryLimiter::check_now`]).
fn clock_micros(since_epoch: Option<Duration>) -> Result<u64> {
    let since_epoch = since_epoch
        .ok_or_else(|| options_error("the system clock reads a time before 1970".to_owned()))?;
    let sub_millis = Duration::from_nanos(u64::from(since_epoch.subsec_nanos() % 1_000_000));
    Ok(micros_from_duration(
        since_epoch.saturating_sub(sub_millis),
    )?)
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

/// An allowed decision packed into one number, `remaining * 2^22 + resetAfter` (exact below
/// 2^53), when it fits; otherwise the reply.
fn packed(decision: &Decision) -> Packed {
    let reset = decision.reset_after_seconds();
    if decision.allowed && decision.remaining < (1 << 30) && reset < (1 << 22) {
        return Packed::Allowed(number((decision.remaining << 22) | reset));
    }
    Packed::Reply(reply(decision))
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
    /// `limit` per `period_seconds`, `burst` at once (default `limit`).
    pub fn new(limit: f64, period_seconds: f64, burst: Option<f64>) -> Result<Self> {
        let gcra = Gcra::new(limit, period_seconds, burst)?;
        Ok(RateLimiterCore { gcra })
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
}

impl MemoryLimiter {
    /// The in-memory state for `core`'s limit, holding at most `max_keys` keys.
    pub fn new(core: &RateLimiterCore, max_keys: Option<f64>) -> Result<Self> {
        Ok(MemoryLimiter {
            memory: MemoryRateLimiter::new(core.gcra, max_keys)?,
            last_handle: -1.0,
        })
    }

    /// Checks `key` in memory at `now` (Unix seconds) for `cost` (default 1), with an allowed
    /// answer packed into one number, `remaining * 2^22 + resetAfter` (exact below 2^53),
    /// when it fits; otherwise the reply.
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
        self.last_handle = -1.0;
        let now = clock_micros(since_epoch)?;
        Ok(self.check_now_at(key, now))
    }

    /// `check(key)` without options at `now_ms`, JS `Date.now()` (the WASM build, whose
    /// clock is JavaScript's).
    pub fn check_now_ms(&mut self, key: &str, now_ms: f64) -> Result<Packed> {
        self.last_handle = -1.0;
        let now = micros_from_seconds(now_ms / 1000.0)?;
        Ok(self.check_now_at(key, now))
    }

    /// Checks `key` at `now` for cost 1 and keeps its handle for [`MemoryLimiter::last_handle`].
    fn check_now_at(&mut self, key: &str, now: u64) -> Packed {
        let (decision, handle) = self.memory.check_keyed(key, now, 1);
        self.last_handle = packed_handle(handle);
        packed(&decision)
    }

    /// The packed handle of the key of the latest `check_now` or `check_now_ms`, for
    /// [`MemoryLimiter::check_handle_now`]; `-1` when that key is not held (denied when
    /// new, refused) or the check failed.
    pub fn last_handle(&self) -> f64 {
        self.last_handle
    }

    /// [`MemoryLimiter::check_now`] of the key whose packed handle is `handle`, without the
    /// key; `None` ([`STALE_HANDLE`] across the boundary) when the handle finds no entry:
    /// nothing was checked, and the caller checks by key.
    pub fn check_handle_now(
        &mut self,
        handle: f64,
        since_epoch: Option<Duration>,
    ) -> Result<Option<Packed>> {
        let now = clock_micros(since_epoch)?;
        Ok(self.check_handle_at(handle, now))
    }

    /// [`MemoryLimiter::check_handle_now`] at `now_ms`, JS `Date.now()` (the WASM build).
    pub fn check_handle_now_ms(&mut self, handle: f64, now_ms: f64) -> Result<Option<Packed>> {
        let now = micros_from_seconds(now_ms / 1000.0)?;
        Ok(self.check_handle_at(handle, now))
    }

    fn check_handle_at(&mut self, handle: f64, now: u64) -> Option<Packed> {
        let decision = self.memory.check_handle(unpacked_handle(handle)?, now, 1)?;
        Some(packed(&decision))
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

    fn limiter() -> MemoryLimiter {
        memory(3.0, 60.0, None, Some(10.0))
    }

    fn memory(limit: f64, period: f64, burst: Option<f64>, max_keys: Option<f64>) -> MemoryLimiter {
        MemoryLimiter::new(
            &RateLimiterCore::new(limit, period, burst).unwrap(),
            max_keys,
        )
        .unwrap()
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
        let mut l = memory(1.0, 60.0, Some(2.0), None);
        let clock = Some(Duration::from_micros(1_700_000_000_000_999));
        assert!(matches!(l.check_now("k", clock), Ok(Packed::Allowed(_))));
        assert!(matches!(
            l.check_packed("k", 1_700_000_000.0, None),
            Ok(Packed::Allowed(_))
        ));
        let handle = l.last_handle();
        assert!(matches!(
            l.check_handle_now(handle, clock),
            Ok(Some(Packed::Reply(_)))
        ));
    }

    #[test]
    fn a_clock_before_1970_or_past_2255_is_an_error_never_a_decision() {
        let mut l = limiter();
        for since_epoch in [None, Some(Duration::MAX)] {
            let error = l.check_now("k", since_epoch).unwrap_err();
            assert_eq!(error.code().as_str(), "RATE_LIMIT_INVALID_OPTIONS");
            assert_eq!(l.last_handle(), -1.0);
        }
        assert_eq!(l.size(), 0.0);
        assert!(l.check_now_ms("k", f64::NAN).is_err());
        let clock = Some(Duration::from_secs(1_700_000_000));
        l.check_now("k", clock).unwrap();
        let handle = l.last_handle();
        for since_epoch in [None, Some(Duration::MAX)] {
            let error = l.check_handle_now(handle, since_epoch).unwrap_err();
            assert_eq!(error.code().as_str(), "RATE_LIMIT_INVALID_OPTIONS");
        }
        assert!(l.check_handle_now_ms(handle, f64::INFINITY).is_err());
        // The failed checks took nothing: two of three left.
        assert_eq!(
            l.check_handle_now(handle, clock).unwrap(),
            Some(Packed::Allowed(number((1 << 22) | 40)))
        );
    }

    #[test]
    fn handles_pack_exactly_and_anything_else_finds_nothing() {
        for (slot, generation) in [(0, 1), (5, 7), ((1 << 24) - 1, GENERATION_LIMIT - 1)] {
            let handle = Handle::from_parts(slot, generation);
            let n = packed_handle(Some(handle));
            assert!(n >= 0.0 && n < 2f64.powi(53));
            assert_eq!(unpacked_handle(n), Some(handle));
        }
        // Past 53 bits: no handle (checked by key instead), never a rounded one.
        for (slot, generation) in [(1 << 24, 1), (0, GENERATION_LIMIT + 1)] {
            assert_eq!(
                packed_handle(Some(Handle::from_parts(slot, generation))),
                -1.0
            );
        }
        assert_eq!(packed_handle(None), -1.0);
        for junk in [
            -1.0,
            -0.5,
            0.5,
            f64::NAN,
            f64::INFINITY,
            -f64::INFINITY,
            2f64.powi(53),
            1e300,
        ] {
            assert_eq!(unpacked_handle(junk), None, "{junk}");
        }
        // A forged or stale number is a handle that finds nothing: never another key's state.
        let mut l = limiter();
        let clock = Some(Duration::from_secs(1_700_000_000));
        l.check_now("a", clock).unwrap();
        let a = l.last_handle();
        for forged in [
            a + 1.0,
            a + 2f64.powi(24),
            a - 1.0,
            0.0,
            -1.0,
            0.5,
            f64::NAN,
            2f64.powi(53),
        ] {
            assert_eq!(l.check_handle_now(forged, clock).unwrap(), None, "{forged}");
        }
        assert_eq!(l.size(), 1.0);
    }

    #[test]
    fn a_reclaimed_key_s_handle_is_stale_even_when_its_slot_holds_another_key() {
        // One key at a time: "a" drains after a second, and "b" takes its slot.
        let mut l = memory(1.0, 1.0, None, Some(1.0));
        let t = 1_700_000_000_000.0;
        assert!(matches!(l.check_now_ms("a", t), Ok(Packed::Allowed(_))));
        let a = l.last_handle();
        assert!(a >= 0.0);
        assert!(matches!(
            l.check_now_ms("b", t + 1000.0),
            Ok(Packed::Allowed(_))
        ));
        let b = l.last_handle();
        assert_ne!(a, b);
        assert_eq!(a % 2f64.powi(24), b % 2f64.powi(24), "the same slot");
        // "a"'s handle must not spend "b"'s budget: stale, and nothing changed.
        assert_eq!(l.check_handle_now_ms(a, t + 1000.0).unwrap(), None);
        assert!(matches!(
            l.check_handle_now_ms(b, t + 1000.0),
            Ok(Some(Packed::Reply(_)))
        ));
        // By name, "a" is new again: refused (memory full of the live "b"), no handle.
        assert!(matches!(
            l.check_now_ms("a", t + 1000.0),
            Ok(Packed::Reply(_))
        ));
        assert_eq!(l.last_handle(), -1.0);
        assert_eq!(l.refused_full(), 1.0);
    }

    #[test]
    fn the_handle_path_answers_as_the_key_path_on_a_random_sequence() {
        // Two limiters fed the same checks, one by key only, one by handle whenever it has
        // one (as the facade does); few keys and few places, so slots churn.
        let (mut by_key, mut by_handle) = (
            memory(3.0, 2.0, None, Some(4.0)),
            memory(3.0, 2.0, None, Some(4.0)),
        );
        let mut handles = [-1.0; 8];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut t = 1_700_000_000_000.0;
        let (mut hits, mut stale) = (0, 0);
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let key = usize::try_from(seed % 8).unwrap();
            t += f64::from(u32::try_from((seed >> 8) % 400).unwrap());
            let name = format!("key-{key}");
            let expected = by_key.check_now_ms(&name, t).unwrap();
            let handle = handles.get(key).copied().unwrap();
            let answer = match by_handle.check_handle_now_ms(handle, t).unwrap() {
                Some(answer) => {
                    hits += 1;
                    answer
                }
                None => {
                    stale += usize::from(handle >= 0.0);
                    let answer = by_handle.check_now_ms(&name, t).unwrap();
                    if let Some(h) = handles.get_mut(key) {
                        *h = by_handle.last_handle();
                    }
                    answer
                }
            };
            assert_eq!(answer, expected);
            assert_eq!(by_handle.size(), by_key.size());
            assert_eq!(by_handle.refused_full(), by_key.refused_full());
        }
        assert!(
            hits > 1000 && stale > 100,
            "both paths ran: {hits} hits, {stale} stale"
        );
    }
}
