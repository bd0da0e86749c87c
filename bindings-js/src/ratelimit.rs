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
//! finds its own entry or nothing, never another key's state, and the key is then read and
//! checked by name in the same call ([`MemoryLimiter::check_now`]). Nothing is decided in JS,
//! which only keeps a bounded key → number cache.

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
    micros_from_duration(since_epoch.saturating_sub(sub_millis))
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
    ///
    /// The key is checked by `handle` (the packed handle the facade keeps for it; `-1`: none)
    /// when that finds its entry, else by the key itself, which `key` reads only then: reading
    /// a JS string costs more than the whole check by handle. An allowed check by key that gave
    /// the key a handle answers its packed number negated, `-packed - 1`: "take the new handle
    /// from [`MemoryLimiter::last_handle`]".
    pub fn check_now<K: AsRef<str>>(
        &mut self,
        handle: f64,
        key: impl FnOnce() -> Result<K>,
        since_epoch: Option<Duration>,
    ) -> Result<Packed> {
        self.last_handle = -1.0;
        let now = clock_micros(since_epoch)?;
        self.check_now_at(handle, key, now)
    }

    /// [`MemoryLimiter::check_now`] at `now_ms`, JS `Date.now()` (the WASM build, whose clock
    /// is JavaScript's).
    pub fn check_now_ms<K: AsRef<str>>(
        &mut self,
        handle: f64,
        key: impl FnOnce() -> Result<K>,
        now_ms: f64,
    ) -> Result<Packed> {
        self.last_handle = -1.0;
        let now = micros_from_seconds(now_ms / 1000.0)?;
        self.check_now_at(handle, key, now)
    }

    fn check_now_at<K: AsRef<str>>(
        &mut self,
        handle: f64,
        key: impl FnOnce() -> Result<K>,
        now: u64,
    ) -> Result<Packed> {
        let by_handle = unpacked_handle(handle).and_then(|h| self.memory.check_handle(h, now, 1));
        if let Some(decision) = by_handle {
            return Ok(packed(&decision));
        }
        // No handle, or a stale one (its entry was reclaimed): by the key.
        let key = key()?;
        let (decision, handle) = self.memory.check_keyed(key.as_ref(), now, 1);
        self.last_handle = packed_handle(handle);
        Ok(match packed(&decision) {
            Packed::Allowed(n) if self.last_handle >= 0.0 => Packed::Allowed(-n - 1.0),
            answer => answer,
        })
    }

    /// The packed handle the latest [`MemoryLimiter::check_now`] by key gave its key; `-1`
    /// when that key is not held (denied when new, refused), it has no handle that packs, or
    /// the check failed.
    pub fn last_handle(&self) -> f64 {
        self.last_handle
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
#[allow(clippy::unwrap_used, clippy::panic)]
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

    /// `check_now` without a handle, its answer as `check_packed` gives it (a new handle's
    /// negation undone).
    fn by_key(l: &mut MemoryLimiter, key: &str, clock: Option<Duration>) -> Result<Packed> {
        l.check_now(-1.0, || Ok(key), clock).map(plain)
    }

    fn plain(answer: Packed) -> Packed {
        match answer {
            Packed::Allowed(n) if n < 0.0 => Packed::Allowed(-n - 1.0),
            answer => answer,
        }
    }

    /// A key reader for a check that must go by handle.
    fn unread() -> Result<&'static str> {
        panic!("the key was read although the handle finds its entry")
    }

    #[test]
    fn check_now_is_check_packed_at_the_given_time_with_cost_one() {
        let (mut now, mut packed) = (limiter(), limiter());
        // Sub-millisecond parts are dropped, as `Date.now()` drops them.
        let since_epoch = Duration::from_micros(1_700_000_000_250_999);
        for _ in 0..4 {
            assert_eq!(
                by_key(&mut now, "k", Some(since_epoch)).unwrap(),
                packed.check_packed("k", 1_700_000_000.25, None).unwrap()
            );
        }
        assert!(matches!(
            by_key(&mut now, "k", Some(since_epoch)),
            Ok(Packed::Reply(_))
        ));
        let mut ms = limiter();
        assert_eq!(
            plain(
                ms.check_now_ms(-1.0, || Ok("k"), 1_700_000_000_250.0)
                    .unwrap()
            ),
            limiter().check_packed("k", 1_700_000_000.25, None).unwrap()
        );
    }

    #[test]
    fn a_check_by_key_that_gives_a_handle_says_so_and_one_by_handle_reads_no_key() {
        let mut l = memory(4.0, 60.0, None, Some(10.0));
        let clock = Some(Duration::from_secs(1_700_000_000));
        // A new key: allowed, no handle (only a key checked again while held gets one).
        assert_eq!(
            l.check_now(-1.0, || Ok("k"), clock).unwrap(),
            Packed::Allowed(number((3 << 22) | 15))
        );
        assert_eq!(l.last_handle(), -1.0);
        // Again: allowed, and "k" has a handle now: the packed answer negated.
        let Packed::Allowed(second) = l.check_now(-1.0, || Ok("k"), clock).unwrap() else {
            panic!("allowed")
        };
        assert_eq!(-second - 1.0, number((2 << 22) | 30));
        let handle = l.last_handle();
        assert!(handle >= 0.0);
        // By handle: the key is not read, and the answer is the plain packed number.
        assert_eq!(
            l.check_now(handle, unread, clock).unwrap(),
            Packed::Allowed(number((1 << 22) | 45))
        );
        // A check that fails reads no key either.
        let failed = l.check_now(handle, unread, None).unwrap_err();
        assert_eq!(failed.code().as_str(), "RATE_LIMIT_INVALID_OPTIONS");
        // A key that cannot be read is the reader's error, and nothing was checked.
        let unreadable = l.check_now(
            -1.0,
            || Err::<&str, _>(options_error("key must be a string".to_owned())),
            clock,
        );
        assert_eq!(
            unreadable.unwrap_err().code().as_str(),
            "RATE_LIMIT_INVALID_OPTIONS"
        );
        assert_eq!(l.size(), 1.0);
        // Denied: the reply, whichever way.
        assert!(matches!(
            l.check_now(handle, unread, clock),
            Ok(Packed::Allowed(_))
        ));
        assert!(matches!(
            l.check_now(handle, unread, clock),
            Ok(Packed::Reply(_))
        ));
        assert!(matches!(
            l.check_now(-1.0, || Ok("k"), clock),
            Ok(Packed::Reply(_))
        ));
    }

    #[test]
    fn the_clock_counts_whole_milliseconds_as_date_now_does() {
        // Two at once, one per minute: a check at the default clock 0.999 ms into a millisecond
        // and one at `Date.now() / 1000` of that millisecond are one instant, so the third
        // check is the one denied.
        let mut l = memory(1.0, 60.0, Some(2.0), None);
        let clock = Some(Duration::from_micros(1_700_000_000_000_999));
        assert!(matches!(by_key(&mut l, "k", clock), Ok(Packed::Allowed(_))));
        assert!(matches!(
            l.check_packed("k", 1_700_000_000.0, None),
            Ok(Packed::Allowed(_))
        ));
        assert!(matches!(by_key(&mut l, "k", clock), Ok(Packed::Reply(_))));
    }

    #[test]
    fn a_clock_before_1970_or_past_2255_is_an_error_never_a_decision() {
        let mut l = limiter();
        for since_epoch in [None, Some(Duration::MAX)] {
            let error = by_key(&mut l, "k", since_epoch).unwrap_err();
            assert_eq!(error.code().as_str(), "RATE_LIMIT_INVALID_OPTIONS");
            assert_eq!(l.last_handle(), -1.0);
        }
        assert_eq!(l.size(), 0.0);
        assert!(l.check_now_ms(-1.0, || Ok("k"), f64::NAN).is_err());
        let clock = Some(Duration::from_secs(1_700_000_000));
        by_key(&mut l, "k", clock).unwrap();
        by_key(&mut l, "k", clock).unwrap();
        let handle = l.last_handle();
        for since_epoch in [None, Some(Duration::MAX)] {
            let error = l.check_now(handle, unread, since_epoch).unwrap_err();
            assert_eq!(error.code().as_str(), "RATE_LIMIT_INVALID_OPTIONS");
        }
        assert!(l.check_now_ms(handle, unread, f64::INFINITY).is_err());
        // The failed checks took nothing: one of three left.
        assert_eq!(
            l.check_now(handle, unread, clock).unwrap(),
            Packed::Allowed(number(60))
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
        // A forged or stale number is a handle that finds nothing, never another key's state:
        // the check goes by the key given.
        let mut l = limiter();
        let clock = Some(Duration::from_secs(1_700_000_000));
        by_key(&mut l, "a", clock).unwrap();
        by_key(&mut l, "a", clock).unwrap();
        let a = l.last_handle();
        for (i, forged) in [
            a + 1.0,
            a + 2f64.powi(24),
            a - 1.0,
            0.0,
            -1.0,
            0.5,
            f64::NAN,
            2f64.powi(53),
        ]
        .into_iter()
        .enumerate()
        {
            let key = format!("other-{i}");
            let answer = plain(l.check_now(forged, || Ok(key.as_str()), clock).unwrap());
            assert_eq!(answer, Packed::Allowed(number((2 << 22) | 20)), "{forged}");
        }
        assert_eq!(l.size(), 9.0);
        // "a" itself was not touched: one of three left.
        assert_eq!(
            l.check_now(a, unread, clock).unwrap(),
            Packed::Allowed(number(60))
        );
    }

    #[test]
    fn a_reclaimed_key_s_handle_is_stale_even_when_its_slot_holds_another_key() {
        // One per second, two at once, room for two keys.
        let mut l = memory(1.0, 1.0, Some(2.0), Some(2.0));
        let t = 1_700_000_000_000.0;
        // "a" twice (its handle comes with the second check): drained two seconds later.
        by_key_ms(&mut l, "a", t);
        assert!(matches!(l.check_now_ms(-1.0, || Ok("a"), t), Ok(Packed::Allowed(n)) if n < 0.0));
        let a = l.last_handle();
        // At t + 2 s "a" is reclaimed for "b", into the same slot; "b" twice as well.
        by_key_ms(&mut l, "b", t + 2000.0);
        assert_eq!(l.size(), 1.0);
        assert!(
            matches!(l.check_now_ms(-1.0, || Ok("b"), t + 2000.0), Ok(Packed::Allowed(n)) if n < 0.0)
        );
        let b = l.last_handle();
        assert_ne!(a, b);
        assert_eq!(a % 2f64.powi(24), b % 2f64.powi(24), "the same slot");
        // "a"'s handle must not spend "b"'s budget (none left): "a" is checked by name, as a
        // new key with its full budget.
        let again = l.check_now_ms(a, || Ok("a"), t + 2000.0).unwrap();
        assert_eq!(again, Packed::Allowed(number((1 << 22) | 1)));
        assert_eq!(l.size(), 2.0);
        assert!(matches!(
            l.check_now_ms(b, unread, t + 2000.0),
            Ok(Packed::Reply(_))
        ));
    }

    fn by_key_ms(l: &mut MemoryLimiter, key: &str, now_ms: f64) -> Packed {
        plain(l.check_now_ms(-1.0, || Ok(key), now_ms).unwrap())
    }

    #[test]
    fn the_handle_path_answers_as_the_key_path_on_a_random_sequence() {
        // Two limiters fed the same checks, one by key only, one by handle whenever it has
        // one (as the facade does); few keys and few places, so slots churn.
        let (mut by_name, mut by_handle) = (
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
            let expected = plain(by_name.check_now_ms(-1.0, || Ok(name.as_str()), t).unwrap());
            let handle = handles.get(key).copied().unwrap();
            let mut read = false;
            let answer = by_handle
                .check_now_ms(
                    handle,
                    || {
                        read = true;
                        Ok(name.as_str())
                    },
                    t,
                )
                .unwrap();
            if read {
                stale += usize::from(handle >= 0.0);
            } else {
                hits += 1;
            }
            if matches!(answer, Packed::Allowed(n) if n < 0.0) {
                *handles.get_mut(key).unwrap() = by_handle.last_handle();
            }
            assert_eq!(plain(answer), expected);
            assert_eq!(by_handle.size(), by_name.size());
            assert_eq!(by_handle.refused_full(), by_name.refused_full());
        }
        assert!(
            hits > 1000 && stale > 100,
            "both paths ran: {hits} hits, {stale} stale"
        );
    }
}
