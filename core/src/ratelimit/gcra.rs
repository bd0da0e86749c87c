//! GCRA, the pure decision. See the [module documentation](super).

use crate::error::Error;

/// Largest accepted `limit` (requests per period).
pub const MAX_LIMIT: u64 = 1_000_000_000;
/// Largest accepted `burst`.
pub const MAX_BURST: u64 = 1_000_000_000;
/// Largest accepted cost of one check.
pub const MAX_COST: u64 = 1_000_000_000;
/// Longest accepted period: one year.
pub const MAX_PERIOD_SECONDS: u64 = 366 * 24 * 3600;

const MICROS: u64 = 1_000_000;
/// Bits of `reset_after` in a [packed](Decision::packed) answer.
const PACKED_RESET_BITS: u32 = 22;
/// A packed answer holds `remaining` below 2^30, so it stays below 2^52: exact in a double
/// (JS, Lua) and a positive integer in a Redis reply.
const PACKED_REMAINING_LIMIT: u64 = 1 << 30;
/// Latest accepted `now`: the year 2255, below 2^53 microseconds (exact in a double).
const MAX_NOW_MICROS: u64 = 9_000_000_000_000_000;
/// Longest accepted tolerance (`period / limit * burst`): about 28 years, so that a TAT stays
/// exact in a double (below 2^53) until [`MAX_NOW_MICROS`].
const MAX_TOLERANCE_MICROS: u64 = 900_000_000_000_000;

fn invalid(reason: String) -> Error {
    Error::RateLimitInvalidOptions { reason }
}

/// A whole number in `1..=max` from a JS or Python number, or the error naming `option`.
fn whole(option: &str, value: f64, min: u64, max: u64) -> Result<u64, Error> {
    #[allow(clippy::cast_precision_loss)]
    let in_range =
        value.is_finite() && value.fract() == 0.0 && value >= min as f64 && value <= max as f64;
    if !in_range {
        return Err(invalid(format!(
            "`{option}` must be a whole number from {min} to {max}, got {value}"
        )));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(value as u64)
}

/// Seconds since the Unix epoch (a JS or Python number, fractions allowed) as microseconds.
pub fn micros_from_seconds(now: f64) -> Result<u64, Error> {
    #[allow(clippy::cast_precision_loss)]
    let max = MAX_NOW_MICROS as f64 / 1e6;
    if !(now.is_finite() && (0.0..=max).contains(&now)) {
        return Err(invalid(format!(
            "`now` must be a time in Unix seconds between 0 and {max}, got {now}"
        )));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok((now * 1e6).round() as u64)
}

/// Time since the Unix epoch, as a binding's system clock gives it, as microseconds; the
/// same range as [`micros_from_seconds`] (a clock before 1970 is the caller's error).
pub fn micros_from_duration(since_epoch: core::time::Duration) -> Result<u64, Error> {
    u64::try_from(since_epoch.as_micros())
        .ok()
        .filter(|micros| *micros <= MAX_NOW_MICROS)
        .ok_or_else(|| {
            invalid(format!(
                "the clock must read a time between 0 and {MAX_NOW_MICROS} µs after 1970, \
                 got {} s",
                since_epoch.as_secs()
            ))
        })
}

/// The cost of one check from a JS or Python number: a whole number from 0 (a peek that
/// changes nothing) to [`MAX_COST`].
pub fn cost_from_f64(cost: f64) -> Result<u64, Error> {
    whole("cost", cost, 0, MAX_COST)
}

/// Microseconds rounded up to whole seconds (a client told to retry after a rounded-down time
/// would retry too early).
fn ceil_seconds(micros: u64) -> u64 {
    micros.div_ceil(MICROS)
}

/// The parameters of one limit: `limit` requests per `period`, at most `burst` at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gcra {
    limit: u64,
    period_micros: u64,
    burst: u64,
    /// The time one unit of cost occupies: `period / limit`.
    emission_micros: u64,
    /// How far ahead of now the TAT may run: `emission * burst`.
    tolerance_micros: u64,
}

/// The outcome of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Whether the request is allowed (its cost was taken from the budget).
    pub allowed: bool,
    /// The most that can be spent at once: the burst.
    pub limit: u64,
    /// What could still be spent right now after this check.
    pub remaining: u64,
    /// When denied: how long until the same request would be allowed. `None` when allowed,
    /// or when the cost exceeds the burst (it can never be allowed).
    pub retry_after_micros: Option<u64>,
    /// How long until the budget is full again (the key's state can be dropped then).
    pub reset_after_micros: u64,
    /// The state to store when it changed (an allowed check with a cost); `None` otherwise.
    pub new_tat: Option<u64>,
}

impl Decision {
    /// `Retry-After` in whole seconds, rounded up: 0 when allowed, `None` when never.
    pub fn retry_after_seconds(&self) -> Option<u64> {
        if self.allowed {
            return Some(0);
        }
        self.retry_after_micros.map(ceil_seconds)
    }

    /// Seconds until the budget is full again, rounded up.
    pub fn reset_after_seconds(&self) -> u64 {
        ceil_seconds(self.reset_after_micros)
    }

    /// An allowed decision in one whole number, `remaining * 2^22 + reset_after_seconds`,
    /// when it fits (`remaining < 2^30`, `reset_after < 2^22` seconds); `None` otherwise. The
    /// limit is the GCRA's burst and an allowed check has no retry time, so nothing is lost:
    /// [`Gcra::unpack`] gives the decision back. The common answer of the in-memory check
    /// across Node-API and of the Redis script, because one number is the cheapest value to
    /// return there (an array of five costs more than the decision).
    pub fn packed(&self) -> Option<u64> {
        let reset = self.reset_after_seconds();
        (self.allowed && self.remaining < PACKED_REMAINING_LIMIT && reset < 1 << PACKED_RESET_BITS)
            .then_some((self.remaining << PACKED_RESET_BITS) | reset)
    }

    /// The decision a store's `CL.THROTTLE` reply stands for (see
    /// [`Decision::cl_throttle_reply`]); a missing or negative field reads as 0, a
    /// negative retry as none. `new_tat` is `None`: the store keeps the state.
    pub fn from_cl_throttle_reply(reply: &[i64]) -> Decision {
        let field = |i: usize| {
            reply
                .get(i)
                .and_then(|n| u64::try_from(*n).ok())
                .unwrap_or(0)
        };
        let retry = reply.get(3).and_then(|n| u64::try_from(*n).ok());
        Decision {
            allowed: reply.first() == Some(&0),
            limit: field(1),
            remaining: field(2),
            retry_after_micros: retry.map(|s| s.saturating_mul(MICROS)),
            reset_after_micros: field(4).saturating_mul(MICROS),
            new_tat: None,
        }
    }

    /// The reply `CL.THROTTLE` gives for this decision: `[limited, limit, remaining,
    /// retry_after (-1 when allowed or never), reset_after]`, times in whole seconds rounded up.
    pub fn cl_throttle_reply(&self) -> [i64; 5] {
        let int = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        let retry = match (self.allowed, self.retry_after_micros) {
            (false, Some(micros)) => int(ceil_seconds(micros)),
            _ => -1,
        };
        [
            i64::from(!self.allowed),
            int(self.limit),
            int(self.remaining),
            retry,
            int(self.reset_after_seconds()),
        ]
    }
}

impl Gcra {
    /// `limit` requests per `period_seconds`, at most `burst` at once (default: `limit`).
    /// Numbers as JS and Python give them; each must be a whole number in range
    /// (`RATE_LIMIT_INVALID_OPTIONS` otherwise).
    pub fn new(limit: f64, period_seconds: f64, burst: Option<f64>) -> Result<Gcra, Error> {
        let limit = whole("limit", limit, 1, MAX_LIMIT)?;
        #[allow(clippy::cast_precision_loss)]
        let max_period = MAX_PERIOD_SECONDS as f64;
        if !(period_seconds.is_finite() && period_seconds > 0.0 && period_seconds <= max_period) {
            return Err(invalid(format!(
                "`periodSeconds` must be a number of seconds above 0 and at most \
                 {MAX_PERIOD_SECONDS}, got {period_seconds}"
            )));
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let period_micros = (period_seconds * 1e6).round() as u64;
        let burst = match burst {
            None => limit,
            Some(b) => whole("burst", b, 1, MAX_BURST)?,
        };
        // Integer division: the divisor is at least 1 (checked above).
        let emission_micros = period_micros / limit;
        if emission_micros == 0 {
            return Err(invalid(format!(
                "`limit` of {limit} per {period_seconds} s is more than one request per \
                 microsecond: use a longer period or a smaller limit"
            )));
        }
        // The tolerance must be exact in a double (the Lua and JS stores compute with them)
        // and never saturate (a saturated tolerance would allow everything).
        let tolerance_micros = emission_micros
            .checked_mul(burst)
            .filter(|t| *t <= MAX_TOLERANCE_MICROS)
            .ok_or_else(|| {
                invalid(format!(
                    "`burst` of {burst} at one request per {emission_micros} µs spans more than \
                     {} years: use a smaller burst or a shorter period",
                    MAX_TOLERANCE_MICROS / (MICROS * 3600 * 24 * 366)
                ))
            })?;
        Ok(Gcra {
            limit,
            period_micros,
            burst,
            emission_micros,
            tolerance_micros,
        })
    }

    /// Requests per period, as configured.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The period in microseconds.
    pub fn period_micros(&self) -> u64 {
        self.period_micros
    }

    /// The most that can be spent at once.
    pub fn burst(&self) -> u64 {
        self.burst
    }

    /// The time one unit of cost occupies, in microseconds (`period / limit`).
    pub fn emission_micros(&self) -> u64 {
        self.emission_micros
    }

    /// How far the TAT may run ahead of now, in microseconds (`emission * burst`).
    pub fn tolerance_micros(&self) -> u64 {
        self.tolerance_micros
    }

    /// The decision for a check of `cost` at `now` (microseconds since the epoch) against
    /// the stored `tat` (`None` for a fresh key).
    ///
    /// A stored TAT before `now` counts as `now`: the budget is full and no more (redis-cell
    /// would report a negative reset time and more than the burst as remaining for a request
    /// larger than the burst after a long idle time; nothing else differs).
    pub fn decide(&self, tat: Option<u64>, now: u64, cost: u64) -> Decision {
        let tat = tat.map_or(now, |t| t.max(now));
        let increment = self.emission_micros.saturating_mul(cost);
        let new_tat = tat.saturating_add(increment);
        let allow_at = new_tat.saturating_sub(self.tolerance_micros);
        let allowed = new_tat.saturating_sub(now) <= self.tolerance_micros;
        let (ttl, retry_after_micros, stored) = if allowed {
            (
                new_tat - now.min(new_tat),
                None,
                (cost > 0).then_some(new_tat),
            )
        } else {
            let retry = (increment <= self.tolerance_micros).then(|| allow_at.saturating_sub(now));
            (tat - now.min(tat), retry, None)
        };
        // Integer division by a constant at least 1 (checked at construction).
        let remaining = self.tolerance_micros.saturating_sub(ttl) / self.emission_micros;
        Decision {
            allowed,
            limit: self.burst,
            remaining,
            retry_after_micros,
            reset_after_micros: ttl,
            new_tat: stored,
        }
    }

    /// The allowed decision of a [packed](Decision::packed) answer; `None` when `packed` is
    /// not one (2^52 or more), which a caller treats as a store's nonsense answer.
    pub fn unpack(&self, packed: u64) -> Option<Decision> {
        let reset = packed & ((1 << PACKED_RESET_BITS) - 1);
        let remaining = packed >> PACKED_RESET_BITS;
        (remaining < PACKED_REMAINING_LIMIT).then_some(Decision {
            allowed: true,
            limit: self.burst,
            remaining,
            retry_after_micros: None,
            reset_after_micros: reset * MICROS,
            new_tat: None,
        })
    }

    /// The decision when the store could not be asked (down, timed out, or answered nonsense):
    /// with `allow` (`onStoreError: "allow"`) the request passes with the whole budget shown;
    /// otherwise (the default, fail closed) it is denied with a retry after one second.
    pub fn store_failed(&self, allow: bool) -> Decision {
        Decision {
            allowed: allow,
            limit: self.burst,
            remaining: if allow { self.burst } else { 0 },
            retry_after_micros: (!allow).then_some(MICROS),
            reset_after_micros: 0,
            new_tat: None,
        }
    }

    /// The IETF `RateLimit-Policy` field for this limit, named `policy`:
    /// `"<policy>";q=<limit>;w=<period seconds, rounded up>`.
    pub fn policy_header(&self, policy: &str) -> String {
        format!(
            "\"{}\";q={};w={}",
            quoted_string_body(policy),
            self.limit,
            ceil_seconds(self.period_micros)
        )
    }

    /// The response fields for `decision`, as `(name, value)` pairs: `RateLimit-Policy`,
    /// `RateLimit` (`"<policy>";r=<remaining>;t=<seconds until full>`), and `Retry-After`
    /// when the request was denied and can be retried.
    pub fn headers(&self, decision: &Decision, policy: &str) -> Vec<(&'static str, String)> {
        let mut fields = vec![
            ("RateLimit-Policy", self.policy_header(policy)),
            (
                "RateLimit",
                format!(
                    "\"{}\";r={};t={}",
                    quoted_string_body(policy),
                    decision.remaining,
                    decision.reset_after_seconds()
                ),
            ),
        ];
        if !decision.allowed
            && let Some(seconds) = decision.retry_after_seconds()
        {
            fields.push(("Retry-After", seconds.to_string()));
        }
        fields
    }
}

/// A policy name as the body of a structured-field string: printable ASCII, `"` and `\`
/// escaped; anything else dropped (a header value must not carry control characters).
fn quoted_string_body(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().filter(|c| (' '..='~').contains(c)).take(64) {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::cast_precision_loss)]
mod tests {
    use super::*;

    #[test]
    fn packed_and_reply_forms_give_the_decision_back() {
        let gcra = Gcra::new(10.0, 60.0, Some(5.0)).unwrap();
        let start = 1_700_000_000_000_000;
        let mut tat = None;
        let mut packed_seen = 0;
        for (step, cost) in [1, 1, 3, 0, 1, 9, 1, 1, 2, 1, 1].into_iter().enumerate() {
            let now = start + step as u64 * 700_000;
            let decision = gcra.decide(tat, now, cost);
            tat = decision.new_tat.or(tat);
            let reply = decision.cl_throttle_reply();
            // The reply form: the same reply again.
            assert_eq!(
                Decision::from_cl_throttle_reply(&reply).cl_throttle_reply(),
                reply
            );
            // The packed form: only for allowed decisions, and the same reply again.
            match decision.packed() {
                Some(packed) => {
                    packed_seen += 1;
                    assert!(decision.allowed);
                    assert!(packed < 1 << 52);
                    let back = gcra.unpack(packed).unwrap();
                    assert_eq!(back.cl_throttle_reply(), reply, "step {step}");
                }
                None => assert!(!decision.allowed, "step {step}"),
            }
        }
        assert!(packed_seen >= 5);
    }

    #[test]
    fn packing_refuses_what_does_not_fit() {
        let gcra = Gcra::new(1.0, 60.0, None).unwrap();
        let mut decision = gcra.decide(None, 1_000_000, 1);
        decision.remaining = 1 << 30;
        assert_eq!(decision.packed(), None);
        decision.remaining = 0;
        decision.reset_after_micros = (1 << 22) * MICROS;
        assert_eq!(decision.packed(), None);
        assert!(gcra.unpack((1 << 52) - 1).is_some());
        assert!(gcra.unpack(1 << 52).is_none());
        assert!(gcra.unpack(u64::MAX).is_none());
        // A short or negative reply never reads as allowed with a budget it does not state.
        let empty = Decision::from_cl_throttle_reply(&[]);
        assert!(!empty.allowed);
        assert_eq!(empty.remaining, 0);
        let negative = Decision::from_cl_throttle_reply(&[0, -5, -1, -1, -3]);
        assert_eq!(
            (
                negative.limit,
                negative.remaining,
                negative.reset_after_micros
            ),
            (0, 0, 0)
        );
        assert_eq!(negative.retry_after_micros, None);
    }

    #[test]
    fn options_are_checked() {
        for (limit, period, burst) in [
            (0.0, 60.0, None),
            (1.5, 60.0, None),
            (f64::NAN, 60.0, None),
            (10.0, 0.0, None),
            (10.0, -1.0, None),
            (10.0, f64::INFINITY, None),
            (10.0, 60.0, Some(0.0)),
            (10.0, 60.0, Some(2.5)),
            (2_000_000.0, 1.0, None),
        ] {
            let error = Gcra::new(limit, period, burst).err();
            assert_eq!(
                error.map(|e| e.code().as_str()),
                Some("RATE_LIMIT_INVALID_OPTIONS"),
                "{limit} {period} {burst:?}"
            );
        }
        assert!(Gcra::new(100.0, 60.0, None).is_ok());
        assert!(micros_from_seconds(f64::NAN).is_err());
        assert!(micros_from_seconds(-1.0).is_err());
        let second = core::time::Duration::from_secs(1);
        assert_eq!(
            micros_from_duration(second * 1_700_000_000).ok(),
            Some(1_700_000_000_000_000)
        );
        assert_eq!(
            micros_from_duration(core::time::Duration::from_micros(MAX_NOW_MICROS)).ok(),
            Some(MAX_NOW_MICROS)
        );
        assert!(
            micros_from_duration(core::time::Duration::from_micros(MAX_NOW_MICROS + 1)).is_err()
        );
        assert!(micros_from_duration(core::time::Duration::MAX).is_err());
        assert!(cost_from_f64(-1.0).is_err());
        assert!(cost_from_f64(0.5).is_err());
    }

    #[test]
    fn a_huge_cost_saturates_and_is_denied_for_ever() {
        // A tolerance that would saturate is refused at construction (it would allow all).
        assert!(Gcra::new(1.0, MAX_PERIOD_SECONDS as f64, Some(MAX_BURST as f64)).is_err());
        let gcra = Gcra::new(1.0, MAX_PERIOD_SECONDS as f64, Some(28.0)).unwrap();
        for tat in [None, Some(MAX_NOW_MICROS), Some(u64::MAX)] {
            let d = gcra.decide(tat, MAX_NOW_MICROS, MAX_COST);
            assert!(!d.allowed);
            assert_eq!(d.new_tat, None);
            assert_eq!(d.retry_after_seconds(), None);
        }
    }

    #[test]
    fn headers_escape_the_policy_name() {
        let gcra = Gcra::new(100.0, 60.0, None).unwrap();
        let d = gcra.decide(None, 1_000_000, 1);
        let fields = gcra.headers(&d, "we\"b\nhook");
        assert_eq!(
            fields,
            vec![
                ("RateLimit-Policy", "\"we\\\"bhook\";q=100;w=60".to_owned()),
                ("RateLimit", "\"we\\\"bhook\";r=99;t=1".to_owned()),
            ]
        );
    }
}
